"""Site basics in real Chromium: scheme toggle, search, instant navigation.

Privacy, accessibility, no-JavaScript reading and print are checked on every page in
test_quality_browser.py."""
from __future__ import annotations

import pytest
from conftest import (
    LANDED,
    LIGHTHOUSE_PHONE,
    PHONE,
    STILL,
    fresh_landings,
    instant_navigation_ready,
    project_content,
    search,
)
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SITE = project_content()


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
    instant_navigation_ready(page)
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


# ------------------------------------------------------------------ landing on a section

# Pages far down which a reader follows links to a section of another page. Material's own
# scroll after instant navigation left these thousands of pixels off on a busy phone.
JUMP_FROM = ("planner/", "differences/")
def test_links_to_a_section_of_another_page_land_on_it_after_instant_navigation(browser, base_url):
    ctx = browser.new_context(base_url=base_url, viewport=LIGHTHOUSE_PHONE)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    # A mid-range phone from the click until the landing is judged: Material's scroll then
    # races the new page's layout, as it does there. (A throttled tab burns CPU even while it
    # waits, so the pages the links start from load at full speed.)
    throttle = lambda rate: cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})  # noqa: E731
    missed = []
    try:
        for start in JUMP_FROM:
            page.goto(start)
            # Links a reader can reach: not in a folded <details> (the planner's steps not in
            # the plan, once it shows one).
            links = page.eval_on_selector_all("article a[href*='#']", """links => links
                .map((a, i) => [i, a.href, a]).filter(([, href, a]) => {
                    const u = new URL(href);
                    return u.origin === location.origin && u.pathname !== location.pathname
                        && !a.closest('details:not([open])');
                }).map(([i, href]) => [i, href])""")
            assert len(links) >= 3, start
            # The last links: the reader has scrolled furthest to reach them.
            for n, (index, href) in enumerate(links[-3:]):
                section = href.split("#", 1)[1]
                if n:
                    page.goto(start)
                instant_navigation_ready(page)
                page.evaluate("window.__stayed = true")
                throttle(4)
                try:
                    page.locator("article a[href*='#']").nth(index).click()
                    page.wait_for_function("href => location.href === href", arg=href, timeout=5000)
                    page.evaluate(STILL, section)
                except PlaywrightError as error:  # a timeout, or a whole new page loaded
                    missed.append(f"{start} -> {href}: the address became {page.url} ({error.message})")
                    continue
                finally:
                    throttle(1)
                assert page.evaluate("window.__stayed === true"), f"{href}: not instant navigation"
                at = page.evaluate(LANDED, section)
                if at is None:
                    missed.append(f"{start} -> {href.replace(base_url, '')}: no such section")
                    continue
                # On top, or the page has ended with the section below the header.
                if not (at["onTop"] or at["end"] and at["top"] >= at["header"]):
                    missed.append(f"{start} -> {href.replace(base_url, '')}: top at {at['top']:.0f} px")
    finally:
        ctx.close()
    assert not missed, "\n".join(missed)


# ------------------------------------------------------------------ what people type

# What a reader types -> the sections (or pages) where the first result may land (the search terms
# kept per item in the YAML, and the titles, put them there). Material ranks a page's own entry
# about twice as high as a section of it, so "follow up call" finds the call script through its
# page's title ("Follow-up call and voicemail scripts"), not the section's alone.
LANDS_ON = {
    "rejected": {"guide/if-the-answer-is-no/"},
    "didn't get the job": {"guide/if-the-answer-is-no/"},
    "ghosted": {"differences/#what-silence-means", "guide/while-you-wait/#know-why-decisions-get-delayed"},
    "no reply": {"differences/#what-silence-means", "guide/while-you-wait/#know-why-decisions-get-delayed"},
    "thank you email": {"templates/thank-you/#thank-you-one-interviewer"},
    "follow up call": {"templates/phone-and-voicemail/#check-in-call-script"},
    "how long": {"guide/while-you-wait/#expect-hiring-to-take-weeks"},
    # Situations, in the words of someone worried (the situations page's titles and terms).
    "ten days": {"situations/#ten-days-and-nothing"},
    "they said friday": {"situations/#their-date-has-passed"},
    "fumbled an answer": {"situations/#fumbled-an-answer"},
    "work sample": {"situations/#work-sample-due"},
    "friend works there": {"situations/#friend-works-there"},
    "interviewed by a panel": {"situations/#interviewed-by-a-panel"},
    "second round": {"situations/#asked-back-for-a-second-round"},
    "panel interview": {"templates/thank-you-panel/"},
}
FIRST_MATCH = """base => {
    // Material groups the matches by page: the first group is the best page. Its page link
    // (when the page itself matched) comes before its sections; the reader is taken to its
    // best section, or to the page when no section of it matched. A link whose ?h= is empty
    // only heads the group.
    const group = document.querySelector('.md-search-result__item');
    const links = [...group.querySelectorAll('a')].map(a => new URL(a.href))
        .filter(u => u.searchParams.get('h'));
    const best = links.find(u => u.hash) || links[0];
    return best ? best.pathname.slice(new URL(base).pathname.length) + best.hash : null;
}"""


