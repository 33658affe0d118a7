"""Tests of code that forks: run alone when other tests left threads behind.

The package rightly refuses to fork while another thread runs (a server or a
browser left by an earlier test); such a test then reruns itself in a fresh,
single-threaded interpreter rather than silently testing nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def rerun_alone(test_file: str, test_id: str) -> None:
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             f"{Path(test_file)}::{test_id}"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout
