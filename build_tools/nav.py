"""Checks the nav of mkdocs.yml against the table of kinds: every page the table puts in
the nav is there, once, in its section and in content order, with no title of its own (a
page's title comes from the table), and the nav names no page that does not exist.

Run by `./dev check` (cli.check) for the project's own content; fixture trees have no nav.
Serve runs it too, before the running MkDocs server may see an edited mkdocs.yml: a section
title that lost its colon, or a page line pasted twice, is still a valid nav to MkDocs.
The nav stays in mkdocs.yml, not generated, because Zensical reads the same file.
"""
from __future__ import annotations

from pathlib import Path

from . import DOCS_DIR
from .errors import ContentError, ContentInvalid
from .model import Site
from .yamlload import LoadedFile, load_yaml

NAV_RULES = {
    "nav-lists-every-page": "Every page the table of kinds puts in the nav is listed under its section.",
    "nav-follows-content-order": "Pages made one per file (phases, checklists) are listed in their `order`.",
    "nav-titles-from-pages": "A generated page is listed without a title: its title comes from the "
                             "table of kinds, so there is one source.",
    "nav-names-real-pages": "Every page the nav names is generated or hand-written in docs/.",
    "nav-lists-each-entry-once": "Each page, and each section within its parent, is listed once (a page "
                                 "line pasted twice is valid to MkDocs, so only this check catches it).",
}


def _entries(loaded: LoadedFile):
    """Yield (section, page, titled, path in file) for every page entry of the nav."""
    def walk(nav, section: str, path: tuple):
        if not isinstance(nav, list):
            return
        for i, entry in enumerate(nav):
            here = path + (i,)
            if isinstance(entry, str):
                yield section, entry, False, here
            elif isinstance(entry, dict) and len(entry) == 1:
                (title, value), = entry.items()
                if isinstance(value, list):
                    yield from walk(value, title if not section else f"{section}/{title}", here + (title,))
                elif isinstance(value, str):
                    yield section, value, True, here + (title,)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    yield from walk(data.get("nav"), "", ("nav",))


def _sections(loaded: LoadedFile):
    """Yield (path of its list, title, path in file) for every section entry of the nav,
    including one with nothing under it (a section line pasted twice makes one)."""
    def walk(nav, path: tuple):
        if not isinstance(nav, list):
            return
        for i, entry in enumerate(nav):
            if isinstance(entry, dict) and len(entry) == 1:
                (title, value), = entry.items()
                if value is None or isinstance(value, list):
                    yield path, title, path + (i, title)
                    yield from walk(value, path + (i, title))
    data = loaded.data if isinstance(loaded.data, dict) else {}
    yield from walk(data.get("nav"), ("nav",))


def check_nav(site: Site, mkdocs_yml: Path, docs_dir: Path = DOCS_DIR) -> list[ContentError]:
    """The nav's problems, one line each, each naming its rule."""
    try:
        loaded = load_yaml(mkdocs_yml, mkdocs_yml.name, strict=False)
    except ContentInvalid as exc:
        return exc.errors
    entries = list(_entries(loaded))
    if not entries:
        return [ContentError(mkdocs_yml.name, 1, "nav", "mkdocs.yml has no nav: list the site's pages "
                                                        "under nav [nav-lists-every-page]")]
    where: dict[str, tuple] = {}  # page -> (section, titled, path) of its first line
    generated = {p.path: p for p in site.pages}
    errors = []

    def err(path: tuple, rule: str, message: str) -> None:
        errors.append(loaded.error(path, f"{message} [{rule}]"))

    for section, page, titled, path in entries:
        if page in where:
            err(path, "nav-lists-each-entry-once", f"{page} is listed twice (first on line "
                f"{loaded.line_of(where[page][2])}): remove one of the two lines")
        else:
            where[page] = (section, titled, path)
    first_section: dict[tuple, tuple] = {}
    for parent, title, path in _sections(loaded):
        if (parent, title) in first_section:
            err(path, "nav-lists-each-entry-once", f"section '{title}' is listed twice (first on line "
                f"{loaded.line_of(first_section[parent, title])}): remove one of the two lines")
        else:
            first_section[parent, title] = path
    # A section title without its colon takes the lines under it as its text: one entry
    # "Checklists - checklists/index.md - ...", reported once (below), not once per page.
    folded = [page for _, page, _, _ in entries if " - " in page]
    for page in site.pages:
        section = page.spec.nav
        if section is None:
            continue
        if page.path not in where:
            if any(f" - {page.path}" in entry for entry in folded):
                continue
            err(("nav",), "nav-lists-every-page",
                f"page {page.path} is generated but not in the nav: add `- {page.path}` "
                + (f"under '{section}'" if section else "at the top level"))
            continue
        listed_section, titled, path = where[page.path]
        if listed_section != section:
            err(path, "nav-lists-every-page", f"{page.path} belongs "
                + (f"under '{section}'" if section else "at the top level") + ": move it")
        if titled:
            err(path, "nav-titles-from-pages", f"{page.path} is given a title here; its title comes from "
                                               f"the page ('{page.title(site)}'): write `- {page.path}`")
    for spec_key in {p.spec.key for p in site.pages if p.spec.per_file and p.spec.nav is not None}:
        wanted = [p.path for p in site.pages if p.spec.key == spec_key]
        listed = [page for page in where if page in wanted]
        if set(listed) == set(wanted) and listed != wanted:
            err(where[listed[0]][2], "nav-follows-content-order",
                "these pages must follow their files' order: " + ", ".join(wanted))
    for _, page, _, path in entries:
        if " - " in page:
            title = page.split(" - ", 1)[0]
            err(path, "nav-names-real-pages", f"'{title}' and the lines under it read as one page name: "
                                              f"a section title needs its colon: write `- {title}:`")
        elif page.endswith(".md") and page not in generated and not (docs_dir / page).exists():
            err(path, "nav-names-real-pages", f"{page} is not a page (no content makes it and docs/ has "
                                              "no such file): remove the line or fix the path")
    return errors
