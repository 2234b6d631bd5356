// The first script of every page, inline in its <head>, in place of Material's partial
// partials/javascripts/base.html. `build_tools render` minifies this file (terser) into
// overrides/partials/javascripts/base.html, a generated file: edit this one, never that.
// The build allows the minified text in the Content-Security-Policy by the hash of the
// bytes the built pages carry (build_tools/publish.py), so nothing is pasted by hand.
//
// A classic script, not a module: the four __md_* names below are globals that Material's
// bundle (and our palette script) call. Terser keeps top-level names as they are.

// ---- Before the first paint: the classes Material's bundle would set when it starts.
//
// Material's stylesheet has `table:not([class])` rules, so in Chrome any class change on
// <html> restyles the whole page. Set here, that work is part of the first paint instead of
// a long task after it, and the bundle's own change is then no change. site.css keys on the
// same `js` class to show the controls our scripts will run (they carry `hidden data-js`)
// from the start, instead of the page jumping when the scripts un-hide them.
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js", "js-focus-visible");

// ---- Material's globals: where the site's root is, and its localStorage helpers.
//
// Material writes the page's base path into its own version of this script, so the text
// changed with the page's depth, and each depth needed a hash of its own in the policy.
// Here the site root comes from the address of the first stylesheet (Material's, under
// assets/stylesheets/), so the text is the same on every page and one hash allows it.
var __md_scope = new URL("../..", document.querySelector('link[rel="stylesheet"]').href);

var __md_hash = text => [...text].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0);

// Material's __md_get threw when localStorage is blocked (a privacy setting, some embedded
// browsers): reading the storage itself throws there. Here it returns null, as for a key
// never saved, and __md_set saves nothing.
var __md_get = (key, storage, scope = __md_scope) => {
  try {
    return JSON.parse((storage || localStorage).getItem(scope.pathname + "." + key));
  } catch (error) {
    return null;
  }
};

