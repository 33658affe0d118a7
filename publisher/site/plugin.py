"""The MkDocs plugin: data in, generated pages out, nothing written into ``content/``.

Thin on purpose. Loading, rules, the site model and rendering live in their own
modules; the plugin only wires them into MkDocs' events. Pages are added as
in-memory files (``File.generated``), so the media team's ``content/`` folder
stays theirs and a build never leaves generated files behind.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import date
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from publisher import clock
from publisher.data.dataset import Dataset, load_dataset
from publisher.data.symlinks import link_problems
from publisher.defaults import add_theme_dirs
from publisher.errors import DataError
from publisher.guards import privacy
from publisher.guards import script_guard as scriptguard
from publisher.site.escaping import escape_meta, sanitize_outside
from publisher.site.feeds import autodiscovery_links, build_feeds
from publisher.site.model import SiteModel, build_site_model
from publisher.site.open_data import build_open_data
from publisher.site.pages import Renderer
from publisher.site.search_words import user_dictionary
from publisher.site.stories import Story, StorySelection, load_stories

log = logging.getLogger("mkdocs.plugins.publisher")

PREVIEW = "PUBLISHER_PREVIEW"
"""Set by ``publisher serve``: the built pages are a preview, and show the privacy guard's findings."""
FEEDS_SITEMAP = "feeds/sitemap.xml"
SEARCH = "material/search"
"""Material's search plugin, as MkDocs names it when ``search`` is listed under the Material theme."""
EMPTY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b"<!-- Material looks up sitemap.xml beside every <link rel=alternate>, meant for language versions;"
                 b" for the feed links it lands here. An empty list keeps that lookup from failing. -->\n"
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


class PublisherConfig(Config):
    data_dir = c.Type(str, default="data")
    """The data folder, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """The project's own page templates, relative to mkdocs.yml: a file here replaces the default of that name."""
    overrides_dir = c.Type(str, default="site_overrides")
    """The project's own theme overrides and assets, relative to mkdocs.yml, searched before the package's."""
    today = c.Optional(c.Type(str))
    """YYYY-MM-DD; default: today in Asia/Shanghai (or from SOURCE_DATE_EPOCH)."""
    unsafe_allow_raw_html = c.Type(bool, default=False)
    """true: publish the HTML written in content/ as it is, scripts included. Off, it is sanitized (nh3)."""
    attachments = c.Type(bool, default=True)
    """附件: each list as PDF and XLSX under attachments/ (attachments.py)."""
    pdf = c.Type(bool, default=True)
    """false: no PDF attachments (a machine without WeasyPrint/Pango skips them by itself, with a warning)."""
    cache_dir = c.Type(str, default=".cache/publisher")
    """Where attachments made before are kept, relative to mkdocs.yml (a PDF costs seconds; Material's social cards
    are kept the same way). Safe to delete at any time."""
    pdf_font = c.Optional(c.Type(str))
    """The Chinese font file the PDFs embed, relative to mkdocs.yml; default: the first one found."""


