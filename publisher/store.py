"""The loading cache's file: an index of entries by file name, and the values in pickled chunks.

Kept apart from :mod:`publisher.cache`, which decides what goes in and when
an entry still holds; this module only keeps the file, writing it whole and
atomically, and unpickling a chunk only when one of its values is asked for.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHUNK = 250
"""Files per loading task (see :mod:`publisher.cache`), and so values per chunk of the store."""
Stat = tuple[int, int, int, int]
"""Size, mtime_ns, ctime_ns and inode: any write changes one of them."""


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
