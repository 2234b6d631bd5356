"""Your interviews on another device (issue 30): the QR code and the link that carry the
whole record in the address's fragment, read back by a QR decoder from PyPI (zxing-cpp) and
opened in a fresh profile; what a damaged, hostile or newer link does; the Home Screen
app's words; and a browser whose storage is full."""
from __future__ import annotations

import base64
import io
import json
import zlib

import jsonschema
import pytest
import zxingcpp
from conftest import CSP_RECORDER, PHONE, SIDEWAYS, axe_violations, go
from PIL import Image
from playwright.sync_api import expect

from build_tools.render import QR_SCRIPT, SAVED_DATA_SCHEMA

pytestmark = pytest.mark.browser

KEY = "ati:interviews"
SCHEMA = json.loads(SAVED_DATA_SCHEMA.read_text(encoding="utf-8"))
VERSION = SCHEMA["properties"]["version"]["const"]
STAMP = "2026-11-20T09:30:00.000Z"
COLOUR_RULES = ("color-contrast", "link-in-text-block")
# An app added to the Home Screen, as an iPhone's says so.
STANDALONE = "Object.defineProperty(navigator, 'standalone', { value: true })"


def person(pid: str, name: str) -> dict:
    return {"id": pid, "name": name, "title": "Design lead", "email": "", "contact": "email", "topic": ""}


TICKS = {"post-interview": {"note-names": 1, "write-down-questions": 1}}  # the latest round's


def interview(n: int, rounds: int = 2, log: int = 3) -> dict:
    """An interview as the site saves it: rounds with interviewers, log entries, ticks, a
    template detail and a step put off."""
    return {
        "id": f"i{n}mh3kq2x9", "company": ["Acme", "Globex", "Initech", "Umbrella", "Hooli"][n % 5],
        "role": "Designer",
        "status": "waiting", "contact": "email",
        "rounds": [{"id": f"r{n}{k}mh3kq2x9", "date": f"2026-11-{2 + 5 * k:02d}", "mode": "video",
                    "people": [person(f"p{n}{k}mh3kq2", f"Ana Ruiz {k}")], "decision": "2026-12-01",
                    "promised": "a work sample" if k else "", "promisedBy": "2026-11-20" if k else "",
                    "ticks": {} if k < rounds - 1 else TICKS}
                   for k in range(rounds)],
        "fields": {"strength": "my onboarding research"},
        "log": [{"id": f"e{n}{k}mh3kq2", "date": f"2026-11-{3 + k:02d}", "text": f"Sent: thank-you note {k}",
                 "kind": "thank-you", "template": "", "person": ""} for k in range(log)],
        "later": {"plan-check-in": "2026-12-04"}, "created": STAMP, "updated": STAMP,
    }


def saved(*interviews: dict) -> dict:
    return {"version": VERSION, "me": {"name": "Sam Lee", "email": "", "phone": "", "signoff": ""},
            "prefs": {"dates": "dm", "holidays": ""}, "current": interviews[0]["id"],
            "interviews": list(interviews), "changed": STAMP, "exported": ""}


def keep(page, rec: dict) -> None:
    """Open Your interviews with rec saved in this profile."""
    page.goto("interviews/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(rec)])
    go(page, "interviews/", "interviews")


def stored(page) -> str | None:
    return page.evaluate(f"localStorage.getItem('{KEY}')")


def record(page) -> dict:
    rec = json.loads(stored(page))
    jsonschema.validate(rec, SCHEMA)
    return rec


def loaded(page) -> list[str]:
    return page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")


def show_code(page) -> str:
    """Ask for the code and link; the link."""
    page.get_by_role("button", name="Show the QR code and link").click()
    link = page.locator("#ati-transfer-link")
    expect(link).not_to_have_value("")
    return link.input_value()


def read_qr(page) -> str:
    """The QR code on the page, read from a screenshot of it by zxing-cpp."""
    code = page.locator(".ati-transfer__code svg")
    # Centred on the screen, clear of the sticky header and Material's "Back to top".
    code.evaluate("e => e.scrollIntoView({ block: 'center' })")
    shot = code.screenshot(animations="disabled")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)).convert("L"))
    if len(found) != 1:
        Image.open(io.BytesIO(shot)).save("/tmp/qr-unread.png")
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode, found
    return found[0].text


