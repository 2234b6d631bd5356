"""The content rules that look across files, each with a name, a one-line description and
a message that says how to fix what it finds.

Run by content.load_content() on the site model (model.py) once every file passed its
schema, so `./dev check` is the whole truth about content: a test never holds a content
rule of its own. Each rule has a bad-input fixture in tests/fixtures/bad/<rule name>/
(tests/test_bad_input.py checks that every rule has one). Errors carry the rule's name in brackets at the end.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.nodes

from . import TEMPLATE_DIR
from .errors import ContentError, format_path
from .kinds import KINDS, PAGE_SPECS
from .model import GUIDE_KINDS, PLACEHOLDER, Site, placeholder_names
from .yamlload import LoadedFile

PLANNER_INPUTS = ("interview", "decision", "promised-by")  # dates the user gives the planner
ADVICE_KINDS = {"step", "do", "dont", "example"}  # items that carry their own sources


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    check: Callable[[Site], Iterable[ContentError]]


RULES: list[Rule] = []


def rule(name: str, description: str):
    def add(fn: Callable[[Site], Iterable[ContentError]]):
        RULES.append(Rule(name, description, fn))
        return fn
    return add


def run_rules(site: Site, skip: set[str] | frozenset = frozenset()) -> list[ContentError]:
    """Run every rule not skipped on the loaded site; each error names its rule."""
    errors: list[ContentError] = []
    for r in RULES:
        if r.name in skip:
            continue
        try:
            errors.extend(_named(e, r.name) for e in r.check(site))
        except Exception as exc:  # noqa: BLE001 - a rule's own bug must not hide the others' findings
            errors.append(ContentError("build_tools/rules.py", 1, r.name,
                                       f"the rule itself failed ({exc!r}); report it with this line"))
    return errors


def _named(error: ContentError, name: str) -> ContentError:
    return ContentError(error.file, error.line, error.field, f"{error.message} [{name}]")


def _walk(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any, Any]]:
    """Yield (path, key, value) for every mapping entry in data."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield path, k, v
            yield from _walk(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, path + (i,))


def _content_files(site: Site) -> Iterator[tuple[str, LoadedFile]]:
    yield from sorted(site.files.items())


def _kind_files(site: Site, kind: str) -> list[LoadedFile]:
    return site.kind_files.get(kind, [])


def _published_file(site: Site) -> LoadedFile | None:
    """content/published-ids.yml; small fixture trees have none, and then no id is checked."""
    return next(iter(_kind_files(site, "published-ids")), None)


def _where(f: LoadedFile, path: tuple) -> str:
    """file:line of a value, for a message that points at a second place."""
    return f"{f.display}:{f.line_of(path)}"


def _copies(site: Site) -> dict[int, LoadedFile]:
    """id() of each file that is a copy of another (`mindset copy.yml` beside `mindset.yml`:
    its id is the other file's name) -> the file it copies. One rule reports the copy; the
    others leave it out, so the copy does not blame the original for every id it repeats."""
    out = {}
    for kind in KINDS:
        if not kind.named_by:
            continue
        files = _kind_files(site, kind.name)
        by_stem = {f.path.stem: f for f in files}
        for f in files:
            value = f.data.get(kind.named_by)
            if value != f.path.stem and by_stem.get(value) is not None:
                out[id(f)] = by_stem[value]
    return out


def _not_copies(site: Site, kind: str) -> list[LoadedFile]:
    copies = _copies(site)
    return [f for f in _kind_files(site, kind) if id(f) not in copies]


def _renamed(site: Site) -> dict[str, str]:
    """New id -> the published id it took the place of: an id that is new (not yet in
    content/published-ids.yml) spelt much like a published one that is gone and not retired.
    Reported once, at the new id, as the one thing to do:
    put the published id back. Errors that follow from it (the new id unrecorded, nothing
    mapping to it, references to the old id) are left out."""
    if _published_file(site) is None:
        return {}
    retired = {r["id"] for r in site.retired}
    published = set(site.published)
    gone = [p for p in site.published if p not in site.items and p not in retired]
    new = [i for i in site.items if i not in published]  # in reading order
    pairs: dict[str, str] = {}
    for old in gone:
        ratio, best = max(((difflib.SequenceMatcher(None, n, old).ratio(), n) for n in new),
                          default=(0, None))
        if ratio >= 0.5 and best not in pairs:  # a new id spelt much like the old one
            pairs[best] = old
    return pairs


# ------------------------------------------------------------------ ids

@rule("unique-ids", "Every id is used once across the whole site (saved progress and links name it).")
def _unique_ids(site: Site):
    # Of the items that share an id, the one the last commit already had keeps it (git tells,
    # where content/ is in a repository); otherwise the first in reading order. The others
    # are the new items, and each is blamed. A copied file is reported once, by
    # slug-matches-file-name.
    holders: dict[str, list[tuple[LoadedFile, tuple, str]]] = {}
    for kind in KINDS:
        for f in _not_copies(site, kind.name):
            for item_id, _, _, path, _, label in kind.register(f.data):
                holders.setdefault(item_id, []).append((f, path + ("id",), label))
    committed: dict[str, str | None] = {}
    for item_id, found in holders.items():
        if len(found) < 2:
            continue
        before = [h for h in found if _was_committed(h[0], item_id, h[2], committed)]
        keeper = before[0] if len(before) == 1 else found[0]
        other, at, other_label = keeper
        for f, path, _ in found:
            if (f, path) != (other, at):
                yield f.error(path, f"id '{item_id}' is already the id of '{other_label[:50]}' "
                                    f"({_where(other, at)}): give this new item an id of its own (ids "
                                    "are unique across the site, and that one may be saved in readers' "
                                    "browsers)")


