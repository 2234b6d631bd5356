"""The theme's stylesheet, trimmed after the build (build_tools/trimcss.py): only rules that
can never match go, and every page looks exactly as it does with Material's whole file."""
from __future__ import annotations

import gzip
from pathlib import Path

import material
import pytest
from conftest import LIGHTHOUSE_PHONE, SETTLED, project_content, search

from build_tools.trimcss import THEME_STYLESHEETS, live_classes, trim_stylesheet
from tests.support.measure import Quiet, page_types

THEME_DIR = Path(material.__file__).parent / "templates"
WHOLE = next(THEME_DIR.glob(THEME_STYLESHEETS))  # Material's own stylesheet, untrimmed
LIVE = {"used", "also-used"}.__contains__


def trim(css: str) -> str:
    return trim_stylesheet(css, LIVE)


def test_a_rule_for_a_class_nothing_uses_goes_and_one_for_a_used_class_stays():
    assert trim(".used{color:red}.unused{color:blue}") == ".used{color:red}"


def test_a_selector_list_keeps_only_its_live_selectors():
    assert trim(".unused a,.used b{margin:0}") == ".used b{margin:0}"


def test_a_descendant_of_an_unused_class_goes():
    assert trim(".used .unused{margin:0}body{margin:0}") == "body{margin:0}"


def test_rules_without_classes_and_not_selectors_stay():
    css = "html{font-size:1px}[data-x=y] a{color:red}.used:not(.unused){color:blue}"
    assert trim(css) == css


def test_is_where_and_has_lists_are_kept_whole():
    css = ":is(.unused,.used) a{color:red}.used:has(.unused){color:blue}:where(.unused){margin:0}"
    assert trim(css) == css


def test_an_empty_media_block_goes_and_a_nested_one_keeps_its_live_rules():
    css = "@media screen{.unused{color:red}}@media print{@supports (x:y){.used{color:red}.unused{x:y}}}"
    assert trim(css) == "@media print{@supports (x:y){.used{color:red}}}"


def test_font_faces_keyframes_and_imports_stay():
    css = "@font-face{font-family:x;src:url(a.woff)}@keyframes spin{0%{opacity:0}to{opacity:1}}"
    assert trim(css) == css


def test_a_class_a_script_builds_from_a_prefix_stays(tmp_path):
    (tmp_path / "index.html").write_text('<p class="used"><script>el.className=`md-tag--${n}`</script>',
                                         encoding="utf-8")
    (tmp_path / "a.js").write_text('el.classList.add("from-js")', encoding="utf-8")
    live = live_classes(tmp_path)
    css = ".used{a:b}.from-js{a:b}.md-tag--news{a:b}.x{a:b}"
    assert trim_stylesheet(css, live.__contains__) == ".used{a:b}.from-js{a:b}.md-tag--news{a:b}"


def test_the_built_site_links_only_its_trimmed_stylesheet_and_it_is_much_smaller(built_site):
    sheets = list(built_site.glob(THEME_STYLESHEETS))
    assert len(sheets) == 1 and sheets[0].name != WHOLE.name
    assert not list(built_site.glob("assets/stylesheets/main.*.css.map"))
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert WHOLE.name not in text, page
        if "<link" in text and "stylesheets/main." in text:
            assert sheets[0].name in text, page
    size = len(gzip.compress(sheets[0].read_bytes(), 9))
    whole = len(gzip.compress(WHOLE.read_bytes(), 9))
    assert size < whole * 0.8, f"trimmed {size} B gzipped of {whole} B"


# ------------------------------------------------------------------ in Chromium

# Every page type on a phone; the four with the most kinds of element on a desktop too,
# where the sidebars and the table of contents show; Material's search results on the home page.
SCREENS = {"phone": LIGHTHOUSE_PHONE, "desktop": {"width": 1280, "height": 900}}
TYPES = page_types(project_content())
CASES = ([(path, "phone") for path in TYPES.values()]
         + [(TYPES[k], "desktop") for k in ("home", "phase", "template-group", "planner")])
