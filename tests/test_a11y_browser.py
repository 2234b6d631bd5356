"""Reading at any size, by keyboard, and on paper (issue 27, items 3 to 5), in real Chromium.

With long real-world values saved (a long company, role and names, long log entries): no
page scrolls sideways or cuts text at 320 CSS px, on a 390 px phone zoomed to 200% (195 CSS
px) or with its text at 200%, nor with WCAG 1.4.12's text spacing; a focused control or a
section a link scrolled to is never under the sticky header or "Back to top" (2.4.11);
targets are 24 px or spaced as 2.5.8 allows; motion stops under prefers-reduced-motion.
Keyboard: the Tab and Enter presses from the top of a tool page to each item's main
control are counted, and nothing off the screen (the closed menu drawer) takes focus.
Print: a checklist and the plan carry the chosen interview's details and fit one page of
A4 and of Letter (counted in the PDF Chromium prints)."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from conftest import PHONE, STILL, go, project_content
from playwright.sync_api import expect

from build_tools.render import page_url

pytestmark = pytest.mark.browser
SITE = project_content()
KEY = "ati:interviews"
# One page of each type the table of kinds makes (the first of each), and the 404 page.
ONE_OF_EACH = list({p.spec.key: page_url(p.path) for p in reversed(SITE.pages)}.values())[::-1] + ["404.html"]
# One page of each kind that has a tool (and so a skip link).
TOOLS = list({p.spec.key: page_url(p.path) for p in reversed(SITE.pages) if p.spec.skip}.values())[::-1]
THANKS = "templates/thank-you/"
GROUP = next(g for g in SITE.template_groups if g["id"] == "thank-you")
PRINTED = [f"checklists/{c['id']}/" for c in SITE.checklists if c.get("print_fields")] + ["planner/"]

# ------------------------------------------------------------------ a record with long values

COMPANY = "Kowalczyk-Abernathy Internationale Logistikdienstleistungsgesellschaft mbH & Co. KG"
ROLE = "Senior Principal Engineering Manager, Developer Productivity and Infrastructure Reliability"
PEOPLE = [("Maximiliana Bartholomew-Featherstonehaugh",
           "Vice President of Engineering Operations and Platform Strategy"),
          ("Oluwaseun Adebayo-Vanderbilt", "Director, Talent Acquisition (Technology)")]
ENTRIES = ["Called the recruiter, who said the hiring committee meets again next Thursday and that "
           "references would be contacted afterwards",
           "Uploaded my references' details to https://careers.kowalczyk-abernathy-logistics.example.com/"
           "candidates/upload?token=abcdefghijklmnopqrstuvwxyz0123456789"]


def long_record(today: date | None = None) -> dict:
    """One interview ten days ago, its plan's first step done (a "Done on" badge), every text
    as long as real readers' get."""
    today = today or date.today()
    day = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    people = [{"id": f"p{k}", "name": name, "title": title, "contact": "email", "topic": "event sourcing",
               "email": f"{name.split()[0].lower()}@kowalczyk-abernathy-logistics.example.com"}
              for k, (name, title) in enumerate(PEOPLE)]
    log = [{"id": "e0", "date": day(-9), "text": "Sent my thank-you notes", "kind": "plan-thank-you",
            "template": "", "person": ""}]
    log += [{"id": f"e{k + 1}", "date": day(-7 + k), "text": text, "kind": "", "template": "", "person": ""}
            for k, text in enumerate(ENTRIES)]
    interview = {"id": "long", "company": COMPANY, "role": ROLE, "status": "waiting", "contact": "email",
                 "rounds": [{"id": "long-r", "date": day(-10), "mode": "video", "people": people,
                             "decision": day(4), "promisedBy": day(-8),
                             "promised": "a written walkthrough of the capacity-planning spreadsheet"}],
                 "fields": {"topic": "the migration of the warehouse-management platform"}, "ticks": {},
                 "log": log, "later": {}, "created": "", "updated": ""}
    return {"version": 3, "prefs": {"dates": "", "holidays": ""}, "current": "long",
            "interviews": [interview],
            "me": {"name": "Alexandria Konstantinopoulou-Richardson", "phone": "+44 7700 900123",
                   "email": "alexandria.konstantinopoulou-richardson@example.com",
                   "signoff": "With best wishes"},
            "changed": "", "exported": ""}


