"""Reading one YAML file safely, keeping the line of every value.

Why not plain ``yaml.safe_load``: staff need ``file:line`` in every message, so
we compose the node tree (which carries marks) and construct from it. Files come
from many hands, so we also guard what ``safe_load`` does not: text encodings
other than UTF-8 (WPS and Notepad save GBK by default), alias bombs, nesting deep
enough to crash libyaml, and oversized files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, display_path

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The C loader is about 7x faster; the pure one serves only where libyaml is missing."""


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
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
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


def parse_text(text: str, path: Path) -> YamlDoc:
    """Parse ``text``; raises :class:`YamlProblem` for anything unreadable."""
    try:
        if _needs_event_scan(text):
            _scan_events(text, path)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        line, message = _yaml_problem(exc, text)
        raise YamlProblem(Problem(display_path(path), line, "", message)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(display_path(path), 1, "", f"YAML 格式错误：{exc}")) from None
    lines: dict[Loc, int] = {}
    if node is not None:
        try:
            _record_lines(node, (), lines)
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
    text = _decode(path.read_bytes(), path)
    if not text.strip():
        raise YamlProblem(Problem(display_path(path), 1, "", "文件是空的，请填写内容或删除这个文件。"))
    doc = parse_text(text, path)
    if not isinstance(doc.data, dict):
        raise YamlProblem(Problem(display_path(path), 1, "", "文件内容应是“字段: 值”的形式（YAML 映射），而不是列表或单个值。"))
    return doc
