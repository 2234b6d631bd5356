"""Quality budgets measured in real Chromium on every built page: accessibility in both
colour schemes, privacy, weight, Content-Security-Policy, no JavaScript, print, keyboard."""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import (
    AXE_THERE,
    CSP_RECORDER,
    LIGHTHOUSE_PHONE,
    SETTLED,
    SIDEWAYS,
    axe_source,
    axe_violations,
    project_content,
    record_problems,
)
from playwright.sync_api import expect

from build_tools.content import PLACEHOLDER
from build_tools.render import page_url
from tests.support.measure import PageWeight, Quiet, gzip_sizes, open_search, own_assets_gzip

pytestmark = pytest.mark.browser
PAGE_BUDGET_KB = 110
SITE = project_content()
# Every page the table of kinds makes (the per-article pages under /sources/ included), and
# the 404 page.
PAGES = [page_url(p.path) for p in SITE.pages] + ["404.html"]
INTERACTIVE = [page_url(p.path) for p in SITE.pages if p.spec.script]
# Lighthouse's phone screen as well as a desktop one: long pages leave blocks far down
# unrendered until needed (content-visibility), and checkers see a page differently then.
SCREENS = {"desktop": {"width": 1280, "height": 720}, "phone": LIGHTHOUSE_PHONE}
SCHEMES = {"light": "default", "dark": "slate"}
# Material's dark scheme (slate) sets colours only, but for its header toggle, which shows
# the other scheme's button: in the dark, every rule runs on the home page, and elsewhere the
# rules that judge colours (axe's slowest rules; the others are not repeated).
COLOUR_RULES = ("color-contrast", "link-in-text-block")
PRINT_HIDDEN = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                ".md-search", ".md-top", ".md-tabs")
# Whether an element is visible as Playwright means it: a box of some size, not visibility:hidden.
SHOWN = """e => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && e.checkVisibility({visibilityProperty: true}); }"""
# In one call: which of the selectors (site chrome), which of the article's buttons, and
# whether its heading are shown, and which of its blocks are left unrendered (content-visibility).
SHOWN_IN_PRINT = """hidden => {
    const shown = """ + SHOWN + """;
    const all = s => [...document.querySelectorAll(s)];
    const article = 'article.md-content__inner';
    return {
        chrome: hidden.flatMap(s => all(s).filter(shown).map(() => s)),
        buttons: all(`${article} button, ${article} input[type=button]`).filter(shown)
            .map(b => b.innerText),
        heading: !!document.querySelector(`${article} h1`) && shown(document.querySelector(`${article} h1`)),
        skipped: all(`${article} *`).filter(e => getComputedStyle(e).contentVisibility !== 'visible')
            .map(e => e.id || e.getAttribute('class')),
    };
}"""


@dataclass
class PageReport:
    """What one load of a page showed: each quality test asserts on its own part."""

    weight: PageWeight
    csp_violations: list[str]
    problems: list[str]
    axe: dict[str, list[str]] = field(default_factory=dict)  # "light/desktop" -> violations
    shown_in_print: list[str] = field(default_factory=list)
    print_heading: bool = False
    print_skipped: list[str] = field(default_factory=list)  # blocks print would leave unrendered
    sideways: list[str] = field(default_factory=list)  # what a phone must scroll sideways to read


_REPORTS: dict[str, PageReport] = {}
# Resolves when the page's transitions and animations have finished (at most 1 s).
def _settled_axe(page, scheme: str, path: str) -> list[str]:
    """axe's violations once the page shows the scheme and its transitions are over."""
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    page.evaluate(SETTLED)  # Material fades some colours in; judge the settled page
    return axe_violations(page, rules=COLOUR_RULES if scheme == "dark" and path != "" else ())  # "": home


