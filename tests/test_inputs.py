"""Nothing in the input folders is skipped in silence: what a run will not or cannot read is named.

The corpus runs the commands on such folders; here are the two listings
themselves, :func:`publisher.data.loading.data_files` for ``data/`` and
:func:`publisher.data.readable.unreadable` for what a build reads besides.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from publisher.data.loading import data_files
from publisher.data.readable import unreadable


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_data_listing_names_everything_it_does_not_read(in_tmp: Path) -> None:
    folder = in_tmp / "nominees"
    folder.mkdir()
    for name in ("a.yaml", "a.yml", ".b.yaml", "...yaml", ".~lock.a.yaml#", "~$名单.xlsx", ".gitkeep", ".DS_Store",
                 "notes.txt"):
        (folder / name).write_text("kind: individual\n", "utf-8")
    os.mkfifo(folder / "c.yaml")
    (folder / "d.yaml").symlink_to("../archive/d.yaml")
    (folder / "e.yaml").mkdir()

    files, problems = data_files(folder)

    assert files == [folder / "a.yaml"]
    assert [str(p) for p in problems] == [
        "nominees/...yaml: 文件名“...yaml”里没有编号：请用编号作文件名，例如 lj-zhang-wei.yaml。",
        "nominees/.b.yaml: 文件名以“.”开头，是隐藏文件，不会被当作数据读取：如果它是数据，请去掉开头的“.”；否则请删除或移到别处。",
        "nominees/.~lock.a.yaml#: WPS 或 LibreOffice 正在编辑 a.yaml（这是它的锁文件）：请保存并关闭该文件后再运行；如已关闭，请删除这个锁文件。",
        "nominees/a.yml: 与 nominees/a.yaml 重名（只有扩展名不同），无法判断该用哪一个：请把两个文件合并成一个，删除另一个。",
        "nominees/c.yaml: 这不是普通文件（而是管道、设备等），无法读取：这里只能放 .yaml 数据文件。",
        "nominees/d.yaml: 这是一个快捷方式（符号链接），但它指向的文件不存在。",
        "nominees/e.yaml: 这是一个文件夹，不是数据文件：这里只能放 .yaml 数据文件，请把其中的文件移出来。",
        "nominees/notes.txt: 这里只能放 .yaml 数据文件；请把其他文件移到别处。",
        "nominees/~$名单.xlsx: 这是 Excel 或 WPS 打开文件时留下的临时文件：请保存并关闭表格后再运行；如已关闭，请删除这个文件。",
    ]


def test_of_two_files_for_one_id_the_yaml_one_is_read_and_the_other_named(in_tmp: Path) -> None:
    folder = in_tmp / "notices"
    folder.mkdir()
    for name in ("2026-city.YML", "2026-city.yaml", "2026-district.yml"):
        (folder / name).write_text("title: x\n", "utf-8")
    files, problems = data_files(folder)
    assert [f.name for f in files] == ["2026-city.yaml", "2026-district.yml"]
    assert [str(p) for p in problems] == ["notices/2026-city.YML: 与 notices/2026-city.yaml 重名（只有扩展名不同），"
                                          "无法判断该用哪一个：请把两个文件合并成一个，删除另一个。"]


def test_a_data_folder_that_is_not_a_folder_lists_nothing(in_tmp: Path) -> None:
    """The caller says what is missing (a folder that cannot be listed: the corpus' unreadable-nominees-folder)."""
    (in_tmp / "nominees").write_text("not a folder", "utf-8")
    assert data_files(in_tmp / "nominees") == ([], [])


def test_the_build_inputs_walk_names_what_a_build_could_not_read(in_tmp: Path) -> None:
    content = in_tmp / "content"
    (content / "stories" / "x.md").mkdir(parents=True)
    (content / "stories" / "x.md" / "photo.txt").write_text("x", "utf-8")
    (content / "stories" / "a.md").write_text("# a\n", "utf-8")
    (content / "deep" / "deeper").mkdir(parents=True)
    os.mkfifo(content / "deep" / "deeper" / "pipe.md")
    (content / "gone.md").symlink_to("elsewhere/gone.md")
    (content / ".hidden.md").mkdir()  # hidden: MkDocs leaves it out, so does the build
    (content / "img").symlink_to(in_tmp, target_is_directory=True)  # a link to a folder is not followed (a loop)

    assert [str(p) for p in unreadable(content)] == [
        "content/deep/deeper/pipe.md: 这不是普通文件（而是管道、设备等），网站生成时无法读取：请删除它。",
        "content/gone.md: 这是一个快捷方式（符号链接），但它指向的文件不存在。",
        "content/stories/x.md: 这是一个名为“x.md”的文件夹：网页和先进事迹应是 .md 文件。请给文件夹改名，或把其中的文件移出来。",
    ]
    assert unreadable(in_tmp / "missing") == []
