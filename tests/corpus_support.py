"""Running the ``publisher`` command as staff would, for the corpus and the tests of what it must never delete."""

from __future__ import annotations

import functools
import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from .site_support import tree_bytes

TODAY = "2026-09-29"
TIMEOUT = 120.0
"""Seconds after which a run is killed and the case fails: a hang (a pipe read, a lock), not a slow machine.
Not a speed requirement: a good build loads jieba's dictionary, seconds of CPU on a busy machine."""
COMMANDS = {"validate": ["validate"], "check": ["check"], "build": ["build", "--today", TODAY], "dates": ["dates"],
            "import": ["import"]}


def publisher_command() -> list[str]:
    """The console script of this interpreter's environment (the CLI has no ``__main__``)."""
    script = Path(sys.executable).parent / "publisher"
    if script.is_file():
        return [str(script)]
    found = shutil.which("publisher")
    if found is None:
        raise RuntimeError("the publisher command is not installed (pip install -e .)")
    return [found]


@functools.cache
def unprivileged() -> list[str] | None:
    """What to put before a command so that file permissions bind it: nothing for a plain user.

    Root reads a ``chmod 000`` file and writes into a read-only folder (CI runs as root).
    ``setpriv`` runs the command as root still, but without the capabilities that pass over
    permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER), so it meets them as
    their owner would. None when that is not possible here (no setpriv, or not allowed).
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    with tempfile.TemporaryDirectory() as tmp:
        locked = Path(tmp) / "locked"
        locked.write_text("x", "utf-8")
        locked.chmod(0)
        probe = subprocess.run([*prefix, sys.executable, "-c", f"open({str(locked)!r}).read()"],
                               capture_output=True, check=False)
    return prefix if probe.returncode != 0 else None


def need_unprivileged() -> list[str]:
    prefix = unprivileged()
    if prefix is None:
        pytest.skip("running as root without setpriv (or not allowed to drop capabilities): root passes over "
                    "file permissions, so an unreadable file cannot be made here")
    return prefix


@dataclass(frozen=True)
class Run:
    returncode: int
    output: str
    elapsed: float
    """Wall-clock seconds, only to describe a run (never asserted)."""
    cpu: float
    """CPU seconds of the command, to tell a slow command from a busy machine."""

    def describe(self, command: str) -> str:
        return f"publisher {command} ({self.elapsed:.2f} s, {self.cpu:.2f} s CPU, exit {self.returncode}):\n{self.output}"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_publisher(project: Path, command: str, *, args: list[str] | None = None, env: dict[str, str] | None = None,
                  prefix: list[str] | None = None, timeout: float = TIMEOUT) -> Run:
    argv = [*(prefix or []), *publisher_command(), *COMMANDS[command], *(args or [])]
    environ = {k: v for k, v in os.environ.items() if k not in ("PUBLISHER_TODAY", "SOURCE_DATE_EPOCH")}
    environ.update(env or {})
    start, cpu = time.monotonic(), _children_cpu()
    try:
        proc = subprocess.run(argv, cwd=project, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=timeout, env=environ)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"publisher {command} did not finish within {timeout:g} s (killed); "
                    f"output so far:\n{exc.stdout or ''}{exc.stderr or ''}")
    return Run(proc.returncode, proc.stdout + proc.stderr, time.monotonic() - start, _children_cpu() - cpu)


# --- what a run left behind -----------------------------------------------------------


def project_files(project: Path, names: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """Every file of ``names`` (all but the caches when None) by project path, for byte-for-byte comparisons."""
    tops = [p for p in sorted(project.iterdir()) if p.name != ".cache" and (names is None or p.name in names)]
    files: dict[str, bytes] = {}
    for top in tops:
        if top.is_file():
            files[top.name] = top.read_bytes()
        elif top.is_dir() and not top.is_symlink():
            files.update({f"{top.name}/{rel}": data for rel, data in tree_bytes(top).items()})
    return files


def site_of(project: Path, args: list[str]) -> Path:
    """The folder a build writes: ``-d``/``--site-dir`` when given, else ``site``."""
    site = "site"
    for flag, value in zip(args, args[1:], strict=False):
        if flag in ("-d", "--site-dir"):
            site = value
    return project / site


def published_texts(site: Path) -> dict[str, str]:
    """Every file of ``site`` as text, whatever it is; a ``.gz`` file both as it is and decompressed."""
    texts = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        rel = path.relative_to(site).as_posix()
        texts[rel] = raw.decode("utf-8", "replace")
        if path.suffix == ".gz":
            try:
                texts[rel + " (decompressed)"] = gzip.decompress(raw).decode("utf-8", "replace")
            except (OSError, EOFError, zlib.error) as exc:
                pytest.fail(f"{rel} is published but is no gzip file: {exc}")
    return texts
