"""Data files as documents: the half of loading that needs no models.

Listing a data folder, reading a file's YAML with the line of every value, and
checking the ids that file names give are pure functions of the files, and none
of them needs pydantic. Importing the models costs a third of a second, so this
half lives apart from :mod:`publisher.loading`: ``validate`` and ``check`` start
a helper reading the nominee files (:func:`begin_nominees`) before they import
the models, and the models then only validate what was read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import Begun, loading_files
from .errors import DataError, Problem, display_path
from .yamlfile import YamlDoc, YamlProblem, read_yaml

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)
YAML_SUFFIXES = (".yaml", ".yml")
NOMINEES = "nominees"
"""The folder of nominee files, and the name of their store in the loading cache."""


def data_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The YAML files of a data folder, and a problem for anything else lying there.

    Hidden files (``.gitkeep``, ``.DS_Store``) are the file manager's, not data.
    """
    if not folder.is_dir():
        return [], []
    files, problems = [], []
    with os.scandir(folder) as listing:  # names and types in one call: no stat per file, no Path sorting
        entries = sorted(listing, key=lambda e: e.name)
    child = _child_of(folder)
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        path = child(name)
        if entry.is_dir() or not name.lower().endswith(YAML_SUFFIXES):
            problems.append(Problem(display_path(path), 0, "",
                                    "这里只能放 .yaml 数据文件；请把其他文件移到别处。"))
        else:
            files.append(path)
    return files, problems


def _child_of(folder: Path) -> Callable[[str], Path]:
    """``folder / name`` for names straight from a listing (no separator in them), quickly.

    Path's ``/`` parses its argument again: 3 µs a name, 30 ms of every run over
    ten thousand files. ``pathlib`` has a shortcut for names from a listing, the
    one ``Path.iterdir`` uses; it is private, so ``/`` stands in wherever it is missing.
    """
    shortcut = getattr(folder, "_make_child_relpath", None)
    return shortcut if callable(shortcut) else folder.__truediv__


def read_doc(path: Path, raw: bytes | None = None) -> YamlDoc:
    """Read one YAML file (or its bytes, already read) or raise :class:`DataError` with its single problem."""
    try:
        return read_yaml(path, raw)
    except YamlProblem as exc:
        raise DataError([exc.problem]) from None
    except OSError as exc:
        raise DataError([Problem(display_path(path), 0, "", f"无法读取文件：{exc.strerror}")]) from None


Read = tuple[YamlDoc, list[Problem]]
"""A file read whole, and the problems found so far (its name): the models' half comes later."""


def read_with_id(path: Path, example: str, raw: bytes | None = None) -> Read:
    """Read a file whose id is its file name; a name that cannot be an id is a problem, not a stop.

    The shown path is worked out only for a problem: resolving it costs more than reading the file.
    """
    problems: list[Problem] = []
    stem = path.stem
    if not ID_RE.match(stem):
        problems.append(Problem(display_path(path), 0, "文件名", f"“{stem}”不能作为编号：文件名只能用小写字母、"
                                f"数字和连字符（-），以字母或数字开头，最长 64 个字符，例如 {example}。"))
    return read_doc(path, raw), problems


def read_nominee(path: Path, raw: bytes | None = None) -> Read:
    """The half of :func:`publisher.loading.load_nominee` that a helper does before the models exist."""
    return read_with_id(path, "lj-zhang-wei.yaml", raw)


def load_all(paths: list[Path], load: Callable[[Path], Any]) -> tuple[list[Any], list[Problem]]:
    """Load every path, collecting problems instead of stopping at the first file."""
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append(load(path))
        except DataError as exc:
            problems.extend(exc.problems)
    return loaded, problems


@dataclass
class NomineeFiles:
    """The nominee folder's listing, and its loading begun (see :func:`begin_nominees`)."""

    paths: list[Path]
    stray: list[Problem]
    """Things in the folder that are not YAML files."""
    begun: Begun


@contextmanager
def begin_nominees(root: Path) -> Iterator[NomineeFiles]:
    """List ``root/nominees`` and start reading the files the cache cannot answer for.

    Called before the models are imported: a helper (one per extra core) reads
    files while this process imports them, and the models then validate what
    it read (:meth:`Begun.finish` with :func:`publisher.loading.finish_nominee`).
    Leaving the block stops a helper still running.
    """
    paths, stray = data_files(root / NOMINEES)
    with loading_files(paths, read_nominee, data_root=root, name=NOMINEES) as begun:
        yield NomineeFiles(paths, stray, begun)
