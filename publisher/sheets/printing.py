"""How an exported sheet prints: A4 portrait, one page wide, header row on every page.

Office staff print lists for signatures and for the file (归档); a sheet that
spills onto a second page sideways, or whose later pages lack the column
headers, gets reprinted by hand. So every export is set up for printing before
anyone opens it. Every cell is written through :func:`.formulas.put`, so no name
or title from the data can become a formula.
"""

from __future__ import annotations

import math

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from publisher.sheets.formulas import put

TITLE_FONT = Font(name="黑体", size=16, bold=True)
SUBTITLE_FONT = Font(name="仿宋", size=12)
HEADER_FONT = Font(name="黑体", size=11, bold=True)
SECTION_FONT = Font(name="黑体", size=12, bold=True)
BODY_FONT = Font(name="宋体", size=11)
HEADER_FILL = PatternFill("solid", fgColor="EDEDED")
THIN = Side(style="thin", color="000000")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
LINE_HEIGHT = 15
"""Points per printed line at 11 pt; Excel does not grow rows of merged cells, so those are sized here."""


def set_widths(sheet: Worksheet, widths: tuple[int, ...]) -> None:
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width


def merged_row(sheet: Worksheet, row: int, last_col: int, text: str, font: Font, align: Alignment = CENTER,
               height: float | None = None) -> None:
    """A row that is one cell across the table (title, document number, a section heading)."""
    cell = put(sheet, row, 1, text)
    cell.font, cell.alignment = font, align
    if last_col > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    if height:
        sheet.row_dimensions[row].height = height


def header_row(sheet: Worksheet, row: int, headers: tuple[str, ...]) -> None:
    for n, text in enumerate(headers, start=1):
        cell = put(sheet, row, n, text)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BOX


def body_row(sheet: Worksheet, row: int, values: tuple[object, ...], centered: tuple[int, ...] = (1,)) -> None:
    """One boxed row; the columns in ``centered`` (1-based) are centred, the rest left-aligned and wrapped."""
    for n, value in enumerate(values, start=1):
        cell = put(sheet, row, n, value)
        cell.font, cell.border = BODY_FONT, BOX
        cell.alignment = CENTER if n in centered else LEFT


def lines_needed(text: str, width_chars: float) -> int:
    """Printed lines of ``text`` in a column ``width_chars`` wide; a Chinese character takes two."""
    per_line = max(width_chars / 2, 1)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in text.split("\n"))


def for_a4(sheet: Worksheet, title_rows: str) -> None:
    """A4 portrait, fitted to one page wide (any number of pages tall), ``title_rows`` repeated on each page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.oddFooter.center.size = 9
