/* The merge of two saved records (this browser's, and an imported file's or another
   device's), as a pure function; core/record.js is the record. Loaded only when an import
   needs it (window.atiCore.merge), and in Node's test runner (tests/js/record.test.mjs). */
"use strict";
(function (make) {
  if (typeof module == "object" && module.exports) module.exports = make(require("./record.js"));
  else (globalThis.atiCore = globalThis.atiCore || {}).merge = make(globalThis.atiCore.record);
})(R => {
  const { LIMITS, filled, fresh } = R;
  // Two records (this browser's, and a file's or another device's) as one that loses
  // nothing: interviews, rounds, people and log entries join by id, ticks add up, and a
  // detail that differs keeps the value of the copy changed last (its interview's
  // `updated`; for your own details, the record's `changed`). Returns { record, added,
  // grown, conflicts }: the interviews the file adds, what it adds to ones you have
  // ({ interview, log, rounds, people, ticks, fields } counts), and each detail that
  // differs ({ interview, what, ours, theirs, kept: "ours" | "theirs" }); over: what the
  // merged record would hold past the site's limits (then nothing may be merged). Neither
  // input changes.
  const copy = v => JSON.parse(JSON.stringify(v));
  const SCALARS = { company: "company", role: "role", status: "status", contact: "how they like to be contacted" };
  const ROUND = { date: "date", mode: "how it was held", decision: "decision date", promised: "what you promised", promisedBy: "promised by" };
  const PERSON = { name: "name", title: "job title", email: "email", contact: "contact", topic: "topic" };
  function mergeInterview(a, b, conflicts) {
    const theirsNewer = b.updated > a.updated, out = copy(a), grown = { interview: out, log: 0, rounds: 0, people: 0, ticks: 0, fields: 0 };
    const pick = (to, from, key, what) => {
      if (to[key] === from[key]) return;
      conflicts.push({ interview: out, what, ours: to[key], theirs: from[key], kept: theirsNewer ? "theirs" : "ours" });
      if (theirsNewer) to[key] = from[key];
    };
    const join = (ours, theirs, count, both) => theirs.forEach(t => {
      const o = ours.find(x => x.id == t.id);
      if (!o) { ours.push(copy(t)); grown[count]++; } else both(o, t);
    });
    Object.keys(SCALARS).forEach(k => pick(out, b, k, SCALARS[k]));
    const n = i => `round ${i + 1}`;
    join(out.rounds, b.rounds, "rounds", (o, t) => {
      const at = n(out.rounds.indexOf(o));
      Object.keys(ROUND).forEach(k => pick(o, t, k, `${at}, ${ROUND[k]}`));
      join(o.people, t.people, "people", (p, q) => Object.keys(PERSON).forEach(k => pick(p, q, k, `${at}, ${p.name || q.name || "an interviewer"}'s ${PERSON[k]}`)));
      Object.keys(t.ticks).forEach(c => Object.keys(t.ticks[c]).forEach(k => {
        const got = o.ticks[c] = o.ticks[c] || {};
        if (!got[k]) { got[k] = 1; grown.ticks++; }
      }));
    });
    // Rounds new to this copy take their place by date (the latest is the one the plan counts from).
    if (grown.rounds && out.rounds.every(r => r.date)) out.rounds.sort((x, y) => x.date < y.date ? -1 : x.date > y.date ? 1 : 0);
    join(out.log, b.log, "log", (o, t) => {
      pick(o, t, "date", `the date of "${o.text}"`);
      pick(o, t, "text", "a log entry's words");
    });
    Object.keys(b.fields).forEach(k => {
      if (!(k in out.fields)) { out.fields[k] = b.fields[k]; grown.fields++; } else pick(out.fields, b.fields, k, `the template detail "${k}"`);
    });
    // A step put off on either side stays put off, until the later of the two days.
    Object.keys(b.later).forEach(k => { if (!(out.later[k] >= b.later[k])) out.later[k] = b.later[k]; });
    if (theirsNewer && b.plan) out.plan = copy(b.plan);
    if (b.calendar && (!out.calendar || b.calendar.sequence > out.calendar.sequence)) out.calendar = copy(b.calendar);
    out.created = [a.created, b.created].filter(Boolean).sort()[0] || "";
    out.updated = a.updated > b.updated ? a.updated : b.updated;
    return grown;
  }
  // What the record cannot hold (the schema's maxItems), in words; a merge past it is refused.
  function over(r) {
    const out = r.interviews.length > LIMITS.interviews ? [`${r.interviews.length} interviews (the most is ${LIMITS.interviews})`] : [];
    r.interviews.forEach(i => {
      const name = R.label(i), big = (n, max, what) => { if (n > max) out.push(`${name}: ${n} ${what} (the most is ${max})`); };
      big(i.rounds.length, LIMITS.rounds, "rounds");
      big(i.log.length, LIMITS.log, "log entries");
      i.rounds.forEach((d, k) => big(d.people.length, LIMITS.people, `interviewers in round ${k + 1}`));
    });
    return out;
  }
  function merge(ours, theirs) {
    const out = copy(ours), conflicts = [], added = [], grown = [];
    // Our empty interviews (a new browser's first one) make no room the file's could use.
    if (theirs.interviews.some(filled)) out.interviews = out.interviews.filter(filled);
    theirs.interviews.forEach(t => {
      const k = out.interviews.findIndex(i => i.id == t.id);
      if (k < 0) { if (filled(t)) { out.interviews.push(copy(t)); added.push(out.interviews[out.interviews.length - 1]); } return; }
      const g = mergeInterview(out.interviews[k], t, conflicts);
      out.interviews[k] = g.interview;
      if (g.log + g.rounds + g.people + g.ticks + g.fields) grown.push(g);
    });
    if (!out.interviews.length) out.interviews = fresh().interviews;
    if (!out.interviews.some(i => i.id == out.current)) out.current = out.interviews[0].id;
    const theirsNewer = theirs.changed > ours.changed;
    Object.keys(out.me).forEach(k => {
      const t = theirs.me[k];
      if (!t || t === out.me[k]) return;
      if (!out.me[k]) { out.me[k] = t; return; }
      conflicts.push({ interview: null, what: "your " + { name: "name", email: "email", phone: "phone", signoff: "sign-off" }[k], ours: out.me[k], theirs: t, kept: theirsNewer ? "theirs" : "ours" });
      if (theirsNewer) out.me[k] = t;
    });
    out.prefs.dates = out.prefs.dates || theirs.prefs.dates;
    out.prefs.holidays = out.prefs.holidays || theirs.prefs.holidays;
    if (theirs.changed > out.changed) out.changed = theirs.changed;
    return { record: out, added, grown, conflicts, over: over(out) };
  }

  return { merge };
});
