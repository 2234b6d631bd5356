/* The service worker of a build made with `extra.offline: false` (build_tools/publish.py):
   its pages register none, and a phone that kept an earlier build through the full worker
   (build_tools/sw.js) gets this one at its next visit. It deletes that build's cache and
   unregisters itself, so the site loads from the host again. localStorage, where the
   user's interviews are, is never touched. */
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
