"""Working days under mainland China's official holiday schedule (国务院节假日安排).

A 公示 lasts "5个工作日" (notice 四): holidays and 调休 weekends change which days
count, so Monday–Friday would give wrong windows around 国庆 and 春节. The State
Council publishes each year's schedule in November; ``chinesecalendar`` follows
it, but only up to the release installed, so the office can write (or correct) a
year in ``data/calendar/<year>.yaml``, which then wins. A year covered by neither
is an error, never a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import chinese_calendar
from pydantic import AfterValidator, BeforeValidator, Field

from publisher.data.loading import data_files, load_all, load_model, read_doc
from publisher.data.models import Notice, Strict, Text
from publisher.data.yaml_reader import Loc, YamlDoc
from publisher.errors import DataError, Problem, PublishError, display_path

WEEKDAY_WORDS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
WindowStatus = Literal["upcoming", "open", "closed"]
_YEAR_STEM = re.compile(r"^\d{4}$")


class CalendarError(PublishError):
    """A date falls in a year whose holiday schedule nobody has given us."""

    def __init__(self, year: int, folder: Path):
        self.year = year
        path = display_path(folder / f"{year}.yaml")
        super().__init__(f"没有 {year} 年的节假日安排数据：国务院公布后请添加 {path}（字段 source、holidays、workdays）。")


# --- data/calendar/<year>.yaml ----------------------------------------------


def _no_numbers(value: object) -> object:
    """Pydantic reads a bare number as a Unix timestamp; staff mean a typo, not 1970."""
    if isinstance(value, int | float):
        raise ValueError("日期应写成 YYYY-MM-DD，例如 2027-10-01")
    return value


def _weekend(day: date) -> date:
    if day.weekday() < 5:
        raise ValueError(f"{day.isoformat()} 是{WEEKDAY_WORDS[day.weekday()]}：workdays 只写调休上班的周六、周日"
                         "（周一至周五本来就上班）")
    return day


Day = Annotated[date, BeforeValidator(_no_numbers)]
WeekendDay = Annotated[date, BeforeValidator(_no_numbers), AfterValidator(_weekend)]


class CalendarYear(Strict):
    """One year of the State Council's schedule, as the office copies it from the notice."""

    source: Text
    """The notice the dates come from, so that a reader can check them."""
    holidays: list[Day] = Field(min_length=1)
    """Dates off (放假), weekends inside a holiday period may be listed too."""
    workdays: list[WeekendDay] = []
    """Saturdays and Sundays that are working days (调休上班)."""

    def conflicts(self, year: int) -> list[tuple[Loc, str]]:
        """Checks that need the year, which only the file name knows (hence not a validator)."""
        out: list[tuple[Loc, str]] = []
        for key in ("holidays", "workdays"):
            for i, day in enumerate(getattr(self, key)):
                if day.year != year:
                    out.append(((key, i), f"{day.isoformat()} 不是 {year} 年的日期：{year}.yaml 只写 {year} 年的安排，"
                                          f"{day.year} 年的请写在 {day.year}.yaml 里"))
        off = set(self.holidays)
        for i, day in enumerate(self.workdays):
            if day in off:
                out.append((("workdays", i), f"{day.isoformat()} 同时写在 holidays（放假）和 workdays（上班）里，"
                                             "请只保留一处"))
        return out


def load_calendar_year(path: Path) -> tuple[int, CalendarYear]:
    """One ``<year>.yaml``; every problem carries the file and line."""
    shown = display_path(path)
    if not _YEAR_STEM.match(path.stem):
        raise DataError([Problem(shown, 0, "文件名", f"“{path.name}”应以四位年份命名，例如 2027.yaml。")])
    year = int(path.stem)
    model = load_model(path, CalendarYear)
    issues = model.conflicts(year)
    if issues:
        doc = read_doc(path)  # read again only for the lines; the happy path stays a single read
        raise DataError([Problem(shown, doc.line_of(loc), f"{loc[0]}[{int(loc[1]) + 1}]", message)
                         for loc, message in issues])
    return year, model


# --- windows -----------------------------------------------------------------


def chinese_date(day: date, *, with_year: bool = True) -> str:
    text = f"{day.month}月{day.day}日"
    return f"{day.year}年{text}" if with_year else text


