"""``data/nominees`` replaced all or nothing, even when the import is killed half-way.

An import changes many files; replacing them one by one leaves a mix of old and new
files when the process is killed (``kill -9``, a closed terminal, a full disk). So
the complete new folder is built first, and swapped in with one rename:

1. :func:`staged`: ``data/.nominees-import-XXXX/data/`` becomes a copy of the data
   folder (hard links where the file system has them, so a copy costs no disk and
   keeps every unchanged file's bytes, mode and inode), the imported files are
   written into its ``nominees/`` (each through a temporary name, never through a
   link), and the copy must load as a whole
   (:func:`~publisher.data.dataset.load_dataset`).
2. :func:`commit`: the written files are flushed to disk; the real ``nominees/``
   must still be what the import was planned from (an edit or another import
   meanwhile would otherwise be lost); a ``READY`` marker is written; then the
   staged folder and ``data/nominees`` change places in one step: Linux's
   ``renameat2(RENAME_EXCHANGE)``, or, where the system has no atomic exchange,
   two renames.
3. The temporary folder (holding the old ``nominees/``) is deleted.

Killed before step 2, ``data/nominees`` is as before; after it, it is complete. The
staging folder's name starts with a dot, so ``validate`` and every other loader never
read it. What a killed import leaves behind is dealt with by the next one
(:func:`recover`): a staging folder is deleted, except in the one state that needs
rolling forward: the two-rename fallback killed between its renames (``READY`` there,
``data/nominees`` missing), when the staged folder, already checked, is moved into place.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from publisher.data.dataset import load_dataset
from publisher.errors import DataError, Problem, PublishError, display_path

STAGE_PREFIX = ".nominees-import-"
READY = "READY"
"""Written last in a staging folder: its ``data/nominees`` is complete, checked and on disk."""
AT_FDCWD = -100
RENAME_EXCHANGE = 2
"""renameat2(2): swap the two paths atomically (Linux 3.15+, on ext4, xfs, btrfs, tmpfs…)."""
SYNC_THREADS = 16

Snapshot = tuple[int, tuple[tuple[str, int, int, int], ...]] | None
"""A folder's inode and, per entry, its name, inode, size and mtime; None when there is no folder."""


def snapshot(folder: Path) -> Snapshot:
    """What ``folder`` holds, cheaply enough to take before loading and again before the swap."""
    try:
        inode = os.stat(folder).st_ino
        with os.scandir(folder) as listing:
            entries = []
            for entry in listing:
                st = entry.stat(follow_symlinks=False)
                entries.append((entry.name, st.st_ino, st.st_size, st.st_mtime_ns))
    except FileNotFoundError:
        return None
    return inode, tuple(sorted(entries))


@dataclass
class Stage:
    """One import's staging folder inside the data folder."""

    root: Path
    data_dir: Path
    unsynced: list[Path] = field(default_factory=list)
    """Files written or copied (not linked) into the stage: they must reach the disk before the swap."""

    @property
    def data(self) -> Path:
        """The staged copy of the data folder (what is loaded and checked)."""
        return self.root / "data"

    @property
    def nominees(self) -> Path:
        return self.data / "nominees"


def _fsync(path: Path, *, directory: bool = False) -> None:
    """Flush a file (or a folder's list of names) to disk; Windows cannot open folders, nor needs to."""
    if directory and os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY if os.name == "posix" else os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_all(paths: list[Path]) -> None:
    """Flush many files at once: concurrent fsyncs share the file system's journal commits.

    One by one, a thousand files take seconds on ext4 (a journal commit each); from a few
    threads, a fraction of a second.
    """
    if paths:
        with ThreadPoolExecutor(max_workers=SYNC_THREADS) as pool:
            list(pool.map(_fsync, paths))


