"""Which day it is, in the only time zone that matters here.

A 公示 opens and closes on Beijing time whatever the server's zone. A build is
reproducible when ``SOURCE_DATE_EPOCH`` is set: then today comes from it, so the
same input gives the same statuses and the same bytes.

Every day the publisher is told (``--today``, a start date, ``SOURCE_DATE_EPOCH``)
lies between :data:`FIRST_DAY` and :data:`LAST_DAY`: no 公示 happens outside, so a
date there is a slip of the keyboard (a missing digit, milliseconds for seconds),
and MkDocs' own use of ``SOURCE_DATE_EPOCH`` (the sitemap, the gzip header) fails
with a traceback on text, negative or far-off values.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from publisher.errors import PublishError

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
MAX_SECONDS = 253402300800
"""The first second after year 9999, which ``datetime`` cannot show."""
EPOCH_EXAMPLE = "1795140000"
"""2026-11-20 10:00 in Beijing, for messages."""


class ClockError(PublishError):
    """``SOURCE_DATE_EPOCH`` is set to something that is not a moment of a 公示."""


def out_of_range(day: date) -> str | None:
    """Why ``day`` cannot be meant (in Chinese), or None when it lies in the years of :data:`FIRST_DAY`–:data:`LAST_DAY`."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"{day.isoformat()} 不在 {FIRST_DAY.year}–{LAST_DAY.year} 年之间，请检查年份"


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` in whole seconds, None when unset; :class:`ClockError` when it is unusable.

    Checked before MkDocs reads it: MkDocs takes ``int()`` of it as it is.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        raise ClockError("环境变量 SOURCE_DATE_EPOCH 是空的：要固定生成日期，请写成秒数（例如 "
                         f"SOURCE_DATE_EPOCH={EPOCH_EXAMPLE}）；不需要时请删除这个变量（unset SOURCE_DATE_EPOCH）。")
    how = f"应写成自 1970-01-01 起的整数秒数，例如 {EPOCH_EXAMPLE}（北京时间 2026-11-20 10:00）"
    if not re.fullmatch(r"[0-9]+", text):
        why = ("是负数" if re.fullmatch(r"-[0-9]+", text) else "带小数" if re.fullmatch(r"-?[0-9]*\.[0-9]*", text)
               else "不是数字")
        raise ClockError(f"环境变量 SOURCE_DATE_EPOCH 的值“{raw}”{why}：{how}。")
    seconds = int(text)
    first, last = at_midnight(FIRST_DAY).timestamp(), at_midnight(LAST_DAY).timestamp() + 86399
    if first <= seconds <= last:
        return seconds
    hint = "（看起来是毫秒数，请去掉最后三位数字）" if first <= seconds // 1000 <= last else ""
    when = (f"北京时间 {datetime.fromtimestamp(seconds, SHANGHAI):%Y-%m-%d}" if seconds < MAX_SECONDS
            else "远在 9999 年之后的时间")
    raise ClockError(f"环境变量 SOURCE_DATE_EPOCH={text} 对应{when}，不在 {FIRST_DAY.year}–{LAST_DAY.year} 年之间{hint}：{how}。")


def now() -> datetime:
    """The moment of the build in Asia/Shanghai, fixed by ``SOURCE_DATE_EPOCH`` when set (see :func:`source_date_epoch`)."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, SHANGHAI)
    return datetime.now(SHANGHAI)


def today(explicit: date | None = None) -> date:
    """``--today`` when given, else the (reproducible) date of :func:`now`."""
    return explicit if explicit is not None else now().date()


def at_midnight(day: date) -> datetime:
    """A date as the aware moment it begins in Beijing, for feeds and calendars."""
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
