"""Read a filled workbook or a CSV into plain tables: headers and numbered rows.

A workbook says the kind by its sheet (集体, 个人); a CSV holds one table, so it
either has a 类别 column (集体/个人 per row) or only one kind's columns (then
its 姓名 or 集体名称 header says which). CSV files come from Excel and WPS in
UTF-8 (with or without BOM) or GBK/GB18030; the encoding is detected, never
asked for, and reported so that a wrong guess would be visible.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import olefile
import openpyxl
from openpyxl.utils import get_column_letter

from publisher.errors import PublishError, display_path
from publisher.sheets.cells import blank
from publisher.sheets.columns import (
    HELP_SHEET,
    KIND_HEADER,
    LISTS_SHEET,
    NAME_HEADERS,
    SHEET_NAMES,
    Kind,
    columns_of,
    normal_header,
)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
OLD_FORMATS = (".xls", ".et", ".ods", ".numbers")
HEADER_SEARCH_ROWS = 10
"""Rows searched for a header row that is not row 1 (a title or a note typed above it)."""
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file: .xls, .et, and any password-protected Office file."""


@dataclass
class Table:
    """One sheet (or the CSV): its header texts and its non-empty rows, numbered as the program shows them."""

    index: int
    name: str
    kind: Kind | None
    """The sheet's kind; None for a CSV whose 类别 column says it per row."""
    headers: list[str]
    rows: list[tuple[int, tuple[object, ...]]]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, 1-based column) → formula text of every formula cell; the cell itself reads as empty."""


@dataclass
class Source:
    path: Path
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    """What staff should know about how the file was read (encoding, sheets ignored)."""


def _rows(values: list[tuple[object, ...]]) -> list[tuple[int, tuple[object, ...]]]:
    """Row numbers from 2 (row 1 is the header); rows with nothing in them are left out."""
    return [(n, row) for n, row in enumerate(values, start=2) if not all(blank(v) for v in row)]


def _table(index: int, name: str, kind: Kind | None, values: list[tuple[object, ...]],
           formulas: dict[tuple[int, int], str] | None = None) -> Table:
    header = list(values[0]) if values else []
    while header and blank(header[-1]):
        header.pop()
    return Table(index, name, kind, [normal_header(h) for h in header], _rows(values[1:]), formulas or {})


def _refuse_unopenable(path: Path) -> None:
    """Say what a file that is no .xlsx workbook is: encrypted, an old .xls renamed, or not a workbook at all.

    A password-protected workbook is not a zip: Office stores it as an OLE compound file holding an
    ``EncryptedPackage`` stream (MS-OFFCRYPTO); an Excel 97-2003 or WPS .et file is a compound file too.
    """
    shown = display_path(path)
    with path.open("rb") as file:
        head = file.read(len(OLE_MAGIC))
    if head == OLE_MAGIC:
        try:
            with olefile.OleFileIO(str(path)) as ole:
                encrypted = ole.exists("EncryptedPackage")
        except Exception:  # a damaged compound file: olefile names no single error type
            encrypted = False
        if encrypted:
            raise PublishError(f"无法打开 {shown}：工作簿设置了打开密码（已加密），无法读取。请在 Excel 中用"
                               "“文件 → 信息 → 保护工作簿 → 用密码进行加密”（WPS：“文件 → 文档加密 → 密码加密”）"
                               "清除密码并保存后再导入。")
        raise PublishError(f"无法打开 {shown}：这是旧版 Excel 97-2003（.xls）或 WPS（.et）格式的文件，只是扩展名"
                           "写成了 .xlsx。请在 Excel 或 WPS 中“另存为”Excel 工作簿 (*.xlsx) 后再导入。")
    if not zipfile.is_zipfile(path):
        raise PublishError(f"无法打开 {shown}：不是有效的 .xlsx 工作簿（文件已损坏，或是别的格式改了扩展名；"
                           "请在 Excel 或 WPS 中另存为“Excel 工作簿 (*.xlsx)”后再导入）。")


def _damaged(path: Path, sheet: str | None) -> PublishError:
    where = f"工作表“{sheet}”的内容" if sheet else "工作簿的结构"
    return PublishError(f"无法读取 {display_path(path)}：{where}已损坏。请在 Excel 或 WPS 中打开它（必要时用"
                        "“打开并修复”），另存为“Excel 工作簿 (*.xlsx)”后再导入。")


def _cells(sheet: Any) -> tuple[list[tuple[object, ...]], dict[tuple[int, int], str]]:
    """A sheet's values by row, formula cells read as empty and listed apart (the import refuses them)."""
    values: list[tuple[object, ...]] = []
    formulas: dict[tuple[int, int], str] = {}
    for r, row in enumerate(sheet.iter_rows(), start=1):
        line: list[object] = []
        for c, cell in enumerate(row, start=1):
            if cell.data_type == "f":
                formulas[(r, c)] = str(getattr(cell.value, "text", None) or cell.value)
                line.append(None)
            else:
                line.append(cell.value)
        values.append(tuple(line))
    return values, formulas


