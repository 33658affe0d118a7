"""Nominee files in one stable, readable layout, written all or nothing.

Files are reviewed in git diffs, so the same values must always give the same
bytes: keys in the contract's order (the order of docs/data-contract.md and of
the hand-written examples), defaults left out, long or multi-line text as ``|``
block scalars, and PyYAML quoting whatever YAML would read as something else
(a phone number, ``no``, a date written as text).

An import is staged in a copy of the data folder and checked there with
:func:`~publisher.dataset.load_dataset` before anything in ``data/`` changes;
the real files are then replaced one by one (each replacement atomic) and the
folder is loaded again, restoring every file if that fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from ..dataset import AnyNominee, load_dataset
from ..errors import DataError, Problem, PublishError, display_path
from ..loading import load_nominee
from .columns import COLUMNS

KEY_ORDER = ("kind", "name", "recommender", "unit", "office", "unit_type", "position", "gender", "ethnicity",
             "political_status", "born", "industry_years", "rank", "enterprise_head", "city_managed", "unit_leader",
             "posthumous", "summary", "deeds", "prior_honours", "new_major_contribution", "submitted_on", "status",
             "withdrawn_reason", "private")
BLOCK_KEYS = frozenset({"summary", "deeds", "new_major_contribution"})
"""Texts written as ``|`` blocks whatever their length: they are the long, reviewed part of a file."""
LONG_TEXT = 60
"""Any other text longer than this, or with a line break, is a block too."""
PRIVATE_ORDER = tuple(c.key for c in COLUMNS if c.private)


class _Dumper(yaml.SafeDumper):
    """Block sequences indented under their key, as the office's hand-written files are."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _block(text: str) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:str", text, style="|")


class _Block(str):
    """A string that must be written as a block scalar."""


_Dumper.add_representer(_Block, lambda dumper, data: _block(str(data)))


class _OneLine(dict):
    """A mapping written on one line: ``private: {id_number: "…", phone: "…"}``.

    Every private value then sits on the line that says ``private``, so a reviewer (or a
    pre-commit check) sees at a glance that the number is meant to stay internal.
    """


_Dumper.add_representer(_OneLine, lambda dumper, data: dumper.represent_mapping(
    "tag:yaml.org,2002:map", data.items(), flow_style=True))


def _plain(value: Any, key: str) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str) and (key in BLOCK_KEYS or "\n" in value or len(value) > LONG_TEXT):
        return _Block(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _private(values: dict[str, Any]) -> _OneLine:
    known = [k for k in PRIVATE_ORDER if k in values]
    return _OneLine((k, str(values[k]) if isinstance(values[k], _Block) else values[k])
                    for k in [*known, *(k for k in values if k not in known)])


def layout(nominee: AnyNominee) -> dict[str, Any]:
    """The nominee as the file holds it: no id (the file name is the id), no defaults, contract order."""
    data = nominee.model_dump(mode="python", exclude={"id"}, exclude_defaults=True)
    data["kind"] = nominee.kind
    extra = sorted(set(data) - set(KEY_ORDER))
    out: dict[str, Any] = {}
    for key in [*KEY_ORDER, *extra]:
        if key not in data or data[key] is None:
            continue
        value = data[key]
        if key == "private":
            out[key] = _private(value)
        elif key == "prior_honours":
            out[key] = [{k: _plain(v, k) for k, v in item.items()} for item in value]
        else:
            out[key] = _plain(value, key)
    return out


def render(nominee: AnyNominee) -> str:
    return yaml.dump(layout(nominee), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096,
                     default_flow_style=False)


def _relocated(problems: list[Problem], stage: Path, data_dir: Path) -> list[Problem]:
    """Problems found in the staged copy, pointed at the files they will be in ``data/``."""
    staged, real = display_path(stage), display_path(data_dir)
    return [Problem(real + p.path[len(staged):] if p.path.startswith(staged) else p.path, p.line, p.field, p.message)
            for p in problems]


@contextmanager
def staged(data_dir: Path, files: dict[str, str]) -> Iterator[Path]:
    """A temporary copy of ``data_dir`` with ``files`` (id → text) written; it must load as a whole."""
    with tempfile.TemporaryDirectory(prefix="publisher-import-") as tmp:
        stage = Path(tmp) / "data"
        shutil.copytree(data_dir, stage, ignore=shutil.ignore_patterns(".*"))
        (stage / "nominees").mkdir(exist_ok=True)
        for nominee_id, text in files.items():
            (stage / "nominees" / f"{nominee_id}.yaml").write_text(text, encoding="utf-8")
        try:
            load_dataset(stage)
        except DataError as exc:
            raise DataError(_relocated(exc.problems, stage, data_dir)) from None
        yield stage


def check_round_trip(stage: Path, nominees: dict[str, AnyNominee]) -> None:
    """Every staged file must read back to exactly the imported values (a writer bug must never reach data/)."""
    for nominee_id, nominee in nominees.items():
        loaded = load_nominee(stage / "nominees" / f"{nominee_id}.yaml").nominee
        if loaded != nominee:
            raise PublishError(f"内部错误：{nominee_id}.yaml 写出后读回的内容与表格不一致，已停止导入，没有写入任何文件。"
                               "请把表格发给维护人员。")


def _replace(path: Path, text: str) -> None:
    """Write beside the target (a hidden name the loader skips), then rename over it atomically."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _restore(folder: Path, backups: dict[str, bytes | None]) -> None:
    for nominee_id, old in backups.items():
        path = folder / f"{nominee_id}.yaml"
        if old is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(old)


def commit(data_dir: Path, files: dict[str, str]) -> None:
    """Replace the files in ``data/nominees``; if the folder then fails to load, put every file back."""
    folder = data_dir / "nominees"
    folder.mkdir(exist_ok=True)
    backups = {i: (folder / f"{i}.yaml").read_bytes() if (folder / f"{i}.yaml").exists() else None for i in files}
    try:
        for nominee_id, text in files.items():
            _replace(folder / f"{nominee_id}.yaml", text)
        load_dataset(data_dir)
    except DataError:
        _restore(folder, backups)
        raise
    except OSError as exc:
        _restore(folder, backups)
        raise PublishError(f"写入 {display_path(folder)} 时出错（{exc.strerror}），已恢复原来的文件。") from None
