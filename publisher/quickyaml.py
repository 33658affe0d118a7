"""The usual shape of a data file, read without libyaml: the same data and the same lines.

A nominee file is a mapping of field names to text, dates and a few numbers, a
literal block (``|``) for the 事迹, perhaps a short list of honours written as
``- {title: …, year: …}`` and a nested ``private:`` mapping. libyaml spends most
of its time on such a file calling back into Python for every node and mark, and
ten thousand files make that seconds; reading those few kinds of lines directly
costs a fraction of it.

The reader is narrow on purpose. It takes only what it can read exactly as
PyYAML reads it and raises :class:`NotPlain` at the first thing it is not sure
of (anchors, tags, quotes with escapes, folded or multi-line plain text, an
indentless list, a key written twice, anything malformed), and the caller then
reads the whole file with libyaml, which also words the errors. The meaning of
plain text is not decided here: ``scalar`` is PyYAML's own YAML 1.1 resolution,
so ``yes``, ``0x1F``, ``1:30`` and ``2026-06-01`` mean what PyYAML says.
``tests/test_quickyaml.py`` holds it to libyaml on every YAML file the project
ships and on thousands of generated ones.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

NON_PRINTABLE: re.Pattern[str] = importlib.import_module("yaml.reader").Reader.NON_PRINTABLE
"""PyYAML's own test for characters a YAML file may not hold (control characters), compiled once.

Looked up, not imported by name, so that compiling this module (see ``setup.py``) needs no PyYAML."""
SPECIAL = "\t\r\x85\u2028\u2029\ufeff"
"""Tabs, lone carriage returns, YAML 1.1's extra line breaks and a stray BOM: left to libyaml."""

Loc = tuple[str | int, ...]
Scalar = Callable[[str], Any]
"""Plain text (as written, unquoted) → its value under PyYAML's rules; raises :class:`NotPlain` if unsure."""

MAX_DEPTH = 20

_NAME = r"([A-Za-z0-9_][A-Za-z0-9_-]{0,127})"
"""A key as data files write them; far below YAML's limit of 1,024 characters."""
_KEY = re.compile(_NAME + r":(?: +(.*))?$")
"""``key:`` then the rest of the line."""
_ENTRY = re.compile(r"( *)" + _KEY.pattern)
"""A whole line holding ``key:``, its indentation first."""
_TEXT_KEYS: set[str] = set()
"""Keys already known to be text: field names recur in every file (one ``Scalar`` rule serves every caller)."""
_FLOW_ENTRY = re.compile(_NAME + r": +(.+)$")
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*)?$')
_SINGLE = re.compile(r"'([^']*)'(?: +#.*)?$")
_FLOW_DOUBLE = re.compile(r'"([^"\\,]*)"$')
_FLOW_SINGLE = re.compile(r"'([^',]*)'$")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""Characters that, first in a value, make it something other than plain text."""
_FLOW_STOP = re.compile(r"[\[\]{},#:'\"]")
"""Inside ``{ }`` and ``[ ]`` these end or quote text; values holding them are left to libyaml."""


def _plain_line(text: str) -> bool:
    """Whether ``text`` (not empty, after ``key:`` or ``-``) is plain text that ends on its line, with no comment."""
    return text[0] not in _INDICATORS and text[-1] not in " :" and ": " not in text and " #" not in text


class NotPlain(Exception):
    """Outside the shape this reader takes: read the file with libyaml instead."""


def read(text: str, scalar: Scalar) -> tuple[dict[str, Any], dict[Loc, int]]:
    """The mapping a data file holds and the line of every value, or :class:`NotPlain`."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not text.replace("\n", "").isprintable() and _unusual_characters(text):
        raise NotPlain
    reader = _Reader(text.split("\n"), scalar)
    if reader.next_indent() != 0:
        raise NotPlain
    reader.found[()] = reader.at + 1
    data = reader.mapping(0, (), 1)
    return data, reader.found


