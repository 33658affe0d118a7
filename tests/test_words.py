"""The one table of display words (templates/words.yaml) and the feed links built from the list of feeds."""

from __future__ import annotations

import csv
import io
import json
import posixpath
from datetime import date
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar
from lxml import html as lxml_html
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from publisher.data.dataset import load_dataset
from publisher.errors import DataError
from publisher.rules import process
from publisher.rules.base import REGISTRY
from publisher.site.feeds import autodiscovery_links
from publisher.site.model import build_site_model
from publisher.site.words import default_words, load_words

from .site_support import build, make_project

TINY = Path(__file__).parent / "fixtures" / "tiny"

OWN_WORDS = """\
stage:
  city: 市级公示
status:
  open: 正在公示
section:
  collective: 集体
feed:
  window: "公示时间：{window}。"
  families:
    notices:
      label: 各级公示
open_data:
  event: "公示时间{window}"
  calendar_name: "{site} 公示日历"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path, TINY)


def test_a_programs_own_word_reaches_the_page_the_feed_the_calendar_and_the_open_data(project: Path) -> None:
    (project / "templates" / "words.yaml").write_text(OWN_WORDS, "utf-8")
    build(project, today="2026-09-29")
    site = project / "site"
    notice = lxml_html.fromstring((site / "notices" / "2026-city" / "index.html").read_bytes())
    assert notice.xpath("string(//*[@class='pub-stage'])") == "市级公示"
    assert notice.xpath("string(//*[@class='pub-meta']//*[contains(@class, 'pub-status')])") == "正在公示"
    home = lxml_html.fromstring((site / "index.html").read_bytes())
    assert home.xpath("string(//h2[@id='open'])").strip() == "正在公示"
    assert home.xpath("//span[contains(@class, 'pub-status')]/@data-word-open") == ["正在公示"]
    assert not [p for p in site.rglob("*.html") if "全市公示" in p.read_text("utf-8")]
    assert "表彰决定尚未公布。市级公示结束" in (site / "decision" / "index.html").read_text("utf-8")

    rss = feedparser.parse((site / "feeds" / "notices.rss.xml").read_bytes())
    assert rss.feed.title.endswith(" · 各级公示")
    assert rss.entries[0].summary == "公示时间：2026年9月28日至10月9日（5个工作日）。市级公示：1个集体、1名个人。"
    assert feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes()).feed.title.endswith(" · 全部更新")

    calendar = Calendar.from_ical((site / "data" / "windows.ics").read_bytes())
    assert str(calendar["x-wr-calname"]).endswith(" 公示日历")
    event = calendar.walk("VEVENT")[0]
    assert str(event["description"]).startswith("公示时间2026年9月28日至10月9日（5个工作日）\n")

    document = json.loads((site / "data" / "notices" / "2026-city.json").read_text("utf-8"))
    assert document["stage_name"] == "市级公示"
    assert {r["section"] for r in document["collectives"]} == {"集体"}
    assert {r["section"] for r in document["individuals"]} == {"先进个人"}  # an entry left out keeps the package's
    rows = list(csv.reader(io.StringIO((site / "data" / "notices" / "2026-city.csv").read_text("utf-8-sig"))))
    assert rows[0] == ["序号", "类别", "名称", "备注", "工作单位", "职务", "推荐单位"]  # the header is a contract
    assert [row[1] for row in rows[1:]] == ["集体", "先进个人"]


def test_the_demo_words_are_the_package_table() -> None:
    words = default_words()
    model = build_site_model(load_dataset(TINY), date(2026, 9, 29))
    assert model.notices[0].stage_word == words.stage.city == "全市公示"
    assert model.notices[0].status_word == words.status.open == "公示中"
    assert model.notices[0].channel_words == ("电话", "信函", "来访")


def test_the_rules_name_the_stages_as_the_site_does() -> None:
    words = default_words()
    assert {stage.value: word for stage, word in process.STAGE_WORDS.items()} == dict(words.stage)
    assert REGISTRY["process.no-backfill"].title == f"{words.stage.city}后不予递补"


@pytest.mark.parametrize(("text", "expected"), [
    ("stage:\n  citty: 市级公示\n", "words.yaml:2: stage.citty: 没有这个词条（这一层可写：unit、district、city），请检查拼写。"),
    ("feed:\n  window: \"公示{days}天\"\n", "words.yaml:2: feed.window: 文字里的花括号只能是 {window}；"),
    ("feed:\n  window: \"{window.__class__}\"\n", "words.yaml:2: feed.window: 文字里的花括号只能是 {window}；"),
    ("feed:\n  families: 全部\n", "words.yaml:2: feed.families: 这里应是一组词条"),
    ("status:\n  open: \"\"\n", "words.yaml:2: status.open: 这里应写一段文字（不能为空）。"),
    ("status:\n  open: 公示中\n  open: 进行中\n", "words.yaml:3: open: 这个字段写了两次"),
])
def test_a_mistyped_entry_is_refused_with_its_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "words.yaml").write_text(text, "utf-8")
    with pytest.raises(DataError) as refused:
        load_words(tmp_path)
    assert expected in str(refused.value)


def test_a_mistyped_entry_stops_the_build_and_keeps_the_old_site(project: Path) -> None:
    build(project)
    before = (project / "site" / "index.html").read_bytes()
    (project / "templates" / "words.yaml").write_text("stage:\n  citty: 市级公示\n", "utf-8")
    with pytest.raises(DataError, match="stage.citty"):
        build(project)
    assert (project / "site" / "index.html").read_bytes() == before


def feed_links(site: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Page → its ``<link rel=alternate>`` (type, title, feed file relative to the site root).

    Links are relative to the page, except on 404.html, which is served at any depth and links from the site root
    (the demo's site_url has no path).
    """
    out: dict[str, list[tuple[str, str, str]]] = {}
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).parent.as_posix()
        head = lxml_html.fromstring(page.read_bytes()).find("head")
        out[page.relative_to(site).as_posix()] = [
            (link.get("type"), link.get("title"), posixpath.normpath(posixpath.join(where, link.get("href")).lstrip("/")))
            for link in head.iter("link") if link.get("rel") == "alternate"]
    return out


