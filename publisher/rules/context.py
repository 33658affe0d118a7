"""Everything the rules look at, computed once per check.

Rules run over up to ten thousand nominees; grouping them once here (by
recommender, by unit, commended or not) keeps each rule a single pass, so the
whole check stays well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from publisher.data.dataset import AnyNominee, Dataset
from publisher.data.models import Category, Collective, Individual, Program, Status
from publisher.data.plaintext import comparable
from publisher.errors import display_path


@dataclass
class UnitGroup:
    """The candidates of one 单位 (compared by :func:`~publisher.data.plaintext.comparable` ``unit`` text), for the
    same-unit rules of 五(二)."""

    unit: str
    """The unit as the first of its candidates spells it, for messages."""
    collectives: list[Collective] = field(default_factory=list)
    individuals: list[Individual] = field(default_factory=list)


@dataclass
class Context:
    """A read-only view of a :class:`Dataset` shaped for the rules."""

    dataset: Dataset
    program: Program
    nominees: list[AnyNominee]
    """Every nominee, withdrawn ones included, in id order."""
    candidates: list[AnyNominee]
    """Nominees not withdrawn."""
    commended: list[AnyNominee]
    """Status commended; before the decision (no one commended yet), the proposed list: shortlisted."""
    decided: bool
    """Whether any nominee is already commended (the decision has been made)."""
    by_recommender: dict[str, list[AnyNominee]]
    """Everything each recommender put forward, withdrawn included: a withdrawal frees no slot (不予递补)."""

    @classmethod
    def of(cls, dataset: Dataset) -> Context:
        """One pass over the nominees sorts them every way the rules ask for (ten thousand of them, every check)."""
        nominees = list(dataset.nominees.values())
        candidates: list[AnyNominee] = []
        commended: list[AnyNominee] = []
        shortlisted: list[AnyNominee] = []
        by_recommender: dict[str, list[AnyNominee]] = {}
        withdrawn, commended_status, shortlisted_status = Status.WITHDRAWN, Status.COMMENDED, Status.SHORTLISTED
        for n in nominees:
            status = n.status
            if status is not withdrawn:
                candidates.append(n)
                if status is commended_status:
                    commended.append(n)
                elif status is shortlisted_status:
                    shortlisted.append(n)
            group = by_recommender.get(n.recommender)
            if group is None:
                by_recommender[n.recommender] = [n]
            else:
                group.append(n)
        decided = bool(commended)
        return cls(dataset, dataset.program, nominees, candidates, commended if decided else shortlisted,
                   decided, by_recommender)

    @cached_property
    def commended_collectives(self) -> list[Collective]:
        return [n for n in self.commended if isinstance(n, Collective)]

    @cached_property
    def commended_individuals(self) -> list[Individual]:
        return [n for n in self.commended if isinstance(n, Individual)]

    @cached_property
    def candidates_by_unit(self) -> dict[str, UnitGroup]:
        """The candidates of each unit that has a collective among them, the only units 五(二)'s same-unit rules ask about.

        Most units put forward one person and no collective: a group for each of
        them would be thousands of objects that no rule looks at.
        """
        candidates = self.candidates
        with_collective = {comparable(n.unit) for n in candidates if isinstance(n, Collective)}
        groups: dict[str, UnitGroup] = {}  # in the order units first appear, as findings are reported
        for n in candidates:
            key = comparable(n.unit)  # a full-width or spaced spelling is the same unit
            if key in with_collective:
                group = groups.get(key)
                if group is None:
                    group = groups[key] = UnitGroup(n.unit)
                (group.collectives if isinstance(n, Collective) else group.individuals).append(n)
        return groups

    @property
    def commended_word(self) -> str:
        """How the office calls the counted list: 已表彰 after the decision, 拟表彰 before it."""
        return "已表彰" if self.decided else "拟表彰"

    @cached_property
    def _nominee_prefix(self) -> str:
        """``dataset.nominee_path`` up to the file name, computed once: resolving each path costs 0.2 ms."""
        probe = self.dataset.nominee_path("x")
        return probe[: -len("x.yaml")]

    def path(self, nominee_id: str) -> str:
        """The nominee's file as staff see it (``data/nominees/x.yaml``), as ``dataset.nominee_path`` shows it."""
        return f"{self._nominee_prefix}{nominee_id}.yaml"

    def paths(self, nominees: list[AnyNominee] | list[Collective] | list[Individual]) -> tuple[str, ...]:
        return tuple(self.path(n.id) for n in nominees)

    def notice_path(self, notice_id: str) -> str:
        doc = self.dataset.notice_docs.get(notice_id)
        return display_path(doc.path if doc is not None else self.dataset.root / "notices" / f"{notice_id}.yaml")

    @property
    def decision_path(self) -> str:
        return display_path(self.dataset.root / "decision.yaml")

    def recommender_name(self, recommender_id: str) -> str:
        recommender = self.dataset.recommenders.get(recommender_id)
        return recommender.name if recommender is not None else recommender_id

    def category(self, recommender_id: str) -> Category | None:
        recommender = self.dataset.recommenders.get(recommender_id)
        return recommender.category if recommender is not None else None

    def label(self, nominee: AnyNominee) -> str:
        """How a finding names a nominee: its name, and for an individual the unit, as lists do."""
        return f"{nominee.name}（{nominee.unit}）" if isinstance(nominee, Individual) else nominee.name
