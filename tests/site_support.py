"""Helpers to build a site from a small data folder in a test's own temporary folder."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from publisher.site import build as building

ROOT = Path(__file__).resolve().parent.parent
DEMO_DATA = Path(os.environ.get("PUBLISHER_TEST_DATA", ROOT / "data"))
"""The data the browser tests build: the demo, unless a developer points them at another set."""


def make_project(tmp_path: Path, data: Path, *, stories: bool = False) -> Path:
    """A throw-away project: the demo's mkdocs.yml and content, the given data; templates from the package."""
    project = tmp_path / "project"
    project.mkdir(parents=True)
    for name in ("templates", "site_overrides"):  # as `publisher init` makes them: empty, the package's defaults apply
        (project / name).mkdir()
        (project / name / "README.md").write_text("项目自己的同名文件优先于 publisher 自带的。\n", "utf-8")
    ignore = None if stories else shutil.ignore_patterns("stories")
    shutil.copytree(ROOT / "content", project / "content", ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(data, project / "data")
    return project


def build(project: Path, today: str = "2026-09-29", site: str = "site") -> building.BuildResult:
    return building.build(project / "mkdocs.yml", project / site, today=date.fromisoformat(today))


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
