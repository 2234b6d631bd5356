"""Loads a YAML file into plain Python data plus the line of every key and value.

The data is built straight from the parser's events (libyaml's C parser where PyYAML has
it), not from PyYAML's composer: one pass, no recursion (deep nesting cannot crash it),
and every position is known, so each error names a line. What a content file may hold is
deliberately small: mappings, lists, text, numbers, true/false. Anything else an editor can
type by accident is refused with a line and a hint instead of a traceback or a surprise:
aliases (an alias bomb would otherwise eat gigabytes), tags (text starting with `!`), merge
keys, duplicate keys, text cut short by ` #`, invisible control characters, non-UTF-8
bytes, files too large or nested too deep to be content.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, ContentInvalid, format_path

MAX_FILE_BYTES = 256 * 1024  # far above any real content file
MAX_DEPTH = 24  # the deepest content nests 6 levels
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
STR, INT, FLOAT, BOOL, NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null"))
TIMESTAMP, MERGE = "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"
# Invisible characters that a word processor or a web page leaves in pasted text. A
# zero-width joiner (U+200D) is allowed: emoji sequences need it.
# U+2028 and U+2029 (line and paragraph separators, pasted from web pages) would also move
# every later line number.
_DUPLICATE = object()  # the pending key of a mapping repeats an earlier one: drop its value
_INVISIBLE = {0x00AD, 0x200B, 0x200C, 0x2028, 0x2029, 0x2060, 0xFEFF, *range(0x202A, 0x202F),
              *range(0x2066, 0x206A)}


@dataclass
class LoadedFile:
    """A YAML file's data and where each part of it stands."""

    path: Path
    display: str  # path as shown in errors, relative to the project
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)  # value path -> line (1-based)
    key_lines: dict[tuple, int] = field(default_factory=dict)  # key path -> line of the key
    # value path -> the text as typed, for unquoted text YAML read as something else
    # (9:30 as the number 570, yes as true, nothing as null): the error shows it quoted
    raw: dict[tuple, str] = field(default_factory=dict)

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


def _fail(display: str, line: int, field_: str, message: str) -> ContentInvalid:
    return ContentInvalid([ContentError(display, line, field_, message)])


