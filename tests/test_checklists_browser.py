"""Checklists in real Chromium: saved ticks, interviews, export/import, broken storage, print, a11y."""
from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from conftest import (
    axe_violations,
    build_variant,
    go,
    instant_navigation_ready,
    project_content,
    record_problems,
    serve_dir,
)
from playwright.sync_api import expect

from build_tools import CONTENT_DIR

pytestmark = pytest.mark.browser

KEY = "ati:interviews"
SITE = project_content()
CHECKLISTS = {c["id"]: c for c in SITE.checklists}
COMBINED = "post-interview"
ITEMS = [i["id"] for i in CHECKLISTS[COMBINED]["items"]]
# Items other content names (planner steps, situations): removing one would leave a dangling link.
NAMED_ELSEWHERE = {i for r in (SITE.planner or {}).get("rules", []) for i in r.get("checklist_items", [])} | {
    i for s in SITE.situations for i in s.get("checklist_items", [])}
# Items kept as ticks (the others are a planner step done, kept in the log: see the tests below).
PLAIN = [i["id"] for i in CHECKLISTS[COMBINED]["items"] if "completes" not in i]
URL = f"checklists/{COMBINED}/"


def box(page, item_id):
    return page.locator(f"#ati-c-{item_id}")


def stored(page):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}'))")


def interview_in(state, interview=None) -> dict:
    """One interview of the saved record (the current one by default)."""
    interview = interview or state["current"]
    return next(i for i in state["interviews"] if i["id"] == interview)


def ticked(state, checklist=COMBINED, interview=None):
    """Item ids ticked in the saved record for one checklist (current interview by default)."""
    return set(interview_in(state, interview)["rounds"][-1]["ticks"].get(checklist, {}))


def open_checklist(page, url=URL):
    page.goto(url)
    expect(page.locator(".ati-checklist.ati-js")).to_have_count(1)


def progress(page):
    return page.locator(".ati-checklist__progress")


def message(page):
    return page.locator(".ati-checklist__msg")


# ------------------------------------------------------------------ ticks are kept

def test_tick_survives_reload(page):
    open_checklist(page)
    expect(progress(page)).to_have_text(f"0 of {len(ITEMS)} done")
    box(page, ITEMS[1]).check()
    expect(progress(page)).to_have_text(f"1 of {len(ITEMS)} done")
    page.reload()
    expect(box(page, ITEMS[1])).to_be_checked()
    expect(box(page, ITEMS[0])).not_to_be_checked()
    expect(progress(page)).to_have_text(f"1 of {len(ITEMS)} done")
    assert ticked(stored(page)) == {ITEMS[1]}
    assert page.problems == []


def test_a_tick_is_saved_synchronously_in_the_same_task(page):
    open_checklist(page)
    saved = page.evaluate(f"""id => {{
        document.getElementById('ati-c-' + id).click();
        return JSON.parse(localStorage.getItem('{KEY}'));
    }}""", PLAIN[2])
    assert ticked(saved) == {PLAIN[2]}


def test_ticks_survive_instant_navigation_away_and_back(page):
    open_checklist(page)
    box(page, ITEMS[0]).check()
    instant_navigation_ready(page)
    page.evaluate("window.__sameDocument = true")
    page.locator(f"#{ITEMS[0]} .ati-checklist__why").click()
    page.wait_for_url(re.compile(r"/guide/"))
    page.go_back()
    page.wait_for_url(re.compile(re.escape(URL) + "$"))
    expect(page.locator(".ati-checklist.ati-js")).to_have_count(1)
    expect(box(page, ITEMS[0])).to_be_checked()
    # It was Material's instant navigation (no reload), and the controls were not doubled.
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator(".ati-picker select")).to_have_count(1)
    expect(progress(page)).to_have_text(f"1 of {len(ITEMS)} done")
    assert page.problems == []


