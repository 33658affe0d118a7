"""Every text a reader could get out of a published file: what the privacy guard reads.

A file is judged by its bytes, not its name: text in any encoding, the text runs
of a binary file, a PDF's page text and document information (pypdf), what is inside a gzip, bzip2,
xz, zip (xlsx and docx are zips) or tar file, and an image's metadata (EXIF,
XMP, PNG text chunks, comments). A file that cannot be opened, or a container the
guard cannot look into (7z, RAR, an encrypted zip member), is :class:`Unreadable`:
the build refuses what it cannot check.
"""

from __future__ import annotations

import bz2
import hashlib
import io
import json
import lzma
import os
import re
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

from PIL import ExifTags, Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError

LIMIT = 256 * 1024 * 1024
"""Bytes one file may unpack to: a zip or gzip bomb is refused, not unpacked into memory."""
DEPTH = 4
"""Containers inside containers the guard opens before giving up."""

IMAGE_MAGIC = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG", b"GIF87a": "GIF", b"GIF89a": "GIF",
               b"II*\x00": "TIFF", b"MM\x00*": "TIFF"}
_UNCHECKABLE = {b"7z\xbc\xaf\x27\x1c": "7z", b"Rar!\x1a\x07": "RAR", b"\x28\xb5\x2f\xfd": "Zstandard",
                b"MSCF": "CAB"}


