// The saved record (docs/assets/javascripts/core/record.js and core/merge.js): cleaning,
// migration from every earlier version, and merge, as properties over generated records.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { maker } from "./records.mjs";

const require = createRequire(import.meta.url);
const R = require("../../docs/assets/javascripts/core/record.js");
const P = require("../../docs/assets/javascripts/core/plan.js");
const { merge } = require("../../docs/assets/javascripts/core/merge.js");
const FIXTURES = new URL("../fixtures/saved/", import.meta.url);
const copy = v => JSON.parse(JSON.stringify(v));

const SEEDS = Array.from({ length: 400 }, (_, k) => k + 1);
const ids = list => new Set(list.map(x => x.id));
// Every tick of an interview, as round/checklist/item.
const allTicks = i => i.rounds.flatMap(d => Object.entries(d.ticks).flatMap(([c, t]) => Object.keys(t).map(k => `${d.id}/${c}/${k}`)));

test("cleaning a valid record loses nothing, and cleaning twice changes nothing", () => {
  for (const seed of SEEDS) {
    const rec = maker(seed).raw();
    assert.deepEqual(R.clean(copy(rec)), rec, "seed " + seed);
    assert.deepEqual(R.clean(R.clean(rec)), R.clean(rec));
  }
});

test("a merge past the site's limits says so and cuts nothing", () => {
  const m = maker(9), a = m.record(1), b = copy(a), i = a.interviews[0], j = b.interviews[0];
  i.rounds = Array.from({ length: 11 }, m.round);
  j.rounds = Array.from({ length: 11 }, m.round);
  j.updated = "2030-01-01T00:00:00.000Z";
  const got = merge(R.clean(a), R.clean(b));
  assert.equal(got.record.interviews[0].rounds.length, 22, "nothing cut");
  assert.deepEqual(got.over, [`${R.label(i)}: 22 rounds (the most is ${R.LIMITS.rounds})`]);
  assert.deepEqual(merge(R.clean(a), R.clean(a)).over, []);
});

test("cleaning any value gives a valid record or null, never an error", () => {
  const junk = [null, 1, "x", [], {}, { version: 3 }, { version: 4, interviews: [] }, { version: 5, interviews: [] }, { version: 3, interviews: "x", me: [] },
    { version: 4, interviews: [{ id: "a", ticks: { c: { t: 1 } }, rounds: [{ id: "r", ticks: { c: { u: 1, v: 2 } } }] }] },
    { version: 3, interviews: [{ id: "a", rounds: [{ id: "r", date: "2026-02-30", people: [{ id: 5 }] }], log: [{ id: "e", date: "x" }] }] },
    { version: 3, interviews: Array.from({ length: 150 }, (_, k) => ({ id: "i" + k, log: Array.from({ length: 30 }, (_, j) => ({ id: "e" + j, date: "2026-12-01", text: "t" })) })) }];
  for (const v of junk) {
    const c = R.clean(v);
    if (c === null) continue;
    assert.equal(c.version, R.VERSION);
    assert.ok(c.interviews.length >= 1 && c.interviews.length <= R.LIMITS.interviews);
    assert.deepEqual(R.clean(c), c);
  }
  assert.equal(R.clean({ version: R.VERSION + 1 }), null, "a newer version's record is not read as this one");
});

test("merging a record into itself changes nothing and reports nothing", () => {
  for (const seed of SEEDS) {
    const rec = maker(seed).record(), got = merge(rec, copy(rec));
    assert.deepEqual(got.record, rec, "seed " + seed);
    assert.deepEqual([got.added, got.grown, got.conflicts], [[], [], []]);
  }
});

