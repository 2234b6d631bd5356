"""Bad content gets one clear line per problem naming file:line and field, and breaks nothing.

Each folder under tests/fixtures/bad/ overlays one broken file on the valid tree in
tests/fixtures/minimal/ and holds the exact message expected in expected.txt.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools import DOCS_DIR, ROOT
from build_tools.cli import build_site
from build_tools.content import load_content
from build_tools.errors import ContentInvalid

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.name for p in (FIXTURES / "bad").iterdir() if p.is_dir())


def overlay(case: str, tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    shutil.copytree(FIXTURES / "bad" / case, content, dirs_exist_ok=True)
    (content / "expected.txt").unlink()
    return content


def test_the_minimal_fixture_tree_is_valid():
    site = load_content(FIXTURES / "minimal")
    assert "one-step" in site.items


def test_every_bad_input_kind_named_by_the_issue_has_a_case():
    wanted = {"malformed-yaml", "missing-required-field", "unknown-field", "wrong-type",
              "duplicate-id", "unknown-source", "unknown-id-reference", "empty-list",
              "undeclared-placeholder"}
    assert wanted <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_reports_file_line_and_field(case, tmp_path):
    content = overlay(case, tmp_path)
    expected = (FIXTURES / "bad" / case / "expected.txt").read_text(encoding="utf-8").strip()
    with pytest.raises(ContentInvalid) as caught:
        load_content(content)
    lines = [str(e).replace(f"{tmp_path.as_posix()}/", "") for e in caught.value.errors]
    assert expected in lines, "\n".join(lines)
    assert all("\n" not in line for line in lines)


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_cli_exits_non_zero_with_one_line_errors_and_writes_nothing(tmp_path):
    content = overlay("missing-required-field", tmp_path)
    before = _tree_digest(DOCS_DIR)
    result = subprocess.run([sys.executable, "-m", "build_tools", "build", "--content", str(content)],
                            cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode != 0
    assert "phases/one.yml:7: steps[0].why: missing required field" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree_digest(DOCS_DIR) == before


def test_a_failed_site_build_leaves_the_last_good_site_untouched(tmp_path):
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("last good build", encoding="utf-8")
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(f"site_name: x\ndocs_dir: {tmp_path / 'missing-docs'}\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        build_site(site_dir, broken)
    assert (site_dir / "index.html").read_text(encoding="utf-8") == "last good build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml", "site"]


def test_strict_build_fails_on_a_link_warning(tmp_path):
    """MkDocs warnings must fail the build (e.g. --quiet would hide them from --strict)."""
    import yaml
    from conftest import config_copy

    config_path = config_copy(tmp_path)
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["nav"].append({"Missing": "no-such-page.md"})
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(SystemExit):
        build_site(tmp_path / "site", config_path)
    assert not (tmp_path / "site").exists()
