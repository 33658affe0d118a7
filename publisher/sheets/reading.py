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

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import PublishError, display_path
from .cells import blank
from .columns import HELP_SHEET, KIND_HEADER, LISTS_SHEET, SHEET_NAMES, Kind, columns_of, normal_header

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
OLD_FORMATS = (".xls", ".et", ".ods", ".numbers")


@dataclass
class Table:
    """One sheet (or the CSV): its header texts and its non-empty rows, numbered as the program shows them."""

    index: int
    name: str
    kind: Kind | None
    """The sheet's kind; None for a CSV whose 类别 column says it per row."""
    headers: list[str]
    rows: list[tuple[int, tuple[object, ...]]]


@dataclass
class Source:
    path: Path
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    """What staff should know about how the file was read (encoding, sheets ignored)."""


def _rows(values: list[tuple[object, ...]]) -> list[tuple[int, tuple[object, ...]]]:
    """Row numbers from 2 (row 1 is the header); rows with nothing in them are left out."""
    return [(n, row) for n, row in enumerate(values, start=2) if not all(blank(v) for v in row)]


def _table(index: int, name: str, kind: Kind | None, values: list[tuple[object, ...]]) -> Table:
    header = list(values[0]) if values else []
    while header and blank(header[-1]):
        header.pop()
    return Table(index, name, kind, [normal_header(h) for h in header], _rows(values[1:]))


def read_workbook(path: Path) -> Source:
    """The sheets named 集体 and 个人; the instructions and lists sheets are the template's own."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError):
        raise PublishError(f"无法打开 {display_path(path)}：不是有效的 .xlsx 工作簿（请在 Excel 或 WPS 中另存为"
                           "“Excel 工作簿 (*.xlsx)”后再导入）。") from None
    kinds = {name: kind for kind, name in SHEET_NAMES.items()}
    tables, ignored = [], []
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip()
            if name in kinds:
                tables.append(_table(len(tables), name, kinds[name], list(sheet.iter_rows(values_only=True))))
            elif name not in (HELP_SHEET, LISTS_SHEET):
                ignored.append(sheet.title)
    finally:
        book.close()
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
