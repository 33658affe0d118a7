"""``publisher export``: a published list as a workbook to print, with the check's counts beside it.

The list is taken from :func:`~publisher.site.model.build_site_model`, the very
model the site's pages are rendered from, so the workbook shows the same
people in the same order as the 公示 or 决定 page, and only their public
fields (:class:`~publisher.site.public_view.PublicNominee`): what can be printed is what
may be published. The second sheet, 合规统计, is :mod:`.compliance`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from publisher.data.dataset import Dataset
from publisher.errors import PublishError, display_path
from publisher.sheets.compliance import write_compliance
from publisher.sheets.printing import (
    SECTION_FONT,
    SUBTITLE_FONT,
    TITLE_FONT,
    body_row,
    for_a4,
    header_row,
    merged_row,
    set_widths,
)
from publisher.site.model import build_site_model
from publisher.site.public_view import PublicNominee

LIST_SHEET = "名单"
HEADERS = ("序号", "名称", "备注", "工作单位及职务", "推荐单位")
WIDTHS = (6, 30, 12, 44, 18)
HEADER_ROW = 3
ORDER_WORDS = {"stroke": "按姓氏笔画排序", "pinyin": "按姓名拼音排序", "as-listed": "按报送顺序排列"}


@dataclass(frozen=True)
class Listing:
    """A list as published: its title, the document-number line, and its sections in page order."""

    title: str
    subtitle: str
    sections: tuple[tuple[str, list[PublicNominee]], ...]
    """(heading, people): collectives first, then individuals."""
    note: str

    @property
    def counts(self) -> str:
        (_, collectives), (_, individuals) = self.sections
        return f"{len(collectives)} 个集体、{len(individuals)} 名个人"


def _note(order: str) -> str:
    return f"（按推荐单位顺序排列，同一推荐单位内{ORDER_WORDS.get(order, '')}）"


def decision_listing(dataset: Dataset, today: date) -> Listing:
    """The 表彰决定's lists, as the decision page shows them."""
    view = build_site_model(dataset, today).decision
    if view is None:
        raise PublishError(f"还没有表彰决定：请先填写 {display_path(dataset.root / 'decision.yaml')}，"
                           "并把获表彰对象的状态改为 commended。")
    program = dataset.program
    sections = ((f"{program.collective_title}名单（{len(view.collectives)}个）", view.collectives),
                (f"{program.individual_title}名单（{len(view.individuals)}名）", view.individuals))
    return Listing(view.decision.title, view.decision.document_number, sections, _note(view.order))


def notice_listing(dataset: Dataset, notice_id: str, today: date) -> Listing:
    """One 公示's list in its own order, as its page shows it."""
    views = {v.id: v for v in build_site_model(dataset, today).notices}
    view = views.get(notice_id)
    if view is None:
        close = difflib.get_close_matches(notice_id, list(views), n=3, cutoff=0.5)
        known = "、".join(close or views) or "（还没有任何公示）"
        raise PublishError(f"没有编号为“{notice_id}”的公示。{'相近' if close else '已有'}的编号：{known}。")
    program = dataset.program
    subtitle = f"依据{program.document_number}　公示期：{view.window.describe()}"
    sections = ((f"{program.collective_title}（{len(view.collectives)}个）", view.collectives),
                (f"{program.individual_title}（{len(view.individuals)}名）", view.individuals))
    return Listing(view.notice.title, subtitle, sections, _note(program.name_order))


def row_values(n: int, person: PublicNominee) -> tuple[object, ...]:
    """序号, 名称, 备注 (女、民族、追授), 工作单位及职务, 推荐单位 — public fields only."""
    if person.kind == "collective":
        return (n, person.name, "", "", person.recommender_name)
    return (n, person.name, "，".join(person.notes), person.unit_and_position, person.recommender_name)


def list_sheet(book: Workbook, listing: Listing) -> None:
    sheet = book.active
    sheet.title = LIST_SHEET
    last = len(HEADERS)
    set_widths(sheet, WIDTHS)
    merged_row(sheet, 1, last, listing.title, TITLE_FONT, height=40)
    merged_row(sheet, 2, last, listing.subtitle, SUBTITLE_FONT, height=22)
    header_row(sheet, HEADER_ROW, HEADERS)
    row = HEADER_ROW + 1
    for heading, people in listing.sections:
        if not people:
            continue
        merged_row(sheet, row, last, heading, SECTION_FONT, height=24)
        row += 1
        for n, person in enumerate(people, start=1):
            body_row(sheet, row, row_values(n, person))
            row += 1
    merged_row(sheet, row + 1, last, listing.note, SUBTITLE_FONT)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    for_a4(sheet, f"{HEADER_ROW}:{HEADER_ROW}")


def write_export(path: Path, listing: Listing, dataset: Dataset, today: date) -> int:
    """The list sheet, then 合规统计; returns how many errors the check found (the sheet lists them).

    Raises :class:`PublishError` when the file cannot be written.
    """
    book = Workbook()
    list_sheet(book, listing)
    findings = write_compliance(book, dataset, today)
    try:
        book.save(path)
    except OSError as exc:
        raise PublishError(f"无法写入 {display_path(path)}：{exc.strerror}（文件是否正在 Excel/WPS 中打开？）") from None
    return sum(1 for f in findings if f.severity == "error")
