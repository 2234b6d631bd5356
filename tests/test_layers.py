"""build_tools/ imports one way: no module imports, even from inside a function, a module
that imports it back, and the build imports nothing from the tests or their helpers
(tests/support/: the local server, Chromium lookup, page weights, the benchmark)."""
from __future__ import annotations

import ast

from build_tools import ROOT

PACKAGE = ROOT / "build_tools"


def imports_of(name: str) -> set[str]:
    """The sibling modules a build_tools module imports anywhere in its text."""
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    found = set()
    for node in ast.walk(ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1 or module.startswith("build_tools"):
                base = module.removeprefix("build_tools").lstrip(".")
                if base:
                    found.add(base.split(".")[0])
                else:  # from . import x: x may be a module
                    found |= {a.name for a in node.names} & modules
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("build_tools.")}
    return found & modules - {name}


def graph() -> dict[str, set[str]]:
    return {p.stem: imports_of(p.stem) for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, each as the path that closes it (a -> b -> a)."""
    found, done = [], set()

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(edges.get(node, ())):
            if nxt in path:
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in done:
                visit(nxt, path + [nxt])
        done.add(node)

    for start in sorted(edges):
        if start not in done:
            visit(start, [start])
    return found


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_build_tools_has_no_import_circle():
    assert cycles(graph()) == []


def outside_imports(text: str) -> set[str]:
    """The top-level packages a module's text imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
    return found


def test_the_import_reader_sees_an_import_inside_a_function():
    assert "tests" in outside_imports("def f():\n    from tests.support.local import free_port\n")


def test_the_build_imports_nothing_from_the_tests_or_their_helpers():
    wrong = sorted(p.name for p in PACKAGE.glob("*.py")
                   if "tests" in outside_imports(p.read_text(encoding="utf-8")))
    assert wrong == []
