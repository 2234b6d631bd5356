/* Follow-up planner: turns the rules in the page's data-planner JSON into a dated plan and an .ics file.
   Dates are local calendar dates (new Date(y, m, d) and setDate), never UTC milliseconds. */
(function () {
  "use strict";
  // Material runs this file again on each visit to the page: set up once.
  if (window.atiPlanner) return;
  window.atiPlanner = true;
  var KEY = "ati:planner:v1";

  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var iso = function (d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); };
  var weekend = function (d) { return d.getDay() % 6 === 0; };
  // "YYYY-MM-DD" to a local date; null if that day doesn't exist.
  var parse = function (s) {
    var m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s), d = m && new Date(m[1], m[2] - 1, m[3]);
    return d && iso(d) === s ? d : null;
  };
  // Business days count only Monday to Friday, starting with the first weekday after d.
  var add = function (d, o) {
    var r = new Date(d.getFullYear(), d.getMonth(), d.getDate()), n = o.count;
    if (o.unit === "days") r.setDate(r.getDate() + n);
    else while (n > 0) { r.setDate(r.getDate() + 1); if (!weekend(r)) n--; }
    return r;
  };
  var DAY = { count: 1, unit: "days" };

  function plan(rules, v) {
    var have = { interview: v.interview, decision: v.decision, "promised-by": v.promisedBy }, done = {}, out = [];
    rules.forEach(function (r) {
      var w = r.only_when, base;
      if (w && !(w === "promised" ? v.promisedBy : w === "decision-given" ? v.decision : !v.decision)) return;
      r.anchor.some(function (a) { return (base = have[a] || done[a] && done[a].to); });
      if (!base) return;
      var at = function (o) {
        var d = add(base, o), min = r.never_before && add(v.interview, r.never_before);
        if (min && d < min) d = min;
        while (r.move_off_weekends && weekend(d)) d = add(d, DAY);
        return d;
      };
      out.push(done[r.id] = { r: r, from: at(r.earliest), to: at(r.latest) });
    });
    return out.sort(function (a, b) { return a.from - b.from; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // "Fri, 12 Jun 2026" by hand: Intl's date formatting is slow to set up on a phone.
  var DAYS = "Sun Mon Tue Wed Thu Fri Sat".split(" "), MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
  var nice = function (d) { return DAYS[d.getDay()] + ", " + d.getDate() + " " + MONTHS[d.getMonth()] + " " + d.getFullYear(); };
  var time = function (d) { var t = el("time", "", nice(d)); t.dateTime = iso(d); return t; };

  // RFC 5545 text: escape, then fold at 75 octets without splitting a character.
  var esc = function (s) { return s.replace(/[\\;,]/g, "\\$&").replace(/\r?\n/g, "\\n"); };
  function fold(line) {
    var out = "", n = 0;
    for (var ch of line) {
      var c = ch.codePointAt(0), b = c < 128 ? 1 : c < 2048 ? 2 : c < 65536 ? 3 : 4;
      if (n + b > 75) { out += "\r\n "; n = 1; }
      out += ch; n += b;
    }
    return out + "\r\n";
  }

  function ics(steps, data, contact, title) {
    var stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, ""), ymd = function (d) { return iso(d).replace(/-/g, ""); };
    var url = location.href.split("#")[0] + "#", lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//After the Interview//Follow-up planner//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
    steps.forEach(function (s) {
      var r = s.r, desc = ["When: " + nice(s.from) + (s.to - s.from ? " to " + nice(s.to) : ""), r.what, "Why: " + r.why];
      if (r.by_contact) desc.push(r.by_contact[contact]);
      desc.push("From: " + r.sources.map(function (i) { return data.sources[i]; }).join(", "), url + r.id);
      lines.push("BEGIN:VEVENT", "UID:" + r.id + "-" + ymd(s.from) + "@after-the-interview", "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + ymd(s.from), "DTEND;VALUE=DATE:" + ymd(add(s.to, DAY)),
        "SUMMARY:" + esc(title(r)), "DESCRIPTION:" + esc(desc.join("\n\n")), "TRANSP:TRANSPARENT", "END:VEVENT");
    });
    return lines.concat("END:VCALENDAR").map(fold).join("");
  }

  function init() {
    var root = document.querySelector("[data-planner]");
    if (!root || root.classList.contains("ati-js")) return;
    var data = JSON.parse(root.getAttribute("data-planner")), form = root.querySelector("form"), f = form.elements;
    var list = root.querySelector(".ati-plan"), status = root.querySelector("[role=status]");
    var button = root.querySelector("[data-ics]"), steps = [], contact, saved = {}, last;
    var title = function (r) { return r.title + (r.names_the_promise && f.promised.value.trim() ? ": " + f.promised.value.trim() : ""); };

    try { saved = JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { /* blocked or garbage: start afresh */ }
    ["interview", "decision", "promised", "promisedBy"].forEach(function (k) {
      if (typeof saved[k] === "string") f[k].value = saved[k];
    });
    if (!f.interview.value) f.interview.value = iso(new Date());
    f.contact.value = /^(email|phone)$/.test(saved.contact) ? saved.contact : "unsaid";

    function update(store) {
      // Only when something changed: re-drawing on every focusout would swallow a click on a link in the plan.
      var sig = JSON.stringify([].map.call(form.elements, function (i) { return [i.value, i.validity.badInput]; }));
      if (sig === last) return;
      last = sig;
      var v = { promised: f.promised.value }, errors = {};
      var date = function (k, empty) {
        var input = f[k], d = parse(input.value);
        if (input.validity.badInput || input.value && !d) errors[k] = "This date doesn't exist. Check the day, month and year.";
        else if (!d && empty) errors[k] = empty;
        else if (d && v.interview && d < v.interview) errors[k] = "This date is before the interview. Check both dates.";
        return (v[k] = d);
      };
      date("interview", "Enter the date of your interview to see your plan.");
      date("decision");
      date("promisedBy", v.promised.trim() && "Add the date you promised to send it by.");
      contact = f.contact.value;
      ["interview", "decision", "promisedBy"].forEach(function (k) {
        var p = document.getElementById(f[k].id + "-error");
        p.textContent = errors[k] || "";
        p.hidden = !errors[k];
        if (errors[k]) f[k].setAttribute("aria-invalid", "true"); else f[k].removeAttribute("aria-invalid");
      });
      var bad = Object.keys(errors).length;
      steps = bad ? [] : plan(data.rules, v);
      list.textContent = "";
      steps.forEach(function (s) {
        var li = el("li", "ati-plan__step"), when = el("p", "ati-plan__when"), body = document.querySelector('[data-rule-body="' + s.r.id + '"]');
        li.setAttribute("data-rule", s.r.id);
        when.appendChild(time(s.from));
        if (s.to - s.from) { when.append(" to "); when.appendChild(time(s.to)); }
        li.append(when, el("h3", "ati-plan__title", title(s.r)));
        if (body) {
          body = body.cloneNode(true);
          body.removeAttribute("data-rule-body");
          body.querySelectorAll("[data-contact]").forEach(function (c) { if (c.getAttribute("data-contact") !== contact) c.remove(); });
          li.appendChild(body);
        }
        list.appendChild(li);
      });
      button.disabled = !steps.length;
      status.textContent = bad || !steps.length ? "No plan yet: correct the date marked in the form." : "Your plan has " + steps.length + " steps, from " + nice(steps[0].from) + " to " + nice(new Date(Math.max.apply(null, steps.map(function (s) { return s.to; })))) + ".";
      if (store) {
        try {
          localStorage.setItem(KEY, JSON.stringify({ interview: f.interview.value, decision: f.decision.value, contact: contact, promised: f.promised.value, promisedBy: f.promisedBy.value }));
        } catch (e) { root.querySelector("[data-save-failed]").hidden = false; }
      }
    }

    // A half-typed or impossible date leaves the value empty and may fire no input event: check on leaving too.
    ["input", "focusout"].forEach(function (t) { form.addEventListener(t, function () { update(true); }); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    button.addEventListener("click", function () {
      if (!steps.length) return;
      var a = el("a");
      a.href = URL.createObjectURL(new Blob([ics(steps, data, contact, title)], { type: "text/calendar;charset=utf-8" }));
      a.download = "follow-up-plan.ics";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    });
    root.hidden = false;
    root.classList.add("ati-js");
    update(false);
  }

  // document$ emits on every page shown; on a first load it exists only after Material's bundle.
  var start = function () { if (window.document$) window.document$.subscribe(init); else init(); };
  if (window.document$) start(); else document.addEventListener("DOMContentLoaded", start);
})();