def _was_committed(f: LoadedFile, item_id: str, label: str, cache: dict[str, str | None]) -> bool:
    """Whether the last git commit of f's file had this item (its id and its label); False
    when git cannot tell (no repository, no git)."""
    import subprocess

    key = str(f.path)
    if key not in cache:
        cache[key] = None
        try:
            folder = str(f.path.parent)
            top = subprocess.run(["git", "-C", folder, "rev-parse", "--show-toplevel"],
                                 capture_output=True, text=True, timeout=10)
            if top.returncode == 0:
                rel = f.path.resolve().relative_to(top.stdout.strip()).as_posix()
                shown = subprocess.run(["git", "-C", folder, "show", f"HEAD:{rel}"],
                                       capture_output=True, text=True, timeout=10)
                cache[key] = shown.stdout if shown.returncode == 0 else ""
        except (OSError, ValueError, subprocess.SubprocessError):
            pass
    text = cache[key]
    if not text:
        return False
    flat = " ".join(text.split())
    return re.search(rf"\bid: *['\"]?{re.escape(item_id)}\b", text) is not None and \
        " ".join(label.split())[:40] in flat


@rule("retired-ids-unused", "An id in content/retired-ids.yml is never used again.")
def _retired_unused(site: Site):
    retired = {r["id"]: r["reason"] for r in site.retired}
    for rel, f in _content_files(site):
        if rel == "retired-ids.yml":
            continue
        for path, key, value in _walk(f.data):
            if key == "id" and value in retired:
                yield f.error(path + (key,), f"id '{value}' is retired in content/retired-ids.yml "
                                             f"({retired[value]}) but this item still has it: delete "
                                             "the item, or un-retire the id (a new item needs an id "
                                             "never used before)")


@rule("retired-ids-listed-once", "Each id appears once in content/retired-ids.yml.")
def _retired_once(site: Site):
    seen: dict[str, int] = {}
    for f in _kind_files(site, "retired-ids"):
        for i, r in enumerate(f.data["retired"]):
            if r["id"] in seen:
                yield f.error(("retired", i, "id"),
                              f"'{r['id']}' is already retired (entry {seen[r['id']]}): remove this entry")
            seen.setdefault(r["id"], i)


@rule("published-ids-kept", "An id that was ever published stays, or is retired with a reason: "
                            "users' saved ticks and links are keyed by it.")
def _published_kept(site: Site):
    f = _published_file(site)
    if f is None:
        return
    retired = {r["id"] for r in site.retired}
    renamed = _renamed(site)
    for new, old in renamed.items():
        item = site.items[new]
        yield item.file.error(item.path + ("id",),
                              f"the published id '{old}' is gone and '{new}' is new: put '{old}' back "
                              "(ids are never renamed: readers' saved ticks and links use them); if "
                              f"'{old}' was removed on purpose, retire it in content/retired-ids.yml")
    for i, pid in enumerate(f.data["published"]):
        if pid not in site.items and pid not in retired and pid not in renamed.values():
            yield f.error(("published", i), f"published id '{pid}' is gone: put it back (ids are never "
                                            "renamed), or retire it in content/retired-ids.yml with a reason")


@rule("new-ids-recorded", "Every id in the content is in content/published-ids.yml, so a later "
                          "rename or removal is caught.")
def _new_recorded(site: Site):
    if _published_file(site) is None:
        return
    known = set(site.published) | set(_renamed(site))  # a rename is reported as one
    retired = {r["id"] for r in site.retired}
    gone = any(p not in site.items and p not in retired for p in site.published)
    for item in site.items.values():
        if item.id not in known:
            yield item.file.error(item.path + ("id",), f"new id '{item.id}' is not yet in content/"
                                                       "published-ids.yml: "
                                  + ("if it renames a published id that is gone (published-ids-kept "
                                     "names it), put that id back; if it is a new item, "
                                     if gone else "")
                                  + "run ./dev ids to record it")


@rule("published-ids-listed-once", "Each id appears once in content/published-ids.yml.")
def _published_once(site: Site):
    for f in _kind_files(site, "published-ids"):
        seen = set()
        for i, pid in enumerate(f.data["published"]):
            if pid in seen:
                yield f.error(("published", i), f"'{pid}' is listed twice: remove this line")
            seen.add(pid)


# ------------------------------------------------------------------ references

# Keys whose values name other items, and what each may name.
REFERENCES: dict[str, set[str] | None] = {
    "covered_by": None,  # any item
    "related": GUIDE_KINDS,
    "guidance": GUIDE_KINDS,
    "checklist_items": {"checklist-item"},
    "completes": {"planner-rule"},
    "covers": ADVICE_KINDS | {"phase"},
    "templates": {"template"},
    "see_also": {"step", "do", "dont", "difference"},
    "plan_steps": {"planner-rule"},
    "differences": {"difference"},
    "other_groups": {"template-group"},
}
# Templates, checklist items and situations restate advice, and cite what it cites.
STRICT_GUIDANCE = {"templates", "checklists", "situations.yml"}


@rule("known-sources", "Every `sources` entry names an article in content/sources.yml.")
def _known_sources(site: Site):
    ids = [s["id"] for s in site.sources]
    for rel, f in _content_files(site):
        if rel == "sources.yml":
            continue
        for path, key, value in _walk(f.data):
            here = path + (key,)
            refs = []
            if key == "sources" and isinstance(value, list):
                refs = [(here + (i,), sid) for i, sid in enumerate(value)]
            elif key == "source" and rel.startswith("coverage/"):
                refs = [(here, value)]
            for at, sid in refs:
                if sid not in ids:
                    yield f.error(at, f"unknown source '{sid}': use one of {', '.join(ids)}")


