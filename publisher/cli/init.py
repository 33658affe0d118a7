"""``publisher init DIR``: a new program's folder, ready to validate and build.

Each commendation program gets a folder of its own, as any MkDocs site does.
The skeleton ships inside the package (``publisher/scaffold``); nothing already
in ``DIR`` is ever overwritten: an office may run this in the wrong folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from publisher.defaults import SCAFFOLD
from publisher.errors import display_path

EMPTY_FOLDERS = ("data/nominees", "data/notices", "data/calendar", "content/stories")
"""Folders the skeleton needs but a wheel cannot carry empty."""


def skeleton_files() -> list[Path]:
    """The skeleton's files, relative to its root."""
    return sorted(p.relative_to(SCAFFOLD) for p in SCAFFOLD.rglob("*") if p.is_file() and p.name != "__pycache__"
                  and "__pycache__" not in p.parts)


def scaffold(target: Path) -> list[Path]:
    """Copy the skeleton into ``target``; refuse before writing anything if a file would be replaced."""
    files = skeleton_files()
    clashes = [rel for rel in files if (target / rel).exists()]
    clashes += [Path(rel) for rel in EMPTY_FOLDERS if (target / rel).exists() and not (target / rel).is_dir()]
    if clashes:
        listing = "、".join(rel.as_posix() for rel in clashes[:5]) + ("等" if len(clashes) > 5 else "")
        raise click.ClickException(f"{display_path(target)} 里已有 {listing}，没有改动任何文件。"
                                   "请换一个空文件夹，或先把这些文件移走。")
    for rel in files:
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SCAFFOLD / rel, target / rel)
    for rel in EMPTY_FOLDERS:
        (target / rel).mkdir(parents=True, exist_ok=True)
    return files


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """新建一个评选表彰项目的文件夹：mkdocs.yml、data/（带说明的示例）、content/、templates/。"""
    if directory.exists() and not directory.is_dir():
        raise click.ClickException(f"{display_path(directory)} 是一个文件，不是文件夹。")
    scaffold(directory)
    where = display_path(directory)
    click.echo(f"已在 {where} 新建项目。下一步：\n"
               f"  1. 按 {where}/data/program.yaml 里的说明修改项目信息，在 recommenders.yaml 填写推荐单位；\n"
               f"  2. publisher template 推荐对象.xlsx，填好后 publisher import 推荐对象.xlsx；\n"
               f"  3. 在 {where} 里运行 publisher validate、publisher check、publisher build。")
