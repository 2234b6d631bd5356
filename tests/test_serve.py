"""`python -m build_tools serve` re-renders the pages when their inputs change, survives any
error (it says what is wrong and keeps serving the last good pages), restarts MkDocs' server
if it stops, and gives live reload a policy it can run under while the published build keeps
the strict one. Each test runs serve on a copy of the project, so the edits never touch the
real files."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import record_problems
from playwright.sync_api import expect

from build_tools import ROOT
from tests.support.local import free_port

PHASE = "content/phases/first-48-hours.yml"
PAGE = "guide/first-48-hours/"
PAGE_TITLE = "Right after the interview"  # PAGE's title, as its content file has it
TITLE = f"\ntitle: {PAGE_TITLE}\n"
HOME_TEMPLATE = "build_tools/templates/home.md.j2"
HOME_HEADING = "# After the interview: what to do next"
SITE_NAME = "site_name: After the Interview\n"
CHECKLISTS = "  - Checklists:\n"
PASTED = "      - checklists/post-interview.md\n"
# In PAGE's menu, a page of the Checklists section.
CHECKLISTS_IN_MENU = 'href="../../checklists/at-the-interview/" class="md-nav__link"'
# A busy machine, for MkDocs: it has built the site but is slow to start watching.
SLOW_TO_WATCH = """import time


def on_serve(server, config, builder):
    time.sleep(2)
    return server