@rule("uncredited-is-ours", "An item that cites no article (`sources: []`) says in `ours` why we "
                            "suggest it, so the page can show it as our own.")
def _uncredited_is_ours(site: Site):
    for _, f in _content_files(site):
        for path, key, value in _walk(f.data):
            if key == "sources" and value == [] and "ours" not in _at(f.data, path):
                yield f.error(path + (key,), "no article is cited: name the articles that say it, "
                                             "or add `ours:` saying why we suggest it")


def _at(data: Any, path: tuple) -> Any:
    for k in path:
        data = data[k]
    return data


@rule("known-references", "Every id that names another item (guidance, related, covered_by, "
                          "checklist_items, completes, covers, templates, plan_steps, differences) "
                          "exists and is of a kind that fits.")
def _known_references(site: Site):
    renamed_from = set(_renamed(site).values())  # they resolve once the id is put back
    for rel, f in _content_files(site):
        folder = rel.split("/")[0]
        for path, key, value in _walk(f.data):
            if key not in REFERENCES or not (isinstance(value, str) or (
                    isinstance(value, list) and all(isinstance(v, str) for v in value))):
                continue
            here = path + (key,)
            kinds = REFERENCES[key]
            if key in ("guidance", "related") and folder in STRICT_GUIDANCE:
                kinds = ADVICE_KINDS
            refs = ([(here, value)] if isinstance(value, str)
                    else [(here + (i,), v) for i, v in enumerate(value)])
            for at, ref in refs:
                item = site.items.get(ref)
                if item is None and ref in renamed_from:
                    continue
                if item is None:
                    yield f.error(at, f"unknown id '{ref}': check the spelling, or find the item's "
                                      "new id if it was retired")
                elif kinds is not None and item.kind not in kinds:
                    yield f.error(at, f"'{ref}' is a {item.kind}: name a "
                                      f"{' or '.join(sorted(kinds))} here instead")


@rule("cites-what-its-guidance-cites", "A checklist item, template or situation cites only "
                                       "articles that the advice it links to cites.")
def _cites_guidance(site: Site):
    known = {s["id"] for s in site.sources}
    for kind, key in (("checklists", "items"), ("templates", "templates"), ("situations", "situations")):
        for f in _kind_files(site, kind):
            for i, entry in enumerate(f.data[key]):
                linked = [*([entry["guidance"]] if "guidance" in entry else []), *entry.get("related", []),
                          *entry.get("differences", [])]
                items = [site.items.get(x) for x in linked]
                if not all(items):
                    continue  # known-references reports it
                backed = {s for it in items for s in it.data.get("sources", [])} | {
                    s for it in items for side in it.data.get("sides", []) for s in side["sources"]}
                if backed - known:
                    continue  # known-sources reports the misspelt source, here it would mislead
                for j, sid in enumerate(entry["sources"]):
                    if sid not in backed:
                        yield f.error((key, i, "sources", j),
                                      f"cites '{sid}', which its guidance ({', '.join(linked)}) does not: "
                                      "drop it, or link the advice that says it")


@rule("template-links-exist", "Every id a page template links to by name (link('…')) exists.")
def _template_links(site: Site):
    env = jinja2.Environment(comment_start_string="{##", comment_end_string="##}")
    templates = {p.spec.template for p in site.pages} | {
        t.name for t in TEMPLATE_DIR.glob("_*.j2")}
    for name in sorted(templates):
        source = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
        try:
            tree = env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            yield ContentError(f"build_tools/templates/{name}", exc.lineno or 1, "(template)",
                               f"template syntax error: {exc.message}")
            continue
        for call in tree.find_all(jinja2.nodes.Call):
            if (isinstance(call.node, jinja2.nodes.Name) and call.node.name == "link" and call.args
                    and isinstance(call.args[0], jinja2.nodes.Const)):
                ref = call.args[0].value
                if ref not in site.items and not _guarded(source, ref):
                    yield ContentError(f"build_tools/templates/{name}", call.lineno, f"link('{ref}')",
                                       f"the page links to id '{ref}', which no content has: "
                                       "change the template to a current id, or guard it with "
                                       f"{{% if \"{ref}\" in site.items %}}")


def _guarded(source: str, ref: str) -> bool:
    return f'"{ref}" in site.items' in source or f"'{ref}' in site.items" in source


# ------------------------------------------------------------------ files and pages

@rule("slug-matches-file-name", "A phase, checklist, template group or coverage file is named "
                                "after its id (the name is its address).")
def _slugs(site: Site):
    for kind in KINDS:
        if not kind.named_by:
            continue
        copies = _copies(site)
        for f in _kind_files(site, kind.name):
            value = f.data[kind.named_by]
            if id(f) in copies:
                yield f.error((kind.named_by,), f"this file is a copy of {copies[id(f)].display} (its "
                                                f"{kind.named_by} '{value}' is that file's): remove the "
                                                f"copy, or give it an {kind.named_by} of its own and a "
                                                "file name to match")
            elif value != f.path.stem:
                yield f.error((kind.named_by,), f"{kind.named_by} '{value}' must match the file name "
                                                f"'{f.path.stem}': rename one of them")


@rule("orders-run-1-to-n", "Within a folder, `order` runs 1, 2, 3… with no gaps or repeats.")
def _orders(site: Site):
    for kind in KINDS:
        if not kind.ordered:
            continue
        group = _not_copies(site, kind.name)
        orders = sorted(f.data["order"] for f in group)
        if orders != list(range(1, len(group) + 1)):
            for f in group:
                yield f.error(("order",), f"orders in content/{kind.files} must run 1..{len(group)} "
                                          f"without gaps or repeats (found {orders}): renumber them")