# A selector taken out, less what depends on the moment (hover, focus...) or is not an element.
MATCHING = r"""selectors => selectors.filter(sel => {
    const any = sel
        .replace(/::?(before|after|marker|placeholder|selection|backdrop|-webkit-[\w-]+|-moz-[\w-]+)/g, '')
        .replace(/:(hover|focus-visible|focus-within|focus|active|visited|target)(?![\w-])/g, '')
        .replace(/:(checked|disabled|indeterminate)(?![\w-])/g, '');
    try { return document.querySelector(any.trim() || '*') !== null; } catch (e) { return false; }
})"""
# Each element's whole computed style and its ::before and ::after, hashed in the page.
# (Screenshots differ by a few bytes from one load to the next even with one stylesheet.)
# tinycss2 writes "<" in a string as "\3c ", which custom properties keep as written; it
# reads back as the same character.
STYLES = r"""() => [...document.querySelectorAll('*')].map(el => {
    let text = '';
    for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(el, pseudo);
        for (const name of [...style].sort()) text += name + ':' + style.getPropertyValue(name) + ';';
    }
    text = text.replaceAll('\\3c ', '<');
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} ${h >>> 0}`;
})"""


def _open(tabs, path: str, screen: str, whole: bytes | None = None, query: str | None = None):
    context = tabs(viewport=SCREENS[screen])
    if whole is not None:
        context.route("**/assets/stylesheets/main.*.min.css",
                      lambda route: route.fulfill(body=whole, content_type="text/css"))
    page = context.pages[0]
    quiet = Quiet(page)
    page.goto(path)
    quiet.wait()
    if query:
        search(page, query)
        page.wait_for_timeout(300)
    page.evaluate(SETTLED)  # transitions (the search opening, the header) at their end
    return page


@pytest.fixture(scope="module")
def removed(built_site) -> list[str]:
    taken = []
    trim_stylesheet(WHOLE.read_text(encoding="utf-8"),
                    live_classes(built_site).__contains__, taken)
    assert len(taken) > 100
    return taken


@pytest.mark.browser
@pytest.mark.parametrize(("path", "screen"), CASES)
def test_no_selector_the_trim_took_out_matches_anything_on_the_page(tabs, removed, path, screen):
    query = "thank" if (path, screen) == (TYPES["home"], "desktop") else None  # the search results too
    matching = _open(tabs, path, screen, query=query).evaluate(MATCHING, removed)
    assert not matching, f"{path} on a {screen}: {matching[:10]}"


@pytest.mark.browser
def test_every_element_is_styled_the_same_by_the_trimmed_and_the_whole_stylesheet(tabs):
    whole = WHOLE.read_bytes()
    styles = []
    for sheet in (None, whole):
        # (With the search open, the header's margins change with the moment the scroll locks.)
        styles.append(_open(tabs, TYPES["phase"], "desktop", sheet).evaluate(STYLES))
    assert len(styles[0]) == len(styles[1]) > 100
    differ = [a for a, b in zip(*styles, strict=True) if a != b]
    assert not differ, f"{len(differ)} element(s) styled differently, e.g. {differ[:5]}"


def test_the_palette_keeps_the_colours_pages_use_and_drops_the_others():
    from build_tools.trimcss import trim_palette

    css = ("[data-md-color-primary=indigo]{--a:1}[data-md-color-primary=red]{--a:2}"
           "[data-md-color-accent=indigo],[data-md-color-accent=pink]{--b:3}"
           "[data-md-color-scheme=slate]{--c:4}@media print{[data-md-color-primary=red] a{--d:5}}")
    removed = []
    out = trim_palette(css, {("primary", "indigo"), ("accent", "indigo")}, removed)
    assert "indigo]{--a:1}" in out and "[data-md-color-accent=indigo]{--b:3}" in out
    assert "slate" in out and "@media print" in out, "rules without a colour, and at-rules, stay"
    assert removed == ["[data-md-color-primary=red]", "[data-md-color-accent=pink]"]
