"""Renders the validated site model into Markdown pages under docs/.

Runs after content.load_content() and before `mkdocs build`. Every page is rendered in
memory first; files are written only when all pages rendered, and only when their
text changed. Generated pages are listed in docs/.generated so stale ones are removed.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import DOCS_DIR, TEMPLATE_DIR
from .content import PLACEHOLDER, Site

MANIFEST = ".generated"
# Characters Python-Markdown treats as escapable; content text gets a backslash before each.
_MD_ESCAPABLE = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
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


def md_text(value: object) -> Markup:
    """Content text for a Markdown context (headings): HTML-escaped, Markdown-escaped, one line.

    Quotes stay as they are (quote=False): a heading is no attribute, and an entity such as
    &#x27; would have its '#' Markdown-escaped and show up literally in the table of contents.
    """
    text = html.escape(" ".join(str(value).split()), quote=False)
    return Markup(_MD_ESCAPABLE.sub(r"\\\1", text))


def yaml_string(value: object) -> Markup:
    """A front-matter value: one line, HTML-escaped (the theme inserts it unescaped), JSON-quoted."""
    return Markup(json.dumps(html.escape(" ".join(str(value).split()), quote=True)))


@dataclass
class Page:
    path: str  # docs-relative
    template: str
    source: str  # content file it comes from, named in the generated-file comment
    context: dict


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
        )
        self.env.filters["md"] = md_text
        self.env.filters["fm"] = yaml_string
        self.env.filters["channel_label"] = CHANNEL_LABELS.__getitem__
        self.placeholder_labels = {f["id"]: f["placeholder"] for f in site.fields}
        self.page_titles = {"index.md": "Home", "differences.md": "Where the advice differs",
                            "checklists/index.md": "Checklists", "templates/index.md": "Templates",
                            "planner/index.md": "Follow-up planner", "sources/index.md": "Sources"}
        self.page_titles.update({f"guide/{p['id']}.md": p["title"] for p in site.phases})
        self.page_titles.update({f"checklists/{c['id']}.md": c["title"] for c in site.checklists})
        self.page_titles.update({f"sources/{s['id']}.md": f"How we cover {s['short_name']}"
                                 for s in site.sources})

    def pages(self) -> list[Page]:
        site = self.site
        pages = [
            Page("index.md", "home.md.j2", "content/phases/*.yml", {}),
            Page("differences.md", "differences.md.j2", "content/differences.yml", {}),
            Page("checklists/index.md", "checklists-index.md.j2", "content/checklists/*.yml", {}),
            Page("templates/index.md", "templates.md.j2", "content/templates/*.yml", {}),
            Page("planner/index.md", "planner.md.j2", "content/planner.yml", {}),
            Page("sources/index.md", "sources.md.j2", "content/sources.yml", {}),
        ]
        for source in site.sources:
            if source["id"] in site.coverage:
                pages.append(Page(f"sources/{source['id']}.md", "coverage.md.j2",
                                  f"content/coverage/{source['id']}.yml", {"source": source}))
        for i, phase in enumerate(site.phases):
            pages.append(Page(f"guide/{phase['id']}.md", "phase.md.j2",
                              f"content/phases/{phase['id']}.yml",
                              {"phase": phase,
                               "previous": site.phases[i - 1] if i else None,
                               "next": site.phases[i + 1] if i + 1 < len(site.phases) else None}))
        for checklist in site.checklists:
            pages.append(Page(f"checklists/{checklist['id']}.md", "checklist.md.j2",
                              f"content/checklists/{checklist['id']}.yml", {"checklist": checklist}))
        return pages

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
                out.append(html.escape(text[last:m.start()]))
                name = m.group(1)
                out.append(f'<span class="ati-ph" data-field="{html.escape(name)}">'
                           f"[{html.escape(labels[name])}]</span>")
                last = m.end()
            out.append(html.escape(text[last:]))
            return Markup("".join(out))

        def script(name: str) -> Markup:
            """A page's own script, in the page content: Material's instant navigation runs
            the scripts in the content it swaps in, not those at the end of the page, and
            pages without such controls then load none of them."""
            src = posixpath.relpath(f"assets/javascripts/{name}",
                                    page_url(page.path).rstrip("/") or ".")
            return Markup(f'<script defer src="{html.escape(src)}"></script>')

        template = self.env.get_template(page.template)
        body = template.render(site=site, page_path=page.path, link=link, href=href,
                               fill=fill_placeholders, page_titles=self.page_titles,
                               script=script, **page.context)
        return (f"---\n# Generated by build_tools from {page.source}. Do not edit this file: "
                f"edit the YAML and run the build.\n{body}")

    def render_all(self) -> dict[str, str]:
        return {p.path: self.render_page(p) for p in self.pages()}


def write_pages(rendered: dict[str, str], docs_dir: Path = DOCS_DIR) -> list[str]:
    """Write pages whose text changed, remove generated pages no longer produced.

    Returns the docs-relative paths written or removed.
    """
    changed = []
    manifest = docs_dir / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split()) if manifest.exists() else set()
    for rel, text in sorted(rendered.items()):
        target = docs_dir / rel
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
        changed.append(rel)
    for rel in sorted(previous - set(rendered)):
        stale = docs_dir / rel
        if stale.exists():
            stale.unlink()
            changed.append(rel)
    listing = "".join(f"{rel}\n" for rel in sorted(rendered))
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != listing:
        manifest.write_text(listing, encoding="utf-8")
    return changed


def render(site: Site, docs_dir: Path = DOCS_DIR, template_dir: Path = TEMPLATE_DIR) -> list[str]:
    """Render every page in memory, then write the ones that changed."""
    return write_pages(Renderer(site, template_dir).render_all(), docs_dir)
