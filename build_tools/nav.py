"""Checks the nav of mkdocs.yml against the table of kinds: every page the table puts in
the nav is there, in its section and in content order, with no title of its own (a page's
title comes from the table), and the nav names no page that does not exist.

Run by `./dev check` (cli.check) for the project's own content; fixture trees have no nav.
The nav stays in mkdocs.yml, not generated, because Zensical reads the same file.
"""
from __future__ import annotations

from pathlib import Path

from . import DOCS_DIR
from .content import Site
from .errors import ContentError, ContentInvalid
from .yamlload import LoadedFile, load_yaml

NAV_RULES = {
    "nav-lists-every-page": "Every page the table of kinds puts in the nav is listed under its section.",
    "nav-follows-content-order": "Pages made one per file (phases, checklists) are listed in their `order`.",
    "nav-titles-from-pages": "A generated page is listed without a title: its title comes from the "
                             "table of kinds, so there is one source.",
    "nav-names-real-pages": "Every page the nav names is generated or hand-written in docs/.",
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
    where = {page: (section, titled, path) for section, page, titled, path in entries}
    generated = {p.path: p for p in site.pages}
    errors = []

    def err(path: tuple, rule: str, message: str) -> None:
        errors.append(loaded.error(path, f"{message} [{rule}]"))

    for page in site.pages:
        section = page.spec.nav
        if section is None:
            continue
        if page.path not in where:
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
        listed = [page for _, page, _, _ in entries if page in wanted]
        if set(listed) == set(wanted) and listed != wanted:
            err(where[listed[0]][2], "nav-follows-content-order",
                "these pages must follow their files' order: " + ", ".join(wanted))
    for _, page, _, path in entries:
        if page.endswith(".md") and page not in generated and not (docs_dir / page).exists():
            err(path, "nav-names-real-pages", f"{page} is not a page (no content makes it and docs/ has "
                                              "no such file): remove the line or fix the path")
    return errors
