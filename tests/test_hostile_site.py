"""A site built from hostile data: every value is published as text, and every file of site/ is free of markup.

Every text field of ``data/``, a story's and a staff page's front matter and the
bodies of ``content/`` hold a payload: Markdown that would make a link, an image
or attr_list attributes, HTML that would run, quotes that would end an attribute.
The build must succeed; each value must show, where it lands, exactly as it was
written; and no file of ``site/`` may hold any of it as markup
(:func:`tests.markup_scan.site_problems` reads each file as its consumers do).
Refusals (names with invisible characters, odd addresses) are corpus cases.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import feedparser
import lxml.html
import pytest
import yaml
from icalendar import Calendar
from lxml import etree

from .corpus_support import TIMEOUT, Run
from .markup_scan import site_problems
from .site_support import make_project
from .test_corpus import TINY, TODAY, WANG, publisher_command


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path, TINY)


def _write_story(project: Path, text: str) -> None:
    stories = project / "content" / "stories"
    stories.mkdir(parents=True, exist_ok=True)
    (stories / f"{WANG}.md").write_text(text, "utf-8")


AFTER_DECISION = "2026-11-10"
SITE_NAME = "制造强市先进集体和先进个人评选表彰"
"""mkdocs.yml's site_name, the end of every page's <title>."""
HOSTILE = {
    "notice_title": "关于公示[点此](javascript:alert(16101)) *强调* { onclick=alert(16102) }",
    "intro": "第一段 ![](http://evil.example/16103.png) <img src=x onerror=alert(16104)>\n\n"
             "第二段 [x](javascript:alert(16105)) <script>alert(16106)</script>\n第三段 {: onclick=alert(16107) }",
    "hours": "<b onmouseover=alert(16108)>工作日</b> 9:00—17:00",
    "note": "[注意](javascript:alert(16109)) _强调_\n{: .x onclick=alert(16110) }",
    "correction_what": "更正 ![x](http://evil.example/16111.png)",
    "correction_text": "<iframe src=javascript:alert(16112)></iframe>\n第二行 [x](javascript:alert(16113))",
    "collective": "总装车间 [x](javascript:alert(16114)) { onclick=alert(16115) }",
    "name": "王芳{ onclick=alert(16116) }",
    "unit": "重庆某某电子有限公司 ![](http://evil.example/16117.png)",
    "position": "测试工程师 **粗** {: onclick=alert(16118) }",
    "recommender": "两江新区 [x](javascript:alert(16119))",
    "office": "干部人事处 { onclick=alert(16120) }",
    "people": "<script>alert(16121)</script>",
    "address": "[地址](javascript:alert(16122)) <a href=javascript:alert(16123)>x</a>",
    "fax": "<img src=x onerror=alert(16124)>",
    "collective_title": "先进集体 [链接](javascript:alert(16125)) ![](http://evil.example/16126.png) { onclick=alert(16127) }",
    "organiser": "*专班办公室* [x](javascript:alert(16128))",
    "program_title": "制造强市 [x](javascript:alert(16151))",
    "site_name": "公示 ![](http://evil.example/16152.png)",
    "document_number": "渝人社〔2026〕232号 { onclick=alert(16153) }",
    "decision_title": "关于表彰的决定 {#x onclick=alert(16129)}",
    "addressees": "<img src=x onerror=alert(16130)>各区县",
    "preamble": "**粗** <script>alert(16131)</script>\n\n第二段 ![](http://evil.example/16132.png)",
    "closing": "希望[x](javascript:alert(16133))珍惜荣誉。",
    "revocation_title": "撤销 [x](javascript:alert(16134))",
    "revocation_number": "<script>alert(16135)</script>号",
    "revocation_text": "<svg onload=alert(16136)>\n经核查 ![](http://evil.example/16137.png)",
    "story_title": "王芳 [x](javascript:alert(16138)) { onclick=alert(16139) }",
    "author": '"><script>alert(16140)</script>',
    "summary": '<img src=x onerror=alert(16141)> "引号" \' <script>alert(16142)</script>',
    "cover_alt": '" onerror="alert(16143)',
    "page_title": '"></title><script>alert(16144)</script>',
    "page_description": '"><script>alert(16145)</script>',
}
HEADING_WITH_ENTITIES = "&lt;/title&gt;&lt;script&gt;alert(16146)&lt;/script&gt;"
"""A staff page's heading written with entities: the theme's striptags turns them back into markup."""
# The picture is one the site has, with its alt: a missing one would stop the build at its audit, before the sanitizer is seen.
STAFF_BODY = ("<script>alert(16147)</script>\n\n<img src=/images/psb-demo.png alt=图标 onerror=alert(16148)>\n\n[链接](javascript:alert(16149))\n\n"
              "<p onclick=\"alert(16150)\">段落</p>\n")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _edit_yaml(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _plant_hostile_data(project: Path) -> None:
    """Every text field of data/ and of a story's and a page's front matter holds a payload."""
    h, data, content = HOSTILE, project / "data", project / "content"

    def program(p: dict) -> None:
        p.update(collective_title=h["collective_title"], organiser=h["organiser"], title=h["program_title"],
                 site_name=h["site_name"], document_number=h["document_number"])

    def notice(n: dict) -> None:
        n.update(title=h["notice_title"], intro=h["intro"],
                 corrections=[{"date": date(2026, 9, 30), "what": h["correction_what"], "text": h["correction_text"]}])
        n["objections"].update(hours=h["hours"], note=h["note"])

    def contacts(c: dict) -> None:
        c["contacts"][0].update(office=h["office"], people=[h["people"]], address=h["address"], fax=h["fax"],
                                email="biaozhang@example.gov.cn")

    _edit_yaml(data / "program.yaml", program)
    _edit_yaml(data / "notices" / "2026-city.yaml", notice)
    _edit_yaml(data / "contacts.yaml", contacts)
    _edit_yaml(data / "recommenders.yaml", lambda r: r["recommenders"][0].update(name=h["recommender"]))
    _edit_yaml(data / "nominees" / "liangjiang-c-zongzhuang.yaml", lambda n: n.update(name=h["collective"],
                                                                                        status="commended"))
    _edit_yaml(data / "nominees" / f"{WANG}.yaml", lambda n: n.update(name=h["name"], unit=h["unit"],
                                                                      position=h["position"]))
    decision = {"title": h["decision_title"], "document_number": "渝人社发〔2026〕99号",
                "issued_by": ["重庆市人力资源和社会保障局", "重庆市经济和信息化委员会"], "issued_on": date(2026, 10, 16),
                "addressees": h["addressees"], "preamble": h["preamble"], "closing": h["closing"],
                "revocations": [{"id": "2026-revoke-1", "title": h["revocation_title"],
                                 "document_number": h["revocation_number"], "issued_on": date(2026, 11, 2),
                                 "nominees": ["liangjiang-c-zongzhuang"], "text": h["revocation_text"]}]}
    (data / "decision.yaml").write_text(yaml.safe_dump(decision, allow_unicode=True, sort_keys=False), "utf-8")

    front = {"title": h["story_title"], "nominees": [WANG], "author": h["author"], "date": date(2026, 10, 20),
             "status": "published", "summary": h["summary"], "cover": "img/cover.svg", "cover_alt": h["cover_alt"]}
    _write_story(project, f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n\n{STAFF_BODY}")
    (content / "stories" / "img").mkdir(exist_ok=True)
    (content / "stories" / "img" / "cover.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3"/></svg>\n', "utf-8")
    page = {"title": h["page_title"], "description": h["page_description"], "author": h["author"]}
    (content / "about.md").write_text(f"---\n{yaml.safe_dump(page, allow_unicode=True)}---\n\n# 关于\n\n{STAFF_BODY}",
                                      "utf-8")
    (content / "plain.md").write_text(f"# {HEADING_WITH_ENTITIES}\n\n正文。\n", "utf-8")
    with (content / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n" + STAFF_BODY)


def _build_on(project: Path, today: str) -> Run:
    """``publisher build --today``, as staff run it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PUBLISHER_TODAY", "SOURCE_DATE_EPOCH")}
    proc = subprocess.run([*publisher_command(), "build", "--today", today], cwd=project, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT, env=env)
    return Run(proc.returncode, proc.stdout + proc.stderr, 0.0, 0.0)