class PublisherPlugin(BasePlugin[PublisherConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.dataset: Dataset | None = None
        """Set by ``publisher build``, which has already loaded and checked the data."""
        self.today: date | None = None
        self.model: SiteModel | None = None
        self.renderer: Renderer | None = None
        self.stories: StorySelection | None = None
        self._published: dict[str, Story] = {}
        self.sources: dict[str, str] = {}
        """Output path → where it came from, so a privacy hit names the file staff must fix."""
        self.search_words: Path | None = None
        """The search plugin's user dictionary for this build (see searchwords.py), until it has read it."""
        self.notes: list[str] = []
        """Lines for the build output (stories left out, and why)."""
        nonce = secrets.token_hex(8)
        self._generated = (f"<!-- publisher:generated:{nonce} -->", f"<!-- /publisher:generated:{nonce} -->")
        """Around what the plugin adds to a page of content/, which sanitizing leaves as generated."""

    # --- events ----------------------------------------------------------

    @event_priority(50)  # before the search plugin's on_config, which loads its jieba_dict_user
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        base = Path(config.config_file_path or ".").resolve().parent
        linked = link_problems(Path(config.docs_dir))
        if linked:
            raise PluginError("\n".join(map(str, linked)))
        self._data_dir = base / self.config.data_dir
        self._templates_dir = base / self.config.templates_dir
        add_theme_dirs(config)
        dataset = self.dataset or self._resolve_dataset()
        self.model = build_site_model(dataset, self._resolve_today(), self._templates_dir)
        config.extra["publisher_feeds"] = autodiscovery_links(self.model.words)  # main.html's autodiscovery links
        self.stories = self._resolve_stories(Path(config.docs_dir) / "stories", dataset)
        self._published = {story.src_uri: story for story in self.stories.published}
        self.model.stories = self.stories.published
        self.notes = self.stories.notes()
        if self.config.unsafe_allow_raw_html:  # a note, not a warning: strict builds stop on warnings
            self.notes.append("注意：mkdocs.yml 设置了 unsafe_allow_raw_html: true，content/ 里的 HTML 不经清理直接发布，"
                              "其中的脚本会在访客的浏览器里运行。")
        for note in self.notes:
            log.info(note)
        self.renderer = Renderer(self.model, self._templates_dir)
        search = config.plugins.get(SEARCH)
        if search is not None:  # its jieba learns every name the site shows, so a name typed alone finds its pages
            self._remove_search_words()
            self.search_words = user_dictionary(self.model, search.config.jieba_dict_user)
            search.config.jieba_dict_user = str(self.search_words)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Every on_config ran: the search plugin has read the dictionary, which is never published."""
        self._remove_search_words()

    @event_priority(-50)  # after other plugins added theirs, so a clash with a hand-written page is seen
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.renderer is not None and self.model is not None and self.stories is not None
        for story, _reason in self.stories.hidden:  # drafts and stories of withdrawn nominees never go out
            hidden = files.get_file_from_path(story.src_uri)
            if hidden is not None:
                files.remove(hidden)
        for page in self.renderer.pages():
            self._add(files, File.generated(config, page.src_uri, content=page.markdown))
        site_url = self._resolve_site_url(config)
        generated = {**build_feeds(self.model, site_url), **build_open_data(self.model, site_url),
                     FEEDS_SITEMAP: EMPTY_SITEMAP}
        if self.config.attachments:  # 附件: each list's PDF and XLSX (attachments.py)
            from publisher.channels.attachments import attachment_files

            base = Path(config.config_file_path or ".").resolve().parent
            generated.update(attachment_files(self.model, site_url, templates_dir=self._templates_dir,
                                              font=self.config.pdf_font and base / self.config.pdf_font,
                                              pdf=self.config.pdf, cache_dir=base / self.config.cache_dir,
                                              notes=self.notes))
        for uri, content in sorted(generated.items()):
            self._add(files, File.generated(config, uri, content=content))
        self.sources = {f.dest_uri: ("自动生成" if f.generated_by or not f.abs_src_path else f.abs_src_path) for f in files}
        return files

    @event_priority(-100)  # after the search plugin wrote its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.dataset is None:  # `publisher serve`: say so; `publisher build` refuses such a site (building.py)
            for line in scriptguard.foreign_scripts(config, Path(config.site_dir), self.sources, outcome="发布时会被拒绝"):
                log.warning(line)
        if os.environ.get(PREVIEW) and self.model is not None:  # `publisher serve`: the build's guard, shown on the pages
            privacy.show_leaks(Path(config.site_dir), self.model.dataset, self.sources, log)

    def on_build_error(self, *, error: Exception) -> None:
        self._remove_search_words()

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        assert self.renderer is not None
        page.meta = escape_meta(page.meta)  # front matter is text: the theme prints it as it is
        if page.file.src_uri == "index.md":
            start, end = self._generated
            return f"{markdown.rstrip()}\n\n{start}\n\n{self.renderer.home_section()}\n\n{end}\n"
        story = self._story(page)
        if story is not None:
            return self.renderer.story_header(story) + markdown
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Staff may write or paste raw HTML into content/; whatever could run is removed (nh3).

        Pages generated from data are left alone: their templates escape every value.
        """
        if page.file.generated_by or self.config.unsafe_allow_raw_html:
            return html
        return sanitize_outside(html, *self._generated)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        """Staff edit data and templates while previewing: rebuild on their changes too."""
        for folder in (self._data_dir, self._templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    # --- helpers ---------------------------------------------------------

    def _resolve_dataset(self) -> Dataset:
        try:
            dataset = load_dataset(self._data_dir)
        except DataError as exc:
            raise PluginError(f"数据有 {len(exc.problems)} 个问题：\n{exc}") from None
        from publisher.rules import errors_of, run_rules

        blocking = errors_of(run_rules(dataset))
        if blocking:
            lines = "\n".join(f"[{f.rule}] {f.message}" for f in blocking)
            raise PluginError(f"名单不符合通知要求，不能发布（{len(blocking)} 个错误）：\n{lines}")
        return dataset

    def _resolve_stories(self, folder: Path, dataset: Dataset) -> StorySelection:
        try:
            return load_stories(folder, dataset.nominees)
        except DataError as exc:
            raise PluginError(f"先进事迹有 {len(exc.problems)} 个问题：\n{exc}") from None

    def _story(self, page: Page) -> Story | None:
        """The published story ``page`` shows, if any (asked twice for each of a thousand pages: a lookup)."""
        return self._published.get(page.file.src_uri)

    def _resolve_site_url(self, config: MkDocsConfig) -> str:
        """Feeds and calendars need absolute links: mkdocs.yml's site_url, else program.yaml's."""
        assert self.model is not None
        url = config.site_url or self.model.dataset.program.site_url
        if not url:
            raise PluginError("请在 mkdocs.yml 中设置 site_url（网站的正式地址）：订阅源和日历需要绝对链接。")
        return url

    def _resolve_today(self) -> date:
        wanted = self.config.today or os.environ.get("PUBLISHER_TODAY")  # `publisher serve --today`
        if self.today is None and wanted:
            try:
                self.today = date.fromisoformat(wanted)
            except ValueError:
                raise PluginError(f"publisher: today 应写成 YYYY-MM-DD，而不是 {wanted!r}") from None
        return clock.today(self.today)

    def _add(self, files: Files, file: File) -> None:
        """Refuse to publish two things at one address: one of them would silently vanish."""
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            raise PluginError(f"content/{file.src_uri} 与自动生成的页面同名，请改名或删除该文件。")
        files.append(file)

    def _remove_search_words(self) -> None:
        if self.search_words is not None:
            self.search_words.unlink(missing_ok=True)
            self.search_words = None
