"""Data is text, never markup: the template filters, the front-matter guard, the sanitizer's bounds, the checks
that keep invisible characters out of names and odd values out of links, and comparisons on normalised text."""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import lxml.html
import markdown
import pytest
from lxml import etree
from markupsafe import Markup
from pydantic import ValidationError

from publisher.data.models import Contact, Program, Recommender
from publisher.data.plaintext import comparable, invisible
from publisher.site.escaping import escape_meta, md_text, paragraphs, sanitize_outside
from publisher.site.feeds import build_feeds
from publisher.site.stories import Story

from .test_feeds import SITE, make_data, make_model

SITE_EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]
"""mkdocs.yml's markdown_extensions."""
MORE_EXTENSIONS = [*SITE_EXTENSIONS, "pymdownx.magiclink", "pymdownx.emoji", "pymdownx.tilde", "pymdownx.mark",
                   "pymdownx.caret", "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.smartsymbols"]
"""What a site owner might add from Material's usual set: a heading must stay text with them too."""
HEADINGS = [
    "关于公示 { onclick=alert(1) }",
    "关于公示 {: .x onclick=alert(1) }",
    "关于公示 {#evil}",
    "[点此](javascript:alert(1))",
    "![](http://evil.example/x.png)",
    "<img src=x onerror=alert(1)>",
    "</h1><script>alert(1)</script>",
    "&lt;script&gt; &amp; &#60;",
    "*强调* **粗体** _下划_ `代码` ~~删除~~ ==标记== ^^上标^^ $x$",
    "https://evil.example/ www.evil.example :smile: (c) -->",
    "结尾的井号 ##",
    "反斜杠 \\{ \\[x\\](y)",
    "1. 像列表 | 像表格 | > 像引用",
    'Quote " and \' apostrophe',
]


def _heading(source: str, extensions: list[str]) -> etree._Element:
    html = markdown.Markdown(extensions=extensions).convert(source)
    return lxml.html.fragment_fromstring(html)


@pytest.mark.parametrize("extensions", [SITE_EXTENSIONS, MORE_EXTENSIONS], ids=["site", "more"])
@pytest.mark.parametrize("value", HEADINGS)
def test_md_text_keeps_a_heading_plain_text(value: str, extensions: list[str]) -> None:
    h1 = _heading(f"# {md_text(value)}", extensions)
    assert (h1.tag, h1.text_content(), len(h1)) == ("h1", value, 0), etree.tostring(h1, encoding="unicode")
    assert set(h1.attrib) <= {"id"}

    h2 = _heading(f"## {md_text(value)}（3个） {{ #collectives }}", extensions)
    assert (h2.text_content(), dict(h2.attrib), len(h2)) == (f"{value}（3个）", {"id": "collectives"}, 0)


def test_md_text_keeps_a_heading_on_one_line() -> None:
    html = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(f"# {md_text('第一行' + chr(10) + '# 第二行')}")
    assert html == "<h1 id=\"_1\">第一行 &#35; 第二行</h1>"
    assert isinstance(md_text("x"), Markup)


def test_paragraphs_are_plain_text_one_per_line() -> None:
    text = "第一段 [x](javascript:alert(1))\n\n  第二段 <script>alert(2)</script>  \n第三段 {: onclick=x }\n"
    assert paragraphs(text) == ("<p>第一段 [x](javascript:alert(1))</p>\n"
                                "<p>第二段 &lt;script&gt;alert(2)&lt;/script&gt;</p>\n"
                                "<p>第三段 {: onclick=x }</p>")
    assert paragraphs(None) == "" and paragraphs("") == ""
    rendered = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(f'<div class="pub-text">\n{paragraphs(text)}\n</div>')
    assert "<a" not in rendered and "onclick=x" in rendered and 'class="' not in rendered.replace('class="pub-text"', "")


def test_front_matter_reaches_the_theme_escaped_once() -> None:
    meta = {"title": '"></title><script>alert(1)</script>', "author": 'a"b', "hide": ["toc"],
            "search": {"boost": 2, "exclude": False}, "date": date(2026, 10, 1)}
    escaped = escape_meta(meta)
    assert escaped["title"] == "&#34;&gt;&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escaped["author"] == "a&#34;b" and isinstance(escaped["author"], Markup)
    assert escaped["hide"] == ["toc"] and escaped["search"] == {"boost": 2, "exclude": False}
    assert escaped["date"] == date(2026, 10, 1)
    assert escape_meta(escaped) == escaped  # a second pass (a rebuild while serving) changes nothing


START, END = "<!-- publisher:generated:0123 -->", "<!-- /publisher:generated:0123 -->"


def test_sanitizing_keeps_only_the_generated_part_as_it_is() -> None:
    staff = '<p onclick="alert(1)">正文</p><script>alert(2)</script>'
    generated = '<ul class="pub-notices" data-pub-group="open"><li data-start="2026-09-28">公示</li></ul>'
    after = '<div class="footnote"><a href="javascript:alert(3)">1</a></div>'
    out = sanitize_outside(f"{staff}\n{START}\n{generated}\n{END}\n{after}", START, END)
    assert out == f'<p>正文</p>\n\n{generated}\n\n<div class="footnote"><a rel="noopener noreferrer">1</a></div>'


def test_a_page_cannot_fake_the_generated_part() -> None:
    fake = "<!-- publisher:generated:guess --><script>alert(1)</script><!-- /publisher:generated:guess -->"
    assert "script" not in sanitize_outside(fake, START, END)
    only_start = f"{START}<script>alert(1)</script>"
    assert "script" not in sanitize_outside(only_start, START, END)
    before_ours = f"{START}<script>alert(1)</script>{END}"  # an earlier copy of the markers: the last one counts
    assert "script" not in sanitize_outside(before_ours + f"{START}<p>ours</p>{END}", START, END).replace(
        "<p>ours</p>", "")


