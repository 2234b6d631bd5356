"""The content is complete, cited and consistent: what the guide promises its readers."""
from __future__ import annotations

import pytest

from build_tools import ROOT
from build_tools.cli import check

SITE = check()
SOURCE_IDS = [s["id"] for s in SITE.sources]


ARTICLES = ROOT.parent / "shared" / "sources"


def test_there_are_five_distinct_sources():
    assert len(SOURCE_IDS) == len(set(SOURCE_IDS)) == 5
    assert len({s["file"] for s in SITE.sources}) == 5


@pytest.mark.skipif(not ARTICLES.exists(), reason="../shared/sources is not beside this checkout")
def test_source_titles_are_the_articles_own_first_lines():
    for source in SITE.sources:
        assert (ARTICLES / source["file"]).exists(), source["file"]
        first_line = (ARTICLES / source["file"]).read_text(encoding="utf-8").splitlines()[0].strip()
        assert source["title"] == first_line


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_every_article_has_a_coverage_index_whose_points_map_to_existing_ids(source_id):
    assert source_id in SITE.coverage, f"content/coverage/{source_id}.yml is missing"
    points = SITE.coverage[source_id]["points"]
    assert len(points) >= 10, "an article makes more points than this; index them all"
    for point in points:
        assert point["covered_by"], f"point maps to nothing: {point['point']}"
        for ref in point["covered_by"]:
            assert ref in SITE.items, f"{source_id}: point {point['point']!r} maps to unknown id {ref}"


@pytest.mark.parametrize("phase", SITE.phases, ids=lambda p: p["id"])
def test_every_phase_has_steps_dos_and_donts_each_dont_with_a_reason(phase):
    assert phase["steps"] and phase["dos"] and phase["donts"]
    for dont in phase["donts"]:
        assert dont["reason"].strip()


def test_phases_run_in_journey_order():
    assert [p["order"] for p in SITE.phases] == list(range(1, len(SITE.phases) + 1))
    assert SITE.phases[0]["id"] == "before-you-leave"


def test_every_source_is_cited_by_the_guide():
    cited = {s for item in SITE.items.values() for s in item.data.get("sources", [])}
    assert set(SOURCE_IDS) <= cited


def test_differences_name_each_side_with_its_articles():
    assert len(SITE.differences) >= 5
    for diff in SITE.differences:
        assert len(diff["sides"]) >= 2
        sides = [frozenset(side["sources"]) for side in diff["sides"]]
        assert len(set(sides)) == len(sides), f"{diff['id']}: two sides cite the same articles"


def test_differences_cover_the_disagreements_the_issue_names():
    topics = " ".join(d["topic"] + " " + d["summary"] for d in SITE.differences).lower()
    for word in ("handwritten", "phone", "check in", "stand"):
        assert word in topics, f"no difference about {word!r}"


