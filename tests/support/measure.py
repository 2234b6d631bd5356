"""Measures what a page costs in a real browser: requests, gzipped bytes, third parties.

Used by the benchmark (tests/support/bench.py) and by the budget tests, so both count the same
way. Needs a Playwright browser and the site served over http://127.0.0.1.
"""
from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from build_tools import DOCS_DIR
from build_tools.publish import minified_all


def page_types(site) -> dict[str, str]:
    """The page types the benchmark reports, one per page in the table of kinds (the first
    page of each per-file kind), each a path on the built site."""
    from build_tools.render import page_url

    types: dict[str, str] = {}
    for page in site.pages:
        types.setdefault(page.spec.key, page_url(page.path))
    return types


def gzip_size(data: bytes) -> int:
    """Bytes after gzip -9, the way every size here is counted."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def own_assets_gzip(docs_dir: Path = DOCS_DIR) -> dict[str, int]:
    """The project's own JS and CSS files, each file's name -> its gzipped size as served
    (minified)."""
    assets = docs_dir / "assets"
    files = sorted([*(assets / "javascripts").rglob("*.js"), *(assets / "stylesheets").glob("*.css")])
    return {f.name: gzip_size(text.encode("utf-8")) for f, text in minified_all(files).items()}


def foreign_requests(urls: list[str], page_url: str) -> list[str]:
    """The URLs among urls that went to an origin other than page_url's."""
    origin = urlparse(page_url).netloc
    return [u for u in urls
            if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != origin]


@dataclass
class PageWeight:
    """Every request a page made while loading, opening search, and settling."""

    url: str
    requests: list[str] = field(default_factory=list)
    gzip_bytes: dict[str, int] = field(default_factory=dict)  # same-origin URL -> gzip -9 size

    @property
    def third_party(self) -> list[str]:
        return foreign_requests(self.requests, self.url)

    @property
    def total_gzip(self) -> int:
        return sum(self.gzip_bytes.values())


class Quiet:
    """Follows a page's requests (its workers' included) from the moment it is made, so a
    caller can wait until none has been in flight for a moment: what Playwright's
    "networkidle" does, with a quarter of its fixed half-second wait at the end of every load."""

    def __init__(self, page):
        self.page, self.in_flight, self.last = page, 0, time.monotonic()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, _request) -> None:
        self.in_flight += 1
        self.last = time.monotonic()

    def _ended(self, _request) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self.last = time.monotonic()

    def wait(self, quiet_s: float = 0.125, timeout_s: float = 15) -> None:
        """Return once no request has started or ended for quiet_s (after the load event)."""
        self.page.wait_for_load_state("load")
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.in_flight == 0 and time.monotonic() - self.last >= quiet_s:
                return
            self.page.wait_for_timeout(25)  # lets Playwright deliver the page's events
        raise TimeoutError(f"{self.page.url}: {self.in_flight} request(s) still in flight "
                           f"after {timeout_s} s")


def measure_page(context, url: str, use_search: bool = True) -> PageWeight:
    """Load url in a fresh page of context; open search so its worker and index load too
    (a reader who searches pays for them), then count every response's gzipped size."""
    weight = PageWeight(url)
    responses = []
    page = context.new_page()
    quiet = Quiet(page)
    page.on("request", lambda r: weight.requests.append(r.url))
    page.on("response", lambda r: responses.append(r))
    page.goto(url)
    quiet.wait()
    if use_search:
        open_search(page, responses, "thank", quiet)
    weight.gzip_bytes = gzip_sizes(responses, url)
    page.close()
    return weight


def open_search(page, responses: list, query: str, quiet: Quiet) -> None:
    """Type a query in Material's search (where the page has it) and wait until its index
    has arrived among responses (the list the page's "response" events fill) and the page's
    requests are over (quiet: the page's Quiet, made before it loaded)."""
    box = page.locator("input.md-search__input")
    if not box.count():
        return
    box.fill(query)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any("search_index" in r.url for r in responses):
        page.wait_for_timeout(50)
    quiet.wait()


def gzip_sizes(responses, page_url: str) -> dict[str, int]:
    """Same-origin response URL -> its body's gzipped size (responses without a body skipped)."""
    origin = urlparse(page_url).netloc
    sizes = {}
    for response in responses:
        if urlparse(response.url).netloc != origin:
            continue
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
            continue
        sizes[response.url] = gzip_size(body)
    return sizes
