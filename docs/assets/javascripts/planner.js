/* Follow-up planner (data-module="planner"): the current interview's latest round (its
   date, decision date and what was promised) becomes a dated plan, told against today:
   the next step at the top, a one-line-per-step timeline, then each step in detail with
   links to add it to Google Calendar or Outlook, and one .ics file per interview. Each step
   of the plan is the page's own (its heading, whose id links name, and its details), moved
   into the plan, so it is on the page once; those the plan does not need stay below, folded. The
   rules come from the page's data-planner JSON; the plan is core/plan.js's, through ATI.planOf
   ("Your interviews" uses it too), and its dates are stored when first shown for an interview
   date that is saved, so they never drift. Dates are local calendar dates, never UTC
   milliseconds. */
"use strict";
(window.atiModules = window.atiModules || {}).planner = (root, ATI) => {
  const iso = ATI.iso, nice = d => ATI.words(d, true), el = ATI.el, DAY = ATI.DAY;
  // A step and its days, as the calendar file last held them (record: calendar.dates).
  const days = s => `${s.r.id} ${iso(s.from)} ${iso(s.to)}`;
  const time = d => { const t = el("time", "", nice(d)); t.dateTime = iso(d); return t; };
  const span = s => s.to - s.from ? [time(s.from), " to ", time(s.to)] : [time(s.from)];
  const ymd = d => iso(d).replace(/-/g, "");
  const STATE = { done: "Done", overdue: "Overdue", due: "Due now", upcoming: "Coming up", later: "Put off" };


  const data = JSON.parse(root.getAttribute("data-planner")), form = root.querySelector("form"), f = form.elements;
  const $ = s => root.querySelector(s), list = $(".ati-plan"), line = $(".ati-timeline"), status = $("[role=status]");
  const keep = $("[data-act=keep-today]"), button = $("[data-ics]"), next = $(".ati-plan__next"), from = $(".ati-plan__from"), undated = $(".ati-plan__undated"), stale = $(".ati-planner__stale"), hint = $("#ati-p-holidays-hint");
  let steps = [], last = null, saving = false, had;
  // Each rule's heading (its text as rendered) and details; the <details> they start in.
  const how = document.querySelector(".ati-rules-how"), more = document.querySelector(".ati-rules-more"), sum = more.firstElementChild, said0 = sum.textContent;
  const parts = data.rules.map(r => { const h = document.getElementById(r.id); return [r, h, h.textContent, document.querySelector(`[data-rule-body="${r.id}"]`)]; });
  const part = r => parts.find(p => p[0].id == r.id);
  // A step in the plan says only the contact line of the way they prefer; below, all of them.
  const lines = (body, way) => body.querySelectorAll("[data-contact]").forEach(c => { c.hidden = way && c.getAttribute("data-contact") != way; });
  const where = hint.textContent, dateHint = $("#ati-p-interview-hint"), dateSaid = dateHint.textContent;
  const promise = () => f.promised.value.trim();
  const title = r => ATI.stepTitle(r, promise());
  // What a calendar shows for a step: the step, whose interview, and by when.
  const named = () => { const i = ATI.current(); return [i.company, i.role].map(x => x.trim()).filter(Boolean).join(", "); };
  const summary = s => title(s.r) + (named() ? " (" + named() + ")" : "") + ", by " + nice(s.to);
  function details(s) {
    // The words come from the step's details on the page, where the rules put them.
    const r = s.r, body = part(r)[3], text = q => { const e = body && body.querySelector(q); return e ? e.textContent.trim() : ""; };
    const wording = body && body.getAttribute("data-wording"), contact = text(`[data-contact="${f.contact.value}"] [data-text]`);
    const out = [`When: ${nice(s.from)}${s.to - s.from ? " to " + nice(s.to) : ""}`, text("[data-what]"), "Why: " + text("[data-why]")];
    if (contact) out.push(contact);
    if (wording) out.push("Wording to start from: " + new URL(wording, location.href).href);
    out.push(text(":scope > .ati-cite"), new URL("#" + r.id, location.href).href);
    return out.join("\n\n");
  }
  // Links that open each calendar's new-event page with the step filled in.
  function calendars(s) {
    const end = ATI.add(s.to, DAY), q = o => Object.keys(o).map(k => k + "=" + encodeURIComponent(o[k])).join("&");
    const g = el("a", "", "Add to Google Calendar"), o = el("a", "", "Add to Outlook");
    g.href = "https://calendar.google.com/calendar/render?" + q({ action: "TEMPLATE", text: summary(s), dates: ymd(s.from) + "/" + ymd(end), details: details(s) });
    o.href = "https://outlook.live.com/calendar/0/action/compose?" + q({ subject: summary(s), startdt: iso(s.from), enddt: iso(end), allday: "true", body: details(s) });
    [g, o].forEach(a => { a.rel = "noopener noreferrer"; a.target = "_blank"; });
    const p = el("p", "ati-plan__calendars");
    p.append(g, " · ", o);
    return p;
  }

  // The form shows the current interview. Its plan counts from the date it stores; one with
  // no date yet shows today, and stores it once you use the plan (change a field, export,
  // add a step to a calendar, mark a step done), so coming back later shows the same plan.
  // Only looking stores nothing: no interview date is made up.
  const keepToday = () => {
    if (ATI.latest(ATI.current()).date || !ATI.ok) return;
    saving = true;
    ATI.change((r, j) => { ATI.latest(j).date = f.interview.value || ATI.today(); }, true);
    saving = false;
    keep.hidden = undated.hidden = true;
  };
  function show(outside) {
    if (saving) return;
    const j = ATI.current(), rd = ATI.latest(j), v = { interview: rd.date || ATI.today(), decision: rd.decision, promised: rd.promised,
      promisedBy: rd.promisedBy, contact: j.contact || "unsaid", holidays: ATI.state.prefs.holidays };
    Object.keys(v).forEach(k => { if (f[k].value !== v[k] && (!outside || document.activeElement != f[k])) f[k].value = v[k]; });
    last = null;
    update(false);
  }

  function update(store) {
    // Only when something changed: re-drawing on every focusout would swallow a click on a link in the plan.
    const sig = JSON.stringify([...form.elements].map(i => [i.value, i.validity.badInput]));
    if (sig === last) return;
    last = sig;
    const v = {}, errors = {};
    const date = (k, empty) => {
      const input = f[k], d = ATI.parse(input.value);
      if (input.validity.badInput || input.value && !d) errors[k] = "This date doesn't exist. Check the day, month and year.";
      else if (!d && empty) errors[k] = empty;
      else if (d && v.interview && d < v.interview) errors[k] = "This date is before the interview. Check both dates.";
      return (v[k] = d);
    };
    date("interview", "Enter the date of your interview to see your plan.");
    date("decision");
    date("promisedBy");
    ["interview", "decision", "promisedBy"].forEach(k => {
      const p = document.getElementById(f[k].id + "-error");
      p.textContent = errors[k] || "";
      p.hidden = !errors[k];
      if (errors[k]) f[k].setAttribute("aria-invalid", "true"); else f[k].removeAttribute("aria-invalid");
    });
    if (store) {
      saving = true;
      ATI.change((r, i) => {
        // Only valid dates are stored: a half-typed one leaves the saved plan as it was. The
        // decision date and the promise are the latest round's: a new round has its own.
        const rd = ATI.latest(i);
        if (!errors.interview) rd.date = f.interview.value;
        if (!errors.decision) rd.decision = f.decision.value;
        if (!errors.promisedBy) rd.promisedBy = f.promisedBy.value;
        i.contact = f.contact.value == "unsaid" ? "" : f.contact.value;
        rd.promised = f.promised.value;
        r.prefs.holidays = f.holidays.value;
      });
      saving = false;
    }
    draw(Object.keys(errors).length);
  }

  function draw(bad) {
    const i = ATI.current(), h = ATI.holidays();
    const kept = ATI.latest(i).date, today = f.interview.value == ATI.today();
    dateHint.textContent = kept ? "The day you were interviewed." : dateSaid;
    // Today's date is only a suggestion until you keep it (or type a day): no date is made up.
    keep.hidden = kept || !today;
    undated.hidden = !!kept;
    keep.textContent = "Yes, I was interviewed today, " + nice(ATI.parse(ATI.today()));
    const made = bad ? [] : ATI.planOf(data.rules, i, true, f.interview.value);
    steps = made || [];
    hint.textContent = !h.key ? where : h.failed ? "The list of holidays could not be loaded, so the plan skips weekends only. Reload the page to try again."
      : h.info ? `Skipping ${h.info.place} public holidays up to ${nice(ATI.parse(h.info.last))}, from ${h.info.source}.` : "Loading the list of holidays…";
    parts.forEach(([, h, t, body]) => { h.textContent = t; h.className = ""; more.append(h, body); lines(body, ""); });
    list.textContent = line.textContent = "";
    steps.forEach(s => {
      const li = el("li", "ati-plan__step ati-plan__step--" + s.state), when = el("p", "ati-plan__when"), row = el("li", "ati-timeline__step ati-timeline__step--" + s.state);
      const [, h3, , body] = part(s.r);
      li.setAttribute("data-rule", s.r.id);
      row.setAttribute("data-rule", s.r.id);
      when.append(...span(s));
      const said = el("span", "ati-plan__state", s.done ? "Done on " : STATE[s.state] + (s.later ? " to " : ""));
      if (s.done || s.later) said.append(time(s.done || s.later));
      const link = el("a", "", title(s.r));
      link.href = "#" + s.r.id;
      row.append(...span(s), " ", link, " ", said);
      line.append(row);
      h3.textContent = title(s.r);
      h3.className = "ati-plan__title";
      li.append(when, h3, said.cloneNode(true));
      // A step no message marks done is marked here; so is one done some other way. "mine":
      // done by its own mark (here, or a checklist tick), which the button can take back.
      const mine = !!s.hit && s.hit.kind == s.r.id;
      if (!s.done || mine) {
        const b = el("button", "md-button", mine ? "Mark as not done" : "Mark as done");
        b.type = "button";
        b.setAttribute("data-done", s.r.id);
        li.append(b);
      }
      // Marked done today but done earlier (an interview added late): the day can be changed,
      // from the interview day to today, and the steps after it count from that day.
      if (mine) {
        const p = el("p", "ati-plan__done-on"), input = el("input"), label = el("label", "", "Done on ");
        input.type = "date";
        input.id = label.htmlFor = "ati-done-on-" + s.r.id;
        input.value = s.hit.date;
        input.min = ATI.latest(i).date;
        input.max = ATI.today();
        input.setAttribute("data-done-on", s.hit.id);
        p.append(label, input);
        li.append(p);
      }
      // The step's own text after its controls: Mark as done is the next Tab from its heading.
      if (body) { li.append(body); lines(body, f.contact.value); }
      if (!s.done) li.append(calendars(s));
      list.append(li);
    });
    // The table of rules and the steps left over fold away once there is a plan (one the
    // reader opened stays open while the plan changes).
    const left = parts.filter(p => more.contains(p[1])).map(p => p[0].title);
    sum.textContent = steps.length ? `Steps not in your plan: ${left.join("; ")}` : said0;
    more.hidden = !left.length;
    if (had != !!steps.length) { had = !!steps.length; more.open = how.open = !had; }
    // A link to a step (from Your interviews, a calendar event) lands on it in the plan.
    ATI.land();
    // A promise with no date yet keeps the plan, with a note where its step would be.
    if (!bad && made && promise() && !f.promisedBy.value) {
      const note = el("li", "ati-timeline__step ati-timeline__step--note", `You promised to send ${promise()}: add the date you promised it by, and the plan gets a step for it.`);
      line.append(note);
    }
    // Steps before a "move on" that is due are no longer next (core/plan.js: passed).
    const over = ATI.passed(steps), todo = steps.find(s => !s.done && !over.has(s));
    next.textContent = todo ? `Next: ${title(todo.r)}, by ${nice(todo.to)}${todo.state == "overdue" ? " (overdue)" : todo.state == "due" ? " (due now)" : todo.later ? ` (put off to ${nice(todo.later)})` : ""}.` : steps.length ? "Every step of the plan is done." : "";
    const people = ATI.latest(i).people.map(p => p.name).filter(Boolean).join(", ");
    from.textContent = !steps.length ? "" : `The plan for ${ATI.label(i)}, worked out from: interview on ` + nice(ATI.parse(f.interview.value)) +
      (people ? ` with ${people}` : "") +
      (f.decision.value ? ", decision date " + nice(ATI.parse(f.decision.value)) : ", no decision date given") +
      (promise() && f.promisedBy.value ? `, ${promise()} promised by ${nice(ATI.parse(f.promisedBy.value))}` : "") +
      (h.info ? `, skipping ${h.info.place} public holidays` : ", weekends skipped") + `. As of ${nice(ATI.parse(ATI.today()))}.`;
    button.disabled = !steps.length;
    // A step still to do whose days the last calendar file did not have: the file is out of date.
    const c = i.calendar, held = new Set(c && c.dates);
    stale.hidden = !c || !c.dates || steps.every(s => s.done || held.has(days(s)));
    status.textContent = bad ? "No plan yet: correct the date marked in the form." : !made ? "Working out your plan…" :
      `Your plan has ${steps.length} steps, from ${nice(steps[0].from)} to ${nice(new Date(Math.max(...steps.map(s => s.to))))}.`;
  }

  // A half-typed or impossible date leaves the value empty and may fire no input event: check on leaving too.
  ["input", "focusout"].forEach(t => form.addEventListener(t, () => update(true)));
  form.addEventListener("change", () => update(true));
  form.addEventListener("submit", e => e.preventDefault());
  // The calendar file's writer (ics.js) loads when it is first asked for. Each export
  // counts up the SEQUENCE, and cancels the events of steps the plan no longer has.
  let loading = false;  // a second press while it loads makes no second file
  button.addEventListener("click", () => {
    if (!steps.length || loading) return;
    keepToday();
    // Steps already done need no event (one an earlier file had is cancelled).
    const made = steps.filter(s => !s.done);
    if (!made.length) return (status.textContent = "Every step is done: there is nothing to add to a calendar.");
    const write = () => { window.atiIcs.save(ATI, made, { summary, details, days }); stale.hidden = true; };
    if (window.atiIcs) return write();
    loading = true;
    ATI.load("ics.js").then(() => { loading = false; write(); }, () => {
      loading = false;
      status.textContent = "The calendar file could not be made: check your connection and press the button again.";
    });
  });
  list.addEventListener("change", e => {
    const input = e.target.closest("[data-done-on]");
    if (!input) return;
    const day = input.value, id = input.id;
    if (!ATI.parse(day) || day > input.max || input.min && day < input.min) {
      status.textContent = `Pick a day from ${input.min ? nice(ATI.parse(input.min)) : "the interview"} to today.`;
      return;
    }
    ATI.change((r, i) => { const m = i.log.find(x => x.id == input.getAttribute("data-done-on")); if (m) m.date = day; });
    status.textContent = `Done on ${nice(ATI.parse(day))}. The steps after it count from that day.`;
    const again = document.getElementById(id);
    if (again) again.focus();
  });
  keep.addEventListener("click", () => {
    keepToday();
    status.textContent = "Kept: your plan counts from today, whenever you come back.";
    f.interview.focus();
  });
  // Adding a step to Google Calendar or Outlook uses the plan: keep its date.
  list.addEventListener("click", e => {
    if (e.target.closest(".ati-plan__calendars a")) return keepToday();
    const b = e.target.closest("[data-done]"), id = b && b.getAttribute("data-done");
    if (!id) return;
    keepToday();
    const s = steps.find(x => x.r.id == id);
    let said = "";
    ATI.change((r, i) => {
      if (s.hit && s.hit.kind == id && ATI.unmarkDone(i, id)) { said = "No longer marked as done."; return; }
      ATI.done(i, id, title(s.r));
      said = "Marked as done today. The steps after it count from today.";
    });
    status.textContent = said;
    const again = list.querySelector(`[data-done="${id}"]`) || list.querySelector(`[data-rule="${id}"] h3`);
    if (again) { if (again.tagName == "H3") again.tabIndex = -1; again.focus(); }
  });
  root.hidden = false;
  ATI.view(root, show);
};
if (window.ATI) window.ATI.start();