def test_script_first_loaded_by_instant_navigation_enhances_each_checklist_once(page, context):
    """The checklist pages load checklist.js from their content, so arriving from the home
    page by instant navigation is the first time it runs; Material runs it again on every
    checklist page after that."""
    first = CHECKLISTS["at-the-interview"]
    page.goto("")
    instant_navigation_ready(page)
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-content a[href$='checklists/']").first.click()
    page.wait_for_url(re.compile(r".*/checklists/$"))
    page.locator(f".md-content a[href$='{first['id']}/']").first.click()
    page.wait_for_url(re.compile(rf".*/checklists/{first['id']}/(#.*)?$"))
    expect(page.locator(".ati-checklist.ati-js")).to_have_count(1)
    first_items = [i["id"] for i in first["items"]]
    box(page, first_items[0]).check()
    # The page follows changes made in another tab.
    other = context.new_page()
    open_checklist(other, f"checklists/{first['id']}/")
    box(other, first_items[1]).check()
    expect(box(page, first_items[1])).to_be_checked()
    expect(page.locator(".ati-checklist__progress")).to_have_text(f"2 of {len(first_items)} done")
    # On to a second checklist: Material runs the script again, which must not set up twice.
    page.locator(f"a.md-nav__link[href$='{COMBINED}/']").first.click()
    page.wait_for_url(re.compile(rf".*/{URL}(#.*)?$"))
    expect(page.locator(".ati-checklist.ati-js")).to_have_count(1)
    box(page, ITEMS[1]).check()
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded fully"
    expect(page.locator(".ati-picker select")).to_have_count(1)
    expect(page.locator(".ati-checklist__progress")).to_have_text(f"1 of {len(ITEMS)} done")
    state = stored(page)
    assert ticked(state, first["id"]) == set(first_items[:2])
    assert ticked(state) == {ITEMS[1]}
    other.goto(URL)
    box(other, ITEMS[2]).check()
    expect(box(page, ITEMS[2])).to_be_checked()
    expect(page.locator(".ati-checklist__progress")).to_have_text(f"2 of {len(ITEMS)} done")
    assert page.problems == [] and page.evaluate("window.__sameDocument") is True


def test_content_edits_keep_ticks_by_id(page, context, tmp_path):
    """Reorder, reword, add and remove items in a copy of content/: ticks follow the ids."""
    removed = next(i for i in reversed(ITEMS) if i not in NAMED_ELSEWHERE)
    kept, reworded = ITEMS[1], ITEMS[0]
    open_checklist(page)
    for item_id in (reworded, kept, removed):
        box(page, item_id).check()
    saved = page.evaluate(f"localStorage.getItem('{KEY}')")

    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "checklists" / f"{COMBINED}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [i for i in data["items"] if i["id"] != removed]
    items[0] = dict(items[0], action="Reworded in a fixture: ask about what happens next")
    items.reverse()
    items.insert(2, dict(items[-1], id="fixture-added-item", action="An item added in a fixture"))
    data["items"] = items
    # A copy with no shared parts: PyYAML would write those as aliases, which content refuses.
    path.write_text(yaml.safe_dump(json.loads(json.dumps(data)), sort_keys=False), encoding="utf-8")
    # As the README says: retire the removed id, record the new one.
    (content / "retired-ids.yml").write_text(
        f"retired:\n  - id: {removed}\n    reason: Removed in a test.\n", encoding="utf-8")
    with (content / "published-ids.yml").open("a", encoding="utf-8") as ids:
        ids.write("  - fixture-added-item\n")
    server, variant_url = serve_dir(build_variant(content, tmp_path / "variant"))
    try:
        page.goto(variant_url + URL)
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, saved])
        page.reload()
        expect(page.locator(f"label[for=ati-c-{reworded}]")).to_have_text(
            "Reworded in a fixture: ask about what happens next")
        expect(box(page, reworded)).to_be_checked()
        expect(box(page, kept)).to_be_checked()
        expect(box(page, "fixture-added-item")).not_to_be_checked()
        expect(box(page, removed)).to_have_count(0)
        expect(progress(page)).to_have_text(f"2 of {len(items)} done")
        assert ticked(stored(page)) == {reworded, kept}  # the removed item's tick is gone
        assert page.problems == []
    finally:
        server.shutdown()


