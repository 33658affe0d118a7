"""The ``publisher`` command.

Thin on purpose: each command parses its options, calls the package, and turns a
domain error into a :class:`click.ClickException` (exit 1, message, no
traceback). Usage errors are click's own (exit 2).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from publisher.cli.audit import audit
from publisher.cli.init import init
from publisher.cli.sheets import export, import_sheet, template
from publisher.cli.support import (
    CONFIG_OPTION,
    DATA_OPTION,
    TODAY_OPTION,
    DataProblems,
    Failure,
    fail,
    iso_date,
    load_or_fail,
    working_days,
)
from publisher.cli.wechat import wechat
from publisher.errors import DataError, PublishError

if TYPE_CHECKING:
    from publisher.data.dataset import Dataset


TIMED = frozenset({"build", "serve", "new", "export"})
"""The commands that read the clock, or whose MkDocs reads ``SOURCE_DATE_EPOCH``."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="publisher")
@click.pass_context
def main(ctx: click.Context) -> None:
    """表彰公示发布器：校验数据，检查通知的各项规则，生成公开网站（公示、表彰决定、先进事迹、订阅源、开放数据）。"""
    # Staff terminals on Windows/WPS setups may not be UTF-8; never crash on printing Chinese.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    if ctx.invoked_subcommand in TIMED and "SOURCE_DATE_EPOCH" in os.environ:  # before MkDocs takes int() of it
        from publisher.clock import ClockError, source_date_epoch

        try:
            source_date_epoch()
        except ClockError as exc:
            raise fail(exc) from None


@main.command()
@DATA_OPTION
@click.option("--content", "content_dir", type=click.Path(file_okay=False, readable=False, path_type=Path),
              default=Path("content"), show_default=True, help="内容文件夹（检查其中 stories/ 的先进事迹）")
def validate(data_dir: Path, content_dir: Path) -> None:
    """校验数据：每个数据文件和先进事迹的写法是否符合约定；有问题时逐条列出（文件、行号、字段），退出码为 1。"""
    from publisher.data.readable import unreadable
    from publisher.site.stories import load_stories

    dataset = load_or_fail(data_dir)
    line = summary_line(dataset)
    stories = content_dir / "stories"
    problems = unreadable(stories)  # a folder that cannot be listed would pass for one without stories
    if problems:
        raise DataProblems(problems)
    if not stories.is_dir():
        click.echo(line)
        return
    try:
        selection = load_stories(stories, dataset.nominees)
    except DataError as exc:
        raise DataProblems(exc.problems) from None
    click.echo(line + f"先进事迹 {len(selection.published)} 篇可发布，{len(selection.hidden)} 篇不发布。")
    for note in selection.notes():
        click.echo(f"  {note}")


@main.command()
@DATA_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式：text（按规则分组）或 json")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="另写一份内部合规检查报告（单个 HTML 文件，不会进入公开网站）")
@TODAY_OPTION
def check(data_dir: Path, output_format: str, report_path: Path | None, today: date | None) -> None:
    """检查通知的各项规则（名额、比例、资格、字数、程序）；有错误时退出码为 1，警告只提示。

    也列出已不再公开和 14 天内将不再公开的公示名单（program.yaml 的 publicity_retention_days）。"""
    from publisher import clock
    from publisher.rules import SPECS, Context, errors_of, run_rules
    from publisher.rules.output import as_json, as_text
    from publisher.site import retention

    dataset = load_or_fail(data_dir)
    try:
        day = clock.today(today)
    except PublishError as exc:
        raise fail(exc) from None
    retiring = retention.schedule(dataset, day)
    context = Context.of(dataset)
    findings = run_rules(dataset, context)
    if report_path is not None:
        from publisher.rules.report import write_report  # Jinja: 40 ms that a check without a report does not need

        try:
            write_report(report_path, dataset, findings, context=context, templates_dir=Path("templates"))
        except PublishError as exc:
            raise fail(exc) from None
    if output_format == "json":
        extra = retention.report(dataset, retiring, day) if retiring else None  # only when there is something to say
        click.echo(as_json(context, findings, SPECS, retention=extra))
    else:
        click.echo("\n".join([*retention.schedule_lines(dataset, retiring, day), as_text(context, findings, SPECS)]))
    if report_path is not None:
        click.echo(f"合规检查报告已写入 {report_path}（内部材料，请勿放入公开网站）", err=output_format == "json")
    if errors_of(findings):
        raise SystemExit(1)


@main.command()
@click.argument("start", callback=iso_date)
@click.option("--days", callback=working_days, default="5", show_default=True, metavar="N",
              help="工作日数 (working days)，1–30")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@DATA_OPTION
