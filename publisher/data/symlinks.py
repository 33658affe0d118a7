"""Symbolic links in ``data/`` and ``content/`` are refused: what is published must lie in the project.

A link in ``content/`` to ``/home/clerk/证件/`` would publish that folder (MkDocs
follows links), and a link in ``data/`` would read a file nobody reviews with
the project. So both folders are walked without following links, and every link
found, to a file or a folder, inside the project or out of it, broken or not, is
a problem that names it and says where it points.
"""

from __future__ import annotations

import os
from pathlib import Path

from publisher.errors import Problem, display_path


def links_in(folder: Path) -> list[Path]:
    """Every symbolic link under ``folder`` (never followed), in path order.

    ``os.scandir`` tells a link from the directory listing itself: no extra system call per file,
    which matters in a data folder of ten thousand nominees.
    """
    found: list[Path] = []
    pending = [folder]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue  # unreadable or missing: the loader reports it
        for entry in entries:
            if entry.is_symlink():
                found.append(Path(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
    return sorted(found)


def link_problems(folder: Path) -> list[Problem]:
    """One problem for each link under ``folder``, in the words staff read."""
    problems = []
    for path in links_in(folder):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        what = "文件夹" if path.is_dir() else "文件"
        shown = f"{display_path(path.parent)}/{path.name}"  # the link itself, not where it leads
        problems.append(Problem(shown, 0, "",
                                f"是指向{what} {target} 的符号链接（快捷方式）。为防止把项目以外的文件发布出去，"
                                "data/ 和 content/ 里不能有符号链接：请删除它，把文件本身复制到这里。"))
    return problems
