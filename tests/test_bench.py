"""./dev bench prints its figures and nothing else: MkDocs' messages come out only when a
build fails, on stderr with any other error."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from build_tools import ROOT
from build_tools.cli import build_site

FIGURES = ("page ", "home ", "offline copy ", "at 4x CPU, ", "link to another device: ", "phone height ",
           "own JS+CSS gzipped: ", "figures written to ")


def test_a_quiet_build_that_fails_prints_mkdocs_reason_on_stderr(tmp_path, capfd):
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(f"site_name: x\ndocs_dir: {tmp_path / 'missing-docs'}\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        build_site(tmp_path / "site", broken, quiet=True)
    out, err = capfd.readouterr()
    assert out == ""
    assert "missing-docs" in err


def test_bench_prints_its_figures_and_nothing_else(tmp_path, chromium_path):
    """The quickest run there is: one page, no Lighthouse, no build timings, fewest samples."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.bench", "--pages", "home", "--no-lighthouse",
         "--no-build-timings", "--samples", "3", "--out", str(tmp_path / "results.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env=dict(os.environ, CHROMIUM_PATH=chromium_path, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == ""
    lines = [line for line in result.stdout.splitlines() if line]
    assert [line for line in lines if not line.startswith(FIGURES)] == []
    assert lines[0].startswith("page ") and lines[1].startswith("home ")
    assert (tmp_path / "results.json").is_file()