@rule("page-addresses-unique", "No two pages get the same address (an id such as 'index' would "
                               "replace a list page).")
def _page_addresses(site: Site):
    seen: dict[str, str] = {}
    copied = {id(f.data) for f in site.files.values() if id(f) in _copies(site)}
    for page in site.pages:
        if page.data is not None and id(page.data) in copied:
            continue  # slug-matches-file-name reports the copy
        if page.path in seen:
            rel = page.source.removeprefix("content/")
            f = next((f for f in site.files.values() if f.display.endswith(rel)), None)
            if f is not None:
                yield f.error((page.kind.named_by or "id",),
                              f"its page {page.path} would replace the page from {seen[page.path]}: "
                              "choose another id (and file name)")
        seen.setdefault(page.path, page.source)


def _page_field(site: Site, page, text: str) -> tuple[LoadedFile, tuple] | None:
    """The content file and top-level field a page's title or description comes from."""
    if page.data is None:
        return None
    f = next((f for f in site.files.values() if f.data is page.data), None)
    flat = " ".join(text.split())
    key = next((k for k, v in page.data.items() if isinstance(v, str) and flat in " ".join(v.split())),
               None) if f is not None else None
    return None if key is None else (f, (key,))


@rule("page-titles-and-descriptions-unique", "No two pages share a title or a description (case "
                                             "aside): each is that page's browser tab, link preview "
                                             "and search summary.")
def _page_texts_unique(site: Site):
    copied = {id(f.data) for f in site.files.values() if id(f) in _copies(site)}
    for what in ("title", "description"):
        seen: dict[str, tuple] = {}
        for page in site.pages:
            if page.data is not None and id(page.data) in copied:
                continue  # slug-matches-file-name reports the copy
            text = getattr(page, what)(site)
            key = " ".join(text.lower().split())
            here = _page_field(site, page, text)
            if key in seen:
                other_path, other_at = seen[key]
                where = f" ({_where(*other_at)})" if other_at else ""
                if here is not None:
                    role = ("its browser tab and search result" if what == "title" else
                            "its link preview and search summary")
                    yield here[0].error(here[1], f"this page's {what} is the same as that of "
                                                 f"{other_path}{where}: a page's {what} is {role}: "
                                                 "write one of its own")
            else:
                seen[key] = (page.path, here)


# ------------------------------------------------------------------ templates and fields

@rule("placeholders-declared", "Every {placeholder} in a template is a field in content/fields.yml, "
                               "and braces are balanced; {field-id|words} shows the words until the "
                               "field is filled.")
def _placeholders(site: Site):
    declared = {f["id"] for f in site.fields}
    for f in _kind_files(site, "templates"):
        for i, t in enumerate(f.data["templates"]):
            texts = [("body",)] + [("subjects", j) for j in range(len(t.get("subjects", [])))]
            for key in texts:
                value = t[key[0]] if len(key) == 1 else t[key[0]][key[1]]
                at = ("templates", i, *key)
                stripped = PLACEHOLDER.sub("", value)
                if "{" in stripped or "}" in stripped:
                    yield f.error(at, "unbalanced { or }: placeholders are written {field-id}")
                for name in placeholder_names(value):
                    if name not in declared:
                        yield f.error(at, f"placeholder {{{name}}} is not declared in content/fields.yml: "
                                          "add the field or fix the name")


@rule("fields-used", "Every field in content/fields.yml is used by some template (else the "
                     "form asks for something nothing uses).")
def _fields_used(site: Site):
    templates = [t for g in site.template_groups for t in g["templates"]]
    if not templates:
        return
    used = {n for t in templates for text in [t["body"], *t.get("subjects", [])]
            for n in placeholder_names(text)}
    used |= {t["recipient"] for t in templates if "recipient" in t}
    for f in _kind_files(site, "fields"):
        for i, fl in enumerate(f.data["fields"]):
            if fl["id"] not in used:
                yield f.error(("fields", i, "id"), f"field '{fl['id']}' is used by no template: "
                                                   "use it, or remove it")


AUTOCOMPLETE_TYPE = {"name": "text", "email": "email", "tel": "tel"}


@rule("autocomplete-fits-type", "A field's `autocomplete` matches its type (tel on a tel field, "
                                "email on an email field), so a phone offers the number only where "
                                "a number goes.")
def _autocomplete(site: Site):
    for f in _kind_files(site, "fields"):
        for i, fl in enumerate(f.data["fields"]):
            token = fl.get("autocomplete")
            if token in AUTOCOMPLETE_TYPE and fl["type"] != AUTOCOMPLETE_TYPE[token]:
                yield f.error(("fields", i, "autocomplete"),
                              f"autocomplete '{token}' is for a field of type "
                              f"{AUTOCOMPLETE_TYPE[token]}, and this one is {fl['type']}: change the "
                              "type, or the autocomplete")


@rule("email-recipients", "Every email names its `recipient`, a declared field of type email "
                          "(the mail-app link's To; the schema allows it on emails only).")
def _recipients(site: Site):
    fields = {fl["id"]: fl for fl in site.fields}
    emails = ", ".join(k for k, v in fields.items() if v["type"] == "email") or "none declared yet"
    for f in _kind_files(site, "templates"):
        for i, t in enumerate(f.data["templates"]):
            if "recipient" not in t:
                if t["channel"] == "email":
                    yield ContentError(f.display, f.line_of(("templates", i)),
                                       format_path(("templates", i, "recipient")),
                                       "an email names who it goes to: add a `recipient`, one of the "
                                       f"fields of type email ({emails})")
                continue
            at = ("templates", i, "recipient")
            name = t["recipient"]
            if name not in fields:
                yield f.error(at, f"recipient '{name}' is not a field in content/fields.yml: use one of "
                                  + emails)
            elif fields[name]["type"] != "email":
                yield f.error(at, f"recipient '{name}' is a {fields[name]['type']} field, not an email "
                                  "address: name a field of type email")


