"""How ``publisher check`` shows findings: grouped text for the office, JSON for scripts.

The JSON shape is a contract (scripts and the lead's CI read it); the text is
for people and may change wording freely.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from publisher.rules.base import SEVERITY_WORDS, Finding, RuleSpec
from publisher.rules.context import Context

MAX_FILES_SHOWN = 10
"""A cap finding names every commended file in JSON; on screen ten are enough to start with."""


def summary(ctx: Context, findings: list[Finding], rule_ids: Iterable[str]) -> dict[str, object]:
    """The ``summary`` object of the JSON output."""
    return {
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
        "nominees": len(ctx.nominees),
        "candidates": len(ctx.candidates),
        "commended_collectives": len(ctx.commended_collectives),
        "commended_individuals": len(ctx.commended_individuals),
        "rules": list(rule_ids),
    }


def as_json(ctx: Context, findings: list[Finding], specs: Iterable[RuleSpec], *,
            retention: dict[str, object] | None = None) -> str:
    """``{"findings": [...], "summary": {...}}`` with Chinese left readable (ensure_ascii off).

    ``retention`` (added, never renaming a key): lists retired or retiring soon (publisher.site.retention.report).
    """
    data: dict[str, object] = {"findings": [f.as_dict() for f in findings],
                               "summary": summary(ctx, findings, (s.id for s in specs))}
    if retention is not None:
        data["retention"] = retention
    return json.dumps(data, ensure_ascii=False, indent=2)


def _header(spec: RuleSpec, found: list[Finding]) -> str:
    """Rule id, title, notice section, and the count per severity found (text.deeds-length has both)."""
    counts = {sev: sum(1 for f in found if f.severity == sev) for sev in SEVERITY_WORDS}
    shown = [f"{SEVERITY_WORDS[sev]} {n} 条" for sev, n in counts.items() if n]
    return f"{spec.id}  {spec.title}（{spec.where}）：{'，'.join(shown)}"


def _files(files: tuple[str, ...]) -> list[str]:
    lines = [f"      {path}" for path in files[:MAX_FILES_SHOWN]]
    if len(files) > MAX_FILES_SHOWN:
        lines.append(f"      ……另有 {len(files) - MAX_FILES_SHOWN} 个文件（--format json 列出全部）")
    return lines


def as_text(ctx: Context, findings: list[Finding], specs: Iterable[RuleSpec]) -> str:
    """Findings grouped by rule in registry order, each with its files, then one summary line."""
    lines: list[str] = []
    for spec in specs:
        found = [f for f in findings if f.rule == spec.id]
        if not found:
            continue
        lines.append(_header(spec, found))
        for f in found:
            lines.append(f"  - [{SEVERITY_WORDS[f.severity]}] {f.message}")
            lines.extend(_files(f.files))
        lines.append("")
    errors = sum(1 for f in findings if f.severity == "error")
    lines.append(f"共 {len(ctx.nominees)} 个推荐对象（未撤销 {len(ctx.candidates)} 个）；{ctx.commended_word}集体 "
                 f"{len(ctx.commended_collectives)} 个、个人 {len(ctx.commended_individuals)} 名。")
    lines.append(f"检查完成：错误 {errors} 条，警告 {len(findings) - errors} 条")
    return "\n".join(lines)
