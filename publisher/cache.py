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
import importlib.util
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from . import cores
from .errors import DataError, Problem

MIN_FILES = 500
"""Below this many files a run takes well under a second anyway: no store, no pool."""
MIN_PARALLEL = 500
"""Files to read before starting a pool pays for itself (a fork and pickling the results)."""
CHUNK = 250
"""Files per task handed to a worker; also the unit in which the store is written."""
RACY_NS = 2_000_000_000
"""A file written this close to when it was read is not stored (coarse file-system clocks)."""
FORMAT = 1
_MISSING = object()
"""A file with problems, or not loaded yet: no value."""

Stat = tuple[int, int, int, int]
"""Size, mtime_ns, ctime_ns and inode: any write changes one of them."""
Loader = Callable[[Path, bytes | None], Any]
"""Reads one file: its path and its bytes (None when they could not be read: the loader says why)."""
Finisher = Callable[[Path, Any], Any]
"""Makes a file's value from what a :data:`Loader` read, where that needs more than reading (the models)."""


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
                  "publisher.models", "publisher.loading")
"""The code that decides what a loader returns for given bytes (with pydantic and PyYAML)."""


def _source(name: str) -> bytes:
    """The Python source of module ``name``, found without importing it.

    For a compiled module (:mod:`publisher.quickyaml`) that is the file it was built from.
    """
    spec = importlib.util.find_spec(name)
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    if origin is None:
        return name.encode()
    source = origin.with_name(name.rpartition(".")[2] + ".py")
    return (source if source.is_file() else origin).read_bytes()


def _library_version(package: str, holder: str) -> bytes:
    """The file of a library that names its version, found without importing the library (pydantic takes 0.1 s)."""
    spec = importlib.util.find_spec(package)  # a top-level name: found, not imported
    places = spec.submodule_search_locations if spec is not None else None
    if not places:
        return package.encode()
    try:
        return (Path(next(iter(places))) / holder).read_bytes()
    except OSError:
        return package.encode()


def code_version(modules: Sequence[str] = LOADER_MODULES) -> str:
    """A digest of the source of ``modules`` and the versions of the libraries that shape their results.

    Nothing is imported: the nominee files start loading before the models are.
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT} {sys.version}".encode())
    h.update(_library_version("pydantic", "version.py"))  # it pins the pydantic-core it needs
    h.update(_library_version("yaml", "__init__.py"))
    for name in modules:
        h.update(_source(name))
    return h.hexdigest()


def enabled() -> bool:
    return os.environ.get("PUBLISHER_CACHE", "").lower() not in ("0", "off", "no", "false")


def store_dir(project: Path) -> Path | None:
    """Where ``project``'s caches live: its gitignored ``.cache/publisher``; None when caching is off."""
    if not enabled():
        return None
    override = os.environ.get("PUBLISHER_CACHE_DIR")
    return Path(override) if override else project.resolve() / ".cache" / "publisher"


# --- the store ------------------------------------------------------------------------


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


Entry = tuple[Stat, bytes, int, int]
"""Stat, digest, chunk number and position in the chunk: a plain tuple, the quickest thing to unpickle."""


@dataclass
class Store:
    """One folder's entries: an index by file name, and the pickled chunks their values live in.

    The file is a pickled header (version, index, chunk sizes and counts) followed
    by the chunks, each a pickled list, loaded only when one of its values is used.
    """

    path: Path
    version: str
    entries: dict[str, Entry] = field(default_factory=dict)
    blobs: list[bytes] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    changed: bool = False
    _values: dict[int, list[Any]] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path, version: str) -> Store:
        """The store at ``path``; an empty one when it is missing, unreadable or made by other code."""
        try:
            with path.open("rb") as f:
                header = pickle.load(f)
                if header.get("version") != version:
                    return cls(path, version)
                blobs = [f.read(size) for size in header["sizes"]]
            return cls(path, version, header["entries"], blobs, header["counts"])
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError):
            return cls(path, version)

    def values(self, blob: int) -> list[Any]:
        loaded = self._values.get(blob)
        if loaded is None:
            loaded = self._values[blob] = pickle.loads(self.blobs[blob])
        return loaded

    def value(self, entry: Entry) -> Any:
        return self.values(entry[2])[entry[3]]

    def add(self, blob: bytes, values: list[Any]) -> int:
        """A new chunk of values (already pickled as ``blob``); returns its number."""
        self.blobs.append(blob)
        self.counts.append(len(values))
        self._values[len(self.blobs) - 1] = values
        self.changed = True
        return len(self.blobs) - 1

    def keep_only(self, names: set[str]) -> None:
        """Forget files that are gone; rewrite the chunks once most of what they hold is dead."""
        for name in [n for n in self.entries if n not in names]:
            del self.entries[name]
            self.changed = True
        if len(self.entries) * 2 < sum(self.counts):
            self._compact()

    def _compact(self) -> None:
        live = sorted(self.entries.items())
        values = [self.value(entry) for _, entry in live]
        self.blobs, self.counts, self._values = [], [], {}
        for start in range(0, len(live), CHUNK):
            part = values[start:start + CHUNK]
            blob = self.add(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL), part)
            for index, (name, entry) in enumerate(live[start:start + CHUNK]):
                self.entries[name] = (entry[0], entry[1], blob, index)

    def save(self) -> None:
        if not self.changed:
            return
        header = pickle.dumps({"version": self.version, "entries": self.entries, "counts": self.counts,
                               "sizes": [len(b) for b in self.blobs]}, protocol=pickle.HIGHEST_PROTOCOL)
        write_store(self.path, [header, *self.blobs])