def test_changes_in_one_tab_show_in_another(page, context):
    other = context.new_page()
    open_checklist(page)
    open_checklist(other)
    box(page, ITEMS[3]).check()
    expect(box(other, ITEMS[3])).to_be_checked()
    expect(other.locator(".ati-checklist__progress")).to_have_text(f"1 of {len(ITEMS)} done")
    box(other, ITEMS[3]).uncheck()
    expect(box(page, ITEMS[3])).not_to_be_checked()


def test_with_100_interviews_a_tick_parses_the_record_only_after_another_tab_wrote(page, context):
    """A change reads storage first (two tabs never undo each other), but the whole record is
    parsed again only if storage holds something this tab did not write."""
    # Items that are ticks only (not a planner step's mark, nor ticked by a message).
    plain = [i["id"] for i in CHECKLISTS[COMBINED]["items"]
             if not i.get("completes") and not i.get("done_by")]
    open_checklist(page)
    log = [{"id": f"e{k}", "date": "2026-12-01", "text": "Called the recruiter " * 10, "kind": "",
            "template": "", "person": ""} for k in range(40)]
    saved = {"version": 3, "me": {"name": "", "email": "", "phone": "", "signoff": ""},
             "prefs": {"dates": "", "holidays": ""}, "current": "i0", "changed": "", "exported": "",
             "interviews": [{"id": f"i{n}", "company": f"Company {n}", "role": "", "status": "waiting",
                             "contact": "", "fields": {}, "ticks": {}, "log": log,
                             "created": "", "updated": "",
                             "rounds": [{"id": f"r{n}", "date": "2026-11-30", "mode": "", "people": [],
                                         "decision": "", "promised": "", "promisedBy": ""}]}
                            for n in range(100)]}
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [KEY, saved])
    page.reload()
    expect(page.locator(".ati-checklist.ati-js")).to_have_count(1)
    page.evaluate("""() => { window.__parsed = 0; const parse = JSON.parse;
        JSON.parse = (text, ...rest) => {
            if (text && text.length > 100000) window.__parsed++;
            return parse(text, ...rest); }; }""")
    # Every serialization a tick makes, in characters, against the record's own size.
    page.evaluate("""() => { window.__serialized = 0; const stringify = JSON.stringify;
        JSON.stringify = (...args) => { const s = stringify(...args);
            window.__serialized += s ? s.length : 0; return s; }; }""")
    size = page.evaluate(f"localStorage.getItem('{KEY}').length")
    box(page, plain[0]).check()
    # After the first change, a tick serializes each interview once to see what it changed,
    # and the record's text is put together from those texts: about the record's size in
    # all, never two or three times it.
    for item in plain[1:3]:
        page.evaluate("window.__serialized = 0")
        box(page, item).check()
        assert page.evaluate("window.__serialized") < 1.2 * size, "a tick serialized the record twice"
    assert page.evaluate("window.__parsed") == 0, "a tick parsed the whole record again"
    other = record_problems(context.new_page())
    open_checklist(other)
    box(other, plain[3]).check()
    other.close()
    expect(box(page, plain[3])).to_be_checked()  # the other tab's tick, read from storage
    box(page, plain[4]).check()
    assert page.evaluate("window.__parsed") >= 1, "the other tab's write was read"
    assert ticked(stored(page), interview="i0") == set(plain[:5])
    assert page.problems == []


def test_keyboard_alone_ticks_an_item(page):
    open_checklist(page)
    target = f"ati-c-{ITEMS[0]}"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == target:
            break
    assert page.evaluate("document.activeElement.id") == target, "Tab never reached the first box"
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    page.keyboard.press("Space")
    expect(box(page, ITEMS[0])).to_be_checked()
    assert ticked(stored(page)) == {ITEMS[0]}
    page.keyboard.press("Tab")  # the item's guidance link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"ati-c-{ITEMS[1]}"
    page.keyboard.press("Space")
    expect(progress(page)).to_have_text(f"2 of {len(ITEMS)} done")


