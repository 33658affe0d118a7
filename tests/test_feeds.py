"""Feeds: valid RSS/Atom, stable ids, corrections as updates, data dates only, no private value."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from publisher.data.dataset import load_dataset
from publisher.guards.privacy import Guard
from publisher.site.feeds import autodiscovery_links, build_feeds
from publisher.site.model import SiteModel, build_site_model
from publisher.site.stories import Story
from publisher.site.words import default_words

from .conftest import FIXTURES

SITE = "https://biaozhang.example.gov.cn/"
TODAY = date(2026, 11, 10)
ATOM = "{http://www.w3.org/2005/Atom}"
WITHDRAWN_REASON = "推荐材料与事实不符（内部核查记录甲字第七号）"
PRIVATE_VALUES = ("500101198803021234", "13900000000", WITHDRAWN_REASON)
DECISION = """\
title: 关于表彰制造强市先进集体和先进个人的决定
document_number: 渝人社发〔2026〕99号
issued_by: [重庆市人力资源和社会保障局, 重庆市经济和信息化委员会]
issued_on: 2026-10-16
preamble: 近年来，全市制造业战线涌现出一批先进典型。
closing: 希望受表彰的集体和个人珍惜荣誉。
revocations:
  - id: 2026-revoke-1
    title: 关于撤销个别表彰对象荣誉称号的决定
    document_number: 渝人社发〔2026〕120号
    issued_on: 2026-11-02
    nominees: [liangjiang-wang-fang]
    text: 经核查，决定撤销其荣誉称号，收回证书。
"""
CORRECTION = """\
corrections:
  - {date: 2026-09-30, what: 王芳的职务, text: 王芳的职务应为测试工程师。}
