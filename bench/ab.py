"""Two versions of the code head to head: cold runs of one command, alternating, on one generated project.

Usage, from the repository (the older version checked out beside it first)::

    git worktree add /tmp/before <commit>
    python bench/ab.py /tmp/before . --command check --runs 12

This machine's speed moves by a third from one minute to the next, so two
tables made an hour apart cannot tell a change of 5 % from the weather. Here
each round runs every version once, in turn, on the same project
(``bench/out/p<N>``, made by ``generate.py`` when missing), each time without
``.cache/`` (a cold run); the versions are told apart by ``PYTHONPATH``, so
the interpreter and libraries are this environment's. Prints the median,
fastest and slowest wall time of each. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import generate
from run import clear_cache, command_env

BENCH = Path(__file__).resolve().parent
RUN = ("import sys, publisher.cli as cli\n"
       "sys.argv = ['publisher', *sys.argv[1:]]\n"
       "(getattr(cli, 'run', None) or cli.main)()")
"""The installed command's entry point of the version on PYTHONPATH (older versions have only ``main``)."""


def cold_run(tree: Path, project: Path, command: list[str]) -> float:
    clear_cache(project)
    env = {**command_env(), "PYTHONPATH": str(tree.resolve())}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", RUN, *command], cwd=project, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path, help="checkouts of the versions to compare")
    parser.add_argument("--command", default="check", help="the publisher command and its options, as one string")
    parser.add_argument("--runs", type=int, default=10, help="rounds (each version runs once a round)")
    parser.add_argument("--size", type=int, default=10_000, help="nominees in the generated project")
    args = parser.parse_args()
    project = BENCH / "out" / f"p{args.size}"
    if not (project / "data").is_dir():
        generate.generate(args.size, project)
    times: dict[Path, list[float]] = {tree: [] for tree in args.trees}
    for _ in range(args.runs):
        for tree in args.trees:
            times[tree].append(cold_run(tree, project, args.command.split()))
    print(f"cold `publisher {args.command}`, {args.size:,} nominees, {args.runs} alternating rounds")
    print("| version | median s | fastest | slowest |\n|---|---:|---:|---:|")
    for tree, seconds in times.items():
        print(f"| {tree} | {statistics.median(seconds):.2f} | {min(seconds):.2f} | {max(seconds):.2f} |")


if __name__ == "__main__":
    main()
