"""The Python code passes ruff with the rules in pyproject.toml (errors, pyflakes, import
order, bugbear, pyupgrade)."""
from __future__ import annotations

import subprocess
import sys

from build_tools import ROOT


def test_the_python_code_passes_ruff():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format=concise",
                             str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