@dataclass(frozen=True)
class Window:
    """A 公示期: from its first to its last working day, both included."""

    start: date
    end: date
    working_days: tuple[date, ...]

    def describe(self) -> str:
        """The wording of published pages: "2026年9月28日至10月9日（5个工作日）"."""
        count = f"（{len(self.working_days)}个工作日）"
        if self.start == self.end:
            return chinese_date(self.start) + count
        end = chinese_date(self.end, with_year=self.end.year != self.start.year)
        return f"{chinese_date(self.start)}至{end}{count}"

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "working_days": [d.isoformat() for d in self.working_days]}


def status(window: Window, today: date) -> WindowStatus:
    """Where ``today`` stands: 即将开始 / 公示中 (start..end inclusive) / 已结束."""
    if today < window.start:
        return "upcoming"
    return "closed" if today > window.end else "open"


def _days_of_year(year: int) -> list[date]:
    first = date(year, 1, 1)
    count = (date(year, 12, 31) - first).days + 1
    return [first + timedelta(days=n) for n in range(count)]


class WorkCalendar:
    """Which days are working days; each year is computed once, on first use."""

    def __init__(self, folder: Path, files: Mapping[int, CalendarYear]):
        self.folder = folder
        self.files = dict(files)
        self._years: dict[int, tuple[date, ...]] = {}
        """Each year's working days, sorted, so that a window is two bisections and a slice."""

    @classmethod
    def load(cls, calendar_dir: Path) -> WorkCalendar:
        """Read every ``<year>.yaml`` (a missing folder means: the package's data only)."""
        paths, problems = data_files(calendar_dir)  # one file a year: a 2027.yml beside 2027.yaml is reported there
        loaded, bad = load_all(paths, load_calendar_year)
        if problems or bad:
            raise DataError(problems + bad)
        return cls(calendar_dir, dict(loaded))

    def _year(self, year: int) -> tuple[date, ...]:
        days = self._years.get(year)
        if days is None:
            working = self._from_file(year) if year in self.files else self._from_package(year)
            days = self._years[year] = tuple(working)
        return days

    def _from_file(self, year: int) -> list[date]:
        spec = self.files[year]
        off, on = set(spec.holidays), set(spec.workdays)
        return [d for d in _days_of_year(year) if d in on or (d.weekday() < 5 and d not in off)]

    def _from_package(self, year: int) -> list[date]:
        if not 1 < year < 9999:
            raise CalendarError(year, self.folder)
        try:
            return [d for d in _days_of_year(year) if chinese_calendar.is_workday(d)]
        except NotImplementedError:
            raise CalendarError(year, self.folder) from None

    def window(self, published_on: date, days: int = 5) -> Window:
        """Day 1 is the publication date if it is a working day, else the next working day."""
        if days < 1:
            raise ValueError("a window has at least one working day")
        picked: list[date] = []
        year, since = published_on.year, published_on
        while len(picked) < days:
            working = self._year(year)
            i = bisect_left(working, since)
            picked.extend(working[i:i + days - len(picked)])
            year += 1
            since = date(year, 1, 1) if year <= 9999 else since
        return Window(picked[0], picked[-1], tuple(picked))


def notice_windows(calendar: WorkCalendar, notices: Mapping[str, Notice], docs: Mapping[str, YamlDoc],
                   default_days: int) -> tuple[dict[str, Window], list[Problem]]:
    """Each notice's window, and a problem where the data contradicts the calendar."""
    windows: dict[str, Window] = {}
    problems: list[Problem] = []
    for notice_id, notice in notices.items():
        doc = docs[notice_id]
        shown = display_path(doc.path)
        try:
            window = calendar.window(notice.published_on, notice.working_days or default_days)
        except CalendarError as exc:
            problems.append(Problem(shown, doc.line_of(("published_on",)), "published_on", str(exc)))
            continue
        windows[notice_id] = window
        if notice.end is not None and notice.end != window.end:
            problems.append(Problem(shown, doc.line_of(("end",)), "end",
                                    f"公示结束日期应为 {window.end.isoformat()}（从 {window.start.isoformat()} 起"
                                    f"第 {len(window.working_days)} 个工作日），而不是 {notice.end.isoformat()}。"))
    return windows, problems
