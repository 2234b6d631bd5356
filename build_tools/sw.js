/* The service worker: after the first visit, every page and asset of this build is kept,
   so the whole site and all its tools work with no connection.

   build_tools/publish.py writes it into the built site as sw.js, with BUILD filled in:
   {version, files: {path relative to the site root: first 16 hex digits of its SHA-256}}.

   - One cache per build and site address ("ati " + scope + " " + version). It is filled on
     install, each file checked against its hash, so a cache never holds two builds' files
     (a host half-way through a deploy fails the check; the old build stays until the next
     visit). On activate, the caches of this address's earlier builds are deleted; other
     caches, and localStorage, where the user's interviews are, are never touched.
   - Requests for this site's own files are answered from that cache; a file the build does
     not have goes to the network and is not kept. Other origins are never handled or kept.
     A page not in the cache, offline, gets the site's 404 page.
   - A new build's worker, once it has every file, waits until a page of the old build asks
     it to take over (the registration in overrides/partials/javascripts/base.html asks at
     once); then every open page reloads, so none goes on with the old build's scripts.
     What the user types is saved as they type, so the reload loses nothing. */
"use strict";
const BUILD = {/* BUILD */};
const ROOT = new URL("./", self.location.href);
const PREFIX = "ati " + ROOT.pathname + " ";
const CACHE = PREFIX + BUILD.version;

async function digest(response) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer()));
  return Array.from(bytes.slice(0, 8), b => b.toString(16).padStart(2, "0")).join("");
}

async function keep(cache, path, hash) {
  const url = new URL(path, ROOT).href;
  // no-cache: asks the host each time (a 304 is fine), never the browser's stale copy.
  const response = await fetch(url, {cache: "no-cache", credentials: "same-origin"});
  if (!response.ok) throw new Error(path + ": " + response.status);
  if (await digest(response) !== hash) throw new Error(path + ": not this build's file");
  // A redirected response cannot answer a page load; keep its body and headers only.
  await cache.put(url, response.redirected
    ? new Response(await response.blob(), {status: response.status, headers: response.headers})
    : response);
}

self.addEventListener("install", event => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      const files = Object.entries(BUILD.files);
      for (let i = 0; i < files.length; i += 6)  // six at a time, as a browser loads a page
        await Promise.all(files.slice(i, i + 6).map(([path, hash]) => keep(cache, path, hash)));
    } catch (error) {
      await caches.delete(CACHE);  // never a half-filled cache; try again on the next visit
      throw error;
    }
  })());
});

self.addEventListener("activate", event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys())
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    await self.clients.claim();  // the first visit's page can go offline at once
  })());
});

self.addEventListener("message", event => {
  if (event.data === "activate") self.skipWaiting();
});

async function answer(request) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  url.hash = "";
  const found = await cache.match(url.href, {ignoreSearch: true})
    || (request.mode === "navigate" && !url.pathname.endsWith("/")
        && await cache.match(url.href.split("?")[0] + "/"));
  if (found) return found;
  try {
    return await fetch(request);
  } catch (error) {
    const missing = request.mode === "navigate" && await cache.match(new URL("404.html", ROOT).href);
    if (missing) return new Response(missing.body, {status: 404, headers: missing.headers});
    throw error;
  }
}

self.addEventListener("fetch", event => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(ROOT.href)) return;  // not ours: the browser's
  event.respondWith(answer(request));
});
