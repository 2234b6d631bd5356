/* templates enhancement: written with its issue. */
"use strict";
