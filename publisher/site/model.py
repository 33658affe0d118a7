"""The site as the public sees it: notices with windows and statuses, the decision.

Built once per build from a :class:`~publisher.data.dataset.Dataset` and the build's
``today``; pages, feeds and open data all read this model, so a status or a
count is computed in one place and every output agrees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from publisher.data.dataset import Dataset
from publisher.data.models import (
    Channel,
    Contact,
    Correction,
    Decision,
    Notice,
    Revocation,
    Status,
)
from publisher.data.name_order import sort_names
from publisher.data.workdays import Window, status
from publisher.site import retention
from publisher.site.documents import Document, documents
from publisher.site.public_view import PublicNominee, public
from publisher.site.stories import Story
from publisher.site.words import Words, load_words


@dataclass(frozen=True)
class NoticeView:
    notice: Notice
    window: Window
    status: str
    collectives: list[PublicNominee]
    individuals: list[PublicNominee]
    contacts: list[Contact]
    url: str
    status_word: str
    stage_word: str
    channel_words: tuple[str, ...]
    """The words of the table (:mod:`publisher.site.words`) for this notice's status, stage and channels."""
    retires_on: date | None = None
    """The first day its list is no longer public (:mod:`publisher.site.retention`); None when kept."""
    retired: bool = False
    """On and after ``retires_on``: the view then lists nobody, so nothing made from it can name anyone."""
    counts: tuple[int, int] | None = None
    """How many collectives and individuals the list had, kept when a retired view lists nobody."""
    withheld: tuple[Correction, ...] | None = None
    """The corrections as the page shows them once the list is retired (retention.withheld_corrections); None when kept."""

    @property
    def collective_count(self) -> int:
        return self.counts[0] if self.counts is not None else len(self.collectives)

    @property
    def individual_count(self) -> int:
        return self.counts[1] if self.counts is not None else len(self.individuals)

    @property
    def id(self) -> str:
        return self.notice.id

    @property
    def accepts_letters(self) -> bool:
        return Channel.LETTER in self.notice.objections.channels

    @property
    def signed_on(self) -> date:
        return self.notice.signed_on or self.notice.published_on

    @property
    def updated(self) -> date:
        """The last day the record changed: its publication, its latest correction or the day its list retired."""
        retired = [self.retires_on] if self.retired and self.retires_on is not None else []
        return max([self.notice.published_on, *(c.date for c in self.notice.corrections), *retired])


@dataclass(frozen=True)
class DecisionView:
    decision: Decision
    collectives: list[PublicNominee]
    individuals: list[PublicNominee]
    order: str
    url: str = "decision/"

    @property
    def updated(self) -> date:
        return max([self.decision.issued_on, *(c.date for c in self.decision.corrections)])


@dataclass(frozen=True)
class RevocationView:
    revocation: Revocation
    decision: Decision
    nominees: list[PublicNominee]

    @property
    def url(self) -> str:
        return f"decision/{self.revocation.id}/"


@dataclass(frozen=True)
class SiteModel:
    dataset: Dataset
    today: date
    words: Words
    """The display words of this build: pages, feeds and open data say the same."""
    notices: tuple[NoticeView, ...]
    decision: DecisionView | None
    revocations: tuple[RevocationView, ...]
    stories: tuple[Story, ...]
    """Published stories of shortlisted or commended nominees, newest first."""
    documents: Mapping[str, Document]
    """Every notice, decision and revocation of the data as its 信息公开 block and page metadata show it, by page
    address; numbered from the whole data set, so a build's date never renumbers a 索引号."""

    def grouped(self) -> dict[str, list[NoticeView]]:
        """公示中 first, then 即将开始, then 已结束 — what a visitor looks for first."""
        groups: dict[str, list[NoticeView]] = {"open": [], "upcoming": [], "closed": []}
        for view in self.notices:
            groups[view.status].append(view)
        groups["closed"].reverse()
        return groups

    def stories_of(self, nominee_id: str) -> list[Story]:
        """Published stories naming the nominee, newest first: linked from the decision page."""
        return [s for s in self.stories if nominee_id in s.nominees]

    def public_nominee(self, nominee_id: str) -> PublicNominee:
        return _public_of(self.dataset, nominee_id)


