/* What every tool shares, loaded before each tool's own script. It owns the saved record
   (one localStorage key, a version number; ati-v1.js moves in what the first version saved),
   dates in English words, the follow-up plan, export, the interview picker, and start-up:
   every [data-module] root starts once, in its own try/catch, on each page Material shows.
   build_tools/templates/CONTRACT.md lists the data attributes; build_tools/
   saved-data.schema.json is the record's shape. Nothing is sent anywhere. */
"use strict";
(() => {
  // Material runs the page's scripts again after instant navigation: start the new page only.
  if (window.ATI) return window.ATI.start();
  // The site's root, from this script's own address (assets/javascripts/ati.js).
  const ROOT = new URL("../../", document.currentScript ? document.currentScript.src : location.href);
  const KEY = "ati:interviews", BROKEN = "ati:interviews:unreadable", TAB = "ati:current", VERSION = 2;
  const V1 = { checklists: "ati:checklists:v1", fields: "ati:fields:v1", planner: "ati:planner:v1" };
  const FORMAT = "after-the-interview", V1_FORMAT = "after-the-interview-progress";
  const STATUSES = ["waiting", "offer", "not-this-time", "withdrew", "no-reply"];  // labels: interviews.js
  const MODES = ["", "in-person", "phone", "video"], CONTACTS = ["", "email", "phone"];
  // The longest value each kind of saved text may hold: the form's maxlength, and imports.
  const MAX = { text: 200, email: 254, phone: 40, long: 2000, entry: 300 };
  // How many of each list the record keeps (the schema's maxItems); adding past them is refused.
  const LIMITS = { interviews: 100, rounds: 20, people: 20, log: 2000 };
  const FULL = "That is as many interviews as this site keeps (100). Remove one you no longer follow first.";

  // ------------------------------------------------------------------ shape
  const isObj = o => !!o && typeof o == "object" && !Array.isArray(o);
  const str = (v, n = MAX.text) => typeof v == "string" ? v.slice(0, n) : "";
  const one = (v, list) => list.includes(v) ? v : list[0];
  const ident = v => typeof v == "string" && /^[A-Za-z0-9-]{1,64}$/.test(v) ? v : "";
  const stamp = v => typeof v == "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) && !isNaN(Date.parse(v)) ? v : "";
  const day = v => typeof v == "string" && parse(v) ? v : "";
  const many = (v, max, fn) => {
    const seen = new Set();
    return (Array.isArray(v) ? v.slice(0, max) : []).map(fn)
      .filter(x => x && !seen.has(x.id) && seen.add(x.id));
  };
  const newId = p => p + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  const now = () => new Date().toISOString();

  const person = p => isObj(p) && ident(p.id) && {
    id: p.id, name: str(p.name), title: str(p.title), email: str(p.email, MAX.email),
    contact: one(p.contact, CONTACTS), topic: str(p.topic) };
  const round = r => isObj(r) && ident(r.id) && {
    id: r.id, date: day(r.date), mode: one(r.mode, MODES), people: many(r.people, LIMITS.people, person) };
  const entry = e => isObj(e) && ident(e.id) && day(e.date) && str(e.text) && {
    id: e.id, date: e.date, text: str(e.text, MAX.entry), kind: ident(e.kind),
    template: ident(e.template), person: ident(e.person) };
  const ticks = t => {
    const out = {};
    if (isObj(t)) Object.keys(t).slice(0, 100).forEach(c => {
      const got = isObj(t[c]) ? Object.keys(t[c]).filter(k => ident(k) && t[c][k] === 1) : [];
      if (ident(c) && got.length) out[c] = Object.fromEntries(got.slice(0, 500).map(k => [k, 1]));
    });
    return out;
  };
  // The plan's dates as first shown (see plan below), and the calendar file's SEQUENCE.
  const days2 = v => Array.isArray(v) && v.length == 2 && v.every(d => parse(d)) ? [v[0], v[1]] : null;
  const planned = p => isObj(p) && typeof p.sig == "string" && p.sig.length <= 2000 && isObj(p.steps) ? {
    sig: p.sig, steps: Object.fromEntries(Object.keys(p.steps).filter(ident).slice(0, 50)
      .map(k => [k, days2(p.steps[k])]).filter(e => e[1])) } : null;
  const fields = f => Object.fromEntries(isObj(f) ? Object.keys(f)
    .filter(k => ident(k) && typeof f[k] == "string" && f[k]).slice(0, 60).map(k => [k, str(f[k], MAX.long)]) : []);
  const blankRound = id => ({ id: id || newId("r"), date: "", mode: "", people: [] });
  const blankPerson = () => ({ id: newId("p"), name: "", title: "", email: "", contact: "", topic: "" });
  const logEntry = (text, o = {}) => ({ id: newId("e"), date: o.date || today(), kind: o.kind || "",
    template: o.template || "", person: o.person || "", text });
  const blank = (id, rid) => ({ id: id || newId("i"), company: "", role: "", status: "waiting", decision: "",
    contact: "", promised: "", promisedBy: "", rounds: [blankRound(rid)], fields: {}, ticks: {}, log: [],
    created: "", updated: "" });
  const interview = i => {
    if (!isObj(i) || !ident(i.id)) return null;
    const out = { ...blank(i.id), company: str(i.company), role: str(i.role), status: one(i.status, STATUSES),
      decision: day(i.decision), contact: one(i.contact, CONTACTS), promised: str(i.promised),
      promisedBy: day(i.promisedBy), rounds: many(i.rounds, LIMITS.rounds, round), fields: fields(i.fields),
      ticks: ticks(i.ticks), log: many(Array.isArray(i.log) ? i.log.slice(-LIMITS.log) : [], LIMITS.log, entry), created: stamp(i.created), updated: stamp(i.updated) };
    const p = planned(i.plan), c = Number.isInteger(i.calendar) ? { sequence: i.calendar, steps: [] } : i.calendar;
    if (p) out.plan = p;
    // calendar: how many times its file was exported, and the steps the last file held.
    if (isObj(c) && Number.isInteger(c.sequence) && c.sequence > 0 && c.sequence <= 1e6)
      out.calendar = { sequence: c.sequence, steps: (Array.isArray(c.steps) ? c.steps : []).filter(ident).slice(0, 50) };
    if (!out.rounds.length) out.rounds.push(blankRound(i.id.slice(0, 62) + "-r"));
    return out;
  };
  // Nothing saved yet: the same ids every time, so a page that reads twice sees one interview.
  const fresh = () => ({ version: VERSION, me: { name: "", email: "", phone: "", signoff: "" }, prefs: { dates: "", holidays: "" },
    current: "first", interviews: [blank("first", "first-r")], changed: "", exported: "" });
  // Any value to a valid record, or null if it is not one: every string clipped, every list capped.
  function clean(r) {
    if (!isObj(r) || r.version !== VERSION) return null;
    const me = isObj(r.me) ? r.me : {}, out = fresh();
    out.me = { name: str(me.name), email: str(me.email, MAX.email), phone: str(me.phone, MAX.phone), signoff: str(me.signoff) };
    out.prefs.dates = one(isObj(r.prefs) && r.prefs.dates, ["", "dm", "md"]);
    out.prefs.holidays = isObj(r.prefs) && typeof r.prefs.holidays == "string" && /^[a-z-]{0,40}$/.test(r.prefs.holidays) ? r.prefs.holidays : "";
    out.interviews = many(r.interviews, LIMITS.interviews, interview);
    if (!out.interviews.length) out.interviews = fresh().interviews;
    out.current = out.interviews.some(i => i.id === r.current) ? r.current : out.interviews[0].id;
    out.changed = stamp(r.changed);
    out.exported = stamp(r.exported);
    return out;
  }

  // What the first version saved becomes one record in ati-v1.js, which loads only where a
  // browser still holds such a save (or an old export file is imported).
  const fromV1 = get => window.atiV1 ? window.atiV1(get, { fresh, many, blank, newId, ident, str, ticks, isObj, MAX,
    fields, day, one, CONTACTS, now, clean, V1 }) : null;
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
  let store = null, ok = true, problem = "", state = null, persisted = null;
  try { store = window.localStorage; store.getItem(KEY); } catch (e) { ok = false; problem = "blocked"; }
  const get = k => { try { return JSON.parse(store.getItem(k)); } catch (e) { return null; } };
  function write(r) {
    if (!ok) return false;
    try { store.setItem(KEY, JSON.stringify(r)); return true; } catch (e) { ok = false; problem = "full"; return false; }
  }
  // The record as storage holds it now (another tab may have changed it). Unreadable text
  // is kept under another key before anything replaces it.
  function read() {
    if (!ok) return state || fresh();
    let text = null;
    try { text = store.getItem(KEY); } catch (e) { ok = false; problem = "blocked"; return state || fresh(); }
    if (text === null) {
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
    let r = null, raw = null;
    try { raw = JSON.parse(text); r = clean(raw); } catch (e) { /* said below */ }
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
  const latest = i => i.rounds[i.rounds.length - 1];
  // Every change reads storage first, so two tabs never undo each other's changes. fn gets
  // the record and the current interview; it returns false for a change that is not new
  // data (an export). Interviews whose data changed get a new `updated`, for merging.
  function change(fn, quiet, imported) {
    state = read();
    // The stored plan and the calendar's count are worked out, not entered: storing them
    // changes no interview's `updated`, so a merge never prefers a copy only looked at.
    const data = i => JSON.stringify({ ...i, plan: 0, calendar: 0 });
    const before = new Map(state.interviews.map(i => [i.id, data(i)])), t = now(), was = state.current;
    if (current(state).id != was) state.current = current(state).id;
    const pointed = state.current;
    if (fn(state, current(state)) !== false) state.changed = t;
    // Imported interviews keep their own stamps: merging later relies on them.
    if (!imported) state.interviews.forEach(i => {
      if (before.get(i.id) === data(i)) return;
      i.updated = t;
      i.created = i.created || t;
      // The first interview has the same id everywhere until it holds something: then
      // it gets its own, so merging files from two browsers never mixes two interviews.
      if (i.id == "first") { i.id = newId("i"); if (state.current == "first") state.current = i.id; }
    });
    if (state.current != pointed || mine && !state.interviews.some(i => i.id == mine)) setMine(state.current);
    state = clean(state);
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
  addEventListener("storage", e => {
    if (ok && (e.key === KEY || e.key === null)) { state = read(); notify(true); }
  });
  const filled = i => !!(i.company || i.role || i.decision || i.promised || i.promisedBy || i.contact ||
    i.status != "waiting" || i.log.length || Object.keys(i.ticks).length || Object.keys(i.fields).length ||
    i.rounds.length > 1 || i.rounds.some(d => d.date || d.mode || d.people.length));
  const hasData = r => Object.values(r.me).some(Boolean) || r.interviews.length > 1 || filled(r.interviews[0]);
  // The old keys go first: a tab that read the record just then must not migrate them back.
  const forget = () => {
    let done = !!store;
    try {
      Object.keys(store).filter(k => k.startsWith("ati:") && k != KEY).forEach(k => store.removeItem(k));
      store.removeItem(KEY);
    } catch (e) { done = false; }
    try { sessionStorage.removeItem(TAB); } catch (e) { /* nothing kept there */ }
    mine = "";
    state = fresh();
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
  const pad = n => (n < 10 ? "0" : "") + n;
  const iso = d => d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  // "YYYY-MM-DD" to a local date; null if that day doesn't exist.
  function parse(s) {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s), d = m && new Date(m[1], m[2] - 1, m[3]);
    return d && iso(d) === s ? d : null;
  }
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
  const weekend = d => d.getDay() % 6 === 0;
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
  const holiday = d => !!hol.days && hol.days.has(iso(d));
  const off = d => weekend(d) || holiday(d);
  // Business days count only Monday to Friday that are not public holidays, starting with
  // the first such day after d.
  function add(d, o) {
    const r = new Date(d.getFullYear(), d.getMonth(), d.getDate());
    let n = o.count;
    if (o.unit === "days") r.setDate(r.getDate() + n);
    else while (n > 0) { r.setDate(r.getDate() + 1); if (!off(r)) n--; }
    return r;
  }
  const DAY = { count: 1, unit: "days" };
  // The steps for one interview's dates, in date order. A step the log shows as done (an
  // entry of one of its kinds, on or after the day it counts from) carries `done`, and
  // steps counted from it count from that day.
  function plan(rules, v, log = []) {
    const have = { interview: v.interview, decision: v.decision, "promised-by": v.promisedBy }, by = {}, out = [], used = new Set();
    rules.forEach(r => {
      const w = r.only_when;
      let base = null;
      if (w && !(w === "promised" ? v.promisedBy : w === "decision-given" ? v.decision : !v.decision)) return;
      r.anchor.some(a => (base = have[a] || by[a] && (by[a].done || by[a].to)));
      if (r.after_done && by[r.after_done] && by[r.after_done].done) base = by[r.after_done].done;
      if (!base) return;
      const at = o => {
        let d = add(base, o);
        const min = r.never_before && add(v.interview, r.never_before);
        if (min && d < min) d = min;
        // No step starts or ends on a public holiday (but the day you promised something by
        // stays as you gave it); some move off weekends too.
        while (holiday(d) && r.anchor[0] != "promised-by" || r.move_off_weekends && weekend(d)) d = add(d, DAY);
        return d;
      };
      // Done by a message of its kinds (Mark as sent), or by its own "Mark as done" (kind: its id),
      // on or after the day it counts from; what you promised by a day may go any day before it.
      const since = r.anchor[0] == "promised-by" ? v.interview : base;
      const hit = log.filter(e => !used.has(e.id) && ((r.kinds || []).includes(e.kind) || e.kind == r.id) && parse(e.date) >= since)
        .sort((a, b) => a.date < b.date ? -1 : 1)[0];
      if (hit) used.add(hit.id);
      out.push(by[r.id] = { r, from: at(r.earliest), to: at(r.latest), done: hit ? parse(hit.date) : null, hit });
    });
    return out.sort((a, b) => a.from - b.from);
  }
  // An interview's plan: its dates as first shown while what they were worked out from is
  // unchanged (a new version of the rules or of the holiday list never moves them), with
  // each step done, overdue, due or upcoming today. null without an interview date, or while
  // the holidays are loading. keep(plan) stores new dates (the planner does, when it shows them).
  // day: the interview date the form shows when the record has none yet (nothing is then stored).
  function planOf(rules, i, keep, day) {
    if (day && !latest(i).date) { i = { ...i, rounds: [...i.rounds.slice(0, -1), { ...latest(i), date: day }] }; keep = null; }
    const v = inputs(i), h = holidays();
    if (!v || h.key && !h.days && !h.failed) return null;
    if (h.failed) keep = null;  // a plan without the holidays asked for is never kept
    // A panel's thank-you step is done when every interviewer of the round has had theirs.
    const rd = latest(i), thanks = i.log.filter(e => e.kind == "thank-you" && e.date >= rd.date);
    const all = rd.people.length < 2 || rd.people.every(p => thanks.some(e => e.person == p.id));
    const last = thanks.reduce((a, b) => !a || b.date > a.date ? b : a, null);
    const entries = i.log.filter(e => e.kind != "thank-you" || e.date < rd.date || all && e == last);
    const kinds = new Set(rules.flatMap(r => [...(r.kinds || []), r.id]));
    const log = entries.filter(e => kinds.has(e.kind)).map(e => e.kind + e.date).sort();
    const sig = hash(JSON.stringify([latest(i).date, i.decision, i.promisedBy, h.key, log]));
    const steps = plan(rules, v, entries), was = i.plan && i.plan.sig == sig ? i.plan.steps : {}, t = parse(today());
    steps.forEach(s => {
      const old = was[s.r.id];
      if (old) { s.from = parse(old[0]); s.to = parse(old[1]); }
      s.state = s.done ? "done" : s.to < t ? "overdue" : s.from <= t ? "due" : "upcoming";
    });
    if (keep && !(i.plan && i.plan.sig == sig)) keep({ sig, steps: Object.fromEntries(steps.map(s => [s.r.id, [iso(s.from), iso(s.to)]])) });
    steps.sort((a, b) => a.from - b.from);
    return steps;
  }
  // A step's own "Mark as done" (a log entry of its id; the planner's button or a checklist
  // tick writes it), for the interview's latest round only: earlier rounds keep theirs.
  const marks = (i, step) => i.log.filter(e => e.kind == step && e.date >= (latest(i).date || ""));
  const markDone = (i, step, text) => { if (!marks(i, step).length) i.log.push(logEntry("Done: " + text, { kind: step })); };
  const unmarkDone = (i, step) => {
    const gone = new Set(marks(i, step).map(e => e.id));
    i.log = i.log.filter(e => !gone.has(e.id));
    return gone.size > 0;
  };
  // A step's title, with what was promised where the step names it.
  const stepTitle = (r, promised) => r.title + (r.names_the_promise && promised.trim() ? ": " + promised.trim() : "");
  const hash = s => { let h = 5381; for (const c of s) h = (h * 33 ^ c.codePointAt(0)) >>> 0; return s.length + "-" + h.toString(36); };
  // The dates an interview gives the plan; null if it has no (valid) interview date.
  function inputs(i) {
    const v = { interview: parse(latest(i).date), decision: parse(i.decision), promisedBy: parse(i.promisedBy), promised: i.promised };
    return v.interview ? v : null;
  }

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
  const label = i => [i.company, i.role].filter(s => s.trim()).join(", ") || "Your interview";
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
  // A component's view: fn(outside) runs after every change here or in another tab.
  const view = (root, fn) => { views.push({ root, fn }); fn(false); };

  // ------------------------------------------------------------------ the interview picker
  // The interview picker (data-module="picker"), the same on every tool page: switch, add,
  // rename, remove (with Undo), and the quiet backup reminder. The record is ati.js's.
  // Undo puts the removed interview back where it was, so whatever was changed after the
  // removal, here or in another tab, stays as it is.
  modules.picker = (root, ATI) => {
    const $ = s => root.querySelector(s), sel = $("select"), form = $("form"), msg = $(".ati-picker__msg");
    const company = $("#ati-pick-company"), role = $("#ati-pick-role");
    let undo = null, mode = "";
    const open = m => {
      mode = m;
      form.hidden = !m;
      const i = ATI.current();
      company.value = m == "rename" ? i.company : "";
      role.value = m == "rename" ? i.role : "";
      $(".ati-picker__form-title").textContent = m == "rename" ? "Rename this interview" : "Add an interview";
      if (m) company.focus();
    };
    ATI.view(root, outside => {
      const r = ATI.state;
      sel.replaceChildren(...r.interviews.map(i => new Option(ATI.label(i), i.id, false, i.id == ATI.current(r).id)));
      $("[data-act=remove]").hidden = r.interviews.length < 2 && !ATI.filled(ATI.current(r));
      $("[data-act=undo]").hidden = !undo;
      const b = ATI.backupNote();
      $(".ati-picker__backup").hidden = !b;
      $(".ati-picker__backup-text").textContent = b;
      const note = $(".ati-picker__note");
      note.textContent = ATI.PROBLEM[ATI.problem] || "";
      note.hidden = !ATI.problem;
    });
    sel.addEventListener("change", () => {
      ATI.change(r => { r.current = sel.value; return false; });
      ATI.say(msg, `Showing ${ATI.label(ATI.current())}.`);
    });
    form.addEventListener("submit", e => {
      e.preventDefault();
      const c = company.value.trim(), ro = role.value.trim();
      if (mode == "add") {
        const refused = ATI.addInterview(c, ro);
        if (refused) return ATI.say(msg, refused);
      } else {
        if (!c && !ro) return ATI.say(msg, "Type the company or the role first.");
        ATI.change((r, i) => { i.company = c; i.role = ro; });
      }
      ATI.say(msg, mode == "add" ? `Added ${ATI.label(ATI.current())}. It keeps its own ticks, details and plan.` : "Renamed.");
      open("");
      sel.focus();
    });
    root.addEventListener("click", e => {
      const a = e.target.closest("[data-act]");
      const act = a && a.getAttribute("data-act");
      if (act == "add" || act == "rename") open(act);
      else if (act == "cancel") { open(""); sel.focus(); }
      else if (act == "remove") {
        const gone = ATI.label(ATI.current());
        ATI.change(r => {
          const at = r.interviews.findIndex(i => i.id == r.current);
          undo = { at, interview: r.interviews[at] };
          r.interviews.splice(at, 1);
          if (!r.interviews.length) r.interviews.push(undo.blank = ATI.blank());
          r.current = r.interviews[0].id;
        });
        ATI.say(msg, `Removed ${gone}. Undo brings it back.`);
        $("[data-act=undo]").focus();
      } else if (act == "undo" && undo) {
        const back = undo;
        undo = null;
        let said = `${ATI.label(back.interview)} is back.`;
        ATI.change(r => {
          if (r.interviews.some(i => i.id == back.interview.id)) return false;
          // The empty interview put in its place goes again, if nothing was typed into it.
          if (back.blank) r.interviews = r.interviews.filter(i => i.id != back.blank.id || ATI.filled(i));
          if (r.interviews.length >= ATI.LIMITS.interviews) { said = "That is as many interviews as this site keeps (100), so it cannot come back."; return false; }
          r.interviews.splice(Math.min(back.at, r.interviews.length), 0, back.interview);
          r.current = back.interview.id;
        });
        ATI.say(msg, said);
        sel.focus();
      } else if (act == "export") ATI.say(msg, `Saved ${ATI.exportAll()} to your downloads.`);
    });
  };

  const ATI = window.ATI = {
    VERSION, LIMITS, start, view, change, snapshot, restore, forget,
    get state() { return state || (state = read()); }, get ok() { return ok; }, get problem() { return problem; },
    get persisted() { return persisted; }, PROBLEM, backupNote, filled,
    current, latest, label, blank, blankRound, blankPerson, logEntry, addInterview, today, parse, iso, words, add, planOf, inputs,
    marks, markDone, unmarkDone, stepTitle,
    holidays,
    download, exportAll, el, say, hush, isObj, clean, fromV1, load, loadV1, FORMAT, V1_FORMAT,
  };

  if (window.document$) document$.subscribe(start);
  else addEventListener("DOMContentLoaded", () => window.document$ ? document$.subscribe(start) : start());
  start();
})();
