"""From files in ``data/`` to validated models, with every problem in one run.

Each file is read and validated on its own; checks that need several files (a
nominee listed twice, a recommender that does not exist) run afterwards, while
the line of each value is still known.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .errors import DataError, Problem, display_path
from .messages import problems_from
from .models import (
    ID_RE,
    NOMINEE,
    Collective,
    Contact,
    Contacts,
    Decision,
    Individual,
    Notice,
    Program,
    Recommender,
    Recommenders,
)
from .yamlfile import Loc, YamlDoc, YamlProblem, read_yaml

M = TypeVar("M", bound=BaseModel)
YAML_SUFFIXES = (".yaml", ".yml")
NOMINEE_TAGS = frozenset({"collective", "individual"})


@functools.cache
def _fields(model: type[BaseModel], *, skip: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The keys a file of ``model`` may hold, for naming the right one when a key is misspelt."""
    return tuple(name for name in model.model_fields if name not in skip)


def read_doc(path: Path) -> YamlDoc:
    """Read one YAML file or raise :class:`DataError` with its single problem."""
    try:
        return read_yaml(path)
    except YamlProblem as exc:
        raise DataError([exc.problem]) from None
    except OSError as exc:
        raise DataError([Problem(display_path(path), 0, "", f"无法读取文件：{exc.strerror}")]) from None


def load_model(path: Path, model: type[M]) -> M:
    """Read ``path`` as one ``model``; every field problem is reported with its line."""
    doc = read_doc(path)
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        allowed = {(): _fields(model)}
        raise DataError(problems_from(exc, doc, display_path(path), allowed=allowed)) from None


def validate_doc(doc: YamlDoc, adapter: TypeAdapter[Any] | type[BaseModel], data: Any, *,
                 tags: frozenset[str] = frozenset(), allowed: dict[Loc, Iterable[str]] | None = None) -> Any:
    """Validate already-read ``data`` of ``doc``; raise :class:`DataError` with lines."""
    try:
        if isinstance(adapter, TypeAdapter):
            return adapter.validate_python(data)
        return adapter.model_validate(data)
    except ValidationError as exc:
        raise DataError(problems_from(exc, doc, display_path(doc.path), tags=tags, allowed=allowed)) from None


def data_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The YAML files of a data folder, and a problem for anything else lying there.

    Hidden files (``.gitkeep``, ``.DS_Store``) are the file manager's, not data.
    """
    if not folder.is_dir():
        return [], []
    files, problems = [], []
    with os.scandir(folder) as listing:  # names and types in one call: no stat per file, no Path sorting
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        path = folder / name
        if entry.is_dir() or not name.lower().endswith(YAML_SUFFIXES):
            problems.append(Problem(display_path(path), 0, "",
                                    "这里只能放 .yaml 数据文件；请把其他文件移到别处。"))
        else:
            files.append(path)
    return files, problems


LINES_KEPT = ("name", "recommender", "unit")


@dataclass(frozen=True)
class LoadedNominee:
    nominee: Collective | Individual
    lines: dict[str, int]
    """Lines of the keys that cross-file checks point at (:data:`LINES_KEPT`)."""


def _read_with_id(path: Path, example: str) -> tuple[YamlDoc, dict[str, Any], list[Problem]]:
    """Read a file whose id is its file name; report a bad name or an ``id:`` key inside.

    The shown path is worked out only for a problem: resolving it costs more than reading the file.
    """
    problems: list[Problem] = []
    stem = path.stem
    if not ID_RE.match(stem):
        problems.append(Problem(display_path(path), 0, "文件名", f"“{stem}”不能作为编号：文件名只能用小写字母、"
                                f"数字和连字符（-），以字母或数字开头，最长 64 个字符，例如 {example}。"))
    doc = read_doc(path)
    data = dict(doc.data)
    if "id" in data:
        problems.append(Problem(display_path(path), doc.line_of(("id",)), "id", "不要在文件里写 id：编号就是文件名。"))
        data.pop("id")
    data["id"] = stem if not problems else "x"
    return doc, data, problems


def load_nominee(path: Path) -> LoadedNominee:
    """One ``data/nominees/<id>.yaml``; the id is the file name."""
    doc, data, problems = _read_with_id(path, "lj-zhang-wei.yaml")
    try:
        nominee = NOMINEE.validate_python(data)
    except ValidationError as exc:  # the keys allowed are worked out only now: ten thousand files pass
        model = Individual if data.get("kind") == "individual" else Collective
        problems.extend(problems_from(exc, doc, display_path(path), tags=NOMINEE_TAGS,
                                      allowed={(): _fields(model, skip=("id",))}))
    if problems:
        raise DataError(problems)
    lines = doc.lines  # the keys are there: the model requires them
    return LoadedNominee(nominee, {k: lines.get((k,)) or doc.line_of((k,)) for k in LINES_KEPT})


@dataclass(frozen=True)
class LoadedNotice:
    notice: Notice
    doc: YamlDoc


def load_notice(path: Path) -> LoadedNotice:
    """One ``data/notices/<id>.yaml``; kept with its lines for the checks against other files."""
    doc, data, problems = _read_with_id(path, "2026-city.yaml")
    try:
        notice = validate_doc(doc, Notice, data, allowed={(): _fields(Notice, skip=("id",))})
    except DataError as exc:
        problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return LoadedNotice(notice, doc)


def load_decision(path: Path) -> Decision:
    return load_model(path, Decision)


def load_all(paths: list[Path], load: Callable[[Path], Any]) -> tuple[list[Any], list[Problem]]:
    """Load every path, collecting problems instead of stopping at the first file."""
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append(load(path))
        except DataError as exc:
            problems.extend(exc.problems)
    return loaded, problems


def load_recommenders(path: Path) -> dict[str, Recommender]:
    result = load_model(path, Recommenders)
    return _unique_ids(path, "recommenders", result.recommenders)


def load_contacts(path: Path) -> dict[str, Contact]:
    result = load_model(path, Contacts)
    return _unique_ids(path, "contacts", result.contacts)


def _unique_ids(path: Path, key: str, items: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    problems = []
    doc = read_doc(path) if len({i.id for i in items}) != len(items) else None
    for n, item in enumerate(items):
        if item.id in out and doc is not None:
            problems.append(Problem(display_path(path), doc.line_of((key, n, "id")), f"{key}[{n + 1}].id",
                                    f"编号“{item.id}”重复了，每个编号只能用一次。"))
        out[item.id] = item
    if problems:
        raise DataError(problems)
    return out


def load_program(path: Path) -> Program:
    return load_model(path, Program)
