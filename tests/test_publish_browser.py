"""Published away from 127.0.0.1:8000, in real Chromium: a build for a sub-path served there,
and the service worker: offline after one visit, and a new build taking over cleanly."""
from __future__ import annotations

import time

import pytest
import yaml
from conftest import (
    CSP_RECORDER,
    HeldPort,
    instant_navigation_ready,
    project_content,
    record_problems,
    search,
)
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from build_tools.cli import build_site
from build_tools.config import config_copy
from build_tools.render import page_url
from tests.support.local import serve_dir
from tests.support.measure import Quiet

pytestmark = pytest.mark.browser

SITE = project_content()
PREFIX = "/after-the-interview/"
CHECKLIST = SITE.checklists[0]
FIRST_BOX = f"#ati-c-{CHECKLIST['items'][0]['id']}"  # the checklist's first tick box
GROUP = SITE.template_groups[0]["id"]


def build_for(out, port: int, footer: str | None = None):
    """The project's site built for http://127.0.0.1:port/after-the-interview/ (another
    footer line: another build of the same site)."""
    out.mkdir(parents=True, exist_ok=True)
    config = config_copy(out, site_url=f"http://127.0.0.1:{port}{PREFIX}")
    if footer:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        data["copyright"] = footer
        config.write_text(yaml.safe_dump(data), encoding="utf-8")
    build_site(out / "site", config)
    return out / "site"


@pytest.fixture(scope="module")
def held_port():
    held = HeldPort()
    yield held
    held.release()


@pytest.fixture(scope="module")
def port(held_port):
    return held_port.port


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory, port):
    return build_for(tmp_path_factory.mktemp("sub-path"), port)


@pytest.fixture
def two_builds(tmp_path, port):
    """Two builds of the site for the same address, told apart by their footer. (Shared by
    the module's tests, they saved two builds, but in one run of 908 tests the second test's
    reload then hung for 30 s: until that is understood, each test builds its own.)"""
    return (build_for(tmp_path / "old", port, footer="Build one."),
            build_for(tmp_path / "new", port, footer="Build two."))


@pytest.fixture
def host(port, held_port):
    """host(site) serves a built site at the sub-path on the module's port, like a static
    host (gzip, its 404 page, its _headers); host.stop() takes it off the network."""
    servers = []

    class Host:
        def __call__(self, site):
            self.stop()
            held_port.release()
            server, url = serve_dir(site, port, prefix=PREFIX)
            servers.append(server)
            return url

        def stop(self):
            while servers:
                server = servers.pop()
                server.shutdown()
                server.server_close()
            held_port.hold()  # off the network, and no other worker's until the next host

    running = Host()
    yield running
    running.stop()


def _watch(page):
    """Failed requests and error responses of a page, in page.failed."""
    page.failed = []
    page.on("requestfailed", lambda r: page.failed.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and page.failed.append(f"{r.url}: {r.status}"))
    return page


def test_a_build_for_a_sub_path_works_there(browser, sub_path_site, host):
    base = host(sub_path_site)
    context = browser.new_context(base_url=base, service_workers="block")
    context.add_init_script(CSP_RECORDER)
    page = _watch(record_problems(context.new_page()))
    kinds = {"document": 0, "script": 0, "stylesheet": 0}

    def count(request):
        if request.resource_type in kinds:
            kinds[request.resource_type] += 1

    page.on("request", count)
    for path in [page_url(p.path) for p in SITE.pages]:
        quiet = Quiet(page)
        page.goto(base + path)
        quiet.wait()
        assert page.locator("article.md-content__inner h1").count() == 1, path
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", (
            f"{path}: Material's stylesheet did not apply")
        assert page.evaluate("window.__cspViolations") == [], path
    assert kinds["script"] and kinds["stylesheet"] and kinds["document"] >= len(SITE.pages)
    assert page.failed == [] and page.problems == []

    # Search finds a page, and its result links inside the sub-path.
    page.goto(base)
    result = search(page, "thank").first.locator("a").first
    assert result.get_attribute("href").startswith(base)
    page.keyboard.press("Escape")

    # Instant navigation takes over links: the page changes without a new document.
    instant_navigation_ready(page)
    page.evaluate("window.__stayed = true")
    page.locator(".md-nav--primary a[href$='planner/']").first.click()
    expect(page).to_have_url(base + "planner/")
    expect(page.locator("article.md-content__inner h1")).to_have_text("Follow-up planner")
    assert page.evaluate("window.__stayed === true"), "the link loaded a new page: no instant navigation"
    page.locator(".ati-planner.ati-js").wait_for()

    # Installable: Chrome reads the manifest with no error, its start URL and scope are the
    # sub-path, and it finds nothing that keeps the site from being installed.
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and manifest["url"] == base + "manifest.webmanifest"
    parsed = manifest["manifest"]
    assert parsed["startUrl"] == parsed["scope"] == base, parsed
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # The test browser's profile is a private one, which Chrome never installs apps from.
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors

    # The 404 page, at any depth, styled and linking back into the sub-path.
    page.failed.clear()
    response = page.goto(base + "no/such/page/")
    assert response.status == 404
    expect(page.locator("article.md-content__inner h1")).to_have_text("Page not found")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    links = page.eval_on_selector_all("article a[href]", "as => as.map(a => a.href)")
    assert links and all(link.startswith(base) for link in links), links
    assert page.failed == [f"{base}no/such/page/: 404"]
    page.goto(links[0])
    assert page.url == base
    assert page.problems == [] or all("404" in p for p in page.problems), page.problems
    context.close()


