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
from publisher.site.words import Words

GENERATOR = "publisher"
"""A fixed string: feedgen's default carries its version, which would change bytes on an upgrade."""
LANGUAGE = "zh-CN"
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@dataclass(frozen=True)
class Family:
    key: str
    """Its file name and its entry in ``words.feed.families`` (label, description)."""
    home: str
    """The page the feed stands for, relative to the site root."""


FAMILIES = (Family("all", ""), Family("notices", "notices/"), Family("stories", "stories/"))


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


def _correction_line(c: Correction, words: Words) -> str:
    return words.say("feed.correction", date=chinese_date(c.date), what=c.what)


def _with_corrections(summary: str, body: list[str], corrections: list[Correction],
                      words: Words) -> tuple[str, tuple[str, ...]]:
    """The summary names the latest 更正, the content keeps every one, oldest first, like the page."""
    for c in corrections:
        body += [_correction_line(c, words), c.text]
    if corrections:
        summary = f"{summary}{_correction_line(corrections[-1], words)}"
    return summary, tuple(body)


def notice_item(view: NoticeView, words: Words) -> Item:
    window = words.say("feed.window", window=view.window.describe())
    counts = words.say("feed.notice_counts", stage=view.stage_word, collectives=view.collective_count,
                       individuals=view.individual_count)
    summary, body = _with_corrections(window + counts, [window, counts], corrections_of(view), words)
    if view.retired and view.retires_on is not None:  # the same entry, updated on the day its list left the site
        gone = words.say("retention.retired", date=chinese_date(view.retires_on), end=chinese_date(view.window.end))
        summary, body = f"{gone}{summary}", (gone, *body)
    return Item("notice", f"notice/{view.id}", view.notice.title, view.url, view.notice.published_on, view.updated,
                summary, body, words.feed.category.notice)


def decision_item(view: DecisionView, program: Program, words: Words) -> Item:
    d = view.decision
    counts = words.say("feed.decision_counts", collectives=len(view.collectives), individuals=len(view.individuals),
                       collective_title=program.collective_title, individual_title=program.individual_title)
    summary, body = _with_corrections(words.say("feed.decision", document_number=d.document_number, counts=counts),
                                      [d.document_number, counts], corrections_of(view), words)
    return Item("decision", "decision", d.title, view.url, d.issued_on, view.updated, summary, body,
                words.feed.category.decision)


def revocation_item(view: RevocationView, words: Words) -> Item:
    r = view.revocation
    text = words.say("feed.revocation", document_number=r.document_number, count=len(view.nominees),
                     decision=view.decision.title)
    return Item("revocation", f"revocation/{r.id}", r.title, view.url, r.issued_on, r.issued_on, text, (text,),
                words.feed.category.revocation)


def story_item(story: Story, words: Words) -> Item:
    return Item("story", f"story/{story.slug}", story.title, story.url, story.date, story.date, story.summary,
                (story.summary,), words.feed.category.story)


def collect(model: SiteModel) -> dict[str, list[Item]]:
    """The entries of each family; drafts never reach a feed."""
    words = model.words
    notices = [notice_item(v, words) for v in model.notices]
    stories = [story_item(s, words) for s in model.stories if s.status == "published"]
    others: list[Item] = []
    if model.decision is not None:
        others.append(decision_item(model.decision, model.dataset.program, words))
    others += [revocation_item(v, words) for v in model.revocations]
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


def _generator(program: Program, family: Family, fmt: str, site_url: str, updated: date, words: Words) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(tag_uri(site_url, program.issued_on.year, f"feed/{family.key}"))
    own = words.feed.families[family.key]
    fg.title(words.say("feed.title", site=site_title(program), family=own.label))
    fg.subtitle(words.say("feed.subtitle", description=own.description, document_number=program.document_number))
    fg.author({"name": "、".join(program.issued_by)})
    fg.link(href=urljoin(site_url, feed_path(family.key, fmt)), rel="self", type=MEDIA_TYPES[fmt])
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
        for fmt in MEDIA_TYPES:
            fg = _generator(program, family, fmt, site_url, updated, model.words)
            for item in items:
                _add_entry(fg, item, site_url, year)
            out[feed_path(family.key, fmt)] = render(fg, fmt)
    return out


def autodiscovery_links(words: Words) -> list[dict[str, str]]:
    """Type, title and site-root path of every feed :func:`build_feeds` writes, for ``<link rel="alternate">``.

    The theme's ``main.html`` loops over this list (``config.extra.publisher_feeds``),
    so the page head names exactly the feeds there are, in the words of the table.
    """
    return [{"type": media, "title": words.say("feed.link_title", family=words.feed.families[family.key].label,
                                               format=words.feed.formats[fmt]),
             "path": feed_path(family.key, fmt)}
            for family in FAMILIES for fmt, media in MEDIA_TYPES.items()]
