"""Data on the page is text, never markup: the filters templates use, and the guards around the theme.

Generated pages are Markdown that MkDocs renders, so a value put into one could
act twice: as HTML, and again as Markdown (``[x](javascript:…)``, an outside image
``![](http://…)``, attr_list's ``{ onclick=… }``). So templates put data in two
places only:

- inside raw HTML blocks (``<p>``, ``<ol>``, ``<div>``…), which Markdown passes
  through untouched, escaped by Jinja's autoescape; a text of several lines goes
  through :func:`paragraphs`, one ``<p>`` per line;
- in a Markdown heading, through :func:`md_text`, so that the heading keeps its
  anchor and its place in the table of contents while nothing in it can act.

Story front matter is text too, and the theme prints ``page.meta`` into
``<title>`` and ``<meta content="…">`` without escaping: the plugin hands it over
escaped (:func:`escape_meta`). What staff write in ``content/`` is Markdown, and is
sanitized (:func:`sanitize_outside`), except for the part the publisher generated.
"""

from __future__ import annotations

import re
import secrets
import string
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from publisher.site.stories import sanitize

_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in string.punctuation})
"""Every ASCII punctuation mark as a character reference: Markdown and its extensions act on punctuation only
(links, images, emphasis, attr_list's braces, autolinks, math, emoji's colons…), and a reference is passed
through as it is. Backslash escapes would not do: arithmatex reads ``\\(…\\)`` as math."""
_SPACE = re.compile(r"\s+")


def md_text(value: object) -> Markup:
    """``value`` as the text of a Markdown heading: shown as written, never a link, image, emphasis or attributes.

    Line breaks become spaces, so the value cannot end the heading early; the
    heading's anchor and its entry in the table of contents stay as they were.
    """
    return Markup(_SPACE.sub(" ", str(value)).strip().translate(_ENTITIES))


def paragraphs(value: object) -> Markup:
    """A text of several lines (an intro, a preamble, a note) as one escaped ``<p>`` per non-empty line."""
    lines = (line.strip() for line in str(value or "").splitlines())
    return Markup("\n").join(Markup("<p>{}</p>").format(line) for line in lines if line)


def escape_meta(value: Any) -> Any:
    """Front matter with every text HTML-escaped (as :class:`~markupsafe.Markup`, so it is never escaped twice).

    The theme's templates print ``page.meta.title``, ``.author`` and
    ``.description`` as they are, inside ``<title>`` and attribute quotes.
    """
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [escape_meta(v) for v in value]
    if isinstance(value, dict):
        return {k: escape_meta(v) for k, v in value.items()}
    return value


def sanitize_outside(html: str, start: str, end: str) -> str:
    """``html`` sanitized (see :func:`~publisher.site.stories.sanitize`), except between the last ``start`` and the
    ``end`` after it: the part the publisher generated from its templates and escaped data.

    The markers carry a nonce of the build, so a page cannot fake them; without
    both, the whole page is sanitized.
    """
    at = html.rfind(start)
    stop = html.find(end, at) if at >= 0 else -1
    if stop < 0:
        return sanitize(html)
    return sanitize(html[:at]) + html[at + len(start):stop] + sanitize(html[stop + len(end):])


@dataclass(frozen=True)
class GeneratedMarks:
    """The pair of comments around what the publisher adds to a page of ``content/`` (the home page's notices).

    Sanitizing leaves what lies between them as generated; a nonce of the build
    keeps a page from faking them.
    """

    start: str
    end: str

    @classmethod
    def fresh(cls) -> GeneratedMarks:
        nonce = secrets.token_hex(8)
        return cls(f"<!-- publisher:generated:{nonce} -->", f"<!-- /publisher:generated:{nonce} -->")

    def append(self, markdown: str, generated: str) -> str:
        """The staff's ``markdown`` with ``generated`` after it, marked."""
        return f"{markdown.rstrip()}\n\n{self.start}\n\n{generated}\n\n{self.end}\n"

    def sanitize(self, html: str) -> str:
        """The page sanitized, except the marked part."""
        return sanitize_outside(html, self.start, self.end)
