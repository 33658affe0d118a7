"""``publisher audit``: check a built site as a government-site inspector would (issue 18).

The work is in :mod:`publisher.audit.inspector`; here only options, the site's address and
allowed links from mkdocs.yml, and the exit code (1 on errors, warnings alone 0).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from publisher.cli.support import CONFIG_OPTION, Failure, fail, iso_date
from publisher.errors import PublishError

_NO_ADDRESS = "不知道网站的公开地址：请用 --site-url 指定，或用 -f 指定写有 site_url 的 mkdocs.yml"


def _audit_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return None if value is None else iso_date(ctx, param, value)


def _settings(config_file: Path, site_url: str | None) -> tuple[str, list[str]]:
    """The public address (``--site-url`` first) and the allowed outside links, from mkdocs.yml when it exists."""
    if not config_file.is_file():
        if site_url is None:
            raise click.UsageError(_NO_ADDRESS)
        return site_url, []
    from publisher.audit.inspector import allowed_links_of
    from publisher.site.build import site_config

    try:
        config = site_config(config_file)
        allowed = allowed_links_of(config.extra)
    except PublishError as exc:
        raise fail(exc) from None
    url = site_url or config.site_url
    if not url:
        raise click.UsageError(_NO_ADDRESS)
    return url, allowed


@click.command()
@click.argument("site_dir", required=False, default=Path("site"), type=click.Path(path_type=Path))
@CONFIG_OPTION
@click.option("--site-url", default=None, help="网站的公开地址，例如 https://biaozhang.example.gov.cn/（默认取 mkdocs.yml 的 site_url）")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式：text（按页面分组）或 json")
@click.option("--stale-days", type=click.IntRange(1, 366), default=14, show_default=True,
              help="公示期间，首页最新一条信息距检查日最多多少天")
@click.option("--today", callback=_audit_day, help="检查日（YYYY-MM-DD）；默认北京时间今天，或 SOURCE_DATE_EPOCH")
def audit(site_dir: Path, config_file: Path, site_url: str | None, output_format: str, stale_days: int,
          today: date | None) -> None:
    """按政府网站检查指标检查已生成的网站 SITE_DIR（默认 site）：死链和锚点、空白页面、网站标识和元数据、信息公开栏、
    首页更新、图片替代文字、外部网站资源。有错误时退出码为 1，警告只提示。"""
    from publisher import clock
    from publisher.audit.inspector import as_json, as_text, audit_site, count_pages
    from publisher.audit.page_checks import SiteUrl

    if not site_dir.is_dir():
        raise click.UsageError(f"找不到网站文件夹 {site_dir}：请先运行 publisher build，或指定已生成的网站文件夹。")
    pages = count_pages(site_dir)
    if not pages:
        raise click.UsageError(f"{site_dir} 里没有网页（.html）：请指定 publisher build 生成的网站文件夹。")
    url, allowed = _settings(config_file, site_url)
    try:
        SiteUrl.parse(url)
    except ValueError:
        raise click.UsageError(f"网站地址“{url}”无效：应以 http:// 或 https:// 开头，例如 https://biaozhang.example.gov.cn/") from None
    day = clock.today(today)
    try:
        findings = audit_site(site_dir, url, day, stale_days=stale_days, allowed_links=allowed)
    except OSError as exc:
        raise Failure(f"无法读取 {site_dir} 中的文件：{exc.strerror or exc}") from None
    if output_format == "json":
        click.echo(as_json(site_dir.as_posix(), day, findings))
    else:
        click.echo(as_text(findings, pages, day))
    if any(f.severity == "error" for f in findings):
        raise SystemExit(1)
