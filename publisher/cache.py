"""Loading many data files fast: a cache keyed by each file's bytes, and both cores when cold.

An office with ten thousand nominee files runs ``publisher validate`` and
``check`` over and over while fixing a few of them. Reading and validating a
file is a pure function of its name and its bytes (see :mod:`publisher.loading`),
so its result is kept in ``.cache/publisher/`` beside the data folder, under the
BLAKE2 digest of the bytes, and used again while the bytes stay the same. A
file whose digest changed is read again; so is every file when the code that
reads files changed (the store names a digest of that code).

Only successes are kept. A file with problems is read by the ordinary loader
on every run, so its messages (``file:line: field: message``) are the same
with and without the cache, and so is everything else: the cache returns the
very objects the loader returned.

Re-reading ten thousand files just to digest them would cost most of what the
cache saves, so, as ``git status`` does, an entry also remembers the file's
size, times and inode: when all are unchanged the file was not written, and its
bytes are not read. An entry is only stored for a file last changed (mtime or
ctime) well before it was read (``RACY_NS``), so a write landing while we read
it cannot hide behind an unchanged timestamp.

When many files are not cached (the first run, or after a change of code), they
are read in chunks shared between this process and a forked helper per extra
core. Each chunk's results are pickled once, where they are made, and those
bytes are both what a helper sends back and what the store keeps.

Set ``PUBLISHER_CACHE=off`` to read every file every time, or
``PUBLISHER_CACHE_DIR`` to keep the store elsewhere.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from . import cores
from .errors import DataError, Problem
from .store import CHUNK, Entry, Stat, Store

MIN_FILES = 500
"""Below this many files a run takes well under a second anyway: no store, no pool."""
MIN_PARALLEL = 500
"""Files to read before starting a pool pays for itself (a fork and pickling the results)."""
RACY_NS = 2_000_000_000
"""A file written this close to when it was read is not stored (coarse file-system clocks)."""
FORMAT = 1
_MISSING = object()
"""A file with problems, or not loaded yet: no value."""

Loader = Callable[[Path, bytes | None], Any]
"""Reads one file: its path and its bytes (None when they could not be read: the loader says why)."""


def stat_key(st: os.stat_result) -> Stat:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def changed_at(st: os.stat_result) -> int:
    """When the file last changed, in content or in metadata (a copy keeping an old mtime is new)."""
    return max(st.st_mtime_ns, st.st_ctime_ns)


def key_changed_at(key: Stat) -> int:
    """:func:`changed_at` of the stat that ``key`` was made from."""
    return max(key[1], key[2])


def file_digest(path: Path) -> bytes:
    return hashlib.blake2b(path.read_bytes(), digest_size=20).digest()


LOADER_MODULES = ("publisher.errors", "publisher.quickyaml", "publisher.yamlfile", "publisher.messages",
                  "publisher.plaintext", "publisher.models", "publisher.loading")
"""The code that decides what a loader returns for given bytes (with pydantic and PyYAML)."""


def _source(module: Any) -> Path:
    """The Python source of ``module``; for a compiled one (:mod:`publisher.quickyaml`), the file it was built from."""
    path = Path(module.__file__ or module.__name__)
    source = path.with_name(module.__name__.rpartition(".")[2] + ".py")
    return source if source.is_file() else path


def code_version(modules: Sequence[str] = LOADER_MODULES) -> str:
    """A digest of the source of ``modules`` and the versions of the libraries that shape their results."""
    import pydantic
    import yaml

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT} {sys.version} {pydantic.VERSION} {yaml.__version__}".encode())
    for name in modules:
        h.update(_source(importlib.import_module(name)).read_bytes())
    return h.hexdigest()


def enabled() -> bool:
    return os.environ.get("PUBLISHER_CACHE", "").lower() not in ("0", "off", "no", "false")


def store_dir(project: Path) -> Path | None:
    """Where ``project``'s caches live: its gitignored ``.cache/publisher``; None when caching is off."""
    if not enabled():
        return None
    override = os.environ.get("PUBLISHER_CACHE_DIR")
    return Path(override) if override else project.resolve() / ".cache" / "publisher"


# --- noting what a run read ------------------------------------------------------------


