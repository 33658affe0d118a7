"""``publisher validate`` and ``check`` when nothing changed: the last output, replayed.

Staff run these two commands again and again while they fix files. Their output
is a function of the input files and the code, so when neither changed since
the last run the command prints what it printed then, with the same exit code,
without importing the models or reading a single data file. That is what brings
a run over ten thousand nominees from about a second (imports and unpickling
alone) to a tenth of one.

The key is the content of every input, never a timestamp alone: the digest of
each file under the folders the command reads (names included, so an added or
removed file counts), of the package's own source, of the installed library
versions, of the command line, the working folder (it shapes the paths in
messages) and the environment variables the package reads. As in
:mod:`publisher.cache`, a file whose size, times and inode are unchanged is not
read again, and a file written within ``RACY_NS`` of a run is always read. After
a first run, the files its loader read are keyed by the bytes it used, taken
from the loader's notes (no second stat or read of ten thousand files); a
folder changed during the run (a file added, removed or renamed) means no key.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import io
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .cache import (
    MIN_FILES,
    RACY_NS,
    Reads,
    changed_at,
    file_digest,
    key_changed_at,
    noting_reads,
    stat_key,
    store_dir,
)
from .store import write_store

ENVIRONMENT = ("PUBLISHER_TODAY", "SOURCE_DATE_EPOCH", "TZ", "PUBLISHER_TEST_DATA")
LIBRARIES = ("pydantic", "pydantic_core", "yaml", "click", "chinese_calendar", "jinja2", "nh3")
"""Whose installed versions (the ``*.dist-info`` names beside them) are part of every key."""


def _walk(folder: Path) -> Iterable[tuple[str, os.DirEntry[str] | None, int]]:
    """Every file under ``folder`` with its path relative to it; hidden names are nobody's input.

    Each folder comes too (with no entry), with the time it last changed: a file
    added, removed or renamed changes it, which is how a run learns that its
    input moved under it even for a file it does not stat.
    """
    stack = [(folder, "")]
    while stack:
        here, prefix = stack.pop()
        try:
            with os.scandir(here) as entries:
                listing = sorted(entries, key=lambda e: e.name)
            yield prefix, None, changed_at(os.stat(here))
        except OSError:
            continue
        for entry in listing:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):  # a link is never followed (a loop would never end): see links.py
                stack.append((Path(entry.path), f"{prefix}{entry.name}/"))
            else:
                yield prefix + entry.name, entry, 0


class Inputs:
    """What each input file's digest was, by path, so unchanged files are not read again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read: Reads = {}
        """What the run loaded (:func:`cache.noting_reads`): used as it was read, without a stat."""
        self.known: Reads = {}
        """Each input's stat and digest from earlier runs, by path (the same shape as the loader's notes)."""
        self.changed = False
        with contextlib.suppress(OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            with path.open("rb") as f:
                known = pickle.load(f)
            if isinstance(known, dict):
                self.known = known

    def digest(self, folders: list[Path]) -> tuple[bytes, int, int]:
        """One digest of every file under ``folders`` (names and contents), how many, and when the newest changed.

        Ten thousand files pass through here after a first run: the files the
        loader noted are taken in the loop itself, and the digest is fed once a
        folder (the same digest as feeding it file by file).
        """
        h = hashlib.blake2b(digest_size=20)
        now, count, newest = time.time_ns(), 0, 0
        read, known = self.read, self.known
        for folder in folders:
            h.update(f"\0{os.path.abspath(folder)}\0".encode("utf-8", "surrogateescape"))
            parts: list[bytes] = []
            for rel, entry, changed in _walk(folder):
                if entry is None:  # a folder: its time counts, its name is in its files' names
                    newest = max(newest, changed)
                    continue
                path = entry.path
                noted = read.get(path)
                if noted is not None:  # the bytes this run used, stat'ed as they were read: no stat, no read
                    if known.get(path) != noted:
                        known[path] = noted
                        self.changed = True
                    digest, changed = noted[1], key_changed_at(noted[0])
                else:
                    digest, changed = self._file(entry, now)
                parts += (rel.encode("utf-8", "surrogateescape"), b"\0", digest)
                count += 1
                newest = changed if changed > newest else newest
            h.update(b"".join(parts))
        return h.digest(), count, newest

    def _file(self, entry: os.DirEntry[str], now: int) -> tuple[bytes, int]:
        """A file the loader did not note: its digest and when it last changed, read only if its stat moved."""
        try:
            st = entry.stat()
        except OSError:
            return b"?", now
        if not stat.S_ISREG(st.st_mode):  # a pipe would wait forever for a writer: the loader reports it instead
            return b"|", now
        key = stat_key(st)
        seen = self.known.get(entry.path)
        if seen is not None and seen[0] == key:
            return seen[1], changed_at(st)
        try:
            digest = file_digest(Path(entry.path))
        except OSError:
            return b"?", now
        if changed_at(st) < now - RACY_NS:
            self.known[entry.path] = (key, digest)
            self.changed = True
        return digest, changed_at(st)

    def save(self) -> None:
        if self.changed:
            write_store(self.path, [pickle.dumps(self.known, protocol=pickle.HIGHEST_PROTOCOL)])


@functools.cache
def code_digest() -> bytes:
    """The package's source, the interpreter and the installed library versions."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{sys.version} {sys.executable}".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        h.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    places = set()
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)  # finds, does not import
        if spec is not None and spec.origin:
            places.add(Path(spec.origin).parent.parent)
    for place in sorted(places):
        with contextlib.suppress(OSError):
            h.update("\0".join(sorted(n for n in os.listdir(place) if n.endswith(".dist-info"))).encode())
    return h.digest()


class _Tee(io.TextIOBase):
    """Writes through to ``stream`` and keeps a copy."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.copy = stream, io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    @property
    def encoding(self) -> str:  # click asks, to decide how to print
        return getattr(self.stream, "encoding", "utf-8")

    def isatty(self) -> bool:
        return self.stream.isatty()


def _run_and_record(command: Callable[..., Any], kwargs: dict[str, Any]) -> tuple[Any, str, str, int]:
    """Run ``command``, its output copied; click's errors are shown here so they are copied too."""
    import click

    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    result, code = None, 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):  # type: ignore[type-var]
        try:
            result = command(**kwargs)
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return result, out.copy.getvalue(), err.copy.getvalue(), code


