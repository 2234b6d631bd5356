"""Shared fixtures: the built site, a local HTTP server for it, and real Chromium.

Browser tests use the `page` (or `context`, `tabs`, `browser`) fixture. A test gets a
profile that is empty as a new one (no storage, no permissions, no routes, no listeners of
another test), but a profile is kept between tests that leave nothing behind, because a
new one costs Chromium about half a core-second more per test (see TabPool). Chromium is
found from the CHROMIUM_PATH environment variable, then /usr/bin/chromium, then Playwright's
own download. Where none exists the browser tests skip with a message saying how to install
one, except under CI=true, where a missing browser fails them.
"""
from __future__ import annotations

import copy
import functools
import json
import os
import shutil
import socket
from pathlib import Path

import engines
import pytest

from build_tools import CONTENT_DIR, DOCS_DIR
from build_tools.cli import build_site, check
from build_tools.config import config_copy  # noqa: F401 - re-exported for the test modules
from build_tools.content import load_content
from build_tools.publish import built_file, kept_hash
from build_tools.render import IGNORE_FILE, generated_pages, render
from tests.support.local import (  # noqa: F401 - re-exported for the test modules
    CHROMIUM_FLAGS,
    SiteHandler,
    find_chromium,
    free_port,
    serve_dir,
)

FIXTURES = Path(__file__).parent / "fixtures"


# ------------------------------------------------------------------ building

@functools.cache
def _loaded_content():
    return load_content()


def project_content():
    """The project's content/, loaded and validated once per test process (the test
    modules read it as they are collected): each caller gets its
    own copy, so no module can change what another sees."""
    return copy.deepcopy(_loaded_content())


def template_page(template_id: str) -> str:
    """The site path of the page a template is on (its group's page)."""
    return next(f"templates/{g['id']}/" for g in _loaded_content().template_groups
                for t in g["templates"] if t["id"] == template_id)


def build_variant(content_dir: Path, out_dir: Path, site_url: str | None = None) -> Path:
    """Build the site from another content folder (a fixture) into out_dir/site.

    The project's docs/ (hand-written assets) is copied, the variant's pages are rendered
    into the copy, and a copy of mkdocs.yml points at it. Returns the built site folder.
    """
    docs = out_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(DOCS_DIR, docs, ignore=_generated)
    site = load_content(content_dir)
    render(site, docs)
    site_dir = out_dir / "site"
    build_site(site_dir, config_copy(out_dir, docs, site_url, keep_nav=False))
    return site_dir


def _generated(folder: str, names: list[str]) -> list[str]:
    """For copytree: the files in this folder of docs/ that render made, and the list of them
    (the variant renders its own)."""
    made = {DOCS_DIR / rel for rel in generated_pages()} | {DOCS_DIR / IGNORE_FILE}
    return [n for n in names if Path(folder, n) in made]


class HeldPort:
    """A port of 127.0.0.1 kept for this test process: bound (never listening) whenever no
    test server is on it, so another worker's free_port() is never handed it in between (a
    build names its port in site_url seconds before it is served)."""

    def __init__(self):
        self._socket, self.port = None, 0
        self.hold()

    def hold(self) -> None:
        """Keep the port again (after its server stopped)."""
        if self._socket is None:
            held = socket.socket()
            held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: past TIME_WAIT
            held.bind(("127.0.0.1", self.port))
            self._socket, self.port = held, held.getsockname()[1]

    def release(self) -> None:
        """Let a server bind the port: call it just before."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None


@pytest.fixture(scope="session")
def site_port_held():
    held = HeldPort()
    yield held
    held.release()


@pytest.fixture(scope="session")
def site_port(site_port_held) -> int:
    """The port the test server uses; the test build's site_url names it, because
    Material's instant navigation only takes over links on the site_url's origin."""
    return site_port_held.port


def pytest_sessionstart(session):
    """Render docs/ from content/ once, before the test workers start (pytest-xdist's own
    hook, which starts them, runs last): each worker's render in built_site then finds every
    page as it is and writes nothing, so no build reads a page while another process writes
    it. A content error is raised where a test needs the site (built_site), as it always was.
    Run in one process (-n0), the tests have no workers, and built_site's render is the one."""
    if session.config.pluginmanager.has_plugin("dsession"):  # xdist's, in the process that starts workers
        try:
            render(check(CONTENT_DIR))
        except Exception:  # noqa: BLE001 - built_site reports it
            pass