"""
POLICY = re.compile(r'http-equiv="Content-Security-Policy" content="([^"]+)"')


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
        time.sleep(0.1)
    return False


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie left for a non-reaping init does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def _line_of(text: str, line: str) -> int:
    return text[:text.index(line)].count("\n") + 1


def _policy(html: str) -> dict[str, str]:
    found = POLICY.search(html)
    assert found, "no Content-Security-Policy on the page"
    return dict(d.strip().split(" ", 1) for d in found.group(1).split(";") if d.strip())


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    for name in ("build_tools", "content", "docs", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "node_modules").symlink_to(ROOT / "node_modules")  # the build's minifier
    return root


class Serving:
    """`python -m build_tools serve` running in a project copy, its output collected."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "build_tools", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_output(self, pattern: str, since: int = 0, timeout: float = 60) -> re.Match:
        """The first match of pattern in the output after character `since`."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = re.search(pattern, self.output[since:])
            if found:
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"serve never printed {pattern!r}; its output:\n{self.output}")

    def server_pids(self) -> list[int]:
        return [int(p) for p in re.findall(r"MkDocs server started \(pid (\d+)\)", self.output)]

    def edit(self, rel: str, old: str, new: str) -> str:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel} no longer has {old!r}; update the test"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return text

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                raise
        self.reader.join(timeout=10)
        return self.output


@pytest.fixture
def serving(project):
    running = Serving(project)
    yield running
    running.stop()
    for pid in running.server_pids():
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_serve_shows_content_edits_and_keeps_the_last_good_pages(serving):
    url = serving.base + PAGE
    # The first build takes longest on a busy machine: serve says when it serves.
    serving.wait_output(r"MkDocs server started", timeout=180)
    assert _wait_for(url, PAGE_TITLE), "serve never showed the page"

    original = serving.edit(PHASE, TITLE, f"\ntitle: {PAGE_TITLE}, edited\n")
    assert _wait_for(url, f"{PAGE_TITLE}, edited"), "the edit never showed"

    # A broken edit: the page stays as it was, and serve says why.
    (serving.root / PHASE).write_text(original.replace(TITLE, "\ntitle: [broken\n"),
                                      encoding="utf-8")
    serving.wait_output(r"the pages served are the last good ones")
    page = _get(url)
    assert page is not None and f"{PAGE_TITLE}, edited" in page
    assert serving.process.poll() is None, "serve stopped on bad content"

    # SIGTERM stops serve and the MkDocs server with it.
    (pid,) = serving.server_pids()
    output = serving.stop()
    assert serving.process.returncode == 0
    assert not _alive(pid), "the MkDocs server outlived serve"
    assert "re-rendered" in output
    assert f"{PHASE}:" in output


def test_an_edit_to_a_source_of_the_shared_script_reaches_the_served_ati_js(serving):
    """ati.js is joined from core/record.js, core/plan.js and app.js by the render: editing
    one of them under serve re-renders it."""
    url = serving.base + "assets/javascripts/ati.js"
    assert _wait_for(url, "core/plan.js"), "serve never served the joined script"
    serving.edit("docs/assets/javascripts/core/plan.js", '"use strict";',
                 '"use strict"; /* edited under serve */')
    assert _wait_for(url, "edited under serve"), "the edit never reached ati.js"


def test_an_edit_to_an_inline_scripts_source_reaches_the_served_pages(serving):
    """render minifies build_tools/inline/*.js into partials in overrides/, which the MkDocs
    server watches: editing a source under serve puts the new script into the pages."""
    url = serving.base + PAGE
    assert _wait_for(url, "data-ati-palette"), "serve never showed the page"
    serving.edit("build_tools/inline/palette.js", 'scheme.name = "color-scheme";',
                 'scheme.name = "color-scheme"; scheme.title = "edited under serve";')
    assert _wait_for(url, '"edited under serve"'), "the edit never reached the page's inline script"


def test_serve_reports_a_broken_template_and_picks_up_the_fix(serving):
    home = serving.base
    assert _wait_for(home, "After the interview: what to do next"), "serve never showed the home page"

    template = serving.root / HOME_TEMPLATE
    original = template.read_text(encoding="utf-8")
    since = len(serving.output)
    template.write_text(original + "\n{% if site.phases %}\nnever closed\n", encoding="utf-8")
    serving.wait_output(rf"{re.escape(HOME_TEMPLATE)}:\d+:.*\n(?:.*\n)*?.*the pages served are the "
                        r"last good ones", since)
    assert "Traceback" not in serving.output[since:], "a traceback instead of a one-line report"
    time.sleep(1)
    assert serving.process.poll() is None, "serve stopped on a template error"
    page = _get(home)
    assert page is not None and "After the interview: what to do next" in page

    template.write_text(original.replace(HOME_HEADING, "# After the interview: the template is fixed"),
                        encoding="utf-8")
    assert _wait_for(home, "After the interview: the template is fixed"), "the fix never showed"


def test_serve_survives_a_broken_mkdocs_yml_and_restarts_a_stopped_server(serving):
    url = serving.base + PAGE
    assert _wait_for(url, PAGE_TITLE), "serve never showed the page"

    # A tab in mkdocs.yml: reported, the last good pages stay, and the fix is picked up.
    since = len(serving.output)
    serving.edit("mkdocs.yml", SITE_NAME, "site_name:\tAfter the Interview\n")
    serving.wait_output(r"mkdocs\.yml:\d+: .*tab|mkdocs\.yml:\d+: .*'\\t'", since)
    time.sleep(1)
    assert serving.process.poll() is None, "serve stopped on a broken mkdocs.yml"
    page = _get(url)
    assert page is not None and PAGE_TITLE in page, "the last good page is gone"
    serving.edit("mkdocs.yml", "site_name:\tAfter the Interview\n",
                 "site_name: After the Interview, renamed\n")
    assert _wait_for(url, "After the Interview, renamed"), "the fixed mkdocs.yml never took effect"

    # The MkDocs server stops (killed here): serve says so, keeps running, and starts it
    # again on the same address after the next change.
    (pid,) = serving.server_pids()
    since = len(serving.output)
    os.kill(pid, signal.SIGKILL)
    serving.wait_output(r"the MkDocs server stopped \(killed by signal 9\)", since)
    assert serving.process.poll() is None, "serve stopped with the server"
    serving.edit(PHASE, TITLE, "\ntitle: After the restart\n")
    assert _wait_for(url, "After the restart"), "the server never came back on the same address"
    # The new server answers a moment before serve has checked it and says it started.
    serving.wait_output(r"MkDocs server started", since)
    assert len(serving.server_pids()) == 2


def test_an_edit_made_as_soon_as_serve_says_it_serves_reaches_the_page(project):
    """MkDocs builds the site before it watches docs/: serve must not say it serves before
    MkDocs watches, or an edit made then is rendered but never served."""
    (project / "slow_to_watch.py").write_text(SLOW_TO_WATCH, encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nhooks:\n  - {project / 'slow_to_watch.py'}\n")
    running = Serving(project)
    try:
        running.wait_output(r"MkDocs server started \(pid \d+\)")
        page = _get(running.base + PAGE)
        assert page is not None, "serve said it serves before the server answered"
        assert PAGE_TITLE in page
        running.edit(PHASE, TITLE, "\ntitle: Edited as soon as serve said so\n")
        assert _wait_for(running.base + PAGE, "Edited as soon as serve said so"), \
            f"the edit never reached the page; serve's output:\n{running.output}"
    finally:
        running.stop()
        for pid in running.server_pids():
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_nav_line_without_its_colon_or_pasted_twice_is_reported_and_the_pages_keep_their_menu(
        serving):
    """Both are a valid nav to MkDocs, which would serve every page without its Checklists
    section: serve reports them by line, keeps the server's settings, and takes the fix."""
    url = serving.base + PAGE
    assert _wait_for(url, CHECKLISTS_IN_MENU), "serve never showed the page with its menu"
    served_config = serving.root / ".cache" / "serve" / "mkdocs.yml"
    settings = served_config.read_text(encoding="utf-8")
    good = (serving.root / "mkdocs.yml").read_text(encoding="utf-8")

    since = len(serving.output)
    serving.edit("mkdocs.yml", CHECKLISTS, "  - Checklists\n")
    serving.wait_output(rf"build_tools: mkdocs\.yml:{_line_of(good, CHECKLISTS)}: nav\[\d+\]: 'Checklists' "
                        r"and the lines under it read as one page name: .*write `- Checklists:`", since)
    serving.wait_output(r"the server keeps the last good settings and pages", since)
    assert served_config.read_text(encoding="utf-8") == settings, "the server was given the bad nav"
    assert CHECKLISTS_IN_MENU in (_get(url) or ""), "the Checklists section left the menu"

    since = len(serving.output)
    line = _line_of(good, PASTED)
    (serving.root / "mkdocs.yml").write_text(good.replace(PASTED, PASTED * 2), encoding="utf-8")
    serving.wait_output(rf"build_tools: mkdocs\.yml:{line + 1}: nav\[\d+\]\.Checklists\[\d+\]: "
                        rf"checklists/post-interview\.md is listed twice \(first on line {line}\): "
                        r"remove one of the two lines", since)
    serving.wait_output(r"the server keeps the last good settings and pages", since)
    assert served_config.read_text(encoding="utf-8") == settings, "the server was given the bad nav"
    assert CHECKLISTS_IN_MENU in (_get(url) or ""), "the Checklists section left the menu"

    (serving.root / "mkdocs.yml").write_text(
        good.replace(SITE_NAME, "site_name: After the Interview, nav fixed\n"), encoding="utf-8")
    assert _wait_for(url, "After the Interview, nav fixed"), "the fixed mkdocs.yml never took effect"
    assert CHECKLISTS_IN_MENU in (_get(url) or "")
    assert "Traceback" not in serving.output


def test_the_published_build_keeps_the_strict_policy(project):
    """The serve flag is only ever in serve's own copy of mkdocs.yml: a normal build of the
    same project has the strict policy (hashes, no 'unsafe-inline')."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "ati_serve" not in (config.get("extra") or {}), "the serve flag is in mkdocs.yml"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    subprocess.run([sys.executable, "-m", "build_tools", "build"], cwd=project, env=env, check=True,
                   capture_output=True)
    for rel in ("index.html", PAGE + "index.html", "404.html"):
        policy = _policy((project / "site" / rel).read_text(encoding="utf-8"))
        sources = policy["script-src"].split()
        assert "'unsafe-inline'" not in sources, rel
        assert sources[0] == "'self'" and len(sources) > 1, rel
        assert all(s.startswith("'sha256-") for s in sources[1:]), rel


@pytest.mark.browser
def test_live_reload_runs_under_serves_policy_with_no_error(serving, browser):
    url = serving.base + PAGE
    assert _wait_for(url, PAGE_TITLE), "serve never showed the page"
    # Serve's policy: the published one, except that inline scripts may run (live reload).
    policy = _policy(_get(url))
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["default-src"] == "'self'" and policy["style-src"] == "'self'"

    context = browser.new_context()
    try:
        context.add_init_script("""
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', e =>
                window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
        """)
        page = record_problems(context.new_page())
        logged = []
        page.on("console", lambda msg: logged.append(msg.text))
        page.goto(url)  # waits for the load event, where live reload starts polling
        end = time.monotonic() + 10
        while "Enabled live reload" not in logged and time.monotonic() < end:
            page.wait_for_timeout(100)
        assert "Enabled live reload" in logged, f"live reload never started: {page.problems}"
        assert page.evaluate("window.__cspViolations") == []
        page.evaluate("window.__beforeTheEdit = true")

        serving.edit(PHASE, TITLE, "\ntitle: Reloaded by itself\n")
        # (Not wait_for_function: it evaluates a string, which the policy rightly forbids.)
        expect(page.locator("h1")).to_contain_text("Reloaded by itself", timeout=60_000)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__beforeTheEdit") is None, "the page changed without reloading"
        assert page.evaluate("window.__cspViolations") == []
        assert page.problems == []
    finally:
        context.close()


def test_serve_starts_with_broken_content_and_picks_up_the_fix(project):
    path = project / PHASE
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace(TITLE, "\ntitle: [broken\n"), encoding="utf-8")
    running = Serving(project)
    try:
        running.wait_output(rf"{re.escape(PHASE)}:\d+")
        running.wait_output(r"the pages served are the last good ones")
        running.wait_output(r"MkDocs server started")
        assert running.process.poll() is None, "serve stopped on bad content at start"
        path.write_text(good.replace(TITLE, "\ntitle: Fixed while serving\n"), encoding="utf-8")
        assert _wait_for(running.base + PAGE, "Fixed while serving"), "the fix never showed"
        assert "Traceback" not in running.output
    finally:
        running.stop()
        for pid in running.server_pids():
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_serve_reports_a_symlink_loop_in_content_as_one_line_naming_it(project):
    """A link that leads back to itself once ended serve's refresh in a RuntimeError from
    the code; the refresh is what serve runs on every change (no server needed here)."""
    (project / "content" / "phases" / "loop.yml").symlink_to("loop.yml")
    result = subprocess.run([sys.executable, "-m", "build_tools.serve", "config"], cwd=project,
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert "Traceback" not in result.stderr and "RuntimeError" not in result.stderr, result.stderr
    assert ("build_tools: content/phases/loop.yml:1: (file): a symbolic link in a loop (it points to "
            "'loop.yml', which leads back to it): replace it with the file itself, or remove it\n"
            "build_tools: content has errors; the pages served are the last good ones\n") in result.stderr
