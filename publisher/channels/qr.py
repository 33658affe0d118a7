"""QR codes to a page, for paper and for WeChat, with parameters that never change.

A printed sheet on a notice board and a 公众号 article both send readers to the
page with a QR code. The code is made by segno with fixed parameters (error
level M, no boosting, no Micro QR), so the same URL always gives the same
modules, and a test can compare what was embedded with ``segno.make(url, …)``.
The image is a PNG with one square of :data:`SCALE` pixels per module and no
quiet zone: the templates draw the white margin, so the code can be sized in
millimetres without blurring.
"""

from __future__ import annotations

import base64
import io

import segno

ERROR = "m"
"""Level M (15 %): survives a fold or a smudge on a notice board, and keeps long URLs small."""
SCALE = 8
"""Pixels per module: crisp when a viewer smooths images, yet a 33×33 code stays near 1 KB."""


def qr_code(url: str) -> segno.QRCode:
    """The code of ``url``, the same one every time."""
    return segno.make_qr(url, error=ERROR, boost_error=False)


def png(url: str) -> bytes:
    """The code as a black-on-white PNG, :data:`SCALE` pixels a module, no quiet zone."""
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=SCALE, border=0)
    return out.getvalue()


def data_uri(url: str) -> str:
    """The PNG as a ``data:`` URI: WeasyPrint and the 公众号 editor both take it without a file beside it."""
    return "data:image/png;base64," + base64.b64encode(png(url)).decode("ascii")
