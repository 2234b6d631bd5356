"""Loads content/, validates it (schemas, then the named rules) and returns the site model.

Runs first in every build_tools command. It needs only content/ and content/schemas/;
it writes nothing. What files exist and what they become comes from the table of kinds
(kinds.py); the model they make, with an Item registered for every id, is model.py's; the
rules that look across files live in rules.py, which reads the model and never this
module. Every problem is collected so an author sees them all in one run.
"""
from __future__ import annotations

import json
import os
import re
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import jsonschema

from . import CONTENT_DIR, ROOT, SCHEMA_DIR
from .errors import ContentError, ContentInvalid, format_path, relpath
from .kinds import BY_NAME, KINDS, PAGE_SPECS, Kind, pages_of
from .model import PLACEHOLDER, Item, Site, placeholder_names  # noqa: F401 - render.py and tests import them here
from .rules import run_rules
from .yamlload import LoadedFile, load_yaml, quoted

# ---------------------------------------------------------------- schemas

def load_schemas(schema_dir: Path = SCHEMA_DIR) -> dict[str, dict]:
    """Kind name -> its loaded JSON Schema; a missing or broken schema is a one-line error."""
    schemas, errors = {}, []
    for k in KINDS:
        path = schema_dir / k.schema
        shown = relpath(path, ROOT)
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
            jsonschema.Draft202012Validator.check_schema(schema)
            schemas[k.name] = schema
        except OSError as exc:
            errors.append(ContentError(shown, 1, "(schema)", f"cannot be read ({exc.strerror}): restore it "
                                                             "(git checkout -- content/schemas/)"))
        except json.JSONDecodeError as exc:
            errors.append(ContentError(shown, exc.lineno, "(schema)", f"not valid JSON ({exc.msg}): fix it"))
        except jsonschema.SchemaError as exc:
            errors.append(ContentError(shown, 1, "(schema)", f"not a valid JSON Schema "
                                                             f"({exc.message[:120]}): fix it"))
    if errors:
        raise ContentInvalid(errors)
    return schemas


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
        return f"text ({value[:60]!r}{'…' if len(value) > 60 else ''})"
    if isinstance(value, list):
        return "a list"
    return "a mapping of fields"


def _not_kebab(inst: str) -> str:
    odd = next((c for c in inst if not (c.isascii() and (c.islower() or c.isdigit() or c == "-"))), None)
    if odd is not None and not odd.isascii():
        import unicodedata

        return (f"{inst[:70]!r} is not a kebab-case id: it holds {odd!r} (U+{ord(odd):04X} "
                f"{unicodedata.name(odd, 'character')}), which only looks like a plain letter; "
                "type the id again in plain a-z, 0-9 and -")
    return (f"{inst[:70]!r} is not a kebab-case id: use lowercase a-z, digits and single hyphens, "
            "such as 'send-a-thank-you'")


# Patterns the schemas use, in words, each with the change that usually fixes a value.
PATTERN_WORDS = {
    "^[a-z0-9][a-z0-9 '-]*$": ("search terms are lowercase, in letters, digits, spaces, ' and -",
                               lambda s: s.lower().strip()),
    "^[0-9]{3}_[0-9a-f]+\\.txt$": ("an article's file name in ../shared/sources/, such as "
                                   "001_3fa2c4.txt", lambda s: s.strip()),
}


# JSON Schema counts 6.0 as an integer; content says whole numbers as 6, so 6.0 is refused.
_ContentValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool)))