def _write(path: Path, text: str) -> None:
    """Write beside the target and rename over it: a staged name may be a hard link to a real file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


def _relocated(problems: list[Problem], stage: Path, data_dir: Path) -> list[Problem]:
    """Problems found in the staged copy, pointed at the files they will be in ``data/``."""
    staged, real = display_path(stage), display_path(data_dir)
    return [Problem(real + p.path[len(staged):] if p.path.startswith(staged) else p.path, p.line, p.field, p.message)
            for p in problems]


def _copy_tree(stage: Stage, source: Path, target: Path, *, top_level_skip: frozenset[str] = frozenset(),
               skip_hidden: bool = True) -> None:
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst, follow_symlinks=False)
        except OSError:  # no hard links here (FAT, some shares): a real copy, flushed before the swap
            shutil.copy2(src, dst, follow_symlinks=False)
            stage.unsynced.append(Path(dst))

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n.startswith(".")} if skip_hidden else set()
        return skipped | (set(names) & top_level_skip if Path(folder) == source else set())

    shutil.copytree(source, target, symlinks=True, ignore=ignore, copy_function=link_or_copy)


def _prepare(stage: Stage, files: dict[str, str]) -> None:
    real = stage.data_dir / "nominees"
    _copy_tree(stage, stage.data_dir, stage.data, top_level_skip=frozenset({"nominees"}))
    if real.is_dir():  # hidden files too (.gitkeep): the folder swapped in must lack nothing
        _copy_tree(stage, real, stage.nominees, skip_hidden=False)
    else:
        stage.nominees.mkdir()
    for nominee_id, text in files.items():
        path = stage.nominees / f"{nominee_id}.yaml"
        _write(path, text)
        stage.unsynced.append(path)


@contextmanager
def staged(data_dir: Path, files: dict[str, str], *, beside: bool = True) -> Iterator[Stage]:
    """A staging folder holding the data folder with ``files`` (id → text) written; it must load as a whole.

    The staging folder is removed when the block ends, whatever happens (after :func:`commit` it
    holds the old ``nominees/``). ``beside=False`` (a dry run, which never commits) stages in the
    system's temporary folder instead, so that checking needs no write access to ``data_dir``.
    """
    real = data_dir / "nominees"
    if real.is_symlink():
        raise PublishError(f"{display_path(real)} 是符号链接：导入只写入真实的文件夹，请把它换成普通文件夹后再导入。")
    where = data_dir if beside else Path(tempfile.gettempdir())
    mine = f"{STAGE_PREFIX}{os.getpid()}-"  # found by name when a signal lands before the folder's name is known
    try:
        try:
            stage = Stage(Path(tempfile.mkdtemp(prefix=mine, dir=where)), data_dir)
        except OSError as exc:
            raise PublishError(f"无法在 {display_path(where)} 里准备导入（{exc.strerror}），没有写入任何文件。") from None
        try:
            _prepare(stage, files)
        except OSError as exc:
            raise PublishError(f"准备导入时出错（{exc.strerror}），没有写入任何文件。") from None
        try:
            load_dataset(stage.data)
        except DataError as exc:
            raise DataError(_relocated(exc.problems, stage.data, data_dir)) from None
        yield stage
    finally:
        with _terminate_deferred():
            for folder in where.glob(mine + "*"):
                shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _terminate_deferred() -> Iterator[None]:
    """SIGTERM held back until the block ends: clean-up is not cut short by the signal that asked for it."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _renameat2() -> Callable[..., int] | None:
    """The C library's renameat2, where there is one (glibc 2.28+ on Linux); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing folders in one atomic step; False when this system or file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), os.fspath(a))


def commit(stage: Stage, before: Snapshot) -> None:
    """Put the staged ``nominees/`` in place of the real one in one step (see the module's docstring).

    ``before`` is the real folder as it was when the import read it; if it changed since (an edit,
    another import), nothing is written.
    """
    real = stage.data_dir / "nominees"
    try:
        _fsync_all(stage.unsynced)
        _fsync(stage.nominees, directory=True)
        if snapshot(real) != before:
            raise PublishError(f"导入期间 {display_path(real)} 里的文件被改动了（有人在编辑，或另一个导入在运行）："
                               "为了不覆盖这些改动，没有写入任何文件。请稍后重新导入。")
        (stage.root / READY).write_text("staged nominees/ complete and checked\n", encoding="utf-8")
        _fsync(stage.root / READY)
        _fsync(stage.root, directory=True)
        if before is None:
            os.rename(stage.nominees, real)
        elif not exchange(stage.nominees, real):
            os.rename(real, stage.root / "old")  # killed between these two: recover() finishes the job
            os.rename(stage.nominees, real)
        _fsync(stage.data_dir, directory=True)
    except OSError as exc:
        raise PublishError(f"写入 {display_path(real)} 时出错（{exc.strerror}）：没有写入任何文件。") from None


def leftovers(data_dir: Path) -> list[Path]:
    """Staging folders of imports that were killed (or are running right now)."""
    try:
        return sorted(p for p in data_dir.glob(STAGE_PREFIX + "*") if p.is_dir() and not p.is_symlink())
    except OSError:
        return []


def _running(root: Path) -> int | None:
    """The process id of the import that owns staging folder ``root``, if it is still running (POSIX)."""
    number = root.name.removeprefix(STAGE_PREFIX).split("-", 1)[0]
    if os.name != "posix" or not number.isdigit() or int(number) == os.getpid():
        return None
    try:
        os.kill(int(number), 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, someone else's
        return int(number)
    return int(number)


def recover(data_dir: Path, *, dry_run: bool) -> list[str]:
    """Deal with what killed imports left in ``data_dir``; the notes say what was done (or, dry, found).

    The folder of an import still running is left alone: removing it would only make that import fail.
    """
    real = data_dir / "nominees"
    notes = []
    for root in leftovers(data_dir):
        pid = _running(root)
        if pid is not None:
            notes.append(f"另一个导入（进程 {pid}）正在运行，它的临时文件夹 {display_path(root)} 未改动；"
                         "两个导入同时写入时，后完成的那个会停止，不会覆盖前一个的结果。")
            continue
        staged_nominees = root / "data" / "nominees"
        forward = (root / READY).is_file() and not real.exists() and staged_nominees.is_dir()
        if dry_run:
            notes.append(f"发现上次被中断的导入留下的临时文件夹 {display_path(root)}：正式导入时会"
                         f"{'把它完成' if forward else '删除它'}（试运行不改动任何文件）。")
            continue
        if forward:
            try:
                os.rename(staged_nominees, real)
                _fsync(data_dir, directory=True)
            except OSError as exc:
                raise PublishError(f"无法完成上次被中断的导入（{exc.strerror}）：请把 {display_path(staged_nominees)} "
                                   f"移到 {display_path(real)}。") from None
            notes.append(f"上次导入在替换 {display_path(real)} 时被中断：已把那次导入已校验的结果放到位。")
        else:
            notes.append(f"已删除上次被中断的导入留下的临时文件夹 {display_path(root)}（{display_path(real)} 不受影响）。")
        shutil.rmtree(root, ignore_errors=True)
    return notes


class Stopped(BaseException):
    """The import was asked to stop (SIGTERM): raised where it runs, so staging is cleaned up on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def stop_on_terminate() -> Iterator[None]:
    """Within the block, SIGTERM stops the import as Ctrl+C does: cleanly, by an exception, not mid-air."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
