/* checklist enhancement: written with its issue. */
"use strict";