def save(page, record: dict) -> None:
    """Put the record in the site's storage, from a page of the site that runs no script."""
    page.goto("assets/favicon.svg")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(record)])


# ------------------------------------------------------------------ reading at any size

# What a reader would have to scroll sideways to read, or cannot read at all: the page wider
# than the screen; a block of the page past the screen's edge, unless a box of its own that
# fits the screen scrolls it (as a wide table's does); text cut off by a box that hides what
# overflows it (form fields scroll their own text; a visually hidden label is 1 px). Every
# block is laid out first, however far down (content-visibility would skip it).
CUT_OFF = """() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('* { content-visibility: visible !important; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const root = document.documentElement, width = root.clientWidth, out = [];
    const name = e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`;
    const beyond = r => r.right > width + 1 || r.left < -1;
    const scroller = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
    if (root.scrollWidth > width + 1) out.push(`the page: ${root.scrollWidth} px wide in ${width}`);
    for (const e of document.querySelectorAll('.md-main *')) {
        if (e.closest('.md-sidebar, .md-search, .ati-sr')
            || !e.checkVisibility({visibilityProperty: true})) continue;
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        if (r.width > 1 && beyond(r) && ![...e.children].some(c => beyond(c.getBoundingClientRect()))) {
            let box = e.parentElement;
            while (box && box !== root && !(scroller(box) && !beyond(box.getBoundingClientRect())))
                box = box.parentElement;
            if (!box || box === root)
                out.push(`${name(e)} reaches ${Math.round(r.left)} to ${Math.round(r.right)} px of ${width}`);
        }
        const cuts = v => v === 'hidden' || v === 'clip';
        if (r.width > 1 && r.height > 1 && !e.matches('input, select, textarea')
            && ((cuts(s.overflowX) && e.scrollWidth > e.clientWidth + 1)
                || (cuts(s.overflowY) && e.scrollHeight > e.clientHeight + 1)))
            out.push(`${name(e)} cuts its text: ${e.scrollWidth}x${e.scrollHeight} px`
                + ` in ${e.clientWidth}x${e.clientHeight}`);
    }
    return out;
}"""
# WCAG 1.4.12: what a reader's own style sheet may set, all at once.
TEXT_SPACING = """() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`* { line-height: 1.5 !important; letter-spacing: .12em !important;
        word-spacing: .16em !important; } p { margin-bottom: 2em !important; }`);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""
# A phone of 390 CSS px zoomed to 200% lays the page out 195 px wide; with only its text at
# 200% (the browser's font size setting) it stays 390 px with every rem and em doubled.
SCREENS = {"320 px": ({"viewport": {"width": 320, "height": 640}}, 16),
           "a 390 px phone zoomed to 200%": ({"viewport": {"width": 195, "height": 422}}, 16),
           "a 390 px phone with its text at 200%": (PHONE, 32)}


def cut_off_on(page, paths: list[str], before=None) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        page.goto(path)
        if before:
            page.evaluate(before)
        found[path or "home"] = page.evaluate(CUT_OFF)
    return {path: problems for path, problems in found.items() if problems}


@pytest.mark.parametrize("screen", SCREENS)
def test_no_page_scrolls_sideways_or_cuts_text_off_with_long_values(tabs, screen):
    options, font_size = SCREENS[screen]
    context = tabs(**options)
    page = context.pages[0]
    if font_size != 16:  # the browser's own font size setting
        cdp = context.new_cdp_session(page)
        cdp.send("Page.enable")
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": font_size}})
    save(page, long_record())
    page.goto("")
    root_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root_size == 1.25 * font_size  # Material's 125%, of the browser's size
    groups = [page_url(f"templates/{g['id']}.md") for g in SITE.template_groups]
    found = cut_off_on(page, ONE_OF_EACH + [g for g in groups if g not in ONE_OF_EACH])
    assert found == {}, f"on {screen}: {found}"


def test_text_spacing_wcag_1_4_12_breaks_nothing_at_320_px(tabs):
    page = tabs(viewport={"width": 320, "height": 640}).pages[0]
    save(page, long_record())
    assert cut_off_on(page, ONE_OF_EACH, before=TEXT_SPACING) == {}
    assert page.evaluate("getComputedStyle(document.querySelector('article p')).wordSpacing") != "0px", \
        "the spacing did not apply"


def test_the_check_sees_a_page_that_scrolls_sideways_and_text_cut_off(tabs):
    page = tabs(viewport={"width": 320, "height": 640}).pages[0]
    page.goto("guide/")
    page.evaluate("() => { document.querySelector('article p').style.minWidth = '600px'; }")
    wide = page.evaluate(CUT_OFF)
    assert any(w.startswith("the page") for w in wide) and any(w.startswith("p.") for w in wide), wide
    page.goto("guide/")
    page.evaluate("""() => { const p = document.querySelector('article p');
        p.style.height = '1em'; p.style.overflow = 'hidden'; }""")
    assert any("cuts its text" in w for w in page.evaluate(CUT_OFF))


def test_a_wide_table_scrolls_in_its_own_box_not_the_page(tabs):
    """Just wider than a phone, the planner's rules are a table; made wider than the screen
    (a long word in a cell), it scrolls inside its own box and the page does not widen."""
    page = tabs(viewport={"width": 760, "height": 640}).pages[0]
    go(page, "planner/", "planner")
    page.evaluate("""() => { const td = document.querySelector('article .ati-rules td');
        td.textContent = 'Unbreakable'.repeat(40); }""")
    sizes = page.evaluate("""() => { const t = document.querySelector('article .ati-rules table');
        let box = t;
        const scrolls = b => ['auto', 'scroll'].includes(getComputedStyle(b).overflowX)
            && b.scrollWidth > b.clientWidth;
        while (box && !scrolls(box))
            box = box.parentElement;
        const right = box ? box.getBoundingClientRect().right : null;
        return [t.scrollWidth, right, document.documentElement.clientWidth]; }""")
    assert sizes[1] is not None and sizes[1] <= sizes[2], f"no box of its own scrolls the table: {sizes}"
    assert page.evaluate(CUT_OFF) == []


# ------------------------------------------------------------------ nothing hides what has focus

# The focused control, where its middle is hidden by the sticky header or a shown "Back to top"
# button (or is off the screen); null when it can be seen. Controls of the header itself,
# and the skip links that show over it, are left out.
HIDDEN_FOCUS = """() => {
    const e = document.activeElement;
    if (!e || !e.closest('.md-container') || e.matches('.md-skip')) return null;
    const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    const over = [...document.querySelectorAll('.md-header, .md-top')]
        .filter(c => c.checkVisibility({opacityProperty: true, visibilityProperty: true}))
        .filter(c => { const b = c.getBoundingClientRect();
            return x >= b.left && x <= b.right && y >= b.top && y <= b.bottom; });
    if (!over.length && y >= 0 && y <= innerHeight) return null;
    const what = `${e.tagName.toLowerCase()} ${(e.innerText || e.id || '').trim().slice(0, 30)}`;
    return `${what} at ${Math.round(r.top)} px: `
        + (over.length ? over.map(c => c.className).join(', ') : 'off the screen');
}"""


@pytest.mark.parametrize("path", [THANKS, "planner/"])
def test_tab_and_shift_tab_never_put_focus_under_the_header_or_back_to_top(tabs, path):
    page = tabs(**{**PHONE, "viewport": {"width": 390, "height": 640}}).pages[0]
    save(page, long_record())
    go(page, path, "planner" if path == "planner/" else "templates")
    hidden, lowest = [], 0
    for key in ["Tab"] * 60 + ["Shift+Tab"] * 60:
        page.keyboard.press(key)
        where, scrolled = page.evaluate(f"[({HIDDEN_FOCUS})(), scrollY]")
        lowest = max(lowest, scrolled)
        if where:
            hidden.append(f"{key}: {where}")
    assert lowest > 1000, "the walk never scrolled far down the page"
    assert hidden == []


def test_a_section_a_link_scrolls_to_shows_its_first_line(tabs, base_url):
    """Fresh from a link, and after a link up the page (the page scrolls up, which shows
    "Back to top"): the heading's first line is below the header and the button."""
    page = tabs(**PHONE).pages[0]
    second = GROUP["templates"][1]["id"]
    first_line = """id => { const h = document.getElementById(id), r = h.getBoundingClientRect();
        const line = {top: r.top, bottom: r.top + parseFloat(getComputedStyle(h).lineHeight)};
        return [...document.querySelectorAll('.md-header, .md-top')]
            .filter(c => c.checkVisibility({opacityProperty: true, visibilityProperty: true}))
            .filter(c => { const b = c.getBoundingClientRect();
                return b.bottom > line.top && b.top < line.bottom
                && b.right > r.left && b.left < r.right; })
            .map(c => c.className)
            .concat(line.top < 0 || line.bottom > innerHeight ? ['off the screen'] : []); }"""
    page.goto(f"{base_url}{THANKS}#{second}")
    page.locator("[data-module=templates].ati-js").wait_for()
    page.wait_for_timeout(300)
    assert page.evaluate(first_line, second) == []
    page.mouse.wheel(0, 20000)
    page.wait_for_timeout(300)
    first = GROUP["templates"][0]["id"]
    page.evaluate("id => { location.hash = id; }", first)
    page.wait_for_timeout(300)
    assert page.evaluate(f"document.getElementById('{first}').getBoundingClientRect().top") < 200, "no jump"
    assert page.evaluate(first_line, first) == []