"""
STORIES = (
    Story("wang-fang-chip", "王芳：让每一颗芯片都经得起检验", ("liangjiang-wang-fang",), "市经济信息委宣传处",
          date(2026, 10, 20), "published", "十二年扎根测试一线，主导建成芯片测试平台。"),
    Story("zongzhuang-line", "测试平台背后的团队", ("liangjiang-wang-fang",), "市经济信息委宣传处",
          date(2026, 10, 20), "published", "从一张草图到全市领先的测试平台。"),
    Story("draft-story", "未定稿的事迹", ("liangjiang-wang-fang",), "宣传处", date(2026, 10, 25), "draft",
          "草稿不应出现在任何输出里。"),
)


def make_data(root: Path, *, correction: bool = True) -> Path:
    """The tiny fixture plus a decision (with a revocation), a withdrawn collective and optionally a 更正."""
    shutil.copytree(FIXTURES / "tiny", root)
    (root / "decision.yaml").write_text(DECISION, encoding="utf-8")
    collective = root / "nominees" / "liangjiang-c-zongzhuang.yaml"
    text = collective.read_text(encoding="utf-8")
    collective.write_text(text.replace("status: shortlisted", f"status: withdrawn\nwithdrawn_reason: {WITHDRAWN_REASON}"),
                          encoding="utf-8")
    if correction:
        with (root / "notices" / "2026-city.yaml").open("a", encoding="utf-8") as f:
            f.write(CORRECTION)
    return root


def make_model(root: Path) -> SiteModel:
    return build_site_model(load_dataset(root), TODAY, STORIES)


@pytest.fixture
def model(tmp_path: Path) -> SiteModel:
    return make_model(make_data(tmp_path / "data"))


def entries(feeds: dict[str, bytes], path: str) -> dict[str, feedparser.FeedParserDict]:
    return {e.id: e for e in feedparser.parse(feeds[path]).entries}


def test_six_feeds_parse_as_rss_and_atom(model: SiteModel) -> None:
    feeds = build_feeds(model, SITE)
    assert sorted(feeds) == sorted(f"feeds/{k}.{f}.xml" for k in ("all", "notices", "stories") for f in ("rss", "atom"))
    for path, data in feeds.items():
        d = feedparser.parse(data)
        assert not d.bozo, (path, d.get("bozo_exception"))
        assert d.version == ("rss20" if path.endswith(".rss.xml") else "atom10")
        assert d.feed.language == "zh-CN"
        assert d.feed.generator == "publisher"


def test_families_hold_the_right_entries(model: SiteModel) -> None:
    feeds = build_feeds(model, SITE)
    kinds = {path: [re.sub(r"^tag:[^:]+:", "", e.id) for e in feedparser.parse(data).entries]
             for path, data in feeds.items()}
    assert kinds["feeds/all.atom.xml"] == ["revocation/2026-revoke-1", "story/wang-fang-chip", "story/zongzhuang-line",
                                           "decision", "notice/2026-city"]  # newest first, ties by id
    assert kinds["feeds/notices.rss.xml"] == ["notice/2026-city"]
    assert kinds["feeds/stories.atom.xml"] == ["story/wang-fang-chip", "story/zongzhuang-line"]
    assert all(b"draft-story" not in data for data in feeds.values())


def test_ids_are_stable_across_builds_and_corrections(tmp_path: Path) -> None:
    before = build_feeds(make_model(make_data(tmp_path / "a", correction=False)), SITE)
    again = build_feeds(make_model(make_data(tmp_path / "b", correction=False)), SITE)
    after = build_feeds(make_model(make_data(tmp_path / "c")), SITE)
    for path in before:
        assert list(entries(before, path)) == list(entries(again, path))
        assert set(entries(before, path)) == set(entries(after, path)), "a 更正 must not add an entry"
    notice_id = "tag:biaozhang.example.gov.cn,2026:notice/2026-city"
    old, new = entries(before, "feeds/notices.atom.xml")[notice_id], entries(after, "feeds/notices.atom.xml")[notice_id]
    assert (old.published, old.updated) == ("2026-09-28T00:00:00+08:00", "2026-09-28T00:00:00+08:00")
    assert (new.published, new.updated) == ("2026-09-28T00:00:00+08:00", "2026-09-30T00:00:00+08:00")
    assert "更正（2026年9月30日）：王芳的职务" in new.content[0].value
    assert "王芳的职务应为测试工程师。" in new.content[0].value
    rss = entries(after, "feeds/notices.rss.xml")[notice_id]
    assert rss.published == "Mon, 28 Sep 2026 00:00:00 +0800"
    assert "更正（2026年9月30日）" in rss.summary


def test_dates_come_from_the_data_at_beijing_midnight(model: SiteModel) -> None:
    feeds = build_feeds(model, SITE)
    for path, data in feeds.items():
        root = etree.fromstring(data)
        if path.endswith(".atom.xml"):
            stamps = [e.text for e in root.iter(f"{ATOM}updated", f"{ATOM}published")]
            assert stamps and all(s.endswith("T00:00:00+08:00") for s in stamps), path
        else:
            stamps = [e.text for e in root.iter("pubDate", "lastBuildDate")]
            assert stamps and all(s.endswith(" 00:00:00 +0800") for s in stamps), path
    all_atom = etree.fromstring(feeds["feeds/all.atom.xml"])
    assert all_atom.findtext(f"{ATOM}updated") == "2026-11-02T00:00:00+08:00"  # the revocation, the newest entry
    rss = etree.fromstring(feeds["feeds/notices.rss.xml"])
    assert rss.findtext("channel/lastBuildDate") == "Wed, 30 Sep 2026 00:00:00 +0800"  # the 更正


def test_an_empty_feed_is_dated_by_the_program(model: SiteModel) -> None:
    feeds = build_feeds(replace(model, stories=()), SITE)
    atom = feedparser.parse(feeds["feeds/stories.atom.xml"])
    assert not atom.bozo and atom.version == "atom10" and atom.entries == []
    assert etree.fromstring(feeds["feeds/stories.atom.xml"]).findtext(f"{ATOM}updated") == "2026-06-13T00:00:00+08:00"


def test_links_are_absolute_and_keep_a_path_prefix(model: SiteModel) -> None:
    feeds = build_feeds(model, "https://www.example.gov.cn/biaozhang")
    d = feedparser.parse(feeds["feeds/all.rss.xml"])
    assert d.feed.link == "https://www.example.gov.cn/biaozhang/"
    links = {re.sub(r"^tag:[^:]+:", "", e.id): e.link for e in d.entries}
    assert links["biaozhang/notice/2026-city"] == "https://www.example.gov.cn/biaozhang/notices/2026-city/"
    assert links["biaozhang/decision"] == "https://www.example.gov.cn/biaozhang/decision/"
    assert links["biaozhang/story/wang-fang-chip"] == "https://www.example.gov.cn/biaozhang/stories/wang-fang-chip/"
    atom = feedparser.parse(feeds["feeds/notices.atom.xml"])
    assert {ln.rel: ln.href for ln in atom.feed.links} == {
        "self": "https://www.example.gov.cn/biaozhang/feeds/notices.atom.xml",
        "alternate": "https://www.example.gov.cn/biaozhang/notices/"}
    assert feedparser.parse(feeds["feeds/stories.rss.xml"]).feed.link == "https://www.example.gov.cn/biaozhang/stories/"


def test_entries_speak_chinese(model: SiteModel) -> None:
    by_id = entries(build_feeds(model, SITE), "feeds/all.atom.xml")
    notice = by_id["tag:biaozhang.example.gov.cn,2026:notice/2026-city"]
    assert notice.title == "关于制造强市先进集体和先进个人拟表彰对象的公示"
    assert notice.summary.startswith("公示期为2026年9月28日至10月9日（5个工作日）。全市公示：1个集体、1名个人。")
    decision = by_id["tag:biaozhang.example.gov.cn,2026:decision"]
    assert "授予0个集体“制造强市先进集体”称号、1名个人“制造强市先进个人”称号" in decision.summary
    story = by_id["tag:biaozhang.example.gov.cn,2026:story/wang-fang-chip"]
    assert story.summary == "十二年扎根测试一线，主导建成芯片测试平台。"


def test_markup_in_data_stays_text(model: SiteModel) -> None:
    model = replace(model, stories=(Story("x", "标题<script>alert(1)</script>", (), "宣传处", date(2026, 10, 1),
                                          "published", "a < b & <img src=x>"),))
    feeds = build_feeds(model, SITE)
    d = feedparser.parse(feeds["feeds/stories.atom.xml"])
    assert not d.bozo
    assert "<img" not in d.entries[0].content[0].value and "&lt;img" in d.entries[0].content[0].value


def test_no_private_value_and_no_build_time(model: SiteModel) -> None:
    feeds = build_feeds(model, SITE)
    guard = Guard(model.dataset)
    for path, data in feeds.items():
        text = data.decode("utf-8")
        assert not any(value in text for value in PRIVATE_VALUES), path
        assert list(guard.scan_text(text)) == [], path
        assert "python-feedgen" not in text and "lkiesow" not in text, path
        assert "+00:00" not in text and "+0000" not in text, path  # feedgen's default "now" is UTC


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build_feeds(make_model(make_data(tmp_path / "a")), SITE)
    second = build_feeds(make_model(make_data(tmp_path / "b")), SITE)
    assert first == second


def test_autodiscovery_links_name_every_feed_the_build_writes(tmp_path: Path) -> None:
    links = autodiscovery_links(default_words())
    assert links[0] == {"type": "application/rss+xml", "title": "全部更新（RSS）", "path": "feeds/all.rss.xml"}
    assert sorted(ln["path"] for ln in links) == sorted(build_feeds(make_model(make_data(tmp_path / "data")), SITE))
    assert {(ln["path"].rsplit(".", 2)[1], ln["type"]) for ln in links} == {
        ("rss", "application/rss+xml"), ("atom", "application/atom+xml")}
