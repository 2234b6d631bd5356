// The plan (docs/assets/javascripts/core/plan.js) against the Python oracle
// (tests/planner_oracle.py) on generated cases. Run by tests/test_core_js.py under several
// time zones (TZ), or alone: node --test tests/js/ (PYTHON names the interpreter with PyYAML).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";

const require = createRequire(import.meta.url);
const P = require("../../docs/assets/javascripts/core/plan.js");
const here = fileURLToPath(new URL(".", import.meta.url));
const python = process.env.PYTHON || (existsSync(here + "../../.venv/bin/python") ? here + "../../.venv/bin/python" : "python3");
const COUNT = Number(process.env.ATI_CASES || 2000), SEED = Number(process.env.ATI_SEED || 7);
const { rules, cases } = JSON.parse(execFileSync(python, [here + "../planner_oracle.py", String(COUNT), String(SEED)], { maxBuffer: 1 << 28 }));

// A case as the record holds it: one round, and each done step as its own "Mark as done",
// but for every other case's thank-you step, done by a note marked sent (a message of its kind).
const interviewOf = (c, k = 0) => ({
  id: "i", rounds: [{ id: "r", date: c.interview, mode: "", people: [], decision: c.decision, promised: c.promised, promisedBy: c.promisedBy }],
  log: Object.entries(c.done).map(([rule, day], n) => ({ id: "e" + n, date: day, text: "Done", person: "",
    kind: rule == "plan-thank-you" && k % 2 ? "thank-you" : rule })),
});
const shown = steps => steps.map(s => ({ rule: s.r.id, from: P.iso(s.from), to: P.iso(s.to), done: s.done ? P.iso(s.done) : null }));
const wanted = c => c.expected.map(({ rule, from, to, done }) => ({ rule, from, to, done }));

test(`the plan matches the oracle in ${cases.length} generated cases (TZ=${process.env.TZ || "local"})`, () => {
  assert.ok(cases.length >= COUNT);
  assert.ok(rules.find(r => r.id == "plan-thank-you").kinds.includes("thank-you"), "the rules as the page gives them");
  cases.forEach((c, k) => {
    const hol = { key: c.holidays.length ? "x" : "", days: new Set(c.holidays), failed: false };
    const got = P.planOf(rules, interviewOf(c, k), { today: c.interview, hol });
    assert.deepEqual(shown(got.steps), wanted(c), JSON.stringify(c));
  });
  assert.ok(cases.some((c, k) => k % 2 && c.done["plan-thank-you"]), "some thank-you steps are done by a note");
});

test("a step's title names what was promised where its rule says so", () => {
  const named = rules.find(r => r.names_the_promise);
  const c = cases.find(x => x.expected.some(s => s.rule == named.id && s.summary.includes(":")));
  assert.ok(c, "some case has a promise named");
  assert.equal(P.stepTitle(named, c.promised), c.expected.find(s => s.rule == named.id).summary);
});

test("the stored dates never move while their inputs are unchanged, and move when an input does", () => {
  for (const c of cases.slice(0, 200)) {
    const hol = { key: "", days: null, failed: false }, i = interviewOf(c);
    const first = P.planOf(rules, i, { today: c.interview, hol });
    assert.ok(first.store, "a new plan is stored");
    // The rules change later (a new version of the site): the kept dates still stand.
    const later = rules.map(r => ({ ...r, latest: { count: r.latest.count + 5, unit: "days" } }));
    const again = P.planOf(later, { ...i, plan: first.store }, { today: c.interview, hol });
    assert.equal(again.store, null, "nothing new to store");
    const dates = steps => steps.map(s => [s.r.id, P.iso(s.from), P.iso(s.to)]);
    assert.deepEqual(dates(again.steps), dates(first.steps));
    const next = { ...i, rounds: [{ ...i.rounds[0], date: P.iso(P.add(P.parse(c.interview), { count: 1, unit: "days" })) }] };
    const moved = P.planOf(later, { ...next, plan: first.store }, { today: c.interview, hol });
    assert.ok(moved.store, "a new interview date makes a new plan");
    assert.deepEqual(dates(moved.steps), dates(P.planOf(later, next, { today: c.interview, hol }).steps), "counted afresh, not the kept dates");
  }
});

test("a plan worked out from the form's date, or without the holidays asked for, is never stored", () => {
  const c = cases[0], i = interviewOf(c);
  const blank = { ...i, rounds: [{ ...i.rounds[0], date: "" }] };
  assert.deepEqual(P.planOf(rules, blank, { today: c.interview }), { steps: null, store: null });
  const fromForm = P.planOf(rules, blank, { today: c.interview, day: c.interview });
  assert.ok(fromForm.steps.length > 0);
  assert.equal(fromForm.store, null);
  const failed = P.planOf(rules, i, { today: c.interview, hol: { key: "gb-eng", days: null, failed: true } });
  assert.ok(failed.steps.length > 0);
  assert.equal(failed.store, null);
  const loading = P.planOf(rules, i, { today: c.interview, hol: { key: "gb-eng", days: null, failed: false } });
  assert.equal(loading.steps, null, "no plan while the holidays load");
});