def report_for(browser, base_url: str, path: str) -> PageReport:
    """Load the page once in a fresh profile and make every measurement on it: its requests
    and gzipped weight (search opened, so its index counts), then axe in both schemes on
    both screens, CSP violations and console errors throughout, and what print shows. Cached per
    test run, so each page is loaded once, not once per check."""
    if path in _REPORTS:
        return _REPORTS[path]
    context = browser.new_context(base_url=base_url, viewport=SCREENS["desktop"], color_scheme="light")
    context.add_init_script(CSP_RECORDER)
    context.add_init_script(axe_source())  # in each of the four loads (see axe_violations)
    weight = PageWeight(base_url + path)
    responses = []
    page = record_problems(context.new_page())
    quiet = Quiet(page)
    page.on("request", lambda r: weight.requests.append(r.url))
    page.on("response", lambda r: responses.append(r))
    page.goto(path)
    quiet.wait()
    # The first load is the first screen and scheme.
    axe = {"light/desktop": _settled_axe(page, "light", path)}
    open_search(page, responses, "reference", quiet)
    weight.gzip_bytes = gzip_sizes(responses, base_url)
    report = PageReport(weight, page.evaluate("window.__cspViolations"), [], axe)
    # Each other screen and scheme from a reload (from the cache): switching live leaves
    # blocks that content-visibility skips with stale colours, which axe then misjudges.
    for screen in SCREENS:
        page.set_viewport_size(SCREENS[screen])
        for scheme in SCHEMES:
            if f"{scheme}/{screen}" in report.axe:
                continue
            page.emulate_media(color_scheme=scheme)
            page.reload()
            report.axe[f"{scheme}/{screen}"] = _settled_axe(page, scheme, path)
            if screen == "phone" and scheme == "light":
                report.sideways = page.evaluate(SIDEWAYS)
            report.csp_violations += page.evaluate("window.__cspViolations")
    report.problems = list(page.problems)
    page.emulate_media(media="print", color_scheme="light")
    printed = page.evaluate(SHOWN_IN_PRINT, list(PRINT_HIDDEN))
    report.shown_in_print = printed["chrome"] + [f"button {text!r}" for text in printed["buttons"]]
    report.print_heading = printed["heading"]
    report.print_skipped = printed["skipped"]
    context.close()
    _REPORTS[path] = report
    return report


# ------------------------------------------------------------------ accessibility

@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_in_either_colour_scheme_on_a_phone_or_a_desktop(browser, base_url, path):
    report = report_for(browser, base_url, path)
    assert sorted(report.axe) == sorted(f"{c}/{s}" for s in SCREENS for c in SCHEMES)
    found = {where: v for where, v in report.axe.items() if v}
    assert not found, found


FAINT = """() => { const p = document.createElement('p');
    p.textContent = 'Words too faint to read'; p.style.color = '#ccc'; p.style.background = '#fff';
    document.querySelector('article').prepend(p); }"""


@pytest.mark.parametrize("given", ["at load, as the matrix gives it", "after load"])
def test_axe_sees_text_too_faint_to_read_however_it_was_given_to_the_page(browser, base_url, given):
    at_load = given.startswith("at load")
    context = browser.new_context(base_url=base_url)
    if at_load:
        context.add_init_script(axe_source())
    try:
        page = context.new_page()
        page.goto("guide/")
        if at_load:  # there from the start, and again after a reload, as in the matrix
            page.reload()
            assert page.evaluate(AXE_THERE), "the init script gave the page no axe"
        page.evaluate(FAINT)
        assert [v for v in axe_violations(page) if v.startswith("color-contrast:")]
    finally:
        context.close()


# ------------------------------------------------------------------ privacy, CSP, console

@pytest.mark.parametrize("path", PAGES)
def test_page_requests_only_its_own_origin_and_breaks_no_policy(browser, base_url, path):
    report = report_for(browser, base_url, path)
    assert report.weight.requests, "the page made no request at all"
    assert report.weight.third_party == []
    assert report.csp_violations == []
    assert report.problems == []


