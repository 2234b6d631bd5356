"""Site basics in real Chromium: scheme toggle, search, instant navigation.

Privacy, accessibility, no-JavaScript reading and print are checked on every page in
test_quality_browser.py."""
from __future__ import annotations

import pytest
from conftest import search
from playwright.sync_api import expect

from build_tools.content import load_content

pytestmark = pytest.mark.browser
SITE = load_content()


TOGGLE = "form[data-ati-palette] label:visible"
BUNDLE = "**/assets/javascripts/bundle.*.min.js"
COLOURS = """() => ({
    scheme: document.body.getAttribute('data-md-color-scheme'),
    toggle: [...document.querySelectorAll('form[data-ati-palette] label')]
        .filter(label => !label.hidden).map(label => label.title),
    meta: [...document.querySelectorAll('meta[name=color-scheme]')].map(m => m.content),
    theme: document.querySelector('meta[name=theme-color]').content,
    header: getComputedStyle(document.querySelector('.md-header')).backgroundColor,
})"""


def hex_colour(rgb: str) -> str:
    return "#" + "".join(f"{int(v):02x}" for v in rgb[rgb.index("(") + 1:-1].split(",")[:3])


def test_the_colour_scheme_toggle_switches_between_light_and_dark(page, base_url):
    page.emulate_media(color_scheme="light")
    page.goto(base_url)
    before = page.evaluate(COLOURS)
    page.locator(TOGGLE).click()
    expect(page.locator(TOGGLE)).to_have_attribute("title", "Switch to light mode")
    after = page.evaluate(COLOURS)
    assert (before["scheme"], after["scheme"]) == ("default", "slate")
    # The browser's own parts (scrollbars, form controls) follow, and the address-bar
    # colour is the header's in both schemes; transitions come back after the switch.
    assert (before["meta"], after["meta"]) == (["light"], ["dark"])
    for state in (before, after):
        assert state["theme"] == hex_colour(state["header"])
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    page.locator(TOGGLE).click()
    assert page.evaluate(COLOURS)["scheme"] == "default"


def test_the_toggle_works_from_the_keyboard(page, base_url):
    page.emulate_media(color_scheme="light")
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    page.locator("body").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('form[data-ati-palette]')"):
            break
    else:
        pytest.fail("Tab never reached the colour scheme toggle")
    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement.nextElementSibling);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }""")
    assert ring, "the focused toggle shows no focus outline"
    page.keyboard.press("Enter")
    assert page.evaluate(COLOURS)["scheme"] == "slate"
    assert page.evaluate("document.activeElement.matches('form[data-ati-palette] input:checked')")
    page.keyboard.press("Enter")
    assert page.evaluate(COLOURS)["scheme"] == "default"


def test_the_scheme_follows_the_phone_until_the_reader_picks_one(page, base_url):
    page.emulate_media(color_scheme="light")
    page.goto(base_url)
    page.emulate_media(color_scheme="dark")  # the phone switches at sunset
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.locator(TOGGLE).click()  # the reader prefers light
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    page.emulate_media(color_scheme="light")
    page.emulate_media(color_scheme="dark")
    page.wait_for_timeout(100)
    assert page.evaluate(COLOURS)["scheme"] == "default"


@pytest.mark.parametrize("system, expected, toggle", [
    ("light", "default", ["Switch to dark mode"]),
    ("dark", "slate", ["Switch to light mode"]),
])
def test_the_first_paint_already_has_the_systems_colour_scheme(page, base_url, system,
                                                               expected, toggle):
    # Without Material's bundle only the inline scripts act: what they set is what the
    # first paint shows. Before, a phone in dark mode painted light until the bundle ran.
    page.route(BUNDLE, lambda route: route.abort())
    page.emulate_media(color_scheme=system)
    page.goto(base_url)
    state = page.evaluate(COLOURS)
    assert (state["scheme"], state["toggle"], state["meta"]) == (
        expected, toggle, ["dark" if system == "dark" else "light"])


def test_a_scheme_chosen_with_the_toggle_is_painted_first_on_the_next_visit(page, base_url):
    page.emulate_media(color_scheme="light")
    page.goto(base_url)
    page.locator(TOGGLE).click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.route(BUNDLE, lambda route: route.abort())
    page.goto(base_url + "planner/")
    state = page.evaluate(COLOURS)
    assert (state["scheme"], state["toggle"]) == ("slate", ["Switch to light mode"])


@pytest.mark.parametrize("system", ["light", "dark"])
def test_starting_material_changes_nothing_on_html_or_body(page, base_url, system):
    """Material's bundle sets classes on <html> as it starts, and its colour toggle used to
    set attributes on <body>. Its stylesheet makes Chrome restyle the whole page for any
    such change, in the long task right after the first paint. The head script sets the
    bundle's classes beforehand, so its own change is no change, and the toggle is ours."""
    snapshot = ("JSON.stringify({html: document.documentElement.className, body: "
                "[...document.body.attributes].map(a => a.name + '=' + a.value).sort()})")

    def wrap(route):
        body = route.fetch().text()
        route.fulfill(body=f"window.__before = {snapshot};\n{body}\n;document.addEventListener("
                      f"'DOMContentLoaded', () => {{ window.__after = {snapshot}; }});",
                      content_type="text/javascript")

    page.route(BUNDLE, wrap)
    page.emulate_media(color_scheme=system)
    page.goto(base_url)
    page.wait_for_function("window.__after !== undefined")
    before, after = page.evaluate("[JSON.parse(__before), JSON.parse(__after)]")
    assert after == before
    assert {"js", "js-focus-visible"} <= set(before["html"].split())  # set before the bundle


def test_search_finds_the_guide_page_about_voicemail(page, base_url):
    page.goto(base_url)
    search(page, "voicemail")
    assert "voicemail" in page.locator(".md-search-result").inner_text().lower()


def test_instant_navigation_changes_page_without_a_full_reload(page, base_url):
    page.emulate_media(color_scheme="dark")
    page.goto(base_url)
    page.evaluate("window.__stayed = true")
    first = SITE.phases[0]
    page.locator(f"a.ati-journey__link[href*='{first['id']}']").click()
    page.wait_for_url(f"**/guide/{first['id']}/")
    # Material changes the address before it swaps the content in.
    expect(page.locator("h1")).to_have_text(first["title"])
    assert page.evaluate("window.__stayed === true"), "the page reloaded fully"
    # Material carries head tags over from the new page; the scheme's stays one and right.
    assert page.evaluate(COLOURS)["meta"] == ["dark"]
    assert page.evaluate(COLOURS)["scheme"] == "slate"
