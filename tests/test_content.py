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
def test_every_article_has_its_points_indexed(source_id):
    # That each article has a coverage file whose ids exist, and that each item cites what
    # it says, are rules of ./dev check (every-article-has-coverage, known-references…).
    assert len(SITE.coverage[source_id]["points"]) >= 10, "an article makes more points than this"


def test_the_journey_starts_before_you_leave():
    # That orders run 1..N is the rule orders-run-1-to-n.
    assert SITE.phases[0]["id"] == "before-you-leave"


def test_the_articles_disagree_on_several_questions():
    # Each side citing its own articles is the rule difference-sides-differ.
    assert len(SITE.differences) >= 5


def test_differences_cover_the_disagreements_the_issue_names():
    topics = " ".join(d["topic"] + " " + d["summary"] for d in SITE.differences).lower()
    for word in ("handwritten", "phone", "check in", "stand"):
        assert word in topics, f"no difference about {word!r}"