def test_the_policy_allows_only_this_origin_and_no_eval(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert "unsafe-eval" not in policy
    assert "unsafe-inline" not in directives["script-src"]
    for name, value in directives.items():
        sources = value.split()
        assert all(s in ("'self'", "'none'", "data:") or s.startswith("'sha256-") for s in sources), name


# An inline script a browser runs: no src, and not Material's JSON config (a data block).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S)


def scripts_the_policy_does_not_allow(site: Path) -> list[str]:
    """Each inline script, on any page, whose hash is not in that page's policy: the page
    and the hash it would need. Computed here on its own, not with the build's code."""
    missing = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy, f"{path.name}: no Content-Security-Policy"
        for script in INLINE_SCRIPT.findall(html):
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            if f"'sha256-{digest}'" not in policy.group(1):
                missing.append(f"{path.relative_to(site)}: 'sha256-{digest}'")
    return missing


def test_every_inline_script_on_every_page_is_allowed_by_hash(built_site):
    # The build adds the hash of every inline script the built pages carry to their policy
    # (build_tools/publish.py, allow_inline_scripts); a script the pages got some other way,
    # or a page changed after that step, is not allowed.
    assert scripts_the_policy_does_not_allow(built_site) == []
    pages = list(built_site.rglob("*.html"))
    scripts = sum(len(INLINE_SCRIPT.findall(p.read_text(encoding="utf-8"))) for p in pages)
    assert scripts >= 3 * len(pages), "fewer inline scripts than ours and Material's: are they found?"


def test_an_inline_script_changed_without_its_hash_is_caught(built_site, tmp_path):
    """The check above fails when a script's bytes differ from those the build hashed."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    assert scripts_the_policy_does_not_allow(tmp_path) == []
    (tmp_path / "index.html").write_text(html.replace("<script>", "<script> ", 1), encoding="utf-8")
    assert len(scripts_the_policy_does_not_allow(tmp_path)) == 1


def test_the_policy_blocks_a_script_it_does_not_know(context):
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    page.goto("")
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__ran = true'; document.body.append(s); }""")
    assert page.evaluate("window.__ran === undefined")
    violations = page.evaluate("window.__cspViolations")
    # Once for the policy in the page's meta tag, once for the same policy as a header
    # (the test server sends site/_headers, as Netlify or Cloudflare Pages would).
    assert len(violations) == 2 and len(set(violations)) == 1, violations
    assert violations[0].startswith("script-src") and violations[0].endswith(" inline"), violations


# ------------------------------------------------------------------ weight

OWN_ASSETS_BUDGET_KB = 16
OWN = set(own_assets_gzip())  # our files' names (Material's own are not ours)


@pytest.mark.parametrize("path", PAGES)
def test_the_projects_own_javascript_and_css_on_a_page_stay_within_16_kb_gzipped(browser, base_url, path):
    sizes = {u: b for u, b in report_for(browser, base_url, path).weight.gzip_bytes.items()
             if "/assets/" in u and u.rsplit("/", 1)[-1] in OWN}
    assert any(u.endswith("site.css") for u in sizes), "site.css was not loaded"
    assert sum(sizes.values()) <= OWN_ASSETS_BUDGET_KB * 1024, sizes


@pytest.mark.parametrize("path", PAGES)
def test_page_weight_stays_within_budget(browser, base_url, path):
    weight = report_for(browser, base_url, path).weight
    assert any("search_index" in u for u in weight.gzip_bytes), "search was not exercised"
    assert weight.total_gzip <= PAGE_BUDGET_KB * 1024, (
        f"{path or 'home'}: {weight.total_gzip / 1024:.1f} KB gzipped: "
        + ", ".join(f"{u.rsplit('/', 1)[-1]} {b}" for u, b in sorted(weight.gzip_bytes.items())))


# ------------------------------------------------------------------ layout shift

