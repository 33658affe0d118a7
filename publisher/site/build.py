"""``publisher build``: load → check → MkDocs (strict) → privacy guard → pictures stripped → swap.

The build writes into a fresh folder beside the target and swaps it in only when
everything passed, so a failed build leaves the previous ``site/`` exactly as
it was: the public never sees half a site, or a site that failed the guard.
Which folders a build may replace, and how, is :mod:`publisher.site.output_dir`'s.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from publisher import clock
from publisher.data import readable
from publisher.data.dataset import Dataset, load_dataset
from publisher.defaults import project_overrides
from publisher.errors import DataError, PublishError, reason_of
from publisher.guards import images, privacy, unpack
from publisher.guards import script_guard as scriptguard
from publisher.rules import Finding, refuse_on_errors
from publisher.site import output_dir as sitedir

if TYPE_CHECKING:
    from publisher.audit.page_checks import Finding as AuditFinding


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    today: date
    pages: int
    warnings: list[Finding]
    notes: list[str]
    """What was left out and why (e.g. a story of a withdrawn nominee)."""
    cautions: list[str] = field(default_factory=list)
    """What the build could not tidy around the site (an old site it could not delete), for staff to see to."""
    audit: list[AuditFinding] = field(default_factory=list)
    """The inspector's warnings on the new site (``publisher audit``); its errors refuse the build."""


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
    except OSError as exc:
        raise PublishError(f"无法读取 {config_file}：{reason_of(exc)}。") from None


def data_dir_of(config_file: Path, config: MkDocsConfig | None = None) -> Path:
    """The data folder named in mkdocs.yml's publisher plugin (default ``data``)."""
    plugin = (config or site_config(config_file)).plugins.get("publisher")
    if plugin is None:
        raise PublishError(f"{config_file} 没有启用 publisher 插件（plugins: - publisher）。")
    return config_file.resolve().parent / plugin.config.data_dir


def preflight(config_file: Path, config: MkDocsConfig, site_dir: Path, data_dir: Path) -> Path:
    """Before anything is read or written: the output folder, resolved, if it may be replaced, and readable inputs.

    :class:`sitedir.UnsafeSiteDir` for an output folder that is or holds the
    office's files; :class:`DataError` naming each input a build could not read.
    """
    project = config_file.resolve().parent
    plugin = config.plugins.get("publisher")
    templates = project / (plugin.config.templates_dir if plugin is not None else "templates")
    overrides = project_overrides(config)
    inputs = {"数据文件夹": data_dir, "内容文件夹": Path(config.docs_dir), "模板文件夹": templates}
    if overrides is not None:
        inputs["主题覆盖文件夹"] = overrides
    target = sitedir.check_target(site_dir, project=project, inputs=inputs)
    problems = [p for word, folder in inputs.items() if word != "数据文件夹" for p in readable.unreadable(folder)]
    if problems:
        raise DataError(problems)
    return target


def build(config_file: Path, site_dir: Path, *, today: date | None = None, dataset: Dataset | None = None) -> BuildResult:
    """Build the public site into ``site_dir`` atomically; raise PublishError/DataError on failure."""
    clock.source_date_epoch()  # MkDocs reads it too, even with ``today`` given
    config = site_config(config_file)
    site_dir = preflight(config_file, config, site_dir, dataset.root if dataset else data_dir_of(config_file, config))
    if dataset is None:
        dataset = load_dataset(data_dir_of(config_file, config))
    warnings = refuse_on_errors(dataset)
    day = clock.today(today)
    cautions = sitedir.clear_leftovers(site_dir)
    with sitedir.staging(site_dir) as staging:
        out = staging / sitedir.STAGED
        notes, sources = _mkdocs(config_file, out, dataset, day)
        scriptguard.refuse_foreign_scripts(config_file, out, sources)
        privacy.refuse_leaks(out, dataset, sources, site_dir, _pdf_texts(config_file, config))
        images.strip_metadata(out, sources)
        audit = _refuse_audit_errors(config, out, day, dataset)
        sitedir.mark(out)
        pages = sum(1 for _ in out.rglob("*.html"))
        cautions += sitedir.swap_in(out, site_dir)
    return BuildResult(site_dir, day, pages, warnings, notes, cautions, audit)


def _pdf_texts(config_file: Path, config: MkDocsConfig) -> unpack.PdfTexts | None:
    """Where the privacy guard keeps what it read from PDFs: the plugin's cache folder (see unpack.PdfTexts)."""
    plugin = config.plugins.get("publisher")
    if plugin is None:
        return None
    return unpack.PdfTexts(config_file.resolve().parent / plugin.config.cache_dir / "pdf-texts")


def _refuse_audit_errors(config: MkDocsConfig, out: Path, day: date, dataset: Dataset) -> list[AuditFinding]:
    """The new site read as an inspector reads it (``publisher audit``), before the public sees it.

    An error (a dead link, an empty page, a page without the footer or its
    信息公开 block) refuses the swap, as the privacy guard does; warnings come back
    for the build's output.
    """
    from publisher.audit.inspector import allowed_links_of, as_text, audit_site, count_pages

    findings = audit_site(out, config.site_url or dataset.program.site_url or "", day,
                          allowed_links=allowed_links_of(config.extra))
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise PublishError(f"网站检查（与 publisher audit 相同）发现 {len(errors)} 个错误，网站没有发布，原来的 site/ 保持不变：\n"
                           + as_text(errors, count_pages(out), day))
    return findings
