/* Templates (data-module="templates", the details form): fills every [placeholder] on the
   page from the current interview, its round and the interviewer chosen (a panel has one
   note per person), and your own details. Copy and "Open in mail app" use the text exactly
   as shown, after saying which blanks are still empty; "Mark as sent" (asking the same way)
   writes the log. */
"use strict";
(window.atiModules = window.atiModules || {}).templates = (root, ATI) => {
  const $ = s => root.querySelector(s), status = $(".ati-fields__status");
  const inputs = [...root.querySelectorAll("[data-saved-as]")], templates = [...document.querySelectorAll(".ati-template")];
  const roundSel = $("[data-round]"), personSel = $("[data-person]"), mode = $("[data-mode]"), contact = $("[data-person-contact]");
  // The round and the interviewer chosen survive a reload of this tab.
  const KEEP = "ati:note-for";
  let [roundId, personId] = (() => { try { return JSON.parse(sessionStorage.getItem(KEEP)) || ["", ""]; } catch (e) { return ["", ""]; } })();
  // Each "Mark as sent" button's own label, before it shows the state.
  const labels = new Map([...document.querySelectorAll(".ati-template [data-act=sent]")].map(b => [b, b.textContent]));
  // The round and person the form shows (the latest round and its first person to start).
  const round = i => i.rounds.find(r => r.id == roundId) || ATI.latest(i);
  const person = rd => rd.people.find(p => p.id == personId) || rd.people[0];
  function where(r, i, path, make) {
    const [scope, key, sub] = path.split("."), rd = round(i);
    let p = person(rd);
    if (scope == "person" && !p && make) { p = ATI.blankPerson(); rd.people.push(p); personId = p.id; }
    const obj = scope == "me" ? r.me : scope == "round" ? rd : scope == "person" ? p : key == "fields" ? i.fields : i;
    return [obj, sub || key];
  }
  const value = (r, i, path) => { const [o, k] = where(r, i, path); return (o && o[k]) || ""; };
  const who = p => p && p.name.trim() || "";

  // Filled in (your name, the company and the interviewer's name, those this page asks for),
  // the form folds to a line naming whose notes these are when the page opens or another
  // interview is chosen, never while you type; Change (or adding a person) opens it.
  const sum = $(".ati-fields__sum"), has = k => inputs.some(x => x.getAttribute("data-saved-as") == k);
  const fold = v => { root.classList.toggle("ati-fields--folded", v); sum.hidden = !v; };
  let shownFor = "", foldFor = "";  // whose notes the page shows: a template's last message was about them
  function update(outside) {
    const r = ATI.state, i = ATI.current(), rd = round(i), p = person(rd), show = {};
    roundId = rd.id;
    personId = p ? p.id : "";
    try { sessionStorage.setItem(KEEP, JSON.stringify([roundId, personId])); } catch (e) { /* not kept */ }
    const now = [i.id, rd.id, personId].join("/");
    sum.firstChild.textContent = "For " + [i.company.trim(), has("person.name") && who(p), rd.date && ATI.words(rd.date, true)].filter(Boolean).join(", ");
    if (foldFor != i.id) {
      foldFor = i.id;
      fold(["me.name", "interview.company", "person.name"].every(k => !has(k) || value(r, i, k).trim()));
      ATI.land();  // a link to a note lands on it, now that the form above it is folded
    }
    if (shownFor && now != shownFor) templates.forEach(t => { const out = t.querySelector(".ati-template__status"); if (out) ATI.hush(out); });
    shownFor = now;
    // A page whose templates name no interviewer has no person controls (templates.md.j2).
    if (roundSel) roundSel.replaceChildren(...i.rounds.map((d, n) => new Option(`Round ${n + 1}${d.date ? ", " + ATI.words(d.date, true) : ""}`, d.id, false, d.id == rd.id)));
    if (personSel) {
      personSel.replaceChildren(...(rd.people.length ? rd.people : [null]).map((q, n) =>
        new Option(who(q) || `Interviewer ${n + 1}`, q ? q.id : "", false, !q || q.id == personId)));
      $("[data-act=remove-person]").hidden = rd.people.length < 2;
    }
    if (mode && (!outside || document.activeElement != mode)) mode.value = rd.mode;
    if (contact && (!outside || document.activeElement != contact)) contact.value = p ? p.contact : "";
    inputs.forEach(input => {
      const v = value(r, i, input.getAttribute("data-saved-as"));
      if (input.value !== v && (!outside || document.activeElement != input)) input.value = v;
      const t = v.trim();
      show[input.getAttribute("data-field")] = input.type == "date" ? ATI.words(t) : t;
    });
    document.querySelectorAll(".ati-ph").forEach(span => {
      if (!span.hasAttribute("data-ph")) span.setAttribute("data-ph", span.textContent);
      const v = show[span.getAttribute("data-field")], own = span.getAttribute("data-default");
      span.textContent = v || own || span.getAttribute("data-ph");
      span.classList.toggle("ati-ph--filled", !!(v || own));
    });
    templates.forEach(t => {
      const link = t.querySelector("[data-mailto]"), id = t.getAttribute("data-template"), each = t.hasAttribute("data-per-person");
      if (link) {
        const to = show[t.getAttribute("data-to")] || "";
        link.href = "mailto:" + encodeURIComponent(to).replace(/%40/g, "@") + "?subject=" + enc(text(t, "subject")) + "&body=" + enc(text(t, "body"));
      }
      const sent = i.log.filter(e => e.template == id && e.date >= ATI.since(i, rd) && (!each || e.person == personId)).pop(), note = t.querySelector(".ati-template__sent");
      const button = t.querySelector("[data-act=sent]"), done = button && labels.get(button).includes("done") ? "Done" : "Sent";
      if (note) {
        note.hidden = !sent;
        note.textContent = sent ? `${done}${each && who(p) ? " to " + who(p) : ""} on ${ATI.words(sent.date, true)}.` : "";
      }
      if (button) {
        // Once marked, the note beside it says when; the button says what a press does now.
        button.textContent = sent ? `Mark as not ${done.toLowerCase()}` : labels.get(button);
      }
      const count = t.querySelector(".ati-template__count"), max = +t.getAttribute("data-max-length");
      if (count) {
        const n = [...text(t, "body")].length;
        count.textContent = n > max ? `${n} characters: ${n - max} over the ${max} LinkedIn allows in a connection note. Shorten a detail above.` : `${n} of ${max} characters.`;
        count.classList.toggle("ati-template__count--over", n > max);
      }
    });
  }

  function text(t, part) {
    const get = s => { const el = t.querySelector(s); return el ? el.textContent : ""; };
    const subject = get(".ati-template__subject-text"), body = get(".ati-template__body");
    return part == "subject" ? subject : part == "all" ? subject + "\n\n" + body : body;
  }
  const enc = s => encodeURIComponent(s.replace(/\r?\n/g, "\r\n"));
  // The labels of blanks still empty in what is about to be copied or sent.
  function blanks(t, part) {
    const from = part == "subject" ? ".ati-template__subject" : part == "body" ? ".ati-template__body" : ".ati-template__subject, .ati-template__body";
    const seen = [];
    t.querySelectorAll(from.split(", ").map(s => s + " .ati-ph:not(.ati-ph--filled)").join(", ")).forEach(s => {
      if (!seen.includes(s.textContent)) seen.push(s.textContent);
    });
    return seen;
  }
  // First press with blanks left: say which, and do it on a second press of the same text.
  function ready(t, part, el, out, again = "use the text as it is") {
    const left = blanks(t, part), sig = part + text(t, part);
    if (!left.length || el.getAttribute("data-warned") == sig) return true;
    el.setAttribute("data-warned", sig);
    tell(out, `Still empty: ${left.join(", ")}. Fill ${left.length > 1 ? "them" : "it"} in above, or press again to ${again}.`, true);
    return false;
  }
  const tell = (out, text, warn) => { out.classList.toggle("ati-template__status--warn", !!warn); ATI.say(out, text); };

  function copy(value, out) {
    const done = ok => tell(out, ok ? "Copied" : "Could not copy. Select the text and copy it by hand.", !ok);
    const fallback = () => {
      const focus = document.activeElement, area = document.createElement("textarea");
      let ok = false;
      area.value = value;
      area.setAttribute("readonly", "");
      area.className = "ati-copy-buffer";
      document.body.appendChild(area);
      area.select();
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (focus && focus.focus) focus.focus();
      done(ok);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).then(() => done(true), fallback);
    else fallback();
  }

  root.addEventListener("input", e => {
    const el = e.target, path = el.getAttribute("data-saved-as");
    if (!path) return;
    ATI.change((r, i) => { const [o, k] = where(r, i, path, true); if (o) o[k] = el.value; });
  });
  root.addEventListener("change", e => {
    const el = e.target;
    if (el == roundSel) roundId = el.value;
    else if (el == personSel) personId = el.value;
    else if (el == mode) ATI.change((r, i) => { round(i).mode = el.value; });
    else if (el == contact) ATI.change((r, i) => { const [p] = where(r, i, "person.contact", true); p.contact = el.value; });
    else return;
    update(false);
  });
  root.addEventListener("click", e => {
    const a = e.target.closest("[data-act]"), act = a && a.getAttribute("data-act");
    const i = ATI.current();
    if (act == "change" || act == "add-person") fold(false);
    if (act == "change") return inputs[0].focus();
    if (act == "add-round" && i.rounds.length >= ATI.LIMITS.rounds || act == "add-person" && round(i).people.length >= ATI.LIMITS.people)
      return ATI.say(status, `That is as many as this site keeps for one interview (${act == "add-round" ? ATI.LIMITS.rounds + " rounds" : ATI.LIMITS.people + " interviewers"}).`);
    if (act == "add-round") {
      ATI.change((r, i) => { const d = ATI.blankRound(); i.rounds.push(d); roundId = d.id; personId = ""; });
      ATI.say(status, `Added round ${ATI.current().rounds.length}. Enter its date and who you met.`);
      roundSel.focus();
    } else if (act == "add-person") {
      ATI.change((r, i) => {
        const rd = round(i);
        if (!rd.people.length) rd.people.push(ATI.blankPerson());
        const p = ATI.blankPerson();
        rd.people.push(p);
        personId = p.id;
      });
      ATI.say(status, "Added an interviewer. Type their name and what you talked about.");
      root.querySelector("[data-saved-as='person.name']").focus();
    } else if (act == "remove-person") {
      const gone = who(person(round(ATI.current()))) || "this interviewer";
      ATI.change((r, i) => { const rd = round(i); rd.people = rd.people.filter(p => p.id != personId); personId = ""; });
      ATI.say(status, `Removed ${gone}.`);
      personSel.focus();
    }
  });

  templates.forEach(t => {
    // A [blank] in a note opens the form at the field that fills it.
    t.addEventListener("click", e => {
      const ph = e.target.closest(".ati-ph"), field = ph && root.querySelector(`[data-field="${ph.getAttribute("data-field")}"]`);
      if (!field || getSelection().toString()) return;
      fold(false);
      field.focus();
    });
    const bar = t.querySelector(".ati-template__actions");
    if (!bar) return;
    const out = bar.querySelector(".ati-template__status");
    bar.hidden = false;
    bar.addEventListener("click", e => {
      const b = e.target.closest("[data-copy], [data-mailto], [data-act=sent]");
      if (!b) return;
      if (b.hasAttribute("data-copy")) {
        const part = b.getAttribute("data-copy");
        if (ready(t, part, b, out)) copy(text(t, part), out);
      } else if (b.hasAttribute("data-mailto")) {
        if (!ready(t, "all", b, out)) e.preventDefault();
      } else {
        // Marked as sent with blanks still empty (after a copy that only warned, nothing was
        // copied): which ones first, as for a copy.
        if (t.querySelector(".ati-template__sent[hidden]") && !ready(t, "all", b, out, "mark it anyway")) return;
        const id = t.getAttribute("data-template"), each = t.hasAttribute("data-per-person");
        const title = t.getAttribute("data-title");
        let said = "";
        ATI.change((r, i) => {
          const p = each ? person(round(i)) : null, since = ATI.since(i, round(i));
          // Only this round's entry is undone; an earlier round's send stays in the log.
          const mine = x => x.template == id && x.date >= since && (!each || x.person == (p ? p.id : ""));
          if (i.log.some(mine)) { i.log = i.log.filter(e => !mine(e)); said = "No longer marked."; return; }
          const done = labels.get(b).includes("done") ? "Done" : "Sent";
          i.log.push(ATI.logEntry(`${done}: ${title}${p && who(p) ? " (to " + who(p) + ")" : ""}`,
            { kind: t.getAttribute("data-kind"), template: id, person: p ? p.id : "" }));
          said = `Marked as ${done.toLowerCase()} today. Your interviews and the planner count from it.`;
        });
        tell(out, said);
      }
    });
  });
  ATI.view(root, update);
};
if (window.ATI) window.ATI.start();
