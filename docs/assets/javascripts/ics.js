/* The follow-up plan as an iCalendar (RFC 5545) file: planner.js loads this when the user
   asks for the file. window.atiIcs(steps, o) -> the file's text; o gives each event's uid,
   the SEQUENCE of this export, the summary and description of a step, ATI.add, and the
   uids of events an earlier export made for steps the plan no longer has (cancelled). */
"use strict";
window.atiIcs = (steps, o) => {
  const iso = d => d.getFullYear() + String(d.getMonth() + 1).padStart(2, "0") + String(d.getDate()).padStart(2, "0");
  // RFC 5545 text: escape, then fold at 75 octets without splitting a character.
  const esc = s => s.replace(/[\\;,]/g, "\\$&").replace(/\r?\n/g, "\\n");
  function fold(line) {
    let out = "", n = 0;
    for (const ch of line) {
      const c = ch.codePointAt(0), b = c < 128 ? 1 : c < 2048 ? 2 : c < 65536 ? 3 : 4;
      if (n + b > 75) { out += "\r\n "; n = 1; }
      out += ch; n += b;
    }
    return out + "\r\n";
  }
  const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, "");
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//After the Interview//Follow-up planner//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  steps.forEach(s => {
    // One id per interview and step: a new export updates the same event (a higher SEQUENCE).
    lines.push("BEGIN:VEVENT", "UID:" + o.uid(s), "SEQUENCE:" + o.sequence, "DTSTAMP:" + stamp,
      "DTSTART;VALUE=DATE:" + iso(s.from), "DTEND;VALUE=DATE:" + iso(o.add(s.to, { count: 1, unit: "days" })),
      "SUMMARY:" + esc(o.summary(s)), "DESCRIPTION:" + esc(o.details(s)), "TRANSP:TRANSPARENT",
      // 09:00 the day before it starts: a negative trigger, since Outlook reads every trigger as "before".
      "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + esc(o.summary(s)), "TRIGGER:-PT15H", "END:VALARM");
    // A step of several days also reminds at 09:00 on its last day (15 hours before it ends),
    // for one already under way when the file is made. Outlook keeps only the first reminder.
    if (s.to - s.from) lines.push("BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + esc("Last day: " + o.summary(s)),
      "TRIGGER;RELATED=END:-PT15H", "END:VALARM");
    lines.push("END:VEVENT");
  });
  // A step gone from the plan: its event, cancelled, so the calendar drops it and its reminder.
  const day = iso(steps[0].from);
  (o.cancelled || []).forEach(uid => lines.push("BEGIN:VEVENT", "UID:" + uid, "SEQUENCE:" + o.sequence, "DTSTAMP:" + stamp,
    "DTSTART;VALUE=DATE:" + day, "SUMMARY:Cancelled: this step is no longer in your plan", "STATUS:CANCELLED", "END:VEVENT"));
  return lines.concat("END:VCALENDAR").map(fold).join("");
};
// The file's name, from the interview's name: follow-up-acme-designer.ics.
window.atiIcs.file = name => "follow-up-" + (name.normalize("NFKD").replace(/[^\w\s-]/g, "").trim().toLowerCase()
  .replace(/[\s_-]+/g, "-").slice(0, 60) || "plan") + ".ics";
// The file for the current interview's steps still to do (made), downloaded. Its record
// counts the exports (each event's SEQUENCE, so a new file updates the events of the last)
// and keeps the steps the file holds, with their days (o.days: the planner's out-of-date
// note); a step the last file had and this one has not is cancelled.
window.atiIcs.save = (ATI, made, o) => {
  let n = 0, gone = [];
  ATI.change((r, i) => {
    const was = i.calendar || { sequence: 0, steps: [] }, now = made.map(s => s.r.id);
    gone = was.steps.filter(id => !now.includes(id));
    i.calendar = { sequence: (n = was.sequence + 1), steps: now, dates: made.map(o.days) };
    return false;
  });
  const i = ATI.current(), uid = id => `${i.id}-${id}@after-the-interview`;
  const text = window.atiIcs(made, { uid: s => uid(s.r.id), sequence: n, summary: o.summary, details: o.details, add: ATI.add, cancelled: gone.map(uid) });
  ATI.download(window.atiIcs.file(ATI.label(i)), text, "text/calendar;charset=utf-8");
};
