"""The follow-up planner in real Chromium: dated plans against the Python oracle, the .ics file
parsed with icalendar, bad input refused, storage, no-JavaScript view, accessibility."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import icalendar
import planner_oracle as oracle
import pytest
from conftest import axe_violations, instant_navigation_ready
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
RULES = oracle.load_rules()
BY_ID = {r["id"]: r for r in RULES}
KEY = "ati:interviews"
# Material's own markup; another engineer fixes these site-wide (see tests/test_site_browser.py).
MATERIAL_KNOWN = ("aria-progressbar-name", "link-in-text-block")


@dataclass
class Case:
    name: str
    interview: str
    decision: str = ""
    contact: str = "unsaid"
    promised: str = ""
    promised_by: str = ""
    timezone: str = "UTC"
    why: str = field(default="", repr=False)


# US daylight saving: starts 2026-03-08, ends 2026-11-01. EU: 2026-03-29 and 2026-10-25.
# New Zealand: starts 2026-09-27. Each DST case runs in that zone, and its plan spans the change.
CASES = [
    Case("monday-no-decision", "2026-03-02"),
    Case("thursday-decision-on-a-friday", "2026-06-11", "2026-06-19", contact="email"),
    Case("friday-no-decision-promised", "2026-06-12", promised="Work sample", promised_by="2026-06-16"),
    Case("saturday-decision-on-a-sunday", "2026-06-13", "2026-06-21", contact="phone"),
    Case("sunday-interview", "2026-06-14"),
    Case("decision-far-away", "2026-06-09", "2026-12-18", promised="Portfolio", promised_by="2026-06-10"),
    Case("decision-on-the-interview-day", "2026-06-11", "2026-06-11"),
    Case("crosses-a-month-end", "2026-04-29", promised="References list", promised_by="2026-05-01"),
    Case("promise-due-late", "2026-07-06", promised="Case study", promised_by="2026-08-04"),
    Case("crosses-a-year-end", "2026-12-30", "2027-01-04", contact="email"),
    Case("new-years-eve-no-decision", "2026-12-31"),
    Case("leap-day-interview", "2028-02-29"),
    Case("leap-day-check-in", "2028-02-25", "2028-02-28"),
    Case("dst-start-new-york", "2026-03-06", timezone="America/New_York"),
    Case("dst-end-new-york", "2026-10-29", timezone="America/New_York"),
    Case("dst-end-new-york-decision", "2026-10-28", "2026-10-30", timezone="America/New_York"),
    Case("dst-start-berlin", "2026-03-26", "2026-03-27", timezone="Europe/Berlin"),
    Case("dst-end-berlin", "2026-10-23", timezone="Europe/Berlin", contact="phone"),
    Case("dst-start-auckland", "2026-09-24", timezone="Pacific/Auckland"),
    # Text that needs escaping (\ ; ,) and multi-byte characters that cross the 75-octet fold.
    Case(
        "unicode-promise-folded",
        "2026-05-04",
        promised="作品集とサンプル、報告書の最終版; v2, a\\b — café ✓ 日本語の説明文を添えて",
        promised_by="2026-05-06",
        timezone="Asia/Tokyo",
    ),
]


def nice(day: date) -> str:
    """The plan's way of writing a date for an en-US browser (the month first, as chosen
    by default there): "Fri, Jun 12, 2026"."""
    return f"{day:%a}, {day:%b} {day.day}, {day.year}"


def d(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def expected(case: Case) -> list[oracle.Step]:
    return oracle.expected_plan(
        RULES, d(case.interview), d(case.decision), case.promised, d(case.promised_by)
    )


@pytest.fixture
def open_planner(tabs):
    """open_planner(timezone=..., **context options) -> page on /planner/, recording problems.
    interviews (and holidays): a record saved first (see record()); today: the page's fixed
    day (YYYY-MM-DD); go=False: the page is made but not opened."""

    def _open(timezone="UTC", init_script=None, go=True, interviews=None, holidays="", today=None, **options):
        ctx = tabs(timezone_id=timezone, locale="en-US", accept_downloads=True, **options)
        if interviews is not None:
            ctx.add_init_script(record(interviews, holidays))
        if init_script:
            ctx.add_init_script(init_script)
        page = ctx.pages[0]
        if today:
            page.clock.set_fixed_time(on(today))
        if go:
            page.goto("planner/")
            page.locator(".ati-planner.ati-js").wait_for()
        return page

    return _open


def fill(page, case: Case):
    page.fill("#ati-p-interview", case.interview)
    page.fill("#ati-p-decision", case.decision)
    page.select_option("#ati-p-contact", case.contact)
    page.fill("#ati-p-promised", case.promised)
    page.fill("#ati-p-promised-by", case.promised_by)


def shown_plan(page) -> list[tuple[str, list[str], str]]:
    return page.evaluate("""() => [...document.querySelectorAll('.ati-plan > li[data-rule]')].map(li => [
        li.dataset.rule,
        [...li.querySelectorAll('.ati-plan__when time')].map(t => t.getAttribute('datetime')),
        li.querySelector('.ati-plan__title').textContent])""")


def saved(page) -> dict | None:
    """The record the page saved, or None."""
    text = page.evaluate(f"localStorage.getItem('{KEY}')")
    return json.loads(text) if text else None


def current_id(page) -> str:
    return saved(page)["current"]


def download_ics(page) -> bytes:
    with page.expect_download() as info:
        page.click("[data-ics]")
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    return open(download.path(), "rb").read()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_plan_and_calendar_match_the_oracle(open_planner, case):
    page = open_planner(timezone=case.timezone)
    fill(page, case)
    want = expected(case)
    assert shown_plan(page) == [[s.rule, s.datetimes, s.summary] for s in want]
    first, last = want[0].start, max(s.end for s in want)
    assert page.locator("#ati-p-status").inner_text() == (
        f"Your plan has {len(want)} steps, from {nice(first)} to {nice(last)}."
    )

    # Contact preference: each step shows only the line for the chosen answer (the others
    # are hidden, there for the step's general rule when it leaves the plan).
    for li in page.locator(".ati-plan > li").all():
        contacts = li.locator("[data-contact]:not([hidden])")
        if contacts.count():
            assert [c.get_attribute("data-contact") for c in contacts.all()] == [case.contact]

    raw = download_ics(page)
    # RFC 5545 framing: CRLF everywhere, lines of at most 75 octets, each valid UTF-8 alone.
    assert raw.endswith(b"\r\n") and raw.count(b"\n") == raw.count(b"\r\n") == len(raw.split(b"\r\n")) - 1
    assert b"\r" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # never a multi-byte character split across lines

    cal = icalendar.Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(want)
    iid = current_id(page)
    by_rule = {}
    for event in events:
        uid = str(event["UID"])
        rule = uid.split("@")[0].split("-", 1)[1]
        by_rule[rule] = event
        assert uid.endswith("@after-the-interview")
        assert event["SEQUENCE"] == 1
        alarm, *last_day = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY" and alarm["TRIGGER"].dt == -timedelta(hours=15)
        assert alarm["TRIGGER"].params.get("RELATED", "START") == "START"
        multi_day = event["DTEND"].dt - event["DTSTART"].dt > timedelta(days=1)
        assert len(last_day) == (1 if multi_day else 0), uid
        for extra in last_day:  # 09:00 on its last day: 15 hours before the day after it
            assert extra["TRIGGER"].dt == -timedelta(hours=15) and extra["TRIGGER"].params["RELATED"] == "END"
        stamp = event["DTSTAMP"].dt
        assert isinstance(stamp, datetime) and stamp.utcoffset() == timedelta(0)
    assert len({str(e["UID"]) for e in events}) == len(events)
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    for step in want:
        event = by_rule[step.rule]
        assert str(event["UID"]) == f"{iid}-{step.rule}@after-the-interview"
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is date and type(end) is date  # all-day (VALUE=DATE)
        assert (start, end) == (step.start, step.end + timedelta(days=1))
        assert str(event["SUMMARY"]) == f"{step.summary}, by {nice(step.end)}"
        description = str(event["DESCRIPTION"])
        rule = BY_ID[step.rule]
        assert rule["what"] in description and rule["why"] in description
        if "by_contact" in rule:
            assert rule["by_contact"][case.contact] in description
    assert unfolded.count("DTSTART;VALUE=DATE:") == unfolded.count("DTEND;VALUE=DATE:") == len(want)
    if case.promised:
        # Escaping: the raw SUMMARY has \, \; and \\ where the text has , ; and \.
        summary_line = next(line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:Send what"))
        step = next(s for s in want if s.rule == "plan-send-what-you-promised")
        assert summary_line == "SUMMARY:" + (f"{step.summary}, by {nice(step.end)}").replace(
            "\\", "\\\\"
        ).replace(";", "\\;").replace(",", "\\,")
    assert not page.problems


def test_the_unicode_case_really_folds_inside_a_multibyte_run():
    case = next(c for c in CASES if c.name == "unicode-promise-folded")
    line = ("SUMMARY:Send what you promised: " + case.promised).encode("utf-8")
    assert len(line) > 75 and (line[75] & 0xC0) == 0x80, "the naive cut at 75 octets must split a character"


# ------------------------------------------------------------------ bad input

BAD = [
    # (name, what to do, the field that must carry the message, words the message must hold)
    ("empty-interview", lambda p: p.fill("#ati-p-interview", ""), "ati-p-interview", "Enter the date"),
    (
        "impossible-interview",
        lambda p: type_date(p, "#ati-p-interview", "02302026", clear=False),
        "ati-p-interview",
        "doesn't exist",
    ),
    (
        "impossible-decision",
        lambda p: type_date(p, "#ati-p-decision", "04312026"),
        "ati-p-decision",
        "doesn't exist",
    ),
    (
        "decision-before-interview",
        lambda p: p.fill("#ati-p-decision", "2026-06-10"),
        "ati-p-decision",
        "before the interview",
    ),
    (
        "promised-before-interview",
        lambda p: p.fill("#ati-p-promised-by", "2026-06-01"),
        "ati-p-promised-by",
        "before the interview",
    ),
]


def type_date(page, selector, keys, clear=True):
    """Type a date the way a person does (en-US: month, day, year); Chromium then flags badInput.
    Over an existing date the value changes as you type; into an empty field it stays empty."""
    if clear:
        page.fill(selector, "")
    page.focus(selector)
    page.keyboard.type(keys)
    page.click("h1")  # leave the field, as a person would


@pytest.mark.parametrize("name, act, field_id, words", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_a_message_beside_the_field(open_planner, name, act, field_id, words):
    page = open_planner()
    page.fill("#ati-p-interview", "2026-06-11")
    assert page.locator(".ati-plan > li").count() > 0
    act(page)
    field = page.locator(f"#{field_id}")
    message = page.locator(f"#{field_id}-error")
    assert message.is_visible() and words in message.inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{field_id}-error" in field.get_attribute("aria-describedby").split()
    # Beside the field: in the same field group, right after it.
    assert page.evaluate(
        f"document.getElementById('{field_id}-error').parentElement === "
        f"document.getElementById('{field_id}').parentElement"
    )
    assert page.locator(".ati-plan > li").count() == 0
    assert page.locator("[data-ics]").is_disabled()
    assert "No plan" in page.locator("#ati-p-status").inner_text()
    assert not page.problems


def test_fixing_the_input_clears_the_message_and_brings_the_plan_back(open_planner):
    page = open_planner()
    page.fill("#ati-p-interview", "2026-06-11")
    page.fill("#ati-p-decision", "2026-06-01")
    assert page.locator("#ati-p-decision-error").is_visible()
    page.fill("#ati-p-decision", "2026-06-19")
    assert page.locator("#ati-p-decision-error").is_hidden()
    assert page.locator("#ati-p-decision").get_attribute("aria-invalid") is None
    want = expected(Case("x", "2026-06-11", "2026-06-19"))
    assert [r[0] for r in shown_plan(page)] == [s.rule for s in want]
    assert page.locator("[data-ics]").is_enabled()


# ------------------------------------------------------------------ storage


def test_inputs_are_saved_and_restored_on_reload(open_planner):
    page = open_planner()
    case = Case(
        "saved", "2026-06-12", "2026-06-26", contact="phone", promised="Work sample", promised_by="2026-06-17"
    )
    fill(page, case)
    interview = saved(page)["interviews"][0]
    assert interview["contact"] == "phone"
    # The dates and the promise are the latest round's: a new round has its own.
    assert {k: interview["rounds"][-1][k] for k in ("date", "decision", "promised", "promisedBy")} == {
        "date": "2026-06-12",
        "decision": "2026-06-26",
        "promised": "Work sample",
        "promisedBy": "2026-06-17",
    }
    before = shown_plan(page)
    page.reload()
    page.locator(".ati-planner.ati-js").wait_for()
    assert page.input_value("#ati-p-interview") == "2026-06-12"
    assert page.input_value("#ati-p-decision") == "2026-06-26"
    assert page.input_value("#ati-p-contact") == "phone"
    assert page.input_value("#ati-p-promised") == "Work sample"
    assert page.input_value("#ati-p-promised-by") == "2026-06-17"
    assert shown_plan(page) == before == [[s.rule, s.datetimes, s.summary] for s in expected(case)]
    assert not page.problems


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        "null",
        "42",
        '"text"',
        "[1,2]",
        '{"version": 2, "interviews": 5}',
        '{"version": 2, "interviews": [{"id": "a", "decision": "soon", '
        '"rounds": [{"id": "r", "date": "2026-02-30"}], "contact": {"x": 1}}]}',
    ],
)
def test_garbage_in_storage_never_breaks_the_page(open_planner, stored):
    page = open_planner(init_script=f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(stored)})")
    assert page.locator("[data-planner]").is_visible()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", page.input_value("#ati-p-interview"))
    assert page.input_value("#ati-p-contact") == "unsaid"
    assert page.locator(".ati-plan > li").count() > 0
    assert not page.problems


def test_full_storage_is_said_quietly_and_the_planner_still_works(open_planner):
    full = (
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    page = open_planner(init_script=full)
    note = page.locator(".ati-picker__note")
    assert note.is_hidden()
    page.fill("#ati-p-interview", "2026-06-11")
    expect(note).to_be_visible()
    expect(note).to_contain_text("storage is full")
    assert [r[0] for r in shown_plan(page)] == [s.rule for s in expected(Case("x", "2026-06-11"))]
    assert not page.problems


@pytest.mark.parametrize(
    "timezone, utc_now, local_today",
    [
        ("Europe/Berlin", "2026-03-28T23:30:00+00:00", "2026-03-29"),  # already tomorrow in Berlin
        ("America/New_York", "2026-11-01T03:30:00+00:00", "2026-10-31"),  # still yesterday in New York
    ],
)
def test_the_interview_date_starts_as_the_local_today(open_planner, timezone, utc_now, local_today):
    page = open_planner(timezone=timezone, go=False)
    page.clock.set_fixed_time(datetime.fromisoformat(utc_now))
    page.goto("planner/")
    page.locator(".ati-planner.ati-js").wait_for()
    assert page.input_value("#ati-p-interview") == local_today
    first = shown_plan(page)[0]
    assert first[1][0] == local_today
    assert not page.problems


# ------------------------------------------------------------------ page behaviour


def test_without_javascript_the_rules_show_as_a_table_of_offsets(no_js_page):
    page = no_js_page
    page.goto("planner/")
    assert page.locator("[data-planner]").is_hidden()
    rows = page.locator("table tbody tr")
    assert rows.count() == len(RULES)
    first = rows.nth(0).locator("td")
    assert first.nth(1).inner_text() == "the same day" and "2 business days" in first.nth(2).inner_text()
    for rule in RULES:
        assert page.locator(f"#{rule['id']}").is_visible()
        assert rule["what"] in page.locator(f"[data-rule-body='{rule['id']}']").inner_text()
    assert page.locator("li[data-rule]").count() == 0


def test_on_a_phone_each_rule_is_a_block_whose_cells_say_their_column(phone_page):
    page = phone_page
    page.goto("planner/")
    table = page.locator(".ati-rules table")
    width = table.bounding_box()["width"]
    caption = page.locator(".ati-rules caption").bounding_box()
    assert caption["width"] >= 0.9 * width and caption["height"] < 60, caption
    first = page.locator(".ati-rules tbody tr").first
    cells = first.locator("td").all()
    assert all(c.bounding_box()["width"] >= 0.9 * width for c in cells if c.bounding_box())
    label = first.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content")
    assert "Counted from" in label, label
    assert page.problems == []


def test_instant_navigation_to_the_planner_enhances_it_each_time(page, base_url):
    page.goto(base_url)
    instant_navigation_ready(page)
    page.evaluate("window.__stayed = true")
    page.locator(".md-content a[href$='planner/']").first.click()
    page.wait_for_url(re.compile(r".*/planner/(#.*)?$"))
    page.locator(".ati-planner.ati-js").wait_for()
    assert page.locator(".ati-plan > li").count() > 0
    page.locator(".md-content a[href$='checklists/at-the-interview/#leave-ask-next-steps']").first.click()
    page.wait_for_url("**/checklists/at-the-interview/**")
    # A change on the next page reaches only the tools on it, not the planner left behind.
    page.locator(".ati-checklist.ati-js input[type=checkbox]").first.check()
    assert not page.problems
    page.go_back()
    page.wait_for_url(re.compile(r".*/planner/(#.*)?$"))
    page.locator(".ati-planner.ati-js").wait_for()
    page.fill("#ati-p-interview", "2026-06-12")
    assert shown_plan(page)[0][1][0] == "2026-06-12"
    assert page.evaluate("window.__stayed === true"), "the page reloaded fully"
    assert page.locator("[data-planner]").count() == 1
    assert not page.problems


def test_a_link_in_the_plan_works_straight_from_a_form_field(open_planner):
    # Leaving a field re-checks the form; the plan must not be re-drawn under the pointer.
    page = open_planner()
    page.fill("#ati-p-interview", "2026-06-11")
    page.focus("#ati-p-interview")
    wording = "templates/thank-you/#thank-you-one-interviewer"
    page.locator(f"li[data-rule=plan-thank-you] a[href*='{wording}']").click()
    page.wait_for_url("**/templates/**")
    assert not page.problems


def test_tab_reaches_every_field_and_the_button_with_a_visible_focus_ring(open_planner):
    page = open_planner()
    page.focus("#ati-p-interview")
    seen = {}
    for _ in range(30):
        name, ring = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return [e.id || e.getAttribute('data-ics') !== null && 'ics' || e.tagName,
                    s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0]; }""")
        seen[name] = seen.get(name, True) and ring
        if name == "ics":
            break
        page.keyboard.press("Tab")
    for control in (
        "ati-p-interview",
        "ati-p-decision",
        "ati-p-contact",
        "ati-p-promised",
        "ati-p-promised-by",
        "ics",
    ):
        assert seen.get(control), (control, seen)