def write_store(path: Path, parts: Iterable[bytes]) -> None:
    """Write a cache file atomically (a temporary file, then a rename); failing only costs the next run time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.writelines(parts)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


# --- loading ------------------------------------------------------------------------------


@dataclass
class _Chunk:
    """What one task returns: per file read, its name, stat and digest, and the values made.

    ``pending``: the values are only read (see :data:`Finisher`), and the
    process that keeps them finishes them. Otherwise they are final and
    ``blob`` holds them pickled once, where they were made: that is both what
    a helper sends (without the values themselves) and what the store keeps.
    """

    names: list[str]
    stats: list[Stat | None]
    """None: not to be stored (changed just now, or unreadable)."""
    digests: list[bytes]
    problems: list[Problem]
    values: list[Any] | None
    pending: bool
    blob: bytes | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "values": None} if self.blob is not None else self.__dict__

    def loaded(self) -> list[Any]:
        if self.values is None:
            assert self.blob is not None
            self.values = pickle.loads(self.blob)
        return self.values


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


def _load_chunk(read: Loader, finish: Finisher | None, paths: list[Path]) -> _Chunk:
    """Read ``paths`` (and finish them, given ``finish``); note what may be stored for each success.

    The stat is taken before the bytes are read: a write after it changes the
    times, so a stored stat never vouches for bytes other than those loaded
    (and a file changed within ``RACY_NS`` of the run is not stored at all).
    """
    started = time.time_ns()
    values, names, stats, digests, problems = [], [], [], [], []
    for path in paths:
        st, raw = _read(path)
        try:
            value = read(path, raw)
            if finish is not None:
                value = finish(path, value)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        values.append(value)
        names.append(path.name)
        if st is None or raw is None:  # read by the loader itself after all: nothing to vouch for it
            stats.append(None)
            digests.append(b"")
            continue
        stats.append(stat_key(st) if changed_at(st) < started - RACY_NS else None)  # None: do not store
        digests.append(hashlib.blake2b(raw, digest_size=20).digest())
    pending = finish is None
    blob = None if pending else pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)
    return _Chunk(names, stats, digests, problems, values, pending, blob)


def _unchanged(store: Store, path: Path, entry: Entry) -> Entry | None:
    """``entry``, if the bytes of ``path`` are those it was made from (with the file's new times, if touched)."""
    st = path.stat()
    key = stat_key(st)
    if key == entry[0]:
        _note(str(path), key, entry[1])
        return entry
    try:
        digest = file_digest(path)
    except OSError:
        return None
    if digest != entry[1]:
        return None
    if changed_at(st) < time.time_ns() - RACY_NS:  # touched, not changed: remember the new times
        entry = (key, *entry[1:])
        store.entries[path.name] = entry
        store.changed = True
        _note(str(path), key, digest)
    return entry


def load_files(paths: list[Path], load: Loader, *, data_root: Path, name: str,
               modules: Sequence[str] = LOADER_MODULES) -> tuple[list[Any], list[Problem]]:
    """``loading.load_all(paths, load)``, from the cache where possible, with every core when cold.

    ``name`` names the store (one per folder); ``modules`` are those whose code
    decides what ``load`` returns, so that changing them empties the store.
    """
    with loading_files(paths, load, data_root=data_root, name=name, modules=modules) as begun:
        return begun.finish()


@contextmanager
def loading_files(paths: list[Path], read: Loader, *, finish: Finisher | None = None, data_root: Path, name: str,
                  modules: Sequence[str] = LOADER_MODULES) -> Iterator[Begun]:
    """:func:`load_files` begun now, finished by :meth:`Begun.finish`; a file's value is ``finish(path, read(path, raw))``.

    The files the store cannot answer for are started on at once by the
    helpers (:func:`cores.started`), so the caller can do other things
    meanwhile on this core: read its few other files, or import the models.
    Helpers run ``finish`` too when it is given here, that is when it exists
    already; otherwise they only ``read`` (no models needed) and this process
    finishes what they read. Leaving the block stops any helper still running.
    """
    folder = store_dir(data_root.resolve().parent)  # the project: the data folder's parent
    if len(paths) < MIN_FILES or folder is None:
        yield Begun(paths, read, None, [])
        return
    loading = _Loading(paths, Store.open(folder / f"{name}.pickle", code_version(modules)))
    missing = loading.look_up()
    chunks = [missing[i:i + CHUNK] for i in range(0, len(missing), CHUNK)]
    task = partial(_load_chunk, read, finish)
    with cores.started(task, chunks, parallel=len(missing) >= MIN_PARALLEL) as run:
        yield Begun(paths, read, loading, run)


class Begun:
    """A folder's loading under way (see :func:`loading_files`)."""

    def __init__(self, paths: list[Path], read: Loader, loading: _Loading | None, run: Any) -> None:
        self._paths, self._read, self._loading, self._run = paths, read, loading, run

    def finish(self, finish: Finisher | None = None) -> tuple[list[Any], list[Problem]]:
        """Every value, in the paths' order, and every problem, file by file in that order.

        ``finish`` completes what was only read; without it the values are what ``read`` returned.
        """
        if self._loading is None:  # a small folder, or no cache: read here, one file after another
            from .reading import load_all

            load = self._read if finish is None else (lambda path: finish(path, self._read(path, None)))
            return load_all(self._paths, load)
        return self._loading.finish((chunk for _index, chunk in self._run()), finish)


class _Loading:
    """One folder's files: those the store holds, then those loaded now, kept by position."""

    def __init__(self, paths: list[Path], store: Store) -> None:
        self.paths, self.store = paths, store
        self.names = [p.name for p in paths]
        self.results: list[Any] = [_MISSING] * len(paths)  # by position: hashing ten thousand paths costs more
        self.where: dict[str, int] = {}
        self.hits: list[tuple[int, Entry]] = []

    def look_up(self) -> list[Path]:
        """Which files the store holds unchanged (their values are taken later); the files left to load."""
        store, missing = self.store, []
        for position, (path, file_name) in enumerate(zip(self.paths, self.names, strict=True)):
            entry = store.entries.get(file_name)
            if entry is not None:  # a first run stats nothing here
                try:
                    current = _unchanged(store, path, entry)
                except OSError:
                    current = None
                if current is not None:
                    self.hits.append((position, current))
                    continue
            self.where[file_name] = position
            missing.append(path)
        return missing

    def finish(self, chunks: Iterable[_Chunk], finish: Finisher | None) -> tuple[list[Any], list[Problem]]:
        """Put each loaded chunk in place and in the store; save the store; every value, in the paths' order.

        The store's values are unpickled only now: loading can begin before
        the models they hold are imported.
        """
        store, results, where, paths = self.store, self.results, self.where, self.paths
        for position, entry in self.hits:
            results[position] = store.value(entry)
        problems: list[Problem] = []
        for chunk in chunks:
            problems.extend(chunk.problems)
            if chunk.pending and finish is not None:
                chunk = _finished(chunk, finish, [paths[where[n]] for n in chunk.names], problems)
            values = chunk.loaded()
            blob = store.add(chunk.blob or pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL), values)
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


def _finished(chunk: _Chunk, finish: Finisher, paths: list[Path], problems: list[Problem]) -> _Chunk:
    """``chunk`` with what was read finished here; files that fail only now add their problems."""
    kept = _Chunk([], [], [], [], [], pending=False)
    for path, name, st, digest, value in zip(paths, chunk.names, chunk.stats, chunk.digests, chunk.loaded(),
                                             strict=True):
        try:
            done = finish(path, value)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        kept.names.append(name)
        kept.stats.append(st)
        kept.digests.append(digest)
        assert kept.values is not None
        kept.values.append(done)
    return kept
