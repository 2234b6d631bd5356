"""Renders the validated site model into Markdown pages under docs/, and our inline scripts
into the theme partials that carry them (overrides/partials/javascripts/).

Runs after content.load_content() and before `mkdocs build` (or Zensical's build, which
reads the same overrides/). Every file is made in memory first; files are written only when
all of them were made, and only when their text changed. Generated files are listed in
docs/.gitignore and overrides/.gitignore, so git ignores them and a later render removes
the ones no longer produced.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup, escape

from . import DOCS_DIR, OVERRIDES_DIR, ROOT, TEMPLATE_DIR
from .holidays_data import PLACES, holiday_files
from .model import PLACEHOLDER, Site, placeholder_names

SAVED_DATA_SCHEMA = Path(__file__).parent / "saved-data.schema.json"  # what browsers save
IGNORE_FILE = ".gitignore"  # in docs/ and overrides/: lists the generated files
# Our inline scripts: the theme partial each is written into (in overrides/, in place of
# Material's partial of that name) -> its readable source in build_tools/inline/, which
# render minifies with terser (build_tools/minify.mjs). The build allows each by its hash
# in the Content-Security-Policy (publish.allow_inline_scripts).
INLINE_DIR = Path(__file__).parent / "inline"
MINIFIER = Path(__file__).parent / "minify.mjs"
INLINE_SCRIPTS = {"partials/javascripts/base.html": "head.js",
                  "partials/javascripts/palette.html": "palette.js"}
_RAW_SCRIPT = re.compile(r"<script>\{% raw %\}(.*)\{% endraw %\}</script>\n\Z", re.S)
# The one npm package the site ships: the QR code encoder, which Your interviews loads only
# when a reader asks for a code. Render copies it from node_modules/ (package-lock.json pins
# it) with its licence; the build minifies it and keeps the licence comment.
QR_PACKAGE = "qrcode-generator"
QR_SCRIPT = f"assets/vendor/{QR_PACKAGE}.js"
QR_LICENCE = f"assets/vendor/{QR_PACKAGE}.LICENSE.txt"
# Characters Python-Markdown treats as escapable; content text gets a backslash before each.
_MD_ESCAPABLE = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
# Characters that start Markdown's links and images ([text](url), ![alt](src)), code spans
# and attribute lists ({: onclick=...}, which attr_list puts on the element): in content
# text that reaches a page they become character references, which every context reads as
# the character itself (Markdown text, a raw HTML block, an attribute value).
_MD_ACTIVE = re.compile(r"[\[\]{}`]")
STYLES_DIR = DOCS_DIR / "assets" / "stylesheets"
SHARED_SCRIPT = "ati.js"  # loaded before every page script; written by the render (shared_script)
# What it joins: the pure core, then app.js (the store, start-up, dates in words, files).
SHARED_SOURCES = ("core/record.js", "core/plan.js", "app.js")
CHANNEL_LABELS = {"email": "Email", "letter": "Letter", "phone-script": "Phone call script",
                  "voicemail": "Voicemail script", "linkedin-message": "LinkedIn message"}


def page_url(md_path: str) -> str:
    """Docs-relative Markdown path -> site-relative URL with directory URLs ('' for home)."""
    stem = md_path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_md: str, to_md: str, anchor: str | None = None) -> str:
    """Link from one generated page to another (or to an anchor on it)."""
    frag = f"#{anchor}" if anchor else ""
    if from_md == to_md and frag:
        return frag
    src, dst = page_url(from_md).rstrip("/") or ".", page_url(to_md).rstrip("/") or "."
    rel = posixpath.relpath(dst, src)
    return ("./" if rel == "." else rel + "/") + frag


def saved_as(field_data: dict) -> str:
    """Where a template field's value is kept in the saved record (saved-data.schema.json)."""
    return field_data.get("saved_as", f"interview.fields.{field_data['id']}")


_SCOPES = {"me": ("properties", "me"), "interview": ("$defs", "interview"),
           "round": ("$defs", "interview", "properties", "rounds", "items"),
           "person": ("$defs", "interview", "properties", "rounds", "items", "properties",
                      "people", "items")}


