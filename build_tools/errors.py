"""Content errors: one line each, naming file:line, the field path and what is wrong."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def format_path(path: tuple) -> str:
    """('steps', 2, 'why') -> 'steps[2].why'; () -> '(top level)'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class ContentInvalid(Exception):
    """Raised with every problem found, so an author sees them all at once."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def relpath(path: Path, root: Path) -> str:
    """path as shown in errors: relative to root. The file itself is not resolved: a
    symbolic link is named as itself (and one that loops cannot raise here)."""
    try:
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()