def _schema_errors(loaded: LoadedFile, schema: dict) -> list[ContentError]:
    """Validate one file against its schema, with messages written for authors."""
    validator = _ContentValidator(schema)
    out: list[ContentError] = []
    for err in validator.iter_errors(loaded.data):
        path = tuple(err.absolute_path)
        v, inst = err.validator, err.instance
        if v == "required":
            for name in err.validator_value:
                if isinstance(inst, dict) and name not in inst:
                    out.append(ContentError(loaded.display, loaded.line_of(path),
                                            format_path(path + (name,)),
                                            "missing required field: add it"))
            continue
        if v == "additionalProperties":
            allowed = set(err.schema.get("properties", {}))
            for name in sorted(set(inst) - allowed):
                out.append(loaded.error(path + (name,),
                                        f"unknown field (allowed here: {', '.join(sorted(allowed))})"))
            continue
        key = next((k for k in reversed(path) if isinstance(k, str)), None) if path and \
            isinstance(path[-1], str) else None  # None: a list item, written `- value`
        if v == "type":
            expected = err.validator_value
            expected = [expected] if isinstance(expected, str) else expected
            words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
            typed = loaded.raw.get(path)
            if not path and inst is None:
                msg = (f"the file is empty or holds only comments: write its fields ({words} is "
                       "expected; see its schema in content/schemas/), or delete the file")
            elif inst is None and "string" in expected and not typed:
                msg = (f"has no value: write the text after `{key}:`" if key else
                       "an empty list item: write its text after the -, or remove the line")
            elif "string" in expected and typed is not None:
                msg = (f"expected text, found {_describe(inst)}: YAML reads a bare {typed} as "
                       + ("a time in minutes" if ":" in typed and isinstance(inst, (int, float)) else
                          "that value") + f"; write it quoted: {quoted(key, typed)}")
            elif "string" in expected and inst is None:
                msg = f"expected text, found nothing: write the text after `{key}:`"
            elif "integer" in expected and isinstance(inst, str) and re.fullmatch(r"\s*-?\d+\s*", inst):
                msg = (f"expected a whole number, found the text {inst!r}: drop the quotes: "
                       + (f"{key}: {inst.strip()}" if key else f"- {inst.strip()}"))
            else:
                msg = f"expected {words}, found {_describe(inst)}"
                if "integer" in expected and isinstance(inst, float) and inst.is_integer():
                    msg += f": write {int(inst)}, without the .0"
        elif v == "enum" and isinstance(inst, str) and any(
                not isinstance(e, str) and str(e) == inst.strip() for e in err.validator_value):
            msg = (f"{inst!r} is text, and this is one of the numbers "
                   f"{', '.join(map(str, err.validator_value))}: drop the quotes: "
                   + (f"{key}: {inst.strip()}" if key else f"- {inst.strip()}"))
        elif v == "minItems" and isinstance(inst, list) and not inst:
            msg = "must not be empty: list at least one item"
        elif v == "minItems":
            msg = f"needs at least {err.validator_value} items, found {len(inst)}"
        elif v == "pattern" and err.validator_value.startswith("^[a-z0-9]+"):
            msg = _not_kebab(inst)
        elif v in ("pattern", "minLength") and isinstance(inst, str) and not inst.strip():
            msg = "must not be blank"
        elif v == "pattern" and err.validator_value in PATTERN_WORDS:
            words, fix = PATTERN_WORDS[err.validator_value]
            better = fix(inst)
            fits = re.fullmatch(err.validator_value, better)
            msg = f"{inst[:60]!r}: {words}" + (
                f": write {quoted(key, better) if key else repr(better)}" if fits else "")
        elif v == "pattern":
            what = err.schema.get("description") or "see its description in content/schemas/"
            msg = f"{inst[:60]!r} is not in the form this field takes: {what}"
        elif v == "enum":
            msg = f"{str(inst)[:60]!r} is not one of: {', '.join(map(str, err.validator_value))}"
        elif v == "uniqueItems":
            msg = "lists the same value more than once: keep one"
        elif v == "maxLength":
            msg = (f"is {len(inst)} characters long, over the limit of {err.validator_value}: "
                   "shorten it")
        elif v == "minimum":
            msg = f"must be {err.validator_value} or more, found {inst}"
        elif v == "maximum":
            msg = f"must be {err.validator_value} or less, found {inst}"
        elif v == "not" and list(err.validator_value) == ["required"]:
            for name in err.validator_value["required"]:
                what = "subject lines are" if name == "subjects" else f"`{name}` is"
                out.append(loaded.error(path + (name,), f"{what} only for emails: remove it, or "
                                                         "make the channel email"))
            continue
        elif isinstance(inst, (dict, list)):  # never the whole value in the message
            msg = (f"does not fit the schema's `{v}` check: compare it with the field's "
                   "description in content/schemas/")
        else:
            msg = err.message[:200]
        out.append(loaded.error(path, msg))
    return out