def _stray_list(path: Path, title: str, values: list[tuple[object, ...]], filled: set[str]) -> None:
    """A sheet not named 集体 or 个人 holding the list that should be there: refused, or its rows would be lost.

    ``filled`` names the kind sheets (集体, 个人) that have rows. A list whose own sheet is missing or
    empty was put in the wrong sheet (a renamed 个人, a copy 个人 (2)); beside a filled one, it is
    taken for reference material (last year's list) and only listed as ignored.
    """
    headers = [normal_header(h) for h in (values[0] if values else ())]
    rows = len(_rows(values[1:]))
    for n, header in enumerate(headers, start=1):
        kinds = NAME_HEADERS.get(header, ())
        if rows and kinds and not filled & set(kinds):
            sheet = "”或“".join(kinds)
            raise PublishError(f"{title}!{get_column_letter(n)}1: 工作表“{title}”有“{header}”列和 {rows} 行内容，"
                               f"但只导入名为“集体”和“个人”的工作表：请把它改名为“{sheet}”，或把这些行复制到"
                               f"“{sheet}”工作表后再导入（{display_path(path)}）。")


def read_workbook(path: Path) -> Source:
    """The sheets named 集体 and 个人; the instructions and lists sheets are the template's own.

    Formulas are read as formulas (not as the value Excel last computed), so that the import can
    refuse them by cell. openpyxl raises no single error type for a damaged file (zip, XML, styles),
    so any error while opening or reading is reported as damage, naming the sheet being read.
    """
    _refuse_unopenable(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # see the docstring
        raise _damaged(path, None) from None
    kinds = {name: kind for kind, name in SHEET_NAMES.items()}
    tables: list[Table] = []
    strays: list[tuple[str, list[tuple[object, ...]]]] = []
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip()
            if name in (HELP_SHEET, LISTS_SHEET):
                continue
            try:
                values, formulas = _cells(sheet)
            except Exception:  # see the docstring
                raise _damaged(path, sheet.title) from None
            if name in kinds:
                tables.append(_table(len(tables), name, kinds[name], values, formulas))
            else:
                strays.append((sheet.title, values))
    finally:
        book.close()
    filled = {t.name for t in tables if t.rows}
    for title, values in strays:
        _stray_list(path, title, values, filled)
    ignored = [title for title, _ in strays]
    if not tables:
        raise PublishError(f"{display_path(path)} 里没有名为“集体”或“个人”的工作表（请用 publisher template 生成的"
                           "模板填写，不要改工作表名称）。")
    notes = [f"已忽略工作表：{'、'.join(ignored)}（只导入“集体”和“个人”）"] if ignored else []
    return Source(path, tables, notes)


def decode(raw: bytes, shown: str) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (BOM or not), else GBK/GB18030 (WPS and old Excel)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PublishError(f"{shown} 是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8（逗号分隔）”后再导入。")
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GBK"
    except UnicodeDecodeError:
        raise PublishError(f"{shown} 既不是 UTF-8 也不是 GBK/GB18030 编码的文本，无法读取：请另存为"
                           "“CSV UTF-8（逗号分隔）”。") from None


def _csv_kind(headers: list[str]) -> Kind | None:
    """None when a 类别 column gives the kind per row; else the one kind whose name column is there."""
    if KIND_HEADER in headers:
        return None
    for kind in ("individual", "collective"):
        if columns_of(kind)[0].header in headers:
            return kind
    return None


def read_csv(path: Path) -> Source:
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PublishError(f"无法读取 {shown}：{exc.strerror}") from None
    text, encoding = decode(raw, shown)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    values = [tuple(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    table = _table(0, path.stem, None, values)
    table.kind = _csv_kind(table.headers)
    if table.kind is None and KIND_HEADER not in table.headers:
        for n, row in enumerate(values[1:HEADER_SEARCH_ROWS], start=2):
            if {normal_header(v) for v in row} & {KIND_HEADER, *NAME_HEADERS}:
                raise PublishError(f"{shown} 的表头应在第 1 行，但第 {n} 行才是表头：请删除它上面的 {n - 1} 行"
                                   "（标题、说明等）后再导入。")
        raise PublishError(f"{shown} 的第 1 行应是表头：需要“{KIND_HEADER}”列（集体/个人），或“姓名”列（全是个人）"
                           "或“集体名称”列（全是集体）。")
    return Source(path, [table], [f"按 {encoding} 编码读取 {shown}"])


def read_source(path: Path) -> Source:
    """Read ``path`` by its extension; old binary formats are refused with how to convert them."""
    suffix = path.suffix.lower()
    shown = display_path(path)
    if not path.is_file():
        raise PublishError(f"找不到文件 {shown}")
    if suffix in WORKBOOK_SUFFIXES:
        return read_workbook(path)
    if suffix in CSV_SUFFIXES:
        return read_csv(path)
    if suffix in OLD_FORMATS:
        raise PublishError(f"不支持 {suffix} 格式：请在 Excel 或 WPS 中“另存为”.xlsx 工作簿后再导入。")
    raise PublishError(f"{shown}：只能导入 .xlsx 工作簿或 .csv 文件。")
