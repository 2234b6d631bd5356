"""Site basics in real Chromium: scheme toggle, search, instant navigation, privacy, no JavaScript."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest
from conftest import axe_violations
from playwright.sync_api import expect

from build_tools.content import load_content

pytestmark = pytest.mark.browser
SITE = load_content()
PAGES = [""] + [f"guide/{p['id']}/" for p in SITE.phases] + [
    "differences/", "checklists/", "templates/", "planner/", "sources/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_no_error_and_no_request_to_another_origin(page, base_url, path):
    origin = urlparse(base_url).netloc
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    foreign = [u for u in requests if urlparse(u).scheme in ("http", "https")
               and urlparse(u).netloc != origin]
    assert not foreign
    assert not page.problems


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


@pytest.mark.parametrize("path", ["", f"guide/{SITE.phases[1]['id']}/", "sources/"])
def test_guide_pages_read_fully_without_javascript(browser, base_url, path):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + path)
        text = page.locator("article").inner_text()
        if path.startswith("guide/"):
            phase = SITE.phases[1]
            for item in phase["steps"] + phase["dos"] + phase["donts"]:
                label = item.get("title") or item["text"]
                assert " ".join(label.split())[:40] in " ".join(text.split())
        else:
            assert len(text) > 500
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", f"guide/{SITE.phases[1]['id']}/", "differences/", "sources/"])
def test_guide_pages_have_no_accessibility_violations(page, base_url, path):
    page.goto(base_url + path)
    assert axe_violations(page) == []
