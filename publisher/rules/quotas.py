"""Rules of notice section 一: how many may be commended and recommended, and by whom.

The numbers are read from ``program.yaml`` (caps, quotas, shares); nothing here
knows that the caps are 100 and 150.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from publisher.data.dataset import AnyNominee
from publisher.data.models import Category, Collective, Individual, Quota, Rank, UnitType
from publisher.rules.base import Hit, percent, rule, within_min
from publisher.rules.context import Context

CATEGORY_WORDS: dict[Category, str] = {
    Category.LIANGJIANG: "两江新区",
    Category.DISTRICT: "区",
    Category.COUNTY: "县",
    Category.MUNICIPAL_DEPARTMENT: "市级部门",
    Category.UNIVERSITY_INSTITUTE: "高等院校、科研机构",
    Category.CENTRAL_ENTERPRISE: "中央和外地在渝企业",
    Category.MUNICIPAL_SOE_GROUP: "市属国企集团",
    Category.COMMISSION: "市经济信息委",
    Category.INDUSTRY_ASSOCIATION: "工业行业社会组织",
}

DISTRICT_CATEGORIES = frozenset({Category.LIANGJIANG, Category.DISTRICT, Category.COUNTY})
"""区县 of 一(三)1, whose lists face enterprises (the 50% floor)."""
PAIRING_CATEGORIES = frozenset({Category.MUNICIPAL_DEPARTMENT, Category.UNIVERSITY_INSTITUTE})
"""一(三)2: 市级部门, and universities/institutes 参照市级部门."""
CONTROLLED_CATEGORIES = DISTRICT_CATEGORIES | PAIRING_CATEGORIES | {Category.CENTRAL_ENTERPRISE,
                                                                   Category.MUNICIPAL_SOE_GROUP}
"""一(三)1–3 ask these recommenders to 严格控制 处级干部 and enterprise heads."""
NON_ORGAN_TYPES = frozenset({UnitType.ENTERPRISE, UnitType.SOCIAL_ORG})
"""企业等非机关事业单位: every unit type that is neither an organ nor an institution."""
JUNIOR_RANKS = frozenset({Rank.SECTION, Rank.NONE})
"""科级及以下."""


@dataclass(frozen=True)
class QuotaRow:
    """What one recommender put forward against its quota (withdrawn ones count: 不予递补)."""

    recommender: str
    name: str
    category: Category | None
    quota: Quota | None
    collectives: list[Collective]
    individuals: list[Individual]

    @property
    def pairing_extra(self) -> int:
        """一(三)2: the 科级及以下 one recommended with a 处级 one does not count against the quota."""
        if self.category not in PAIRING_CATEGORIES:
            return 0
        ranks = {i.rank for i in self.individuals}
        return 1 if Rank.DIVISION in ranks and ranks & JUNIOR_RANKS else 0

    @property
    def allowed_individuals(self) -> int | None:
        return None if self.quota is None else self.quota.individuals + self.pairing_extra

    @property
    def withdrawn(self) -> int:
        return sum(1 for n in [*self.collectives, *self.individuals] if not n.is_candidate)

    @property
    def non_organ(self) -> int:
        return sum(1 for n in [*self.collectives, *self.individuals] if n.unit_type in NON_ORGAN_TYPES)

    @property
    def total(self) -> int:
        return len(self.collectives) + len(self.individuals)


def quota_rows(ctx: Context) -> list[QuotaRow]:
    """One row per recommender, in the order of recommenders.yaml, then any unknown ids."""
    order = [*ctx.dataset.recommenders, *sorted(set(ctx.by_recommender) - set(ctx.dataset.recommenders))]
    rows = []
    for rid in order:
        put = ctx.by_recommender.get(rid, [])
        category = ctx.category(rid)
        rows.append(QuotaRow(rid, ctx.recommender_name(rid), category,
                             ctx.program.quotas.get(category) if category is not None else None,
                             [n for n in put if isinstance(n, Collective)],
                             [n for n in put if isinstance(n, Individual)]))
    return rows


def _over_cap(ctx: Context, nominees: list[AnyNominee], cap: int, what: str, unit: str) -> Iterator[Hit]:
    if len(nominees) > cap:
        yield Hit(f"{ctx.commended_word}{what} {len(nominees)} {unit}，超过表彰名额上限 {cap} {unit}"
                  f"（多 {len(nominees) - cap} {unit}）", ctx.paths(nominees))


@rule("cap.collectives", section="一(二)", severity="error", title="先进集体表彰名额上限")
def cap_collectives(ctx: Context) -> Iterator[Hit]:
    """一(二): 先进集体不超过 caps.collectives 个."""
    yield from _over_cap(ctx, ctx.commended_collectives, ctx.program.caps.collectives, "先进集体", "个")


@rule("cap.individuals", section="一(二)", severity="error", title="先进个人表彰名额上限")
def cap_individuals(ctx: Context) -> Iterator[Hit]:
    """一(二): 先进个人不超过 caps.individuals 名."""
    yield from _over_cap(ctx, ctx.commended_individuals, ctx.program.caps.individuals, "先进个人", "名")


@rule("quota.recommender", section="一(三)", severity="error", title="各推荐单位推荐名额")
def quota_recommender(ctx: Context) -> Iterator[Hit]:
    """一(三): each recommender's quota by category; withdrawn nominees still use their slot (四(四) 不予递补)."""
    for row in quota_rows(ctx):
        if row.quota is None:
            continue
        for nominees, allowed, word, unit in ((row.collectives, row.quota.collectives, "集体", "个"),
                                              (row.individuals, row.allowed_individuals or 0, "个人", "名")):
            if len(nominees) > allowed:
                withdrawn = sum(1 for n in nominees if not n.is_candidate)
                extra = "（含处级干部配套推荐的科级及以下 1 名）" if word == "个人" and row.pairing_extra else ""
                note = f"，其中已撤销 {withdrawn} {unit}（撤销不腾出名额）" if withdrawn else ""
                yield Hit(f"{row.name} 推荐{word} {len(nominees)} {unit}{note}，"
                          f"超过可推荐名额 {allowed} {unit}{extra}", ctx.paths(nominees))