def test_clear_ticks_can_be_undone(page):
    open_checklist(page)
    box(page, ITEMS[0]).check()
    box(page, PLAIN[4]).check()
    undo = page.locator(".ati-checklist [data-act=undo]")
    expect(undo).to_be_hidden()
    page.locator(".ati-checklist [data-act=clear]").click()
    expect(progress(page)).to_have_text(f"0 of {len(ITEMS)} done")
    expect(message(page)).to_have_text("Ticks cleared. Undo brings them back.")
    assert ticked(stored(page)) == set()
    undo.click()
    expect(box(page, ITEMS[0])).to_be_checked()
    expect(box(page, PLAIN[4])).to_be_checked()
    expect(undo).to_be_hidden()
    assert ticked(stored(page)) == {ITEMS[0], PLAIN[4]}


# ------------------------------------------------------------------ a planner step done

STEP, FIRST_48 = "plan-brief-references", "the-first-48-hours"
# The step's item on each of the two checklists that have one.
STEP_ITEMS = {cid: next(i["id"] for i in CHECKLISTS[cid]["items"] if i.get("completes") == STEP)
              for cid in (FIRST_48, COMBINED)}


def step_marks(state):
    return [e for e in interview_in(state)["log"] if e["kind"] == STEP]


def test_an_item_that_is_a_planner_step_is_that_steps_mark_as_done_everywhere(page):
    page.clock.set_fixed_time("2026-12-02T10:00:00")
    go(page, "planner/", "planner")
    page.fill("#ati-p-interview", "2026-12-01")
    step = page.locator(f'.ati-plan > li[data-rule="{STEP}"]')
    expect(step.locator(".ati-plan__state")).to_have_text("Due now")

    open_checklist(page, f"checklists/{FIRST_48}/")
    box(page, STEP_ITEMS[FIRST_48]).check()
    expect(page.locator(f"#ati-l-{STEP_ITEMS[FIRST_48]}")).to_contain_text(
        'Done on Wed, Dec 2, 2026: the planner counts "Brief your references" as done.')
    saved = stored(page)
    marks = [(e["date"], e["text"]) for e in step_marks(saved)]
    assert marks == [("2026-12-02", "Done: Brief your references")]
    assert ticked(saved, FIRST_48) == set(), "kept as the step's mark, not as a tick"
    # The same step on the other checklist, in the planner and in Your interviews.
    open_checklist(page)
    expect(box(page, STEP_ITEMS[COMBINED])).to_be_checked()
    go(page, "interviews/", "interviews")
    expect(page.locator(".ati-due li[data-rule=plan-thank-you]")).to_have_count(1)
    expect(page.locator(f".ati-due li[data-rule={STEP}]")).to_have_count(0)
    go(page, "planner/", "planner")
    expect(step.locator(".ati-plan__state")).to_have_text("Done on Wed, Dec 2, 2026")
    # Unmarked in the planner: unticked on both checklists.
    step.locator(f'[data-done="{STEP}"]').click()
    expect(step.locator(".ati-plan__state")).to_have_text("Due now")
    for cid, item in STEP_ITEMS.items():
        open_checklist(page, f"checklists/{cid}/")
        expect(box(page, item)).not_to_be_checked()
    # Ticked, then unticked, on a checklist; then ticked and cleared, and brought back by Undo.
    box(page, STEP_ITEMS[COMBINED]).check()
    box(page, STEP_ITEMS[COMBINED]).uncheck()
    assert step_marks(stored(page)) == []
    box(page, STEP_ITEMS[COMBINED]).check()
    page.locator(".ati-checklist [data-act=clear]").click()
    expect(box(page, STEP_ITEMS[COMBINED])).not_to_be_checked()
    expect(message(page)).to_have_text(
        "Ticks cleared, and 1 planner step marked not done. Undo brings them back.")
    assert step_marks(stored(page)) == []
    page.locator(".ati-checklist [data-act=undo]").click()
    expect(box(page, STEP_ITEMS[COMBINED])).to_be_checked()
    assert len(step_marks(stored(page))) == 1
    assert page.problems == []


def seed(page, **interview) -> None:
    """Saves the record with these fields changed in the current interview, and reloads."""
    saved = stored(page)
    interview_in(saved).update(interview)
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [KEY, saved])
    page.reload()
    expect(page.locator(".ati-checklist.ati-js")).to_have_count(1)


def rounds(*dates):
    return [{"id": f"r{n}", "date": d, "mode": "", "people": []} for n, d in enumerate(dates, 1)]


