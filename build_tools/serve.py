"""`python -m build_tools serve`: the local server, which survives any error.

serve() runs `mkdocs serve` (live reload) as a child process on a copy of mkdocs.yml in
.cache/serve/, and polls the inputs of the pages: content/, build_tools/templates/,
build_tools/*.py, build_tools/inline/ (our inline scripts, which render minifies into
partials in overrides/), mkdocs.yml, plus overrides/ and docs/ (MkDocs watches those two
itself).
It says the server started only once MkDocs serves and watches: MkDocs builds the site once
before it watches, and a page rendered meanwhile would never reach it.
On a change it runs `python -m build_tools.serve refresh` in a fresh process, so edits to
build_tools/*.py count too and no error in them can take serve down. The refresh checks the
content, checks mkdocs.yml (its nav against the table of kinds, then with MkDocs' loader)
before rewriting the config copy the server watches, and re-renders the pages; whatever goes
wrong (bad content, a nav MkDocs would accept but that drops pages, a Jinja error in a
template, a YAML error in mkdocs.yml, a bug) it prints one line per problem naming the file,
writes nothing, and the server keeps the last good settings and pages. If the MkDocs server
itself stops, serve says why and starts it again, on the same address, after the next change.

The copy differs from mkdocs.yml in absolute paths and `extra: {ati_serve: true}`, which
overrides/main.html tests to give serve's pages a policy that lets MkDocs' live reload
script run (it is inline and differs on every request, so no hash can allow it). The
published build never sees the flag and keeps the strict policy.

Ctrl+C, SIGTERM and SIGHUP stop serve and the MkDocs server with it.
"""
from __future__ import annotations

import collections
import http.client
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import yaml

from . import CONTENT_DIR, DOCS_DIR, OVERRIDES_DIR, ROOT, TEMPLATE_DIR

CACHE_DIR = ROOT / ".cache" / "serve"
SERVE_CONFIG = CACHE_DIR / "mkdocs.yml"
MKDOCS_YML = ROOT / "mkdocs.yml"
POLL_SECONDS = 0.5
# Upper bound on MkDocs' first build and start; past it serve stops the server and says so.
START_SECONDS = 120
SERVE_FLAG = "ati_serve"  # extra.ati_serve in the copy; overrides/main.html tests it

# Exit status of `python -m build_tools.serve refresh`: bits, so both can be reported.
RENDER_FAILED = 1
CONFIG_FAILED = 2


# ------------------------------------------------------------------ describing errors

def _rel(filename: str | os.PathLike | None) -> str | None:
    if not filename:
        return None
    path = Path(filename)
    try:
        return path.resolve().relative_to(ROOT.resolve()).as_posix()
    except (ValueError, OSError):
        return str(filename)


def _project_frames(exc: BaseException) -> list[str]:
    """file:line of each traceback frame in the project's own files (Jinja's frames name
    the template file and line)."""
    frames = []
    for frame in traceback.extract_tb(exc.__traceback__):
        where = _rel(frame.filename)
        if where and not Path(where).is_absolute() and not where.startswith(".venv/") \
                and where != "build_tools/serve.py":
            here = f"{where}:{frame.lineno}"
            if not frames or frames[-1] != here:  # a comprehension repeats its line
                frames.append(here)
    return frames


def describe(exc: BaseException, unnamed_yaml: Path = MKDOCS_YML) -> str:
    """One line: where (file:line) and what. When the place came from the traceback (a bug,
    or a Jinja error while rendering), a second, indented line lists the project's files the
    traceback went through, innermost last.

    A YAML error in text parsed from a string names no file; the only YAML that serve
    parses from a string (in config_copy(); content files and the nav check's read of
    mkdocs.yml come back as ContentInvalid) is mkdocs.yml, so such an error is put there
    (unnamed_yaml).
    """
    import jinja2  # the refresh imports it anyway; keep serve's own start light

    name = type(exc).__name__
    where = None
    message = str(exc).strip()
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            file = _rel(unnamed_yaml) if mark.name.startswith("<") else _rel(mark.name)
            where = f"{file}:{mark.line + 1}"
        if exc.problem:
            message = exc.problem + (f" ({exc.context})" if exc.context else "")
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{_rel(exc.filename) or exc.name}:{exc.lineno}"
        message = exc.message or message
    elif isinstance(exc, SyntaxError) and exc.filename:  # in an edited build_tools/*.py
        where = f"{_rel(exc.filename)}:{exc.lineno}"
        message = exc.msg
    elif isinstance(exc, MkDocsConfigRefused):
        where = _rel(unnamed_yaml)
    frames = _project_frames(exc)
    trail = []
    if where is None and frames:
        where, trail = frames[-1], frames[-5:-1]
    if isinstance(exc, KeyError):
        message = f"no key {message}"
    first = message.splitlines()[0] if message else "(no message)"
    line = f"{where}: {name}: {first}" if where else f"{name}: {first}"
    if trail:
        line += "\n    (traceback through " + " -> ".join([*trail, where]) + ")"
    return line