def _controlled(page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    page.evaluate("navigator.serviceWorker.ready")


def test_after_one_visit_every_page_and_tool_works_offline(browser, sub_path_site, host):
    base = host(sub_path_site)
    context = browser.new_context(base_url=base, service_workers="allow")
    page = record_problems(context.new_page())
    page.goto(base)
    _controlled(page)
    caches = page.evaluate("caches.keys()")
    assert len(caches) == 1 and caches[0].startswith(f"ati {PREFIX} "), caches
    kept = page.evaluate("""async () => { const cache = await caches.open((await caches.keys())[0]);
        return (await cache.keys()).map(r => r.url); }""")
    assert base in kept and base + "planner/" in kept
    assert all(url.startswith(base) for url in kept), "the worker kept another address's file"
    host.stop()  # the host is gone: nothing more comes from the network

    for path in [page_url(p.path) for p in SITE.pages]:
        page.goto(base + path)
        assert page.locator("article.md-content__inner h1").count() == 1, f"{path} did not load offline"

    # A checklist ticks and keeps its tick.
    page.goto(base + f"checklists/{CHECKLIST['id']}/")
    first = page.locator(FIRST_BOX)
    first.check()
    page.reload()
    expect(first).to_be_checked()
    # A template fills in.
    page.goto(base + f"templates/{GROUP}/")
    page.wait_for_selector(".ati-fields.ati-js")
    page.fill("#ati-field-interviewer-name", "Dana Offline")
    expect(page.locator(".ati-template").first).to_contain_text("Dana Offline")
    # The planner plans, holidays included (their list is a file of its own).
    page.goto(base + "planner/")
    page.locator(".ati-planner.ati-js").wait_for()
    page.fill("#ati-p-interview", "2026-06-12")
    expect(page.locator(".ati-plan > li[data-rule]").first).to_be_visible()
    # Instant navigation and search work from the cache too.
    instant_navigation_ready(page)
    page.evaluate("window.__stayed = true")
    page.locator(".md-nav--primary a[href$='interviews/']").first.click()
    expect(page.locator("article.md-content__inner h1")).to_have_text("Your interviews")
    assert page.evaluate("window.__stayed === true")
    page.goto(base + "checklists/")
    search(page, "reference")
    page.keyboard.press("Escape")
    # A page asked for without its final slash is sent to it, as a host would: its relative
    # links must resolve from the folder.
    page.goto(base + "planner")
    assert page.url == base + "planner/"
    page.locator(".ati-planner.ati-js").wait_for()
    # A page the site does not have gets its 404 page, not the browser's offline page.
    page.goto(base + "no/such/page/")
    expect(page.locator("article.md-content__inner h1")).to_have_text("Page not found")
    assert [p for p in page.problems if "404" not in p] == []
    context.close()


def test_a_new_build_takes_over_at_the_next_visit_and_nothing_saved_is_lost(browser, two_builds, host):
    old, new = two_builds
    base = host(old)
    context = browser.new_context(base_url=base, service_workers="allow")
    page = record_problems(context.new_page())
    page.goto(base + f"checklists/{CHECKLIST['id']}/")
    _controlled(page)
    page.locator(FIRST_BOX).check()
    page.goto(base + f"templates/{GROUP}/")
    page.fill("#ati-field-interviewer-name", "Dana Kept")
    saved = page.evaluate("localStorage.getItem('ati:interviews')")
    old_cache = page.evaluate("caches.keys()")

    host(new)  # the new build is published at the same address
    page.reload()
    # First the kept build, whole; once the new one has every file, it takes over and the
    # page reloads itself into it.
    expect(page.locator(".md-copyright")).to_contain_text("Build one.")
    expect(page.locator(".md-copyright")).to_contain_text("Build two.", timeout=30_000)
    page.wait_for_load_state("load")
    assert page.evaluate("caches.keys()") not in ([], old_cache), "the old build's cache is still the one"
    assert len(page.evaluate("caches.keys()")) == 1
    assert page.evaluate("localStorage.getItem('ati:interviews')") == saved
    assert page.input_value("#ati-field-interviewer-name") == "Dana Kept"
    page.goto(base + f"checklists/{CHECKLIST['id']}/")
    expect(page.locator(FIRST_BOX)).to_be_checked()
    # Offline, the new build is what is kept.
    host.stop()
    page.goto(base + "planner/")
    expect(page.locator(".md-copyright")).to_contain_text("Build two.")
    assert page.problems == []
    context.close()


def test_a_new_build_never_reloads_a_tab_while_another_is_open(browser, two_builds, host):
    old, new = two_builds
    base = host(old)
    context = browser.new_context(base_url=base, service_workers="allow")
    busy = record_problems(context.new_page())
    busy.goto(base + f"templates/{GROUP}/")
    _controlled(busy)
    other = record_problems(context.new_page())
    other.goto(base)
    _controlled(other)
    busy.fill("#ati-field-interviewer-name", "Half typed")
    busy.evaluate("window.__same_page = true")

    host(new)
    other.reload()
    other.wait_for_function(
        "() => navigator.serviceWorker.getRegistration().then(r => !!(r && r.waiting))", timeout=30_000)
    other.wait_for_timeout(500)  # time to take over, which it must not while the busy tab is open
    expect(other.locator(".md-copyright")).to_contain_text("Build one.")
    assert busy.evaluate("window.__same_page === true"), "the tab in use was reloaded"
    expect(busy.locator(".md-copyright")).to_contain_text("Build one.")

    busy.close()  # the other tab is now the only one: its next load takes the new build
    def open_windows() -> int:
        """The windows a worker of the site sees. The browser may stop and restart an idle
        worker meanwhile (its old handle then fails): the newest live one answers."""
        for worker in reversed(context.service_workers):
            try:
                return worker.evaluate("clients.matchAll({type: 'window', includeUncontrolled: true})"
                                       ".then(open => open.length)")
            except PlaywrightError:
                continue
        return 2

    deadline = time.monotonic() + 10
    while open_windows() > 1 and time.monotonic() < deadline:
        other.wait_for_timeout(100)  # the browser takes a moment to forget a closed tab
    for _ in range(3):  # a visit or two: the browser may fetch the new worker once more first
        try:
            other.reload()
        except PlaywrightError as error:
            # The page reloaded itself into the new build meanwhile (head.js, once the new
            # worker took over), which cut this reload short.
            if "ERR_ABORTED" not in str(error):
                raise
        try:
            expect(other.locator(".md-copyright")).to_contain_text("Build two.", timeout=6_000)
            break
        except AssertionError:
            continue
    expect(other.locator(".md-copyright")).to_contain_text("Build two.")
    assert other.problems == [] and busy.problems == []
    context.close()


def test_a_build_without_offline_registers_no_worker_and_removes_an_earlier_one(
        browser, sub_path_site, tmp_path, port, host):
    with_worker = sub_path_site  # built with the worker, for the same address
    (tmp_path / "without").mkdir()
    config = config_copy(tmp_path / "without", site_url=f"http://127.0.0.1:{port}{PREFIX}", offline=False)
    build_site(tmp_path / "without" / "site", config)
    base = host(with_worker)
    context = browser.new_context(base_url=base, service_workers="allow")
    page = record_problems(context.new_page())
    page.goto(base)
    _controlled(page)
    assert page.evaluate("caches.keys()")

    host(tmp_path / "without" / "site")
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    page.wait_for_function("""async () => !(await navigator.serviceWorker.getRegistration())
        && (await caches.keys()).length === 0""", timeout=30_000)
    page.goto(base + "planner/")
    assert page.locator("meta[name=ati-offline]").count() == 0
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => !!r)") is False
    assert page.problems == []
    context.close()
