"""The follow-up planner's rules (content/planner.yml), its page and its script, checked in Python.

Browser behaviour is in test_planner_browser.py; the dates there come from planner_oracle.py,
whose own arithmetic is pinned here against dates worked out by hand from a calendar.
"""
from __future__ import annotations

import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import planner_oracle as oracle
import pytest
from conftest import FIXTURES, project_content
from markupsafe import escape

from build_tools import ROOT
from build_tools.content import load_content
from build_tools.holidays_data import PLACES, YEARS, holiday_files
from build_tools.publish import minified
from build_tools.render import Renderer
from tests.support.measure import gzip_size

SITE = project_content()
RULES = SITE.planner["rules"]
BY_ID = {r["id"]: r for r in RULES}
JS = ROOT / "docs" / "assets" / "javascripts" / "planner.js"


def d(text: str) -> date:
    return date.fromisoformat(text)


# ------------------------------------------------------------------ the rules

def test_the_plan_covers_every_step_the_issue_asks_for():
    ids = set(BY_ID)
    for needed in ("plan-thank-you", "plan-brief-references", "plan-send-what-you-promised",
                   "plan-check-in-after-decision", "plan-check-in-no-date", "plan-check-in-again",
                   "plan-stop-chasing"):
        assert needed in ids


def test_the_articles_views_are_shown_where_they_differ_on_a_step():
    # That each step's views differ is the rule planner-views-differ.
    assert sum(1 for rule in RULES if rule.get("views")) >= 3


def test_timings_no_article_gives_are_labelled_as_our_suggestion():
    stop = BY_ID["plan-stop-chasing"]
    assert "our suggestion" in stop["suggestion"].lower()
    assert "not a number from any article" in stop["suggestion"]
    assert "our suggestion" in BY_ID["plan-check-in-again"]["suggestion"].lower()


def test_the_thank_you_rule_keeps_the_articles_range_and_who_says_what():
    rule = BY_ID["plan-thank-you"]
    assert rule["earliest"] == {"count": 0, "unit": "business-days"}
    assert rule["latest"] == {"count": 2, "unit": "business-days"}
    cited = {s for v in rule["views"] for s in v["sources"]}
    assert {"rangel-eight-steps", "garvy-after-your-interview", "follow-up-dos-donts",
            "what-to-do-after-an-interview"} <= cited


def test_steps_link_to_templates_and_guide_pages():
    assert BY_ID["plan-thank-you"].get("templates")
    for rule in RULES:
        assert rule.get("related"), rule["id"]


def test_steps_link_to_checklist_items_where_a_checklist_has_them():
    linked = [r for r in RULES if r.get("checklist_items")]
    assert len(linked) >= 5
    for rule in linked:
        for item_id in rule["checklist_items"]:
            assert SITE.items[item_id].kind == "checklist-item"


# ------------------------------------------------------------------ the oracle itself

@pytest.mark.parametrize("start, count, expected", [
    ("2026-03-06", 2, "2026-03-10"),  # Friday + 2 business days: Tuesday
    ("2026-03-02", 2, "2026-03-04"),  # Monday: Wednesday
    ("2026-03-07", 1, "2026-03-09"),  # Saturday + 1: Monday
    ("2026-03-08", 2, "2026-03-10"),  # Sunday + 2: Tuesday
    ("2026-12-31", 2, "2027-01-04"),  # New Year's Eve (Thursday): Friday, then Monday
    ("2028-02-25", 2, "2028-02-29"),  # Friday + 2 lands on the leap day
    ("2026-03-07", 0, "2026-03-07"),  # 0 is the day itself, even a Saturday
])
def test_oracle_business_days_match_a_calendar(start, count, expected):
    assert oracle.business_days_after(d(start), count) == d(expected)


def test_oracle_plan_for_a_friday_interview_matches_a_hand_worked_plan():
    plan = oracle.expected_plan(RULES, d("2026-03-06"), promised="Work sample",
                                promised_by=d("2026-03-11"))
    got = {s.rule: (s.start.isoformat(), s.end.isoformat()) for s in plan}
    assert got == {
        "plan-thank-you": ("2026-03-06", "2026-03-10"),
        "plan-brief-references": ("2026-03-06", "2026-03-10"),
        "plan-keep-searching": ("2026-03-06", "2026-03-09"),
        "plan-send-what-you-promised": ("2026-03-11", "2026-03-11"),
        "plan-check-in-no-date": ("2026-03-13", "2026-03-16"),   # +7 Fri, +10 Mon
        "plan-check-in-again": ("2026-03-23", "2026-03-26"),     # 16 Mar +7, +10
        "plan-stop-chasing": ("2026-04-02", "2026-04-02"),       # 26 Mar + 7
    }
    assert [s.rule for s in plan][-1] == "plan-stop-chasing"
    assert next(s for s in plan if s.rule == "plan-send-what-you-promised").summary == \
        "Send what you promised: Work sample"


