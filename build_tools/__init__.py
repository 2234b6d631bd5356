"""build_tools: turns the YAML in content/ into Markdown pages under docs/, then builds the site.

Rendering is a plain step that runs before `mkdocs build` (not a plugin or hook), so the
same docs/ and mkdocs.yml can also be built by Zensical. It also writes the theme partials
that carry our inline scripts into overrides/, minified from build_tools/inline/.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
DOCS_DIR = ROOT / "docs"
OVERRIDES_DIR = ROOT / "overrides"  # the theme's custom_dir (Material's, and Zensical's)
SCHEMA_DIR = CONTENT_DIR / "schemas"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
