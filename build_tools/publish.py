"""What a host and a phone need beyond the pages, written into the built site after MkDocs
has built it (`./dev build`), or Zensical (then `./dev publish`). Plain Python, like render:
no MkDocs plugin or hook.

- assets/icons/: the app icons, PNG, made from one source image (docs/assets/favicon.svg)
  with resvg: 192 and 512 pixels as drawn, and a maskable 512 and a 180-pixel Apple touch
  icon on a full square of the icon's own colour (phones cut their own shape out of those).
- manifest.webmanifest: name, short name, colours and icons. Its start URL and scope are
  relative ("./"), so they follow whatever address the site is published at.
- sw.js: the service worker (build_tools/sw.js) with this build's files and their hashes,
  so a phone keeps the whole site for offline use. With `extra.offline: false` in
  mkdocs.yml (or `./dev build --no-offline`) the pages register none, and sw.js stays the
  one in docs/, a worker that removes an earlier one and its cache.
- the theme's stylesheet, trimmed to the rules the pages can use (build_tools/trimcss.py).
- the Content-Security-Policy of every page: its script-src gets the hash of every inline
  script the built pages carry (ours, rendered from build_tools/inline/, and Material's),
  computed from their exact bytes. overrides/main.html writes script-src 'self' alone, so a
  site that skipped this step runs no inline script at all.
- _headers: for hosts that read it (Netlify, Cloudflare Pages), the pages' own
  Content-Security-Policy as a header, plus what a meta tag cannot say (frame-ancestors)
  and the usual security headers.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import rcssmin
import rjsmin
import yaml

from . import DOCS_DIR, ROOT
from .trimcss import trim_theme_css

HERE = Path(__file__).parent
ICON_SOURCE = DOCS_DIR / "assets" / "favicon.svg"
ICON_DIR = "assets/icons"
THEME_COLOUR = "#4051b5"  # the header's colour, as in overrides/main.html's theme-color
SHORT_NAME = "Interviews"  # under the icon on a home screen: at most 12 characters show
# Built files the service worker does not keep: itself, the host's files, the gzipped
# sitemap (the plain one is what instant navigation reads), source maps, and the search
# languages other than English (the site is in English, so the search never loads them).
NOT_KEPT = re.compile(r"^(sw\.js|_headers|sitemap\.xml\.gz|.*\.map|assets/javascripts/lunr/.*)$")
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
SCRIPT_SRC = re.compile(r"(?:^|\s)src\s*=", re.I)
SCRIPT_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*["']?([^"'\s>]*)""", re.I)
# The types a browser runs (none given is JavaScript); any other (Material's __config is
# application/json) is a data block, which no policy governs.
RUN_TYPES = ("", "text/javascript", "application/javascript", "module")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def finish(site_dir: Path, config_file: Path) -> None:
    """Compact the pages and trim the theme's stylesheet; write the icons, manifest, service
    worker and _headers."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    offline = (config.get("extra") or {}).get("offline", True) is not False
    for page in site_dir.rglob("*.html"):
        page.write_text(compact_html(page.read_text(encoding="utf-8")), encoding="utf-8")
    allow_inline_scripts(site_dir)
    trim_theme_css(site_dir)
    write_icons(site_dir)
    write_manifest(site_dir, config)
    write_headers(site_dir)
    write_service_worker(site_dir, offline)


def minified_all(sources: list[Path]) -> dict[Path, str]:
    """Our JS and CSS files as the build serves them: scripts by terser (build_tools/
    minify.mjs, in Node, one run for all of them), styles by rcssmin. docs/ keeps the
    readable, commented files."""
    out = {f: rcssmin.cssmin(f.read_text(encoding="utf-8")) for f in sources if f.suffix == ".css"}
    scripts = [f for f in sources if f.suffix != ".css"]
    if scripts:
        node = shutil.which("node")
        if not node or not (ROOT / "node_modules" / "terser").is_dir():
            raise SystemExit("build_tools: terser, which minifies our scripts, is not installed: "
                             "./dev build, render, serve, test and bench install it (npm ci); or run npm ci")
        with tempfile.TemporaryDirectory() as tmp:
            targets = [Path(tmp) / f"{n}.js" for n in range(len(scripts))]
            run = subprocess.run([node, str(HERE / "minify.mjs"),
                                  *[str(p) for pair in zip(scripts, targets, strict=True) for p in pair]],
                                 capture_output=True, text=True)
            if run.returncode:
                raise SystemExit(f"build_tools: could not minify our scripts: {run.stderr.strip()}")
            out.update((f, t.read_text(encoding="utf-8")) for f, t in zip(scripts, targets, strict=True))
    return out


def minified(source: Path) -> str:
    """One of our JS or CSS files as the build serves it (see minified_all)."""
    return minified_all([source])[source]


# ------------------------------------------------------------------ pages

TOKEN = re.compile(r"""<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>|[^<]+""", re.S)
KEPT = re.compile(r"""<(pre|textarea|script|style)\b|<div\b[^>]*\bclass="[^"]*\bati-template__body\b""", re.I)
SPACE = re.compile(r"\n[ \t\r\n\f]+")  # HTML's white space only (not a no-break space)
DIV = re.compile(r"<(/?)div\b", re.I)


def compact_html(text: str) -> str:
    """The page with the indentation between its tags taken out (about half a kilobyte
    gzipped a page). Only text between tags changes, and only a line break followed by more
    white space, which HTML shows as the one space it shows for a line break alone. Tags
    and their attributes, comments, and what sits inside <pre>, <textarea>, <script>,
    <style> and the templates' text (shown with white-space: pre-wrap) stay byte for byte."""
    out, pos = [], 0
    for found in KEPT.finditer(text):
        if found.start() < pos:
            continue  # inside an element already kept
        out.append(_compact(text[pos:found.start()]))
        pos = _end_of(text, found)
        out.append(text[found.start():pos])
    out.append(_compact(text[pos:]))
    return "".join(out)


