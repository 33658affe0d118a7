"""Problems found in the office's data, and the exception that carries them.

Office staff read these messages, not programmers: every problem names the file,
the line and the field, and says in plain words what to change. Loaders collect
problems instead of raising at the first one, so that one run lists everything.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """Show a path relative to the working folder when it lies below it.

    Staff run the command from the project folder, so ``data/nominees/x.yaml``
    is what they can find in their file manager; absolute paths are noise.
    """
    p = Path(path)
    quick = _below_cwd_without_links(os.fspath(p))
    if quick is not None:
        return quick
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return os.fspath(p)


def _below_cwd_without_links(text: str) -> str | None:
    """The usual case without resolving: a path below the working folder with no link or ``..`` in it.

    Resolving walks every component in Python: 0.1 ms a path, seconds over a large
    data folder. On POSIX the working folder is already resolved (getcwd returns
    it so); when no component below it is a link, resolving changes nothing and
    the path relative to it is the answer. Anything else (links, ``..``, missing
    files, other systems) returns None and takes the general way.
    """
    if os.name != "posix" or text.startswith("//"):
        return None
    cwd = os.getcwd()
    if text.startswith("/"):
        prefix = cwd if cwd.endswith("/") else cwd + "/"
        if not text.startswith(prefix) or len(text) == len(prefix):
            return None
        text = text[len(prefix):]
    parts = text.split("/")
    if ".." in parts or "." in parts:
        return None
    current = cwd
    for part in parts:
        current = os.path.join(current, part)
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return None
        except OSError:
            return None
    return text


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of the data."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataError(Exception):
    """The data cannot be used as it is; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class PublishError(Exception):
    """Something stops a build or an export; the message is for the office."""


_OS_REASONS = {
    errno.EACCES: "没有权限（请检查文件或文件夹的权限设置）",
    errno.EPERM: "操作不被允许（请检查权限设置）",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EROFS: "所在的磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    getattr(errno, "EDQUOT", -1): "超出了磁盘配额",
    errno.EBUSY: "正被占用（可能是挂载点，或正被其他程序使用）",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EEXIST: "已经存在同名的文件或文件夹",
    errno.EXDEV: "不在同一个磁盘上，不能直接移动",
    errno.ELOOP: "符号链接（快捷方式）绕成了一个圈",
    errno.ENAMETOOLONG: "名称太长",
    errno.EIO: "读写出错（磁盘可能有故障）",
}


def reason_of(exc: OSError) -> str:
    """Why a file operation failed, in the words staff read (the system's own ``strerror`` is English)."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