def _public_of(dataset: Dataset, nominee_id: str) -> PublicNominee:
    nominee = dataset.nominees[nominee_id]
    return public(nominee, dataset.recommenders[nominee.recommender].name)


def _split(people: list[PublicNominee]) -> tuple[list[PublicNominee], list[PublicNominee]]:
    return [p for p in people if p.kind == "collective"], [p for p in people if p.kind == "individual"]


def _notice_view(dataset: Dataset, notice: Notice, today: date, lookup, words: Words) -> NoticeView:
    window = dataset.windows[notice.id]
    people = [lookup(i) for i in notice.nominees]
    collectives, individuals = _split(people)
    state = status(window, today)
    retirement = retention.retires_on(window, dataset.program.publicity_retention_days)
    retired = retention.is_retired(retirement, today)
    counts, withheld = (len(collectives), len(individuals)), None
    if retirement is not None:  # what the page will show once retired (publisher.js swaps it into cached copies)
        withheld = retention.withheld_corrections(sorted(notice.corrections, key=lambda c: c.date), people, words)
    if retired:  # the names leave here, once: every page, feed and file made from the view has none to show
        collectives, individuals = [], []
    return NoticeView(notice, window, state, collectives, individuals,
                      [dataset.contacts[c] for c in notice.contacts], f"notices/{notice.id}/",
                      words.status[state], words.stage[notice.stage.value],
                      tuple(words.channel[c.value] for c in notice.objections.channels),
                      retirement, retired, counts, withheld)


def ordered(dataset: Dataset, people: list[PublicNominee], order: str) -> list[PublicNominee]:
    """By recommender in the configured order, then by name (姓氏笔画 by default)."""
    rank = {rid: n for n, rid in enumerate(dataset.recommenders)}
    out: list[PublicNominee] = []
    for rid in sorted({p.recommender for p in people}, key=rank.__getitem__):
        group = [p for p in people if p.recommender == rid]
        out.extend(sort_names(group, key=lambda p: p.name, order=order, collective=group[0].kind == "collective"))
    return out


def build_site_model(dataset: Dataset, today: date, stories: Iterable[Story] = (), *,
                     templates_dir: Path | None = None) -> SiteModel:
    """The site as of ``today``, with the published ``stories``: made once, never changed afterwards.

    Its words come from the package's table and ``templates_dir``'s ``words.yaml``.
    """
    words = load_words(templates_dir)
    lookup = partial(_public_of, dataset)
    notices = tuple(_notice_view(dataset, n, today, lookup, words) for n in dataset.notices.values())
    decision, revocations = None, ()
    if dataset.decision is not None and dataset.decision.issued_on <= today:  # never before its own date
        order = dataset.program.name_order
        commended = [lookup(n.id) for n in dataset.nominees.values() if n.status is Status.COMMENDED]
        collectives, individuals = _split(commended)
        decision = DecisionView(dataset.decision, ordered(dataset, collectives, order),
                                ordered(dataset, individuals, order), order)
        revocations = tuple(RevocationView(r, dataset.decision, [lookup(i) for i in r.nominees])
                            for r in dataset.decision.revocations)
    return SiteModel(dataset, today, words, notices, decision, revocations, tuple(stories),
                     documents(dataset, words))


def corrections_of(view: NoticeView | DecisionView) -> list[Correction]:
    if isinstance(view, NoticeView) and view.retired and view.withheld is not None:
        return list(view.withheld)
    source = view.notice if isinstance(view, NoticeView) else view.decision
    return sorted(source.corrections, key=lambda c: c.date)