def fragment(data: object, version: int = 1) -> str:
    """A link's fragment made here, independently of core/transfer.js: deflate-raw, base64url."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = deflate.compress(json.dumps(data).encode()) + deflate.flush()
    return f"ati={version}z." + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def test_the_qr_code_brings_every_interview_round_log_entry_and_tick_to_a_fresh_browser(page, tabs, base_url):
    mine = saved(interview(1))
    keep(page, mine)
    assert not [u for u in loaded(page) if "qrcode-generator" in u or "transfer.js" in u], \
        "the QR encoder loads only when a code is asked for"
    link = show_code(page)
    assert any(u.endswith(QR_SCRIPT) for u in loaded(page))
    assert link.startswith(base_url + "interviews/#ati=1z.")
    expect(page.locator(".ati-transfer__say")).to_contain_text("Point the other device's camera at this code")
    assert read_qr(page) == link
    # The code is drawn big enough for a phone camera: at least 3 CSS pixels a module.
    size = page.locator(".ati-transfer__code svg").bounding_box()
    modules = page.evaluate("document.querySelector('.ati-transfer__code svg').viewBox.baseVal.width")
    assert size["width"] / modules >= 3, (size, modules)

    other = tabs().pages[0]  # a fresh profile: another device
    requests = []
    other.on("request", lambda r: requests.append(r.url))
    other.goto(read_qr(page))
    expect(other.locator(".ati-import__summary")).to_contain_text(
        "This link came from another device in the part of the address after #, which no website is sent. "
        "The link has 1 interview. Merge adds 1 interview (Globex, Designer)")
    # The record left the address bar and the page's history entry at once.
    assert "#" not in other.url and other.evaluate("location.hash") == ""
    assert all("ati=" not in u for u in requests), "nothing of the record reached the host"
    assert stored(other) is None, "nothing is saved before the reader says so"
    expect(other.locator("[data-act=merge]")).to_be_focused()
    other.locator("[data-act=merge]").click()
    expect(other.locator(".ati-backup__msg")).to_contain_text("Merged. Undo brings back")
    got = record(other)
    assert got["interviews"] == mine["interviews"], "every interview, round, log entry and tick"
    assert [len(i["rounds"]) for i in got["interviews"]] == [2]
    assert [len(i["log"]) for i in got["interviews"]] == [3]
    assert got["interviews"][0]["rounds"][-1]["ticks"] == TICKS
    expect(other.locator(".ati-card__title")).to_have_text(["Globex, Designer"])
    # A reload finds no link any more: nothing is offered twice.
    other.reload()
    other.locator("[data-module=interviews].ati-js").wait_for()
    expect(other.locator(".ati-import")).to_be_hidden()
    assert not page.problems and not other.problems


def test_a_record_too_large_for_one_code_says_so_and_its_link_merges_with_undo(tabs, base_url):
    ctx = tabs()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = ctx.pages[0]
    five = saved(*[interview(n, rounds=3, log=10) for n in range(5)])
    keep(page, five)
    link = show_code(page)
    expect(page.locator(".ati-transfer__say")).to_contain_text(
        f"make a link of {len(link)} characters, more than one QR code")
    expect(page.locator(".ati-transfer__say")).to_contain_text("Export everything")
    expect(page.locator(".ati-transfer__code svg")).to_have_count(0)
    page.get_by_role("button", name="Copy the link").click()
    expect(page.locator(".ati-transfer__msg")).to_contain_text("Copied the link")
    assert page.evaluate("navigator.clipboard.readText()") == link

    other = tabs().pages[0]
    theirs = saved(interview(7, rounds=1, log=1))
    keep(other, theirs)
    before = stored(other)
    # The link pasted into the page (a Home Screen app has no address bar).
    other.fill("#ati-transfer-paste", link)
    other.get_by_role("button", name="Bring it in").click()
    expect(other.locator(".ati-import__summary")).to_contain_text(
        "The link has 5 interviews. Merge adds 5 interviews")
    other.locator("[data-act=merge]").click()
    got = record(other)
    both = five["interviews"] + theirs["interviews"]
    assert sorted(i["id"] for i in got["interviews"]) == sorted(i["id"] for i in both)
    for i in five["interviews"]:
        assert next(g for g in got["interviews"] if g["id"] == i["id"]) == i
    other.locator(".ati-interviews [data-act=undo]").click()
    expect(other.locator(".ati-backup__msg")).to_contain_text("Undone")
    assert json.loads(stored(other))["interviews"] == json.loads(before)["interviews"]
    assert not page.problems and not other.problems


WRONG_TYPES = {"format": "after-the-interview", "version": VERSION, "data": ["not", "a", "record"]}
HOSTILE = {
    "cut short": None,  # the first test's link, cut
    "100,000 characters": "ati=1z." + "A" * 100_000,
    "script text": "ati=1z.<script>alert(1)</script>",
    "wrong types": fragment(WRONG_TYPES),
    "a string, not a record": fragment("}{"),
    "another format": fragment({"format": "elsewhere", "version": 1, "data": {}}),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_damaged_cut_or_hostile_link_changes_nothing_and_says_why(page, case):
    mine = saved(interview(1))
    keep(page, mine)
    link = show_code(page)
    f = HOSTILE[case] or link[link.index("#") + 1:-40]
    before = stored(page)
    page.goto("about:blank")  # the link opens a new page, as from a camera
    page.goto(f"interviews/#{f}")
    page.locator("[data-module=interviews].ati-js").wait_for()
    said = page.locator(".ati-transfer__msg")
    expect(said).to_contain_text("Nothing was changed.")
    expect(said).to_contain_text("damaged" if case != "another format" else "not one made by this site")
    expect(page.locator("#another-device")).to_be_focused()
    expect(page.locator(".ati-import")).to_be_hidden()
    assert page.evaluate("location.hash") == "", "the link left the address bar all the same"
    assert stored(page) == before
    assert page.evaluate("window.__ran") is None
    assert not page.problems


@pytest.mark.parametrize("how", ["link format", "record version"])
def test_a_link_from_a_newer_version_says_so(page, how):
    newer = saved(interview(1))
    newer["version"] = VERSION + 1
    if how == "link format":
        f = fragment({"format": "after-the-interview", "version": VERSION}, version=2)
    else:
        f = fragment({"format": "after-the-interview", "version": VERSION + 1, "data": newer})
    page.goto(f"interviews/#{f}")
    page.locator("[data-module=interviews].ati-js").wait_for()
    expect(page.locator(".ati-transfer__msg")).to_contain_text(
        "That link was made by a newer version of this site. Reload this page to get the newer version")
    assert stored(page) is None
    # The same link opened in this very page (only the fragment changes) is read too.
    page.evaluate("document.querySelector('.ati-transfer__msg').textContent = ''")
    page.evaluate(f"location.hash = {('#' + f)!r}")
    expect(page.locator(".ati-transfer__msg")).to_contain_text("newer version")
    assert page.evaluate("location.hash") == ""
    assert not page.problems


def test_the_home_screen_app_with_nothing_saved_says_how_to_bring_the_interviews_over(tabs):
    app = tabs(**PHONE)
    app.add_init_script(STANDALONE)
    page = app.new_page()
    go(page, "interviews/", "interviews")
    words = page.locator(".ati-transfer__app")
    expect(words).to_be_visible()
    expect(words).to_contain_text("On an iPhone or iPad, an app on the Home Screen keeps its own storage")
    expect(words).to_contain_text("On Android, the app shares what you saved in the browser you added it")
    assert page.evaluate(SIDEWAYS) == []
    page.goto("")
    expect(page.locator(".ati-app-hint")).to_be_visible()
    page.locator(".ati-app-hint a").click()
    expect(page.locator("#another-device")).to_be_in_viewport()
    # Once something is saved, the words go.
    keep(page, saved(interview(1)))
    expect(page.locator(".ati-transfer__app")).to_be_hidden()
    go(page, "", "due")
    expect(page.locator(".ati-app-hint")).to_be_hidden()
    # In a browser tab (no app), never.
    tab = tabs().pages[0]
    go(tab, "interviews/", "interviews")
    expect(tab.locator(".ati-transfer__app")).to_be_hidden()


def test_storage_full_loses_nothing_saved_says_so_and_offers_an_export(tabs):
    page = tabs(accept_downloads=True).pages[0]
    keep(page, saved(interview(1)))
    before = stored(page)
    # Fill the rest of this origin's storage.
    filled = page.evaluate("""() => {
        let n = 0, chunk = 'x'.repeat(1 << 18);
        for (;;) { try { localStorage.setItem('junk' + n, chunk); n++; } catch (e) { break; } }
        for (;;) { chunk = chunk.slice(0, chunk.length >> 1); if (!chunk) break;
            try { localStorage.setItem('junk' + n, chunk); n++; } catch (e) { /* smaller */ } }
        return n; }""")
    assert filled > 0
    page.fill("#ati-new-company", "Globex " + "y" * 150)
    page.locator(".ati-interviews__add button").click()
    notice = page.locator(".ati-full")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(
        "This browser's storage is full, so your latest changes stay only until you close this tab")
    assert stored(page) == before, "what was saved is untouched"
    with page.expect_download() as info:
        page.get_by_role("button", name="Export everything now").click()
    exported = json.loads(open(info.value.path(), encoding="utf-8").read())
    companies = [i["company"][:6] for i in exported["data"]["interviews"]]
    assert companies == ["Globex", "Globex"], "the export has the change"
    assert stored(page) == before
    assert not page.problems


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_new_controls_pass_axe_in_both_schemes_under_the_policy(tabs, screen):
    options = PHONE if screen == "phone" else {"viewport": {"width": 1280, "height": 720}}
    for scheme in ("light", "dark"):
        ctx = tabs(color_scheme=scheme, **options)
        ctx.add_init_script(STANDALONE)
        ctx.add_init_script(CSP_RECORDER)
        page = ctx.new_page()
        go(page, "interviews/", "interviews")
        expect(page.locator(".ati-transfer__app")).to_be_visible()
        show_code(page)
        page.locator(".ati-transfer__code svg").wait_for()
        page.fill("#ati-transfer-paste", "not a link")
        page.get_by_role("button", name="Bring it in").click()
        expect(page.locator(".ati-transfer__msg")).to_contain_text("damaged")
        page.evaluate("document.querySelector('.ati-full').hidden = false")  # as storage full shows it
        # In the dark, the rules that judge colours (the scheme changes nothing else).
        found = axe_violations(page, rules=COLOUR_RULES if scheme == "dark" else ())
        assert found == [], f"{scheme}/{screen}"
        assert page.evaluate("window.__cspViolations") == [], "the code is drawn under the strict policy"
