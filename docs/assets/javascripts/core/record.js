/* The saved record, as pure functions: its shape (build_tools/saved-data.schema.json),
   cleaning any value into a valid record, and the migration from every earlier version
   (the merge of two records is core/merge.js). No page, no storage: the same file runs in the browser
   (window.atiCore.record, used by ati.js) and in Node's test runner (tests/js/). */
"use strict";
(function (make) {
  const m = make();
  if (typeof module == "object" && module.exports) module.exports = m;
  else (globalThis.atiCore = globalThis.atiCore || {}).record = m;
})(() => {
  // Version 3: the decision date and the promise belong to each round, not the interview.
  // Version 4: so do the checklists' ticks (a second round's checklists start empty).
  const VERSION = 4;
  const STATUSES = ["waiting", "offer", "not-this-time", "withdrew", "no-reply"];
  const MODES = ["", "in-person", "phone", "video"], CONTACTS = ["", "email", "phone"];
  // The longest value each kind of saved text may hold: the form's maxlength, and imports.
  const MAX = { text: 200, email: 254, phone: 40, long: 2000, entry: 300 };
  // How many of each list the record keeps (the schema's maxItems); adding past them is refused.
  const LIMITS = { interviews: 100, rounds: 20, people: 20, log: 2000 };

  const isObj = o => !!o && typeof o == "object" && !Array.isArray(o);
  const str = (v, n = MAX.text) => typeof v == "string" ? v.slice(0, n) : "";
  const one = (v, list) => list.includes(v) ? v : list[0];
  const ident = v => typeof v == "string" && /^[A-Za-z0-9-]{1,64}$/.test(v) ? v : "";
  const stamp = v => typeof v == "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) && !isNaN(Date.parse(v)) ? v : "";
  // A calendar day that exists ("2026-02-30" does not), else "".
  const day = v => {
    const m = typeof v == "string" && /^(\d{4})-(\d\d)-(\d\d)$/.exec(v), d = m && new Date(Date.UTC(m[1], m[2] - 1, m[3]));
    return d && d.toISOString().slice(0, 10) === v ? v : "";
  };
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
    id: r.id, date: day(r.date), mode: one(r.mode, MODES), people: many(r.people, LIMITS.people, person),
    decision: day(r.decision), promised: str(r.promised), promisedBy: day(r.promisedBy), ticks: ticks(r.ticks) };
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
  // The plan's dates as first shown (core/plan.js), and the calendar file's SEQUENCE.
  const days2 = v => Array.isArray(v) && v.length == 2 && v.every(day) ? [v[0], v[1]] : null;
  const planned = p => isObj(p) && typeof p.sig == "string" && p.sig.length <= 2000 && isObj(p.steps) ? {
    sig: p.sig, steps: Object.fromEntries(Object.keys(p.steps).filter(ident).slice(0, 50)
      .map(k => [k, days2(p.steps[k])]).filter(e => e[1])) } : null;
  // Steps put off from Due now: rule id -> the day it is due again.
  const later = l => Object.fromEntries(isObj(l) ? Object.keys(l).filter(k => ident(k) && day(l[k])).slice(0, 50).map(k => [k, l[k]]) : []);
  const fields = f => Object.fromEntries(isObj(f) ? Object.keys(f)
    .filter(k => ident(k) && typeof f[k] == "string" && f[k]).slice(0, 60).map(k => [k, str(f[k], MAX.long)]) : []);
  const blankRound = id => ({ id: id || newId("r"), date: "", mode: "", people: [], decision: "", promised: "", promisedBy: "", ticks: {} });
  const blankPerson = () => ({ id: newId("p"), name: "", title: "", email: "", contact: "", topic: "" });
  const logEntry = (text, o) => ({ id: newId("e"), date: o.date, kind: o.kind || "",
    template: o.template || "", person: o.person || "", text });
  const blank = (id, rid) => ({ id: id || newId("i"), company: "", role: "", status: "waiting", contact: "",
    rounds: [blankRound(rid)], fields: {}, log: [], later: {}, created: "", updated: "" });

  // Version 2 kept one decision date and one promise per interview: they move to the round
  // they were most likely given at, the last one held on or before that date (else the
  // latest), so the plan of a later round never counts from them.
  function moveIn(raw, rounds) {
    const at = when => {
      const before = rounds.filter(r => r.date && when && r.date <= when);
      return before.length ? before[before.length - 1] : rounds[rounds.length - 1];
    };
    const decision = day(raw.decision), promised = str(raw.promised), promisedBy = day(raw.promisedBy);
    if (decision) { const r = at(decision); if (!r.decision) r.decision = decision; }
    if (promised || promisedBy) {
      const r = at(promisedBy);
      if (!r.promised && !r.promisedBy) { r.promised = promised; r.promisedBy = promisedBy; }
    }
  }
  const interview = i => {
    if (!isObj(i) || !ident(i.id)) return null;
    const out = { ...blank(i.id), company: str(i.company), role: str(i.role), status: one(i.status, STATUSES),
      contact: one(i.contact, CONTACTS), rounds: many(i.rounds, LIMITS.rounds, round), fields: fields(i.fields),
      log: many(Array.isArray(i.log) ? i.log.slice(-LIMITS.log) : [], LIMITS.log, entry),
      later: later(i.later), created: stamp(i.created), updated: stamp(i.updated) };
    if (!out.rounds.length) out.rounds.push(blankRound(i.id.slice(0, 62) + "-r"));
    if ("decision" in i || "promised" in i || "promisedBy" in i) moveIn(i, out.rounds);
    // Versions 2 and 3 kept one set of ticks per interview: they go to its latest round,
    // whose checklists showed them, so nothing looks different (a new round starts afresh).
    const was = ticks(i.ticks), to = out.rounds[out.rounds.length - 1].ticks;
    Object.keys(was).forEach(c => { to[c] = { ...was[c], ...to[c] }; });
    const p = planned(i.plan), c = Number.isInteger(i.calendar) ? { sequence: i.calendar, steps: [] } : i.calendar;
    if (p) out.plan = p;
    // calendar: how many times its file was exported, and the steps the last file held (with
    // their days: "rule-id YYYY-MM-DD YYYY-MM-DD"; saves before that lack them).
    if (isObj(c) && Number.isInteger(c.sequence) && c.sequence > 0 && c.sequence <= 1e6) {
      out.calendar = { sequence: c.sequence, steps: (Array.isArray(c.steps) ? c.steps : []).filter(ident).slice(0, 50) };
      if (Array.isArray(c.dates)) out.calendar.dates = c.dates.filter(d => typeof d == "string" && /^[A-Za-z0-9-]{1,64}( \d{4}-\d\d-\d\d){2}$/.test(d)).slice(0, 50);
    }
    return out;
  };
  // Nothing saved yet: the same ids every time, so a page that reads twice sees one interview.
  const fresh = () => ({ version: VERSION, me: { name: "", email: "", phone: "", signoff: "" }, prefs: { dates: "", holidays: "" },
    current: "first", interviews: [blank("first", "first-r")], changed: "", exported: "" });
  // Any value to a valid record of this version, or null if it is none: every string
  // clipped, every list capped. Versions 2 to 4 are read (version 1 is ati-v1.js's).
  // valid: interviews known to be valid already (from a record cleaned before, unchanged
  // since), kept as they are: a change to one interview cleans that one, not all of them.
  function clean(r, valid = new Set()) {
    if (!isObj(r) || ![2, 3, VERSION].includes(r.version)) return null;
    const me = isObj(r.me) ? r.me : {}, out = fresh();
    out.me = { name: str(me.name), email: str(me.email, MAX.email), phone: str(me.phone, MAX.phone), signoff: str(me.signoff) };
    out.prefs.dates = one(isObj(r.prefs) && r.prefs.dates, ["", "dm", "md"]);
    out.prefs.holidays = isObj(r.prefs) && typeof r.prefs.holidays == "string" && /^[a-z-]{0,40}$/.test(r.prefs.holidays) ? r.prefs.holidays : "";
    out.interviews = many(r.interviews, LIMITS.interviews, i => valid.has(i) ? i : interview(i));
    if (!out.interviews.length) out.interviews = fresh().interviews;
    out.current = out.interviews.some(i => i.id === r.current) ? r.current : out.interviews[0].id;
    out.changed = stamp(r.changed);
    out.exported = stamp(r.exported);
    return out;
  }

  // A round with only ticks is still to be dated: Your interviews' "Add a round" fills it in.
  const roundFilled = d => !!(d.date || d.mode || d.people.length || d.decision || d.promised || d.promisedBy);
  const filled = i => !!(i.company || i.role || i.contact || i.status != "waiting" || i.log.length ||
    i.rounds.some(d => Object.keys(d.ticks).length) || Object.keys(i.fields).length || i.rounds.length > 1 || i.rounds.some(roundFilled));
  const hasData = r => Object.values(r.me).some(Boolean) || r.interviews.length > 1 || filled(r.interviews[0]);
  const label = i => [i.company, i.role].filter(s => s.trim()).join(", ") || "Your interview";

  return { VERSION, STATUSES, MODES, CONTACTS, MAX, LIMITS, isObj, str, one, ident, stamp, day, many, newId, now,
    ticks, fields, blank, blankRound, blankPerson, logEntry, fresh, clean, roundFilled, filled, hasData, label };
});
