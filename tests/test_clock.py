"""Which day it is: SOURCE_DATE_EPOCH is used only when it is a moment of a 公示, and otherwise named in a message.

MkDocs takes ``int()`` of the variable for the sitemap and the gzip header of
``sitemap.xml.gz``: text, an empty value, a decimal or a negative number failed
the build with a traceback. The corpus (``tests/corpus/epoch-*``) runs the command.
"""

from __future__ import annotations

from datetime import date

import pytest

from publisher import clock


@pytest.mark.parametrize(("value", "day"), [
    ("1795140000", date(2026, 11, 20)),
    (" 1795140000\n", date(2026, 11, 20)),  # as a shell or a CI file may leave it; int() takes it too
    ("946656000", date(2000, 1, 1)),  # midnight in Beijing, the first second allowed
    ("4133951999", date(2100, 12, 31)),  # the last one
])
def test_a_good_epoch_gives_the_day_in_beijing(monkeypatch: pytest.MonkeyPatch, value: str, day: date) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert clock.today() == day
    assert clock.today(date(2026, 9, 29)) == date(2026, 9, 29)


@pytest.mark.parametrize(("value", "message"), [
    ("", "环境变量 SOURCE_DATE_EPOCH 是空的"),
    ("tomorrow", "的值“tomorrow”不是数字"),
    ("-5", "的值“-5”是负数"),
    ("1795140000.5", "的值“1795140000.5”带小数"),
    ("1.79514e9", "的值“1.79514e9”不是数字"),
    ("１７９５１４００００", "不是数字"),  # full-width digits: int() would take them, MkDocs too
    ("0", "SOURCE_DATE_EPOCH=0 对应北京时间 1970-01-01，不在 2000–2100 年之间"),
    ("946655999", "对应北京时间 1999-12-31"),
    ("4133952000", "对应北京时间 2101-01-01"),
    ("1795140000000", "（看起来是毫秒数，请去掉最后三位数字）"),
    ("9" * 30, "对应远在 9999 年之后的时间"),
])
def test_a_bad_epoch_is_named_in_a_message(monkeypatch: pytest.MonkeyPatch, value: str, message: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(clock.ClockError, match=message) as caught:
        clock.now()
    assert "例如 1795140000" in str(caught.value) or "unset SOURCE_DATE_EPOCH" in str(caught.value)


def test_no_epoch_means_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert clock.source_date_epoch() is None
    assert clock.out_of_range(clock.today()) is None


def test_days_outside_the_years_of_a_publicity_are_named() -> None:
    assert clock.out_of_range(date(2000, 1, 1)) is None and clock.out_of_range(date(2100, 12, 31)) is None
    assert clock.out_of_range(date(1999, 12, 31)) == "1999-12-31 不在 2000–2100 年之间，请检查年份"
    assert clock.out_of_range(date(2101, 1, 1)) == "2101-01-01 不在 2000–2100 年之间，请检查年份"