# ------------------------------------------------------------------ targets

# Every control of the header and the article on the screen, and those smaller than 24 px
# that 2.5.8 does not excuse: a link inside a sentence is, and so is a target whose 24 px
# circle reaches no other target nor another small one's circle.
SMALL_TARGETS = """() => {
    const all = [...document.querySelectorAll(`.md-header :is(a[href], button, label.md-header__button),
        article :is(a[href], button, input, select, textarea, summary)`)]
        .filter(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true}))
        .map(e => ({e, r: e.getBoundingClientRect()})).filter(t => t.r.width > 1);
    const inSentence = e => e.matches('a') && e.parentElement.textContent.trim() !== e.textContent.trim();
    const small = all.filter(t => (t.r.width < 24 || t.r.height < 24) && !inSentence(t.e));
    const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
    const gap = (p, r) => Math.hypot(Math.max(r.left - p[0], 0, p[0] - r.right),
                                     Math.max(r.top - p[1], 0, p[1] - r.bottom));
    return small.filter(t => all.some(o => o !== t && (gap(centre(t.r), o.r) < 12
            || (small.includes(o) && Math.hypot(...centre(t.r).map((v, i) => v - centre(o.r)[i])) < 24))))
        .map(t => `${t.e.tagName.toLowerCase()} "${(t.e.innerText || t.e.id).trim().slice(0, 30)}" `
            + `${Math.round(t.r.width)}x${Math.round(t.r.height)}`);
}"""


