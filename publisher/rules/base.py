"""What a rule finds, and the registry that runs rules in a fixed order.

Rule ids are a contract: the office, its scripts and the future ``publisher
build`` refer to them, so an id never changes once published. Each rule is a
small function over a precomputed :class:`~publisher.rules.context.Context`;
the registry wraps it so that the rule body only says *what* is wrong
(:class:`Hit`) and the registry adds *which* rule said it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from publisher.rules.context import Context

Severity: TypeAlias = Literal["error", "warning"]
SEVERITY_WORDS: dict[str, str] = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Finding:
    """One breach of one rule of the notice, with the files a clerk opens to fix it."""

    rule: str
    severity: Severity
    message: str
    files: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "files": list(self.files)}


@dataclass(frozen=True)
class Hit:
    """What a rule body yields; ``severity`` is only given when it differs from the rule's default."""

    message: str
    files: tuple[str, ...] = ()
    severity: Severity | None = None


RuleBody: TypeAlias = Callable[[Context], Iterable[Hit]]
RuleFunc: TypeAlias = Callable[[Context], list[Finding]]


@dataclass(frozen=True)
class RuleSpec:
    """A registered rule: its contract id, the notice section it enforces and its usual severity."""

    id: str
    section: str
    severity: Severity
    title: str
    run: RuleFunc
    module: str
    """The module that defines it; the package orders rules module by module."""

    @property
    def where(self) -> str:
        """Where the rule comes from, as the report says it: 通知 五(二), or another document named in 《》."""
        return self.section if self.section.startswith("《") else f"通知 {self.section}"


REGISTRY: dict[str, RuleSpec] = {}
"""Every rule by id, in registration order; :data:`publisher.rules.SPECS` gives the reporting order."""


def rule(rule_id: str, *, section: str, severity: Severity, title: str) -> Callable[[RuleBody], RuleFunc]:
    """Register a rule body under ``rule_id``; the returned function yields full :class:`Finding` objects."""

    def register(body: RuleBody) -> RuleFunc:
        if rule_id in REGISTRY:
            raise ValueError(f"rule id registered twice: {rule_id}")

        def run(ctx: Context) -> list[Finding]:
            return [Finding(rule_id, hit.severity or severity, hit.message, hit.files) for hit in body(ctx)]

        run.__name__ = body.__name__
        run.__doc__ = body.__doc__
        REGISTRY[rule_id] = RuleSpec(rule_id, section, severity, title, run, body.__module__)
        return run

    return register


# --- exact shares -------------------------------------------------------------


def within_max(part: int, total: int, limit_percent: int) -> bool:
    """``part / total <= limit%`` in integers: 30 of 150 is within 20%, 31 is not, with no float rounding."""
    return part * 100 <= limit_percent * total


def within_min(part: int, total: int, min_percent: int) -> bool:
    """``part / total >= min%`` in integers."""
    return part * 100 >= min_percent * total


def percent(part: int, total: int) -> str:
    """``part / total`` as a percentage with one decimal, rounded half up in integers (``21.3%``)."""
    if total <= 0:
        return "0.0%"
    tenths = (part * 2000 + total) // (2 * total)
    return f"{tenths // 10}.{tenths % 10}%"
