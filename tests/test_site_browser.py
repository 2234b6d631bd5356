"""Site basics in real Chromium: scheme toggle, search, instant navigation.

Privacy, accessibility, no-JavaScript reading and print are checked on every page in
test_quality_browser.py."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from build_tools.content import load_content

pytestmark = pytest.mark.browser
SITE = load_content()


def test_the_colour_scheme_toggle_switches_between_light_and_dark(page, base_url):
    page.emulate_media(color_scheme="light")
    page.goto(base_url)
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").click()
    after = body.get_attribute("data-md-color-scheme")
    assert (before, after) == ("default", "slate")


BUNDLE = "**/assets/javascripts/bundle.*.min.js"
PALETTE_STATE = """() => ({
    body: Object.fromEntries([...document.body.attributes].map(a => [a.name, a.value])),
    toggle: [...document.querySelectorAll('[data-md-component=palette] label')]
        .filter(label => !label.hidden).map(label => label.title),
})"""


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
    state = page.evaluate(PALETTE_STATE)
    assert state["body"]["data-md-color-scheme"] == expected
    assert state["toggle"] == toggle


def test_a_scheme_chosen_with_the_toggle_is_painted_first_on_the_next_visit(page, base_url):
    page.emulate_media(color_scheme="light")
    page.goto(base_url)
    page.locator("form[data-md-component=palette] label:visible").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.route(BUNDLE, lambda route: route.abort())
    page.goto(base_url + "planner/")
    state = page.evaluate(PALETTE_STATE)
    assert state["body"]["data-md-color-scheme"] == "slate"
    assert state["toggle"] == ["Switch to light mode"]


@pytest.mark.parametrize("system", ["light", "dark"])
def test_starting_material_changes_nothing_on_html_or_body(page, base_url, system):
    """Material's bundle sets classes on <html> and colour attributes on <body> as it starts.
    Its stylesheet makes Chrome restyle the whole page for any such change, in the long
    task right after the first paint; the inline scripts set the same values beforehand,
    so the bundle's own changes are no change. Only its later clearing of
    data-md-color-switching (turning transitions back on) may differ."""
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
    assert "js" in before["html"].split()  # the bundle did run and set its classes


def test_search_finds_the_guide_page_about_voicemail(page, base_url):
    page.goto(base_url)
    # Material builds the index in a worker; typing before it is ready may be lost.
    page.wait_for_function("""() => {
        const meta = document.querySelector('.md-search-result__meta');
        return meta && meta.textContent.trim() !== '' && !/initializing/i.test(meta.textContent);
    }""", timeout=20_000)
    # Material reads the query on key events; fill() would send none.
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("voicemail", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    assert "voicemail" in page.locator(".md-search-result").inner_text().lower()


def test_instant_navigation_changes_page_without_a_full_reload(page, base_url):
    page.goto(base_url)
    page.evaluate("window.__stayed = true")
    first = SITE.phases[0]
    page.locator(f"a.ati-journey__link[href*='{first['id']}']").click()
    page.wait_for_url(f"**/guide/{first['id']}/")
    # Material changes the address before it swaps the content in.
    expect(page.locator("h1")).to_have_text(first["title"])
    assert page.evaluate("window.__stayed === true"), "the page reloaded fully"
