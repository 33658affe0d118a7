"""Finds every script a browser could run in a published file, except those the site's templates write.

A file holds a foreign script when it has anything outside :class:`publisher.guards.csp.KnownScripts`:
an inline ``<script>``, an external script the templates do not load, an
event-handler attribute (``on…=``), a ``javascript:``/``vbscript:`` URL in any
spelling the browser would follow (entities, case, tabs, control characters),
a ``data:`` URL outside an image, a ``<base>`` element or an ``srcdoc`` that
holds any of these. Besides pages it reads every file a browser shows as a
document (SVG, XHTML, XML feeds) and the search index, whose text the theme
shows as HTML.

Parsing is :mod:`html.parser`. Where it reads markup differently from a browser
(comments closed by ``--!>``, ``<![CDATA[`` in HTML, ``<style>`` inside ``<svg>``,
``</style x>``…), the text it set aside as a comment, declaration or raw text
is parsed again, so a payload hidden from the parser is still seen: the scan
errs on finding too much. :mod:`publisher.guards.script_guard` turns what it finds into
the build's refusal.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from publisher.guards.csp import DATA_TYPES, KnownScripts, script_hash

DOCUMENTS = frozenset({".html", ".htm", ".shtml", ".xhtml", ".xht", ".svg", ".xml", ".rss", ".atom", ".xsl",
                       ".xslt", ".mml"})
"""Files a browser renders as a document when it opens them (nginx's types), so they can run a script."""
_XML = frozenset({".svg", ".xml", ".rss", ".atom", ".xsl", ".xslt", ".mml", ".xhtml", ".xht"})
SEARCH_INDEX = "search/search_index.json"
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "background", "cite",
                             "codebase", "longdesc", "usemap", "manifest", "icon", "lowsrc", "dynsrc", "archive",
                             "classid", "profile", "srcset", "imagesrcset", "base", "to", "from", "by", "values"})
_LIST_SEPARATORS = {"srcset": ",", "imagesrcset": ",", "values": ";", "archive": " "}
_MEDIA = frozenset({"img", "source", "picture", "video", "audio", "image", "input", "track"})
"""Elements whose URL only fetches media: a ``data:`` image there runs nothing."""
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_DEPTH = 6
_SHOWN = 60


@dataclass(frozen=True)
class Finding:
    path: str
    """The published file, relative to the site (``notices/x/index.html``)."""
    line: int
    """In the published file; 0 for the file as a whole."""
    what: str
    """In the words of the message: ``onclick 属性``, ``内联 <script>``, ``javascript: 地址（a href）``."""
    value: str
    """The offending text as the browser would read it, to show and to look for in the sources."""

    def describe(self, *, line: bool) -> str:
        """``onclick 属性（alert(1)）``; with the line when the published file is the one staff wrote."""
        shown = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", " ".join(self.value.split()))
        shown = shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "…"
        where = f"第 {self.line} 行" if line and self.line else ""
        detail = "：".join(part for part in (where, shown) if part)
        return f"{self.what}（{detail}）" if detail else self.what


