/* The home page's first box (data-module="due"): for a visitor who has saved interviews, it
   shows what is due now, most urgent first (Your interviews' Due now, its first three rows),
   in place of "Just home from an interview? Do these now". The shared script (ati.js) loads
   only then: a first visit loads nothing more than this file. In an app added to the Home
   Screen with nothing saved, it shows the line that says how to bring interviews over. */
"use strict";
(() => {
  let saved = null;
  try { saved = localStorage.getItem("ati:interviews"); } catch (e) { /* nothing saved to show */ }
  // An app added to the Home Screen starts with nothing (an iPhone's keeps its own storage):
  // say where to bring the interviews from.
  const app = matchMedia("(display-mode: standalone)").matches || navigator.standalone === true, hint = document.querySelector(".ati-app-hint");
  if (hint) hint.hidden = !app || !!saved;
  if (!saved) return;
  (window.atiModules = window.atiModules || {}).due = (root, ATI) => {
    const data = JSON.parse(root.getAttribute("data-planner")), href = root.getAttribute("data-interviews-href");
    const first = [...root.children].map(e => e.cloneNode(true)), el = ATI.el;
    // A step's link opens it in the plan, which has its wording, for its interview.
    const step = (s, i) => {
      const a = el("a", "", ATI.stepTitle(s.r, ATI.latest(i).promised));
      a.href = root.getAttribute("data-planner-href") + "#" + s.r.id;
      a.setAttribute("data-pick", i.id);
      return a;
    };
    root.addEventListener("click", e => {
      const a = e.target.closest("[data-pick]");
      if (a) ATI.change(r => { r.current = a.getAttribute("data-pick"); return false; }, true);
    });
    ATI.view(root, () => {
      const r = ATI.state, today = ATI.parse(ATI.today());
      const plans = r.interviews.filter(i => i.status == "waiting").map(i => [i, ATI.planOf(data.rules, i)]), rows = ATI.dueNow(plans);
      // Nothing due today: the next step coming up, so a quiet day still says when.
      const when = s => s.later || s.from, soon = rows.length ? null : plans.flatMap(([i, plan]) => {
        const over = ATI.passed(plan || []);
        return (plan || []).filter(s => !s.done && !over.has(s) && (s.state == "upcoming" || s.state == "later")).map(step => ({ step, interviews: [i] }));
      }).sort((a, b) => when(a.step) - when(b.step))[0];
      if (!rows.length && !soon) return root.replaceChildren(...first.map(e => e.cloneNode(true)));
      const title = el("p", "ati-now__title"), list = el("ol"), more = el("p"), all = el("a", "", "Your interviews"), also = el("p");
      title.append(el("strong", "", soon ? "Nothing is due today. Coming up next:" : "Due now for your interviews"));
      if (soon) {
        const { step: s, interviews: [i] } = soon, li = el("li");
        li.append(ATI.label(i) + ": ", step(s, i), `, from ${ATI.words(when(s), true)}`);
        list.append(li);
      }
      list.append(...rows.slice(0, 3).map(({ step: s, interviews }) => {
        const li = el("li");
        li.append(interviews.map(ATI.label).join(", ") + ": ", step(s, interviews[0]), `, by ${ATI.words(s.to, true)}` + (s.to < today ? " (overdue)" : ""));
        return li;
      }));
      all.href = href + "#due";
      more.append(rows.length > 3 ? `And ${rows.length - 3} more, with each interview's next step, on ` : "Each interview's next step is on ", all, ".");
      // Just home from another interview: the first steps stay at hand.
      also.append("Just home from another interview? ", ...[...first[1].querySelectorAll("a")].flatMap((a, k) => [k ? " · " : "", a.cloneNode(true)]));
      root.replaceChildren(title, list, more, also);
    });
  };
  if (window.ATI) return window.ATI.start();
  const js = document.createElement("script");
  js.src = new URL("ati.js", document.currentScript.src).href;
  document.head.append(js);
})();
