"""RSS 2.0 and Atom feeds: everything, notices only, stories only.

Readers and news desks subscribe to know when a 公示 opens, is corrected or a
decision is issued, so an entry must behave like the record it stands for: its
id comes from the site and the record alone (a rebuild or a new record never
re-announces old ones), and a 更正 updates the same entry (same id, new
``updated``) instead of appearing as a second, contradictory item. Every date
comes from the data at midnight Beijing time, never from the clock, and the
entries are sorted deterministically, so the same data gives the same bytes.
feedgen fills "now" into any date left unset and stamps its own version into
Atom's ``<generator>``; both are overwritten here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator

from publisher.clock import at_midnight
from publisher.data.models import Correction, Program
from publisher.data.workdays import chinese_date
from publisher.site.model import DecisionView, NoticeView, RevocationView, SiteModel, corrections_of
from publisher.site.stories import Story

GENERATOR = "publisher"
"""A fixed string: feedgen's default carries its version, which would change bytes on an upgrade."""
LANGUAGE = "zh-CN"
FORMATS = {"rss": ("RSS", "application/rss+xml"), "atom": ("Atom", "application/atom+xml")}


@dataclass(frozen=True)
class Family:
    key: str
    label: str
    description: str
    home: str
    """The page the feed stands for, relative to the site root."""


FAMILIES = (
    Family("all", "全部更新", "公示、表彰决定、更正、撤销和先进事迹", ""),
    Family("notices", "公示", "各阶段公示及其更正", "notices/"),
    Family("stories", "先进事迹", "先进集体和先进个人的事迹报道", "stories/"),
)


@dataclass(frozen=True)
class Item:
    """One entry, independent of the feed format."""

    kind: str
    ref: str
    """The record's identity, e.g. ``notice/2026-city``: the variable part of the entry id."""
    title: str
    url: str
    published: date
    updated: date
    summary: str
    paragraphs: tuple[str, ...]
    category: str


def feed_path(family: str, fmt: str) -> str:
    return f"feeds/{family}.{fmt}.xml"


def site_root(site_url: str) -> str:
    """With a trailing slash, so that urljoin keeps a path prefix such as /biaozhang/."""
    return site_url if site_url.endswith("/") else site_url + "/"


def tag_uri(site_url: str, year: int, specific: str) -> str:
    """RFC 4151 tag URI: stable as long as the site's address and the record's id are."""
    parts = urlsplit(site_root(site_url))
    prefix = parts.path.strip("/")
    return f"tag:{parts.hostname},{year}:{prefix + '/' if prefix else ''}{specific}"


def site_title(program: Program) -> str:
    return program.site_name or program.title


def _correction_line(c: Correction) -> str:
    return f"更正（{chinese_date(c.date)}）：{c.what}"


def _with_corrections(summary: str, body: list[str], corrections: list[Correction]) -> tuple[str, tuple[str, ...]]:
    """The summary names the latest 更正, the content keeps every one, oldest first, like the page."""
    for c in corrections:
        body += [_correction_line(c), c.text]
    if corrections:
        summary = f"{summary}{_correction_line(corrections[-1])}"
    return summary, tuple(body)


def notice_item(view: NoticeView) -> Item:
    window = f"公示期为{view.window.describe()}。"
    counts = f"{view.stage_word}：{len(view.collectives)}个集体、{len(view.individuals)}名个人。"
    summary, body = _with_corrections(window + counts, [window, counts], corrections_of(view))
    return Item("notice", f"notice/{view.id}", view.notice.title, view.url, view.notice.published_on, view.updated,
                summary, body, "公示")


def decision_item(view: DecisionView, program: Program) -> Item:
    d = view.decision
    counts = (f"授予{len(view.collectives)}个集体“{program.collective_title}”称号、"
              f"{len(view.individuals)}名个人“{program.individual_title}”称号。")
    summary, body = _with_corrections(f"{d.document_number}：{counts}", [d.document_number, counts],
                                      corrections_of(view))
    return Item("decision", "decision", d.title, view.url, d.issued_on, view.updated, summary, body, "表彰决定")


