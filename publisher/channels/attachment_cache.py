"""Attachments made before, kept under a digest of everything they are made from: a rebuild redoes what changed.

A list's PDF takes WeasyPrint seconds (2–5 s for 250 names), and making even a
small workbook means importing openpyxl; a daily rebuild would redo them all for
nothing. So each file is kept in the project's cache (``.cache/publisher/attachments``)
under a digest of its inputs: the view it shows (its record, window, people and
contacts, all in their ``repr``), the program, the site's address, the font
file, the templates that render it, the versions of the libraries that write it,
and this package's own source, so that any change of code or template makes
every file anew. A hit neither renders a template nor imports WeasyPrint or
openpyxl. :meth:`AttachmentCache.prune` drops what the last build did not use.
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from publisher.defaults import template_dirs

LIBRARIES = ("weasyprint", "pydyf", "fonttools", "openpyxl", "segno", "jinja2")
PACKAGE = Path(__file__).resolve().parent.parent
"""The whole package: any change of its code makes every attachment anew."""


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file()) if folder.is_dir() else []


class AttachmentCache:
    """The files of one project's attachments, by the digest of their inputs."""

    def __init__(self, folder: Path, templates_dir: Path) -> None:
        self.folder = folder / "attachments"
        salt = hashlib.blake2b(digest_size=20)
        for package in LIBRARIES:
            try:
                salt.update(f"{package}={version(package)}\0".encode())
            except PackageNotFoundError:
                salt.update(f"{package}=none\0".encode())
        for path in _files(PACKAGE, "*.py"):  # the code that turns data into files, whichever module it is in
            salt.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        for folder in template_dirs(templates_dir):  # what the print pages are rendered from, the project's and ours
            for sub in ("print", "partials"):
                for path in _files(folder / sub, "*"):
                    salt.update(f"{sub}/{path.name}".encode() + b"\0" + path.read_bytes() + b"\0")
        self._salt = salt
        self.used: set[str] = set()

    def key(self, *inputs: object) -> str:
        """The digest of ``inputs`` (their ``repr``: dataclasses and models print every field) under the salt."""
        digest = self._salt.copy()
        for value in inputs:
            digest.update(repr(value).encode() + b"\0")
        return digest.hexdigest()

    def get(self, key: str, suffix: str) -> bytes | None:
        name = f"{key}.{suffix}"
        self.used.add(name)
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    def put(self, key: str, suffix: str, data: bytes) -> None:
        """Stored whole or not at all (a renamed temporary file); a cache that cannot be written only costs time."""
        path = self.folder / f"{key}.{suffix}"
        part = path.with_name(f".{path.name}.{os.getpid()}.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            part.write_bytes(data)
            os.replace(part, path)
        except OSError:
            part.unlink(missing_ok=True)

    def prune(self) -> None:
        """Remove the files the last build did not use (lists that changed or left the site)."""
        for path in _files(self.folder, "*"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)


def font_identity(font: Path) -> str:
    """Which font file, as it is now: a PDF embeds a subset of it."""
    stat = font.stat()
    return f"{font.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
