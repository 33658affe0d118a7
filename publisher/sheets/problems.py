"""Problems of a spreadsheet, named the way staff find them: 个人!F12.

A sheet has no lines, so :class:`~publisher.errors.Problem` (file:line) does not
fit; the office looks for a tab, a row number and a column letter instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter


@dataclass(frozen=True, order=True)
class CellProblem:
    """One bad cell (or header) of one sheet; sorts by sheet, row, then column."""

    sheet_index: int
    row: int
    col: int
    """1-based column; 0 when the problem is the header row as a whole (a missing column)."""
    sheet: str
    message: str

    @property
    def where(self) -> str:
        """个人!F12, or 个人!第1行 when no single cell is at fault."""
        return f"{self.sheet}!{get_column_letter(self.col)}{self.row}" if self.col else f"{self.sheet}!第{self.row}行"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class SheetProblems(Exception):
    """The import cannot go ahead; carries every problem found, so one run lists them all."""

    def __init__(self, problems: list[CellProblem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
