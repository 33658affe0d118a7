"""What ``publisher audit`` looks for on one built page, as a site inspector would.

The markup it expects is the lead's contract for issue 18 (identity footer, page
metadata, the 信息公开 block), so pages and audit agree on one description and
either side can change only by changing it. Each check reads the parsed page and
says, in Chinese, what is missing: the inspection indicators (国办秘函〔2019〕19号)
fail a site for exactly these things, and an office should hear it first from us.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from urllib.parse import quote, unquote, urlsplit

from lxml import html

Severity = Literal["error", "warning"]

CHECKS = ("link", "anchor", "attachment", "feed", "empty", "identity", "metadata", "xxgk", "stale", "alt", "outside")
"""Every check's id, in the order findings of one page are listed (a contract: docs/audit.md)."""


@dataclass(frozen=True)
class Finding:
    """One thing an inspector would fault, on one page (a path relative to the site folder)."""

    severity: Severity
    page: str
    check: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"severity": self.severity, "page": self.page, "check": self.check, "message": self.message}


@dataclass(frozen=True)
class SiteUrl:
    """The public address the site is served from: scheme and host, and the path it lives under."""

    url: str
    host: str
    prefix: str

    @classmethod
    def parse(cls, url: str) -> SiteUrl:
        """Raise ValueError unless ``url`` is an absolute http(s) address."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(url)
        prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
        return cls(f"{parts.scheme}://{parts.netloc}{prefix}", parts.hostname.lower(), prefix)

    def public_url(self, page: str) -> str:
        """Where a reader finds the page file ``page``: directory URLs for ``…/index.html``."""
        path = page[: -len("index.html")] if page == "index.html" or page.endswith("/index.html") else page
        return self.url + quote(path)


# --- the identity footer (contract: <div class="pub-identity" data-pub-identity>) ---

IDENTITY_FIELDS = {"sponsor": "主办单位", "operator": "承办单位", "site_id_code": "网站标识码", "icp": "ICP备案号",
                   "psb": "公安机关备案号", "contact": "联系我们", "sitemap": "网站地图", "dzjg": "党政机关网站标识"}
REQUIRED_IDENTITY = ("sponsor", "site_id_code", "icp", "contact", "sitemap")
ICP_HOSTS = ("beian.miit.gov.cn",)
PSB_HOSTS = ("www.beian.gov.cn", "beian.gov.cn", "beian.mps.gov.cn")

# --- page metadata (《政府网站发展指引》 页面设计) ---

PAGE_KIND = "publisher:page-kind"
KIND_WORDS = {"section": "栏目页（section）", "content": "内容页（content）", "other": "其他页面（other）"}
SITE_META = ("SiteName", "SiteDomain", "SiteIDCode")
KIND_META = {"section": ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"),
             "content": ("ArticleTitle", "PubDate", "ContentSource", "Keywords", "Author", "Description", "Url"),
             "other": ()}
SECTION_PAGES = frozenset({"index.html", "notices/index.html", "stories/index.html", "objections/index.html",
                           "open-data/index.html", "contact/index.html", "sitemap/index.html"})
_CONTENT_PAGE = re.compile(r"(?:notices|decision|stories)/[^/]+/index\.html")
_PUB_DATE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")

# --- the 信息公开 block (contract: <table class="pub-xxgk" data-pub-xxgk>) ---

XXGK_LABELS = ("索引号", "主题分类", "发布机构", "成文日期", "发文字号", "发布日期")
XXGK_OPTIONAL = "发文字号"
_BLOCK_PAGE = re.compile(r"notices/[^/]+/index\.html|decision/(?:[^/]+/)?index\.html")

_BLANK = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_NOT_TEXT = frozenset({"script", "style", "template", "noscript", "button", "input", "select", "textarea", "label",
                       "svg", "nav"})
"""Inside the article but not its content: the theme's controls (the text-size buttons) and code."""
_PLACEHOLDER = "暂无"


