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
    """The build's minifier (terser) keeps what a script means: text inside a template literal
    nested in another one keeps its spaces (the earlier minifier, rjsmin, turned
    "notes (Acme)" into "notes(Acme)"), and every script of ours still runs in Node once
    minified (a syntax error would stop it)."""
    import subprocess

    from build_tools.publish import minified_all

    sample = ROOT / ".pytest_cache" / "nested.js"
    sample.parent.mkdir(exist_ok=True)
    sample.write_text('globalThis.out = ((n) => `notes${n ? ` (${n})` : ""}`)("Acme");', encoding="utf-8")
    scripts = sorted((ROOT / "docs" / "assets" / "javascripts").rglob("*.js"))
    done = minified_all([sample, *scripts])
    run = subprocess.run(["node", "-e", done[sample] + "; process.stdout.write(globalThis.out)"],
                         capture_output=True, text=True)
    assert run.stdout == "notes (Acme)", run.stderr
    for script in scripts:
        assert len(done[script]) < 0.8 * len(script.read_text(encoding="utf-8")), script.name
        check = subprocess.run(["node", "--check", "-"], input=done[script], capture_output=True, text=True)
        assert check.returncode == 0, f"{script.name}: {check.stderr}"


def test_the_longest_first_order_names_test_files_that_exist():
    """conftest's LONGEST_FIRST decides which files the workers start on; a renamed file would
    silently fall to the end of the run, and the run would end with one worker waiting."""
    from conftest import LONGEST_FIRST

    here = ROOT / "tests"
    assert [name for name in LONGEST_FIRST if not (here / name).is_file()] == []
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)
