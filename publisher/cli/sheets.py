"""The spreadsheet commands: a blank template, importing a filled one, exporting printable lists.

Office staff live in Excel and WPS; these commands are their way in and out
(issue 7). The work is in :mod:`publisher.sheets`; here only options and messages.
"""

from __future__ import annotations

import signal
from datetime import date
from pathlib import Path

import click

from publisher.cli.support import DATA_OPTION, TODAY_OPTION, DataProblems, Failure, fail, load_or_fail
from publisher.errors import DataError, PublishError, display_path


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@DATA_OPTION
def template(path: Path, data_dir: Path) -> None:
    """写出空白的推荐对象信息表 PATH（.xlsx）：集体、个人两张表，带下拉列表和“说明”表。"""
    from publisher.data.loading import load_recommenders
    from publisher.sheets.template import write_template

    if path.suffix.lower() != ".xlsx":
        raise click.UsageError(f"“{path}”：模板是 Excel 工作簿，文件名请以 .xlsx 结尾。")
    try:
        write_template(path, list(load_recommenders(data_dir / "recommenders.yaml").values()))
    except DataError as exc:
        raise DataProblems(exc.problems) from None
    except OSError as exc:
        raise Failure(f"无法写入 {path}：{exc.strerror}（文件是否正在 Excel/WPS 中打开？）") from None
    click.echo(f"已写出模板 {path}：在 Excel 或 WPS 中填写后，运行 publisher import {path.name} --dry-run 检查。")


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="只检查并列出将新增、更新的对象，不写入任何文件")
@DATA_OPTION
def import_sheet(path: Path, dry_run: bool, data_dir: Path) -> None:
    """导入推荐对象信息表（.xlsx，或 UTF-8/GBK 编码的 .csv）到 DATA/nominees/：全部正确才写入。"""
    from publisher.sheets.importing import run_import
    from publisher.sheets.problems import SheetProblems
    from publisher.sheets.reading import read_source
    from publisher.sheets.staging import Stopped, recover, snapshot, stop_on_terminate

    folder = data_dir / "nominees"
    try:
        for note in recover(data_dir, dry_run=dry_run):
            click.echo(note)
    except PublishError as exc:
        raise fail(exc) from None
    before = snapshot(folder)  # before loading: the files are written only if the folder is still what was read
    dataset = load_or_fail(data_dir)
    try:
        with stop_on_terminate():
            source = read_source(path)
            for note in source.notes:
                click.echo(note)
            result = run_import(source, data_dir, dataset, before=before, dry_run=dry_run)
    except (SheetProblems, DataError) as exc:
        click.echo("没有写入任何文件：请按下面的提示修改表格后重新导入。", err=True)
        raise DataProblems(exc.problems) from None
    except PublishError as exc:
        raise fail(exc) from None
    except (Stopped, KeyboardInterrupt) as exc:
        done = "但文件已全部写入并通过校验" if snapshot(folder) != before else "没有写入任何文件"
        click.echo(f"导入被中断：{done}（{display_path(folder)}/ 是完整的）。", err=True)
        raise SystemExit(128 + (exc.signum if isinstance(exc, Stopped) else signal.SIGINT)) from None
    click.echo("\n".join(result.report(data_dir, dry_run)))


class _ExportGroup(click.Group):
    """``publisher export decision.xlsx`` (as issue 7 wrote it) means ``publisher export decision decision.xlsx``."""

    def resolve_command(self, ctx: click.Context,
                        args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0].lower().endswith(".xlsx") and args[0] not in self.commands:
            args = ["decision", *args]
        return super().resolve_command(ctx, args)


@click.group(cls=_ExportGroup)
def export() -> None:
    """导出可打印的名单工作簿（A4）：export decision FILE.xlsx，或 export notice ID FILE.xlsx。"""


def _export(path: Path, data_dir: Path, today: date | None, notice_id: str | None) -> None:
    from publisher import clock
    from publisher.sheets.exporting import decision_listing, notice_listing, write_export

    if path.suffix.lower() != ".xlsx":
        raise click.UsageError(f"“{path}”：导出的是 Excel 工作簿，文件名请以 .xlsx 结尾。")
    dataset = load_or_fail(data_dir)
    day = clock.today(today)
    try:
        listing = decision_listing(dataset, day) if notice_id is None else notice_listing(dataset, notice_id, day)
        errors = write_export(path, listing, dataset, day)
    except PublishError as exc:
        raise fail(exc) from None
    click.echo(f"已导出 {path}：{listing.title}，{listing.counts}；第二张表为合规统计（内部材料）。")
    if errors:
        click.echo(f"注意：规则检查有 {errors} 条错误，详见合规统计表或 publisher check。", err=True)


@export.command("decision")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@TODAY_OPTION
@DATA_OPTION
def export_decision(path: Path, today: date | None, data_dir: Path) -> None:
    """表彰决定的名单 → PATH（.xlsx），附合规统计表。"""
    _export(path, data_dir, today, None)


@export.command("notice")
@click.argument("notice_id")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@TODAY_OPTION
@DATA_OPTION
def export_notice(notice_id: str, path: Path, today: date | None, data_dir: Path) -> None:
    """公示 NOTICE_ID 的名单 → PATH（.xlsx），附合规统计表。"""
    _export(path, data_dir, today, notice_id)
