"""A print page (HTML) to an A4 PDF with WeasyPrint: a CJK font subset, fixed metadata, the same bytes each time.

The PDF is what a unit pins on its notice board, so it must look the same on any
device: the Chinese font is given by file (a setting, else the first one found)
and WeasyPrint embeds only the glyphs used. Its dates come from the page's
``<meta name="dcterms.*">`` and its identifier is a hash of its content, so two
renders of the same page are byte-identical whatever the clock says.

WeasyPrint needs Pango (a system library). A machine without it, or without any
Chinese font, cannot make PDFs: :class:`PdfUnavailable` says what to install, and
the build skips only the PDFs (see :mod:`publisher.channels.attachments`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from publisher.errors import PublishError

FAMILY = "Publisher CJK"
"""The family name print.css asks for; bound here to the font file in use."""
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian/Ubuntu fonts-wqy-zenhei (scripts/setup-system.sh)
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora, Red Hat
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
)
"""Where Linux distributions put the common free CJK fonts; fontconfig is asked when none is there."""
SAMPLE = "公示期"
"""Characters a usable font must have."""
INSTALL_HINT = ("请安装中文字体（Debian/Ubuntu：sudo apt-get install fonts-wqy-zenhei），"
                "或在 mkdocs.yml 的 publisher 插件下用 pdf_font 写明中文字体文件的路径")


class PdfUnavailable(PublishError):
    """This machine cannot make PDFs (no WeasyPrint/Pango, or no Chinese font): a build skips only the PDFs."""


def _has_cjk(path: Path) -> bool:
    """Whether the font (the first face of a collection) draws Chinese: a Latin font would print empty boxes."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(path, fontNumber=0, lazy=True)
        cmap = font.getBestCmap() or {}
    except (TTLibError, OSError, ValueError, KeyError):
        return False
    return all(ord(ch) in cmap for ch in SAMPLE)


def _fontconfig_cjk() -> Path | None:
    """The first Chinese font fontconfig knows of (sorted by path, so every run picks the same one)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    paths = sorted({line.split(":")[0].strip() for line in out.stdout.splitlines() if line.strip()})
    return next((Path(p) for p in paths if p.lower().endswith((".ttc", ".ttf", ".otf", ".otc"))), None)


def find_font(setting: str | Path | None = None, candidates: tuple[str, ...] = FONT_CANDIDATES) -> Path:
    """The Chinese font file to embed: ``setting`` when given, else the first of ``candidates``, else fontconfig's.

    A setting that names a missing or non-Chinese font is a mistake to fix
    (:class:`PublishError`); no Chinese font at all is a machine to equip (:class:`PdfUnavailable`).
    """
    if setting:
        path = Path(setting).expanduser()
        if not path.is_file():
            raise PublishError(f"找不到 PDF 字体文件 {setting}：请检查 mkdocs.yml 中 publisher 插件的 pdf_font 设置"
                               "（应为中文字体文件的路径，例如 /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc）。")
        if not _has_cjk(path):
            raise PublishError(f"PDF 字体 {setting} 不含汉字（或不是字体文件），PDF 中的中文会显示为方框：{INSTALL_HINT}。")
        return path
    for candidate in candidates:
        if Path(candidate).is_file():
            return Path(candidate)
    found = _fontconfig_cjk()
    if found is not None and _has_cjk(found):
        return found
    raise PdfUnavailable(f"没有找到中文字体，无法生成 PDF 附件：{INSTALL_HINT}。")


def render_pdf(html: str, *, font: Path, base_url: str | None = None) -> bytes:
    """``html`` (a whole print page, with its ``<title>``, ``lang`` and ``dcterms`` dates) as PDF bytes.

    Only ``data:`` and ``file:`` resources are fetched: a print page never reaches the network.
    """
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is there but Pango is not
        raise PdfUnavailable("没有安装 WeasyPrint 或它所需的 Pango 库，无法生成 PDF 附件"
                             f"（{type(exc).__name__}: {exc}）：运行 make site 安装 Python 依赖；Pango 来自系统软件包"
                             "（Debian/Ubuntu：sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0）。") from None
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data", "file"})
    fonts = FontConfiguration()
    face = weasyprint.CSS(string=f'@font-face {{ font-family: "{FAMILY}"; src: url("{font.as_uri()}"); }}',
                          font_config=fonts, url_fetcher=fetcher)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[face], font_config=fonts, pdf_identifier=True)

