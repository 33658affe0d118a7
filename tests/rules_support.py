"""Small factories for rule tests: a Dataset built in Python, a few nominees at a time.

The program's numbers are read from the real ``data/program.yaml`` so that the
tests pin the notice's numbers where the office keeps them; ``program(...)``
overrides any of them for a test that needs a smaller cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

from publisher.data.dataset import AnyNominee, Dataset
from publisher.data.loading import load_program
from publisher.data.models import Collective, Decision, Individual, Notice, Program, Recommender
from publisher.rules import Finding, run_rules

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = load_program(ROOT / "data" / "program.yaml")
DATA = Path("data")
"""Relative, so display paths read ``data/nominees/<id>.yaml`` whatever the working folder."""

RECOMMENDERS = {r.id: r for r in [
    Recommender(id="liangjiang", name="两江新区", category="liangjiang"),
    Recommender(id="wanzhou", name="万州区", category="district"),
    Recommender(id="gaoxin", name="西部科学城重庆高新区", category="district"),
    Recommender(id="chengkou", name="城口县", category="county"),
    Recommender(id="dept-kjj", name="重庆市科学技术局", category="municipal-department"),
    Recommender(id="uni-cqu", name="重庆大学", category="university-institute"),
    Recommender(id="ce-changan", name="中国长安汽车集团有限公司", category="central-enterprise"),
    Recommender(id="soe-jidian", name="重庆机电控股（集团）公司", category="municipal-soe-group"),
    Recommender(id="commission", name="重庆市经济和信息化委员会", category="commission"),
    Recommender(id="industry-assoc", name="重庆市工业行业社会组织综合党委", category="industry-association"),
]}

_serial = count(1)


def program(**changes: Any) -> Program:
    """The real program, with some fields replaced (nested models replaced whole)."""
    data = PROGRAM.model_dump()
    data.update(changes)
    return Program.model_validate(data)


def _common(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    n = next(_serial)
    base = {"id": f"{kind[0]}{n:05d}", "kind": kind, "name": f"{'集体' if kind == 'collective' else '个人'}{n}",
            "recommender": "commission", "unit": f"单位{n}", "unit_type": "enterprise",
            "summary": "简要事迹。", "deeds": "事迹材料。", "submitted_on": date(2026, 7, 1), "status": "shortlisted"}
    base.update(fields)
    if base["status"] == "withdrawn":
        base.setdefault("withdrawn_reason", "经核实不宜表彰")
    return base


def collective(**fields: Any) -> Collective:
    """A shortlisted enterprise collective recommended by the commission (no fixed quota), unless told otherwise."""
    return Collective.model_validate(_common("collective", fields))


def individual(**fields: Any) -> Individual:
    """A shortlisted 科级 enterprise employee with 10 years in manufacturing, unless told otherwise."""
    data = {"position": "工程师", "gender": "男", "ethnicity": "汉族", "political_status": "中共党员",
            "born": "1985-06", "industry_years": 10, "rank": "section"}
    data.update(fields)
    return Individual.model_validate(_common("individual", data))


def many(factory: Any, n: int, **fields: Any) -> list[AnyNominee]:
    return [factory(**fields) for _ in range(n)]


def notice(nid: str, stage: str, nominees: list[AnyNominee], published_on: date, **fields: Any) -> Notice:
    return Notice(id=nid, title=f"{nid} 公示", stage=stage, issued_by=["重庆市经济和信息化委员会"],
                  published_on=published_on, nominees=[n.id for n in nominees], contacts=["jxw-ganbu"], **fields)


def decision(issued_on: date) -> Decision:
    return Decision(title="关于表彰制造强市先进集体和先进个人的决定", document_number="渝经信〔2026〕1号",
                    issued_by=["重庆市经济和信息化委员会"], issued_on=issued_on, preamble="前言", closing="结语")


@dataclass(frozen=True)
class Window:
    """Stands in for the calendar's window until ``dataset.windows`` lands: the rule reads only start and end."""

    start: date
    end: date


def dataset(nominees: list[AnyNominee], *, prog: Program | None = None, notices: list[Notice] = (),
            decided: Decision | None = None, windows: dict[str, Window] | None = None) -> Dataset:
    ds = Dataset(root=DATA, program=prog or PROGRAM, recommenders=dict(RECOMMENDERS), contacts={},
                 nominees={n.id: n for n in sorted(nominees, key=lambda n: n.id)},
                 notices={n.id: n for n in sorted(notices, key=lambda n: (n.published_on, n.id))}, decision=decided)
    if windows is not None:
        ds.windows = windows  # type: ignore[attr-defined]
    return ds


def findings(nominees: list[AnyNominee], rule_id: str, **kwargs: Any) -> list[Finding]:
    """The findings of one rule over a small data set."""
    return [f for f in run_rules(dataset(nominees, **kwargs)) if f.rule == rule_id]


def path(n: AnyNominee) -> str:
    return f"data/nominees/{n.id}.yaml"


def write_data(folder: Path, nominees: list[AnyNominee]) -> Path:
    """A data folder on disk (the real program.yaml, the test recommenders) for CLI tests."""
    import shutil

    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "data" / "program.yaml", folder / "program.yaml")
    shutil.copy(ROOT / "data" / "contacts.yaml", folder / "contacts.yaml")
    recommenders = [r.model_dump(mode="json") for r in RECOMMENDERS.values()]
    (folder / "recommenders.yaml").write_text(yaml.safe_dump({"recommenders": recommenders}, allow_unicode=True),
                                              encoding="utf-8")
    (folder / "nominees").mkdir(exist_ok=True)
    for n in nominees:
        data = n.model_dump(mode="json", exclude={"id"}, exclude_defaults=True)
        data["kind"] = n.kind
        (folder / "nominees" / f"{n.id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder
