"""Rules about each nominee on its own: who may be nominated (一(一), 二, 五(二)), the texts (四(一)), the deadline (五(五)).

Withdrawn nominees are skipped: they are out of the running, and a finding on
them would ask the office to fix a file that no longer matters.
"""

from __future__ import annotations

from collections.abc import Iterator

from publisher.data.dataset import AnyNominee
from publisher.data.models import HonourLevel, Individual, Rank
from publisher.rules.base import Hit, rule
from publisher.rules.context import Context

ALWAYS_BARRING = frozenset({HonourLevel.NATIONAL, HonourLevel.PROVINCIAL})
"""一(一): 享受省部级及以上表彰奖励获得者待遇 bars in any year; econ-system honours only 近年来."""


def text_length(text: str) -> int:
    """Characters as the notice's 字 counts them: every character except spaces and line breaks.

    YAML block text carries line breaks and indentation that the 信息系统 does not count.
    """
    return len("".join(text.split()))  # str.split() splits exactly where str.isspace(): 20x faster


@rule("eligibility.rank", section="五(二)", severity="error", title="副厅局级及以上、市管干部不作为评选对象")
def eligibility_rank(ctx: Context) -> Iterator[Hit]:
    """五(二): 副厅局级或相当于副厅局级及以上的单位、个人及市管干部不作为评选对象."""
    for n in ctx.candidates:
        if not isinstance(n, Individual):
            continue
        reasons = [word for flag, word in ((n.rank is Rank.BUREAU, "副厅局级及以上"), (n.city_managed, "市管干部"))
                   if flag]
        if reasons:
            yield Hit(f"{ctx.label(n)} 是{'、'.join(reasons)}，不能作为评选对象", (ctx.path(n.id),))


@rule("eligibility.industry-years", section="二(二)5", severity="error", title="从业与制造业相关工作年限")
def industry_years(ctx: Context) -> Iterator[Hit]:
    """二(二)5: 从业与制造业相关工作 min_industry_years 年（含）以上."""
    minimum = ctx.program.min_industry_years
    for n in ctx.candidates:
        if isinstance(n, Individual) and n.industry_years < minimum:
            yield Hit(f"{ctx.label(n)} 从业与制造业相关工作 {n.industry_years:g} 年，不足 {minimum} 年",
                      (ctx.path(n.id),))


def _barring_honours(n: AnyNominee, since_year: int) -> list[str]:
    return [f"{h.year}年{h.title}" for h in n.prior_honours
            if h.level in ALWAYS_BARRING or (h.level is HonourLevel.ECON_SYSTEM and h.year >= since_year)]


@rule("eligibility.prior-honour", section="一(一)", severity="error", title="已获省部级或近年经信系统表彰须有新的重大贡献")
def prior_honour(ctx: Context) -> Iterator[Hit]:
    """一(一): 省部级及以上 honours (any year) and 近年来 全国/全市经信系统 honours bar a nominee 除有新的重大贡献外.

    近年来 is ``recent_honour_years`` back from the notice's year, both ends included.
    """
    since = ctx.program.issued_on.year - ctx.program.recent_honour_years
    for n in ctx.candidates:
        if n.new_major_contribution:
            continue
        honours = _barring_honours(n, since)
        if honours:
            yield Hit(f"{ctx.label(n)} 曾获 {'、'.join(honours)}，须在 new_major_contribution 中写明新的重大贡献，"
                      f"否则原则上不再参加评选", (ctx.path(n.id),))


@rule("text.summary-length", section="四(一)", severity="error", title="简要事迹 500 字以内")
def summary_length(ctx: Context) -> Iterator[Hit]:
    """四(一): 500字以内简要事迹 (text_limits.summary)."""
    limit = ctx.program.text_limits.summary
    for n in ctx.candidates:
        if len(n.summary) <= limit:  # within the limit before spaces and line breaks are even taken out
            continue
        length = text_length(n.summary)
        if length > limit:
            yield Hit(f"{ctx.label(n)} 的简要事迹（summary）{length} 字，超过 {limit} 字（多 {length - limit} 字）",
                      (ctx.path(n.id),))


@rule("text.deeds-length", section="四(一)", severity="error", title="事迹材料 1500 字以内（国企为 1500 字左右）")
def deeds_length(ctx: Context) -> Iterator[Hit]:
    """四(一): 1500字以内的事迹材料; for 市属国企 and 中央及外地在渝企业 "1500字左右", so a tolerance gives a warning."""
    limits = ctx.program.text_limits
    approximate = set(limits.deeds_approximate)
    for n in ctx.candidates:
        if len(n.deeds) <= limits.deeds:  # counting cannot make it longer
            continue
        length = text_length(n.deeds)
        if length <= limits.deeds:
            continue
        about = ctx.category(n.recommender) in approximate
        if about and length * 100 <= limits.deeds * (100 + limits.deeds_tolerance_percent):
            yield Hit(f"{ctx.label(n)} 的事迹材料（deeds）{length} 字，超过 {limits.deeds} 字，在“{limits.deeds}字左右”"
                      f"允许的 {limits.deeds_tolerance_percent}% 以内，请确认", (ctx.path(n.id),), "warning")
        else:
            allowed = f"“{limits.deeds}字左右”允许的 {limits.deeds_tolerance_percent}%" if about else f"{limits.deeds} 字"
            yield Hit(f"{ctx.label(n)} 的事迹材料（deeds）{length} 字，超过 {allowed}", (ctx.path(n.id),))


@rule("deadline.submission", section="五(五)", severity="error", title="按时报送推荐对象")
def submission_deadline(ctx: Context) -> Iterator[Hit]:
    """五(五): 各推荐单位于 submission_deadline 前完成推荐对象报送."""
    deadline = ctx.program.submission_deadline
    for n in ctx.candidates:
        if n.submitted_on > deadline:
            yield Hit(f"{ctx.label(n)} 报送日期 {n.submitted_on.isoformat()}，晚于截止日期 {deadline.isoformat()}",
                      (ctx.path(n.id),))