def _compact(html: str) -> str:
    return "".join(token if token.startswith("<") else SPACE.sub("\n", token)
                   for token in TOKEN.findall(html))


def _end_of(text: str, start: re.Match) -> int:
    """Where the element that starts at `start` ends (after its closing tag)."""
    name = start.group(1)
    if name:  # raw text (script, style) or kept as is: the first closing tag ends it
        close = text.lower().find(f"</{name.lower()}", start.end())
    else:  # the templates' div: the closing tag at the same depth
        depth, close = 1, -1
        for tag in DIV.finditer(text, start.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                close = tag.start()
                break
    return len(text) if close < 0 else text.index(">", close) + 1


# ------------------------------------------------------------------ icons and manifest

def _full_square(svg: str) -> str:
    """The icon drawn on a full square of its background colour (its first fill)."""
    fill = re.search(r'fill="(#[0-9a-fA-F]{3,8})"', svg)
    box = re.search(r'viewBox="([^"]+)"', svg)
    if not (fill and box):
        raise ValueError(f"{ICON_SOURCE}: the icon needs a viewBox and a background fill")
    x, y, w, h = box.group(1).split()
    inner = re.sub(r"^.*?<svg[^>]*>|</svg>\s*$", "", svg, flags=re.S)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box.group(1)}">'
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill.group(1)}"/>'
            f'{inner}</svg>')


ICONS = {  # file name -> (size, purpose, drawn on a full square)
    "icon-192.png": (192, "any", False),
    "icon-512.png": (512, "any", False),
    "maskable-512.png": (512, "maskable", True),
    "apple-touch-icon.png": (180, None, True),
}


def write_icons(site_dir: Path) -> None:
    import resvg_py  # only the build needs it

    svg = ICON_SOURCE.read_text(encoding="utf-8")
    target = site_dir / ICON_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name, (size, _, square) in ICONS.items():
        png = resvg_py.svg_to_bytes(svg_string=_full_square(svg) if square else svg,
                                    width=size, height=size)
        (target / name).write_bytes(bytes(png))


def manifest(config: dict) -> dict:
    icons = [{"src": "assets/favicon.svg", "sizes": "any", "type": "image/svg+xml"}]
    icons += [{"src": f"{ICON_DIR}/{name}", "sizes": f"{size}x{size}", "type": "image/png",
               "purpose": purpose} for name, (size, purpose, _) in ICONS.items() if purpose]
    return {"name": config["site_name"], "short_name": SHORT_NAME,
            "description": config.get("site_description", ""), "lang": "en",
            "id": "./", "start_url": "./", "scope": "./", "display": "standalone",
            "theme_color": THEME_COLOUR, "background_color": "#ffffff", "icons": icons}


