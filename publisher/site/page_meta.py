"""The page metadata of 《政府网站发展指引》's page design: ``<meta name="SiteName">`` and the rest.

Inspectors and the national government-site search read these tags, so each page
says which kind it is (``publisher:page-kind``: section, content or other) and
carries that kind's tags, per the lead's contract for issue 18:

- every page: SiteName, SiteDomain, SiteIDCode;
- section pages (:data:`SECTIONS`): ColumnName, ColumnDescription, ColumnKeywords, ColumnType,
  worded in ``column:`` of words.yaml;
- content pages (each notice, the decision, each revocation, each story): ArticleTitle,
  PubDate, ContentSource, Keywords, Author, Description, Url, and the canonical address.

Every value is computed here from the frozen site model and handed to the theme
as plain text; ``main.html`` escapes it. PubDate comes from the data (documents.py,
a story's ``date``), never from the build's clock, so ``--today`` and
``SOURCE_DATE_EPOCH`` change nothing in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Literal
from urllib.parse import urlsplit

from publisher.data.models import BEIJING_FORMAT, Program
from publisher.site.documents import Document
from publisher.site.feeds import decision_item, notice_item, revocation_item
from publisher.site.model import SiteModel

Kind = Literal["section", "content", "other"]

SECTIONS: dict[str, str] = {
    "": "home",
    "notices/": "notices",
    "decision/": "decision",  # while the decision is not out; once it is, a content page
    "stories/": "stories",
    "objections/": "objections",
    "open-data/": "open_data",
    "contact/": "contact",
    "sitemap/": "sitemap",
}
"""Section pages, by address → their entry under ``column:`` in words.yaml. A new section page is one line here
and one entry there."""
SITE_KEYS = ("SiteName", "SiteDomain", "SiteIDCode")
COLUMN_KEYS = (("ColumnName", "name"), ("ColumnDescription", "description"), ("ColumnKeywords", "keywords"),
               ("ColumnType", "type"))


@dataclass(frozen=True)
class PageMeta:
    """What the theme writes into a page's ``<head>``: its kind, ``(name, content)`` pairs, the canonical address."""

    kind: Kind
    metas: tuple[tuple[str, str], ...]
    canonical: str | None = None


def site_id_code(program: Program) -> str:
    """网站标识码, from the identity settings (program.yaml's ``website.site_id_code``); empty until they are set."""
    return (program.website.site_id_code if program.website else None) or ""


def page_address(src_uri: str) -> str:
    """The page's address relative to the site root, as the model names pages: ``notices/x.md`` → ``notices/x/``."""
    path = src_uri.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index")
    return f"{path}/" if path else ""


def pub_date(at: datetime) -> str:
    """``YYYY-MM-DD HH:MM``, Beijing time: the data's own time, written as the 指引 asks."""
    return at.strftime(BEIJING_FORMAT)


class SiteMetadata:
    """The metadata of every page of one build, computed once from the site model."""

    def __init__(self, model: SiteModel, site_name: str, site_url: str) -> None:
        self.model = model
        self.site_name = site_name
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        host = urlsplit(site_url).hostname if site_url else None
        self.site_metas = (("SiteName", site_name), ("SiteDomain", host or ""),
                           ("SiteIDCode", site_id_code(model.dataset.program)))
        self.contents = self._contents()

    def absolute(self, address: str) -> str:
        return self.site_url + address if self.site_url else ""

    def site(self) -> PageMeta:
        """A page of no section and no document (404): the site-level tags only."""
        return PageMeta("other", self.site_metas)

    def for_page(self, src_uri: str) -> PageMeta:
        address = page_address(src_uri)
        content = self.contents.get(address)
        if content is not None:
            return PageMeta("content", self.site_metas + content, self.absolute(address) or None)
        column = SECTIONS.get(address)
        if column is not None:
            return PageMeta("section", self.site_metas + self._column(column))
        return self.site()

    def _column(self, key: str) -> tuple[tuple[str, str], ...]:
        program = self.model.dataset.program
        words = self.model.words
        values = {"program": program.title, "collective_title": program.collective_title,
                  "individual_title": program.individual_title}
        return tuple((name, words.say(f"column.{key}.{field}", **values)) for name, field in COLUMN_KEYS)

    def _contents(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Content pages by address: every notice, the decision and its revocations once issued, every story."""
        model, words = self.model, self.model.words
        program = model.dataset.program
        docs = model.documents
        out: dict[str, tuple[tuple[str, str], ...]] = {}
        for view in model.notices:
            keywords = words.say("meta.notice_keywords", program=program.title, stage=view.stage_word)
            out[view.url] = self._document(docs[view.url], keywords, notice_item(view, words).summary)
        if model.decision is not None:
            keywords = words.say("meta.decision_keywords", program=program.title,
                                 collective_title=program.collective_title, individual_title=program.individual_title)
            out[model.decision.url] = self._document(docs[model.decision.url], keywords,
                                                     decision_item(model.decision, program, words).summary)
            for rv in model.revocations:
                keywords = words.say("meta.revocation_keywords", program=program.title)
                out[rv.url] = self._document(docs[rv.url], keywords, revocation_item(rv, words).summary)
        source = words.say("meta.story_source", site=self.site_name)
        for story in model.stories:
            names = ",".join(model.public_nominee(i).name for i in story.nominees)
            keywords = words.say("meta.story_keywords", program=program.title, names=names)
            out[story.url] = self._article(story.title, datetime.combine(story.date, time(0, 0)), source, keywords,
                                           story.author, story.summary, story.url)
        return out

    def _document(self, doc: Document, keywords: str, description: str) -> tuple[tuple[str, str], ...]:
        return self._article(doc.title, doc.published_at, doc.issuer, keywords, doc.issuer, description, doc.url)

    def _article(self, title: str, at: datetime, source: str, keywords: str, author: str, description: str,
                 address: str) -> tuple[tuple[str, str], ...]:
        return (("ArticleTitle", title), ("PubDate", pub_date(at)), ("ContentSource", source),
                ("Keywords", keywords), ("Author", author), ("Description", description),
                ("Url", self.absolute(address)))