def test_a_step_tick_belongs_to_the_latest_round_and_leaves_earlier_rounds_marks(page):
    page.clock.set_fixed_time("2026-12-02T10:00:00")
    open_checklist(page)
    box(page, PLAIN[0]).check()  # the record exists
    earlier = {"id": "e1", "date": "2026-11-21", "text": "Done: Brief your references", "kind": STEP,
               "template": "", "person": ""}
    seed(page, rounds=rounds("2026-11-20", "2026-12-01"), log=[earlier])
    item = box(page, STEP_ITEMS[COMBINED])
    expect(item).not_to_be_checked()  # round 1's mark is not round 2's
    item.check()
    item.uncheck()
    assert step_marks(stored(page)) == [earlier], "round 1's mark is history, and stays"
    go(page, "planner/", "planner")
    step = page.locator(f'.ati-plan > li[data-rule="{STEP}"]')
    expect(step.locator(".ati-plan__state")).to_have_text("Due now")
    expect(step.locator(f'[data-done="{STEP}"]')).to_have_text("Mark as done")
    assert page.problems == []


def test_a_newer_round_without_a_date_leaves_earlier_rounds_marks_alone(page):
    page.clock.set_fixed_time("2026-12-29T10:00:00")
    open_checklist(page)
    box(page, PLAIN[0]).check()
    earlier = {"id": "e1", "date": "2026-12-08", "text": "Done: Brief your references", "kind": STEP,
               "template": "", "person": ""}
    seed(page, rounds=rounds("2026-12-07", ""), log=[earlier])
    item = box(page, STEP_ITEMS[COMBINED])
    expect(item).not_to_be_checked()  # round 2 has no date yet: round 1's mark is still not its own
    item.check()
    assert [e["date"] for e in step_marks(stored(page))] == ["2026-12-08", "2026-12-29"]
    item.uncheck()
    assert step_marks(stored(page)) == [earlier], "unticking takes only round 2's mark away"
    assert page.problems == []


CHECK_INS = ("plan-check-in-after-decision", "plan-check-in-no-date")
CHECK_IN_ITEMS = {cid: next(i["id"] for i in CHECKLISTS[cid]["items"]
                           if i.get("completes") == list(CHECK_INS))
                  for cid in ("waiting-and-checking-in", COMBINED)}


@pytest.mark.parametrize("decision, step", [("2026-12-18", CHECK_INS[0]), ("", CHECK_INS[1])])
def test_a_check_in_item_completes_the_check_in_step_the_plan_has(page, decision, step):
    page.clock.set_fixed_time("2026-12-21T10:00:00")
    open_checklist(page)
    box(page, PLAIN[0]).check()
    first = rounds("2026-12-07")[0]
    seed(page, rounds=[{**first, "decision": decision}])
    box(page, CHECK_IN_ITEMS[COMBINED]).check()
    kinds = [e["kind"] for e in interview_in(stored(page))["log"] if e["kind"] in CHECK_INS]
    assert kinds == [step]
    # Its twin on the other checklist is the same mark, and the planner counts the step done.
    open_checklist(page, "checklists/waiting-and-checking-in/")
    expect(box(page, CHECK_IN_ITEMS["waiting-and-checking-in"])).to_be_checked()
    go(page, "planner/", "planner")
    done = page.locator(f'.ati-plan > li[data-rule="{step}"] .ati-plan__state')
    expect(done).to_have_text("Done on Mon, Dec 21, 2026")
    open_checklist(page, "checklists/waiting-and-checking-in/")
    box(page, CHECK_IN_ITEMS["waiting-and-checking-in"]).uncheck()
    assert [e for e in interview_in(stored(page))["log"] if e["kind"] in CHECK_INS] == []
    assert page.problems == []


def test_a_step_item_ticked_before_the_interview_keeps_a_plain_tick(page):
    page.clock.set_fixed_time("2026-12-02T10:00:00")
    open_checklist(page)
    box(page, PLAIN[0]).check()  # the record exists
    seed(page, rounds=rounds("2026-12-09"))  # a round of its own, with no ticks yet
    box(page, PLAIN[0]).check()
    item = box(page, STEP_ITEMS[COMBINED])
    item.check()
    page.reload()
    expect(item).to_be_checked()
    expect(page.locator(f"#ati-l-{STEP_ITEMS[COMBINED]}")).to_have_text(
        "The interview is still to come, so the planner doesn't count this tick yet.")
    assert step_marks(stored(page)) == []
    assert ticked(stored(page)) == {PLAIN[0], STEP_ITEMS[COMBINED]}
    assert page.problems == []


