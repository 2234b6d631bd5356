"""Local serving and Chromium discovery, shared by the tests and the benchmark.

serve_dir() serves a built site on 127.0.0.1 in a background thread, as a static host
would.
"""
from __future__ import annotations

import fnmatch
import functools
import gzip
import http.server
import os
import socket
import sys
import threading
from pathlib import Path

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"]


def find_chromium() -> str | None:
    """CHROMIUM_PATH, then Debian's /usr/bin/chromium, then Playwright's own download."""
    for path in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if path and Path(path).exists():
            return path
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.executable_path
        if own and Path(own).exists():
            return own
    except Exception:  # noqa: BLE001 - having no Playwright browser is a normal case here
        pass
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site like a static host would: at a path prefix (the site_url's path),
    text compressed with gzip, the site's 404.html for a missing page, and the headers its
    _headers file gives (as Netlify and Cloudflare Pages do)."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest")
    prefix = "/"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".webmanifest": "application/manifest+json", ".js": "text/javascript"}

    def log_message(self, *args):  # keep test and bench output readable
        pass

    headers_rules: list[tuple[str, str, str]] = []  # the site's _headers (serve_dir reads it once)

    def _in_site(self, path: str) -> str | None:
        """The request path relative to the site root ("/…"), or None outside the prefix."""
        path = path.split("?", 1)[0].split("#", 1)[0]
        return "/" + path[len(self.prefix):] if path.startswith(self.prefix) else None

    def translate_path(self, path):
        rel = self._in_site(path)
        if rel is None:
            return str(Path(self.directory) / ".not-this-site")
        return super().translate_path(rel)

    def page_body(self, path: Path, body: bytes) -> bytes:
        """The bytes sent for a file of the site (a test server's subclass may add to a page)."""
        return body

    def end_headers(self):
        rel = self._in_site(self.path)
        for pattern, name, value in self.headers_rules if rel else []:
            if fnmatch.fnmatchcase(rel, pattern):
                self.send_header(name, value)
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not self.path.split("?")[0].endswith("/"):
            return super().do_GET()  # the host's redirect to the folder's address
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
            if not path.is_file():
                return super().do_GET()
        body = self.page_body(path, path.read_bytes())
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in self.COMPRESSIBLE:
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def site_headers(site_dir: Path) -> list[tuple[str, str, str]]:
    """(path pattern, header, value) from the site's _headers file, if it has one (the
    format Netlify and Cloudflare Pages read: a path, then indented "Name: value" lines)."""
    rules, pattern = [], None
    headers = site_dir / "_headers"
    for line in headers.read_text(encoding="utf-8").splitlines() if headers.is_file() else []:
        if line.lstrip().startswith("#"):
            continue
        if line.strip() and not line[0].isspace():
            pattern = line.strip()
        elif ":" in line and pattern:
            name, value = line.strip().split(":", 1)
            rules.append((pattern, name.strip(), value.strip()))
    return rules


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a connection before its answer is written (a tab closed, a
    page left) is no error of the site's: only other errors are printed."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve_dir(directory: Path, port: int = 0, prefix: str = "/", base: type | None = None):
    """Serve a built site on 127.0.0.1 at the path prefix, in a background thread;
    returns (server, base_url). base: a subclass of SiteHandler to serve with (tests)."""
    handler = type("Handler", (base or SiteHandler,),
                   {"prefix": prefix, "headers_rules": site_headers(directory)})
    server = _QuietServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"
