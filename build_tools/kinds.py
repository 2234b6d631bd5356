"""The one table of content kinds: what each kind of file in content/ is and what it becomes.

For every kind: its files (a glob under content/), its schema, how its items register
(ids that other files and saved progress refer to), where it goes in the site model, and
its pages: path, template, title, description, place in the nav and script. Loading,
the editors' schema registry, rendering and front matter, the nav check, the ignore list
of generated pages, the benchmark's page list and the browser tests' page list all read
this table; nothing else lists kinds or pages.

A new kind of page is: its content file, its schema in content/schemas/, its template in
build_tools/templates/, one entry here, and its line in the nav of mkdocs.yml.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# What an item registration yields: (id, item kind, data, path in the file, anchor, label).
# The anchor is None for the page itself; the page is the kind's item page.
Registration = tuple[str, str, dict, tuple, "str | None", str]
Text = Callable[[dict, Any], str]  # (file data, site) -> text, for pages made per file


@dataclass(frozen=True)
class PageSpec:
    """One page (or, with per_file, one page per content file) a kind produces."""

    key: str  # a name for the page type: the benchmark and the tests use it
    path: str  # docs-relative Markdown path; "{id}" is the file's id for per-file pages
    template: str  # in build_tools/templates/
    title: str | Text
    description: str | Text
    nav: str | None  # nav section it is listed under ("" = top level); None: linked, not in the nav
    script: str | None = None  # its own script in docs/assets/javascripts/, if any
    per_file: bool = False
    search: bool = True  # False: left out of the search index
    tool: str | None = None  # one line for the home page's list of tools, if it is one
    # A tool page's skip link, before the menus: (its words, the id on the page it goes to).
    skip: tuple[str, str] | None = None
    context: Callable[[Any, dict, int], dict] | None = None  # (site, file data, index) -> template variables


@dataclass(frozen=True)
class Kind:
    """One kind of content file."""

    name: str
    files: str  # glob relative to content/
    schema: str  # file name in content/schemas/
    attr: str  # the Site attribute that holds it
    assemble: Callable[[list[dict]], Any]  # the files' data (in order) -> that attribute
    register: Callable[[dict], Iterator[Registration]] = lambda data: iter(())
    pages: tuple[PageSpec, ...] = ()
    required: bool = False  # a build needs this file
    ordered: bool = False  # files carry `order` 1..N, and are read in that order
    named_by: str | None = None  # the field that must equal the file's name (its slug)
    item_page: str | None = None  # the key of the page its items are shown on

    @property
    def many(self) -> bool:
        return "*" in self.files


# ------------------------------------------------------------------ registrations

def _sources(data: dict) -> Iterator[Registration]:
    for i, s in enumerate(data["sources"]):
        yield s["id"], "source", s, ("sources", i), s["id"], s["short_name"]


def _phase(p: dict) -> Iterator[Registration]:
    yield p["id"], "phase", p, (), None, p["title"]
    for i, step in enumerate(p["steps"]):
        yield step["id"], "step", step, ("steps", i), step["id"], step["title"]
        for j, ex in enumerate(step.get("examples", [])):
            yield ex["id"], "example", ex, ("steps", i, "examples", j), ex["id"], ex["situation"]
    for key, kind in (("dos", "do"), ("donts", "dont")):
        for i, d in enumerate(p[key]):
            yield d["id"], kind, d, (key, i), d["id"], d["text"]


def _differences(data: dict) -> Iterator[Registration]:
    for i, d in enumerate(data["differences"]):
        yield d["id"], "difference", d, ("differences", i), d["id"], d["topic"]


def _situations(data: dict) -> Iterator[Registration]:
    for i, s in enumerate(data["situations"]):
        yield s["id"], "situation", s, ("situations", i), s["id"], s["title"]


def _checklist(c: dict) -> Iterator[Registration]:
    yield c["id"], "checklist", c, (), None, c["title"]
    for i, it in enumerate(c["items"]):
        yield it["id"], "checklist-item", it, ("items", i), it["id"], it["action"]


def _template_group(g: dict) -> Iterator[Registration]:
    yield g["id"], "template-group", g, (), None, g["title"]
    for i, t in enumerate(g["templates"]):
        yield t["id"], "template", t, ("templates", i), t["id"], t["title"]


def _fields(data: dict) -> Iterator[Registration]:
    for i, f in enumerate(data["fields"]):
        yield f["id"], "field", f, ("fields", i), None, f["label"]


def _planner(data: dict) -> Iterator[Registration]:
    for i, r in enumerate(data.get("rules", [])):
        yield r["id"], "planner-rule", r, ("rules", i), r["id"], r["title"]


def _first(key: str | None = None) -> Callable[[list[dict]], Any]:
    """Assemble a one-file kind: its data (or the list under one key of it); when the file
    is missing, nothing (or an empty list)."""
    def pick(datas: list[dict]) -> Any:
        if not datas:
            return [] if key else None
        return datas[0][key] if key else datas[0]
    return pick


def _phase_context(site: Any, phase: dict, i: int) -> dict:
    phases = site.phases
    return {"phase": phase, "previous": phases[i - 1] if i else None,
            "next": phases[i + 1] if i + 1 < len(phases) else None}


def _checklist_title(c: dict, site: Any) -> str:
    # The guide has a phase page of the same name; a page title must be unique.
    return c["title"] if "checklist" in c["title"].lower() else f"{c['title']}: checklist"


# ------------------------------------------------------------------ the table

KINDS: tuple[Kind, ...] = (
    Kind("phases", "phases/*.yml", "phase.schema.json", "phases", list, _phase, ordered=True,
         named_by="id", item_page="phase",
         pages=(PageSpec("home", "index.md", "home.md.j2", "Home",
                         "What to do after a job interview, step by step: thank-you notes, references, "
                         "checking in, and what to do if the answer is no. Plain advice, checklists "
                         "and ready-to-use wording.", nav=""),
                PageSpec("phase", "guide/{id}.md", "phase.md.j2", lambda p, site: p["title"],
                         lambda p, site: p["summary"], nav="The guide", per_file=True,
                         context=_phase_context))),
    # A reader arrives with a situation ("ten days and nothing"): each is answered in a
    # screen, with the template, checklist item and plan step that act on it.
    Kind("situations", "situations.yml", "situations.schema.json", "situations",
         _first("situations"), _situations, item_page="situations",
         pages=(PageSpec("situations", "situations.md", "situations.md.j2", "Your situation, answered",
                         "Short answers for what happens between a job interview and the answer: no "
                         "reply after ten days, a date that has passed, another offer, a rejection. "
                         "Each says what to do now.", nav="",
                         tool="short answers for what just happened, from no reply to a no.",
                         context=lambda site, data, i: {"intro": data["intro"]}),)),
    Kind("checklists", "checklists/*.yml", "checklist.schema.json", "checklists", list, _checklist,
         ordered=True, named_by="id", item_page="checklist",
         pages=(PageSpec("checklists", "checklists/index.md", "checklists-index.md.j2", "Checklists",
                         "Checklists for after a job interview: before you leave, right after the "
                         "interview, while you wait, and one combined sheet to print.", nav="Checklists",
                         tool="tick off what you have done, and print a one-page sheet."),
                PageSpec("checklist", "checklists/{id}.md", "checklist.md.j2", _checklist_title,
                         lambda c, site: c["description"], nav="Checklists", per_file=True,
                         script="checklist.js", skip=("Skip to the checklist", "ati-checklist"),
                         context=lambda site, c, i: {"checklist": c}))),
    Kind("templates", "templates/*.yml", "templates.schema.json", "template_groups", list,
         _template_group, ordered=True, named_by="id", item_page="template-group",
         pages=(PageSpec("templates", "templates/index.md", "templates-index.md.j2", "Templates",
                         "Follow-up wording for after a job interview: thank-you notes, check-ins, "
                         "reference briefings, call and voicemail scripts. Fill in your details once "
                         "and copy.", nav="Templates", search=False,  # a list of the pages below
                         tool="thank-you notes, check-ins and call scripts to fill in and copy."),
                # One page per group: the evening after an interview, the thank-you notes are
                # all a phone has to load and scroll through.
                PageSpec("template-group", "templates/{id}.md", "templates.md.j2",
                         lambda g, site: f"{g['title']}: templates", lambda g, site: g["intro"],
                         nav="Templates", per_file=True, script="templates.js",
                         skip=("Skip to the templates", "ati-templates"),
                         context=lambda site, g, i: {"group": g}))),
    Kind("planner", "planner.yml", "planner.schema.json", "planner", _first(), _planner,
         item_page="planner",
         pages=(PageSpec("planner", "planner/index.md", "planner.md.j2", "Follow-up planner",
                         "Work out the dates for each follow-up step after a job interview: thank-you "
                         "notes, briefing references, checking in, and when to move on.", nav="",
                         script="planner.js", skip=("Skip to your plan", "your-plan"),
                         tool="the dates for each step, worked out from your interview date."),)),
    Kind("interviews", "interviews.yml", "interviews.schema.json", "interviews", _first(),
         pages=(PageSpec("interviews", "interviews/index.md", "interviews.md.j2", "Your interviews",
                         "Every interview you are following up: where it stands, what is due next, "
                         "and a backup of what you saved.", nav="", script="interviews.js",
                         skip=("Skip to Due now", "due"),
                         tool="every interview you are following up, and what is due next."),
                PageSpec("activity-log", "interviews/log.md", "log.md.j2", "Activity log",
                         "A dated record of every follow-up you took for each interview, to print "
                         "or download.", nav="", script="log.js", search=False,
                         skip=("Skip to the log", "ati-log")))),
    Kind("differences", "differences.yml", "differences.schema.json", "differences",
         _first("differences"), _differences, item_page="differences",
         pages=(PageSpec("differences", "differences.md", "differences.md.j2", "Where the advice differs",
                         "The questions the five articles answer differently, such as handwritten note "
                         "or email and how soon to check in, with who says what and a practical way "
                         "through.", nav="",
                         tool="the questions the articles answer differently, and what we suggest."),)),
    Kind("sources", "sources.yml", "sources.schema.json", "sources", _first("sources"), _sources,
         required=True, item_page="sources",
         pages=(PageSpec("sources", "sources/index.md", "sources.md.j2", "Sources",
                         "The five articles this guide is built from, with title, author and publisher "
                         "as each states them, and the pages that draw on each.", nav="",
                         tool="the five articles and which pages draw on each."),)),
    Kind("coverage", "coverage/*.yml", "coverage.schema.json", "coverage",
         lambda datas: {d["source"]: d for d in datas}, named_by="source",
         pages=(PageSpec("coverage", "sources/{id}.md", "coverage.md.j2",
                         lambda c, site: f"How we cover {site.source(c['source'])['short_name']}",
                         lambda c, site: "Every point made by the article "
                                         f"{site.source(c['source'])['title']}, in our words, with "
                                         "links to where this guide covers it.",
                         nav=None, per_file=True, search=False,
                         context=lambda site, c, i: {"source": site.source(c["source"])}),)),
    Kind("fields", "fields.yml", "fields.schema.json", "fields", _first("fields"), _fields),
    Kind("retired-ids", "retired-ids.yml", "retired-ids.schema.json", "retired",
         _first("retired")),
    Kind("published-ids", "published-ids.yml", "published-ids.schema.json", "published",
         _first("published")),
)

BY_NAME = {k.name: k for k in KINDS}
PAGE_SPECS: dict[str, tuple[Kind, PageSpec]] = {p.key: (k, p) for k in KINDS for p in k.pages}


def schema_registry() -> dict[str, str]:
    """content glob -> schema file name, as editors and the loader use it."""
    return {k.files: k.schema for k in KINDS}


@dataclass
class PageRef:
    """One generated page, as the table makes it."""

    path: str  # docs-relative Markdown path
    spec: PageSpec
    kind: Kind
    data: dict | None = None  # the content file's data, for per-file pages
    index: int = 0
    source: str = ""  # content file(s) it comes from, named in the generated-file comment

    def text(self, value: str | Text, site: Any) -> str:
        return value if isinstance(value, str) else value(self.data, site)

    def title(self, site: Any) -> str:
        return self.text(self.spec.title, site)

    def description(self, site: Any) -> str:
        return self.text(self.spec.description, site)


def pages_of(site: Any) -> list[PageRef]:
    """Every page the site's content makes, in table order (per-file pages in file order).

    A kind with no file makes no page: small fixture trees leave most kinds out."""
    out = []
    for kind in KINDS:
        datas = site.kind_data.get(kind.name, [])
        for spec in kind.pages:
            if spec.per_file:
                for i, data in enumerate(datas):
                    slug = data[kind.named_by or "id"]
                    out.append(PageRef(spec.path.format(id=slug), spec, kind, data, i,
                                       f"content/{kind.files.replace('*', slug)}"))
            elif datas:
                out.append(PageRef(spec.path, spec, kind, None if kind.many else datas[0], 0,
                                   f"content/{kind.files}"))
    return out