# The layout shifts a page makes, summed as Chromium's layout-instability API reports them
# (CLS without the session windows, so never less than CLS).
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => list.getEntries().forEach(e => {
        if (!e.hadRecentInput) total += e.value; }))
        .observe({type: 'layout-shift', buffered: true});
    setTimeout(() => resolve(total), 300);
})"""


@pytest.mark.parametrize("path", INTERACTIVE)
def test_page_does_not_jump_when_its_scripts_arrive(tabs, path):
    """On a slow phone the page paints before its scripts arrive. Controls the scripts run
    must already have their place then, or everything below them jumps (layout shift, a
    quarter of Lighthouse's performance score). Our scripts are held back here until the
    page has painted, at the size of Lighthouse's mobile screen."""
    context = tabs(viewport=LIGHTHOUSE_PHONE)  # routed: nothing comes from its cache
    held, seen, painted = [], [], False

    def hold(route):
        seen.append(route.request.url)
        if painted:
            route.continue_()
        else:
            held.append(route)

    context.route("**/assets/javascripts/*.js", hold)
    page = context.pages[0]
    quiet = Quiet(page)
    page.goto(path, wait_until="commit")
    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0",
                           polling=50, timeout=10_000)  # raises if the page never paints
    painted = True
    for route in held:
        route.continue_()
    quiet.wait()
    painted_first = page.evaluate("""() => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        const ours = performance.getEntriesByType('resource')
            .filter(r => r.name.includes('/assets/javascripts/'));
        return !!fcp && ours.length > 0 && ours.every(r => r.responseEnd > fcp.startTime); }""")
    shift = page.evaluate(LAYOUT_SHIFT)
    assert seen, "no script of ours was loaded"
    assert painted_first, "the page did not paint before its scripts arrived"
    assert page.problems == []
    assert shift < 0.01, f"{path}: the page jumped by {shift:.3f} (layout shift) as its scripts started"


@pytest.mark.parametrize("path", PAGES)
def test_nothing_on_a_phone_needs_scrolling_sideways(browser, base_url, path):
    assert report_for(browser, base_url, path).sideways == []


# ------------------------------------------------------------------ without JavaScript

def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("path", PAGES)
def test_page_shows_its_whole_content_without_javascript(no_js_page, base_url, path):
    no_js_page.goto(base_url + path)
    visible = _words(no_js_page.locator("article").inner_text())
    items = [i for i in SITE.items.values() if i.page and page_url(i.page) == path]
    for item in items:
        assert _words(item.label)[:60] in visible, f"{item.kind} {item.id} is not visible"
    group = next((g for g in SITE.template_groups if path == f"templates/{g['id']}/"), None)
    if group:
        placeholders = {f["id"]: f"[{f['placeholder']}]" for f in SITE.fields}
        for template in group["templates"]:
            body = PLACEHOLDER.sub(lambda m: m.group(2) or placeholders[m.group(1)], template["body"])
            for line in body.strip().splitlines():
                assert _words(line) in visible, f"{template['id']}: {line!r} is not visible"
    if path == "planner/":
        assert no_js_page.locator("article table").count() >= 1
        for rule in (SITE.planner or {}).get("rules", []):
            assert _words(rule["title"])[:60] in visible


# ------------------------------------------------------------------ print

@pytest.mark.parametrize("path", PAGES)
def test_page_prints_without_header_navigation_footer_or_buttons(browser, base_url, path):
    report = report_for(browser, base_url, path)
    assert report.shown_in_print == []
    assert report.print_heading
    # A block left to content-visibility would print only where it had been near the screen.
    assert report.print_skipped == []


# A page of each kind with form controls (a checklist's boxes, the planner's and the
# templates' fields) and a guide page: printed, they look the same in either scheme.
PRINT_SCHEMES = [page_url(next(p for p in SITE.pages if p.spec.key == key).path)
                 for key in ("checklist", "planner", "template-group", "phase")]


# How many pixels of two same-sized PNGs differ by more than `tolerance` in a channel (-1: the
# sizes differ). Drawn in the page (data: images are allowed there), so no image library.
PIXELS_APART = """async ([a, b, tolerance]) => {
    const pixels = async data => {
        const img = new Image();
        img.src = 'data:image/png;base64,' + data;
        await img.decode();
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [img.width, img.height];
        const g = canvas.getContext('2d');
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, img.width, img.height);
    };
    const [x, y] = [await pixels(a), await pixels(b)];
    if (x.width !== y.width || x.height !== y.height) return -1;
    let apart = 0;
    for (let i = 0; i < x.data.length; i += 4)
        if (Math.abs(x.data[i] - y.data[i]) > tolerance || Math.abs(x.data[i + 1] - y.data[i + 1]) > tolerance
            || Math.abs(x.data[i + 2] - y.data[i + 2]) > tolerance) apart++;
    return apart;
}"""