def _key(name: str, roots: list[Path], inputs: Inputs) -> tuple[bytes, int, int]:
    """The digest of everything the run depends on, how many input files, and when the newest changed."""
    key = hashlib.blake2b(digest_size=20)
    for part in (name, "\0".join(sys.argv[1:]), os.getcwd(), *(f"{v}={os.environ.get(v)}" for v in ENVIRONMENT)):
        key.update(part.encode("utf-8", "surrogateescape") + b"\0")
    files, count, newest = inputs.digest(roots)
    key.update(code_digest() + files)
    return key.digest(), count, newest


def _last(path: Path) -> tuple[bytes, str, str, int] | None:
    try:
        with path.open("rb") as f:
            last = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        return None
    return last if isinstance(last, tuple) and len(last) == 4 else None


def replayable(folders: Callable[[dict[str, Any]], list[Path]], *,
               skip: Callable[[dict[str, Any]], bool] = lambda kwargs: False) -> Callable[..., Any]:
    """Decorate a click command (innermost, under its options) so an unchanged run replays its last output.

    ``folders(kwargs)`` names the folders the command reads, the data folder first
    (the store lives beside it, in the project's ``.cache``); ``skip(kwargs)`` says
    when not to replay (options with side effects, such as writing a report).
    Folders with fewer than ``MIN_FILES`` files are not worth it and left alone.
    """

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def run(**kwargs: Any) -> Any:
            roots = folders(kwargs)
            store = store_dir(roots[0].resolve().parent) if roots and roots[0].is_dir() else None
            if store is None or skip(kwargs):
                return command(**kwargs)
            inputs = Inputs(store / "inputs.pickle")
            path = store / f"replay-{command.__name__}.pickle"
            key = None
            if inputs.known:  # digests known: the key costs a stat per file, so look before running
                key, count, _ = _key(command.__name__, roots, inputs)
                last = _last(path) if count >= MIN_FILES else None
                if last is not None and last[0] == key:
                    sys.stdout.write(last[1])
                    sys.stderr.write(last[2])
                    raise SystemExit(last[3])
            started = time.time_ns()
            with noting_reads() as read:
                result, out, err, code = _run_and_record(command, kwargs)
            inputs.read = read
            if key is None:  # first run: digest afterwards, reusing what the loader read, unless a file moved meanwhile
                key, count, newest = _key(command.__name__, roots, inputs)
                if newest >= started - RACY_NS:
                    key = None
            if key is not None and count >= MIN_FILES:
                inputs.save()
                write_store(path, [pickle.dumps((key, out, err, code), protocol=pickle.HIGHEST_PROTOCOL)])
            if code:
                raise SystemExit(code)
            return result

        return run

    return decorate