def test_a_tick_an_earlier_version_saved_on_a_step_item_still_shows_and_comes_off(page):
    open_checklist(page)
    box(page, PLAIN[0]).check()
    # A tick on the item, as every version before saved it.
    seed(page, ticks={COMBINED: {PLAIN[0]: 1, STEP_ITEMS[COMBINED]: 1}})
    expect(box(page, STEP_ITEMS[COMBINED])).to_be_checked()
    expect(page.locator(f"#ati-l-{STEP_ITEMS[COMBINED]}")).to_have_text(
        "The planner doesn't count this tick yet: untick it and tick it again to count it.")
    box(page, STEP_ITEMS[COMBINED]).uncheck()
    page.reload()
    expect(box(page, STEP_ITEMS[COMBINED])).not_to_be_checked()
    assert ticked(stored(page)) == {PLAIN[0]}
    assert page.problems == []


def test_status_messages_are_polite_live_regions(page):
    open_checklist(page)
    for region in (progress(page), message(page)):
        expect(region).to_have_attribute("role", "status")
    # Still in the accessibility tree while empty, so its first message is announced.
    assert page.evaluate("getComputedStyle(document.querySelector('.ati-checklist__msg')).display") != "none"


# ------------------------------------------------------------------ several interviews

def test_a_second_round_starts_its_checklists_empty_and_the_first_keeps_its_ticks(page):
    page.clock.set_fixed_time("2026-12-08T10:00:00")
    page.goto("interviews/")
    page.locator("[data-module=interviews].ati-js").wait_for()

    def add_round(day):
        page.fill("#ati-round-date", day)
        page.locator(".ati-interviews__round button").click()
        expect(page.locator(".ati-interviews__msg")).to_contain_text(day[-2:].lstrip("0"))

    add_round("2026-12-07")  # the first round's date
    open_checklist(page)
    box(page, PLAIN[0]).check()
    expect(progress(page)).to_contain_text("1 of")
    page.goto("interviews/")
    page.locator("[data-module=interviews].ati-js").wait_for()
    add_round("2027-01-06")
    open_checklist(page)
    expect(box(page, PLAIN[0])).not_to_be_checked()
    expect(progress(page)).to_have_text(f"0 of {len(ITEMS)} done")
    box(page, PLAIN[1]).check()
    rounds = interview_in(stored(page))["rounds"]
    assert [set(d["ticks"].get(COMBINED, {})) for d in rounds] == [{PLAIN[0]}, {PLAIN[1]}]
    assert page.problems == []


def test_two_interviews_keep_separate_ticks(page):
    open_checklist(page)
    box(page, ITEMS[0]).check()
    name = "Acme <b>product</b> manager"  # shown as text, never as markup
    page.locator(".ati-picker [data-act=add]").click()
    page.fill("#ati-pick-company", name)
    page.locator(".ati-picker__form button:not([type])").click()
    select = page.locator("#ati-pick")
    expect(select.locator("option:checked")).to_have_text(name)
    expect(box(page, ITEMS[0])).not_to_be_checked()
    expect(progress(page)).to_have_text(f"0 of {len(ITEMS)} done")
    box(page, ITEMS[1]).check()

    page.reload()
    expect(select.locator("option:checked")).to_have_text(name)
    expect(box(page, ITEMS[1])).to_be_checked()
    expect(box(page, ITEMS[0])).not_to_be_checked()
    select.select_option(label="Your interview")
    expect(box(page, ITEMS[0])).to_be_checked()
    expect(box(page, ITEMS[1])).not_to_be_checked()

    state = stored(page)
    named = next(i for i in state["interviews"] if i["company"] == name)
    assert ticked(state, interview=named["id"]) == {ITEMS[1]}
    assert ticked(state, interview=state["interviews"][0]["id"]) == {ITEMS[0]}
    assert state["interviews"][0]["company"] == ""  # the first needs no name

    # Removing an interview can be undone.
    select.select_option(label=name)
    page.locator(".ati-picker [data-act=remove]").click()
    expect(select.locator("option")).to_have_count(1)
    page.locator(".ati-picker [data-act=undo]").click()
    expect(select.locator("option:checked")).to_have_text(name)
    expect(box(page, ITEMS[1])).to_be_checked()
    assert page.problems == []


