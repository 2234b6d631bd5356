"""Benchmark: `python -m tests.support.bench` (or `./dev bench`) prints the site's figures.

Builds the site, serves it on 127.0.0.1, and reports per page type: Lighthouse (mobile)
scores for performance, accessibility, best practices and SEO, LCP, TBT and CLS, plus
gzipped bytes, requests and third-party requests measured in Chromium; then build timings
(render alone, site build alone, both, and render with the content multiplied by ten).
Lighthouse runs three times per page (--runs) and the median run by performance score is
reported, with the range of all runs. Writes everything to bench/results.json, and each
page's median Lighthouse report to bench/lighthouse-<page>.json. It reports figures; it
passes or fails nothing. It prints the figures and nothing else: MkDocs' messages only if a
build fails, and any error, on stderr.

Needs Chromium (CHROMIUM_PATH or /usr/bin/chromium) and Node's npx for Lighthouse; without
npx the Lighthouse columns say "n/a".
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from build_tools import CONTENT_DIR, ROOT, publish
from build_tools.cli import build_site
from build_tools.config import config_copy
from build_tools.content import load_content
from build_tools.render import Renderer, render

from .local import CHROMIUM_FLAGS, find_chromium, free_port, serve_dir
from .measure import gzip_size, measure_page, own_assets_gzip, page_types

LIGHTHOUSE = "lighthouse@13.5.0"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def _chromium() -> str:
    path = find_chromium()
    if path is None:
        raise SystemExit("bench needs Chromium: apt-get install -y chromium, or set CHROMIUM_PATH")
    return path


def _timed(fn, repeat: int = 3) -> float:
    """Best of `repeat` runs, in milliseconds (the least disturbed by other work)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def _suffix_ids(node, suffix: str):
    if isinstance(node, dict):
        return {k: (f"{v}{suffix}" if k == "id" else _suffix_ids(v, suffix)) for k, v in node.items()}
    if isinstance(node, list):
        return [_suffix_ids(v, suffix) for v in node]
    return node


# The copies' ids are new: no article's coverage and no planner step names them, so these
# records of the real site do not apply to made-up content; and a copy's wording is its
# original's, which the rules against repeated templates would each report.
COPIES_SKIP = frozenset({"new-ids-recorded", "advice-is-indexed", "completes-is-listed-by-its-step",
                         "templates-do-not-repeat", "template-titles-and-subjects-unique",
                         "page-titles-and-descriptions-unique"})


