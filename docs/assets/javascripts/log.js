/* The activity log (data-module="log", on Your interviews' log page): every dated entry of
   every interview as a table that prints, and as a CSV file; an entry is added or removed
   here. It reads the shared record through ati.js. */
"use strict";
(() => {
  const modules = window.atiModules = window.atiModules || {};
  const el = (...a) => window.ATI.el(...a);
  // CSV for spreadsheets: every value quoted; a leading = + - @ is neutralised so a
  // spreadsheet never runs a value as a formula.
  const cell = v => '"' + String(v).replace(/^[=+\-@\t\r]/, "'$&").replace(/"/g, '""') + '"';
  const rows = r => r.interviews.flatMap(i => i.log.map(e => ({ i, e })))
    .sort((a, b) => a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : 0);

  modules.log = (root, ATI) => {
    const $ = s => root.querySelector(s), form = $("form"), msg = $(".ati-log__msg");
    const f = { interview: $("#ati-log-interview"), date: $("#ati-log-date"), text: $("#ati-log-text") };
    f.date.value = ATI.today();
    ATI.view(root, () => {
      const r = ATI.state, all = rows(r);
      const keep = r.interviews.some(i => i.id == f.interview.value) ? f.interview.value : ATI.current().id;
      f.interview.replaceChildren(...r.interviews.map(i => new Option(ATI.label(i), i.id, false, i.id == keep)));
      $("tbody").replaceChildren(...all.map(({ i, e }) => {
        const tr = el("tr"), d = el("td"), t = el("time", "", ATI.words(e.date, true)), rm = el("button", "md-button", "Remove");
        t.dateTime = e.date;
        d.append(t);
        rm.type = "button";
        rm.setAttribute("data-remove", e.id);
        rm.setAttribute("aria-label", `Remove: ${e.text}, ${ATI.words(e.date, true)}`);
        const cellRm = el("td", "ati-log__remove");
        cellRm.append(rm);
        tr.append(d, el("td", "", ATI.label(i)), el("td", "", e.text), cellRm);
        return tr;
      }));
      $(".ati-log__empty").hidden = all.length > 0;
      $("table").hidden = !all.length;
    });
    form.addEventListener("submit", e => {
      e.preventDefault();
      const text = f.text.value.trim(), day = ATI.parse(f.date.value);
      if (!day || !text) return ATI.say(msg, !day ? "Enter the date you did it." : "Say what you did.");
      ATI.change(r => {
        const i = r.interviews.find(x => x.id == f.interview.value) || ATI.current(r);
        i.log.push(ATI.logEntry(text, { date: f.date.value }));
      });
      f.text.value = "";
      ATI.say(msg, "Added to the log.");
    });
    root.addEventListener("click", e => {
      const rm = e.target.closest("[data-remove]"), a = e.target.closest("[data-act]"), act = a && a.getAttribute("data-act");
      if (rm) {
        const id = rm.getAttribute("data-remove");
        ATI.change(r => r.interviews.forEach(i => { i.log = i.log.filter(x => x.id != id); }));
        ATI.say(msg, "Removed from the log.");
        f.text.focus();
      } else if (act == "print") print();
      else if (act == "csv") {
        const people = {};
        ATI.state.interviews.forEach(i => i.rounds.forEach(d => d.people.forEach(p => { people[p.id] = p.name; })));
        const lines = [["Date", "Company", "Role", "What you did", "Interviewer"]].concat(rows(ATI.state).map(({ i, e }) =>
          [e.date, i.company, i.role, e.text, people[e.person] || ""]));
        ATI.download(`activity-log-${ATI.today()}.csv`, "\ufeff" + lines.map(l => l.map(cell).join(",")).join("\r\n") + "\r\n", "text/csv;charset=utf-8");
        ATI.say(msg, "Saved the log as a CSV file to your downloads.");
      }
    });
  };
  if (window.ATI) window.ATI.start();
})();
