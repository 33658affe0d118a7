"""Reading one YAML file safely, keeping the line of every value.

Why not plain ``yaml.safe_load``: staff need ``file:line`` in every message, so
we compose the node tree with PyYAML's C loader (libyaml; the nodes carry their
marks) and construct from it. Files come from many hands, so we also guard what
``safe_load`` does not: text encodings other than UTF-8 (WPS and Notepad save
GBK by default), alias bombs, nesting deep enough to crash libyaml, keys written
twice, and oversized files.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from publisher.errors import Problem, display_path

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The C loader is several times faster; the pure one serves only where libyaml is missing."""


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading, except that an impossible date (2026-06-31) stays text.

    PyYAML raises a bare ValueError without a line for those; as text, the
    model reports it at its line with the date format to use.
    """


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

MAX_BYTES = 1024 * 1024
"""A nominee file is a few kilobytes; a megabyte is surely a mistake (or an attack)."""
MAX_DEPTH = 20
"""The contract nests three levels at most; libyaml's composer crashes near 100,000."""

Loc = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """The constructed data and, for each location, the line it was written on."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest written parent (a missing key)."""
        for n in range(len(loc), -1, -1):
            if loc[:n] in self.lines:
                return self.lines[loc[:n]]
        return 1


class YamlProblem(Exception):
    """The file cannot be read at all; carries the one problem."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(Problem(display_path(path), 1, "", "文件是 UTF-16 编码，请另存为“UTF-8”编码后再试。"))
    body = raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw  # as utf-8-sig, decoded in C
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            msg = "文件不是 UTF-8 文本（可能不是 YAML 文件），请用文本编辑器另存为“UTF-8”编码。"
        else:
            msg = ("文件是 GBK/GB18030 编码，需要 UTF-8：在 WPS 或记事本中“另存为”，"
                   "编码选“UTF-8”，再运行一次。")
        raise YamlProblem(Problem(display_path(path), line, "", msg)) from None


def _needs_event_scan(text: str) -> bool:
    """Aliases, anchors and deep flow nesting all need one of these characters."""
    return "&" in text or "*" in text or text.count("[") + text.count("{") > MAX_DEPTH


def _scan_events(text: str, path: Path) -> None:
    """Refuse aliases and deep nesting before composing, which would expand or crash."""
    depth = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1
                raise YamlProblem(Problem(display_path(path), line, "", "不支持 YAML 锚点/别名（& 和 *），请把内容直接写出来。"))
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1
                    raise YamlProblem(Problem(display_path(path), line, "", f"嵌套层次超过 {MAX_DEPTH} 层，文件格式不对。"))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


def _record_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    """Note the line of every value; a key written twice is refused (YAML would keep only the last)."""
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if (*loc, key.value) in lines:
                    raise _DuplicateKey(key.value, key.start_mark.line + 1, lines[(*loc, key.value)])
                lines[(*loc, key.value)] = key.start_mark.line + 1
                if not isinstance(value, yaml.ScalarNode):
                    _record_lines(value, (*loc, key.value), lines)
                    lines[(*loc, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record_lines(item, (*loc, i), lines)


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Unusual(Exception):
    """A node :func:`_build` leaves to PyYAML's constructor: merge keys, complex keys, ``!!set`` and the like."""


def _build(loader: _Loader, node: yaml.Node, loc: Loc, lines: dict[Loc, int], twice: list[_DuplicateKey]) -> Any:
    """The data of ``node``, noting lines as :func:`_record_lines` does, in one walk.

    Data files are mappings, lists and scalars; for those this gives what
    PyYAML's ``construct_document`` gives (its constructors make every scalar
    that is not plain text) without its generic bookkeeping, which costs more
    than composing. Anything else raises :class:`_Unusual`. Keys written twice
    go to ``twice``, reported once the walk is done, after any constructor error.
    """
    kind = type(node)
    if kind is yaml.ScalarNode:
        return node.value if node.tag == _STR else loader.construct_object(node)
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        items = []
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1
            items.append(_build(loader, item, (*loc, index), lines, twice))
        return items
    if kind is not yaml.MappingNode or node.tag != _MAP:
        raise _Unusual
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if type(key_node) is not yaml.ScalarNode or key_node.tag == "tag:yaml.org,2002:merge":
            raise _Unusual
        here, line = (*loc, key_node.value), key_node.start_mark.line + 1
        if here in lines:
            twice.append(_DuplicateKey(key_node.value, line, lines[here]))
        lines[here] = line
        key = key_node.value if key_node.tag == _STR else loader.construct_object(key_node)
        mapping[key] = _build(loader, value_node, here, lines, twice)
    return mapping