def dates(start: date, days: int, as_json: bool, data_dir: Path) -> None:
    """公示期：从 START（YYYY-MM-DD）起 N 个工作日，按国务院节假日安排（DATA/calendar/）计算。"""
    from publisher.data.workdays import WEEKDAY_WORDS, CalendarError, WorkCalendar

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


def _quiet_logs(verbose: bool, *, show: bool = True) -> None:
    """MkDocs and jieba talk a lot; staff need warnings only, unless they ask.

    ``show=False`` for builds: their failures already carry MkDocs' messages, once.
    """
    import logging  # here: validate and check never log, and start a little sooner without it

    logger = logging.getLogger("mkdocs")
    if show and not any(getattr(h, "_publisher", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler._publisher = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    import jieba  # its import resets its own logger to DEBUG, so quiet it afterwards

    jieba.setLogLevel(logging.WARNING)


@main.command()
@CONFIG_OPTION
@click.option("-d", "--site-dir", type=click.Path(path_type=Path), default=Path("site"),  # checked by building
              show_default=True, help="输出文件夹（不存在、空的，或上次生成的网站；会被整个替换）")
@TODAY_OPTION
@click.option("--data", "data_dir", type=click.Path(file_okay=False, readable=False, path_type=Path), default=None,
              help="数据文件夹（默认按 mkdocs.yml 的设置，通常是 data）")
@click.option("-v", "--verbose", is_flag=True, help="显示 MkDocs 的详细输出")
def build(config_file: Path, site_dir: Path, today: date | None, data_dir: Path | None, verbose: bool) -> None:
    """生成公开网站：校验数据 → 检查通知规则（错误阻止发布）→ 生成 → 隐私检查 → 替换 site/。"""
    from publisher.site import build as building
    from publisher.site.output_dir import UnsafeSiteDir, clear_leftovers

    _quiet_logs(verbose, show=verbose)
    if not config_file.is_file():
        raise Failure(f"找不到站点配置文件 {config_file}（用 -f 指定）")
    try:
        config = building.site_config(config_file)
        folder = data_dir or building.data_dir_of(config_file, config)
        target = building.preflight(config_file, config, site_dir, folder)  # before anything is read
        shown = _cautions(clear_leftovers(target))  # a site that a killed build took away is back even if this fails
        dataset = load_or_fail(folder)
        result = building.build(config_file, site_dir, today=today, dataset=dataset)
    except DataError as exc:
        raise DataProblems(exc.problems) from None
    except UnsafeSiteDir as exc:  # a mistyped -d: a usage error
        raise click.UsageError(str(exc), click.get_current_context()) from None
    except PublishError as exc:
        raise fail(exc) from None
    _cautions(result.cautions, shown)
    for finding in result.warnings:
        click.echo(f"警告 [{finding.rule}] {finding.message}", err=True)
    for finding in result.audit:
        click.echo(f"网站检查警告 [{finding.check}] {finding.page}：{finding.message}", err=True)
    for note in result.notes:
        click.echo(note)
    click.echo(f"已生成 {result.pages} 个页面到 {result.site_dir}（公示状态按 {result.today.isoformat()} 计算）。")


def _cautions(cautions: list[str], shown: frozenset[str] = frozenset()) -> frozenset[str]:
    """Print what staff should see to around the site, each once; return all printed so far."""
    for caution in cautions:
        if caution not in shown:
            click.echo(f"注意：{caution}", err=True)
    return shown | frozenset(cautions)


@main.command()
@CONFIG_OPTION
@TODAY_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="预览地址")
def serve(config_file: Path, today: date | None, dev_addr: str) -> None:
    """本地预览，修改内容、数据或模板后自动刷新。"""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    _quiet_logs(True)
    if today is not None:
        os.environ["PUBLISHER_TODAY"] = today.isoformat()
    os.environ["PUBLISHER_PREVIEW"] = "1"  # the plugin shows the privacy guard's findings on the previewed pages
    try:
        mkdocs_serve(config_file=str(config_file), livereload=True, dev_addr=dev_addr)
    except MkDocsException as exc:
        raise Failure(str(exc)) from None


@main.group()
def new() -> None:
    """新建内容文件（模板），填写后再发布。"""


@new.command("notice")
@click.option("--stage", type=click.Choice(["unit", "district", "city"]), required=True,
              help="公示阶段：unit 本单位、district 区县（部门、集团）、city 全市")
@click.option("--published-on", "published_on", callback=iso_date, required=True, help="发布日期 YYYY-MM-DD")
@click.option("--id", "notice_id", default=None, help="编号（文件名）；默认 <年份>-<阶段>，已有时加 -2、-3")
@click.option("--recommender", default=None, help="本单位/区县公示：推荐单位编号，只列该单位的对象")
@DATA_OPTION
def new_notice(stage: str, published_on: date, notice_id: str | None, recommender: str | None,
               data_dir: Path) -> None:
    """新建公示文件：算好公示期，按顺序列出名单，填入默认联系方式和异议条款，不覆盖已有文件。

    写到 DATA/notices/<编号>.yaml；写入后整个数据文件夹须仍能通过校验，否则不留下文件。
    """
    from publisher.cli.notice_scaffold import plan, write
    from publisher.data.models import Stage
    from publisher.errors import display_path

    dataset = load_or_fail(data_dir)
    try:
        scaffold = plan(dataset, Stage(stage), published_on, recommender, notice_id)
        path = write(dataset, scaffold)
    except DataError as exc:
        raise DataProblems(exc.problems) from None
    except PublishError as exc:
        raise fail(exc) from None
    click.echo(f"已新建 {display_path(path)}：{len(scaffold.collectives)} 个集体、{len(scaffold.individuals)} 名个人，"
               f"公示期 {scaffold.window.describe()}。请核对标题、名单、联系方式和异议受理条款后再发布。")


@new.command("story")
@click.argument("nominee_id")
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("content"),
              show_default=True, help="网站内容文件夹；事迹写在其中的 stories/")
