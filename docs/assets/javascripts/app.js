/* The store every tool shares (served inside ati.js, after the pure core it uses): it keeps
   the saved record in one localStorage key, changes it (re-reading storage first, so two
   tabs never undo each other) and tells each tool's view; ati-v1.js moves in what the first
   version saved. Also dates in English words, files (export, download), messages and
   start-up: every [data-module] root starts once, in its own try/catch, on each page
   Material shows.
   build_tools/templates/CONTRACT.md lists the data attributes; build_tools/
   saved-data.schema.json is the record's shape. Nothing is sent anywhere. */
"use strict";
(() => {
  // Material runs the page's scripts again after instant navigation: start the new page only.
  if (window.ATI) return window.ATI.start();
  // The site's root, from this script's own address (assets/javascripts/ati.js).
  const ROOT = new URL("../../", document.currentScript ? document.currentScript.src : location.href);
  const KEY = "ati:interviews", BROKEN = "ati:interviews:unreadable", TAB = "ati:current";
  const V1 = { checklists: "ati:checklists:v1", fields: "ati:fields:v1", planner: "ati:planner:v1" };
  const FORMAT = "after-the-interview", V1_FORMAT = "after-the-interview-progress";
  // The record's shape, cleaning and migration are core/record.js's (its merge, core/merge.js's);
  // the plan, core/plan.js's.
  const R = window.atiCore.record, P = window.atiCore.plan;
  const { VERSION, LIMITS, isObj, newId, now, fresh, clean, blank, filled, hasData, label } = R;
  const FULL = "That is as many interviews as this site keeps (100). Remove one you no longer follow first.";
  const logEntry = (text, o = {}) => R.logEntry(text, { ...o, date: o.date || today() });

  // What the first version saved becomes one record in ati-v1.js, which loads only where a
  // browser still holds such a save (or an old export file is imported).
  const fromV1 = get => window.atiV1 ? window.atiV1(get, { ...R, V1 }) : null;
  // One of our scripts, loaded when first asked for (once; again after a failure).
  const loading = {};
  const load = name => loading[name] || (loading[name] = new Promise((done, fail) => {
    const js = document.createElement("script");
    js.src = new URL(`assets/javascripts/${name}`, ROOT).href;
    js.onload = done;
    js.onerror = () => { delete loading[name]; js.remove(); fail(); };
    document.head.append(js);
  }));
  let v1failed = false;
  const loadV1 = () => window.atiV1 ? Promise.resolve() : load("ati-v1.js").catch(e => { v1failed = true; throw e; });
  // An old save is waiting to be moved in: none of the record yet, and a key of version 1.
  const oldSave = () => store.getItem(KEY) === null && Object.values(V1).some(k => store.getItem(k) !== null);

  // ------------------------------------------------------------------ storage
  // known: the text in storage that `state` was read from or written as (null when state
  // came from anywhere else). While storage holds exactly that text, a change reuses
  // `state` instead of parsing and cleaning the whole record again.
  let store = null, ok = true, problem = "", state = null, persisted = null, known = null;
  try { store = window.localStorage; store.getItem(KEY); } catch (e) { ok = false; problem = "blocked"; }
  const get = k => { try { return JSON.parse(store.getItem(k)); } catch (e) { return null; } };
  // Each interview's JSON as last serialized, by object: change() serializes every interview
  // once to see what its fn changed, and the record's text is put together from these, so
  // nothing is serialized twice. An interview a change replaced is a new object.
  const texts = new WeakMap();
  const textOf = i => { let s = texts.get(i); if (s === undefined) texts.set(i, s = JSON.stringify(i)); return s; };
  function write(r) {
    if (!ok) return false;
    try {
      // A key can only be matched as a key: inside a string its quotes would be escaped.
      const head = JSON.stringify({ ...r, interviews: 0 }), at = head.indexOf('"interviews":0');
      const text = head.slice(0, at) + '"interviews":[' + r.interviews.map(textOf).join(",") + "]" + head.slice(at + 14);
      store.setItem(KEY, text);
      known = text;
      return true;
    } catch (e) { ok = false; problem = "full"; return false; }
  }
  // The record as storage holds it now (another tab may have changed it). Unreadable text
  // is kept under another key before anything replaces it.
  function read() {
    if (!ok) return state || fresh();
    let text = null;
    try { text = store.getItem(KEY); } catch (e) { ok = false; problem = "blocked"; return state || fresh(); }
    if (text === null) {
      known = null;
      if (!window.atiV1 && oldSave()) {
        // An old save to move in, and its code did not load: write nothing until it has.
        ok = false;
        problem = "moving";
        return state || fresh();
      }
      const moved = fromV1(get);
      if (moved) write(moved);
      return moved || fresh();
    }
    if (text === known && state) return state;
    known = null;
    let r = null, raw = null;
    try { raw = JSON.parse(text); r = clean(raw); } catch (e) { /* said below */ }
    if (r) known = text;
    if (!r && isObj(raw) && raw.version > VERSION) {
      // Saved by a newer copy of the site (another tab after an update): never overwrite it.
      ok = false;
      problem = "newer";
      return state || fresh();
    }
    if (!r) {
      problem = "unreadable";
      // One copy per incident: the first under BROKEN, later different ones beside it.
      try {
        const kept = Object.keys(store).filter(k => k.startsWith(BROKEN)).map(k => store.getItem(k));
        if (!kept.includes(text)) store.setItem(kept.length ? BROKEN + ":" + now() : BROKEN, text);
      } catch (e) { /* nothing more to do */ }
    }
    return r || fresh();
  }
  const views = [];
  // Only the tools on the page shown: those of a page left by instant navigation are dropped.
  const notify = outside => {
    const live = views.filter(v => v.root.isConnected);
    views.splice(0, views.length, ...live);
    live.forEach(v => { try { v.fn(outside); } catch (e) { console.error(e); } });
  };
  // Each tab keeps its own current interview (a switch in one tab never redirects what
  // another tab is typing); the record's `current` is where a new tab starts.
  let mine = "";
  try { mine = sessionStorage.getItem(TAB) || ""; } catch (e) { /* no per-tab memory */ }
  const current = (r = state) => r.interviews.find(i => i.id == mine) || r.interviews.find(i => i.id == r.current);
  const latest = P.latest;
  // Every change reads storage first, so two tabs never undo each other's changes. fn gets
  // the record and the current interview; it returns false for a change that is not new
  // data (an export). Interviews whose data changed get a new `updated`, for merging.
  function change(fn, quiet, imported) {
    state = read();
    const before = new Map(state.interviews.map(i => [i.id, textOf(i)])), t = now(), was = state.current;
    if (current(state).id != was) state.current = current(state).id;
    const pointed = state.current;
    let changed;
    // A change that fails halfway is dropped: the next read parses storage again.
    try { changed = fn(state, current(state)) !== false; } catch (e) { known = null; throw e; }
    if (changed) state.changed = t;
    // Imported interviews keep their own stamps: merging later relies on them. Those this
    // change left as they were are valid still, and cleaning passes them by.
    const same = new Set(state.interviews.filter(i => {
      if (JSON.stringify(i) === before.get(i.id)) return true;
      texts.delete(i);
      return false;
    }));
    // The stored plan and the calendar's count are worked out, not entered: storing them
    // changes no interview's `updated`, so a merge never prefers a copy only looked at.
    const data = i => JSON.stringify({ ...i, plan: 0, calendar: 0 });
    const kept = i => same.has(i) || before.has(i.id) && data(JSON.parse(before.get(i.id))) === data(i);
    if (!imported) state.interviews.forEach(i => {
      if (kept(i)) return;
      i.updated = t;
      i.created = i.created || t;
      // The first interview has the same id everywhere until it holds something: then
      // it gets its own, so merging files from two browsers never mixes two interviews.
      if (i.id == "first") { i.id = newId("i"); if (state.current == "first") state.current = i.id; }
    });
    if (state.current != pointed || mine && !state.interviews.some(i => i.id == mine)) setMine(state.current);
    state = clean(state, imported ? undefined : same);
    const saved = write(state);
    if (saved && persisted === null && navigator.storage && navigator.storage.persist) {
      persisted = false;
      navigator.storage.persist().then(v => { persisted = v; }, () => {});
    }
    if (!quiet) notify(false);
    return saved;
  }
  function setMine(id) {
    mine = id;
    try { sessionStorage.setItem(TAB, id); } catch (e) { /* no per-tab memory */ }
  }
  // An import's Undo kept for this tab (interviews.js) goes once another tab changes the
  // record or forgets it, even while this tab shows another page.
  const UNDO = "ati:undo", noUndo = () => { try { sessionStorage.removeItem(UNDO); } catch (e) { /* none kept */ } };
  addEventListener("storage", e => {
    if (ok && (e.key === KEY || e.key === null)) { noUndo(); state = read(); notify(true); }
  });
  // The old keys go first: a tab that read the record just then must not migrate them back.
  const forget = () => {
    let done = !!store;
    try {
      Object.keys(store).filter(k => k.startsWith("ati:") && k != KEY).forEach(k => store.removeItem(k));
      store.removeItem(KEY);
    } catch (e) { done = false; }
    try { sessionStorage.removeItem(TAB); } catch (e) { /* nothing kept there */ }
    noUndo();
    mine = "";
    state = fresh();
    known = null;
    if (done) { ok = true; problem = ""; }
    notify(false);
    return done;
  };
  // A new interview, made the current one; or, if it cannot be added, the sentence why.
  function addInterview(company, role) {
    if (!company && !role) return "Type the company or the role first.";
    if ((state || read()).interviews.length >= LIMITS.interviews) return FULL;
    change(r => {
      const i = { ...blank(), company, role };
      // The only interview, still empty, is the one being named: no blank is left behind.
      if (r.interviews.length == 1 && !filled(r.interviews[0])) r.interviews = [];
      r.interviews.push(i);
      r.current = i.id;
    });
    return "";
  }
  const snapshot = () => JSON.stringify(state);
  // Undo: the record exactly as it was, its `updated` stamps included (merging relies on them).
  const restore = snap => {
    state = clean(JSON.parse(snap));
    setMine(state.current);
    write(state);
    notify(false);
  };

  // ------------------------------------------------------------------ dates
  const iso = P.iso, parse = P.parse, add = P.add;
  const today = () => iso(new Date());
  const DAYS = "Sunday Monday Tuesday Wednesday Thursday Friday Saturday".split(" ");
  const MONTHS = "January February March April May June July August September October November December".split(" ");
  // The style the user picked, else the one their browser's English suggests.
  const style = () => (state || read()).prefs.dates || (/^en-(US|PH)\b/i.test(navigator.language) ? "md" : "dm");
  // Always English words, whatever the browser's language: the text goes into English emails.
  // short: "Tue 1 Dec 2026" (or "Tue, Dec 1, 2026"); long: "Tuesday 1 December" (or "Tuesday, December 1").
  function words(d, short) {
    if (typeof d == "string") d = parse(d);
    if (!d || isNaN(d)) return "";
    const cut = s => short ? s.slice(0, 3) : s, md = style() == "md", w = cut(DAYS[d.getDay()]), m = cut(MONTHS[d.getMonth()]);
    const dm = md ? `${w}, ${m} ${d.getDate()}` : `${w} ${d.getDate()} ${m}`;
    return short ? dm + (md ? ", " : " ") + d.getFullYear() : dm;
  }

  // ------------------------------------------------------------------ the plan
  // The public holidays of the place the user picked: one small file, fetched when chosen.
  // hol.days is null until it has loaded (or if there is none to load).
  let hol = { key: "", days: null, info: null, failed: false };
  function holidays() {
    const key = (state || read()).prefs.holidays;
    if (key != hol.key) {
      hol = { key, days: null, info: null, failed: false };
      if (key) fetch(new URL(`holidays/${key}.json`, ROOT)).then(r => r.ok ? r.json() : Promise.reject(r.status)).then(d => {
        if (hol.key == key) { hol.days = new Set(Object.keys(d.dates)); hol.info = d; notify(false); }
      }, () => { if (hol.key == key) { hol.failed = true; notify(false); } });
    }
    return hol;
  }
  // An interview's plan (core/plan.js), told against today; keep: store the dates first
  // shown (the planner does), so they never drift. They are stored once the view has drawn,
  // all in one change: a view never writes while it draws. day: the form's interview date
  // while the record has none (nothing is then stored).
  const toKeep = new Map();
  function planOf(rules, i, keep, day) {
    const got = P.planOf(rules, i, { today: today(), hol: holidays(), day });
    if (got.store && keep) {
      if (!toKeep.size) queueMicrotask(() => {
        const kept = [...toKeep];
        toKeep.clear();
        // A plan worked out from what has changed since no longer matches, and planOf passes it by.
        change(r => { kept.forEach(([id, p]) => { const j = r.interviews.find(x => x.id == id); if (j) j.plan = p; }); return false; }, true);
      });
      toKeep.set(i.id, got.store);
    }
    return got.steps;
  }
  // A step's own "Mark as done" (a log entry of its id; the planner's button or a checklist
  // tick writes it), for the interview's latest round only: earlier rounds keep theirs.
  const since = (i, round) => P.since(i, today(), round);
  const marks = (i, step) => i.log.filter(e => e.kind == step && e.date >= since(i));
  // A step marked done today (the planner's button, Due now's): the plan counts it from today.
  const done = (i, step, text) => i.log.push(logEntry("Done: " + text, { kind: step }));
  // A checklist tick: a mark unless the round has one already.
  const markDone = (i, step, text) => { if (!marks(i, step).length) done(i, step, text); };
  const unmarkDone = (i, step) => {
    const gone = new Set(marks(i, step).map(e => e.id));
    i.log = i.log.filter(e => !gone.has(e.id));
    return gone.size > 0;
  };
  const { stepTitle, inputs, thanks, sentFor, dueNow } = P;

  // ------------------------------------------------------------------ files
  function download(name, text, type) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1e4);
  }
  function exportAll() {
    change(r => { r.exported = now(); return false; });
    const name = `after-the-interview-${today()}.json`;
    download(name, JSON.stringify({ format: FORMAT, version: VERSION, exported: state.exported, data: state }, null, 1), "application/json");
    return name;
  }
  // ------------------------------------------------------------------ words
  const PROBLEM = {
    blocked: "This browser won't let the site save anything, so what you enter stays only until you close this tab.",
    full: "This browser's storage is full, so your latest changes stay only until you close this tab. Export a copy to keep them.",
    unreadable: "Your saved interviews could not be read, so the tools start afresh. What was there is kept in this browser, untouched.",
    newer: "A newer version of this site saved your interviews. Reload the page to use it; nothing is saved here until then.",
    moving: "What you saved with an earlier version of this site could not be moved in, because part of the page did not load. Reload the page: nothing is lost, and nothing is saved here until then.",
  };
  function backupNote() {
    const r = state || read();
    if (!hasData(r) || r.exported && r.exported >= r.changed) return "";
    return (r.exported ? `Last exported on ${words(new Date(r.exported), true)}. ` : "Not exported yet. ") +
      "Some changes are only in this browser.";
  }
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  // A status message, emptied first so that screen readers say it again; a later say (or
  // hush) replaces one still waiting.
  const saying = new WeakMap();
  function say(el, text) {
    hush(el);
    saying.set(el, setTimeout(() => { el.textContent = text; }, 50));
  }
  function hush(el) {
    clearTimeout(saying.get(el));
    el.textContent = "";
  }

  // A link to a section of a tool page lands on it although a tool changes the page above it
  // as it starts (its form folds, a step moves into the plan): the tool calls land() after
  // such a change, and the head script's landing (build_tools/inline/head.js) places the
  // section again, while it lasts (the page's first seconds, until the reader moves).
  const land = () => { if (window.atiLand) window.atiLand(); };

  // ------------------------------------------------------------------ start-up
  // Components register as window.atiModules[name] = (root, ATI) => {...}; each root with
  // data-module="name" starts once (data-module-started), isolated from the others.
  const modules = window.atiModules = window.atiModules || {};
  function start() {
    // An old save waits for its mover (ati-v1.js) before any tool reads the record.
    let waiting = false;
    try { waiting = ok && !window.atiV1 && !v1failed && oldSave(); } catch (e) { /* read() says it */ }
    if (waiting) return loadV1().then(start, start);
    document.querySelectorAll("[data-module]:not([data-module-started])").forEach(root => {
      const init = modules[root.getAttribute("data-module")];
      if (!init) return;
      root.setAttribute("data-module-started", "");
      try {
        if (!state) state = read();
        init(root, ATI);
        root.classList.add("ati-js");
      } catch (e) {
        root.classList.add("ati-failed");
        console.error(e);
      }
    });
  }
  // WebKit draws today's date, greyed, in an empty date field, so an empty optional one looked
  // filled in: an empty one carries ati-empty (site.css keeps its text hidden until focused),
  // marked after each view's redraw (which sets fields from the record) and each edit.
  const emptyDates = root => root.querySelectorAll("input[type=date]").forEach(i => i.classList.toggle("ati-empty", !i.value));
  ["input", "change"].forEach(t => addEventListener(t, e => e.target.type == "date" && emptyDates(e.target.parentNode), true));
  // A component's view: fn(outside) runs after every change here or in another tab.
  const view = (root, fn) => {
    const redraw = outside => { fn(outside); emptyDates(root); };
    views.push({ root, fn: redraw });
    redraw(false);
  };

  const ATI = window.ATI = {
    VERSION, LIMITS, start, view, change, snapshot, restore, forget,
    get state() { return state || (state = read()); }, get ok() { return ok; }, get problem() { return problem; },
    get persisted() { return persisted; }, PROBLEM, backupNote, land, filled, roundFilled: R.roundFilled, hasData,
    current, latest, label, blank, blankRound: R.blankRound, blankPerson: R.blankPerson, logEntry, addInterview, today, parse, iso, words, add, DAY: P.DAY, planOf, inputs,
    since, stepFor: P.stepFor, marks, done, markDone, unmarkDone, stepTitle, thanks, sentFor, dueNow,
    passed: plan => P.passed(plan).over,
    holidays,
    download, exportAll, el, say, hush, isObj, clean, fromV1, load, loadV1, FORMAT, V1_FORMAT,
  };

  if (window.document$) document$.subscribe(start);
  else addEventListener("DOMContentLoaded", () => window.document$ ? document$.subscribe(start) : start());
  start();
})();
