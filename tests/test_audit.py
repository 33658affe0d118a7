"""``publisher audit``: a built site checked as an inspector would (issue 18 item 5).

Most tests plant one defect in a small hand-made site that follows the markup
contract (tests/audit_support.py) and assert the one finding it causes, word for
word; the clean site passes with exit 0. The demo is built once and audited for
the checks its pages can already pass (links, anchors, attachments, feeds, alt text).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.audit.inspector import audit_site
from publisher.cli.main import main

from .audit_support import SITE_URL, page, plant, site_files, write_site
from .site_support import build, make_project

TODAY = "2026-09-29"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder: no mkdocs.yml there, so the address comes from --site-url."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def audit(site: Path, *args: str):
    return CliRunner().invoke(main, ["audit", str(site), "--site-url", SITE_URL, *args])


def findings_of(files: dict[str, str | bytes], folder: Path, *args: str) -> tuple[int, list[dict[str, str]]]:
    result = audit(write_site(folder / "site", files), "--format", "json", "--today", TODAY, *args)
    return result.exit_code, json.loads(result.output)["findings"]


def error(page: str, check: str, message: str) -> dict[str, str]:
    return {"severity": "error", "page": page, "check": check, "message": message}


def warning(page: str, check: str, message: str) -> dict[str, str]:
    return {"severity": "warning", "page": page, "check": check, "message": message}


def test_a_clean_site_passes(here: Path) -> None:
    result = audit(write_site(here / "site", site_files()), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.output == "检查了 9 个页面（检查日 2026-09-29）：没有发现问题。\n"


def test_json_shape(here: Path) -> None:
    files = plant(site_files(), "stories/index.html", "<h1>先进事迹</h1>\n<ul>", "<h1>先进事迹</h1>\n<p>暂无先进事迹。</p>\n<ul hidden>")
    result = audit(write_site(here / "site", files), "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.output  # a warning alone does not fail
    assert json.loads(result.output) == {
        "site": (here / "site").as_posix(), "today": TODAY, "errors": 0, "warnings": 1,
        "findings": [{"severity": "warning", "page": "stories/index.html", "check": "empty",
                      "message": "栏目没有内容：页面上的列表都显示“暂无”"}],
    }


def test_dead_link_is_found(here: Path) -> None:
    files = plant(site_files(), "stories/s1/index.html", "见<a", '见<a href="../../notices/n2/">旧公示</a>、<a')
    assert findings_of(files, here) == (1, [error("stories/s1/index.html", "link",
                                                  "链接“../../notices/n2/”无法打开：网站里没有 notices/n2/index.html")])


def test_dead_anchor_is_found(here: Path) -> None:
    files = plant(site_files(), "index.html", 'href="notices/n1/#名单"', 'href="notices/n1/#%E9%99%84%E4%BB%B6"')
    plant(files, "contact/index.html", 'href="#main"', 'href="#正文"')
    assert findings_of(files, here) == (1, [
        error("contact/index.html", "anchor", "链接“#正文”指向的位置“正文”在本页中不存在"),
        error("index.html", "anchor", "链接“notices/n1/#%E9%99%84%E4%BB%B6”指向的位置“附件”在 notices/n1/index.html 中不存在"),
    ])


def test_missing_attachment_and_dead_feed_entry(here: Path) -> None:
    files = site_files()
    plant(files, "notices/n1/index.html", "../../data/n1.csv", "../../data/n1.xlsx")
    plant(files, "feeds/all.atom.xml", f'<link href="{SITE_URL}notices/n1/"/>', f'<link href="{SITE_URL}notices/n9/"/>')
    plant(files, "sitemap.xml", f"{SITE_URL}decision/", f"{SITE_URL}decision/r1/")
    assert findings_of(files, here) == (1, [
        error("feeds/all.atom.xml", "feed", f"地址 {SITE_URL}notices/n9/ 无法打开：网站里没有 notices/n9/index.html"),
        error("notices/n1/index.html", "attachment", "附件“../../data/n1.xlsx”不存在：网站里没有 data/n1.xlsx"),
        error("sitemap.xml", "feed", f"地址 {SITE_URL}decision/r1/ 无法打开：网站里没有 decision/r1/index.html"),
    ])


def test_empty_page_is_found(here: Path) -> None:
    files = plant(site_files(), "decision/index.html", "<p>授予某某公司总装车间“先进集体”称号。</p>", "<p> \u3000</p>")
    assert findings_of(files, here) == (1, [error("decision/index.html", "empty", "页面没有正文：主要内容区除标题外没有文字")])


def test_missing_footer_field_is_found(here: Path) -> None:
    files = plant(site_files(), "contact/index.html", '<span data-field="sponsor">演示市人力资源和社会保障局</span>', "")
    assert findings_of(files, here) == (1, [error("contact/index.html", "identity", "页脚缺少“主办单位”")])


def test_empty_footer_field_and_unlinked_icp_are_found(here: Path) -> None:
    files = plant(site_files(), "404.html", '<span data-field="site_id_code">0000000000</span>', '<span data-field="site_id_code"> </span>')
    plant(files, "404.html", 'href="https://beian.miit.gov.cn/"', 'href="https://www.miit.gov.cn/"')
    assert findings_of(files, here) == (1, [
        warning("404.html", "identity", "页脚的“网站标识码”为空"),
        error("404.html", "identity", "页脚的ICP备案号应链接到工业和信息化部的备案查询页 https://beian.miit.gov.cn/"),
        error("404.html", "outside", "链接到外部网站：https://www.miit.gov.cn/（不在允许的外部链接名单 extra.audit_allowed_links 中）"),
    ])


def test_empty_required_footer_fields_are_warnings_and_a_missing_block_an_error(here: Path) -> None:
    """An office without its 标识码 or 备案号 yet still publishes (publisher check warns); a page without the block is broken."""
    files = plant(site_files(), "index.html", '<span data-field="sponsor">演示市人力资源和社会保障局</span>',
                  '<span data-field="sponsor"></span>')
    plant(files, "index.html", '<a data-field="icp" href="https://beian.miit.gov.cn/" rel="noopener">渝ICP备00000000号</a>',
          '<span data-field="icp"></span>')
    assert findings_of(files, here) == (0, [warning("index.html", "identity", "页脚的“主办单位”为空"),
                                            warning("index.html", "identity", "页脚的“ICP备案号”为空")])
    contact = str(files["contact/index.html"])
    start = contact.index('<div class="pub-identity"')
    plant(files, "contact/index.html", contact[start:contact.index("</div>", start) + len("</div>")], "")
    assert findings_of(files, here) == (1, [
        error("contact/index.html", "identity",
              "页脚缺少网站标识区（data-pub-identity）：主办单位、网站标识码、ICP备案号、联系我们、网站地图都没有显示"),
        warning("index.html", "identity", "页脚的“主办单位”为空"), warning("index.html", "identity", "页脚的“ICP备案号”为空")])


def test_missing_meta_is_found(here: Path) -> None:
    files = plant(site_files(), "notices/n1/index.html", '<meta name="ArticleTitle" content="关于拟表彰对象的公示">', "")
    plant(files, "notices/index.html", '<meta name="ColumnType" content="信息公开">', '<meta name="ColumnType" content="">')
    assert findings_of(files, here) == (1, [
        error("notices/index.html", "metadata", "元数据 ColumnType 为空"),
        error("notices/n1/index.html", "metadata", '缺少元数据 ArticleTitle（<meta name="…" content="…">）'),
    ])


def test_an_empty_site_id_code_is_a_warning_until_it_is_issued(here: Path) -> None:
    """The 标识码 is issued to the office, maybe after the first build: the footer and the meta tag only warn."""
    files = site_files()
    for name in list(files):
        if name.endswith(".html"):
            plant(files, name, '<meta name="SiteIDCode" content="0000000000">', '<meta name="SiteIDCode" content="">')
    code, findings = findings_of(files, here)
    assert code == 0
    assert warning("index.html", "metadata",
                   "元数据 SiteIDCode 为空：网站标识码还没有填写（program.yaml 的 website.site_id_code），网站上线前请补上") in findings
    assert {f["severity"] for f in findings} == {"warning"}


def test_bad_pub_date_and_wrong_canonical_are_found(here: Path) -> None:
    files = plant(site_files(), "stories/s1/index.html", 'content="2026-09-28 09:00"', 'content="2026-09-28"')
    plant(files, "stories/s1/index.html", f'rel="canonical" href="{SITE_URL}stories/s1/"', f'rel="canonical" href="{SITE_URL}stories/s1/index.html"')
    assert findings_of(files, here) == (1, [
        error("stories/s1/index.html", "metadata", "元数据 PubDate 应写成 YYYY-MM-DD HH:MM（北京时间），页面上写的是“2026-09-28”"),
        error("stories/s1/index.html", "metadata", f"规范地址（canonical）应为 {SITE_URL}stories/s1/，页面上写的是 {SITE_URL}stories/s1/index.html"),
    ])


def test_page_kind_must_match_the_contract(here: Path) -> None:
    files = plant(site_files(), "stories/s1/index.html", 'name="publisher:page-kind" content="content"',
                  'name="publisher:page-kind" content="other"')
    assert findings_of(files, here) == (1, [error("stories/s1/index.html", "metadata",
                                                  "页面类型应为内容页（content），页面上写的是其他页面（other）")])


def test_missing_block_row_is_found(here: Path) -> None:
    files = plant(site_files(), "notices/n1/index.html", "<tr><th>发布机构</th><td>演示市人力资源和社会保障局</td></tr>", "")
    plant(files, "decision/index.html", "<tr><th>发文字号</th><td>演人社〔2026〕1号</td></tr>", "<tr><th>发文字号</th><td></td></tr>")
    assert findings_of(files, here) == (1, [
        error("decision/index.html", "xxgk", "信息公开栏的“发文字号”为空（没有文号时不列这一行）"),
        error("notices/n1/index.html", "xxgk", "信息公开栏缺少“发布机构”"),
    ])


def test_missing_block_is_found_but_not_on_the_pending_decision(here: Path) -> None:
    files = plant(site_files(), "notices/n1/index.html", "data-pub-xxgk", "")
    files["decision/index.html"] = page("decision/", "section", "表彰决定", "<h1>表彰决定</h1>\n<p>表彰决定尚未公布。</p>")
    assert findings_of(files, here) == (1, [error(
        "notices/n1/index.html", "xxgk", "缺少信息公开栏（<table data-pub-xxgk>：索引号、主题分类、发布机构、成文日期、发布日期）")])


def test_image_without_alt_is_found(here: Path) -> None:
    files = plant(site_files(), "stories/index.html", '<img src="s1/cover.png" alt="总装车间的生产线">', '<img src="s1/cover.png">')
    plant(files, "stories/s1/index.html", 'alt="" role="presentation"', 'alt=""')
    assert findings_of(files, here) == (1, [
        error("stories/index.html", "alt", "图片缺少替代文字（alt）：s1/cover.png"),
        error("stories/s1/index.html", "alt",
              '图片的替代文字（alt）为空：../../assets/dzjg.png（装饰性图片请标注 role="presentation" 或 aria-hidden="true"）'),
    ])


def test_outside_script_style_and_font_hosts_are_found(here: Path) -> None:
    files = plant(site_files(), "sitemap/index.html",
                  '<script src="../assets/site.js"></script>',
                  '<script src="https://cdn.jsdelivr.net/npm/jquery/dist/jquery.min.js"></script>'
                  '<link rel="preload" as="font" href="//fonts.gstatic.com/s/noto.woff2">')
    plant(files, "assets/site.css", 'url("psb.png")', 'url(https://img.example.com/bg.png)')
    plant(files, "assets/site.js", '"1";', '"1";\nimport("https://unpkg.com/polyfill.js");')
    assert findings_of(files, here) == (1, [
        error("assets/site.css", "outside", "从外部网站加载样式引用的文件：https://img.example.com/bg.png（境内读者可能打不开，须放在本站）"),
        error("assets/site.js", "outside", "从外部网站加载脚本引用的文件：https://unpkg.com/polyfill.js（境内读者可能打不开，须放在本站）"),
        error("sitemap/index.html", "outside",
              "从外部网站加载脚本：https://cdn.jsdelivr.net/npm/jquery/dist/jquery.min.js（境内读者可能打不开，须放在本站）"),
        error("sitemap/index.html", "outside", "从外部网站加载字体：//fonts.gstatic.com/s/noto.woff2（境内读者可能打不开，须放在本站）"),
    ])


def test_outside_links_need_the_allowed_list(here: Path) -> None:
    files = plant(site_files(), "contact/index.html", "<p>电话：023-00000000</p>",
                  '<p><a href="https://www.gov.cn/zhengce/">中国政府网</a> <a href="https://www.baidu.com/">百度</a></p>')
    (here / "docs").mkdir()
    (here / "mkdocs.yml").write_text(f"site_name: 演示\nsite_url: {SITE_URL}\nextra:\n  audit_allowed_links:\n"
                                     "    - https://www.gov.cn/\n", "utf-8")
    result = CliRunner().invoke(main, ["audit", str(write_site(here / "site", files)), "--today", TODAY])
    assert result.exit_code == 1
    assert result.output == ("contact/index.html\n"
                             "  错误 [outside] 链接到外部网站：https://www.baidu.com/（不在允许的外部链接名单 extra.audit_allowed_links 中）\n"
                             "检查了 9 个页面（检查日 2026-09-29）：1 个错误，0 个警告。\n")


def test_stale_home_page_is_found_while_a_notice_is_open(here: Path) -> None:
    assert findings_of(site_files(), here, "--today", "2026-10-20") == (1, [error(
        "index.html", "stale", "首页已 22 天没有更新：最新一条信息的日期是 2026-09-28，检查日 2026-10-20，公示期间不得超过 14 天")])
    assert findings_of(site_files(), here, "--today", "2026-10-20", "--stale-days", "30") == (0, [])
    closed = plant(site_files(), "index.html", 'data-pub-group="open"', 'data-pub-group="closed"')
    assert findings_of(closed, here, "--today", "2026-10-20") == (0, [])  # nothing open: nothing to keep fresh


def test_audit_day_comes_from_source_date_epoch(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1792425600")  # 2026-10-20 00:00 in Beijing
    result = audit(write_site(here / "site", site_files()), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["today"] == "2026-10-20" and [f["check"] for f in data["findings"]] == ["stale"]


def test_usage_errors_exit_2(here: Path) -> None:
    write_site(here / "site", site_files())
    missing = CliRunner().invoke(main, ["audit", "nowhere", "--site-url", SITE_URL])
    assert missing.exit_code == 2 and "找不到网站文件夹 nowhere" in missing.output
    no_address = CliRunner().invoke(main, ["audit", "site"])
    assert no_address.exit_code == 2
    assert "不知道网站的公开地址：请用 --site-url 指定，或用 -f 指定写有 site_url 的 mkdocs.yml" in no_address.output
    bad_day = CliRunner().invoke(main, ["audit", "site", "--site-url", SITE_URL, "--today", "20261020"])
    assert bad_day.exit_code == 2 and "“20261020”不是有效日期" in bad_day.output


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .site_support import ROOT

    project = make_project(tmp_path_factory.mktemp("demo"), ROOT / "data", stories=True)
    build(project, today=TODAY)
    return project / "site"


def test_the_demo_passes_its_own_audit(demo_site: Path) -> None:
    """Every check, errors and warnings: links, footer (no "Made with" link), metadata, 信息公开 block, freshness."""
    assert audit_site(demo_site, "https://biaozhang.example.gov.cn/", date(2026, 9, 29)) == []
    result = CliRunner().invoke(main, ["audit", str(demo_site), "--site-url", "https://biaozhang.example.gov.cn/",
                                       "--today", "2026-09-29"])
    assert result.exit_code == 0
    assert result.output.endswith("：没有发现问题。\n")


def test_demo_dead_link_is_found(demo_site: Path, tmp_path: Path) -> None:
    import shutil

    copy = shutil.copytree(demo_site, tmp_path / "site")
    (copy / "notices" / "2026-shizhu" / "index.html").unlink()
    findings = audit_site(copy, "https://biaozhang.example.gov.cn/", date(2026, 9, 29))
    dead = {(f.page, f.message) for f in findings if f.check in ("link", "feed")}
    assert ("index.html", "链接“notices/2026-shizhu/”无法打开：网站里没有 notices/2026-shizhu/index.html") in dead
    assert ("sitemap.xml", "地址 https://biaozhang.example.gov.cn/notices/2026-shizhu/ 无法打开："
                           "网站里没有 notices/2026-shizhu/index.html") in dead
