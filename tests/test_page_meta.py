"""The page metadata of 《政府网站发展指引》 and the 信息公开 block, read from the built pages (issue 18, items 2 and 3)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from lxml import html

from publisher.data.dataset import load_dataset
from publisher.errors import DataError
from publisher.site.documents import documents, index_number
from publisher.site.page_meta import SECTIONS, page_address
from publisher.site.words import default_words

from .site_support import DEMO_DATA, ROOT, build, make_project

TINY = ROOT / "tests" / "fixtures" / "tiny"
SITE = "https://biaozhang.example.gov.cn/"
PREFIX = "11500000MB1234567X"


def parse(site: Path, page: str) -> html.HtmlElement:
    return html.fromstring((site / page).read_bytes())


def metas(root: html.HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = meta.get("name")
        if name:
            assert name not in out, f"{name} written twice"
            out[name] = meta.get("content")
    return out


def xxgk(root: html.HtmlElement) -> list[tuple[str, str]]:
    (table,) = root.xpath("//table[@data-pub-xxgk]")
    assert table.get("class") == "pub-xxgk"
    return [(tr.find("th").text_content(), tr.find("td").text_content()) for tr in table.iter("tr")]


@pytest.fixture(scope="module")
def after(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with its stories, built after the decision came out."""
    project = make_project(tmp_path_factory.mktemp("after"), DEMO_DATA, stories=True)
    build(project, today="2026-11-20")
    return project / "site"


