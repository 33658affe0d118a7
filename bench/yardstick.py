"""The floor of a cold ``publisher check`` at 10,000 nominees: every nominee file read with PyYAML's C loader.

Usage (run by ``bench/run.py``, taking turns with the check it judges)::

    python bench/yardstick.py DATA_FOLDER

Nothing of the publisher runs: plain ``open`` and ``yaml.load(f, CSafeLoader)``
on every ``nominees/*.yaml``, one after another, in one process (its start and
PyYAML's import included, as they are in the check). The target is a check
within twice this, measured in the same run on the same files.
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
