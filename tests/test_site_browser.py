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