@pytest.fixture(scope="module")
def pending(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built while the city-level 公示 is open: the decision page is a section saying it is not out."""
    project = make_project(tmp_path_factory.mktemp("pending"), DEMO_DATA)
    build(project, today="2026-09-29")
    return project / "site"


SITE_LEVEL = {"SiteName": "制造强市先进集体和先进个人评选表彰", "SiteDomain": "biaozhang.example.gov.cn", "SiteIDCode": "0000000000"}  # the demo's fake 网站标识码 (program.yaml website:)


@pytest.mark.parametrize(("page", "name", "kind"), [
    ("index.html", "首页", "首页"), ("notices/index.html", "公示档案", "信息发布"),
    ("stories/index.html", "先进事迹", "信息发布"), ("objections/index.html", "异议受理", "互动交流"),
    ("open-data/index.html", "开放数据", "信息发布"),
])
def test_section_pages_carry_the_column_tags(after: Path, page: str, name: str, kind: str) -> None:
    found = metas(parse(after, page))
    assert found["publisher:page-kind"] == "section"
    assert {k: found[k] for k in SITE_LEVEL} == SITE_LEVEL
    assert found["ColumnName"] == name
    assert found["ColumnType"] == kind
    assert found["ColumnDescription"] and found["ColumnKeywords"].startswith("制造强市先进集体和先进个人评选表彰,")
    assert "ArticleTitle" not in found and "PubDate" not in found


def test_the_decision_page_is_a_section_until_the_decision_is_out(pending: Path) -> None:
    root = parse(pending, "decision/index.html")
    found = metas(root)
    assert found["publisher:page-kind"] == "section"
    assert found["ColumnName"] == "表彰决定"
    assert found["ColumnDescription"] == "制造强市先进集体和先进个人评选表彰的表彰决定和名单"
    assert not root.xpath("//table[@data-pub-xxgk]")


def test_a_notice_is_a_content_page_dated_from_its_data(after: Path) -> None:
    root = parse(after, "notices/2026-city/index.html")
    found = metas(root)
    assert found["publisher:page-kind"] == "content"
    assert found["ArticleTitle"] == "关于制造强市先进集体和先进个人拟表彰对象的公示"
    assert found["PubDate"] == "2026-09-28 09:30"
    assert found["ContentSource"] == found["Author"] == "重庆市经济和信息化委员会、重庆市人力资源和社会保障局"
    assert found["Keywords"] == "制造强市先进集体和先进个人评选表彰,全市公示,拟表彰对象,公示"
    assert found["Description"].startswith("公示期为2026年9月28日至10月9日（5个工作日）。全市公示：")
    assert found["Url"] == SITE + "notices/2026-city/"
    assert root.xpath("//link[@rel='canonical']/@href") == [SITE + "notices/2026-city/"]
    assert "ColumnName" not in found


def test_a_notice_without_a_time_is_dated_at_midnight(tmp_path: Path) -> None:
    project = make_project(tmp_path, TINY)
    build(project, today="2026-09-29")
    found = metas(parse(project / "site", "notices/2026-city/index.html"))
    assert found["PubDate"] == "2026-09-28 00:00"


def test_the_decision_and_a_story_are_content_pages(after: Path) -> None:
    decision = metas(parse(after, "decision/index.html"))
    assert decision["publisher:page-kind"] == "content"
    assert decision["PubDate"] == "2026-11-06 16:00"
    assert decision["ArticleTitle"] == "关于表彰制造强市先进集体和先进个人的决定"
    assert decision["Url"] == SITE + "decision/"
    assert decision["Description"].startswith("渝经信发〔2026〕187号：授予")
    story = metas(parse(after, "stories/liangjiang-zhang-jianguo/index.html"))
    assert story["publisher:page-kind"] == "content"
    assert story["ArticleTitle"] == "张建国：二十五分钟换型的“焊装老兵”"
    assert story["PubDate"] == "2026-11-12 00:00"
    assert story["Author"] == "本网记者 陈思远"
    assert story["ContentSource"] == "制造强市先进集体和先进个人评选表彰"
    assert story["Keywords"] == "制造强市先进集体和先进个人评选表彰,先进事迹,张建国"
    assert story["Url"] == SITE + "stories/liangjiang-zhang-jianguo/"


def test_the_404_page_carries_the_site_tags_only(after: Path) -> None:
    found = metas(parse(after, "404.html"))
    assert found["publisher:page-kind"] == "other"
    assert {k: found[k] for k in SITE_LEVEL} == SITE_LEVEL
    assert not {"ColumnName", "ArticleTitle", "PubDate", "Url"} & found.keys()


def test_the_xxgk_block_of_the_city_notice(after: Path) -> None:
    """No 发文字号 row: the 公示 has no document number; 索引号 is the fifth document of 2026."""
    assert xxgk(parse(after, "notices/2026-city/index.html")) == [
        ("索引号", f"{PREFIX}/2026-00005"), ("主题分类", "劳动、人事、监察\\奖惩"),
        ("发布机构", "重庆市经济和信息化委员会、重庆市人力资源和社会保障局"),
        ("成文日期", "2026年9月28日"), ("发布日期", "2026年9月28日")]


def test_the_xxgk_block_takes_written_values(after: Path) -> None:
    shizhu = dict(xxgk(parse(after, "notices/2026-shizhu/index.html")))
    assert shizhu["发文字号"] == "石人社函〔2026〕58号"
    assert shizhu["索引号"] == f"{PREFIX}/2026-00003"
    jiulongpo = dict(xxgk(parse(after, "notices/2026-jiulongpo/index.html")))
    assert jiulongpo["发布机构"] == "重庆市九龙坡区经济和信息化委员会"
    assert "发文字号" not in jiulongpo
    own = dict(xxgk(parse(after, "notices/2026-soe-jidian/index.html")))
    assert own["索引号"] == "91500000MA5U7XXX0Q/2026-00031"
    decision = xxgk(parse(after, "decision/index.html"))
    assert [label for label, _ in decision] == ["索引号", "主题分类", "发布机构", "成文日期", "发文字号", "发布日期"]
    assert dict(decision)["索引号"] == f"{PREFIX}/2026-00006"  # after five notices; the written one kept its place
    assert dict(decision)["发文字号"] == "渝经信发〔2026〕187号"


def test_index_numbers_follow_the_documented_scheme() -> None:
    assert index_number(PREFIX, 2026, 7) == f"{PREFIX}/2026-00007"
    assert index_number(None, 2027, 12) == "2027-00012"
    numbers = {url: d.index_no for url, d in documents(load_dataset(DEMO_DATA), default_words()).items()}
    assert numbers == {
        "notices/2026-liangjiang/": f"{PREFIX}/2026-00001", "notices/2026-jiulongpo/": f"{PREFIX}/2026-00002",
        "notices/2026-shizhu/": f"{PREFIX}/2026-00003", "notices/2026-soe-jidian/": "91500000MA5U7XXX0Q/2026-00031",
        "notices/2026-city/": f"{PREFIX}/2026-00005", "decision/": f"{PREFIX}/2026-00006"}


def test_sections_are_one_line_each() -> None:
    words = default_words()
    assert set(SECTIONS.values()) == set(words.column)
    assert page_address("index.md") == "" and page_address("objections.md") == "objections/"
    assert page_address("contact/index.md") == "contact/" and page_address("notices/2026-city.md") == "notices/2026-city/"


def _tiny_with(tmp_path: Path, notice_extra: str, decision: str | None = None) -> Path:
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    notice = data / "notices" / "2026-city.yaml"
    notice.write_text(notice.read_text("utf-8") + textwrap.dedent(notice_extra), "utf-8")
    if decision is not None:
        (data / "decision.yaml").write_text(textwrap.dedent(decision), "utf-8")
    return data


def test_published_at_on_another_day_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    data = _tiny_with(tmp_path, "published_at: 2026-09-29 09:00\n")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert str(caught.value).endswith(
        "notices/2026-city.yaml:12: published_at: 发布时间 2026-09-29 09:00 不在 published_on（2026-09-28）那一天："
        "网站在 published_on 这天发布，请写这一天的时间，例如 2026-09-28 09:00")


@pytest.mark.parametrize(("written", "message"), [
    ('"9:30"', "应写成 YYYY-MM-DD HH:MM（北京时间，24 小时制，日期和时间之间一个空格），例如 2026-09-28 09:00，而不是“9:30”"),
    ("9:30", "应写成 YYYY-MM-DD HH:MM（北京时间，24 小时制，日期和时间之间一个空格），例如 2026-09-28 09:00"
             "（只写时间时请连同日期一起写）"),
    ("2026-09-28 24:10", "应写成 YYYY-MM-DD HH:MM（北京时间，24 小时制，日期和时间之间一个空格），例如 2026-09-28 09:00；"
                         "“2026-09-28 24:10”不是存在的日期或时间"),
])
def test_a_malformed_published_at_gets_a_chinese_message(tmp_path: Path, written: str, message: str) -> None:
    data = _tiny_with(tmp_path, f"published_at: {written}\n")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert str(caught.value).endswith(f"notices/2026-city.yaml:12: published_at: {message}")


HOSTILE = {
    "index_no": 'A" onmouseover="alert(1)',
    "topic": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "issuer": '[点我](javascript:alert(1)){ onclick="alert(2)" }',
    "document_number": "*强调* `code` &amp; ![x](https://evil.example/x.png)",
}
STORY = """\
---
title: 王芳的故事
nominees: [liangjiang-wang-fang]
author: '<script>alert("author")</script>" onload="x'
date: 2026-11-12
status: published
summary: '"><img src=x onerror=alert(1)> *摘要*'
---
正文。
"""


def test_hostile_values_are_text_in_the_block_and_the_metadata(tmp_path: Path) -> None:
    extra = "".join(f"{key}: '{value}'\n" for key, value in HOSTILE.items())
    data = _tiny_with(tmp_path, extra, decision="""\
        title: 关于表彰的决定
        document_number: 渝经信发〔2026〕1号
        issued_by: [重庆市经济和信息化委员会]
        issued_on: 2026-11-06
        preamble: 表彰。
        closing: 希望。
        """)
    project = make_project(tmp_path / "p", data)
    (project / "content" / "stories").mkdir()
    (project / "content" / "stories" / "liangjiang-wang-fang.md").write_text(STORY, "utf-8")
    build(project, today="2026-11-20")
    site = project / "site"
    notice = parse(site, "notices/2026-city/index.html")
    assert xxgk(notice) == [("索引号", HOSTILE["index_no"]), ("主题分类", HOSTILE["topic"]),
                            ("发布机构", HOSTILE["issuer"]), ("成文日期", "2026年9月28日"),
                            ("发文字号", HOSTILE["document_number"]), ("发布日期", "2026年9月28日")]
    (table,) = notice.xpath("//table[@data-pub-xxgk]")
    assert [e.tag for e in table.iter() if e.tag not in ("table", "caption", "tbody", "tr", "th", "td", "time")] == []
    found = metas(notice)
    assert found["ContentSource"] == found["Author"] == HOSTILE["issuer"]
    story = metas(parse(site, "stories/liangjiang-wang-fang/index.html"))
    assert story["Author"] == '<script>alert("author")</script>" onload="x'
    assert story["Description"] == '"><img src=x onerror=alert(1)> *摘要*'
    for page in ("notices/2026-city/index.html", "stories/liangjiang-wang-fang/index.html"):
        root = parse(site, page)
        assert not root.xpath("//*[@onmouseover or @onclick or @onload or @onerror]"), page
        assert not root.xpath("//script[contains(., 'alert')]"), page
        assert not root.xpath("//a[starts-with(@href, 'javascript')]"), page
        assert not root.xpath("//img[contains(@src, 'evil')]"), page


def test_pub_date_ignores_the_build_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--today and SOURCE_DATE_EPOCH move statuses, never a page's PubDate."""
    from publisher.site import build as building

    first = make_project(tmp_path / "a", DEMO_DATA, stories=True)
    build(first, today="2026-09-29")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15 in Beijing
    second = make_project(tmp_path / "b", DEMO_DATA, stories=True)
    building.build(second / "mkdocs.yml", second / "site")
    pages = ["notices/2026-city/index.html", "notices/2026-liangjiang/index.html",
             "stories/liangjiang-zhang-jianguo/index.html"]
    for project, status in ((first, "公示中"), (second, "已结束")):
        city = parse(project / "site", pages[0])
        assert city.xpath("string(//p[@class='pub-meta']//*[contains(@class, 'pub-status')])") == status
        assert [metas(parse(project / "site", page))["PubDate"] for page in pages] == [
            "2026-09-28 09:30", "2026-09-01 10:00", "2026-11-12 00:00"]
    assert metas(parse(second / "site", "decision/index.html"))["PubDate"] == "2026-11-06 16:00"


def test_a_revocation_is_a_content_page_with_its_xxgk_block(tmp_path: Path) -> None:
    project = make_project(tmp_path, DEMO_DATA)
    decision = project / "data" / "decision.yaml"
    decision.write_text(decision.read_text("utf-8") + textwrap.dedent("""
        topic: 综合政务\\表彰
        revocations:
          - id: 2026-revoke-1
            title: 关于撤销一名同志“制造强市先进个人”称号的决定
            document_number: 渝经信发〔2026〕199号
            issued_on: 2026-11-18
            published_at: 2026-11-18 17:05
            nominees: [liangjiang-zhang-jianguo]
            text: 经查实，该同志在推荐材料中存在不实情况，决定撤销其称号，收回证书。
        """), "utf-8")
    build(project, today="2026-11-20")
    root = parse(project / "site", "decision/2026-revoke-1/index.html")
    found = metas(root)
    assert found["publisher:page-kind"] == "content"
    assert found["PubDate"] == "2026-11-18 17:05"
    assert found["Url"] == SITE + "decision/2026-revoke-1/"
    assert found["Keywords"] == "制造强市先进集体和先进个人评选表彰,撤销,表彰决定"
    assert xxgk(root) == [
        ("索引号", f"{PREFIX}/2026-00007"), ("主题分类", "综合政务\\表彰"),
        ("发布机构", "重庆市经济和信息化委员会、重庆市人力资源和社会保障局"), ("成文日期", "2026年11月18日"),
        ("发文字号", "渝经信发〔2026〕199号"), ("发布日期", "2026年11月18日")]
