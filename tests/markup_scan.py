"""Finds markup that data or front matter put into a built site, in every file of it.

A string search cannot tell: ``{ onclick=alert(1) }`` shown as text on a page is
right, the same words as an attribute are an attack. So each file is read the way
its consumers read it (pages as HTML, feeds as XML whose HTML fields are HTML
again, the search index as JSON of HTML, open data as JSON, CSV and iCalendar),
and what can act is looked for: a script or frame, an event-handler attribute, a
``javascript:`` URL, a link or image pointing outside (``evil.example``). Files
nobody parses as markup (the theme's bundles, images) must not hold the payloads'
markers at all.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
from icalendar import Calendar
from lxml import etree

OUTSIDE = "evil.example"
"""Every outside link or image of the payloads points here."""
MARKER = re.compile(r"alert\(16\d\d\d\)")
"""Every script of the payloads calls alert(16xxx)."""
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "background", "cite",
                  "{http://www.w3.org/1999/xlink}href", "xlink:href"}
NEVER = {"iframe", "frame", "frameset", "object", "embed", "base", "applet"}
HTML_FIELDS = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}
ATOM = "{http://www.w3.org/2005/Atom}"


def _acts(url: str) -> bool:
    squeezed = re.sub(r"[\s\x00-\x1f]+", "", url).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:text/html")) or OUTSIDE in squeezed


def html_problems(root: etree._Element, where: str) -> Iterator[str]:
    """What could run or load from outside in one parsed HTML document or fragment."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments, processing instructions
        tag = el.tag.lower()
        if tag in NEVER:
            yield f"{where}: a <{tag}> element"
        if tag == "script" and (MARKER.search(el.text or "") or OUTSIDE in (el.get("src") or "")):
            yield f"{where}: an injected <script>: {etree.tostring(el, encoding='unicode')[:120]}"
        for name, value in el.attrib.items():
            key = name.lower()
            handler = key.startswith("on")
            if handler or (key in URL_ATTRIBUTES and _acts(value)) or (
                    key == "style" and (OUTSIDE in value or "expression(" in value.lower())):
                yield f"{where}: <{tag} {name}={value!r}>"
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            yield f"{where}: <meta http-equiv=refresh>"


def fragment_problems(text: str, where: str) -> Iterator[str]:
    """HTML held as a string (a feed's content, a search entry)."""
    if not text.strip():
        return
    yield from html_problems(lxml.html.fragment_fromstring(text, create_parent="div"), where)


def _feed_problems(path: Path, where: str) -> Iterator[str]:
    root = etree.fromstring(path.read_bytes())
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name in ("href", "src") and _acts(value):
                yield f"{where}: <{el.tag} {name}={value!r}>"
        is_html = el.tag in HTML_FIELDS or (el.tag.startswith(ATOM) and el.get("type") in ("html", "xhtml"))
        if is_html:
            yield from fragment_problems(el.text or "", f"{where} <{el.tag}>")
        elif MARKER.search(el.text or "") and "<" in (el.text or ""):
            yield f"{where}: <{el.tag}> is text but holds markup a reader may render: {el.text[:80]!r}"


def _search_problems(path: Path, where: str) -> Iterator[str]:
    index = json.loads(path.read_text("utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            yield from fragment_problems(doc.get(key) or "", f"{where} {doc.get('location')} {key}")


def file_problems(path: Path, where: str) -> Iterator[str]:
    """Every way ``path`` could run a payload, read as its consumers read it."""
    suffix = path.suffix
    if suffix == ".html":
        yield from html_problems(lxml.html.document_fromstring(path.read_bytes()), where)
    elif suffix == ".xml":
        yield from _feed_problems(path, where)
    elif path.name == "search_index.json":
        yield from _search_problems(path, where)
    elif suffix == ".json":
        json.loads(path.read_text("utf-8"))  # data, shown as text by whoever reads it: it must parse
    elif suffix == ".csv":
        list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    elif suffix == ".ics":
        Calendar.from_ical(path.read_bytes())
    else:
        data = path.read_bytes()
        if OUTSIDE.encode() in data or MARKER.search(data.decode("latin-1")):
            yield f"{where}: holds a payload, in a file nobody reads as markup"


def site_problems(site: Path) -> list[str]:
    """Every problem of every file of ``site``."""
    return [problem for path in sorted(site.rglob("*")) if path.is_file()
            for problem in file_problems(path, path.relative_to(site).as_posix())]
