/* Checklists: ticks per named interview in localStorage (ati:checklists:v1), export/import, print.
   Acts only on .ati-checklist roots rendered by checklist.md.j2; without it the page is a plain list. */
"use strict";
(() => {
  // Material runs this file again on each visit to a checklist: set up once.
  if (window.atiChecklist) return;
  window.atiChecklist = true;
  const KEY = "ati:checklists:v1", PLAN = "ati:planner:v1", FORMAT = "after-the-interview-progress";
  const BAD = "That file is not progress exported from this site, or it is damaged. Nothing was changed.";
  const isObj = o => !!o && typeof o == "object" && !Array.isArray(o);
  // State: {cur, list: [{id, name, ticks: {checklistId: {itemId: 1}}}]}; the first interview needs no name.
  const fresh = () => ({ cur: "default", list: [{ id: "default", name: "", ticks: {} }] });
  const valid = s => isObj(s) && typeof s.cur == "string" && Array.isArray(s.list) &&
    s.list.some(i => isObj(i) && i.id === s.cur) &&
    new Set(s.list.map(i => isObj(i) && i.id)).size == s.list.length &&
    s.list.every(i => isObj(i) && typeof i.id == "string" && typeof i.name == "string" &&
      isObj(i.ticks) && Object.values(i.ticks).every(t => isObj(t) && Object.values(t).every(v => v === 1)));
  let store = null, ok = true, lost = false, state, undo = null, views = [];
  try { store = window.localStorage; } catch (e) { ok = false; }
  // 0 when storage is blocked or holds text that is not JSON; null when nothing is saved.
  const read = k => { try { return JSON.parse(store.getItem(k)); } catch (e) { return 0; } };
  // After a failed write the copy in memory is newer than storage: keep it for the visit.
  const load = () => {
    if (!ok && state) return state;
    const s = read(KEY);
    lost = s !== null && !valid(s);
    return lost ? fresh() : s || fresh();
  };
  const write = (k, v) => { try { store.setItem(k, JSON.stringify(v)); } catch (e) { ok = false; } };
  const save = () => { write(KEY, state); views.forEach(v => v()); };
  const cur = () => state.list.find(i => i.id == state.cur);

  function init(root) {
    const cl = root.dataset.checklist, $ = s => root.querySelector(s);
    const boxes = [...root.querySelectorAll("input[type=checkbox]")], ids = boxes.map(b => b.value);
    const progress = $(".ati-checklist__progress"), msg = $(".ati-checklist__msg"), sel = $("select");
    const name = $("input[type=text]"), undoBtn = $("[data-act=undo]");
    const say = t => { msg.textContent = t; };
    const snapshot = () => { undo = JSON.stringify(state); };
    // Ticks of items no longer on the page (removed from the content) are dropped quietly.
    let pruned = false;
    state.list.forEach(i => Object.keys(i.ticks[cl] || {}).forEach(id => {
      if (!ids.includes(id)) { delete i.ticks[cl][id]; pruned = true; }
    }));
    if (pruned) write(KEY, state);

    const render = () => {
      const t = cur().ticks[cl] || {};
      let n = 0;
      boxes.forEach(b => { b.checked = t[b.value] === 1; n += b.checked; });
      const words = `${n} of ${boxes.length} done`;
      if (progress.textContent != words) progress.textContent = words;
      sel.replaceChildren(...state.list.map(i =>
        new Option(i.name || "Unnamed interview", i.id, false, i.id == state.cur)));
      $("[data-act=remove]").hidden = state.cur == state.list[0].id;
      undoBtn.hidden = !undo;
      $(".ati-checklist__note").hidden = ok;
    };
    views.push(render);

    root.addEventListener("change", e => {
      const el = e.target;
      if (el.type == "checkbox") {
        const t = cur().ticks[cl] ||= {};
        if (el.checked) t[el.value] = 1; else delete t[el.value];
        undo = null;
        save();
      } else if (el == sel) {
        state.cur = el.value;
        undo = null;
        save();
        say(`Showing ticks for ${cur().name || "the unnamed interview"}.`);
      } else if (el.type == "file") {
        const f = el.files[0];
        el.value = "";
        if (f) f.text().then(text => {
          let d = null;
          try { d = JSON.parse(text); } catch (err) { /* refused below */ }
          const data = d && d.format == FORMAT && d.version == 1 && isObj(d.data) ? d.data : {};
          const plan = data[PLAN];
          if (!valid(data[KEY]) || plan !== undefined && !isObj(plan)) return say(BAD);
          snapshot();
          state = data[KEY];
          if (plan) write(PLAN, plan);
          save();
          say("Progress imported. Undo brings back what you had before.");
        }, () => say(BAD));
      }
    });

    root.addEventListener("submit", e => {
      e.preventDefault();
      const n = name.value.trim();
      if (!n) return say("Type a name for the interview first.");
      const id = "i" + Date.now().toString(36);
      state.list.push({ id, name: n, ticks: {} });
      state.cur = id;
      name.value = "";
      undo = null;
      save();
      say(`Added ${n}. Its ticks are kept apart from your other interviews.`);
    });

    root.addEventListener("click", e => {
      const a = e.target.closest("[data-act]")?.dataset.act;
      if (a == "clear" || a == "remove") {
        snapshot();
        if (a == "clear") delete cur().ticks[cl];
        else {
          state.list = state.list.filter(i => i.id != state.cur);
          state.cur = state.list[0].id;
          sel.focus();
        }
        save();
        say(a == "clear" ? "Ticks cleared." : "Interview removed.");
      } else if (a == "undo" && undo) {
        state = JSON.parse(undo);
        undo = null;
        $("[data-act=clear]").focus();
        save();
        say("Undone.");
      } else if (a == "print") {
        print();
      } else if (a == "export") {
        const data = { [KEY]: state }, plan = ok && read(PLAN);
        if (isObj(plan)) data[PLAN] = plan;
        const link = document.createElement("a");
        link.href = URL.createObjectURL(new Blob([JSON.stringify(
          { format: FORMAT, version: 1, exported: new Date().toISOString(), data }, null, 1)],
          { type: "application/json" }));
        link.download = "after-the-interview-progress.json";
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 1e4);
        say("Progress exported as after-the-interview-progress.json.");
      }
    });

    boxes.forEach(b => { b.hidden = false; });
    root.querySelectorAll(".ati-checklist__tools").forEach(t => { t.hidden = false; });
    root.classList.add("ati-js");
    render();
    if (ok && lost) say("Your saved ticks could not be read, so this list starts empty.");
  }

  // Another tab changed the ticks: show them here too.
  addEventListener("storage", e => {
    if (ok && (e.key == KEY || e.key == null)) { state = load(); undo = null; views.forEach(v => v()); }
  });

  const enhance = () => {
    const roots = document.querySelectorAll(".ati-checklist:not(.ati-js)");
    if (!roots.length) return;
    views = [];
    state = load();
    roots.forEach(init);
  };
  // document$ emits on every page shown; on a first load it exists only after Material's bundle.
  const start = () => { if (window.document$) document$.subscribe(enhance); else enhance(); };
  if (window.document$) start(); else addEventListener("DOMContentLoaded", start);
})();