# ------------------------------------------------------------------ broken storage

@pytest.mark.parametrize("garbage", ["{not json", "[1, 2, 3]", '"text"', "42",
                                     '{"cur": "x", "list": []}', '{"version": 1}',
                                     '{"version": "2", "interviews": []}'])
def test_garbage_in_storage_leaves_a_working_page(page, garbage):
    page.goto(URL)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, garbage])
    page.reload()
    expect(page.locator(".ati-checklist.ati-js")).to_have_count(1)
    expect(page.locator(".ati-picker__note")).to_contain_text("could not be read")
    box(page, ITEMS[0]).check()
    expect(progress(page)).to_have_text(f"1 of {len(ITEMS)} done")
    assert ticked(stored(page)) == {ITEMS[0]}  # saving works again
    # What could not be read is kept untouched under another key.
    assert page.evaluate("localStorage.getItem('ati:interviews:unreadable')") == garbage
    assert page.problems == []


BLOCKED = """Object.defineProperty(window, 'localStorage', {
  get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });"""
FULL = """Storage.prototype.setItem = function () {
  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };"""


@pytest.mark.parametrize("script", [BLOCKED, FULL], ids=["blocked", "full"])
def test_unusable_storage_says_so_quietly_and_the_page_works_for_the_visit(context, script):
    context.add_init_script(script)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(exc.stack or str(exc)))
    page.on("console", lambda msg: msg.type in ("error", "warning") and errors.append(
        f"{msg.text} @ {msg.location.get('url', '')}"))
    open_checklist(page)
    box(page, ITEMS[0]).check()
    note = page.locator(".ati-picker__note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("only until you close this tab")
    expect(progress(page)).to_have_text(f"1 of {len(ITEMS)} done")
    # For the rest of the visit the ticks stay, across instant navigation too.
    page.locator(f"#{ITEMS[0]} .ati-checklist__why").click()
    page.wait_for_url(re.compile(r"/guide/"))
    page.go_back()
    expect(page.locator(".ati-checklist.ati-js")).to_have_count(1)
    expect(box(page, ITEMS[0])).to_be_checked()
    box(page, ITEMS[1]).check()
    expect(progress(page)).to_have_text(f"2 of {len(ITEMS)} done")
    # Material's own inline helper may trip over blocked storage; ours must throw nothing.
    assert [e for e in errors if "javascripts/" in e] == []


# ------------------------------------------------------------------ print

@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_combined_checklist_prints_on_one_page(page, paper):
    open_checklist(page)
    box(page, ITEMS[0]).check()
    pdf = page.pdf(format=paper, margin={side: "0.5in" for side in ("top", "right", "bottom", "left")})
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    assert len(pages) == 1, f"{paper}: {len(pages)} pages"


def test_print_shows_the_checklist_alone_with_ticks(page):
    open_checklist(page)
    box(page, ITEMS[1]).check()
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-tabs", ".md-footer", ".md-search",
                   ".ati-checklist__tools", ".ati-lead", ".ati-checklist__why",
                   "[data-act=print]"):
        loc = page.locator(hidden)
        for i in range(loc.count()):
            assert not loc.nth(i).is_visible(), f"{hidden} shows in print"
    for shown in ("h1", ".ati-checklist__fields", f"#ati-c-{ITEMS[0]}",
                  f"label[for=ati-c-{ITEMS[0]}]"):
        assert page.locator(shown).first.is_visible(), f"{shown} missing in print"
    expect(box(page, ITEMS[1])).to_be_checked()
    page.emulate_media(media="screen")
    assert page.locator(".md-header").is_visible()
    assert not page.locator(".ati-checklist__fields").is_visible()


