"""The notice's rules, run over a :class:`~publisher.data.dataset.Dataset` before anything is published.

Usage (``publisher check`` and, later, ``publisher build``)::

    from publisher.rules import errors_of, run_rules

    findings = run_rules(dataset)
    if errors_of(findings):
        ...  # refuse to publish while errors stand

Rules are registered with :func:`rule` in the modules below. ``MODULE_ORDER``
fixes the order in which rules run and are reported, which is the order of the
notice's table: 一 quotas, then eligibility and texts, then 五(二) shares and
same-unit limits, then the 四 procedure; within a module, definition order.
"""

from __future__ import annotations

from publisher.data.dataset import Dataset
from publisher.errors import PublishError
from publisher.rules import eligibility, process, quotas, shares, site
from publisher.rules.base import (
    REGISTRY,
    SEVERITY_WORDS,
    Finding,
    Hit,
    RuleSpec,
    Severity,
    percent,
    rule,
    within_max,
    within_min,
)
from publisher.rules.context import Context

MODULE_ORDER = (quotas.__name__, eligibility.__name__, shares.__name__, process.__name__, site.__name__)


def _ordered() -> tuple[RuleSpec, ...]:
    """Registry entries module by module in MODULE_ORDER (others last), keeping definition order within each."""
    rank = {name: i for i, name in enumerate(MODULE_ORDER)}
    return tuple(sorted(REGISTRY.values(), key=lambda s: rank.get(s.module, len(rank))))


SPECS: tuple[RuleSpec, ...] = _ordered()
"""Every rule, in the order they run and are reported."""
RULES: tuple[str, ...] = tuple(spec.id for spec in SPECS)
"""Every rule id, in the order they run."""

__all__ = ["REGISTRY", "RULES", "SPECS", "SEVERITY_WORDS", "Context", "Finding", "Hit", "RuleSpec", "Severity",
           "errors_of", "percent", "refuse_on_errors", "rule", "run_rules", "warnings_of", "within_max", "within_min"]


def run_rules(dataset: Dataset, context: Context | None = None) -> list[Finding]:
    """Every finding of every rule, in registry order; pass ``context`` to reuse one already built."""
    ctx = context if context is not None else Context.of(dataset)
    findings: list[Finding] = []
    for spec in SPECS:
        findings.extend(spec.run(ctx))
    return findings


def errors_of(findings: list[Finding]) -> list[Finding]:
    """The findings that must stop publication (``publisher build`` refuses while any stand)."""
    return [f for f in findings if f.severity == "error"]


def warnings_of(findings: list[Finding]) -> list[Finding]:
    """The findings the office may justify instead of fixing (原则上, 严格控制)."""
    return [f for f in findings if f.severity == "warning"]


def refuse_on_errors(dataset: Dataset) -> list[Finding]:
    """Run the rules and refuse to publish while errors stand; the warnings, to be shown.

    The one refusal for "errors block the build": ``publisher build`` and the
    MkDocs plugin (``publisher serve``, ``mkdocs build``) both call it, so staff
    read the same message whichever way they build.
    """
    findings = run_rules(dataset)
    blocking = errors_of(findings)
    if blocking:
        lines = "\n".join(f"  [{f.rule}] {f.message}" for f in blocking)
        raise PublishError(f"名单不符合通知要求，不能发布（{len(blocking)} 个错误，运行 publisher check 查看详情）：\n{lines}")
    return warnings_of(findings)