@DATA_OPTION
def new_story(nominee_id: str, content_dir: Path, data_dir: Path) -> None:
    """为推荐对象 NOMINEE_ID 新建一篇先进事迹草稿（content/stories/<编号>.md），不会覆盖已有文件。"""
    import difflib

    from publisher import clock
    from publisher.errors import display_path
    from publisher.site.stories import scaffold

    dataset = load_or_fail(data_dir)
    nominee = dataset.nominees.get(nominee_id)
    if nominee is None:
        close = difflib.get_close_matches(nominee_id, list(dataset.nominees), n=3, cutoff=0.5)
        hint = f"相近的编号：{'、'.join(close)}。" if close else f"编号就是 {data_dir}/nominees/ 下的文件名（不含 .yaml）。"
        raise Failure(f"没有编号为“{nominee_id}”的推荐对象。{hint}")
    try:
        path = scaffold(content_dir / "stories", nominee, clock.today())
    except OSError as exc:
        raise Failure(f"无法在 {content_dir / 'stories'} 新建文件：{exc.strerror or exc}") from None
    click.echo(f"已新建事迹草稿 {display_path(path)}（{nominee.name}）：填写 author、summary 和正文后，"
               "把 status 改为 published 即可在下次生成网站时发布。")
    if nominee.status.value not in ("shortlisted", "commended"):
        click.echo(f"注意：{nominee.name}目前的状态是“{STATUS_WORDS[nominee.status.value]}”，只有拟表彰（shortlisted）"
                   "或已表彰（commended）对象的事迹才会发布。", err=True)


@main.command()
@CONFIG_OPTION
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="同时检查这个已生成的网站：含有策略之外的脚本时报错（exit 1）")
@click.option("--nginx", "as_nginx", is_flag=True, help="输出 nginx 的 add_header 配置片段")
def csp(config_file: Path, site_dir: Path | None, as_nginx: bool) -> None:
    """内容安全策略（CSP）：只信任主题和本站模板自己写的脚本，按模板计算，不随每次生成变化。"""
    from publisher.guards import csp as csp_policy
    from publisher.guards import script_guard as scriptguard
    from publisher.site import build as building

    if not config_file.is_file():
        raise Failure(f"找不到站点配置文件 {config_file}（用 -f 指定）")
    try:
        config = building.site_config(config_file)
    except PublishError as exc:
        raise fail(exc) from None
    known = csp_policy.known_scripts(config)
    for name in known.varying:
        click.echo(f"警告：主题模板 {name} 含有随页面变化的内联脚本，策略无法用哈希列出，含有它的页面不会被发布："
                   "请在 site_overrides/ 中把它改为外部脚本（见 site_overrides/assets/publisher-theme.js）。", err=True)
    if site_dir is not None:
        lines = scriptguard.foreign_scripts(config, site_dir, {}, outcome="不应发布")
        if lines:
            raise Failure("\n".join(lines))
    click.echo(csp_policy.nginx_snippet(known, config_file) if as_nginx else csp_policy.policy(known), nl=not as_nginx)


for _command in (template, import_sheet, export, init):  # commands that live in modules of their own
    main.add_command(_command)
main.add_command(audit)  # publisher audit (cli_audit.py)
main.add_command(wechat)  # publisher wechat notice|decision|story (cli_wechat.py)