def test_oracle_skips_holidays_in_business_days_and_never_starts_or_ends_on_one():
    # Tuesday 22 Dec 2026 in England: 25 Dec (Fri), 28 Dec (Boxing Day observed, Mon) and
    # 1 Jan (Fri) are bank holidays, so +2 business days from Wed 23 Dec is Tue 29 Dec.
    christmas = frozenset({d("2026-12-25"), d("2026-12-28"), d("2027-01-01")})
    assert oracle.business_days_after(d("2026-12-23"), 2, christmas) == d("2026-12-29")
    assert oracle.business_days_after(d("2026-12-23"), 2) == d("2026-12-25")
    plan = oracle.expected_plan(RULES, d("2026-12-22"), holidays=christmas)
    for step in plan:
        assert step.start not in christmas and step.end not in christmas, step
    got = {s.rule: (s.start.isoformat(), s.end.isoformat()) for s in plan}
    # +7 (29 Dec) is a working day; +10 is 1 Jan, a holiday, then the weekend: Mon 4 Jan.
    assert got["plan-check-in-no-date"] == ("2026-12-29", "2027-01-04")


def test_oracle_keeps_the_day_you_promised_even_on_a_holiday():
    good_friday = frozenset({d("2027-03-26")})
    plan = oracle.expected_plan(RULES, d("2027-03-22"), promised="A work sample",
                                promised_by=d("2027-03-26"), holidays=good_friday)
    promise = next(s for s in plan if s.rule == "plan-send-what-you-promised")
    assert (promise.start, promise.end) == (d("2027-03-26"), d("2027-03-26"))


def test_oracle_counts_from_the_day_a_step_was_done():
    plan = oracle.expected_plan(RULES, d("2026-03-02"))
    later = oracle.expected_plan(RULES, d("2026-03-02"), done={"plan-thank-you": d("2026-03-03")})
    before = {s.rule: s for s in plan}
    after = {s.rule: s for s in later}
    assert before["plan-thank-you"].end == d("2026-03-04")
    counted = [r["id"] for r in RULES if "plan-thank-you" in [r["anchor"][0], r.get("after_done")]]
    assert counted, "some rule counts from the thank-you note"
    # No decision date: the check-in counts from the note (Tue 3 Mar) + 7 days, not from the interview.
    assert before["plan-check-in-no-date"].start == d("2026-03-09")
    assert after["plan-check-in-no-date"].start == d("2026-03-10")
    assert after["plan-check-in-again"].start > before["plan-check-in-again"].start


def test_each_places_holiday_file_is_the_librarys_list_for_three_years():
    import holidays

    files = holiday_files(date(2026, 12, 1))
    assert sorted(files) == sorted(f"holidays/{k}.json" for k in PLACES)
    for key, (name, country, subdiv) in PLACES.items():
        data = json.loads(files[f"holidays/{key}.json"])
        assert (data["key"], data["place"]) == (key, name)
        assert (data["first"], data["last"]) == ("2025-01-01", "2028-12-31") and YEARS == 4
        library = holidays.country_holidays(country, subdiv=subdiv, years=[2025, 2026, 2027, 2028])
        assert data["dates"] == {day.isoformat(): label for day, label in sorted(library.items())}, key
        assert all("2025-01-01" <= day <= data["last"] for day in data["dates"]), key
        assert data["source"].endswith(holidays.__version__)
    assert "2026-12-25" in json.loads(files["holidays/england-and-wales.json"])["dates"]
    assert "2026-11-26" in json.loads(files["holidays/united-states.json"])["dates"]  # Thanksgiving


def test_the_render_writes_the_holiday_files_for_the_build_year():
    rendered = Renderer(SITE).render_all()
    year = date.today().year
    for key in PLACES:
        data = json.loads(rendered[f"holidays/{key}.json"])
        assert data["first"] == f"{year - 1}-01-01"


def test_oracle_plan_with_a_decision_date_on_the_interview_day_skips_the_day_after():
    # Thursday interview, "we decide today": +1 business day is Friday, the day after the
    # interview, so it moves to Saturday (2 days after), then off the weekend to Monday.
    plan = oracle.expected_plan(RULES, d("2026-06-11"), decision=d("2026-06-11"))
    got = {s.rule: (s.start.isoformat(), s.end.isoformat()) for s in plan}
    assert got["plan-check-in-after-decision"] == ("2026-06-15", "2026-06-16")
    assert "plan-check-in-no-date" not in got
    assert got["plan-check-in-again"] == ("2026-06-23", "2026-06-26")


def test_over_three_years_of_interview_days_the_plan_keeps_its_promises():
    rules_with_weekday_rule = {r["id"] for r in RULES if r.get("move_off_weekends")}
    day = date(2026, 1, 1)
    while day < date(2029, 1, 1):
        for decision in (None, day, day + timedelta(days=3), day + timedelta(days=40)):
            plan = oracle.expected_plan(RULES, day, decision=decision, promised_by=day)
            ids = [s.rule for s in plan]
            assert len(ids) == len(set(ids))
            # Every rule whose condition holds can be dated: its anchor is always there.
            applicable = {r["id"] for r in RULES if r.get("only_when") != (
                "no-decision-date" if decision else "decision-given")}
            assert set(ids) == applicable, (day, decision)
            for s in plan:
                assert day <= s.start <= s.end, (day, s)
                if s.rule in rules_with_weekday_rule:
                    assert s.start.weekday() < 5 and s.end.weekday() < 5, (day, s)
                if "check-in" in s.rule:
                    assert s.start >= day + timedelta(days=2), (day, s)
            thanks = next(s for s in plan if s.rule == "plan-thank-you")
            assert thanks.end - day <= timedelta(days=4)
            assert [s.start for s in plan] == sorted(s.start for s in plan)
        day += timedelta(days=1)