class MkDocsConfigRefused(Exception):
    """MkDocs' config loader refused serve's copy of mkdocs.yml; the message is its reason."""


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# ------------------------------------------------------------------ the refresh (child process)

def write_serve_config(site=None) -> bool:
    """Write serve's copy of mkdocs.yml if it would change; return whether it changed.

    The running server watches the copy, so nothing wrong may reach it: the nav is checked
    against the table of kinds first (nav.check_nav, as `./dev check` does: a section title
    that lost its colon is a valid nav to MkDocs, which would then serve every page without
    that section), then the candidate with MkDocs' own config loader (a config MkDocs rejects
    would fail the server's rebuild and hang requests). On any error it raises and the last
    good copy stays.

    Without a site (the content has errors, so the nav cannot be checked against it) a
    changed mkdocs.yml waits for the content's fix; only a first copy is written unchecked,
    for the server to start on the pages rendered last.
    """
    from mkdocs.config import load_config

    from .config import config_copy
    from .errors import ContentInvalid
    from .nav import check_nav

    staging = CACHE_DIR / "next"
    # One read of mkdocs.yml for both the check and the copy: an edit in between cannot
    # slip past the check.
    as_written = staging / "as-written" / "mkdocs.yml"
    as_written.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MKDOCS_YML, as_written)
    if site is not None:
        errors = check_nav(site, as_written)
        if errors:
            raise ContentInvalid(errors)
    candidate = config_copy(staging, source=as_written)
    config = yaml.safe_load(candidate.read_text(encoding="utf-8"))
    extra = config.get("extra") or {}
    extra[SERVE_FLAG] = True
    config["extra"] = extra
    text = yaml.safe_dump(config)
    if SERVE_CONFIG.exists() and SERVE_CONFIG.read_text(encoding="utf-8") == text:
        candidate.unlink()
        return False
    if site is None and SERVE_CONFIG.exists():
        candidate.unlink()
        print("build_tools: the server takes the edited mkdocs.yml once the content is fixed "
              "(its nav is checked against the content)", file=sys.stderr, flush=True)
        return False
    candidate.write_text(text, encoding="utf-8")
    # MkDocs logs each reason, then raises a bare "Aborted with a configuration error!".
    # Its warnings are left out here: the server prints them when it rebuilds.
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        load_config(config_file=str(candidate))
    except Exception as exc:
        if collect.messages:
            raise MkDocsConfigRefused("; ".join(collect.messages)) from exc
        raise
    finally:
        logger.removeHandler(collect)
    candidate.replace(SERVE_CONFIG)
    return True


def refresh(render_pages: bool = True) -> int:
    """Check the content, rewrite the config copy and re-render the pages; print what
    happened. The pages are rendered only when the content and mkdocs.yml both check out.
    Returns the RENDER_FAILED / CONFIG_FAILED bits (0 when all went well)."""
    status = 0

    def report(exc: BaseException) -> bool:
        """Print exc, one line per problem; return whether it was problems in the content."""
        errors_module = sys.modules.get(f"{__package__}.errors")  # imported by the content
        invalid = errors_module is not None and isinstance(exc, errors_module.ContentInvalid)
        for text in [str(error) for error in exc.errors] if invalid else [describe(exc)]:
            print(f"build_tools: {text}", file=sys.stderr, flush=True)
        return invalid

    site = None
    try:
        from .content import load_content  # here, not at the top: a broken module is reported

        site = load_content()
    except (Exception, SystemExit) as exc:  # any error is reported, none stops serve
        status |= RENDER_FAILED
        what = "content has errors" if report(exc) else "could not check the content"
        print(f"build_tools: {what}; the pages served are the last good ones", file=sys.stderr,
              flush=True)
    try:
        if write_serve_config(site):
            print("build_tools: settings from mkdocs.yml updated for the server", flush=True)
    except (Exception, SystemExit) as exc:  # any error is reported, none stops serve
        status |= CONFIG_FAILED
        report(exc)
        print("build_tools: mkdocs.yml has an error; the server keeps the last good settings "
              "and pages", file=sys.stderr, flush=True)
    if not render_pages or status:
        return status
    try:
        from .render import render

        changed = render(site)
        print(f"build_tools: re-rendered {len(changed)} file(s)", flush=True)
    except (Exception, SystemExit) as exc:  # any error is reported, none stops serve
        status |= RENDER_FAILED
        report(exc)
        print("build_tools: could not render the pages; the pages served are the last good "
              "ones", file=sys.stderr, flush=True)
    return status


