"""Run the benchmark by hand and print the results as a Markdown table.

Usage::

    python bench/run.py [--sizes 1000 10000] [--skip-naive] [--regenerate] [--only validate check build]
                        [--repeat 3] [--label results]

For each size, the generated project ``bench/out/p<N>`` (made by generate.py when
missing) gets the repository's current site files, and then each command runs
as a subprocess in the project folder, one at a time, under ``nice``:

* ``publisher validate``, ``publisher check`` and ``publisher build``: *cold*
  (no ``.cache/``; the input files read once beforehand, untimed, so that
  they are in the system's file cache), *warm* (run again, nothing changed) and *1 file changed*
  (a comment added to one nominee file, as while staff fix things), and the
  size of the built ``site/``;
* the naive floor (naive.py): ``mkdocs build`` of the same pages with a plain
  mkdocs-material configuration, and the size of its ``site/``; before it, the
  issue's other yardstick (yardstick.py): every nominee file read with PyYAML's
  C loader, one process. The issue measured these two at about 67 s (1,051
  pages) and 2.7 s (10,000 files) on the machine its targets were set on.

Wall time is measured around the subprocess; CPU time comes from ``wait4``; the
peak memory of the whole process tree (worker pools included; PSS, so pages
shared after ``fork`` count once) and the largest single process's RSS are
sampled from /proc every 50 ms, in one more round of runs whose times are not
counted: the sampler reads all of /proc at a higher priority than the command
and took 0.1 s from a 2.5 s cold ``check`` that keeps both cores busy. The
table goes to stdout and to ``bench/out/<label>.md``. This is not a
test: the numbers depend on the machine and on what else runs on it, so the
load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from importlib import metadata
from pathlib import Path

import generate
import naive

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
VENV_BIN = Path(sys.executable).parent
TODAY = "2026-12-31"
MB = 1_000_000


@dataclass(frozen=True)
class Measure:
    size: int
    what: str
    run: str
    wall: float
    cpu: float
    peak_mb: float
    tree_mb: float
    exit: int
    site_mb: float | None = None
    pages: int | None = None
    spread: tuple[float, float] | None = None
    """Fastest and slowest wall time when repeated."""


# --- measuring one command ---------------------------------------------------------------


def _memory(pid: int) -> tuple[int, int]:
    """Proportional and resident set size of ``pid`` in bytes (PSS splits pages shared after ``fork``)."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith((b"Pss:", b"Rss:")):
                    value = int(line.split()[1]) * 1024
                    pss, rss = (value, rss) if line.startswith(b"Pss:") else (pss, value)
    except (OSError, ValueError):
        pass
    return pss, rss


