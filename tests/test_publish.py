"""Publishing: the deploy workflow, _headers, the app manifest and icons, the service
worker's list of files, and building for another address (build_tools/publish.py, cli.py)."""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import socket
import struct
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import HeldPort

from build_tools import ROOT, cli, publish, render
from tests.support.local import serve_dir, site_headers

WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"
CHECK_JSONSCHEMA = str(Path(sys.executable).parent / "check-jsonschema")


# ------------------------------------------------------------------ the deploy workflow

def _lint(path: Path) -> subprocess.CompletedProcess:
    # check-jsonschema carries the GitHub workflow schema with it: no network needed.
    return subprocess.run([CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True)


def test_the_deploy_workflow_is_a_valid_github_workflow(tmp_path):
    result = _lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "deploy.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("runs-on:", "runs_on:"), encoding="utf-8")
    assert _lint(broken).returncode != 0, "the lint passes a workflow GitHub would reject"


def test_the_workflow_tests_first_then_deploys_with_the_official_pages_actions_pinned():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    actions = [step["uses"] for step in steps if "uses" in step]
    for action in actions:
        assert re.fullmatch(r"actions/[a-z-]+@v\d+\.\d+\.\d+", action), f"{action}: pin an exact version"
    names = [a.split("@")[0] for a in actions]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(names)
    build = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", step.get("uses")) for step in build]
    test = runs.index(".ci/run")
    built = runs.index("./dev build")
    assert build[built]["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    upload = next(i for i, r in enumerate(runs) if r.startswith("actions/upload-pages-artifact"))
    assert test < built < upload, "tests must pass before the site is built and uploaded"
    assert "./dev test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


# ------------------------------------------------------------------ headers

def _header_rules(site: Path) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    for pattern, name, value in site_headers(site):
        rules.setdefault(pattern, {})[name] = value
    return rules


def test_headers_carry_exactly_the_pages_policy_and_what_a_meta_tag_cannot(built_site):
    rules = _header_rules(built_site)
    every = rules["/*"]
    header = every["Content-Security-Policy"]
    assert header.endswith("; frame-ancestors 'none'")
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        found = publish.POLICY.search(page.read_text(encoding="utf-8"))
        assert found, f"{page}: no policy"
        assert header == found.group(1) + "; frame-ancestors 'none'", f"{page}: not the _headers policy"
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    assert every["X-Content-Type-Options"] == "nosniff"
    assert every["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in every["Permissions-Policy"]
    assert rules["/sw.js"]["Cache-Control"] == "no-cache"


# ------------------------------------------------------------------ inline scripts and the policy

def test_the_policy_allows_exactly_the_inline_scripts_the_pages_carry(built_site):
    """No hash is typed by hand: main.html has none, and every page's script-src lists the
    hashes of the inline scripts the built pages carry, and no other."""
    assert "sha256-" not in (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    pages = {p: p.read_text(encoding="utf-8") for p in sorted(built_site.rglob("*.html"))}
    carried = {publish.script_hash(s) for text in pages.values() for s in publish.inline_scripts(text)}
    assert len(carried) == 3, "ours (head and palette) and Material's content partial"
    for page, text in pages.items():
        script_src = dict(d.strip().split(" ", 1) for d in publish.POLICY.search(text).group(1).split(";"))
        sources = script_src["script-src"].split()
        assert sources[0] == "'self'" and set(sources[1:]) == carried, page


def test_the_policy_gets_the_hashes_again_and_never_with_unsafe_inline():
    policy = "default-src 'self'; script-src 'self' 'sha256-old='; style-src 'self'"
    assert publish.with_script_hashes(policy, ["'sha256-a='", "'sha256-b='"]) == (
        "default-src 'self'; script-src 'self' 'sha256-a=' 'sha256-b='; style-src 'self'")
    assert publish.with_script_hashes(policy, []) == "default-src 'self'; script-src 'self'; style-src 'self'"
    for wrong in ("default-src 'self'; script-src 'self' 'unsafe-inline'", "default-src 'self'",
                  "script-src 'self' 'unsafe-eval'"):
        with pytest.raises(ValueError):
            publish.with_script_hashes(wrong, ["'sha256-a='"])


def test_the_inline_scripts_hashed_are_those_a_browser_runs():
    page = ('<script>a()</script><script defer src="x.js"></script><script id="__config" '
            'type="application/json">{"b": 1}</script><script type="module">c()\n</script>'
            '<script data-src="y">d()</script>')
    assert publish.inline_scripts(page) == ["a()", "c()\n", "d()"]
    digest = base64.b64encode(hashlib.sha256(b"a()").digest()).decode()
    assert publish.script_hash("a()") == f"'sha256-{digest}'"


def test_our_inline_scripts_come_from_readable_source_minified_into_generated_partials(tmp_path, monkeypatch):
    listed = (ROOT / "overrides" / render.IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    tracked = subprocess.run(["git", "ls-files", "overrides"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    for rel, name in render.INLINE_SCRIPTS.items():
        assert f"/{rel}" in listed, f"overrides/{render.IGNORE_FILE} does not list {rel}"
        assert f"overrides/{rel}" not in tracked, f"overrides/{rel} is generated: never commit it"
        assert (render.INLINE_DIR / name).read_text(encoding="utf-8").startswith("// ")
    made = render.inline_partials(tmp_path)
    for rel, name in render.INLINE_SCRIPTS.items():
        script = made[rel].split("{% raw %}", 1)[1].split("{% endraw %}", 1)[0]
        assert script == publish.minified(render.INLINE_DIR / name), rel
        assert "\n" not in script and "Material" not in script, "not minified, or comments kept"
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(made[rel], encoding="utf-8")

    def no_node(sources):
        raise AssertionError(f"minified again: {sources}")

    monkeypatch.setattr(publish, "minified_all", no_node)
    assert render.inline_partials(tmp_path) == made, "a current partial is kept without Node"
    edited = tmp_path / "partials" / "javascripts" / "palette.html"
    edited.write_text(made["partials/javascripts/palette.html"].replace("{% raw %}", "{% raw %} "),
                      encoding="utf-8")
    with pytest.raises(AssertionError, match="palette.js"):
        render.inline_partials(tmp_path)


def test_the_pages_carry_the_partials_scripts_byte_for_byte(built_site):
    scripts = publish.inline_scripts((built_site / "index.html").read_text(encoding="utf-8"))
    for rel in render.INLINE_SCRIPTS:
        partial = (ROOT / "overrides" / rel).read_text(encoding="utf-8")
        assert partial.split("{% raw %}", 1)[1].split("{% endraw %}", 1)[0] in scripts, rel


# ------------------------------------------------------------------ pages

def test_compacting_a_page_takes_out_only_the_white_space_html_does_not_show():
    page = ('<div>\n    <p title="a\n    b">Hi\n      there</p>\n  <pre>x\n    y</pre>'
            '<script>if (a<b)\n   c()</script>\n  <div class="ati-template__body" data-x>Dear\n\n  you'
            '<div>\n  in</div>\n  x</div>\n   <!-- c\n   d --><textarea>\n  t</textarea>\n  end')
    assert publish.compact_html(page) == (
        '<div>\n<p title="a\n    b">Hi\nthere</p>\n<pre>x\n    y</pre>'
        '<script>if (a<b)\n   c()</script>\n<div class="ati-template__body" data-x>Dear\n\n  you'
        '<div>\n  in</div>\n  x</div>\n<!-- c\n   d --><textarea>\n  t</textarea>\nend')


def test_built_pages_are_compacted_and_keep_their_templates_text(built_site):
    page = (built_site / "templates" / "thank-you" / "index.html").read_text(encoding="utf-8")
    assert "\n  <" not in page.split("<article", 1)[1].split("</article>", 1)[0]
    assert publish.compact_html(page) == page, "compacting twice changes nothing"
    bodies = re.findall(r'<div class="ati-template__body"[^>]*>(.*?)</div>', page, re.S)
    assert bodies and all("\n\n" in body for body in bodies), "the templates lost their blank lines"


# ------------------------------------------------------------------ the local test server

def test_the_local_server_is_quiet_when_a_browser_hangs_up_and_prints_any_other_error(tmp_path, capsys):
    server, _ = serve_dir(tmp_path)
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset"),
                      OSError(28, "No space left on device")):
            try:
                raise error
            except OSError:
                server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.shutdown()
        server.server_close()
    printed = capsys.readouterr().err
    assert "Broken pipe" not in printed and "reset" not in printed
    assert "No space left on device" in printed


def test_a_held_port_is_nobody_elses_until_a_server_takes_it(tmp_path):
    (tmp_path / "index.html").write_text("<p>here</p>", encoding="utf-8")
    held = HeldPort()
    try:
        for _ in range(2):  # when first held, and held again after a server was on it
            with socket.socket() as other, pytest.raises(OSError):
                other.bind(("127.0.0.1", held.port))
            held.release()
            server, url = serve_dir(tmp_path, held.port)
            try:
                assert urllib.request.urlopen(url, timeout=5).status == 200
            finally:
                server.shutdown()
                server.server_close()
            held.hold()
    finally:
        held.release()


# ------------------------------------------------------------------ link previews

def _meta(page: str, attribute: str, name: str) -> str | None:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def test_every_page_has_its_own_link_preview_from_this_site_only(built_site):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    descriptions = {}
    for path in sorted(built_site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        rel = path.relative_to(built_site).as_posix()
        title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip())
        og_title = _meta(page, "property", "og:title")
        assert og_title and (og_title == config["site_name"] or title.startswith(og_title)), rel
        description = _meta(page, "name", "description")
        assert _meta(page, "property", "og:description") == description, rel
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page)
        assert _meta(page, "property", "og:url") == (canonical.group(1) if canonical else None), rel
        image = _meta(page, "property", "og:image")
        site_url = re.match(r"https?://[^/]+/", image)
        assert site_url and image.startswith(canonical.group(1)[:len(site_url.group(0))] if canonical
                                             else site_url.group(0)), rel
        assert (built_site / image[len(site_url.group(0)):]).is_file(), f"{rel}: {image} is not built"
        assert _meta(page, "property", "og:site_name") == config["site_name"]
        if rel != "404.html":
            descriptions.setdefault(description, []).append(rel)
    shared = {d: pages for d, pages in descriptions.items() if len(pages) > 1}
    assert shared == {}, f"pages that share a description: {shared}"
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert _meta(home, "property", "og:title") == config["site_name"]


# ------------------------------------------------------------------ manifest and icons

def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_follows_the_address_and_its_icons_are_made_from_one_source(built_site):
    manifest = json.loads((built_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert manifest["name"] == config["site_name"]
    assert 0 < len(manifest["short_name"]) <= 12
    # Relative to the manifest's own address, so they follow wherever the site is published.
    assert manifest["start_url"] == manifest["scope"] == manifest["id"] == "./"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    icons = manifest["icons"]
    assert any(i["type"] == "image/svg+xml" for i in icons)
    for icon in icons:
        path = built_site / icon["src"]
        assert path.is_file(), icon["src"]
        if icon["type"] == "image/png":
            width, height = _png_size(path)
            assert f"{width}x{height}" == icon["sizes"]
    purposes = {(i["sizes"], i.get("purpose")) for i in icons}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    assert _png_size(built_site / publish.ICON_DIR / "apple-touch-icon.png") == (180, 180)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="manifest.webmanifest">' in home
    assert f'<link rel="apple-touch-icon" href="{publish.ICON_DIR}/apple-touch-icon.png">' in home
    # A maskable icon is a full square: its corners are the icon's colour, not transparent.
    maskable = (built_site / publish.ICON_DIR / "maskable-512.png").read_bytes()
    plain = (built_site / publish.ICON_DIR / "icon-512.png").read_bytes()
    assert maskable != plain


def test_the_full_square_icon_refuses_a_source_without_a_background(tmp_path):
    with pytest.raises(ValueError, match="background fill"):
        publish._full_square('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>')


# ------------------------------------------------------------------ the service worker's files

def _build_of(site: Path) -> dict:
    text = (site / "sw.js").read_text(encoding="utf-8")
    found = re.search(r"const BUILD=(\{.*?\});", text)
    assert found, "sw.js has no BUILD"
    return json.loads(found.group(1))


def test_the_worker_keeps_every_page_and_asset_of_this_build_and_nothing_else(built_site):
    build = _build_of(built_site)
    files = build["files"]
    pages = {publish.served_path(p.relative_to(built_site).as_posix()) for p in built_site.rglob("*.html")}
    assert pages <= set(files), f"pages not kept: {sorted(pages - set(files))}"
    for needed in ("search/search_index.json", "sitemap.xml", "manifest.webmanifest",
                   "holidays/scotland.json", "assets/javascripts/ics.js", "assets/icons/icon-192.png"):
        assert needed in files, needed
    assert any(re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", f) for f in files)
    for address, digest in files.items():
        rel = publish.built_file(address)
        assert publish.served_path(rel) == address
        path = built_site / rel
        assert path.is_file(), address
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:16] == digest, address
        assert not publish.NOT_KEPT.match(rel)
    assert not any(f.startswith("assets/javascripts/lunr/") or f.endswith(".map") for f in files)
    assert "sw.js" not in files and "_headers" not in files


def test_a_changed_file_or_worker_makes_a_new_version(built_site, tmp_path, monkeypatch):
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    before = _build_of(copy)["version"]
    publish.write_service_worker(copy)
    assert _build_of(copy)["version"] == before, "the same files must give the same version"
    page = copy / "planner" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- changed -->", encoding="utf-8")
    publish.write_service_worker(copy)
    assert _build_of(copy)["version"] != before
    changed = _build_of(copy)["version"]
    # The worker's own code changed, the files not: still a new version (a new cache).
    worker = tmp_path / "worker"
    worker.mkdir()
    (worker / "sw.js").write_text((publish.HERE / "sw.js").read_text(encoding="utf-8") + "\n// v2\n",
                                  encoding="utf-8")
    monkeypatch.setattr(publish, "HERE", worker)
    publish.write_service_worker(copy)
    assert _build_of(copy)["version"] not in (before, changed)
    publish.write_service_worker(copy, offline=False)
    off = (copy / "sw.js").read_text(encoding="utf-8")
    assert "unregister" in off and "BUILD" not in off


# ------------------------------------------------------------------ building for another address

@pytest.fixture
def builds(monkeypatch):
    """The configs cli.main would build with (build_site itself is not run)."""
    made = []

    def fake_build(site_dir=None, config=cli.MKDOCS_YML):
        made.append(yaml.safe_load(Path(config).read_text(encoding="utf-8")))

    monkeypatch.setattr(cli, "build_site", fake_build)
    monkeypatch.setattr(cli, "render", lambda site, docs: [])
    return made


def test_build_takes_the_address_from_the_option_or_the_environment(builds, monkeypatch, capsys):
    assert cli.main(["build", "--site-url", "https://example.org/after-the-interview"]) == 0
    assert builds[-1]["site_url"] == "https://example.org/after-the-interview/"
    assert builds[-1]["docs_dir"] == str(ROOT / "docs")
    monkeypatch.setenv("SITE_URL", "https://jobs.example.net/")
    assert cli.main(["build"]) == 0
    assert builds[-1]["site_url"] == "https://jobs.example.net/"
    assert cli.main(["build", "--no-offline"]) == 0
    assert builds[-1]["extra"]["offline"] is False
    monkeypatch.delenv("SITE_URL")
    assert cli.main(["build"]) == 0
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert builds[-1]["site_url"] == config["site_url"]
    assert "site built" in capsys.readouterr().out


@pytest.mark.parametrize("url, problem", [
    ("example.org/after", "not an http:// or https:// address"),
    ("ftp://example.org/", "not an http:// or https:// address"),
    ("https://me:secret@example.org/", "user name or password"),
    ("https://example.org:80x/", "port is not a number"),
    ('https://example.org/"><script>/', "a space, a quote or a bracket"),
    ("https://example.org/?page=1", "a ? or # part"),
])
def test_build_refuses_an_address_that_is_not_one(builds, capsys, url, problem):
    assert cli.main(["build", "--site-url", url]) == 2
    err = capsys.readouterr().err
    assert f"--site-url {url!r}: it" in err and problem in err and "give a full address" in err
    assert builds == []


def test_build_names_the_variable_a_bad_address_came_from_and_warns_about_plain_http(
        builds, capsys, monkeypatch):
    monkeypatch.setenv("SITE_URL", "example.org")
    assert cli.main(["build"]) == 2
    assert "SITE_URL 'example.org':" in capsys.readouterr().err
    monkeypatch.setenv("SITE_URL", "http://example.org/")
    assert cli.main(["build"]) == 0
    assert "service workers need https://" in capsys.readouterr().err
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:9000/")
    assert cli.main(["build"]) == 0
    assert "https" not in capsys.readouterr().err
