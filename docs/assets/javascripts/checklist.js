/* Checklists (data-module="checklist"): the current interview's ticks, Clear with Undo, print.
   Ticks live in the shared record (ati.js) under the checklist id and the item id. An item
   that is a planner step done (data-completes) is kept as that step's "Mark as done" in the
   log instead, so the planner, Your interviews and every checklist with that step agree.
   Without this script the page is a plain list that prints with empty boxes. */
"use strict";
(window.atiModules = window.atiModules || {}).checklist = (root, ATI) => {
  const cl = root.getAttribute("data-checklist"), $ = s => root.querySelector(s);
  const boxes = [...root.querySelectorAll("input[type=checkbox]")], ids = boxes.map(b => b.value);
  const progress = $(".ati-checklist__progress"), msg = $(".ati-checklist__msg"), undoBtn = $("[data-act=undo]");
  let undo = null;
  // Ticks of items no longer on the page (removed from the content) are dropped.
  if (ATI.state.interviews.some(i => Object.keys(i.ticks[cl] || {}).some(id => !ids.includes(id))))
    ATI.change(r => {
      r.interviews.forEach(i => Object.keys(i.ticks[cl] || {}).forEach(id => {
        if (!ids.includes(id)) delete i.ticks[cl][id];
      }));
      return false;
    });

  // An item a message ticks (data-done-by): done once the log has that kind of message for
  // the latest round; a thank-you, once every interviewer in it has theirs.
  const logged = (i, kind) => {
    const rd = ATI.latest(i), sent = i.log.filter(e => e.kind == kind && e.date >= (rd.date || ""));
    const each = kind == "thank-you" && rd.people.length > 1;
    return sent.length && (!each || rd.people.every(p => sent.some(e => e.person == p.id))) ? sent[sent.length - 1] : null;
  };
  // A planner step marked done (here, or with the planner's "Mark as done"): its latest entry.
  const stepDone = (i, step) => {
    const rd = ATI.latest(i), marks = i.log.filter(e => e.kind == step && e.date >= (rd.date || ""));
    return marks[marks.length - 1] || null;
  };
  ATI.view(root, outside => {
    const i = ATI.current(), t = i.ticks[cl] || {};
    let n = 0;
    boxes.forEach(b => {
      const kind = b.getAttribute("data-done-by"), e = kind && logged(i, kind), note = b.parentNode.querySelector(".ati-checklist__logged");
      const step = b.getAttribute("data-completes"), d = step && stepDone(i, step);
      b.checked = t[b.value] === 1 || !!e || !!d;
      n += b.checked;
      if (note) note.textContent = e ? `Done: marked as sent on ${ATI.words(e.date, true)}.`
        : d ? `Done on ${ATI.words(d.date, true)}: the planner counts "${b.getAttribute("data-step-title")}" as done.` : "";
    });
    const words = `${n} of ${boxes.length} done`;
    if (progress.textContent != words) progress.textContent = words;
    if (outside) undo = null;
    undoBtn.hidden = !undo;
  });

  root.addEventListener("change", e => {
    const b = e.target;
    if (b.type != "checkbox") return;
    undo = null;
    const step = b.getAttribute("data-completes");
    ATI.change((r, i) => {
      const t = i.ticks[cl] = i.ticks[cl] || {};
      // A step's tick is its "Mark as done"; taking it off takes the step's marks away (and a
      // tick an earlier version saved for the item).
      if (b.checked && step) { if (!stepDone(i, step)) i.log.push(ATI.logEntry("Done: " + b.getAttribute("data-step-title"), { kind: step })); }
      else if (b.checked) t[b.value] = 1;
      else {
        delete t[b.value];
        if (step) i.log = i.log.filter(e => e.kind != step);
      }
    });
  });
  root.addEventListener("click", e => {
    const a = e.target.closest("[data-act]"), act = a && a.getAttribute("data-act");
    if (act == "clear") {
      undo = ATI.snapshot();
      const steps = boxes.map(b => b.getAttribute("data-completes")).filter(Boolean);
      ATI.change((r, i) => { delete i.ticks[cl]; i.log = i.log.filter(e => !steps.includes(e.kind)); });
      ATI.say(msg, "Ticks cleared. Undo brings them back.");
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