// Two devices: both start from the same record, then each changes its own copy.
function twoDevices(seed) {
  const m = maker(seed), base = m.record(2 + m.n(4)), a = copy(base), b = copy(base);
  const later = (i, t) => { i.updated = t; };
  for (const [side, when] of [[a, "2027-01-01T09:00:00.000Z"], [b, "2027-01-01T10:00:00.000Z"]]) {
    side.interviews.forEach(i => {
      if (m.n(2)) { i.log.push(m.entry()); later(i, when); }
      if (m.n(3) == 0) { i.status = m.pick(R.STATUSES); later(i, when); }
      if (m.n(4) == 0) { P.latest(i).decision = m.day(); later(i, when); }
      if (m.n(4) == 0) { i.rounds.push(m.round()); later(i, when); }
      if (m.n(4) == 0) { const t = m.pick(i.rounds).ticks; (t.essentials = t.essentials || {})[m.ident("t")] = 1; later(i, when); }
      if (m.n(5) == 0) { P.latest(i).people.push(m.person()); later(i, when); }
      if (m.n(5) == 0) { i.later["plan-check-in-again"] = m.day(); later(i, when); }
    });
    if (m.n(2)) side.interviews.push({ ...m.record(1).interviews[0], company: "Only on one side" });
  }
  return { base, a: R.clean(a), b: R.clean(b) };
}

test("merge keeps every interview, round, person, log entry and tick of both sides", () => {
  for (const seed of SEEDS) {
    const { a, b } = twoDevices(seed), { record } = merge(a, b);
    for (const side of [a, b]) for (const i of side.interviews.filter(R.filled)) {
      const m = record.interviews.find(x => x.id == i.id);
      assert.ok(m, `seed ${seed}: interview ${i.id} kept`);
      for (const k of ids(i.log)) assert.ok(ids(m.log).has(k), `seed ${seed}: log entry ${k} kept`);
      for (const k of ids(i.rounds)) assert.ok(ids(m.rounds).has(k), `seed ${seed}: round ${k} kept`);
      for (const d of i.rounds) for (const k of ids(d.people)) assert.ok(ids(m.rounds.find(x => x.id == d.id).people).has(k));
      for (const t of allTicks(i)) assert.ok(allTicks(m).includes(t), `seed ${seed}: tick ${t} kept`);
      for (const [k, d] of Object.entries(i.later)) assert.ok(m.later[k] >= d, `seed ${seed}: ${k} stays put off`);
    }
    assert.deepEqual(R.clean(copy(record)), record, "the merge is a valid record");
  }
});

test("where a detail differs, the copy changed last wins, and the conflict lists both values", () => {
  let seen = 0;
  for (const seed of SEEDS) {
    const { a, b } = twoDevices(seed), got = merge(a, b);
    for (const c of got.conflicts) {
      assert.notEqual(c.ours, c.theirs);
      if (!c.interview) continue;
      const ai = a.interviews.find(x => x.id == c.interview.id), bi = b.interviews.find(x => x.id == c.interview.id);
      assert.equal(c.kept, bi.updated > ai.updated ? "theirs" : "ours", `seed ${seed}`);
      seen++;
    }
    // The newer copy's status and decision dates stand.
    for (const bi of b.interviews) {
      const ai = a.interviews.find(x => x.id == bi.id), m = got.record.interviews.find(x => x.id == bi.id);
      if (!ai || !m) continue;
      const newer = bi.updated > ai.updated ? bi : ai;
      assert.equal(m.status, newer.status, `seed ${seed}`);
      for (const d of newer.rounds) assert.equal(m.rounds.find(x => x.id == d.id).decision, d.decision, `seed ${seed}`);
    }
  }
  assert.ok(seen > 50, `conflicts were generated (${seen})`);
});

test("merging the same file again changes nothing more", () => {
  for (const seed of SEEDS) {
    const { a, b } = twoDevices(seed), once = merge(a, b).record, twice = merge(once, b);
    assert.deepEqual(twice.record, once, `seed ${seed}`);
    assert.deepEqual([twice.added, twice.grown], [[], []]);
  }
});

