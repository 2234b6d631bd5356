"""Checks on the templates and on the pages built from them (no browser needed).

The templates cover each situation the issue names; the no-JavaScript page shows every
template as text with [placeholders]; each page asks for the fields its templates use. The
content rules (subject lines, length for the kind, no template repeating another,
placeholders, fields, recipients, kinds and channels, citations) are named checks in
build_tools/rules.py, run by `./dev check`.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from conftest import project_content

from build_tools import ROOT
from build_tools.content import PLACEHOLDER, placeholder_names
from build_tools.render import Renderer

SITE = project_content()
FIELDS = {f["id"]: f for f in SITE.fields}
TEMPLATES = [t for g in SITE.template_groups for t in g["templates"]]
EMAILS = [t for t in TEMPLATES if t["channel"] == "email"]
BY_ID = {t["id"]: t for t in TEMPLATES}
JS = ROOT / "docs" / "assets" / "javascripts" / "templates.js"


def ids(items):
    return [t["id"] for t in items]


# ------------------------------------------------------------------ structure

def test_there_are_templates_in_several_groups():
    assert len(SITE.template_groups) >= 3
    assert len(TEMPLATES) >= 15


# ------------------------------------------------------------------ situations the issue names

REQUIRED_SITUATIONS = {
    "thank-you to one interviewer": lambda t: t["id"] == "thank-you-one-interviewer",
    "thank-you after a phone or video interview":
        lambda t: t["guidance"] == "do-thank-phone-and-video-interviewers-too",
    "thank-you that clears up an answer": lambda t: t["guidance"] == "clear-up-a-weak-answer",
    "check-in after the decision date": lambda t: "check-in-email-after-decision-date" == t["guidance"],
    "anything else you need from me": lambda t: t["guidance"] == "anything-else-from-me-wording",
    "check-in that shares an article": lambda t: t["guidance"] == "share-an-article-wording",
    "briefing a reference": lambda t: t["guidance"] == "brief-a-reference-wording",
    "asking to connect on LinkedIn": lambda t: t["channel"] == "linkedin-message",
    "phone call script": lambda t: t["channel"] == "phone-script",
    "voicemail script": lambda t: t["channel"] == "voicemail",
    "staying in touch after a no": lambda t: t["guidance"] == "ask-for-referral-after-no-wording",
}


@pytest.mark.parametrize("situation", REQUIRED_SITUATIONS)
def test_each_situation_in_the_issue_has_a_template(situation):
    assert any(REQUIRED_SITUATIONS[situation](t) for t in TEMPLATES)


def test_a_panel_gets_several_differently_worded_versions():
    panel = [t for t in TEMPLATES if t["guidance"] == "write-a-different-note-for-each-person"
             or "write-a-different-note-for-each-person" in t.get("related", [])]
    assert len(panel) >= 3, ids(panel)
    assert all(t["kind"] == "thank-you" and t["channel"] == "email" for t in panel)


# ------------------------------------------------------------------ the rendered page

PARTS = {"ati-template__subject-text": "subject", "ati-template__body": "body"}


class Scan(HTMLParser):
    """Collects form controls, labels and each template's text as a browser without JS shows it."""

    def __init__(self):
        super().__init__()
        self.labels, self.controls, self.templates, self.hidden = set(), {}, {}, []
        self._stack, self._template = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self.labels.add(a.get("for"))
        if tag in ("input", "textarea"):
            self.controls[a.get("id")] = a
        classes = (a.get("class") or "").split()
        if "ati-template" in classes:
            self._template = {"id": a["data-template"], "attrs": a, "subject": "", "body": "",
                              "copy": []}
            self.templates[a["data-template"]] = self._template
        if "hidden" in a:
            self.hidden.append(classes)
        if a.get("data-copy") and self._template:
            self._template["copy"].append(a["data-copy"])
        if tag in ("input", "br", "img", "meta", "link"):
            return
        self._stack.append(next((PARTS[c] for c in classes if c in PARTS), None))

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        inside = next((p for p in reversed(self._stack) if p), None)
        if inside and self._template is not None:
            self._template[inside] += data


def group_pages() -> list[tuple[dict, str]]:
    """Each template group with its rendered page."""
    renderer = Renderer(SITE)
    pages = [p for p in renderer.pages() if p.template == "templates.md.j2"]
    assert [p.context["group"]["id"] for p in pages] == [g["id"] for g in SITE.template_groups]
    return [(p.context["group"], renderer.render_page(p)) for p in pages]