def text_of(element: html.HtmlElement) -> str:
    """The element's text with every kind of blank removed, as a reader would judge it empty or not."""
    return _BLANK.sub("", element.text_content())


def expected_kinds(page: str) -> tuple[str, ...]:
    """The kinds the contract gives a page at this path (empty when it does not name the page)."""
    if page == "decision/index.html":
        return ("section", "content")  # the pending notice is a section, the published decision a content page
    if page in SECTION_PAGES:
        return ("section",)
    return ("content",) if _CONTENT_PAGE.fullmatch(page) else ()


ISSUED_LATER = {"SiteIDCode": "网站标识码还没有填写（program.yaml 的 website.site_id_code），网站上线前请补上"}
"""Metadata a site may lack before it goes live (the 标识码 is issued to the office): a warning, as in the footer."""


def metadata(page: str, root: html.HtmlElement, site: SiteUrl) -> Iterator[tuple[Severity, str]]:
    """The 指引's meta tags for the page's kind, PubDate's format, and the canonical address."""
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = meta.get("name")
        if name and name not in metas:
            metas[name] = (meta.get("content") or "").strip()
    kind = metas.get(PAGE_KIND)
    wanted = expected_kinds(page)
    if kind is None:
        yield "error", f'缺少页面类型 <meta name="{PAGE_KIND}">（section、content 或 other）'
        kind = wanted[0] if len(wanted) == 1 else None
    elif kind not in KIND_WORDS:
        yield "error", f"页面类型“{kind}”无效：应为 section、content 或 other"
        kind = wanted[0] if len(wanted) == 1 else None
    elif wanted and kind not in wanted:
        yield "error", f"页面类型应为{'或'.join(KIND_WORDS[k] for k in wanted)}，页面上写的是{KIND_WORDS[kind]}"
    names = SITE_META + (KIND_META[kind] if kind else ())
    missing = [name for name in names if name not in metas]
    empty = [name for name in names if metas.get(name) == "" and name not in ISSUED_LATER]
    if missing:
        yield "error", f"缺少元数据 {'、'.join(missing)}（<meta name=\"…\" content=\"…\">）"
    if empty:
        yield "error", f"元数据 {'、'.join(empty)} 为空"
    for name in ISSUED_LATER:
        if metas.get(name) == "":
            yield "warning", f"元数据 {name} 为空：{ISSUED_LATER[name]}"
    domain = metas.get("SiteDomain")
    if domain and domain.lower().rstrip("/") not in (site.host, (site.host + site.prefix).rstrip("/")):
        yield "error", f"元数据 SiteDomain 应为 {site.host}，页面上写的是“{domain}”"
    pub_date = metas.get("PubDate")
    if kind == "content" and pub_date and not _valid_pub_date(pub_date):
        yield "error", f"元数据 PubDate 应写成 YYYY-MM-DD HH:MM（北京时间），页面上写的是“{pub_date}”"
    expected = site.public_url(page)
    url = metas.get("Url")
    if kind == "content" and url and unquote(url) != unquote(expected):
        yield "error", f"元数据 Url 应为 {expected}，页面上写的是 {url}"
    canonical = next((link.get("href", "") for link in root.iter("link")
                      if "canonical" in (link.get("rel") or "").lower().split()), None)
    if canonical is None:
        if kind == "content":
            yield "error", '内容页缺少规范地址 <link rel="canonical">'
    elif unquote(canonical.strip()) != unquote(expected):
        yield "error", f"规范地址（canonical）应为 {expected}，页面上写的是 {canonical or '空'}"


def _valid_pub_date(value: str) -> bool:
    if not _PUB_DATE.fullmatch(value):
        return False
    try:
        datetime.strptime(value, "%Y-%m-%d %H:%M")
    except ValueError:
        return False
    return True


def _host(href: str | None) -> str:
    try:
        return (urlsplit((href or "").strip()).hostname or "").lower()
    except ValueError:
        return ""