Reads = dict[str, tuple[Stat, bytes]]
"""Files loaded, by path: the stat taken before their bytes were read, and those bytes' digest."""
_noting: list[Reads] = []


@contextmanager
def noting_reads() -> Iterator[Reads]:
    """Note every file loaded while the block runs (see :data:`Reads`).

    :mod:`publisher.replay` keys a run on the inputs it used, and for these files
    it then needs neither a stat nor a read. Only files last changed safely
    before they were read (``RACY_NS``) are noted, as for the store. The notes
    belong to one run: a later run (``serve``, or tests calling commands in one
    process) must stat the files again, as they may have changed since.
    """
    reads: Reads = {}
    _noting.append(reads)
    try:
        yield reads
    finally:
        _noting.remove(reads)


def _note(path: str, stat: Stat, digest: bytes) -> None:
    for reads in _noting:
        reads[path] = (stat, digest)


Note = tuple[str, Stat, bytes]
"""A file read elsewhere (a forked helper), for :func:`note`: its path, stat and the digest of the bytes used."""


def read_noted(path: Path, since: int) -> tuple[bytes, Note | None]:
    """The file's bytes, and a note of them when a run is noting its reads (see :func:`noting_reads`).

    For readers outside this module (stories): the note is made as the loader
    makes its own, from one stat and one read, and only for a file last changed
    safely before ``since``, the time its reading began. Raises ``OSError`` as
    ``Path.read_bytes`` does.
    """
    st, raw = _read(path)
    if st is None or raw is None:
        return path.read_bytes(), None  # fails again, with the error to word
    if not _noting or changed_at(st) >= since - RACY_NS:
        return raw, None
    return raw, (str(path), stat_key(st), hashlib.blake2b(raw, digest_size=20).digest())


def note(notes: Iterable[Note]) -> None:
    """Note reads made by :func:`read_noted`, here where the run is noting (a helper's notes die with it)."""
    for path, stat, digest in notes:
        _note(path, stat, digest)


# --- loading ------------------------------------------------------------------------------


@dataclass
class _Chunk:
    """What one task returns: the loaded values pickled, and per file its stat/digest or problems.

    ``values`` are the same values unpickled, kept only in the process that made
    them: a helper sends the blob alone, and its receiver unpickles that.
    """

    blob: bytes
    names: list[str]
    stats: list[Stat | None]
    digests: list[bytes]
    problems: list[Problem]
    values: list[Any] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "values": None}

    def loaded(self) -> list[Any]:
        return self.values if self.values is not None else pickle.loads(self.blob)