@functools.cache
def saved_data_schema() -> dict:
    return json.loads(SAVED_DATA_SCHEMA.read_text(encoding="utf-8"))


def saved_max_length(path: str) -> int | None:
    """The saved record's maxLength for a saved_as path: the form's maxlength (ati.js clips
    saved and imported text to the same length). None for dates, which have no length."""
    schema = saved_data_schema()
    scope, name, *rest = path.split(".")
    node = schema
    for key in _SCOPES[scope]:
        node = node[key]
    node = node["properties"][name]
    if rest:  # interview.fields.<id>
        node = node["additionalProperties"]
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node.get("maxLength")


# What the plan (ati.js) needs of each rule; the rest the planner clones from its page.
# What a step says (what, why, by_contact, sources) the scripts read from the page's rule details.
_SCRIPT_RULE_KEYS = ("id", "title", "names_the_promise", "urgency", "anchor", "earliest", "latest",
                     "never_before", "move_off_weekends", "only_when", "after_done")


def planner_rules(site: Site) -> list[dict]:
    """The planner's rules for the scripts, each with `kinds`: the template kinds whose log
    entries (Mark as sent) count as that step done."""
    return [{**{k: r[k] for k in _SCRIPT_RULE_KEYS if k in r},
             "kinds": list(dict.fromkeys(site.items[t].data["kind"] for t in r.get("templates", [])))}
            for r in site.planner["rules"]]


def shared_script(js_dir: Path = DOCS_DIR / "assets" / "javascripts") -> str:
    """The script every tool page loads first: SHARED_SOURCES joined in order, so a page
    makes one request for them and gzip compresses them as one text (the build then minifies
    it as it does every script of ours). The sources stay separate files, so the core can be
    tested in Node on its own."""
    parts = [f"/* ---- {name} */\n" + (js_dir / name).read_text(encoding="utf-8") for name in SHARED_SOURCES]
    return (f"/* Generated by build_tools render from {', '.join(SHARED_SOURCES)} in this folder."
            " Do not edit this file: edit those. */\n" + "\n".join(parts))


def vendor_files(modules: Path = ROOT / "node_modules") -> dict[str, str]:
    """The QR encoder as the site serves it, with a comment naming it and its licence, and
    the licence's text beside it. The package carries its licence in its file's header
    (MIT, Copyright (c) 2009 Kazuhiko Arase); the full text is the MIT licence's."""
    package = modules / QR_PACKAGE
    try:
        meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
        code = (package / meta["main"]).read_text(encoding="utf-8")
    except (OSError, KeyError, ValueError) as exc:
        raise SystemExit(f"build_tools: {package}: the QR code encoder is not installed ({exc}): ./dev "
                         "build, render, serve, test and bench install it (npm ci); or run npm ci") from exc
    notice = "Copyright (c) 2009 Kazuhiko Arase"
    if meta.get("license") != "MIT" or notice not in code:
        raise SystemExit(f"build_tools: {package}: its licence is no longer MIT, {notice}: "
                         "check it before shipping it")
    licence = (f"{QR_PACKAGE} {meta['version']} (https://github.com/kazuhikoarase/qrcode-generator)\n\n"
               "MIT License\n\n" + notice + "\n\n" + MIT_TEXT)
    head = (f"/*! {QR_PACKAGE} {meta['version']}, {notice}, MIT licence: see {QR_PACKAGE}.LICENSE.txt "
            "beside this file. Copied from node_modules/ by build_tools render. */\n")
    return {QR_SCRIPT: head + code, QR_LICENCE: licence}


MIT_TEXT = """Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def md_text(value: object) -> Markup:
    """Content text for a Markdown context (headings): HTML-escaped, Markdown-escaped, one line.

    Quotes stay as they are (quote=False): a heading is no attribute, and an entity such as
    &#x27; would have its '#' Markdown-escaped and show up literally in the table of contents.
    """
    text = html.escape(" ".join(str(value).split()), quote=False)
    return Markup(_MD_ESCAPABLE.sub(r"\\\1", text))


def content_text(value: object) -> object:
    """Every value a page template outputs ({{ … }}) passes here: the one place where content
    becomes Markdown. Text is HTML-escaped (quotes too: it may sit in an attribute) and
    Markdown's active characters are written as character references, so no title or text
    can become a link, an image, an attribute or markup, whichever template forgets a filter.
    Markup (from md_text, fill, tojson) was made safe already; numbers and the like pass."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return Markup(_MD_ACTIVE.sub(lambda m: f"&#{ord(m.group())};", str(escape(value))))


