"""What the findings say: numbers, files and the edges of each rule that the table of cases does not show."""

from __future__ import annotations

from datetime import date

import pytest

from publisher.data.models import PriorHonour, Quota
from publisher.rules import errors_of, percent, run_rules, warnings_of, within_max, within_min

from .rules_support import (
    Window,
    collective,
    dataset,
    decision,
    findings,
    individual,
    many,
    notice,
    path,
    program,
)

D = date


# --- exact shares --------------------------------------------------------------


@pytest.mark.parametrize(("part", "total", "limit", "ok"), [(30, 150, 20, True), (31, 150, 20, False),
                                                            (15, 100, 15, True), (1, 20, 5, True), (2, 20, 5, False),
                                                            (0, 0, 5, True)])
def test_share_comparison_is_exact(part: int, total: int, limit: int, ok: bool) -> None:
    assert within_max(part, total, limit) is ok


def test_minimum_share_is_exact() -> None:
    assert within_min(6, 12, 50) and not within_min(5, 11, 50)


@pytest.mark.parametrize(("part", "total", "shown"), [(32, 150, "21.3%"), (1, 3, "33.3%"), (2, 3, "66.7%"),
                                                      (1, 8, "12.5%"), (30, 150, "20.0%"), (0, 0, "0.0%")])
def test_percent_has_one_decimal_rounded_half_up(part: int, total: int, shown: str) -> None:
    assert percent(part, total) == shown


def test_division_share_message_names_numbers_and_files() -> None:
    division = many(individual, 32, rank="division")
    (found,) = findings([*division, *many(individual, 118)], "share.division-level")
    assert "处级干部 32 名，占拟表彰个人 150 名的 21.3%，超过 20%" in found.message
    assert found.files == tuple(sorted(path(n) for n in division))


# --- who counts ---------------------------------------------------------------


def test_after_the_decision_only_commended_count() -> None:
    people = [*many(collective, 101), collective(status="commended")]
    assert findings(people, "cap.collectives") == []
    (found,) = findings(many(collective, 101, status="commended"), "cap.collectives")
    assert found.message.startswith("已表彰先进集体 101 个，超过表彰名额上限 100 个")


def test_caps_come_from_program_yaml() -> None:
    small = program(caps=Quota(collectives=2, individuals=150))
    assert findings(many(collective, 3), "cap.collectives", prog=small)
    assert not findings(many(collective, 3), "cap.collectives")


def test_withdrawn_nominees_keep_their_quota_slot() -> None:
    put = [*many(collective, 4, recommender="wanzhou"), collective(recommender="wanzhou", status="withdrawn")]
    (found,) = findings(put, "quota.recommender")
    assert "推荐集体 5 个，其中已撤销 1 个" in found.message and "超过可推荐名额 4 个" in found.message
    assert len(found.files) == 5


@pytest.mark.parametrize(("recommender", "collectives", "individuals"), [
    ("liangjiang", 8, 12), ("gaoxin", 4, 8), ("chengkou", 3, 3), ("dept-kjj", 1, 1), ("uni-cqu", 1, 1),
    ("ce-changan", 1, 1), ("soe-jidian", 1, 1), ("industry-assoc", 3, 4)])
def test_quota_of_each_category(recommender: str, collectives: int, individuals: int) -> None:
    full = [*many(collective, collectives, recommender=recommender),
            *many(individual, individuals, recommender=recommender)]
    assert findings(full, "quota.recommender") == []
    over_c = findings([*full, collective(recommender=recommender)], "quota.recommender")
    over_i = findings([*full, individual(recommender=recommender)], "quota.recommender")
    assert len(over_c) == len(over_i) == 1
    assert "推荐集体" in over_c[0].message and "推荐个人" in over_i[0].message


def test_commission_has_no_fixed_quota() -> None:
    assert findings(many(individual, 40, recommender="commission"), "quota.recommender") == []


def test_division_pairing_extra_does_not_break_the_quota() -> None:
    pair = [individual(recommender="dept-kjj", rank="division"), individual(recommender="dept-kjj", rank="none")]
    assert findings(pair, "quota.recommender") == []
    (found,) = findings([*pair, individual(recommender="dept-kjj")], "quota.recommender")
    assert "超过可推荐名额 2 名（含处级干部配套推荐的科级及以下 1 名）" in found.message
    two_juniors = many(individual, 2, recommender="dept-kjj")
    assert findings(two_juniors, "quota.recommender")


