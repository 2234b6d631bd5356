"""Loads a YAML file into plain Python data plus the line of every key and value.

PyYAML's composer keeps each node's position; walking the node tree ourselves gives
errors that name a line, and catches duplicate keys, which plain yaml.safe_load
silently overwrites.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, ContentInvalid, format_path


@dataclass
class LoadedFile:
    """A YAML file's data and where each part of it stands."""

    path: Path
    display: str  # path as shown in errors, relative to the project
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)  # value path -> line (1-based)
    key_lines: dict[tuple, int] = field(default_factory=dict)  # key path -> line of the key

    def line_of(self, path: tuple) -> int:
        """The line of the value at path, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.key_lines:
                return self.key_lines[path]
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def error(self, path: tuple, message: str) -> ContentError:
        return ContentError(self.display, self.line_of(path), format_path(tuple(path)), message)


_scalar_loader = yaml.SafeLoader("")


def _convert(node: yaml.Node, path: tuple, out: LoadedFile, errors: list[ContentError]) -> Any:
    out.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path + ("<key>",), out, errors)
            if not isinstance(key, str):
                key = str(key)
            child = path + (key,)
            if key in result:
                errors.append(
                    ContentError(out.display, key_node.start_mark.line + 1, format_path(child),
                                 f"duplicate key '{key}' (first given on line {out.key_lines[child]})")
                )
                continue
            out.key_lines[child] = key_node.start_mark.line + 1
            result[key] = _convert(value_node, child, out, errors)
        out.lines.pop(path + ("<key>",), None)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), out, errors) for i, item in enumerate(node.value)]
    value = _scalar_loader.construct_object(node, deep=True)
    if isinstance(value, (datetime.date, datetime.datetime)):
        # Dates stay text: schemas check their format, and JSON has no date type.
        return node.value
    return value


def load_yaml(path: Path, display: str) -> LoadedFile:
    """Parse one YAML file; raise ContentInvalid naming file:line for malformed YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentInvalid([ContentError(display, 1, "(file)", f"not UTF-8 text: {exc.reason}")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise ContentInvalid([ContentError(display, line, "(yaml)", f"malformed YAML: {problem}")]) from None
    loaded = LoadedFile(path=path, display=display, data=None)
    if node is None:
        loaded.data = None
        loaded.lines[()] = 1
        return loaded
    errors: list[ContentError] = []
    loaded.data = _convert(node, (), loaded, errors)
    if errors:
        raise ContentInvalid(errors)
    return loaded
