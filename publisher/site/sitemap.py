"""The 网站地图 page: every public page of the site, grouped by section as the nav groups them.

The honest source is what MkDocs publishes, not a list kept beside it: the nav of
``mkdocs.yml`` gives the sections and their order, and the site's pages (the
office's own in ``content/`` and the generated ones) are each put under the
section whose address holds theirs (a notice under 公示档案, a story under
先进事迹); pages of no section are listed last. Titles are known only once every
page is read, so the plugin fills the list in at ``on_env``, after the pages are
read and before any is written: the page is generated with a placeholder that
this module replaces with the rendered list (``partials/sitemap.html.j2``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

SRC_URI = "sitemap.md"
PLACEHOLDER = re.compile(r'<div class="pub-sitemap" data-pub-sitemap>\s*</div>')
"""What ``sitemap.md.j2`` writes where the list goes."""


@dataclass(frozen=True)
class Entry:
    title: str
    url: str


@dataclass
class Group:
    """One section of the nav and the pages under it."""

    title: str
    url: str | None = None
    """The section's own page, its heading's link (a nav entry that is a page); None for a nav section."""
    entries: list[Entry] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    """Addresses whose pages belong here (``notices/`` holds ``notices/2026-city/``)."""


def title_of(page: Page) -> str:
    """The page's title as text: a title from a heading arrives as HTML (entities and all)."""
    return Markup(page.title or page.url).striptags()


def _prefix(url: str) -> str:
    """The folder a section page stands for; none for the home page or a page that is not a folder's index."""
    if url.endswith("/"):
        return url
    return url[: -len("index.html")] if url.endswith("index.html") else ""


def _pages(items: Iterable[object]) -> Iterable[Page]:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


def groups(nav: Navigation, pages: Iterable[Page], other: str) -> list[Group]:
    """The nav's top-level items as groups, every page placed once; ``other`` names the group of the rest."""
    out: list[Group] = []
    placed: set[str] = set()
    for item in nav.items:
        members = list(_pages([item]))
        if not members:  # an outside link of the nav: not a page of this site
            continue
        section = isinstance(item, Section)
        group = Group(str(item.title)) if section else Group(title_of(members[0]), members[0].url)
        for page in members:
            if section:
                group.entries.append(Entry(title_of(page), page.url))
            placed.add(page.file.src_uri)
            if _prefix(page.url):
                group.prefixes.append(_prefix(page.url))
        out.append(group)
    rest = Group(other)
    for page in pages:
        if page.file.src_uri in placed:
            continue
        homes = [(len(p), g) for g in out for p in g.prefixes if page.url.startswith(p)]
        home = max(homes, key=lambda found: found[0])[1] if homes else rest
        home.entries.append(Entry(title_of(page), page.url))
    return [g for g in [*out, rest] if g.entries or g.url is not None]


def fill(page: Page, rendered: str) -> None:
    """Put the rendered list where the sitemap page's placeholder is."""
    if page.content is not None:
        page.content = PLACEHOLDER.sub(lambda _: rendered, page.content, count=1)
