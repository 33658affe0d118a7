"""Every rule, just inside its limit (no finding) and just outside it (the finding, with its id and severity)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from publisher.data.models import PriorHonour
from publisher.rules import RULES

from .rules_support import Window, collective, decision, findings, individual, many, notice, program

D = date


@dataclass(frozen=True)
class Case:
    rule: str
    severity: str
    inside: Callable[[], dict[str, Any]]
    outside: Callable[[], dict[str, Any]]


def nominees(*groups: Any) -> dict[str, Any]:
    flat: list[Any] = []
    for g in groups:
        flat.extend(g if isinstance(g, list) else [g])
    return {"nominees": flat}


def honour(level: str, year: int) -> list[PriorHonour]:
    return [PriorHonour(title="先进工作者", year=year, level=level)]


def _process(city_list_ids: str, statuses: dict[str, str]) -> dict[str, Any]:
    people = {key: individual(status=status) for key, status in statuses.items()}
    city = notice("city", "city", [people[k] for k in city_list_ids], D(2026, 9, 1))
    return {"nominees": list(people.values()), "notices": [city]}


def _stages(district_start: D, decided_on: D) -> dict[str, Any]:
    a = individual()
    notices = [notice("unit", "unit", [a], D(2026, 6, 24)), notice("district", "district", [a], district_start),
               notice("city", "city", [a], D(2026, 9, 1))]
    windows = {"unit": Window(D(2026, 6, 24), D(2026, 6, 30)), "district": Window(district_start, D(2026, 7, 20)),
               "city": Window(D(2026, 9, 1), D(2026, 9, 7))}
    return {"nominees": [a], "notices": notices, "windows": windows, "decided": decision(decided_on)}


CASES = [
    Case("cap.collectives", "error", lambda: nominees(many(collective, 100)), lambda: nominees(many(collective, 101))),
    Case("cap.individuals", "error", lambda: nominees(many(individual, 150)), lambda: nominees(many(individual, 151))),
    Case("quota.recommender", "error",
         lambda: nominees(many(collective, 4, recommender="wanzhou"), many(individual, 8, recommender="wanzhou")),
         lambda: nominees(many(collective, 5, recommender="wanzhou"), many(individual, 8, recommender="wanzhou"))),
    Case("quota.department-division-pairing", "error",
         lambda: nominees(individual(recommender="dept-kjj", rank="division"),
                          individual(recommender="dept-kjj", rank="section")),
         lambda: nominees(individual(recommender="dept-kjj", rank="division"))),
    Case("share.district-non-organ", "warning",
         lambda: nominees(many(collective, 2, recommender="wanzhou"),
                          many(collective, 2, recommender="wanzhou", unit_type="institution")),
         lambda: nominees(many(collective, 1, recommender="wanzhou"),
                          many(collective, 2, recommender="wanzhou", unit_type="other-organ"))),
    Case("control.leaders-recommended", "warning",
         lambda: nominees(individual(recommender="wanzhou", rank="section")),
         lambda: nominees(individual(recommender="wanzhou", rank="division"))),
    Case("eligibility.rank", "error", lambda: nominees(individual(rank="division")),
         lambda: nominees(individual(rank="bureau"))),
    Case("eligibility.industry-years", "error", lambda: nominees(individual(industry_years=3)),
         lambda: nominees(individual(industry_years=2.9))),
    Case("eligibility.prior-honour", "error", lambda: nominees(individual(prior_honours=honour("econ-system", 2020))),
         lambda: nominees(individual(prior_honours=honour("econ-system", 2021)))),
    Case("text.summary-length", "error", lambda: nominees(collective(summary="字" * 500)),
         lambda: nominees(collective(summary="字" * 501))),
    Case("text.deeds-length", "error", lambda: nominees(collective(deeds="字" * 1500)),
         lambda: nominees(collective(deeds="字" * 1501))),
    Case("deadline.submission", "error", lambda: nominees(collective(submitted_on=D(2026, 7, 3))),
         lambda: nominees(collective(submitted_on=D(2026, 7, 4)))),
    Case("share.division-level", "warning",
         lambda: nominees(many(individual, 30, rank="division"), many(individual, 120)),
         lambda: nominees(many(individual, 31, rank="division"), many(individual, 119))),
    Case("share.municipal-organs", "warning",
         lambda: nominees(many(collective, 15, unit_type="municipal-organ"), many(collective, 45), many(individual, 40)),
         lambda: nominees(many(collective, 16, unit_type="municipal-organ"), many(collective, 44), many(individual, 40))),
    Case("share.commission", "warning",
         lambda: nominees(many(individual, 5, unit_type="commission"), many(collective, 95)),
         lambda: nominees(many(individual, 6, unit_type="commission"), many(collective, 94))),
    Case("share.enterprise-heads", "warning",
         lambda: nominees(many(individual, 15, enterprise_head=True), many(individual, 85)),
         lambda: nominees(many(individual, 16, enterprise_head=True), many(individual, 84))),
    Case("control.district-econ-dept", "warning", lambda: nominees(collective(unit_type="other-organ")),
         lambda: nominees(collective(unit_type="district-econ-dept"))),
    Case("same-unit.collective-and-leader", "error",
         lambda: nominees(collective(unit="甲公司"), individual(unit="甲公司"), individual(unit="乙公司", unit_leader=True)),
         lambda: nominees(collective(unit="甲公司"), individual(unit="甲公司", unit_leader=True))),
    Case("same-unit.same-office", "warning",
         lambda: nominees(collective(unit="甲公司", office="质量部"), individual(unit="甲公司", office="研发部")),
         lambda: nominees(collective(unit="甲公司", office="质量部"), individual(unit="甲公司", office="质量部"))),
    Case("process.no-backfill", "error",
         lambda: _process("ab", {"a": "shortlisted", "b": "withdrawn", "c": "recommended"}),
         lambda: _process("ab", {"a": "shortlisted", "b": "withdrawn", "c": "shortlisted"})),
    Case("process.stage-order", "error", lambda: _stages(D(2026, 7, 1), D(2026, 9, 8)),
         lambda: _stages(D(2026, 6, 30), D(2026, 9, 8))),
    Case("site.identity-missing", "warning", lambda: nominees(collective()),
         lambda: {**nominees(collective()), "prog": program(website={"sponsor": "演示局", "icp": "渝ICP备00000000号-1"})}),
]


def test_every_rule_has_a_case() -> None:
    assert sorted(c.rule for c in CASES) == sorted(RULES)


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_just_inside_the_limit_finds_nothing(case: Case) -> None:
    assert findings(rule_id=case.rule, **case.inside()) == []


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_just_outside_the_limit_is_found(case: Case) -> None:
    found = findings(rule_id=case.rule, **case.outside())
    assert found, case.rule
    assert {f.severity for f in found} == {case.severity}
    assert all(f.files and f.message for f in found)
