"""Where ``publisher build`` may write, and how a new site replaces the old one.

A build replaces its output folder as a whole, so a slip of the keyboard
(``-d data``, ``-d .``) would delete the office's files. The output folder must
therefore neither be nor contain the project folder, must have nothing to do with
the folders a build reads (data, content, templates, theme overrides), and, when
it exists, must be empty or a previous build: every build writes the marker file
:data:`MARKER` at the root of the site it makes, and nothing without it is replaced.

The new site is made beside the target (``.site.new-*``) and goes live by
renames in the same folder: the old site is renamed aside (``.site.old-*``), the
new one takes its name, and only then is the old one deleted. A failure before
the second rename leaves the old site live; a failure to delete the old one is
only a caution. A build that was killed leaves such folders behind: the next
build deletes them (and, if the kill fell between the two renames, first puts
the old site back), touching nothing whose name or contents say it is not one.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from publisher.errors import PublishError, display_path, reason_of

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; a concurrent build's staging folder is not told apart
    fcntl = None  # type: ignore[assignment]

MARKER = ".publisher-site"
MARKER_TEXT = ("本文件夹由 publisher build 生成，每次生成网站时会被整个替换，请不要在这里存放其他文件。\n"
               "This folder is written by publisher build and replaced as a whole by the next build.\n")
STAGED = "site"
"""The site's folder inside a staging folder (and inside the old layout of a moved-aside site)."""
ADVICE = "生成网站时输出文件夹会被整个替换，其中原有的文件都会被删除。请换一个单独的输出文件夹，例如 -d site。"


class UnsafeSiteDir(PublishError):
    """The output folder given may not be replaced: a mistyped ``-d``."""


def _shown(typed: Path, real: Path) -> str:
    shown = display_path(typed)
    return shown if Path(shown) == real or display_path(real) == shown else f"{shown}（即 {real}）"


def _relation(real: Path, folder: Path) -> str | None:
    """How ``real`` stands to ``folder`` (both resolved), in words, or None when they are apart."""
    if real == folder:
        return "就是"
    if folder.is_relative_to(real):
        return "包含"
    if real.is_relative_to(folder):
        return "位于"
    return None


def check_target(site_dir: Path, *, project: Path, inputs: dict[str, Path]) -> Path:
    """The output folder with links resolved, or :class:`UnsafeSiteDir` saying why it may not be replaced.

    ``inputs``: the folders a build reads, by their name in words (数据文件夹 …).
    """
    real = site_dir.resolve()
    root = project.resolve()
    shown = _shown(site_dir, real)
    if real == root or root.is_relative_to(real):
        what = "就是项目文件夹（mkdocs.yml 所在的文件夹）" if real == root else f"包含项目文件夹 {root}"
        raise UnsafeSiteDir(f"不能把网站生成到 {shown}：它{what}。{ADVICE}")
    for word, folder in inputs.items():
        relation = _relation(real, folder.resolve())
        if relation is not None:
            where = " 之内" if relation == "位于" else ""
            raise UnsafeSiteDir(f"不能把网站生成到 {shown}：它{relation}{word} {display_path(folder)}{where}。{ADVICE}")
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise PublishError(f"无法打开输出文件夹 {shown}：{reason_of(exc)}。") from None
    if not stat.S_ISDIR(mode):
        raise UnsafeSiteDir(f"不能把网站生成到 {shown}：这是一个文件，不是文件夹。")
    try:
        names = os.listdir(real)
    except OSError as exc:
        raise PublishError(f"无法打开输出文件夹 {shown}：{reason_of(exc)}。") from None
    if names and not is_marked(real):
        raise UnsafeSiteDir(f"不能把网站生成到 {shown}：这个文件夹已经存在，但不是 publisher 生成的网站（里面没有标记文件 "
                            f"{MARKER}）。生成网站时输出文件夹会被整个替换，为免删除其中的文件，没有继续。请换一个不存在的或空的"
                            "文件夹；如果它确实是以前生成的网站，请先自行删除或改名。")
    return real


def is_marked(folder: Path) -> bool:
    """Whether ``folder`` is a site a build wrote (its marker is a plain file, not a link)."""
    try:
        return stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except OSError:
        return False


def mark(site: Path) -> None:
    """Write the marker that lets the next build replace ``site``."""
    (site / MARKER).write_text(MARKER_TEXT, "utf-8")


# --- staging and swapping ----------------------------------------------------------------


def _leftover_pattern(target: Path, kind: str) -> re.Pattern[str]:
    """Names :func:`tempfile.mkdtemp` gives with our prefix: eight letters, digits or ``_``."""
    return re.compile(re.escape(f".{target.name}.{kind}-") + r"[a-z0-9_]{8}")


def _try_lock(folder: Path, *, wait: bool = False) -> int | None:
    """An open descriptor of ``folder`` holding an advisory lock, or None when another build holds it.

    The kernel drops the lock when its build dies, so a folder nobody holds is a leftover.
    """
    if fcntl is None:
        return os.open(folder, os.O_RDONLY)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


@contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A fresh folder beside ``target`` to build into, locked while in use and deleted afterwards."""
    while True:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
            fd = _try_lock(folder, wait=True)
        except OSError as exc:
            raise PublishError(f"无法在 {display_path(target.parent)} 里生成网站：{reason_of(exc)}。新网站先生成在输出"
                               "文件夹旁边的临时文件夹里，全部通过后才替换旧网站，所以输出文件夹所在的文件夹必须可以写入。") from None
        assert fd is not None
        try:
            if os.path.samestat(os.fstat(fd), os.stat(folder)):
                break
        except OSError:
            pass
        os.close(fd)  # another build's clean-up took it in the instant before the lock: take another
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)


def _reserve_aside(target: Path) -> Path:
    """An unused name beside ``target`` for the old site (an empty folder on POSIX, which a rename may replace)."""
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    if os.name == "nt":  # Windows renames onto no existing folder, empty or not
        aside.rmdir()
    return aside


def swap_in(new: Path, target: Path) -> list[str]:
    """Make ``new`` live as ``target`` (both in one file system); return cautions for what could not be tidied.

    :class:`PublishError` when the new site could not go live; the old site is
    then live as before (or, if even putting it back failed, the message says where it is).
    """
    shown = display_path(target)
    aside = None
    if os.path.lexists(target):
        try:
            aside = _reserve_aside(target)
            os.replace(target, aside)
        except OSError as exc:
            if aside is not None:
                with suppress(OSError):
                    aside.rmdir()
            raise PublishError(f"无法把旧网站 {shown} 移开、换上新网站：{reason_of(exc)}。旧网站保持原样，新网站没有发布。") from None
    try:
        os.replace(new, target)
    except OSError as exc:
        why = reason_of(exc)
        if aside is None:
            raise PublishError(f"无法把新网站放到 {shown}：{why}。新网站没有发布。") from None
        try:
            os.replace(aside, target)
        except OSError:
            raise PublishError(f"无法把新网站放到 {shown}：{why}；旧网站也没能放回原处，它在 {display_path(aside)}，"
                               f"请把它改名为 {target.name}（下次生成网站时也会自动放回）。") from None
        raise PublishError(f"无法把新网站放到 {shown}：{why}。旧网站保持原样，新网站没有发布。") from None
    if aside is None:
        return []
    try:
        delete_site(aside)
    except OSError as exc:
        return [f"新网站已发布到 {shown}，但无法删除移开的旧网站 {display_path(aside)}：{reason_of(exc)}。"
                "请手动删除它（下次生成网站时也会再试）。"]
    return []


def clear_leftovers(target: Path) -> list[str]:
    """Delete the staging and moved-aside folders that killed builds left beside ``target``; return cautions.

    Only folders named as :func:`staging` and :func:`swap_in` name them, holding
    what they hold: a staging folder holds at most the site being made and no
    running build holds it; a moved-aside folder is a marked site, or empty (a
    kill before the rename), or the site inside a folder (how earlier versions
    moved it aside). If ``target`` is missing (a kill between the two renames),
    the newest marked old site is put back first, so the public has a site again.
    """
    try:
        entries = sorted(os.scandir(target.parent), key=lambda e: e.name)
    except OSError:
        return []  # the staging step says why the folder cannot be used
    new, old = _leftover_pattern(target, "new"), _leftover_pattern(target, "old")
    staged = [Path(e.path) for e in entries if new.fullmatch(e.name) and e.is_dir(follow_symlinks=False)]
    aside = [Path(e.path) for e in entries if old.fullmatch(e.name) and e.is_dir(follow_symlinks=False)]
    cautions = []
    if not os.path.lexists(target):
        marked = [p for p in aside if is_marked(p)]
        if marked:
            newest = max(marked, key=lambda p: (p / MARKER).stat().st_mtime_ns)
            try:
                os.replace(newest, target)
                aside.remove(newest)
                cautions.append(f"上次生成网站时被中断，{display_path(target)} 不见了：已用上次的网站 {display_path(newest)} 恢复。")
            except OSError as exc:
                cautions.append(f"{display_path(target)} 不见了，无法用上次的网站 {display_path(newest)} 恢复：{reason_of(exc)}。")
    for folder in staged:
        try:
            fd = _try_lock(folder)
        except OSError:
            continue
        if fd is not None:  # held while deleting: a build just starting on it would wait, then see it gone
            try:
                if _only(folder, {STAGED}):
                    cautions += _delete(folder)
            finally:
                os.close(fd)
    for folder in aside:
        if is_marked(folder) or _only(folder, {STAGED}):
            cautions += _delete(folder)
    return cautions


def _only(folder: Path, names: set[str]) -> bool:
    """Whether ``folder`` holds nothing but (some of) ``names``."""
    try:
        return set(os.listdir(folder)) <= names
    except OSError:
        return False


def _delete(folder: Path) -> list[str]:
    try:
        delete_site(folder)
    except OSError as exc:
        return [f"无法删除上次生成网站时留下的 {display_path(folder)}：{reason_of(exc)}。请手动删除它。"]
    return []


def delete_site(folder: Path) -> None:
    """Delete ``folder`` with its marker last: stopped half-way, what is left is still known as a site.

    A missing entry is no error: a build starting beside this one may be tidying the same folder.
    """
    with suppress(FileNotFoundError), os.scandir(folder) as listing:
        for entry in list(listing):
            if entry.name == MARKER:
                continue
            with suppress(FileNotFoundError):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
    with suppress(FileNotFoundError):
        os.unlink(folder / MARKER)
    with suppress(FileNotFoundError):
        os.rmdir(folder)
