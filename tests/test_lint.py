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


def test_our_scripts_survive_the_minifier_unchanged_in_meaning():
    """rjsmin (the build's minifier) drops spaces inside a template literal that sits in
    another one's ${...}: "notes (Acme)" became "notes(Acme)". No script may nest them, and
    minifying a nested one really does change it (so this check guards a real fault)."""
    import re

    from build_tools.publish import minified

    nested = re.compile(r"\$\{[^}`]*`")
    for script in sorted((ROOT / "docs" / "assets" / "javascripts").glob("*.js")):
        for n, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1):
            assert not nested.search(line), f"{script.name}:{n}: a template literal inside another's ${{}}"
    sample = ROOT / ".pytest_cache" / "nested.js"
    sample.parent.mkdir(exist_ok=True)
    sample.write_text('const a = `${n ? ` (${n})` : ""}`;', encoding="utf-8")
    assert " (" not in minified(sample)


def test_the_longest_first_order_names_test_files_that_exist():
    """conftest's LONGEST_FIRST decides which files the workers start on; a renamed file would
    silently fall to the end of the run, and the run would end with one worker waiting."""
    from conftest import LONGEST_FIRST

    here = ROOT / "tests"
    assert [name for name in LONGEST_FIRST if not (here / name).is_file()] == []
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)
