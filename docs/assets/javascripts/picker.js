/* The interview picker (data-module="picker"), the same on every tool page that shows one
   interview: switch, add, rename, remove (with Undo), and the quiet backup reminder. The
   record is ati.js's. */
"use strict";
(window.atiModules = window.atiModules || {}).picker = (root, ATI) => {
  const $ = s => root.querySelector(s), sel = $("select"), form = $("form"), msg = $(".ati-picker__msg");
  const company = $("#ati-pick-company"), role = $("#ati-pick-role");
  let undo = null, mode = "";
  const open = m => {
    mode = m;
    form.hidden = !m;
    const i = ATI.current();
    company.value = m == "rename" ? i.company : "";
    role.value = m == "rename" ? i.role : "";
    $(".ati-picker__form-title").textContent = m == "rename" ? "Rename this interview" : "Add an interview";
    if (m) company.focus();
  };
  let shown = "";  // the list as drawn: redrawn only when a name, the order or the choice changed
  ATI.view(root, outside => {
    const r = ATI.state, names = r.interviews.map(i => [i.id, ATI.label(i)]), now = JSON.stringify([names, ATI.current(r).id]);
    if (now != shown) sel.replaceChildren(...names.map(([id, name]) => new Option(name, id, false, id == ATI.current(r).id)));
    shown = now;
    $("[data-act=remove]").hidden = r.interviews.length < 2 && !ATI.filled(ATI.current(r));
    $("[data-act=undo]").hidden = !undo;
    const b = ATI.backupNote();
    $(".ati-picker__backup").hidden = !b;
    $(".ati-picker__backup-text").textContent = b;
    const note = $(".ati-picker__note");
    note.textContent = ATI.PROBLEM[ATI.problem] || "";
    note.hidden = !ATI.problem;
  });
  sel.addEventListener("change", () => {
    ATI.change(r => { r.current = sel.value; return false; });
    ATI.say(msg, `Showing ${ATI.label(ATI.current())}.`);
  });
  form.addEventListener("submit", e => {
    e.preventDefault();
    const c = company.value.trim(), ro = role.value.trim();
    if (mode == "add") {
      const refused = ATI.addInterview(c, ro);
      if (refused) return ATI.say(msg, refused);
    } else {
      if (!c && !ro) return ATI.say(msg, "Type the company or the role first.");
      ATI.change((r, i) => { i.company = c; i.role = ro; });
    }
    ATI.say(msg, mode == "add" ? `Added ${ATI.label(ATI.current())}. It keeps its own ticks, details and plan.` : "Renamed.");
    open("");
    sel.focus();
  });
  root.addEventListener("click", e => {
    const a = e.target.closest("[data-act]");
    const act = a && a.getAttribute("data-act");
    if (act == "add" || act == "rename") open(act);
    else if (act == "cancel") { open(""); sel.focus(); }
    else if (act == "remove") {
      const gone = ATI.label(ATI.current());
      ATI.change(r => {
        const at = r.interviews.findIndex(i => i.id == r.current);
        undo = { at, interview: r.interviews[at] };
        r.interviews.splice(at, 1);
        if (!r.interviews.length) r.interviews.push(undo.blank = ATI.blank());
        r.current = r.interviews[0].id;
      });
      ATI.say(msg, `Removed ${gone}. Undo brings it back.`);
      $("[data-act=undo]").focus();
    } else if (act == "undo" && undo) {
      const back = undo;
      undo = null;
      let said = `${ATI.label(back.interview)} is back.`;
      ATI.change(r => {
        if (r.interviews.some(i => i.id == back.interview.id)) return false;
        // The empty interview put in its place goes again, if nothing was typed into it.
        if (back.blank) r.interviews = r.interviews.filter(i => i.id != back.blank.id || ATI.filled(i));
        if (r.interviews.length >= ATI.LIMITS.interviews) { said = "That is as many interviews as this site keeps (100), so it cannot come back."; return false; }
        r.interviews.splice(Math.min(back.at, r.interviews.length), 0, back.interview);
        r.current = back.interview.id;
      });
      ATI.say(msg, said);
      sel.focus();
    } else if (act == "export") ATI.say(msg, `Saved ${ATI.exportAll()} to your downloads.`);
  });
};
if (window.ATI) window.ATI.start();