def _run_refresh(render_pages: bool = True) -> int:
    """refresh() in a fresh Python, so edited build_tools/*.py code is the code that runs."""
    command = [sys.executable, "-m", "build_tools.serve", "refresh" if render_pages else "config"]
    sys.stdout.flush()
    return subprocess.run(command, cwd=ROOT, process_group=0).returncode


# ------------------------------------------------------------------ watching

def _snapshot() -> dict[str, tuple[int, int]]:
    files = [MKDOCS_YML, *sorted((ROOT / "build_tools").glob("*.py")), ROOT / "build_tools" / "minify.mjs"]
    for folder in (CONTENT_DIR, TEMPLATE_DIR, ROOT / "build_tools" / "inline", OVERRIDES_DIR, DOCS_DIR):
        files.extend(p for p in folder.rglob("*") if p.is_file())
    stamps = {}
    for path in files:
        try:
            stat = path.stat()
        except OSError:  # removed meanwhile, or mkdocs.yml missing: the next look sees it
            continue
        stamps[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return stamps


# Our scripts in docs/: a refresh joins some of them (render.SHARED_SOURCES) into ati.js,
# which it writes itself.
_SCRIPTS = str(DOCS_DIR / "assets" / "javascripts") + os.sep
_JOINED = _SCRIPTS + "ati.js"


def _render_inputs(stamps: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The files a refresh reads: all but docs/ and overrides/ (it writes there; MkDocs
    watches both), but for our scripts, the shared one's sources among them."""
    skip = (str(OVERRIDES_DIR) + os.sep, str(DOCS_DIR) + os.sep)
    return {path: stamp for path, stamp in stamps.items()
            if not path.startswith(skip) or path.startswith(_SCRIPTS) and path != _JOINED}


def _docs_only(stamps: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    return {path: stamp for path, stamp in stamps.items()
            if path.startswith(str(DOCS_DIR) + os.sep)}


# ------------------------------------------------------------------ the MkDocs server

def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()
_PR_SET_PDEATHSIG = 1


def _server_signals() -> None:  # runs in the child, between fork and exec
    # serve stops the server with SIGINT (MkDocs then shuts down cleanly and removes its
    # temporary site folder); a serve started in the background inherits SIGINT ignored,
    # so let the server have it back.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # If serve dies without cleaning up (SIGKILL), the kernel sends the server SIGINT,
    # so no orphan keeps the port.
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGINT)


# MkDocs prints "ERROR - ...", "Error: ..." or a Python traceback ending "SomeError: ...".
_ERROR_LINE = re.compile(r"^(?:\[[\d:]+\] )?(?:ERROR\b|Error:|[\w.]*(?:Error|Exception)\b)")
_FRESH_START = ("Serving on ", "Documentation built in ", "Reloading browsers")
# MkDocs logs this once it has built the site and started watching docs/ and the config.
_SERVING = "Serving on "


class MkDocsServer:
    """`mkdocs serve` on serve's config copy, its output passed through and remembered."""

    def __init__(self, address: str):
        self.address = address
        self.process: subprocess.Popen | None = None
        self.tail: collections.deque[str] = collections.deque(maxlen=60)
        self.reader: threading.Thread | None = None
        self.reported = False
        self.serving = threading.Event()

    def start(self) -> None:
        """Start the server and return once it serves and watches, or has stopped, or did
        not come up in time (then it is stopped; serve's loop starts it after a change)."""
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
        self.tail.clear()
        self.reported = False
        self.serving = threading.Event()
        sys.stdout.flush()
        # Its own process group: a Ctrl+C in the terminal reaches only serve, which then
        # stops the server once, letting MkDocs remove its temporary site folder.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(SERVE_CONFIG),
             "--dev-addr", self.address, "--livereload", "--watch", str(OVERRIDES_DIR)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="replace", bufsize=1, process_group=0, preexec_fn=_server_signals)
        self.reader = threading.Thread(target=self._pass_output,
                                       args=(self.process, self.serving), daemon=True)
        self.reader.start()
        # MkDocs builds the whole site before it starts watching: a page rendered in that
        # time would never reach the server. So serve says "started" (and goes back to
        # watching the content) only once MkDocs has said it watches and serves, and has
        # answered a request.
        deadline = time.monotonic() + START_SECONDS
        if self._wait_until_serving(deadline):
            print(f"build_tools: MkDocs server started (pid {self.process.pid}) on "
                  f"http://{self.address}/, watching for changes", flush=True)
        elif self.running:
            self.reported = True
            print(f"build_tools: the MkDocs server did not start serving within {START_SECONDS} s; "
                  "serve stops it and starts it again after the next change", file=sys.stderr,
                  flush=True)
            self.stop()

    def _wait_until_serving(self, deadline: float) -> bool:
        """Whether MkDocs logged "Serving on" and then answered a request, before the
        deadline and without stopping (its own line first: another program that holds the
        port would answer too)."""
        while not self.serving.wait(0.1):
            if not self.running or time.monotonic() > deadline:
                return False
        host, port = self.address.rsplit(":", 1)
        while self.running:
            connection = http.client.HTTPConnection(host.strip("[]"), int(port), timeout=5)
            try:
                connection.request("GET", "/")
                connection.getresponse().read()
                return True
            except OSError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.1)
            finally:
                connection.close()
        return False

    def _pass_output(self, process: subprocess.Popen, serving: threading.Event) -> None:
        for line in process.stdout:
            self.tail.append(line.rstrip("\n"))
            sys.stderr.write(line)
            sys.stderr.flush()
            if _SERVING in line:
                serving.set()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def why_stopped(self) -> str:
        """The server's last error line since it last built fine, or its exit status."""
        if self.reader is not None:
            self.reader.join(timeout=5)  # let the last lines arrive
        lines: list[str] = []
        for line in reversed(self.tail):
            if any(mark in line for mark in _FRESH_START):
                break
            lines.append(line.strip())
        code = self.process.returncode
        if code < 0:
            return f"killed by signal {-code}"
        errors = [line for line in lines if _ERROR_LINE.match(line)]
        return f"exit {code}: {errors[0]}" if errors else f"exit {code}"

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if self.reader is not None:
            self.reader.join(timeout=5)