def _read(path: Path) -> tuple[os.stat_result | None, bytes | None]:
    """The file's stat and bytes, read once for both the loader and the digest.

    Plain ``os`` calls: a file object and its buffer cost as much again as the
    reading, ten thousand times over.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None, None
    try:
        st = os.fstat(fd)
        raw = os.read(fd, st.st_size + 1)
        if len(raw) == st.st_size:  # the usual case: one byte more was asked for and none came, so that was all
            return st, raw
        parts = [raw]
        while parts[-1]:  # a file that grew since the stat, or a short read
            parts.append(os.read(fd, 65536))
        return st, b"".join(parts)
    except OSError:
        return None, None
    finally:
        os.close(fd)


def _load_chunk(load: Loader, paths: list[Path]) -> _Chunk:
    """Load ``paths`` with the ordinary loader; note what may be stored for each success.

    The stat is taken before the bytes are read: a write after it changes the
    times, so a stored stat never vouches for bytes other than those loaded
    (and a file changed within ``RACY_NS`` of the run is not stored at all).
    """
    started = time.time_ns()
    values, names, stats, digests, problems = [], [], [], [], []
    for path in paths:
        st, raw = _read(path)
        try:
            value = load(path, raw)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        if st is None or raw is None:
            continue
        values.append(value)
        names.append(path.name)
        stats.append(stat_key(st) if changed_at(st) < started - RACY_NS else None)  # None: do not store
        digests.append(hashlib.blake2b(raw, digest_size=20).digest())
    blob = pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)
    return _Chunk(blob, names, stats, digests, problems, values)


def _stored_value(store: Store, path: Path, entry: Entry) -> tuple[bool, Any]:
    """The cached result for ``path``, if its bytes are those its ``entry`` was made from."""
    st = path.stat()
    key = stat_key(st)
    if key == entry[0]:
        _note(str(path), key, entry[1])
        return True, store.value(entry)
    try:
        digest = file_digest(path)
    except OSError:
        return False, None
    if digest != entry[1]:
        return False, None
    if changed_at(st) < time.time_ns() - RACY_NS:  # touched, not changed: remember the new times
        store.entries[path.name] = (key, *entry[1:])
        store.changed = True
        _note(str(path), key, digest)
    return True, store.value(entry)


def load_files(paths: list[Path], load: Loader, *, data_root: Path, name: str,
               modules: Sequence[str] = LOADER_MODULES) -> tuple[list[Any], list[Problem]]:
    """``loading.load_all(paths, load)``, from the cache where possible, with every core when cold.

    ``name`` names the store (one per folder); ``modules`` are those whose code
    decides what ``load`` returns, so that changing them empties the store.
    """
    with loading_files(paths, load, data_root=data_root, name=name, modules=modules) as finish:
        return finish()


Finish = Callable[[], tuple[list[Any], list[Problem]]]


@contextmanager
def loading_files(paths: list[Path], load: Loader, *, data_root: Path, name: str,
                  modules: Sequence[str] = LOADER_MODULES) -> Iterator[Finish]:
    """:func:`load_files` begun now and finished when the caller calls what this gives.

    The files the store cannot answer for are started on at once, by the helpers
    (:func:`cores.started`): the caller reads its few other files meanwhile,
    and that time, on one core, no longer leaves the other one idle. Leaving the
    block stops any helper still running.
    """
    from .loading import load_all

    folder = store_dir(data_root.resolve().parent)  # the project: the data folder's parent
    if len(paths) < MIN_FILES or folder is None:
        yield lambda: load_all(paths, load)
        return
    loading = _Loading(paths, Store.open(folder / f"{name}.pickle", code_version(modules)))
    missing = loading.look_up()
    chunks = [missing[i:i + CHUNK] for i in range(0, len(missing), CHUNK)]
    with cores.started(partial(_load_chunk, load), chunks, parallel=len(missing) >= MIN_PARALLEL) as run:
        yield lambda: loading.finish(chunk for _index, chunk in run())


class _Loading:
    """One folder's files: those the store holds, then those loaded now, kept by position."""

    def __init__(self, paths: list[Path], store: Store) -> None:
        self.paths, self.store = paths, store
        self.names = [p.name for p in paths]
        self.results: list[Any] = [_MISSING] * len(paths)  # by position: hashing ten thousand paths costs more
        self.where: dict[str, int] = {}

    def look_up(self) -> list[Path]:
        """Take what the store holds for unchanged files; the files left to load."""
        store, results, missing = self.store, self.results, []
        for position, (path, file_name) in enumerate(zip(self.paths, self.names, strict=True)):
            entry = store.entries.get(file_name)
            if entry is not None:  # a first run stats nothing here
                try:
                    hit, value = _stored_value(store, path, entry)
                except OSError:
                    hit, value = False, None
                if hit:
                    results[position] = value
                    continue
            self.where[file_name] = position
            missing.append(path)
        return missing

    def finish(self, chunks: Iterable[_Chunk]) -> tuple[list[Any], list[Problem]]:
        """Put each loaded chunk in place and in the store; save the store; every value, in the paths' order."""
        store, results, where, paths = self.store, self.results, self.where, self.paths
        problems: list[Problem] = []
        for chunk in chunks:
            values = chunk.loaded()
            blob = store.add(chunk.blob, values)
            problems.extend(chunk.problems)
            for index, (file_name, st, digest) in enumerate(zip(chunk.names, chunk.stats, chunk.digests,
                                                                strict=True)):
                position = where[file_name]
                results[position] = values[index]
                if st is not None:
                    store.entries[file_name] = (st, digest, blob, index)
                    _note(str(paths[position]), st, digest)
        store.keep_only(set(self.names))
        store.save()
        problems.sort(key=attrgetter("path"))  # chunks come back in any order; each file's problems keep theirs
        return [value for value in results if value is not _MISSING], problems
