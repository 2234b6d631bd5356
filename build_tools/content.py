"""Loads content/, validates it (schemas, then cross-references) and returns the site model.

Runs first in every build_tools command. It needs only content/ and content/schemas/;
it writes nothing. Every problem is collected so an author sees them all in one run.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import jsonschema

from . import CONTENT_DIR, ROOT, SCHEMA_DIR
from .errors import ContentError, ContentInvalid, format_path, relpath
from .yamlload import LoadedFile, load_yaml

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
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
    """Everything the renderer needs, validated."""

    content_dir: Path
    sources: list[dict]
    phases: list[dict]
    differences: list[dict]
    checklists: list[dict]
    template_groups: list[dict]
    fields: list[dict]
    coverage: dict[str, dict]
    planner: dict | None
    items: dict[str, Item] = field(default_factory=dict)
    files: dict[str, LoadedFile] = field(default_factory=dict)

    def source(self, source_id: str) -> dict:
        return next(s for s in self.sources if s["id"] == source_id)

    def citing_pages(self, source_id: str) -> list[str]:
        """Docs-relative pages that show at least one item citing this source."""
        return sorted({i.page for i in self.items.values() if i.page and i.cites(source_id)})


# ---------------------------------------------------------------- schemas

def load_registry(schema_dir: Path = SCHEMA_DIR) -> dict[str, dict]:
    """Map of content glob -> loaded JSON Schema."""
    registry = json.loads((schema_dir / "registry.json").read_text(encoding="utf-8"))
    return {glob: json.loads((schema_dir / name).read_text(encoding="utf-8"))
            for glob, name in registry["schemas"].items()}


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number",
               "boolean": "true or false", "array": "a list", "object": "a mapping of fields",
               "null": "nothing"}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value!r})"
    if isinstance(value, list):
        return "a list"
    return "a mapping of fields"


def _schema_errors(loaded: LoadedFile, schema: dict) -> list[ContentError]:
    """Validate one file against its schema, with messages written for authors."""
    validator = jsonschema.Draft202012Validator(schema)
    out: list[ContentError] = []
    for err in validator.iter_errors(loaded.data):
        path = tuple(err.absolute_path)
        v, inst = err.validator, err.instance
        if v == "required":
            for name in err.validator_value:
                if isinstance(inst, dict) and name not in inst:
                    out.append(ContentError(loaded.display, loaded.line_of(path),
                                            format_path(path + (name,)), "missing required field"))
            continue
        if v == "additionalProperties":
            allowed = set(err.schema.get("properties", {}))
            for name in sorted(set(inst) - allowed):
                out.append(loaded.error(path + (name,),
                                        f"unknown field (allowed here: {', '.join(sorted(allowed))})"))
            continue
        if v == "type":
            expected = err.validator_value
            expected = [expected] if isinstance(expected, str) else expected
            words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
            msg = f"expected {words}, found {_describe(inst)}"
        elif v == "minItems" and isinstance(inst, list) and not inst:
            msg = "must not be empty: list at least one item"
        elif v == "minItems":
            msg = f"needs at least {err.validator_value} items, found {len(inst)}"
        elif v == "pattern" and err.validator_value.startswith("^[a-z0-9]+"):
            msg = f"{inst!r} is not a kebab-case id (lowercase letters, digits, single hyphens)"
        elif v in ("pattern", "minLength") and isinstance(inst, str) and not inst.strip():
            msg = "must not be blank"
        elif v == "pattern":
            msg = f"{inst!r} does not match the expected form {err.validator_value}"
        elif v == "enum":
            msg = f"{inst!r} is not one of: {', '.join(map(str, err.validator_value))}"
        elif v == "uniqueItems":
            msg = "lists the same value more than once"
        elif v == "maxLength":
            msg = f"is longer than {err.validator_value} characters"
        elif v == "minimum":
            msg = f"must be {err.validator_value} or more, found {inst}"
        elif v == "not" and err.validator_value == {"required": ["subjects"]}:
            out.append(loaded.error(path + ("subjects",), "subject lines are only for emails"))
            continue
        else:
            msg = err.message
        out.append(loaded.error(path, msg))
    return out


# ---------------------------------------------------------------- loading

def _discover(content_dir: Path, registry: dict[str, dict]) -> list[tuple[Path, dict]]:
    found = []
    for path in sorted(content_dir.rglob("*")):
        if path.is_dir() or "schemas" in path.relative_to(content_dir).parts:
            continue
        rel = path.relative_to(content_dir).as_posix()
        schema = next((s for glob, s in registry.items() if fnmatch(rel, glob)), None)
        if path.suffix in (".yml", ".yaml") and schema is None:
            raise ContentInvalid([ContentError(relpath(path, ROOT), 1, "(file)",
                                               "no schema is registered for this file in "
                                               "content/schemas/registry.json")])
        if schema is not None:
            found.append((path, schema))
    return found


def load_content(content_dir: Path = CONTENT_DIR, schema_dir: Path = SCHEMA_DIR) -> Site:
    """Load and validate all content; raise ContentInvalid listing every problem."""
    registry = load_registry(schema_dir)
    errors: list[ContentError] = []
    files: dict[str, LoadedFile] = {}
    for path, schema in _discover(content_dir, registry):
        display = relpath(path, ROOT)
        try:
            loaded = load_yaml(path, display)
        except ContentInvalid as exc:
            errors.extend(exc.errors)
            continue
        errors.extend(_schema_errors(loaded, schema))
        files[path.relative_to(content_dir).as_posix()] = loaded
    if errors:
        raise ContentInvalid(errors)
    site = _build_site(content_dir, files)
    errors.extend(_cross_check(site))
    if errors:
        raise ContentInvalid(errors)
    return site


def _in(files: dict[str, LoadedFile], glob: str) -> list[LoadedFile]:
    return [f for rel, f in sorted(files.items()) if fnmatch(rel, glob)]


def _build_site(content_dir: Path, files: dict[str, LoadedFile]) -> Site:
    def one(name: str, key: str) -> list:
        return files[name].data[key] if name in files else []

    sources = one("sources.yml", "sources")
    differences = one("differences.yml", "differences")
    fields_ = one("fields.yml", "fields")
    phase_files = sorted(_in(files, "phases/*.yml"), key=lambda f: f.data["order"])
    checklist_files = sorted(_in(files, "checklists/*.yml"), key=lambda f: f.data["order"])
    group_files = sorted(_in(files, "templates/*.yml"), key=lambda f: f.data["order"])
    planner = files.get("planner.yml")
    site = Site(
        content_dir=content_dir,
        sources=sources,
        phases=[f.data for f in phase_files],
        differences=differences,
        checklists=[f.data for f in checklist_files],
        template_groups=[f.data for f in group_files],
        fields=fields_,
        coverage={f.data["source"]: f.data for f in _in(files, "coverage/*.yml")},
        planner=planner.data if planner else None,
        files=files,
    )
    return site


# ---------------------------------------------------------------- cross-references

def _register(site: Site, errors: list[ContentError], item: Item) -> None:
    existing = site.items.get(item.id)
    if existing is not None:
        errors.append(item.file.error(
            item.path + ("id",),
            f"duplicate id '{item.id}' (already used in {existing.file.display}:"
            f"{existing.file.line_of(existing.path + ('id',))}); ids must be unique across the site"))
        return
    site.items[item.id] = item


def _collect_items(site: Site, errors: list[ContentError]) -> None:
    files = site.files
    def reg(*fields) -> None:
        _register(site, errors, Item(*fields))

    if "sources.yml" in files:
        f = files["sources.yml"]
        for i, s in enumerate(f.data["sources"]):
            reg(s["id"], "source", s, f, ("sources", i), "sources/index.md", s["id"],
                s["short_name"])
    for f in _in(files, "phases/*.yml"):
        p = f.data
        page = f"guide/{p['id']}.md"
        reg(p["id"], "phase", p, f, (), page, None, p["title"])
        for i, step in enumerate(p["steps"]):
            reg(step["id"], "step", step, f, ("steps", i), page, step["id"], step["title"])
            for j, ex in enumerate(step.get("examples", [])):
                reg(ex["id"], "example", ex, f, ("steps", i, "examples", j), page, ex["id"],
                    ex["situation"])
        for key, kind in (("dos", "do"), ("donts", "dont")):
            for i, d in enumerate(p[key]):
                reg(d["id"], kind, d, f, (key, i), page, d["id"], d["text"])
    if "differences.yml" in files:
        f = files["differences.yml"]
        for i, d in enumerate(f.data["differences"]):
            reg(d["id"], "difference", d, f, ("differences", i), "differences.md", d["id"], d["topic"])
    for f in _in(files, "checklists/*.yml"):
        c = f.data
        page = f"checklists/{c['id']}.md"
        reg(c["id"], "checklist", c, f, (), page, None, c["title"])
        for i, it in enumerate(c["items"]):
            reg(it["id"], "checklist-item", it, f, ("items", i), page, it["id"], it["action"])
    for f in _in(files, "templates/*.yml"):
        g = f.data
        reg(g["id"], "template-group", g, f, (), "templates/index.md", g["id"], g["title"])
        for i, t in enumerate(g["templates"]):
            reg(t["id"], "template", t, f, ("templates", i), "templates/index.md", t["id"], t["title"])
    if "fields.yml" in files:
        f = files["fields.yml"]
        for i, fl in enumerate(f.data["fields"]):
            reg(fl["id"], "field", fl, f, ("fields", i), None, None, fl["label"])
    if "planner.yml" in files:
        f = files["planner.yml"]
        for i, r in enumerate(f.data.get("rules", [])):
            reg(r["id"], "planner-rule", r, f, ("rules", i), "planner/index.md", r["id"], r["title"])


def _walk(data: Any, path: tuple = ()):
    """Yield (path, key, value) for every mapping entry in data."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield path, k, v
            yield from _walk(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, path + (i,))


