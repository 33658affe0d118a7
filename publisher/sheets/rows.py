"""Rows of a table → validated nominees, or every problem by sheet, row and column.

Cells are converted by :mod:`.cells`, then each row is validated by the real
contract models, so a sheet is held to exactly the rules of a YAML file; the
model's complaints are pointed back at the column of the field they concern.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from publisher.data.dataset import AnyNominee
from publisher.data.loading import NOMINEE_TAGS
from publisher.data.messages import problems_from
from publisher.data.models import NOMINEE, Recommender
from publisher.data.yaml_reader import YamlDoc
from publisher.sheets.cells import CellError, blank, convert, shown
from publisher.sheets.columns import (
    COLUMNS,
    KIND_HEADER,
    KIND_OF_WORD,
    KINDS,
    SHEET_NAMES,
    Column,
    Kind,
    columns_of,
    match_headers,
    normal_header,
)
from publisher.sheets.problems import CellProblem
from publisher.sheets.reading import HEADER_SEARCH_ROWS, Table

ROOT_FIELD = "withdrawn_reason"
"""The contract's only whole-record check is about 撤销原因, so that is where such a complaint points."""
PLACEHOLDER_ID = "x"
"""Rows are validated before their id is chosen; the id is set once every row is known to be good."""


@dataclass
class Row:
    """One good row: where it came from and the nominee it describes (id not yet chosen)."""

    table: Table
    number: int
    nominee: AnyNominee
    columns: dict[str, int] = field(default_factory=dict)
    """Field → 1-based column index, for problems found later (duplicates)."""

    @property
    def where(self) -> str:
        return f"{self.table.name}!第{self.number}行"


class Collector:
    """Problems of one import, each pinned to a cell; the first problem of a cell is the one reported."""

    def __init__(self) -> None:
        self.problems: list[CellProblem] = []
        self._cells: set[tuple[int, int, int]] = set()

    def add(self, table: Table, row: int, col: int, message: str) -> None:
        if col and self.has(table, row, col):
            return
        self.problems.append(CellProblem(table.index, row, col, table.name, message))
        self._cells.add((table.index, row, col))

    def has(self, table: Table, row: int, col: int) -> bool:
        return (table.index, row, col) in self._cells


FORMULA_SHOWN = 40
"""Characters of a formula quoted in its message."""


def formula_cells(table: Table, out: Collector) -> None:
    """Every formula cell is refused: its value is whatever Excel last computed, or what a stranger's sheet runs."""
    for (row, col), text in sorted(table.formulas.items()):
        header = table.headers[col - 1] if row > 1 and col <= len(table.headers) else ""
        formula = text if len(text) <= FORMULA_SHOWN else text[:FORMULA_SHOWN] + "…"
        out.add(table, row, col, f"{header + ' ' if header else ''}单元格是公式（{formula}），请改为直接填写文字或"
                                 "数字（可复制后用“选择性粘贴 → 数值”）")


def _header_row_below(table: Table) -> tuple[int, list[str]] | None:
    """A row below row 1 that holds the headers (row number, the headers found), when row 1 does not."""
    known = {name for c in COLUMNS for name in (c.header, *c.aliases)}
    for number, values in table.rows:
        if number > HEADER_SEARCH_ROWS:
            break
        found = [h for h in (normal_header(v) for v in values) if h in known]
        if len(found) >= 2:
            return number, found
    return None


def recommender_words(recommenders: Mapping[str, Recommender]) -> dict[str, str]:
    """Name or id → id: the drop-down gives names, a hand-made sheet may give ids."""
    words = {r.name: r.id for r in recommenders.values()}
    words.update({rid: rid for rid in recommenders})
    return words


def _kinds_in(table: Table) -> set[Kind]:
    if table.kind is not None:
        return {table.kind} if table.rows else set()
    col = table.headers.index(KIND_HEADER)
    return {KIND_OF_WORD[str(v[col]).strip()] for _, v in table.rows
            if col < len(v) and str(v[col]).strip() in KIND_OF_WORD}


def header_maps(table: Table, out: Collector) -> tuple[dict[Kind, dict[Column, int]], bool]:
    """Which column holds which field, per kind; unknown, duplicate and missing headers are problems.

    The flag says whether every required column is there: without one, the rows are not read (each
    would only repeat that the column is missing).
    """
    kinds = (table.kind,) if table.kind is not None else KINDS
    maps = {kind: match_headers(table.headers, kind) for kind in kinds}
    missing = [(kind, c) for kind in sorted(_kinds_in(table)) for c in columns_of(kind) if c.required and c not in maps[kind]]
    below = _header_row_below(table) if missing else None
    if below is not None:
        number, found = below
        out.add(table, 1, 0, f"表头应在第 1 行，但第 {number} 行才是表头（{'、'.join(found[:3])}……）：请删除它上面的 "
                             f"{number - 1} 行（标题、说明等）后再导入")
        return maps, False
    used = {i for m in maps.values() for i in m.values()}
    if table.kind is None:
        used.add(table.headers.index(KIND_HEADER))
    known = sorted({c.header for c in COLUMNS})
    unmatched = [c.header for kind in kinds for c in columns_of(kind) if c not in maps[kind]]
    # a renamed column is most likely one of the sheet's own columns that is missing
    for i, header in enumerate(table.headers):
        if header and table.headers.index(header) != i:
            out.add(table, 1, i + 1, f"列标题“{header}”出现了两次，请删除或改名其中一列")
        elif header and i not in used:
            close = (difflib.get_close_matches(header, unmatched, n=1, cutoff=0.5)
                     or difflib.get_close_matches(header, known, n=1, cutoff=0.5))
            hint = f"是否应为“{close[0]}”？" if close else "请删除这一列，或改为模板中的列标题"
            out.add(table, 1, i + 1, f"不认识的列标题“{header}”：{hint}（这一列的内容不会被导入）")
        elif not header and any(i < len(v) and not blank(v[i]) for _, v in table.rows):
            out.add(table, 1, i + 1, "这一列有内容但没有列标题")
    for kind, column in missing:
        out.add(table, 1, 0, f"缺少必填的列“{column.header}”（{SHEET_NAMES[kind]}）")
    return maps, not missing


