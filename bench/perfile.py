"""What reading one nominee file costs, step by step, in one process.

Run by hand on a generated project (``bench/generate.py``)::

    python bench/perfile.py bench/out/p10000 --files 3000

Process time per file, best of ``--passes`` passes, the steps interleaved so a
change of the machine's speed hits them all alike. "libyaml path" is the same
``yamlfile.parse_text`` with the quick reader turned away, which is how an
unusual file is read.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import pickle
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from publisher import cache, loading, quickyaml, yamlfile


def _libyaml_path(files: list[Path], texts: list[str], raws: list[bytes]) -> None:
    real = quickyaml.read

    def never(text: str, scalar: quickyaml.Scalar) -> tuple:
        raise quickyaml.NotPlain

    quickyaml.read = never
    try:
        for path, text, raw in zip(files, texts, raws, strict=True):
            yamlfile.parse_text(text, path, source=raw)
    finally:
        quickyaml.read = real


def steps(files: list[Path]) -> dict[str, Callable[[], object]]:
    raws = [cache._read(p)[1] or b"" for p in files]
    texts = [r.decode("utf-8") for r in raws]
    values = [loading.load_nominee(p, r) for p, r in zip(files, raws, strict=True)]
    chunks = [files[i:i + cache.CHUNK] for i in range(0, len(files), cache.CHUNK)]
    return {
        "reading the file (os.open, fstat, read)": lambda: [cache._read(p) for p in files],
        "PyYAML safe_load, C loader, no lines": lambda: [yaml.load(r, Loader=yaml.CSafeLoader) for r in raws],
        "libyaml path with lines": lambda: _libyaml_path(files, texts, raws),
        "quick reader with lines": lambda: [yamlfile.parse_text(t, p, source=r)
                                            for p, t, r in zip(files, texts, raws, strict=True)],
        "load_nominee (decode, YAML, pydantic, id checks)": lambda: [loading.load_nominee(p, r)
                                                                     for p, r in zip(files, raws, strict=True)],
        "digest (BLAKE2b)": lambda: [hashlib.blake2b(r, digest_size=20).digest() for r in raws],
        "pickling the results": lambda: pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL),
        "cache._load_chunk, all in": lambda: [cache._load_chunk(loading.load_nominee, c) for c in chunks],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, help="a project made by bench/generate.py")
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    files = sorted((args.project / "data" / "nominees").glob("*.yaml"))[:args.files]
    gc.disable()  # as loading runs (cores.paused_gc)
    measured = steps(files)
    best = dict.fromkeys(measured, float("inf"))
    for _ in range(args.passes):
        for name, step in measured.items():
            started = time.process_time()
            step()
            best[name] = min(best[name], time.process_time() - started)
    print(f"| step ({len(files)} files) | µs per file |\n|---|---:|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds / len(files) * 1e6:.0f} |")


if __name__ == "__main__":
    main()
