/* Reading a backup for Your interviews (interviews.js), loaded with core/merge.js only when a
   file is chosen or a link from another device arrives: a file's or link's text to a record
   (or a sentence saying why not), and what a merge will do, in words. window.atiBackup. */
"use strict";
(() => {
  const MAX_FILE = 1 << 20;
  // An exported file's text (or a link's, which carries the same) to a record, or a
  // sentence saying why not. Files of every earlier version are read too; one from a newer
  // version is refused as such.
  function readFile(ATI, text, size, link) {
    if (size > MAX_FILE) return "That file is larger than 1 MB, so it cannot be a backup from this site. Nothing was changed.";
    let d = null;
    try { d = JSON.parse(text); } catch (e) { /* refused below */ }
    const ours = ATI.isObj(d) && d.format == ATI.FORMAT, what = link ? "link" : "file";
    if (ours && d.version > ATI.VERSION) return `That ${what} was made by a newer version of this site. Reload this page to get the newer version, then ${link ? "open the link" : "import the file"} again. Nothing was changed.`;
    const r = !ATI.isObj(d) ? null : ours && d.version >= 2 ? ATI.clean(d.data)
      : d.format == ATI.V1_FORMAT && d.version == 1 && ATI.isObj(d.data) ? ATI.fromV1(k => d.data[k]) : null;
    return r || `That ${what} is not ${link ? "one made by" : "a backup exported from"} this site, or it is damaged. Nothing was changed.`;
  }
  // What a merge will do (core/merge.js), in words: what the file adds, and each
  // detail that differs with both values and the one kept.
  const plural = (n, one, many = one + "s") => `${n} ${n == 1 ? one : many}`;
  function foresee(ATI, file, m, link) {
    const src = link ? "link" : "file", names = list => list.map(ATI.label).join(", ");
    const grew = m.grown.map(g => `${ATI.label(g.interview)}: ` + [[g.log, "log entry", "log entries"], [g.rounds, "round"], [g.people, "interviewer"],
      [g.ticks, "tick"], [g.fields, "template detail"]].filter(x => x[0]).map(x => plural(...x)).join(", "));
    const shown = v => !v ? "(empty)" : ATI.parse(v) ? ATI.words(v, true) : v.length > 80 ? v.slice(0, 79) + "…" : v;
    return {
      text: (link ? window.atiCore.transfer.SAID.came : "The file has ") + plural(file.interviews.length, "interview") + (file.exported && !link ? `, exported on ${ATI.words(new Date(file.exported), true)}` : "") +
        `. Merge adds ${plural(m.added.length, "interview")}` + (m.added.length ? ` (${names(m.added)})` : "") +
        (grew.length ? ` and adds to ${plural(grew.length, "interview")} you have (${grew.join("; ")})` : "") +
        (m.conflicts.length ? `. Where a detail differs, the copy changed last is kept: ${plural(m.conflicts.length, "detail")}, listed below` : "") +
        `. Nothing of yours is lost. ` + (ATI.hasData(ATI.state) ? `Replace puts the ${link ? "link's record" : "file"} in place of your ${plural(ATI.state.interviews.length, "interview")} and details.`
          : `Replace takes the ${link ? "link's record" : "file"} as it is: this browser has nothing saved yet.`),
      conflicts: m.conflicts.map(c => `${c.interview ? ATI.label(c.interview) + ", " : ""}${c.what}: yours ${shown(c.ours)}; the ${src}'s ${shown(c.theirs)}. Kept: ${c.kept == "ours" ? "yours" : `the ${src}'s`}.`),
    };
  }

  window.atiBackup = { MAX_FILE, readFile, foresee, plural };
})();
