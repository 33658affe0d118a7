"""Measure the speed targets in one run, each against what it is judged by, and print a Markdown table.

Usage::

    python bench/run.py [--repeat 5] [--archive-repeat 3] [--skip-archive] [--label results]

Every command runs as a subprocess, one at a time, and is timed from outside
(wall time around the process, CPU time from ``wait4``); each line of the table
is the median of ``--repeat`` runs, with the fastest and the slowest.

* the demo (the repository's own ``data/`` and ``content/``): ``publisher
  validate``, ``check`` and ``build`` (into ``bench/out/demo-site``, never the
  repository's ``site/``);
* ``publisher check`` on a generated program of 1,000 nominees (generate.py);
* ``publisher check`` on one of 10,000 nominees, against its floor: every
  nominee file of the same folder read with PyYAML's C loader in one process
  (yardstick.py), the two taking turns;
* ``publisher build`` of the 1,000-nominee program's archive (40 notices in 10
  rounds, 1,000 stories), against its floor: the same pages built by a plain
  mkdocs-material setup (naive.py), the two taking turns.

Every run is cold but for the attachments: the PDF and XLSX of each list are kept in the
project's ``.cache/publisher`` under a digest of their inputs (as Material keeps its social
cards), because rendering them is seconds a list and a daily rebuild would redo them all for
nothing. The first build of a project renders them all: each project's first build is timed once
more, on its own line, with that cache emptied first. Before each
command the input files are read once, untimed, so that the file system's
cache holds them, as it does for files staff have just saved. The table goes to
stdout and to ``bench/out/<label>.md``. This is not a test: the numbers depend
on the machine and on what else runs on it, so the load average is printed with
them, and the two floors are measured in the same run as what they judge.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path

import generate
import naive

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
BIN = Path(sys.executable).parent
TODAY = "2026-12-31"
"""After every notice and the decision of both the demo and the generated programs: every page is built."""


@dataclass(frozen=True)
class Timing:
    """One measurement: the wall and CPU seconds of each run."""

    walls: list[float]
    cpus: list[float]

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    def spread(self) -> str:
        return f"{min(self.walls):.2f}–{max(self.walls):.2f}" if len(self.walls) > 1 else ""


def run_once(args: list[str], cwd: Path, log: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one command; a failed command stops the benchmark (it measured nothing)."""
    with log.open("ab") as out:
        out.write(f"\n$ (cd {cwd} && {' '.join(args)})\n".encode())
        out.flush()
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: bytecode kept
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(args)} (in {cwd}) exited {code}: see {log}")
    return wall, usage.ru_utime + usage.ru_stime


def read_inputs(project: Path) -> None:
    """Read every input file once, untimed, so that a run starts with them in the file system's cache."""
    for folder in (project / "data", project / "content"):
        for path in folder.rglob("*"):
            if path.is_file():
                path.read_bytes()


def timed(commands: dict[str, tuple[list[str], Path]], repeat: int, log: Path) -> dict[str, Timing]:
    """Each command ``repeat`` times, taking turns, so that a slow minute of the machine falls on all of them."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (args, cwd) in commands.items():
            read_inputs(cwd)
            wall, cpu = run_once(args, cwd, log)
            walls[name].append(wall)
            cpus[name].append(cpu)
            print(f"  {name:<44} {wall:7.2f} s  cpu {cpu:6.2f} s", flush=True)
    return {name: Timing(walls[name], cpus[name]) for name in commands}


def first_build(name: str, args: list[str], cwd: Path, log: Path) -> Timing:
    """A project's first build: its attachment cache emptied, so every list's PDF and workbook is made."""
    shutil.rmtree(cwd / ".cache" / "publisher", ignore_errors=True)
    read_inputs(cwd)
    wall, cpu = run_once(args, cwd, log)
    print(f"  {name:<44} {wall:7.2f} s  cpu {cpu:6.2f} s", flush=True)
    return Timing([wall], [cpu])


def project(size: int) -> Path:
    """The generated program of ``size`` nominees (made once), with the repository's current site files."""
    folder = OUT / f"p{size}"
    if not (folder / "data" / "program.yaml").is_file():
        generate.generate(size, folder)
    generate.refresh_site(folder)
    return folder


# --- the report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    what: str
    timing: Timing
    target: str
    met: bool | None
    """None: a floor, judged by nothing."""