def _construct(loader: _Loader, node: yaml.Node) -> tuple[Any, dict[Loc, int]]:
    """The document's data and the line of every value; a key written twice raises :class:`_DuplicateKey`."""
    lines: dict[Loc, int] = {(): node.start_mark.line + 1}
    twice: list[_DuplicateKey] = []
    try:
        data = _build(loader, node, (), lines, twice)
    except _Unusual:
        data, lines = loader.construct_document(node), {}
        _record_lines(node, (), lines)  # after the constructor, whose errors come first
        return data, lines
    if twice:
        raise twice[0]
    return data, lines


def _hint(line_text: str, what: str) -> str | None:
    """The usual slips of people typing YAML in Chinese editors, in their words."""
    if "constructor for the tag" in what:
        return "不支持以 ! 开头的 YAML 标签（例如 !!python/…），数据文件里只写文字、数字、日期和列表。"
    if "\t" in line_text:
        return "这一行用了 Tab 键缩进：YAML 只能用空格缩进，请把 Tab 换成空格。"
    if "：" in line_text and ":" not in line_text.split("#")[0]:
        return "这一行的冒号是全角“：”：字段名后面要用半角冒号加空格，例如 name: 张三。"
    return None


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The line to point at and what to say; a recognised slip is named on its own line."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    what = exc.problem or exc.context or "格式不对"
    if "nesting depth" in what:
        return line, f"嵌套层次超过 {MAX_DEPTH} 层，文件格式不对。"
    lines = text.splitlines()
    marks = [m.line for m in (exc.problem_mark, exc.context_mark) if m is not None]
    candidates = [i for i in dict.fromkeys([*marks, *(m - 1 for m in marks)]) if 0 <= i < len(lines)]
    for index in candidates:
        hint = _hint(lines[index], what)
        if hint:
            return index + 1, f"YAML 格式错误：{hint}"
    opened = ""
    if exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        opened = f"（第 {exc.context_mark.line + 1} 行开始的内容没有正确结束）"
    return line, f"YAML 格式错误{opened}：{what}。请检查缩进、冒号后的空格、括号和引号是否成对。"


def _unreadable_character(exc: yaml.reader.ReaderError, text: str, path: Path) -> Problem:
    """An invisible control character, usually pasted from a web page or a Word file, at its line."""
    character = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or " ")
    where = text.find(chr(character))
    line = text.count("\n", 0, where) + 1 if where >= 0 else 1
    return Problem(display_path(path), line, "", f"这一行有看不见的控制字符（U+{character:04X}），"
                   "多半是从网页或 Word 复制来的：请删掉这一行重新输入。")


def parse_text(text: str, path: Path, *, source: bytes | None = None) -> YamlDoc:
    """Parse ``text``; raises :class:`YamlProblem` for anything unreadable.

    ``source``, the UTF-8 bytes ``text`` was decoded from, is what libyaml reads
    when given (it would otherwise encode ``text`` again); ``text`` serves the messages.
    """
    try:
        if _needs_event_scan(text):
            _scan_events(text, path)
        loader = _Loader(text if source is None else source)
        try:
            node = loader.get_single_node()
            data, lines = _construct(loader, node) if node is not None else (None, {})
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        line, message = _yaml_problem(exc, text)
        raise YamlProblem(Problem(display_path(path), line, "", message)) from None
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_unreadable_character(exc, text, path)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(display_path(path), 1, "", f"YAML 格式错误：{exc}")) from None
    except _DuplicateKey as dup:
        raise YamlProblem(Problem(display_path(path), dup.line, str(dup.key), f"这个字段写了两次（第一次在第 {dup.first} 行），"
                                  "请删掉其中一个：否则只有后一个算数。")) from None
    return YamlDoc(path=path, data=data, lines=lines)


def read_yaml(path: Path) -> YamlDoc:
    """Read a data file: size limit, encoding, YAML, a mapping at the root."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlProblem(Problem(display_path(path), 0, "", f"文件太大（{size // 1024} KB，上限 {MAX_BYTES // 1024} KB），"
                                  "不像是一份数据文件，请检查。"))
    raw = path.read_bytes()
    text = _decode(raw, path)
    if not text.strip():
        raise YamlProblem(Problem(display_path(path), 1, "", "文件是空的，请填写内容或删除这个文件。"))
    doc = parse_text(text, path, source=raw)
    if not isinstance(doc.data, dict):
        raise YamlProblem(Problem(display_path(path), 1, "", "文件内容应是“字段: 值”的形式（YAML 映射），而不是列表或单个值。"))
    return doc
