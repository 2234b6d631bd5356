"""The theme's stylesheet, trimmed to the rules this site's pages and scripts can use.

Run by publish.finish after the site build. Material ships one stylesheet for every feature
it has (admonitions, code blocks, tabs, blogs, tooltips...), which every page loads, most of
it for markup this site never has. A selector that names a class which no built page has in
a class attribute, and which no script of the site or the theme mentions
anywhere (scripts add classes by name: Material's search results, our components), can
never match, so it goes, and a rule left with no selector. Everything else stays: rules
without classes, @font-face and @keyframes, and any selector in which an :is(), :where()
or :has() comes before an unused class (those lists are not reasoned about). A class inside :not() does
not make a selector dead (`:not(.unused)` matches everything).

A script that builds a class from a prefix (`md-tag--${name}`) keeps every class with that
prefix. The rules are written back token for token (tinycss2), comments dropped.

The trimmed file gets a name of its own (main.<hash of its text>.min.css) and the pages
link that name, so a browser never pairs a page with another build's trimmed stylesheet
under Material's name; the source map, which describes the untrimmed file, is dropped.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import tinycss2
from tinycss2 import ast

THEME_STYLESHEETS = "assets/stylesheets/**/main.*.min.css"  # Zensical: stylesheets/modern/, classic/
CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
WORD = re.compile(r"[A-Za-z_][\w-]*")
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
KEEP_WHOLE = {"is", "where", "has", "matches", "-webkit-any", "-moz-any"}
GROUPING = {"media", "supports", "layer", "container", "document"}


class LiveClasses(set):
    """Class names that can occur: whole names, and the prefixes scripts build names from
    (Material writes `md-source__fact--${kind}`: the word `md-source__fact--` is kept as a
    prefix, so every `md-source__fact--…` class is live)."""

    def __init__(self, names=(), prefixes=()):
        super().__init__(names)
        self.prefixes = tuple(prefixes)

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or (isinstance(name, str) and name.startswith(self.prefixes))


def live_classes(site_dir: Path) -> LiveClasses:
    """Every class a built page has, and every word the site's scripts contain (files, and the
    pages' inline scripts), words ending in - or _ counting as prefixes."""
    names: set[str] = set()
    scripts = [s.read_text(encoding="utf-8", errors="replace") for s in site_dir.rglob("*.js")]
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for attr in CLASS_ATTR.findall(text):
            names.update(attr.split())
        scripts.extend(INLINE_SCRIPT.findall(text))
    for script in scripts:
        names.update(WORD.findall(script))
    return LiveClasses(names, sorted({n for n in names if n.endswith(("-", "_")) and len(n) > 3}))


def trim_stylesheet(css: str, live: Callable[[str], bool], removed: list[str] | None = None) -> str:
    """The stylesheet without the selectors that name a class which is not live (and the
    rules left with none); the selectors taken out are added to `removed` if given."""
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    return _rules(rules, live, [] if removed is None else removed)


def _rules(rules: list, live: Callable[[str], bool], removed: list[str]) -> str:
    out = []
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            selectors = []
            for s in _split(rule.prelude):
                if _dead(s, live):
                    removed.append(tinycss2.serialize(s).strip())
                else:
                    selectors.append(s)
            if selectors:
                prelude = ",".join(tinycss2.serialize(s).strip() for s in selectors)
                out.append(f"{prelude}{{{tinycss2.serialize(rule.content)}}}")
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword in GROUPING and rule.content is not None:
            inner = _rules(tinycss2.parse_rule_list(rule.content, skip_whitespace=True,
                                                    skip_comments=True), live, removed)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        elif not isinstance(rule, ast.ParseError):
            out.append(tinycss2.serialize([rule]))
    return "".join(out)


def _split(prelude: list) -> list[list]:
    """A selector list, split at its top-level commas."""
    parts: list[list] = [[]]
    for token in prelude:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [p for p in parts if any(not isinstance(t, ast.WhitespaceToken) for t in p)]


def _dead(selector: list, live: Callable[[str], bool]) -> bool:
    """True if the selector names, outside :not(), a class that is not live."""
    for i, token in enumerate(selector):
        if isinstance(token, ast.FunctionBlock):
            if token.lower_name in KEEP_WHOLE:
                return False
            continue  # :not(), :nth-child()...: what is inside does not make it dead
        if (isinstance(token, ast.LiteralToken) and token.value == "."
                and i + 1 < len(selector) and isinstance(selector[i + 1], ast.IdentToken)
                and not live(selector[i + 1].value)):
            return True
    return False


PALETTE_STYLESHEETS = "assets/stylesheets/**/palette.*.min.css"
PALETTE_ATTR = re.compile(r'data-md-color-(primary|accent)="([a-z-]+)"')
PALETTE_SELECTOR = re.compile(r"\[data-md-color-(primary|accent)=([a-z-]+)\]")


def trim_palette(css: str, used: set[tuple[str, str]], removed: list[str] | None = None) -> str:
    """The theme's palette stylesheet without the rules of colours no page uses: it holds every
    primary and accent colour Material offers, a site uses one of each (per scheme). A selector
    naming [data-md-color-primary=x] or [data-md-color-accent=x] for an x no page has goes."""
    removed = [] if removed is None else removed

    def dead(selector: str) -> bool:
        return any((m.group(1), m.group(2)) not in used for m in PALETTE_SELECTOR.finditer(selector))

    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if isinstance(rule, ast.QualifiedRule):
            selectors = [tinycss2.serialize(sel).strip() for sel in _split(rule.prelude)]
            removed += [sel for sel in selectors if dead(sel)]
            live = [sel for sel in selectors if not dead(sel)]
            if live:
                out.append(f"{','.join(live)}{{{tinycss2.serialize(rule.content)}}}")
        elif not isinstance(rule, ast.ParseError):
            out.append(tinycss2.serialize([rule]))
    return "".join(out)


def trim_theme_css(site_dir: Path) -> dict[str, str]:
    """Trim the theme's stylesheets in a built site (Material's assets/stylesheets/main.*.min.css
    and palette.*.min.css, or Zensical's in a folder below it); returns {old path: new path},
    both under assets/."""
    live = live_classes(site_dir)
    used = {m.groups() for page in site_dir.rglob("*.html")
            for m in PALETTE_ATTR.finditer(page.read_text(encoding="utf-8"))}
    assets = site_dir / "assets"
    renamed = {}
    sheets = [(sheet, "main", lambda css: trim_stylesheet(css, live.__contains__))
              for sheet in sorted(site_dir.glob(THEME_STYLESHEETS))]
    if used:  # no page names a colour (a theme without the palette): nothing to judge by
        sheets += [(sheet, "palette", lambda css: trim_palette(css, used))
                   for sheet in sorted(site_dir.glob(PALETTE_STYLESHEETS))]
    for sheet, stem, trim in sheets:
        text = trim(sheet.read_text(encoding="utf-8"))
        name = f"{stem}.{hashlib.sha256(text.encode()).hexdigest()[:8]}.min.css"
        sheet.with_name(name).write_text(text, encoding="utf-8")
        if name != sheet.name:
            sheet.unlink()
        sheet.with_name(sheet.name + ".map").unlink(missing_ok=True)
        renamed[sheet.relative_to(assets).as_posix()] = sheet.with_name(name).relative_to(assets).as_posix()
    if renamed:
        pattern = re.compile("|".join(re.escape(old) for old in renamed))
        for page in site_dir.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            new = pattern.sub(lambda m: renamed[m.group(0)], text)
            if new != text:
                page.write_text(new, encoding="utf-8")
    return renamed
