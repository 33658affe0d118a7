"""Pydantic's validation errors in words an office worker understands.

Pydantic speaks to programmers ("Input should be a valid integer"); our readers
fill in YAML files in a text editor. Each known error type gets a Chinese
sentence saying what to write instead; unknown types keep pydantic's text so
that nothing is hidden.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from publisher.data.models import ID_PATTERN
from publisher.data.yaml_reader import Loc, YamlDoc
from publisher.errors import Problem

_SIMPLE = {
    "missing": "缺少这一项，请补上",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数（不带小数）",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true（是）或 false（否）",
    "bool_parsing": "应为 true（是）或 false（否）",
    "list_type": "应为列表（每项一行，以“- ”开头）",
    "dict_type": "应为“字段: 值”的映射",
    "model_type": "应为“字段: 值”的映射",
    "model_attributes_type": "应为“字段: 值”的映射",
    "date_type": "日期应写成 YYYY-MM-DD，例如 2026-07-03",
    "date_parsing": "日期应写成 YYYY-MM-DD，例如 2026-07-03",
    "date_from_datetime_parsing": "日期应写成 YYYY-MM-DD，例如 2026-07-03（这个日期不存在或格式不对）",
    "date_from_datetime_inexact": "只写日期 YYYY-MM-DD，不要写时间",
    "string_too_short": "不能为空",
    "too_short": "不能为空",
    "union_tag_not_found": "缺少 kind（collective 集体 / individual 个人）",
}


def _unknown_key(key: object, allowed_keys: Iterable[str]) -> str:
    allowed = sorted(allowed_keys)
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.7)
    if close:
        return f"不认识的字段（是否应为 {close[0]}？）"
    if allowed:
        return "不认识的字段（是否拼写错误？）可用的字段有：" + "、".join(allowed)
    return "不认识的字段（是否拼写错误？）"


def _message(error: dict[str, Any], allowed_keys: Iterable[str] = ()) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind == "extra_forbidden":
        return _unknown_key(error["loc"][-1], allowed_keys)
    if kind in ("literal_error", "enum"):
        words = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"取值应为以下之一：{'、'.join(words) or ctx.get('expected', '')}"
    if kind == "union_tag_invalid":
        return f"kind 应为 collective（集体）或 individual（个人），而不是 {ctx.get('tag')!r}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return "编号只能用小写字母、数字和连字符（-），以字母或数字开头，最长 64 个字符"
        return f"格式不对（应符合 {ctx.get('pattern')}）"
    if kind in ("greater_than_equal", "greater_than"):
        return f"应不小于 {_number(ctx.get('ge', ctx.get('gt')))}"
    if kind in ("less_than_equal", "less_than"):
        return f"应不大于 {_number(ctx.get('le', ctx.get('lt')))}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return str(error["msg"])


def _number(value: object) -> object:
    """70 rather than 70.0: staff never wrote the decimal."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _clean_loc(loc: tuple[Any, ...], tags: frozenset[str]) -> Loc:
    """Drop the discriminator tag pydantic puts first for a tagged union."""
    if loc and loc[0] in tags:
        loc = loc[1:]
    return tuple(x for x in loc if not (isinstance(x, str) and x.startswith("function-")))


def _field_name(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_from(exc: ValidationError, doc: YamlDoc, shown: str, *, prefix: Loc = (),
                  tags: frozenset[str] = frozenset(), allowed: dict[Loc, Iterable[str]] | None = None) -> list[Problem]:
    """Turn a pydantic error into one :class:`Problem` per location, with lines from ``doc``."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = (*prefix, *_clean_loc(error["loc"], tags))
        keys = (allowed or {}).get(loc[:-1], ()) if error["type"] == "extra_forbidden" else ()
        field = _field_name(loc) or ("kind" if error["type"].startswith("union_tag") else "")
        problems.append(Problem(shown, doc.line_of(loc), field, _message(error, keys)))
    return problems
