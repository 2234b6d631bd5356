/* Checklists (data-module="checklist"): the ticks of the current interview's latest round, Clear with Undo, print.
   Ticks live in the shared record (ati.js) under the checklist id and the item id. An item
   that is a planner step done (data-completes) is kept as that step's "Mark as done" in the
   log instead, so the planner, Your interviews and every checklist with that step agree.
   Without this script the page is a plain list that prints with empty boxes. */
"use strict";
(window.atiModules = window.atiModules || {}).checklist = (root, ATI) => {
  const cl = root.getAttribute("data-checklist"), $ = s => root.querySelector(s);
  const boxes = [...root.querySelectorAll("input[type=checkbox]")], ids = boxes.map(b => b.value);
  const progress = $(".ati-checklist__progress"), msg = $(".ati-checklist__msg"), undoBtn = $("[data-act=undo]");
  // The printed sheet's lines (company, role, date; then name and title per interviewer):
  // what the record knows is written on them (site.css, print); the rest stay blank.
  const lines = [...root.querySelectorAll(".ati-checklist__fields span")];
  const known = i => {
    const d = ATI.latest(i), p = d.people, names = p.length > 3 ? [p[2].name, ...p.slice(3).map(x => x.name)].filter(Boolean).join(", ") : "";
    return [i.company, i.role, ATI.words(d.date, true), ...[0, 1, 2].flatMap(k => k == 2 && names ? [names, ""] : [p[k] ? p[k].name : "", p[k] ? p[k].title : ""])];
  };
  let undo = null;
  // Ticks of items no longer on the page (removed from the content) are dropped, in every round.
  const each = (r, fn) => r.interviews.forEach(i => i.rounds.forEach(d => Object.keys(d.ticks[cl] || {}).forEach(id => fn(d, id))));
  let gone = false;
  each(ATI.state, (d, id) => { gone = gone || !ids.includes(id); });
  if (gone) ATI.change(r => { each(r, (d, id) => { if (!ids.includes(id)) delete d.ticks[cl][id]; }); return false; });

  // An item a message ticks (data-done-by): done once the log has that kind of message for
  // the latest round (a thank-you: once every interviewer in it has theirs).
  const logged = (i, kind) => ATI.sentFor(ATI.latest(i), i.log, kind, ATI.since(i));
  // The steps an item may complete (data-completes: [{ id, title, when, promise }], one or
  // several that exclude each other, such as the two first check-ins), and of those the one
  // this interview's plan has: its id and its title (with what was promised, where it says so).
  const cands = new Map(boxes.map(b => [b, JSON.parse(b.getAttribute("data-completes") || "[]")]));
  const stepOf = (b, i) => {
    const s = ATI.stepFor(cands.get(b), ATI.latest(i));
    return s && { id: s.id, title: ATI.stepTitle({ title: s.title, names_the_promise: s.promise }, ATI.latest(i).promised) };
  };
  ATI.view(root, outside => {
    // The latest round's ticks: a new round's checklists start empty (its log marks, likewise).
    const i = ATI.current(), t = ATI.latest(i).ticks[cl] || {};
    let n = 0;
    boxes.forEach(b => {
      const kind = b.getAttribute("data-done-by"), e = kind && logged(i, kind), note = b.parentNode.querySelector(".ati-checklist__logged");
      const step = stepOf(b, i), d = step && ATI.marks(i, step.id).pop();
      b.checked = t[b.value] === 1 || !!e || !!d;
      n += b.checked;
      if (note) note.textContent = e ? `Done: marked as sent on ${ATI.words(e.date, true)}.`
        : d ? `Done on ${ATI.words(d.date, true)}: the planner counts "${step.title}" as done.`
        : step && t[b.value] === 1 ? (ATI.latest(i).date > ATI.today() ? "The interview is still to come, so the planner doesn't count this tick yet."
          : "The planner doesn't count this tick yet: untick it and tick it again to count it.") : "";
    });
    const v = known(i);
    lines.forEach((s, k) => { if (v[k]) s.setAttribute("data-value", v[k]); else s.removeAttribute("data-value"); });
    const words = `${n} of ${boxes.length} done`;
    if (progress.textContent != words) progress.textContent = words;
    if (outside) undo = null;
    undoBtn.hidden = !undo;
  });

  root.addEventListener("change", e => {
    const b = e.target;
    if (b.type != "checkbox") return;
    undo = null;
    ATI.change((r, i) => {
      const rd = ATI.latest(i), t = rd.ticks[cl] = rd.ticks[cl] || {}, step = stepOf(b, i);
      // A step's tick is its "Mark as done" (for the latest round; a round still to come keeps
      // a plain tick). Taking it off takes that mark away, and a tick an earlier version saved.
      if (b.checked && step && ATI.latest(i).date <= ATI.today()) ATI.markDone(i, step.id, step.title);
      else if (b.checked) t[b.value] = 1;
      else {
        delete t[b.value];
        if (step) ATI.unmarkDone(i, step.id);
      }
    });
  });
  root.addEventListener("click", e => {
    const a = e.target.closest("[data-act]"), act = a && a.getAttribute("data-act");
    if (act == "clear") {
      undo = ATI.snapshot();
      const steps = [...new Set(boxes.flatMap(b => cands.get(b).map(s => s.id)))];
      let n = 0;
      ATI.change((r, i) => { delete ATI.latest(i).ticks[cl]; steps.forEach(id => { n += ATI.unmarkDone(i, id); }); });
      ATI.say(msg, n ? `Ticks cleared, and ${n} planner step${n == 1 ? "" : "s"} marked not done. Undo brings them back.` : "Ticks cleared. Undo brings them back.");
    } else if (act == "undo" && undo) {
      const back = undo;
      undo = null;
      ATI.restore(back);
      $("[data-act=clear]").focus();
      ATI.say(msg, "Undone.");
    } else if (act == "print") print();
  });
  boxes.forEach(b => { b.hidden = false; });
};
if (window.ATI) window.ATI.start();
