"""WebKit and Firefox for the browser tests, beside Playwright's Chromium.

Playwright cannot drive Debian's stock WebKit and Firefox, so each is driven the way its
package allows: WebKit (`webkit2gtk-driver`'s WebKitWebDriver and MiniBrowser, under an Xvfb
display the fixture starts) through selenium's classic WebDriver, and Firefox (`firefox-esr`,
headless) through WebDriver BiDi, the protocol it speaks itself, with a small client here.
Both answer the same few calls (Engine), so a journey is written once for both.

Neither has Playwright's init scripts in this form, so console errors, uncaught errors and
Content-Security-Policy violations are caught by a probe script the test server puts first
in each page's <head> for a browser that carries the cookie PROBE_COOKIE (never for
Chromium's tests, nor on a real host). Firefox's own console errors are added to them.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path

WEBKIT_DIR = Path("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1")
INSTALL = {"webkit": "apt-get install -y webkit2gtk-driver xvfb",
           "firefox": "apt-get install -y firefox-esr"}
PROBE_COOKIE = "ati-test-probe"
PROBE_PATH = "/__ati_probe.js"
# Kept in sessionStorage, so a full page load (a reload, a link without instant navigation)
# keeps what the page before it reported until the test reads it.
PROBE = r"""(() => {
  const KEY = "__atiProblems";
  const add = text => {
    try {
      const list = JSON.parse(sessionStorage.getItem(KEY) || "[]");
      list.push(text);
      sessionStorage.setItem(KEY, JSON.stringify(list));
    } catch (error) { (window.__atiProblems = window.__atiProblems || []).push(text); }
  };
  const error = console.error;
  console.error = (...args) => {
    add("console.error: " + args.map(String).join(" "));
    error.apply(console, args);
  };
  // A page prefetched and given up (Material's instant navigation asks for some) is no
  // failure a reader sees; a script, stylesheet, image or the like that failed to load is.
  const LOADS = ["stylesheet", "icon", "manifest", "preload", "modulepreload"];
  // A page being left: WebKit then fails the reads still under way of what the page had
  // loaded (Material reads its sitemap and search data through XHR blobs, blob.text()) with a
  // NotReadableError, after beforeunload and before pagehide; the reader sees another page by
  // then. Measured: a blob read begun as the test opened the next page failed 5 times of 6.
  // Each one left out is counted (__atiCut), so a test can show the case happened.
  let leaving = false;
  addEventListener("beforeunload", () => { leaving = true; });
  addEventListener("pageshow", () => { leaving = false; });
  // Its XHR itself may fail too (Material then throws "Network error"): seen once, 4 times in
  // one pass over the page types in a whole run on a quiet machine.
  const CUT = ["NotReadableError", "Network error"];
  const cancelled = error => {
    if (!leaving || !error || ![error.name, error.message].some(w => CUT.includes(w))) return false;
    try {
      sessionStorage.setItem("__atiCut", String(+(sessionStorage.getItem("__atiCut") || 0) + 1));
    } catch (e) {}
    return true;
  };
  addEventListener("error", e => e.target && e.target !== window && e.target.tagName
    ? (e.target.tagName !== "LINK" || LOADS.includes(e.target.rel))
      && add(`failed to load: <${e.target.tagName.toLowerCase()}> ${e.target.src || e.target.href || ""}`)
    : cancelled(e.error) || add(`pageerror: ${e.message} (${e.filename}:${e.lineno})`), true);
  addEventListener("unhandledrejection", e => cancelled(e.reason)
    || add("unhandled rejection: " + (e.reason && e.reason.stack || e.reason)));
  document.addEventListener("securitypolicyviolation", e =>
    add(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
})();
"""
# Read and empty what the probe recorded on this page (and the pages before it in the tab).
TAKE_PROBLEMS = """() => {
  let list = [];
  try {
    list = JSON.parse(sessionStorage.getItem("__atiProblems") || "[]");
    sessionStorage.removeItem("__atiProblems");
  } catch (error) {}
  return list.concat((window.__atiProblems || []).splice(0));
}"""


def missing(name: str) -> str | None:
    """Why the engine cannot run here, or None when it can."""
    if name == "webkit":
        needed = [WEBKIT_DIR / "MiniBrowser", Path("/usr/bin/WebKitWebDriver")]
        gone = [str(p) for p in needed if not p.exists()] + (["Xvfb"] if not shutil.which("Xvfb") else [])
    else:
        gone = [] if Path("/usr/bin/firefox-esr").exists() else ["/usr/bin/firefox-esr"]
    if not gone:
        return None
    return f"no {name} here (missing {', '.join(gone)}): install it with `{INSTALL[name]}` (Debian)"


class Engine:
    """What a journey asks of a browser. `fn` arguments are JavaScript function sources,
    called with the given arguments (JSON values); a returned promise is awaited."""

    name = ""
    narrowest = 320  # the narrowest window the engine can have

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.found: list[str] = []

    def url(self, path: str) -> str:
        return path if "://" in path else self.base_url + path.lstrip("/")

    def wait(self, fn: str, *args, timeout: float = 10, what: str = "", errors: tuple = ()):
        """Poll fn until it returns something truthy; returns it (what: said on a timeout).
        errors: exceptions of a call that count as "not yet" (as documents change over)."""
        end = time.monotonic() + timeout
        while True:
            try:
                value = self.call(fn, *args)
            except errors:
                value = None
            if value:
                return value
            if time.monotonic() > end:
                raise TimeoutError(f"{self.name}: still false after {timeout} s: {what} {fn}")
            time.sleep(0.05)

    def go(self, path: str, module: str | None = None) -> None:
        """Open a page of the site (and wait until its tool, data-module, has started)."""
        self.collect()
        self.goto(self.url(path))
        if module:
            self.wait("m => !!document.querySelector(`[data-module=${m}].ati-js`)", module)

    def collect(self) -> None:
        try:
            self.found += self.call(TAKE_PROBLEMS) or []
        except Exception:  # noqa: BLE001 - a page of no script (the favicon, about:blank)
            pass

    def problems(self) -> list[str]:
        """Everything reported so far (then forgotten)."""
        self.collect()
        found, self.found = self.found, []
        return found

    def text(self, selector: str) -> str:
        return self.call("s => document.querySelector(s)?.textContent ?? null", selector)

    def clear_storage(self) -> None:
        self.call("() => { localStorage.clear(); sessionStorage.clear(); }")

    home = ""  # where the engine saves downloads (the fixture sets it)

    def downloaded(self, suffix: str, since: float, timeout: float = 20) -> Path:
        """The file with this ending the engine saved in its home (at any depth, not in the
        browser's own dot-folders) after the time `since`. A download in progress has
        another ending (.part, .download) until it is complete."""
        end = time.monotonic() + timeout
        home = Path(self.home)
        while True:
            found = [f for f in home.rglob(f"*{suffix}")
                     if f.is_file() and f.stat().st_mtime >= since and f.stat().st_size
                     and not any(part.startswith(".") for part in f.relative_to(home).parts)]
            if found:
                return max(found, key=lambda f: f.stat().st_mtime)
            if time.monotonic() > end:
                raise TimeoutError(f"{self.name}: no *{suffix} saved in {self.home} after {timeout} s")
            time.sleep(0.1)


class WebKit(Engine):
    name = "webkit"
    narrowest = 447

    def __init__(self, base_url: str, display: str, home: str, scripts: bool = True):
        super().__init__(base_url)
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        options = Options()
        options.binary_location = str(WEBKIT_DIR / "MiniBrowser")
        options.add_argument("--automation")
        if not scripts:
            options.add_argument("--enable-javascript-markup=false")
        # Without LANG the browser's navigator.language is "C"; HOME is where downloads go.
        env = {**os.environ, "DISPLAY": display, "LANG": "en_US.UTF-8", "HOME": home}
        self.driver = webdriver.WebKitGTK(options=options, service=Service(
            executable_path="/usr/bin/WebKitWebDriver", env=env))
        self.driver.set_page_load_timeout(30)
        self.driver.get(self.url("assets/favicon.svg"))
        self.driver.add_cookie({"name": PROBE_COOKIE, "value": "1", "path": "/"})

    def goto(self, url: str) -> None:
        self.driver.get(url)

    def call(self, fn: str, *args):
        return self.driver.execute_script(f"return ({fn})(...arguments)", *args)

    def click(self, selector: str) -> None:
        element = self.driver.find_element("css selector", selector)
        self.call("e => e.scrollIntoView({block: 'center', behavior: 'instant'})", element)
        element.click()

    def type(self, selector: str, text: str) -> None:
        self.driver.find_element("css selector", selector).send_keys(text)

    def choose_file(self, selector: str, path: Path) -> None:
        """Choose a file in a file input, as a reader does in the browser's file picker."""
        self.driver.find_element("css selector", selector).send_keys(str(path))

    def size(self, width: int, height: int) -> None:
        """The window's inner size (WebKit's is never narrower than `narrowest`)."""
        self.driver.set_window_size(width, height)
        inner = self.call("() => [innerWidth, innerHeight]")
        self.driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])

    def screenshot(self) -> bytes:
        """The window as drawn (PNG)."""
        return self.driver.get_screenshot_as_png()

    def new_tab(self):
        before = self.driver.current_window_handle
        self.driver.switch_to.new_window("tab")
        return before, self.driver.current_window_handle

    def close_tab(self, tab, back_to) -> None:
        self.driver.switch_to.window(tab)
        self.driver.close()
        self.driver.switch_to.window(back_to)

    def quit(self) -> None:
        self.driver.quit()


class Firefox(Engine):
    """firefox-esr headless, driven over WebDriver BiDi (no geckodriver needed)."""

    name = "firefox"

    PREFS = {
        "browser.shell.checkDefaultBrowser": False,
        "browser.startup.page": 0,
        "browser.startup.homepage_override.mstone": "ignore",
        "datareporting.policy.dataSubmissionEnabled": False,
        "toolkit.telemetry.reportingpolicy.firstRun": False,
        "app.update.disabledForTesting": True,
        "browser.newtabpage.enabled": False,
        "network.connectivity-service.enabled": False,
        "network.captive-portal-service.enabled": False,
        "extensions.autoDisableScopes": 0,
        "dom.disable_open_during_load": False,
        "intl.accept_languages": "en-US",
        "browser.download.dir": "",
    }

    def __init__(self, base_url: str, home: str, scripts: bool = True):
        super().__init__(base_url)
        import websocket

        self.profile = tempfile.mkdtemp(prefix="ati-firefox-")
        prefs = {**self.PREFS, "browser.download.dir": home, "browser.download.folderList": 2,
                 "javascript.enabled": scripts}
        Path(self.profile, "user.js").write_text("".join(
            f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items()))
        self.process = subprocess.Popen(
            ["/usr/bin/firefox-esr", "--headless", "--no-remote", "--remote-debugging-port=0",
             "--profile", self.profile],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "HOME": home, "LANG": "en_US.UTF-8", "MOZ_CRASHREPORTER_DISABLE": "1"})
        address = None
        for line in self.process.stderr:
            found = re.search(r"WebDriver BiDi listening on (ws://\S+)", line)
            if found:
                address = found.group(1)
                break
        if address is None:
            raise RuntimeError("firefox-esr did not start its WebDriver BiDi server")
        # Firefox's own chatter on stderr is read and dropped, so its pipe never fills.
        import threading
        threading.Thread(target=lambda: [None for _ in self.process.stderr], daemon=True).start()
        self.ws = websocket.create_connection(address + "/session", suppress_origin=True, timeout=60)
        self.ids = 0
        self.send("session.new", capabilities={"alwaysMatch": {"acceptInsecureCerts": False}})
        self.send("session.subscribe", events=["log.entryAdded"])
        self.context = self.send("browsingContext.getTree", maxDepth=0)["contexts"][0]["context"]
        self.send("storage.setCookie", cookie={
            "name": PROBE_COOKIE, "value": {"type": "string", "value": "1"},
            "domain": "127.0.0.1", "path": "/"})

    def send(self, method: str, **params):
        self.ids += 1
        self.ws.send(json.dumps({"id": self.ids, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("type") == "event":
                entry = message["params"]
                if message["method"] == "log.entryAdded" and entry.get("level") == "error":
                    self.found.append(f"firefox {entry.get('type')}: {entry.get('text')}")
            elif message.get("id") == self.ids:
                if message["type"] == "error":
                    raise RuntimeError(f"firefox {method}: {message['error']}: {message.get('message')}")
                return message["result"]

    def goto(self, url: str) -> None:
        """Open url and wait until its document has replaced the last one and loaded. Firefox
        can answer a navigation "complete" while the page it leaves still shows: the first
        page opened after a download was still the old one in 5 of 12 tries (its storage then
        threw SecurityError, or the new page's elements were missing). Each document has a
        clock of its own, so the new one is told by its timeOrigin."""
        before = self.call("() => performance.timeOrigin")
        self.send("browsingContext.navigate", context=self.context, url=url, wait="complete")
        self.wait("t => performance.timeOrigin !== t && document.readyState === 'complete'", before,
                  timeout=30, what=f"{url} to replace the page before it", errors=(RuntimeError,))

    def call(self, fn: str, *args):
        result = self.send("script.callFunction", functionDeclaration=fn, awaitPromise=True,
                           target={"context": self.context},
                           arguments=[_local(a) for a in args])
        if result["type"] == "exception":
            raise RuntimeError(f"firefox: {result['exceptionDetails']['text']}")
        return _value(result["result"])

    def _node(self, selector: str) -> dict:
        result = self.send("script.callFunction", awaitPromise=False, target={"context": self.context},
                           functionDeclaration="""s => { const e = document.querySelector(s);
                               e?.scrollIntoView({block: 'center', behavior: 'instant'}); return e; }""",
                           arguments=[_local(selector)])["result"]
        if result["type"] != "node":
            raise LookupError(f"firefox: no element {selector}")
        return {"sharedId": result["sharedId"]}

    def click(self, selector: str) -> None:
        node = self._node(selector)
        self.send("input.performActions", context=self.context, actions=[{
            "type": "pointer", "id": "mouse", "actions": [
                {"type": "pointerMove", "x": 0, "y": 0, "origin": {"type": "element", "element": node}},
                {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}])

    def type(self, selector: str, text: str) -> None:
        self.click(selector)
        keys = [a for ch in text for a in ({"type": "keyDown", "value": ch}, {"type": "keyUp", "value": ch})]
        self.send("input.performActions", context=self.context,
                  actions=[{"type": "key", "id": "keyboard", "actions": keys}])

    def choose_file(self, selector: str, path: Path) -> None:
        """Choose a file in a file input, as a reader does in the browser's file picker."""
        self.send("input.setFiles", context=self.context, element=self._node(selector), files=[str(path)])

    def size(self, width: int, height: int) -> None:
        self.send("browsingContext.setViewport", context=self.context,
                  viewport={"width": width, "height": height})

    def screenshot(self) -> bytes:
        """The window as drawn (PNG)."""
        import base64

        return base64.b64decode(self.send("browsingContext.captureScreenshot", context=self.context)["data"])

    def new_tab(self):
        before = self.context
        self.context = self.send("browsingContext.create", type="tab")["context"]
        return before, self.context

    def close_tab(self, tab, back_to) -> None:
        self.send("browsingContext.close", context=tab)
        self.context = back_to
        self.send("browsingContext.activate", context=back_to)

    def quit(self) -> None:
        try:
            self.send("session.end")
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        self.ws.close()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def _local(value):
    """A JSON value as a BiDi LocalValue."""
    if value is None:
        return {"type": "null"}
    if isinstance(value, bool):
        return {"type": "boolean", "value": value}
    if isinstance(value, (int, float)):
        return {"type": "number", "value": value}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, (list, tuple)):
        return {"type": "array", "value": [_local(v) for v in value]}
    return {"type": "object", "value": [[k, _local(v)] for k, v in value.items()]}


def _value(remote):
    """A BiDi RemoteValue as a Python value (nodes and the like as their type's name)."""
    kind, value = remote["type"], remote.get("value")
    if kind in ("undefined", "null"):
        return None
    if kind in ("string", "boolean"):
        return value
    if kind == "number":
        return value if not isinstance(value, str) else float(value.replace("Infinity", "inf"))
    if kind == "array":
        return [_value(v) for v in value]
    if kind == "object":
        return {k if isinstance(k, str) else _value(k): _value(v) for k, v in value}
    return kind


def png_region(png: bytes, left: int, top: int, width: int, height: int) -> list[bytes]:
    """The rows of pixels of a rectangle of a screenshot (8-bit RGB or RGBA PNG, as both
    engines write them), for comparing one part of the screen, not the whole."""
    pos, data = 8, b""
    while pos < len(png):
        (size,), kind = struct.unpack(">I", png[pos:pos + 4]), png[pos + 4:pos + 8]
        chunk = png[pos + 8:pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            full_width, full_height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            if depth != 8 or colour not in (2, 6) or chunk[12]:
                raise ValueError("only 8-bit RGB(A), not interlaced")
        elif kind == b"IDAT":
            data += chunk
    raw, step = zlib.decompress(data), 3 if colour == 2 else 4
    stride, rows, previous = full_width * step, [], bytes(full_width * step)
    for y in range(full_height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - step] if x >= step else 0
            b, c = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        previous = bytes(line)
        if top <= y < top + height:
            rows.append(previous[left * step:(left + width) * step])
    return rows


class Xvfb:
    """A virtual display for WebKit (MiniBrowser has no headless mode)."""

    def __init__(self):
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1200x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.process.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
