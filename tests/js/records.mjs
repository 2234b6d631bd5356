// Random saved records for the Node tests (record.test.mjs, transfer.test.mjs): every
// value valid, each generator seeded so that a failure names a seed that repeats it.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const R = require("../../docs/assets/javascripts/core/record.js");
const P = require("../../docs/assets/javascripts/core/plan.js");

// A small seeded generator (mulberry32), so a failure names a seed that repeats it.
export function rng(seed) {
  return () => {
    seed = seed + 0x6D2B79F5 | 0;
    let t = Math.imul(seed ^ seed >>> 15, 1 | seed);
    t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
// Every value valid (the longest text within the limit): cleaning such a record must keep it all.
export const WORDS = ["Acme", "Globex", "Ana Ruiz", "<script>alert(1)</script>", "Zoë", "", "a work sample", "=SUM(A1)", "日本", "x".repeat(200)];
export function maker(seed) {
  const r = rng(seed), n = k => Math.floor(r() * k), pick = a => a[n(a.length)];
  let id = 0;
  const ident = p => p + (id++).toString(36) + seed.toString(36);
  const day = () => P.iso(new Date(2026, n(12), 1 + n(28)));
  const stamp = () => new Date(Date.UTC(2026, n(12), 1 + n(28), n(24), n(60), n(60))).toISOString();
  const person = () => ({ id: ident("p"), name: pick(WORDS), title: pick(WORDS), email: pick(["", "a@b.example"]), contact: pick(R.CONTACTS), topic: pick(WORDS) });
  const round = () => ({ id: ident("r"), date: pick(["", day()]), mode: pick(R.MODES), people: Array.from({ length: n(4) }, person),
    decision: pick(["", day()]), promised: pick(WORDS), promisedBy: pick(["", day()]),
    ticks: n(2) ? { "first-two-days": { [ident("t")]: 1, [ident("t")]: 1 } } : {} });
  const entry = () => ({ id: ident("e"), date: day(), text: pick(WORDS) || "Sent", kind: pick(["", "thank-you", "status", "plan-thank-you"]), template: "", person: "" });
  const interview = () => {
    const i = { ...R.blank(ident("i")), company: pick(WORDS), role: pick(WORDS), status: pick(R.STATUSES), contact: pick(R.CONTACTS),
      rounds: Array.from({ length: 1 + n(3) }, round), log: Array.from({ length: n(8) }, entry),
      fields: n(2) ? { strength: pick(WORDS) || "x" } : {}, created: stamp(), updated: stamp() };
    if (n(2)) i.later = { [pick(["plan-thank-you", "plan-check-in-again"])]: day() };
    if (n(2)) i.plan = { sig: "1-a", steps: { "plan-thank-you": [day(), day()] } };
    if (n(2)) i.calendar = { sequence: 1 + n(5), steps: ["plan-thank-you"] };
    if (i.calendar && n(2)) i.calendar.dates = [`plan-thank-you ${day()} ${day()}`];
    return i;
  };
  // A record as a browser saves it, every field written out (not cleaned).
  const raw = (k = 1 + n(6)) => {
    const interviews = Array.from({ length: k }, interview);
    return { ...R.fresh(), me: { name: pick(WORDS), email: "", phone: "", signoff: pick(WORDS) },
      prefs: { dates: pick(["", "dm", "md"]), holidays: pick(["", "scotland"]) }, current: interviews[n(k)].id,
      interviews, changed: stamp(), exported: pick(["", stamp()]) };
  };
  const record = k => R.clean(raw(k));
  return { r, n, pick, ident, day, stamp, entry, round, person, raw, record };
}
