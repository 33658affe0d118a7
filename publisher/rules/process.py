"""Rules of notice section 四 评选程序: the order of the three 公示 and 不予递补 after the city one.

Window dates come from ``dataset.windows`` (computed from the working-day
calendar); where a notice has no computed window yet, its ``published_on`` and
its written ``end`` stand in, so the rule still says something useful.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from publisher.data.models import Notice, Stage, Status
from publisher.rules.base import Hit, rule
from publisher.rules.context import Context
from publisher.site.words import default_words

STAGE_WORDS = {stage: default_words().stage[stage.value] for stage in Stage}
"""The site's word for each stage (templates/words.yaml): a message names a 公示 as its page does."""
CITY = STAGE_WORDS[Stage.CITY]
STAGE_ORDER = (Stage.UNIT, Stage.DISTRICT, Stage.CITY)


class HasWindow(Protocol):
    """What the rule needs of :class:`publisher.data.workdays.Window`: its first and last day."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


@dataclass(frozen=True)
class Span:
    start: date
    end: date


def notice_windows(ctx: Context) -> dict[str, HasWindow]:
    """Each notice's 公示 window: the computed one when known, else published_on to the written end."""
    computed: dict[str, HasWindow] = getattr(ctx.dataset, "windows", None) or {}
    windows: dict[str, HasWindow] = {}
    for nid, notice in ctx.dataset.notices.items():
        if nid in computed:
            windows[nid] = computed[nid]
        elif notice.end is not None:
            windows[nid] = Span(notice.published_on, notice.end)
    return windows


def city_notices(ctx: Context) -> list[Notice]:
    """City-stage notices, earliest first (dataset.notices is ordered by publication date, then id)."""
    return [n for n in ctx.dataset.notices.values() if n.stage is Stage.CITY]


@rule("process.no-backfill", section="四(四)", severity="error", title=f"{CITY}后不予递补")
def no_backfill(ctx: Context) -> Iterator[Hit]:
    """四(四): 经核实不宜给予表彰的，取消表彰资格，不予递补 — the first city 公示's list is final."""
    cities = city_notices(ctx)
    if not cities:
        return
    first = cities[0]
    listed = set(first.nominees)
    first_path = ctx.notice_path(first.id)
    for n in ctx.nominees:
        if n.status in (Status.SHORTLISTED, Status.COMMENDED) and n.id not in listed:
            yield Hit(f"{ctx.label(n)} 不在{CITY}“{first.title}”的名单上，{CITY}开始后不能再列为拟表彰或表彰对象"
                      f"（不予递补）", (ctx.path(n.id), first_path))
    for later in cities[1:]:
        added = [nid for nid in later.nominees if nid not in listed]
        if added:
            yield Hit(f"{CITY}“{later.title}”列出了首次{CITY}“{first.title}”名单之外的 {len(added)} 个对象（不予递补）",
                      (ctx.notice_path(later.id), first_path, *(ctx.path(nid) for nid in added)))


def _stage_pairs(ctx: Context, windows: dict[str, HasWindow]) -> dict[tuple[str, str], list[str]]:
    """Pairs (earlier-stage notice, later-stage notice) sharing nominees whose windows overlap or run backwards.

    Nominees listed on the same notices share the answer, so it is worked out once
    per set of notices (a few hundred) rather than per nominee (ten thousand).
    """
    memberships: dict[str, list[str]] = defaultdict(list)
    for nid, notice in ctx.dataset.notices.items():
        if nid in windows:
            for nominee in notice.nominees:
                memberships[nominee].append(nid)
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for nominee, nids in memberships.items():
        groups[tuple(nids)].append(nominee)
    bad: dict[tuple[str, str], list[str]] = defaultdict(list)
    for nids, nominees in groups.items():
        for pair in _overlapping(ctx, windows, nids):
            bad[pair].extend(nominees)
    order = {nominee: i for i, nominee in enumerate(memberships)}
    return {pair: sorted(nominees, key=order.__getitem__) for pair, nominees in bad.items()}


def _overlapping(ctx: Context, windows: dict[str, HasWindow], nids: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Of one nominee's notices, each (earlier stage, next stage) pair whose windows are not in order."""
    stages: dict[Stage, list[str]] = defaultdict(list)
    for nid in nids:
        stages[ctx.dataset.notices[nid].stage].append(nid)
    present = [s for s in STAGE_ORDER if s in stages]
    for before, after in zip(present, present[1:], strict=False):
        for a in stages[before]:
            for b in stages[after]:
                if windows[a].end >= windows[b].start:
                    yield a, b


def _names(ctx: Context, ids: list[str]) -> str:
    shown = [ctx.dataset.nominees[i].name if i in ctx.dataset.nominees else i for i in ids[:5]]
    return "、".join(shown) + (f" 等 {len(ids)} 个" if len(ids) > 5 else "")


@rule("process.stage-order", section="四", severity="error", title=f"三级公示依次进行，决定在{CITY}结束后")
def stage_order(ctx: Context) -> Iterator[Hit]:
    """四: 本单位公示 → 区县（部门、集团）公示 → 市级公示（the site's 全市公示） → 表彰决定, each after the previous one ends."""
    windows = notice_windows(ctx)
    notices = ctx.dataset.notices
    for (a, b), nominees in _stage_pairs(ctx, windows).items():
        first, second = notices[a], notices[b]
        yield Hit(f"{STAGE_WORDS[first.stage]}“{first.title}”至 {windows[a].end.isoformat()} 结束，"
                  f"{STAGE_WORDS[second.stage]}“{second.title}”却在 {windows[b].start.isoformat()} 开始"
                  f"（涉及 {_names(ctx, nominees)}）：后一级公示须在前一级结束后开始",
                  (ctx.notice_path(a), ctx.notice_path(b)))
    decision = ctx.dataset.decision
    city = [n for n in city_notices(ctx) if n.id in windows]
    if decision is None or not city:
        return
    last = max(city, key=lambda n: windows[n.id].end)
    if decision.issued_on <= windows[last.id].end:
        yield Hit(f"表彰决定的日期 {decision.issued_on.isoformat()} 不在{CITY}“{last.title}”结束"
                  f"（{windows[last.id].end.isoformat()}）之后", (ctx.decision_path, ctx.notice_path(last.id)))
