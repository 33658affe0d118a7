"""Text that a spreadsheet will not run: the one helper every CSV and xlsx writer uses.

Names, units and titles come from recommenders' spreadsheets; the publisher writes
them back out into the open-data CSV, the exported lists and the template. A cell
whose text starts with ``=``, ``+``, ``-`` or ``@`` is read by Excel, WPS and
LibreOffice as a formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``), and a leading
tab or carriage return hides such a start from a reader while some programs strip it
before parsing. As OWASP recommends ("CSV Injection"), such text is written with a
single quote in front: every program shows it as text and none runs it.

Two choices beyond OWASP's list, made because the files are read in China:

* the full-width forms ``＝＋－＠`` (and the other compatibility forms NFKC folds to
  the same four) count as triggers. Excel and WPS with a Chinese input method may turn
  a full-width ``＝`` at the start of a cell into a formula (decided, not measured: no
  Excel or WPS here to try), and no name or unit legitimately starts with one, so a
  quote costs nothing;
* leading whitespace (spaces, U+3000) is looked through: LibreOffice's CSV import can
  trim it ("Trim spaces") before deciding what a cell is.

In an xlsx file every string is also stored as a string (``data_type "s"``), never as a
formula or an error value (openpyxl reads ``=…`` as a formula and ``#N/A`` as an error
when a value is assigned). The JSON open data keeps the raw value: JSON is not a
spreadsheet, and its readers (programs) need the text as it is.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # the open-data CSV uses this module during a build: no openpyxl import for it
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

TRIGGERS = frozenset("=+-@")
"""What a spreadsheet reads as the start of a formula (after NFKC and leading whitespace)."""
HIDERS = frozenset("\t\r")
"""Control characters that hide a formula's start from a reader (OWASP's tab and carriage return)."""
QUOTE = "'"

T = TypeVar("T")


def trigger(text: str) -> str | None:
    """The character that makes ``text`` a formula to a spreadsheet, as written; None for plain text."""
    if not text:
        return None
    if text[0] in HIDERS:
        return text[0]
    stripped = text.lstrip()
    if stripped and unicodedata.normalize("NFKC", stripped[0])[:1] in TRIGGERS:
        return stripped[0]
    return None


def inert(value: T) -> T | str:
    """``value`` as safe cell text: a string a spreadsheet would run gets a leading quote; others pass."""
    if isinstance(value, str) and trigger(value) is not None:
        return QUOTE + value
    return value


def put(sheet: Worksheet, row: int, col: int, value: object) -> Cell:
    """Write ``value`` to a cell as data: inert text stored as a string, numbers and dates as themselves."""
    cell = sheet.cell(row, col)
    cell.value = inert(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell
