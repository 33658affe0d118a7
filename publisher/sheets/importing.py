"""``publisher import``: a filled sheet or CSV → ``data/nominees/<id>.yaml``, all or nothing.

Order of work, so that nothing is written unless everything is right: read the
file; convert and validate every row (collecting every problem); match rows to
existing files (same kind, name and unit = the same nominee, updated in place)
and choose ids for the new ones; stage the files in a copy of the data folder
and load it whole; only then swap the staged ``nominees/`` in, in one step
(:mod:`.staging`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from publisher.data.dataset import AnyNominee, Dataset
from publisher.errors import PublishError, display_path
from publisher.sheets.columns import SHEET_NAMES, columns_of
from publisher.sheets.ids import base_id, unique_id
from publisher.sheets.problems import SheetProblems
from publisher.sheets.reading import Source
from publisher.sheets.rows import Collector, Row, duplicates, formula_cells, header_maps, read_row, recommender_words
from publisher.sheets.staging import Snapshot, commit, staged
from publisher.sheets.writing import check_round_trip, render

Action = Literal["added", "updated", "unchanged"]
ACTION_WORDS: dict[Action, str] = {"added": "新增", "updated": "更新", "unchanged": "未变"}


@dataclass(frozen=True)
class Change:
    id: str
    action: Action
    nominee: AnyNominee
    where: str
    """个人!第5行: the row it came from."""


@dataclass
class ImportResult:
    source: Source
    changes: list[Change]
    hints: list[str] = field(default_factory=list)
    """Not errors, but worth a look (a same-named nominee in another unit)."""
    written: bool = False

    def ids(self, action: Action) -> list[str]:
        return [c.id for c in self.changes if c.action == action]

    def rows_line(self) -> str:
        counts = [f"{t.name} {len(t.rows)} 行" for t in self.source.tables]
        return f"读取 {display_path(self.source.path)}：{'，'.join(counts)}。"

    def counts_line(self) -> str:
        return "，".join(f"{word} {len(self.ids(action))} 个" for action, word in ACTION_WORDS.items()) + "。"

    def report(self, data_dir: Path, dry_run: bool) -> list[str]:
        """What the command prints: rows read, counts, the ids added and updated, then what was written."""
        lines = [self.rows_line(), self.counts_line()]
        for action in ("added", "updated"):
            ids = self.ids(action)
            if ids:
                lines.append(f"  {ACTION_WORDS[action]}：{'、'.join(ids)}")
        lines += [f"注意：{hint}" for hint in self.hints]
        changed = len(self.ids("added")) + len(self.ids("updated"))
        folder = display_path(data_dir / "nominees")
        if dry_run:
            lines.append(f"试运行（--dry-run）：检查通过，没有写入任何文件；去掉 --dry-run 将写入 {changed} 个文件到 {folder}/。")
        elif self.written:
            lines.append(f"已写入 {changed} 个文件到 {folder}/，数据校验通过。")
        else:
            lines.append("没有需要写入的变化。")
        return lines


def read_rows(source: Source, dataset: Dataset) -> list[Row]:
    """Every row as a validated nominee; raises :class:`SheetProblems` listing every bad cell."""
    out = Collector()
    words = recommender_words(dataset.recommenders)
    rows: list[Row] = []
    for table in source.tables:
        formula_cells(table, out)
        maps, complete = header_maps(table, out)
        for number, values in table.rows if complete else ():
            row = read_row(table, number, values, maps, words, out)
            if row is not None:
                rows.append(row)
    duplicates(rows, out)
    if out.problems:
        raise SheetProblems(out.problems)
    if not rows:
        raise PublishError(f"{display_path(source.path)} 里没有可导入的数据行（第 1 行是表头，从第 2 行起每行一个对象）。")
    return rows


def _merged(row: Row, existing: AnyNominee) -> AnyNominee:
    """The row's values under the existing id.

    A column the sheet does not have at all leaves the file's value alone (an export of another system
    may lack 处（科）室); a column that is there but empty clears it. Keys under ``private:`` that no
    column of the sheet names are kept as well.
    """
    present = set(row.columns)
    kept = {c.key: getattr(existing, c.key) for c in columns_of(existing.kind)
            if not c.private and c.field not in present}
    private = {k: v for k, v in existing.private.items() if f"private.{k}" not in present}
    return row.nominee.model_copy(update={**kept, "id": existing.id, "private": {**row.nominee.private, **private}})


def _hint(row: Row, dataset: Dataset) -> str | None:
    n = row.nominee
    same = [o for o in dataset.nominees.values() if o.kind == n.kind and o.name == n.name and o.unit != n.unit]
    if not same:
        return None
    other = same[0]
    return (f"{row.where} {n.name}（{n.unit}）作为新对象添加；已有同名{SHEET_NAMES[n.kind]} {other.id}"
            f"（{other.unit}）。如果是同一对象改了单位，请删除旧文件 {dataset.nominee_path(other.id)}。")


def plan(rows: list[Row], dataset: Dataset) -> tuple[list[Change], list[str]]:
    """Match rows to existing files (kind + name + unit), choose ids for the rest, say what changes."""
    existing = {(n.kind, n.name, n.unit): n for n in dataset.nominees.values()}
    taken = set(dataset.nominees)
    changes, hints = [], []
    for row in rows:
        n = row.nominee
        old = existing.get((n.kind, n.name, n.unit))
        if old is not None:
            merged = _merged(row, old)
            changes.append(Change(old.id, "unchanged" if merged == old else "updated", merged, row.where))
            continue
        nominee_id = unique_id(base_id(n), taken)
        taken.add(nominee_id)
        changes.append(Change(nominee_id, "added", n.model_copy(update={"id": nominee_id}), row.where))
        hint = _hint(row, dataset)
        if hint:
            hints.append(hint)
    return changes, hints


def run_import(source: Source, data_dir: Path, dataset: Dataset, *, before: Snapshot,
               dry_run: bool = False) -> ImportResult:
    """Import ``source`` (see :func:`~.reading.read_source`) into ``data_dir``, already loaded as ``dataset``.

    With ``dry_run`` nothing is written, but everything is checked as for a real import. ``before`` is
    :func:`~.staging.snapshot` of ``data_dir/nominees`` taken before ``dataset`` was loaded: the files
    are written only if the folder is still so. Raises
    :class:`SheetProblems` for bad cells, :class:`~publisher.errors.DataError` when the resulting
    folder would not load, :class:`~publisher.errors.PublishError` when it cannot be written.
    """
    changes, hints = plan(read_rows(source, dataset), dataset)
    result = ImportResult(source, changes, hints)
    changed = {c.id: c.nominee for c in changes if c.action != "unchanged"}
    files = {nominee_id: render(nominee) for nominee_id, nominee in changed.items()}
    with staged(data_dir, files, beside=not dry_run) as stage:
        check_round_trip(stage.nominees, changed)
        if files and not dry_run:
            commit(stage, before)
            result.written = True
    return result
