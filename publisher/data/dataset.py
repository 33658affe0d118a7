"""The whole ``data/`` folder as one validated value.

Later stages (rules, pages, feeds) take a :class:`Dataset` and never touch files,
so data flows one way: files → models → rules → site.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from publisher.data.loading import (
    LoadedNominee,
    LoadedNotice,
    data_files,
    load_all,
    load_contacts,
    load_decision,
    load_nominee,
    load_notice,
    load_program,
    load_recommenders,
)
from publisher.data.models import Collective, Contact, Decision, Individual, Notice, Program, Recommender, Status
from publisher.data.plaintext import comparable
from publisher.data.symlinks import link_problems
from publisher.data.workdays import Window, WorkCalendar, notice_windows
from publisher.data.yaml_reader import YamlDoc
from publisher.errors import DataError, Problem, display_path

AnyNominee = Collective | Individual
T = TypeVar("T")


@dataclass
class Dataset:
    root: Path
    program: Program
    recommenders: dict[str, Recommender]
    """In the order of recommenders.yaml, which is the order lists are published in."""
    contacts: dict[str, Contact]
    nominees: dict[str, AnyNominee]
    """By id, sorted by id so that every run sees the same order."""
    notices: dict[str, Notice] = field(default_factory=dict)
    """By publication date, then id."""
    notice_docs: dict[str, YamlDoc] = field(default_factory=dict)
    """Lines of each notice file, for checks that point into it (calendar, rules)."""
    decision: Decision | None = None
    calendar: WorkCalendar | None = None
    windows: dict[str, Window] = field(default_factory=dict)
    """Notice id → its 公示期, computed once with the official holiday schedule."""

    def nominee_path(self, nominee_id: str) -> str:
        return display_path(self.root / "nominees" / f"{nominee_id}.yaml")

    def by_status(self) -> Counter[tuple[str, str]]:
        return Counter((n.kind, n.status.value) for n in self.nominees.values())

    def candidates(self) -> list[AnyNominee]:
        return [n for n in self.nominees.values() if n.status is not Status.WITHDRAWN]


def _required(root: Path, name: str) -> Path:
    path = root / name
    if not path.is_file():
        raise DataError([Problem(display_path(path), 0, "", f"缺少 {name}：数据文件夹里必须有这个文件。")])
    return path


def _cross_checks(root: Path, loaded: list[LoadedNominee], recommenders: dict[str, Recommender]) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str, str], str] = {}

    def shown(nominee_id: str) -> str:
        """Only for files named in a problem: resolving a path costs 0.1 ms, a second over 10,000 files."""
        return display_path(root / "nominees" / f"{nominee_id}.yaml")

    for item in loaded:
        n = item.nominee
        if recommenders and n.recommender not in recommenders:
            problems.append(Problem(shown(n.id), item.lines["recommender"], "recommender",
                                    f"推荐单位“{n.recommender}”不在 recommenders.yaml 里，请检查拼写或先添加该推荐单位。"))
        key = (n.kind, comparable(n.name), comparable(n.unit))  # 王芳 and 王 芳 are one person
        if key in seen:
            problems.append(Problem(shown(n.id), item.lines["name"], "name",
                                    f"与 {shown(seen[key])} 重复（同一类别、同名、同单位），同一对象只能有一个文件。"))
        else:
            seen[key] = n.id
    return problems


def _notice_checks(loaded: list[LoadedNotice], nominees: set[str], contacts: set[str],
                   recommenders: set[str]) -> list[Problem]:
    problems = []
    for item in loaded:
        n, doc = item.notice, item.doc
        shown = display_path(doc.path)
        for i, nominee_id in enumerate(n.nominees):
            if nominee_id not in nominees:
                problems.append(Problem(shown, doc.line_of(("nominees", i)), f"nominees[{i + 1}]",
                                        f"没有编号为“{nominee_id}”的推荐对象（data/nominees/{nominee_id}.yaml 不存在）。"))
        listed: set[str] = set()
        for i, twice in enumerate(n.nominees):
            if twice in listed:
                problems.append(Problem(shown, doc.line_of(("nominees", i)), f"nominees[{i + 1}]",
                                        f"“{twice}”在名单里出现了两次。"))
            listed.add(twice)
        for i, contact_id in enumerate(n.contacts):
            if contact_id not in contacts:
                problems.append(Problem(shown, doc.line_of(("contacts", i)), f"contacts[{i + 1}]",
                                        f"contacts.yaml 里没有编号为“{contact_id}”的联系方式。"))
        if n.recommender and n.recommender not in recommenders:
            problems.append(Problem(shown, doc.line_of(("recommender",)), "recommender",
                                    f"推荐单位“{n.recommender}”不在 recommenders.yaml 里。"))
    return problems


def _attempt(problems: list[Problem], load: Callable[..., T], *args: Any) -> T | None:
    """``load(*args)``, or None with its problems added to ``problems``: every file is read, whatever fails."""
    try:
        return load(*args)
    except DataError as exc:
        problems.extend(exc.problems)
        return None


def load_dataset(root: Path) -> Dataset:
    """Load and validate everything under ``root``; raise :class:`DataError` listing every problem."""
    problems: list[Problem] = link_problems(root)
    program = _attempt(problems, lambda: load_program(_required(root, "program.yaml")))
    recommenders = _attempt(problems, lambda: load_recommenders(_required(root, "recommenders.yaml"))) or {}
    contacts = _attempt(problems, lambda: load_contacts(_required(root, "contacts.yaml"))) or {}
    paths, stray = data_files(root / "nominees")
    problems.extend(stray)
    loaded, bad = load_all(paths, load_nominee)
    problems.extend(bad)
    problems.extend(_cross_checks(root, loaded, recommenders))
    notices, calendar, windows, decision = _the_rest(root, program, paths, contacts, recommenders, problems)
    if problems or program is None:
        raise DataError(problems)
    ids = [item.nominee.id for item in loaded]
    if any(a >= b for a, b in pairwise(ids)):  # file-name order is id order, except beside a .yml file
        loaded = sorted(loaded, key=lambda i: i.nominee.id)
    nominees = {item.nominee.id: item.nominee for item in loaded}
    notices.sort(key=lambda i: (i.notice.published_on, i.notice.id))
    return Dataset(root=root, program=program, recommenders=recommenders, contacts=contacts, nominees=nominees,
                   notices={i.notice.id: i.notice for i in notices}, notice_docs={i.notice.id: i.doc for i in notices},
                   decision=decision, calendar=calendar, windows=windows)


def _the_rest(root: Path, program: Program | None, nominee_paths: list[Path], contacts: dict[str, Contact],
              recommenders: dict[str, Recommender],
              problems: list[Problem]) -> tuple[list[LoadedNotice], WorkCalendar | None, dict[str, Window],
                                                Decision | None]:
    """Notices (checked against the nominee files found), the decision, the calendar and the 公示 windows."""
    notice_paths, stray = data_files(root / "notices")
    problems.extend(stray)
    notices, bad = load_all(notice_paths, load_notice)
    problems.extend(bad)
    # Every file found counts as existing, even one with problems of its own: those are reported there.
    found = {name[:name.rfind(".")] for name in (p.name for p in nominee_paths)}
    problems.extend(_notice_checks(notices, found, set(contacts), set(recommenders)))
    decision_path = root / "decision.yaml"
    decision = _attempt(problems, lambda: load_decision(decision_path)) if decision_path.exists() else None
    calendar = _attempt(problems, WorkCalendar.load, root / "calendar")
    windows: dict[str, Window] = {}
    if calendar is not None and program is not None:
        windows, bad = notice_windows(calendar, {i.notice.id: i.notice for i in notices},
                                      {i.notice.id: i.doc for i in notices}, program.publicity_working_days)
        problems.extend(bad)
    return notices, calendar, windows, decision