CHANNEL_OF_KIND = {"linkedin": {"linkedin-message"}, "call-script": {"phone-script"},
                   "voicemail": {"voicemail"}}


@rule("one-thank-you-deadline", "Every thank-you template, and the planner step that sends them, "
                                "gives the deadline in the words of its guide phase's `timing`.")
def _one_thank_you_deadline(site: Site):
    def flat(text: str) -> str:  # a line break in YAML reads as a space
        return " ".join(text.split())

    def deadline(guidance: str) -> str | None:
        item = site.items.get(guidance)
        if item is None or item.kind not in ADVICE_KINDS:
            return None  # known-references reports it
        return flat(item.file.data["timing"]).rstrip(".")
    thank_yous = {}
    for f in _kind_files(site, "templates"):
        for i, t in enumerate(f.data["templates"]):
            if t["kind"] != "thank-you" or (words := deadline(t["guidance"])) is None:
                continue
            thank_yous[t["id"]] = words
            if words.lower() not in flat(t["timing"]).lower():
                yield f.error(("templates", i, "timing"),
                              f"a thank-you's deadline reads '{words}' everywhere: use those words in "
                              "the timing, and put anything of ours in `ours`")
    for f in _kind_files(site, "planner"):
        for i, r in enumerate(f.data.get("rules", [])):
            words = next((thank_yous[t] for t in r.get("templates", []) if t in thank_yous), None)
            if words and words.lower() not in flat(r["what"]).lower():
                yield f.error(("rules", i, "what"),
                              f"this step sends the thank-you notes: say when in the same words, '{words}'")


@rule("template-kind-fits-channel", "A template's kind fits its channel (a voicemail is a "
                                    "voicemail script, a LinkedIn note a LinkedIn message).")
def _kind_channel(site: Site):
    for f in _kind_files(site, "templates"):
        for i, t in enumerate(f.data["templates"]):
            allowed = CHANNEL_OF_KIND.get(t["kind"])
            wrong = (allowed and t["channel"] not in allowed) or any(
                t["channel"] in ch and t["kind"] != k for k, ch in CHANNEL_OF_KIND.items())
            if wrong:
                yield f.error(("templates", i, "kind"), f"kind '{t['kind']}' does not fit channel "
                                                        f"'{t['channel']}': change the kind or the channel")


# Words a reader expects, per kind of template: (fewest, most).
WORD_BOUNDS = {
    "thank-you": (80, 200),   # a few warm, specific paragraphs
    "check-in": (35, 120),    # short and polite
    "reference": (35, 160),
    "linkedin": (15, 60),     # a connection note is a couple of lines
    "after-a-no": (50, 150),
    "call-script": (60, 200),  # a few lines per turn of the call
    "voicemail": (25, 80),    # well under a minute when spoken
}
SUBJECT_WORDS = 12  # the most words a subject line may have
SHARED_RUN = 8  # words in a row two templates may not share
PHRASE_OVERLAP = 0.15  # the share of three-word phrases two templates may not reach
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _words(text: str, labels: dict[str, str]) -> list[str]:
    """The words of a template text, each placeholder read as its label (what a filled-in
    value is roughly as long as)."""
    text = PLACEHOLDER.sub(lambda m: m.group(2) or labels.get(m.group(1), m.group(1)), text)
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def _tokens(text: str) -> list[str]:
    """The words of a template text with each placeholder one token: two templates that
    name the same field say the same thing there."""
    return _WORD.findall(PLACEHOLDER.sub(lambda m: f" ph{m.group(1).replace('-', '')} ", text).lower())


