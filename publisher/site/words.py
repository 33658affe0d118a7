"""The one table of display words: ``templates/words.yaml``, the package's and a program's own.

A word the public reads (全市公示, 公示中, a feed's title, a summary sentence)
must be the same on the page, in the feed, the calendar and the open data, so
all of them read it here. The package ships the whole table; a program writes
only the entries it changes in its own ``templates/words.yaml``, merged by key.
An entry the table does not have, or a ``{name}`` a sentence cannot be given, is
refused with the file, line and entry: a typo must not silently keep the old word.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

from publisher.data.yaml_reader import YamlDoc, YamlProblem, read_yaml
from publisher.defaults import TEMPLATES
from publisher.errors import DataError, Problem, display_path

FILE = "words.yaml"


class Words(Mapping[str, Any]):
    """The merged table, read-only; templates and code read ``words.stage.city`` or ``words.say("feed.window", …)``."""

    def __init__(self, table: Mapping[str, Any]) -> None:
        self._table = {k: Words(v) if isinstance(v, Mapping) else v for k, v in table.items()}

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_table"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._table[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def word(self, key: str) -> str:
        """The entry at a dotted key, e.g. ``stage.city``."""
        value: Any = self
        for part in key.split("."):
            value = value[part]
        return str(value)

    def say(self, key: str, **values: object) -> str:
        """The sentence at ``key`` with its ``{names}`` filled in."""
        return self.word(key).format_map(values)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def _merge(base: dict[str, Any], own: YamlDoc, at: tuple[str, ...], into: dict[str, Any],
           problems: list[Problem]) -> None:
    """``into`` (a copy of ``base``) with the entries of the project's mapping at ``at``."""
    where = display_path(own.path)
    mapping: Any = own.data
    for part in at:
        mapping = mapping[part]
    for key, value in mapping.items():
        loc = (*at, key)
        name = ".".join(map(str, loc))
        line = own.line_of(loc)
        if key not in base:
            known = "、".join(base)
            problems.append(Problem(where, line, name, f"没有这个词条（这一层可写：{known}），请检查拼写。"))
        elif isinstance(base[key], dict):
            if not isinstance(value, dict):
                problems.append(Problem(where, line, name, "这里应是一组词条（“名称: 文字”），而不是单个文字。"))
            else:
                into[key] = dict(base[key])
                _merge(base[key], own, loc, into[key], problems)
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(where, line, name, "这里应写一段文字（不能为空）。"))
        else:
            try:
                extra = _fields(value) - _fields(base[key])
            except ValueError:
                extra = {"{"}
            if extra:
                allowed = "、".join(f"{{{f}}}" for f in sorted(_fields(base[key]))) or "无"
                problems.append(Problem(where, line, name, f"文字里的花括号只能是 {allowed}；"
                                        "要写花括号本身，请写成 {{ 或 }}。"))
            else:
                into[key] = value


def _read(path: Path) -> YamlDoc:
    try:
        return read_yaml(path)
    except YamlProblem as exc:
        raise DataError([exc.problem]) from None


def load_words(project_templates: Path | None = None) -> Words:
    """The package's table, with the entries of the program's own ``words.yaml`` (when it has one) merged in."""
    base = _read(TEMPLATES / FILE).data
    own = project_templates / FILE if project_templates is not None else None
    if own is None or not own.is_file():
        return Words(base)
    merged = dict(base)
    problems: list[Problem] = []
    _merge(base, _read(own), (), merged, problems)
    if problems:
        raise DataError(problems)
    return Words(merged)


@cache
def default_words() -> Words:
    """The package's own table: what staff-facing messages and the data's accepted words follow."""
    return load_words(None)
