"""Order names the way published commendation lists do.

公示 and 表彰决定 lists state their order, almost always "按姓氏笔画排序": fewer strokes first, and
equal stroke counts ordered by the stroke shapes 横、竖、撇、点、折 stroke by stroke (GB13000.1 字序,
笔画式), never by code point. Readers check this: 王 (4 strokes, first stroke 横) must come before
巴 (4 strokes, first stroke 折) although 巴 has the lower code point.

The per-character rank comes from the data file that PyPI ``cn-sort`` ships
(``cn_sort/res/all_word.json``: one entry per character reading, each with a
``stroke_increment_level`` that orders by stroke count, then stroke shapes). The package itself is
never imported: importing it reconfigures logging and writes log files into the current folder.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

SORT_ORDERS = ("stroke", "pinyin", "as-listed")

_DATA_FILE = ("res", "all_word.json")

# Compound surnames (复姓) are split off as a whole, so that "same surname" means the whole 复姓.
# A small list of the ones met in practice; a 单姓 whose given name happens to start with the
# second character (司 + 马力) is read as the 复姓: lists give no way to tell them apart.
# fmt: off
COMPOUND_SURNAMES = frozenset(
    (
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
        "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "万俟", "闻人", "轩辕", "澹台", "公冶",
        "申屠", "太史", "钟离", "宗政", "濮阳", "淳于", "单于", "呼延", "赫连", "拓跋", "西门",
    )
)

# Separators inside transliterated minority names (阿不都·热合曼); such names get no surname split.
_NAME_DOTS = frozenset("·‧・•")
# Ignored everywhere: lists pad two-character names with an ideographic space (王　伟) to align them.
_IGNORED = frozenset(" \t\u3000")

# Corrections to the data, each checked by hand. 达 (一丿丶丶㇋㇏, 6 strokes) is ranked among the
# 5-stroke characters in cn-sort 0.14; it belongs between 灰 (一丿丶丿丿丶) and 戍 (一丿丶㇂丿丶).
_RANK_FIXES: dict[str, float] = {"达": 926.5}

# Surname readings where pypinyin's default reading is not the surname's (曾 zēng, not céng).
# pypinyin 0.55 has no surname mode, so the first character of a person's name is looked up here.
_SURNAME_PINYIN: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",), "单": ("shan",), "解": ("xie",), "仇": ("qiu",), "查": ("zha",),
    "朴": ("piao",), "区": ("ou",), "盖": ("ge",), "缪": ("miao",), "翟": ("zhai",),
    "乐": ("yue",), "覃": ("qin",), "种": ("chong",), "秘": ("bi",), "召": ("shao",),
    "员": ("yun",), "繁": ("po",), "隗": ("wei",), "都": ("du",), "句": ("gou",),
    "能": ("nai",), "折": ("she",), "黑": ("he",), "祭": ("zhai",),
    "尉迟": ("yu", "chi"), "长孙": ("zhang", "sun"), "万俟": ("mo", "qi"), "单于": ("chan", "yu"),
}
# fmt: on


def _data_path() -> Path:
    """Find cn-sort's data file without running the package's ``__init__`` (see module docstring).

    ``find_spec`` of a top-level package only locates it; it does not execute it.
    """
    spec = importlib.util.find_spec("cn_sort")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location).joinpath(*_DATA_FILE)
            if candidate.is_file():
                return candidate
    try:
        candidate = Path(str(importlib.metadata.distribution("cn-sort").locate_file("cn_sort/res/all_word.json")))
    except importlib.metadata.PackageNotFoundError:
        candidate = None
    if candidate is not None and candidate.is_file():
        return candidate
    raise RuntimeError(
        "stroke order needs the data file of the PyPI package cn-sort (pip install 'cn-sort>=0.14,<0.15')"
    )


@cache
def _stroke_ranks() -> dict[str, float]:
    """Character -> stroke rank, read once. Every reading of a character carries the same rank."""
    with _data_path().open(encoding="utf-8") as fh:
        entries = json.load(fh)["all_word"]
    ranks: dict[str, float] = {entry["chinese"]: entry["stroke_increment_level"] for entry in entries}
    ranks.update(_RANK_FIXES)
    return ranks


def _char_key(ch: str) -> tuple[int, float]:
    """Known characters by stroke rank; unknown ones after all of them, by code point (deterministic)."""
    rank = _stroke_ranks().get(ch)
    return (0, rank) if rank is not None else (1, ord(ch))


def _clean(name: str) -> str:
    return "".join(ch for ch in name if ch not in _IGNORED)


def _split(name: str) -> tuple[str, str] | None:
    """(surname, given name), or None for a dotted minority name, which has no surname split."""
    if any(ch in _NAME_DOTS for ch in name):
        return None
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2], name[2:]
    return name[:1], name[1:]


def stroke_key(name: str) -> tuple:
    """Sort key for a person's name, "按姓氏笔画排序".

    Surnames by stroke order (a 复姓 as a whole, character by character); within the same surname
    single-character given names come before two-character ones, as national lists do; then the
    given name by stroke order. A dotted name (阿不都·热合曼) is compared character by character,
    ignoring the dot. The name itself breaks the remaining ties.
    """
    cleaned = _clean(name)
    parts = _split(cleaned)
    if parts is None:
        chars = tuple(_char_key(ch) for ch in cleaned if ch not in _NAME_DOTS)
        return (chars, 0, (), name)
    surname, given = parts
    return (tuple(map(_char_key, surname)), len(given), tuple(map(_char_key, given)), name)


def collective_key(name: str) -> tuple:
    """Sort key for a unit or collective: its official name character by character by stroke order.

    Units have no surname, so there is no given-name length rule; a name that is a prefix of
    another comes first.
    """
    return (tuple(_char_key(ch) for ch in _clean(name)), name)


def _syllables(text: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin  # lazy: only pinyin-ordered lists pay for loading it

    return tuple(item[0] for item in pinyin(text, style=Style.NORMAL, heteronym=False))


def pinyin_key(name: str) -> tuple:
    """Sort key for a person's name in pinyin order (按姓氏拼音排序), for lists that state it.

    Toneless pinyin (Style.NORMAL); the surname is read as a surname (曾 zeng, 单 shan), since
    pypinyin has no surname mode; dots and padding spaces are ignored. The name itself breaks ties.
    """
    cleaned = _clean(name)
    parts = _split(cleaned)
    if parts is None:
        return (_syllables("".join(ch for ch in cleaned if ch not in _NAME_DOTS)), name)
    surname, given = parts
    head = _SURNAME_PINYIN.get(surname) or _syllables(surname)
    return (head + (_syllables(given) if given else ()), name)


def _collective_pinyin_key(name: str) -> tuple:
    return (_syllables(_clean(name)), name)


def sort_names(
    items: Sequence[T],
    *,
    key: Callable[[T], str],
    order: str = "stroke",
    collective: bool = False,
) -> list[T]:
    """Return ``items`` in the order a published list states.

    ``order`` is one of SORT_ORDERS: "stroke" (按姓氏笔画排序, the usual statement), "pinyin", or
    "as-listed" (the recommending body's own order, e.g. by merit, kept exactly). ``collective``
    selects unit-name rules (no surname). ``key`` gives each item's name. The sort is stable, so
    identical names keep their input order. An unknown order raises ValueError naming the allowed
    ones, rather than silently publishing a list in an order it does not state.
    """
    if order not in SORT_ORDERS:
        raise ValueError(f"unknown order {order!r}; allowed orders: {', '.join(SORT_ORDERS)}")
    if order == "as-listed":
        return list(items)
    if order == "stroke":
        name_key = collective_key if collective else stroke_key
    else:
        name_key = _collective_pinyin_key if collective else pinyin_key
    return sorted(items, key=lambda item: name_key(key(item)))