def test_pairing_applies_to_universities_not_districts() -> None:
    assert findings([individual(recommender="uni-cqu", rank="division")], "quota.department-division-pairing")
    assert not findings([individual(recommender="wanzhou", rank="division")], "quota.department-division-pairing")


def test_district_non_organ_names_the_organ_files() -> None:
    organs = many(collective, 2, recommender="chengkou", unit_type="institution")
    (found,) = findings([*organs, individual(recommender="chengkou")], "share.district-non-organ")
    assert "城口县 推荐 3 个对象，其中企业等非机关事业单位及其人员 1 个，占 33.3%，低于 50%" in found.message
    assert set(found.files) == {path(n) for n in organs}


def test_leaders_enterprise_heads_flagged_each_but_not_for_the_commission() -> None:
    head = individual(recommender="soe-jidian", enterprise_head=True, rank="none")
    (found,) = findings([head], "control.leaders-recommended")
    assert "企业主要负责人" in found.message and found.files == (path(head),)
    assert not findings([individual(recommender="commission", rank="division")], "control.leaders-recommended")
    assert not findings([individual(recommender="wanzhou", rank="division", status="withdrawn")],
                        "control.leaders-recommended")


# --- eligibility and texts ---------------------------------------------------------


def test_city_managed_cadres_are_not_eligible() -> None:
    (found,) = findings([individual(city_managed=True)], "eligibility.rank")
    assert "市管干部" in found.message


def test_withdrawn_nominees_are_not_checked_for_eligibility() -> None:
    assert not findings([individual(rank="bureau", status="withdrawn")], "eligibility.rank")


@pytest.mark.parametrize(("level", "year", "barred"), [
    ("provincial", 1999, True), ("national", 2010, True), ("econ-system", 2021, True), ("econ-system", 2026, True),
    ("econ-system", 2020, False), ("other", 2025, False)])
def test_prior_honours(level: str, year: int, barred: bool) -> None:
    honours = [PriorHonour(title="劳动模范", year=year, level=level)]
    assert bool(findings([collective(prior_honours=honours)], "eligibility.prior-honour")) is barred
    assert not findings([collective(prior_honours=honours, new_major_contribution="主导新产线投产")],
                        "eligibility.prior-honour")


def test_text_length_ignores_line_breaks_and_spaces() -> None:
    assert not findings([collective(summary="字" * 250 + "\n  " + "字" * 250)], "text.summary-length")
    (found,) = findings([collective(summary="字" * 501)], "text.summary-length")
    assert "501 字，超过 500 字（多 1 字）" in found.message


@pytest.mark.parametrize(("recommender", "length", "severity"), [
    ("soe-jidian", 1500, None), ("soe-jidian", 1650, "warning"), ("soe-jidian", 1651, "error"),
    ("ce-changan", 1600, "warning"), ("dept-kjj", 1501, "error")])
def test_deeds_around_1500_for_enterprises(recommender: str, length: int, severity: str | None) -> None:
    found = findings([collective(recommender=recommender, deeds="字" * length)], "text.deeds-length")
    assert [f.severity for f in found] == ([severity] if severity else [])


# --- same unit ----------------------------------------------------------------------


def test_collective_and_leader_names_both_files() -> None:
    group, leader = collective(unit="甲公司"), individual(unit=" 甲公司", unit_leader=True)
    (found,) = findings([group, leader], "same-unit.collective-and-leader")
    assert set(found.files) == {path(group), path(leader)}


def test_same_unit_findings_come_in_the_order_units_first_appear() -> None:
    """By id, as every list of findings: a unit whose leader's file sorts first is reported first."""
    people = [individual(id="a-leader-yi", unit="乙公司", unit_leader=True), collective(id="b-jia", unit="甲公司"),
              individual(id="c-leader-jia", unit="甲公司", unit_leader=True), collective(id="d-yi", unit="乙公司"),
              individual(id="e-alone", unit="丙公司", unit_leader=True)]
    found = findings(people, "same-unit.collective-and-leader")
    assert [f.message.split(" ")[0] for f in found] == ["乙公司", "甲公司"]


def test_same_office_by_collective_name() -> None:
    office = collective(unit="甲公司", name="甲公司质量部")
    assert findings([office, individual(unit="甲公司", office="甲公司质量部")], "same-unit.same-office")
    assert not findings([office, individual(unit="乙公司", office="甲公司质量部")], "same-unit.same-office")
    assert not findings([collective(unit="甲公司"), individual(unit="甲公司")], "same-unit.same-office")