def _phrases(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def _templates(site: Site) -> Iterator[tuple[LoadedFile, int, dict]]:
    for f in _kind_files(site, "templates"):
        for i, t in enumerate(f.data["templates"]):
            yield f, i, t


@rule("template-length-fits-kind", "A template's body is as long as a reader expects of its kind "
                                   "(a thank-you 80 to 200 words, a voicemail 25 to 80…), each "
                                   "placeholder counted as the words of its label.")
def _length_fits_kind(site: Site):
    labels = {fl["id"]: fl["placeholder"] for fl in site.fields}
    for f, i, t in _templates(site):
        low, high = WORD_BOUNDS[t["kind"]]
        count = len(_words(t["body"], labels))
        if count > high:
            yield f.error(("templates", i, "body"), f"{count} words is long for a {t['kind']} ({low} to "
                                                    f"{high}): shorten it")
        elif count < low:
            yield f.error(("templates", i, "body"), f"{count} words is short for a {t['kind']} ({low} to "
                                                    f"{high}): say more, or choose the kind it is")


@rule("subject-line-length", f"Each subject line is one line of 1 to {SUBJECT_WORDS} words, each "
                             "placeholder counted as the words of its label.")
def _subject_length(site: Site):
    labels = {fl["id"]: fl["placeholder"] for fl in site.fields}
    for f, i, t in _templates(site):
        for j, subject in enumerate(t.get("subjects", [])):
            at = ("templates", i, "subjects", j)
            count = len(_words(subject, labels))
            if "\n" in subject.strip():
                yield f.error(at, "a subject line is one line: take out the line break")
            elif count == 0:
                yield f.error(at, "has no words: say what the email is about, such as 'Thank you "
                                  "for today'")
            elif count > SUBJECT_WORDS:
                yield f.error(at, f"{count} words is long for a subject line (at most {SUBJECT_WORDS}): "
                                  "shorten it")


@rule("subject-fields-single-line", "A subject line uses no multi-line (textarea) field: a line "
                                    "break in a subject would cut it short.")
def _subject_fields(site: Site):
    types = {fl["id"]: fl["type"] for fl in site.fields}
    declared = {fl["id"]: _where(f, ("fields", k, "type")) for f in _kind_files(site, "fields")
                for k, fl in enumerate(f.data["fields"])}
    for f, i, t in _templates(site):
        for j, subject in enumerate(t.get("subjects", [])):
            for name in placeholder_names(subject):
                if types.get(name) == "textarea":
                    yield f.error(("templates", i, "subjects", j),
                                  f"{{{name}}} is a multi-line field (type: textarea, {declared[name]}), "
                                  "and a subject is one line: use a one-line field here, or move it to "
                                  "the body")


@rule("template-fits-its-max-length", "A template with a `max_length` (LinkedIn's 200 characters "
                                      "for a connection note) fits its own text in it, with room "
                                      "left for the details a reader fills in.")
def _fits_max_length(site: Site):
    labels = {fl["id"]: fl["placeholder"] for fl in site.fields}
    for f, i, t in _templates(site):
        if "max_length" not in t:
            continue
        text = PLACEHOLDER.sub(lambda m: m.group(2) or labels.get(m.group(1), m.group(1)), t["body"]).strip()
        if len(text) > t["max_length"]:
            yield f.error(("templates", i, "max_length"),
                          f"max_length {t['max_length']} is below the {len(text)} characters of the "
                          "template's text, each detail counted as its label: raise it to the "
                          "channel's real limit, or shorten the text")


@rule("template-titles-and-subjects-unique", "No two templates share a title, and no two emails a "
                                             "subject line (case aside): a reader picks one by it.")
def _titles_subjects_unique(site: Site):
    seen: dict[tuple[str, str], tuple[str, str]] = {}  # (what, lowercased text) -> (id, where)
    for f, i, t in _templates(site):
        texts = [("title", ("templates", i, "title"), t["title"])] + [
            ("subject line", ("templates", i, "subjects", j), s) for j, s in enumerate(t.get("subjects", []))]
        for what, at, text in texts:
            key = (what, " ".join(text.lower().split()))
            if key in seen:
                other, where = seen[key]
                yield f.error(at, f"template '{other}' ({where}) has this {what} too: make each {what} "
                                  "name its own situation")
            else:
                seen[key] = (t["id"], _where(f, at))


@rule("templates-do-not-repeat", f"No two templates share {SHARED_RUN} words in a row, or "
                                 f"{PHRASE_OVERLAP:.0%} of their three-word phrases: each is worded "
                                 "for its own situation.")
def _templates_do_not_repeat(site: Site):
    earlier: list[tuple[str, str, set, set]] = []
    for f, i, t in _templates(site):
        tokens = _tokens(t["body"])
        runs, threes = _phrases(tokens, SHARED_RUN), _phrases(tokens, 3)
        at = ("templates", i, "body")
        for other, where, other_runs, other_threes in earlier:
            shared = runs & other_runs
            if shared:
                words = " ".join(min(shared))
                yield f.error(at, f"shares the words '{words}' with template '{other}' ({where}): "
                                  "reword one of them")
                continue
            overlap = len(threes & other_threes) / (len(threes | other_threes) or 1)
            if overlap >= PHRASE_OVERLAP:
                yield f.error(at, f"shares {overlap:.0%} of its three-word phrases with template "
                                  f"'{other}' ({where}), {PHRASE_OVERLAP:.0%} or more: reword it for its "
                                  "own situation")
        earlier.append((t["id"], _where(f, at), runs, threes))


# ------------------------------------------------------------------ checklists

@rule("checklist-covers-what-it-promises", "Each id in a checklist's `covers` has an item for it: "
                                           "a step, do, don't or example some item's guidance is, "
                                           "or a phase some item's guidance lies in.")
def _checklist_covers(site: Site):
    for f in _kind_files(site, "checklists"):
        guided = [site.items.get(item["guidance"]) for item in f.data["items"]]
        for j, ref in enumerate(f.data.get("covers", [])):
            promised = site.items.get(ref)
            if promised is None:
                continue  # known-references reports it
            if promised.kind == "phase":
                if not any(g is not None and g.file is promised.file for g in guided):
                    yield f.error(("covers", j), f"no item's guidance lies in the phase '{ref}': add "
                                                 "an item from that phase, or take it out of covers")
            elif not any(g is not None and g.id == ref for g in guided):
                yield f.error(("covers", j), f"no item's guidance is '{ref}': add an item for it, or "
                                             "take it out of covers")


# ------------------------------------------------------------------ reading ease

READING_EASE = 70  # Flesch reading ease each content file reaches: plain English
READING_MIN_WORDS = 50  # below this a file's score says little
# Keys whose values are ids, names or quotations, not our prose. Article titles are quoted as
# the articles give them, so sources.yml is not scored.
_NOT_PROSE = {"id", "file", "anchor", "unit", "kind", "channel", "recipient", "completes", "done_by",
              "only_when", "after_done", "source", "saved_as", "type", "page", "guidance",
              "short_name", "author", "publisher", "counted_from", "search_terms", "title_as_quoted"}
_ID_LIKE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)|\n")
_PROSE_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def _prose(data: Any) -> Iterator[str]:
    """The text a reader reads in a content file: each value ends a sentence."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k not in _NOT_PROSE:
                yield from _prose(v)
    elif isinstance(data, list):
        if not all(isinstance(v, str) and _ID_LIKE.fullmatch(v) for v in data):
            for v in data:
                yield from _prose(v)
    elif isinstance(data, str):
        text = PLACEHOLDER.sub(lambda m: m.group(2) or m.group(1).replace("-", " "), data).strip()
        yield text if text.endswith((".", "?", "!")) else text + "."


def _syllables(word: str) -> int:
    """Syllables in an English word, by the usual vowel-group rule (no dictionary)."""
    w = word.lower().strip("'")
    if len(w) <= 3:
        return 1
    w = re.sub(r"^y", "", re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w))
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def reading_ease(text: str) -> tuple[float, int]:
    """Flesch reading ease of a text, and its number of words."""
    sentences = [x for x in _SENTENCE_END.split(text) if _PROSE_WORD.search(x)]
    words = _PROSE_WORD.findall(text)
    if not words:
        return 100.0, 0
    syllables = sum(_syllables(w) for w in words)
    return 206.835 - 1.015 * len(words) / len(sentences) - 84.6 * syllables / len(words), len(words)


@rule("reads-easily", f"Each content file reads easily: a Flesch reading ease of {READING_EASE} or "
                      f"more over its prose (files of {READING_MIN_WORDS} words or more; not the "
                      "quoted titles in sources.yml).")
def _reads_easily(site: Site):
    for rel, f in _content_files(site):
        if rel in ("sources.yml", "published-ids.yml", "retired-ids.yml"):
            continue
        score, words = reading_ease("\n".join(_prose(f.data)))
        if words >= READING_MIN_WORDS and score < READING_EASE:
            yield ContentError(f.display, 1, "(file)", f"reads at {score:.0f} on the Flesch scale, under "
                                                       f"{READING_EASE}: use shorter sentences and words")


# ------------------------------------------------------------------ situations

@rule("situation-leads-to-action", "Each situation links at least one template, checklist item or "
                                   "planner step that acts on it: the page answers with what to do now.")
def _situation_acts(site: Site):
    for f in _kind_files(site, "situations"):
        for i, s in enumerate(f.data["situations"]):
            if not any(s.get(k) for k in ("templates", "checklist_items", "plan_steps")):
                yield f.error(("situations", i, "id"), f"situation '{s['id']}' links no tool: add the "
                                                       "templates, checklist_items or plan_steps that "
                                                       "act on it")


# ------------------------------------------------------------------ coverage

@rule("coverage-cites-its-article", "Every point in an article's coverage file maps to content "
                                    "that cites that article.")
def _coverage_cites(site: Site):
    for f in _kind_files(site, "coverage"):
        source = f.data["source"]
        for i, point in enumerate(f.data["points"]):
            items = [site.items.get(ref) for ref in point["covered_by"]]
            if all(items) and not any(it.cites(source) for it in items):
                yield f.error(("points", i, "covered_by"),
                              f"none of {', '.join(point['covered_by'])} cites '{source}': map the "
                              "point to content that credits this article, or add the credit")


@rule("ours-is-not-covered", "An item that cites no article (ours) is mapped from no article's "
                             "point: an article cannot say what the page says no article says.")
def _ours_not_covered(site: Site):
    for f in _kind_files(site, "coverage"):
        for i, point in enumerate(f.data["points"]):
            for j, ref in enumerate(point["covered_by"]):
                item = site.items.get(ref)
                if item is not None and item.data.get("sources") == []:
                    yield f.error(("points", i, "covered_by", j),
                                  f"'{ref}' cites no article (it is ours): take it out of this point, "
                                  "or credit the article in its sources")


@rule("advice-is-indexed", "Every step, do, don't and example is mapped from some article's "
                           "point in content/coverage/ (advice without a source shows up here).")
def _advice_indexed(site: Site):
    if not site.coverage:
        return
    indexed = {ref for cov in site.coverage.values() for p in cov["points"] for ref in p["covered_by"]}
    renamed = _renamed(site)  # published-ids-kept asks for the old id back
    for item in site.items.values():
        if item.kind in ADVICE_KINDS and item.id not in indexed and item.data.get("sources") != [] \
                and item.id not in renamed:
            yield item.file.error(item.path + ("id",), f"no article's point maps to '{item.id}': add it "
                                                       "to covered_by in the coverage file of each "
                                                       "article it comes from")


@rule("every-article-is-cited", "Every article in content/sources.yml is cited by some item: "
                                "an article nothing draws on does not belong on the Sources page.")
def _every_article_cited(site: Site):
    cited = {sid for rel, f in _content_files(site) if rel != "sources.yml"
             for _, key, value in _walk(f.data) if key == "sources" and isinstance(value, list)
             for sid in value if isinstance(sid, str)}
    for f in _kind_files(site, "sources"):
        for i, source in enumerate(f.data["sources"]):
            if source["id"] not in cited:
                yield f.error(("sources", i, "id"), f"no item cites '{source['id']}': cite it where the "
                                                    "guide says what it says, or remove the article")


@rule("every-article-has-coverage", "Every article has its coverage file, content/coverage/<its "
                                    "id>.yml, mapping each of its points to the items that say it.")
def _every_article_covered(site: Site):
    if not _kind_files(site, "coverage"):
        return  # small trees without coverage
    for f in _kind_files(site, "sources"):
        for i, source in enumerate(f.data["sources"]):
            if source["id"] not in site.coverage:
                yield f.error(("sources", i, "id"), f"'{source['id']}' has no coverage file: write "
                                                    f"content/coverage/{source['id']}.yml mapping each of "
                                                    "its points to the ids that say it")


@rule("difference-sides-differ", "The sides of a difference cite different articles: each side is "
                                 "who says what.")
def _difference_sides(site: Site):
    for f in _kind_files(site, "differences"):
        for i, d in enumerate(f.data["differences"]):
            seen: dict[frozenset, int] = {}
            for j, side in enumerate(d["sides"]):
                key = frozenset(side["sources"])
                if key in seen:
                    yield f.error(("differences", i, "sides", j, "sources"),
                                  f"cites the same articles as side {seen[key] + 1}: one article cannot "
                                  "disagree with itself; merge the two sides, or cite who says this")
                seen.setdefault(key, j)


# ------------------------------------------------------------------ planner

def _calendar_days(offset: dict, weekday: int) -> int:
    """Calendar days from a date on `weekday` (0 = Monday) to the offset's day."""
    if offset["unit"] == "days":
        return offset["count"]
    days = left = 0
    while left < offset["count"]:
        days += 1
        left += (weekday + days) % 7 < 5
    return days


