"""Shared fixtures: small data folders built per test, never the demo data in place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the demo data folder that a test may change freely."""
    target = tmp_path / "data"
    shutil.copytree(DEMO_DATA, target)
    return target