def _html(site: Path, page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring((site / page / "index.html").read_bytes())


def _texts(root: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [el.text_content().strip() for el in root.xpath(xpath)]


def test_hostile_data_and_front_matter_are_published_as_text(project: Path) -> None:
    """Each payload shows, where its field lands, exactly as written; no file of site/ holds it as markup."""
    h = HOSTILE
    _plant_hostile_data(project)

    result = _build_on(project, AFTER_DECISION)

    assert result.returncode == 0, result.describe("build")
    site = project / "site"
    assert site_problems(site) == []

    notice = _html(site, "notices/2026-city")
    terms = _texts(notice, "//div[contains(concat(' ', @class, ' '), ' pub-terms ')]/p")
    assert _texts(notice, "//h1") == [h["notice_title"]]
    assert _texts(notice, "//div[contains(concat(' ', @class, ' '), ' pub-intro ')]/p") == _lines(h["intro"])
    assert _texts(notice, "//h2[@id='collectives']") == [f"{h['collective_title']}（1个）"]
    assert _texts(notice, "//ol[contains(concat(' ', @class, ' '), ' pub-list--collective ')]//span[contains(concat(' ', @class, ' '), ' pub-name ')]") == [h["collective"]]
    assert _texts(notice, "//ol[contains(concat(' ', @class, ' '), ' pub-list--individual ')]//span[contains(concat(' ', @class, ' '), ' pub-name ')]") == [f"{h['name']}（女，土家族）"]
    assert _texts(notice, "//ol[contains(concat(' ', @class, ' '), ' pub-list--individual ')]//span[contains(concat(' ', @class, ' '), ' pub-unit ')]") == [h["unit"] + h["position"]]
    assert f"受理时间：{h['hours']}。" in terms
    assert terms[-2:] == _lines(h["note"])
    assert h["organiser"] in terms[0]
    assert _texts(notice, "//aside[contains(concat(' ', @class, ' '), ' pub-correction ')]/p")[1:] == _lines(h["correction_text"])
    assert h["correction_what"] in _texts(notice, "//p[contains(concat(' ', @class, ' '), ' pub-correction__title ')]")[0]
    assert _texts(notice, "//h3[contains(concat(' ', @class, ' '), ' pub-contact__office ')]")[0].startswith(h["office"])
    assert {h["people"], h["address"], h["fax"]} <= set(_texts(notice, "//section[contains(concat(' ', @class, ' '), ' pub-contact ')]//dd"))
    links = notice.xpath("//section[contains(concat(' ', @class, ' '), ' pub-contact ')]//a/@href")
    assert "mailto:biaozhang@example.gov.cn" in links and "tel:02363897023" in links

    decision = _html(site, "decision")
    body = _texts(decision, "//div[contains(concat(' ', @class, ' '), ' pub-text ')]/p")
    assert _texts(decision, "//h1") == [h["decision_title"]]
    assert body == [h["addressees"] + "：", *_lines(h["preamble"]), body[3], h["closing"]]
    assert body[3].startswith(f"经评选表彰工作专班评审并经公示，决定授予{h['collective']}等1个集体“{h['collective_title']}”称号")
    assert _texts(decision, "//h2[@id='collectives']") == [f"{h['collective_title']}名单（1个）"]
    assert _texts(decision, "//ul[contains(concat(' ', @class, ' '), ' pub-revocations ')]//a") == [h["revocation_title"]]
    revocation = _html(site, "decision/2026-revoke-1")
    assert _texts(revocation, "//h1") == [h["revocation_title"]]
    assert _texts(revocation, "//p[contains(concat(' ', @class, ' '), ' pub-docno ')]") == [h["revocation_number"]]
    assert _texts(revocation, "//div[contains(concat(' ', @class, ' '), ' pub-text ')]/p")[1:3] == _lines(h["revocation_text"])

    story = _html(site, f"stories/{WANG}")
    assert story.xpath('//meta[@name="author"]')[0].get("content") == h["author"]
    assert _texts(story, "//title") == [f"{h['story_title']} - {SITE_NAME}"]
    assert _texts(story, "//article//h1") == [h["story_title"]]
    assert story.xpath("//figure[contains(concat(' ', @class, ' '), ' pub-story__figure ')]/img")[0].get("alt") == h["cover_alt"]
    assert h["author"] in _texts(story, "//p[contains(concat(' ', @class, ' '), ' pub-story__meta ')]")[0]
    assert "段落" in story.text_content()  # the staff's text stays, without its handler
    index = _html(site, "stories")
    assert _texts(index, "//h3[contains(concat(' ', @class, ' '), ' pub-story__title ')]") == [h["story_title"]]
    assert _texts(index, "//p[contains(concat(' ', @class, ' '), ' pub-story__summary ')]") == [h["summary"]]

    about = _html(site, "about")
    assert _texts(about, "//title") == [f"{h['page_title']} - {SITE_NAME}"]
    assert about.xpath('//meta[@name="description"]')[0].get("content") == h["page_description"]
    assert _texts(_html(site, "plain"), "//title") == [f"</title><script>alert(16146)</script> - {SITE_NAME}"]

    atom = feedparser.parse((site / "feeds" / "stories.atom.xml").read_bytes())
    assert [(e.title, lxml.html.fragment_fromstring(e.summary, create_parent="p").text_content())
            for e in atom.entries] == [(h["story_title"], h["summary"])]
    rss = etree.fromstring((site / "feeds" / "all.rss.xml").read_bytes())
    descriptions = {i.findtext("title"): i.findtext("description") for i in rss.iter("item")}
    assert lxml.html.fragment_fromstring(descriptions[h["story_title"]], create_parent="p").text_content() == h["summary"]
    assert h["notice_title"] in descriptions and h["decision_title"] in descriptions
    channel = etree.fromstring((site / "feeds" / "notices.rss.xml").read_bytes()).find("channel")
    assert channel.findtext("title") == f"{h['site_name']} · 公示"
    assert channel.findtext("description") == f"各阶段公示及其更正（{h['document_number']}）"
    search = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    titles = {d["location"]: lxml.html.fragment_fromstring(d["title"], create_parent="p").text_content()
              .replace("\u200b", "") for d in search["docs"]}  # words are kept apart by zero-width spaces
    assert titles[f"stories/{WANG}/"] == h["story_title"] and titles["notices/2026-city/"] == h["notice_title"]

    opened = json.loads((site / "data" / "notices" / "2026-city.json").read_text("utf-8"))
    assert (opened["title"], opened["collectives"][0]["name"], opened["individuals"][0]["unit"]) == (
        h["notice_title"], h["collective"], h["unit"])
    assert json.loads((site / "data" / "decision.json").read_text("utf-8"))["revocations"][0]["document_number"] == \
        h["revocation_number"]
    rows = list(csv.reader(io.StringIO((site / "data" / "notices" / "2026-city.csv").read_text("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == [h["collective"], h["name"]]
    events = Calendar.from_ical((site / "data" / "windows.ics").read_bytes()).walk("VEVENT")
    assert any(h["notice_title"] in str(e["SUMMARY"]) for e in events)


def test_content_pages_are_sanitized_and_the_home_list_keeps_its_markup(project: Path) -> None:
    """content/index.md and any other page lose what could run; the notices the publisher adds stay whole."""
    content = project / "content"
    with (content / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n" + STAFF_BODY)
    (content / "guide.md").write_text("# 指南\n\n" + STAFF_BODY, "utf-8")

    result = _build_on(project, TODAY)

    assert result.returncode == 0, result.describe("build")
    site = project / "site"
    assert site_problems(site) == []
    home = _html(site, ".")
    assert [ul.get("data-pub-group") for ul in home.xpath("//ul[contains(concat(' ', @class, ' '), ' pub-notices ')]")] == ["open", "upcoming", "closed"]
    assert [p.get("hidden") for p in home.xpath("//p[contains(concat(' ', @class, ' '), ' pub-empty ')]")] == ["", None, None]  # the open notice hides "暂无。"
    assert home.xpath("//li[@data-start]//span[contains(concat(' ', @class, ' '), ' pub-status ')][@data-end]")
    assert "段落" in _html(site, "guide").text_content()
    assert "publisher:generated" not in (site / "index.html").read_text("utf-8")


def test_unsafe_allow_raw_html_publishes_content_html_as_written(project: Path) -> None:
    """The opt-out says what it does: the staff's HTML is published as written, and the build says so.

    What could run is still refused: the script guard stands behind the setting.
    """
    (project / "content" / "guide.md").write_text('# 指南\n\n<p style="color: #b3261e" data-note="原样">段落</p>\n', "utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "unsafe_allow_raw_html: false" in text  # off, and said so, in the site's own configuration
    config.write_text(text.replace("unsafe_allow_raw_html: false", "unsafe_allow_raw_html: true"), "utf-8")

    result = _build_on(project, TODAY)

    assert result.returncode == 0, result.describe("build")
    assert "unsafe_allow_raw_html: true" in result.output and "不经清理直接发布" in result.output
    assert '<p style="color: #b3261e" data-note="原样">段落</p>' in (project / "site" / "guide" / "index.html").read_text("utf-8")

    (project / "content" / "guide.md").write_text("# 指南\n\n<p onclick=\"alert(16150)\">段落</p>\n", "utf-8")
    before = {p: p.read_bytes() for p in sorted((project / "site").rglob("*")) if p.is_file()}
    refused = _build_on(project, TODAY)
    assert refused.returncode == 1, refused.describe("build")
    assert "页面 guide/index.html（来自 content/guide.md）含有不属于本站的脚本：onclick 属性（alert(16150)），已停止发布" in refused.output
    assert {p: p.read_bytes() for p in sorted((project / "site").rglob("*")) if p.is_file()} == before