test("two phones: a log entry added on each survives the merge both ways (the issue's case)", () => {
  const base = R.clean(JSON.parse(readFileSync(new URL("v2-three-interviews.json", FIXTURES))));
  const phone1 = copy(base), phone2 = copy(base);
  phone1.interviews[0].log.push({ ...R.logEntry("Sent the portfolio link again", { date: "2027-01-02" }), id: "ephone1" });
  phone1.interviews[0].updated = "2027-01-02T09:00:00.000Z";
  phone2.interviews[0].log.push({ ...R.logEntry("Asked about the start date", { date: "2027-01-02" }), id: "ephone2" });
  phone2.interviews[0].updated = "2027-01-02T10:00:00.000Z";
  for (const [x, y] of [[phone1, phone2], [phone2, phone1]]) {
    const got = merge(x, y), log = ids(got.record.interviews[0].log);
    assert.ok(log.has("ephone1") && log.has("ephone2"));
    assert.deepEqual(got.conflicts, []);
    assert.equal(got.grown.length, 1);
    assert.equal(got.grown[0].log, 1);
  }
});

test("every earlier version's saved record migrates with nothing lost", () => {
  const files = readdirSync(FIXTURES).filter(f => /^v2-.*\.json$/.test(f));
  assert.ok(files.length > 0);
  for (const f of files) {
    const old = JSON.parse(readFileSync(new URL(f, FIXTURES))), got = R.clean(copy(old));
    assert.equal(got.version, R.VERSION, f);
    assert.deepEqual([got.me, got.current, got.changed, got.exported], [old.me, old.current, old.changed, old.exported], f);
    assert.deepEqual(got.prefs, { dates: "", holidays: "", ...old.prefs }, f);
    old.interviews.forEach((o, k) => {
      const i = got.interviews[k];
      for (const key of ["id", "company", "role", "status", "contact", "fields", "log", "created", "updated", "plan"])
        assert.deepEqual(i[key], o[key], `${f}: ${o.id}.${key}`);
      assert.deepEqual(i.calendar, typeof o.calendar == "number" ? { sequence: o.calendar, steps: [] } : o.calendar, `${f}: ${o.id}.calendar`);
      assert.deepEqual(i.rounds.map(({ id, date, mode, people }) => ({ id, date, mode, people })), o.rounds, `${f}: ${o.id}.rounds`);
      // The decision date and the promise each live in exactly one round now.
      const held = k2 => i.rounds.filter(d => d[k2]).map(d => d[k2]);
      assert.deepEqual(held("decision"), o.decision ? [o.decision] : [], `${f}: ${o.id} decision`);
      assert.deepEqual(held("promised"), o.promised ? [o.promised] : [], `${f}: ${o.id} promised`);
      assert.deepEqual(held("promisedBy"), o.promisedBy ? [o.promisedBy] : [], `${f}: ${o.id} promisedBy`);
      // The ticks are the latest round's, the one whose checklists showed them.
      assert.deepEqual(i.rounds.map(d => d.ticks), [...i.rounds.slice(1).map(() => ({})), o.ticks], `${f}: ${o.id} ticks`);
    });
  }
});

test("version 3's saved record migrates whole, its ticks in each interview's latest round", () => {
  const files = readdirSync(FIXTURES).filter(f => /^v3-.*\.json$/.test(f));
  assert.ok(files.length > 0);
  for (const f of files) {
    const old = JSON.parse(readFileSync(new URL(f, FIXTURES)));
    assert.equal(old.version, 3, f);
    const want = copy(old);
    want.version = R.VERSION;
    want.interviews.forEach(i => {
      i.rounds.forEach((d, k) => { d.ticks = k == i.rounds.length - 1 ? i.ticks : {}; });
      delete i.ticks;
    });
    assert.deepEqual(R.clean(copy(old)), want, f);
  }
});

// What this version saves, as a fixture: every later version must read it whole (a newer
// one through its migration, with a test of its own beside these).
test("a record this version saved (fixtures v4-*) is read back whole", () => {
  const files = readdirSync(FIXTURES).filter(f => /^v4-.*\.json$/.test(f));
  assert.ok(files.length > 0);
  for (const f of files) {
    const saved = JSON.parse(readFileSync(new URL(f, FIXTURES)));
    assert.equal(saved.version, R.VERSION, f);
    assert.deepEqual(R.clean(copy(saved)), saved, f);
  }
});