def multiplied_content(factor: int, out: Path) -> Path:
    """A copy of content/ with every phase, checklist and template group repeated `factor`
    times under new ids, to show how render time grows with content."""
    shutil.copytree(CONTENT_DIR, out)
    for folder in ("phases", "checklists", "templates"):
        files = sorted((out / folder).glob("*.yml"))
        count = len(files)
        for copy in range(1, factor):
            for path in files:
                text = path.read_text(encoding="utf-8")
                data = yaml.safe_load(text)

                data = _suffix_ids(data, f"-x{copy}")
                data["order"] = data["order"] + copy * count
                (out / folder / f"{data['id']}.yml").write_text(
                    yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def build_timings(tmp: Path) -> dict:
    render(load_content())  # docs/ must hold the pages before the site build alone is timed
    render_ms = _timed(lambda: Renderer(load_content()).render_all())
    build_ms = _timed(lambda: build_site(tmp / "site-timing", quiet=True), repeat=2)

    def both():
        render(load_content())
        build_site(tmp / "site-timing", quiet=True)

    both_ms = _timed(both, repeat=2)
    big = multiplied_content(10, tmp / "content-x10")
    big_site = load_content(big, skip=COPIES_SKIP)
    render_x10_ms = _timed(lambda: Renderer(load_content(big, skip=COPIES_SKIP)).render_all())
    return {"render_ms": render_ms, "site_build_ms": build_ms, "render_and_build_ms": both_ms,
            "render_x10_ms": render_x10_ms, "items": len(load_content().items),
            "items_x10": len(big_site.items)}


def lighthouse(url: str, chromium: str) -> tuple[dict, str]:
    """One Lighthouse (mobile) run: scores and timings, and the whole report as JSON text."""
    env = dict(os.environ, CHROME_PATH=chromium)
    result = subprocess.run(
        ["npx", "--yes", LIGHTHOUSE, url, "--output=json", "--output-path=stdout", "--quiet",
         f"--chrome-flags={CHROME_FLAGS}", "--form-factor=mobile",
         "--only-categories=" + ",".join(CATEGORIES)],
        capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        print(f"lighthouse failed for {url}: {result.stderr[-400:]}", file=sys.stderr)
        return {}, ""
    report = json.loads(result.stdout)
    audits = report["audits"]
    return {
        **{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "failing_audits": sorted(a for a, v in audits.items()
                                 if v.get("score") is not None and v["score"] < 1
                                 and v.get("scoreDisplayMode") in ("binary", "numeric")),
        # How fast Lighthouse found this machine's CPU (it slows it down 4x whatever the figure).
        "benchmark_index": round(report["environment"]["benchmarkIndex"]),
    }, result.stdout


def lighthouse_median(url: str, chromium: str, runs: int, report_path: Path) -> dict:
    """The median of `runs` Lighthouse runs by performance score, as Lighthouse's docs
    advise: main-thread timings (TBT above all) swing from run to run on a shared machine.
    The median run's whole report goes to report_path; all runs' scores are kept."""
    if shutil.which("npx") is None:
        return {}
    done = [run for run in (lighthouse(url, chromium) for _ in range(runs)) if run[0]]
    if not done:
        return {}
    done.sort(key=lambda run: (run[0]["performance"], -run[0]["tbt_ms"]))
    row, text = done[(len(done) - 1) // 2]
    report_path.write_text(text, encoding="utf-8")
    return {**row, "performance_runs": [run[0]["performance"] for run in done],
            "tbt_ms_runs": sorted(run[0]["tbt_ms"] for run in done)}


def main(argv: list[str] | None = None) -> int:
    """Print the figures (and write them to --out)."""
    PAGE_TYPES = page_types(load_content())  # noqa: N806 - one page per entry of the table of kinds
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    parser.add_argument("--runs", type=int, default=3,
                        help="Lighthouse runs per page; the median run is reported (default 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--pages", nargs="+", choices=sorted(PAGE_TYPES), default=list(PAGE_TYPES),
                        metavar="PAGE", help="measure only these page types: "
                        + ", ".join(PAGE_TYPES))
    parser.add_argument("--no-build-timings", action="store_true",
                        help="skip timing the build (faster, to look at pages only)")
    parser.add_argument("--samples", type=int, default=SAMPLES,
                        help=f"timed ticks and keystrokes per figure, and a third as many page "
                        f"changes each way; the median is reported (default {SAMPLES})")
    args = parser.parse_args(argv)
    if args.samples < 3:
        parser.error("--samples: at least 3 (one page change each way)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    chromium = _chromium()
    from playwright.sync_api import sync_playwright

    results: dict = {"pages": {}}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        results["build"] = {} if args.no_build_timings else build_timings(tmp)
        port = free_port()
        render(load_content())
        site = tmp / "site"
        build_site(site, config_copy(tmp, site_url=f"http://127.0.0.1:{port}/"), quiet=True)
        server, base = serve_dir(site, port)
        # The same site without Material's instant navigation, for the page-to-page figure.
        plain_port = free_port()
        (tmp / "plain").mkdir()
        plain_config = config_copy(tmp / "plain", site_url=f"http://127.0.0.1:{plain_port}/")
        config = yaml.safe_load(plain_config.read_text(encoding="utf-8"))
        config["theme"]["features"].remove("navigation.instant")
        plain_config.write_text(yaml.safe_dump(config), encoding="utf-8")
        plain_site = tmp / "plain" / "site"
        build_site(plain_site, plain_config, quiet=True)
        plain_server, plain_base = serve_dir(plain_site, plain_port)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
                results["interactions_ms"] = interaction_ms(browser, base, PAGE_TYPES, args.samples)
                results["transfer_link"] = transfer_links(browser, base + PAGE_TYPES["interviews"])
                results["phone_heights_px"] = phone_heights(
                    browser, base, tool_pages(load_content(), args.pages))
                results["page_to_page_ms"] = navigation_ms(
                    browser, {"instant navigation": base, "full page loads": plain_base}, args.samples)
                for name in args.pages:
                    path = PAGE_TYPES[name]
                    # The page as loaded; the service worker's own fetches are counted apart.
                    context = browser.new_context(service_workers="block")
                    weight = measure_page(context, base + path)
                    context.close()
                    row = {"path": "/" + path, "gzip_kb": round(weight.total_gzip / 1024, 1),
                           "requests": len(weight.requests),
                           "third_party_requests": len(weight.third_party)}
                    if not args.no_lighthouse:
                        row.update(lighthouse_median(base + path, chromium, args.runs,
                                                     args.out.parent / f"lighthouse-{name}.json"))
                    results["pages"][name] = row
                browser.close()
        finally:
            server.shutdown()
            plain_server.shutdown()
        results["offline"] = offline_copy(site)
    results["own_assets_gzip_bytes"] = own_assets_gzip()
    print_table(results, args.samples)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nfigures written to {args.out}")
    return 0


# ------------------------------------------------------------------ interactions

SLOWDOWN = 4  # Chromium's CPU throttling: a mid-range phone
SAMPLES = 15
# One task each, measured inside the page: the change, its write and every view's redraw.
TICK = """() => { const b = document.querySelector(
    '.ati-checklist__items input[type=checkbox]:not([data-completes]):not([data-done-by])');
  const t = performance.now(); b.click(); return performance.now() - t; }"""
KEYSTROKE = """() => { const f = document.querySelector('#ati-field-company');
  const t = performance.now(); f.value += 'x';
  f.dispatchEvent(new Event('input', { bubbles: true })); return performance.now() - t; }"""


def saved_record(interviews: int, log: int = 20, panel: bool = False) -> str:
    """A record as the site saves it: this many interviews, each with a dated log (with
    panel, one interview met by two people, every detail a note uses filled in)."""
    version = json.loads((ROOT / "build_tools" / "saved-data.schema.json").read_text(encoding="utf-8"))
    def people(n: int) -> list[dict]:
        first = {"id": f"p{n}", "name": "Ana Ruiz", "title": "", "email": "", "contact": "", "topic": ""}
        if not panel:
            return [first]
        return [{**first, "title": "Head of Design", "email": "ana@example.com",
                 "topic": "the design system"},
                {"id": f"q{n}", "name": "Grace Hopper", "title": "Engineering Lead",
                 "email": "grace@example.com", "contact": "", "topic": "the release process"}]
    entries = [{"id": f"e{k}", "date": "2026-12-01", "text": "Called the recruiter about the next step",
                "kind": "", "template": "", "person": ""} for k in range(log)]
    return json.dumps({
        "version": version["properties"]["version"]["const"], "current": "i0", "changed": "", "exported": "",
        "me": {"name": "Sam Lee", "email": "sam@example.org", "phone": "", "signoff": ""},
        "prefs": {"dates": "", "holidays": ""},
        "interviews": [{"id": f"i{n}", "company": f"Company {n}", "role": "Designer", "status": "waiting",
                        "contact": "", "fields": {}, "log": entries, "later": {},
                        "created": "", "updated": "",
                        "rounds": [{"id": f"r{n}", "date": "2026-11-30", "mode": "", "decision": "",
                                    "promised": "", "promisedBy": "", "ticks": {},
                                    "people": people(n)}]}
                       for n in range(interviews)]})


def _median(values: list[float]) -> float:
    values = sorted(values)
    return round(values[len(values) // 2], 1)


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Every block laid out, so the height is the page's own, not content-visibility's stand-ins
# (through the CSSOM: the pages' policy allows no style element).
HEIGHT = """() => { document.querySelectorAll('article *').forEach(e => {
    if (getComputedStyle(e).contentVisibility == 'auto') e.style.contentVisibility = 'visible'; });
  return document.documentElement.scrollHeight; }"""


def tool_pages(site, kinds) -> dict[str, str]:
    """Each page of these page types (keys of the table of kinds) that has a tool (a script
    of its own: every checklist and template group), and the differences page: name -> its
    path on the built site."""
    from build_tools.kinds import pages_of
    from build_tools.render import page_url

    return {page.path.removesuffix(".md").removesuffix("/index"): page_url(page.path)
            for page in pages_of(site) if page.spec.key in kinds
            and (page.spec.script or page.spec.key == "differences")}


def phone_heights(browser, base: str, paths: dict[str, str]) -> dict:
    """Each page's height in px on a phone (390x844), its tool started, with nothing saved
    and with one interview saved (a panel of two, every detail filled in)."""
    out = {}
    for saved in (False, True):
        context = browser.new_context(service_workers="block", **PHONE)
        page = context.new_page()
        if saved:
            page.goto(base)
            page.evaluate("r => localStorage.setItem('ati:interviews', r)", saved_record(1, panel=True))
        for name, path in paths.items():
            page.goto(base + path)
            page.wait_for_load_state("load")
            page.wait_for_function("() => [...document.querySelectorAll('[data-module]')]"
                                   ".every(e => e.matches('.ati-js, .ati-failed'))")
            page.wait_for_timeout(300)  # a plan waits on the holiday list; the scroll settles
            out.setdefault(name, {})["saved" if saved else "empty"] = page.evaluate(HEIGHT)
        context.close()
    return out


def interaction_ms(browser, base: str, paths: dict[str, str], samples: int = SAMPLES) -> dict:
    """Median ms of a checklist tick and of a keystroke in a template field at SLOWDOWN, with
    one interview saved and with 100 (the site's limit)."""
    out = {}
    for count in (1, 100):
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.goto(base)
        page.evaluate("r => localStorage.setItem('ati:interviews', r)", saved_record(count))
        for name, path, script in (("tick", paths["checklist"], TICK),
                                   ("keystroke", paths["template-group"], KEYSTROKE)):
            page.goto(base + path)
            page.locator("[data-module].ati-js").first.wait_for()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
            out[f"{name}_{count}"] = _median([page.evaluate(script) for _ in range(samples)])
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        context.close()
    return out


def typical_record(interviews: int, rounds: int, log: int) -> str:
    """A record as a browser saves it after real use: ids and time stamps as the site makes
    them (which compress far less than the text), each interview with this many rounds (two
    interviewers each), log entries, ticks and a template detail."""
    version = json.loads((ROOT / "build_tools" / "saved-data.schema.json").read_text(encoding="utf-8"))
    ident = iter(f"{p}{n:x}{(n * 2654435761) % 16 ** 4:04x}"
                 for n, p in enumerate("irpe" * 5000, 1_700_000_000))

    def stamp(day: int, hour: int, n: int) -> str:
        return f"2026-11-{day:02d}T{hour:02d}:{n % 60:02d}:17.482Z"

    def interview(n: int) -> dict:
        company = ["Acme", "Globex", "Initech", "Umbrella", "Hooli"][n % 5]
        return {"id": next(ident), "company": company,
                "role": "Senior product designer", "status": "waiting", "contact": "email",
                "rounds": [{"id": next(ident), "date": f"2026-11-{2 + 5 * k:02d}", "mode": "video",
                            "people": [{"id": next(ident), "name": name, "title": "Design lead",
                                        "email": "", "contact": "", "topic": ""}
                                       for name in ("Ana Ruiz", "Sam Okafor")],
                            "decision": "2026-12-01", "promised": "", "promisedBy": "",
                            "ticks": {} if k < rounds - 1 else {"post-interview": {
                                "note-names": 1, "write-down-questions": 1, "thank-each": 1}}}
                           for k in range(rounds)],
                "fields": {"strength": "my onboarding research"},
                "log": [{"id": next(ident), "date": f"2026-11-{3 + k % 25:02d}",
                         "text": ["Sent: thank-you note to Ana Ruiz", "Done: check in about the decision",
                                  "Status: Waiting to hear"][k % 3], "kind": "thank-you", "template": "",
                         "person": ""} for k in range(log)],
                "later": {}, "created": stamp(1, 9, n), "updated": stamp(20, 18, n)}
    return json.dumps({"version": version["properties"]["version"]["const"], "current": "",
                       "changed": stamp(20, 18, 0), "exported": "",
                       "me": {"name": "Sam Lee", "email": "sam@example.org", "phone": "", "signoff": ""},
                       "prefs": {"dates": "", "holidays": ""},
                       "interviews": [interview(n) for n in range(interviews)]})


TRANSFER_RECORDS = {"1 interview (1 round, 3 log entries)": (1, 1, 3),
                    "5 interviews (3 rounds, 10 log entries each)": (5, 3, 10)}


def transfer_links(browser, url: str) -> dict:
    """Your interviews' Use on another device, for typical records: the saved record's size,
    the link's, and the QR code's size in modules (0: too long for one code)."""
    out = {}
    for name, shape in TRANSFER_RECORDS.items():
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.goto(url)
        record = typical_record(*shape)
        page.evaluate("r => localStorage.setItem('ati:interviews', r)", record)
        page.goto(url)
        page.locator("[data-module=interviews].ati-js").wait_for()
        page.locator("[data-act=transfer]").click()
        page.locator(".ati-transfer:not([hidden])").wait_for()
        modules = page.evaluate("""() => { const s = document.querySelector('.ati-transfer__code svg');
            return s ? s.viewBox.baseVal.width - 8 : 0; }""")
        out[name] = {"record_bytes": len(record), "link_chars": len(page.input_value("#ati-transfer-link")),
                     "qr_modules": modules}
        context.close()
    return out


def navigation_ms(browser, bases: dict[str, str], samples: int = SAMPLES) -> dict:
    """Median ms from a click on a link to the next page's heading on screen, home to a guide
    page and back, at SLOWDOWN, for each build (with and without instant navigation)."""
    out = {}
    for name, base in bases.items():
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.goto(base)
        page.wait_for_load_state("load")
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
        times = []
        for _ in range(samples // 3):
            for link, heading in (("a.ati-journey__link", "Before you leave"),
                                  ("a.md-header__button.md-logo", "After the interview: what to do next")):
                start = time.perf_counter()
                page.locator(link).first.click()
                page.wait_for_function("h => { const e = document.querySelector('h1');"
                                       " return !!e && e.textContent.includes(h); }", arg=heading, polling=10)
                times.append((time.perf_counter() - start) * 1000)
        out[name] = _median(times)
        context.close()
    return out


def offline_copy(site: Path) -> dict:
    """What the service worker fetches after a first visit to keep the whole site offline
    (every file in its list, gzipped as a host serves it), and its own script."""
    kept = publish.kept_files(site)
    paths = [site / publish.built_file(address) for address in kept]
    return {"files": len(kept), "gzip_kb": round(sum(gzip_size(p.read_bytes()) for p in paths) / 1024, 1),
            "sw_js_gzip_kb": round(gzip_size((site / "sw.js").read_bytes()) / 1024, 1)}


def print_table(results: dict, samples: int = SAMPLES) -> None:
    cols = ["performance", "perf_range", "accessibility", "best-practices", "seo", "lcp_ms",
            "tbt_ms", "cls", "gzip_kb", "requests", "third_party_requests"]
    heads = ["page", "perf", "(runs)", "a11y", "best", "seo", "LCP ms", "TBT ms", "CLS", "KB gz",
             "req", "3rd"]

    def cell(row: dict, col: str) -> str:
        if col == "perf_range":
            runs = row.get("performance_runs") or []
            return f"{min(runs)}-{max(runs)}" if runs else "n/a"
        return str(row.get(col, "n/a"))

    rows = [[name] + [cell(row, c) for c in cols] for name, row in results["pages"].items()]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    print("  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
    b = results["build"]
    if b:
        print(f"\nbuild: render {b['render_ms']} ms, site build {b['site_build_ms']} ms, both "
              f"{b['render_and_build_ms']} ms; render with content x10 ({b['items_x10']} ids "
              f"vs {b['items']}) {b['render_x10_ms']} ms")
    speeds = sorted({row["benchmark_index"] for row in results["pages"].values()
                     if "benchmark_index" in row})
    if speeds:
        print(f"Lighthouse's CPU benchmark index for this machine: {speeds[0]}-{speeds[-1]}")
    offline = results.get("offline")
    if offline:
        print(f"offline copy the service worker keeps after a first visit (not in KB gz above): "
              f"{offline['files']} files, {offline['gzip_kb']} KB gzipped; sw.js "
              f"{offline['sw_js_gzip_kb']} KB")
    act = results.get("interactions_ms")
    if act:
        print(f"at {SLOWDOWN}x CPU, median of {samples}: checklist tick {act['tick_1']} ms with "
              f"1 interview, "
              f"{act['tick_100']} ms with 100 ({act['tick_100'] / max(act['tick_1'], 0.1):.1f}x); "
              f"template keystroke {act['keystroke_1']} ms, {act['keystroke_100']} ms "
              f"({act['keystroke_100'] / max(act['keystroke_1'], 0.1):.1f}x)")
    heights = results.get("phone_heights_px")
    if heights:
        screen = PHONE["viewport"]["height"]
        for name, h in heights.items():
            print(f"phone height ({PHONE['viewport']['width']}x{screen}), {name}: nothing saved "
                  f"{h['empty']} px ({h['empty'] / screen:.1f} screens), one interview saved "
                  f"{h['saved']} px ({h['saved'] / screen:.1f})")
    nav = results.get("page_to_page_ms")
    if nav:
        print(f"at {SLOWDOWN}x CPU, click to the next page's heading (median): "
              + ", ".join(f"{k} {v} ms" for k, v in nav.items()))
    for name, t in results.get("transfer_link", {}).items():
        code = (f"one QR code of {t['qr_modules']} modules a side (level M)" if t["qr_modules"]
                else "too long for one QR code (level M, at most version 25)")
        print(f"link to another device: {name}, saved {t['record_bytes']} bytes: "
              f"link {t['link_chars']} characters, {code}")
    own = results["own_assets_gzip_bytes"]
    print(f"own JS+CSS gzipped: {sum(own.values())} bytes ("
          + ", ".join(f"{k} {v}" for k, v in own.items()) + ")")
    for name, row in results["pages"].items():
        if row.get("failing_audits"):
            print(f"{name}: audits below full score: {', '.join(row['failing_audits'])}")


if __name__ == "__main__":
    sys.exit(main())
