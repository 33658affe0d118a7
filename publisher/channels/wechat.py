"""``publisher wechat``: a notice, the decision or a story as an article for the 公众号 editor, and its plain text.

The 公众号 editor keeps inline styles only: it drops stylesheets, classes and
scripts, and takes no links or images from outside. So the article is rendered
from templates of its own (``templates/wechat/``, which include the page's list
partial, so names read as on the site), its stylesheet is inlined into ``style``
attributes by css-inline, and nh3 then keeps only plain article markup with
those styles: no ``class``, no ``<style>``/``<script>``, images only as ``data:``
URIs (the QR code to the page). Data is escaped by the templates as on the site.

Images in a story's text cannot come along (the editor wants them uploaded), so
each is replaced by a note naming its file, for staff to insert by hand.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import css_inline
import jinja2
import nh3
from markupsafe import Markup

from publisher.channels import qr as qrcodes
from publisher.channels.attachments import ChannelRenderer
from publisher.data.workdays import chinese_date
from publisher.defaults import template_file
from publisher.errors import PublishError, display_path
from publisher.site.stories import Story, sanitize

STYLESHEET = "wechat/wechat.css"
PAGE = "wechat/page.html.j2"
TAGS = {"section", "h1", "h2", "h3", "h4", "p", "br", "strong", "em", "b", "i", "u", "span", "ol", "ul", "li",
        "blockquote", "img", "table", "thead", "tbody", "tr", "th", "td", "hr", "sub", "sup"}
ATTRIBUTES = {"*": {"style"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"},
              "th": {"colspan", "rowspan"}, "ol": {"start"}}
PARAGRAPHS = {"h1", "h2", "h3", "h4", "section", "p", "ol", "ul", "blockquote", "table", "hr"}
LINES = {"br", "li", "tr"}
IMAGE_NOTE = "【请在此处插入图片：{what}（文件 {src}，在编辑器中上传）】"
"""Words for staff, in place of an image the editor cannot take from the article: they replace it by hand."""
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    """One article: the HTML file to copy from, its plain text, and the QR code as a PNG of its own."""

    title: str
    html: str
    text: str
    qr_png: bytes
    notes: list[str] = field(default_factory=list)
    """What staff must do by hand (images to upload)."""


class _Text(HTMLParser):
    """The article's visible text as a reader sees it: paragraphs apart, list entries on lines of their own
    with the numbers an ordered list shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.numbers: list[int | None] = []
        """Per open list: the next number (``<ol>``) or None (``<ul>``)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in PARAGRAPHS:
            self.parts.append("\n\n")
        elif tag in LINES:
            self.parts.append("\n")
        if tag in ("ol", "ul"):
            start = dict(attrs).get("start") or "1"
            self.numbers.append(int(start) if tag == "ol" and start.isdigit() else None)
        elif tag == "li" and self.numbers and self.numbers[-1] is not None:
            self.parts.append(f"{self.numbers[-1]}. ")
            self.numbers[-1] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in PARAGRAPHS:
            self.parts.append("\n\n")
        if tag in ("ol", "ul") and self.numbers:
            self.numbers.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        lines = [line.strip() for line in "".join(self.parts).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.text()


class _ImageTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = {k: v or "" for k, v in attrs}


def _image_note(src: str, alt: str) -> str:
    return IMAGE_NOTE.format(what=alt or "图片", src=src)


def replace_images(html: str, notes: list[str]) -> str:
    """Each ``<img>`` of a story's HTML as a note for staff (escaped text), and a line in ``notes``."""

    def note(match: re.Match[str]) -> str:
        tag = _ImageTag()
        tag.feed(match.group())
        src, alt = tag.attrs.get("src", ""), tag.attrs.get("alt", "")
        notes.append(f"正文图片 {src} 需要在编辑器中上传后插入（文章中已标出位置）。")
        return str(Markup('<span class="wx-image-note">{}</span>').format(_image_note(src, alt)))

    return _IMG.sub(note, html)