def _row_kind(table: Table, number: int, values: tuple[object, ...], out: Collector) -> Kind | None:
    if table.kind is not None:
        return table.kind
    col = table.headers.index(KIND_HEADER)
    word = str(values[col]).strip() if col < len(values) and not blank(values[col]) else ""
    if word not in KIND_OF_WORD:
        out.add(table, number, col + 1, f"{KIND_HEADER} '{word}' 应为“集体”或“个人”" if word else
                f"{KIND_HEADER} 必填，不能为空（集体 或 个人）")
        return None
    return KIND_OF_WORD[word]


def _cell(values: tuple[object, ...], index: int) -> object:
    return values[index] if index < len(values) else None


def _other_kind_cells(table: Table, number: int, values: tuple[object, ...], kind: Kind,
                      maps: dict[Kind, dict[Column, int]], out: Collector) -> None:
    """In a CSV holding both kinds, a 集体 row must leave the 个人-only columns empty (and the reverse)."""
    mine = set(maps[kind].values())
    for other, columns in maps.items():
        for column, index in columns.items():
            if other != kind and index not in mine and not blank(_cell(values, index)):
                out.add(table, number, index + 1, f"{column.header} 是{SHEET_NAMES[other]}的列，"
                                                  f"{SHEET_NAMES[kind]}不填这一列")


def _data(table: Table, number: int, values: tuple[object, ...], kind: Kind, columns: dict[Column, int],
          words: Mapping[str, str], out: Collector) -> dict[str, Any]:
    data: dict[str, Any] = {"id": PLACEHOLDER_ID, "kind": kind}
    private: dict[str, Any] = {}
    for column, index in columns.items():
        value = _cell(values, index)
        if blank(value):
            if column.required:
                out.add(table, number, index + 1, f"{column.header} 必填，不能为空")
            continue
        try:
            converted = convert(column, value, words)
        except CellError as exc:
            out.add(table, number, index + 1, f"{column.header} '{shown(value)}' {exc}")
            continue
        (private if column.private else data)[column.key] = converted
    if private:
        data["private"] = private
    return data


def _model_problems(exc: ValidationError, table: Table, number: int, values: tuple[object, ...],
                    columns: dict[Column, int], out: Collector) -> None:
    """The model's complaints, each at the column of its field (one problem per cell)."""
    by_field = {c.field.split(".")[0] if c.private else c.field: (c, i) for c, i in columns.items()}
    doc = YamlDoc(Path(table.name), {}, {})
    for problem in problems_from(exc, doc, table.name, tags=NOMINEE_TAGS):
        name = problem.field.split(".")[0].split("[")[0] or ROOT_FIELD
        column, index = by_field.get(name) or by_field.get("status") or next(iter(columns.items()))
        if out.has(table, number, index + 1):
            continue
        value = _cell(values, index)
        quoted = "" if blank(value) else f" '{shown(value)}'"
        out.add(table, number, index + 1, f"{column.header}{quoted} {problem.message}")


def read_row(table: Table, number: int, values: tuple[object, ...], maps: dict[Kind, dict[Column, int]],
             words: Mapping[str, str], out: Collector) -> Row | None:
    """One row as a validated nominee, or None with its problems collected."""
    kind = _row_kind(table, number, values, out)
    if kind is None:
        return None
    if table.kind is None:
        _other_kind_cells(table, number, values, kind, maps, out)
    columns = maps[kind]
    before = len(out.problems)
    data = _data(table, number, values, kind, columns, words, out)
    try:
        nominee = NOMINEE.validate_python(data)
    except ValidationError as exc:
        _model_problems(exc, table, number, values, columns, out)
        return None
    if len(out.problems) > before:
        return None
    return Row(table, number, nominee, {c.field: i + 1 for c, i in columns.items()})


def duplicates(rows: list[Row], out: Collector) -> None:
    """The same 类别, name and unit twice in one import: one nominee, one row (as load_dataset demands of files)."""
    seen: dict[tuple[str, str, str], Row] = {}
    for row in rows:
        n = row.nominee
        key = (n.kind, n.name, n.unit)
        if key in seen:
            first = seen[key]
            out.add(row.table, row.number, row.columns.get("name", 1),
                    f"{n.name} 与 {first.where} 重复（同一类别、同名、同单位），同一对象只能填一行")
        else:
            seen[key] = row