# The test files that take longest, longest first (`./dev test --durations=0` shows what each
# takes), but for the two that mostly wait (on servers and builds), which go alongside the
# busiest. pytest-xdist hands out whole files in collection order (--no-loadscope-reorder;
# its own order is by number of tests, which put the few-test, long publish file last), so
# the long files start first and the short ones fill in at the end, and the workers finish
# together instead of one running a long file while the other waits. The files not named
# follow in their usual order. Only the order changes, never what runs.
LONGEST_FIRST = ("test_quality_browser.py",
                 "test_engines_browser.py",  # two browsers started, pages load slower
                 "test_serve.py",  # waiting on ./dev serve
                 "test_publish_browser.py",  # waiting on builds and service workers
                 "test_a11y_browser.py",
                 "test_transfer_browser.py",
                 "test_interviews_browser.py",
                 "test_planner_browser.py",
                 "test_site_browser.py",
                 "test_checklists_browser.py",
                 "test_templates_browser.py",
                 "test_trimcss.py",
                 "test_bad_input.py")


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: a file's tests keep their order


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> Path:
    """The real site, rendered from content/ and built with mkdocs --strict, once per run
    (once per worker: each serves its own on its own port)."""
    render(check(CONTENT_DIR))
    out = tmp_path_factory.mktemp("built")
    site_dir = out / "site"
    build_site(site_dir, config_copy(out, site_url=f"http://127.0.0.1:{site_port}/"))
    return site_dir


# ------------------------------------------------------------------ serving

class ProbingHandler(SiteHandler):
    """The site as a host serves it, but a page asked for by a browser carrying the probe's
    cookie (WebKit and Firefox, tests/engines.py) starts with the probe, which records its
    console errors, uncaught errors and CSP violations: they have no init scripts as
    Playwright's Chromium has. The probe is a file of the site's origin, so the policy allows it."""

    offline = False  # True: every request goes unanswered, as with no network
    # True: the worker can keep the site for a probing browser (below). Otherwise its check
    # of the pages' hashes fails and it keeps nothing: Firefox logs an error for each load a
    # worker was answering when the page was left, so only the offline test has one.
    worker = False

    def do_GET(self):
        if ProbingHandler.offline:
            self.close_connection = True
            return None
        if self.path.split("?", 1)[0] == engines.PROBE_PATH:
            body = engines.PROBE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().do_GET()

    def page_body(self, path, body):
        if engines.PROBE_COOKIE + "=1" not in self.headers.get("Cookie", ""):
            return body
        if path.suffix == ".html":
            return self.probed(body)
        if path.name == "sw.js" and ProbingHandler.worker and b"const BUILD=" in body:
            # The worker keeps pages with the probe (so a page it serves reports too), and
            # checks each against its hash: the hashes of the pages as this browser gets them.
            start = body.index(b"const BUILD=") + len(b"const BUILD=")
            build, end = json.JSONDecoder().raw_decode(body[start:].decode())
            root = Path(self.directory)
            for address in build["files"]:
                if address.endswith("/") or address.endswith(".html"):
                    page = self.probed((root / built_file(address)).read_bytes())
                    build["files"][address] = kept_hash(page)
            build["files"][engines.PROBE_PATH.lstrip("/")] = kept_hash(engines.PROBE.encode())
            return body[:start] + json.dumps(build).encode() + body[start + end:]
        return body

    @staticmethod
    def probed(page: bytes) -> bytes:
        return page.replace(b"<head>", f'<head><script src="{engines.PROBE_PATH}"></script>'.encode(), 1)


@pytest.fixture(scope="session")
def base_url(built_site, site_port, site_port_held):
    """Base URL of the built site served over HTTP (never file://)."""
    site_port_held.release()
    server, url = serve_dir(built_site, site_port, base=ProbingHandler)
    yield url
    server.shutdown()


