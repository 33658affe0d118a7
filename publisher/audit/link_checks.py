"""Where every address in a built site leads: dead links and anchors, and hosts outside the site.

Addresses are resolved as a browser resolves them (against the page, or its
``<base>``), percent-encoding undone, directory URLs served by their
``index.html``, so a link that works for a reader passes and one that does not
fails. Anything the browser would fetch from another host (a script, a style, a
font, an image) is an error: outside CDNs are slow or blocked for mainland
readers, and they see who reads what. Links a reader follows to another host are
errors too, unless they are on the allowed list (the 备案 query pages by default).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree, html

from publisher.audit.page_checks import Finding, SiteUrl

DEFAULT_ALLOWED_LINKS = ("beian.miit.gov.cn", "www.beian.gov.cn", "beian.gov.cn", "beian.mps.gov.cn", "bszs.conac.cn")
"""Outside pages every government site links: the ICP and 公安 备案 queries and the 党政机关网站标识 check."""

ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".ofd", ".zip", ".rar", ".7z",
                       ".csv", ".json", ".ics", ".txt")
NAMESPACES = frozenset({"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml", "http://www.w3.org/1999/xlink",
                        "http://www.w3.org/1998/Math/MathML", "http://www.w3.org/XML/1998/namespace",
                        "http://www.w3.org/2000/xmlns/"})
"""Names, not addresses: scripts write them to make SVG and never fetch them."""

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s'"]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_JS_URL = re.compile(r"""(?<=["'`])(?:https?:)?//[^\s"'`<>\\]+""", re.I)
_XML_URL_ELEMENTS = frozenset({"loc", "link", "guid", "url", "icon", "logo", "comments"})
_XML_URL_ATTRS = ("href", "src", "url")


@dataclass(frozen=True)
class Ref:
    """An address written in a file: as written, what it is (in words), and how it is used."""

    raw: str
    what: str
    resource: bool
    """Fetched by the browser without a click: from an outside host it is always an error."""
    dead_check: bool = True
    """Whether the target must exist (not for origins, form targets or URLs inside scripts)."""


def css_urls(text: str) -> Iterator[str]:
    """Every ``url()`` and ``@import`` of a style sheet or style attribute, comments left out."""
    for match in _CSS_URL.finditer(_CSS_COMMENT.sub("", text)):
        value = next(group for group in match.groups() if group is not None).strip()
        if value and not value.startswith(("data:", "#")):
            yield value


def js_urls(text: str) -> Iterator[str]:
    """Absolute addresses that begin a string in a script: what it may fetch from another host."""
    for match in _JS_URL.finditer(text):
        if match.group() not in NAMESPACES:
            yield match.group()


_LINK_RELS = {"stylesheet": "样式表", "icon": "图标", "apple-touch-icon": "图标", "mask-icon": "图标",
              "manifest": "应用清单", "preconnect": "预连接", "dns-prefetch": "预连接", "modulepreload": "脚本",
              "preload": "", "prefetch": ""}
_PRELOAD_AS = {"font": "字体", "style": "样式表", "script": "脚本", "image": "图片", "fetch": "数据"}
_MEDIA = {"img": (("src", "图片"), ("srcset", "图片")), "source": (("src", "媒体文件"), ("srcset", "图片")),
          "input": (("src", "图片"),), "iframe": (("src", "嵌入的页面"),), "frame": (("src", "嵌入的页面"),),
          "embed": (("src", "媒体文件"),), "object": (("data", "媒体文件"),), "video": (("src", "视频"), ("poster", "图片")),
          "audio": (("src", "音频"),), "track": (("src", "字幕"),)}


def _link_element(element: html.HtmlElement, href: str) -> Ref:
    for rel in (element.get("rel") or "").lower().split():
        if rel in _LINK_RELS:
            what = _LINK_RELS[rel] or _PRELOAD_AS.get((element.get("as") or "").lower(), "资源")
            return Ref(href, what, True, dead_check=rel not in ("preconnect", "dns-prefetch"))
    return Ref(href, "链接", False)  # canonical, alternate, next, prev: addresses, not fetched


_WITH_ADDRESSES = etree.XPath("//*[@href or @src or @srcset or @poster or @data or @action or @style] | //script | //style")
"""The elements that can hold an address, picked in C: a page of ten thousand names has few of them."""
_IDS = etree.XPath("//@id | //a/@name", smart_strings=False)


def html_refs(root: html.HtmlElement) -> Iterator[Ref]:
    """Every address in a page: links, sources, srcset candidates, and URLs in its styles and scripts."""
    for element in _WITH_ADDRESSES(root):
        tag = element.tag
        style = element.get("style")
        if style:
            yield from (Ref(url, "样式引用的文件", True) for url in css_urls(style))
        if tag in ("a", "area", "link"):
            href = element.get("href")
            if href:
                yield _link_element(element, href) if tag == "link" else Ref(href, "链接", False)
        elif tag == "script":
            src = element.get("src")
            if src:
                yield Ref(src, "脚本", True)
            elif element.text:
                yield from (Ref(url, "脚本引用的文件", True, dead_check=False) for url in js_urls(element.text))
        elif tag == "style" and element.text:
            yield from (Ref(url, "样式引用的文件", True) for url in css_urls(element.text))
        elif tag == "form" and element.get("action"):
            yield Ref(element.get("action"), "表单提交地址", True, dead_check=False)
        else:
            for attribute, what in _MEDIA.get(tag, ()):
                value = element.get(attribute)
                if not value:
                    continue
                if attribute == "srcset":  # "a.png 1x, b.png 2x": the address is each candidate's first word
                    for candidate in value.split(","):
                        if candidate.split():
                            yield Ref(candidate.split()[0], what, True)
                else:
                    yield Ref(value, what, True)


def xml_urls(data: bytes) -> Iterator[str]:
    """The addresses in a feed or sitemap: link/loc/guid texts and href/src/url attributes.

    Raises :class:`lxml.etree.XMLSyntaxError` on a malformed file. Entities are
    not expanded and nothing is fetched: the file is data, never instructions.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for element in etree.fromstring(data, parser).iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in _XML_URL_ATTRS:
            value = element.get(attribute)
            if value:
                yield value.strip()
        name = etree.QName(element).localname
        if name in _XML_URL_ELEMENTS and element.text and element.get("isPermaLink") != "false":
            yield element.text.strip()


def page_ids(root: html.HtmlElement) -> frozenset[str]:
    """What a ``#fragment`` can land on: every id, and the names of ``<a name>``."""
    return frozenset(_IDS(root))


def base_url(root: html.HtmlElement, page_url: str) -> str:
    """The URL a page's relative addresses resolve against: its own, or its ``<base href>``."""
    base = root.find(".//base[@href]")
    return urljoin(page_url, base.get("href", "").strip()) if base is not None else page_url


@dataclass(frozen=True)
class _Target:
    absolute: str
    host: str
    rel: str | None
    """The site-relative path, unquoted; None for another host or a path outside the site's prefix."""
    fragment: str | None
    """After ``#`` (unquoted); None when the address has no ``#``."""


class Links:
    """Resolves addresses against one built site: its files, its pages' ids, its host."""

    def __init__(self, site: SiteUrl, files: set[str], ids: dict[str, frozenset[str]],
                 allowed_links: Iterable[str] = ()) -> None:
        self.site = site
        self.files = files
        self.ids = ids
        self.allowed = tuple(a.strip() for a in (*DEFAULT_ALLOWED_LINKS, *allowed_links) if a.strip())

    def _target(self, base: str, raw: str) -> _Target | None:
        """None for addresses that go nowhere checkable (mailto:, tel:, data:, javascript:)."""
        scheme = urlsplit(raw).scheme.lower()
        if scheme and scheme not in ("http", "https"):
            return None
        absolute = urljoin(base, raw)
        parts = urlsplit(absolute)
        host = (parts.hostname or "").lower()
        fragment = unquote(parts.fragment) if "#" in raw else None
        path, prefix = parts.path or "/", self.site.prefix
        if host != self.site.host or not (path + "/").startswith(prefix):
            return _Target(absolute, host, None, fragment)
        return _Target(absolute, host, unquote(path[len(prefix):]), fragment)

    def file_for(self, rel: str) -> str | None:
        """The file a server answers with: ``x/`` → ``x/index.html``; ``x`` → ``x`` or ``x/index.html``."""
        if rel == "" or rel.endswith("/"):
            return rel + "index.html" if rel + "index.html" in self.files else None
        if rel in self.files:
            return rel
        return rel + "/index.html" if rel + "/index.html" in self.files else None

    def _allowed(self, absolute: str, host: str) -> bool:
        return any(absolute.startswith(a) if "://" in a else host == a.lower() for a in self.allowed)

    def check(self, page: str, base: str, refs: Iterable[Ref]) -> Iterator[Finding]:
        """Dead links, dead anchors, missing attachments and outside hosts among one file's addresses."""
        for ref in refs:
            raw = ref.raw.strip()
            try:
                target = self._target(base, raw)
            except ValueError:
                yield Finding("error", page, "link", f"{ref.what}“{raw}”不是有效的地址")
                continue
            if target is None:
                continue
            if target.host != self.site.host:
                if ref.resource:
                    yield Finding("error", page, "outside", f"从外部网站加载{ref.what}：{raw}（境内读者可能打不开，须放在本站）")
                elif not self._allowed(target.absolute, target.host):
                    yield Finding("error", page, "outside",
                                  f"链接到外部网站：{raw}（不在允许的外部链接名单 extra.audit_allowed_links 中）")
            elif ref.dead_check and target.rel is not None:
                yield from self._dead(page, raw, ref, target)

    def _dead(self, page: str, raw: str, ref: Ref, target: _Target) -> Iterator[Finding]:
        assert target.rel is not None
        found = self.file_for(target.rel)
        if found is None:
            wanted = target.rel + "index.html" if target.rel == "" or target.rel.endswith("/") else target.rel
            if not ref.resource and wanted.lower().endswith(ATTACHMENT_SUFFIXES):
                yield Finding("error", page, "attachment", f"附件“{raw}”不存在：网站里没有 {wanted}")
            else:
                yield Finding("error", page, "link", f"{ref.what}“{raw}”无法打开：网站里没有 {wanted}")
        elif target.fragment and target.fragment != "top" and target.fragment not in self.ids.get(found, (target.fragment,)):
            where = "本页" if found == page else f" {found} "
            yield Finding("error", page, "anchor", f"{ref.what}“{raw}”指向的位置“{target.fragment}”在{where}中不存在")

    def check_xml(self, page: str, urls: Iterable[str]) -> Iterator[Finding]:
        """The site's own addresses in a feed or sitemap must lead to files (other hosts are not ours)."""
        for url in urls:
            try:
                target = self._target(self.site.url, url)
            except ValueError:
                continue
            if target is None or target.rel is None or not urlsplit(url).scheme:
                continue
            found = self.file_for(target.rel)
            if found is None:
                wanted = target.rel + "index.html" if target.rel == "" or target.rel.endswith("/") else target.rel
                yield Finding("error", page, "feed", f"地址 {url} 无法打开：网站里没有 {wanted}")
            elif target.fragment and found in self.ids and target.fragment not in self.ids[found]:
                yield Finding("error", page, "feed", f"地址 {url} 指向的位置“{target.fragment}”在 {found} 中不存在")
