"""The contract between rendered pages and scripts: the data attributes (written down in
build_tools/templates/CONTRACT.md) and the saved record's JSON Schema."""
from __future__ import annotations

import json
import re

import jsonschema
from conftest import project_content

from build_tools import ROOT
from build_tools.render import SAVED_DATA_SCHEMA, saved_as, saved_max_length

CONTRACT = ROOT / "build_tools" / "templates" / "CONTRACT.md"
SCRIPTS = sorted((ROOT / "docs" / "assets" / "javascripts").rglob("*.js"))
ATTR = re.compile(r"data-[a-z][a-z-]*[a-z]")


def contract() -> dict[str, str]:
    """Attribute -> 'rendered' or 'script', from the tables in CONTRACT.md."""
    out = {}
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| `data-") and len(cells) == 3:
            for name in re.findall(r"`(data-[a-z-]+)`", cells[0]):
                out[name] = cells[1]
    return out


def test_every_data_attribute_a_script_names_is_in_the_contract():
    used = {a for f in SCRIPTS for a in ATTR.findall(f.read_text(encoding="utf-8"))}
    assert used, "the scripts name no data attributes?"
    missing = used - set(contract())
    assert not missing, f"add these to {CONTRACT.name}: {sorted(missing)}"


def test_every_attribute_the_contract_says_is_rendered_is_in_the_built_site(built_site):
    html = "".join(p.read_text(encoding="utf-8") for p in built_site.rglob("*.html"))
    rendered = [a for a, who in contract().items() if who == "rendered"]
    assert len(rendered) > 10
    absent = [a for a in rendered if not re.search(rf"\s{a}[\s=>]", html)]
    assert not absent, f"in {CONTRACT.name} as rendered, but no page has them: {absent}"
    made_by_scripts = [a for a, who in contract().items() if who == "script"]
    assert made_by_scripts and not [a for a in made_by_scripts if re.search(rf"\s{a}[\s=>]", html)]


def test_the_saved_record_schema_is_valid_and_form_limits_come_from_it():
    schema = json.loads(SAVED_DATA_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    limits = {saved_as(f): saved_max_length(saved_as(f)) for f in project_content().fields}
    assert limits["me.name"] == 200 and limits["person.email"] == 254
    assert limits["round.date"] is None  # a date has no length, only a pattern
    assert all(v for k, v in limits.items() if k.startswith("interview.fields."))


def test_the_scripts_clip_text_to_the_schemas_lengths():
    """core/record.js's MAX table and the schema agree, so an import is clipped to what the form takes."""
    text = (ROOT / "docs" / "assets" / "javascripts" / "core" / "record.js").read_text(encoding="utf-8")
    got = dict((k, int(v)) for k, v in re.findall(
        r"(\w+): (\d+)", re.search(r"const MAX = \{([^}]*)\}", text).group(1)))
    schema = json.loads(SAVED_DATA_SCHEMA.read_text(encoding="utf-8"))
    defs = schema["$defs"]
    entry = defs["interview"]["properties"]["log"]["items"]["properties"]["text"]
    assert got == {"text": defs["text"]["maxLength"], "email": defs["email"]["maxLength"],
                   "phone": schema["properties"]["me"]["properties"]["phone"]["maxLength"],
                   "long": defs["long"]["maxLength"], "entry": entry["maxLength"]}


def test_the_built_site_serves_our_scripts_and_styles_minified(built_site):
    """docs/ keeps the commented files; the site serves them without comments or spaces, but
    for the QR encoder's licence comment (/*! ... */, its first line)."""
    sources = sorted((ROOT / "docs" / "assets").glob("*/**/*.[jc]s*"))
    assert len(sources) >= 6
    for source in sources:
        built = built_site / source.relative_to(ROOT / "docs")
        text = built.read_text(encoding="utf-8")
        assert len(text) < 0.8 * len(source.read_bytes()), source.name
        if "vendor" in source.parts:
            assert text.startswith("/*! qrcode-generator "), "the encoder's licence comment is kept"
            text = re.sub(r"\A/\*!.*?\*/\n", "", text, flags=re.S)
        assert "/*" not in text and "\n  " not in text, f"{source.name} still has comments or indents"


def test_the_scripts_list_limits_are_the_schemas_max_items():
    text = (ROOT / "docs" / "assets" / "javascripts" / "core" / "record.js").read_text(encoding="utf-8")
    got = {k: int(v) for k, v in re.findall(
        r"(\w+): (\d+)", re.search(r"const LIMITS = \{([^}]*)\}", text).group(1))}
    schema = json.loads(SAVED_DATA_SCHEMA.read_text(encoding="utf-8"))
    interview = schema["$defs"]["interview"]["properties"]
    assert got == {"interviews": schema["properties"]["interviews"]["maxItems"],
                   "rounds": interview["rounds"]["maxItems"],
                   "people": interview["rounds"]["items"]["properties"]["people"]["maxItems"],
                   "log": interview["log"]["maxItems"]}