def write_manifest(site_dir: Path, config: dict) -> None:
    (site_dir / "manifest.webmanifest").write_text(
        json.dumps(manifest(config), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ policy and headers

def inline_scripts(html: str) -> list[str]:
    """The text of each inline script in a page that a browser would run, byte for byte."""
    out = []
    for attributes, text in SCRIPT.findall(html):
        kind = SCRIPT_TYPE.search(attributes)
        if not SCRIPT_SRC.search(attributes) and (not kind or kind.group(1).lower() in RUN_TYPES):
            out.append(text)
    return out


def script_hash(text: str) -> str:
    """A policy's source that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def with_script_hashes(policy: str, hashes: list[str]) -> str:
    """The policy with these hashes, and no others, after its script-src sources. A policy
    that allows every inline script ('unsafe-inline', as serve's does) or eval is refused:
    no published page may carry one."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    names = [d.split()[0] for d in directives]
    if "script-src" not in names:
        raise ValueError(f"no script-src in the policy {policy!r}")
    sources = [s for s in directives[names.index("script-src")].split()[1:] if not s.startswith("'sha256-")]
    if "'unsafe-inline'" in sources or "'unsafe-eval'" in sources:
        raise ValueError(f"the policy allows 'unsafe-inline' or 'unsafe-eval': {policy!r}")
    directives[names.index("script-src")] = " ".join(["script-src", *sources, *hashes])
    return "; ".join(directives)


def allow_inline_scripts(site_dir: Path) -> list[str]:
    """Write into every page's policy the hashes of all the inline scripts the built pages
    carry, in the order they first appear (pages by path), the same list on every page:
    _headers gives one policy for the whole site. Returns the hashes."""
    pages = {page: page.read_text(encoding="utf-8") for page in sorted(site_dir.rglob("*.html"))}
    hashes = list(dict.fromkeys(script_hash(s) for text in pages.values() for s in inline_scripts(text)))
    for page, text in pages.items():
        found = POLICY.search(text)
        if not found:
            raise SystemExit(f"{page}: no Content-Security-Policy meta tag (overrides/main.html "
                             "writes one into every page)")
        try:
            policy = with_script_hashes(found.group(1), hashes)
        except ValueError as exc:
            raise SystemExit(f"{page}: {exc}") from None
        if policy != found.group(1):
            page.write_text(text[:found.start(1)] + policy + text[found.end(1):], encoding="utf-8")
    return hashes


def page_policy(site_dir: Path) -> str:
    """The Content-Security-Policy every built page carries (the same on all; tested)."""
    found = POLICY.search((site_dir / "index.html").read_text(encoding="utf-8"))
    if not found:
        raise SystemExit(f"{site_dir / 'index.html'}: no Content-Security-Policy meta tag")
    return found.group(1)


def write_headers(site_dir: Path) -> None:
    lines = ["/*", f"  Content-Security-Policy: {page_policy(site_dir)}; frame-ancestors 'none'"]
    lines += [f"  {name}: {value}" for name, value in HEADERS.items()]
    # The browser checks the worker for a new build on each visit; no host cache in between.
    lines += ["/sw.js", "  Cache-Control: no-cache"]
    (site_dir / "_headers").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ service worker

def served_path(rel: str) -> str:
    """The address a built file is asked for by: a folder's index.html by the folder."""
    if rel == "index.html":
        return "./"
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def built_file(address: str) -> str:
    """The built file (relative to the site) an address from served_path() names."""
    if address == "./":
        return "index.html"
    return address + "index.html" if address.endswith("/") else address


def kept_hash(data: bytes) -> str:
    """What the worker checks a kept file's bytes against: the first 16 hex digits of their SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


def kept_files(site_dir: Path) -> dict[str, str]:
    """Address (relative to the site root) -> the file's kept_hash."""
    files = {}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if not NOT_KEPT.match(rel):
            files[served_path(rel)] = kept_hash(path.read_bytes())
    return files


def write_service_worker(site_dir: Path, offline: bool = True) -> None:
    """The full worker with this build's files; offline=False: the one that removes itself."""
    if not offline:
        source = (DOCS_DIR / "sw.js").read_text(encoding="utf-8")
    else:
        files = kept_files(site_dir)
        source = (HERE / "sw.js").read_text(encoding="utf-8")
        if "{/* BUILD */}" not in source:
            raise SystemExit(f"{HERE / 'sw.js'}: the BUILD placeholder is missing")
        # The version names the cache: it changes with any file and with the worker itself,
        # so a new worker never fills (or, failing, deletes) the cache the old one uses.
        version = hashlib.sha256(json.dumps([files, source]).encode()).hexdigest()[:16]
        source = source.replace("{/* BUILD */}", json.dumps({"version": version, "files": files}))
    (site_dir / "sw.js").write_text(rjsmin.jsmin(source), encoding="utf-8")
