/* Follow-up planner (data-module="planner"): the current interview's dates (its latest
   round, the decision date, what was promised) become a dated plan and an .ics file, with
   the steps its log shows as done. The rules come from the page's data-planner JSON; the
   plan itself is ATI.plan in ati.js, which "Your interviews" uses too. Dates are local
   calendar dates (new Date(y, m, d) and setDate), never UTC milliseconds. */
"use strict";
(window.atiModules = window.atiModules || {}).planner = (root, ATI) => {
  const iso = ATI.iso, nice = d => ATI.words(d, true), DAY = { count: 1, unit: "days" }, el = ATI.el;
  const time = d => { const t = el("time", "", nice(d)); t.dateTime = iso(d); return t; };
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
    var add = ATI.add, stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, ""), ymd = function (d) { return iso(d).replace(/-/g, ""); };
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

  {
    var data = JSON.parse(root.getAttribute("data-planner")), form = root.querySelector("form"), f = form.elements;
    var list = root.querySelector(".ati-plan"), status = root.querySelector("[role=status]");
    var button = root.querySelector("[data-ics]"), steps = [], contact, last;
    var title = function (r) { return r.title + (r.names_the_promise && f.promised.value.trim() ? ": " + f.promised.value.trim() : ""); };

    // The form shows the current interview; typing saves to it. A new interview starts on today.
    var saving = false;
    var show = function (outside) {
      if (saving) return;
      var i = ATI.current(), v = { interview: ATI.latest(i).date || iso(new Date()), decision: i.decision, promised: i.promised, promisedBy: i.promisedBy };
      Object.keys(v).forEach(function (k) { if (f[k].value !== v[k] && (!outside || document.activeElement != f[k])) f[k].value = v[k]; });
      f.contact.value = i.contact || "unsaid";
      last = null;
      update(false);
    };

    function update(store) {
      // Only when something changed: re-drawing on every focusout would swallow a click on a link in the plan.
      var sig = JSON.stringify([].map.call(form.elements, function (i) { return [i.value, i.validity.badInput]; }));
      if (sig === last) return;
      last = sig;
      var v = { promised: f.promised.value }, errors = {};
      var date = function (k, empty) {
        var input = f[k], d = ATI.parse(input.value);
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
      steps = bad ? [] : ATI.plan(data.rules, v, ATI.current().log);
      list.textContent = "";
      steps.forEach(function (s) {
        var li = el("li", "ati-plan__step"), when = el("p", "ati-plan__when"), body = document.querySelector('[data-rule-body="' + s.r.id + '"]');
        li.setAttribute("data-rule", s.r.id);
        when.appendChild(time(s.from));
        if (s.to - s.from) { when.append(" to "); when.appendChild(time(s.to)); }
        li.append(when, el("h3", "ati-plan__title", title(s.r)));
        if (s.done) { var d = el("p", "ati-plan__done", "Done on "); d.appendChild(time(s.done)); li.classList.add("ati-plan__step--done"); li.appendChild(d); }
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
        saving = true;
        ATI.change(function (r, i) {
          ATI.latest(i).date = f.interview.value;
          i.decision = f.decision.value;
          i.contact = contact == "unsaid" ? "" : contact;
          i.promised = f.promised.value;
          i.promisedBy = f.promisedBy.value;
        });
        saving = false;
      }
    }

    // A half-typed or impossible date leaves the value empty and may fire no input event: check on leaving too.
    ["input", "focusout"].forEach(function (t) { form.addEventListener(t, function () { update(true); }); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    button.addEventListener("click", function () {
      if (steps.length) ATI.download("follow-up-plan.ics", ics(steps, data, contact, title), "text/calendar;charset=utf-8");
    });
    root.hidden = false;
    ATI.view(root, show);
  }

};
if (window.ATI) window.ATI.start();
