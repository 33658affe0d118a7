"""Reading a QR code back from the image that was embedded, to compare it with segno's own for a URL."""

from __future__ import annotations

import base64
import io

import segno
from PIL import Image


def expected(url: str) -> list[list[int]]:
    """segno's modules for ``url`` with the parameters the publisher promises (level M, no boost, full QR)."""
    return [list(row) for row in segno.make(url, error="m", boost_error=False, micro=False).matrix]


def modules(image: Image.Image) -> list[list[int]]:
    """The modules of a quiet-zone-free code image: the finder pattern's top row is 7 modules wide."""
    grey = image.convert("L")
    width, height = grey.size
    assert width == height, grey.size
    run = 0
    while run < width and grey.getpixel((run, 0)) < 128:
        run += 1
    assert run % 7 == 0 and run > 0, run
    size = run // 7
    assert width % size == 0, (width, size)
    count = width // size
    return [[1 if grey.getpixel((x * size + size // 2, y * size + size // 2)) < 128 else 0 for x in range(count)]
            for y in range(count)]


def from_data_uri(uri: str) -> Image.Image:
    head, _, data = uri.partition(",")
    assert head == "data:image/png;base64", head
    return Image.open(io.BytesIO(base64.b64decode(data)))
