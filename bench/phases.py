"""Where a ``publisher build`` spends its time: a timer around each phase, printed as a table.

Usage (in a generated project, e.g. ``bench/out/p10000``)::

    python ../../phases.py [--cold] [--today 2026-12-31]

Runs the build in this process, with each phase's function wrapped in a timer
(nothing else changes), and prints the seconds of wall time per phase. Phases
nest (waiting for the segmentation worker happens inside page building), so the
rows do not add up to the total. ``--cold`` removes ``.cache/`` first.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

STARTED = time.perf_counter()
SPENT: dict[str, float] = defaultdict(float)


def timed(owner: Any, name: str, label: str) -> None:
    """Replace ``owner.name`` by the same function with a timer adding to ``SPENT[label]``."""
    inner: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - started

    setattr(owner, name, wrapper)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="remove .cache/ first")
    parser.add_argument("--today", default="2026-12-31")
    args = parser.parse_args()
    if args.cold:
        shutil.rmtree(".cache", ignore_errors=True)

    from mkdocs.commands import build as mkdocs_build

    from publisher import building, cli, dataset, privacy, segment
    from publisher.plugin import PublisherPlugin

    SPENT["imports"] = time.perf_counter() - STARTED
    timed(dataset, "load_dataset", "load data (load_dataset)")
    timed(building, "run_rules", "rules")
    timed(PublisherPlugin, "on_config", "site model, stories (plugin on_config)")
    timed(PublisherPlugin, "on_files", "generated pages, feeds, open data (plugin on_files)")
    timed(mkdocs_build, "_populate_page", "Markdown → HTML (MkDocs)")
    timed(mkdocs_build, "_build_page", "templates + search indexing (_build_page)")
    timed(segment.Segmenter, "_collect", "… of which waiting for the segmentation worker")
    timed(segment.Segmenter, "_take_head", "taking in the head start's segmentation (waits if not done)")
    timed(privacy, "scan", "privacy scan")
    try:
        cli.main(["build", "--today", args.today], standalone_mode=False)
    finally:
        SPENT["total"] = time.perf_counter() - STARTED
        print("| phase | s |\n|---|---:|")
        for label, seconds in SPENT.items():
            print(f"| {label} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