def _scheme(url: str) -> str:
    """The scheme a browser's URL parser finds: outer controls and spaces dropped, tabs and newlines removed."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip(_C0_AND_SPACE)).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else ""


def _urls(name: str, value: str) -> list[str]:
    separator = _LIST_SEPARATORS.get(name)
    if separator is None:
        return [value]
    parts = value.split(separator)
    return [p.strip().split(" ")[0] for p in parts] if separator == "," else parts


class _Page:
    """What one published file is checked against, and what was found in it."""

    def __init__(self, path: str, known: KnownScripts, base: str, xml: bool) -> None:
        self.path, self.known, self.base, self.xml = path, known, base, xml
        self.findings: list[Finding] = []
        self.data_blocks = 0

    def add(self, line: int, what: str, value: str) -> None:
        self.findings.append(Finding(self.path, line, what, value))

    def site_path(self, src: str) -> str | None:
        """The site path ``src`` loads from this page, or None if it is not a file of this site."""
        url = urlsplit(urljoin(urljoin(self.base, self.path), src.strip()))
        base = urlsplit(self.base)
        if (url.scheme, url.netloc) != (base.scheme, base.netloc) or not url.path.startswith(base.path):
            return None
        return unquote(url.path[len(base.path):])


class _Scanner(HTMLParser):
    """One pass over a document; text the parser set aside is scanned again by a nested scanner."""

    def __init__(self, page: _Page, depth: int = 0, first_line: int = 1, *, xml: bool | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.depth, self.first_line = page, depth, first_line
        self.xml = page.xml if xml is None else xml
        self._raw: tuple[str, dict[str, str | None], int, list[str]] | None = None
        self._source = ""
        self._line_starts: list[int] | None = None
        self._raw_from = 0
        """Where the open raw-text element's content starts in the source."""

    def run(self, text: str) -> None:
        self._source = text
        self.feed(text)
        self.close()

    def line(self) -> int:
        return self.first_line + self.getpos()[0] - 1

    # --- the parser's events ---------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs, empty=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs, empty=self.xml)  # an HTML parser ignores the slash of <script/>

    def handle_endtag(self, tag: str) -> None:
        if self._raw is not None and _local(tag) == self._raw[0]:
            self._end_raw()

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw[3].append(data)
        elif self.xml and "<" in data:  # feed readers show a feed's text as HTML
            self._again(data, xml=False)

    def handle_comment(self, data: str) -> None:
        self._again(data)

    def handle_decl(self, decl: str) -> None:
        if self.xml and "[" in decl:
            self.page.add(self.line(), "DTD 内部定义（可在文档中展开出标记）", decl)
        self._again(decl)

    def unknown_decl(self, data: str) -> None:
        self._again(data)

    def handle_pi(self, data: str) -> None:
        self._again(data)

    def close(self) -> None:
        super().close()
        if self._raw is not None:  # never closed (or closed in a way only a browser sees, `</style x>`):
            self._raw[3][:] = [self._source[self._raw_from:]]  # html.parser drops that rest; a browser does not
            self._end_raw()

    # --- checks ----------------------------------------------------------------

    def _again(self, text: str, line: int | None = None, *, xml: bool | None = None) -> None:
        """Scan ``text`` as a document of its own: what this parser took for text a browser may take for markup."""
        if "<" not in text:
            return
        if self.depth >= _DEPTH:
            self.page.add(line or self.line(), "嵌套过深的标记", text)
            return
        _Scanner(self.page, self.depth + 1, line or self.line(), xml=self.xml if xml is None else xml).run(text)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]], *, empty: bool) -> None:
        local, line, page = _local(tag), self.line(), self.page
        for name, value in attrs:
            short = _local(name)
            if short.startswith("on"):
                page.add(line, f"{name} 属性", value or "")
            if value is None:
                continue
            if short in _URL_ATTRIBUTES:
                for url in _urls(short, value):
                    scheme = _scheme(url)
                    if scheme in ("javascript", "vbscript"):
                        page.add(line, f"{scheme}: 地址（{tag} {name}）", value)
                    elif scheme == "data" and local not in _MEDIA:
                        page.add(line, f"data: 地址（{tag} {name}）", value)
            elif short == "srcdoc":
                self._again(value, line)
        named = dict(attrs)
        if local == "meta" and (named.get("http-equiv") or "").strip().lower() == "refresh":
            target = re.sub(r"^[^;,]*[;,]\s*(url\s*=\s*)?['\"]?", "", named.get("content") or "", flags=re.I)
            if _scheme(target) in ("javascript", "vbscript", "data"):
                page.add(line, "meta 刷新跳转到脚本地址", named.get("content") or "")
        if local == "base":
            page.add(line, "base 元素（改变脚本的来源）", "")
        if local in ("script", "style") and not empty:
            self._raw = (local, named, line, [])
            self._raw_from = self._offset() + len(self.get_starttag_text() or "")
        elif local == "script":
            self._script(named, "", line)

    def _offset(self) -> int:
        """The parser's position as an index into the source."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self._source))]
        row, column = self.getpos()
        return self._line_starts[row - 1] + column

    def _end_raw(self) -> None:
        assert self._raw is not None
        local, attrs, line, body = self._raw
        self._raw = None
        text = "".join(body)
        if local == "script":
            self._script(attrs, text, line)
        else:
            self._again(text, line)

    def _script(self, attrs: dict[str, str | None], body: str, line: int) -> None:
        page, known = self.page, self.page.known
        src = attrs.get("src")
        if src is not None:
            path = page.site_path(src)
            if path not in known.external:
                page.add(line, "外部脚本", src)
            return
        kind = (attrs.get("type") or "").strip().lower()
        if kind in DATA_TYPES and (kind, attrs.get("id") or "") in known.data_blocks:
            page.data_blocks += 1  # the theme's __config, once: a second one could stand in for it
            if page.data_blocks > 1:
                page.add(line, f"重复的数据脚本（id={attrs.get('id')}）", body)
        elif script_hash(body) not in known.inline:
            page.add(line, "内联 <script>", body)


def _local(name: str) -> str:
    """``svg:script`` → ``script``: in an XML file a prefix can stand for the XHTML or SVG namespace."""
    return name.rsplit(":", 1)[-1]


def _decode(data: bytes, xml: bool) -> str:
    """The text a browser reads: a BOM wins; XML may declare its encoding; HTML is served as UTF-8."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, "replace")
    if xml:
        if data.startswith((b"<\x00?\x00", b"\x00<\x00?")):
            return data.decode("utf-16-le" if data[0] == 0x3C else "utf-16-be", "replace")
        declared = re.match(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)", data)
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"), "replace")
            except LookupError:
                pass
    return data.decode("utf-8", "replace")


