"""The site's identity (issue 18 item 1): program.yaml's website block, the footer of every page,
the 联系我们 and 网站地图 pages, the Chinese 404 page, and ``publisher check``'s warnings.

The footer follows issue 18's markup contract (``div[data-pub-identity]``, one ``data-field`` per
item), which ``publisher audit`` reads too; each test reads the built pages as a reader's browser
would (lxml) and compares the text with the value in program.yaml.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import lxml.html
import pytest
import yaml
from click.testing import CliRunner

from publisher.audit.inspector import audit_site
from publisher.cli.main import main
from publisher.data.loading import load_program
from publisher.errors import DataError, PublishError

from .markup_scan import site_problems
from .site_support import DEMO_DATA, ROOT, build, make_project
from .test_corpus import TINY

AFTER = "2026-11-20"
DEMO = yaml.safe_load((ROOT / "data" / "program.yaml").read_text("utf-8"))["website"]
REVOKED = "beibei-ma-lin"


def _edit_program(project: Path, website: dict | None) -> None:
    path = project / "data" / "program.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    if website is None:
        data.pop("website", None)
    else:
        data["website"] = website
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _page(site: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring((site / rel).read_bytes())


def _fields(root: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
    blocks = root.xpath("//footer//*[@data-pub-identity]")
    assert len(blocks) == 1
    return {el.get("data-field"): el for el in blocks[0].iter() if el.get("data-field")}


# --- the settings ----------------------------------------------------------------------------------


def _program_with(tmp_path: Path, block: str) -> Path:
    text = (ROOT / "data" / "program.yaml").read_text("utf-8").split("\nwebsite:")[0]
    path = tmp_path / "program.yaml"
    path.write_text(text + "\nwebsite:\n" + block, "utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_program(path)
    return [f"{p.line}: {p.field}: {p.message}" for p in caught.value.problems]


def test_the_demo_block_reads_as_written() -> None:
    website = load_program(ROOT / "data" / "program.yaml").website
    assert website is not None
    assert website.site_id_code == "0000000000" and website.icp == "渝ICP备00000000号-1"
    assert website.psb_record == "50000000000000"


def test_each_bad_value_is_named_with_its_line(tmp_path: Path) -> None:
    path = _program_with(tmp_path, "\n".join([
        "  sponsor: 演示局",
        "  site_id_code: 0000000000",
        "  icp: 渝ICP00000000号",
        "  psb: 渝公网安备 5000号",
        "  psb_icon: ../secret.png",
        "  dzjg_icon: images/dzjg.svg",
        "  dzjg_link: http://bszs.conac.cn/x",
        "  sponosr: 演示局",
    ]) + "\n")
    base = len(path.read_text("utf-8").split("\nwebsite:")[0].splitlines()) + 1
    assert _problems(path) == [
        f"{base + 2}: website.site_id_code: 网站标识码请加引号书写，例如 site_id_code: \"5001070012\"（不加引号会被当作数字，开头的 0 会丢失）",
        f"{base + 3}: website.icp: ICP备案号应写成“渝ICP备12345678号-1”的样子（省份简称、ICP备、数字、号，网站序号可选），而不是“渝ICP00000000号”",
        f"{base + 4}: website.psb: 公安机关备案号应写成“渝公网安备 50010302000000号”的样子（省份简称、公网安备、14 位数字、号），而不是“渝公网安备 5000号”",
        f"{base + 5}: website.psb_icon: 应写 content/ 文件夹里图片的路径，例如 assets/beian.png（PNG、JPEG、GIF、WebP 或 SVG，只用字母、数字和 _ . - /），而不是“../secret.png”",
        f"{base + 7}: website.dzjg_link: 党政机关网站标识的链接应以 https:// 开头（发放标识时给出的核验页地址），而不是“http://bszs.conac.cn/x”",
        f"{base + 8}: website.sponosr: 不认识的字段（是否应为 sponsor？）",
    ]


def test_codes_and_pairs(tmp_path: Path) -> None:
    short = _program_with(tmp_path, '  site_id_code: "50010700"\n')
    assert _problems(short)[0].endswith("website.site_id_code: 网站标识码应为 10 位数字或字母（例如 5001070012；部门网站的可以字母开头），而不是“50010700”")
    markup = _program_with(tmp_path, "  sponsor: 演示局<b>\n")
    assert _problems(markup)[0].endswith("website.sponsor: 不能包含“<”：名称和标题只写文字（网页标记会被当作攻击处理）")
    icon_alone = _program_with(tmp_path, "  psb_icon: images/psb.png\n")
    assert _problems(icon_alone)[0].endswith(
        "website: 写了 psb_icon（公安备案图标）就要写 psb（公安机关备案号）：图标只和备案号一起显示")
    half = _program_with(tmp_path, "  dzjg_icon: images/dzjg.svg\n")
    assert _problems(half)[0].endswith("website: dzjg_icon（党政机关网站标识图片）和 dzjg_link（核验页链接）要一起写")
    unquoted = _program_with(tmp_path, "  site_id_code: 5001070012\n  icp: 京ICP证030173号\n")
    program = load_program(unquoted)
    assert program.website is not None and program.website.site_id_code == "5001070012"


# --- publisher check --------------------------------------------------------------------------------


def test_check_warns_for_each_required_setting_and_still_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(TINY, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--data", "data", "--format", "json"])
    assert result.exit_code == 0, result.output
    found = [f for f in json.loads(result.output)["findings"] if f["rule"] == "site.identity-missing"]
    assert found == [{"rule": "site.identity-missing", "severity": "warning", "files": ["data/program.yaml"],
                      "message": f"data/program.yaml 的 website.{name}（{word}）没有填写：政府网站须在每页页脚显示{word}，上线前请填写"}
                     for name, word in (("sponsor", "主办单位"), ("site_id_code", "网站标识码"), ("icp", "ICP备案号"))]
    text = CliRunner().invoke(main, ["check", "--data", "data"]).output
    assert "site.identity-missing  页脚须显示的网站标识（《政府网站发展指引》）：警告 3 条" in text


# --- the built site ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo after the decision, with one revocation, so every kind of page exists."""
    project = make_project(tmp_path_factory.mktemp("identity"), DEMO_DATA, stories=True)
    decision = project / "data" / "decision.yaml"
    data = yaml.safe_load(decision.read_text("utf-8"))
    data["revocations"] = [{"id": "2026-revoke-1", "title": "关于撤销马琳同志荣誉称号的决定", "document_number": "渝经信发〔2026〕200号",
                            "issued_on": date(2026, 11, 16), "nominees": [REVOKED], "text": "经核查，撤销其荣誉称号。"}]
    decision.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    build(project, today=AFTER)
    return project / "site"