# ---------------------------------------------------------------- finding files

def _is_editor_litter(name: str) -> bool:
    """Lock, swap and backup files editors leave beside the file being edited."""
    return name.startswith((".", "~$")) or name.endswith("~") or (name.startswith("#") and name.endswith("#"))


def _not_a_plain_file(path: Path) -> str | None:
    """What is wrong with a path that is neither a folder nor a file to read: a symbolic
    link that loops or leads nowhere, a named pipe (reading it would wait forever), a socket
    or a device. None for a plain file, or a link to one."""
    import errno
    import stat

    try:
        mode = path.stat().st_mode
    except OSError as exc:
        try:
            target = os.readlink(path)
        except OSError:
            target = None
        if exc.errno == errno.ELOOP:
            return (f"a symbolic link in a loop (it points to {target!r}, which leads back to it): "
                    "replace it with the file itself, or remove it")
        if target is not None:
            return (f"a symbolic link to {target!r}, which does not exist: put the file itself here, "
                    "or remove the link")
        return f"cannot be read ({exc.strerror}): check the file"
    if stat.S_ISREG(mode):
        return None
    what = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device")
    return f"{what}, not a file: content files are plain text files; remove it"


def _folders() -> set[str]:
    return {k.files.split("/")[0] for k in KINDS if "/" in k.files} | {"schemas"}


def discover(content_dir: Path) -> tuple[dict[str, list[Path]], list[ContentError], list[ContentError]]:
    """Kind name -> its files under content_dir; a problem for every file no kind takes; and
    one for each file a build needs that is missing."""
    found: dict[str, list[Path]] = {k.name: [] for k in KINDS}
    errors: list[ContentError] = []
    if not content_dir.is_dir():
        return found, [], [ContentError(relpath(content_dir, ROOT), 1, "(folder)",
                                        "the content folder does not exist: check the path")]
    folders = _folders()
    for path in sorted(content_dir.rglob("*")):
        rel = path.relative_to(content_dir)
        if any(_is_editor_litter(part) for part in rel.parts) or rel.parts[0] == "schemas":
            continue
        if path.is_dir():
            if path.is_symlink():  # rglob does not follow it: its files would vanish unnoticed
                errors.append(ContentError(relpath(path, ROOT), 1, "(folder)",
                                           "a symlinked folder is not read: copy its files in instead"))
            elif path.suffix in (".yml", ".yaml", ".json"):
                errors.append(ContentError(relpath(path, ROOT), 1, "(folder)",
                                           f"a folder named like a file: content files are files; move "
                                           f"what is in it up a level and remove the folder {rel.name}/"))
            continue
        oddity = _not_a_plain_file(path)
        if oddity:
            errors.append(ContentError(relpath(path, ROOT), 1, "(file)", oddity))
            continue
        relp = rel.as_posix()
        kind = next((k for k in KINDS if fnmatch(relp, k.files) and relp.count("/") == k.files.count("/")),
                    None)
        if kind is not None:
            found[kind.name].append(path)
            continue
        shown = relpath(path, ROOT)
        stem = rel.name.split(".")[0]
        home = next((k for k in KINDS if k.files.split("/")[0] == rel.parts[0]
                     and rel.as_posix().count("/") > k.files.count("/")), None)
        if home is not None:  # a file in a subfolder of a kind's folder (an old copy, say)
            folder = home.files.rsplit("/", 1)[0]
            errors.append(ContentError(shown, 1, "(file)",
                                       f"content/{folder}/ has no subfolders, so this file is not read: "
                                       f"move it into content/{folder}/ if it is content, or out of "
                                       "content/ if it is a copy to keep"))
            continue
        near = next((k for k in KINDS if fnmatch((rel.parent / f"{stem}.yml").as_posix(), k.files)), None)
        if near is not None:
            msg = f"content files end in .yml: rename it to {stem}.yml"
        elif len(rel.parts) > 1 and rel.parts[0] not in folders:
            msg = (f"no kind of content lives in content/{rel.parts[0]}/: move the file into one of "
                   + ", ".join(sorted(f"content/{f}/" for f in folders - {"schemas"})))
        else:
            msg = ("no kind of content is read from here (kinds: "
                   + ", ".join(k.files for k in KINDS) + "): move or remove it")
        errors.append(ContentError(shown, 1, "(file)", msg))
    missing = [ContentError(f"{relpath(content_dir, ROOT)}/{kind.files}", 1, "(file)",
                            f"missing: every build needs the {kind.name} file; restore it "
                            "(git checkout -- content/)")
               for kind in KINDS if kind.required and not found[kind.name]]
    return found, errors, missing


