"""mkdocs.yml, and a copy of it for a build that differs: another site_url, no service
worker, or docs from elsewhere.

Used by `./dev build` (--site-url, --no-offline) and `./dev serve`, and by the tests and the
benchmark, which build for the address they serve on.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from . import DOCS_DIR, OVERRIDES_DIR, ROOT

MKDOCS_YML = ROOT / "mkdocs.yml"


def config_copy(out_dir: Path, docs_dir: Path = DOCS_DIR, site_url: str | None = None,
                keep_nav: bool = True, offline: bool = True, source: Path = MKDOCS_YML) -> Path:
    """A copy of mkdocs.yml (or of source) in out_dir with absolute paths, optionally another
    site_url (and offline=False: extra.offline false, no service worker).

    Material's instant navigation only takes over links on the site_url's own origin, so a
    build served from another address names it here."""
    config = yaml.safe_load(source.read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["theme"]["custom_dir"] = str(OVERRIDES_DIR)
    if site_url:
        config["site_url"] = site_url
    if not offline:
        config.setdefault("extra", {})["offline"] = False
    if not keep_nav:
        config.pop("nav", None)  # a variant's pages differ; let MkDocs list them
    path = out_dir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path