class Unreadable(Exception):
    """A file the guard cannot look into; ``where`` says which part, the message says why (in Chinese)."""

    def __init__(self, reason: str, where: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.where = where


Texts = Iterator[tuple[str, str]]
"""``(where, text)`` pairs: where inside the file the text was found ("" for the file itself)."""


def image_format(data: bytes) -> str | None:
    """The image format ``data`` starts like, by its magic bytes (not its name)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:2] == b"BM" and data[6:10] == b"\x00\x00\x00\x00" and len(data) > 26:  # "BM" alone starts words too
        return "BMP"
    return next((kind for magic, kind in IMAGE_MAGIC.items() if data.startswith(magic)), None)


class PdfTexts:
    """What pypdf reads from a PDF, kept under the digest of its bytes: a rebuild reads only PDFs it has not seen.

    Reading the text of a PDF is the guard's slowest step: 6.5 s for the 41 lists of
    a 1,000-nominee archive, a fifth of its build and the part that put the build over
    its target (docs/benchmarks.md). The same bytes always read the same, so the texts
    are kept (``.cache/publisher/pdf-texts``) under the digest of the bytes and pypdf's
    version; the guard still checks them against today's data on every build. A
    missing or damaged entry is read again; one that cannot be stored only costs time.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._salt = f"pypdf {version('pypdf')}\0".encode()
        self.used: set[str] = set()

    def read(self, data: bytes) -> list[tuple[str, str]]:
        name = hashlib.blake2b(self._salt + data, digest_size=20).hexdigest() + ".json"
        self.used.add(name)
        path = self.folder / name
        try:
            kept = json.loads(path.read_text("utf-8"))
            return [(str(where), str(text)) for where, text in kept]
        except (OSError, ValueError, TypeError):
            pass  # not read before, or damaged: read the PDF
        texts = list(_pdf(data))  # an unreadable PDF raises here and is not kept
        part = path.with_name(f".{name}.{os.getpid()}.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            part.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
            os.replace(part, path)
        except OSError:
            part.unlink(missing_ok=True)
        return texts

    def prune(self) -> None:
        """Forget the PDFs this build did not publish."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.is_file() and path.name not in self.used:
                    path.unlink(missing_ok=True)


def texts(name: str, data: bytes, depth: int = 0, pdfs: PdfTexts | None = None) -> Texts:
    """Every text in ``data`` (a file called ``name``), each with where it sits; raises :class:`Unreadable`.

    ``pdfs`` keeps what a PDF of the site itself reads (not one inside an archive, which is rare).
    """
    if depth > DEPTH:
        raise Unreadable(f"压缩文件嵌套超过 {DEPTH} 层，无法检查")
    for magic, kind in _UNCHECKABLE.items():
        if data.startswith(magic):
            raise Unreadable(f"是 {kind} 压缩文件，无法检查其中的内容（请改用 zip 或直接放入解压后的文件）")
    if data.startswith(b"\x1f\x8b"):
        yield from _inner("（解压后）", name.removesuffix(".gz"), _inflate(lambda: zlib.decompressobj(31), data, "gzip"),
                          depth)
    elif data.startswith(b"BZh") and data[4:10] == b"1AY&SY":
        yield from _inner("（解压后）", name.removesuffix(".bz2"), _inflate(bz2.BZ2Decompressor, data, "bzip2"), depth)
    elif data.startswith(b"\xfd7zXZ\x00"):
        yield from _inner("（解压后）", name.removesuffix(".xz"), _inflate(lzma.LZMADecompressor, data, "xz"), depth)
    elif data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        yield from _zip(data, depth)
    elif len(data) > 262 and data[257:262] == b"ustar":
        yield from _tar(data, depth)
    elif image_format(data):
        yield from _image(data)
    else:
        yield from _plain(name, data, pdfs)


def _inner(where: str, name: str, data: bytes, depth: int) -> Texts:
    try:
        for inner, text in texts(name, data, depth + 1):
            yield where + inner, text
    except Unreadable as exc:
        raise Unreadable(exc.reason, where + exc.where) from None


class _Decompressor(Protocol):
    eof: bool
    unused_data: bytes

    def decompress(self, data: bytes, max_length: int = ..., /) -> bytes: ...


def _inflate(make: Callable[[], _Decompressor], data: bytes, kind: str) -> bytes:
    """All members of a gzip/bzip2/xz stream, or :class:`Unreadable` (corrupt, cut off, or too big unpacked)."""
    out = bytearray()
    rest = data
    try:
        while rest:
            decomp = make()
            out += decomp.decompress(rest, LIMIT + 1 - len(out))
            if len(out) > LIMIT:
                raise Unreadable(f"解压后超过 {LIMIT // 1024 // 1024} MB，无法检查")
            if not decomp.eof:
                raise Unreadable(f"不是完好的 {kind} 压缩文件（数据不完整），无法检查其中的内容")
            rest = decomp.unused_data.lstrip(b"\x00")
    except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError) as exc:
        raise Unreadable(f"不是完好的 {kind} 压缩文件（{exc}），无法检查其中的内容") from None
    return bytes(out)


def _zip(data: bytes, depth: int) -> Texts:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
        yield "（压缩包里的文件名）", "\n".join(m.filename for m in archive.infolist())
        if archive.comment:
            yield "（压缩包注释）", archive.comment.decode("utf-8", "replace")
        total = 0
        for member in members:
            if member.flag_bits & 0x1:
                raise Unreadable("含有加密的文件，无法检查其中的内容", f" 里的 {member.filename}")
            with archive.open(member) as handle:
                content = handle.read(LIMIT + 1 - total)
            total += len(content)
            if total > LIMIT:
                raise Unreadable(f"解压后超过 {LIMIT // 1024 // 1024} MB，无法检查")
            yield from _inner(f" 里的 {member.filename}", member.filename, content, depth)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError) as exc:
        raise Unreadable(f"不是完好的 zip 压缩文件（{exc}），无法检查其中的内容") from None


def _tar(data: bytes, depth: int) -> Texts:
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            members = archive.getmembers()
            yield "（压缩包里的文件名）", "\n".join(m.name for m in members)
            for member in members:
                handle = archive.extractfile(member) if member.isfile() else None
                if handle is not None:
                    yield from _inner(f" 里的 {member.name}", member.name, handle.read(), depth)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise Unreadable(f"不是完好的 tar 文件（{exc}），无法检查其中的内容") from None


def _decoded(data: bytes) -> str:
    """Bytes of a metadata field as text, whichever common encoding they are in."""
    text = data.decode("utf-8", "replace")
    if b"\x00" in data:  # UTF-16 (Windows' XP* tags, XMP written by some tools)
        text += "\n" + data.decode("utf-16-le", "replace") + "\n" + data[1:].decode("utf-16-le", "replace")
    return text


def _as_text(value: object) -> str:
    if isinstance(value, bytes):
        return _decoded(value)
    if isinstance(value, tuple | list):
        return "\n".join(_as_text(v) for v in value)
    return str(value)


def metadata(img: Image.Image) -> Texts:
    """An opened image's metadata, field by field: EXIF (and its Exif and GPS folders), XMP, PNG text, comments."""
    for key, value in img.info.items():
        yield f" 的元数据 {key}", _as_text(value)
    exif = img.getexif()
    for folder in (exif, exif.get_ifd(ExifTags.IFD.Exif), exif.get_ifd(ExifTags.IFD.GPSInfo)):
        for tag, value in folder.items():
            yield f" 的 EXIF {ExifTags.TAGS.get(tag, tag)}", _as_text(value)


def _image(data: bytes) -> Texts:
    yield "", _decoded(data)  # text runs of the file itself (XMP packets, PNG tEXt, TIFF strings)
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format == "PNG":
                img.load()  # text chunks after the image data are read with the pixels
            fields = list(metadata(img))
    except Exception as exc:  # noqa: BLE001 - Pillow's decoders raise many kinds of error on a broken file
        raise Unreadable(f"不是完好的图片（{exc}），无法检查其中的元数据") from None
    yield from fields


def _plain(name: str, data: bytes, pdfs: PdfTexts | None = None) -> Texts:
    """A text file, or the text runs of any other file (ASCII, UTF-8, UTF-16 and GB 18030 spellings)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield "", data.decode("utf-16", "replace")
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        yield "", _decoded(data)
        try:
            gb = data.decode("gb18030")
        except UnicodeDecodeError:
            gb = ""
        yield "", gb
        if data.startswith(b"%PDF"):
            yield from (pdfs.read(data) if pdfs is not None else _pdf(data))
        return
    if name.lower().endswith(".ics"):  # unfold RFC 5545 line wrapping, or a value split over two lines slips by
        text = re.sub(r"\r?\n[ \t]", "", text)
    yield "", text
    if name.lower().endswith(".json"):  # \u escapes hide Chinese text from the raw bytes (the search index has them)
        yield " 的 JSON 文本", "\n".join(_json_strings(text))


def _json_strings(text: str) -> Iterator[str]:
    """Every string of a JSON document, keys included, as a reader of the data would get it."""
    try:
        stack = [json.loads(text)]
    except ValueError:
        return  # not JSON after all: its raw text was read
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _pdf(data: bytes) -> Texts:
    """A PDF as a reader gets it: each page's text, its link targets and the document information.

    Read with pypdf rather than by inflating streams: the inflated content of a
    PDF is glyph codes, positions and font widths, whose digit runs look like
    phone numbers, while the page's real text is what pypdf extracts.
    """
    try:
        reader = PdfReader(io.BytesIO(data))
        for number, page in enumerate(reader.pages, start=1):
            yield f" 第 {number} 页", page.extract_text() or ""
            links = [str(a.get_object().get("/A", {}).get("/URI", "")) for a in page.get("/Annots") or []]
            yield f" 第 {number} 页的链接", "\n".join(links)
        yield " 的文档信息", "\n".join(str(value) for value in (reader.metadata or {}).values())
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Unreadable(f"PDF 文件无法读取（{type(exc).__name__}），不能检查其中是否有个人信息") from None