test("a promise and a decision date move to the round they were given at", () => {
  const old = JSON.parse(readFileSync(new URL("v2-three-interviews.json", FIXTURES))), acme = R.clean(old).interviews[0];
  assert.deepEqual(acme.rounds.map(d => [d.decision, d.promised, d.promisedBy]),
    [["2026-12-18", "my portfolio", "2026-12-10"], ["", "", ""]]);
});

test("version 1's saves (three keys) become one record of this version", () => {
  globalThis.window = globalThis;
  require("../../docs/assets/javascripts/ati-v1.js");
  const saved = {
    "ati:checklists:v1": { cur: "default", list: [{ id: "default", name: "Acme", ticks: { "first-two-days": { "notes-one-per-interviewer": 1 } } }] },
    "ati:fields:v1": { company: "Acme", role: "Designer", "interview-date": "2026-12-07", "decision-date": "2026-12-18", "interviewer-name": "Grace", strength: "print" },
    "ati:planner:v1": { interview: "2026-12-07", decision: "2026-12-18", contact: "email", promised: "my portfolio", promisedBy: "2026-12-10" },
  };
  const got = window.atiV1(k => saved[k], { ...R, V1: { checklists: "ati:checklists:v1", fields: "ati:fields:v1", planner: "ati:planner:v1" } });
  const i = got.interviews[0], rd = i.rounds[0];
  assert.equal(got.version, R.VERSION);
  assert.deepEqual([i.company, i.role, i.contact, i.fields, P.latest(i).ticks], ["Acme", "Designer", "email", { strength: "print" }, saved["ati:checklists:v1"].list[0].ticks]);
  assert.deepEqual([rd.date, rd.decision, rd.promised, rd.promisedBy, rd.people[0].name], ["2026-12-07", "2026-12-18", "my portfolio", "2026-12-10", "Grace"]);
});

test("a second round starts a new plan; the first round's promise and done marks stay and nothing done comes back", () => {
  const rules = [
    { id: "plan-thank-you", title: "Thanks", anchor: ["interview"], earliest: { count: 0, unit: "business-days" }, latest: { count: 2, unit: "business-days" }, kinds: ["thank-you"] },
    { id: "plan-send-what-you-promised", title: "Send what you promised", names_the_promise: true, anchor: ["promised-by"], earliest: { count: 0, unit: "days" }, latest: { count: 0, unit: "days" }, only_when: "promised" },
    { id: "plan-check-in-after-decision", title: "Check in", anchor: ["decision"], earliest: { count: 1, unit: "business-days" }, latest: { count: 3, unit: "business-days" }, only_when: "decision-given" },
  ];
  const acme = R.clean(JSON.parse(readFileSync(new URL("v2-three-interviews.json", FIXTURES)))).interviews[0];
  const plan = P.planOf(rules, acme, { today: "2026-12-29" }).steps;
  assert.deepEqual(plan.map(s => [s.r.id, s.state]), [["plan-thank-you", "upcoming"]], "round 2's plan: its own thank-you, nothing of round 1");
  const round1 = P.planOf(rules, { ...acme, rounds: [acme.rounds[0]] }, { today: "2026-12-29" }).steps;
  assert.deepEqual(round1.map(s => [s.r.id, s.state]), [["plan-thank-you", "done"], ["plan-send-what-you-promised", "done"], ["plan-check-in-after-decision", "overdue"]]);
});

test("cleaning passes by the interviews it is told are valid, and cleans the rest", () => {
  for (const seed of SEEDS.slice(0, 100)) {
    const rec = maker(seed).record(), changed = copy(rec);
    changed.interviews[0].company = "x".repeat(300);
    const got = R.clean(changed, new Set(changed.interviews.slice(1)));
    assert.equal(got.interviews[0].company.length, 200, "the changed one is cleaned");
    got.interviews.slice(1).forEach((i, k) => assert.equal(i, changed.interviews[k + 1], "the others are kept as they are"));
    assert.deepEqual(got.interviews.slice(1), rec.interviews.slice(1));
  }
});