def _tree_memory(root: int) -> tuple[int, int]:
    """Memory of ``root`` and its descendants: the sum of PSS (shared pages count once), the largest RSS."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                parents[int(entry.name)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    total, largest, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        pss, rss = _memory(pid)
        total, largest = total + pss, max(largest, rss)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total, largest


class _Sampler(threading.Thread):
    """Samples the memory of a running command every 50 ms (after exec: the runner's own memory never counts)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.pss, self.rss, self.done = pid, 0, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            pss, rss = _tree_memory(self.pid)
            self.pss, self.rss = max(self.pss, pss), max(self.rss, rss)


def command_env() -> dict[str, str]:
    """This environment, except that Python may keep the bytecode it compiles (``__pycache__``).

    An installed ``publisher`` has its modules compiled once; with
    ``PYTHONDONTWRITEBYTECODE`` set (some shells and containers set it) every
    run would compile edited modules again, about 0.07 s that no office pays.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(args: list[str], cwd: Path, *, niceness: int, log: Path,
            sample: bool = True) -> tuple[float, float, float, float, int]:
    """Wall s, CPU s, largest process's peak RSS MB, whole tree's peak PSS MB and exit status of one command.

    Without ``sample`` the memory is not watched (both peaks 0): the sampler
    reads all of /proc every 50 ms at a higher priority than the command, which
    on two cores takes a few percent from a command that keeps both busy.
    """
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(args)}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(["nice", "-n", str(niceness), *args], cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env=command_env())
        sampler = _Sampler(proc.pid)
        if sample:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if sample:
            sampler.done.set()
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, sampler.rss / MB, sampler.pss / MB, proc.returncode


def folder_size(folder: Path) -> tuple[float, int]:
    """Bytes of every file under ``folder`` (MB) and the number of HTML pages."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / MB, sum(1 for p in files if p.suffix == ".html")


# --- the runs ---------------------------------------------------------------------------------


def project_for(size: int, regenerate: bool) -> Path:
    project = OUT / f"p{size}"
    if regenerate or not (project / "data" / "program.yaml").is_file():
        generate.generate(size, project)
    generate.refresh_site(project)
    return project


def clear_cache(project: Path) -> None:
    shutil.rmtree(project / ".cache", ignore_errors=True)


def read_inputs(project: Path) -> None:
    """Read every input file once, untimed, so that a cold run starts with them in the system's file cache.

    *Cold* means no ``.cache/`` of ours, not a disk that has to be read: an
    office runs ``validate`` on files it has just saved. This VM keeps little
    in its file cache (about 100 MB, whatever memory is free), so without this
    the first cold run of a size measured the disk: 3.8 s for a ``validate``
    taking 1.1 s once its 10,000 files had been read (after ``drop_caches``).
    """
    for folder in (project / "data", project / "content"):
        for path in folder.rglob("*"):
            if path.is_file():
                path.read_bytes()


@contextmanager
def one_file_changed(project: Path) -> Iterator[None]:
    """One nominee file edited (a comment added), as while staff fix things; put back afterwards."""
    files = sorted((project / "data" / "nominees").glob("*.yaml"))
    path = files[len(files) // 2]
    original = path.read_bytes()
    path.write_bytes(original + b"# bench: one file changed\n")
    try:
        yield
    finally:
        path.write_bytes(original)
        time.sleep(2.5)  # as a person would: a file saved a moment ago is never trusted to a cache

def _median(runs: list[Measure]) -> Measure:
    """The run with the median wall time, with the spread of all of them."""
    ordered = sorted(runs, key=lambda m: m.wall)
    middle = ordered[len(ordered) // 2]
    return replace(middle, spread=(ordered[0].wall, ordered[-1].wall) if len(runs) > 1 else None)


def run_size(size: int, *, skip_naive: bool, regenerate: bool, only: list[str], niceness: int,
             repeat: int) -> list[Measure]:
    project = project_for(size, regenerate)
    log = OUT / f"p{size}.log"
    log.unlink(missing_ok=True)
    publisher = str(VENV_BIN / "publisher")

    def run(what: str, label: str, args: list[str], site: Path | None = None, *, sample: bool = False) -> Measure:
        wall, cpu, peak, tree, code = measure(args, project, niceness=niceness, log=log, sample=sample)
        site_mb, pages = folder_size(site) if site is not None and code == 0 else (None, None)
        shown = f"peak {tree:7.1f} MB (memory run: its time is not counted)" if sample else ""
        print(f"  {size:>6} {what:<22} {label:<14} {wall:6.2f} s  cpu {cpu:6.2f} s  {shown}"
              f"{'' if code == 0 else f'  EXIT {code}'}", flush=True)
        return Measure(size, what, label, wall, cpu, peak, tree, code, site_mb, pages)

    def repeated(what: str, label: str, args: list[str], site: Path | None = None) -> Measure:
        """A command with no cache of ours (a yardstick), run ``repeat`` times and once more, watched."""
        return _timed_and_watched([run(what, label, args, site, sample=repetition == repeat)
                                   for repetition in range(repeat + 1)])

    commands = {"validate": [publisher, "validate"], "check": [publisher, "check"],
                "build": [publisher, "build", "--today", TODAY]}
    results = []
    for name in only:
        what, site = f"publisher {name}", project / "site" if name == "build" else None
        runs: dict[str, list[Measure]] = {"cold": [], "warm": [], "1 file changed": []}
        for repetition in range(repeat + 1):  # the last round watches the memory; the others are timed alone
            sample = repetition == repeat
            clear_cache(project)
            read_inputs(project)
            runs["cold"].append(run(what, "cold", commands[name], site, sample=sample))
            runs["warm"].append(run(what, "warm", commands[name], site, sample=sample))
            with one_file_changed(project):
                runs["1 file changed"].append(run(what, "1 file changed", commands[name], site, sample=sample))
        results += [_timed_and_watched(measures) for measures in runs.values()]
    if not skip_naive:
        read_inputs(project)
        results.append(repeated("PyYAML C loader (yardstick)", "every file",
                                [sys.executable, str(BENCH / "yardstick.py"), str(project / "data")]))
        config = naive.write_naive(project, date.fromisoformat(TODAY))
        results.append(repeated("naive mkdocs-material", "cold", [str(VENV_BIN / "mkdocs"), "build", "-q", "-f",
                                                                  str(config)], config.parent / "site"))
    return results


def _timed_and_watched(runs: list[Measure]) -> Measure:
    """The median of the timed runs, with the peaks of the last run, the one whose memory was watched."""
    *timed, watched = runs
    return replace(_median(timed), peak_mb=watched.peak_mb, tree_mb=watched.tree_mb)


# --- the report ---------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in
                         ("mkdocs", "mkdocs-material", "jieba", "PyYAML", "pydantic"))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({_cpu_model()}), {memory:.0f} GiB RAM, {platform.platform()}, "
            f"Python {platform.python_version()}; {versions}; load average at start {load}")


def table(results: list[Measure]) -> str:
    head = ("| nominees | command | run | wall s | (min–max) | CPU s | peak MB (all processes, PSS) | peak MB (largest, RSS) "
            "| site MB | pages |\n"
            "|---:|---|---|---:|---|---:|---:|---:|---:|---:|\n")
    rows = []
    for m in results:
        site = f"{m.site_mb:.1f}" if m.site_mb is not None else ""
        pages = str(m.pages) if m.pages is not None else ""
        failed = "" if m.exit == 0 else f" (exit {m.exit})"
        spread = f"{m.spread[0]:.2f}–{m.spread[1]:.2f}" if m.spread else ""
        rows.append(f"| {m.size:,} | `{m.what}`{failed} | {m.run} | {m.wall:.2f} | {spread} | {m.cpu:.2f} | "
                    f"{m.tree_mb:.0f} | {m.peak_mb:.0f} | {site} | {pages} |")
    return head + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--skip-naive", action="store_true", help="leave out the naive floor and the C loader's yardstick")
    parser.add_argument("--regenerate", action="store_true", help="generate the data sets again")
    parser.add_argument("--only", nargs="+", choices=["validate", "check", "build"],
                        default=["validate", "check", "build"])
    parser.add_argument("--nice", type=int, default=10, help="niceness of the measured commands")
    parser.add_argument("--label", default="results", help="name of the results file: bench/out/<label>.md")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the median is reported")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    about = machine()
    print(about, flush=True)
    results = []
    for size in args.sizes:
        results += run_size(size, skip_naive=args.skip_naive, regenerate=args.regenerate, only=args.only,
                            niceness=args.nice, repeat=args.repeat)
    overlay = f" with PYTHONPATH={os.environ['PYTHONPATH']}" if os.environ.get("PYTHONPATH") else ""
    report = (f"{about}\n\nCommand: `python bench/run.py {' '.join(argv or sys.argv[1:])}`{overlay}\n\n"
              f"{table(results)}")
    (OUT / f"{args.label}.md").write_text(report, "utf-8")
    print("\n" + table(results))
    return 0 if all(m.exit == 0 for m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
