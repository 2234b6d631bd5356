// The colour scheme, set before the first paint, and the header's toggle. Inline in the
// header, in place of Material's partial partials/javascripts/palette.html, which sits
// right after the palette's radio buttons. `build_tools render` minifies this file (terser)
// into overrides/partials/javascripts/palette.html, a generated file: edit this one, never
// that. The build allows the minified text in the Content-Security-Policy by the hash of
// the bytes the built pages carry (build_tools/publish.py).
//
// It takes over the toggle from Material's bundle: overrides/main.html renames the form's
// data-md-component to data-ati-palette, so the bundle leaves it alone.
//
// Material applied only a saved choice here; a first visit got the light scheme until its
// bundle ran, so a phone set to dark mode flashed light. Its bundle then added colour meta
// tags and read back computed styles, which made Chrome restyle the whole page twice in the
// long task right after the first paint, and again a moment later.
//
// Here the scheme is set before the first paint: the choice saved with the toggle (same
// storage key and shape as Material's, through the head script's __md_get and __md_set),
// else the first option whose media query matches, following the phone when it changes
// until the reader picks one. The toggle works as Material's did: a click or Enter switches
// to the next option, the choice is saved, and transitions are off during the switch. The
// address-bar colour is a fixed theme-color meta in main.html (Material computed the same
// #4051b5 for both schemes).
(function () {
  var body = document.body, form = document.querySelector("[data-ati-palette]");
  if (!form) return;
  var inputs = [].slice.call(form.querySelectorAll("input")), current = 0;
  var scheme = document.head.appendChild(document.createElement("meta"));
  scheme.name = "color-scheme";

  function chosen() {
    var saved = __md_get("__palette"), index = saved ? saved.index : inputs.findIndex(function (input) {
      return matchMedia(input.getAttribute("data-md-color-media")).matches;
    });
    return Math.max(0, Math.min(index, inputs.length - 1)) || 0;
  }

  function apply(index, save) {
    var input = inputs[index], media = input.getAttribute("data-md-color-media"), colors = input;
    if (media === "(prefers-color-scheme)")
      colors = form.querySelector("[data-md-color-media='(prefers-color-scheme: "
        + (matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark") + ")']");
    var palette = {media: media, scheme: colors.getAttribute("data-md-color-scheme"),
      primary: colors.getAttribute("data-md-color-primary"),
      accent: colors.getAttribute("data-md-color-accent")};
    for (var key in palette) body.setAttribute("data-md-color-" + key, palette[key]);
    scheme.content = palette.scheme === "slate" ? "dark" : "light";
    inputs.forEach(function (other, i) {
      other.checked = i === index;
      if (other.nextElementSibling instanceof HTMLElement) other.nextElementSibling.hidden = i !== index;
    });
    current = index;
    if (save) __md_set("__palette", {index: index, color: palette});
  }

  function change(index) {
    body.setAttribute("data-md-color-switching", "");
    apply(index, true);
    getComputedStyle(body).color;  // the new colours take effect now, without transitions
    setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
  }

  apply(chosen(), false);
  form.addEventListener("change", function (event) { change(inputs.indexOf(event.target)); });
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    change((current + 1) % inputs.length);
    inputs[current].focus();
  });
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
    if (!__md_get("__palette")) apply(chosen(), false);
  });
})();