# ------------------------------------------------------------------ browser

@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = ("no Chromium found: install one with `apt-get install -y chromium` "
                   "(Debian) or set CHROMIUM_PATH to a Chromium binary")
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: a missing browser is a failure)")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance, chromium_path):
    browser = playwright_instance.chromium.launch(executable_path=chromium_path,
                                                  args=CHROMIUM_FLAGS, headless=True)
    # Contexts block the service worker unless a test asks for it (service_workers="allow",
    # as tests/test_publish_browser.py does): in a fresh profile each page would otherwise
    # start keeping the whole site, a second load per test that tests nothing it is about.
    new_context = browser.new_context

    def new_context_without_worker(**options):
        options.setdefault("service_workers", "block")
        return new_context(**options)

    browser.new_context = new_context_without_worker
    yield browser
    browser.close()


# What a test may do to a kept profile that cannot be undone: a profile it is done to is
# closed after the test, and the next test gets a new one.
_LASTING = {
    "BrowserContext": ("add_init_script", "expose_binding", "expose_function", "route_from_har",
                       "route_web_socket", "set_extra_http_headers", "set_geolocation",
                       "set_default_timeout", "set_default_navigation_timeout", "new_cdp_session"),
    "Page": ("add_init_script", "expose_binding", "expose_function", "route_from_har",
             "route_web_socket", "set_extra_http_headers", "set_default_timeout",
             "set_default_navigation_timeout", "add_locator_handler"),
    "Clock": ("install", "fast_forward", "pause_at", "resume", "run_for", "set_fixed_time",
              "set_system_time"),
}
# Run in a document of the site's origin: what the site keeps there (sessionStorage is per
# tab, so a kept tab must be emptied too).
_EMPTY_STORAGE = """async () => {
    localStorage.clear(); sessionStorage.clear();
    for (const db of await indexedDB.databases()) indexedDB.deleteDatabase(db.name);
    for (const key of await caches.keys()) await caches.delete(key);
    return localStorage.length + sessionStorage.length;
}"""


def _mark_lasting() -> None:
    """Make each call in _LASTING mark its profile as one not to keep (once per run)."""
    from playwright.sync_api import _generated

    def profile_of(obj):
        impl = obj._impl_obj
        return {"BrowserContext": lambda: impl, "Page": lambda: impl.context,
                "Clock": lambda: impl._browser_context}[type(obj).__name__]()

    for cls_name, names in _LASTING.items():
        cls = getattr(_generated, cls_name)
        for name in names:
            original = getattr(cls, name)
            if getattr(original, "_marks_lasting", False):
                continue

            def marking(self, *args, _original=original, **kwargs):
                profile_of(self)._ati_lasting = True
                return _original(self, *args, **kwargs)

            marking._marks_lasting = True
            setattr(cls, name, marking)


def _listeners(obj) -> dict[str, list]:
    events = obj._impl_obj._events
    return {name: list(ls) if isinstance(ls, list) else [ls] for name, ls in events.items()}


