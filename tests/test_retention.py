"""Retention: a 公示 list leaves every file of the site on its retirement day, and only its list.

The demo's city list closes on 2026-10-09; with ``publicity_retention_days: 90`` it is
public up to 2027-01-06 and retired from 2027-01-07. The site is built the day before
and the day after, from the demo's data without its decision (so that every name of
every list is a name that must go), and every file of ``site/`` is read as the
privacy guard reads it (gzip unpacked, xlsx and PDF text, JSON strings), spellings
squeezed, for every name, unit and position the lists held.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from icalendar import Calendar

from publisher.cli.main import main
from publisher.data.dataset import Dataset, load_dataset
from publisher.data.models import Program
from publisher.guards import privacy
from publisher.guards.spelling import squeezed
from publisher.guards.unpack import texts
from publisher.site import search_words
from publisher.site.model import build_site_model
from publisher.site.retention import GONE_DIR, retires_on

from .conftest import FIXTURES
from .site_support import ROOT, build, make_project

CITY = "2026-city"
RETIRES = date(2027, 1, 7)
"""The city window's last working day (2026-10-09) + 90 days."""
BEFORE, AFTER = (RETIRES - timedelta(days=1)).isoformat(), (RETIRES + timedelta(days=1)).isoformat()
RETIRED_SENTENCE = ("本名单已于2027年1月7日起不再公开。公示期已于2026年10月9日结束，公示的目的已经实现；依照《中华人民共和国"
                    "个人信息保护法》第四十七条，名单中的姓名、工作单位和职务不再在本网站公开，本页保留公示期、名单人数和更正记录。")
