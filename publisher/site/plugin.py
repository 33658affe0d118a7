"""The MkDocs plugin: data in, generated pages out, nothing written into ``content/``.

Thin on purpose. Loading, rules, the site model and rendering live in their own
modules; the plugin only wires them into MkDocs' events. Pages are added as
in-memory files (``File.generated``), so the media team's ``content/`` folder
stays theirs and a build never leaves generated files behind.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from publisher import clock
from publisher.data.dataset import Dataset, load_dataset
from publisher.data.symlinks import link_problems
from publisher.defaults import add_theme_dirs
from publisher.errors import DataError, PublishError
from publisher.guards import privacy
from publisher.guards import script_guard as scriptguard
from publisher.rules import refuse_on_errors
from publisher.site import sitemap
from publisher.site.config import PublisherConfig
from publisher.site.escaping import GeneratedMarks, escape_meta
from publisher.site.feeds import autodiscovery_links, build_feeds
from publisher.site.identity import check_pictures, identity_of
from publisher.site.model import SiteModel, build_site_model
from publisher.site.open_data import build_open_data
from publisher.site.page_meta import SiteMetadata
from publisher.site.pages import Renderer, no_attachments
from publisher.site.retention import GONE_DIR, gone_markers
from publisher.site.search_words import user_dictionary
from publisher.site.stories import Story, StorySelection, load_stories

if TYPE_CHECKING:
    from publisher.channels.attachments import Attachments

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
        """The search plugin's user dictionary for this build (see search_words.py), until it has read it."""
        self.notes: list[str] = []
        """Lines for the build output (stories left out, and why)."""
        self._marks = GeneratedMarks.fresh()
        self._nav: Navigation | None = None
        self.metadata: SiteMetadata | None = None
        """Each page's <meta> tags (page_meta.py), handed to the theme by on_page_context."""

    # --- events ----------------------------------------------------------

    @event_priority(50)  # before the search plugin's on_config, which loads its jieba_dict_user
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._resolve_folders(config)
        add_theme_dirs(config)
        dataset = self.dataset or self._resolve_dataset()
        self.stories = self._resolve_stories(Path(config.docs_dir) / "stories", dataset)
        self.model = build_site_model(dataset, self._resolve_today(), self.stories.published,
                                      templates_dir=self._templates_dir)
        self.renderer = Renderer(self.model, self._templates_dir)
        self.notes = self._resolve_notes()
        self._resolve_feeds(config)
        config.extra["publisher_identity"] = identity_of(dataset.program, self.model.words)  # the footer, 404 page
        self._resolve_metadata(config)
        self._generate_search_words(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Every on_config ran: the search plugin has read the dictionary, which is never published."""
        self._remove_search_words()

    @event_priority(-50)  # after other plugins added theirs, so a clash with a hand-written page is seen
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.renderer is not None
        self._check_pictures(files)  # content/'s pictures are all here: before any attachment is made
        self._remove_hidden_stories(files)
        attachments = self._generate_attachments(config)  # 附件 first: the pages link them with their real sizes
        for page in self.renderer.pages(no_attachments if attachments is None else attachments.published):
            self._add(files, File.generated(config, page.src_uri, content=page.markdown))
        generated = self._generate_files(config)
        if attachments is not None:
            generated.update(attachments.files())  # made above and kept, not made again
        for uri, content in sorted(generated.items()):
            # MkDocs leaves out dot folders unless told: the 410 markers live in one (site/retention.py)
            inclusion = InclusionLevel.INCLUDED if uri.startswith(GONE_DIR + "/") else InclusionLevel.UNDEFINED
            self._add(files, File.generated(config, uri, content=content, inclusion=inclusion))
        self.sources = _resolve_sources(files)
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self._nav = nav
        return nav

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        """Every page is read and has its title: the 网站地图 lists them all, grouped as the nav groups them."""
        assert self.renderer is not None and self._nav is not None
        page = files.get_file_from_path(sitemap.SRC_URI)
        if page is not None and page.generated_by and page.page is not None:
            words = self.renderer.model.words
            found = sitemap.groups(self._nav, (f.page for f in files.documentation_pages() if f.page is not None),
                                   words.identity.sitemap_other)
            sitemap.fill(page.page, self.renderer.sitemap_list(found))
        return env

    @event_priority(-100)  # after the search plugin wrote its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.dataset is None:  # `publisher serve`: say so; `publisher build` refuses such a site (build.py)
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
            return self._marks.append(markdown, self.renderer.home_section())
        story = self._published.get(page.file.src_uri)  # asked for each of a thousand pages: a lookup
        if story is not None:
            return self.renderer.story_header(story) + markdown
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Staff may write or paste raw HTML into content/; whatever could run is removed (nh3).

        Pages generated from data are left alone: their templates escape every value.
        """
        if page.file.generated_by or self.config.unsafe_allow_raw_html:
            return html
        return self._marks.sanitize(html)

    def on_page_context(self, context, /, *, page: Page, config: MkDocsConfig, nav):  # noqa: ANN001, ANN201
        """The page's metadata for the theme's <head> (page_meta.py): computed from the model, escaped by the theme."""
        if self.metadata is not None:
            context["publisher_page_meta"] = self.metadata.for_page(page.file.src_uri)
        return context

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        """Staff edit data and templates while previewing: rebuild on their changes too."""
        for folder in (self._data_dir, self._templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    # --- helpers ---------------------------------------------------------

    def _resolve_folders(self, config: MkDocsConfig) -> None:
        """The project's folders, from mkdocs.yml's place; content/ refused if a link in it leads outside."""
        linked = link_problems(Path(config.docs_dir))
        if linked:
            raise PluginError("\n".join(map(str, linked)))
        self._base = Path(config.config_file_path or ".").resolve().parent
        self._data_dir = self._base / self.config.data_dir
        self._templates_dir = self._base / self.config.templates_dir

    def _resolve_dataset(self) -> Dataset:
        """The data, loaded and checked as ``publisher build`` checks it (one refusal, one message)."""
        try:
            dataset = load_dataset(self._data_dir)
            refuse_on_errors(dataset)
        except DataError as exc:
            raise PluginError(f"数据有 {len(exc.problems)} 个问题：\n{exc}") from None
        except PublishError as exc:
            raise PluginError(str(exc)) from None
        return dataset

    def _resolve_stories(self, folder: Path, dataset: Dataset) -> StorySelection:
        try:
            stories = load_stories(folder, dataset.nominees)
        except DataError as exc:
            raise PluginError(f"先进事迹有 {len(exc.problems)} 个问题：\n{exc}") from None
        self._published = {story.src_uri: story for story in stories.published}
        return stories

    def _resolve_today(self) -> date:
        wanted = self.config.today or os.environ.get("PUBLISHER_TODAY")  # `publisher serve --today`
        if self.today is None and wanted:
            try:
                self.today = date.fromisoformat(wanted)
            except ValueError:
                raise PluginError(f"publisher: today 应写成 YYYY-MM-DD，而不是 {wanted!r}") from None
        return clock.today(self.today)

    def _resolve_notes(self) -> list[str]:
        """What the build leaves out, and why, for the build output (notes, not warnings: strict builds stop on those)."""
        assert self.stories is not None
        notes = self.stories.notes()
        if self.config.unsafe_allow_raw_html:
            notes.append("注意：mkdocs.yml 设置了 unsafe_allow_raw_html: true，content/ 里的 HTML 不经清理直接发布，"
                         "其中的脚本会在访客的浏览器里运行。")
        for note in notes:
            log.info(note)
        return notes

    def _resolve_site_url(self, config: MkDocsConfig) -> str:
        """Feeds and calendars need absolute links: mkdocs.yml's site_url, else program.yaml's."""
        assert self.model is not None
        url = config.site_url or self.model.dataset.program.site_url
        if not url:
            raise PluginError("请在 mkdocs.yml 中设置 site_url（网站的正式地址）：订阅源和日历需要绝对链接。")
        return url

    def _resolve_feeds(self, config: MkDocsConfig) -> None:
        """The theme's feed autodiscovery links (``<link rel="alternate">``) come from the list of feeds."""
        assert self.model is not None
        config.extra["publisher_feeds"] = autodiscovery_links(self.model.words)

    def _resolve_metadata(self, config: MkDocsConfig) -> None:
        """Site-level tags for pages no event reaches (404.html); each page gets its own in on_page_context."""
        assert self.model is not None
        self.metadata = SiteMetadata(self.model, config.site_name, config.site_url or self.model.dataset.program.site_url or "")
        config.extra["publisher_page_meta"] = self.metadata.site()

    def _generate_search_words(self, config: MkDocsConfig) -> None:
        """Material's search learns every name the site shows (jieba_dict_user), so a name typed alone finds its pages."""
        assert self.model is not None
        search = config.plugins.get(SEARCH)
        if search is not None:
            self._remove_search_words()
            self.search_words = user_dictionary(self.model, search.config.jieba_dict_user)
            search.config.jieba_dict_user = str(self.search_words)

    def _generate_files(self, config: MkDocsConfig) -> dict[str, bytes]:
        """Feeds, open data and the 410 markers of retired lists' files, by output path."""
        assert self.model is not None
        site_url = self._resolve_site_url(config)
        return {**build_feeds(self.model, site_url), **build_open_data(self.model, site_url),
                **gone_markers(self.model), FEEDS_SITEMAP: EMPTY_SITEMAP}

    def _generate_attachments(self, config: MkDocsConfig) -> Attachments | None:
        """附件: each list's PDF and XLSX (publisher.channels.attachments), made now, before the pages that link them;
        the PDFs are styled by the print.css the site serves (the theme's search order)."""
        if not self.config.attachments:
            return None
        from publisher.channels.attachments import Attachments, print_stylesheet

        assert self.model is not None
        attachments = Attachments(self.model, self._resolve_site_url(config), templates_dir=self._templates_dir,
                                  font=self.config.pdf_font and self._base / self.config.pdf_font,
                                  pdf=self.config.pdf, cache_dir=self._base / self.config.cache_dir,
                                  stylesheet=print_stylesheet(list(config.theme.dirs)))
        attachments.files()
        self.notes.extend(attachments.notes)
        return attachments

    def _check_pictures(self, files: Files) -> None:
        """The 备案 icon and the 党政机关 标识 program.yaml names must be pictures the site publishes."""
        assert self.model is not None
        dataset = self.model.dataset
        try:
            check_pictures(dataset.root / "program.yaml", dataset.program, files)
        except DataError as exc:
            raise PluginError(f"网站标识的图片有 {len(exc.problems)} 个问题：\n{exc}") from None

    def _remove_hidden_stories(self, files: Files) -> None:
        """Drafts and stories of withdrawn nominees never go out."""
        assert self.stories is not None
        for story, _reason in self.stories.hidden:
            hidden = files.get_file_from_path(story.src_uri)
            if hidden is not None:
                files.remove(hidden)

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


def _resolve_sources(files: Files) -> dict[str, str]:
    """Output path → the file it came from, or 自动生成: a guard's finding names what staff must fix."""
    return {f.dest_uri: ("自动生成" if f.generated_by or not f.abs_src_path else f.abs_src_path) for f in files}