@dataclass
class Page:
    path: str  # docs-relative
    template: str
    source: str  # content file it comes from, named in the generated-file comment
    context: dict
    front_matter: dict = field(default_factory=dict)
    script: str | None = None


def front_matter(values: dict) -> str:
    """The page's front matter as YAML that MkDocs reads back exactly.

    Text is HTML-escaped (the theme inserts title and description unescaped) and written
    as JSON strings, which YAML reads as double-quoted strings; non-ASCII stays as itself
    (an emoji written as JSON surrogate escapes is not valid YAML)."""
    expected = {k: html.escape(" ".join(v.split())) if isinstance(v, str) else v for k, v in values.items()}
    text = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in expected.items())
    if (yaml.safe_load(text) or {}) != expected:  # never publish a page whose heading MkDocs would lose
        raise ValueError(f"front matter does not read back: {text!r}")
    return text


class Renderer:
    """One Jinja2 environment per render; templates see the site model and link helpers."""

    def __init__(self, site: Site, template_dir: Path = TEMPLATE_DIR):
        self.site = site
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(template_dir)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Markdown heading ids are written {#id}; keep Jinja comments out of their way.
            comment_start_string="{##",
            comment_end_string="##}",
            finalize=content_text,
        )
        self.env.filters["md"] = md_text
        self.env.filters["channel_label"] = CHANNEL_LABELS.__getitem__
        self.placeholder_labels = {f["id"]: f["placeholder"] for f in site.fields}
        person_fields = {f["id"] for f in site.fields if saved_as(f).startswith("person.")}

        def filled_in(t: dict) -> set[str]:
            """The fields a template's body and subject lines fill in."""
            return set(placeholder_names(" ".join([t["body"], *t.get("subjects", [])])))

        def per_person(t: dict) -> bool:
            """A template that names the interviewer is written once per person on a panel."""
            return bool(person_fields & filled_in(t))

        def group_fields(group: dict) -> set[str]:
            """The fields a group's templates fill in or send to: its page's form asks for these."""
            return set().union(*(filled_in(t) | ({t["recipient"]} if "recipient" in t else set())
                                 for t in group["templates"]))

        def completes(item: dict) -> list[dict]:
            """The planner steps a checklist item's tick may mark done, for its data-completes."""
            ids = item["completes"] if isinstance(item["completes"], list) else [item["completes"]]
            return [{"id": s.id, "title": s.label, "when": s.data.get("only_when", ""),
                     "promise": bool(s.data.get("names_the_promise"))} for s in map(site.items.get, ids)]

        self.env.globals.update(
            completes=completes,
            saved_as=saved_as, saved_max_length=saved_max_length, per_person=per_person,
            group_fields=group_fields, holiday_places=PLACES,
            planner_rules=lambda: planner_rules(site),
            template_index=lambda: [
                {"id": t["id"], "title": t["title"], "kind": t["kind"], "perPerson": per_person(t)}
                for g in site.template_groups for t in g["templates"]])
        self.page_titles = site.page_titles

    def pages(self) -> list[Page]:
        """One Page per page in the table of kinds (kinds.pages_of), with its front matter."""
        site = self.site
        out = []
        for ref in site.pages:
            spec = ref.spec
            matter = {"title": ref.title(site), "description": ref.description(site)}
            if spec.script and (STYLES_DIR / (Path(spec.script).stem + ".css")).is_file():
                matter["styles"] = Path(spec.script).stem + ".css"  # overrides/main.html links it
            if not spec.search:
                matter["search"] = {"exclude": True}
            if spec.skip:  # overrides/main.html writes the link
                matter["ati_skip"], matter["ati_skip_to"] = spec.skip
            context = spec.context(site, ref.data, ref.index) if spec.context else {}
            out.append(Page(ref.path, spec.template, ref.source, context, matter, spec.script))
        return out

    def render_page(self, page: Page) -> str:
        site = self.site

        def link(item_id: str) -> str:
            item = site.items[item_id]
            return relative_url(page.path, item.page, item.anchor)

        def href(to_md: str, anchor: str | None = None) -> str:
            return relative_url(page.path, to_md, anchor)

        def fill_placeholders(text: str) -> Markup:
            """Template text as HTML: placeholders become marked spans the script fills in."""
            labels = self.placeholder_labels
            out, last = [], 0
            for m in PLACEHOLDER.finditer(text):
                out.append(content_text(text[last:m.start()]))
                name, default = m.group(1), m.group(2)
                if default is None:
                    out.append(f'<span class="ati-ph" data-field="{html.escape(name)}">'
                               f"[{content_text(labels[name])}]</span>")
                else:  # the template's own words until the user gives theirs: no blank
                    out.append(f'<span class="ati-ph ati-ph--filled" data-field="{html.escape(name)}" '
                               f'data-default="{content_text(default)}">{content_text(default)}</span>')
                last = m.end()
            out.append(content_text(text[last:]))
            return Markup("".join(out))

        template = self.env.get_template(page.template)
        body = template.render(site=site, page_path=page.path, link=link, href=href,
                               fill=fill_placeholders, page_titles=self.page_titles, **page.context)
        if page.script:
            # In the page content: Material's instant navigation runs the scripts in the
            # content it swaps in, not those at the end of the page; pages without such
            # controls then load none. ati.js (the core, the shared record and start-up)
            # comes first; the page's own script registers its components with it.
            base = page_url(page.path).rstrip("/") or "."
            # The interview picker's script comes only with the picker.
            picker = ("picker.js",) if 'data-module="picker"' in body else ()
            srcs = [posixpath.relpath(f"assets/javascripts/{name}", base)
                    for name in (SHARED_SCRIPT, *picker, page.script)]
            body = body.rstrip("\n") + "\n\n" + "".join(
                f'<script defer src="{html.escape(src)}"></script>\n' for src in srcs)
            # The tool's own styles (assets/stylesheets/<its script's name>.css, where there
            # is one) come with its page only; site.css holds what every page uses. The head
            # links them (front matter `styles`, overrides/main.html), so the page is first
            # drawn with them; Material's instant navigation swaps only the content, so the
            # content links them too, as it does the scripts.
            style = page.front_matter.get("styles")
            if style:
                href = posixpath.relpath(f"assets/stylesheets/{style}", base)
                # In a block of its own, or Markdown would wrap it in a paragraph; after the
                # page's title, which the search index expects first.
                link = f'\n<div hidden><link rel="stylesheet" href="{html.escape(href)}"></div>\n'
                h1 = re.search(r"^# .*\n", body, re.M)
                body = body[:h1.end()] + link + body[h1.end():] if h1 else link + "\n" + body
        return (f"---\n# Generated by build_tools from {page.source}. Do not edit this file: "
                f"edit the YAML and run the build.\n{front_matter(page.front_matter)}---\n{body}")

    def render_all(self) -> dict[str, str]:
        """Every generated file: the pages, the shared script, the QR encoder (vendor_files)
        and the planner's public-holiday lists."""
        pages = {p.path: self.render_page(p) for p in self.pages()}
        return {**pages, f"assets/javascripts/{SHARED_SCRIPT}": shared_script(), **vendor_files(),
                **(holiday_files() if self.site.planner else {})}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def inline_partial(name: str, source_digest: str, script: str) -> str:
    """The theme partial for one inline script: a Jinja comment naming its source (with the
    digests that tell a later render it is current), then the minified script, raw to
    Jinja, so the page carries these bytes exactly."""
    if re.search(r"</script|<!--|\{% *endraw", script, re.I):
        raise ValueError(f"build_tools/inline/{name}: its minified text has </script, <!-- or "
                         "endraw in it, which would end the inline script or the raw block early")
    return ("{#- Generated by build_tools render from build_tools/inline/" + name + ", minified "
            "by terser (source " + source_digest + ", script " + _digest(script.encode()) + ").\n"
            "    Do not edit this file: edit that one. -#}\n"
            "<script>{% raw %}" + script + "{% endraw %}</script>\n")