def scan_text(text: str, path: str, known: KnownScripts, site_url: str | None = None) -> list[Finding]:
    """Every script in ``text`` (the file at ``path`` in the site) that ``known`` does not hold."""
    suffix = Path(path).suffix.lower()
    page = _Page(path, known, _base(site_url), suffix in _XML)
    scanner = _Scanner(page)
    try:
        scanner.run(text)
    except Exception as exc:  # noqa: BLE001 - a document the parser cannot read is refused, never waved through
        page.add(scanner.line(), "无法解析的标记", str(exc))
    return page.findings


def _base(site_url: str | None) -> str:
    url = site_url or "https://site.invalid/"
    return url if url.endswith("/") else url + "/"


def _search_texts(data: bytes) -> Iterator[str] | None:
    """The titles and texts of the search index that hold markup (the theme shows them as HTML); None if unreadable."""
    try:
        index = json.loads(data)
        docs = index["docs"]
        texts = [doc[field] for doc in docs for field in ("title", "text") if field in doc]
    except (ValueError, KeyError, TypeError):
        return None
    return (text for text in texts if isinstance(text, str) and "<" in text)


def _scan_files(site_dir: Path, known: KnownScripts, site_url: str | None, rels: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    for rel in rels:
        data = (site_dir / rel).read_bytes()
        if rel == SEARCH_INDEX:
            texts = _search_texts(data)
            if texts is None:
                findings.append(Finding(rel, 0, "无法读取的搜索索引", ""))
            for text in texts or ():
                findings += scan_text(text, rel, known, site_url)
        else:
            xml = Path(rel).suffix.lower() in _XML
            findings += scan_text(_decode(data, xml), rel, known, site_url)
    return findings


def scan_site(site_dir: Path, known: KnownScripts, site_url: str | None = None) -> list[Finding]:
    """Every script outside ``known`` in the documents of a built site, in path order."""
    rels = [rel for rel in (p.relative_to(site_dir).as_posix() for p in sorted(site_dir.rglob("*")) if p.is_file())
            if Path(rel).suffix.lower() in DOCUMENTS or rel == SEARCH_INDEX]
    return _scan_files(site_dir, known, site_url, rels)
