/* The service worker that removes itself. `./dev build` replaces it with the full worker
   (build_tools/sw.js, written by build_tools/publish.py) unless the build is made with
   `extra.offline: false` / --no-offline; `./dev serve` and a Zensical build without
   `./dev publish` serve this one as it is. Its pages register no worker, but a browser
   that kept an earlier build at this address checks for a new worker at its next visit,
   gets this one, and it deletes that build's cache and unregisters itself, so the pages
   come from the host (or serve) again. localStorage, where the user's interviews are, is
   never touched. */
"use strict";
const PREFIX = "ati " + new URL("./", self.location.href).pathname + " ";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys())
      if (name.startsWith(PREFIX)) await caches.delete(name);
    await self.registration.unregister();
  })());
});