@pytest.mark.parametrize("path", ONE_OF_EACH)
def test_targets_are_24_px_or_spaced_apart_on_a_phone(phone_page, path):
    phone_page.goto("assets/favicon.svg")
    phone_page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(long_record())])
    phone_page.goto(path)
    phone_page.wait_for_load_state()
    assert phone_page.evaluate(SMALL_TARGETS) == []


def test_the_target_check_sees_a_small_button_next_to_another(phone_page):
    phone_page.goto("guide/")
    phone_page.evaluate("""() => { const p = document.createElement('p');
        for (const w of ['a', 'b']) { const b = document.createElement('button'); b.textContent = w;
            b.style.cssText = 'width:10px;height:10px;padding:0;margin:0;font-size:6px'; p.append(b); }
        document.querySelector('article').prepend(p); }""")
    assert len(phone_page.evaluate(SMALL_TARGETS)) == 2


# ------------------------------------------------------------------ motion

# Every animation or transition the page runs (the drawer sliding, a skip link fading in),
# after opening the menu and focusing the first skip link.
MOVING = """async () => {
    document.getElementById('__drawer').click();
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return document.getAnimations().map(a => a.constructor.name
        + ` ${a.transitionProperty || a.animationName}`
        + ` on ${a.effect.target.className}`);
}"""


@pytest.mark.parametrize("path", ["", THANKS])
def test_nothing_moves_for_a_reader_who_asks_for_less_motion(tabs, path):
    moving = {}
    for motion in ("no-preference", "reduce"):
        page = tabs(reduced_motion=motion, **PHONE).pages[0]
        page.goto(path)
        page.wait_for_load_state()
        page.keyboard.press("Tab")
        moving[motion] = page.evaluate(MOVING)
    assert moving["no-preference"], "nothing moved even without the preference: does the check see motion?"
    assert moving["reduce"] == []


# ------------------------------------------------------------------ keyboard

ACTIVE_MATCHES = "selector => document.activeElement && document.activeElement.matches(selector)"