var __md_set = (key, value, storage, scope = __md_scope) => {
  try {
    (storage || localStorage).setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (error) {
    // blocked or full: the choice lasts for this page only
  }
};

// ---- The service worker (build_tools/sw.js): registered after the page has loaded.
//
// main.html names the worker in <meta name="ati-offline"> only in a published build that
// keeps the site offline: not under serve, nor in a build with `extra.offline: false`.
//
// When a newer build's worker has every file (waiting, or as soon as its download ends), a
// page that a worker served asks it to take over, but only while nobody has touched the
// page (no pointer, key or input yet). The worker agrees only if this is the site's one
// open tab; the page then reloads into the new build (controllerchange after asking). So no
// page is reloaded under the user's hands, and none goes on with one build's scripts
// against the other's files. The first visit's page has no worker and never asks.
//
// Each page load with no new build waiting asks the host for the worker again
// (registration.update(); a worker's script never comes from the HTTP cache): Chrome's own
// check at a navigation is put off while the worker is busy, and could miss a new build.
// With one waiting, an update would download that build again, so none is asked for then.
(function (workers, named) {
  if (!workers || !named) return;
  const servedByAWorker = !!workers.controller;
  let asked = false, touched = false;
  ["pointerdown", "keydown", "input"].forEach(type =>
    addEventListener(type, () => { touched = true; }, {capture: true, once: true}));

  function askToTakeOver(worker) {
    if (!worker) return;
    if (worker.state === "installed") {
      if (servedByAWorker && !touched) {
        asked = true;
        worker.postMessage("take over");
      }
    } else if (worker.state === "installing") {
      worker.addEventListener("statechange", () => askToTakeOver(worker), {once: true});
    }
  }

  workers.addEventListener("controllerchange", () => { if (asked) location.reload(); });
  addEventListener("load", () => workers.register(new URL(named.content, __md_scope)).then(registration => {
    if (!servedByAWorker) return;
    askToTakeOver(registration.waiting);
    askToTakeOver(registration.installing);
    registration.addEventListener("updatefound", () => askToTakeOver(registration.installing));
    if (!registration.waiting) registration.update().catch(() => {});
  }, () => {}));
})(navigator.serviceWorker, document.querySelector('meta[name="ati-offline"]'));

// ---- Links to a section of another page land on that section.
//
// Material's instant navigation swaps the new page in and then scrolls to the fragment,
// but on a busy phone its scroll can run before the new page is laid out, or not at all,
// and leave the reader thousands of pixels away (often where the old page was scrolled).
// So a click on such a link is noted, and once Material has swapped the new page in
// (document$), within ten seconds, the section is scrolled to the top again over the next
// second and a half whenever it has drifted, as a full page load would place it, until the
// reader scrolls, taps or types, or the next page is swapped in (Back included).
//
// A click on no link (such as Material closing its search on a phone) leaves the note as it
// is. Links that open elsewhere (a target, a download, a modifier key) are not noted. The
// address keeps the link's fragment when it names a section. Material's navigation.tracking, which rewrites the
// fragment as the page scrolls, is off in mkdocs.yml: it wrote the old page's section onto
// the new address.
(function () {
  const WITHIN_MS = 10000;  // from the click (or the fresh load) to the swap, and to a tool's last ATI.land()
  const LAID_OUT_NEAR_THE_SCREEN = ".ati-step, .ati-template, .ati-rule, .ati-difference";  // site.css
  const CHECKS_MS = [0, 50, 100, 200, 350, 500, 750, 1000, 1500];  // after the swap
  // A page opened fresh at a section (a shared link, a bookmark, a calendar event's link)
  // is treated as one clicked to: the browser's own scroll to it counts the blocks above it
  // at their stand-in heights (content-visibility, site.css), and WebKit and Firefox do not
  // hold the section in place as those blocks get their real heights.
  let noted = location.hash.length > 1
    ? {path: location.pathname, hash: location.hash, id: location.hash.slice(1), time: Date.now()}
    : null;  // the clicked link: {path, hash, id, time}
  let readerMoved = false;
  let swaps = 0;  // pages swapped in so far; a later swap ends an earlier one's checks
  let landing = null;  // the section being landed on: {id, swap, until}

  const moved = () => { readerMoved = true; };
  const decoded = text => {
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return text;
    }
  };
  const sectionOf = id => document.getElementById(id) || document.getElementById(decoded(id));
  // A section that moved to another page (the panel's notes did): this page links it there,
  // and an old link or bookmark is sent on to it.
  const movedTo = hash => !sectionOf(hash.slice(1)) && [...document.querySelectorAll(".ati-see a[href*='#']")]
    .find(a => a.hash === hash && a.pathname !== location.pathname);
  // The same for an old link followed on the page itself (only the address's fragment changes).
  addEventListener("hashchange", () => {
    const there = location.hash.length > 1 && movedTo(location.hash);
    if (there) location.replace(there.href);
  });

  addEventListener("click", event => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link) return;
    if (event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey
        || link.hasAttribute("download") || (link.target && link.target !== "_self")) {
      noted = null;
      return;
    }
    const url = new URL(link.href, location.href);
    noted = url.origin === location.origin && url.pathname !== location.pathname && url.hash.length > 1
      ? {path: url.pathname, hash: url.hash, id: url.hash.slice(1), time: Date.now()}
      : null;
  }, true);

  addEventListener("DOMContentLoaded", () => {
    if (!window.document$) return;  // Material's bundle did not start
    document$.subscribe(() => {
      const link = noted, swap = ++swaps;
      noted = null;
      if (!link || location.pathname !== link.path || Date.now() - link.time > WITHIN_MS) return;
      const there = movedTo(link.hash);
      if (there) return location.replace(there.href);
      // Put back in the address if instant navigation lost it, but only a section's: a
      // fragment naming no element is no section (#ati=…, a link that carries interviews
      // from another device, which Your interviews takes out of the address bar for good).
      if (location.hash !== link.hash && sectionOf(link.id)) {
        history.replaceState(history.state, "", link.hash);
      }
      landing = {id: link.id, swap, until: link.time + WITHIN_MS};
      readerMoved = false;
      ["wheel", "touchstart", "keydown", "pointerdown"].forEach(type =>
        addEventListener(type, moved, {capture: true, once: true, passive: true}));
      CHECKS_MS.forEach(delay => setTimeout(() => {
        const section = sectionOf(link.id);
        if (readerMoved || swap !== swaps || !section) return;
        // The blocks down to the section are laid out for real (class ati-laid, site.css), so
        // the place it is scrolled to is its place for good.
        if (!delay) {
          document.querySelectorAll(LAID_OUT_NEAR_THE_SCREEN).forEach(block => {
            if (block.compareDocumentPosition(section) & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY)) {
              block.classList.add("ati-laid");
            }
          });
        }
        const margin = parseFloat(getComputedStyle(section).scrollMarginTop);
        const top = section.getBoundingClientRect().top;
        // Off its place by more than a few pixels. With the page scrolled to its end, a
        // section lower than its place can get no higher: it is moved only if it is above.
        const atTheEnd = innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
        if (Math.abs(top - margin) > 4 && (!atTheEnd || top < margin)) section.scrollIntoView();
      }, delay));
    });
  });

  // A tool that changes the page above the section as it starts (a form folds, a step moves
  // into the plan) calls this after the change (ATI.land()): the same landing, while it lasts.
  window.atiLand = () => {
    const section = landing && !readerMoved && landing.swap === swaps && Date.now() < landing.until
      && sectionOf(landing.id);
    if (section) section.scrollIntoView();
  };
})();