class TabPool:
    """Browser profiles (contexts), each with its one tab, kept between tests by their
    options. A test borrows one; given back, it is emptied: other tabs closed; storage,
    cookies, permissions, routes, offline mode, screen size, media emulation and the
    listeners the test added undone; the tab left on a page of the site that runs no script
    (its favicon). A profile that a test changed for good (an init script, the clock, see
    _LASTING), whose test failed, or that cannot be emptied, is closed instead. A page load in
    a kept tab costs less CPU than one in a new profile (in the full browser; in the headless
    shell the two are close), but idle kept tabs cost CPU too, so only the KEEP profiles given
    back last are kept."""

    KEEP = 4

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.free: list[tuple[str, object]] = []  # (options key, profile), the last given back last
        self.options: dict[int, dict] = {}
        self.listeners: dict[int, tuple[dict, dict]] = {}
        _mark_lasting()

    def lend(self, **options):
        options.setdefault("base_url", self.base_url)
        key = repr(sorted(options.items()))
        kept = [i for i, (k, _) in enumerate(self.free) if k == key]
        ctx = self.free.pop(kept[-1])[1] if kept else self.browser.new_context(**options)
        self.options[id(ctx)] = options
        if not ctx.pages:
            record_problems(ctx.new_page())
        tab = ctx.pages[0]
        tab.problems.clear()
        self.listeners[id(ctx)] = (_listeners(ctx), _listeners(tab))
        return ctx

    def give_back(self, ctx, keep: bool = True) -> None:
        options = self.options.pop(id(ctx))
        ctx_listeners, tab_listeners = self.listeners.pop(id(ctx))
        try:
            keep = keep and not getattr(ctx._impl_obj, "_ati_lasting", False) and self._empty(
                ctx, options, ctx_listeners, tab_listeners)
        except Exception:  # a closed or crashed profile is not kept
            keep = False
        if keep:
            self.free.append((repr(sorted(options.items())), ctx))
        gone = ([] if keep else [ctx]) + [c for _, c in self.free[:-self.KEEP]]
        del self.free[:-self.KEEP]
        for old in gone:
            try:
                old.close()
            except Exception:
                pass

    def _empty(self, ctx, options, ctx_listeners, tab_listeners) -> bool:
        tab, *others = ctx.pages
        for other in others:
            other.close()
        for obj, before in ((ctx, ctx_listeners), (tab, tab_listeners)):
            for name, now in _listeners(obj).items():
                for listener in now:
                    if listener not in before.get(name, []):
                        obj._impl_obj.remove_listener(name, listener)
        ctx.unroute_all(behavior="ignoreErrors")
        tab.unroute_all(behavior="ignoreErrors")
        ctx.clear_cookies()
        ctx.clear_permissions()
        ctx.set_offline(False)
        # A document of the site's origin with no script of its own reaches its storage, and
        # the test's page is gone first, so nothing of it can write there afterwards.
        tab.goto(options["base_url"] + "assets/favicon.svg")
        # The tab stays there: one more navigation (to about:blank) would cost CPU for every
        # test.
        if options.get("java_script_enabled", True) and tab.evaluate(_EMPTY_STORAGE) != 0:
            return False
        tab.set_viewport_size(options.get("viewport", {"width": 1280, "height": 720}))
        tab.emulate_media(media="null", color_scheme=options.get("color_scheme", "light"),
                          reduced_motion=options.get("reduced_motion", "no-preference"),
                          forced_colors=options.get("forced_colors", "none"))
        tab.problems.clear()
        return True

    def close(self) -> None:
        for _, ctx in self.free:
            ctx.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.ati_failed = report.failed
    return report


@pytest.fixture(scope="session")
def tab_pool(browser, base_url):
    pool = TabPool(browser, base_url)
    yield pool
    pool.close()


@pytest.fixture
def tabs(tab_pool, request):
    """tabs(**context options) -> a browser profile as empty as a new one, with one tab
    (profile.pages[0]) that records problems; given back after the test. A kept tab may
    already show the site's favicon (TabPool): a test goes to its page first."""
    lent = []

    def lend(**options):
        lent.append(tab_pool.lend(**options))
        return lent[-1]

    yield lend
    for ctx in lent:
        tab_pool.give_back(ctx, keep=not getattr(request.node, "ati_failed", True))


@pytest.fixture
def context(tabs):
    """A browser profile as empty as a new one, failing on page errors."""
    return tabs()


def record_problems(page):
    """Collect console errors and uncaught exceptions in page.problems; returns the page."""
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(
        f"console.error: {msg.text}"))
    return page


def go(page, path: str, module: str) -> None:
    """Open a page of the site and wait until its tool (data-module) has started."""
    page.goto(path)
    page.locator(f"[data-module={module}].ati-js").wait_for()


def instant_navigation_ready(page) -> None:
    """Wait until Material's instant navigation takes over the page's links. It does so only
    for addresses in the sitemap, which it fetches after the page has loaded: a click before
    that (likely on a busy machine) loads a whole new page."""
    page.wait_for_function("""() => performance.getEntriesByType('resource')
        .some(r => r.name.endsWith('/sitemap.xml') && r.responseEnd > 0)""", polling=50)
    page.wait_for_timeout(50)  # the sitemap is read in a task after its response


