"""Rendering the site model into Markdown pages with Jinja2.

Templates live in the project's ``templates/`` folder so a site owner can change
wording and layout without touching code. Autoescaping is on for every template:
names and units come from many hands, and a stray ``<`` must never become markup.
The Markdown they produce is parsed again by MkDocs, so templates put data only in
raw HTML blocks or through the ``md_text`` filter (see :mod:`publisher.site.escaping`).
Links inside HTML blocks are not rewritten by MkDocs, so templates get a ``rel``
helper that makes them relative to the page (the site works from any prefix and
from ``file://``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import jinja2

from publisher.data.workdays import chinese_date
from publisher.defaults import template_dirs
from publisher.errors import PublishError, display_path
from publisher.site import sitemap
from publisher.site.documents import xxgk_of
from publisher.site.escaping import md_text, paragraphs
from publisher.site.identity import CONTACT_URL, SITEMAP_URL
from publisher.site.model import DecisionView, NoticeView, SiteModel, corrections_of
from publisher.site.stories import Story, index_context
from publisher.site.words import Words

AttachmentsOf = Callable[[NoticeView | DecisionView], Sequence[object]]
"""A list's published 附件 (``Attachments.published``): the build makes them before the pages that link them."""


def no_attachments(view: NoticeView | DecisionView) -> Sequence[object]:
    return ()


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes in the site and its Markdown."""

    src_uri: str
    url: str
    markdown: str


def rel(target: str, page_url: str) -> str:
    """``target`` (a site-root URL like ``notices/x/``) relative to the page at ``page_url``."""
    base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""
    out = posixpath.relpath(target or ".", base or ".")
    return out + "/" if target.endswith("/") and not out.endswith("/") else out


def environment(templates_dir: Path | None, words: Words) -> jinja2.Environment:
    """Every template gets the table of display words as ``words`` (:mod:`publisher.site.words`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dirs(templates_dir)),  # the project's own files first
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cn_date"] = chinese_date
    env.filters["md_text"] = md_text
    env.filters["paragraphs"] = paragraphs
    env.filters["day_before"] = lambda day: day - timedelta(days=1)
    env.globals["corrections_of"] = corrections_of
    env.globals["words"] = words
    return env


def _template_problem(exc: jinja2.TemplateError, wanted: Path) -> str:
    """Name the template file and line a site owner broke, in words they can act on."""
    if isinstance(exc, jinja2.TemplateNotFound):
        return (f"{display_path(wanted)}: 找不到页面模板 {exc.name}：项目的 templates/ 和 publisher 自带的模板里"
                "都没有这个文件，请检查文件名。")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{display_path(exc.filename or wanted)}:{exc.lineno}: 页面模板语法错误：{exc.message}"
    where = display_path(wanted)
    tb = exc.__traceback__
    while tb is not None:  # Jinja maps its frames to template lines: report the innermost template line
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            where = f"{display_path(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return f"{where}: 页面模板出错：{exc.message}"


class Renderer:
    """Renders every public page of one site model."""

    def __init__(self, model: SiteModel, templates_dir: Path) -> None:
        self.model = model
        self.env = environment(templates_dir, model.words)
        self.env.globals["xxgk"] = xxgk_of(model.documents)  # the 信息公开 block's values (partials/xxgk.html.j2)
        self.program = model.dataset.program
        self.templates_dir = templates_dir

    def _render(self, template: str, url: str, **context: object) -> str:
        def link(target: str) -> str:
            return rel(target, url)

        try:
            return self.env.get_template(template).render(
                program=self.program, site=self.model, today=self.model.today, link=link,
                stories_for=self.model.stories_of, **context)
        except jinja2.TemplateError as exc:
            raise PublishError(_template_problem(exc, self.templates_dir / template)) from None

    def home_section(self) -> str:
        """Appended to the office's own ``index.md``: the notices grouped by status."""
        return self._render("home.md.j2", "", groups=self.model.grouped())

    def story_header(self, story: Story) -> str:
        """A story's title, byline and cover, from its front matter, above the media team's text."""
        return self._render("story_header.md.j2", story.url, story=story,
                            names=[self.model.public_nominee(i).display_name for i in story.nominees])

    def stories_index(self) -> Page:
        context = index_context(self.model.stories, self.model.public_nominee)
        return Page("stories/index.md", "stories/", self._render("stories.md.j2", "stories/", **context))

    def sitemap_list(self, groups: list[sitemap.Group]) -> str:
        """The 网站地图's list, once every page of the site is known (:mod:`publisher.site.sitemap`)."""
        return self._render("partials/sitemap.html.j2", SITEMAP_URL, groups=groups)

    def notice(self, view: NoticeView, attachments: AttachmentsOf = no_attachments) -> Page:
        return Page(f"notices/{view.id}.md", view.url,
                    self._render("notice.md.j2", view.url, view=view, attachments=attachments(view)))

    def pages(self, attachments: AttachmentsOf = no_attachments) -> list[Page]:
        """Every generated page; ``attachments`` gives each list's published 附件, with their real sizes."""
        model = self.model
        pages = [self.notice(v, attachments) for v in model.notices]
        pages.append(Page("notices/index.md", "notices/", self._render("notices.md.j2", "notices/")))
        pages.append(Page("objections.md", "objections/", self._render("objections.md.j2", "objections/")))
        pages.append(self.stories_index())
        pages.append(Page("open-data.md", "open-data/", self._render("open_data.md.j2", "open-data/")))
        pages.append(Page("contact.md", CONTACT_URL, self._render("contact.md.j2", CONTACT_URL)))
        pages.append(Page(sitemap.SRC_URI, SITEMAP_URL, self._render("sitemap.md.j2", SITEMAP_URL)))
        if model.decision is None:  # the nav links the decision from day one; say it is not out yet
            pages.append(Page("decision/index.md", "decision/", self._render("decision_pending.md.j2", "decision/")))
        else:
            pages.append(Page("decision/index.md", "decision/",
                              self._render("decision.md.j2", "decision/", view=model.decision,
                                           attachments=attachments(model.decision))))
            for rv in model.revocations:
                pages.append(Page(f"decision/{rv.revocation.id}.md", rv.url,
                                  self._render("revocation.md.j2", rv.url, view=rv)))
        return pages
