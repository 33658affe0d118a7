"""The 信息公开 of each published document: 索引号, 主题分类, 发布机构, 成文日期, 发文字号, 发布日期.

Real 公示 and 决定 pages open with this block, and archivists file the pages by
it, so each value comes from the data (``data/notices/*.yaml``, ``decision.yaml``)
and only falls back to a default the office can read in the docs:

- 索引号: ``index_no`` when written; otherwise ``<index_prefix>/<year>-<seq:05d>``,
  where ``index_prefix`` is program.yaml's (the issuing body's 统一社会信用代码),
  ``year`` the year of the publication date and ``seq`` the document's place among
  all documents of that year, counted from 1 in order of publication date, then
  notice before decision before revocation, then id. Documents with a written
  ``index_no`` keep their place in the count, so writing one down never renumbers
  the others. Without a prefix the number is ``<year>-<seq:05d>``.
- 主题分类: ``topic``, else ``xxgk.topic`` of words.yaml (a revocation: the decision's).
- 发布机构: ``issuer``, else the issuing bodies joined (a revocation: the decision's).
- 成文日期: a notice's ``signed_on`` (default ``published_on``); the decision's and a revocation's ``issued_on``.
- 发文字号: ``document_number``; a notice without one has no such row.
- 发布日期 (and the pages' ``PubDate``): ``published_at``, else 00:00 of the publication date, Beijing time.

The numbers are worked out from the whole data set, not from what is published
today, so a document's 索引号 does not change with the build's date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Literal

from publisher.data.dataset import Dataset
from publisher.data.models import Decision, Notice, Revocation
from publisher.site.words import Words

Kind = Literal["notice", "decision", "revocation"]
_KIND_ORDER: dict[Kind, int] = {"notice": 0, "decision": 1, "revocation": 2}


@dataclass(frozen=True)
class Document:
    """One document as its 信息公开 block shows it."""

    kind: Kind
    id: str
    url: str
    title: str
    index_no: str | None
    """As written in the data until :func:`documents` numbers the rest; then always set."""
    topic: str
    issuer: str
    written_on: date
    document_number: str | None
    published_at: datetime
    """Beijing time, to the minute."""

    @property
    def published_on(self) -> date:
        return self.published_at.date()

    def sort_key(self) -> tuple[date, int, str]:
        return self.published_at.date(), _KIND_ORDER[self.kind], self.id


def _at(day: date, given: datetime | None) -> datetime:
    return given if given is not None else datetime.combine(day, time(0, 0))


def _notice(n: Notice, words: Words) -> Document:
    return Document("notice", n.id, f"notices/{n.id}/", n.title, n.index_no, n.topic or words.xxgk.topic,
                  n.issuer or words.xxgk.issuer_separator.join(n.issued_by), n.signed_on or n.published_on,
                  n.document_number, _at(n.published_on, n.published_at))


def _decision(d: Decision, words: Words) -> Document:
    return Document("decision", "decision", "decision/", d.title, d.index_no, d.topic or words.xxgk.topic,
                  d.issuer or words.xxgk.issuer_separator.join(d.issued_by), d.issued_on, d.document_number,
                  _at(d.issued_on, d.published_at))


def _revocation(r: Revocation, decision: Document) -> Document:
    return Document("revocation", r.id, f"decision/{r.id}/", r.title, r.index_no, r.topic or decision.topic,
                  decision.issuer, r.issued_on, r.document_number, _at(r.issued_on, r.published_at))


def index_number(prefix: str | None, year: int, seq: int) -> str:
    """``<prefix>/<year>-<seq:05d>``, or ``<year>-<seq:05d>`` without a prefix."""
    number = f"{year}-{seq:05d}"
    return f"{prefix}/{number}" if prefix else number


def documents(dataset: Dataset, words: Words) -> dict[str, Document]:
    """Every document of the data, by its page address (``notices/<id>/``, ``decision/``, ``decision/<id>/``)."""
    drafts = [_notice(n, words) for n in dataset.notices.values()]
    if dataset.decision is not None:
        decision = _decision(dataset.decision, words)
        drafts.append(decision)
        drafts.extend(_revocation(r, decision) for r in dataset.decision.revocations)
    out: dict[str, Document] = {}
    seen: dict[int, int] = {}
    for draft in sorted(drafts, key=Document.sort_key):
        year = draft.published_at.year
        seen[year] = seen.get(year, 0) + 1
        index_no = draft.index_no or index_number(dataset.program.index_prefix, year, seen[year])
        out[draft.url] = replace(draft, index_no=index_no)
    return out


def xxgk_of(found: Mapping[str, Document]) -> Callable[[object], Document]:
    """For templates: the document of a notice, decision or revocation view (anything with its page ``url``)."""

    def of(view: object) -> Document:
        return found[view.url]  # type: ignore[attr-defined]

    return of
