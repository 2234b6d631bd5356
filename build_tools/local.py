"""Local serving and Chromium discovery, shared by the tests and the benchmark.

config_copy() writes a copy of mkdocs.yml (absolute paths, optionally another site_url:
Material's instant navigation only takes over links on the site_url's own origin, so a
server on another port needs a build that names it). serve_dir() serves a folder on
127.0.0.1 in a background thread.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import os
import socket
import threading
from pathlib import Path

import yaml

from . import DOCS_DIR, ROOT

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site like a static host would: text compressed with gzip."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")

    def log_message(self, *args):  # keep test and bench output readable
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in self.COMPRESSIBLE):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        return None


def serve_dir(directory: Path, port: int = 0):
    """Start a threaded HTTP server for directory on 127.0.0.1; returns (server, base_url)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