def identity(root: html.HtmlElement) -> Iterator[tuple[Severity, str]]:
    """The identity footer: one block, each required field there and not empty, the 备案 numbers linked."""
    blocks = root.xpath("//*[@data-pub-identity]")
    if not blocks:
        yield "error", "页脚缺少网站标识区（data-pub-identity）：主办单位、网站标识码、ICP备案号、联系我们、网站地图都没有显示"
        return
    fields: dict[str, html.HtmlElement] = {}
    for element in blocks[0].iter():
        key = element.get("data-field")
        if key and key not in fields:
            fields[key] = element
    for key in REQUIRED_IDENTITY:
        element = fields.get(key)
        if element is None:
            yield "error", f"页脚缺少“{IDENTITY_FIELDS[key]}”"
        elif not text_of(element):  # the office has not filled it in yet (publisher check warns too): not a broken page
            yield "warning", f"页脚的“{IDENTITY_FIELDS[key]}”为空"
    icp, psb = fields.get("icp"), fields.get("psb")
    if icp is not None and text_of(icp) and _host(icp.get("href")) not in ICP_HOSTS:
        yield "error", "页脚的ICP备案号应链接到工业和信息化部的备案查询页 https://beian.miit.gov.cn/"
    if psb is not None and (not text_of(psb) or _host(psb.get("href")) not in PSB_HOSTS):
        yield "error", "页脚的公安机关备案号应写明备案号，并链接到公安机关的备案查询页（www.beian.gov.cn 或 beian.mps.gov.cn）"
    for key in ("contact", "sitemap"):
        element = fields.get(key)
        if element is not None and text_of(element) and (element.tag != "a" or not (element.get("href") or "").strip()):
            yield "error", f"页脚的“{IDENTITY_FIELDS[key]}”应是指向该页面的链接"


def xxgk(page: str, root: html.HtmlElement, kind: str | None) -> Iterator[tuple[Severity, str]]:
    """The 信息公开 block on each notice, the published decision and each revocation."""
    if not _BLOCK_PAGE.fullmatch(page) or (page == "decision/index.html" and kind == "section"):
        return
    tables = root.xpath("//table[@data-pub-xxgk]")
    if not tables:
        yield "error", "缺少信息公开栏（<table data-pub-xxgk>：索引号、主题分类、发布机构、成文日期、发布日期）"
        return
    rows: dict[str, str] = {}
    for row in tables[0].iter("tr"):
        label, value = row.find(".//th"), row.find(".//td")
        if label is None:
            continue
        name = text_of(label)
        if name not in XXGK_LABELS:
            yield "warning", f"信息公开栏有约定以外的项目“{name}”"
        rows.setdefault(name, "" if value is None else text_of(value))
    for label in XXGK_LABELS:
        if label not in rows:
            if label != XXGK_OPTIONAL:
                yield "error", f"信息公开栏缺少“{label}”"
        elif not rows[label]:
            why = "（没有文号时不列这一行）" if label == XXGK_OPTIONAL else ""
            yield "error", f"信息公开栏的“{label}”为空{why}"


def main_article(root: html.HtmlElement) -> html.HtmlElement | None:
    """Material's main article, where a page's own content is."""
    found = root.xpath("//article[contains(concat(' ', normalize-space(@class), ' '), ' md-content__inner ')]")
    return found[0] if found else None


@dataclass
class _Reading:
    """What a reader sees in an article, apart from headings and the theme's controls."""

    text: list[str]
    placeholders: int = 0
    entries: int = 0


def _shown(element: html.HtmlElement) -> bool:
    return (isinstance(element.tag, str) and element.tag not in _NOT_TEXT and element.get("hidden") is None
            and element.get("aria-hidden") != "true" and element.get("data-pub-xxgk") is None)


