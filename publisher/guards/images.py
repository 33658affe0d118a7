"""Pictures go out without their metadata: no camera owner, GPS position or typed-in caption.

A photo from a phone carries where it was taken and often who took it; a scan
may carry the name of the office PC. The privacy guard reads all of that first
(and refuses a private value in it: such a photo needs a person's look). Then
every JPEG, PNG, WebP and GIF of the site is written again by Pillow with its
pixels and colour profile only: EXIF, XMP, text chunks and comments are gone.
A JPEG turned by its EXIF orientation is turned in its pixels first, so it shows
the same way up. Picture formats whose metadata this cannot remove (TIFF, HEIC,
AVIF…) are refused with a message that says what to save them as.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import ExifTags, Image, ImageOps, JpegImagePlugin

from publisher.errors import PublishError, display_path
from publisher.guards.unpack import image_format

STRIPPED = {"JPEG", "PNG", "WEBP", "GIF"}
REFUSED = {".tif": "TIFF", ".tiff": "TIFF", ".heic": "HEIC", ".heif": "HEIF", ".avif": "AVIF", ".jxl": "JPEG XL",
           ".jp2": "JPEG 2000", ".psd": "Photoshop"}
_KEEP = ("transparency", "icc_profile", "dpi", "duration", "loop", "background", "disposal")
"""What of ``Image.info`` is part of the picture, not about it: kept."""


def strip_metadata(site_dir: Path, sources: dict[str, str]) -> int:
    """Rewrite every picture under ``site_dir`` without metadata; returns how many. PublishError on a bad one."""
    count = 0
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        with path.open("rb") as handle:
            head = handle.read(16)
        kind = image_format(head)
        if kind == "TIFF" or path.suffix.lower() in REFUSED:
            name = REFUSED.get(path.suffix.lower(), kind)
            raise PublishError(f"{_source(rel, sources)}：网站不发布 {name} 图片（其中的拍摄信息等元数据无法去除）。"
                               "请另存为 JPEG 或 PNG 后再放入。")
        if kind in STRIPPED:
            path.write_bytes(_without_metadata(path.read_bytes(), _source(rel, sources)))
            count += 1
    return count


def _source(rel: str, sources: dict[str, str]) -> str:
    source = sources.get(rel)
    return display_path(source) if source and source != "自动生成" else rel


def _without_metadata(data: bytes, shown: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            return _rewrite(img)
    except Exception as exc:  # noqa: BLE001 - Pillow's decoders raise many kinds of error on a broken file
        raise PublishError(f"{shown}：不是完好的图片（{exc}），不能发布。请换成完好的图片，或删除它。") from None


def _rewrite(img: Image.Image) -> bytes:
    out = io.BytesIO()
    kind = img.format
    keep = {key: img.info[key] for key in _KEEP if key in img.info}
    animated = getattr(img, "n_frames", 1) > 1
    if kind == "JPEG":
        orientation = img.getexif().get(ExifTags.Base.Orientation, 1)
        options = {"qtables": img.quantization, "subsampling": JpegImagePlugin.get_sampling(img),
                   "progressive": "progressive" in img.info, **keep}
        picture = ImageOps.exif_transpose(img) if orientation in range(2, 9) else img
        picture.info = {}
        picture.save(out, "JPEG", **options)
    else:
        img.info = keep
        options = {"lossless": True, "exact": True} if kind == "WEBP" else {}
        img.save(out, kind, save_all=animated, **options)
    return out.getvalue()
