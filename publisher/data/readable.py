"""What a build reads must be readable, and be what its name says: checked before anything reads it.

MkDocs lists ``content/`` with ``os.walk``, which passes over a folder it cannot
open without a word: the stories in it would silently vanish from the site. A
page that cannot be read, or a folder named like a page (``stories/x.md/``),
stops the build later with a traceback, and a pipe named like a page makes it
wait forever for a writer. So the build's input folders are walked first, and
each such entry is named in a message: nothing is built until they are fixed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from publisher.errors import Problem, display_path, reason_of

PAGE_SUFFIX = ".md"


def unreadable(folder: Path) -> list[Problem]:
    """A problem for each entry under ``folder`` that a build could not read (none if ``folder`` is missing).

    Hidden names are left out, as MkDocs leaves them out. Links are not followed
    into folders (a link may point anywhere, even back up); a link to a missing
    file is reported.
    """
    try:
        os.stat(folder)
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [Problem(display_path(folder), 0, "", f"无法打开这个文件夹：{reason_of(exc)}。")]
    problems: list[Problem] = []
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name, reverse=True)
        except OSError as exc:
            problems.append(Problem(display_path(here), 0, "", f"无法打开这个文件夹：{reason_of(exc)}。"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name.lower().endswith(PAGE_SUFFIX):
                    problems.append(_problem(here, entry.name, f"这是一个名为“{entry.name}”的文件夹：网页和先进事迹应是"
                                             f" {PAGE_SUFFIX} 文件。请给文件夹改名，或把其中的文件移出来。"))
                else:
                    stack.append(Path(entry.path))
                continue
            why = _why_unreadable(entry)
            if why is not None:
                problems.append(_problem(here, entry.name, why))
    return sorted(problems)


def _why_unreadable(entry: os.DirEntry[str]) -> str | None:
    """Why the file ``entry`` cannot be read, in Chinese, or None when it can be."""
    try:
        mode = os.stat(entry.path).st_mode  # through a link: what the build would read
    except FileNotFoundError:
        return "这是一个快捷方式（符号链接），但它指向的文件不存在。"
    except OSError as exc:
        return f"无法读取：{reason_of(exc)}。"
    if stat.S_ISDIR(mode):
        return None  # a link to a folder: not followed here
    if not stat.S_ISREG(mode):
        return "这不是普通文件（而是管道、设备等），网站生成时无法读取：请删除它。"
    try:
        os.close(os.open(entry.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
    except OSError as exc:
        return f"无法读取文件：{reason_of(exc)}。"
    return None


def _problem(folder: Path, name: str, message: str) -> Problem:
    """A problem of ``name`` in ``folder``, shown as it is named there (a link, not where it leads)."""
    shown = display_path(folder)
    return Problem(f"{shown}/{name}" if shown not in ("", ".") else name, 0, "", message)