def pixels_apart(page, a: bytes, b: bytes, tolerance: int = 8) -> int:
    """0 when two pictures are the same to the eye; -1 when their sizes differ."""
    if a == b:
        return 0
    encoded = [base64.b64encode(shot).decode() for shot in (a, b)]
    return page.evaluate(PIXELS_APART, [*encoded, tolerance])


@pytest.mark.parametrize("path", PRINT_SCHEMES)
def test_print_looks_the_same_whatever_the_screens_colour_scheme(tabs, path, tmp_path):
    shots = {}
    for scheme in SCHEMES:
        page = tabs(color_scheme=scheme, viewport={"width": 800, "height": 1000}).pages[0]
        quiet = Quiet(page)
        page.goto(path)
        quiet.wait()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
        page.emulate_media(media="print")
        page.evaluate(SETTLED)
        # Transitions at their end, as print shows them: on a busy machine the switch to
        # print could start one after SETTLED had looked (a print has none in between).
        shots[scheme] = page.screenshot(full_page=True, animations="disabled")
    # To the eye: under load, the corners of a rounded box were once drawn one shade apart
    # (238 against 239), 6 pixels of 4 million; a dark colour on paper is over 100 apart.
    apart = pixels_apart(page, shots["dark"], shots["light"])
    if apart:
        for scheme, shot in shots.items():
            (tmp_path / f"{scheme}.png").write_bytes(shot)
    assert apart == 0, (f"{path} prints differently when the screen is dark ({apart} pixels apart; -1: "
                        f"another size): see {tmp_path}/dark.png and light.png")


# ------------------------------------------------------------------ keyboard and focus

CONTROLS = ("article a[href], article button, article input, article select, article textarea, "
            "article summary")


@pytest.mark.parametrize("path", INTERACTIVE)
def test_every_control_is_reached_by_tab_and_shows_focus(page, base_url, path):
    quiet = Quiet(page)
    page.goto(base_url + path)
    quiet.wait()
    # Every shown, enabled control, marked in one call (not three round trips a control).
    wanted = set(page.evaluate("""selector => { const shown = """ + SHOWN + """;
        return [...document.querySelectorAll(selector)]
            .filter(e => shown(e) && !e.matches(':disabled'))
            .map((e, i) => (e.dataset.kbd = String(i))); }""", CONTROLS))
    assert wanted, "no controls found"
    # Each control that gets focus records itself and whether it shows a ring, in the page,
    # so the Tab presses need no round trip each to ask.
    page.evaluate("""() => { window.__tabbed = [];
        document.addEventListener('focusin', () => { const e = document.activeElement;
            if (!e || !e.dataset.kbd) return;
            const s = getComputedStyle(e);
            const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                || (s.boxShadow && s.boxShadow !== 'none');
            window.__tabbed.push([e.dataset.kbd, ring, e.outerHTML.slice(0, 120)]); }); }""")
    page.locator("body").focus()
    reached, outlines = set(), {}

    def read_record():
        for kbd, ring, html in page.evaluate("window.__tabbed.splice(0)"):
            reached.add(kbd)
            outlines[html] = ring

    for presses in range(1, len(wanted) * 3 + 61):
        page.keyboard.press("Tab")
        if presses >= len(wanted) and presses % 8 == 0:  # not all can have been reached before
            read_record()
            if reached == wanted:
                break
    read_record()
    missing = wanted - reached
    assert not missing, f"{len(missing)} of {len(wanted)} controls never got focus from Tab"
    bare = [html for html, ring in outlines.items() if not ring]
    assert not bare, f"focused controls with no visible focus outline: {bare}"


def test_dialogs_have_a_name(page, base_url):
    """Lighthouse's accessibility score also counts axe's best-practice rule aria-dialog-name."""
    page.goto(base_url)
    assert page.locator("[role=dialog]").count() >= 1
    assert axe_violations(page, rules=("aria-dialog-name",)) == []
