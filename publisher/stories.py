"""Exemplar stories (先进事迹) written by the media team in ``content/stories/``.

SKELETON — the Story value is fixed here so feeds and pages can rely on it; the
loading, filtering and sanitizing are filled in by the stories work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Story:
    """One story as the site publishes it: front matter only, the body stays Markdown."""

    slug: str
    """The file stem: content/stories/<slug>.md."""
    title: str
    nominees: tuple[str, ...]
    author: str
    date: date
    status: str
    """draft | published."""
    summary: str
    featured: bool = False
    cover: str | None = None
    cover_alt: str | None = None

    @property
    def src_uri(self) -> str:
        return f"stories/{self.slug}.md"

    @property
    def url(self) -> str:
        return f"stories/{self.slug}/"