# ------------------------------------------------------------------ serve

class _Stop(Exception):
    """SIGTERM or SIGHUP arrived."""


def _raise_stop(signum, frame):
    raise _Stop(signal.Signals(signum).name)


def serve(address: str = "127.0.0.1:8000") -> int:
    """Serve at address with live reload until stopped; re-render on every change."""
    handled = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {signum: signal.signal(signum, _raise_stop) for signum in handled}
    previous[signal.SIGINT] = signal.getsignal(signal.SIGINT)
    server = MkDocsServer(address)
    try:
        # The first render, like every later one, reports any error and never stops serve:
        # with broken content the server starts on the pages rendered last (if any) and
        # the fix is picked up like any edit.
        status = _run_refresh()
        seen = _snapshot()
        config_ok = not status & CONFIG_FAILED
        if config_ok:
            server.start()
        else:
            print("build_tools: the server starts once mkdocs.yml is fixed", file=sys.stderr,
                  flush=True)
        while True:
            time.sleep(POLL_SECONDS)
            if server.process is not None and not server.running and not server.reported:
                server.reported = True
                print(f"build_tools: the MkDocs server stopped ({server.why_stopped()}); serve "
                      f"keeps watching and starts it again on http://{address}/ after the next "
                      "change", file=sys.stderr, flush=True)
            if config_ok and not SERVE_CONFIG.exists():
                # `zensical build --clean` empties .cache/; MkDocs' server needs its config back.
                print("build_tools: serve's copy of mkdocs.yml was removed; writing it again",
                      file=sys.stderr, flush=True)
                # Once: if mkdocs.yml is broken now, the next good edit writes the copy.
                config_ok = not _run_refresh(render_pages=False) & CONFIG_FAILED
            now = _snapshot()
            if now == seen:
                continue
            rerender = _render_inputs(now) != _render_inputs(seen)
            seen = now
            if rerender:
                status = _run_refresh()
                config_ok = config_ok or not (status & CONFIG_FAILED)
                # The refresh's own writes to docs/ are not a change to act on.
                docs = _docs_only(seen)
                seen = {**{k: v for k, v in seen.items() if k not in docs},
                        **_docs_only(_snapshot())}
            if not server.running and config_ok:
                server.start()
    except (KeyboardInterrupt, _Stop):
        print("build_tools: stopping the server", file=sys.stderr, flush=True)
    finally:
        # A second Ctrl+C or SIGTERM must not cut the clean-up short and orphan the server.
        for signum in (signal.SIGINT, *handled):
            signal.signal(signum, signal.SIG_IGN)
        try:
            server.stop()
        finally:
            for signum, handler in previous.items():
                if handler is not None:
                    signal.signal(signum, handler)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["refresh"]:
        return refresh()
    if args == ["config"]:
        return refresh(render_pages=False)
    print("usage: python -m build_tools.serve refresh|config  (run by `python -m build_tools "
          "serve`)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
