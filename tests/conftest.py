"""Shared fixtures: the built site, a local HTTP server for it, and real Chromium.

Browser tests use the `page` (or `browser`) fixture. Chromium is found from the
CHROMIUM_PATH environment variable, then /usr/bin/chromium, then Playwright's own
download. Where none exists the browser tests skip with a message saying how to install
one, except under CI=true, where a missing browser fails them.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
import yaml

from build_tools import CONTENT_DIR, DOCS_DIR, ROOT
from build_tools.cli import build_site, check
from build_tools.content import load_content
from build_tools.render import render

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"]


# ------------------------------------------------------------------ building

def config_copy(out_dir: Path, docs_dir: Path = DOCS_DIR, site_url: str | None = None,
                keep_nav: bool = True) -> Path:
    """A copy of mkdocs.yml in out_dir with absolute paths, optionally another site_url."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    if site_url:
        config["site_url"] = site_url
    if not keep_nav:
        config.pop("nav", None)  # a variant's pages differ; let MkDocs list them
    path = out_dir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


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
    manifest = DOCS_DIR / ".generated"
    tops = {line.split("/")[0] for line in manifest.read_text().split()} if manifest.exists() else set()
    return sorted(tops | {".generated"})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


def serve_dir(directory: Path, port: int = 0):
    """Start a threaded HTTP server for directory on 127.0.0.1; returns (server, base_url)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def base_url(built_site, site_port):
    """Base URL of the built site served over HTTP (never file://)."""
    server, url = serve_dir(built_site, site_port)
    yield url
    server.shutdown()


# ------------------------------------------------------------------ browser

def find_chromium() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"]
    for path in candidates:
        if path and Path(path).exists():
            return path
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.executable_path
        if own and Path(own).exists():
            return own
    except Exception:  # noqa: BLE001 - no Playwright browser is a normal case here
        pass
    return None


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
    yield browser
    browser.close()


@pytest.fixture
def context(browser, base_url):
    """A fresh browser profile per test (empty localStorage), failing on page errors."""
    ctx = browser.new_context(base_url=base_url)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A page that records console errors and uncaught exceptions in page.problems."""
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(
        f"console.error: {msg.text}"))
    return page


def axe_violations(page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")) -> list:
    """Run axe-core on the current page; return its violations (empty means none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": list(tags)},
                                       "resultTypes": ["violations"]})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]]