@rule("quota.department-division-pairing", section="一(三)2", severity="error", title="市级部门推荐处级干部须配套科级及以下")
def department_division_pairing(ctx: Context) -> Iterator[Hit]:
    """一(三)2: 确需推荐处级干部的，须同时推荐1名科级及以下干部 (universities and institutes 参照)."""
    for row in quota_rows(ctx):
        if row.category not in PAIRING_CATEGORIES:
            continue
        division = [i for i in row.individuals if i.rank is Rank.DIVISION]
        if division and not any(i.rank in JUNIOR_RANKS for i in row.individuals):
            names = "、".join(i.name for i in division)
            yield Hit(f"{row.name} 推荐了处级干部 {names}，但没有同时推荐 1 名科级及以下干部", ctx.paths(division))


@rule("share.district-non-organ", section="一(三)1", severity="warning", title="区县推荐对象中企业等非机关事业单位不低于比例")
def district_non_organ(ctx: Context) -> Iterator[Hit]:
    """一(三)1: 区县推荐对象中企业等非机关事业单位及其人员原则上不低于 district_non_organ_min%."""
    minimum = ctx.program.shares.district_non_organ_min
    for row in quota_rows(ctx):
        if row.category not in DISTRICT_CATEGORIES or row.total == 0:
            continue
        if not within_min(row.non_organ, row.total, minimum):
            organs = [n for n in [*row.collectives, *row.individuals] if n.unit_type not in NON_ORGAN_TYPES]
            yield Hit(f"{row.name} 推荐 {row.total} 个对象，其中企业等非机关事业单位及其人员 {row.non_organ} 个，"
                      f"占 {percent(row.non_organ, row.total)}，低于 {minimum}%（原则上）；"
                      f"机关事业单位及其人员 {len(organs)} 个", ctx.paths(organs))


@rule("control.leaders-recommended", section="一(三)1-3", severity="warning", title="严格控制推荐处级干部和企业主要负责人")
def leaders_recommended(ctx: Context) -> Iterator[Hit]:
    """一(三)1–3: 严格控制 处级干部 and 企业主要负责人; each one is flagged so the office can justify it."""
    for rid, nominees in ctx.by_recommender.items():
        if ctx.category(rid) not in CONTROLLED_CATEGORIES:
            continue
        for n in nominees:
            if not isinstance(n, Individual) or not n.is_candidate:
                continue
            roles = [word for flag, word in ((n.rank is Rank.DIVISION, "处级干部"), (n.enterprise_head, "企业主要负责人"))
                     if flag]
            if roles:
                yield Hit(f"{ctx.recommender_name(rid)} 推荐的 {ctx.label(n)} 是{'、'.join(roles)}：通知要求严格控制，"
                          f"请准备推荐理由", (ctx.path(n.id),))