@pytest.mark.parametrize("query", sorted(LANDS_ON))
def test_search_lands_what_people_type_on_the_right_section(page, base_url, query):
    page.goto(base_url)
    search(page, query)
    page.wait_for_timeout(300)  # the results for the whole query, not its first letters
    first = page.evaluate(FIRST_MATCH, base_url)
    # A target without a fragment is a page: the page or any section of it.
    assert first and any(first == target or "#" not in target and first.startswith(target + "#")
                         for target in LANDS_ON[query]), f"{query!r}: the first result is {first}"


# ------------------------------------------------------------------ the home page's first screen

def test_the_home_pages_first_phone_screen_says_what_to_do_now_with_the_tools_for_it(phone_page):
    page = phone_page
    page.goto("")
    now = page.locator(".ati-now")
    expect(now).to_contain_text("Just home from an interview?")
    expect(now).to_contain_text(SITE.items["first-48-hours"].data["timing"].lower())
    links = now.locator("a")
    hrefs = [links.nth(i).evaluate("a => new URL(a.href).pathname + new URL(a.href).hash")
             for i in range(links.count())]
    assert hrefs == ["/templates/thank-you/#thank-you-one-interviewer",
                     "/checklists/the-first-48-hours/", "/planner/"]
    # All of it on the first screen, before "Before you leave the interview".
    bottom = now.evaluate("el => el.getBoundingClientRect().bottom")
    assert bottom <= PHONE["viewport"]["height"], f"the box ends {bottom:.0f} px down, below the first screen"
    journey = page.locator(".ati-journey").evaluate("el => el.getBoundingClientRect().top")
    assert journey > bottom


def test_the_home_pages_first_phone_screen_leads_to_the_situations(phone_page):
    page = phone_page
    page.goto("")
    link = page.locator("article a[href$='situations/']").first
    expect(link).to_be_visible()
    bottom = link.evaluate("el => el.getBoundingClientRect().bottom")
    assert bottom <= PHONE["viewport"]["height"], f"the link ends {bottom:.0f} px down, below the screen"
    link.tap()
    expect(page.locator("h1")).to_have_text("Your situation, answered")


def test_a_search_result_tapped_on_a_phone_opens_at_its_section(phone_page):
    # On a phone Material closes its search with a click of its own after the tap; that
    # click used to make the landing forget the section, and the page opened at its top.
    page = phone_page
    page.goto("")
    page.locator("label.md-header__button[for=__search]").tap()
    results = search(page, "ghosted")
    link = results.locator("a[href*='#']").first
    target = link.get_attribute("href").split("#", 1)[1]
    link.tap()
    page.wait_for_function("id => location.hash === '#' + id", arg=target)
    page.wait_for_timeout(1800)
    at = page.evaluate(LANDED, target)
    assert at["onTop"], f"#{target} is at {at['top']:.0f} px"


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_link_to_a_section_opened_fresh_lands_on_it(tabs, screen):
    page = tabs(**(PHONE if screen == "phone" else {})).pages[0]
    missed = fresh_landings(page.goto, page.evaluate)
    assert not missed, "\n".join(missed)


def test_back_to_top_at_the_end_of_a_page_covers_no_text(phone_page):
    """On a phone the button sits at the bottom of the screen (site.css): scrolled up at a
    page's end, it must cover neither the article's last line nor the footer's."""
    page = phone_page
    page.goto("templates/thank-you/")
    page.mouse.wheel(0, 100000)
    page.wait_for_function("() => innerHeight + scrollY >= document.documentElement.scrollHeight - 2")
    page.mouse.wheel(0, -5)  # a scroll up shows it
    button = page.locator(".md-top")
    expect(button).to_be_visible()
    covered = page.evaluate("""() => {
        const b = document.querySelector('.md-top').getBoundingClientRect();
        // Every piece of text on the screen whose line box meets the button's.
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), hit = [];
        for (let n; (n = walker.nextNode());) {
            if (!n.textContent.trim() || n.parentElement.closest('.md-top')) continue;
            const range = document.createRange(); range.selectNodeContents(n);
            for (const r of range.getClientRects())
                if (r.width && r.bottom > b.top && r.top < b.bottom && r.right > b.left && r.left < b.right
                    && getComputedStyle(n.parentElement).visibility === 'visible')
                    hit.push(n.textContent.trim());
        }
        return hit; }""")
    assert covered == [], f"Back to top covers: {covered}"