@pytest.fixture(scope="module")
def page_html():
    """Every group page's text, one after another, and what they show."""
    texts = [text for _, text in group_pages()]
    scan = Scan()
    for text in texts:
        scan.feed(text)
    return "".join(texts), scan


def expected_without_js(text: str) -> str:
    return PLACEHOLDER.sub(lambda m: m.group(2) if m.group(2) is not None
                           else f"[{FIELDS[m.group(1)]['placeholder']}]", text)


def test_page_shows_every_template_with_bracketed_placeholders(page_html):
    _, scan = page_html
    assert list(scan.templates) == list(BY_ID)
    for tid, found in scan.templates.items():
        t = BY_ID[tid]
        assert html.unescape(found["body"]) == expected_without_js(t["body"].rstrip()), tid
        if "subjects" in t:
            assert html.unescape(found["subject"]) == expected_without_js(t["subjects"][0]), tid


def test_each_page_asks_for_exactly_the_fields_its_templates_use():
    """A field is on a group's page when one of its templates fills it in or sends to it,
    and every field is on some page."""
    seen = set()
    for group, text in group_pages():
        scan = Scan()
        scan.feed(text)
        used = set()
        for t in group["templates"]:
            used |= set(placeholder_names(" ".join([t["body"], *t.get("subjects", [])])))
            used |= {t["recipient"]} if "recipient" in t else set()
        asked = {c["data-field"] for c in scan.controls.values() if c.get("data-field")}
        assert asked == used, group["id"]
        seen |= asked
    assert seen == set(FIELDS)


def test_a_page_links_each_template_of_the_groups_it_names_beside_it():
    """The panel's notes have their own page: the one-interviewer page names each of them
    near its top (an old link to a panel note lands there), and the other way round."""
    by_id = {g["id"]: g for g in SITE.template_groups}
    named = 0
    for group, text in group_pages():
        for other in group.get("other_groups", []):
            named += 1
            start = rf'<p class="ati-see ati-elsewhere"[^>]*><strong>On <a href="../{other}/">'
            line = re.search(start + ".*?</p>", text)
            assert line, f"{group['id']} does not link {other}"
            # Above the form and the first template, so it is on the first screens.
            assert line.start() < text.index('class="ati-fields"'), group["id"]
            links = re.findall(r'<a href="([^"]+)">', line.group(0))
            assert links == [f"../{other}/"] + [f"../{other}/#{t['id']}" for t in by_id[other]["templates"]]
    assert named >= 2


def test_form_has_a_labelled_control_per_field_and_is_hidden_without_js(page_html):
    text, scan = page_html
    for fid in FIELDS:
        control = scan.controls.get(f"ati-field-{fid}")
        assert control is not None, fid
        assert control["data-field"] == fid
        assert f"ati-field-{fid}" in scan.labels, f"{fid} has no <label for>"
        assert "name" not in control, "a named control could be submitted; keep values local"
    for form in re.findall(r"<form.*?</form>", text, re.S):
        assert " name=" not in form, "a named control in a form could be submitted; keep values local"
    assert ["ati-fields"] in scan.hidden
    assert text.count('class="ati-template__actions" hidden') == len(TEMPLATES)


def test_copy_buttons_and_mail_link_match_the_channel(page_html):
    _, scan = page_html
    for tid, found in scan.templates.items():
        t = BY_ID[tid]
        if t["channel"] == "email":
            assert found["copy"] == ["subject", "body", "all"], tid
            assert found["attrs"].get("data-to") == t.get("recipient"), tid
        else:
            assert found["copy"] == ["body"], tid
            assert "data-to" not in found["attrs"]
    mail_links = page_html[0].count("data-mailto")
    assert mail_links == len(EMAILS)


# ------------------------------------------------------------------ the script


def test_fields_about_you_offer_the_browsers_matching_autofill():
    """A phone offers your number in the phone field, never in another one."""
    tokens = {f["id"]: f.get("autocomplete") for f in SITE.fields}
    assert tokens["your-name"] == "name" and tokens["your-email"] == "email"
    assert tokens["your-phone"] == "tel"  # and each token on its own type: autocomplete-fits-type
