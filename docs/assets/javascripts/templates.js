/* Templates page: the details form fills every [placeholder]; copy buttons and mail-app
   links use the text exactly as shown. Values live only in localStorage (ati:fields:v1);
   nothing is sent anywhere. Runs on each page Material shows (instant navigation too). */
(function () {
  "use strict";
  // Material runs this file again on each visit to the page: set up once.
  if (window.atiTemplates) return;
  window.atiTemplates = true;
  var KEY = "ati:fields:v1";

  function load() {
    try {
      var v = JSON.parse(localStorage.getItem(KEY));
      return v && typeof v === "object" && !Array.isArray(v) ? v : {};
    } catch (e) {
      return {};
    }
  }

  function store(values) {
    try {
      if (Object.keys(values).length) localStorage.setItem(KEY, JSON.stringify(values));
      else localStorage.removeItem(KEY);
      return true;
    } catch (e) {
      return false;
    }
  }

  function say(el, text) {
    el.textContent = "";
    setTimeout(function () { el.textContent = text; }, 60);
  }

  /* What a field shows in the text: trimmed; dates written out in the reader's language. */
  function shown(input) {
    var v = input.value.trim();
    if (input.type === "date" && v) {
      var d = new Date(v + "T12:00:00");
      if (!isNaN(d)) v = d.toLocaleDateString(undefined, { weekday: "long", month: "long", day: "numeric" });
    }
    return v;
  }

  function text(box, sel) {
    var el = box.querySelector(sel);
    return el ? el.textContent : "";
  }

  function enc(s) {
    return encodeURIComponent(s.replace(/\r?\n/g, "\r\n"));
  }

  function copy(value, status) {
    var done = function (ok) {
      say(status, ok ? "Copied" : "Could not copy. Select the text and copy it by hand.");
    };
    var fallback = function () {
      var focus = document.activeElement, area = document.createElement("textarea"), ok = false;
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
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  function init() {
    var form = document.querySelector(".ati-fields");
    if (!form || form.classList.contains("ati-js")) return;
    form.classList.add("ati-js");
    form.hidden = false;
    var status = form.querySelector(".ati-fields__status");
    var inputs = form.querySelectorAll("[data-field]");
    var templates = document.querySelectorAll(".ati-template");
    var values = load(), warned = false;

    function update() {
      var show = {};
      inputs.forEach(function (i) { show[i.getAttribute("data-field")] = shown(i); });
      document.querySelectorAll(".ati-ph").forEach(function (span) {
        if (!span.hasAttribute("data-ph")) span.setAttribute("data-ph", span.textContent);
        var v = show[span.getAttribute("data-field")];
        span.textContent = v || span.getAttribute("data-ph");
        span.classList.toggle("ati-ph--filled", !!v);
      });
      templates.forEach(function (t) {
        var link = t.querySelector("[data-mailto]");
        if (!link) return;
        var to = show[t.getAttribute("data-to")] || "";
        link.href = "mailto:" + encodeURIComponent(to).replace(/%40/g, "@") +
          "?subject=" + enc(text(t, ".ati-template__subject-text")) +
          "&body=" + enc(text(t, ".ati-template__body"));
      });
    }

    inputs.forEach(function (input) {
      var id = input.getAttribute("data-field");
      if (typeof values[id] === "string") input.value = values[id];
      input.addEventListener("input", function () {
        if (input.value) values[id] = input.value;
        else delete values[id];
        if (!store(values) && !warned) {
          warned = true;
          say(status, "This browser won't let the page save your details, so they will be gone when you leave.");
        }
        update();
      });
    });

    form.querySelector("[data-ati-forget]").addEventListener("click", function () {
      values = {};
      inputs.forEach(function (i) { i.value = ""; });
      update();
      say(status, store(values) ? "Your details are forgotten: cleared from this page and from this browser."
        : "Cleared from this page. This browser's storage could not be reached.");
    });

    templates.forEach(function (t) {
      var bar = t.querySelector(".ati-template__actions");
      if (!bar) return;
      bar.hidden = false;
      bar.addEventListener("click", function (e) {
        var b = e.target.closest("[data-copy]");
        if (!b) return;
        var what = b.getAttribute("data-copy"), subject = text(t, ".ati-template__subject-text"),
          body = text(t, ".ati-template__body");
        copy(what === "subject" ? subject : what === "all" ? subject + "\n\n" + body : body,
          bar.querySelector(".ati-template__status"));
      });
    });
    update();
  }

  // document$ emits on every page shown; on a first load it exists only after Material's bundle.
  var start = function () { if (window.document$) window.document$.subscribe(init); else init(); };
  if (window.document$) start(); else document.addEventListener("DOMContentLoaded", start);
})();