def test_print_button_opens_the_print_dialog(page):
    open_checklist(page)
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.locator("[data-act=print]").click()
    assert page.evaluate("window.__printed") == 1


def test_without_javascript_the_list_reads_and_prints_with_empty_boxes(no_js_page):
    page = no_js_page
    page.goto(URL)
    for item in CHECKLISTS[COMBINED]["items"]:
        expect(page.locator(f"label[for=ati-c-{item['id']}]")).to_be_visible()
    expect(page.locator(".ati-checklist input[type=checkbox]").first).to_be_hidden()
    expect(page.locator(".ati-checklist__tools").first).to_be_hidden()
    page.emulate_media(media="print")
    drawn = page.evaluate("""() => getComputedStyle(
        document.querySelector('.ati-checklist__item'), '::before').borderTopStyle""")
    assert drawn == "solid"


# ------------------------------------------------------------------ accessibility

@pytest.mark.parametrize("scheme, cid", [("light", c) for c in sorted(CHECKLISTS)]
                         + [("dark", COMBINED)])
def test_checklist_pages_have_no_axe_violations(page, scheme, cid):
    page.emulate_media(color_scheme=scheme)
    open_checklist(page, f"checklists/{cid}/")
    # Material fades button colours over 125 ms; axe must judge the settled colours.
    # (A constructed stylesheet: the site's Content-Security-Policy blocks <style> tags.)
    page.evaluate("""() => { const sheet = new CSSStyleSheet();
        sheet.replaceSync('*, *::before, *::after { transition: none !important; }');
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }""")
    box(page, CHECKLISTS[cid]["items"][0]["id"]).check()
    page.locator(".ati-picker [data-act=add]").click()  # the picker's form shows too
    page.fill("#ati-pick-company", "Acme")
    page.locator(".ati-checklist [data-act=clear]").click()  # and the undo button, and a message
    expect(page.locator(".ati-checklist [data-act=undo]")).to_be_visible()
    assert axe_violations(page) == []
    page.mouse.move(0, 0)  # the pointer rested on a button; check its normal state too
    page.locator("[data-act=print]").focus()
    assert axe_violations(page) == []


def test_checklists_index_has_no_axe_violations(page):
    page.goto("checklists/")
    assert axe_violations(page) == []


# ------------------------------------------------------------------ where messages appear

IN_VIEW = """el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"""


def test_messages_appear_on_the_phone_screen_where_the_button_was_pressed(phone_page):
    page = phone_page
    open_checklist(page)
    # Adding an interview from the picker at the top: its message is beside it.
    page.locator(".ati-picker [data-act=add]").tap()
    page.locator("#ati-pick-company").fill("Acme")
    page.locator(".ati-picker__form .md-button--primary").tap()
    said = page.locator(".ati-picker__msg")
    expect(said).to_contain_text("Added Acme")
    assert said.evaluate(IN_VIEW), "the picker's message is off the screen"
    # Clearing the ticks at the foot of the list: its message is beside those buttons.
    box(page, ITEMS[0]).check()
    clear = page.locator("[data-act=clear]")
    clear.scroll_into_view_if_needed()
    clear.tap()
    expect(message(page)).not_to_be_empty()
    assert message(page).evaluate(IN_VIEW), "the checklist's message is off the screen"
    assert message(page).get_attribute("role") == "status"  # still read out by screen readers


def test_on_a_phone_the_links_that_stand_alone_are_big_enough_to_tap(phone_page):
    page = phone_page
    page.clock.set_fixed_time("2026-12-10T10:00:00")
    go(page, "planner/", "planner")
    page.fill("#ati-p-interview", "2026-12-01")  # so Your interviews has steps due
    sizes = {}
    for path, selector in (("checklists/post-interview/", ".ati-checklist__why"),
                           ("interviews/", ".ati-card__tools a, .ati-due a")):
        page.goto(path)
        page.locator("[data-module].ati-js").first.wait_for()
        boxes = [b for b in (e.bounding_box() for e in page.locator(selector).all()) if b]
        assert boxes, selector
        sizes[selector] = min(b["height"] for b in boxes)
    assert all(h >= 24 for h in sizes.values()), sizes
    assert page.problems == []