test("each step is done, overdue, due or upcoming against today", () => {
  for (const c of cases.slice(0, 300)) {
    const i = interviewOf(c), hol = { key: "", days: new Set(c.holidays), failed: false };
    const today = P.iso(P.add(P.parse(c.interview), { count: c.holidays.length * 3 % 25, unit: "days" }));
    for (const s of P.planOf(rules, i, { today, hol }).steps) {
      const want = s.done ? "done" : P.iso(s.to) < today ? "overdue" : P.iso(s.from) <= today ? "due" : "upcoming";
      assert.equal(s.state, want);
    }
  }
});

test("a panel's thank-you step is done only once every interviewer has had a note", () => {
  const people = [{ id: "p1" }, { id: "p2" }, { id: "p3" }];
  const round = { id: "r", date: "2026-12-07", mode: "", people, decision: "", promised: "", promisedBy: "" };
  const note = (n, person, date = "2026-12-07") => ({ id: "t" + n, date, kind: "thank-you", person, text: "Sent" });
  const thanksRule = [{ ...rules[0], kinds: ["thank-you"] }];
  const plan = log => P.planOf(thanksRule, { id: "i", rounds: [round], log }, { today: "2026-12-08" }).steps[0];
  assert.equal(plan([note(1, "p1"), note(2, "p2")]).state, "due");
  assert.equal(P.thanks(round, [note(1, "p1"), note(2, "p2")]).all, false);
  const all = [note(1, "p1"), note(2, "p2"), note(3, "p3", "2026-12-08")];
  assert.equal(plan(all).state, "done");
  assert.equal(P.iso(plan(all).done), "2026-12-08", "done on the day of the last note");
  // A note from before this round counts for the earlier round only.
  assert.equal(P.thanks(round, [note(1, "p1", "2026-12-01"), note(2, "p2"), note(3, "p3")]).all, false);
  assert.deepEqual(P.thanks(round, all).sent.map(s => s.entry && s.entry.id), ["t1", "t2", "t3"], "each interviewer's own note");
  // None named: any note of the round. One: a note to them or to no one named, not a note
  // to someone of an earlier round (the card, the plan and the checklist agree on that).
  assert.equal(P.thanks({ ...round, people: [] }, [note(1, "alice")]).all, true);
  assert.equal(P.thanks({ ...round, people: [{ id: "p1" }] }, [note(1, "")]).all, true);
  const bob = P.thanks({ ...round, people: [{ id: "bob" }] }, [note(1, "alice")]);
  assert.deepEqual([bob.all, bob.sent[0].entry, bob.last], [false, null, null]);
});

// What Due now must list: every step due or overdue, but one whose anchor step is too, and
// those before a chain's last step ("move on") once that one is due or done.
const open = s => s.state == "due" || s.state == "overdue";
const earlier = (steps, s) => {
  const out = new Set(), todo = [s];
  while (todo.length) {
    const x = todo.pop();
    for (const a of steps) if (x.r.anchor.includes(a.r.id) && !out.has(a)) { out.add(a); todo.push(a); }
  }
  return out;
};
const dueSteps = plans => plans.flatMap(([i, steps]) => {
  const last = steps.filter(z => (open(z) || z.done) && earlier(steps, z).size && !steps.some(x => x.r.anchor.includes(z.r.id)));
  const over = new Set(last.flatMap(z => [...earlier(steps, z)]));
  return steps.filter(s => open(s) && !over.has(s) && (last.includes(s) || !steps.some(a => s.r.anchor.includes(a.r.id) && open(a))))
    .map(s => i.id + "/" + s.r.id);
}).sort();

