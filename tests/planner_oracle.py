"""The tests' oracle for the follow-up planner: the date rules of content/planner.yml
worked out a second time, in Python, with nothing shared with planner.js.

Python's datetime.date has no time of day and no time zone, so daylight-saving changes
cannot touch it: whatever the browser's zone, its plan must match this one.

The rules, as the schema describes them:
- An offset of n 'days' is n calendar days later. An offset of n 'business-days' is the
  n-th Monday-to-Friday date after the anchor (0 is the anchor itself, whatever its day).
- A rule counts from the first of its anchors that is in the plan: a date the user gave
  ('interview', 'decision', 'promised-by') or an earlier rule's step, whose last date is
  then the anchor.
- never_before: a date earlier than that offset from the interview is moved up to it.
- move_off_weekends: a Saturday or Sunday then moves on to the Monday.
- Public holidays (a set of dates, from the `holidays` package for the place chosen): a
  business day is a weekday that is not one, and no step starts or ends on one: such a
  date moves on a day (and again, past a weekend where the rule moves off weekends),
  except a step counted from the promised-by date, which stays as the user gave it.
- A step done (its date, from the log's "Mark as sent") is the anchor of the rules that
  count from it, instead of its last date, and of the rules that name it as after_done.
- only_when: 'decision-given', 'no-decision-date' or 'promised' (a promised-by date).
- Steps are listed by first date; steps on the same date keep the YAML order.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

PLANNER_YML = Path(__file__).resolve().parent.parent / "content" / "planner.yml"
INPUT_ANCHORS = ("interview", "decision", "promised-by")
SATURDAY, SUNDAY = 5, 6


def load_rules(path: Path = PLANNER_YML) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]


def business_days_after(day: date, count: int, holidays: frozenset = frozenset()) -> date:
    """The count-th weekday that is no holiday after day (count 0: day itself)."""
    weekdays_seen, current = 0, day
    while weekdays_seen < count:
        current += timedelta(days=1)
        if current.weekday() not in (SATURDAY, SUNDAY) and current not in holidays:
            weekdays_seen += 1
    return current


def apply_offset(day: date, offset: dict, holidays: frozenset = frozenset()) -> date:
    if offset["unit"] == "days":
        return day + timedelta(days=offset["count"])
    assert offset["unit"] == "business-days", offset
    return business_days_after(day, offset["count"], holidays)


@dataclass(frozen=True)
class Step:
    rule: str
    start: date
    end: date
    summary: str

    @property
    def datetimes(self) -> list[str]:
        """What the step's <time datetime> attributes should say: one date, or two for a range."""
        if self.start == self.end:
            return [self.start.isoformat()]
        return [self.start.isoformat(), self.end.isoformat()]


def _applies(rule: dict, decision: date | None, promised_by: date | None) -> bool:
    condition = rule.get("only_when")
    if condition is None:
        return True
    return {"decision-given": decision is not None,
            "no-decision-date": decision is None,
            "promised": promised_by is not None}[condition]


def expected_plan(rules: list[dict], interview: date, decision: date | None = None,
                  promised: str = "", promised_by: date | None = None,
                  holidays: frozenset = frozenset(), done: dict | None = None) -> list[Step]:
    """The steps the planner must show for these inputs (assumed valid); done: rule id ->
    the day its step was marked done."""
    done = done or {}
    given = {"interview": interview, "decision": decision, "promised-by": promised_by}
    steps: dict[str, Step] = {}
    order: list[str] = []
    for rule in rules:
        if not _applies(rule, decision, promised_by):
            continue
        anchor = None
        for name in rule["anchor"]:
            if name in INPUT_ANCHORS:
                anchor = given[name]
            elif name in steps:
                anchor = done.get(name, steps[name].end)
            if anchor is not None:
                break
        if anchor is None:
            continue
        if rule.get("after_done") in done and rule["after_done"] in steps:
            anchor = done[rule["after_done"]]

        def bound(offset: dict, anchor: date = anchor, rule: dict = rule) -> date:
            day = apply_offset(anchor, offset, holidays)
            if "never_before" in rule:
                day = max(day, apply_offset(interview, rule["never_before"], holidays))
            fixed = rule["anchor"][0] == "promised-by"  # the day you promised stays as you gave it
            while (day in holidays and not fixed) or (
                rule.get("move_off_weekends") and day.weekday() in (SATURDAY, SUNDAY)
            ):
                day += timedelta(days=1)
            return day

        summary = rule["title"]
        if rule.get("names_the_promise") and promised.strip():
            summary += ": " + promised.strip()
        steps[rule["id"]] = Step(rule["id"], bound(rule["earliest"]), bound(rule["latest"]), summary)
        order.append(rule["id"])
    return sorted((steps[i] for i in order), key=lambda s: s.start)  # sorted() is stable


def generated_cases(count: int, seed: int) -> list[dict]:
    """count random plans with the oracle's answer, as JSON-ready dicts for the Node tests
    of docs/assets/javascripts/core/plan.js (tests/js/plan.test.mjs): interview days over
    three years, with or without a decision date and a promise, random holiday lists
    (some on the plan's own days), and steps marked done on a day from their first date on."""
    import random

    rng = random.Random(seed)
    rules = load_rules()
    start = date(2026, 1, 1)
    cases = []
    for _ in range(count):
        interview = start + timedelta(days=rng.randrange(3 * 365))
        decision = interview + timedelta(days=rng.randrange(0, 30)) if rng.random() < 0.5 else None
        promised_by = interview + timedelta(days=rng.randrange(0, 20)) if rng.random() < 0.4 else None
        promised = rng.choice(["", "a work sample", " References "]) if promised_by else ""
        holidays = frozenset(interview + timedelta(days=rng.randrange(-3, 60))
                             for _ in range(rng.choice([0, 0, 3, 12])))
        done: dict[str, date] = {}
        for rule in rules:  # in YAML order: a mark only moves the steps after it
            if rng.random() < 0.3:
                step = next((s for s in expected_plan(rules, interview, decision, promised, promised_by,
                                                      holidays, done) if s.rule == rule["id"]), None)
                if step:
                    done[rule["id"]] = max(step.start, interview) + timedelta(days=rng.randrange(0, 6))
        plan = expected_plan(rules, interview, decision, promised, promised_by, holidays, done)
        cases.append({
            "interview": interview.isoformat(),
            "decision": decision.isoformat() if decision else "",
            "promised": promised, "promisedBy": promised_by.isoformat() if promised_by else "",
            "holidays": sorted(h.isoformat() for h in holidays),
            "done": {k: v.isoformat() for k, v in done.items()},
            "expected": [{"rule": s.rule, "from": s.start.isoformat(), "to": s.end.isoformat(),
                          "done": done[s.rule].isoformat() if s.rule in done else None,
                          "summary": s.summary} for s in plan],
        })
    return cases


if __name__ == "__main__":  # python tests/planner_oracle.py COUNT SEED: cases as JSON
    import json
    import sys

    sys.path.insert(0, str(PLANNER_YML.parent.parent))
    from build_tools.content import load_content
    from build_tools.render import planner_rules

    # The rules exactly as the planner page gives them to the scripts (with `kinds`).
    print(json.dumps({"rules": planner_rules(load_content()),
                      "cases": generated_cases(int(sys.argv[1]), int(sys.argv[2]))}))