class Keyboard:
    """Presses keys on a page and counts them."""

    def __init__(self, page):
        self.page, self.presses = page, 0

    def tab_to(self, selector: str, most: int = 80) -> int:
        """Tab until the focus is on selector; the presses it took."""
        for n in range(1, most + 1):
            self.page.keyboard.press("Tab")
            self.presses += 1
            if self.page.evaluate(ACTIVE_MATCHES, selector):
                return n
        raise AssertionError(f"{selector} not reached in {most} Tab presses")

    def enter(self) -> None:
        """Press Enter; on a link to a section of the page, wait until the browser has gone to
        it (the next Tab starts from there) and the page has stopped scrolling."""
        section = self.page.evaluate("""() => { const a = document.activeElement.closest('a[href*="#"]');
            return a && new URL(a.href).pathname === location.pathname ? new URL(a.href).hash : null; }""")
        self.page.keyboard.press("Enter")
        self.presses += 1
        if section:
            self.page.wait_for_function("h => location.hash === h", arg=section)
            self.page.evaluate(STILL, section[1:])
        else:
            self.page.wait_for_timeout(100)


def first_second_last(items: list) -> list:
    """The items a walk by keyboard is timed to: a page load each, so not every one."""
    return [items[k] for k in sorted({0, 1, len(items) - 1})]


KEYBOARD_SCREENS = {"phone": PHONE, "desktop": {"viewport": {"width": 1280, "height": 720}}}


@pytest.mark.parametrize("screen", KEYBOARD_SCREENS)
def test_each_templates_copy_and_mark_as_sent_are_a_few_presses_from_the_top(tabs, screen):
    """Issue 27: it took 95 Tab presses from the top of the thank-you page to the second
    template's Mark as sent. Now: the skip link, the template's link on the list at the top
    of the templates, then Tab to its buttons."""
    page = tabs(**KEYBOARD_SCREENS[screen]).pages[0]
    presses = {}
    for template in first_second_last(GROUP["templates"]):
        go(page, THANKS, "templates")
        keys = Keyboard(page)
        skip = keys.tab_to(".ati-skip")
        assert skip <= 6, f"the skip link took {skip} presses"
        keys.enter()
        keys.tab_to(f'.ati-jump a[href$="#{template["id"]}"]')
        keys.enter()
        for control in ("[data-copy]", "[data-act=sent]"):
            keys.tab_to(f'.ati-template[data-template="{template["id"]}"] {control}')
            presses[f"{template['id']} {control}"] = keys.presses
    assert presses[f"{GROUP['templates'][1]['id']} [data-act=sent]"] <= 16, presses
    assert max(presses.values()) <= 8 + len(GROUP["templates"]) + 6, presses


@pytest.mark.parametrize("screen", KEYBOARD_SCREENS)
def test_a_checklists_ticks_and_the_plans_mark_as_done_are_a_few_presses_from_the_top(tabs, screen):
    page = tabs(**KEYBOARD_SCREENS[screen]).pages[0]
    save(page, long_record())
    checklist = SITE.checklists[0]
    go(page, f"checklists/{checklist['id']}/", "checklist")
    keys = Keyboard(page)
    assert keys.tab_to(".ati-skip") <= 6
    keys.enter()
    assert keys.tab_to("input[type=checkbox]") == 1
    for _ in checklist["items"][1:]:  # each next box: past the item's "Why and how" link
        assert keys.tab_to("input[type=checkbox]") <= 2
    go(page, "planner/", "planner")
    steps = page.locator(".ati-plan [data-done]").count()
    assert steps >= 3
    for k in first_second_last(list(range(steps))):
        go(page, "planner/", "planner")
        keys = Keyboard(page)
        keys.tab_to(".ati-skip")
        keys.enter()
        rule = page.locator(".ati-plan [data-done]").nth(k).get_attribute("data-done")
        keys.tab_to(f'.ati-timeline a[href$="#{rule}"]')
        keys.enter()
        assert keys.tab_to(f'[data-done="{rule}"]') == 1, "Mark as done is the next Tab from its heading"
        assert keys.presses <= 6 + 1 + 8 + 1 + 1, keys.presses