def test_district_econ_dept_says_whether_a_leader() -> None:
    leader = individual(unit_type="district-econ-dept", unit_leader=True)
    staff = individual(unit_type="district-econ-dept", rank="section")
    messages = [f.message for f in findings([leader, staff], "control.district-econ-dept")]
    assert len(messages) == 2
    assert any("属单位领导" in m for m in messages) and any("不是单位领导" in m for m in messages)


# --- process ----------------------------------------------------------------------


def test_backfill_names_nominee_and_notice() -> None:
    a, late = individual(), individual(status="commended")
    city = notice("2026-city", "city", [a], D(2026, 9, 1))
    (found,) = findings([a, late], "process.no-backfill", notices=[city])
    assert found.files == (path(late), "data/notices/2026-city.yaml")


def test_a_later_city_notice_cannot_add_names() -> None:
    a, b = individual(), individual(status="recommended")
    first, second = notice("c1", "city", [a], D(2026, 9, 1)), notice("c2", "city", [a, b], D(2026, 9, 10))
    (found,) = findings([a, b], "process.no-backfill", notices=[first, second])
    assert "c2" in found.files[0] and path(b) in found.files


def test_no_city_notice_no_backfill_rule() -> None:
    assert not findings([individual()], "process.no-backfill")


def _city(a: object) -> dict[str, object]:
    return {"notices": [notice("city", "city", [a], D(2026, 9, 1))],
            "windows": {"city": Window(D(2026, 9, 1), D(2026, 9, 7))}}


def test_decision_must_follow_the_city_window() -> None:
    a = individual(status="commended")
    (found,) = findings([a], "process.stage-order", decided=decision(D(2026, 9, 7)), **_city(a))
    assert found.files == ("data/decision.yaml", "data/notices/city.yaml")
    assert not findings([a], "process.stage-order", decided=decision(D(2026, 9, 8)), **_city(a))


def test_stage_order_falls_back_to_written_end_dates() -> None:
    a = individual()
    unit = notice("unit", "unit", [a], D(2026, 6, 24), end=D(2026, 6, 30))
    district = notice("district", "district", [a], D(2026, 6, 29), end=D(2026, 7, 3))
    (found,) = findings([a], "process.stage-order", notices=[unit, district])
    assert "本单位公示" in found.message and found.files == ("data/notices/unit.yaml", "data/notices/district.yaml")


def test_stage_order_only_compares_notices_sharing_nominees() -> None:
    a, b = individual(), individual()
    notices = [notice("unit-a", "unit", [a], D(2026, 6, 24)), notice("district-b", "district", [b], D(2026, 6, 25))]
    windows = {"unit-a": Window(D(2026, 6, 24), D(2026, 6, 30)), "district-b": Window(D(2026, 6, 25), D(2026, 7, 1))}
    assert not findings([a, b], "process.stage-order", notices=notices, windows=windows)


def test_unit_to_city_checked_when_no_district_stage() -> None:
    a = individual()
    notices = [notice("unit", "unit", [a], D(2026, 8, 28)), notice("city", "city", [a], D(2026, 9, 1))]
    windows = {"unit": Window(D(2026, 8, 28), D(2026, 9, 3)), "city": Window(D(2026, 9, 1), D(2026, 9, 7))}
    assert findings([a], "process.stage-order", notices=notices, windows=windows)


# --- the registry ---------------------------------------------------------------------


def test_errors_and_warnings_split() -> None:
    found = run_rules(dataset([individual(rank="bureau", recommender="wanzhou", unit_type="institution")]))
    assert {f.rule for f in errors_of(found)} == {"eligibility.rank"}
    assert {f.rule for f in warnings_of(found)} == {"share.district-non-organ"}


def test_stage_order_reads_the_calendar_windows() -> None:
    from publisher.data.workdays import Window as CalendarWindow

    a = individual()
    notices = [notice("unit", "unit", [a], D(2026, 6, 24)), notice("district", "district", [a], D(2026, 6, 30))]
    windows = {"unit": CalendarWindow(D(2026, 6, 24), D(2026, 6, 30), ()),
               "district": CalendarWindow(D(2026, 6, 30), D(2026, 7, 6), ())}
    assert findings([a], "process.stage-order", notices=notices, windows=windows)
