"""The issue's yardstick for this machine's speed: every nominee file read with PyYAML's C loader, one after another.

Usage (run by ``bench/run.py`` beside the naive floor)::

    python bench/yardstick.py DATA_FOLDER

The issue measured this as "loading 10,000 YAML files of 2.4 KB takes about 2.7 s
with the C loader" and the naive build of 1,051 pages as about 67 s. Timing the
same two things here says how this machine compares with that one, so a number
of ours can be read against the targets, which were set there. Nothing of the
publisher runs: plain ``open`` and ``yaml.load(f, CSafeLoader)``, one process.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main(folder: Path) -> int:
    paths = sorted(folder.glob("nominees/*.yaml"))
    for path in paths:
        with path.open(encoding="utf-8") as f:
            yaml.load(f, Loader=yaml.CSafeLoader)
    print(f"{len(paths)} files read with PyYAML's C loader")
    return 0 if paths else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
