"""Where a build may write, and how the new site replaces the old one: nothing of the office's is ever deleted.

The corpus (``tests/corpus/site-dir-*``, ``leftover-*``) runs the command on each
mistyped ``-d``; here are the library's side and what a corpus case cannot hold:
a site that cannot be moved aside or deleted, a build killed mid-way, a build
running beside another.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from publisher.errors import PublishError
from publisher.site import build as building
from publisher.site import output_dir as sitedir

from .corpus_support import TODAY, need_unprivileged, publisher_command, run_publisher
from .site_support import make_project, tree_bytes
from .test_corpus import (
    TINY,
    built_project,  # noqa: F401 - the fixture: a project with a good site/, built by the command
)


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:  # noqa: F811 - the fixture imported above
    copy = tmp_path / "project"
    shutil.copytree(built_project, copy, symlinks=True)
    return copy


def _build(project: Path, site: str | Path = "site", today: str = TODAY) -> building.BuildResult:
    return building.build(project / "mkdocs.yml", project / site, today=date.fromisoformat(today))


@pytest.mark.parametrize("site_dir", ["data", "data/nominees", "content", "content/new", "templates", "site_overrides",
                                      ".", ".."])
def test_the_library_refuses_the_office_folders_too(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                    site_dir: str) -> None:
    """``building.build`` itself refuses, not only the command: the check is where the deleting is."""
    monkeypatch.chdir(project)
    before = {name: tree_bytes(project / name) for name in ("data", "content", "templates", "site_overrides")}
    with pytest.raises(sitedir.UnsafeSiteDir, match=f"不能把网站生成到 {site_dir}"):
        building.build(Path("mkdocs.yml"), Path(site_dir), today=date.fromisoformat(TODAY))
    assert {name: tree_bytes(project / name) for name in before} == before
    assert not [p for p in project.iterdir() if p.name.startswith(".") and p.name != ".cache"]


def test_a_link_to_the_data_folder_is_the_data_folder(project: Path) -> None:
    (project / "public").symlink_to(project / "data", target_is_directory=True)
    with pytest.raises(sitedir.UnsafeSiteDir, match="它就是数据文件夹"):
        _build(project, "public")
    assert (project / "data" / "program.yaml").is_file()


def test_another_data_folder_is_protected_wherever_it_is(project: Path, tmp_path: Path) -> None:
    """``--data`` elsewhere: that folder is the data folder of this build."""
    elsewhere = tmp_path / "office" / "data"
    elsewhere.parent.mkdir()
    (project / "data").rename(elsewhere)
    config = building.site_config(project / "mkdocs.yml")
    with pytest.raises(sitedir.UnsafeSiteDir, match="它就是数据文件夹"):
        building.preflight(project / "mkdocs.yml", config, elsewhere, elsewhere)
    with pytest.raises(sitedir.UnsafeSiteDir, match="它包含数据文件夹"):
        building.preflight(project / "mkdocs.yml", config, elsewhere.parent, elsewhere)
    assert building.preflight(project / "mkdocs.yml", config, project / "site", elsewhere) == (project / "site").resolve()


def test_every_build_marks_its_site_and_replaces_only_marked_ones(project: Path) -> None:
    site = project / "site"
    assert (site / sitedir.MARKER).read_text("utf-8") == sitedir.MARKER_TEXT
    _build(project)  # a previous build: replaced
    assert sitedir.is_marked(site)
    (project / "public").mkdir()
    _build(project, "public")  # empty: taken
    assert sitedir.is_marked(project / "public") and (project / "public" / "index.html").is_file()
    (project / "office").mkdir()
    (project / "office" / "名单.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(sitedir.UnsafeSiteDir, match=r"里面没有标记文件 \.publisher-site"):
        _build(project, "office")
    assert (project / "office" / "名单.xlsx").read_bytes() == b"PK\x03\x04"
    (project / "office" / sitedir.MARKER).mkdir()  # a marker must be the file a build writes
    with pytest.raises(sitedir.UnsafeSiteDir, match="不是 publisher 生成的网站"):
        _build(project, "office")


def test_a_site_with_files_added_by_hand_is_still_replaced_whole(project: Path) -> None:
    """The marker says the folder is the build's: what was put in it by hand goes with the next build (as the
    marker's text warns)."""
    (project / "site" / "手工添加.html").write_text("<p>x</p>", "utf-8")
    _build(project)
    assert not (project / "site" / "手工添加.html").exists()
    assert "请不要在这里存放其他文件" in (project / "site" / sitedir.MARKER).read_text("utf-8")


