"""The ``publisher`` command.

Thin on purpose: each command parses its options, calls the package, and turns a
domain error into a :class:`click.ClickException` (exit 1, message, no
traceback). Usage errors are click's own (exit 2).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import click

from .calendar import WEEKDAY_WORDS, CalendarError, WorkCalendar
from .dataset import Dataset, load_dataset
from .errors import DataError, PublishError

DATA_OPTION = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                           default=Path("data"), show_default=True, help="数据文件夹 (data folder)")


class DataProblems(click.ClickException):
    """Prints every problem, one per line, under a count."""

    def __init__(self, problems: list) -> None:
        super().__init__(f"发现 {len(problems)} 个问题：\n" + "\n".join(str(p) for p in problems))

    def format_message(self) -> str:
        return self.message


def load_or_fail(data_dir: Path) -> Dataset:
    """Load the data folder, or exit 1 listing every problem."""
    if not data_dir.is_dir():
        raise click.ClickException(f"找不到数据文件夹 {data_dir}（用 --data 指定）")
    try:
        return load_dataset(data_dir)
    except DataError as exc:
        raise DataProblems(exc.problems) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="publisher")
def main() -> None:
    """表彰公示发布器：validate the data, check the notice's rules, build the public site."""
    # Staff terminals on Windows/WPS setups may not be UTF-8; never crash on printing Chinese.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


@main.command()
@DATA_OPTION
def validate(data_dir: Path) -> None:
    """Check that every data file follows the contract (exit 1 listing every problem)."""
    dataset = load_or_fail(data_dir)
    click.echo(summary_line(dataset))


def _iso_date(ctx: click.Context, param: click.Parameter, value: str) -> date:
    """Only YYYY-MM-DD: ``date.fromisoformat`` would also take 20260928, which staff never mean."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise click.UsageError(f"“{value}”不是有效日期：请写成 YYYY-MM-DD，例如 2026-09-28。", ctx)


@main.command()
@click.argument("start", callback=_iso_date)
@click.option("--days", type=click.IntRange(1, 30), default=5, show_default=True, help="工作日数 (working days)")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@DATA_OPTION
def dates(start: date, days: int, as_json: bool, data_dir: Path) -> None:
    """公示期：从 START（YYYY-MM-DD）起 N 个工作日，按国务院节假日安排（DATA/calendar/）计算。"""
    try:
        window = WorkCalendar.load(data_dir / "calendar").window(start, days)
    except DataError as exc:
        raise DataProblems(exc.problems) from None
    except CalendarError as exc:
        raise fail(exc) from None
    if as_json:
        click.echo(json.dumps(window.as_json(), ensure_ascii=False))
        return
    click.echo(window.describe())
    for day in window.working_days:
        click.echo(f"  {day.isoformat()} {WEEKDAY_WORDS[day.weekday()]}")


KIND_WORDS = {"collective": "集体", "individual": "个人"}
STATUS_WORDS = {"recommended": "推荐", "shortlisted": "拟表彰", "commended": "已表彰", "withdrawn": "已撤销"}


def summary_line(dataset: Dataset) -> str:
    counts = dataset.by_status()
    parts = []
    for kind, word in KIND_WORDS.items():
        total = sum(v for (k, _), v in counts.items() if k == kind)
        detail = "，".join(f"{STATUS_WORDS[s]} {counts[(kind, s)]}" for s in STATUS_WORDS if counts[(kind, s)])
        parts.append(f"{word} {total} 个（{detail or '无'}）")
    return f"数据有效：{len(dataset.nominees)} 个推荐对象，" + "；".join(parts) + "。"


def fail(exc: PublishError) -> click.ClickException:
    return click.ClickException(str(exc))
