/* What the first version of the site saved (ati:checklists:v1, ati:fields:v1,
   ati:planner:v1, or an export file of that version) as one record of the current version.
   ati.js loads this file only where such a save is found; h holds ati.js's helpers. */
"use strict";
// What the first version saved (three keys, one per tool) as one record. The templates'
// and the planner's details were one set each: they join the interview the templates
// named as the company, or else the one the checklists showed last.
window.atiV1 = (get, h) => {
  const { fresh, many, blank, newId, ident, str, ticks, isObj, MAX, fields, day, one, CONTACTS, now, clean, V1 } = h;
  const cl = get(V1.checklists), f = get(V1.fields), p = get(V1.planner);
  if (!isObj(cl) && !isObj(f) && !isObj(p)) return null;
  const r = fresh();
  if (isObj(cl) && Array.isArray(cl.list)) {
    r.interviews = many(cl.list, 100, o => isObj(o) && ident(o.id) &&
      { ...blank(o.id == "default" ? newId("i") : o.id), company: str(o.name), ticks: ticks(o.ticks) });  // clean() moves them to its round
    if (!r.interviews.length) r.interviews = fresh().interviews;
    const was = cl.list.findIndex(o => isObj(o) && o.id === cl.cur);
    r.current = (r.interviews[was] || r.interviews[0]).id;
  }
  const s = k => isObj(f) ? str(f[k], MAX.long).trim() : "", named = s("company").toLowerCase();
  const to = r.interviews.find(i => named && i.company.trim().toLowerCase() == named) ||
    r.interviews.find(i => i.id == r.current), rd = to.rounds[0];
  if (isObj(f)) {
    r.me = { name: str(s("your-name")), email: str(s("your-email"), MAX.email), phone: str(s("your-phone"), MAX.phone), signoff: "" };
    to.company = to.company || str(s("company"));
    to.role = str(s("role"));
    rd.date = day(s("interview-date"));
    rd.decision = day(s("decision-date"));
    const who = { name: str(s("interviewer-name")), title: str(s("interviewer-title")),
      email: str(s("interviewer-email"), MAX.email), topic: str(s("topic")) };
    if (Object.values(who).some(Boolean)) rd.people.push({ id: "p1", contact: "", ...who });
    const used = "your-name your-email your-phone company role interview-date decision-date interviewer-name interviewer-title interviewer-email topic".split(" ");
    to.fields = fields(Object.fromEntries(Object.keys(f).filter(k => !used.includes(k)).map(k => [k, s(k)])));
  }
  if (isObj(p)) {
    rd.date = rd.date || day(p.interview);
    rd.decision = rd.decision || day(p.decision);
    to.contact = one(p.contact, CONTACTS);
    rd.promised = str(p.promised);
    rd.promisedBy = day(p.promisedBy);
  }
  r.changed = now();
  return clean(r);
};
