"""The field types every data file is made of: ids, plain text, names, phones, e-mail, publication times, strict models.

A name is printed in lists, feeds and spreadsheets, so it is one line of plain
text with nothing unseen in it; a model forbids unknown keys, so that a typo
(``sumary:``) is an error rather than silently ignored data.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from publisher.data.plaintext import INVISIBLE_CLASS, describe, email, phone

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)
BORN_RE = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Non-empty text; surrounding whitespace is not part of what a reader counts.

Shown as plain text wherever it lands, never as Markdown or HTML; a text of several
lines (an intro, a preamble) is shown as one paragraph per line."""
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
_REFUSED = re.compile(f"[<>\\x00-\\x1f\\x7f{INVISIBLE_CLASS}]")
"""Markup, control characters and invisible ones: one search, ten thousand files a run."""


def _plain(value: str) -> str:
    """Names and titles are printed in lists, feeds and spreadsheets: one line, no markup, nothing unseen."""
    found = _REFUSED.search(value)
    if found is None:
        return value
    char = found.group()
    if char in "<>" or char < " " or char == "\x7f":
        shown = "换行等控制字符" if char not in "<>" else f"“{char}”"
        raise ValueError(f"不能包含{shown}：名称和标题只写文字（网页标记会被当作攻击处理）")
    raise ValueError(f"不能包含看不见的字符 {describe(char)}：它会让名称在网页上显示得和文件里不一样，"
                     "或让同一名称看起来是两个。请删除这个字符后保存（常见于从网页、微信或 PDF 复制的文字）")


Name = Annotated[Text, AfterValidator(_plain)]
"""A name, unit, position or title: one line of plain text."""
Phone = Annotated[Text, AfterValidator(phone)]
"""Shown as a ``tel:`` link."""
Email = Annotated[Text, AfterValidator(email)]
"""Shown as a ``mailto:`` link."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


BEIJING_FORMAT = "%Y-%m-%d %H:%M"
PUBLISHED_AT_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


def _published_at(value: object) -> object:
    """发布时间 in Beijing time, written ``YYYY-MM-DD HH:MM``; a YAML timestamp with seconds or a zone is accepted too."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
        return value.replace(second=0, microsecond=0)
    example = "应写成 YYYY-MM-DD HH:MM（北京时间，24 小时制，日期和时间之间一个空格），例如 2026-09-28 09:00"
    if not isinstance(value, str):
        raise ValueError(f"{example}（只写时间时请连同日期一起写）")
    text = value.strip()
    try:
        if PUBLISHED_AT_RE.match(text):
            return datetime.strptime(text, BEIJING_FORMAT)
    except ValueError:
        raise ValueError(f"{example}；“{text}”不是存在的日期或时间") from None
    raise ValueError(f"{example}，而不是“{text}”")


PublishedAt = Annotated[datetime, BeforeValidator(_published_at)]
"""When a document went online; without one, pages say 00:00 of its publication date (site/documents.py)."""


def on_publication_day(day_field: str):  # noqa: ANN202 - a pydantic validator factory
    """The time must fall on the document's publication date: the site publishes it on that day."""

    def check(cls: type, value: datetime | None, info: ValidationInfo) -> datetime | None:
        day = info.data.get(day_field)
        if value is not None and isinstance(day, date) and value.date() != day:
            raise ValueError(f"发布时间 {value.strftime(BEIJING_FORMAT)} 不在 {day_field}（{day.isoformat()}）那一天："
                             f"网站在 {day_field} 这天发布，请写这一天的时间，例如 {day.isoformat()} 09:00")
        return value

    return field_validator("published_at")(classmethod(check))
