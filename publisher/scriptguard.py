"""The build's check that every page carries only the scripts the site's own templates write.

The CSP already keeps a browser from running anything else; this guard keeps it
from being published at all, and tells staff which page and which file to fix.
A page fails when it holds any script outside :class:`publisher.csp.KnownScripts`:
an inline ``<script>``, an external script the templates do not load, an
event-handler attribute (``on…=``), a ``javascript:``/``vbscript:`` URL in any
spelling the browser would follow (entities, case, tabs, control characters),
a ``data:`` URL outside an image, a ``<base>`` element or an ``srcdoc`` that
holds any of these. Besides pages it reads every file a browser shows as a
document (SVG, XHTML, XML feeds) and the search index, whose text the theme
shows as HTML.

Parsing is :mod:`html.parser`. Where it reads markup differently from a browser
(comments closed by ``--!>``, ``<![CDATA[`` in HTML, ``<style>`` inside ``<svg>``,
``</script >``…), the text it set aside as a comment, declaration or raw text
is parsed again, so a payload hidden from the parser is still seen: the guard
errs on refusing.
"""

from __future__ import annotations

import codecs
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from .csp import DATA_TYPES, KnownScripts, known_scripts, script_hash
from .errors import PublishError, display_path

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
        row, column = self.getpos()
        start = 0
        for _ in range(row - 1):
            start = self._source.index("\n", start) + 1
        return start + column

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


def scan_site(site_dir: Path, known: KnownScripts, site_url: str | None = None) -> list[Finding]:
    """Every script outside ``known`` in the documents of a built site, page by page in path order."""
    findings: list[Finding] = []
    for file in sorted(site_dir.rglob("*")):
        rel = file.relative_to(site_dir).as_posix()
        if file.suffix.lower() in DOCUMENTS and file.is_file():
            findings += scan_text(_decode(file.read_bytes(), file.suffix.lower() in _XML), rel, known, site_url)
        elif rel == SEARCH_INDEX:
            texts = _search_texts(file.read_bytes())
            if texts is None:
                findings.append(Finding(rel, 0, "无法读取的搜索索引", ""))
            for text in texts or ():
                findings += scan_text(text, rel, known, site_url)
    return findings


# --- what staff read ---------------------------------------------------------------------

_FILES_SHOWN = 20
_FINDINGS_SHOWN = 5
_SEARCHED = (".yaml", ".yml", ".md", ".html", ".htm", ".svg", ".xml", ".xhtml", ".j2", ".txt", ".js")


def _holders(needles: set[str], roots: list[Path]) -> list[str]:
    """The source files (up to three) holding one of the payloads as written, to name a generated page's source.

    The roots are searched in order and the first that holds a payload answers: a generated page
    is made from the data first, the page templates next.
    """
    needles = {n for n in needles if len(n) >= 4}
    for root in roots:
        found: list[str] = []
        for file in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if file.suffix.lower() not in _SEARCHED or not file.is_file() or file.stat().st_size > 2_000_000:
                continue
            if any(n in file.read_text("utf-8", "replace") for n in needles):
                found.append(display_path(file))
        if found:
            return found[:3]
    return []


def _roots(config: MkDocsConfig) -> list[Path]:
    """Where a payload can come from, most likely first: data, page templates, content, theme overrides, mkdocs.yml."""
    base = Path(config.config_file_path or ".").resolve().parent
    plugin = config.plugins.get("publisher")
    roots = [Path(config.docs_dir)]
    if plugin is not None:
        roots[:0] = [base / plugin.config.data_dir, base / plugin.config.templates_dir]
    if config.theme.custom_dir:
        roots.append(Path(config.theme.custom_dir))
    if config.config_file_path:
        roots.append(Path(config.config_file_path))
    return roots


def _origin(source: str | None, needles: set[str], roots: list[Path]) -> str:
    """``来自 content/x.md`` for the file a page came from, or for a generated page the files holding its payload."""
    own = Path(source) if source and source != "自动生成" else None
    if own is not None and own.is_file() and _holders(needles, [own]):
        return f"来自 {display_path(own)}"
    holders = _holders(needles, roots)
    if holders:
        return "来自 " + "、".join(holders)
    if own is not None:
        return f"来自 {display_path(own)}"  # the payload is spelled differently there (entities…): the page's own file
    return "自动生成" if source else ""


def _script_files(config: MkDocsConfig, site_dir: Path) -> list[Finding]:
    """Script files from ``content/``: same-origin, so the CSP would run them; only extra_javascript may add one."""
    docs = Path(config.docs_dir)
    listed = {posixpath.normpath(str(getattr(s, "path", s))) for s in config.extra_javascript}
    return [Finding(rel, 0, "脚本文件（只有 mkdocs.yml 的 extra_javascript 可以添加脚本）", "")
            for file in sorted(site_dir.rglob("*")) if file.suffix.lower() in (".js", ".mjs")
            and (docs / (rel := file.relative_to(site_dir).as_posix())).is_file() and rel not in listed]


def foreign_scripts(config: MkDocsConfig, site_dir: Path, sources: dict[str, str], *,
                    outcome: str = "已停止发布") -> list[str]:
    """One line per published file holding a script the site's templates do not write; empty when none does.

    ``sources`` maps a file of the site to the file it was made from (the plugin's
    ``sources``); a generated page is traced to the data files that hold the payload.
    """
    findings = scan_site(site_dir, known_scripts(config), config.site_url) + _script_files(config, site_dir)
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.path, []).append(finding)
    lines = []
    for path, found in list(by_file.items())[:_FILES_SHOWN]:
        source = sources.get(path)
        origin = _origin(source, {f.value.strip() for f in found}, _roots(config))
        verbatim = Path(source or "").suffix.lower() == Path(path).suffix.lower()  # copied as is: its lines are theirs
        what = "；".join(f.describe(line=verbatim) for f in found[:_FINDINGS_SHOWN])
        more = f" 等 {len(found)} 处" if len(found) > _FINDINGS_SHOWN else ""
        noun = "页面" if path.endswith((".html", ".htm")) else "文件"
        lines.append(f"{noun} {path}（{origin}）" if origin else f"{noun} {path} ")
        lines[-1] += f"含有不属于本站的脚本：{what}{more}，{outcome}"
    if len(by_file) > _FILES_SHOWN:
        lines.append(f"……另有 {len(by_file) - _FILES_SHOWN} 个文件也含有不属于本站的脚本。")
    return lines


def refuse_foreign_scripts(config_file: Path, site_dir: Path, sources: dict[str, str]) -> None:
    """Raise a :class:`PublishError` naming every page of the staged site that holds a foreign script."""
    lines = foreign_scripts(load_config(str(config_file)), site_dir, sources)
    if lines:
        raise PublishError("\n".join(lines))
