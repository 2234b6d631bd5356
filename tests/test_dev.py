"""./dev sets up .venv from the lock with pip's own choice of index: it names no index host
itself, and a mirror in PIP_INDEX_URL reaches pip (which reads that variable)."""
from __future__ import annotations

import os
import shutil
import subprocess

from build_tools import ROOT

# Stands in for .venv/bin/python: writes down what it was asked and the index pip would see.
FAKE_PYTHON = """#!/bin/sh
printf 'args: %s\\nindex: %s\\n' "$*" "${PIP_INDEX_URL-unset}" >> "$(dirname "$0")/../../calls.log"
"""


def pip_call(tmp_path, env_extra: dict[str, str]) -> tuple[str, str]:
    """Run ./dev check in a copy whose .venv is a fake and whose lock is new, so setup runs
    pip; return the pip call's arguments and the PIP_INDEX_URL it saw."""
    shutil.copy(ROOT / "dev", tmp_path / "dev")
    (tmp_path / "requirements.lock").write_text("# a lock\n", encoding="utf-8")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON, encoding="utf-8")
    python.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    result = subprocess.run([str(tmp_path / "dev"), "check"], env={**env, **env_extra},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "calls.log").read_text(encoding="utf-8").splitlines()
    calls = [(a.removeprefix("args: "), i.removeprefix("index: "))
             for a, i in zip(lines[::2], lines[1::2], strict=True)]
    pip = [c for c in calls if c[0].startswith("-m pip install")]
    assert len(pip) == 1 and calls[-1][0] == "-m build_tools check", calls
    return pip[0]


def test_dev_leaves_the_index_to_pip(tmp_path):
    args, index = pip_call(tmp_path, {})
    assert "--require-hashes -r requirements.lock" in args
    assert "--index-url" not in args and "pypi.org" not in args
    assert index == "unset"


def test_dev_passes_a_mirror_in_pip_index_url_on_to_pip(tmp_path):
    args, index = pip_call(tmp_path, {"PIP_INDEX_URL": "https://mirror.example/simple"})
    assert index == "https://mirror.example/simple"
    assert "--index-url" not in args