def test_the_old_site_comes_back_when_the_new_one_cannot_move_in(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    sitedir.mark(target)
    (target / "index.html").write_text("旧网站", "utf-8")
    with pytest.raises(PublishError, match="无法把新网站放到 .*旧网站保持原样，新网站没有发布"):
        sitedir.swap_in(tmp_path / "missing-new-site", target)
    assert (target / "index.html").read_text("utf-8") == "旧网站"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_swap_leaves_nothing_beside_the_site(tmp_path: Path) -> None:
    target, new = tmp_path / "site", tmp_path / ".site.new-abcdefgh"
    for folder, text in ((target, "旧"), (new, "新")):
        folder.mkdir()
        sitedir.mark(folder)
        (folder / "index.html").write_text(text, "utf-8")
    assert sitedir.swap_in(new, target) == []
    assert (target / "index.html").read_text("utf-8") == "新"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_running_builds_staging_folder_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "site"
    killed = Path(tempfile.mkdtemp(prefix=".site.new-", dir=tmp_path))  # a killed build's: nobody holds it
    (killed / "site").mkdir()
    with sitedir.staging(target) as running:
        (running / "site").mkdir()
        assert sitedir.clear_leftovers(target) == []
        assert running.is_dir(), "a running build's folder was deleted"
        assert not killed.exists(), "a killed build's folder was kept"
    assert not running.exists()


def test_a_failing_build_still_brings_back_a_site_a_kill_took_away(project: Path) -> None:
    """A kill between the two renames leaves no site/, only .site.old-*: the next run puts it back, even one that
    fails on bad data, so the public is not left without a site."""
    before = tree_bytes(project / "site")
    (project / "site").rename(project / ".site.old-k1ll3d00")
    (project / "data" / "nominees" / "liangjiang-wang-fang.yaml").write_text("kind: [\n", "utf-8")

    result = run_publisher(project, "build")

    assert result.returncode == 1, result.describe("build")
    assert "注意：上次生成网站时被中断，site 不见了：已用上次的网站 .site.old-k1ll3d00 恢复。" in result.output
    assert tree_bytes(project / "site") == before
    assert not (project / ".site.old-k1ll3d00").exists()


def test_an_old_site_that_cannot_be_deleted_is_a_caution_not_a_failure(project: Path) -> None:
    """The new site is live; the old one, moved aside, is named for staff to delete, and the next build tries again."""
    prefix = need_unprivileged()
    locked = project / "site" / "assets"
    locked.chmod(0o555)  # its files cannot be deleted
    try:
        result = run_publisher(project, "build", args=["--today", "2026-10-20"], prefix=prefix)
    finally:
        for folder in project.glob(".site.old-*/assets"):
            folder.chmod(0o755)
    assert result.returncode == 0, result.describe("build")
    assert "注意：新网站已发布到 site，但无法删除移开的旧网站 .site.old-" in result.output
    assert "公示状态按 2026-10-20 计算" in result.output and sitedir.is_marked(project / "site")
    (aside,) = project.glob(".site.old-*")
    assert sitedir.is_marked(aside), "the marker went before the rest: the leftover would no longer be known"

    again = run_publisher(project, "build")

    assert again.returncode == 0 and "注意" not in again.output, again.describe("build")
    assert not list(project.glob(".site.old-*"))


def test_an_old_site_that_cannot_be_moved_aside_stays_live(project: Path) -> None:
    """In a sticky folder (like /tmp) only a file's owner may rename it: the old site stays, untouched and live."""
    prefix = need_unprivileged()
    if os.geteuid() != 0:
        pytest.skip("giving the old site another owner needs root")
    before = tree_bytes(project / "site")
    os.chown(project / "site", 12345, -1)
    os.chown(project, 12345, -1)
    project.chmod(0o1777)
    try:
        result = run_publisher(project, "build", prefix=prefix)
    finally:
        project.chmod(0o755)
        os.chown(project, 0, -1)
        os.chown(project / "site", 0, -1)
    assert result.returncode == 1, result.describe("build")
    assert "无法把旧网站 site 移开、换上新网站：操作不被允许" in result.output
    assert "旧网站保持原样，新网站没有发布。" in result.output
    assert tree_bytes(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site.")) == []


@pytest.mark.parametrize("after", [0.5, 1.5, 3.0])
def test_a_killed_build_leaves_a_whole_site_and_the_next_build_tidies(project: Path, after: float) -> None:
    """Killed at any moment, a build leaves the old site or the new one, never part of one; the next leaves no
    staging or old-site folder behind."""
    before = tree_bytes(project / "site")
    proc = subprocess.Popen([*publisher_command(), "build", "--today", "2026-10-20"], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    site = project / "site"
    if site.exists():
        now = tree_bytes(site)
        assert now == before or (sitedir.MARKER in now and "index.html" in now and "search/search_index.json" in now)
    else:
        assert [p for p in project.glob(".site.old-*") if sitedir.is_marked(p)], "no site and no old site to bring back"

    again = run_publisher(project, "build")

    assert again.returncode == 0, again.describe("build")
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site.")) == []


def test_a_new_project_builds_into_a_fresh_site(tmp_path: Path) -> None:
    """No site/ yet (a fresh clone): nothing to check but the path; the site is made and marked."""
    project = make_project(tmp_path, TINY)
    result = _build(project)
    assert result.site_dir == (project / "site").resolve() and sitedir.is_marked(project / "site")