def test_every_format_character_is_invisible_and_ordinary_text_is_not() -> None:
    """The character class is Python's Unicode database's category Cf, and the fillers; a test keeps it so."""
    missed = [f"U+{c:04X}" for c in range(sys.maxunicode + 1)
              if unicodedata.category(chr(c)) == "Cf" and invisible(chr(c)) is None]
    assert missed == []
    for filler in "\u115f\u1160\u3164\uffa0":
        assert invisible(f"王{filler}芳") == filler
    for plain in ("王芳", "阿依古丽·买买提", "重庆ＡＢ电子有限公司", "测试工程师（主任）", "Zhang San", "⚙️ 车间", "〇"):
        assert invisible(plain) is None, plain


@pytest.mark.parametrize(("a", "b"), [("王芳", "王 芳"), ("王芳", "王\u3000芳"), ("王芳", "王芳\u200b"),
                                      ("重庆AB电子有限公司", "重庆ＡＢ电子有限公司"), ("ABC班组", "abc班组"),
                                      ("测试部", "测试\u00ad部"), ("第1车间", "第１车间"), ("王芳", "王\u3164芳"),
                                      ("王芳", "王\uffa0芳")])
def test_comparable_text_is_one_spelling(a: str, b: str) -> None:
    assert comparable(a) == comparable(b)


def test_comparable_text_keeps_different_names_apart() -> None:
    assert comparable("王芳") != comparable("王方")
    assert comparable("重庆A电子") != comparable("重庆B电子")


def _message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return exc.value.errors()[0]["ctx"]["error"].args[0]


def test_names_refuse_bidi_controls_and_line_breaks_with_a_message() -> None:
    with pytest.raises(ValidationError) as bidi:
        Recommender(id="x", name="两江\u202e新区", category="liangjiang")
    assert _message(bidi).startswith("不能包含看不见的字符 U+202E（从右到左覆盖）：它会让名称在网页上显示得和文件里不一样")
    with pytest.raises(ValidationError) as newline:
        Recommender(id="x", name="两江\n新区", category="liangjiang")
    assert _message(newline).startswith("不能包含换行等控制字符")


CONTACT = {"id": "x", "office": "干部人事处", "people": ["李红梅"]}


@pytest.mark.parametrize("phone", ["023-63895398", "023 6389 5398", "(023)63895398", "+86 23 6389 5398", "12345"])
def test_phones_a_dial_pad_can_dial_become_links(phone: str) -> None:
    assert Contact(**CONTACT, phones=[phone]).phones == [phone]


@pytest.mark.parametrize("phone", ["javascript:alert(1)", "023-63895398\" onclick=\"x", "电话 023-63895398",
                                   "０２３-６３８９５３９８", "1234", "023-63895398\nx"])
def test_other_phones_are_refused(phone: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Contact(**CONTACT, phones=[phone])
    assert _message(caught).startswith("电话号码只能写数字、空格、连字符（-）和括号，可以用 + 开头")


@pytest.mark.parametrize("email", ["javascript:alert(1)//@a.cn", 'a@b.cn" onmouseover="x', "a@b", "a b@c.cn",
                                   "mailto:a@b.cn", "a@b.cn?subject=x"])
def test_email_addresses_are_plain_addresses(email: str) -> None:
    assert Contact(**CONTACT, phones=["023-63895398"], email="ganbu@jxw.cq.gov.cn").email == "ganbu@jxw.cq.gov.cn"
    with pytest.raises(ValidationError) as caught:
        Contact(**CONTACT, phones=["023-63895398"], email=email)
    assert _message(caught).startswith("电子邮箱应写成 name@example.gov.cn 的形式")


PROGRAM = Path(__file__).parent / "fixtures" / "tiny" / "program.yaml"


@pytest.mark.parametrize("url", ["javascript:alert(1)//", "http://biaozhang.example.gov.cn/", "https://",
                                 'https://a.cn/"><script>', "https://[::1", "//biaozhang.example.gov.cn/"])
def test_the_site_address_is_https(url: str) -> None:
    import yaml

    data = yaml.safe_load(PROGRAM.read_text("utf-8"))
    assert Program(**data).site_url == "https://biaozhang.example.gov.cn/"
    with pytest.raises(ValidationError) as caught:
        Program(**{**data, "site_url": url})
    assert _message(caught).startswith("网站地址应以 https:// 开头")


def test_feeds_send_summaries_as_escaped_html(tmp_path: Path) -> None:
    """RSS readers render <description> as HTML: a summary's markup must arrive as text."""
    model = make_model(make_data(tmp_path / "data"))
    summary = '<img src=x onerror=alert(1)> "引号" & <b>粗</b>'
    model = replace(model, stories=(Story("x", "标题", (), "宣传处", date(2026, 10, 1), "published", summary),))
    feeds = build_feeds(model, SITE)
    for path in ("feeds/stories.rss.xml", "feeds/stories.atom.xml"):
        entry = feedparser.parse(feeds[path]).entries[0]
        html = entry.summary
        assert lxml.html.fragment_fromstring(html, create_parent="p").text_content() == summary, path
        assert "<img" not in html and "<b>" not in html, path
    rss = etree.fromstring(feeds["feeds/stories.rss.xml"])
    assert rss.findtext("channel/item/description") == "&lt;img src=x onerror=alert(1)&gt; \"引号\" &amp; &lt;b&gt;粗&lt;/b&gt;"
