"""`python -m build_tools serve` re-renders the pages when content changes, and keeps serving
the last good pages when an edit breaks the content. Runs a copy of the project, so the
edits never touch the real content/."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from build_tools import ROOT
from build_tools.local import free_port

PHASE = "content/phases/first-48-hours.yml"
PAGE = "guide/first-48-hours/"


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, timeout: float = 60) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        page = _get(url)
        if page is not None and text in page:
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    for name in ("build_tools", "content", "docs", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_serve_shows_content_edits_and_keeps_the_last_good_pages(project):
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    server = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        phase = project / PHASE
        original = phase.read_text(encoding="utf-8")
        assert "\ntitle: The first 48 hours\n" in original
        assert _wait_for(url, "The first 48 hours"), "serve never showed the page"

        phase.write_text(original.replace("\ntitle: The first 48 hours\n",
                                          "\ntitle: The first two days, edited\n"), encoding="utf-8")
        assert _wait_for(url, "The first two days, edited"), "the edit never showed"

        # A broken edit: the page stays as it was, and serve says why.
        phase.write_text(original.replace("\ntitle: The first 48 hours\n", "\ntitle: [broken\n"),
                         encoding="utf-8")
        time.sleep(3)
        page = _get(url)
        assert page is not None and "The first two days, edited" in page
        assert server.poll() is None, "serve stopped on bad content"
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "re-rendered" in output
    assert f"{PHASE}:" in output and "the pages served are the last good ones" in output