KINDS = {"home": "index.html", "notices": "notices/index.html", "notice": "notices/2026-city/index.html",
         "decision": "decision/index.html", "revocation": "decision/2026-revoke-1/index.html",
         "stories": "stories/index.html", "story": "stories/liangjiang-liu-zhiqiang/index.html",
         "objections": "objections/index.html", "open data": "open-data/index.html", "contact": "contact/index.html",
         "sitemap": "sitemap/index.html", "404": "404.html"}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_page_carries_the_footer(demo_site: Path, kind: str) -> None:
    rel = KINDS[kind]
    root = _page(demo_site, rel)
    fields = _fields(root)
    for name in ("sponsor", "operator", "site_id_code", "icp", "psb"):
        assert fields[name].text_content().strip() == DEMO[name], name
    assert fields["icp"].get("href") == "https://beian.miit.gov.cn/"
    assert fields["psb"].get("href") == "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=50000000000000"
    assert fields["dzjg"].get("href") == DEMO["dzjg_link"]
    footer = root.xpath("//footer")[0]
    assert footer.text_content().count("主办单位：") == 1 and "网站标识码：0000000000" in " ".join(footer.text_content().split())
    assert "重庆市人力资源和社会保障局 重庆市经济和信息化委员会" in footer.text_content()  # mkdocs.yml's copyright
    assert "Made with" not in footer.text_content() and not footer.xpath(".//a[contains(@href, 'squidfunk')]")
    # every link and picture of the footer leads to a file of the site, from this page's place
    here = (demo_site / rel).parent
    for name, target in (("contact", "contact/index.html"), ("sitemap", "sitemap/index.html")):
        href = fields[name].get("href")
        resolved = (demo_site / href.lstrip("/") if href.startswith("/") else here / href) / "index.html"
        assert resolved.resolve() == (demo_site / target).resolve(), (name, href)
    for image, shipped in ((fields["psb"].find("img"), "images/psb-demo.png"), (fields["dzjg"].find("img"), "images/dzjg-demo.svg")):
        src = image.get("src")
        resolved = demo_site / src.lstrip("/") if src.startswith("/") else here / src
        assert resolved.resolve() == (demo_site / shipped).resolve() and resolved.is_file()
    assert fields["psb"].find("img").get("alt") == "公安备案图标" and fields["dzjg"].find("img").get("alt") == "党政机关"