def inline_partials(overrides_dir: Path = OVERRIDES_DIR) -> dict[str, str]:
    """overrides-relative path -> text of each partial in INLINE_SCRIPTS.

    Minifying takes a run of Node, so a partial already written from the same source (and
    the same minify.mjs) and not edited since is kept as it is: its first line has the
    digests that say so. Only a changed source, or a fresh checkout, needs Node and terser."""
    out, stale = {}, {}
    minifier = MINIFIER.read_bytes()
    for rel, name in INLINE_SCRIPTS.items():
        source = INLINE_DIR / name
        digest = _digest(source.read_bytes() + minifier)
        target = overrides_dir / rel
        kept = target.read_text(encoding="utf-8") if target.is_file() else ""
        script = _RAW_SCRIPT.search(kept)
        if script and kept == inline_partial(name, digest, script.group(1)):
            out[rel] = kept
        else:
            stale[rel] = (source, digest)
    if stale:
        from .publish import minified_all  # Node and terser; only when a partial is stale

        minified = minified_all([source for source, _ in stale.values()])
        for rel, (source, digest) in stale.items():
            out[rel] = inline_partial(source.name, digest, minified[source])
    return out


def generated_pages(docs_dir: Path = DOCS_DIR) -> set[str]:
    """The docs-relative pages the last render made (docs/.gitignore lists them; for
    overrides/, overrides/.gitignore lists the partials)."""
    ignore = docs_dir / IGNORE_FILE
    if not ignore.exists():
        return set()
    return {line[1:] for line in ignore.read_text(encoding="utf-8").splitlines()
            if line.startswith("/") and line[1:] != IGNORE_FILE}