def _unusual_characters(text: str) -> bool:
    """Whether ``text`` holds a :data:`SPECIAL` or non-printable character.

    Called only when ``str.isprintable`` fails: every character this finds is
    one Python does not call printable (a test holds it to that), and Chinese
    text usually is printable throughout, which Python checks several times
    faster than a regular expression can.
    """
    return any(c in text for c in SPECIAL) or NON_PRINTABLE.search(text) is not None


class _Reader:
    """One pass over the lines; ``at`` is the line being read, ``found`` the line of each value so far."""

    def __init__(self, lines: list[str], scalar: Scalar) -> None:
        self.lines = lines
        self.scalar = scalar
        self.at = 0
        self.found: dict[Loc, int] = {}

    def next_indent(self) -> int:
        """Move to the next line holding something other than a comment; its indentation, or -1 at the end."""
        lines, at = self.lines, self.at
        while at < len(lines):
            line = lines[at]
            body = line.lstrip(" ")
            if body and body[0] != "#":
                self.at = at
                return len(line) - len(body)
            at += 1
        self.at = at
        return -1

    def block(self, indent: int, loc: Loc, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise NotPlain
        line = self.lines[self.at]
        if line[indent] == "-" and line[indent + 1:indent + 2] in ("", " "):
            return self.sequence(indent, loc, depth)
        return self.mapping(indent, loc, depth)

    def mapping(self, indent: int, loc: Loc, depth: int) -> dict[str, Any]:
        """Keys lined up at ``indent``; the line being read is kept in a local (``self.at`` around calls only).

        This loop is most of what reading a nominee file costs, ten thousand
        times over: names it uses are looked up once, not once a line.
        """
        out: dict[str, Any] = {}
        lines, found, scalar, entry = self.lines, self.found, self.scalar, _ENTRY.match
        count, at = len(lines), self.at
        while at < count:
            line = lines[at]
            match = entry(line)
            if match is None:
                body = line.lstrip(" ")
                if not body or body[0] == "#":
                    at += 1
                    continue
                self.at = at
                if len(line) - len(body) < indent:
                    return out
                raise NotPlain
            spaces, key, rest = match.groups()
            if len(spaces) != indent:
                self.at = at
                if len(spaces) < indent:
                    return out
                raise NotPlain
            if key in out or (key not in _TEXT_KEYS and not self.text_key(key)):
                raise NotPlain
            here = (*loc, key)
            at += 1
            found[here] = at  # the line's number: its index plus one
            if rest and _plain_line(rest):  # most of a data file: what value() would do
                out[key] = scalar(rest)
                continue
            self.at = at - 1
            out[key] = self.value(rest, indent, here, depth)
            at = self.at
        self.at = at
        return out

    def text_key(self, key: str) -> bool:
        """Whether ``key`` is text to PyYAML (``on``, ``yes`` or ``2026-01-01`` are not); remembered."""
        if type(self.scalar(key)) is not str:
            return False
        if len(_TEXT_KEYS) < 4096:
            _TEXT_KEYS.add(key)
        return True

    def sequence(self, indent: int, loc: Loc, depth: int) -> list[Any]:
        out: list[Any] = []
        while self.next_indent() >= indent:
            line = self.lines[self.at]
            if line[indent] != "-" or line[indent + 1:indent + 2] not in ("", " "):
                raise NotPlain  # a mapping key, or a line more indented than the list
            body = line[indent + 1:].lstrip(" ")
            here = (*loc, len(out))
            if not body or body[0] == "#":  # the item is on the lines below
                self.at += 1
                if self.next_indent() <= indent:
                    raise NotPlain  # an empty item: libyaml places its line differently
                self.found[here] = self.at + 1
                out.append(self.block(self.next_indent(), here, depth + 1))
                continue
            self.found[here] = self.at + 1
            if _plain_line(body):
                out.append(self.scalar(body))  # as a notice's nominee ids: what value() does
                self.at += 1
                continue
            column = len(line) - len(body)
            if _KEY.match(line, column):  # "- key: value": a mapping whose keys line up under the first
                self.lines[self.at] = " " * column + body
                out.append(self.mapping(column, here, depth + 1))
            else:
                out.append(self.value(body, indent, here, depth))
        return out

    def value(self, rest: str | None, indent: int, here: Loc, depth: int) -> Any:
        """What follows ``key:`` or ``-`` on the current line (and below it, for blocks) of a node at ``indent``."""
        rest = rest.rstrip(" ") if rest else ""
        first = rest[:1]
        if first and first not in _INDICATORS:  # plain text, the usual case
            cut = rest.find(" #")
            text = rest if cut < 0 else rest[:cut].rstrip(" ")
            if ": " in text or text[-1] == ":":
                raise NotPlain
            value: Any = self.scalar(text)
        elif not first or first == "#":
            self.at += 1
            below = self.next_indent()
            return self.block(below, here, depth + 1) if below > indent else self.scalar("")
        elif first == "|":
            return self.literal(rest, indent)
        elif first == '"' or first == "'":
            match = (_DOUBLE if first == '"' else _SINGLE).match(rest)
            if match is None:
                raise NotPlain
            value = match.group(1)
        elif first == "{" or first == "[":
            value = self.flow(rest, here)
        else:
            raise NotPlain
        self.at += 1  # text going on below, more indented, is refused by the loop that reads the next line
        return value

    def flow(self, rest: str, here: Loc) -> dict[str, Any] | list[Any]:
        """``{key: value, …}`` or ``[value, …]`` on one line, holding plain text only."""
        opening, closing = rest[0], "}" if rest[0] == "{" else "]"
        if rest[-1] != closing:
            raise NotPlain
        inner = rest[1:-1]
        parts = [part.strip(" ") for part in inner.split(",")] if inner.strip(" ") else []
        number = self.at + 1
        if opening == "[":
            items = []
            for index, part in enumerate(parts):
                self.found[(*here, index)] = number
                items.append(self.flow_scalar(part))
            return items
        out: dict[str, Any] = {}
        for part in parts:
            match = _FLOW_ENTRY.match(part)
            if match is None or match.group(1) in out or not self.text_key(match.group(1)):
                raise NotPlain
            self.found[(*here, match.group(1))] = number
            out[match.group(1)] = self.flow_scalar(match.group(2))
        return out

    def flow_scalar(self, text: str) -> Any:
        if text and text[0] in "\"'":
            match = (_FLOW_DOUBLE if text[0] == '"' else _FLOW_SINGLE).match(text)
            if match is None:
                raise NotPlain
            return match.group(1)
        if not text or text[0] in _INDICATORS or _FLOW_STOP.search(text):
            raise NotPlain
        return self.scalar(text)

    def literal(self, header: str, indent: int) -> str:
        """A ``|`` or ``|-`` block: its lines without their common indentation, line breaks kept."""
        if header not in ("|", "|-"):
            raise NotPlain  # folded, kept or explicitly indented blocks
        lines, start = self.lines, self.at + 1
        first = start
        while first < len(lines) and not lines[first].strip(" "):
            first += 1
        if first == len(lines):
            raise NotPlain
        margin = len(lines[first]) - len(lines[first].lstrip(" "))
        if margin <= indent:
            raise NotPlain
        kept: list[str] = []
        prefix = " " * margin
        last = end = start
        count = len(lines)
        for end in range(start, count):
            line = lines[end]
            if line.startswith(prefix):
                text = line[margin:]
                if text:
                    if not text.strip(" "):
                        raise NotPlain  # spaces beyond the margin on an empty line are text: left to libyaml
                    last = end
                kept.append(text)
            elif line.strip(" "):
                break
            else:
                kept.append("")
        else:
            end = count
        self.at = end
        text = "\n".join(kept[:last - start + 1])
        if header == "|" and last + 1 < len(lines):  # the final line break, unless the file ends without one
            text += "\n"
        return text
