"""The built site: links and anchors resolve, pages are unique and private, builds are repeatable."""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from conftest import FIXTURES, build_variant, project_content

from build_tools.content import load_content
from build_tools.render import Renderer, render

ORIGIN = "http://site.test/"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class PageScan(HTMLParser):
    """Collects what the checks need from one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.assets: list[str] = []
        self.title = ""
        self.description = None
        self._in_title = False
        self.tags: list[tuple[str, dict]] = []
        # The article's text outside data-search-exclude, nesting followed properly.
        self.searchable: list[str] = []
        self.article_text: list[str] = []  # all of the article's text, scripts left out
        self._open: list[tuple[str, bool]] = []
        # Elements inside an excluded one of their own tag name: Material's search parser ends
        # the exclusion where the first of them closes.
        self.exclusion_enders: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in VOID:
            if (tag, True) in self._open:
                self.exclusion_enders.append(f"<{tag} class={a.get('class')!r}>")
            self._open.append((tag, "data-search-exclude" in a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "prev", "next"):
            self.assets.append(a["href"])
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        in_article = any(t == "article" for t, _ in self._open)
        if in_article and not any(ex for _, ex in self._open):
            self.searchable.append(data)
        if in_article and not any(t in ("script", "style") for t, _ in self._open):
            self.article_text.append(data)


def scan_site(site: Path) -> dict[str, PageScan]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        scan = PageScan()
        scan.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = scan
    return pages


def page_url(rel: str) -> str:
    return ORIGIN + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def resolve(site: Path, url: str) -> Path | None:
    path = unquote(urlparse(url).path).lstrip("/")
    target = site / path
    if target.is_dir() or path == "" or path.endswith("/"):
        target = target / "index.html"
    return target if target.exists() else None


@pytest.fixture(scope="module")
def pages(built_site):
    return scan_site(built_site)


def test_the_fixed_addresses_exist(built_site):
    for address in ("index.html", "checklists/index.html", "templates/index.html",
                    "planner/index.html", "sources/index.html", "differences/index.html",
                    "404.html", "sitemap.xml"):
        assert (built_site / address).exists(), address


def test_every_internal_link_and_anchor_resolves(built_site, pages):
    broken = []
    for rel, scan in pages.items():
        for href in scan.links:
            url = urljoin(page_url(rel), href)
            parts = urlparse(url)
            if parts.scheme in ("mailto", "tel") or not url.startswith(ORIGIN):
                continue
            target = resolve(built_site, url)
            if target is None:
                broken.append(f"{rel}: {href} (no such page)")
                continue
            if parts.fragment:
                target_rel = target.relative_to(built_site).as_posix()
                if unquote(parts.fragment) not in pages[target_rel].ids:
                    broken.append(f"{rel}: {href} (no #{parts.fragment} on {target_rel})")
    assert not broken, "\n".join(broken)


def test_no_page_has_duplicate_ids(pages):
    for rel, scan in pages.items():
        dupes = {i for i in scan.ids if scan.ids.count(i) > 1}
        assert not dupes, f"{rel}: {dupes}"


def test_first_paint_waits_for_an_element_after_the_content_on_every_page(pages):
    """<link rel=expect blocking=render> holds the first paint until the element it names is
    parsed. It must name an element every page has, after the content and the footer:
    one that is missing holds the paint to the end of the page, one before the content
    lets the header paint alone again."""
    for rel, scan in pages.items():
        names = [i for i, (tag, a) in enumerate(scan.tags)
                 if tag == "link" and a.get("rel") == "expect"
                 and a.get("blocking") == "render"]
        assert len(names) == 1, f"{rel}: {len(names)} render-blocking expect links"
        href = scan.tags[names[0]][1]["href"]
        assert href.startswith("#"), f"{rel}: {href}"
        at = [i for i, (_, a) in enumerate(scan.tags) if a.get("id") == href[1:]]
        footer = [i for i, (tag, _) in enumerate(scan.tags) if tag == "footer"]
        assert at and footer and at[0] > footer[0], f"{rel}: {href} is missing or too early"


def test_no_page_shows_template_syntax(pages):
    """A Jinja comment or tag that the renderer did not take (ours are {## ##}, since
    Markdown heading ids are {#id}) would show on the page as text."""
    shown = {rel: re.findall(r"\{[#%{]|[#%}]\}", " ".join(scan.article_text)) for rel, scan in pages.items()}
    assert {rel: found for rel, found in shown.items() if found} == {}


def test_every_page_has_a_unique_title_and_description(pages):
    content = {rel: s for rel, s in pages.items() if rel != "404.html"}
    titles = [s.title.strip() for s in content.values()]
    assert len(set(titles)) == len(titles), sorted(titles)
    descriptions = [s.description for s in content.values()]
    assert all(descriptions), [rel for rel, s in content.items() if not s.description]
    assert len(set(descriptions)) == len(descriptions)


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", html.unescape(re.sub(r"<[^>]+>", " ", text)).lower()))


def test_the_search_index_holds_only_what_each_page_lets_it(built_site, pages):
    """Every word indexed for a page is in its article outside data-search-exclude. Material's
    parser ends an exclusion at the first closing tag of the same name (a div inside an
    excluded div: no excluded element may hold one of its own tag), and runs a dt into its dd
    ("asDumas") when no space parts them."""
    enders = {rel: scan.exclusion_enders for rel, scan in pages.items() if scan.exclusion_enders}
    assert not enders, f"these end data-search-exclude early (use another tag for the outer one): {enders}"
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    indexed: dict[str, set[str]] = {}
    for doc in docs:
        page = doc["location"].split("#")[0]
        indexed.setdefault(page + "index.html", set()).update(words(doc["title"] + " " + doc["text"]))
    assert indexed.keys() <= pages.keys(), indexed.keys() - pages.keys()
    leaks = {rel: sorted(found - words(" ".join(pages[rel].searchable)))
             for rel, found in indexed.items()}
    assert not any(leaks.values()), {rel: w for rel, w in leaks.items() if w}


def test_no_page_loads_anything_from_another_origin(pages):
    for rel, scan in pages.items():
        for asset in scan.assets:
            url = urljoin(page_url(rel), asset)
            assert url.startswith(ORIGIN), f"{rel} loads {asset} from another origin"


def test_the_sitemap_lists_every_content_page(built_site, pages):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for rel in pages:
        if rel != "404.html":
            assert f"/{rel[: -len('index.html')] if rel.endswith('index.html') else rel}</loc>" in sitemap


def test_the_sources_page_lists_each_article_and_the_pages_drawing_on_it(built_site):
    site = project_content()
    html = (built_site / "sources" / "index.html").read_text(encoding="utf-8")
    for source in site.sources:
        assert f'id="{source["id"]}"' in html
        assert site.citing_pages(source["id"]), source["id"]
        for page in site.citing_pages(source["id"]):
            stem = page[:-3].removesuffix("index")
            assert f'href="../{stem}' in html or f'href="../{stem}/' in html, (source["id"], page)


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built_site, tmp_path):
    from build_tools.cli import build_site

    first, second = tmp_path / "first", tmp_path / "second"
    build_site(first)
    build_site(second)
    assert _digest(first) == _digest(second)
    assert len(_digest(first)) > 20


def test_rendering_rewrites_only_pages_whose_text_changed(tmp_path):
    site = load_content(FIXTURES / "minimal")
    docs = tmp_path / "docs"
    first = render(site, docs)
    assert "guide/one.md" in first
    assert render(site, docs) == []
    site.phases[0]["steps"][0]["why"] = "A reason shown only on the phase page."
    assert render(site, docs) == ["guide/one.md"]


def test_generated_pages_begin_by_naming_their_yaml_file():
    site = load_content(FIXTURES / "minimal")
    pages = Renderer(site).render_all()
    assert pages["guide/one.md"].splitlines()[1].startswith(
        "# Generated by build_tools from content/phases/one.yml. Do not edit")


def test_a_removed_page_is_removed_from_docs(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    docs = tmp_path / "docs"
    render(load_content(content), docs)
    assert (docs / "checklists" / "one-list.md").exists()
    (content / "checklists" / "one-list.yml").unlink()
    assert "checklists/one-list.md" in render(load_content(content), docs)
    assert not (docs / "checklists" / "one-list.md").exists()


HOSTILE = ['<script>alert("x")</script>', '<img src=x onerror=alert(1)>',
           '[click me](javascript:alert(1))', '<a href="javascript:alert(1)">link</a>',
           '**bold** _em_ `code` {#fake-id} # not a heading']


def test_hostile_content_comes_out_as_text_never_markup(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    phase = (content / "phases" / "one.yml").read_text(encoding="utf-8")
    for i, (field, original) in enumerate([("title", "Phase one"), ("why", "Because it helps."),
                                           ("text", "Do this."), ("reason", "It hurts."),
                                           ("wording", "Say this.")]):
        hostile = HOSTILE[i % len(HOSTILE)]
        phase = phase.replace(f"{field}: {original}", f"{field}: {json.dumps(hostile)}")
    (content / "phases" / "one.yml").write_text(phase, encoding="utf-8")
    template = (content / "templates" / "group.yml").read_text(encoding="utf-8")
    template = template.replace("Thanks.", "Thanks <script>alert(2)</script> & <img src=x onerror=alert(3)>")
    (content / "templates" / "group.yml").write_text(template, encoding="utf-8")

    site_dir = build_variant(content, tmp_path / "out")
    for rel in ("guide/one/index.html", "templates/index.html"):
        html = (site_dir / rel).read_text(encoding="utf-8")
        scan = PageScan()
        scan.feed(html)
        assert not any(tag == "img" and "onerror" in attrs for tag, attrs in scan.tags), rel
        assert not any("javascript:" in (attrs.get("href") or "") for _, attrs in scan.tags), rel
        assert "<script>alert" not in html, rel
    guide = (site_dir / "guide/one/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in guide or \
        "&lt;script&gt;alert(\"x\")&lt;/script&gt;" in guide
    assert "&lt;img src=x onerror=alert(1)&gt;" in guide
    assert "**bold** _em_ `code` {#fake-id} # not a heading" in unescape(guide)
    assert 'id="fake-id"' not in guide


# Markdown that would be live if a template put content into Markdown unescaped: a link, an
# image, an attribute list, a code span, raw HTML.
MARKDOWN_HOSTILE = (" [read first](javascript:alert(1)) ![x](javascript:alert(2)) "
                    "{: onclick=alert(3) } `code` <img src=x onerror=alert(4)> <script>alert(5)</script>")


class _Live(HTMLParser):
    """Every element, attribute and URL the Markdown of a page turns into HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("img", "code") or (tag == "script" and "src" not in a):
            self.found.append(f"<{tag}>")
        self.found += [f"{tag} {k}={v}" for k, v in a.items()
                       if k.startswith("on") or (k in ("href", "src", "action", "formaction")
                                                  and "javascript:" in (v or "").lower())]


def test_no_content_text_becomes_markup_on_any_page_of_any_template():
    """Every free text of every content file (titles, intros, steps, templates' bodies and
    subject lines…) gets Markdown that would be live, and every page of every template is
    converted as MkDocs converts it: no link, image, attribute, code span or tag comes of it."""
    import markdown
    from mkdocs.config import load_config

    from build_tools import ROOT

    site = project_content()  # its own copy: the texts are changed in place below

    def poison(data, braces=True):
        for key, value in (data.items() if isinstance(data, dict) else enumerate(data)):
            braces = braces and key not in ("body", "subjects")
            if isinstance(value, str) and " " in value:
                # In a template's text {…} is a placeholder, which the rule placeholders-declared
                # holds to the declared fields.
                data[key] = value + (MARKDOWN_HOSTILE if braces else MARKDOWN_HOSTILE.replace(
                    "{: onclick=alert(3) }", ""))
            elif isinstance(value, (dict, list)):
                poison(value, braces)

    for files in site.kind_files.values():
        for f in files:
            poison(f.data)
    pages = Renderer(site).render_all()
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    templates = set()
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        templates.add(next(p.spec.template for p in site.pages if p.path == path))
        body = text.split("\n---\n", 1)[1]
        converted = markdown.Markdown(extensions=config.markdown_extensions,
                                      extension_configs=config.mdx_configs).convert(body)
        scan = _Live()
        scan.feed(converted)
        assert not scan.found, (path, scan.found[:5])
        assert "read first](javascript:alert(1))" in html.unescape(converted), path  # shown as typed
    assert templates == {p.spec.template for p in site.pages}


def test_the_benchmarks_multiplied_content_loads_and_renders(tmp_path):
    """The bench times rendering ten times the content; that content must stay loadable
    (it once failed on rules that only the real site's records satisfy)."""
    from tests.support.bench import COPIES_SKIP, multiplied_content

    site = load_content(multiplied_content(3, tmp_path / "x3"), skip=COPIES_SKIP)
    real = project_content()
    assert len(site.phases) == 3 * len(real.phases)
    assert len(Renderer(site).pages()) > len(Renderer(real).pages())


# ------------------------------------------------------------------ a tool's own styles

# Each tool's stylesheet, and the scripts only its page runs (its own; Your interviews also
# loads core/transfer.js when the QR code is asked for).
TOOL_STYLES = {"checklist.css": ("checklist.js",), "templates.css": ("templates.js",),
               "planner.css": ("planner.js",), "interviews.css": ("interviews.js", "transfer.js")}


def _required_classes(selector: list) -> set[str]:
    """The classes an element tree must have for a selector to match anything: those named
    outside :not(), :is() and :where() (whose lists need only one, or none)."""
    import tinycss2.ast as ast

    out = set()
    for i, token in enumerate(selector):
        if isinstance(token, ast.FunctionBlock) and token.lower_name == "has":
            out |= _required_classes(token.arguments)
        elif (isinstance(token, ast.LiteralToken) and token.value == "."
              and i + 1 < len(selector) and isinstance(selector[i + 1], ast.IdentToken)):
            out.add(selector[i + 1].value)
    return out


def _selectors(css: str) -> list[tuple[str, set[str]]]:
    """Each selector of a stylesheet (inside @media and @supports too), with its required classes."""
    import tinycss2
    import tinycss2.ast as ast

    from build_tools.trimcss import GROUPING, _split

    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if isinstance(rule, ast.QualifiedRule):
            out += [(tinycss2.serialize(s).strip(), _required_classes(s)) for s in _split(rule.prelude)]
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword in GROUPING and rule.content:
            out += _selectors(tinycss2.serialize(rule.content))
    return out


def test_the_selector_reader_finds_what_a_rule_needs():
    found = dict(_selectors("@media print { .a:has(.b) > :not(.c), :is(.d, .e) .f::before { x: y } }"))
    assert found == {".a:has(.b) > :not(.c)": {"a", "b"}, ":is(.d, .e) .f::before": {"f"}}


def test_a_tools_own_styles_match_nothing_on_the_pages_that_do_not_load_them(built_site):
    """checklist.css, templates.css and planner.css come only with their pages: no rule of theirs
    may be needed elsewhere. A rule could match a page only if every class it requires is in the
    page's markup or in a script that page can run (its own, the shared ones, those loaded on
    demand; not the other tools' scripts)."""
    from build_tools.trimcss import CLASS_ATTR, WORD

    scripts = {p.name: p.read_text(encoding="utf-8") for p in (built_site / "assets").rglob("*.js")}
    rules = {name: _selectors((built_site / "assets" / "stylesheets" / name).read_text(encoding="utf-8"))
             for name in TOOL_STYLES}
    assert all(rules.values()), "each tool's stylesheet has rules"
    linked, wrong = set(), []
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        loads = {name for name in TOOL_STYLES if f"assets/stylesheets/{name}" in text}
        linked |= loads
        live = {c for attr in CLASS_ATTR.findall(text) for c in attr.split()}
        own = {js for css in loads for js in TOOL_STYLES[css]}
        for name, source in scripts.items():
            if name in own or not any(name in js for js in TOOL_STYLES.values()):
                live |= set(WORD.findall(source))
        for name in set(TOOL_STYLES) - loads:
            wrong += [f"{page.relative_to(built_site)}: {name}: {sel}"
                      for sel, need in rules[name] if need and need <= live]
            wrong += [f"{page.relative_to(built_site)}: {name}: {sel} (requires no class)"
                      for sel, need in rules[name] if not need]
    assert linked == set(TOOL_STYLES), "every tool's stylesheet is linked by its pages"
    assert wrong == []
