"""Checklist content and rendered pages, checked without a browser (browser tests live in
test_checklists_browser.py). What each checklist covers is its `covers`, which `./dev check`
holds its items to (checklist-covers-what-it-promises in build_tools/rules.py)."""
from __future__ import annotations

import gzip
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import project_content

from build_tools import DOCS_DIR

SITE = project_content()
CHECKLISTS = {c["id"]: c for c in SITE.checklists}
SCRIPT = DOCS_DIR / "assets" / "javascripts" / "checklist.js"
# The issue asks for these four; the combined one is the sheet that must print on one page.
REQUIRED = {"at-the-interview": "Before you leave the interview",
            "the-first-48-hours": "Right after the interview",
            "waiting-and-checking-in": "While you wait and when you check in",
            "post-interview": "Post-interview checklist"}


def test_the_four_checklists_exist_with_their_titles():
    assert {cid: CHECKLISTS[cid]["title"] for cid in REQUIRED if cid in CHECKLISTS} == REQUIRED


# ------------------------------------------------------------------ rendered pages

class _Page(HTMLParser):
    """Collects what a reader without JavaScript gets from a checklist page."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.labels: dict[str, str] = {}
        self.checkboxes: dict[str, dict] = {}
        self.hidden_tools = 0
        self.visible_tools = 0
        self.fields_text = ""
        self._label: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "input" and a.get("type") == "checkbox" and a["id"].startswith("ati-c-"):
            self.checkboxes[a["id"]] = a
        if "ati-checklist__tools" in cls.split():
            if "hidden" in a:
                self.hidden_tools += 1
            else:
                self.visible_tools += 1
        if tag == "label" and a.get("for", "").startswith("ati-c-"):
            self._label, self._text = a["for"], []
        if tag not in ("input", "br", "img", "meta", "link"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        if tag == "label" and self._label:
            self.labels[self._label] = " ".join("".join(self._text).split())
            self._label = None
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self._label:
            self._text.append(data)
        if any("ati-checklist__fields" in (a.get("class") or "") for _, a in self.stack):
            self.fields_text += data


def _parse(built_site: Path, cid: str) -> tuple[_Page, str]:
    text = (built_site / "checklists" / cid / "index.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    return page, text


@pytest.mark.parametrize("cid", sorted(CHECKLISTS))
def test_without_javascript_each_item_is_a_labelled_line_and_controls_are_hidden(built_site, cid):
    page, _ = _parse(built_site, cid)
    items = CHECKLISTS[cid]["items"]
    assert page.labels == {f"ati-c-{i['id']}": " ".join(i["action"].split()) for i in items}
    # Checkboxes that save nothing would mislead: they stay hidden until the script runs.
    assert set(page.checkboxes) == {f"ati-c-{i['id']}" for i in items}
    assert all("hidden" in box for box in page.checkboxes.values())
    assert page.hidden_tools >= 1 and page.visible_tools == 0


@pytest.mark.parametrize("cid", sorted(CHECKLISTS))
def test_each_item_links_to_its_guidance_on_the_built_site(built_site, cid):
    _, text = _parse(built_site, cid)
    for item in CHECKLISTS[cid]["items"]:
        target = SITE.items[item["guidance"]]
        m = re.search(rf'<li class="ati-checklist__item" id="{item["id"]}">.*?'
                      r'<a class="ati-checklist__why" href="([^"]+)"', text, re.S)
        assert m, item["id"]
        href = html.unescape(m.group(1))
        path, _, anchor = href.partition("#")
        dest = (built_site / "checklists" / cid / path / "index.html").resolve()
        assert dest.exists(), href
        assert anchor == target.anchor
        assert f'id="{anchor}"' in dest.read_text(encoding="utf-8"), href


def test_combined_checklist_has_lines_for_the_interview_details(built_site):
    page, _ = _parse(built_site, "post-interview")
    words = page.fields_text.split()
    for label in ("Company", "Role", "Interview date", "Title"):
        assert label in page.fields_text
    assert words.count("Interviewer's") >= 2  # a line for each interviewer, not just one


def test_checklists_index_lists_every_checklist(built_site):
    text = (built_site / "checklists" / "index.html").read_text(encoding="utf-8")
    for c in SITE.checklists:
        assert f'href="{c["id"]}/"' in text, c["id"]


# ------------------------------------------------------------------ the script

def test_checklist_script_is_small():
    size = len(gzip.compress(SCRIPT.read_bytes(), 9))
    assert size <= 3 * 1024, f"checklist.js is {size} bytes gzipped; the budget is 3072"
