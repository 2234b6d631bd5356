"""The site model: what content/ becomes once loaded (Site, and an Item for every id), and
the {placeholder} syntax of template texts.

Built by content.py (the loader), read by rules.py, nav.py and render.py; it imports only
the table of kinds and the YAML loader's file type, so every module above can import it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .kinds import PAGE_SPECS, PageRef
from .yamlload import LoadedFile

# {field-id}, or {field-id|text shown while the field is empty} (a sign-off the user may replace).
PLACEHOLDER = re.compile(r"\{([^{}|]*)(?:\|([^{}]*))?\}")


def placeholder_names(text: str) -> list[str]:
    """The field ids a template text names, in order."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text)]


GUIDE_KINDS = {"step", "do", "dont", "example", "difference"}


@dataclass
class Item:
    """Anything with an id: where it is defined and where it is shown."""

    id: str
    kind: str
    data: dict
    file: LoadedFile
    path: tuple
    page: str | None  # docs-relative Markdown path of the page that shows it
    anchor: str | None  # fragment on that page, None for the page itself
    label: str  # short text for links

    def cites(self, source_id: str) -> bool:
        """True if the item names the source itself or on one of its sides (differences)."""
        return source_id in self.data.get("sources", []) or any(
            source_id in side.get("sources", []) for side in self.data.get("sides", []))


@dataclass
class Site:
    """Everything the renderer needs, validated. One attribute per kind (kinds.Kind.attr)."""

    content_dir: Path
    kind_files: dict[str, list[LoadedFile]]  # kind name -> its files, in order
    sources: list[dict] = field(default_factory=list)
    phases: list[dict] = field(default_factory=list)
    differences: list[dict] = field(default_factory=list)
    situations: list[dict] = field(default_factory=list)
    coverage: dict[str, dict] = field(default_factory=dict)
    checklists: list[dict] = field(default_factory=list)
    template_groups: list[dict] = field(default_factory=list)
    fields: list[dict] = field(default_factory=list)
    planner: dict | None = None
    interviews: dict | None = None
    retired: list[dict] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    items: dict[str, Item] = field(default_factory=dict)
    files: dict[str, LoadedFile] = field(default_factory=dict)  # content-relative path -> file
    pages: list[PageRef] = field(default_factory=list)

    @property
    def kind_data(self) -> dict[str, list[dict]]:
        return {name: [f.data for f in files] for name, files in self.kind_files.items()}

    def source(self, source_id: str) -> dict:
        return next(s for s in self.sources if s["id"] == source_id)

    def citing_pages(self, source_id: str) -> list[str]:
        """Docs-relative pages that show at least one item citing this source."""
        return sorted({i.page for i in self.items.values() if i.page and i.cites(source_id)})

    @property
    def page_titles(self) -> dict[str, str]:
        """Docs-relative page path -> its title: the one place titles come from."""
        return {p.path: p.title(self) for p in self.pages}

    def tools_for(self, ids: list[str]) -> dict[str, list[Item]]:
        """The templates, checklist items and planner steps that link to any of these guide
        ids (by guidance or related): the guide links back to them, so a reader can act."""
        wanted = set(ids)
        found: dict[str, list[Item]] = {"template": [], "checklist-item": [], "planner-rule": []}
        for item in self.items.values():
            if item.kind in found and wanted & {item.data.get("guidance"), *item.data.get("related", [])}:
                found[item.kind].append(item)
        return found

    def page_path(self, key: str) -> str:
        """The docs-relative path of a single page by its key in the table ('planner')."""
        return PAGE_SPECS[key][1].path
