"""附件: each published list as a PDF to print and a workbook to open, made by the build beside its page.

A 公示 is read on paper too: the first stage is mostly pinned on a unit's notice
board, and real pages attach the list with its type and size ("附件：1. 拟表彰对象
名单（PDF，128 KB）"). The PDF is rendered from a print page (``templates/print/``)
made of the page's own partials (title block, window sentence, lists, objection
terms and contacts, signature) and styled by the site's own print stylesheet
(``assets/print.css``, which the pages link with ``media="print"``): a browser's
print of the page and the PDF cannot disagree. The workbook is ``publisher
export``'s list sheet. Both are made from the site model's views only (public
fields), hold nothing the page does not show, and leave the site with the page's
list: a view without people gets none.

The plugin makes them first (:meth:`Attachments.files`), then renders the pages,
which link exactly what was made (:meth:`Attachments.published`, through
``templates/partials/attachments.html.j2``) with its real size. Both are
byte-identical across builds: dates come from the record, never the clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

import jinja2

from publisher import clock
from publisher.channels import qr as qrcodes
from publisher.channels.attachment_cache import AttachmentCache, font_identity
from publisher.channels.pdf import PdfUnavailable, find_font, render_pdf
from publisher.defaults import THEME
from publisher.errors import PublishError, display_path
from publisher.site.model import DecisionView, NoticeView, SiteModel
from publisher.site.pages import environment

View = NoticeView | DecisionView
TEMPLATES = {NoticeView: "print/notice.html.j2", DecisionView: "print/decision.html.j2"}
OBJECTIONS_URL = "objections/"
KINDS = {"pdf": "PDF", "xlsx": "XLSX"}
"""Type labels as pages write them: 附件：拟表彰对象名单（PDF，128 KB）."""
MEDIA_TYPES = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
PRINT_CSS = "assets/print.css"
"""The print stylesheet, where the theme keeps it: the site links it for print, WeasyPrint reads it for the PDF."""
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class Attachment(NamedTuple):
    """One attachment of a page, with what a link to it says."""

    name: str
    """The file name a visitor's browser saves it under: the page's title and the type."""
    path: str
    """Where it lives in the site, e.g. ``attachments/notices/2026-city.pdf``."""
    content: bytes
    kind: str
    """PDF or XLSX."""
    size: str
    """The size the Chinese way: ``128 KB`` (whole kilobytes), ``1.2 MB`` (one decimal)."""
    media_type: str


def size_label(size: int) -> str:
    """Bytes as pages write them: whole KB (halves up, at least 1 KB), from 1024 KB on MB with one decimal."""
    kilobytes = int(size / 1024 + 0.5)
    if kilobytes < 1024:
        return f"{max(1, kilobytes)} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def site_base(view: View) -> str:
    """The attachment's path in the site without its suffix: one folder for all, by kind of page."""
    return f"attachments/notices/{view.id}" if isinstance(view, NoticeView) else "attachments/decision"


def title_of(view: View) -> str:
    return view.notice.title if isinstance(view, NoticeView) else view.decision.title


def moment_of(view: View) -> datetime:
    """When the record last changed (its date or latest correction), at midnight in Beijing: the files' date."""
    return clock.at_midnight(view.updated)


def print_stylesheet(theme_dirs: list[str] | None = None) -> Path:
    """``assets/print.css`` as the site serves it: the first of the theme's folders that has it (MkDocs' own search
    order, a project's ``site_overrides/`` before the package's), else the package's."""
    for folder in theme_dirs or []:
        if (Path(folder) / PRINT_CSS).is_file():
            return Path(folder) / PRINT_CSS
    return THEME / PRINT_CSS


class ChannelRenderer:
    """What print pages and WeChat articles share: one site model, its address, the templates and their words."""

    def __init__(self, model: SiteModel, site_url: str, templates_dir: Path) -> None:
        self.model = model
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.templates_dir = templates_dir
        self.env = environment(templates_dir, model.words)


class PrintPages(ChannelRenderer):
    """Renders the print page (HTML) of a list: what WeasyPrint turns into the PDF, with the site's print.css."""

    def __init__(self, model: SiteModel, site_url: str, templates_dir: Path, stylesheet: Path | None = None) -> None:
        super().__init__(model, site_url, templates_dir)
        self.stylesheet = (stylesheet or print_stylesheet()).resolve()

    def url(self, target: str) -> str:
        """Absolute: a link or a QR code on paper has no page to be relative to."""
        return urljoin(self.site_url, target)

    @property
    def base_url(self) -> str:
        """Anything else a print template names, relative to the stylesheet's folder (the theme's ``assets/``)."""
        return self.stylesheet.parent.as_uri() + "/"

    def html(self, view: View) -> str:
        template = TEMPLATES[type(view)]
        try:
            return self.env.get_template(template).render(
                program=self.model.dataset.program, site=self.model, view=view, title=title_of(view),
                dated=moment_of(view).isoformat(), stylesheet=self.stylesheet.as_uri(),
                page_url=self.url(view.url), objections_url=self.url(OBJECTIONS_URL),
                qr=qrcodes.data_uri, link=self.url, stories_for=self.model.stories_of)
        except jinja2.TemplateSyntaxError as exc:
            where = display_path(Path(exc.filename)) if exc.filename else template
            raise PublishError(f"{where}:{exc.lineno}: 打印模板语法错误：{exc.message}") from None
        except jinja2.TemplateError as exc:
            raise PublishError(f"{display_path(self.templates_dir / template)}: 打印模板出错：{exc}") from None


