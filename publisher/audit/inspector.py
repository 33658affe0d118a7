"""``publisher audit``: a built site checked as a government-site inspector checks it.

The inspection indicators (国办秘函〔2019〕19号) fail a site for pages that cannot
be reached, links that lead nowhere, empty or stale columns, and a missing
identity. This module reads a finished site folder only (no data, no MkDocs), so
it checks what the public will get, whoever made it; the build calls
:func:`audit_site` on its staging folder before the swap. The checks of one page
are in :mod:`publisher.audit.page_checks`, addresses in :mod:`publisher.audit.link_checks`;
the JSON shape is a contract (docs/audit.md).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from urllib.parse import quote

from lxml import etree, html

from publisher.audit.link_checks import Links, Ref, base_url, css_urls, html_refs, js_urls, page_ids, xml_urls
from publisher.audit.page_checks import CHECKS, Finding, SiteUrl, check_page
from publisher.errors import PublishError

__all__ = ["Finding", "allowed_links_of", "as_json", "as_text", "audit_site"]

ALLOWED_LINKS_KEY = "audit_allowed_links"
"""``extra:`` key in mkdocs.yml: outside pages the site may link to, beyond the 备案 query pages."""
THEME_SCRIPTS = "assets/javascripts/"
"""The theme's own bundles. They name outside hosts for features this site does not use (Mermaid, a
repository's star count) and a polyfill for browsers without ResizeObserver; the deployment's CSP
(``publisher csp``) keeps the browser from fetching any of them, so they are not the office's to fix."""
SEVERITY_WORDS = {"error": "错误", "warning": "警告"}


def allowed_links_of(extra: Mapping[str, object]) -> list[str]:
    """The allowed outside links from mkdocs.yml's ``extra:``, or a PublishError saying how to write them."""
    value = extra.get(ALLOWED_LINKS_KEY) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PublishError(f"mkdocs.yml 的 extra.{ALLOWED_LINKS_KEY} 应为网址或域名的列表，"
                           "每项一行，例如 - https://www.gov.cn/ 或 - www.cq.gov.cn")
    return value


def _parse(path: Path) -> html.HtmlElement | None:
    try:
        return html.document_fromstring(path.read_bytes())
    except etree.ParserError:  # nothing in the file at all
        return None


def _xml(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def audit_site(site_dir: Path, site_url: str, today: date, *, stale_days: int = 14,
               allowed_links: Iterable[str] = ()) -> list[Finding]:
    """Every finding on the built site in ``site_dir``, grouped by page (paths relative to the folder).

    ``site_url`` is the public address (mkdocs.yml's ``site_url``): it tells the
    site's own links from outside ones and gives each page its canonical URL.
    ``today`` is the audit day the home page's freshness is measured against.
    One pass over the files, then one over the addresses they hold: linear in
    the size of the site. Raises ValueError when ``site_url`` is not an http(s) URL.
    """
    site = SiteUrl.parse(site_url)
    files = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    findings: list[Finding] = []
    if "index.html" not in files:
        findings.append(Finding("error", "index.html", "link", "网站没有首页 index.html"))
    ids: dict[str, frozenset[str]] = {}
    addresses: list[tuple[str, str, list[Ref]]] = []
    feeds: list[str] = []
    for rel in files:
        path, own_url = site_dir / rel, site.url + quote(rel)
        if rel.endswith(".html"):
            root = _parse(path)
            if root is None:
                findings.append(Finding("error", rel, "empty", "页面文件是空的"))
                continue
            ids[rel] = page_ids(root)
            findings.extend(check_page(rel, root, site, today, stale_days))
            addresses.append((rel, base_url(root, own_url), list(html_refs(root))))
        elif rel.endswith(".css"):
            refs = [Ref(url, "样式引用的文件", True) for url in css_urls(path.read_text("utf-8", "replace"))]
            addresses.append((rel, own_url, refs))
        elif rel.endswith((".js", ".mjs")) and not rel.startswith(THEME_SCRIPTS):
            refs = [Ref(url, "脚本引用的文件", True, dead_check=False) for url in js_urls(path.read_text("utf-8", "replace"))]
            addresses.append((rel, own_url, refs))
        elif rel.endswith((".xml", ".xml.gz")):
            feeds.append(rel)
    links = Links(site, set(files), ids, allowed_links)
    for rel, base, refs in addresses:
        findings.extend(links.check(rel, base, refs))
    for rel in feeds:
        try:
            urls = list(xml_urls(_xml(site_dir / rel)))
        except (etree.XMLSyntaxError, OSError, EOFError) as exc:
            line = f"（第 {exc.position[0]} 行）" if isinstance(exc, etree.XMLSyntaxError) else ""
            findings.append(Finding("error", rel, "feed", f"无法读取这个 XML 文件{line}，其中的地址没有检查"))
            continue
        findings.extend(links.check_xml(rel, urls))
    order = {check: i for i, check in enumerate(CHECKS)}
    return sorted(dict.fromkeys(findings), key=lambda f: (f.page, order[f.check]))


def count_pages(site_dir: Path) -> int:
    return sum(1 for _ in site_dir.rglob("*.html"))


def as_text(findings: list[Finding], pages: int, today: date) -> str:
    """Findings under their page, then one line with the counts, for the office to read."""
    lines: list[str] = []
    page = None
    for finding in findings:
        if finding.page != page:
            page = finding.page
            lines.append(page)
        lines.append(f"  {SEVERITY_WORDS[finding.severity]} [{finding.check}] {finding.message}")
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if findings:
        lines.append(f"检查了 {pages} 个页面（检查日 {today.isoformat()}）：{errors} 个错误，{warnings} 个警告。")
    else:
        lines.append(f"检查了 {pages} 个页面（检查日 {today.isoformat()}）：没有发现问题。")
    return "\n".join(lines)


def as_json(site: str, today: date, findings: list[Finding]) -> str:
    """The contract of docs/audit.md: counts, then every finding in page order."""
    errors = sum(1 for f in findings if f.severity == "error")
    data = {"site": site, "today": today.isoformat(), "errors": errors, "warnings": len(findings) - errors,
            "findings": [f.as_dict() for f in findings]}
    return json.dumps(data, ensure_ascii=False, indent=2)