def test_the_demo_passes_the_audit_for_identity_and_outside_links(demo_site: Path) -> None:
    findings = audit_site(demo_site, "https://biaozhang.example.gov.cn/", date(2026, 11, 20))
    assert [f for f in findings if f.check in ("identity", "outside", "link", "empty", "alt")] == []


def test_sitemap_lists_every_page_under_its_section(demo_site: Path) -> None:
    root = _page(demo_site, "sitemap/index.html")
    groups = root.xpath("//section[contains(@class, 'pub-sitemap__group')]")
    assert [g.xpath("string(h2)") for g in groups] == ["首页", "公示档案", "表彰决定", "先进事迹", "异议受理", "开放数据",
                                                        "其他页面"]
    linked = set()
    for a in root.xpath("//div[@class='pub-sitemap']//a"):
        linked.add(((demo_site / "sitemap") / a.get("href")).resolve())
    pages = {p.parent.resolve() for p in demo_site.rglob("index.html") if "search" not in p.parts}
    assert pages <= linked, sorted(str(p) for p in pages - linked)
    decision = next(g for g in groups if g.xpath("string(h2)") == "表彰决定")
    assert decision.xpath("string(.//li)") == "关于撤销马琳同志荣誉称号的决定"
    notices = next(g for g in groups if g.xpath("string(h2)") == "公示档案")
    assert "关于制造强市先进集体和先进个人拟表彰对象的公示" in [li.text_content() for li in notices.iter("li")]


def test_contact_page_shows_the_offices_and_the_sponsor(demo_site: Path) -> None:
    root = _page(demo_site, "contact/index.html")
    article = root.xpath("//article")[0]
    assert article.xpath("string(.//h1)") == "联系我们"
    assert [dd.text_content() for dd in article.xpath(".//dl[@class='pub-owner']/dd")] == [DEMO["sponsor"], DEMO["operator"]]
    contacts = yaml.safe_load((DEMO_DATA / "contacts.yaml").read_text("utf-8"))["contacts"]
    phones = [a.text_content() for a in article.xpath(".//a[@class='pub-phone']")]
    assert phones == [str(p) for c in contacts for p in c["phones"]]
    assert [h.text_content() for h in article.xpath(".//h3")][0].startswith(contacts[0]["office"])


def test_404_page_is_chinese_with_a_way_on(demo_site: Path) -> None:
    root = _page(demo_site, "404.html")
    assert root.findtext(".//title") == "页面不存在 - 制造强市先进集体和先进个人评选表彰"
    article = root.xpath("//article")[0]
    assert article.xpath("string(.//h1)") == "页面不存在"
    assert "您访问的页面不存在" in article.text_content() and "Not found" not in article.text_content()
    assert [(a.text, a.get("href")) for a in article.xpath(".//ul[@class='pub-not-found']//a")] == [
        ("返回首页", "/"), ("查看网站地图", "/sitemap/")]