test("Due now puts what someone waits on first, and standing advice once, last", () => {
  // The 21 Dec: three interviews, Acme's decision date (18 Dec) just passed.
  const mk = (id, date, decision = "") => ({ id, log: [], rounds: [{ id: id + "r", date, mode: "", people: [], decision, promised: "", promisedBy: "" }] });
  const plans = [mk("acme", "2026-12-07", "2026-12-18"), mk("globex", "2026-12-01"), mk("initech", "2026-12-10")]
    .map(i => [i, P.planOf(rules, i, { today: "2026-12-21" }).steps]);
  const rows = P.dueNow(plans);
  const urgency = Object.fromEntries(rules.map(r => [r.id, r.urgency || 2]));
  assert.ok(rows.length >= 4);
  const checkIn = rows.findIndex(row => row.step.r.id == "plan-check-in-after-decision");
  assert.deepEqual(rows[checkIn].interviews.map(i => i.id), ["acme"]);
  assert.ok(rows.slice(0, checkIn + 1).every(row => urgency[row.step.r.id] == 1), "only what someone waits on comes before the check-in");
  assert.ok(rows.slice(checkIn + 1).some(row => urgency[row.step.r.id] > 1), "follow-up of your own comes after it");
  const standing = rows.filter(row => urgency[row.step.r.id] == 3);
  assert.equal(standing.length, 1, "keep your job search going: one row");
  assert.deepEqual(standing[0].interviews.map(i => i.id).sort(), ["acme", "globex", "initech"]);
  assert.equal(rows[rows.length - 1], standing[0], "standing advice last");
  for (let k = 1; k < rows.length; k++) assert.ok(urgency[rows[k - 1].step.r.id] <= urgency[rows[k].step.r.id]);
  // Every due or overdue step of every plan is on the list, once (but for a later one of a chain).
  const listed = rows.flatMap(row => row.interviews.map(i => i.id + "/" + row.step.r.id)).sort();
  assert.deepEqual(listed, dueSteps(plans));
});

test("Due now lists every due step of generated plans exactly once, in urgency order", () => {
  for (const c of cases.slice(0, 500)) {
    const i = interviewOf(c), today = P.iso(P.add(P.parse(c.interview), { count: c.holidays.length * 7 % 61, unit: "days" }));
    const hol = { key: "", days: new Set(c.holidays), failed: false };
    const plans = [[i, P.planOf(rules, i, { today, hol }).steps], [{ ...i, id: "j" }, P.planOf(rules, i, { today, hol }).steps]];
    const rows = P.dueNow(plans), rank = row => row.step.r.urgency || 2;
    const listed = rows.flatMap(row => row.interviews.map(x => x.id + "/" + row.step.r.id)).sort();
    assert.deepEqual(listed, dueSteps(plans));
    for (let k = 1; k < rows.length; k++) assert.ok(rank(rows[k - 1]) <= rank(rows[k]));
  }
});

test("a step put off leaves Due now until its day, then comes back", () => {
  const i = { id: "acme", log: [], later: {}, rounds: [{ id: "r", date: "2026-12-07", mode: "", people: [], decision: "", promised: "", promisedBy: "" }] };
  const due = (later, today) => P.dueNow([[{ ...i, later }, P.planOf(rules, { ...i, later }, { today }).steps]]).map(row => row.step.r.id);
  const before = due({}, "2026-12-08");
  assert.ok(before.includes("plan-thank-you"));
  assert.ok(!due({ "plan-thank-you": "2026-12-11" }, "2026-12-08").includes("plan-thank-you"));
  assert.ok(!due({ "plan-thank-you": "2026-12-11" }, "2026-12-10").includes("plan-thank-you"));
  assert.deepEqual(due({ "plan-thank-you": "2026-12-11" }, "2026-12-11"), due({}, "2026-12-11"), "back on its day");
  assert.deepEqual(due({ "plan-thank-you": "2026-12-08" }, "2026-12-08"), before);
});

test("a step put off is 'later' in the plan until its day, and what comes after it still waits", () => {
  const i = { id: "acme", log: [], later: { "plan-check-in-no-date": "2026-12-24" }, rounds: [{ id: "r", date: "2026-12-07", mode: "", people: [], decision: "", promised: "", promisedBy: "" }] };
  const step = (today, id = "plan-check-in-no-date") => P.planOf(rules, i, { today }).steps.find(s => s.r.id == id);
  const put = step("2026-12-21");
  assert.equal(put.state, "later");
  assert.equal(P.iso(put.later), "2026-12-24");
  assert.notEqual(step("2026-12-24").state, "later", "back on its day");
  assert.equal(step("2026-12-24").later, undefined);
  const today = "2026-12-30", plan = P.planOf(rules, i, { today: "2026-12-30" }).steps;
  assert.notEqual(plan.find(s => s.r.id == "plan-check-in-again").state, "upcoming");
  const ids = P.dueNow([[{ ...i, later: { "plan-check-in-no-date": "2027-01-02" } }, P.planOf(rules, { ...i, later: { "plan-check-in-no-date": "2027-01-02" } }, { today }).steps]])
    .map(row => row.step.r.id);
  assert.ok(!ids.includes("plan-check-in-no-date") && !ids.includes("plan-check-in-again"), ids);
});

