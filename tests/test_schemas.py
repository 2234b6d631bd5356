"""Every content file validates against its schema, and the schemas stay strict and documented."""
from __future__ import annotations

import json
from fnmatch import fnmatch
from pathlib import Path

import jsonschema
import pytest

from build_tools import CONTENT_DIR, ROOT, SCHEMA_DIR
from build_tools.content import _schema_errors, load_schemas
from build_tools.kinds import KINDS, schema_registry
from build_tools.yamlload import load_yaml

SCHEMAS = load_schemas()
SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.schema.json"))
CONTENT_FILES = sorted(p for p in CONTENT_DIR.rglob("*.yml") if "schemas" not in p.parts)


def schema_for(path: Path) -> dict:
    rel = path.relative_to(CONTENT_DIR).as_posix()
    matches = [SCHEMAS[k.name] for k in KINDS if fnmatch(rel, k.files)]
    assert matches, f"{rel} is of no kind in build_tools/kinds.py"
    return matches[0]


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.relative_to(CONTENT_DIR).as_posix())
def test_content_file_matches_its_schema(path):
    loaded = load_yaml(path, path.relative_to(ROOT).as_posix())
    errors = _schema_errors(loaded, schema_for(path))
    assert not errors, "\n".join(map(str, errors))


def _objects(schema, where="#"):
    """Yield (pointer, subschema) for every object schema inside a schema."""
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            yield where, schema
        for key, value in schema.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _objects(value, f"{where}/{i}")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_strict_and_documented(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema.get("description"), "the schema itself needs a description"
    objects = list(_objects(schema))
    assert objects
    for pointer, obj in objects:
        assert obj.get("additionalProperties") is False, f"{pointer} must set additionalProperties: false"
        for name, prop in obj.get("properties", {}).items():
            assert prop.get("description"), f"{pointer}/properties/{name} needs a description"


def test_every_schema_belongs_to_a_kind_and_is_mapped_for_editors():
    registry = schema_registry()
    assert sorted(set(registry.values())) == [p.name for p in SCHEMA_FILES]
    editor = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    expected = {f"content/schemas/{schema}": f"content/{glob}" for glob, schema in registry.items()}
    assert editor == expected, ("set yaml.schemas in .vscode/settings.json to:\n"
                                + json.dumps(expected, indent=2))
