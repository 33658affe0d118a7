"""What the ``publisher`` commands share: how a failure is shown, the common options, loading the data.

Kept apart from :mod:`publisher.cli.main` so that groups of commands can live in
modules of their own (:mod:`publisher.cli.sheets`) without importing each other.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from publisher.errors import DataError, PublishError, reason_of

if TYPE_CHECKING:  # the models cost a third of a second to import: only commands that load data do
    from publisher.data.dataset import Dataset


class Failure(click.ClickException):
    """Exit 1 with the message under a Chinese label, as staff read everything else here."""

    def show(self, file=None) -> None:  # noqa: ANN001 - click's own signature
        click.echo(f"错误：{self.format_message()}", err=True)


DATA_OPTION = click.option("--data", "data_dir", type=click.Path(file_okay=False, readable=False, path_type=Path),
                           default=Path("data"), show_default=True, help="数据文件夹 (data folder)")


class DataProblems(Failure):
    """Prints every problem, one per line, under a count."""

    def __init__(self, problems: list) -> None:
        super().__init__(f"发现 {len(problems)} 个问题：\n" + "\n".join(str(p) for p in problems))

    def format_message(self) -> str:
        return self.message


def load_or_fail(data_dir: Path) -> Dataset:
    """Load the data folder, or exit 1 listing every problem."""
    from publisher.data.dataset import load_dataset

    try:
        os.scandir(data_dir).close()  # unreadable, every file in it would be called missing
    except (FileNotFoundError, NotADirectoryError):
        raise Failure(f"找不到数据文件夹 {data_dir}（用 --data 指定）") from None
    except OSError as exc:
        raise Failure(f"无法打开数据文件夹 {data_dir}：{reason_of(exc)}。") from None
    try:
        dataset = load_dataset(data_dir)
    except DataError as exc:
        raise DataProblems(exc.problems) from None
    return dataset


def iso_date(ctx: click.Context, param: click.Parameter, value: str) -> date:
    """Only YYYY-MM-DD: ``date.fromisoformat`` would also take 20260928, which staff never mean.

    And only a day of the years a 公示 can be in (:func:`clock.out_of_range`): 1926 for 2026 is a typo.
    """
    from publisher.clock import out_of_range

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            wrong = out_of_range(day)
            if wrong is None:
                return day
            raise click.UsageError(f"{_option_name(param)}：{wrong}。", ctx)
    except ValueError:
        pass
    raise click.UsageError(f"“{value}”不是有效日期：请写成 YYYY-MM-DD，例如 2026-09-28。", ctx)


def _option_name(param: click.Parameter) -> str:
    """How the staff typed it: ``--today``, or ``START`` for an argument."""
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    return (param.name or "").upper()


MAX_WORKING_DAYS = 30


def working_days(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """A 公示 lasts at least one working day; more than a month and a half of them is a typo.

    Taken as text (click's own check of a number speaks English).
    """
    text = str(value).strip()
    if re.fullmatch(r"[+-]?[0-9]+", text) and 1 <= int(text) <= MAX_WORKING_DAYS:
        return int(text)
    raise click.UsageError(f"{_option_name(param)} {value}：工作日数应是 1 到 {MAX_WORKING_DAYS} 之间的整数"
                           "（通知要求公示 5 个工作日）。", ctx)


def fail(exc: PublishError) -> click.ClickException:
    return Failure(str(exc))


def _optional_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return None if value is None else iso_date(ctx, param, value)


CONFIG_OPTION = click.option("-f", "--config-file", type=click.Path(dir_okay=False, readable=False, path_type=Path),
                             default=Path("mkdocs.yml"), show_default=True, help="站点配置文件")
TODAY_OPTION = click.option("--today", callback=_optional_date,
                            help="按这一天计算公示状态（YYYY-MM-DD）；默认北京时间今天，或 SOURCE_DATE_EPOCH")