# The page, and any block of its article, that is wider than a phone's screen: the reader
# would have to scroll it sideways (Material lets a wide table scroll within its box).
SIDEWAYS = """() => {
    const wide = e => e.scrollWidth > e.clientWidth + 1;
    const page = wide(document.documentElement) ? ['the page'] : [];
    return page.concat([...document.querySelectorAll('article *')]
        .filter(e => wide(e) && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
        .map(e => `${e.tagName.toLowerCase()}.${e.className} (${e.scrollWidth} px in ${e.clientWidth})`));
}"""


# ------------------------------------------------------------------ landing on a section

# Links to a section far down a long page, as a reader opens them fresh (shared, bookmarked,
# from a calendar event): WebKit and Firefox once landed these hundreds of pixels off.
SECTION_LINKS = ("templates/thank-you/#thank-you-with-clarification", "templates/thank-you/#thank-you-card",
                 "guide/first-48-hours/#brief-your-references", "differences/#using-other-offers")


def fresh_landings(go, call) -> list[str]:
    """Each of SECTION_LINKS opened fresh (not a jump within a page) with go(path), measured with
    call(script, arg) once the page is still: those that did not land on their section, with
    where it was. For Playwright's page (goto, evaluate) and the engines (go, call) alike."""
    missed = []
    for link in SECTION_LINKS:
        section = link.split("#", 1)[1]
        go("assets/favicon.svg")
        go(link)
        call(STILL, section)
        at = call(LANDED, section)
        if not landed_on(at):
            missed.append(f"{link}: {at}")
    return missed


def landed_on(at: dict | None) -> bool:
    """Whether LANDED's answer shows the section on top (or the page ended with it below the
    header, where it can get no higher)."""
    return bool(at) and (at["onTop"] or at["end"] and at["top"] >= at["header"])


# Where the section landed: onTop when it sits below the sticky header, at the top of the screen.
LANDED = """id => {
    const el = document.getElementById(id), header = document.querySelector('.md-header');
    if (!el) return null;
    const end = innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
    const top = el.getBoundingClientRect().top, below = header.getBoundingClientRect().bottom;
    return {top, header: below, end, onTop: below <= top && top <= below + 60};
}"""


# Resolves once the section has been on the page and not moved for 700 ms (the site's own
# correction looks again at most 500 ms after its last look), or after 5 s: where the reader
# sees it once the page is still. A frame that comes late (a long task) starts the count again.
STILL = """id => new Promise(done => {
    let top = null, since = performance.now(), prev = since;
    const start = since, look = () => {
        const el = document.getElementById(id), now = performance.now();
        const t = el ? Math.round(el.getBoundingClientRect().top) : null;
        if (t === null || t !== top || now - prev > 100) { top = t; since = now; }
        prev = now;
        if (now - since >= 700 || now - start >= 5000) return done();
        requestAnimationFrame(look);
    };
    look();
})"""


# Resolves once the page's animations and transitions have ended (at most a second).
SETTLED = """() => Promise.race([
    Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
    new Promise(resolve => setTimeout(resolve, 1000))])"""
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# The screen of Lighthouse's mobile run, which the budgets and layout checks are measured at.
LIGHTHOUSE_PHONE = {"width": 412, "height": 823}


@pytest.fixture
def no_js_page(tabs):
    """The tab of an empty profile with JavaScript off: the page as a reader without it sees it."""
    return tabs(java_script_enabled=False).pages[0]


@pytest.fixture
def phone_page(tabs):
    """The tab of an empty phone-sized, touch profile (390×844); it records problems."""
    return tabs(**PHONE).pages[0]


@pytest.fixture
def page(context):
    """The tab of an empty profile; it records console errors and uncaught exceptions in
    page.problems."""
    return context.pages[0]