# Whether the focused element of the page below the header (the content, the menus) can be
# seen: shown, and on the screen once focused.
# Judged once the page has stopped scrolling: the browser scrolls a focused control into view,
# smoothly where the page asks for it, and on a busy machine a check straight after Tab saw
# a link still on its way up.
FOCUS_SEEN = """async () => {
    for (let last = NaN, k = 0; k < 60 && last !== scrollY; k++) {
        last = scrollY;
        await new Promise(go => requestAnimationFrame(() => requestAnimationFrame(go)));
    }
    const e = document.activeElement, r = e.getBoundingClientRect();
    // Not the header's controls, nor the skip links (they fade in over it).
    if (!e.closest('.md-container') || e.matches('.md-skip')) return null;
    const seen = e.checkVisibility({visibilityProperty: true, opacityProperty: true}) && r.width > 0
        && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
    const what = `${e.tagName.toLowerCase()}.${e.className} "${(e.innerText || e.id).trim().slice(0, 40)}"`;
    return seen || e === document.body ? null : what; }"""


@pytest.mark.parametrize("path", TOOLS + [""])
def test_on_a_phone_nothing_off_the_screen_takes_the_focus(phone_page, path):
    """The closed menu drawer's links were in the tab order on a phone, unseen (31 presses on
    a templates page). Every control Tab reaches is on the screen; the drawer, once opened,
    is reached."""
    phone_page.goto(path)
    phone_page.wait_for_load_state()
    unseen, reached = [], 0
    for _ in range(40):
        phone_page.keyboard.press("Tab")
        where = phone_page.evaluate(FOCUS_SEEN)
        reached += where is None
        if where:
            unseen.append(where)
    assert unseen == []
    phone_page.evaluate("document.getElementById('__drawer').click()")
    phone_page.wait_for_timeout(400)  # the drawer slides in
    phone_page.locator(".md-sidebar--primary .md-nav__link[href]").first.focus()
    assert phone_page.evaluate(FOCUS_SEEN) is None, "the open drawer's links cannot be focused"


# ------------------------------------------------------------------ print

def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF from Chromium has (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("path", PRINTED)
def test_printed_sheet_carries_the_chosen_interview_and_fits_one_page_of_a4_and_letter(tabs, path):
    page = tabs(locale="en-GB", timezone_id="Europe/London").pages[0]
    save(page, long_record())
    module = "planner" if path == "planner/" else "checklist"
    go(page, path, module)
    for paper in ("A4", "Letter"):
        assert pdf_pages(page.pdf(format=paper)) == 1, f"{path} prints on more than one page of {paper}"
    page.emulate_media(media="print")
    if module == "checklist":
        lines = page.locator(".ati-checklist__fields span")
        values = [lines.nth(k).get_attribute("data-value") for k in range(lines.count())]
        day = date.today() - timedelta(days=10)
        assert values[:3] == [COMPANY, ROLE, f"{day:%a} {day.day} {day:%b %Y}"]
        assert values[3:7] == [PEOPLE[0][0], PEOPLE[0][1], PEOPLE[1][0], PEOPLE[1][1]]
        assert values[7:] == [None, None], "a third interviewer's line stays blank"
        shown = page.evaluate("""() => [...document.querySelectorAll('.ati-checklist__fields span')]
            .map(s => getComputedStyle(s, '::before').content)""")
        assert shown[0] == json.dumps(COMPANY) and shown[-1] in ("none", "normal"), shown
        expect(page.locator(".ati-checklist__fields")).to_be_visible()
    else:
        heading = page.locator(".ati-plan__from")
        expect(heading).to_be_visible()
        for words in (COMPANY, ROLE, PEOPLE[0][0], PEOPLE[1][0]):
            expect(heading).to_contain_text(words)
        above = page.evaluate("""() => document.querySelector('.ati-plan__from').getBoundingClientRect().top
            < document.querySelector('.ati-timeline').getBoundingClientRect().top""")
        assert above, "whose plan it is heads the printed plan"


@pytest.mark.parametrize("javascript", [True, False])
def test_a_printed_checklist_keeps_blank_lines_where_nothing_is_known(tabs, javascript):
    path = PRINTED[0]
    page = tabs(java_script_enabled=javascript).pages[0]
    page.goto(path)
    if javascript:
        page.locator("[data-module=checklist].ati-js").wait_for()
    page.emulate_media(media="print")
    lines = page.locator(".ati-checklist__fields span")
    assert lines.count() == 9
    assert all(lines.nth(k).get_attribute("data-value") is None for k in range(9))
    expect(lines.first).to_be_visible()
    for paper in ("A4", "Letter"):
        assert pdf_pages(page.pdf(format=paper)) == 1
