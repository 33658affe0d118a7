"""``publisher wechat``: a notice, the decision or a story as an article for the 公众号 editor (docs/wechat.md).

The work is in :mod:`publisher.channels.wechat`; here only options, files and messages.
"""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from publisher.cli.support import CONFIG_OPTION, DATA_OPTION, TODAY_OPTION, DataProblems, Failure, fail, load_or_fail
from publisher.errors import DataError, PublishError, display_path

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from publisher.channels.wechat import Article, WeChat

OUTPUT_OPTION = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                             help="写入 FILE.html，并在旁边写出 FILE.txt（纯文本）和 FILE-qr.png（二维码）；不写则都输出到屏幕")


@click.group()
def wechat() -> None:
    """写出公众号文章（只用内联样式，可粘贴进公众号编辑器）：wechat notice ID、wechat decision、wechat story ID。"""


def _site(config_file: Path) -> MkDocsConfig | None:
    from publisher.site.build import site_config

    return site_config(config_file) if config_file.is_file() else None


def _writer(data_dir: Path, config_file: Path, today: date | None) -> tuple[WeChat, MkDocsConfig | None]:
    """The site as ``publisher build`` would make it today: its data, address and templates."""
    from publisher import clock
    from publisher.channels.wechat import WeChat
    from publisher.site.model import build_site_model

    dataset = load_or_fail(data_dir)
    try:
        config = _site(config_file)
    except PublishError as exc:
        raise fail(exc) from None
    site_url = (config.site_url if config is not None else None) or dataset.program.site_url
    if not site_url:
        raise Failure("请在 mkdocs.yml（或 program.yaml）中设置 site_url：文章的二维码指向网站上的页面。")
    templates = Path("templates")
    if config is not None and "publisher" in config.plugins:
        templates = config_file.resolve().parent / config.plugins["publisher"].config.templates_dir
    return WeChat(build_site_model(dataset, clock.today(today), templates_dir=templates), site_url, templates), config


def _write_file(path: Path, data: bytes) -> None:
    """Whole or not at all: a temporary file beside ``path``, renamed over it."""
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        part.write_bytes(data)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def _emit(article: Article, output: Path | None) -> None:
    if output is None:
        click.echo("===== 公众号文章 HTML =====")
        click.echo(article.html, nl=False)
        click.echo("===== 纯文本 =====")
        click.echo(article.text, nl=False)
    else:
        text, qr = output.with_suffix(".txt"), output.with_name(f"{output.stem}-qr.png")
        try:
            for path, data in ((output, article.html.encode()), (text, article.text.encode()), (qr, article.qr_png)):
                _write_file(path, data)
        except OSError as exc:
            raise Failure(f"无法写入 {exc.filename or output}：{exc.strerror}") from None
        click.echo(f"已写出 {output}（公众号文章）、{text.name}（纯文本）和 {qr.name}（二维码）：{article.title}。"
                   "粘贴步骤见 docs/wechat.md。")
    for note in article.notes:
        click.echo(f"请注意：{note}", err=True)


def _check_output(output: Path | None) -> None:
    if output is not None and output.suffix.lower() not in (".html", ".htm"):
        raise click.UsageError(f"“{output}”：文章是网页文件，文件名请以 .html 结尾（纯文本版会写在同名 .txt 中）。")


@wechat.command("notice")
@click.argument("notice_id")
@OUTPUT_OPTION
@CONFIG_OPTION
@TODAY_OPTION
@DATA_OPTION
def wechat_notice(notice_id: str, output: Path | None, config_file: Path, today: date | None, data_dir: Path) -> None:
    """公示 NOTICE_ID 的公众号文章：标题、公示期、名单、异议受理方式和二维码。"""
    _check_output(output)
    writer, _config = _writer(data_dir, config_file, today)
    try:
        article = writer.notice(notice_id)
    except PublishError as exc:
        raise fail(exc) from None
    _emit(article, output)


@wechat.command("decision")
@OUTPUT_OPTION
@CONFIG_OPTION
@TODAY_OPTION
@DATA_OPTION
def wechat_decision(output: Path | None, config_file: Path, today: date | None, data_dir: Path) -> None:
    """表彰决定的公众号文章：决定正文、落款、两份名单和二维码。"""
    _check_output(output)
    writer, _config = _writer(data_dir, config_file, today)
    try:
        article = writer.decision()
    except PublishError as exc:
        raise fail(exc) from None
    _emit(article, output)


@wechat.command("story")
@click.argument("story_id")
@OUTPUT_OPTION
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("content"),
              show_default=True, help="内容文件夹（先进事迹在其中的 stories/）")
@CONFIG_OPTION
@TODAY_OPTION
@DATA_OPTION
def wechat_story(story_id: str, output: Path | None, content_dir: Path, config_file: Path, today: date | None,
                 data_dir: Path) -> None:
    """先进事迹 STORY_ID（content/stories/ 下的文件名）的公众号文章；正文图片需在编辑器中另行上传。"""
    import markdown
    from mkdocs.utils.meta import get_data

    from publisher.site.stories import load_stories

    _check_output(output)
    writer, config = _writer(data_dir, config_file, today)
    folder = content_dir / "stories"
    try:
        selection = load_stories(folder, writer.model.dataset.nominees)
    except DataError as exc:
        raise DataProblems(exc.problems) from None
    story = next((s for s in selection.published if s.slug == story_id), None)
    if story is None:
        hidden = {s.slug: reason for s, reason in selection.hidden}
        if story_id in hidden:
            raise Failure(f"先进事迹 {display_path(folder / f'{story_id}.md')} 未发布，不能写成公众号文章：{hidden[story_id]}")
        known = [s.slug for s in selection.published]
        close = difflib.get_close_matches(story_id, known, n=3, cutoff=0.5)
        raise Failure(f"{display_path(folder)} 中没有名为“{story_id}”的已发布先进事迹。"
                      f"{'相近' if close else '已发布'}的有：{'、'.join(close or known) or '（没有）'}。")
    body, _meta = get_data((folder / f"{story.slug}.md").read_text("utf-8"))
    if config is not None:
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    else:
        md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables"])
    try:
        article = writer.story(story, md.convert(body), folder)
    except PublishError as exc:
        raise fail(exc) from None
    _emit(article, output)
