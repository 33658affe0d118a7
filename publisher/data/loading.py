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

from publisher.data.messages import problems_from
from publisher.data.models import (
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
    Website,
)
from publisher.data.yaml_reader import Loc, YamlDoc, YamlProblem, read_yaml
from publisher.errors import DataError, Problem, display_path, reason_of

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
        raise DataError([Problem(display_path(path), 0, "", f"无法读取文件：{reason_of(exc)}。")]) from None


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

    Nothing is skipped in silence: a hidden ``.x.yaml`` or an editor's lock file
    may be the very data someone is editing, a second file for one id would hide
    one of the two, and a pipe or a dangling link would hang or fail the read.
    Only ``.gitkeep`` (keeps an empty folder in git) and ``.DS_Store`` (macOS
    writes it again whenever the folder is opened) are nobody's data. A folder
    that cannot be listed raises :class:`DataError`.
    """
    if not folder.is_dir():
        return [], []
    files, problems = [], []
    try:
        with os.scandir(folder) as listing:  # names and types in one call: no stat per file, no Path sorting
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:  # raised: what the folder holds is unknown, so nothing can be said to be missing
        raise DataError([Problem(display_path(folder), 0, "", f"无法打开这个文件夹：{reason_of(exc)}。")]) from None

    def shown(name: str) -> str:
        """Only for a problem (resolving the folder costs more than listing it): the link itself, never its target."""
        folder_shown = display_path(folder)
        return f"{folder_shown}/{name}" if folder_shown not in ("", ".") else name

    taken: dict[str, int] = {}
    for entry in entries:
        name = entry.name
        if name in SYSTEM_FILES:
            continue
        path = folder / name
        why = _not_data(entry)
        if why is None:
            stem = path.stem
            if stem not in taken:
                taken[stem] = len(files)
                files.append(path)
                continue
            kept = taken[stem]
            if name.endswith(".yaml"):  # the usual spelling is read, the odd one reported
                files[kept], path = path, files[kept]
            why = f"与 {shown(files[kept].name)} 重名（只有扩展名不同），无法判断该用哪一个：请把两个文件合并成一个，删除另一个。"
            name = path.name
        problems.append(Problem(shown(name), 0, "", why))
    return files, problems


SYSTEM_FILES = frozenset({".gitkeep", ".DS_Store"})


def _not_data(entry: os.DirEntry[str]) -> str | None:
    """Why a folder entry is not a data file to read, in Chinese, or None when it is one."""
    name = entry.name
    if name.startswith(".~lock.") and name.endswith("#"):
        return f"WPS 或 LibreOffice 正在编辑 {name[7:-1]}（这是它的锁文件）：请保存并关闭该文件后再运行；如已关闭，请删除这个锁文件。"
    if name.startswith("~$"):
        return "这是 Excel 或 WPS 打开文件时留下的临时文件：请保存并关闭表格后再运行；如已关闭，请删除这个文件。"
    yaml_name = name.lower().endswith(YAML_SUFFIXES)
    if yaml_name and not name[:name.rfind(".")].strip("."):
        return f"文件名“{name}”里没有编号：请用编号作文件名，例如 lj-zhang-wei.yaml。"
    if name.startswith("."):
        if yaml_name:
            return "文件名以“.”开头，是隐藏文件，不会被当作数据读取：如果它是数据，请去掉开头的“.”；否则请删除或移到别处。"
        kind = "文件夹" if entry.is_dir() else "文件"
        return f"这是一个隐藏{kind}（名称以“.”开头）：这里只能放 .yaml 数据文件，请删除或移到别处。"
    try:
        if entry.is_dir():
            return ("这是一个文件夹，不是数据文件：这里只能放 .yaml 数据文件，请把其中的文件移出来。" if yaml_name
                    else "这里只能放 .yaml 数据文件；请把其他文件移到别处。")
        if not yaml_name:
            return "这里只能放 .yaml 数据文件；请把其他文件移到别处。"
        if entry.is_file():
            return None
        if entry.is_symlink():
            return "这是一个快捷方式（符号链接），但它指向的文件不存在。"
    except OSError as exc:
        return f"无法读取：{reason_of(exc)}。"
    return "这不是普通文件（而是管道、设备等），无法读取：这里只能放 .yaml 数据文件。"


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
    doc = read_doc(path)  # a misspelt key of the website block is named with its close match, as top-level ones are
    return validate_doc(doc, Program, doc.data, allowed={(): _fields(Program), ("website",): _fields(Website)})