def _placeholder(element: html.HtmlElement) -> bool:
    """``<p>暂无。</p>``, ``<td>暂无</td>``: a short line saying a list has nothing in it."""
    return _BLANK.sub("", element.text or "").startswith(_PLACEHOLDER) and len(text_of(element)) <= 20


def _read(element: html.HtmlElement, reading: _Reading, heading: bool) -> None:
    heading = heading or element.tag in _HEADINGS
    if element.text and not heading:
        reading.text.append(element.text)
    for child in element:
        if _shown(child):
            if child.tag in ("p", "li", "td", "div") and _placeholder(child):
                reading.placeholders += 1
            elif child.tag == "li" or (child.tag == "tr" and child.find("td") is not None):
                reading.entries += 1
            _read(child, reading, heading)
        if child.tail and not heading:
            reading.text.append(child.tail)


def content(article: html.HtmlElement | None) -> Iterator[tuple[Severity, str]]:
    """An empty page is an error; a list section showing only 暂无 is a warning (an empty column)."""
    if article is None:
        yield "error", '页面缺少主要内容区（<article class="md-content__inner">）'
        return
    reading = _Reading([])
    _read(article, reading, False)
    if not _BLANK.sub("", "".join(reading.text)):
        yield "error", "页面没有正文：主要内容区除标题外没有文字"
    elif reading.placeholders and not reading.entries:
        yield "warning", "栏目没有内容：页面上的列表都显示“暂无”"


def _decorative(image: html.HtmlElement) -> bool:
    if (image.get("role") or "").strip().lower() in ("presentation", "none"):
        return True
    return bool(image.xpath("ancestor-or-self::*[@aria-hidden='true']"))


def alt_text(root: html.HtmlElement) -> Iterator[tuple[Severity, str]]:
    """Every image says what it shows; an empty alt only on images marked decorative."""
    for image in root.iter("img"):
        src = (image.get("src") or "").strip()
        shown = src if len(src) <= 80 else src[:77] + "…"
        alt = image.get("alt")
        if alt is None:
            yield "error", f"图片缺少替代文字（alt）：{shown}"
        elif not alt.strip() and not _decorative(image):
            yield "error", f'图片的替代文字（alt）为空：{shown}（装饰性图片请标注 role="presentation" 或 aria-hidden="true"）'


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def stale(root: html.HtmlElement, article: html.HtmlElement | None, today: date,
          days: int) -> Iterator[tuple[Severity, str]]:
    """While the home page lists a 公示 under 公示中, its newest dated item is at most ``days`` old."""
    if not root.xpath("//*[@data-pub-group='open']//li"):
        return
    scope = article if article is not None else root
    dates = [d for d in map(_day, scope.xpath(".//time/@datetime | .//@data-start")) if d is not None]
    if not dates:
        yield "error", "首页列有公示中的公示，但没有一条带日期的信息，无法判断是否及时更新"
        return
    newest = max(dates)
    age = (today - newest).days
    if age > days:
        yield "error", (f"首页已 {age} 天没有更新：最新一条信息的日期是 {newest.isoformat()}，检查日 {today.isoformat()}，"
                        f"公示期间不得超过 {days} 天")


def page_kind(root: html.HtmlElement) -> str | None:
    found = root.xpath(f"//meta[@name='{PAGE_KIND}']/@content")
    return found[0].strip() if found else None


def check_page(page: str, root: html.HtmlElement, site: SiteUrl, today: date, stale_days: int) -> list[Finding]:
    """Every page check on one parsed page, in the order of :data:`CHECKS`."""
    article = main_article(root)
    found: list[tuple[str, Iterator[tuple[Severity, str]]]] = [
        ("empty", content(article)),
        ("identity", identity(root)),
        ("metadata", metadata(page, root, site)),
        ("xxgk", xxgk(page, root, page_kind(root))),
        ("stale", stale(root, article, today, stale_days) if page == "index.html" else iter(())),
        ("alt", alt_text(root)),
    ]
    return [Finding(severity, page, check, message) for check, results in found for severity, message in results]
