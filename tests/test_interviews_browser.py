"""One record per interview, in real Chromium: every tool reads and writes it, the picker,
Your interviews, panels, the log, backups, old saves, several tabs, and hostile files.
Every saved record is checked against build_tools/saved-data.schema.json."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta

import jsonschema
import planner_oracle as oracle
import pytest
from conftest import PHONE, SIDEWAYS, go, project_content, record_problems, template_page
from playwright.sync_api import expect

from build_tools.render import SAVED_DATA_SCHEMA

pytestmark = pytest.mark.browser

KEY = "ati:interviews"
OLD = {"checklists": "ati:checklists:v1", "fields": "ati:fields:v1", "planner": "ati:planner:v1"}
SITE = project_content()
SCHEMA = json.loads(SAVED_DATA_SCHEMA.read_text(encoding="utf-8"))
VERSION = SCHEMA["properties"]["version"]["const"]  # of the record this version saves
RULES = oracle.load_rules()
CHECKLIST = "post-interview"
ITEMS = [i["id"] for c in SITE.checklists if c["id"] == CHECKLIST for i in c["items"]]
LINKEDIN = next(t for g in SITE.template_groups for t in g["templates"] if t["channel"] == "linkedin-message")


@pytest.fixture
def context(tabs, base_url):
    """British English unless a test says otherwise; downloads and the clipboard allowed."""
    ctx = tabs(locale="en-GB", timezone_id="Europe/London", accept_downloads=True)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    return ctx


def record(page) -> dict:
    """The saved record, checked against the schema."""
    saved = json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))
    jsonschema.validate(saved, SCHEMA)
    return saved


def current(saved: dict) -> dict:
    return next(i for i in saved["interviews"] if i["id"] == saved["current"])


def add_interview(page, company: str, role: str = ""):
    page.locator(".ati-picker [data-act=add]").click()
    page.fill("#ati-pick-company", company)
    page.fill("#ati-pick-role", role)
    page.locator(".ati-picker__form button:not([type])").click()
    expect(page.locator("#ati-pick option:checked")).to_have_text(", ".join(filter(None, [company, role])))


def mark_sent(page, tid: str):
    """Mark as sent, as a reader does: with blanks of the note still empty, the first press
    says which and the second marks it (tests/test_templates_browser.py)."""
    note = page.locator(f'.ati-template[data-template="{tid}"]')
    note.locator("[data-act=sent]").click()
    marked = note.locator(".ati-template__sent:visible")
    warned = note.locator(".ati-template__status", has_text="mark it anyway")
    expect(marked.or_(warned)).to_be_visible()
    if warned.is_visible():
        note.locator("[data-act=sent]").click()
    expect(marked).to_be_visible()


def placeholder(page, tid: str, field: str):
    return page.locator(f'.ati-template[data-template="{tid}"] .ati-ph[data-field="{field}"]').first


def download(page, click) -> tuple[str, str]:
    with page.expect_download() as info:
        click()
    return info.value.suggested_filename, open(info.value.path(), encoding="utf-8-sig").read()


# ------------------------------------------------------------------ one record


def test_a_first_visitor_just_types_and_copies_with_no_set_up(page):
    go(page, template_page("thank-you-one-interviewer"), "templates")
    page.fill("#ati-field-company", "Acme")
    expect(placeholder(page, "thank-you-one-interviewer", "company")).to_have_text("Acme")
    saved = record(page)
    assert [i["company"] for i in saved["interviews"]] == ["Acme"]
    expect(page.locator("#ati-pick option")).to_have_text(["Acme"])
    assert not page.problems


def test_switching_the_interview_changes_ticks_templates_and_plan_together(page):
    go(page, template_page("thank-you-one-interviewer"), "templates")
    page.fill("#ati-field-company", "Acme")
    page.fill("#ati-field-interview-date", "2026-11-02")
    add_interview(page, "Globex", "Analyst")
    expect(page.locator("#ati-field-company")).to_have_value("Globex")
    page.fill("#ati-field-interview-date", "2026-11-20")
    go(page, "checklists/post-interview/", "checklist")
    page.locator(f"#ati-c-{ITEMS[0]}").check()
    page.locator("#ati-pick").select_option(label="Acme")
    expect(page.locator(f"#ati-c-{ITEMS[0]}")).not_to_be_checked()
    go(page, "planner/", "planner")
    expect(page.locator("#ati-p-interview")).to_have_value("2026-11-02")
    page.locator("#ati-pick").select_option(label="Globex, Analyst")
    expect(page.locator("#ati-p-interview")).to_have_value("2026-11-20")
    go(page, template_page("thank-you-one-interviewer"), "templates")
    expect(placeholder(page, "thank-you-one-interviewer", "company")).to_have_text("Globex")
    expect(placeholder(page, "thank-you-one-interviewer", "interview-date")).to_have_text(
        "Friday 20 November"
    )
    saved = record(page)
    acme, globex = saved["interviews"]
    assert acme["rounds"][-1]["date"] == "2026-11-02" and globex["rounds"][-1]["date"] == "2026-11-20"
    assert globex["rounds"][-1]["ticks"] == {CHECKLIST: {ITEMS[0]: 1}} and acme["rounds"][-1]["ticks"] == {}
    assert not page.problems


def test_rename_and_remove_with_undo_from_the_picker(page):
    go(page, "planner/", "planner")
    add_interview(page, "Initech")
    page.locator(".ati-picker [data-act=rename]").click()
    expect(page.locator("#ati-pick-company")).to_have_value("Initech")
    page.fill("#ati-pick-role", "Designer")
    page.locator(".ati-picker__form button:not([type])").click()
    expect(page.locator("#ati-pick option:checked")).to_have_text("Initech, Designer")
    page.locator(".ati-picker [data-act=remove]").click()
    expect(page.locator("#ati-pick option")).to_have_count(1)
    expect(page.locator(".ati-picker__msg")).to_contain_text("Removed Initech, Designer")
    page.locator(".ati-picker [data-act=undo]").click()
    expect(page.locator("#ati-pick option:checked")).to_have_text("Initech, Designer")
    # The first interview added takes the place of the empty one a new visitor starts with.
    assert [i["company"] for i in record(page)["interviews"]] == ["Initech"]
    assert not page.problems


def test_undo_of_a_removal_keeps_what_was_changed_after_it_here_and_in_another_tab(page, context):
    go(page, "checklists/post-interview/", "checklist")
    add_interview(page, "Acme")
    add_interview(page, "Initech")
    page.locator(".ati-picker [data-act=remove]").click()
    expect(page.locator("#ati-pick option:checked")).not_to_have_text("Initech")
    page.locator("#ati-pick").select_option(label="Acme")
    page.locator(f"#ati-c-{ITEMS[0]}").check()  # after the removal, in this tab
    other = record_problems(context.new_page())
    go(other, "checklists/post-interview/", "checklist")
    other.locator("#ati-pick").select_option(label="Acme")
    other.locator(f"#ati-c-{ITEMS[1]}").check()  # and in another
    other.close()
    page.locator(".ati-picker [data-act=undo]").click()
    expect(page.locator(".ati-picker__msg")).to_contain_text("Initech is back")
    expect(page.locator("#ati-pick option:checked")).to_have_text("Initech")
    saved = record(page)
    assert [i["company"] for i in saved["interviews"]] == ["Acme", "Initech"]
    assert saved["interviews"][0]["rounds"][-1]["ticks"] == {CHECKLIST: {ITEMS[0]: 1, ITEMS[1]: 1}}
    assert not page.problems


def test_focus_stays_put_when_the_cards_are_redrawn(page, context):
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    add_interview(page, "Globex")
    go(page, "interviews/", "interviews")
    link = page.locator(".ati-card", has_text="Acme").locator(".ati-card__tools a", has_text="Planner")
    link.focus()
    other = record_problems(context.new_page())
    go(other, "planner/", "planner")
    other.locator("#ati-pick").select_option(label="Globex")
    other.fill("#ati-p-interview", "2026-11-20")  # another tab: the cards are drawn again
    other.close()
    expect(page.locator(".ati-card", has_text="Globex")).to_contain_text("20 Nov")
    assert page.evaluate("[document.activeElement.textContent, document.activeElement.closest('.ati-card')"
                         ".querySelector('h3').textContent]") == ["Planner", "Acme"]
    status = page.locator(".ati-card", has_text="Globex").locator("[data-status]")
    status.select_option("offer")
    expect(page.locator(".ati-card", has_text="Globex")).to_contain_text("Offer: nothing to chase")
    focused = page.evaluate("document.activeElement.getAttribute('data-status')")
    assert focused == status.get_attribute("data-status")
    assert not page.problems


def test_undo_of_an_import_goes_once_something_changes_after_it(page, tmp_path):
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    go(page, "interviews/", "interviews")
    path = export(page, tmp_path)
    page.set_input_files("#ati-import", path)
    page.locator("[data-act=replace]").click()
    undo = page.locator(".ati-interviews [data-act=undo]")
    expect(undo).to_be_visible()
    page.locator(".ati-card [data-status]").last.select_option("offer")
    expect(undo).to_be_hidden()  # Undo would throw the new status away
    assert record(page)["interviews"][-1]["status"] == "offer"
    assert not page.problems


def test_an_imports_undo_is_still_there_after_a_look_at_another_page_forgets_is_not(page, context, tmp_path):
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    go(page, "interviews/", "interviews")
    path = export(page, tmp_path)
    go(page, "planner/", "planner")
    add_interview(page, "Globex")
    before = record(page)
    go(page, "interviews/", "interviews")
    page.set_input_files("#ati-import", path)
    page.locator("[data-act=replace]").click()
    assert [i["company"] for i in record(page)["interviews"]] == ["Acme"]
    go(page, "planner/", "planner")  # a look at the plan, then back
    go(page, "interviews/", "interviews")
    page.locator(".ati-interviews [data-act=undo]").click()
    assert record(page)["interviews"] == before["interviews"]
    # Something changed elsewhere after the import: its Undo would throw that away, so it goes,
    # a calendar file's new event numbers (no edit of the reader's) included.
    for change in ("decision", "calendar", "other tab"):
        page.set_input_files("#ati-import", path)
        page.locator("[data-act=replace]").click()
        go(page, "planner/", "planner")
        if change == "decision":
            page.fill("#ati-p-decision", "2026-12-24")
        elif change == "calendar":
            with page.expect_download():
                page.click("[data-ics]")
        else:
            other = context.new_page()
            go(other, "planner/", "planner")
            other.fill("#ati-p-decision", "2026-12-26")
            other.close()
            page.wait_for_function("() => sessionStorage.getItem('ati:undo') === null")
        go(page, "interviews/", "interviews")
        expect(page.locator(".ati-interviews [data-act=undo]")).to_be_hidden()
        assert page.evaluate("sessionStorage.getItem('ati:undo')") is None, change
    # Forget everything's Undo lasts while the page is open, and nothing of it is kept.
    page.locator("[data-act=forget]").click()
    page.locator("[data-act=forget-yes]").click()
    expect(page.locator(".ati-interviews [data-act=undo]")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('ati:undo')") is None
    page.reload()
    page.locator("[data-module=interviews].ati-js").wait_for()
    expect(page.locator(".ati-interviews [data-act=undo]")).to_be_hidden()
    assert not page.problems


# ------------------------------------------------------------------ a panel


def test_a_panel_of_three_gets_three_notes_each_ticked_off_when_sent(page):
    go(page, template_page("thank-you-one-interviewer"), "templates")
    page.fill("#ati-field-company", "Acme")
    page.fill("#ati-field-interview-date", "2026-11-30")
    tid = "thank-you-one-interviewer"
    for n, (name, topic) in enumerate(
        [("Ana Ruiz", "the help desk"), ("Ben Ode", "budgets"), ("Chloe Li", "hiring")]
    ):
        if n:
            page.locator("[data-act=add-person]").click()
        page.fill("#ati-field-interviewer-name", name)
        page.fill("#ati-field-topic", topic)
    expect(page.locator("#ati-person option")).to_have_text(["Ana Ruiz", "Ben Ode", "Chloe Li"])
    sent = page.locator(f'.ati-template[data-template="{tid}"] [data-act=sent]')
    for name, topic in [("Ana Ruiz", "the help desk"), ("Ben Ode", "budgets")]:
        page.locator("#ati-person").select_option(label=name)
        expect(placeholder(page, tid, "interviewer-name")).to_have_text(name)
        expect(placeholder(page, tid, "topic")).to_have_text(topic)
        mark_sent(page, tid)
        expect(page.locator(f'.ati-template[data-template="{tid}"] .ati-template__sent')).to_contain_text(
            name
        )
    expect(sent).to_have_text("Mark as not sent")  # the label says what a press does now
    page.locator("#ati-person").select_option(label="Chloe Li")
    expect(page.locator(f'.ati-template[data-template="{tid}"] .ati-template__sent')).to_be_hidden()
    expect(sent).to_have_text("Mark as sent")
    # The message about Ben's note goes with him: Chloe's has not been marked.
    expect(page.locator(f'.ati-template[data-template="{tid}"] .ati-template__status')).to_have_text("")
    # The interviewer chosen stays chosen after a reload.
    page.reload()
    page.locator("[data-module=templates].ati-js").wait_for()
    expect(page.locator("#ati-person option:checked")).to_have_text("Chloe Li")
    saved = record(page)
    people = {p["id"]: p["name"] for p in current(saved)["rounds"][-1]["people"]}
    assert sorted(people[e["person"]] for e in current(saved)["log"]) == ["Ana Ruiz", "Ben Ode"]
    assert {e["kind"] for e in current(saved)["log"]} == {"thank-you"}

    page.clock.set_fixed_time("2026-12-01T10:00:00")
    go(page, "interviews/", "interviews")
    card = page.locator(".ati-card")
    expect(card.locator(".ati-card__sent")).to_have_count(2)
    expect(card.locator(".ati-card__unsent")).to_have_text(re.compile("Thank-you to Chloe Li: not sent yet"))
    # The planner counts from the log: the thank-you step is done once all three have theirs.
    go(page, "planner/", "planner")
    state = page.locator('.ati-plan > li[data-rule="plan-thank-you"] .ati-plan__state')
    expect(state).not_to_contain_text("Done on")
    go(page, template_page(tid), "templates")
    page.locator("#ati-person").select_option(label="Chloe Li")
    mark_sent(page, tid)
    go(page, "planner/", "planner")
    expect(state).to_contain_text("Done on")
    assert not page.problems


# ------------------------------------------------------------------ Your interviews


def due_now(interviews: dict[str, tuple], today: date) -> list[tuple[list[str], oracle.Step]]:
    """What "Due now" must list, in order: every step begun by today and not done, of every
    interview (label -> its interview date, and what it promised by when), by the rule's
    urgency (content/planner.yml), then the overdue first, then by last day; a rule of
    urgency 3 (standing advice) is one row naming every interview it is due for; a step whose
    anchor step is begun too waits for it, but for a chain's last step ("move on"), which
    once begun leaves out the steps before it."""
    urgency = {r["id"]: r.get("urgency", 2) for r in RULES}
    rows: list[list] = []
    standing: dict[str, list] = {}
    anchors = {r["id"]: r["anchor"] for r in RULES}
    for label, (day, *promise) in interviews.items():
        plan = oracle.expected_plan(RULES, day, None, *promise)
        begun = {s.rule for s in plan if s.start <= today}
        rules = {s.rule for s in plan}

        def earlier(rule: str, rules: set[str] = rules) -> set[str]:
            out, todo = set(), [rule]
            while todo:
                for a in anchors[todo.pop()]:
                    if a in rules and a not in out:
                        out.add(a)
                        todo.append(a)
            return out
        last = {r for r in begun if earlier(r) and not any(r in anchors[x] for x in rules)}
        over = set().union(*map(earlier, last))
        for s in plan:
            if s.start > today or s.rule in over or (s.rule not in last and begun & set(anchors[s.rule])):
                continue  # a chain's next step waits; what a begun "move on" ends is left out
            if s.rule in standing:
                standing[s.rule][0].append(label)
                standing[s.rule][1] = min(standing[s.rule][1], s, key=lambda x: x.end)
                continue
            rows.append([[label], s])
            if urgency[s.rule] == 3:
                standing[s.rule] = rows[-1]
    return [tuple(r) for r in sorted(rows, key=lambda r: (urgency[r[1].rule], r[1].end >= today, r[1].end))]


def test_your_interviews_shows_status_next_step_and_every_step_due_now(page):
    today, first, second = date(2026, 12, 10), date(2026, 11, 30), date(2026, 12, 9)
    page.clock.set_fixed_time(f"{today}T10:00:00")
    go(page, "planner/", "planner")
    page.fill("#ati-p-interview", first.isoformat())
    add_interview(page, "Globex")
    page.fill("#ati-p-interview", second.isoformat())
    page.fill("#ati-p-promised", "a work sample")
    page.fill("#ati-p-promised-by", today.isoformat())
    go(page, "interviews/", "interviews")
    cards = page.locator(".ati-card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0).locator(".ati-card__next")).to_contain_text("overdue by")
    expect(cards.nth(1).locator(".ati-card__next")).to_contain_text("Next: Send your thank-you notes")

    def check_due(interviews):
        want = due_now(interviews, today)
        items = page.locator(".ati-due li")
        expect(items).to_have_count(len(want))
        got = [(li.get_attribute("data-rule"), li.text_content()) for li in items.all()]
        assert [rule for rule, _ in got] == [s.rule for _, s in want]
        for (_, text), (labels, s) in zip(got, want, strict=True):
            several = f"{s.summary}, for {'; '.join(labels)} ("
            start = several if len(labels) > 1 else f"{labels[0]}: {s.summary}, "
            assert text.startswith(start), text
            assert ("(overdue" in text) == (s.end < today), text

    # Several steps of each interview are due at once: every one of them is listed, not only
    # the first; what Globex was promised is named in its step.
    globex = (second, "a work sample", today)
    check_due({"Your interview": (first,), "Globex": globex})
    expect(page.locator(".ati-due li[data-rule=plan-send-what-you-promised]")).to_contain_text(
        "Globex: Send what you promised: a work sample, ")
    # A redraw (any change, here or in another tab) keeps focus on the same row's link.
    row = page.locator(".ati-due li").nth(2)
    rule = row.get_attribute("data-rule")
    row.locator("a").focus()
    page.evaluate("ATI.change(() => {})")
    assert page.evaluate("document.activeElement.parentNode.getAttribute('data-rule')") == rule
    cards.nth(0).locator("select").select_option("offer")
    expect(page.locator(".ati-card").nth(0).locator(".ati-card__next")).to_have_text(
        "Offer: nothing to chase."
    )
    check_due({"Globex": globex})
    # A step is marked done right there; it leaves the list, and the plan counts it done.
    promised = page.locator(".ati-due li[data-rule=plan-send-what-you-promised]")
    promised.get_by_role("button", name="Mark as done").click()
    expect(promised).to_have_count(0)
    expect(page.locator(".ati-due__msg")).to_have_text("Marked as done: Send what you promised.")
    globex_log = next(i for i in record(page)["interviews"] if i["company"] == "Globex")["log"]
    assert [(e["kind"], e["date"]) for e in globex_log] == [
        ("plan-send-what-you-promised", today.isoformat())]
    # Or put off: it leaves the list until three days from now.
    thanks = page.locator(".ati-due li[data-rule=plan-thank-you]")
    thanks.get_by_role("button", name="Put off 3 days").click()
    expect(thanks).to_have_count(0)
    expect(page.locator(".ati-due__msg")).to_have_text(
        "Put off: Send your thank-you notes. It comes back here on Sun 13 Dec 2026.")
    globex = next(i for i in record(page)["interviews"] if i["company"] == "Globex")
    assert globex["later"] == {"plan-thank-you": (today + timedelta(days=3)).isoformat()}
    # Its card says so too, not "due now" (and the plan, below).
    back = "Sun 13 Dec 2026"
    expect(page.locator(".ati-card", has_text="Globex").locator(".ati-card__next")).to_contain_text(
        "Send your thank-you notes, ")
    expect(page.locator(".ati-card", has_text="Globex").locator(".ati-card__next")).to_contain_text(
        f"(put off to {back})")
    saved = record(page)
    assert saved["interviews"][0]["status"] == "offer"
    assert saved["interviews"][0]["log"][-1]["text"] == "Status: Offer"
    # A card's link opens the tool on that interview.
    page.locator(".ati-card").nth(0).locator("a", has_text="Planner").click()
    page.wait_for_url("**/planner/")
    page.locator("[data-module=planner].ati-js").wait_for()
    expect(page.locator("#ati-p-interview")).to_have_value("2026-11-30")
    go(page, "interviews/", "interviews")
    page.locator(".ati-card", has_text="Globex").locator("a", has_text="Planner").click()
    page.wait_for_url(re.compile(r"/planner/"))  # at the card's next step: the one put off
    state = page.locator(".ati-plan__step[data-rule=plan-thank-you] .ati-plan__state")
    expect(state).to_have_text(f"Put off to {back}")
    assert not page.problems


def test_a_returning_visitor_sees_what_is_due_on_the_home_pages_first_screen(page):
    page.clock.set_fixed_time("2026-12-08T10:00:00")
    page.goto("")
    expect(page.locator(".ati-now__title")).to_have_text("Just home from an interview? Do these now.")
    page.wait_for_load_state("load")
    assert page.evaluate("window.ATI === undefined"), "with nothing saved, the shared script never loads"
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    page.fill("#ati-p-interview", "2026-12-07")
    page.goto("")
    box = page.locator(".ati-now")
    expect(box.locator(".ati-now__title")).to_have_text("Due now for your interviews")
    expect(box.locator("li").first).to_have_text("Acme: Send your thank-you notes, by Wed 9 Dec 2026")
    expect(box.locator("li")).to_have_count(3)
    expect(box.get_by_role("link")).to_have_text([
        "Send your thank-you notes", "Brief your references", "Get your job search moving again",
        "Your interviews", "Write a thank-you note", "Tick off the checklist", "Plan your dates"])
    # A step opens in the plan, which has its wording, for the interview it is due for.
    go(page, "planner/", "planner")
    add_interview(page, "Globex")
    page.goto("")
    box.get_by_role("link", name="Send your thank-you notes").click()
    page.wait_for_url("**/planner/#plan-thank-you")
    page.locator("[data-module=planner].ati-js").wait_for()
    expect(page.locator("#ati-pick option:checked")).to_have_text("Acme")
    expect(page.locator("#plan-thank-you")).to_be_in_viewport()
    page.goto("")
    box.get_by_role("link", name="Your interviews").click()
    page.wait_for_url("**/interviews/#due")
    assert not page.problems


def acme_on_your_interviews(page):
    """On Tue 8 Dec 2026, Acme interviewed the day before, and Your interviews shown."""
    page.clock.set_fixed_time("2026-12-08T10:00:00")
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    page.fill("#ati-p-interview", "2026-12-07")
    go(page, "interviews/", "interviews")


def test_on_a_quiet_day_the_home_page_says_what_comes_up_next(page):
    acme_on_your_interviews(page)
    rows = page.locator(".ati-due li")
    for _ in range(10):  # everything due today marked done
        if not rows.count():
            break
        rows.first.get_by_role("button", name="Mark as done").click()
    expect(rows).to_have_count(0)
    page.goto("")
    box = page.locator(".ati-now")
    expect(box.locator(".ati-now__title")).to_have_text("Nothing is due today. Coming up next:")
    expect(box.locator("li")).to_have_count(1)
    text = box.locator("li").text_content()
    found = re.fullmatch(r"Acme: (.+), from \w{3} (\d+) Dec 2026", text)
    assert found and "heck in" in found.group(1) and int(found.group(2)) > 8, text
    # It opens at its step in the plan.
    href = box.locator("li a").get_attribute("href")
    assert re.search(r"(^|/)planner/#plan-[a-z-]+$", href), href
    box.locator("li a").click()
    page.locator("[data-module=planner].ati-js").wait_for()
    step = page.locator(f"#{href.split('#')[1]}")
    expect(step).to_contain_text(found.group(1))
    expect(step).to_be_in_viewport()
    assert not page.problems


def test_a_thank_you_step_marked_done_in_due_now_shows_on_the_card_and_focus_stays_put(page):
    acme_on_your_interviews(page)
    row = page.locator(".ati-due li[data-rule=plan-thank-you]")
    row.get_by_role("button", name="Mark as done").click()
    expect(row).to_have_count(0)
    expect(page.locator(".ati-due__msg")).to_have_text("Marked as done: Send your thank-you notes.")
    assert page.evaluate("document.activeElement.id") == "due", "focus goes to the list, not onto another row"
    expect(page.locator(".ati-card__thanks li")).to_have_text(
        ["Thank-you to your interviewer: marked done Tue 8 Dec 2026"])
    assert not page.problems


def test_without_javascript_your_interviews_says_what_it_does_and_links_the_tools(no_js_page):
    page = no_js_page
    page.goto("interviews/")
    expect(page.locator("[data-no-js]")).to_be_visible()
    expect(page.locator(".ati-interviews")).to_be_hidden()
    for tool in ("checklists/", "templates/", "planner/", "log/"):
        assert page.locator(f".ati-tools a[href$='{tool}']").count() == 1, tool


# ------------------------------------------------------------------ old saves

V1_CHECKLISTS = {
    "cur": "i2",
    "list": [
        {"id": "default", "name": "", "ticks": {CHECKLIST: {ITEMS[0]: 1}}},
        {"id": "i2", "name": "Globex", "ticks": {CHECKLIST: {ITEMS[1]: 1, ITEMS[2]: 1}}},
    ],
}
V1_FIELDS = {
    "your-name": "Alex Kim",
    "your-email": "alex@example.org",
    "company": "Globex",
    "role": "Analyst",
    "interview-date": "2026-11-24",
    "interviewer-name": "Jo Lee",
    "topic": "reporting",
    "strength": "SQL",
    "decision-date": "2026-12-08",
}
V1_PLANNER = {
    "interview": "2026-11-23",
    "decision": "2026-12-09",
    "contact": "phone",
    "promised": "A work sample",
    "promisedBy": "2026-11-27",
}


@pytest.mark.parametrize(
    "saved",
    [
        {"checklists": V1_CHECKLISTS},
        {"fields": V1_FIELDS},
        {"planner": V1_PLANNER},
        {"checklists": V1_CHECKLISTS, "fields": V1_FIELDS, "planner": V1_PLANNER},
    ],
    ids=["checklists", "fields", "planner", "all three"],
)
def test_what_the_first_version_saved_is_moved_into_the_record_with_nothing_lost(context, saved):
    script = "".join(
        f"localStorage.setItem({json.dumps(OLD[k])}, {json.dumps(json.dumps(v))});" for k, v in saved.items()
    )
    context.add_init_script(f"if (!sessionStorage.seeded) {{ sessionStorage.seeded = 1; {script} }}")
    page = record_problems(context.new_page())
    go(page, "checklists/post-interview/", "checklist")
    moved = record(page)
    by_name = {i["company"]: i for i in moved["interviews"]}
    if "checklists" in saved:
        assert set(by_name) == {"", "Globex"} and current(moved)["company"] == "Globex"
        assert set(by_name[""]["rounds"][-1]["ticks"][CHECKLIST]) == {ITEMS[0]}
        assert set(by_name["Globex"]["rounds"][-1]["ticks"][CHECKLIST]) == {ITEMS[1], ITEMS[2]}
    target = by_name.get("Globex") or moved["interviews"][0]
    if "fields" in saved:
        assert moved["me"]["name"] == "Alex Kim" and moved["me"]["email"] == "alex@example.org"
        assert (target["company"], target["role"], target["rounds"][0]["decision"]) == (
            "Globex", "Analyst", "2026-12-08")
        assert target["rounds"][0]["date"] == "2026-11-24"
        assert target["rounds"][0]["people"][0]["name"] == "Jo Lee"
        assert target["rounds"][0]["people"][0]["topic"] == "reporting"
        assert target["fields"] == {"strength": "SQL"}
    if "planner" in saved:
        assert (target["contact"], target["rounds"][0]["promised"], target["rounds"][0]["promisedBy"]) == (
            "phone",
            "A work sample",
            "2026-11-27",
        )
        if "fields" not in saved:  # the templates' dates win where both were given
            first = target["rounds"][0]
            assert first["date"] == "2026-11-23" and first["decision"] == "2026-12-09"
    # The old keys are left as they were (an older copy of the site still reads them).
    for k, v in saved.items():
        assert json.loads(page.evaluate(f"localStorage.getItem('{OLD[k]}')")) == v
    # And every tool shows it.
    go(page, template_page("thank-you-one-interviewer"), "templates")
    if "fields" in saved:
        expect(page.locator("#ati-field-your-name")).to_have_value("Alex Kim")
    go(page, "planner/", "planner")
    if "planner" in saved:
        expect(page.locator("#ati-p-promised")).to_have_value("A work sample")
    assert not page.problems


def test_an_old_save_waits_for_its_mover_and_nothing_is_written_if_it_cannot_load(context):
    """The mover of the first version's saves (ati-v1.js) loads only where one is found; if
    it cannot load, the page says so and writes nothing, and the next visit moves it in."""
    script = f"localStorage.setItem({json.dumps(OLD['fields'])}, {json.dumps(json.dumps(V1_FIELDS))});"
    context.add_init_script(f"if (!sessionStorage.seeded) {{ sessionStorage.seeded = 1; {script} }}")
    context.route("**/ati-v1.js", lambda route: route.fulfill(status=503, body=""))
    page = context.new_page()
    go(page, "checklists/post-interview/", "checklist")
    expect(page.locator(".ati-picker__note")).to_contain_text("could not be moved in")
    page.locator(f"#ati-c-{ITEMS[0]}").check()  # a tick now is not saved over the old save
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    assert json.loads(page.evaluate(f"localStorage.getItem('{OLD['fields']}')")) == V1_FIELDS
    context.unroute("**/ati-v1.js")
    page.reload()
    page.locator("[data-module=checklist].ati-js").wait_for()
    assert record(page)["me"]["name"] == "Alex Kim"
    # Where no old save is found, the mover is never fetched.
    fetched = []
    fresh = context.browser.new_context(base_url=page.url.split("checklists")[0])
    other = fresh.new_page()
    other.on("request", lambda r: fetched.append(r.url))
    go(other, "checklists/post-interview/", "checklist")
    assert not [u for u in fetched if u.endswith("ati-v1.js")]
    fresh.close()


def test_an_old_export_file_imports_too(page, tmp_path):
    old = {
        "format": "after-the-interview-progress",
        "version": 1,
        "exported": "2026-11-01T10:00:00.000Z",
        "data": {OLD["checklists"]: V1_CHECKLISTS, OLD["planner"]: V1_PLANNER},
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    go(page, "interviews/", "interviews")
    page.set_input_files("#ati-import", path)
    expect(page.locator(".ati-import__summary")).to_contain_text("The file has 2 interviews")
    page.locator("[data-act=replace]").click()
    saved = record(page)
    assert [i["company"] for i in saved["interviews"]] == ["", "Globex"]
    assert current(saved)["rounds"][-1]["promised"] == "A work sample"
    assert not page.problems


# ------------------------------------------------------------------ backups


def export(page, tmp_path):
    with page.expect_download() as info:
        page.locator(".ati-interviews [data-act=export]").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_export_then_import_merge_or_replace_and_undo_brings_everything_back(page, tmp_path):
    go(page, "planner/", "planner")
    page.fill("#ati-p-interview", "2026-11-02")
    page.fill("#ati-p-decision", "2026-11-16")
    add_interview(page, "Acme")
    go(page, "interviews/", "interviews")
    path = export(page, tmp_path)
    file = json.loads(path.read_text(encoding="utf-8"))
    assert file["format"] == "after-the-interview" and file["version"] == VERSION
    jsonschema.validate(file["data"], SCHEMA)
    expect(page.locator(".ati-backup__state")).to_contain_text("Last exported on")

    # Later: a new interview and a changed planner date, then the import.
    go(page, "planner/", "planner")
    page.fill("#ati-p-interview", "2026-11-20")  # Acme's
    page.fill("#ati-p-decision", "2026-11-30")
    add_interview(page, "Globex")
    before = record(page)
    go(page, "interviews/", "interviews")
    page.set_input_files("#ati-import", path)
    summary = page.locator(".ati-import__summary")
    expect(summary).to_contain_text("The file has 2 interviews")
    expect(summary).to_contain_text(
        "Merge adds 0 interviews. Where a detail differs, the copy changed last is kept")
    # Acme's dates were set here after the export: the prompt shows both, and keeps these.
    expect(page.locator(".ati-import__conflicts li")).to_have_text([
        "Acme, round 1, date: yours Fri 20 Nov 2026; the file's (empty). Kept: yours.",
        "Acme, round 1, decision date: yours Mon 30 Nov 2026; the file's (empty). Kept: yours."])
    # The chosen file stays named beside its prompt, then the input empties for the next.
    assert page.eval_on_selector("#ati-import", "e => [...e.files].map(f => f.name)") == [path.name]
    page.locator("[data-act=merge]").click()
    assert record(page)["interviews"] == before["interviews"], "merge keeps the newer copies"
    assert page.eval_on_selector("#ati-import", "e => e.files.length") == 0

    page.set_input_files("#ati-import", path)
    page.locator("[data-act=replace]").click()
    replaced = record(page)
    assert [i["company"] for i in replaced["interviews"]] == ["", "Acme"]
    assert replaced["interviews"][0]["rounds"][-1]["decision"] == "2026-11-16", "dates came back"
    page.locator(".ati-interviews [data-act=undo]").click()
    expect(page.locator(".ati-backup__msg")).to_contain_text("Undone")
    after = record(page)
    assert after["interviews"] == before["interviews"]
    go(page, "planner/", "planner")
    page.locator("#ati-pick").select_option(label="Acme")
    expect(page.locator("#ati-p-decision")).to_have_value("2026-11-30")
    assert not page.problems


def test_merge_adds_interviews_from_another_browser(page, tabs, tmp_path):
    theirs = tabs(accept_downloads=True).pages[0]
    go(theirs, "checklists/post-interview/", "checklist")
    add_interview(theirs, "Umbrella")
    go(theirs, "interviews/", "interviews")
    path = export(theirs, tmp_path)
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    go(page, "interviews/", "interviews")
    page.set_input_files("#ati-import", path)
    expect(page.locator(".ati-import__summary")).to_contain_text("Merge adds 1 interview (Umbrella)")
    page.locator("[data-act=merge]").click()
    assert {i["company"] for i in record(page)["interviews"]} >= {"Acme", "Umbrella"}
    assert not page.problems


def test_merge_from_another_phone_keeps_what_each_added_and_shows_a_detail_both_changed(page, tabs, tmp_path):
    """The issue's two phones: each adds a log entry to the same interview, the second also
    moves the decision date and exports; the first merges the file and loses nothing."""
    phone2 = tabs(locale="en-GB", accept_downloads=True).pages[0]
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    page.fill("#ati-p-interview", "2026-12-07")
    page.fill("#ati-p-decision", "2026-12-18")
    go(page, "interviews/", "interviews")
    go(phone2, "interviews/", "interviews")
    phone2.set_input_files("#ati-import", export(page, tmp_path))
    phone2.locator("[data-act=replace]").click()
    for phone, text in ((page, "Called the recruiter"), (phone2, "Sent the portfolio link")):
        go(phone, "interviews/log/", "log")
        phone.fill("#ati-log-text", text)
        phone.locator(".ati-log__add button").click()
        expect(phone.locator(".ati-log__table tbody tr")).to_have_count(1)
    go(phone2, "planner/", "planner")
    phone2.fill("#ati-p-decision", "2026-12-21")
    expect(phone2.locator(".ati-plan__from")).to_contain_text("decision date Mon 21 Dec 2026")
    go(phone2, "interviews/", "interviews")
    path = export(phone2, tmp_path)
    go(page, "interviews/", "interviews")
    page.set_input_files("#ati-import", path)
    summary = page.locator(".ati-import__summary")
    expect(summary).to_contain_text("adds to 1 interview you have (Acme: 1 log entry)")
    expect(summary).to_contain_text("Nothing of yours is lost")
    expect(page.locator(".ati-import__conflicts li")).to_have_text(
        ["Acme, round 1, decision date: yours Fri 18 Dec 2026; the file's Mon 21 Dec 2026. "
         "Kept: the file's."])
    page.locator("[data-act=merge]").click()
    acme = current(record(page))
    assert {e["text"] for e in acme["log"]} == {"Called the recruiter", "Sent the portfolio link"}
    assert acme["rounds"][-1]["decision"] == "2026-12-21"
    page.locator(".ati-interviews [data-act=undo]").click()
    expect(page.locator(".ati-backup__msg")).to_contain_text("Undone")
    acme = current(record(page))
    assert {e["text"] for e in acme["log"]} == {"Called the recruiter"}
    assert acme["rounds"][-1]["decision"] == "2026-12-18"
    assert not page.problems and not phone2.problems


def test_a_merge_past_100_interviews_is_refused_and_replace_still_works(page, tmp_path):
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    go(page, "interviews/", "interviews")
    before = page.evaluate(f"localStorage.getItem('{KEY}')")
    many = [{"id": f"x{n}", "company": f"Company {n}", "rounds": [{"id": f"x{n}-r", "date": "2026-11-30"}]}
            for n in range(100)]
    data = {"version": 2, "me": {}, "prefs": {}, "current": "x0", "interviews": many}
    page.set_input_files("#ati-import", {"name": "backup.json", "mimeType": "application/json",
                                          "buffer": json.dumps({"format": "after-the-interview", "version": 2,
                                                                "data": data}).encode()})
    page.locator("[data-act=merge]").click()
    msg = page.locator(".ati-backup__msg")
    expect(msg).to_contain_text(
        "Merging would make more than this site keeps: 101 interviews (the most is 100)")
    expect(msg).to_contain_text("Nothing was changed")
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == before
    page.locator("[data-act=replace]").click()
    assert [i["company"] for i in record(page)["interviews"]] == [f"Company {n}" for n in range(100)]
    assert not page.problems


def test_a_file_over_1_mb_or_damaged_is_refused_and_nothing_changes(page, tmp_path):
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    go(page, "interviews/", "interviews")
    good = export(page, tmp_path).read_text(encoding="utf-8")
    before = page.evaluate(f"localStorage.getItem('{KEY}')")
    big = json.loads(good)
    big["data"]["interviews"][0]["fields"] = {"padding": "x" * 1_100_000}
    files = {
        "over 1 MB": (json.dumps(big), "larger than 1 MB"),
        "not JSON": ("{nope", "not a backup"),
        "cut short": (good[: len(good) // 2], "not a backup"),
        "someone else's": (json.dumps({"format": "other", "version": 2, "data": {}}), "not a backup"),
        "a list": ("[1, 2]", "not a backup"),
        "from a newer version": (json.dumps({**json.loads(good), "version": json.loads(good)["version"] + 1}),
                                 "made by a newer version of this site. Reload this page"),
        "empty": ("", "not a backup"),
    }
    msg = page.locator(".ati-backup__msg")
    for name, (text, said) in files.items():
        page.evaluate("document.querySelector('.ati-backup__msg').textContent = ''")
        page.set_input_files(
            "#ati-import", {"name": "backup.json", "mimeType": "application/json", "buffer": text.encode()}
        )
        expect(msg).to_contain_text(said)
        expect(msg).to_contain_text("Nothing was changed")
        expect(page.locator(".ati-import")).to_be_hidden()
        assert page.evaluate(f"localStorage.getItem('{KEY}')") == before, name
    assert not page.problems


HOSTILE = '<img src=x onerror="window.__pwned=1">'


def test_hostile_imported_values_are_clipped_to_the_forms_limits_and_shown_as_text(page, tmp_path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    long = "W" * 200_000
    data = {
        "version": 2,
        "me": {"name": HOSTILE, "email": long, "phone": long, "signoff": ""},
        "prefs": {"dates": "nonsense"},
        "current": "a",
        "changed": "",
        "exported": "",
        "interviews": [
            {
                "id": "a",
                "company": long,
                "role": HOSTILE,
                "status": "hacked",
                "decision": "2026-02-30",
                "rounds": [
                    {"id": "r", "date": "2026-11-30", "people": [{"id": "p", "name": long, "topic": HOSTILE}]}
                ],
                "log": [{"id": "e", "date": "2026-11-30", "text": HOSTILE, "kind": "thank-you"}],
                "fields": {"strength": long, "../x": "y"},
                "ticks": {"x": {"y": "yes"}},
            },
            {"id": "a", "company": "duplicate id"},
            "not an interview",
        ],
    }
    path = tmp_path / "hostile.json"
    path.write_text(
        json.dumps({"format": "after-the-interview", "version": 2, "data": data}), encoding="utf-8"
    )
    go(page, "interviews/", "interviews")
    page.set_input_files("#ati-import", path)
    page.locator("[data-act=replace]").click()
    saved = record(page)  # validates: every maxLength, enum and pattern holds
    i = saved["interviews"][0]
    assert len(saved["interviews"]) == 1 and len(i["company"]) == 200 and i["status"] == "waiting"
    assert i["rounds"][0]["decision"] == "" and i["fields"] == {"strength": "W" * 2000}
    assert i["rounds"][0]["ticks"] == {}
    page.set_viewport_size(PHONE["viewport"])
    for path_ in ("interviews/", "interviews/log/", template_page("thank-you-one-interviewer"), "planner/"):
        page.goto(path_)
        page.wait_for_timeout(200)
        assert page.evaluate(SIDEWAYS) == [], f"{path_}: imported text made the phone scroll sideways"
        assert page.locator("article img").count() == 0
        if path_.startswith("templates/"):
            expect(page.locator(".ati-template__body").first).to_be_visible()
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert not page.problems


def test_backup_reminder_says_when_changes_are_only_in_this_browser(page, tmp_path):
    go(page, "checklists/post-interview/", "checklist")
    reminder = page.locator(".ati-picker__backup")
    expect(reminder).to_be_hidden()
    page.locator(f"#ati-c-{ITEMS[0]}").check()
    expect(reminder).to_contain_text("Not exported yet")
    with page.expect_download():
        reminder.locator("[data-act=export]").click()
    expect(reminder).to_be_hidden()
    page.locator(f"#ati-c-{ITEMS[1]}").check()
    expect(reminder).to_contain_text("Last exported on")
    assert not page.problems


def test_safari_is_told_plainly_about_its_7_day_rule(tabs):
    ua = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    for agent, shown in ((ua, True), (None, False)):
        page = tabs(**({"user_agent": agent} if agent else {})).pages[0]
        go(page, "interviews/", "interviews")
        note = page.locator(".ati-backup__safari")
        if shown:
            expect(note).to_contain_text("7 days")
        else:
            expect(note).to_be_hidden()


def test_the_browser_is_asked_to_keep_the_data(context):
    context.add_init_script("""window.__asked = 0; if (navigator.storage) navigator.storage.persist =
        () => { window.__asked++; return Promise.resolve(true); };""")
    page = record_problems(context.new_page())
    go(page, "checklists/post-interview/", "checklist")
    assert page.evaluate("window.__asked") == 0, "not before anything is saved"
    page.locator(f"#ati-c-{ITEMS[0]}").check()
    page.locator(f"#ati-c-{ITEMS[1]}").check()
    assert page.evaluate("window.__asked") == 1
    page.goto("interviews/")
    page.locator("[data-module=interviews].ati-js").wait_for()
    assert not page.problems


def test_forget_everything_asks_first_then_removes_every_key(page):
    page.goto("interviews/")
    page.evaluate(f"localStorage.setItem('{OLD['fields']}', '{{}}')")
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    add_interview(page, "Globex")
    go(page, "interviews/", "interviews")
    page.locator("[data-act=forget]").click()
    expect(page.locator(".ati-forget__ask")).to_contain_text("Forget 2 interviews")
    page.locator("[data-act=forget-no]").click()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is not None
    page.locator("[data-act=forget]").click()
    page.locator("[data-act=forget-yes]").click()
    expect(page.locator(".ati-forget__msg")).to_contain_text("forgotten")
    left = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('ati:'))")
    assert left == []
    expect(page.locator(".ati-card")).to_have_count(1)
    assert not page.problems


# ------------------------------------------------------------------ tabs and storage


def test_two_open_tabs_never_lose_each_others_changes(page, context):
    other = record_problems(context.new_page())
    go(page, template_page("thank-you-one-interviewer"), "templates")
    go(other, template_page("thank-you-one-interviewer"), "templates")
    page.fill("#ati-field-your-name", "Alex Kim")
    other.fill("#ati-field-company", "Acme")  # typed in the tab that loaded before the name
    expect(page.locator("#ati-field-company")).to_have_value("Acme")
    go(other, "planner/", "planner")
    other.fill("#ati-p-decision", "2026-12-18")
    page.fill("#ati-field-role", "Analyst")
    saved = record(page)
    assert saved["me"]["name"] == "Alex Kim"
    assert (current(saved)["company"], current(saved)["role"], current(saved)["rounds"][-1]["decision"]) == (
        "Acme",
        "Analyst",
        "2026-12-18",
    )
    assert not page.problems and not other.problems


def test_forget_then_undo_in_another_tab_is_read_here_before_this_tab_changes_anything(page, context):
    go(page, "planner/", "planner")
    add_interview(page, "Acme")
    add_interview(page, "Globex")
    other = record_problems(context.new_page())
    go(other, "interviews/", "interviews")
    other.locator("[data-act=forget]").click()
    other.locator("[data-act=forget-yes]").click()
    expect(page.locator("#ati-pick option")).to_have_count(1)  # this tab saw it go
    other.locator(".ati-interviews [data-act=undo]").click()
    expect(other.locator(".ati-backup__msg")).to_contain_text("Undone")
    expect(page.locator("#ati-pick option")).to_have_text(["Acme", "Globex"])  # and come back
    page.fill("#ati-p-decision", "2026-12-18")
    assert [i["company"] for i in record(page)["interviews"]] == ["Acme", "Globex"]
    assert not page.problems and not other.problems


def test_a_record_saved_by_a_newer_version_is_never_overwritten(page):
    newer = json.dumps({"version": VERSION + 1, "interviews": [{"id": "x", "future": True}]})
    page.goto("interviews/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, newer])
    go(page, "checklists/post-interview/", "checklist")
    expect(page.locator(".ati-picker__note")).to_contain_text("newer version")
    page.locator(f"#ati-c-{ITEMS[0]}").check()
    expect(page.locator(".ati-checklist__progress")).to_contain_text("1 of")
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == newer
    assert not page.problems


def test_one_failing_component_leaves_the_others_working_and_the_page_readable(context):
    context.add_init_script("""window.atiModules = new Proxy({}, { set(t, k, v) {
        t[k] = k === 'planner' ? () => { throw new Error('planner broke'); } : v; return true; } });""")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto("planner/")
    page.locator("[data-module=picker].ati-js").wait_for()
    expect(page.locator("[data-module=planner]")).to_have_class(re.compile("ati-failed"))
    expect(page.locator("[data-module=planner]")).to_be_hidden()
    expect(page.locator("#planner-rules")).to_be_visible()
    add_interview(page, "Still works")
    assert any("planner broke" in e for e in errors)


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize("locale", ["de-DE", "ja-JP"])
def test_dates_are_english_words_in_one_style_the_user_picks_for_every_tool(tabs, locale):
    page = tabs(locale=locale, timezone_id="Europe/Berlin").pages[0]
    go(page, template_page("thank-you-one-interviewer"), "templates")
    page.fill("#ati-field-interview-date", "2026-12-01")
    expect(placeholder(page, "thank-you-one-interviewer", "interview-date")).to_have_text(
        "Tuesday 1 December"
    )
    go(page, "planner/", "planner")
    expect(page.locator('.ati-plan > li[data-rule="plan-thank-you"] time').first).to_have_text(
        "Tue 1 Dec 2026"
    )
    go(page, "interviews/", "interviews")
    page.locator("#ati-date-style").select_option("md")
    expect(page.locator(".ati-card__round")).to_contain_text("Tue, Dec 1, 2026")
    go(page, template_page("thank-you-one-interviewer"), "templates")
    expect(placeholder(page, "thank-you-one-interviewer", "interview-date")).to_have_text(
        "Tuesday, December 1"
    )
    go(page, "planner/", "planner")
    expect(page.locator('.ati-plan > li[data-rule="plan-thank-you"] time').first).to_have_text(
        "Tue, Dec 1, 2026"
    )
    assert record(page)["prefs"]["dates"] == "md"
    assert not page.problems


# ------------------------------------------------------------------ LinkedIn

TYPICAL = {
    "interviewer-name": "Priya Sharma",
    "role": "Product Manager",
    "your-name": "Alex Morgan",
    "topic": "the plan to move support to a new help desk",
    "company": "Northwind Traders",
    "interview-date": "2026-12-01",
}


def test_the_linkedin_note_fits_200_characters_with_typical_values_and_counts_live(page):
    go(page, template_page(LINKEDIN["id"]), "templates")
    box = page.locator(f'.ati-template[data-template="{LINKEDIN["id"]}"]')
    count = box.locator(".ati-template__count")
    for fid, value in TYPICAL.items():
        page.fill(f"#ati-field-{fid}", value)
    body = box.locator(".ati-template__body").text_content()
    assert len(body) <= 200, body
    expect(count).to_have_text(f"{len(body)} of 200 characters.")
    page.fill("#ati-field-topic", "a much longer subject " * 5)
    expect(count).to_contain_text("over the 200")
    assert not page.problems


# ------------------------------------------------------------------ the activity log


def test_on_a_phone_each_log_entry_is_a_block_that_fits_the_screen(tabs):
    page = tabs(viewport={"width": 360, "height": 740}, locale="en-GB").pages[0]
    go(page, "interviews/log/", "log")
    for text in ("Called the recruiter, who said the panel meets again next Thursday",
                 "Sent my references' details"):
        page.fill("#ati-log-text", text)
        page.locator(".ati-log__add button").click()
    rows = page.locator(".ati-log__table tbody tr")
    expect(rows).to_have_count(2)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the log scrolls sideways: {width}"
    row = rows.first.bounding_box()
    what = rows.first.locator("td").nth(2).bounding_box()
    remove = rows.first.locator(".ati-log__remove .md-button").bounding_box()
    assert what["width"] > 0.6 * row["width"], "what you did gets most of the width"
    assert remove["x"] + remove["width"] <= 360 and remove["height"] >= 44
    assert not page.problems


def test_the_activity_log_lists_every_action_prints_alone_and_downloads_as_csv(page):
    go(page, template_page("thank-you-one-interviewer"), "templates")
    page.fill("#ati-field-company", "Acme")
    page.fill("#ati-field-interviewer-name", "Ana Ruiz")
    mark_sent(page, "thank-you-one-interviewer")
    go(page, template_page("reference-briefing"), "templates")
    mark_sent(page, "reference-briefing")
    add_interview(page, "=cmd|' /C calc'!A0")  # a spreadsheet formula, as a company name
    go(page, "interviews/log/", "log")
    page.fill("#ati-log-date", "2026-11-28")
    page.fill("#ati-log-text", "Called the recruiter")
    page.locator(".ati-log__add button").click()
    rows = page.locator(".ati-log__table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Called the recruiter")  # oldest first
    name, text = download(page, lambda: page.locator("[data-act=csv]").click())
    assert name.endswith(".csv")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["Date", "Company", "Role", "What you did", "Interviewer"]
    assert len(table) == 4
    assert table[1][1].startswith("'="), "a formula is written as text"
    assert any(r[4] == "Ana Ruiz" and r[1] == "Acme" for r in table[1:])
    page.emulate_media(media="print")
    expect(page.locator(".ati-log__table")).to_be_visible()
    expect(page.locator(".ati-log__add")).to_be_hidden()
    expect(page.locator(".ati-picker")).to_have_count(0)
    expect(page.locator(".md-header")).to_be_hidden()
    page.emulate_media(media="screen")
    rows.nth(0).locator("[data-remove]").click()
    expect(rows).to_have_count(2)
    assert sum(len(i["log"]) for i in record(page)["interviews"]) == 2
    assert not page.problems


def test_adding_past_the_limit_says_so_instead_of_dropping_the_new_interview(page):
    full = {
        "version": 2,
        "me": {"name": "", "email": "", "phone": "", "signoff": ""},
        "prefs": {"dates": ""},
        "current": "i0",
        "changed": "",
        "exported": "",
        "interviews": [{"id": f"i{n}", "company": f"Company {n}"} for n in range(100)],
    }
    page.goto("interviews/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(full)])
    go(page, "planner/", "planner")
    page.locator(".ati-picker [data-act=add]").click()
    page.fill("#ati-pick-company", "One too many")
    page.locator(".ati-picker__form button:not([type])").click()
    expect(page.locator(".ati-picker__msg")).to_contain_text("as many interviews as this site keeps")
    expect(page.locator("#ati-pick option")).to_have_count(100)
    assert len(json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))["interviews"]) == 100
    assert not page.problems


def test_the_checklist_ticks_the_thank_you_once_every_interviewer_has_theirs(page):
    go(page, template_page("thank-you-one-interviewer"), "templates")
    page.fill("#ati-field-interviewer-name", "Ana Ruiz")
    page.locator("[data-act=add-person]").click()
    page.fill("#ati-field-interviewer-name", "Ben Ode")
    mark_sent(page, "thank-you-one-interviewer")  # Ben's
    go(page, "checklists/post-interview/", "checklist")
    item = page.locator("#ati-c-essential-thank-each-interviewer")
    expect(item).not_to_be_checked()  # one of two is not done yet
    go(page, template_page("thank-you-one-interviewer"), "templates")
    page.locator("#ati-person").select_option(label="Ana Ruiz")
    mark_sent(page, "thank-you-one-interviewer")
    go(page, "checklists/post-interview/", "checklist")
    expect(item).to_be_checked()
    expect(page.locator("#ati-l-essential-thank-each-interviewer")).to_contain_text("marked as sent on")
    expect(page.locator(".ati-checklist__progress")).to_contain_text("1 of")
    ticks = record(page)["interviews"][0]["rounds"][-1]["ticks"]
    assert ticks == {}, "the log ticks it; no tick is saved twice"
    assert not page.problems


def test_a_round_and_its_interviewers_are_added_on_your_interviews_and_the_plan_counts_from_it(page):
    page.clock.set_fixed_time("2026-12-29T10:00:00")
    go(page, "interviews/", "interviews")
    page.fill("#ati-new-company", "Acme")
    page.locator(".ati-interviews__add button").click()
    # A new interview's first round is empty: the form fills it, not a second one.
    page.locator(".ati-card").first.get_by_role("link", name="Add a round").click()
    assert page.evaluate("document.activeElement.id") == "ati-round-date"
    expect(page.locator("#ati-round-interview option:checked")).to_have_text("Acme")
    page.fill("#ati-round-date", "2026-12-07")
    page.locator(".ati-interviews__round button").click()
    expect(page.locator(".ati-interviews__msg")).to_have_text(
        "Acme: round 1 on Mon 7 Dec 2026. Its plan counts from that day; "
        "earlier rounds keep their notes and marks.")
    page.fill("#ati-round-date", "2027-01-06")
    page.select_option("#ati-round-mode", "in-person")
    # The names become the notes' greetings ("Dear Grace Hopper," was a finding): the field says so.
    people = page.locator("#ati-round-people")
    expect(people).to_have_accessible_description(re.compile(r"greet them.*\"Dear\""))
    page.fill("#ati-round-people", "Grace Hopper, Alan Kay ,")
    page.locator(".ati-interviews__round button").click()
    expect(page.locator(".ati-interviews__msg")).to_contain_text("Acme: round 2 on Wed 6 Jan 2027.")
    acme = current(record(page))
    assert [(d["date"], d["mode"], [p["name"] for p in d["people"]]) for d in acme["rounds"]] == [
        ("2026-12-07", "", []), ("2027-01-06", "in-person", ["Grace Hopper", "Alan Kay"])]
    card = page.locator(".ati-card").first
    expect(card.locator(".ati-card__round")).to_have_text("Round 2: Wed 6 Jan 2027, in person")
    expect(card.locator(".ati-card__unsent")).to_have_count(2)  # a note for each interviewer
    # The templates page and the planner use the new round.
    go(page, "planner/", "planner")
    expect(page.locator("#ati-p-interview")).to_have_value("2027-01-06")
    go(page, template_page("thank-you-one-interviewer"), "templates")
    expect(page.locator("#ati-person option")).to_have_text(["Grace Hopper", "Alan Kay"])
    assert not page.problems
