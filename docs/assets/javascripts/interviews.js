/* "Your interviews" (data-module="interviews"): every interview with its status, next step
   and the thank-you notes still to send; what is due; export, import (merge or replace,
   with Undo), "Use on another device" (a QR code and a link that carry the record, made by
   core/transfer.js) and "Forget everything". It reads the shared record through ati.js.
   What reads a backup (backup.js), merges (core/merge.js) and carries the record
   (core/transfer.js) loads only when it is needed. */
"use strict";
(() => {
  // A link from another device carries the record after "#ati=": it leaves the address bar
  // and this page's history entry before anything else runs, then the page offers it.
  const taken = () => {
    const f = /^#ati=/.test(location.hash) && location.hash.slice(1);
    if (f) history.replaceState(history.state, "", location.href.split("#")[0]);
    return f;
  }, arrived = taken();
  const modules = window.atiModules = window.atiModules || {};
  const el = (...a) => window.ATI.el(...a);
  const days = (a, b) => Math.round((b - a) / 864e5);
  const UNDO = "ati:undo";
  const STATUS = { waiting: "Waiting to hear", offer: "Offer", "not-this-time": "Not this time",
    withdrew: "I withdrew", "no-reply": "No reply" };
  const safari = () => /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Chromium|Edg|Android|Firefox/.test(navigator.userAgent);
  const LOST = "Part of this page did not load. Check your connection, then ";
  // Running as an app added to the Home Screen (an iPhone's says so its own way).
  const app = () => matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  const SAFARI = "Safari deletes what a site saved when you have not visited it for 7 days, and the wait for an answer is often longer. Visit once a week, or export a copy and keep the file.";

  // What reads a backup (backup.js) and merges it (core/merge.js) loads when it is needed.
  const B = () => window.atiBackup, merge = (a, b) => window.atiCore.merge.merge(a, b);
  const reading = ATI => Promise.all(["core/merge.js", "backup.js"].map(ATI.load));
  modules.interviews = (root, ATI) => {
    const $ = s => root.querySelector(s), data = JSON.parse(root.getAttribute("data-planner"));
    const hrefs = { checklists: root.getAttribute("data-checklists-href"), templates: root.getAttribute("data-templates-href"), thanks: root.getAttribute("data-thanks-href"), planner: root.getAttribute("data-planner-href") };
    const thanks = data.templates.filter(t => t.kind == "thank-you"), thanksRule = data.rules.find(r => (r.kinds || []).includes("thank-you"));
    const transferMsg = $(".ati-transfer__msg"), heading = $("#another-device"), msg = $(".ati-interviews__msg"), due = $(".ati-due"), roundFor = $("#ati-round-interview"), backupMsg = $(".ati-backup__msg"), undoBtn = $("[data-act=undo]");
    // Undo (of an import or of Forget everything) brings back the whole record as it was,
    // so it goes as soon as anything changes after it: it would throw that change away.
    // undoAt: the record's `changed` stamp just after that action (null until its redraw).
    // An import's Undo is kept for this tab (sessionStorage: the record as it was, after a
    // checksum of the record just after the import), so it is still there after a look at
    // another page, if the record has not changed at all since. Forget's is not: it keeps nothing.
    let undo = null, undoAt = null, tabbed = false, pending = null, pendingLink = false, dueRows = [];
    const keep = tab => { undo = ATI.snapshot(); undoAt = null; tabbed = tab; };
    const sum = t => { let h = 0; for (let k = 0; k < t.length; k++) h = Math.imul(h ^ t.charCodeAt(k), 16777619); return h + "\n"; };
    const inTab = v => { try { sessionStorage.removeItem(UNDO); if (v) sessionStorage.setItem(UNDO, sum(ATI.snapshot()) + v); } catch (e) { /* this page only */ } };
    try {
      const u = sessionStorage.getItem(UNDO), at = u && sum(ATI.snapshot());
      if (u && u.startsWith(at)) [undo, undoAt, tabbed] = [u.slice(at.length), ATI.state.changed, true];
      else if (u) inTab();  // kept for a record that has changed since: it goes
    } catch (e) { /* none kept */ }
    // Each interview's next step (the first step of its plan not yet done), and every step
    // of it due or overdue today, for "Due now".
    const told = (s, i) => {
      const today = ATI.parse(ATI.today()), late = days(s.to, today);
      const when = s.from - s.to ? `${ATI.words(s.from, true)} to ${ATI.words(s.to, true)}` : ATI.words(s.from, true);
      return `${ATI.stepTitle(s.r, ATI.latest(i).promised)}, ${when}` + (s.state == "overdue" ? ` (overdue by ${late} day${late == 1 ? "" : "s"})` : s.state == "due" ? " (due now)" : s.later ? ` (put off to ${ATI.words(s.later, true)})` : "");
    };
    function next(i) {
      if (i.status != "waiting") return { text: `${STATUS[i.status]}: nothing to chase.`, now: [] };
      if (!ATI.inputs(i)) return { text: "Add the interview date in the planner to see the next steps.", now: [] };
      const plan = ATI.planOf(data.rules, i);
      if (!plan) return { text: "Working out the plan…", now: [] };
      const over = ATI.passed(plan), open = plan.filter(x => !x.done && !over.has(x)), s = open[0];
      if (!s) return { text: "Every step of the plan is done.", now: [] };
      return { step: s, late: s.state == "overdue", text: "Next: " + told(s, i),
        now: open.filter(x => x.state == "overdue" || x.state == "due") };
    }
    // A link into a tool; to the planner, with the step it is about (the plan's own heading).
    const go = (i, where, text, step) => {
      const a = el("a", "", text);
      a.href = hrefs[where] + (step ? "#" + step.r.id : "");
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
      // The plan's thank-you step marked done (Due now, the planner) counts for every note.
      const ul = el("ul", "ati-card__thanks"), marked = thanksRule && ATI.marks(i, thanksRule.id).pop();
      ATI.thanks(rd, i.log, ATI.since(i, rd)).sent.forEach(({ person: p, entry: sent }) => {
        const who = p && p.name.trim() ? p.name.trim() : p ? "an interviewer with no name yet" : "your interviewer";
        const item = el("li", sent || marked ? "ati-card__sent" : "ati-card__unsent", sent ? `Thank-you to ${who}: sent ${ATI.words(sent.date, true)}`
          : marked ? `Thank-you to ${who}: marked done ${ATI.words(marked.date, true)}` : `Thank-you to ${who}: not sent yet `);
        if (!sent && !marked && thanks.length) item.append(go(i, "thanks", "write it"));
        ul.append(item);
      });
      const before = i.log.filter(e => e.kind == "thank-you" && e.date < rd.date).length;
      if (i.rounds.length > 1) ul.append(el("li", "ati-card__sent", `Earlier rounds: ${before} note${before == 1 ? "" : "s"} sent`));
      const tools = el("p", "ati-card__tools"), more = el("a", "", "Add a round");
      more.href = "#add-round";
      more.setAttribute("data-round-for", i.id);
      tools.append(go(i, "checklists", "Checklists"), " · ", go(i, "templates", "Templates"), " · ", go(i, "planner", "Planner", n.step), " · ", more);
      li.append(el("p", "ati-card__thanks-title", "Thank-you notes"), ul, tools);
      return li;
    }

    // A record read from a file or a link (or why not): the prompt says what Merge and
    // Replace would do.
    // The file input keeps the chosen file's name while its prompt is open (then empties,
    // so choosing the same file again is noticed).
    const unchoose = () => { $("#ati-import").value = ""; };
    const close = () => { pending = null; unchoose(); $(".ati-import").hidden = true; };
    function offer(got, link) {
      if (typeof got == "string") { if (!link) unchoose(); return ATI.say(link ? transferMsg : backupMsg, got); }
      pending = got;
      pendingLink = !!link;
      const said = B().foresee(ATI, got, merge(ATI.state, got), link), list = $(".ati-import__conflicts");
      $(".ati-import__summary").textContent = said.text;
      list.replaceChildren(...said.conflicts.map(t => el("li", "", t)));
      list.hidden = !said.conflicts.length;
      $(".ati-import").hidden = false;
      $("[data-act=merge]").focus();
    }
    // A link's fragment (core/transfer.js unpacks it; the merge is core/merge.js's), offered
    // as a file is. Why it cannot be read goes under Use on another device.
    const T = () => window.atiCore.transfer;
    const bringIn = f => ATI.load("core/transfer.js").then(() => reading(ATI)).then(() => T().unpack(f), () => ({ why: "load" }))
      .then(got => got.text ? offer(B().readFile(ATI, got.text, 0, true), true) : ATI.say(transferMsg, got.why == "load" ? LOST + "open the link again. Nothing was changed." : T().SAID[got.why]))
      .then(() => { if ($(".ati-import").hidden) { heading.tabIndex = -1; heading.focus(); } });
    // The QR code and the link of the whole record, as an export file holds it.
    function show() {
      Promise.all(["core/transfer.js", "../vendor/qrcode-generator.js", "backup.js"].map(ATI.load))
        .then(() => T().link(location.href.split("#")[0], { format: ATI.FORMAT, version: ATI.VERSION, data: ATI.state }), () => "")
        .then(url => {
          if (!url) return ATI.say(transferMsg, LOST + "try again.");
          T().present(root, url, B().plural(ATI.state.interviews.length, "interview"), window.qrcode);
          $("[data-act=copy-link]").focus();
        });
    }
    if (arrived) bringIn(arrived);
    // A link opened in this very page (pasted into its address bar) changes only the
    // fragment (popstate, then hashchange). Taken first, and kept from Material, whose
    // instant navigation would put the address it read back.
    const onHash = e => {
      if (!root.isConnected) return ["popstate", "hashchange"].forEach(t => removeEventListener(t, onHash, true));
      const f = taken();
      if (f) { e.stopImmediatePropagation(); bringIn(f); }
    };
    ["popstate", "hashchange"].forEach(t => addEventListener(t, onHash, true));

    ATI.view(root, outside => {
      const r = ATI.state;
      if (undo && undoAt === null && !outside) { undoAt = r.changed; inTab(tabbed && undo); }
      else if (outside || r.changed != undoAt) undo = null;
      if (!undo && tabbed) { inTab(); tabbed = false; }  // once, not at every redraw
      const steps = r.interviews.map(i => [i, next(i)]);  // each plan worked out once
      // The cards are drawn afresh: focus stays on the same link or list in the new ones.
      const spot = e => [e.closest(".ati-cards, .ati-due").className, e.getAttribute("data-pick") || e.getAttribute("data-status"),
        e.parentNode.getAttribute("data-rule"), e.tagName, e.textContent].join("\n");
      const focused = document.activeElement, was = focused && focused.closest && focused.closest(".ati-cards, .ati-due") && spot(focused);
      $(".ati-cards").replaceChildren(...steps.map(([i, n]) => card(i, n)));
      // Most urgent first (core/plan.js's dueNow); standing advice once, for every interview it is due for.
      dueRows = ATI.dueNow(steps.map(([i, n]) => [i, n.now]));
      due.replaceChildren(...dueRows.map(({ step: s, interviews: list }, k) => {
        // A step due for several interviews (standing advice) names them, not one's dates.
        const i = list[0], li = el("li", s.state == "overdue" ? "ati-due__late" : "", list.length > 1
          ? `${s.r.title}, for ${list.map(ATI.label).join("; ")} (${s.state == "overdue" ? "overdue" : "due now"}) ` : `${ATI.label(i)}: ${told(s, i)} `);
        const b = el("button", "md-button", "Mark as done"), later = el("button", "md-button", "Put off 3 days");
        b.type = later.type = "button";
        b.setAttribute("data-due-done", k);
        later.setAttribute("data-due-later", k);
        li.setAttribute("data-rule", s.r.id);
        li.append(b, " ", later, " ", go(i, "planner", "open the plan", s));
        return li;
      }));
      $(".ati-due__none").hidden = due.children.length > 0;
      const to = roundFor.value || ATI.current(r).id;
      roundFor.replaceChildren(...r.interviews.map(i => new Option(ATI.label(i), i.id, false, i.id == to)));
      const back = was && [...root.querySelectorAll(".ati-cards :is(a, select), .ati-due :is(a, button)")].find(e => spot(e) == was);
      if (back && document.activeElement != back) back.focus();
      $(".ati-backup__state").textContent = ATI.backupNote() || (r.exported ? `Last exported on ${ATI.words(new Date(r.exported), true)}. Nothing has changed since.` : "Nothing saved yet.");
      $(".ati-backup__keep").textContent = ATI.problem ? ATI.PROBLEM[ATI.problem] : ATI.persisted ? "This browser has agreed to keep your data." : "Browsers may clear a site's data when space runs short. An exported copy is safe from that.";
      const warn = $(".ati-backup__safari");
      warn.hidden = !safari();
      warn.textContent = SAFARI;
      $("#ati-date-style").value = r.prefs.dates || (ATI.words("2026-12-01").startsWith("Tuesday,") ? "md" : "dm");
      undoBtn.hidden = !undo;
      // The browser refused a write: what is saved stays, and the latest changes can be exported.
      $(".ati-full").hidden = ATI.problem != "full";
      $(".ati-full__say").textContent = ATI.problem == "full" ? ATI.PROBLEM.full : "";
      $(".ati-transfer__app").hidden = !app() || ATI.hasData(r);
    });

    root.addEventListener("click", e => {
      const pick = e.target.closest("[data-pick]"), done = e.target.closest("[data-due-done], [data-due-later]"), rf = e.target.closest("[data-round-for]");
      if (rf) {
        // To the form, which then names that interview: focus takes the reader there (and no
        // navigation to its #add-round, which would take the focus away again).
        e.preventDefault();
        e.stopPropagation();
        roundFor.value = rf.getAttribute("data-round-for");
        return $("#ati-round-date").focus();
      }
      if (done) {
        // Marked done today for every interview on the row, as the planner's own button does;
        // or put off: the row comes back under Due now in 3 days.
        const off = done.hasAttribute("data-due-later"), back = ATI.iso(ATI.add(ATI.parse(ATI.today()), { count: 3, unit: "days" }));
        const { step: s, interviews: list } = dueRows[+done.getAttribute(off ? "data-due-later" : "data-due-done")], ids = list.map(i => i.id);
        ATI.change(r => r.interviews.filter(i => ids.includes(i.id)).forEach(i => {
          if (off) i.later[s.r.id] = back;
          else ATI.done(i, s.r.id, ATI.stepTitle(s.r, ATI.latest(i).promised));
        }));
        ATI.say($(".ati-due__msg"), off ? `Put off: ${s.r.title}. It comes back here on ${ATI.words(back, true)}.` : `Marked as done: ${s.r.title}.`);
        // Focus goes back to the list's heading, so a second tap never lands on another row.
        const head = $("#due");
        head.tabIndex = -1;
        return head.focus();
      }
      if (pick) return ATI.change(r => { r.current = pick.getAttribute("data-pick"); return false; }, true);
      const a = e.target.closest("[data-act]"), act = a && a.getAttribute("data-act");
      const forget = $(".ati-forget");
      if (act == "export" || act == "export-full") ATI.say(backupMsg, `Saved ${ATI.exportAll()} to your downloads. Keep it somewhere safe, such as your email or cloud storage.`);
      else if (act == "merge" || act == "replace") {
        const file = pending, m = act == "merge" && merge(ATI.state, file), merged = m && m.record;
        // A merge past the site's limits is refused, not cut short: nothing may be lost.
        if (m && m.over.length)
          return ATI.say(backupMsg, `Merging would make more than this site keeps: ${m.over.join("; ")}. ` +
            "Remove what you no longer need, or choose Replace. Nothing was changed.");
        keep(true);
        close();
        const saved = ATI.change(r => { Object.assign(r, merged ? merge(r, file).record : file); }, false, true);
        const same = act == "merge" && JSON.stringify(ATI.state.interviews) == JSON.stringify(JSON.parse(undo).interviews);
        ATI.say(backupMsg, same ? `Nothing in the ${pendingLink ? "link" : "file"} is newer than what you have, so nothing changed.`
          : `${act == "merge" ? "Merged" : "Replaced"}. ` + (saved ? "Undo brings back everything as it was before." : ATI.PROBLEM[ATI.problem] || ""));
        undoBtn.focus();
      } else if (act == "transfer") show();
      else if (act == "copy-link") {
        const link = $("#ati-transfer-link");
        (navigator.clipboard ? navigator.clipboard.writeText(link.value) : Promise.reject()).then(() => ATI.say(transferMsg, T().SAID.copied),
          () => { link.select(); ATI.say(transferMsg, T().SAID.select); });
      } else if (act == "paste") {
        const v = $("#ati-transfer-paste").value.trim();
        bringIn(v.slice(v.indexOf("#") + 1));
      } else if (act == "cancel") {
        close();
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
        keep(false);
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
        if (!f) return;
        // The merge (core/merge.js) loads when a file is chosen; a file of the first version
        // needs its mover (ati-v1.js) too.
        reading(ATI).then(() => f.size > B().MAX_FILE ? "" : f.text(), () => Promise.reject("load"))
          .then(text => text.includes(ATI.V1_FORMAT) ? ATI.loadV1().then(() => text, () => text) : text)
          .then(text => offer(B().readFile(ATI, text, f.size)), why => { unchoose(); ATI.say(backupMsg, why == "load" ? LOST + "choose the file again. Nothing was changed." : B().readFile(ATI, "", 0)); });
      }
    });
    // A new round: the newest one, unless the latest has nothing in it yet (a new interview's
    // first round), which it then fills.
    $(".ati-interviews__round").addEventListener("submit", e => {
      e.preventDefault();
      const f = e.target.elements, day = f["ati-round-date"].value, id = roundFor.value;
      if (!ATI.parse(day)) return ATI.say(msg, "Enter the date of the round.");
      let said = "";
      ATI.change(r => {
        const i = r.interviews.find(x => x.id == id), last = ATI.latest(i);
        const empty = !ATI.roundFilled(last);
        if (!empty && i.rounds.length >= ATI.LIMITS.rounds) { said = `That is as many rounds as this site keeps (${ATI.LIMITS.rounds}).`; return false; }
        const d = empty ? last : ATI.blankRound();
        d.date = day;
        d.mode = f["ati-round-mode"].value;
        d.people = f["ati-round-people"].value.split(",").map(n => n.trim()).filter(Boolean).slice(0, ATI.LIMITS.people).map(name => ({ ...ATI.blankPerson(), name }));
        if (!empty) i.rounds.push(d);
        said = `${ATI.label(i)}: round ${i.rounds.length} on ${ATI.words(day, true)}. Its plan counts from that day; earlier rounds keep their notes and marks.`;
      });
      if (said.startsWith("That")) return ATI.say(msg, said);
      ["ati-round-date", "ati-round-mode", "ati-round-people"].forEach(k => { f[k].value = ""; });
      ATI.say(msg, said);
    });
    $(".ati-interviews__add").addEventListener("submit", e => {
      e.preventDefault();
      const f = { company: $("#ati-new-company"), role: $("#ati-new-role") }, c = f.company.value.trim(), ro = f.role.value.trim();
      const refused = ATI.addInterview(c, ro);
      if (refused) return ATI.say(msg, refused);
      f.company.value = f.role.value = "";
      roundFor.value = ATI.current().id;  // its date comes next: never another interview's round
      ATI.say(msg, `Added ${ATI.label(ATI.current())}. Its checklists, templates and planner now show it.`);
    });
  };

  if (window.ATI) window.ATI.start();
})();
