"""Command line: `python -m build_tools check|render|build|serve`.

check   validate content/ only (schemas, the named rules, mkdocs.yml nav); writes nothing
ids     record every id the content has in content/published-ids.yml (after adding content)
render  check, then write the generated pages under docs/ and the theme partials that carry
        our inline scripts under overrides/ (minified from build_tools/inline/ by terser)
build   render, then `mkdocs build --strict` into a fresh folder that replaces site/ only
        when the build succeeded, so the last good site/ survives any error; then the app
        icons, manifest, service worker, the policy's script hashes and _headers
        (build_tools/publish.py).
        --site-url URL (or $SITE_URL): the address the site is published at, instead of
        mkdocs.yml's; --no-offline: no service worker
publish write the manifest, icons, service worker, script hashes and _headers into an already
        built site/
        (what build does after MkDocs; for a site built by Zensical)
serve   render, serve at http://127.0.0.1:8000, re-render on every edit and survive any error
        (build_tools/serve.py)
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from . import CONTENT_DIR, DOCS_DIR, ROOT, publish
from .config import MKDOCS_YML, config_copy
from .content import load_content
from .errors import ContentInvalid
from .model import Site
from .nav import check_nav
from .render import render

LOCAL = ("127.0.0.1", "localhost", "::1")


def site_url_problem(url: str) -> str | None:
    """What is wrong with an address to build for, or None."""
    if re.search(r"[\s\"'<>\\`]", url):
        return "it has a space, a quote or a bracket"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "it is not an http:// or https:// address"
    if parts.username or parts.password:
        return "it has a user name or password in it"
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "its port is not a number"
    if parts.query or parts.fragment:
        return "it has a ? or # part"
    return None


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


def minify_own_assets(site_dir: Path) -> None:
    """Our own JS and CSS in the built site, minified (publish.minified_all).

    docs/ keeps the readable, commented files; only what is served is minified. Material's
    files are minified already. assets/vendor/ is the QR encoder render copies there."""
    built = {source: site_dir / source.relative_to(DOCS_DIR)
             for rel in ("assets/javascripts", "assets/stylesheets", "assets/vendor")
             for source in sorted((DOCS_DIR / rel).rglob("*.[jc]s*"))}
    built = {source: target for source, target in built.items() if target.exists()}
    for source, text in publish.minified_all(list(built)).items():
        built[source].write_text(text, encoding="utf-8")


def build_site(site_dir: Path = ROOT / "site", config: Path = MKDOCS_YML, quiet: bool = False) -> None:
    """mkdocs build --strict into a sibling folder, then swap it in place of site_dir.

    quiet: MkDocs' messages are printed (to stderr) only if the build fails. Not its --quiet,
    which would hide from --strict the warnings it must fail on."""
    work = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict",
             "--config-file", str(config), "--site-dir", str(work)],
            cwd=ROOT, env=_build_env(), capture_output=quiet, text=True)
        if result.returncode != 0:
            if quiet:
                print(result.stdout + result.stderr, end="", file=sys.stderr)
            raise SystemExit(f"mkdocs build failed (exit {result.returncode}); "
                             f"{site_dir.name}/ left as it was")
        minify_own_assets(work)
        publish.finish(work, config)
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


def serve(address: str = "127.0.0.1:8000") -> int:
    """Serve with live reload until stopped, surviving any error: see build_tools/serve.py
    (imported here, not at the top: no other command needs it)."""
    from . import serve as serve_module

    return serve_module.serve(address)


def record_ids(content_dir: Path = CONTENT_DIR) -> int:
    """Add every id the content has now to content/published-ids.yml (never removes one)."""
    try:
        site = load_content(content_dir, skip={"new-ids-recorded"})
    except ContentInvalid as exc:
        print(exc, file=sys.stderr)
        print(f"build_tools: {len(exc.errors)} problem(s) in content; fix them first", file=sys.stderr)
        return 1
    target = content_dir / "published-ids.yml"
    ids = sorted(set(site.published) | set(site.items))
    new = len(ids) - len(set(site.published))
    target.write_text("# Every id this site has published: saved progress and links are keyed by them.\n"
                      "# Written by ./dev ids. Never remove a line: retire the id in retired-ids.yml.\n"
                      "published:\n" + "".join(f"  - {i}\n" for i in ids), encoding="utf-8")
    print(f"build_tools: {new} new id(s) recorded in {target.name} ({len(ids)} in all)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["check", "render", "build", "publish", "serve", "ids"])
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help=argparse.SUPPRESS)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000",
                        help="address for serve (default 127.0.0.1:8000)")
    parser.add_argument("--site-url", default=os.environ.get("SITE_URL") or None,
                        help="for build: the address the site is published at, such as "
                             "https://example.org/after-the-interview/ (default: $SITE_URL, "
                             "else mkdocs.yml's site_url)")
    parser.add_argument("--no-offline", action="store_true",
                        help="for build: no service worker (one kept from an earlier build "
                             "removes itself)")
    args = parser.parse_args(argv)
    if args.command == "ids":
        return record_ids(args.content)
    if args.command == "publish":
        site_dir = ROOT / "site"
        if not (site_dir / "index.html").is_file():
            print(f"build_tools: {site_dir} has no built site; build it first", file=sys.stderr)
            return 1
        publish.finish(site_dir, MKDOCS_YML)
        print(f"build_tools: manifest, icons, service worker and _headers written into {site_dir.name}/")
        return 0
    if args.command == "serve":
        # serve renders first itself, and starts whatever the content's state: a mistake
        # is reported and the pages wait for the fix (build_tools/serve.py).
        return serve(args.dev_addr)
    try:
        # A content folder other than the project's (a test fixture) has no nav to match.
        site = check(args.content, MKDOCS_YML if args.content == CONTENT_DIR else None)
        if args.command == "check":
            print(f"build_tools: content is valid ({len(site.files)} files, {len(site.items)} ids)")
            return 0
        changed = render(site, DOCS_DIR)
        print(f"build_tools: rendered, {len(changed)} file(s) changed")
    except ContentInvalid as exc:
        print(exc, file=sys.stderr)
        print(f"build_tools: {len(exc.errors)} problem(s) in content; nothing was written",
              file=sys.stderr)
        return 1
    if args.command == "build":
        site_url = args.site_url
        if site_url:
            problem = site_url_problem(site_url)
            source = "--site-url" if args.site_url != os.environ.get("SITE_URL") else "SITE_URL"
            if problem:
                print(f"build_tools: {source} {site_url!r}: {problem}; give a full address such as "
                      "https://example.org/after-the-interview/", file=sys.stderr)
                return 2
            parts = urlsplit(site_url)
            if parts.scheme == "http" and parts.hostname not in LOCAL:
                print(f"build_tools: {source} {site_url!r}: on plain http:// a browser keeps nothing "
                      "offline (service workers need https://)", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="ati-config-") as folder:
            config = MKDOCS_YML
            if site_url or args.no_offline:
                site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
                config = config_copy(Path(folder), site_url=site_url, offline=not args.no_offline)
            build_site(config=config)
        print(f"build_tools: site built into site/ for {site_url or 'the site_url in mkdocs.yml'}"
              + (" (no service worker)" if args.no_offline else ""))
    return 0