@rule("planner-anchors", "A planner rule counts from a date the user gives (interview, decision, "
                         "promised-by) or from an earlier rule.")
def _planner_anchors(site: Site):
    for f in _kind_files(site, "planner"):
        seen: list[str] = []
        for i, r in enumerate(f.data["rules"]):
            for j, anchor in enumerate(r["anchor"]):
                if anchor not in PLANNER_INPUTS and anchor not in seen:
                    later = anchor in {x["id"] for x in f.data["rules"]}
                    yield f.error(("rules", i, "anchor", j),
                                  f"'{anchor}' is "
                                  + ("a later rule" if later else "not a date the plan knows")
                                  + f": use {', '.join(PLANNER_INPUTS)} or an earlier rule's id")
            if "after_done" in r and r["after_done"] not in seen:
                yield f.error(("rules", i, "after_done"), f"'{r['after_done']}' is not an earlier rule: "
                                                          "name a rule above this one")
            seen.append(r["id"])


@rule("planner-views-differ", "Where a planner step lists the articles' views, they come from more "
                              "than one article's side, and no two take the same position.")
def _planner_views(site: Site):
    for f in _kind_files(site, "planner"):
        for i, r in enumerate(f.data.get("rules", [])):
            views = r.get("views", [])
            if len(views) > 1 and len({frozenset(v["sources"]) for v in views}) == 1:
                yield f.error(("rules", i, "views", len(views) - 1, "sources"),
                              "every view cites the same articles, so nothing differs: cite the "
                              "articles that take the other position, or drop `views`")
            said: dict[str, int] = {}
            for j, view in enumerate(views):
                position = " ".join(view["position"].lower().split())
                if position in said:
                    yield f.error(("rules", i, "views", j, "position"),
                                  f"says the same as view {said[position] + 1}: merge the two views")
                said.setdefault(position, j)


