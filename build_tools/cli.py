"""Command line: `python -m build_tools check|render|build|serve`.

check   validate content/ only (schemas, cross-references, mkdocs.yml nav); writes nothing
render  check, then write the generated pages under docs/
build   render, then `mkdocs build --strict` into a fresh folder that replaces site/ only
        when the build succeeded, so the last good site/ survives any error
serve   render, serve at http://127.0.0.1:8000 and re-render whenever content/ changes
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from . import CONTENT_DIR, DOCS_DIR, ROOT, TEMPLATE_DIR
from .content import Site, load_content
from .errors import ContentError, ContentInvalid
from .render import render

MKDOCS_YML = ROOT / "mkdocs.yml"


def _nav_pages(nav) -> list[str]:
    pages: list[str] = []
    for entry in nav or []:
        value = entry
        if isinstance(entry, dict):
            (value,) = entry.values()
        if isinstance(value, list):
            pages.extend(_nav_pages(value))
        elif isinstance(value, str) and value.endswith(".md"):
            pages.append(value)
    return pages


def check_nav(site: Site, mkdocs_yml: Path = MKDOCS_YML) -> list[ContentError]:
    """Every generated phase and checklist page is in the nav, phases in journey order."""
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    listed = _nav_pages(config.get("nav"))
    display = mkdocs_yml.name
    errors = []
    wanted = [f"guide/{p['id']}.md" for p in site.phases]
    wanted += [f"checklists/{c['id']}.md" for c in site.checklists]
    for page in wanted:
        if page not in listed:
            errors.append(ContentError(display, 1, "nav", f"page {page} is generated but not in the "
                                                          "nav; add it"))
    guide_order = [p for p in listed if p.startswith("guide/")]
    if not errors and guide_order != wanted[: len(site.phases)]:
        errors.append(ContentError(display, 1, "nav", "guide pages must follow the phases' order: "
                                                      + ", ".join(wanted[: len(site.phases)])))
    return errors


def check(content_dir: Path = CONTENT_DIR, mkdocs_yml: Path | None = MKDOCS_YML) -> Site:
    """Validate content; with mkdocs_yml, also check the nav lists every generated page."""
    site = load_content(content_dir)
    errors = check_nav(site, mkdocs_yml) if mkdocs_yml else []
    if errors:
        raise ContentInvalid(errors)
    return site


def _build_env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if "SOURCE_DATE_EPOCH" not in env:
        # Dates in sitemap.xml come from this; a fixed value makes two builds byte-identical.
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        env["SOURCE_DATE_EPOCH"] = stamp or "1767225600"
    return env


def build_site(site_dir: Path = ROOT / "site", config: Path = MKDOCS_YML) -> None:
    """mkdocs build --strict into a sibling folder, then swap it in place of site_dir."""
    work = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict",
             "--config-file", str(config), "--site-dir", str(work)],
            cwd=ROOT, env=_build_env())
        if result.returncode != 0:
            raise SystemExit(f"mkdocs build failed (exit {result.returncode}); "
                             f"{site_dir.name}/ left as it was")
        old = site_dir.with_name(site_dir.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if site_dir.exists():
            site_dir.rename(old)
        work.rename(site_dir)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if work.exists():
            shutil.rmtree(work)


def _snapshot() -> dict[str, float]:
    watched = [CONTENT_DIR, TEMPLATE_DIR]
    return {str(p): p.stat().st_mtime for d in watched for p in d.rglob("*") if p.is_file()}


def serve(address: str = "127.0.0.1:8000") -> int:
    """Serve with live reload; re-render when content/ or the page templates change."""
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address,
                               "--livereload"], cwd=ROOT, env=_build_env())
    # Stopped by a signal (not Ctrl+C), still take MkDocs' server down with us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    seen = _snapshot()
    try:
        while server.poll() is None:
            time.sleep(0.5)
            now = _snapshot()
            if now != seen:
                seen = now
                try:
                    changed = render(check())
                    print(f"build_tools: re-rendered {len(changed)} page(s)", flush=True)
                except ContentInvalid as exc:
                    print(f"{exc}\nbuild_tools: content has errors; the pages served are the last "
                          "good ones", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        if server.poll() is None:
            server.terminate()
    return server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["check", "render", "build", "serve"])
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help=argparse.SUPPRESS)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000",
                        help="address for serve (default 127.0.0.1:8000)")
    args = parser.parse_args(argv)
    try:
        # A content folder other than the project's (a test fixture) has no nav to match.
        site = check(args.content, MKDOCS_YML if args.content == CONTENT_DIR else None)
        if args.command == "check":
            print(f"build_tools: content is valid ({len(site.files)} files, {len(site.items)} ids)")
            return 0
        changed = render(site, DOCS_DIR)
        print(f"build_tools: rendered, {len(changed)} page(s) changed")
    except ContentInvalid as exc:
        print(exc, file=sys.stderr)
        print(f"build_tools: {len(exc.errors)} problem(s) in content; nothing was written",
              file=sys.stderr)
        return 1
    if args.command == "build":
        build_site()
        print("build_tools: site built into site/")
    elif args.command == "serve":
        return serve(args.dev_addr)
    return 0