test("once 'move on' is due, the check-ins never done before it are no longer asked for", () => {
  // The phone run's Contoso: interviewed 8 Dec, no check-in done; on 8 Jan its first check-in
  // was "overdue by 18 days" and "move on" (due 7 Jan) never showed.
  const i = { id: "contoso", log: [], later: {}, rounds: [{ id: "r", date: "2026-12-08", mode: "phone", people: [], decision: "", promised: "", promisedBy: "" }] };
  const at = today => P.dueNow([[i, P.planOf(rules, i, { today }).steps]]).map(row => row.step.r.id);
  const plan = P.planOf(rules, i, { today: "2027-01-08" }).steps, stop = plan.find(s => s.r.id == "plan-stop-chasing");
  assert.ok(stop.state == "due" || stop.state == "overdue", stop.state);
  assert.deepEqual(at("2027-01-08").filter(id => id.includes("check-in") || id == "plan-stop-chasing"), ["plan-stop-chasing"]);
  // Before that day, the first check-in is still the one asked for.
  const early = P.iso(P.add(stop.from, { count: -1, unit: "days" }));
  assert.ok(at(early).includes("plan-check-in-no-date") && !at(early).includes("plan-stop-chasing"), at(early));
  // Moved on (marked done): nothing of the chain is asked for again.
  const gone = { ...i, log: [{ id: "m", date: "2027-01-08", kind: "plan-stop-chasing", text: "Done" }] };
  assert.deepEqual(P.dueNow([[gone, P.planOf(rules, gone, { today: "2027-01-09" }).steps]])
    .map(row => row.step.r.id).filter(id => id.includes("check-in") || id == "plan-stop-chasing"), []);
});

test("Due now asks for one check-in at a time: the second waits while the first is open", () => {
  const i = { id: "acme", log: [], later: {}, rounds: [{ id: "r", date: "2026-12-07", mode: "", people: [], decision: "2026-12-11", promised: "", promisedBy: "" }] };
  const plan = P.planOf(rules, i, { today: "2026-12-29" }).steps, state = id => plan.find(s => s.r.id == id).state;
  assert.equal(state("plan-check-in-after-decision"), "overdue");
  assert.notEqual(state("plan-check-in-again"), "upcoming", "the plan itself has the second one due");
  const rows = P.dueNow([[i, plan]]).map(row => row.step.r.id);
  assert.ok(rows.includes("plan-check-in-after-decision"));
  assert.ok(!rows.includes("plan-check-in-again"));
  const done = { ...i, log: [{ id: "m", date: "2026-12-29", kind: "plan-check-in-after-decision", text: "Done" }] };
  const after = P.planOf(rules, done, { today: "2027-01-08" }).steps;
  assert.ok(P.dueNow([[done, after]]).some(row => row.step.r.id == "plan-check-in-again"), "due once the first is done");
});

test("a newer round without a date counts marks from today: an earlier round's stay its own", () => {
  const two = { rounds: [{ date: "2026-12-07" }, { date: "" }] };
  assert.equal(P.since(two, "2026-12-29"), "2026-12-29");
  assert.equal(P.since(two, "2026-12-29", two.rounds[0]), "2026-12-07");
  assert.equal(P.since({ rounds: [{ date: "" }] }, "2026-12-29"), "", "a first round without a date: every mark is its own");
  assert.equal(P.since({ rounds: [{ date: "2026-12-07" }, { date: "2027-01-06" }] }, "2026-12-29"), "2027-01-06");
  // Round 1's note (8 Dec) does not make round 2's thank-you sent while round 2 has no date.
  const round = { date: "", people: [] }, log = [{ id: "a", kind: "thank-you", date: "2026-12-08", person: "" }];
  assert.equal(P.sentFor(round, log, "thank-you", "2026-12-29"), null);
  assert.equal(P.sentFor(round, log, "thank-you", ""), log[0]);
});

test("a checklist item's tick completes the one check-in step the round's plan has", () => {
  const ids = ["plan-check-in-after-decision", "plan-check-in-no-date"];
  const cands = ids.map(id => ({ id, when: rules.find(r => r.id == id).only_when }));
  assert.equal(P.stepFor(cands, { decision: "2026-12-18" }).id, "plan-check-in-after-decision");
  assert.equal(P.stepFor(cands, { decision: "" }).id, "plan-check-in-no-date");
  assert.equal(P.stepFor(cands, { decision: "2026-02-31" }).id, "plan-check-in-no-date", "a date that doesn't exist is none");
  // The step chosen is the step the plan holds, in every generated case.
  cases.slice(0, 300).forEach(c => {
    const got = P.planOf(rules, interviewOf(c), { today: c.interview, hol: null }).steps.map(s => s.r.id);
    const pick = P.stepFor(cands, { decision: c.decision, promisedBy: c.promisedBy }).id;
    assert.ok(got.includes(pick) && ids.filter(id => id != pick).every(id => !got.includes(id)), JSON.stringify(c));
  });
  assert.equal(P.stepFor([{ id: "x", when: "promised" }], { promisedBy: "" }), null);
});