def machine() -> str:
    cpu = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in
                         ("mkdocs", "mkdocs-material", "jieba", "PyYAML", "pydantic"))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({cpu}), {platform.platform()}, Python {platform.python_version()}; "
            f"{versions}; load average at start {load}")


def table(rows: list[Row]) -> str:
    lines = ["| what | wall s (median) | min–max | CPU s | target | met |", "|---|---:|---|---:|---|---|"]
    for row in rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.what} | {row.timing.wall:.2f} | {row.timing.spread()} | {row.timing.cpu:.2f} "
                     f"| {row.target} | {met} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each short command; the median is reported")
    parser.add_argument("--archive-repeat", type=int, default=3, help="runs of the archive build and its floor")
    parser.add_argument("--skip-archive", action="store_true", help="leave out the archive build and the naive floor")
    parser.add_argument("--label", default="results", help="the table is also written to bench/out/<label>.md")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"{args.label}.log"
    log.unlink(missing_ok=True)
    about = machine()
    print(about, flush=True)
    publisher = str(BIN / "publisher")
    demo_site = OUT / "demo-site"
    p1000, p10000 = project(1000), project(10000)

    print("demo and 1,000 nominees", flush=True)
    demo_build = [publisher, "build", "--today", TODAY, "-d", str(demo_site)]
    demo_first = first_build("demo build, attachments made anew", demo_build, REPO, log)
    short = timed({
        "demo validate": ([publisher, "validate"], REPO),
        "demo check": ([publisher, "check"], REPO),
        "demo build": (demo_build, REPO),
        "check, 1,000 nominees": ([publisher, "check"], p1000),
    }, args.repeat, log)
    shutil.rmtree(demo_site, ignore_errors=True)
    print("10,000 nominees and the C loader", flush=True)
    large = timed({
        "check, 10,000 nominees": ([publisher, "check"], p10000),
        "floor: PyYAML's C loader, the same 10,000 files": (
            [sys.executable, str(BENCH / "yardstick.py"), str(p10000 / "data")], p10000),
    }, args.repeat, log)
    check, loader = large["check, 10,000 nominees"], large["floor: PyYAML's C loader, the same 10,000 files"]
    rows = [
        Row("`publisher validate`, demo", short["demo validate"], "≤ 0.3 s", short["demo validate"].wall <= 0.3),
        Row("`publisher check`, demo", short["demo check"], "≤ 0.35 s", short["demo check"].wall <= 0.35),
        Row("`publisher build`, demo", short["demo build"], "≤ 2.5 s", short["demo build"].wall <= 2.5),
        Row("`publisher build`, demo, first build (its lists' PDF and XLSX made)", demo_first, "", None),
        Row("`publisher check`, 1,000 nominees", short["check, 1,000 nominees"], "≤ 0.6 s",
            short["check, 1,000 nominees"].wall <= 0.6),
        Row("`publisher check`, 10,000 nominees", check,
            f"≤ 2 × the C loader ({check.wall / loader.wall:.2f} ×)", check.wall <= 2 * loader.wall),
        Row("floor: PyYAML's C loader reads the same 10,000 files", loader, "", None),
    ]
    if not args.skip_archive:
        print("archive build (1,000 nominees, 10 rounds) and the naive floor", flush=True)
        config = naive.write_naive(p1000, date.fromisoformat(TODAY))
        archive_build = [publisher, "build", "--today", TODAY]
        archive_first = first_build("archive build, attachments made anew", archive_build, p1000, log)
        archive = timed({
            "archive build": (archive_build, p1000),
            "floor: naive mkdocs-material": ([str(BIN / "mkdocs"), "build", "-q", "-f", str(config)], p1000),
        }, args.archive_repeat, log)
        build, floor = archive["archive build"], archive["floor: naive mkdocs-material"]
        rows += [
            Row("`publisher build`, archive of 10 rounds (1,000 nominees, 40 notices, 1,000 stories)", build,
                f"≤ 0.6 × the naive floor ({build.wall / floor.wall:.2f} ×)", build.wall <= 0.6 * floor.wall),
            Row("floor: the same pages, plain mkdocs-material", floor, "", None),
            Row("`publisher build`, archive, first build (every list's PDF and XLSX made)", archive_first,
                f"({archive_first.wall / floor.wall:.2f} × the naive floor)", None),
        ]
    report = f"{about}\n\nCommand: `python bench/run.py {' '.join(argv or sys.argv[1:])}`\n\n{table(rows)}"
    (OUT / f"{args.label}.md").write_text(report, "utf-8")
    print("\n" + report)
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
