"""The workbook attachment (附件 XLSX): ``publisher export``'s list sheet, alone, with the record's dates.

The sheet is the export's own (:mod:`publisher.sheets.exporting`), so the file a
visitor downloads and the one staff print with ``publisher export`` look alike.
Two things differ, both on purpose: the export's second sheet, 合规统计, names
findings and data files and is internal, so it is never made here (it would
also cost seconds a list on a large program); and the dates inside the file are
the record's, not the clock's, so two builds give the same bytes.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from publisher import clock
from publisher.sheets.exporting import ORDER_WORDS, Listing
from publisher.site.model import DecisionView, NoticeView, SiteModel


def _order_note(order: str) -> str:
    return f"（按推荐单位顺序排列，同一推荐单位内{ORDER_WORDS.get(order, '')}）"


def listing_of(model: SiteModel, view: NoticeView | DecisionView) -> Listing:
    """The view's list as the export lays it out (``notice_listing``/``decision_listing``; a test holds them equal).

    Made from the view at hand: those two rebuild the whole site model for each
    list, half a second per list at ten thousand nominees.
    """
    program = model.dataset.program
    if isinstance(view, NoticeView):
        sections = ((f"{program.collective_title}（{len(view.collectives)}个）", view.collectives),
                    (f"{program.individual_title}（{len(view.individuals)}名）", view.individuals))
        subtitle = f"依据{program.document_number}　公示期：{view.window.describe()}"
        return Listing(view.notice.title, subtitle, sections, _order_note(program.name_order))
    sections = ((f"{program.collective_title}名单（{len(view.collectives)}个）", view.collectives),
                (f"{program.individual_title}名单（{len(view.individuals)}名）", view.individuals))
    return Listing(view.decision.title, view.decision.document_number, sections, _order_note(view.order))


def xlsx_bytes(model: SiteModel, view: NoticeView | DecisionView) -> bytes:
    """The list sheet of ``publisher export`` for the view, as the bytes of an .xlsx file."""
    from openpyxl import Workbook

    from publisher.sheets.exporting import list_sheet  # the export's list sheet, without its internal second sheet

    listing = listing_of(model, view)
    book = Workbook()
    list_sheet(book, listing)
    book.properties.title = listing.title
    book.properties.language = "zh-CN"
    out = io.BytesIO()
    book.save(out)
    return _fixed_dates(out.getvalue(), clock.at_midnight(view.updated))


def _fixed_dates(xlsx: bytes, moment: datetime) -> bytes:
    """The workbook with its document dates and zip entry times set to ``moment``, so each build's bytes agree.

    openpyxl stamps the time of saving into docProps/core.xml and every zip
    entry; the parts are rewritten here with the record's date instead.
    """
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import fromstring, tostring

    utc = moment.astimezone(UTC).replace(tzinfo=None)  # openpyxl writes naive times as UTC
    stamp = (moment.year, moment.month, moment.day, 0, 0, 0)
    out = io.BytesIO()
    with ZipFile(io.BytesIO(xlsx)) as source, ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":
                properties = DocumentProperties.from_tree(fromstring(data))
                properties.created = properties.modified = utc
                data = tostring(properties.to_tree())
            fixed = ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type, fixed.create_system, fixed.external_attr = ZIP_DEFLATED, 3, 0o600 << 16
            target.writestr(fixed, data)
    return out.getvalue()