def _decode(raw: bytes, display: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(display, 1, "(file)", f"the file is {len(raw) // 1024} KB; a content file is at "
                                          f"most {MAX_FILE_BYTES // 1024} KB: split it or shorten "
                                          "the text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(display, line, "(file)", f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at column "
                                             f"{column}; save the file as UTF-8") from None
    # Windows line ends read as plain ones; a lone CR (old Mac files) is reported below, as
    # YAML would count it as a line break and every later line number would be off.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        for column, char in enumerate(line, 1):
            code = ord(char)
            if (code < 32 and char != "\t") or 0x7F <= code < 0xA0 or code in _INVISIBLE:
                if char == "\r":
                    problems.append(ContentError(display, number, "(text)",
                                                 "a lone carriage return (an old Mac line ending) at "
                                                 f"column {column}: save the file with LF line endings"))
                    break
                name = unicodedata.name(char, "control character")
                problems.append(ContentError(display, number, "(text)",
                                             f"invisible character U+{code:04X} ({name}) at column "
                                             f"{column}, often pasted from a word processor: delete it"))
                break
    if problems:
        raise ContentInvalid(problems)
    return text


# A line holding `key: value` or `- value` (the key may itself sit in a list item).
_VALUE_LINE = re.compile(r"^\s*(?:-\s+)*(?:(?P<key>[^\s'\"#:][^:#]*?):\s+)?(?P<value>\S.*?)\s*$")
# Text YAML cannot take unquoted, by its first character.
_STARTS = {"*": "YAML reads text starting with '*' as an alias (a reference to another value)",
           "&": "YAML reads text starting with '&' as an anchor",
           "!": "YAML reads text starting with '!' as a tag",
           "@": "YAML reserves '@' at the start of text",
           "`": "YAML reserves '`' at the start of text",
           "%": "YAML reads '%' at the start of a line as a directive",
           "[": "YAML reads text starting with '[' as a list",
           "{": "YAML reads text starting with '{' as a mapping",
           "|": "YAML reads text starting with '|' as a block of lines",
           ">": "YAML reads text starting with '>' as a folded block"}


def quoted(key: str | None, value: str) -> str:
    """How to write value quoted, as the editor's line would read: `title: "…"` or `- "…"`.
    JSON's string form is YAML's double-quoted form."""
    text = json.dumps(value, ensure_ascii=False)
    return f"{key}: {text}" if key else f"- {text}"


def unquoted_text(line: str) -> tuple[str | None, str, str] | None:
    """(key, value, why) when line's value is text that YAML cannot take unquoted."""
    m = _VALUE_LINE.match(line)
    if not m:
        return None
    key, value = m.group("key"), m.group("value")
    if value[0] in "\"'":
        return None  # quoted already (a quote left open is reported as such)
    if value[0] in _STARTS and not (value[0] in "[{" and value.rstrip()[-1:] in "]}"):
        if value[0] in "|>" and value.rstrip() in ("|", ">", "|-", ">-", "|+", ">+"):
            return None  # a real block scalar
        return key, value, _STARTS[value[0]]
    if ": " in value or value.endswith(":"):
        return key, value, "YAML reads ': ' inside text as the start of a new field"
    return None


def _syntax_error(exc: yaml.MarkedYAMLError, display: str, text: str,
                  at_path: tuple | None = None) -> ContentInvalid:
    problem, context = exc.problem or "", exc.context or ""
    at = exc.problem_mark or exc.context_mark
    line = at.line + 1 if at else 1
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    lines = text.split("\n")
    # The value on the line of the mistake, if it is text that needs quotes.
    for number in dict.fromkeys((line, opened)):
        found = unquoted_text(lines[number - 1]) if 0 < number <= len(lines) else None
        if found and "tab" not in problem:
            key, value, why = found
            field_ = format_path(tuple(at_path or ()) + ((key,) if key else ()))
            if value[0] in "[{" and "flow" in context:  # a list cut short, or text: say both
                close = "]" if value[0] == "[" else "}"
                return _fail(display, number, field_,
                             f"a {value[0]} opened here is never closed: close it with {close}, or if "
                             f"this is text, write it quoted: {quoted(key, value)}")
            return _fail(display, number, field_, f"{why}: write it quoted: {quoted(key, value)}")
    if "quoted scalar" in context:
        line, hint = opened, ("a quote opened here is never closed: close it "
                              "(use \"...\" around text with ' in it)")
    elif "flow" in context and ("end of stream" in problem or "expected ','" in problem):
        line, hint = opened, ("a [ or { opened here is never closed: close it, or quote "
                              "text starting with [ or {")
    elif "tab" in problem or (at and "\t" in lines[at.line]):
        hint = "YAML indents with spaces only: replace the tab with spaces"
    elif "mapping values are not allowed" in problem:
        hint = "text containing ': ' must be in quotes"
    elif "expected key" in problem or "expected <block end>" in problem:
        hint = "check this line's indentation against the lines above it"
    else:
        hint = "check the quotes, colons and indentation on this line"
    words = " ".join(p for p in (context, problem) if p)
    return _fail(display, line, "(yaml)", f"malformed YAML ({words}): {hint}")


def _scalar(event: yaml.ScalarEvent, path: tuple, out: LoadedFile, text_lines: list[str],
            errors: list[ContentError], strict: bool) -> Any:
    line = event.start_mark.line + 1
    where = format_path(path)
    if not strict and event.tag not in (None, "!", STR, INT, FLOAT, BOOL, NULL):
        return event.value  # a config file's own tags (!ENV, !!python/name:) are MkDocs' business
    if event.tag not in (None, "!") and event.tag not in (STR, INT, FLOAT, BOOL, NULL):
        found = unquoted_text(text_lines[line - 1])
        errors.append(ContentError(out.display, line, where,
                                   f"'{event.tag}' is read as a YAML tag: "
                                   + (f"write it quoted: {quoted(found[0], found[1])}" if found else
                                      "put text that starts with '!' in quotes")))
        return event.value
    tag = event.tag if event.tag not in (None, "!") else _resolver.resolve(
        yaml.ScalarNode, event.value, event.implicit)
    if not event.style and tag == STR:
        rest = text_lines[event.end_mark.line][event.end_mark.column:].strip()
        if rest.startswith("#"):
            errors.append(ContentError(out.display, line, where,
                                       f"the text stops before '{rest[:30]}': YAML reads ' #' as the "
                                       "start of a comment; put the whole text in quotes"))
    if tag == MERGE:
        errors.append(ContentError(out.display, line, where.replace("<key>", "<<"),
                                   "merge keys (<<) are not allowed in content: write the fields out"))
        return event.value
    if tag in (STR, TIMESTAMP):
        return event.value  # dates stay text: schemas check their form, JSON has no date type
    if not event.style:
        out.raw[path] = event.value
    try:
        return _constructor.construct_object(yaml.ScalarNode(tag, event.value), deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        return event.value


def _build(text: str, out: LoadedFile, strict: bool = True) -> list[ContentError]:
    """Fill out.data and its line maps from the parser's events; return the problems found."""
    errors: list[ContentError] = []
    text_lines = text.split("\n")
    # Each open collection: [container, its path, pending key (mappings), that key's line].
    stack: list[list] = []
    root: list = []
    reported = {"alias": False, "anchor": False}

    def place(value: Any, line: int, source: str | None = None) -> bool:
        """Put value into the open collection; False when it was a key (named by its source
        text: `yes:` is the key 'yes', not True)."""
        if not stack:
            root.append(value)
            out.lines[()] = line
            return True
        top = stack[-1]
        container, path = top[0], top[1]
        if isinstance(container, list):
            out.lines[path + (len(container),)] = line
            container.append(value)
            return True
        if top[2] is None:
            key = value if isinstance(value, str) else (source if source is not None else str(value))
            if isinstance(value, (dict, list)):
                errors.append(ContentError(out.display, line, format_path(path),
                                           "a key must be plain text, not a list or mapping"))
                key = f"<key on line {line}>"
            if key in container:
                first = out.key_lines.get(path + (key,), line)
                errors.append(ContentError(out.display, line, format_path(path + (key,)),
                                           f"duplicate key '{key}' (first given on line {first}): "
                                           "keep one"))
                top[2], top[3] = _DUPLICATE, line
                return False
            top[2], top[3] = key, line
            return False
        key = top[2]
        top[2] = None
        if key is _DUPLICATE:
            return True
        out.key_lines[path + (key,)] = top[3]
        out.lines[path + (key,)] = line
        container[key] = value
        return True

    def child_path() -> tuple:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top[0], list):
            return top[1] + (len(top[0]),)
        return top[1] + ((top[2] if top[2] not in (None, _DUPLICATE) else "<key>"),)

    try:
        _events(text, out, strict, errors, text_lines, stack, root, reported, place, child_path)
    except yaml.MarkedYAMLError as exc:
        # The field the mistake is in: the innermost open block collection's path (a [ or {
        # opened on the line is the mistake itself: text that needed quotes).
        block = [entry for entry in stack if not entry[4]]
        top = block[-1] if block else None
        exc.ati_path = () if top is None else top[1] + (
            (len(top[0]),) if isinstance(top[0], list) else ())
        raise
    out.data = root[0] if root else None
    out.lines.setdefault((), 1)
    return errors


def _events(text, out, strict, errors, text_lines, stack, root, reported, place, child_path):
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, yaml.DocumentStartEvent):
            if root:
                errors.append(ContentError(out.display, event.start_mark.line + 1, "(yaml)",
                                           "a second document ('---'): a content file holds one; "
                                           "remove the line with ---"))
                break
            continue
        line = event.start_mark.line + 1
        # Aliases are never expanded (a few lines can stand for billions of values); the
        # first anchor and the first alias are reported, not each of thousands.
        if isinstance(event, yaml.AliasEvent):
            if strict and not reported["alias"]:
                reported["alias"] = True
                errors.append(ContentError(out.display, line, format_path(child_path()),
                                           f"'*{event.anchor}' is a YAML alias: aliases are not allowed "
                                           "in content; write the value out"))
            place(None, line)
            continue
        if getattr(event, "anchor", None) and strict and not reported["anchor"]:
            reported["anchor"] = True
            errors.append(ContentError(out.display, line, format_path(child_path()),
                                       f"'&{event.anchor}' is a YAML anchor: anchors are not allowed in "
                                       "content; remove it"))
        if isinstance(event, yaml.ScalarEvent):
            place(_scalar(event, child_path(), out, text_lines, errors, strict), line, event.value)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if strict and event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                errors.append(ContentError(out.display, line, format_path(child_path()),
                                           f"'{event.tag}' is read as a YAML tag: remove it"))
            if len(stack) >= MAX_DEPTH:
                errors.append(ContentError(out.display, line, format_path(child_path()),
                                           f"nested more than {MAX_DEPTH} levels deep; content "
                                           "never needs this: check the indentation"))
                break
            path = child_path()
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            stack.append([container, path, None, 0, bool(event.flow_style)])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container, path = stack.pop()[:2]
            place(container, out.lines.get(path, line))
            continue
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            out.lines[stack[-1][1]] = line  # where the collection starts



def load_yaml(path: Path, display: str, strict: bool = True) -> LoadedFile:
    """Parse one YAML file; raise ContentInvalid naming file:line for anything malformed.

    strict=False is for configuration (mkdocs.yml): tags and aliases are let through."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        import errno

        hint = {errno.EACCES: "give yourself permission to read it (chmod a+r)",
                errno.EPERM: "give yourself permission to read it (chmod a+r)",
                errno.EISDIR: "it is a folder: content files are files",
                errno.ENOENT: "it was removed or renamed while being read: run the command again",
                errno.ELOOP: "a symbolic link that leads back to itself: replace it with the file"}.get(
            exc.errno, "check the file")
        raise _fail(display, 1, "(file)", f"cannot be read ({(exc.strerror or str(exc)).lower()}): "
                                          f"{hint}") from None
    text = _decode(raw, display)
    loaded = LoadedFile(path=path, display=display, data=None)
    try:
        errors = _build(text, loaded, strict)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, display, text, getattr(exc, "ati_path", None)) from None
    except yaml.YAMLError as exc:
        raise _fail(display, 1, "(yaml)", f"malformed YAML ({exc}): check the file") from None
    if errors:
        raise ContentInvalid(errors)
    return loaded
