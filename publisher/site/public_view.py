"""What the public may see of a nominee, and how a published list writes it.

Pages, feeds and open data are built from :class:`PublicNominee` only, never
from the data models: a field that is not copied here cannot leak, whatever a
template does. Names follow the convention of published lists: a collective by
its full name; a person by name, then only the exceptions in brackets (女, a
minority ethnicity, 追授), then unit and position.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.data.models import Collective, Individual

ETHNIC_MAJORITY = ("汉族", "汉")


@dataclass(frozen=True)
class PublicNominee:
    id: str
    kind: str
    name: str
    unit: str
    position: str
    notes: tuple[str, ...]
    """The bracketed exceptions, e.g. ("女", "土家族")."""
    recommender: str
    recommender_name: str

    @property
    def display_name(self) -> str:
        """李某某（女，土家族）: the name as a published list writes it."""
        return f"{self.name}（{'，'.join(self.notes)}）" if self.notes else self.name

    @property
    def unit_and_position(self) -> str:
        """重庆某某有限公司总装车间主任: unit, then position, as one phrase."""
        if not self.position:
            return ""
        return self.position if self.position.startswith(self.unit) else f"{self.unit}{self.position}"

    @property
    def line(self) -> str:
        """The whole entry as one line of a list."""
        if self.kind == "collective":
            return self.name
        return f"{self.display_name} {self.unit_and_position}".strip()

    def as_record(self) -> dict[str, str]:
        """The open-data row: the same public fields, flat."""
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "notes": "，".join(self.notes),
            "unit": self.unit,
            "position": self.position,
            "recommender": self.recommender_name,
            "listed_as": self.line,
        }


def notes_of(nominee: Individual) -> tuple[str, ...]:
    notes = []
    if nominee.gender == "女":
        notes.append("女")
    if nominee.ethnicity not in ETHNIC_MAJORITY:
        notes.append(nominee.ethnicity)
    if nominee.posthumous:
        notes.append("追授")
    return tuple(notes)


def public(nominee: Collective | Individual, recommender_name: str) -> PublicNominee:
    """Copy the public fields, and only those."""
    if isinstance(nominee, Individual):
        return PublicNominee(nominee.id, "individual", nominee.name, nominee.unit, nominee.position,
                             notes_of(nominee), nominee.recommender, recommender_name)
    return PublicNominee(nominee.id, "collective", nominee.name, nominee.unit, "", (), nominee.recommender,
                         recommender_name)
