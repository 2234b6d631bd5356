/* The follow-up plan, as pure functions: an interview's latest round and its log, the planner's
   rules, today and the public holidays go in; dated steps come out. No page, no storage:
   the same file runs in the browser (window.atiCore.plan) and in Node's test runner
   (tests/js/), where it is checked against tests/planner_oracle.py. Dates are local
   calendar dates ("YYYY-MM-DD" or a Date at local midnight), never UTC milliseconds. */
"use strict";
(function (make) {
  const m = make();
  if (typeof module == "object" && module.exports) module.exports = m;
  else (globalThis.atiCore = globalThis.atiCore || {}).plan = m;
})(() => {
  const pad = n => (n < 10 ? "0" : "") + n;
  const iso = d => d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  // "YYYY-MM-DD" to a local date; null if that day doesn't exist.
  function parse(s) {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s), d = m && new Date(m[1], m[2] - 1, m[3]);
    return d && iso(d) === s ? d : null;
  }
  const weekend = d => d.getDay() % 6 === 0;
  const DAY = { count: 1, unit: "days" };
  // hol: a Set of "YYYY-MM-DD" public holidays (or null for none).
  const holiday = (d, hol) => !!hol && hol.has(iso(d));
  // Business days count only Monday to Friday that are not public holidays, starting with
  // the first such day after d.
  function add(d, o, hol) {
    const r = new Date(d.getFullYear(), d.getMonth(), d.getDate());
    let n = o.count;
    if (o.unit === "days") r.setDate(r.getDate() + n);
    else while (n > 0) { r.setDate(r.getDate() + 1); if (!weekend(r) && !holiday(r, hol)) n--; }
    return r;
  }
  const latest = i => i.rounds[i.rounds.length - 1];
  // The day from which marks and messages count for a round (the latest unless another is
  // given): its date; for a newer round still without one, today (what an earlier round had
  // stays that round's).
  const since = (i, today, round = latest(i)) => round.date || (round === latest(i) && i.rounds.length > 1 ? today : "");
  // Whether a rule's only_when holds for a round's dates (v: its parsed dates, as inputs() gives).
  const applies = (w, v) => !w || (w === "promised" ? !!v.promisedBy : w === "decision-given" ? !!v.decision : !v.decision);
  // Of the steps a checklist item may complete ([{ id, when }]), the one a round's plan has.
  const stepFor = (steps, round) => steps.find(s => applies(s.when, { decision: parse(round.decision || ""), promisedBy: parse(round.promisedBy || "") })) || null;

  // The thank-you notes of a round: the one rule for "sent" that every tool uses. With no
  // interviewer named, any note marked sent since the round counts; with one, a note to
  // them or to no one named; with several, each needs their own. sent: each interviewer
  // with their note (or null); all: every note is sent; last: the latest note that counts.
  // from: the day notes count from (since(), for a round without a date yet).
  function thanks(round, log, from = round.date) {
    const notes = log.filter(e => e.kind == "thank-you" && e.date >= from), people = round.people.length ? round.people : [null];
    const counts = p => e => !p || e.person == p.id || !e.person && people.length == 1;
    const sent = people.map(p => ({ person: p, entry: notes.find(counts(p)) || null }));
    const last = notes.filter(e => people.some(p => counts(p)(e))).reduce((a, b) => !a || b.date > a.date ? b : a, null);
    return { sent, all: sent.every(s => s.entry), last };
  }

  // The entry that marks a kind of message sent for a round (a thank-you: the last note,
  // once every interviewer has one); null if none does.
  function sentFor(round, log, kind, from = round.date) {
    if (kind == "thank-you") { const t = thanks(round, log, from); return t.all ? t.last : null; }
    return log.filter(e => e.kind == kind && e.date >= from).pop() || null;
  }

  // The steps for one round's dates, in date order. A step the log shows as done (an entry
  // of one of its kinds, on or after the day it counts from) carries `done`, and steps
  // counted from it count from that day.
  function steps(rules, v, log, hol) {
    const have = { interview: v.interview, decision: v.decision, "promised-by": v.promisedBy }, by = {}, out = [], used = new Set();
    rules.forEach(r => {
      const w = r.only_when;
      let base = null;
      if (!applies(w, v)) return;
      r.anchor.some(a => (base = have[a] || by[a] && (by[a].done || by[a].to)));
      if (r.after_done && by[r.after_done] && by[r.after_done].done) base = by[r.after_done].done;
      if (!base) return;
      const at = o => {
        let d = add(base, o, hol);
        const min = r.never_before && add(v.interview, r.never_before, hol);
        if (min && d < min) d = min;
        // No step starts or ends on a public holiday (but the day you promised something by
        // stays as you gave it); some move off weekends too.
        while (holiday(d, hol) && r.anchor[0] != "promised-by" || r.move_off_weekends && weekend(d)) d = add(d, DAY);
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

  // The dates a round gives the plan (each round has its own decision date and promise);
  // null without a (valid) interview date.
  function inputs(i, round = latest(i)) {
    const v = { interview: parse(round.date), decision: parse(round.decision), promisedBy: parse(round.promisedBy), promised: round.promised };
    return v.interview ? v : null;
  }
  // A step's title, with what was promised where the step names it.
  const stepTitle = (r, promised) => r.title + (r.names_the_promise && promised.trim() ? ": " + promised.trim() : "");
  const hash = s => { let h = 5381; for (const c of s) h = (h * 33 ^ c.codePointAt(0)) >>> 0; return s.length + "-" + h.toString(36); };

  // An interview's plan today: { steps, store }. Its dates are those first shown while what
  // they were worked out from is unchanged (a new version of the rules or of the holiday
  // list never moves them); each step is done, overdue, due or upcoming. store: the dates to
  // keep in the interview (null when they are kept already, or must not be). steps is null
  // without an interview date or while the holidays load.
  // o: { today: "YYYY-MM-DD", hol: { key, days: Set|null, failed }, day: the form's date
  // when the round has none yet (nothing is then kept) }.
  function planOf(rules, i, o) {
    const h = o.hol || { key: "", days: null, failed: false };
    let keep = true;
    if (o.day && !latest(i).date) { i = { ...i, rounds: [...i.rounds.slice(0, -1), { ...latest(i), date: o.day }] }; keep = false; }
    const v = inputs(i);
    if (!v || h.key && !h.days && !h.failed) return { steps: null, store: null };
    if (h.failed) keep = false;  // a plan without the holidays asked for is never kept
    // A panel's thank-you step is done when every interviewer of the round has had theirs.
    const rd = latest(i), t = thanks(rd, i.log);
    const entries = i.log.filter(e => e.kind != "thank-you" || e.date < rd.date || t.all && e == t.last);
    const kinds = new Set(rules.flatMap(r => [...(r.kinds || []), r.id]));
    const log = entries.filter(e => kinds.has(e.kind)).map(e => e.kind + e.date).sort();
    const sig = hash(JSON.stringify([rd.date, rd.decision, rd.promisedBy, h.key, log]));
    const out = steps(rules, v, entries, h.days), kept = i.plan && i.plan.sig == sig, was = kept ? i.plan.steps : {}, now = parse(o.today);
    out.forEach(s => {
      const old = was[s.r.id];
      if (old) { s.from = parse(old[0]); s.to = parse(old[1]); }
      s.state = s.done ? "done" : s.to < now ? "overdue" : s.from <= now ? "due" : "upcoming";
      // Put off (Due now's button) past today: "later", until that day (s.later).
      const off = (i.later || {})[s.r.id];
      if (off > o.today && (s.state == "due" || s.state == "overdue")) { s.state = "later"; s.later = parse(off); }
    });
    out.sort((a, b) => a.from - b.from);
    const store = keep && !kept ? { sig, steps: Object.fromEntries(out.map(s => [s.r.id, [iso(s.from), iso(s.to)]])) } : null;
    return { steps: out, store };
  }

  // Steps of the plan that step s comes after, through its anchors (a check-in's second
  // one, then "move on", come after the first check-in).
  const before = (plan, s, seen = new Set()) => plan.filter(a => s.r.anchor.includes(a.r.id) && !seen.has(a) && seen.add(a))
    .forEach(a => before(plan, a, seen)) || seen;

  // A step asked for today: due or overdue, not done (one put off is "later": planOf).
  const open = s => !s.done && (s.state == "overdue" || s.state == "due");

  // Once the step that ends a chain is due or done (nothing comes after it: "move on"),
  // the steps before it that were never done are no longer asked for: { ends, over }.
  function passed(list) {
    const ends = list.filter(z => (open(z) || z.done) && !list.some(x => x.r.anchor.includes(z.r.id)) && before(list, z).size);
    return { ends, over: new Set(ends.flatMap(z => [...before(list, z)].filter(a => !a.done))) };
  }

  // "Due now": every step due or overdue today of the plans given ([interview, steps]
  // pairs, each made by planOf, which tells the steps put off), most urgent first: by the
  // rule's urgency (1 someone is waiting on it, 2 follow-up of your own, 3 standing advice,
  // which is one row for all the interviews it is due for), then overdue before due, then
  // the earlier deadline. Each row: { step, interviews }.
  function dueNow(plans) {
    const rows = [], standing = new Map(), urgency = s => s.r.urgency || 2, off = a => a.state == "later";
    plans.forEach(([i, plan]) => {
      const list = plan || [], { ends, over } = passed(list);
      list.forEach(s => {
        if (!open(s) || over.has(s)) return;
        // One step of a chain at a time: a step whose own anchor step is still open (or put
        // off) waits for it (a second check-in is not asked for before the first is done).
        if (!ends.includes(s) && list.some(a => s.r.anchor.includes(a.r.id) && (open(a) || off(a)))) return;
        const row = urgency(s) == 3 && standing.get(s.r.id);
        if (row) { row.interviews.push(i); if (s.to < row.step.to) row.step = s; return; }
        rows.push({ step: s, interviews: [i] });
        if (urgency(s) == 3) standing.set(s.r.id, rows[rows.length - 1]);
      });
    });
    const rank = ({ step: s }) => [urgency(s), s.state == "overdue" ? 0 : 1, s.to.getTime()];
    return rows.sort((a, b) => { const x = rank(a), y = rank(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
  }

  return { iso, parse, add, weekend, latest, since, applies, stepFor, thanks, sentFor, steps, inputs, planOf, stepTitle, dueNow, passed, DAY };
});
