"""From files in ``data/`` to validated models, with every problem in one run.

Each file is read and validated on its own (a pure function of its bytes, so it
can be cached or run in parallel); checks that need several files (a nominee
listed twice, a recommender that does not exist) run afterwards, while the line
of each value is still known.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .errors import DataError, Problem, display_path
from .messages import problems_from
from .models import (
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
from .reading import YAML_SUFFIXES, Read, data_files, load_all, read_doc, read_nominee, read_with_id
from .yamlfile import Loc, YamlDoc

__all__ = ["YAML_SUFFIXES", "data_files", "load_all", "read_doc"]  # at home in .reading; many callers find them here

M = TypeVar("M", bound=BaseModel)
NOMINEE_TAGS = frozenset({"collective", "individual"})


@functools.cache
def _fields(model: type[BaseModel], *, skip: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The keys a file of ``model`` may hold, for naming the right one when a key is misspelt."""
    return tuple(name for name in model.model_fields if name not in skip)


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


LINES_KEPT = ("name", "recommender", "unit")


@dataclass(frozen=True)
class LoadedNominee:
    nominee: Collective | Individual
    lines: dict[str, int]
    """Lines of the keys that cross-file checks point at (:data:`LINES_KEPT`)."""


def _with_id(path: Path, read: Read) -> tuple[YamlDoc, dict[str, Any], list[Problem]]:
    """The data of a file whose id is its file name, with that id; an ``id:`` key inside is a problem."""
    doc, problems = read
    problems = list(problems)
    data = dict(doc.data)
    if "id" in data:
        problems.append(Problem(display_path(path), doc.line_of(("id",)), "id", "不要在文件里写 id：编号就是文件名。"))
        data.pop("id")
    data["id"] = path.stem if not problems else "x"
    return doc, data, problems


def load_nominee(path: Path, raw: bytes | None = None) -> LoadedNominee:
    """One ``data/nominees/<id>.yaml`` (``raw``: its bytes, if read already); the id is the file name."""
    return finish_nominee(path, read_nominee(path, raw))


def finish_nominee(path: Path, read: Read) -> LoadedNominee:
    """The models' half of :func:`load_nominee`, on what :func:`publisher.reading.read_nominee` read."""
    doc, data, problems = _with_id(path, read)
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
    doc, data, problems = _with_id(path, read_with_id(path, "2026-city.yaml"))
    try:
        notice = validate_doc(doc, Notice, data, allowed={(): _fields(Notice, skip=("id",))})
    except DataError as exc:
        problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return LoadedNotice(notice, doc)


def load_decision(path: Path) -> Decision:
    return load_model(path, Decision)


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
