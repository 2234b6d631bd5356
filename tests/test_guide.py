"""The guide leads to action and credits exactly, as the built pages show it: each step links
to the templates, checklist items and planner steps that carry it out, warnings sit with the
step they belong to, our own suggestions are labelled wherever they appear, and the
thank-you deadline has one form."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import markupsafe
import pytest
from conftest import FIXTURES, build_variant, project_content

from build_tools.render import page_url

SITE = project_content()
ORIGIN = "http://site.test/"
HREF = re.compile(r'<a [^>]*href="([^"]+)"')


def page_html(built_site: Path, md_path: str) -> str:
    return (built_site / page_url(md_path) / "index.html").read_text(encoding="utf-8")


def section(page: str, anchor: str) -> str:
    """The HTML from the heading with this id to the next heading of any level."""
    start = page.index(f'id="{anchor}"')
    start = page.rindex("<h", 0, start)
    end = re.compile(r"<h[1-6][ >]").search(page, start + 3)
    return page[start:end.start() if end else len(page)]


def links(md_path: str, fragment: str) -> set[str]:
    """Every link in the fragment, as an absolute address."""
    base = ORIGIN + page_url(md_path)
    return {urljoin(base, html.unescape(h)) for h in HREF.findall(fragment)}


def address(item_id: str) -> str:
    item = SITE.items[item_id]
    return ORIGIN + page_url(item.page) + (f"#{item.anchor}" if item.anchor else "")


def steps():
    for phase in SITE.phases:
        for step in phase["steps"]:
            yield phase, step


def step_of(item_id: str) -> str | None:
    """The step an id is (or whose example it is)."""
    for _, step in steps():
        if item_id == step["id"] or item_id in [e["id"] for e in step.get("examples", [])]:
            return step["id"]
    return None


def tools_expected() -> dict[str, set[str]]:
    """step id -> the addresses of the templates, checklist items and planner steps that name it."""
    out: dict[str, set[str]] = {}
    for item in SITE.items.values():
        if item.kind not in ("template", "checklist-item", "planner-rule"):
            continue
        for ref in [item.data.get("guidance"), *item.data.get("related", [])]:
            step = step_of(ref) if ref else None
            if step:
                out.setdefault(step, set()).add(address(item.id))
    return out


TOOLS = tools_expected()


def test_most_steps_have_a_tool_to_carry_them_out():
    # The generated links are only as good as the ids behind them; a change that drops the
    # reverse index would leave this empty.
    assert len(TOOLS) >= 15
    assert {"send-thank-you-to-each-interviewer", "brief-your-references",
            "write-a-short-check-in"} <= set(TOOLS)


@pytest.mark.parametrize("step_id", sorted(TOOLS))
def test_each_guide_step_links_to_the_templates_checklists_and_planner_steps_for_it(built_site, step_id):
    item = SITE.items[step_id]
    found = links(item.page, section(page_html(built_site, item.page), step_id))
    missing = TOOLS[step_id] - found
    assert not missing, f"{step_id}: no link to {sorted(missing)}"


def test_the_thank_you_step_links_to_the_warnings_that_belong_with_it(built_site):
    item = SITE.items["send-thank-you-to-each-interviewer"]
    found = links(item.page, section(page_html(built_site, item.page), item.id))
    for warning in ("dont-send-a-gift", "dont-friend-the-interviewer-on-facebook"):
        assert SITE.items[warning].kind == "dont"
        assert address(warning) in found, warning


@pytest.mark.parametrize("step_id", sorted(s["id"] for _, s in steps() if "see_also" in s))
def test_every_see_also_is_a_link_under_its_step(built_site, step_id):
    item = SITE.items[step_id]
    found = links(item.page, section(page_html(built_site, item.page), step_id))
    assert {address(r) for r in item.data["see_also"]} <= found


OURS = sorted(i.id for i in SITE.items.values() if "ours" in i.data)


def test_our_own_suggestions_are_marked_in_the_content():
    assert len(OURS) >= 10
    kinds = {SITE.items[i].kind for i in OURS}
    assert {"template", "step"} <= kinds, kinds


@pytest.mark.parametrize("item_id", OURS)
def test_each_of_our_suggestions_is_labelled_as_ours_where_it_appears(built_site, item_id):
    item = SITE.items[item_id]
    page = page_html(built_site, item.page)
    text = str(markupsafe.escape(" ".join(item.data["ours"].split())))
    label = re.compile(r'class="ati-ours"><strong>Our suggestion</strong> \(<a href="[^"]*#our-suggestions">'
                       r"not from the articles</a>\): " + re.escape(text))
    assert label.search(page), f"{item_id}: its suggestion is not shown labelled as ours on {item.page}"


def test_the_sources_page_says_what_is_ours_and_where_the_labels_lead(built_site):
    page = page_html(built_site, "sources/index.md")
    assert "Everything in this guide comes from" not in page
    assert 'id="our-suggestions"' in page
    assert "Our suggestion" in section(page, "our-suggestions")


def test_an_item_that_cites_no_article_says_so(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    phase = content / "phases" / "one.yml"
    # A do of our own, which no article's point maps to: check accepts it as it is.
    text = phase.read_text(encoding="utf-8").replace("donts:", (
        "  - id: our-own-do\n    text: Keep a note of every date.\n    sources: []\n"
        "    ours: Our own reason.\ndonts:"), 1)
    phase.write_text(text, encoding="utf-8")
    site = build_variant(content, tmp_path / "out")
    built = (site / "guide" / "one" / "index.html").read_text(encoding="utf-8")
    item = built[built.index('id="our-own-do"'):]
    item = item[:item.index("</li>")]
    assert "our own suggestion: <a" in item and "no article says this" in item
    assert "Our own reason." in item and "(from " not in item


# ------------------------------------------------------------------ one thank-you deadline

def test_the_thank_you_deadline_has_one_form_on_every_page(built_site):
    deadline = SITE.items["first-48-hours"].data["timing"]
    forms = {"48 hours", "same day, and no later", "within two days of the interview"}
    for rel in ("index.md", "guide/first-48-hours.md", "checklists/the-first-48-hours.md",
                "templates/thank-you.md", "planner/index.md"):
        page = page_html(built_site, rel)
        assert deadline.lower() in html.unescape(page).lower(), rel
        assert not [f for f in forms if f in page.lower()], rel


# ------------------------------------------------------------------ situations

SITUATIONS = [s["id"] for s in SITE.situations]
TOOL_KEYS = ("templates", "checklist_items", "plan_steps")


def test_the_situations_page_answers_at_least_15_including_those_the_issue_names():
    assert len(SITUATIONS) >= 15
    titles = " | ".join(s["title"].lower() for s in SITE.situations)
    for words in ("ten days", "friday", "fumbled", "another offer", "friend works there", "work sample",
                  "turned me down", "panel", "phone or video", "no date", "don't want the job",
                  "second round"):
        assert words in titles, words


@pytest.mark.parametrize("situation", SITUATIONS)
def test_each_situation_links_the_tools_that_act_on_it_and_credits_exactly(built_site, situation):
    data = SITE.items[situation].data
    part = section(page_html(built_site, "situations.md"), situation)
    found = links("situations.md", part)
    assert any(data.get(k) for k in TOOL_KEYS)
    wanted = {address(i) for k in (*TOOL_KEYS, "differences", "related") for i in data.get(k, [])}
    assert wanted <= found, f"{situation}: no link to {sorted(wanted - found)}"
    credits = {ORIGIN + f"sources/#{sid}" for sid in data["sources"]}
    cited = {h for h in found if h.startswith(ORIGIN + "sources/#") and not h.endswith("#our-suggestions")}
    assert cited == credits, f"{situation}: credits {sorted(cited)}, expected {sorted(credits)}"
    assert str(markupsafe.escape(" ".join(data["answer"].split()))) in " ".join(part.split())
    assert ("The articles differ here" in part) == ("differences" in data)


def test_every_guide_page_leads_to_a_tool(built_site):
    # The mindset page used to be the one guide page with no "Do it now": each phase's page
    # names at least one template, checklist item or planner step.
    tool_pages = ("templates/", "checklists/", "planner/")
    for phase in SITE.phases:
        md = f"guide/{phase['id']}.md"
        page = page_html(built_site, md)
        acts = re.findall(r'<div class="ati-act"[^>]*>(.*?)</div>', page, re.S)
        targets = {h for a in acts for h in links(md, a)}
        assert any(ORIGIN + p in h for h in targets for p in tool_pages), phase["id"]
