"""Rules of notice section 五(二) 坚持面向基层: shares of the commended list and the same-unit limits.

Shares are counted on the commended list (before the decision: the proposed,
shortlisted list) and compared in integers, so 30 of 150 is within 20% and 31
is not, whatever floats would say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from publisher.data.dataset import AnyNominee
from publisher.data.models import Collective, Individual, Rank, UnitType
from publisher.data.plaintext import comparable
from publisher.rules.base import Hit, percent, rule, within_max
from publisher.rules.context import Context


@dataclass(frozen=True)
class ShareRow:
    """One share of 五(二) with its limit; also what the compliance report charts."""

    rule: str
    what: str
    base: str
    part: list[AnyNominee]
    total: int
    limit: int

    @property
    def within(self) -> bool:
        return within_max(len(self.part), self.total, self.limit)

    @property
    def percent(self) -> str:
        return percent(len(self.part), self.total)


def _individual_share(ctx: Context, rule_id: str, what: str, limit: int,
                      test: Callable[[Individual], bool]) -> ShareRow:
    people = ctx.commended_individuals
    return ShareRow(rule_id, what, f"{ctx.commended_word}个人", [i for i in people if test(i)], len(people), limit)


def _unit_share(ctx: Context, rule_id: str, what: str, limit: int, unit_type: UnitType) -> ShareRow:
    return ShareRow(rule_id, what, f"{ctx.commended_word}总数（集体+个人）",
                    [n for n in ctx.commended if n.unit_type is unit_type], len(ctx.commended), limit)


def share_rows(ctx: Context) -> list[ShareRow]:
    """The four shares of 五(二), limits from program.yaml's ``shares``."""
    shares = ctx.program.shares
    return [
        _individual_share(ctx, "share.division-level", "处级干部", shares.division_level,
                          lambda i: i.rank is Rank.DIVISION),
        _unit_share(ctx, "share.municipal-organs", "市级机关内设机构及工作人员", shares.municipal_organs,
                    UnitType.MUNICIPAL_ORGAN),
        _unit_share(ctx, "share.commission", "市经济信息委内设机构及工作人员", shares.commission, UnitType.COMMISSION),
        _individual_share(ctx, "share.enterprise-heads", "企业负责人", shares.enterprise_heads,
                          lambda i: i.enterprise_head),
    ]


def _share_hits(ctx: Context, rule_id: str) -> Iterator[Hit]:
    row = next(r for r in share_rows(ctx) if r.rule == rule_id)
    if row.total and not row.within:
        unit = "名" if row.base.endswith("个人") else "个"
        yield Hit(f"{row.what} {len(row.part)} {unit}，占{row.base} {row.total} {unit}的 {row.percent}，"
                  f"超过 {row.limit}%（原则上）", ctx.paths(row.part))


@rule("share.division-level", section="五(二)", severity="warning", title="处级干部不超过先进个人总数的比例")
def division_level(ctx: Context) -> Iterator[Hit]:
    """五(二): 处级干部表彰数量原则上不超过先进个人表彰总数的 20%."""
    yield from _share_hits(ctx, "share.division-level")


@rule("share.municipal-organs", section="五(二)", severity="warning", title="市级机关内设机构及工作人员不超过表彰总数的比例")
def municipal_organs(ctx: Context) -> Iterator[Hit]:
    """五(二): 市级机关内设机构及工作人员原则上不超过表彰总数的 15%."""
    yield from _share_hits(ctx, "share.municipal-organs")


@rule("share.commission", section="五(二)", severity="warning", title="市经济信息委内设机构及工作人员不超过表彰总数的比例")
def commission(ctx: Context) -> Iterator[Hit]:
    """五(二): 市经济信息委内设机构及工作人员原则上不超过表彰总数的 5%."""
    yield from _share_hits(ctx, "share.commission")


@rule("share.enterprise-heads", section="五(二)", severity="warning", title="企业负责人不超过先进个人总数的比例")
def enterprise_heads(ctx: Context) -> Iterator[Hit]:
    """五(二): 企业负责人表彰数量原则上不超过先进个人表彰总数的 15%."""
    yield from _share_hits(ctx, "share.enterprise-heads")


@rule("control.district-econ-dept", section="五(二)", severity="warning", title="严格控制区县经信部门及其领导")
def district_econ_dept(ctx: Context) -> Iterator[Hit]:
    """五(二): 严格控制区县经信部门作为先进集体及其“一把手”和领导班子成员作为先进个人; every one is flagged."""
    for n in ctx.candidates:
        if n.unit_type is not UnitType.DISTRICT_ECON_DEPT:
            continue
        if isinstance(n, Collective):
            yield Hit(f"区县经信部门 {n.name} 作为先进集体推荐：通知要求严格控制，请准备推荐理由", (ctx.path(n.id),))
            continue
        leader = n.unit_leader or n.rank in (Rank.DIVISION, Rank.BUREAU)
        role = "，属单位领导（一把手或班子成员）" if leader else "，不是单位领导"
        yield Hit(f"区县经信部门人员 {ctx.label(n)}{role}：通知要求严格控制区县经信部门领导作为先进个人，请核实",
                  (ctx.path(n.id),))


@rule("same-unit.collective-and-leader", section="五(二)", severity="error", title="已推荐先进集体的，不再推荐该集体领导")
def collective_and_leader(ctx: Context) -> Iterator[Hit]:
    """五(二): 同一单位内，已推荐参评先进集体的，不再推荐该集体领导（含班子成员）为先进个人."""
    for group in ctx.candidates_by_unit.values():
        if not group.collectives:
            continue
        for person in group.individuals:
            if person.unit_leader:
                names = "、".join(c.name for c in group.collectives)
                yield Hit(f"{group.unit} 已推荐先进集体 {names}，又推荐该单位领导 {person.name} 为先进个人",
                          (*ctx.paths(group.collectives), ctx.path(person.id)))


def _same_office(collective: Collective, person: Individual) -> bool:
    if not person.office:
        return False
    return comparable(person.office) in (comparable(collective.office or ""), comparable(collective.name))


@rule("same-unit.same-office", section="五(二)", severity="warning", title="先进集体和先进个人不集中在同一处（科）室")
def same_office(ctx: Context) -> Iterator[Hit]:
    """五(二): 推荐的先进集体和先进个人原则上不能集中在同一个处（科）室."""
    for group in ctx.candidates_by_unit.values():
        for collective in group.collectives:
            for person in group.individuals:
                if _same_office(collective, person):
                    yield Hit(f"{group.unit} 的先进集体 {collective.name} 和先进个人 {person.name} 同在 {person.office}"
                              f"（原则上不能集中在同一个处（科）室）", (ctx.path(collective.id), ctx.path(person.id)))
