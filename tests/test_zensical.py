"""Outliving Material (end of life 2027-05-05): Zensical builds the same mkdocs.yml and docs/
into a site with every page and the same headings as the MkDocs build."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools import ROOT

ZENSICAL = shutil.which("zensical") or str(Path(sys.executable).parent / "zensical")


def headings(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    article = re.search(r"<article[^>]*>(.*)</article>", text, flags=re.S)
    found = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", article.group(1) if article else text, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split()).rstrip("¶").strip() for h in found]


@pytest.fixture(scope="module")
def zensical_site(built_site):
    if not Path(ZENSICAL).exists():
        pytest.fail("zensical is a test dependency (pyproject.toml); install with ./dev test")
    # Zensical wants the config, docs and output inside the project folder.
    config = ROOT / ".zensical-test.yml"
    out = ROOT / ".zensical-site"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "\nsite_dir: .zensical-site\n",
                      encoding="utf-8")
    try:
        result = subprocess.run([ZENSICAL, "build", "-f", str(config)], cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        yield out
    finally:
        config.unlink(missing_ok=True)


def test_zensical_builds_every_page_with_the_same_headings(built_site, zensical_site):
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("index.html"))
    assert len(pages) > 15
    for rel in pages:
        other = zensical_site / rel
        assert other.exists(), f"Zensical did not build {rel}"
        assert headings(built_site / rel), f"{rel} has no headings to compare"
        assert headings(other) == headings(built_site / rel), rel


def test_the_stylesheet_trim_works_on_a_zensical_build_too(zensical_site, tmp_path):
    from build_tools.trimcss import PALETTE_STYLESHEETS, THEME_STYLESHEETS, trim_theme_css

    site = tmp_path / "site"
    shutil.copytree(zensical_site, site)
    before = {p.relative_to(site).as_posix() for glob in (THEME_STYLESHEETS, PALETTE_STYLESHEETS)
              for p in site.glob(glob)}
    renamed = trim_theme_css(site)
    assert renamed and {f"assets/{old}" for old in renamed} == before
    linked = set()
    sheet_link = re.compile(r'href="([^"]*stylesheets/[^"]*(?:main|palette)\.[^"]*\.css)"')
    for page in site.rglob("*.html"):
        for href in sheet_link.findall(page.read_text(encoding="utf-8")):
            linked.add(href)
            target = site / href.lstrip("/") if href.startswith("/") else page.parent / href
            assert target.resolve().exists(), f"{page}: links {href}, which is not there"
    assert linked and not [h for h in linked if any(old in h for old in renamed)]


def test_zensical_pages_carry_our_inline_scripts_and_publish_allows_them(built_site, zensical_site, tmp_path):
    """Zensical reads the partials render wrote into overrides/ (no plugin or hook needed):
    its pages carry the same inline scripts, byte for byte, and the publish step gives them
    the same policy as the MkDocs build's."""
    from build_tools import publish

    for page in sorted(built_site.rglob("index.html")):
        rel = page.relative_to(built_site)
        ours = publish.inline_scripts(page.read_text(encoding="utf-8"))
        assert publish.inline_scripts((zensical_site / rel).read_text(encoding="utf-8")) == ours, rel
    site = tmp_path / "site"
    shutil.copytree(zensical_site, site)
    publish.allow_inline_scripts(site)
    assert publish.page_policy(site) == publish.page_policy(built_site)
