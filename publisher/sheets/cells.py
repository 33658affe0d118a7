"""One cell → one contract value, or a :class:`CellError` saying what to type instead.

Excel and WPS change what staff typed: 1985-03 becomes a date, a phone number
becomes a number, 18-digit ID numbers lose their last digits, Alt+Enter leaves
``\\r\\n``. Each column type undoes what can be undone safely and refuses the
rest with a message naming the expected format; the pydantic models then check
the values as they check a YAML file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from publisher.data.models import BORN_RE
from publisher.sheets.columns import HONOUR_LEVEL_CHOICES, Column
from publisher.sheets.formulas import trigger

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})-|/(\d{1,2})/|年(\d{1,2})月)(\d{1,2})日?$")
_HONOUR = re.compile(r"^(\d{4})\s*年?\s*(.+?)\s*[（(]\s*([^（()）]+?)\s*[)）]$")
_TRUE = frozenset({"是", "true", "yes", "y", "1", "√", "✓"})
_FALSE = frozenset({"否", "false", "no", "n", "0", "×", "✗"})
MAX_EXACT_DIGITS = 15
"""Excel keeps 15 significant digits: a longer number typed into a number cell is already damaged."""
HONOUR_EXAMPLE = "2023 重庆市五一劳动奖章（省部级）"


class CellError(ValueError):
    """A cell that cannot become a contract value; the message is for office staff."""


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: object) -> str:
    """A cell value as the spreadsheet shows it, for quoting in a message."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _long_text(value: object) -> str:
    """Paragraphs kept, spaces at line ends dropped (they would only force quoted YAML)."""
    return "\n".join(_lines(shown(value))).strip("\n")


def _text(value: object) -> str:
    """One line: an accidental Alt+Enter inside a name or unit is joined back."""
    return " ".join(line for line in _lines(shown(value)) if line)


def _one_line(value: object) -> str:
    """A name, unit or position: it is printed in lists, the open-data CSV and exported workbooks.

    Text that a spreadsheet would run (``=HYPERLINK(…)``, ``+1``, ``@SUM``, full-width ``＝``) is never a
    real name; every writer would quote it anyway, so here it is refused, where the clerk can fix it.
    """
    text = _text(value)
    start = trigger(text)
    if start is not None:
        raise CellError(f"以“{start}”开头，表格软件会把它当作公式运行：请删去开头的“{start}”，只写文字")
    return text


def _secret(value: object) -> str:
    if isinstance(value, float) and not value.is_integer():
        raise CellError("被存成了带小数的数字，请把这一列设为“文本”格式后重新输入")
    if isinstance(value, int | float) and len(str(abs(int(value)))) > MAX_EXACT_DIGITS:
        raise CellError(f"被 Excel 当成了数字，超过 {MAX_EXACT_DIGITS} 位的部分已变成 0：请把这一列设为“文本”格式后"
                        "重新输入")
    return _text(value)


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        raise CellError("应为日期 YYYY-MM-DD，例如 2026-07-01")
    year, month, day = int(match[1]), int(match[2] or match[3] or match[4]), int(match[5])
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError("这个日期不存在，请核对（格式 YYYY-MM-DD）") from None


def _month(value: object) -> str:
    """出生年月 as text; a date cell (Excel's own reading of 1985-03) keeps its year and month."""
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    text = shown(value)
    if not BORN_RE.match(text):
        raise CellError("应为 YYYY-MM，例如 1985-03（请把这一列设为“文本”格式）")
    return text


def _number(value: object) -> int | float:
    if isinstance(value, bool | date):
        raise CellError("应为数字，例如 12")
    if isinstance(value, int | float):
        number = value
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            raise CellError("应为数字，例如 12") from None
    return int(number) if float(number).is_integer() else number


def _choice(value: object, column: Column) -> str:
    picked = column.value_of(shown(value))
    if picked is None:
        raise CellError("应为下拉列表中的一项：" + "、".join(column.labels))
    return picked


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = shown(value).lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise CellError("应为“是”或“否”")


def _recommender(value: object, recommenders: Mapping[str, str]) -> str:
    """By name (the drop-down) or by id; an unknown one gets the closest name as a hint."""
    word = _text(value)
    if word in recommenders:
        return recommenders[word]
    close = difflib.get_close_matches(word, [k for k in recommenders if not k.isascii()], n=1, cutoff=0.5)
    hint = f"（是否应为“{close[0]}”？）" if close else "，请从下拉列表选择或先在 recommenders.yaml 里添加"
    raise CellError(f"不在 recommenders.yaml 里{hint}")


def _honour_level(word: str, n: int, line: str) -> str:
    for value, label in HONOUR_LEVEL_CHOICES:
        if word in (label, str(value)):
            return str(value)
    labels = "/".join(label for _, label in HONOUR_LEVEL_CHOICES)
    raise CellError(f"第 {n} 项“{line}”的级别“{word}”应为 {labels} 之一")


def _honours(value: object) -> list[dict[str, Any]]:
    """One honour per line (or separated by ；): 年份 荣誉名称（级别）."""
    items = [part.strip() for line in _lines(shown(value)) for part in re.split(r"[；;]", line) if part.strip()]
    out = []
    for n, line in enumerate(items, start=1):
        match = _HONOUR.match(line)
        if match is None:
            raise CellError(f"第 {n} 项“{line}”应写成：年份 荣誉名称（级别），例如 {HONOUR_EXAMPLE}")
        out.append({"title": match[2], "year": int(match[1]), "level": _honour_level(match[3], n, line)})
    return out


_CONVERTERS: dict[str, Callable[[Column, object, Mapping[str, str]], Any]] = {
    "text": lambda c, v, r: _one_line(v),
    "long": lambda c, v, r: _long_text(v),
    "secret": lambda c, v, r: _secret(v),
    "date": lambda c, v, r: _date(v),
    "month": lambda c, v, r: _month(v),
    "number": lambda c, v, r: _number(v),
    "choice": lambda c, v, r: _choice(v, c),
    "bool": lambda c, v, r: _bool(v),
    "recommender": lambda c, v, r: _recommender(v, r),
    "honours": lambda c, v, r: _honours(v),
}


def convert(column: Column, value: object, recommenders: Mapping[str, str]) -> Any:
    """The contract value of a non-blank cell; raises :class:`CellError` with what to type instead.

    ``recommenders`` maps both names and ids to the id.
    """
    return _CONVERTERS[column.type](column, value, recommenders)