# ---------------------------------------------------------------- loading

def load_content(content_dir: Path = CONTENT_DIR, schema_dir: Path = SCHEMA_DIR,
                 skip: set[str] | frozenset = frozenset()) -> Site:
    """Load and validate all content; raise ContentInvalid listing every problem.

    skip names rules not to run (`./dev ids` records new ids, so it skips the rule that
    asks for that)."""
    schemas = load_schemas(schema_dir)
    found, errors, missing = discover(content_dir)
    if missing:  # anything else would only repeat that a file is missing
        raise ContentInvalid(missing)
    kind_files: dict[str, list[LoadedFile]] = {}
    files: dict[str, LoadedFile] = {}
    for kind in KINDS:
        loaded_files = []
        for path in found[kind.name]:
            display = relpath(path, ROOT)
            try:
                loaded = load_yaml(path, display)
            except ContentInvalid as exc:
                errors.extend(exc.errors)
                continue
            errors.extend(_schema_errors(loaded, schemas[kind.name]))
            loaded_files.append(loaded)
            files[path.relative_to(content_dir).as_posix()] = loaded
        kind_files[kind.name] = loaded_files
    if errors:
        raise ContentInvalid(errors)
    site = _build_site(content_dir, kind_files, files)
    errors.extend(run_rules(site, skip))
    if errors:
        raise ContentInvalid(errors)
    return site


def _order_key(kind: Kind):
    return (lambda f: (f.data["order"], f.path.name)) if kind.ordered else (lambda f: f.path.name)


def _build_site(content_dir: Path, kind_files: dict[str, list[LoadedFile]],
                files: dict[str, LoadedFile]) -> Site:
    ordered = {name: sorted(fs, key=_order_key(BY_NAME[name])) for name, fs in kind_files.items()}
    site = Site(content_dir=content_dir, kind_files=ordered, files=files)
    for kind in KINDS:
        setattr(site, kind.attr, kind.assemble([f.data for f in ordered[kind.name]]))
    site.pages = pages_of(site)
    _register_items(site)
    return site


def _register_items(site: Site) -> None:
    """Fill site.items from every kind's registrations. An id registered twice keeps its
    first item; the rule unique-ids reports the second."""
    for kind in KINDS:
        spec = PAGE_SPECS[kind.item_page][1] if kind.item_page else None
        for f in site.kind_files[kind.name]:
            page = None if spec is None else (
                spec.path.format(id=f.data[kind.named_by]) if spec.per_file else spec.path)
            for item_id, item_kind, data, path, anchor, label in kind.register(f.data):
                site.items.setdefault(item_id, Item(item_id, item_kind, data, f, path, page, anchor, label))