WITHHELD = "更正内容涉及名单中的个人信息，已随名单一并不再公开。"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo before its decision, built the day before the city list retires and the day after."""
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "decision.yaml").unlink()
    project = make_project(tmp_path_factory.mktemp("retention"), data)
    build(project, today=BEFORE, site="before")
    build(project, today=AFTER, site="after")
    return project


@pytest.fixture(scope="module")
def dataset(project: Path) -> Dataset:
    return load_dataset(project / "data")


def site_text(site: Path) -> dict[str, str]:
    """Every file of ``site`` (dot folders too) → all the text a reader could get out of it, squeezed."""
    out: dict[str, str] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        out[rel] = "\x00".join(squeezed(text) for _, text in texts(rel, path.read_bytes()))
    return out


def public_context(project: Path) -> str:
    """What stays public whatever the lists: program, contacts, recommenders, notice titles and intros, content/."""
    data = project / "data"
    parts = [p.read_text("utf-8") for p in (data / "program.yaml", data / "contacts.yaml", data / "recommenders.yaml")]
    parts += [p.read_text("utf-8") for p in (project / "content").rglob("*.md")]
    for notice in load_dataset(data).notices.values():
        parts += [notice.title, notice.intro or "", *notice.issued_by, *(c.what for c in notice.corrections)]
    return squeezed("\n".join(parts))


def list_terms(dataset: Dataset, notice_ids: list[str], context: str) -> set[str]:
    """Names, units and positions of these lists, less words public anyway (a unit that issues a notice)."""
    terms: set[str] = set()
    for nid in notice_ids:
        for nominee_id in dataset.notices[nid].nominees:
            nominee = dataset.nominees[nominee_id]
            terms |= {squeezed(v) for v in (nominee.name, nominee.unit, getattr(nominee, "position", None)) if v}
    return {t for t in terms if len(t) >= 2 and t not in context}


def test_every_file_holds_every_name_the_day_before_and_none_the_day_after(project: Path, dataset: Dataset) -> None:
    context = public_context(project)
    city_terms = list_terms(dataset, [CITY], context)
    every_term = list_terms(dataset, list(dataset.notices), context)
    assert len(city_terms) > 200 and len(every_term) >= len(city_terms)  # names, units, positions of 114 entries

    before = site_text(project / "before")
    joined = "\x01".join(before.values())
    assert sorted(t for t in city_terms if t not in joined) == []
    assert any("付磊" in text for text in before.values())  # the correction names him, in the page and the feeds

    after = site_text(project / "after")
    assert any(name.endswith(".pdf") for name in before) or "attachments/notices/2026-city.xlsx" in before
    found = {(rel, term) for rel, text in after.items() for term in every_term if term in text}
    assert sorted(found) == []
    assert not [rel for rel, text in after.items() if squeezed("付磊") in text]


def test_retired_page_keeps_title_stage_window_counts_and_corrections(project: Path) -> None:
    page = (project / "after" / "notices" / CITY / "index.html").read_text("utf-8")
    shown = re.sub(r"<[^>]+>", "", page)
    for kept in ("关于制造强市先进集体和先进个人拟表彰对象的公示", "全市公示", "公示期为2026年9月28日至10月9日（5个工作日）。",
                 "公示名单共51个集体、63名个人。", "更正（2026年9月30日）：更正一名拟表彰对象的职务", WITHHELD,
                 RETIRED_SENTENCE):
        assert kept in shown
    assert 'class="pub-list' not in page and 'id="collectives"' not in page
    assert "data/notices/2026-city.json" not in page
    before = (project / "before" / "notices" / CITY / "index.html").read_text("utf-8")
    assert "按照本项目的名单公开期限，本名单公开至2027年1月6日，自2027年1月7日起不再在本网站公开。" in before
    assert 'data-retires-on="2027-01-07"' in before and 'class="pub-list' in before


def test_feed_entry_is_updated_under_the_same_id(project: Path) -> None:
    def entries(site: str) -> dict[str, feedparser.FeedParserDict]:
        feed = feedparser.parse((project / site / "feeds" / "notices.atom.xml").read_bytes())
        return {e.id: e for e in feed.entries}

    before, after = entries("before"), entries("after")
    assert sorted(before) == sorted(after)
    city = next(i for i in after if i.endswith("notice/" + CITY))
    assert before[city].updated.startswith("2026-09-30") and after[city].updated == "2027-01-07T00:00:00+08:00"
    assert after[city].summary.startswith(RETIRED_SENTENCE)
    assert "51个集体、63名个人" in after[city].summary


def test_open_data_and_attachments_leave_and_are_marked_gone(project: Path) -> None:
    before, after = project / "before", project / "after"
    files = [f"data/notices/{CITY}.json", f"data/notices/{CITY}.csv", f"attachments/notices/{CITY}.xlsx"]
    assert all((before / f).is_file() for f in files)
    assert not [f for f in files if (after / f).exists()]
    assert not (after / f"attachments/notices/{CITY}.pdf").exists()
    for name in ("json", "csv"):
        assert (after / GONE_DIR / f"data/notices/{CITY}.{name}").read_bytes() == b""
    for name in ("pdf", "xlsx"):
        assert (after / GONE_DIR / f"attachments/notices/{CITY}.{name}").is_file()
    assert not (before / GONE_DIR / f"data/notices/{CITY}.json").exists()
    catalogue = json.loads((after / "data" / "index.json").read_text("utf-8"))
    assert [f["path"] for f in catalogue["files"]] == ["data/windows.ics"]


def test_calendar_keeps_every_window(project: Path) -> None:
    def windows(site: str) -> list[tuple[str, str, str]]:
        cal = Calendar.from_ical((project / site / "data" / "windows.ics").read_bytes())
        return [(str(e["uid"]), e["dtstart"].to_ical().decode(), e["dtend"].to_ical().decode())
                for e in cal.walk("VEVENT")]

    assert windows("after") == windows("before") and len(windows("after")) == 5
    assert ("notice-2026-city@biaozhang.example.gov.cn", "20260928", "20261010") in windows("after")


def test_privacy_guard_passes_and_search_learns_no_retired_name(project: Path, dataset: Dataset) -> None:
    assert privacy.scan(project / "after", dataset) == []
    model = build_site_model(dataset, date.fromisoformat(AFTER))
    assert search_words.words(search_words.shown_nominees(model)) == []
    assert len(search_words.words(search_words.shown_nominees(build_site_model(dataset, date.fromisoformat(BEFORE))))) > 100


def test_retirement_day_and_keep(tmp_path: Path) -> None:
    data = shutil.copytree(FIXTURES / "tiny", tmp_path / "data")
    dataset = load_dataset(data)
    window = dataset.windows[CITY]
    assert dataset.program.publicity_retention_days == 90  # the default when program.yaml says nothing
    assert retires_on(window, 90) == window.end + timedelta(days=90) == RETIRES
    assert retires_on(window, "keep") is None
    day_before = build_site_model(dataset, RETIRES - timedelta(days=1)).notices[0]
    on_the_day = build_site_model(dataset, RETIRES).notices[0]
    assert (day_before.retired, on_the_day.retired) == (False, True)
    assert day_before.individuals and not on_the_day.individuals and not on_the_day.collectives
    assert (on_the_day.collective_count, on_the_day.individual_count) == (len(day_before.collectives),
                                                                          len(day_before.individuals))
    with (data / "program.yaml").open("a", encoding="utf-8") as out:
        out.write("publicity_retention_days: keep\n")
    kept = build_site_model(load_dataset(data), date(2040, 1, 1)).notices[0]
    assert kept.retires_on is None and not kept.retired and kept.individuals


def test_decision_and_revocations_are_never_retired() -> None:
    dataset = load_dataset(ROOT / "data")
    model = build_site_model(dataset, date(2040, 1, 1))
    assert all(v.retired for v in model.notices)
    assert model.decision is not None and model.decision.individuals and model.decision.collectives
    assert all(rv.nominees for rv in model.revocations)


def test_a_correction_heading_naming_someone_is_withheld_too(tmp_path: Path) -> None:
    data = shutil.copytree(FIXTURES / "tiny", tmp_path / "data")
    notice = data / "notices" / f"{CITY}.yaml"
    dataset = load_dataset(data)
    person = next(dataset.nominees[i] for i in dataset.notices[CITY].nominees if dataset.nominees[i].kind == "individual")
    notice.write_text(notice.read_text("utf-8") + "corrections:\n"
                      f"  - {{date: 2026-09-30, what: 更正{person.name}的职务, text: 应为工程师。}}\n"
                      "  - {date: 2026-10-01, what: 更正公示期, text: 公示期不变。}\n", "utf-8")
    view = build_site_model(load_dataset(data), RETIRES).notices[0]
    from publisher.site.model import corrections_of

    assert [(c.what, c.text) for c in corrections_of(view)] == [("更正名单内容", WITHHELD), ("更正公示期", WITHHELD)]


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--data", str(FIXTURES / "tiny"), *args])
    return result.exit_code, result.output


def test_check_lists_what_retires_within_14_days() -> None:
    code, text = check("--today", "2026-12-24")
    assert code == 0
    assert ("  - [提示] “关于制造强市先进集体和先进个人拟表彰对象的公示”的名单将于2027年1月7日起不再公开"
            "（tests/fixtures/tiny/notices/2026-city.yaml）") in text.splitlines()
    assert "不再公开" not in check("--today", "2026-12-23")[1]
    assert "[提示] “关于制造强市先进集体和先进个人拟表彰对象的公示”的名单已于2027年1月7日起不再公开" in check("--today", "2027-02-01")[1]
    code, out = check("--today", "2027-01-07", "--format", "json")
    report = json.loads(out)
    assert {"findings", "summary"} <= set(report)  # the contract's keys, unchanged
    assert report["retention"]["setting"] == 90
    assert [(i["notice"], i["retires_on"], i["retired"]) for i in report["retention"]["lists"]] == [
        (CITY, "2027-01-07", True)]


@pytest.mark.parametrize(("value", "expected"), [(90, 90), ("keep", "keep"), (" Keep ", "keep"), (3650, 3650)])
def test_setting_accepts_days_and_keep(value: object, expected: object) -> None:
    program = load_dataset(FIXTURES / "tiny").program
    assert Program(**{**program.model_dump(), "publicity_retention_days": value}).publicity_retention_days == expected


def test_check_json_keeps_its_shape_when_nothing_retires() -> None:
    code, out = check("--today", "2026-10-01", "--format", "json")
    assert set(json.loads(out)) == {"findings", "summary"}


def test_no_wechat_article_for_a_retired_list() -> None:
    result = CliRunner().invoke(main, ["wechat", "notice", CITY, "--today", AFTER, "--data", str(ROOT / "data"),
                                       "-f", str(ROOT / "mkdocs.yml")])
    assert result.exit_code == 1
    assert ("“关于制造强市先进集体和先进个人拟表彰对象的公示”的名单已于2027年1月7日起不再公开"
            "（program.yaml 的 publicity_retention_days），不再生成公众号文章。") in result.output
