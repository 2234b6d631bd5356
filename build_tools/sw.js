/* The service worker: after the first visit, every page and asset of this build is kept,
   so the whole site and all its tools work with no connection.

   build_tools/publish.py writes it into the built site as sw.js, with BUILD filled in:
   {version, files: {path relative to the site root: first 16 hex digits of its SHA-256}}.

   - One cache per build and site address ("ati " + scope + " " + version; the version is
     a hash of the files and of this script). It is filled on install, each file checked
     against its hash, so a cache never holds two builds' files (a host half-way through a
     deploy fails the check; the old build stays, and the next visit tries again). A file
     an earlier build kept with the same hash is copied, not downloaded again. On
     activate, the caches of this address's earlier builds are deleted; other caches, and
     localStorage, where the user's interviews are, are never touched.
   - Requests for this site's own files are answered from that cache; a page asked for
     without its final slash is redirected to it, as a host would. A file the build does
     not have goes to the network and is not kept (and a page found there asks the host
     for a newer worker). Other origins are never handled or kept. A page not in the
     cache, offline, gets the site's 404 page.
   - A new build's worker, once it has every file, waits. A page of the old build asks it
     to take over (the registration in the head script, build_tools/inline/head.js) only
     while nobody has touched that page yet; the worker agrees only if that page is the
     site's one open tab, and the page then reloads into the new build. So no tab is reloaded
     under the user's hands (an Undo or an import waiting on Your interviews stays), and
     no tab goes on with one build's scripts and the other's files. */
"use strict";
const BUILD = {/* BUILD */};
const ROOT = new URL("./", self.location.href);
const PREFIX = "ati " + ROOT.pathname + " ";
const CACHE = PREFIX + BUILD.version;

async function digest(response) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer()));
  return Array.from(bytes.slice(0, 8), b => b.toString(16).padStart(2, "0")).join("");
}

async function kept_before(url, hash) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const found = await (await caches.open(name)).match(url);
    if (found && await digest(found) === hash) return found;
  }
  return null;
}

async function keep(cache, path, hash) {
  const url = new URL(path, ROOT).href;
  let response = await kept_before(url, hash);
  if (!response) {
    // no-cache: asks the host each time (a 304 is fine), never the browser's stale copy.
    response = await fetch(url, {cache: "no-cache", credentials: "same-origin"});
    if (!response.ok) throw new Error(path + ": " + response.status);
    if (await digest(response) !== hash) throw new Error(path + ": not this build's file");
    // A redirected response cannot answer a page load; keep its body and headers only.
    if (response.redirected)
      response = new Response(await response.blob(), {status: response.status, headers: response.headers});
  }
  await cache.put(url, response);
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
  if (event.data !== "take over") return;
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({type: "window", includeUncontrolled: true});
    if (open.length <= 1) await self.skipWaiting();  // other tabs open: wait for a later visit
  })());
});

async function answer(request) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  url.hash = "";
  const found = await cache.match(url.href, {ignoreSearch: true});
  if (found) return found;
  const page = request.mode === "navigate";
  if (page && !url.pathname.endsWith("/")) {
    const folder = new URL(url.pathname + "/" + url.search, url);
    if (await cache.match(folder.href, {ignoreSearch: true})) return Response.redirect(folder.href, 301);
  }
  try {
    const response = await fetch(request);
    if (page && response.ok) self.registration.update().catch(() => {});  // a newer build?
    return response;
  } catch (error) {
    const missing = page && await cache.match(new URL("404.html", ROOT).href);
    if (missing) return new Response(missing.body, {status: 404, headers: missing.headers});
    throw error;
  }
}

self.addEventListener("fetch", event => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(ROOT.href)) return;  // not ours: the browser's
  event.respondWith(answer(request));
});
