"""Bad content gets one clear line per problem naming file:line and field, with a hint, and
breaks nothing; odd but valid content builds as itself.

Each folder under tests/fixtures/bad/ overlays files on the valid tree in
tests/fixtures/minimal/ (a remove.txt lists files to delete) and holds in expected.txt the
exact line expected. Every named rule (build_tools/rules.py, build_tools/nav.py) has a
folder of its own name. Inputs too big to keep as files are made here.
"""
from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, build_variant, config_copy, project_content

from build_tools import DOCS_DIR, ROOT
from build_tools.cli import build_site, check
from build_tools.content import load_content
from build_tools.errors import ContentInvalid
from build_tools.nav import NAV_RULES, check_nav
from build_tools.rules import RULES

CASES = sorted(p.name for p in (FIXTURES / "bad").iterdir() if p.is_dir())


def overlay(case: str, tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    shutil.copytree(FIXTURES / "bad" / case, content, dirs_exist_ok=True)
    (content / "expected.txt").unlink()
    removals = content / "remove.txt"
    if removals.exists():
        for rel in removals.read_text(encoding="utf-8").split():
            (content / rel).unlink()
        removals.unlink()
    return content


def problems(content: Path, root: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_content(content)
    return [str(e).replace(f"{root.as_posix()}/", "") for e in caught.value.errors]


def test_the_minimal_fixture_tree_is_valid():
    site = load_content(FIXTURES / "minimal")
    assert "one-step" in site.items


def test_every_named_rule_has_a_bad_input_fixture_of_its_name():
    names = [r.name for r in RULES] + list(NAV_RULES)
    assert len(names) == len(set(names))
    missing = [n for n in [r.name for r in RULES] if n not in CASES]
    assert not missing, f"rules without a fixture in tests/fixtures/bad/: {missing}"
    for r in RULES:
        assert r.description.strip()
        expected = (FIXTURES / "bad" / r.name / "expected.txt").read_text(encoding="utf-8").strip()
        assert expected.endswith(f"[{r.name}]"), f"{r.name}: its fixture expects another rule's error"


@pytest.mark.parametrize("case", CASES)
def test_bad_input_reports_file_line_field_and_a_hint(case, tmp_path):
    content = overlay(case, tmp_path)
    expected = (FIXTURES / "bad" / case / "expected.txt").read_text(encoding="utf-8").strip()
    lines = problems(content, tmp_path)
    assert expected in lines, "\n".join(lines)
    assert all("\n" not in line for line in lines)
    assert ":" in expected.split(": ", 2)[-1] or "," in expected, "the message needs a hint after ':'"


# The one line that matters, with nothing that follows from it: a renamed id is not also
# unrecorded and unknown where others name it; a copied file does not blame the original for
# each id it repeats; a misspelt source does not ask to drop correct citations elsewhere.
ALONE = ["copied-file", "misspelt-source-in-guidance", "renamed-id"]


@pytest.mark.parametrize("case", ALONE)
def test_a_mistake_that_makes_others_is_reported_alone_where_it_was_made(case, tmp_path):
    expected = (FIXTURES / "bad" / case / "expected.txt").read_text(encoding="utf-8").strip()
    assert problems(overlay(case, tmp_path), tmp_path) == [expected]


def test_a_new_item_reusing_an_id_is_blamed_even_when_it_is_read_first(tmp_path):
    """The guide's phases are read before the checklists: a new step that takes a checklist
    item's id is the new one, which git's last commit tells."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t",
           "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "content"], check=True)
    subprocess.run([*git, "commit", "-qm", "content"], check=True)
    phase = content / "phases" / "one.yml"
    phase.write_text(phase.read_text(encoding="utf-8").replace("dos:\n", (
        "  - id: one-list-item\n    title: A new step\n    why: Because.\n    sources: [first-article]\n"
        "dos:\n"), 1), encoding="utf-8")
    unique = [line for line in problems(content, tmp_path) if line.endswith("[unique-ids]")]
    assert unique == ["content/phases/one.yml:16: steps[1].id: id 'one-list-item' is already the id of "
                      "'Tick this' (content/checklists/one-list.yml:6): give this new item an id of its own "
                      "(ids are unique across the site, and that one may be saved in readers' browsers) "
                      "[unique-ids]"]


# ------------------------------------------------------------------ made here: too big to keep

def _phase(content: Path) -> Path:
    return content / "phases" / "one.yml"


def _huge_string(content: Path) -> str:
    text = _phase(content).read_text(encoding="utf-8")
    _phase(content).write_text(text.replace("why: Because it helps.", "why: " + "x" * 5_000_000),
                               encoding="utf-8")
    return "content/phases/one.yml:1: (file): the file is 4883 KB; a content file is at most 256 KB"


def _deep_nesting(content: Path) -> str:
    text = _phase(content).read_text(encoding="utf-8")
    _phase(content).write_text(text + "deep: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return "nested more than 24 levels deep"


def _many_files(content: Path) -> str:
    for i in range(2, 300):
        text = _phase(content).read_text(encoding="utf-8")
        (content / "phases" / f"p{i}.yml").write_text(text.replace("id: one", f"id: p{i}"), encoding="utf-8")
    return "orders in content/phases/*.yml must run 1..299"


MADE = {"huge-string": _huge_string, "deep-nesting": _deep_nesting, "many-files": _many_files}


@pytest.mark.parametrize("case", sorted(MADE))
def test_input_too_big_for_a_fixture_file_is_refused_with_a_line(case, tmp_path):
    content = overlay("unknown-field", tmp_path)
    shutil.copy(FIXTURES / "minimal" / "phases" / "one.yml", _phase(content))
    expected = MADE[case](content)
    lines = problems(content, tmp_path)
    assert any(expected in line for line in lines), "\n".join(lines[:5])


# Hostile inputs run as the real command, in a child process with 200 MB of memory at most:
# before the loader was hardened, the alias bomb took 3.9 GB and deep nesting crashed Python.
HOSTILE = ["alias-bomb", "control-character", "not-utf-8", "text-starting-with-bang", "merge-key",
           "missing-sources", "unclosed-quote"]


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (200 * 1024 * 1024 + 600 * 1024 * 1024,) * 2)


@pytest.mark.parametrize("case", HOSTILE + sorted(MADE))
def test_check_exits_non_zero_without_a_traceback_and_within_its_memory(case, tmp_path):
    content = overlay(case if case in CASES else "unknown-field", tmp_path)
    if case in MADE:
        shutil.copy(FIXTURES / "minimal" / "phases" / "one.yml", _phase(content))
        MADE[case](content)
    code = ("import resource, sys; from build_tools.cli import main; rc = main(sys.argv[1:]); "
            "print('maxrss-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); "
            "sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code, "check", "--content", str(content)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    rss_kb = int(result.stderr.rsplit("maxrss-kb", 1)[1].split()[0])
    assert rss_kb < 200 * 1024, f"peak memory {rss_kb // 1024} MB"
    assert "problem(s) in content; nothing was written" in result.stderr


# ------------------------------------------------------------------ odd but valid

def test_odd_but_valid_text_builds_as_itself(tmp_path):
    """An emoji title, a date-like text, a quoted ' #', an editor's lock and swap files and a
    stray dot-file beside the content: all valid, and shown as typed."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    phase = _phase(content)
    text = phase.read_text(encoding="utf-8")
    text = text.replace("title: Phase one", "title: Phase one 🎉 done")
    text = text.replace("timing: Right away", "timing: 2024-02-30")
    text = text.replace("why: Because it helps.", 'why: "Because it helps #1"')
    phase.write_text(text, encoding="utf-8")
    group = content / "templates" / "group.yml"  # its thank-you keeps the phase's deadline
    group.write_text(group.read_text(encoding="utf-8").replace("timing: Right away.", "timing: 2024-02-30."),
                     encoding="utf-8")
    (content / "phases" / ".one.yml.swp").write_bytes(b"\x00\x01 vim swap")
    (content / "phases" / ".#one.yml").symlink_to("user@host.1234:1700000000")  # emacs lock: dangling
    (content / ".DS_Store").write_bytes(b"\x00\x00")
    (content / "phases" / "one.yml~").write_text("backup: [", encoding="utf-8")
    site = load_content(content)
    assert site.phases[0]["timing"] == "2024-02-30"
    built = build_variant(content, tmp_path / "out")
    html = (built / "guide" / "one" / "index.html").read_text(encoding="utf-8")
    assert "<title>Phase one 🎉 done - " in html
    assert ">Phase one 🎉 done</h1>" in html
    assert "Generated by build_tools" not in html
    assert "Because it helps #1" in html and "2024-02-30" in html


# ------------------------------------------------------------------ the nav of mkdocs.yml

NAV_CASES = {
    "nav-lists-every-page": (lambda t: t.replace("      - guide/mindset.md\n", ""),
                             "page guide/mindset.md is generated but not in the nav"),
    "nav-follows-content-order": (lambda t: t.replace("      - guide/before-you-leave.md\n", "").replace(
        "      - guide/mindset.md\n", "      - guide/mindset.md\n      - guide/before-you-leave.md\n"),
        "these pages must follow their files' order"),
    "nav-titles-from-pages": (lambda t: t.replace("  - planner/index.md\n",
                                                  "  - Planner: planner/index.md\n"),
                              "planner/index.md is given a title here"),
    "nav-names-real-pages": (lambda t: t.replace("  - sources/index.md\n",
                                                 "  - sources/index.md\n  - gone.md\n"),
                             "gone.md is not a page"),
    "nav-lists-each-entry-once": (lambda t: t.replace("      - checklists/post-interview.md\n",
                                                      "      - checklists/post-interview.md\n" * 2),
                                  "checklists/post-interview.md is listed twice (first on line"),
}


@pytest.mark.parametrize("rule", sorted(NAV_RULES))
def test_each_nav_rule_reports_its_line(rule, tmp_path):
    edit, expected = NAV_CASES[rule]
    config = tmp_path / "mkdocs.yml"
    config.write_text(edit((ROOT / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    lines = [str(e) for e in check_nav(project_content(), config)]
    assert any(expected in line and line.endswith(f"[{rule}]") and line.startswith("mkdocs.yml:")
               for line in lines), lines


@pytest.mark.parametrize("old, new, offset, expected", [
    ("  - Checklists:\n", "  - Checklists\n", 0,
     "'Checklists' and the lines under it read as one page name: a section title needs its "
     "colon: write `- Checklists:` [nav-names-real-pages]"),
    ("  - Checklists:\n", "  - Checklists:\n" * 2, 1,
     "section 'Checklists' is listed twice (first on line {line}): remove one of the "
     "two lines [nav-lists-each-entry-once]"),
    ("  - differences.md\n", "  - differences.md\n" * 2, 1,
     "differences.md is listed twice (first on line {line}): remove one of the two lines "
     "[nav-lists-each-entry-once]"),
], ids=["section-without-its-colon", "section-line-pasted-twice", "page-line-pasted-twice"])
def test_a_nav_line_without_its_colon_or_pasted_twice_is_one_line_at_its_line(old, new, offset, expected,
                                                                               tmp_path):
    """MkDocs takes the first and the last as a valid nav: this check is what catches them."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    config = tmp_path / "mkdocs.yml"
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    lines = [str(e) for e in check_nav(project_content(), config)]
    (only,) = lines
    assert only.startswith(f"mkdocs.yml:{line + offset}: nav[") and only.endswith(expected.format(line=line))


def test_the_real_nav_passes_and_a_tab_in_mkdocs_yml_is_a_line_not_a_traceback(tmp_path):
    assert check_nav(project_content(), ROOT / "mkdocs.yml") == []
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  - differences.md\n", "\t- differences.md\n"), encoding="utf-8")
    lines = [str(e) for e in check_nav(project_content(), config)]
    assert any(line.startswith("mkdocs.yml:") and "replace the tab with spaces" in line for line in lines)


# ------------------------------------------------------------------ nothing built is lost

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
    assert "phases/one.yml:7: steps[0].why: missing required field: add it" in result.stderr
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
    config_path = config_copy(tmp_path)
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["nav"].append({"Missing": "no-such-page.md"})
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(SystemExit):
        build_site(tmp_path / "site", config_path)
    assert not (tmp_path / "site").exists()


def test_removing_an_item_the_readme_way_is_caught_by_check_not_by_a_crash(tmp_path):
    """Delete a step that a page template links to and retire its id: check names the
    template line instead of the render crashing."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    phase = content / "checklists" / "at-the-interview.yml"
    text = phase.read_text(encoding="utf-8")
    start = text.index("  - id: leave-ask-next-steps\n")
    end = text.index("\n  - id: ", start + 1)
    phase.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    retired = content / "retired-ids.yml"
    retired.write_text("retired:\n  - id: leave-ask-next-steps\n    reason: Removed in a test.\n",
                       encoding="utf-8")
    with pytest.raises(ContentInvalid) as caught:
        check(content, None)
    lines = [str(e) for e in caught.value.errors]
    assert any(line.startswith("build_tools/templates/planner.md.j2:") and "[template-links-exist]" in line
               for line in lines), lines


@pytest.mark.parametrize("broken, expected", [
    ("{bad", "content/schemas/phase.schema.json:1: (schema): not valid JSON"),
    ('{"type": "nonsense"}', "content/schemas/phase.schema.json:1: (schema): not a valid JSON Schema"),
    (None, "content/schemas/phase.schema.json:1: (schema): cannot be read"),
])
def test_a_broken_or_missing_schema_is_a_line_not_a_traceback(broken, expected, tmp_path):
    schemas = tmp_path / "content" / "schemas"
    shutil.copytree(ROOT / "content" / "schemas", schemas)
    target = schemas / "phase.schema.json"
    if broken is None:
        target.unlink()
    else:
        target.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentInvalid) as caught:
        load_content(FIXTURES / "minimal", schemas)
    lines = [str(e).replace(f"{tmp_path.as_posix()}/", "") for e in caught.value.errors]
    assert any(line.startswith(expected) for line in lines), lines


# ------------------------------------------------------------------ file-system oddities

def _symlink_to_itself(phases: Path) -> str:
    (phases / "loop.yml").symlink_to("loop.yml")
    return ("content/phases/loop.yml:1: (file): a symbolic link in a loop (it points to 'loop.yml', "
            "which leads back to it): replace it with the file itself, or remove it")


def _symlinks_in_a_loop(phases: Path) -> str:
    (phases / "a.yml").symlink_to("b.yml")
    (phases / "b.yml").symlink_to("a.yml")
    return ("content/phases/b.yml:1: (file): a symbolic link in a loop (it points to 'a.yml', "
            "which leads back to it): replace it with the file itself, or remove it")


def _dangling_symlink(phases: Path) -> str:
    (phases / "gone.yml").symlink_to("nowhere.yml")
    return ("content/phases/gone.yml:1: (file): a symbolic link to 'nowhere.yml', which does not "
            "exist: put the file itself here, or remove the link")


def _folder_named_like_a_file(phases: Path) -> str:
    (phases / "x.yml").mkdir()
    return ("content/phases/x.yml:1: (folder): a folder named like a file: content files are files; "
            "move what is in it up a level and remove the folder x.yml/")


def _named_pipe(phases: Path) -> str:
    os.mkfifo(phases / "pipe.yml")  # reading it would wait for a writer forever
    return ("content/phases/pipe.yml:1: (file): a named pipe, not a file: content files are plain "
            "text files; remove it")


def _file_in_a_subfolder(phases: Path) -> str:
    (phases / "old").mkdir()
    shutil.copy(phases / "one.yml", phases / "old" / "one.yml")
    return ("content/phases/old/one.yml:1: (file): content/phases/ has no subfolders, so this file is "
            "not read: move it into content/phases/ if it is content, or out of content/ if it is a "
            "copy to keep")


ODDITIES = {f.__name__.lstrip("_"): f for f in (_symlink_to_itself, _symlinks_in_a_loop, _dangling_symlink,
                                                _folder_named_like_a_file, _named_pipe, _file_in_a_subfolder)}


@pytest.mark.parametrize("case", sorted(ODDITIES))
def test_a_file_system_oddity_is_one_line_and_check_prints_no_traceback(case, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    expected = ODDITIES[case](content / "phases")
    lines = problems(content, tmp_path)
    assert expected in lines, "\n".join(lines)
    result = subprocess.run([sys.executable, "-m", "build_tools", "check", "--content", str(content)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert expected in result.stderr.replace(f"{tmp_path.as_posix()}/", "")


def test_an_unreadable_file_is_one_line_saying_how_to_make_it_readable(tmp_path, monkeypatch):
    """chmod 000 does not stop root, who runs the tests: the read itself is refused here."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    secret = content / "phases" / "one.yml"
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == secret:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert ("content/phases/one.yml:1: (file): cannot be read (permission denied): give yourself "
            "permission to read it (chmod a+r)") in problems(content, tmp_path)


def test_a_symlinked_folder_is_reported_not_skipped(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    shutil.move(content / "coverage", tmp_path / "elsewhere")
    (content / "coverage").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    lines = problems(content, tmp_path)
    assert "content/coverage:1: (folder): a symlinked folder is not read: copy its files in instead" in lines
