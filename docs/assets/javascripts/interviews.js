/* "Your interviews" (data-module="interviews"): every interview with its status, next step
   and the thank-you notes still to send; what is due; export, import (merge or replace,
   with Undo) and "Forget everything". The activity log (data-module="log"): every dated
   entry of every interview as a table that prints, and as a CSV file. Both read the shared
   record through ati.js. */
"use strict";
(() => {
  const modules = window.atiModules = window.atiModules || {};
  const el = (...a) => window.ATI.el(...a);
  const days = (a, b) => Math.round((b - a) / 864e5);
  const MAX_FILE = 1 << 20;
  const STATUS = { waiting: "Waiting to hear", offer: "Offer", "not-this-time": "Not this time",
    withdrew: "I withdrew", "no-reply": "No reply" };
  const safari = () => /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Chromium|Edg|Android|Firefox/.test(navigator.userAgent);
  const SAFARI = "Safari deletes what a site saved when you have not visited it for 7 days, and the wait for an answer is often longer. Visit once a week, or export a copy and keep the file.";

  // An exported file's text to a record, or a sentence saying why not. Files from the
  // first version are read too.
  function readFile(ATI, text, size) {
    if (size > MAX_FILE) return "That file is larger than 1 MB, so it cannot be a backup from this site. Nothing was changed.";
    let d = null;
    try { d = JSON.parse(text); } catch (e) { /* refused below */ }
    const r = !ATI.isObj(d) ? null : d.format == ATI.FORMAT && d.version == ATI.VERSION ? ATI.clean(d.data)
      : d.format == ATI.V1_FORMAT && d.version == 1 && ATI.isObj(d.data) ? ATI.fromV1(k => d.data[k]) : null;
    return r || "That file is not a backup exported from this site, or it is damaged. Nothing was changed.";
  }
  // Merge: interviews the file adds (an empty one adds nothing), and for one both have,
  // the copy changed last.
  function merge(ours, theirs) {
    const out = JSON.parse(JSON.stringify(ours)), filled = window.ATI.filled;
    // Our empty interviews (a new browser's first one) make no room the file's could use.
    if (theirs.interviews.some(filled)) out.interviews = out.interviews.filter(filled);
    theirs.interviews.forEach(t => {
      const k = out.interviews.findIndex(i => i.id == t.id);
      if (k < 0) { if (filled(t)) out.interviews.push(t); }
      else if (t.updated > out.interviews[k].updated) out.interviews[k] = t;
    });
    Object.keys(out.me).forEach(k => {
      if (theirs.me[k] && (!out.me[k] || theirs.changed > ours.changed)) out.me[k] = theirs.me[k];
    });
    out.prefs.dates = out.prefs.dates || theirs.prefs.dates;
    out.prefs.holidays = out.prefs.holidays || theirs.prefs.holidays;
    return out;
  }

  modules.interviews = (root, ATI) => {
    const $ = s => root.querySelector(s), data = JSON.parse(root.getAttribute("data-planner"));
    const hrefs = { checklists: root.getAttribute("data-checklists-href"), templates: root.getAttribute("data-templates-href"), thanks: root.getAttribute("data-thanks-href"), planner: root.getAttribute("data-planner-href") };
    const thanks = data.templates.filter(t => t.kind == "thank-you");
    const msg = $(".ati-interviews__msg"), backupMsg = $(".ati-backup__msg"), undoBtn = $("[data-act=undo]");
    // Undo (of an import or of Forget everything) brings back the whole record as it was,
    // so it goes as soon as anything changes after it: it would throw that change away.
    // undoAt: the record's `changed` stamp just after that action (null until its redraw).
    let undo = null, undoAt = null, pending = null;
    const keep = () => { undo = ATI.snapshot(); undoAt = null; };
    // Each interview's next step (the first step of its plan not yet done), and every step
    // of it due or overdue today, for "Due now".
    const told = (s, i) => {
      const today = ATI.parse(ATI.today()), late = days(s.to, today);
      const when = s.from - s.to ? `${ATI.words(s.from, true)} to ${ATI.words(s.to, true)}` : ATI.words(s.from, true);
      return `${ATI.stepTitle(s.r, i.promised)}, ${when}` + (s.state == "overdue" ? ` (overdue by ${late} day${late == 1 ? "" : "s"})` : s.state == "due" ? " (due now)" : "");
    };
    function next(i) {
      if (i.status != "waiting") return { text: `${STATUS[i.status]}: nothing to chase.`, now: [] };
      if (!ATI.inputs(i)) return { text: "Add the interview date in the planner to see the next steps.", now: [] };
      const plan = ATI.planOf(data.rules, i);
      if (!plan) return { text: "Working out the plan…", now: [] };
      const open = plan.filter(x => !x.done), s = open[0];
      if (!s) return { text: "Every step of the plan is done.", now: [] };
      return { step: s, late: s.state == "overdue", text: "Next: " + told(s, i),
        now: open.filter(x => x.state == "overdue" || x.state == "due") };
    }
    const go = (i, where, text) => {
      const a = el("a", "", text);
      a.href = hrefs[where];
      a.setAttribute("data-pick", i.id);
      return a;
    };
    function card(i, n) {
      const li = el("li", "ati-card"), rd = ATI.latest(i);
      li.setAttribute("data-interview", i.id);
      const h = el("h3", "ati-card__title", ATI.label(i));
      const status = el("select");
      status.id = "ati-status-" + i.id;
      status.setAttribute("data-status", i.id);
      Object.keys(STATUS).forEach(k => status.add(new Option(STATUS[k], k, false, k == i.status)));
      const sl = el("label", "", "Status");
      sl.htmlFor = status.id;
      const when = el("p", "ati-card__round", `Round ${i.rounds.length}: ` + (rd.date ? ATI.words(rd.date, true) : "no date yet") +
        (rd.mode ? `, ${{ "in-person": "in person", phone: "by phone", video: "by video" }[rd.mode]}` : ""));
      const nx = el("p", "ati-card__next" + (n.late ? " ati-card__next--late" : ""), n.text);
      li.append(h, el("p", "", ""), when, nx);
      li.children[1].append(sl, " ", status);
      // The thank-you notes of the latest round: one per interviewer, ticked off when marked sent.
      const people = rd.people.length ? rd.people : [null], ul = el("ul", "ati-card__thanks");
      people.forEach(p => {
        const sent = i.log.find(e => e.kind == "thank-you" && e.date >= rd.date && (!p || e.person == p.id || !e.person && people.length == 1));
        const who = p && p.name.trim() ? p.name.trim() : p ? "an interviewer with no name yet" : "your interviewer";
        const item = el("li", sent ? "ati-card__sent" : "ati-card__unsent", sent ? `Thank-you to ${who}: sent ${ATI.words(sent.date, true)}` : `Thank-you to ${who}: not sent yet `);
        if (!sent && thanks.length) item.append(go(i, "thanks", "write it"));
        ul.append(item);
      });
      const tools = el("p", "ati-card__tools");
      tools.append(go(i, "checklists", "Checklists"), " · ", go(i, "templates", "Templates"), " · ", go(i, "planner", "Planner"));
      li.append(el("p", "ati-card__thanks-title", "Thank-you notes"), ul, tools);
      return li;
    }

    ATI.view(root, outside => {
      const r = ATI.state, due = $(".ati-due");
      if (undo && undoAt === null && !outside) undoAt = r.changed;
      else if (outside || r.changed != undoAt) undo = null;
      const steps = r.interviews.map(i => [i, next(i)]);  // each plan worked out once
      // The cards are drawn afresh: focus stays on the same link or list in the new ones.
      const spot = e => [e.closest(".ati-cards, .ati-due").className, e.getAttribute("data-pick") || e.getAttribute("data-status"),
        e.parentNode.getAttribute("data-rule"), e.tagName, e.textContent].join("\n");
      const focused = document.activeElement, was = focused && focused.closest && focused.closest(".ati-cards, .ati-due") && spot(focused);
      $(".ati-cards").replaceChildren(...steps.map(([i, n]) => card(i, n)));
      // Overdue steps first, the latest-ending of them at the bottom; then those due now.
      const now = steps.flatMap(([i, n]) => n.now.map(s => [i, s]))
        .sort(([, a], [, b]) => (a.state == "overdue" ? 0 : 1) - (b.state == "overdue" ? 0 : 1) || a.to - b.to);
      due.replaceChildren(...now.map(([i, s]) => {
        const li = el("li", s.state == "overdue" ? "ati-due__late" : "", `${ATI.label(i)}: ${told(s, i)} `);
        li.setAttribute("data-rule", s.r.id);
        li.append(go(i, "planner", "open the plan"));
        return li;
      }));
      $(".ati-due__none").hidden = due.children.length > 0;
      const back = was && [...root.querySelectorAll(".ati-cards :is(a, select), .ati-due a")].find(e => spot(e) == was);
      if (back && document.activeElement != back) back.focus();
      $(".ati-backup__state").textContent = ATI.backupNote() || (r.exported ? `Last exported on ${ATI.words(new Date(r.exported), true)}. Nothing has changed since.` : "Nothing saved yet.");
      $(".ati-backup__keep").textContent = ATI.problem ? ATI.PROBLEM[ATI.problem] : ATI.persisted ? "This browser has agreed to keep your data." : "Browsers may clear a site's data when space runs short. An exported copy is safe from that.";
      const warn = $(".ati-backup__safari");
      warn.hidden = !safari();
      warn.textContent = SAFARI;
      $("#ati-date-style").value = r.prefs.dates || (ATI.words("2026-12-01").startsWith("Tuesday,") ? "md" : "dm");
      undoBtn.hidden = !undo;
    });

    root.addEventListener("click", e => {
      const pick = e.target.closest("[data-pick]");
      if (pick) return ATI.change(r => { r.current = pick.getAttribute("data-pick"); return false; }, true);
      const a = e.target.closest("[data-act]"), act = a && a.getAttribute("data-act");
      const forget = $(".ati-forget");
      if (act == "export") ATI.say(backupMsg, `Saved ${ATI.exportAll()} to your downloads. Keep it somewhere safe, such as your email or cloud storage.`);
      else if (act == "merge" || act == "replace") {
        const file = pending, merged = act == "merge" && merge(ATI.state, file), max = ATI.LIMITS.interviews;
        // The record keeps 100 interviews: a merge past that is refused, not cut short.
        if (merged && merged.interviews.length > max)
          return ATI.say(backupMsg, `Merging would make ${merged.interviews.length} interviews, more than the ${max} this site keeps. ` +
            "Remove some you no longer follow, or choose Replace. Nothing was changed.");
        keep();
        pending = null;
        $(".ati-import").hidden = true;
        ATI.change(r => { Object.assign(r, merged ? merge(r, file) : file); }, false, true);
        const same = act == "merge" && JSON.stringify(ATI.state.interviews) == JSON.stringify(JSON.parse(undo).interviews);
        ATI.say(backupMsg, same ? "Nothing in the file is newer than what you have, so nothing changed."
          : `${act == "merge" ? "Merged" : "Replaced"}. Undo brings back everything as it was before.`);
        undoBtn.focus();
      } else if (act == "cancel") {
        pending = null;
        $(".ati-import").hidden = true;
        ATI.say(backupMsg, "Nothing was changed.");
      } else if (act == "undo" && undo) {
        const back = undo;
        undo = null;
        ATI.restore(back);
        ATI.say(backupMsg, "Undone: everything is back as it was.");
        $("[data-act=export]").focus();
      } else if (act == "forget") {
        const n = ATI.state.interviews.length;
        forget.hidden = false;
        $(".ati-forget__ask").textContent = `Forget ${n} interview${n == 1 ? "" : "s"}, your details and the log? This cannot be undone once you leave this page.`;
        $(".ati-forget__ask").focus();
      } else if (act == "forget-no") {
        forget.hidden = true;
        $("[data-act=forget]").focus();
      } else if (act == "forget-yes") {
        keep();
        const done = ATI.forget();
        forget.hidden = true;
        $("[data-act=forget]").focus();
        if (!done) return ATI.say($(".ati-forget__msg"), "This browser's storage could not be reached, so nothing could be removed from it.");
        ATI.say($(".ati-forget__msg"), "Everything is forgotten: this browser holds nothing from this site now. Undo, under Keep a copy, brings it back while this page is open.");
      }
    });
    root.addEventListener("change", e => {
      const t = e.target;
      if (t.hasAttribute("data-status")) {
        const id = t.getAttribute("data-status");
        ATI.change(r => {
          const i = r.interviews.find(x => x.id == id);
          i.status = t.value;
          i.log.push(ATI.logEntry(`Status: ${STATUS[t.value]}`, { kind: "status" }));
        });
        ATI.say(msg, `Status saved: ${STATUS[t.value]}.`);
        const again = root.querySelector(`[data-status="${id}"]`);  // the new card's
        if (again) again.focus();
      } else if (t.id == "ati-date-style") {
        ATI.change(r => { r.prefs.dates = t.value; });
      } else if (t.type == "file") {
        const f = t.files[0];
        t.value = "";
        if (!f) return;
        if (f.size > MAX_FILE) return ATI.say(backupMsg, readFile(ATI, "", f.size));
        // A file of the first version needs its mover (ati-v1.js) first.
        f.text().then(text => text.includes(ATI.V1_FORMAT) ? ATI.loadV1().then(() => text, () => text) : text).then(text => {
          const got = readFile(ATI, text, f.size);
          if (typeof got == "string") return ATI.say(backupMsg, got);
          pending = got;
          const ours = ATI.state.interviews, ids = ours.map(i => i.id);
          const added = got.interviews.filter(i => !ids.includes(i.id) && ATI.filled(i));
          const newer = got.interviews.filter(i => ids.includes(i.id) && i.updated > ours.find(o => o.id == i.id).updated);
          const names = list => list.map(ATI.label).join(", ");
          $(".ati-import__summary").textContent = `The file has ${got.interviews.length} interview${got.interviews.length == 1 ? "" : "s"}` +
            (got.exported ? `, exported on ${ATI.words(new Date(got.exported), true)}` : "") + `. Merge adds ${added.length}` +
            (added.length ? ` (${names(added)})` : "") + ` and updates ${newer.length} that the file holds a newer copy of` +
            (newer.length ? ` (${names(newer)})` : "") + `, and keeps everything else you have. Replace puts the file in place of your ${ours.length} interview${ours.length == 1 ? "" : "s"} and details.`;
          $(".ati-import").hidden = false;
          $("[data-act=merge]").focus();
        }, () => ATI.say(backupMsg, readFile(ATI, "", 0)));
      }
    });
    $(".ati-interviews__add").addEventListener("submit", e => {
      e.preventDefault();
      const f = { company: $("#ati-new-company"), role: $("#ati-new-role") }, c = f.company.value.trim(), ro = f.role.value.trim();
      const refused = ATI.addInterview(c, ro);
      if (refused) return ATI.say(msg, refused);
      f.company.value = f.role.value = "";
      ATI.say(msg, `Added ${ATI.label(ATI.current())}. Its checklists, templates and planner now show it.`);
    });
  };

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
