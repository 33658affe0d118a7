"""Working days under the State Council's holiday schedule, and the 公示 windows built on them."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from click.testing import CliRunner

from publisher.cli.main import main
from publisher.data.dataset import load_dataset
from publisher.data.workdays import CalendarError, Window, WorkCalendar, status
from publisher.errors import DataError

ROOT = Path(__file__).resolve().parent.parent
CALENDAR_DIR = ROOT / "data" / "calendar"
NO_2027 = "没有 2027 年的节假日安排数据：国务院公布后请添加 data/calendar/2027.yaml（字段 source、holidays、workdays）。"
A_2027 = "source: 测试用的 2027 年安排\nholidays:\n  - 2027-01-01\n"


def days(*isos: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(s) for s in isos)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.load(CALENDAR_DIR)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work from tmp_path so that messages show ``data/calendar/...`` as staff would see it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "calendar").mkdir(parents=True)
    return tmp_path / "data" / "calendar"


WINDOWS = [
    ("国庆: 10-1..10-7 off, 10-8 Thu works", "2026-09-28", 5,
     days("2026-09-28", "2026-09-29", "2026-09-30", "2026-10-08", "2026-10-09")),
    ("ordinary Saturday opens on Monday", "2026-07-04", 5,
     days("2026-07-06", "2026-07-07", "2026-07-08", "2026-07-09", "2026-07-10")),
    ("中秋 Saturday opens on Monday", "2026-09-26", 5,
     days("2026-09-28", "2026-09-29", "2026-09-30", "2026-10-08", "2026-10-09")),
    ("调休 Sunday is day 1", "2026-09-20", 5,
     days("2026-09-20", "2026-09-21", "2026-09-22", "2026-09-23", "2026-09-24")),
    ("across the Spring Festival, 2-14 Sat works", "2026-02-10", 7,
     days("2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13", "2026-02-14", "2026-02-24", "2026-02-25")),
    ("published inside 国庆, 10-10 Sat works", "2026-10-03", 5,
     days("2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12", "2026-10-13")),
    ("元旦, then 1-4 Sunday works", "2026-01-01", 3, days("2026-01-04", "2026-01-05", "2026-01-06")),
    ("5-9 Saturday after 劳动节 works", "2026-05-08", 2, days("2026-05-08", "2026-05-09")),
]


@pytest.mark.parametrize(("why", "published", "n", "expected"), WINDOWS, ids=[w[0] for w in WINDOWS])
def test_window(cal: WorkCalendar, why: str, published: str, n: int, expected: tuple[date, ...]) -> None:
    window = cal.window(date.fromisoformat(published), n)
    assert window == Window(expected[0], expected[-1], expected)


@pytest.mark.parametrize(("day", "working"), [
    ("2026-10-01", False), ("2026-10-08", True), ("2026-10-10", True), ("2026-10-11", False),
    ("2026-09-20", True), ("2026-02-14", True), ("2026-02-23", False), ("2026-07-06", True), ("2026-07-05", False),
])
def test_is_working_day(cal: WorkCalendar, day: str, working: bool) -> None:
    assert is_working_day(cal, date.fromisoformat(day)) is working


def is_working_day(cal: WorkCalendar, day: date) -> bool:
    """As a notice published that day sees it: its one-day window is that very day."""
    return cal.window(day, 1).start == day


def test_the_2026_file_agrees_with_chinesecalendar_all_year(cal: WorkCalendar) -> None:
    assert 2026 in cal.files  # the file, not the package, decides 2026
    year = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    assert year[-1] == date(2026, 12, 31)
    disagree = [d for d in year if is_working_day(cal, d) != chinese_calendar.is_workday(d)]
    assert disagree == []


@pytest.mark.parametrize(("start", "end", "text"), [
    ("2026-09-28", "2026-10-09", "2026年9月28日至10月9日（5个工作日）"),
    ("2026-12-28", "2027-01-05", "2026年12月28日至2027年1月5日（5个工作日）"),
    ("2026-09-28", "2026-09-28", "2026年9月28日（1个工作日）"),
])
def test_describe(start: str, end: str, text: str) -> None:
    s, e = date.fromisoformat(start), date.fromisoformat(end)
    count = 1 if s == e else 5
    assert Window(s, e, (s,) * count).describe() == text


@pytest.mark.parametrize(("today", "expected"), [
    ("2026-09-26", "upcoming"), ("2026-09-27", "upcoming"), ("2026-09-28", "open"), ("2026-10-01", "open"),
    ("2026-10-09", "open"), ("2026-10-10", "closed"),
])
def test_status(cal: WorkCalendar, today: str, expected: str) -> None:
    assert status(cal.window(date(2026, 9, 26)), date.fromisoformat(today)) == expected


@pytest.mark.parametrize("ask", [
    lambda c: c.window(date(2026, 12, 28)),
    lambda c: c.window(date(2027, 3, 1)),
    lambda c: c.window(date(2027, 1, 4), 1),
])
def test_a_year_without_data_is_an_error_not_monday_to_friday(in_tmp: Path, ask) -> None:
    with pytest.raises(CalendarError) as caught:
        ask(WorkCalendar.load(in_tmp))
    assert str(caught.value) == NO_2027
    assert caught.value.year == 2027


def test_a_2027_file_makes_the_window_work(in_tmp: Path) -> None:
    (in_tmp / "2027.yaml").write_text(A_2027, encoding="utf-8")
    window = WorkCalendar.load(in_tmp).window(date(2026, 12, 28))
    assert window.working_days == days("2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-04")
    assert window.describe() == "2026年12月28日至2027年1月4日（5个工作日）"


def test_a_file_overrides_the_package(in_tmp: Path) -> None:
    (in_tmp / "2026.yaml").write_text("source: 更正\nholidays: [2026-09-28]\n", encoding="utf-8")
    cal = WorkCalendar.load(in_tmp)
    assert cal.window(date(2026, 9, 28), 2).working_days == days("2026-09-29", "2026-09-30")
    assert is_working_day(cal, date(2026, 10, 1)) is True  # the file is the whole truth for its year


BAD_FILES = [
    ("a date of another year", "2027.yaml",
     "source: 测试\nholidays:\n  - 2027-01-01\n  - 2026-12-31\n",
     ["data/calendar/2027.yaml:4: holidays[2]: 2026-12-31 不是 2027 年的日期：2027.yaml 只写 2027 年的安排，"
      "2026 年的请写在 2026.yaml 里"]),
    ("a weekday in workdays", "2027.yaml",
     "source: 测试\nholidays: [2027-01-01]\nworkdays:\n  - 2027-01-09\n  - 2027-01-11\n",
     ["data/calendar/2027.yaml:5: workdays[2]: 2027-01-11 是星期一：workdays 只写调休上班的周六、周日"
      "（周一至周五本来就上班）"]),
    ("a day both off and on", "2027.yaml",
     "source: 测试\nholidays:\n  - 2027-01-01\n  - 2027-01-02\nworkdays:\n  - 2027-01-02\n",
     ["data/calendar/2027.yaml:6: workdays[1]: 2027-01-02 同时写在 holidays（放假）和 workdays（上班）里，请只保留一处"]),
    ("an unknown key", "2027.yaml",
     "sourse: 测试\nholidays: [2027-01-01]\n",
     ["data/calendar/2027.yaml:1: source: 缺少这一项，请补上",
      "data/calendar/2027.yaml:1: sourse: 不认识的字段（是否应为 source？）"]),
    ("a number for a date", "2027.yaml",
     "source: 测试\nholidays:\n  - 20270101\n",
     ["data/calendar/2027.yaml:3: holidays[1]: 日期应写成 YYYY-MM-DD，例如 2027-10-01"]),
    ("a file not named by its year", "next-year.yaml",
     A_2027,
     ["data/calendar/next-year.yaml: 文件名: “next-year.yaml”应以四位年份命名，例如 2027.yaml。"]),
    ("two files for one year", "2027.yml",
     A_2027,
     ["data/calendar/2027.yml: 与 data/calendar/2027.yaml 重名（只有扩展名不同），无法判断该用哪一个："
      "请把两个文件合并成一个，删除另一个。"]),
]


@pytest.mark.parametrize(("why", "name", "text", "expected"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_calendar_files(in_tmp: Path, why: str, name: str, text: str, expected: list[str]) -> None:
    if name == "2027.yml":
        (in_tmp / "2027.yaml").write_text(A_2027, encoding="utf-8")
    (in_tmp / name).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        WorkCalendar.load(in_tmp)
    assert [str(p) for p in caught.value.problems] == expected


# --- publisher dates -----------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, ["dates", *args])


def test_dates_text() -> None:
    result = run("2026-09-28", "--data", str(ROOT / "data"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "2026年9月28日至10月9日（5个工作日）",
        "  2026-09-28 星期一", "  2026-09-29 星期二", "  2026-09-30 星期三", "  2026-10-08 星期四", "  2026-10-09 星期五",
    ]


def test_dates_json_shape() -> None:
    result = run("2026-09-19", "--days", "2", "--json", "--data", str(ROOT / "data"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"start": "2026-09-20", "end": "2026-09-21",
                                         "working_days": ["2026-09-20", "2026-09-21"]}
    assert list(json.loads(result.output)) == ["start", "end", "working_days"]


def test_dates_into_2027_without_a_file_exits_1(in_tmp: Path) -> None:
    result = run("2026-12-28", "--data", "data")
    assert result.exit_code == 1
    assert result.output == f"错误：{NO_2027}\n"


def test_dates_with_a_2027_file(in_tmp: Path) -> None:
    (in_tmp / "2027.yaml").write_text(A_2027, encoding="utf-8")
    result = run("2026-12-28", "--json")  # --data defaults to ./data
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["end"] == "2027-01-04"


def test_dates_with_a_bad_calendar_file_exits_1(in_tmp: Path) -> None:
    (in_tmp / "2027.yaml").write_text("source: 测试\nholidays: [2027-01-01]\nworkdays: [2027-01-11]\n", encoding="utf-8")
    result = run("2026-09-28")
    assert result.exit_code == 1
    assert "data/calendar/2027.yaml:3: workdays[1]: 2027-01-11 是星期一" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["2026-13-01"], "“2026-13-01”不是有效日期：请写成 YYYY-MM-DD，例如 2026-09-28。"),
    (["20260928"], "“20260928”不是有效日期：请写成 YYYY-MM-DD，例如 2026-09-28。"),
    (["2026/09/28"], "“2026/09/28”不是有效日期：请写成 YYYY-MM-DD，例如 2026-09-28。"),
    (["2026-09-28", "--days", "0"], "--days"),
])
def test_dates_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


# --- notices in the dataset ------------------------------------------------------

NOMINEE = """kind: collective
name: 重庆某某汽车有限公司总装车间
recommender: liangjiang
unit: 重庆某某汽车有限公司
unit_type: enterprise
summary: 建成智能总装线。
deeds: 建成智能总装线，年产整车二十万辆。
submitted_on: 2026-06-28
status: shortlisted
"""

NOTICE = """title: 关于制造强市先进集体拟表彰对象的公示
stage: city
issued_by: 重庆市经济和信息化委员会
published_on: {published}
nominees: [lj-zongzhuang]
contacts: [jxw-ganbu]
"""


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    (data / "nominees").mkdir(parents=True)
    (data / "notices").mkdir()
    for name in ("program.yaml", "recommenders.yaml", "contacts.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    shutil.copytree(CALENDAR_DIR, data / "calendar")
    (data / "nominees" / "lj-zongzhuang.yaml").write_text(NOMINEE, encoding="utf-8")
    return data


def write_notice(data: Path, published: str, extra: str = "") -> None:
    (data / "notices" / "2026-city.yaml").write_text(NOTICE.format(published=published) + extra, encoding="utf-8")


@pytest.mark.parametrize(("published", "extra", "expected"), [
    ("2026-09-28", "end: 2026-10-08\n",
     ["data/notices/2026-city.yaml:7: end: 公示结束日期应为 2026-10-09（从 2026-09-28 起第 5 个工作日），"
      "而不是 2026-10-08。"]),
    ("2026-09-26", "working_days: 7\nend: 2026-10-09\n",
     ["data/notices/2026-city.yaml:8: end: 公示结束日期应为 2026-10-12（从 2026-09-28 起第 7 个工作日），"
      "而不是 2026-10-09。"]),
    ("2026-12-28", "", [f"data/notices/2026-city.yaml:4: published_on: {NO_2027}"]),
])
def test_notice_window_problems(tiny: Path, published: str, extra: str, expected: list[str]) -> None:
    write_notice(tiny, published, extra)
    with pytest.raises(DataError) as caught:
        load_dataset(tiny)
    assert [str(p) for p in caught.value.problems] == expected


@pytest.mark.parametrize("extra", ["", "end: 2026-10-09\n"])
def test_notice_windows_in_the_dataset(tiny: Path, extra: str) -> None:
    write_notice(tiny, "2026-09-28", extra)
    dataset = load_dataset(tiny)
    assert dataset.calendar is not None and 2026 in dataset.calendar.files
    assert dataset.windows == {"2026-city": Window(
        date(2026, 9, 28), date(2026, 10, 9),
        days("2026-09-28", "2026-09-29", "2026-09-30", "2026-10-08", "2026-10-09"))}