def test_the_calendar_control_works_from_the_keyboard(open_planner):
    page = open_planner()
    page.fill("#ati-p-interview", "2026-06-11")
    page.focus("[data-ics]")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert icalendar.Calendar.from_ical(open(info.value.path(), "rb").read()).walk("VEVENT")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_a_plan_and_with_errors(open_planner, scheme):
    page = open_planner(color_scheme=scheme)
    fill(
        page,
        Case(
            "a11y", "2026-06-11", "2026-06-19", contact="phone", promised="Sample", promised_by="2026-06-15"
        ),
    )
    # Filling scrolls the page, and scrolling up fades in Material's "Back to top" button:
    # let its fade finish, or axe measures its contrast halfway.
    page.wait_for_timeout(600)
    found = [v for v in axe_violations(page) if v.split(":")[0] not in MATERIAL_KNOWN]
    assert not found, found
    page.fill("#ati-p-decision", "2026-06-01")
    page.fill("#ati-p-interview", "")
    page.wait_for_timeout(600)
    found = [v for v in axe_violations(page) if v.split(":")[0] not in MATERIAL_KNOWN]
    assert not found, found
    assert not page.problems


def test_axe_finds_no_violation_on_the_page_the_script_has_not_enhanced(open_planner):
    # axe needs JavaScript itself, so the no-JavaScript view is made by serving an empty
    # planner.js and putting back the no-js class the head script swaps for js on <html>.
    page = open_planner(go=False)
    page.route("**/planner.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    page.goto("planner/")
    page.evaluate("document.documentElement.classList.replace('js', 'no-js')")
    assert page.locator("[data-planner]").is_hidden()
    assert page.locator("table tbody tr").count() == len(RULES)
    found = [v for v in axe_violations(page) if v.split(":")[0] not in MATERIAL_KNOWN]
    assert not found, found


# ------------------------------------------------------------------ a plan that keeps time


def record(interviews: list[dict], holidays: str = "") -> str:
    """An init script saving a record (version 2) with these interviews, once."""
    full = [
        {
            "id": f"i{n}",
            "company": "",
            "role": "",
            "status": "waiting",
            "decision": "",
            "contact": "",
            "promised": "",
            "promisedBy": "",
            # "date" in an interview given here: the day of its one round
            "rounds": [{"id": f"r{n}", "date": i.get("date", ""), "mode": "", "people": []}],
            "fields": {},
            "ticks": {},
            "log": [],
            "created": "",
            "updated": "",
            **{k: v for k, v in i.items() if k != "date"},
        }
        for n, i in enumerate(interviews)
    ]
    data = {
        "version": 2,
        "me": {"name": "", "email": "", "phone": "", "signoff": ""},
        "prefs": {"dates": "", "holidays": holidays},
        "current": "i0",
        "interviews": full,
        "changed": "",
        "exported": "",
    }
    return (
        f"if (!localStorage.getItem('{KEY}')) localStorage.setItem('{KEY}', {json.dumps(json.dumps(data))})"
    )


def on(day: str) -> datetime:
    return datetime.fromisoformat(day + "T10:00:00")


def timeline(page) -> list[tuple[str, str, list[str]]]:
    page.locator(".ati-timeline > li[data-rule]").first.wait_for()
    return page.evaluate("""() => [...document.querySelectorAll('.ati-timeline > li[data-rule]')].map(li => [
        li.dataset.rule, li.className.replace('ati-timeline__step ati-timeline__step--', ''),
        [...li.querySelectorAll(':scope > time')].map(t => t.getAttribute('datetime'))])""")


def test_the_plan_never_drifts_when_you_come_back_days_later(open_planner):
    # A first look stores nothing; the calendar file (as in the issue) keeps today's date.
    page = open_planner(go=False)
    page.clock.set_fixed_time(on("2026-12-01"))
    page.goto("planner/")
    first = timeline(page)
    assert page.input_value("#ati-p-interview") == "2026-12-01"
    assert saved(page) is None, "only looking stores nothing"
    download_ics(page)
    later = page.context.new_page()
    later.clock.set_fixed_time(on("2026-12-09"))
    later.goto("planner/")
    assert later.input_value("#ati-p-interview") == "2026-12-01", "the day it was first shown is kept"
    assert [(r, d) for r, _, d in timeline(later)] == [(r, d) for r, _, d in first]
    # An interview added with no date gets none made up by looking; using the plan (here:
    # marking a step done) keeps the day shown.
    other = open_planner(interviews=[{"company": "Acme"}], today="2026-12-01")
    shown = timeline(other)
    assert saved(other)["interviews"][0]["rounds"][0]["date"] == ""
    expect(other.locator("#ati-p-interview-hint")).to_contain_text("keep it, or type the day")
    other.locator('.ati-plan > li[data-rule="plan-keep-searching"] [data-done]').click()
    expect(other.locator("#ati-p-interview-hint")).to_have_text("The day you were interviewed.")
    again = other.context.new_page()
    again.clock.set_fixed_time(on("2026-12-09"))
    again.goto("planner/")
    assert [(r, d) for r, _, d in timeline(again)] == [(r, d) for r, _, d in shown]
    assert saved(again)["interviews"][0]["rounds"][0]["date"] == "2026-12-01"
    assert dict((r, st) for r, st, _ in timeline(again))["plan-keep-searching"] == "done"
    assert not page.problems and not other.problems


def test_showing_the_plan_is_no_edit_a_merge_would_prefer(open_planner):
    stamp = "2026-11-02T09:00:00.000Z"
    page = open_planner(
        interviews=[{"company": "Acme", "date": "2026-11-02", "created": stamp, "updated": stamp}]
    )
    timeline(page)
    page.wait_for_function(f"JSON.parse(localStorage.getItem('{KEY}')).interviews[0].plan")
    interview = saved(page)["interviews"][0]
    assert interview["updated"] == stamp and saved(page)["changed"] == ""
    assert set(interview["plan"]["steps"]) == {r for r, _, _ in timeline(page)}
    assert not page.problems


def test_a_holiday_list_that_fails_to_load_is_said_and_never_kept(open_planner):
    page = open_planner(
        go=False, interviews=[{"company": "Acme", "date": "2026-12-22"}], holidays="england-and-wales"
    )
    page.route("**/holidays/*.json", lambda route: route.fulfill(status=503, body="down"))
    page.goto("planner/")
    expect(page.locator("#ati-p-holidays-hint")).to_contain_text("could not be loaded")
    without = timeline(page)
    assert "plan" not in saved(page)["interviews"][0], "a plan without the holidays is not kept"
    page.unroute("**/holidays/*.json")
    page.reload()
    expect(page.locator("#ati-p-holidays-hint")).to_contain_text("public holidays up to")
    assert timeline(page) != without
    page.wait_for_function(f"JSON.parse(localStorage.getItem('{KEY}')).interviews[0].plan")


def test_with_storage_blocked_the_plan_still_shows(open_planner):
    page = open_planner(
        go=False,
        init_script=f"""for (const name of ["getItem", "setItem", "removeItem"]) {{
          const real = Storage.prototype[name];
          Storage.prototype[name] = function (key, ...rest) {{
            if (key === "{KEY}") throw new DOMException("blocked", "SecurityError");
            return real.call(this, key, ...rest);
          }};
        }}""",
    )
    page.goto("planner/")
    assert len(timeline(page)) >= 5
    expect(page.locator("#ati-p-status")).to_contain_text("Your plan has")
    page.fill("#ati-p-interview", "2026-06-11")
    want = expected(Case("x", "2026-06-11"))
    assert [(r, dates) for r, _, dates in timeline(page)] == [(s.rule, s.datetimes) for s in want]


def test_each_step_is_done_overdue_due_or_coming_up_and_the_next_one_leads(open_planner):
    # Interview Monday 9 Nov 2026; the thank-you was marked sent on 10 Nov; today is 20 Nov.
    sent = {
        "id": "e1",
        "date": "2026-11-10",
        "text": "Sent",
        "kind": "thank-you",
        "template": "",
        "person": "",
    }
    page = open_planner(
        interviews=[
            {
                "company": "Acme",
                "date": "2026-11-09",
                "log": [sent],
            }
        ],
        today="2026-11-20",
    )
    states = {rule: state for rule, state, _ in timeline(page)}
    want = oracle.expected_plan(RULES, d("2026-11-09"), done={"plan-thank-you": d("2026-11-10")})
    today = d("2026-11-20")
    for step in want:
        expect_state = (
            "done"
            if step.rule == "plan-thank-you"
            else "overdue"
            if step.end < today
            else "due"
            if step.start <= today
            else "upcoming"
        )
        assert states[step.rule] == expect_state, step.rule
    assert states["plan-brief-references"] == "overdue"
    check_in = next(s for s in want if s.rule == "plan-check-in-no-date")
    assert check_in.start == d("2026-11-17"), "counted from the day the note was sent"
    references = next(s for s in want if s.rule == "plan-brief-references")
    expect(page.locator(".ati-plan__next")).to_have_text(
        f"Next: Brief your references, by {nice(references.end)} (overdue)."
    )
    assert [(r, dates) for r, _, dates in timeline(page)] == [(s.rule, s.datetimes) for s in want]
    assert not page.problems


@pytest.mark.parametrize(
    "place, country, subdiv, interview, promised_by",
    [
        ("england-and-wales", "GB", "ENG", "2026-12-22", ""),
        ("united-states", "US", None, "2026-11-24", ""),
        ("scotland", "GB", "SCT", "2026-12-30", ""),
        # Promised by Boxing Day (observed): that day stays, the rest moves.
        ("england-and-wales", "GB", "ENG", "2026-12-21", "2026-12-28"),
    ],
)
def test_public_holidays_of_the_place_chosen_are_skipped(
    open_planner, place, country, subdiv, interview, promised_by
):
    import holidays

    page = open_planner()
    page.fill("#ati-p-interview", interview)
    if promised_by:
        page.fill("#ati-p-promised", "A work sample")
        page.fill("#ati-p-promised-by", promised_by)
    page.select_option("#ati-p-holidays", place)
    expect(page.locator("#ati-p-holidays-hint")).to_contain_text("public holidays up to")
    off = frozenset(holidays.country_holidays(country, subdiv=subdiv, years=range(2026, 2029)))
    promise = ("A work sample", d(promised_by)) if promised_by else ("", None)
    want = oracle.expected_plan(RULES, d(interview), None, *promise, holidays=off)
    assert want != oracle.expected_plan(RULES, d(interview), None, *promise), "the case must cross a holiday"
    assert [(r, dates) for r, _, dates in timeline(page)] == [(s.rule, s.datetimes) for s in want]
    for step in want:
        if step.rule == "plan-send-what-you-promised":
            assert step.start == d(promised_by)  # the day you promised stays as you gave it
        else:
            assert step.start not in off and step.end not in off
    expect(page.locator(".ati-plan__from")).to_contain_text("public holidays")
    assert saved(page)["prefs"]["holidays"] == place
    assert not page.problems


def test_the_plan_prints_on_one_page_with_what_it_was_worked_out_from(open_planner):
    page = open_planner(
        interviews=[
            {
                "company": "Acme",
                "decision": "2026-12-11",
                "promised": "A work sample",
                "promisedBy": "2026-12-04",
                "date": "2026-12-01",
            }
        ],
        today="2026-12-01",
    )
    timeline(page)
    page.emulate_media(media="print")
    expect(page.locator(".ati-plan__from")).to_be_visible()
    expect(page.locator(".ati-plan__from")).to_contain_text(
        "The plan for Acme, worked out from: interview on"
    )
    assert page.locator(".ati-plan").is_hidden() and page.locator(".ati-planner__form").is_hidden()
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, f"{paper}: {pages} pages"


def test_each_interview_gets_its_own_calendar_file_and_a_new_export_updates_its_events(open_planner):
    page = open_planner(
        interviews=[
            {
                "company": "Acme",
                "role": "Analyst",
                "date": "2026-12-01",
            },
            {
                "company": "Globex <b>&",
                "date": "2026-12-01",
            },
        ]
    )
    timeline(page)

    def export():
        with page.expect_download() as info:
            page.click("[data-ics]")
        raw = open(info.value.path(), "rb").read()
        return info.value.suggested_filename, icalendar.Calendar.from_ical(raw)

    stale = page.locator(".ati-planner__stale")
    expect(stale).to_be_hidden()  # no file yet
    name, acme = export()
    assert name == "follow-up-acme-analyst.ics"
    acme_uids = {str(e["UID"]) for e in acme.walk("VEVENT")}
    assert all(
        str(e["SUMMARY"]).split(" (")[1].startswith("Acme, Analyst), by ") for e in acme.walk("VEVENT")
    )
    page.select_option("#ati-pick", "i1")
    timeline(page)
    name, globex = export()
    assert name == "follow-up-globex-b.ics"
    assert acme_uids.isdisjoint({str(e["UID"]) for e in globex.walk("VEVENT")}), "two interviews share no id"
    assert all("(Globex <b>&)" in str(e["SUMMARY"]) for e in globex.walk("VEVENT"))
    # Back to Acme, a decision date comes in: the same events, a higher SEQUENCE, no duplicates.
    page.select_option("#ati-pick", "i0")
    expect(stale).to_be_hidden()  # Acme's file has the plan as it is
    page.fill("#ati-p-decision", "2026-12-11")
    timeline(page)
    # Its plan changed after its file was made: the planner says the file is out of date.
    expect(stale).to_be_visible()
    _, again = export()
    expect(stale).to_be_hidden()
    # Drawn again from what was saved (Globex, then Acme): still up to date.
    page.select_option("#ati-pick", "i1")
    page.select_option("#ati-pick", "i0")
    timeline(page)
    expect(stale).to_be_hidden()
    assert saved(page)["interviews"][0]["calendar"]["dates"], "the file's days are kept"
    events = list(again.walk("VEVENT"))
    assert {e["SEQUENCE"] for e in events} == {2}
    # The check-in "with no date" left the plan: its event comes back cancelled.
    (gone,) = [e for e in events if e.get("STATUS") == "CANCELLED"]
    assert str(gone["UID"]) == "i0-plan-check-in-no-date@after-the-interview"
    events = [e for e in events if e is not gone]
    assert {str(e["UID"]) for e in events} - acme_uids == {
        "i0-plan-check-in-after-decision@after-the-interview"
    }
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert not page.problems


def test_google_and_outlook_links_carry_the_step_and_nothing_leaves_before_a_click(open_planner, base_url):
    requests = []
    page = open_planner(go=False, interviews=[{"company": "Acme", "date": "2026-12-01"}])
    page.on("request", lambda r: requests.append(r.url))
    page.goto("planner/")
    timeline(page)
    step = page.locator('.ati-plan > li[data-rule="plan-thank-you"]')
    google = step.locator("a", has_text="Add to Google Calendar").get_attribute("href")
    outlook = step.locator("a", has_text="Add to Outlook").get_attribute("href")
    g = parse_qs(urlparse(google).query)
    o = parse_qs(urlparse(outlook).query)
    want = next(s for s in oracle.expected_plan(RULES, d("2026-12-01")) if s.rule == "plan-thank-you")
    title = f"Send your thank-you notes (Acme), by {nice(want.end)}"
    assert urlparse(google).netloc == "calendar.google.com" and g["text"] == [title]
    assert g["dates"] == [f"{want.start:%Y%m%d}/{want.end + timedelta(days=1):%Y%m%d}"]
    assert BY_ID["plan-thank-you"]["why"] in g["details"][0]
    assert urlparse(outlook).netloc == "outlook.live.com" and o["subject"] == [title]
    assert (o["startdt"], o["enddt"], o["allday"]) == (
        [want.start.isoformat()],
        [(want.end + timedelta(days=1)).isoformat()],
        ["true"],
    )
    page.fill("#ati-p-promised", "a <script>x</script> sample")
    timeline(page)
    origin = urlparse(base_url).netloc
    assert [u for u in requests if urlparse(u).netloc != origin] == []
    assert not page.problems


def test_a_promise_without_a_date_keeps_the_plan_with_a_note(open_planner):
    page = open_planner()
    page.fill("#ati-p-interview", "2026-06-11")
    before = timeline(page)
    page.fill("#ati-p-promised", "Work sample")
    expect(page.locator(".ati-timeline__step--note")).to_contain_text("add the date you promised it by")
    assert timeline(page) == before
    assert page.locator("#ati-p-promised-by-error").is_hidden()
    page.fill("#ati-p-promised-by", "2026-06-16")
    assert "plan-send-what-you-promised" in [r for r, _, _ in timeline(page)]
    expect(page.locator(".ati-timeline__step--note")).to_have_count(0)
    assert not page.problems


def test_hostile_text_in_every_field_shows_as_text_and_the_files_stay_valid(open_planner):
    hostile = '<img src=x onerror="window.__pwned=1">; \\, "quoted" ' + "W" * 300
    dialogs = []
    page = open_planner(
        go=False, interviews=[{"company": hostile, "role": "</li><b>x</b>", "date": "2026-12-01"}]
    )
    page.on("dialog", lambda dlg: (dialogs.append(dlg.message), dlg.dismiss()))
    page.goto("planner/")
    timeline(page)
    page.fill("#ati-p-promised", hostile)
    page.fill("#ati-p-promised-by", "2026-12-04")
    assert "plan-send-what-you-promised" in [r for r, _, _ in timeline(page)]
    assert page.locator("article img, .ati-planner b").count() == 0
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"long text made the page scroll sideways: {width}"
    with page.expect_download() as info:
        page.click("[data-ics]")
    assert re.fullmatch(r"follow-up-[a-z0-9-]{1,60}\.ics", info.value.suggested_filename)
    raw = open(info.value.path(), "rb").read()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    events = list(icalendar.Calendar.from_ical(raw).walk("VEVENT"))
    promised = next(e for e in events if "plan-send-what-you-promised" in str(e["UID"]))
    assert str(promised["SUMMARY"]).startswith("Send what you promised: " + hostile[:120].strip()[:50])
    for link in page.locator(".ati-plan__calendars a").all():
        assert urlparse(link.get_attribute("href")).scheme == "https"
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert not page.problems


def test_a_step_no_message_completes_is_marked_done_here_and_the_next_one_leads(open_planner):
    # Promised a work sample by Thu 3 Dec; today is 3 Dec: it is the next step, due now.
    page = open_planner(
        interviews=[
            {
                "company": "Acme",
                "date": "2026-12-01",
                "promised": "a work sample",
                "promisedBy": "2026-12-03",
            }
        ],
        today="2026-12-03",
    )
    timeline(page)
    for rule in ("plan-thank-you", "plan-brief-references", "plan-keep-searching"):
        page.locator(f'.ati-plan > li[data-rule="{rule}"] [data-done]').click()
    expect(page.locator(".ati-plan__next")).to_have_text(
        "Next: Send what you promised: a work sample, by Thu, Dec 3, 2026 (due now)."
    )
    step = page.locator('.ati-plan > li[data-rule="plan-send-what-you-promised"]')
    step.locator("[data-done]").click()
    expect(step.locator("[data-done]")).to_have_text("Mark as not done")
    states = {rule: state for rule, state, _ in timeline(page)}
    assert states["plan-send-what-you-promised"] == "done"
    log = saved(page)["interviews"][0]["log"]
    assert [e["kind"] for e in log][-1] == "plan-send-what-you-promised"
    assert (
        log[-1]["date"] == "2026-12-03" and log[-1]["text"] == "Done: Send what you promised: a work sample"
    )
    # The calendar file leaves out what is done.
    ics = icalendar.Calendar.from_ical(download_ics(page))
    uids = {str(e["UID"]).split("@")[0].split("-", 1)[1] for e in ics.walk("VEVENT")}
    assert uids.isdisjoint(
        {"plan-thank-you", "plan-brief-references", "plan-keep-searching", "plan-send-what-you-promised"}
    )
    step.locator("[data-done]").click()
    expect(step.locator("[data-done]")).to_have_text("Mark as done")
    assert "plan-send-what-you-promised" not in [e["kind"] for e in saved(page)["interviews"][0]["log"]]
    assert not page.problems


def test_a_panels_thank_you_step_is_done_only_when_every_interviewer_has_theirs(open_planner):
    people = [
        {"id": "p1", "name": "Priya", "title": "", "email": "", "contact": "", "topic": ""},
        {"id": "p2", "name": "Tom", "title": "", "email": "", "contact": "", "topic": ""},
    ]
    sent = {
        "id": "e1",
        "date": "2026-12-01",
        "text": "Sent",
        "kind": "thank-you",
        "template": "t",
        "person": "p1",
    }
    page = open_planner(
        interviews=[
            {
                "company": "Acme",
                "log": [sent],
                "rounds": [{"id": "r", "date": "2026-12-01", "mode": "", "people": people}],
            }
        ],
        today="2026-12-02",
    )
    assert dict((r, st) for r, st, _ in timeline(page))["plan-thank-you"] == "due", "one of two notes sent"
    expect(page.locator(".ati-plan__next")).to_contain_text("Send your thank-you notes")
    second = {**sent, "id": "e2", "date": "2026-12-02", "person": "p2"}
    page.evaluate(
        f"""e => {{ const r = JSON.parse(localStorage.getItem('{KEY}'));
        r.interviews[0].log.push(e); localStorage.setItem('{KEY}', JSON.stringify(r)); }}""",
        second,
    )
    page.reload()
    assert dict((r, st) for r, st, _ in timeline(page))["plan-thank-you"] == "done"
    expect(page.locator('.ati-plan > li[data-rule="plan-thank-you"] .ati-plan__state')).to_contain_text(
        "Done on"
    )
    assert not page.problems


def test_what_you_promised_sent_before_the_day_you_promised_it_by_is_done(open_planner):
    # Promised a work sample by Thu 10 Dec; sent early, on Thu 3 Dec.
    page = open_planner(
        interviews=[{"company": "Acme", "date": "2026-12-01", "promised": "a work sample",
                     "promisedBy": "2026-12-10"}],
        today="2026-12-03",
    )
    step = page.locator('.ati-plan > li[data-rule="plan-send-what-you-promised"]')
    expect(step.locator(".ati-plan__state")).to_have_text("Coming up")
    step.locator("[data-done]").click()
    expect(step.locator(".ati-plan__state")).to_have_text("Done on Thu, Dec 3, 2026")
    expect(step.locator("[data-done]")).to_have_text("Mark as not done")
    assert {rule: state for rule, state, _ in timeline(page)}["plan-send-what-you-promised"] == "done"
    page.reload()
    expect(step.locator(".ati-plan__state")).to_have_text("Done on Thu, Dec 3, 2026")
    assert not page.problems


def test_a_step_done_earlier_than_it_was_marked_takes_the_day_it_was_done(open_planner):
    # An interview added late: 20 Nov, its notes sent that day; marked done on 2 Dec.
    page = open_planner(interviews=[{"company": "Globex", "date": "2026-11-20"}], today="2026-12-02")
    step = page.locator('.ati-plan > li[data-rule="plan-thank-you"]')
    step.locator("[data-done]").click()
    day = step.locator("input[type=date]")
    expect(day).to_have_value("2026-12-02")
    assert (day.get_attribute("min"), day.get_attribute("max")) == ("2026-11-20", "2026-12-02")
    day.fill("2026-12-03")  # after today: refused, nothing changes
    status = page.locator("[data-module=planner] [role=status]")
    expect(status).to_have_text("Pick a day from Fri, Nov 20, 2026 to today.")
    assert [e["date"] for e in saved(page)["interviews"][0]["log"]] == ["2026-12-02"]
    day.fill("2026-11-20")
    expect(step.locator(".ati-plan__state")).to_have_text("Done on Fri, Nov 20, 2026")
    expect(status).to_have_text("Done on Fri, Nov 20, 2026. The steps after it count from that day.")
    expect(step.locator("input[type=date]")).to_be_focused()
    want = oracle.expected_plan(RULES, d("2026-11-20"), done={"plan-thank-you": d("2026-11-20")})
    assert [(r, dates) for r, _, dates in timeline(page)] == [(s.rule, s.datetimes) for s in want]
    page.reload()
    expect(step.locator(".ati-plan__state")).to_have_text("Done on Fri, Nov 20, 2026")
    assert not page.problems


# ------------------------------------------------------------------ rounds and kept dates

SAVED_V2 = Path(__file__).parent / "fixtures" / "saved" / "v2-three-interviews.json"


def test_a_second_round_gets_its_own_plan_and_the_first_rounds_promise_stays_done(open_planner):
    """The issue's Acme, saved by version 2: round 1 on 7 Dec with a decision date and a
    portfolio promised (and sent) by 10 Dec; round 2 on 6 Jan added on 29 Dec."""
    page = open_planner(go=False, today="2026-12-29")
    page.context.add_init_script(
        f"if (!sessionStorage.seeded) {{ sessionStorage.seeded = 1; localStorage.setItem('{KEY}', "
        f"{json.dumps(SAVED_V2.read_text(encoding='utf-8'))}); }}")
    page.goto("planner/")
    rules = [r for r, _, _ in timeline(page)]
    assert "plan-send-what-you-promised" not in rules and "plan-check-in-after-decision" not in rules
    assert page.input_value("#ati-p-interview") == "2027-01-06"
    assert (page.input_value("#ati-p-decision"), page.input_value("#ati-p-promised")) == ("", "")
    expect(page.locator("[id$=-error]:visible")).to_have_count(0)
    expect(page.locator("[data-ics]")).to_be_enabled()
    expect(page.locator("[data-module=planner] [role=status]")).to_contain_text("Your plan has")
    acme = saved(page)["interviews"][0]
    assert [(d["decision"], d["promised"], d["promisedBy"]) for d in acme["rounds"]] == [
        ("2026-12-18", "my portfolio", "2026-12-10"), ("", "", "")]
    page.goto("interviews/")
    page.locator("[data-module=interviews].ati-js").wait_for()
    expect(page.locator(".ati-due")).not_to_contain_text("Send what you promised")
    expect(page.locator(".ati-card").first).not_to_contain_text("overdue")
    assert not page.problems


def test_today_as_the_interview_date_is_kept_with_one_tap_and_never_moves(open_planner):
    page = open_planner(interviews=[{"company": "Acme"}], today="2026-12-07")
    keep = page.locator("[data-act=keep-today]")
    expect(keep).to_have_text("Yes, I was interviewed today, Mon, Dec 7, 2026")
    assert saved(page)["interviews"][0]["rounds"][0]["date"] == "", "a date shown is not a date given"
    # Beside the plan too, which "Open the plan" scrolls to, past the form: the plan counts
    # from a day nobody gave, and a tap leads to the date.
    undated = page.locator(".ati-plan__undated")
    expect(undated).to_be_visible()
    undated.locator("a").click()
    expect(page.locator("#ati-p-interview")).to_be_in_viewport()
    keep.click()
    expect(keep).to_be_hidden()
    expect(undated).to_be_hidden()
    expect(page.locator("[data-module=planner] [role=status]")).to_contain_text("Kept")
    assert saved(page)["interviews"][0]["rounds"][0]["date"] == "2026-12-07"
    later = page.context.new_page()
    later.clock.set_fixed_time(on("2026-12-15"))
    later.goto("planner/")
    later.locator("[data-module=planner].ati-js").wait_for()
    assert later.input_value("#ati-p-interview") == "2026-12-07"
    expect(later.locator("[data-act=keep-today]")).to_be_hidden()
    assert not page.problems


# ------------------------------------------------------------------ each step once, and links to it

ONCE = """() => Object.fromEntries([...document.querySelectorAll('[data-rule-body]')].map(b => {
    const id = b.getAttribute('data-rule-body'), heads = document.querySelectorAll('#' + id);
    return [id, {bodies: document.querySelectorAll(`[data-rule-body="${id}"]`).length, heads: heads.length,
                 inPlan: !!b.closest('.ati-plan > li[data-rule="' + id + '"]'),
                 headInPlan: !!heads[0].closest('.ati-plan > li[data-rule="' + id + '"]'),
                 folded: !!b.closest('details:not([open])')}];
}))"""


def shown_what(page, what: str) -> int:
    """How many times a step's "what" is on the page outside a folded <details>
    (inner_text leaves out what content-visibility has not laid out yet)."""
    return page.evaluate("""w => [...document.querySelectorAll('[data-what]')]
        .filter(e => e.textContent == w && !e.closest('details:not([open])')).length""", what)


def test_each_step_of_your_plan_is_on_the_page_once_and_the_others_fold_away(open_planner):
    page = open_planner(interviews=[{"company": "Acme", "date": "2026-12-01", "decision": "2026-12-11"}],
                        today="2026-12-02")
    planned = [rule for rule, _, _ in timeline(page)]
    assert "plan-check-in-after-decision" in planned and "plan-check-in-no-date" not in planned
    once = page.evaluate(ONCE)
    assert set(once) == set(BY_ID)
    for rule, where in once.items():
        assert where["bodies"] == 1 and where["heads"] == 1, (rule, where)
        if rule in planned:
            assert where["inPlan"] and where["headInPlan"] and not where["folded"], (rule, where)
        else:
            assert not where["inPlan"] and where["folded"], (rule, where)
    # The step's heading is your dated step's title; what it says is shown there once.
    step = page.locator('.ati-plan > li[data-rule="plan-thank-you"]')
    expect(step.locator("h3#plan-thank-you")).to_have_text(BY_ID["plan-thank-you"]["title"])
    for rule in planned:
        assert shown_what(page, BY_ID[rule]["what"]) == 1, rule
    # The table of offsets folds too, and both open on a tap (a <summary>, keyboard included).
    how = page.locator("details.ati-rules-how")
    assert how.get_attribute("open") is None
    how.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ati-rules table")).to_be_visible()
    more = page.locator("details.ati-rules-more")
    expect(more.locator("summary")).to_have_text(
        "Steps not in your plan: " + "; ".join(r["title"] for r in RULES if r["id"] not in planned))
    more.locator("summary").click()
    expect(page.locator("#plan-check-in-no-date")).to_be_visible()
    # A date that makes no plan puts every step back, in order, as the general rules.
    page.fill("#ati-p-decision", "2026-11-01")
    expect(page.locator(".ati-plan > li")).to_have_count(0)
    assert all(not w["inPlan"] and not w["folded"] for w in page.evaluate(ONCE).values())
    heads = page.evaluate("() => [...document.querySelectorAll('details.ati-rules-more h3')].map(h => h.id)")
    assert heads == [r["id"] for r in RULES]
    assert page.problems == []


def test_without_javascript_every_step_reads_in_full_unfolded(no_js_page):
    page = no_js_page
    page.goto("planner/")
    for fold in ("details.ati-rules-how", "details.ati-rules-more"):
        assert page.locator(fold).get_attribute("open") is not None, fold
    text = page.locator("article").inner_text()
    for rule in RULES:
        assert text.count(rule["what"]) == 1, rule["id"]
        expect(page.locator(f"#{rule['id']}")).to_be_visible()


def _lands_on(page, rule: str) -> None:
    """The step's heading is in the dated plan, at the top of the screen (below the header)."""
    head = page.locator(f'.ati-plan > li[data-rule="{rule}"] h3#{rule}')
    head.wait_for()
    page.wait_for_function("""id => { const top = document.getElementById(id).getBoundingClientRect().top;
        return top > 0 && top < 120; }""", arg=rule, timeout=5000)


def test_a_link_to_a_step_lands_on_your_dated_step_on_a_phone(open_planner):
    from conftest import PHONE

    page = open_planner(go=False, interviews=[{"company": "Acme", "date": "2026-12-01"}], today="2026-12-09",
                        holidays="england-and-wales", **PHONE)
    # The holiday list comes late, as on a slow connection: the plan is drawn after the page
    # has loaded and the browser has scrolled to the step's general rule.
    held = []
    page.route("**/holidays/*.json", lambda route: held.append(route))
    page.goto("planner/#plan-check-in-again")
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.querySelector('.ati-planner.ati-js')", polling=50)
    assert page.locator(".ati-plan > li").count() == 0 and held
    for route in held:
        route.continue_()
    _lands_on(page, "plan-check-in-again")
    assert page.evaluate("scrollY") > 2000
    assert page.problems == []


def test_open_the_plan_from_your_interviews_lands_on_the_step_it_names(open_planner):
    from conftest import PHONE

    # No fixed clock here: Playwright's clock hides the sitemap's fetch that instant navigation
    # waits for. An interview eight days ago has steps due now.
    eight_days_ago = (datetime.utcnow().date() - timedelta(days=8)).isoformat()
    page = open_planner(go=False, interviews=[{"company": "Acme", "date": eight_days_ago}], **PHONE)
    page.goto("interviews/")
    instant_navigation_ready(page)
    row = page.locator(".ati-due li[data-rule]").first
    rule = row.get_attribute("data-rule")
    link = row.locator("a", has_text="open the plan")
    assert link.get_attribute("href").endswith("planner/#" + rule)
    page.evaluate("window.__stayed = true")
    link.click()
    page.wait_for_url("**/planner/#" + rule)
    _lands_on(page, rule)
    assert page.evaluate("window.__stayed === true"), "instant navigation was not used"
    # The card's own link to the planner names the interview's next step too.
    page.go_back()
    card = page.locator(".ati-card a", has_text="Planner")
    card.wait_for()
    assert re.search(r"planner/#plan-[a-z-]+$", card.get_attribute("href"))
    assert page.problems == []
