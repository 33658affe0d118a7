"""Open data: lists as published (JSON, Excel-friendly CSV), the windows calendar, the catalogue."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar, Component

from publisher.guards.privacy import Guard
from publisher.site.model import SiteModel
from publisher.site.open_data import CSV_HEADER, build_open_data

from .test_feeds import PRIVATE_VALUES, make_data, make_model

SITE = "https://biaozhang.example.gov.cn/"
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def model(tmp_path: Path) -> SiteModel:
    return make_model(make_data(tmp_path / "data"))


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def events(data: bytes) -> list[Component]:
    return Calendar.from_ical(data).walk("VEVENT")


def test_paths(model: SiteModel) -> None:
    out = build_open_data(model, SITE)
    assert sorted(out) == ["data/decision.csv", "data/decision.json", "data/index.json",
                           "data/notices/2026-city.csv", "data/notices/2026-city.json", "data/windows.ics"]


def test_no_decision_no_decision_files(model: SiteModel) -> None:
    out = build_open_data(replace(model, decision=None, revocations=()), SITE)
    assert not any(p.startswith("data/decision") for p in out)
    assert "data/decision.json" not in out["data/index.json"].decode()


def test_notice_json_is_the_list_as_published(model: SiteModel) -> None:
    doc = json.loads(build_open_data(model, SITE)["data/notices/2026-city.json"])
    assert doc["title"] == "关于制造强市先进集体和先进个人拟表彰对象的公示"
    assert (doc["stage"], doc["published_on"], doc["source"]) == ("city", "2026-09-28", "notices/2026-city/")
    assert doc["window"]["start"] == "2026-09-28" and doc["window"]["end"] == "2026-10-09"
    assert len(doc["window"]["working_days"]) == 5
    # the withdrawn collective was on the notice when it was published, so it stays in the notice's data
    assert [r["name"] for r in doc["collectives"]] == ["重庆某某汽车有限公司总装车间"]
    wang = doc["individuals"][0]
    assert wang == {"id": "liangjiang-wang-fang", "kind": "individual", "name": "王芳", "notes": "女，土家族",
                    "unit": "重庆某某电子有限公司", "position": "测试工程师", "recommender": "两江新区",
                    "listed_as": "王芳（女，土家族） 重庆某某电子有限公司测试工程师", "section": "先进个人"}


def test_decision_json_leaves_out_the_withdrawn(model: SiteModel) -> None:
    doc = json.loads(build_open_data(model, SITE)["data/decision.json"])
    assert (doc["document_number"], doc["source"]) == ("渝人社发〔2026〕99号", "decision/")
    assert doc["collectives"] == []
    assert [r["name"] for r in doc["individuals"]] == ["王芳"]
    assert doc["revocations"][0]["nominees"] == ["liangjiang-wang-fang"]


def test_json_is_readable_chinese_with_stable_keys(model: SiteModel) -> None:
    for path, data in build_open_data(model, SITE).items():
        if path.endswith(".json"):
            text = data.decode("utf-8")
            assert "\\u" not in text and text.endswith("}\n")
            assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_csv_opens_in_excel_and_reads_back(model: SiteModel) -> None:
    out = build_open_data(model, SITE)
    raw = out["data/notices/2026-city.csv"]
    assert raw.count(b"\r\n") == 3 and raw.endswith(b"\r\n")
    rows = read_csv(raw)
    assert tuple(rows[0]) == CSV_HEADER == ("序号", "类别", "名称", "备注", "工作单位", "职务", "推荐单位")
    assert rows[1:] == [["1", "先进集体", "重庆某某汽车有限公司总装车间", "", "重庆某某汽车有限公司", "", "两江新区"],
                        ["1", "先进个人", "王芳", "女，土家族", "重庆某某电子有限公司", "测试工程师", "两江新区"]]
    notice = json.loads(out["data/notices/2026-city.json"])
    assert [r[2] for r in rows[1:]] == [p["name"] for p in notice["collectives"] + notice["individuals"]]
    decision = read_csv(out["data/decision.csv"])
    assert [r[2] for r in decision[1:]] == ["王芳"]


def test_windows_calendar(model: SiteModel) -> None:
    data = build_open_data(model, SITE)["data/windows.ics"]
    cal = Calendar.from_ical(data)
    assert str(cal["PRODID"]) == "-//publisher//表彰公示//ZH" and str(cal["VERSION"]) == "2.0"
    assert "公示期" in str(cal["X-WR-CALNAME"])
    [event] = events(data)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert type(start) is date and type(end) is date, "all-day events"
    assert b"DTSTART;VALUE=DATE:20260928" in data and b"DTEND;VALUE=DATE:20261010" in data
    assert (start, end) == (date(2026, 9, 28), date(2026, 10, 10)), "exclusive end: the last day, 10月9日, included"
    assert str(event["UID"]) == "notice-2026-city@biaozhang.example.gov.cn"
    # the 更正 of 9月30日 at Beijing midnight, in UTC; never the build time
    assert event.decoded("DTSTAMP") == datetime(2026, 9, 29, 16, 0, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "关于制造强市先进集体和先进个人拟表彰对象的公示"
    assert str(event["DESCRIPTION"]).startswith("公示期为2026年9月28日至10月9日（5个工作日）")
    assert str(event["URL"]) == "https://biaozhang.example.gov.cn/notices/2026-city/"
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines folded at 75 octets"


def test_calendar_uid_is_stable_and_url_needs_a_site(tmp_path: Path) -> None:
    plain = make_model(make_data(tmp_path / "a", correction=False))
    corrected = make_model(make_data(tmp_path / "b"))
    before = events(build_open_data(plain, SITE)["data/windows.ics"])[0]
    after = events(build_open_data(corrected, SITE)["data/windows.ics"])[0]
    assert str(before["UID"]) == str(after["UID"])
    assert before.decoded("DTSTAMP") < after.decoded("DTSTAMP")
    without = events(build_open_data(corrected, None)["data/windows.ics"])[0]
    # without a site_url argument the program's own address gives the same UID
    assert str(without["UID"]) == str(after["UID"]) and "URL" not in without


def test_catalogue(model: SiteModel) -> None:
    out = build_open_data(model, SITE)
    index = json.loads(out["data/index.json"])
    listed = {f["path"]: f["format"] for f in index["files"]}
    assert listed == {"data/notices/2026-city.json": "JSON", "data/notices/2026-city.csv": "CSV",
                      "data/decision.json": "JSON", "data/decision.csv": "CSV", "data/windows.ics": "iCalendar"}
    assert set(out) == set(listed) | {"data/index.json"}
    assert all(f["title"] for f in index["files"])


def test_no_private_value_anywhere(model: SiteModel) -> None:
    guard = Guard(model.dataset)
    for path, data in build_open_data(model, SITE).items():
        text = data.decode("utf-8-sig")
        unfolded = text.replace("\r\n ", "")  # iCalendar folds long lines: a value may straddle a fold
        for t in (text, unfolded):
            assert not any(value in t for value in PRIVATE_VALUES), path
            assert list(guard.scan_text(t)) == [], path
        assert "withdrawn" not in text and "shortlisted" not in text, path


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build_open_data(make_model(make_data(tmp_path / "a")), SITE)
    second = build_open_data(make_model(make_data(tmp_path / "b")), SITE)
    assert first == second