# Keys whose values name other items; what kinds each may name.
REFERENCE_KEYS = {
    "covered_by": None,  # any item
    "related": GUIDE_KINDS,
    "guidance": GUIDE_KINDS,
    "checklist_items": {"checklist-item"},
    "templates": {"template"},
}


def _cross_check(site: Site) -> list[ContentError]:
    errors: list[ContentError] = []
    _collect_items(site, errors)
    source_ids = [s["id"] for s in site.sources]
    retired = {}
    if "retired-ids.yml" in site.files:
        retired = {r["id"]: r["reason"] for r in site.files["retired-ids.yml"].data["retired"]}

    for rel, f in site.files.items():
        for path, key, value in _walk(f.data):
            here = path + (key,)
            if key == "id" and value in retired and rel != "retired-ids.yml":
                errors.append(f.error(here, f"id '{value}' was retired ({retired[value]}); "
                                            "choose a new id"))
            if key == "sources" and isinstance(value, list) and rel != "sources.yml":
                for i, sid in enumerate(value):
                    if sid not in source_ids:
                        errors.append(f.error(here + (i,), f"unknown source '{sid}' (known: "
                                                           f"{', '.join(source_ids)})"))
            if key == "source" and rel.startswith("coverage/") and value not in source_ids:
                errors.append(f.error(here, f"unknown source '{value}' (known: "
                                            f"{', '.join(source_ids)})"))
            is_refs = isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value))
            if key in REFERENCE_KEYS and is_refs:
                kinds = REFERENCE_KEYS[key]
                refs = [value] if isinstance(value, str) else value
                for i, ref in enumerate(refs):
                    at = here if isinstance(value, str) else here + (i,)
                    item = site.items.get(ref)
                    if item is None:
                        errors.append(f.error(at, f"unknown id '{ref}'"))
                    elif kinds is not None and item.kind not in kinds:
                        errors.append(f.error(at, f"'{ref}' is a {item.kind}; expected one of: "
                                                  f"{', '.join(sorted(kinds))}"))

    # The path is part of the data model: a file's name is its id and its address.
    for pattern in ("phases/*.yml", "checklists/*.yml", "templates/*.yml"):
        for f in _in(site.files, pattern):
            if f.data["id"] != f.path.stem:
                errors.append(f.error(("id",), f"id '{f.data['id']}' must match the file name "
                                               f"'{f.path.stem}'"))
    for f in _in(site.files, "coverage/*.yml"):
        if f.data["source"] != f.path.stem:
            errors.append(f.error(("source",), f"source '{f.data['source']}' must match the file "
                                               f"name '{f.path.stem}'"))

    # Orders are 1..N with no gaps or repeats, so the journey reads in one line.
    for pattern in ("phases/*.yml", "checklists/*.yml", "templates/*.yml"):
        group = _in(site.files, pattern)
        orders = sorted(f.data["order"] for f in group)
        if orders != list(range(1, len(group) + 1)):
            for f in group:
                errors.append(f.error(("order",), f"orders in {pattern} must run 1..{len(group)} "
                                                  f"without gaps or repeats (found {orders})"))

    errors.extend(_check_placeholders(site))
    return errors


def _check_placeholders(site: Site) -> list[ContentError]:
    errors = []
    declared = {f["id"] for f in site.fields}
    for f in _in(site.files, "templates/*.yml"):
        for i, t in enumerate(f.data["templates"]):
            texts = [("body",)] + [("subjects", j) for j in range(len(t.get("subjects", [])))]
            for key in texts:
                value = t
                for k in key:
                    value = value[k]
                at = ("templates", i, *key)
                stripped = PLACEHOLDER.sub("", value)
                if "{" in stripped or "}" in stripped:
                    errors.append(f.error(at, "unbalanced { or }: placeholders are written {field-id}"))
                for name in PLACEHOLDER.findall(value):
                    if name not in declared:
                        errors.append(f.error(at, f"placeholder {{{name}}} is not declared in "
                                                  "content/fields.yml"))
    return errors
