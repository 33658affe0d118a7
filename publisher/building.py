"""``publisher build``: load → check → MkDocs (strict) → privacy guard → swap.

The build writes into a fresh folder beside the target and swaps it in only when
everything passed, so a failed build leaves the previous ``site/`` exactly as
it was: the public never sees half a site, or a site that failed the guard.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from . import clock, privacy
from .dataset import Dataset, load_dataset
from .errors import PublishError, display_path
from .rules import Finding, errors_of, run_rules


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    today: date
    pages: int
    warnings: list[Finding]
    notes: list[str]
    """What was left out and why (e.g. a story of a withdrawn nominee)."""


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a strict-mode abort can say what they were."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
        self.errors += record.levelno >= logging.ERROR


@contextmanager
def _collect_warnings() -> Iterator[_Collect]:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def check_or_refuse(dataset: Dataset) -> list[Finding]:
    """Run the notice's rules; errors block publishing, warnings are returned to be shown."""
    findings = run_rules(dataset)
    blocking = errors_of(findings)
    if blocking:
        lines = "\n".join(f"  [{f.rule}] {f.message}" for f in blocking)
        raise PublishError(f"名单不符合通知要求，不能发布（{len(blocking)} 个错误，运行 publisher check 查看详情）：\n{lines}")
    return [f for f in findings if f.severity == "warning"]


def _swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with two renames on one file system."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old)


def _mkdocs(config_file: Path, out: Path, dataset: Dataset, today: date) -> tuple[list[str], dict[str, str]]:
    with _collect_warnings() as warnings:
        try:
            config = load_config(str(config_file), site_dir=str(out), strict=True)
            plugin = config.plugins["publisher"]
            plugin.dataset = dataset
            plugin.today = today
            mkdocs_build(config)
            return list(plugin.notes), dict(plugin.sources)
        except Abort as exc:
            detail = "\n".join(f"  {m}" for m in warnings.messages) or f"  {exc}"
            why = "" if warnings.errors else "（严格模式：任何警告都会停止发布）"
            raise PublishError(f"站点生成失败{why}：\n{detail}") from None
        except (ConfigurationError, MkDocsException) as exc:
            raise PublishError(f"站点生成失败：{exc}") from None


def site_config(config_file: Path) -> MkDocsConfig:
    """``mkdocs.yml`` read and checked, or a :class:`PublishError` naming the file."""
    try:
        return load_config(str(config_file))
    except (ConfigurationError, MkDocsException) as exc:
        raise PublishError(f"{config_file} 有误：{exc}") from None


def data_dir_of(config_file: Path, config: MkDocsConfig | None = None) -> Path:
    """The data folder named in mkdocs.yml's publisher plugin (default ``data``)."""
    plugin = (config or site_config(config_file)).plugins.get("publisher")
    if plugin is None:
        raise PublishError(f"{config_file} 没有启用 publisher 插件（plugins: - publisher）。")
    return config_file.resolve().parent / plugin.config.data_dir


def build(config_file: Path, site_dir: Path, *, today: date | None = None, dataset: Dataset | None = None) -> BuildResult:
    """Build the public site into ``site_dir`` atomically; raise PublishError/DataError on failure."""
    if dataset is None:
        dataset = load_dataset(data_dir_of(config_file))
    warnings = check_or_refuse(dataset)
    day = clock.today(today)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        out = staging / "site"
        notes, sources = _mkdocs(config_file, out, dataset, day)
        leaks = privacy.scan(out, dataset)
        if leaks:
            listing = "\n".join(f"  {leak}" + (f"（来自 {display_path(sources[leak.path])}）" if leak.path in sources
                                               and sources[leak.path] != "自动生成" else "") for leak in leaks[:50])
            raise PublishError(f"发现不应公开的个人信息，已停止发布（{len(leaks)} 处）：\n{listing}")
        pages = sum(1 for _ in out.rglob("*.html"))
        _swap_in(out, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(site_dir, day, pages, warnings, notes)