def test_a_site_without_the_block_builds_with_empty_required_fields(tmp_path: Path) -> None:
    project = make_project(tmp_path, TINY)
    result = build(project)
    assert [w.rule for w in result.warnings].count("site.identity-missing") == 3
    root = _page(project / "site", "notices/index.html")
    fields = _fields(root)
    assert [fields[n].text_content() for n in ("sponsor", "site_id_code", "icp")] == ["", "", ""]
    assert "psb" not in fields and "dzjg" not in fields and "operator" not in fields
    assert fields["contact"].text == "联系我们" and fields["sitemap"].text == "网站地图"
    findings = audit_site(project / "site", "https://biaozhang.example.gov.cn/", date(2026, 9, 29))
    identity = {(f.severity, f.message) for f in findings if f.check == "identity"}
    assert identity == {("warning", "页脚的“主办单位”为空"), ("warning", "页脚的“网站标识码”为空"),
                        ("warning", "页脚的“ICP备案号”为空")}


def test_a_missing_picture_stops_the_build_naming_the_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, DEMO_DATA)
    path = project / "data" / "program.yaml"
    text = path.read_text("utf-8").replace("psb_icon: images/psb-demo.png", "psb_icon: images/nowhere.png")
    path.write_text(text, "utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "images/nowhere.png" in row)
    before = sorted(p.name for p in project.iterdir())
    with pytest.raises(PublishError) as caught:
        build(project)
    assert (f"program.yaml:{line}: website.psb_icon: 找不到图片 content/images/nowhere.png：请把图片放进 content/ 文件夹的这个位置，"
            "或改正路径。") in str(caught.value)
    assert "Traceback" not in str(caught.value) and sorted(p.name for p in project.iterdir()) == before  # no site/


HOSTILE = {
    "sponsor": '演示局" onmouseover="alert(18101)',
    "operator": "&lt;script&gt;alert(18102)&lt;/script&gt; [x](javascript:alert(18103)) { onclick=alert(18104) }",
    "site_id_code": "bm00000000",
    "icp": "渝ICP备00000000号-1",
    "psb": "渝公网安备 50000000000000号",
    "psb_icon": "images/psb-demo.png",
    "dzjg_icon": "images/dzjg-demo.svg",
    "dzjg_link": "https://bszs.conac.cn/sitename?method=show&amp;id=1&x=javascript:alert(18105)",
}
COPYRIGHT = "<script>alert(18106)</script> 版权所有 & 'quoted'"


def test_hostile_identity_values_show_only_as_text(tmp_path: Path) -> None:
    project = make_project(tmp_path, DEMO_DATA)
    _edit_program(project, HOSTILE)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("copyright: 重庆市人力资源和社会保障局 重庆市经济和信息化委员会",
                                                        f"copyright: {json.dumps(COPYRIGHT, ensure_ascii=False)}"), "utf-8")
    build(project)
    site = project / "site"
    assert site_problems(site) == []
    for rel in ("index.html", "contact/index.html", "404.html", "notices/2026-city/index.html"):
        root = _page(site, rel)
        fields = _fields(root)
        assert fields["sponsor"].text_content() == HOSTILE["sponsor"]
        assert fields["operator"].text_content() == HOSTILE["operator"]
        assert fields["site_id_code"].text_content() == "bm00000000"
        assert fields["dzjg"].get("href") == HOSTILE["dzjg_link"]
        assert root.xpath("string(//div[@class='md-copyright__highlight'])") == COPYRIGHT
        assert not root.xpath("//*[@onmouseover or @onclick]") and not root.xpath("//footer//script")
    contact = _page(site, "contact/index.html")
    assert [dd.text_content() for dd in contact.xpath("//dl[@class='pub-owner']/dd")] == [HOSTILE["sponsor"],
                                                                                           HOSTILE["operator"]]