def revocation_item(view: RevocationView) -> Item:
    r = view.revocation
    text = f"{r.document_number}：撤销{len(view.nominees)}个表彰对象的荣誉称号（修改《{view.decision.title}》）。"
    return Item("revocation", f"revocation/{r.id}", r.title, view.url, r.issued_on, r.issued_on, text, (text,), "撤销")


def story_item(story: Story) -> Item:
    return Item("story", f"story/{story.slug}", story.title, story.url, story.date, story.date, story.summary,
                (story.summary,), "先进事迹")


def collect(model: SiteModel) -> dict[str, list[Item]]:
    """The entries of each family; drafts never reach a feed."""
    notices = [notice_item(v) for v in model.notices]
    stories = [story_item(s) for s in model.stories if s.status == "published"]
    others: list[Item] = []
    if model.decision is not None:
        others.append(decision_item(model.decision, model.dataset.program))
    others += [revocation_item(v) for v in model.revocations]
    return {"all": notices + others + stories, "notices": notices, "stories": stories}


def newest_first(items: Iterable[Item]) -> list[Item]:
    """By updated, newest first, ties by id: the order never depends on how the data was read."""
    by_id = sorted(items, key=lambda i: i.ref)
    return sorted(by_id, key=lambda i: i.updated, reverse=True)


def _content(item: Item) -> str:
    """Escaped HTML paragraphs: names come from many hands and must never become markup."""
    return "".join(f"<p>{html.escape(p)}</p>" for p in item.paragraphs)


def _add_entry(fg: FeedGenerator, item: Item, site_url: str, year: int) -> None:
    entry = fg.add_entry(order="append")  # feedgen prepends by default, which would reverse our order
    entry.id(tag_uri(site_url, year, item.ref))
    entry.title(item.title)  # text: titles are names (models.Name), which hold no < or >
    entry.link(href=urljoin(site_url, item.url), rel="alternate", type="text/html")
    entry.published(at_midnight(item.published))
    entry.updated(at_midnight(item.updated))
    entry.summary(html.escape(item.summary, quote=False), type="html")  # RSS readers take <description> as HTML
    entry.content(_content(item), type="html")
    entry.category(term=item.kind, label=item.category)


def _generator(program: Program, family: Family, fmt: str, site_url: str, updated: date) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(tag_uri(site_url, program.issued_on.year, f"feed/{family.key}"))
    fg.title(f"{site_title(program)} · {family.label}")
    fg.subtitle(f"{family.description}（{program.document_number}）")
    fg.author({"name": "、".join(program.issued_by)})
    fg.link(href=urljoin(site_url, feed_path(family.key, fmt)), rel="self", type=FORMATS[fmt][1])
    # RSS's <link> is whichever link was added last, whatever its rel: the page must come last.
    fg.link(href=urljoin(site_url, family.home), rel="alternate", type="text/html")
    fg.language(LANGUAGE)
    fg.generator(GENERATOR)  # replaces feedgen's name + version + uri
    fg.updated(at_midnight(updated))  # also lastBuildDate; feedgen's default is the build time
    return fg


def render(fg: FeedGenerator, fmt: str) -> bytes:
    out = fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)
    return bytes(out)


def build_feeds(model: SiteModel, site_url: str) -> dict[str, bytes]:
    """Output path (``feeds/<family>.<rss|atom>.xml``) → file bytes, for the three families."""
    site_url = site_root(site_url)
    program = model.dataset.program
    year = program.issued_on.year
    families = collect(model)
    out: dict[str, bytes] = {}
    for family in FAMILIES:
        items = newest_first(families[family.key])
        updated = items[0].updated if items else program.issued_on
        for fmt in FORMATS:
            fg = _generator(program, family, fmt, site_url, updated)
            for item in items:
                _add_entry(fg, item, site_url, year)
            out[feed_path(family.key, fmt)] = render(fg, fmt)
    return out


def autodiscovery_links(site_url: str) -> list[dict[str, str]]:
    """Attributes of ``<link rel="alternate">`` for the page head, one per feed."""
    site_url = site_root(site_url)
    return [{"rel": "alternate", "type": media, "title": f"{family.label}（{name}）",
             "href": urljoin(site_url, feed_path(family.key, fmt))}
            for family in FAMILIES for fmt, (name, media) in FORMATS.items()]