class Attachments:
    """The attachments of every list in one site model, each file made once and kept.

    ``pdf=False`` (a setting) leaves the PDFs out; so does a machine that cannot
    make them (:class:`PdfUnavailable`), with a warning in :attr:`notes` instead
    of a failed build. ``font``: the Chinese font file (else the first one found).
    ``cache_dir``: where files made before are kept (:class:`AttachmentCache`): a
    PDF of 250 names takes seconds, so a daily rebuild makes only what changed.
    ``stylesheet``: the print.css the site links (:func:`print_stylesheet`; default the package's).
    """

    def __init__(self, model: SiteModel, site_url: str, *, templates_dir: Path, font: str | Path | None = None,
                 pdf: bool = True, cache_dir: Path | None = None, stylesheet: Path | None = None) -> None:
        self.model = model
        self.printer = PrintPages(model, site_url, templates_dir, stylesheet)
        self.font_setting = font
        self.pdf_enabled = pdf
        self.notes: list[str] = []
        self._font: Path | None = None
        self._cache = AttachmentCache(cache_dir, templates_dir) if cache_dir is not None else None
        self._made: dict[str, list[Attachment]] = {}
        self._files: dict[str, bytes] | None = None

    def views(self) -> list[View]:
        """The lists that carry attachments: every notice and the decision, while they list anyone."""
        views: list[View] = [*self.model.notices, *([self.model.decision] if self.model.decision else [])]
        return [v for v in views if v.collectives or v.individuals]

    def _pdf_font(self) -> Path | None:
        """The font to embed, found once; None (with a note) when this machine cannot make PDFs."""
        if not self.pdf_enabled:
            return None
        if self._font is None:
            try:
                self._font = find_font(self.font_setting)
            except PdfUnavailable as exc:
                self._skip(exc)
        return self._font

    def _pdf(self, view: View, font: Path) -> bytes:
        return render_pdf(self.printer.html(view), font=font, base_url=self.printer.base_url)

    def _xlsx(self, view: View) -> bytes:
        from publisher.channels.attachment_sheet import xlsx_bytes  # openpyxl: imported only when a workbook is made

        return xlsx_bytes(self.model, view)

    def _made_or_cached(self, view: View, suffix: str, make: Callable[[], bytes], *extra: object) -> bytes:
        if self._cache is None:
            return make()
        revocations = self.model.revocations if isinstance(view, DecisionView) else None
        key = self._cache.key(suffix, view, self.model.dataset.program, revocations, self.printer.site_url, *extra)
        data = self._cache.get(key, suffix)
        if data is None:
            data = make()
            self._cache.put(key, suffix, data)
        return data

    def _skip(self, exc: PdfUnavailable) -> None:
        self.pdf_enabled = False
        self.notes.append(f"警告：本次生成的网站没有 PDF 附件（Excel 附件照常生成）。{exc}")

    def of(self, view: View) -> list[Attachment]:
        """The view's attachments, PDF first: what a page links as 附件."""
        base = site_base(view)
        if base in self._made:
            return self._made[base]
        stem = _UNSAFE_IN_NAME.sub("_", title_of(view))
        made: list[tuple[str, bytes]] = []
        if view.collectives or view.individuals:
            font = self._pdf_font()
            if font is not None:
                try:
                    made.append(("pdf", self._made_or_cached(view, "pdf", lambda: self._pdf(view, font),
                                                             font_identity(font), self._stylesheet_bytes())))
                except PdfUnavailable as exc:
                    self._skip(exc)
            made.append(("xlsx", self._made_or_cached(view, "xlsx", lambda: self._xlsx(view))))
        self._made[base] = [Attachment(f"{stem}.{suffix}", f"{base}.{suffix}", content, KINDS[suffix],
                                       size_label(len(content)), MEDIA_TYPES[suffix]) for suffix, content in made]
        return self._made[base]

    def _stylesheet_bytes(self) -> bytes:
        """print.css as it is now, for the cache key: a change of the print look makes every PDF anew."""
        try:
            return self.printer.stylesheet.read_bytes()
        except OSError as exc:
            raise PublishError(f"无法读取打印样式 {display_path(self.printer.stylesheet)}：{exc}") from None

    def files(self) -> dict[str, bytes]:
        """Site path → bytes for every attachment, for the build to publish (the cache keeps only these).

        Made on the first call and kept: the pages, rendered after, link exactly these.
        """
        if self._files is None:
            self._files = {a.path: a.content for view in self.views() for a in self.of(view)}
            if self._cache is not None:
                self._cache.prune()
        return self._files

    def published(self, view: View) -> list[Attachment]:
        """What a page links as 附件: the view's files among :meth:`files`, so a page never links a file the site
        does not have (a list without people, a PDF this machine could not make)."""
        files = self.files()
        return [a for a in self._made.get(site_base(view), []) if a.path in files]
