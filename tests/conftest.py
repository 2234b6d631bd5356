"""Shared fixtures: the built site, a local HTTP server for it, and real Chromium.

Browser tests use the `page` (or `browser`) fixture. Chromium is found from the
CHROMIUM_PATH environment variable, then /usr/bin/chromium, then Playwright's own
download. Where none exists the browser tests skip with a message saying how to install
one, except under CI=true, where a missing browser fails them.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_tools import CONTENT_DIR, DOCS_DIR
from build_tools.cli import build_site, check
from build_tools.content import load_content
from build_tools.local import (  # noqa: F401 - re-exported for the test modules
    CHROMIUM_FLAGS,
    config_copy,
    find_chromium,
    free_port,
    serve_dir,
)
from build_tools.render import IGNORE_FILE, generated_pages, render

FIXTURES = Path(__file__).parent / "fixtures"


# ------------------------------------------------------------------ building

def template_page(template_id: str) -> str:
    """The site path of the page a template is on (its group's page)."""
    site = load_content()
    return next(f"templates/{g['id']}/" for g in site.template_groups
                for t in g["templates"] if t["id"] == template_id)


def build_variant(content_dir: Path, out_dir: Path, site_url: str | None = None) -> Path:
    """Build the site from another content folder (a fixture) into out_dir/site.

    The project's docs/ (hand-written assets) is copied, the variant's pages are rendered
    into the copy, and a copy of mkdocs.yml points at it. Returns the built site folder.
    """
    docs = out_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(DOCS_DIR, docs, ignore=shutil.ignore_patterns(*_generated_names()))
    site = load_content(content_dir)
    render(site, docs)
    site_dir = out_dir / "site"
    build_site(site_dir, config_copy(out_dir, docs, site_url, keep_nav=False))
    return site_dir


def _generated_names() -> list[str]:
    """Top-level names in docs/ that render made, and the list of them."""
    return sorted({rel.split("/")[0] for rel in generated_pages()} | {IGNORE_FILE})


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the test server uses; the test build's site_url names it, because
    Material's instant navigation only takes over links on the site_url's origin."""
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> Path:
    """The real site, rendered from content/ and built with mkdocs --strict, once per run."""
    render(check(CONTENT_DIR))
    out = tmp_path_factory.mktemp("built")
    site_dir = out / "site"
    build_site(site_dir, config_copy(out, site_url=f"http://127.0.0.1:{site_port}/"))
    return site_dir


# ------------------------------------------------------------------ serving

@pytest.fixture(scope="session")
def base_url(built_site, site_port):
    """Base URL of the built site served over HTTP (never file://)."""
    server, url = serve_dir(built_site, site_port)
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


@pytest.fixture
def context(browser, base_url):
    """A fresh browser profile per test (empty localStorage), failing on page errors."""
    ctx = browser.new_context(base_url=base_url)
    yield ctx
    ctx.close()


def record_problems(page):
    """Collect console errors and uncaught exceptions in page.problems; returns the page."""
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(
        f"console.error: {msg.text}"))
    return page


# Resolves once the page's animations and transitions have ended (at most a second).
SETTLED = """() => Promise.race([
    Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
    new Promise(resolve => setTimeout(resolve, 1000))])"""
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone_page(browser, base_url):
    """A page in a fresh phone-sized, touch profile (390×844) that records problems."""
    ctx = browser.new_context(base_url=base_url, **PHONE)
    yield record_problems(ctx.new_page())
    ctx.close()


@pytest.fixture
def page(context):
    """A page that records console errors and uncaught exceptions in page.problems."""
    return record_problems(context.new_page())


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


def axe_violations(page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")) -> list:
    """Run axe-core on the current page; return its violations (empty means none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": list(tags)},
                                       "resultTypes": ["violations"]})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]]