# ------------------------------------------------------------------ the page

class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def data(self) -> dict:
        """The rules the script reads, from the planner's data-planner attribute."""
        (found,) = [a["data-planner"] for t, a in self.tags if "data-planner" in a]
        return json.loads(found)


@pytest.fixture(scope="module")
def planner_md() -> str:
    return Renderer(SITE).render_all()["planner/index.md"]


def test_page_has_a_table_row_and_a_detail_section_per_rule(planner_md):
    rows = re.findall(r'<th scope="row"[^>]*><a href="#([a-z0-9-]+)">', planner_md)
    assert rows == [r["id"] for r in RULES]
    for rule in RULES:
        assert f'{{#{rule["id"]}}}' in planner_md
        assert f'data-rule-body="{rule["id"]}"' in planner_md
    assert "data-rule=" not in planner_md.replace("data-rule-body=", ""), \
        "plan steps (data-rule) are made by the script, not shown without it"


def test_page_form_is_hidden_until_the_script_enhances_it(planner_md):
    scan = _Scan()
    scan.feed(planner_md)
    (root,) = [a for t, a in scan.tags if "data-planner" in a]
    assert "hidden" in root and root["class"] == "ati-planner"
    # Without the form, the page says the table leaves holidays to the reader.
    assert "Without the form, move a step yourself if it lands on a holiday" in planner_md


def test_page_embeds_the_rules_as_json_the_script_reads(planner_md):
    scan = _Scan()
    scan.feed(planner_md)
    data = scan.data()
    # The rules are no inline script: Material's instant navigation would run it as code.
    # The script tags are the shared ati.js (the core, the record), the picker and planner.js itself.
    assert re.findall(r"<script[^>]*>", planner_md) == [
        '<script defer src="../assets/javascripts/ati.js">',
        '<script defer src="../assets/javascripts/picker.js">',
        '<script defer src="../assets/javascripts/planner.js">']
    # Everything the dates need, exactly as written in the YAML.
    needed = {"id", "title", "anchor", "earliest", "latest", "never_before",
              "move_off_weekends", "only_when", "names_the_promise", "after_done", "urgency"}
    assert [{k: v for k, v in r.items() if k != "kinds"} for r in data["rules"]] == [
        {k: v for k, v in r.items() if k in needed} for r in RULES]
    # What the calendar events say, the script reads from each step's details.
    for r in RULES:
        assert f"<p data-what>{escape(r['what'])}</p>" in planner_md, r["id"]
        assert f"<span data-why>{escape(r['why'])}</span>" in planner_md, r["id"]
        for text in r.get("by_contact", {}).values():
            assert f"<span data-text>{escape(text)}</span>" in planner_md, r["id"]
    # Each step is done by a log entry of a kind of the templates it names.
    kinds = {t["id"]: t["kind"] for g in SITE.template_groups for t in g["templates"]}
    assert [r["kinds"] for r in data["rules"]] == [
        list(dict.fromkeys(kinds[t] for t in r.get("templates", []))) for r in RULES]
    assert any(r["kinds"] for r in data["rules"])


def test_every_form_field_has_a_label_and_errors_are_described_by(planner_md):
    scan = _Scan()
    scan.feed(planner_md)
    labels = {a.get("for") for t, a in scan.tags if t == "label"}
    fields = [(t, a) for t, a in scan.tags if t in ("input", "select", "textarea")
              and a.get("id", "").startswith("ati-p-")]
    assert len(fields) == 6  # with where you are, for public holidays
    for _tag, a in fields:
        assert a["id"] in labels, a
        if a.get("type") == "date":
            assert f'{a["id"]}-error' in a["aria-describedby"].split()


def test_json_block_escapes_markup_in_content(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "planner.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Brief your references", "title: \"Brief </script><b>x</b> refs\""), encoding="utf-8")
    md = Renderer(load_content(content)).render_all()["planner/index.md"]
    raw = md.split("data-planner='", 1)[1].split("'", 1)[0]
    assert not set(raw) & set("<>&'")
    scan = _Scan()
    scan.feed(md)
    assert scan.data()["rules"][1]["title"] == "Brief </script><b>x</b> refs"
    assert "<b>" not in md


def test_a_content_tree_without_planner_rules_makes_no_planner_page():
    site = load_content(FIXTURES / "minimal")
    assert site.planner is None
    pages = Renderer(site).render_all()
    assert "planner/index.md" not in pages and "guide/one.md" in pages


# ------------------------------------------------------------------ the script

def test_planner_js_is_within_its_budget_of_4_kb_gzipped_as_served():
    assert gzip_size(minified(JS).encode("utf-8")) <= 4096