def assert_every_feed_linked_once_from_every_page(site: Path, titles: dict[str, str]) -> None:
    feeds = sorted(p.relative_to(site).as_posix() for p in (site / "feeds").glob("*.xml") if p.name != "sitemap.xml")
    assert len(feeds) == 6
    media = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
    for page, links in feed_links(site).items():
        assert sorted(path for _, _, path in links) == feeds, page  # each once, none to a file that is not there
        for kind, title, path in links:
            family, fmt = Path(path).name.split(".")[:2]
            assert (kind, title) == (media[fmt], titles[family] + ("（RSS）" if fmt == "rss" else "（Atom）")), page


TITLES = {"all": "全部更新", "notices": "各级公示", "stories": "先进事迹"}


def test_main_html_links_every_feed_in_the_list_once(project: Path) -> None:
    """The theme's loop over ``config.extra.publisher_feeds``, given the list the way the plugin is to give it."""
    (project / "templates" / "words.yaml").write_text(OWN_WORDS, "utf-8")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "out"))
    config.extra["publisher_feeds"] = autodiscovery_links(load_words(project / "templates"))
    config.plugins["publisher"].today = date(2026, 9, 29)
    mkdocs_build(config)
    assert_every_feed_linked_once_from_every_page(project / "out", TITLES)


def test_publisher_build_links_every_feed_once_from_every_page(project: Path) -> None:
    (project / "templates" / "words.yaml").write_text(OWN_WORDS, "utf-8")
    build(project, today="2026-09-29")
    assert_every_feed_linked_once_from_every_page(project / "site", TITLES)