def search(page, query: str):
    """Type query in Material's search once its index is ready; returns the result items,
    the first already shown."""
    # Material builds the index in a worker; typing before it is ready may be lost.
    page.wait_for_function("""() => {
        const meta = document.querySelector('.md-search-result__meta');
        return meta && meta.textContent.trim() !== '' && !/initializing/i.test(meta.textContent);
    }""", timeout=20_000)
    # Material reads the query on key events; fill() would send none.
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    return results


def axe_source() -> str:
    """axe-core's script, as axe-playwright-python bundles it."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


AXE_THERE = "typeof window.axe?.run === 'function'"
CSP_RECORDER = """
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', e =>
        window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""  # an init script: the page's Content-Security-Policy violations, in window.__cspViolations


def axe_violations(page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"),
                   rules: tuple[str, ...] = ()) -> list:
    """Run axe-core on the current page (its WCAG A and AA rules, or only the rules named);
    return its violations (empty means none). axe is put into the page unless it is there
    already: a profile given it as an init script (axe_source()) has it in every document,
    which costs less CPU than putting it in afterwards (were that script to fail, axe is put in
    here: slower, never a different check)."""
    if not page.evaluate(AXE_THERE):
        page.evaluate(axe_source())
    only = {"type": "rule", "values": list(rules)} if rules else {"type": "tag", "values": list(tags)}
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)",
                               {"runOnly": only, "resultTypes": ["violations"]})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
            for v in violations]


# ------------------------------------------------------------------ WebKit and Firefox

def _engine_here(name: str) -> None:
    """Skip (fail under CI=true) when the engine is not installed, saying how to install it."""
    why = engines.missing(name)
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(why + " (CI=true: a missing browser is a failure)")
        pytest.skip(why)


@pytest.fixture(scope="session")
def xvfb():
    """The virtual display WebKit runs on, started on first use."""
    display = engines.Xvfb()
    yield display.display
    display.stop()


def _start_engine(request, name: str, tmp_path_factory, scripts: bool = True) -> engines.Engine:
    """WebKit or Firefox started with a home (its downloads, its profile's data) of its own."""
    _engine_here(name)
    base_url = request.getfixturevalue("base_url")
    home = str(tmp_path_factory.mktemp(f"{name}-home" if scripts else f"{name}-no-js-home"))
    if name == "webkit":
        browser = engines.WebKit(base_url, request.getfixturevalue("xvfb"), home, scripts=scripts)
    else:
        browser = engines.Firefox(base_url, home, scripts=scripts)
    browser.home = home
    return browser


@pytest.fixture(scope="module", params=["webkit", "firefox"])
def engine(request, tmp_path_factory):
    """WebKit or Firefox (tests/engines.py), one session per test module and engine. Each
    test starts with the site's storage empty and fails on any problem the page reported."""
    browser = _start_engine(request, request.param, tmp_path_factory)
    yield browser
    browser.quit()


def _ready(engine):
    """The site's storage emptied and the window at desktop size; then, after the test, a
    failure for any problem a page reported."""
    engine.go("assets/favicon.svg")
    engine.clear_storage()
    engine.size(1280, 720)
    engine.problems()
    yield engine
    problems = engine.problems()
    assert not problems, f"{engine.name} reported:\n" + "\n".join(problems)


@pytest.fixture
def eng(engine):
    """The module's WebKit or Firefox for one test (see _ready)."""
    yield from _ready(engine)


@pytest.fixture(params=["webkit", "firefox"])
def own_engine(request, tmp_path_factory):
    """A WebKit or Firefox of the test's own, quit after it (see _ready): for a test that
    leaves what the next test must not find, such as a service worker and its caches, which
    no script in the page could be trusted to remove (WebKit's getRegistrations() and
    unregister() have hung for 30 s)."""
    browser = _start_engine(request, request.param, tmp_path_factory)
    try:
        yield from _ready(browser)
    finally:
        browser.quit()


@pytest.fixture(scope="module", params=["webkit", "firefox"])
def engine_no_js(request, tmp_path_factory):
    """WebKit or Firefox started with scripts off, for the module (scripts cannot be turned
    off in a running session of either)."""
    browser = _start_engine(request, request.param, tmp_path_factory, scripts=False)
    yield browser
    browser.quit()