@rule("planner-windows", "A planner rule's latest day is never before its earliest day.")
def _planner_windows(site: Site):
    for f in _kind_files(site, "planner"):
        for i, r in enumerate(f.data["rules"]):
            early, late = r["earliest"], r["latest"]
            before = any(_calendar_days(late, w) < _calendar_days(early, w) for w in range(7))
            if before:
                yield f.error(("rules", i, "latest"), f"latest ({late['count']} {late['unit']}) comes before "
                                                      f"earliest ({early['count']} {early['unit']}): swap "
                                                      "or fix them")


@rule("completes-is-listed-by-its-step", "A checklist item that `completes` a planner step is one of "
                                         "that step's `checklist_items`, which the planner lists.")
def _completes_listed(site: Site):
    for f in _kind_files(site, "checklists"):
        for i, item in enumerate(f.data["items"]):
            for at, ref in _completes(item, i):
                step = site.items.get(ref)
                if step is not None and step.kind == "planner-rule" and item["id"] not in step.data.get(
                        "checklist_items", []):
                    yield f.error(at, f"'{item['id']}' is not in the checklist_items of '{step.id}' in "
                                      "planner.yml: add it there, or remove it from `completes` here")


def _completes(item: dict, i: int) -> list[tuple[tuple, str]]:
    """The steps a checklist item completes, each with where it is named."""
    value = item.get("completes")
    if isinstance(value, list):
        return [(("items", i, "completes", n), ref) for n, ref in enumerate(value)]
    return [(("items", i, "completes"), value)] if isinstance(value, str) else []


@rule("completes-steps-exclude-each-other", "A checklist item that completes several planner steps "
                                            "names steps that never share a plan: each has an "
                                            "`only_when` of its own.")
def _completes_exclusive(site: Site):
    for f in _kind_files(site, "checklists"):
        for i, item in enumerate(f.data["items"]):
            refs = _completes(item, i)
            if len(refs) < 2:
                continue
            seen: dict[str, str] = {}
            for at, ref in refs:
                step = site.items.get(ref)
                if step is None or step.kind != "planner-rule":
                    continue  # known-references says so
                when = step.data.get("only_when", "")
                if not when:
                    yield f.error(at, f"'{ref}' has no `only_when`, so it shares a plan with the other "
                                      "steps named here and a tick would not know which to mark: name "
                                      "one step, or only steps with different `only_when`")
                elif when in seen:
                    yield f.error(at, f"'{ref}' has the same `only_when` ({when}) as '{seen[when]}', so "
                                      "both can be in one plan: name only steps with different `only_when`")
                seen.setdefault(when, ref)


@rule("pages-named-exist", "A page named in content (the 'Your interviews' page's tools) is a "
                           "page in the table of kinds.")
def _pages_named(site: Site):
    for f in _kind_files(site, "interviews"):
        for i, tool in enumerate(f.data.get("tools", [])):
            if tool["page"] not in PAGE_SPECS or PAGE_SPECS[tool["page"]][1].per_file:
                names = ", ".join(k for k, (_, s) in PAGE_SPECS.items() if not s.per_file)
                yield f.error(("tools", i, "page"), f"'{tool['page']}' is not a page: use one of {names}")