def write_pages(rendered: dict[str, str], docs_dir: Path = DOCS_DIR,
                made_from: str = "the pages it generates from content/") -> list[str]:
    """Write pages whose text changed, remove generated pages no longer produced.

    docs/.gitignore lists the generated pages (so git never commits them) and is how the
    next render knows which pages it made. Returns the docs-relative paths written or removed.
    The same for the partials in overrides/ (made_from says what the list holds).
    """
    changed = []
    previous = generated_pages(docs_dir)
    for rel, text in sorted(rendered.items()):
        target = docs_dir / rel
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, text)
        changed.append(rel)
    for rel in sorted(previous - set(rendered)):
        stale = docs_dir / rel
        if stale.exists():
            stale.unlink()
            changed.append(rel)
    listing = (f"# Written by build_tools render: {made_from}. Never commit them.\n"
               f"/{IGNORE_FILE}\n" + "".join(f"/{rel}\n" for rel in sorted(rendered)))
    ignore = docs_dir / IGNORE_FILE
    if not ignore.exists() or ignore.read_text(encoding="utf-8") != listing:
        docs_dir.mkdir(parents=True, exist_ok=True)
        _write_atomically(ignore, listing)
    return changed


def _write_atomically(target: Path, text: str) -> None:
    """Write a whole file or nothing: MkDocs (serve's, or a build's) never reads it half
    written. The temporary name is this process's own, so two renders at once (serve and a
    build, or two test runs) never write into each other's file."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)


def render(site: Site, docs_dir: Path = DOCS_DIR, template_dir: Path = TEMPLATE_DIR,
           overrides_dir: Path = OVERRIDES_DIR) -> list[str]:
    """Render every page and inline-script partial in memory, then write the ones that
    changed. Returns the docs-relative pages and the overrides/ partials written or removed.

    The partials do not depend on the content: a render of other content (a test's) into
    another docs/ makes the same ones, for the theme every build reads."""
    pages = Renderer(site, template_dir).render_all()
    partials = inline_partials(overrides_dir)
    changed = write_pages(pages, docs_dir)
    return changed + [f"{overrides_dir.name}/{rel}" for rel in write_pages(
        partials, overrides_dir, "the theme partials it generates from build_tools/inline/")]
