"""``publisher wechat``: articles with inline styles only, the page's text, a QR code to the page, a plain text."""

from __future__ import annotations

import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.channels.wechat import Article, WeChat
from publisher.cli.main import main
from publisher.data.dataset import load_dataset
from publisher.defaults import TEMPLATES as DEFAULT_TEMPLATES
from publisher.site.model import SiteModel, build_site_model
from publisher.site.pages import Renderer
from publisher.site.stories import Story

from .conftest import DEMO_DATA, FIXTURES, ROOT
from .qr_support import expected, from_data_uri, modules
from .test_attachments import HOSTILE_ADDRESS, HOSTILE_INTRO
from .test_feeds import make_data

SITE = "https://biaozhang.example.gov.cn/"
TEMPLATES = DEFAULT_TEMPLATES
DEMO_DAY = date(2026, 11, 20)


class Visible(HTMLParser):
    """What a reader sees: all text, and the text of each entry of a list (``<li>``), whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.entries: list[str] = []
        self._entry: list[str] | None = None
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self._entry = []
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._entry is not None:
            self.entries.append(" ".join("".join(self._entry).split()))
            self._entry = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._entry is not None:
            self._entry.append(data)

    @property
    def joined(self) -> str:
        return re.sub(r"\s+", "", "".join(self.text))


def visible(html: str) -> Visible:
    parser = Visible()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def demo() -> SiteModel:
    return build_site_model(load_dataset(DEMO_DATA), DEMO_DAY)


def assert_editor_safe(article: Article) -> None:
    """What the 公众号 editor keeps: inline styles only, nothing that runs, no image from outside."""
    html = article.html
    assert "<style" not in html and "<script" not in html and "<link" not in html
    assert "class=" not in html and "<a " not in html
    assert 'style="' in html
    images = visible(html).images
    assert images and all(str(img.get("src", "")).startswith("data:image/png;base64,") for img in images)
    assert not re.search(r"src=\"https?:", html)


def test_every_notice_reads_as_its_page(demo: SiteModel) -> None:
    writer, renderer = WeChat(demo, SITE, TEMPLATES), Renderer(demo, TEMPLATES)
    for view in demo.notices:
        article = writer.notice(view.id)
        assert_editor_safe(article)
        seen, page = visible(article.html), visible(renderer.notice(view).markdown)
        assert seen.entries == page.entries  # names, notes, units and positions, in the page's order
        assert len(seen.entries) == len(view.collectives) + len(view.individuals)
        window = f"公示期为{view.window.describe()}。"
        assert window in seen.joined and window in page.joined
        for contact in view.contacts:
            for value in (contact.office, *contact.people, *contact.phones):
                assert value in seen.joined
        assert "反映问题应实事求是、客观公正，不得借机诽谤和诬告。" in seen.joined
        assert article.title == view.notice.title and f"<title>{view.notice.title}</title>" in article.html


def test_the_decision_reads_as_its_page(demo: SiteModel) -> None:
    article = WeChat(demo, SITE, TEMPLATES).decision()
    assert_editor_safe(article)
    seen = visible(article.html)
    decision_page = next(p for p in Renderer(demo, TEMPLATES).pages() if p.url == "decision/")
    page = visible(decision_page.markdown)
    assert seen.entries == [re.sub(r"\s*先进事迹：.*$", "", e) for e in page.entries]  # the page links stories too
    assert demo.decision.decision.document_number in seen.joined
    assert "（按推荐单位顺序排列，同一推荐单位内按姓氏笔画排序）" in seen.joined


def test_qr_code_points_to_the_page(demo: SiteModel) -> None:
    writer = WeChat(demo, SITE, TEMPLATES)
    for article, url in ((writer.notice("2026-city"), SITE + "notices/2026-city/"),
                         (writer.decision(), SITE + "decision/")):
        (image,) = visible(article.html).images
        assert modules(from_data_uri(str(image["src"]))) == expected(url)
        assert url in article.text  # written out too: an article cannot link out


def test_plain_text_numbers_the_list_like_the_page(demo: SiteModel) -> None:
    view = next(v for v in demo.notices if v.id == "2026-liangjiang")
    text = WeChat(demo, SITE, TEMPLATES).notice(view.id).text
    lines = text.splitlines()
    assert lines[0] == view.notice.title
    individuals = [f"{n}. {p.display_name} {p.unit_and_position}" for n, p in enumerate(view.individuals, start=1)]
    start = lines.index(individuals[0])
    assert lines[start:start + len(individuals)] == individuals
    assert f"公示期为{view.window.describe()}。" in lines
    assert "<" not in text and "&" not in text


def test_data_is_escaped(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data")
    notice = data / "notices" / "2026-city.yaml"
    notice.write_text(notice.read_text("utf-8") + f"intro: '{HOSTILE_INTRO}'\n", encoding="utf-8")
    contacts = data / "contacts.yaml"
    contacts.write_text(contacts.read_text("utf-8").replace("address: 重庆市两江新区云杉南路12号",
                                                            f"address: '{HOSTILE_ADDRESS}'"), encoding="utf-8")
    article = WeChat(build_site_model(load_dataset(data), date(2026, 11, 10)), SITE, TEMPLATES).notice("2026-city")
    assert_editor_safe(article)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;nbsp;" in article.html and "&lt;img src=x onerror=" in article.html
    assert article.html.count("<img") == 1  # the QR code only
    seen = visible(article.html).joined
    assert "<script>alert(1)</script>&nbsp;“引号”" in seen and '<imgsrc=xonerror="alert(2)">重庆市渝北区' in seen
    assert "<script>alert(1)</script>" in article.text


def test_story_article_sanitizes_and_leaves_images_to_staff(demo: SiteModel) -> None:
    story = Story("zhang", "张建国：焊装老兵", ("liangjiang-zhang-jianguo",), "本网记者", date(2026, 11, 12), "published",
                  "摘要。", cover="img/line.jpg", cover_alt="焊装线")
    body = ('<h2>小标题</h2><p>正文<script>alert(1)</script><img src="img/a.jpg" alt="车间"></p>'
            '<p><img src="https://example.com/x.png" alt="外链"><a href="https://example.com/">链接</a></p>')
    article = WeChat(demo, SITE, TEMPLATES).story(story, body, ROOT / "content" / "stories")
    assert_editor_safe(article)
    seen = visible(article.html)
    assert "小标题" in seen.joined and "alert" not in article.html and "链接" in seen.joined
    assert "【请在此处插入图片：车间（文件img/a.jpg，在编辑器中上传）】" in seen.joined
    assert "【请在此处插入图片：外链（文件https://example.com/x.png，在编辑器中上传）】" in seen.joined
    assert "【请在此处插入图片：焊装线（文件content/stories/img/line.jpg，在编辑器中上传）】" in seen.joined
    assert "事迹主人公：张建国" in seen.joined
    assert article.notes == ["封面图 content/stories/img/line.jpg 需要在编辑器中上传（设为封面或插入文首）。",
                             "正文图片 img/a.jpg 需要在编辑器中上传后插入（文章中已标出位置）。",
                             "正文图片 https://example.com/x.png 需要在编辑器中上传后插入（文章中已标出位置）。"]
    (image,) = seen.images
    assert modules(from_data_uri(str(image["src"]))) == expected(SITE + "stories/zhang/")


# --- the command -------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["wechat", *args])
    return result.exit_code, result.stdout, result.stderr


def test_command_writes_html_text_and_qr(tmp_path: Path) -> None:
    out = tmp_path / "公示文章.html"
    code, stdout, _ = run("notice", "2026-city", "-o", str(out), "--data", str(FIXTURES / "tiny"),
                          "-f", str(ROOT / "mkdocs.yml"), "--today", "2026-09-29")
    assert code == 0, stdout
    assert stdout == (f"已写出 {out}（公众号文章）、公示文章.txt（纯文本）和 公示文章-qr.png（二维码）："
                      "关于制造强市先进集体和先进个人拟表彰对象的公示。粘贴步骤见 docs/wechat.md。\n")
    model = build_site_model(load_dataset(FIXTURES / "tiny"), date(2026, 9, 29))
    article = WeChat(model, SITE, TEMPLATES).notice("2026-city")
    assert out.read_text("utf-8") == article.html
    assert (tmp_path / "公示文章.txt").read_text("utf-8") == article.text
    assert (tmp_path / "公示文章-qr.png").read_bytes() == article.qr_png
    assert sorted(p.name for p in tmp_path.iterdir()) == ["公示文章-qr.png", "公示文章.html", "公示文章.txt"]


def test_command_without_output_prints_both_versions() -> None:
    code, stdout, _ = run("notice", "2026-city", "--data", str(FIXTURES / "tiny"), "--today", "2026-09-29")
    assert code == 0
    html, _, text = stdout.partition("===== 纯文本 =====\n")
    assert html.startswith("===== 公众号文章 HTML =====\n<!DOCTYPE html>") and html.endswith("</html>\n")
    assert text.startswith("关于制造强市先进集体和先进个人拟表彰对象的公示\n")


def test_command_mistakes_are_told_plainly(tmp_path: Path) -> None:
    code, _, stderr = run("notice", "2026-cty", "--data", str(FIXTURES / "tiny"))
    assert (code, stderr) == (1, "错误：没有编号为“2026-cty”的公示。相近的编号：2026-city。\n")
    code, _, stderr = run("decision", "--data", str(FIXTURES / "tiny"))
    assert code == 1 and stderr.startswith("错误：还没有表彰决定：")
    code, _, stderr = run("notice", "2026-city", "-o", str(tmp_path / "a.docx"), "--data", str(FIXTURES / "tiny"))
    assert code == 2 and "文件名请以 .html 结尾" in stderr and not list(tmp_path.iterdir())
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    code, _, stderr = run("story", "gaoxin-xie-yifan", "--content", str(content), "--data", str(DEMO_DATA))
    assert code == 1 and "gaoxin-xie-yifan.md 未发布，不能写成公众号文章：草稿（status: draft）" in stderr


def test_command_writes_a_story_from_the_content_folder(tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    code, stdout, stderr = run("story", "liangjiang-zhang-jianguo", "-o", str(out), "--data", str(DEMO_DATA),
                               "--content", str(ROOT / "content"), "-f", str(ROOT / "mkdocs.yml"), "--today", "2026-11-20")
    assert code == 0, stdout + stderr
    text = (tmp_path / "story.txt").read_text("utf-8")
    assert text.startswith("张建国：二十五分钟换型的“焊装老兵”\n\n2026年11月12日 · 本网记者 陈思远 · 事迹主人公：张建国\n")
    assert "清晨七点半" in text
    assert "公众号不接受 SVG 图片，请先转成 PNG 或 JPG" in stderr