class WeChat(ChannelRenderer):
    """Renders articles from one site model, with the site's address for the QR codes."""

    def notice(self, notice_id: str) -> Article:
        views = {v.id: v for v in self.model.notices}
        view = views.get(notice_id)
        if view is None:
            close = difflib.get_close_matches(notice_id, list(views), n=3, cutoff=0.5)
            known = "、".join(close or views) or "（还没有任何公示）"
            raise PublishError(f"没有编号为“{notice_id}”的公示。{'相近' if close else '已有'}的编号：{known}。")
        if view.retired and view.retires_on is not None:  # an article would list nobody, or bring the names back
            raise PublishError(f"“{view.notice.title}”的名单已于{chinese_date(view.retires_on)}起不再公开"
                               "（program.yaml 的 publicity_retention_days），不再生成公众号文章。")
        return self._article("wechat/notice.html.j2", view.notice.title, view.url, view=view)

    def decision(self) -> Article:
        view = self.model.decision
        if view is None:
            raise PublishError(f"还没有表彰决定：{display_path(self.model.dataset.root / 'decision.yaml')} 不存在，"
                               "或其印发日期还没到（可用 --today 指定日期）。")
        return self._article("wechat/decision.html.j2", view.decision.title, view.url, view=view)

    def story(self, story: Story, body_html: str, folder: Path) -> Article:
        """``body_html``: the story's Markdown rendered as the site renders it (sanitized here); ``folder``: its folder."""
        notes: list[str] = []
        body = replace_images(sanitize(body_html), notes)
        cover_note = None
        if story.cover:
            cover = display_path(folder / story.cover)
            svg = "；公众号不接受 SVG 图片，请先转成 PNG 或 JPG" if story.cover.lower().endswith(".svg") else ""
            notes.insert(0, f"封面图 {cover} 需要在编辑器中上传（设为封面或插入文首）{svg}。")
            cover_note = _image_note(cover, story.cover_alt or "")
        names = [self.model.public_nominee(i).display_name for i in story.nominees]
        article = self._article("wechat/story.html.j2", story.title, story.url, story=story, names=names,
                                body=Markup(body), cover_note=cover_note)
        article.notes.extend(notes)
        return article

    def _render(self, template: str, **context: object) -> str:
        try:
            return self.env.get_template(template).render(program=self.model.dataset.program, site=self.model,
                                                          **context)
        except jinja2.TemplateSyntaxError as exc:
            where = display_path(Path(exc.filename)) if exc.filename else template
            raise PublishError(f"{where}:{exc.lineno}: 公众号文章模板语法错误：{exc.message}") from None
        except jinja2.TemplateError as exc:
            raise PublishError(f"{display_path(self.templates_dir / template)}: 公众号文章模板出错：{exc}") from None

    def _stylesheet(self) -> str:
        path = template_file(self.templates_dir, STYLESHEET)
        try:
            return path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PublishError(f"无法读取公众号文章样式 {display_path(path)}：{exc}") from None

    def _article(self, template: str, title: str, page: str, **context: object) -> Article:
        url = urljoin(self.site_url, page)
        fragment = self._render(template, qr=qrcodes.data_uri(url), url=url, **context)
        try:
            inlined = css_inline.inline_fragment(fragment, self._stylesheet(), load_remote_stylesheets=False)
        except css_inline.InlineError as exc:
            raise PublishError(f"{display_path(self.templates_dir / STYLESHEET)}: 样式无法内联：{exc}") from None
        article = nh3.clean(inlined, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"data"}, link_rel=None,
                            clean_content_tags={"script", "style"}, strip_comments=True,
                            attribute_filter=_only_data_images)
        html = self._render(PAGE, title=title, article=Markup(article))
        return Article(title, html, plain_text(article), qrcodes.png(url))


def _only_data_images(tag: str, attribute: str, value: str) -> str | None:
    """No image from outside: an ``<img>`` keeps a ``src`` only when it is a ``data:image/`` URI."""
    if tag == "img" and attribute == "src" and not value.startswith("data:image/"):
        return None
    return value
