"""Text from data/ as people read it and as the publisher compares it; the few values that become links.

Two kinds of characters change a name without showing themselves. Bidi controls
(U+202A–202E, U+2066–2069…) turn text around on the screen, so a list can show a
name that is not the one in the file. Zero-width and other format characters
(U+200B–200D, U+2060, U+FEFF, the soft hyphen…) make two names that look the
same differ, so a second file for one person passes the duplicate check. Names
refuse both (:func:`invisible`); comparisons go through :func:`comparable`, so
``王芳``, ``王 芳`` and ``王芳`` with full-width letters or a trailing
zero-width space are one name.

A value becomes a link only when its field is an address: a phone (``tel:``), an
e-mail address (``mailto:``) or the site's https address. Those fields are
checked here, so that nothing else can turn into a link.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

INVISIBLE_CLASS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
"""Every format character (Unicode category Cf: bidi controls, zero-width characters, the soft hyphen…)
and the Hangul fillers, letters that print nothing. A test holds this to Python's Unicode database."""
INVISIBLE = re.compile(f"[{INVISIBLE_CLASS}]")
_GAPS = re.compile(rf"[\s{INVISIBLE_CLASS}]+")

_WORDS = {
    "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u2060": "零宽词连接符",
    "\ufeff": "零宽不换行空格（BOM）", "\u00ad": "软连字符", "\u200e": "从左到右标记", "\u200f": "从右到左标记",
    "\u202a": "从左到右嵌入", "\u202b": "从右到左嵌入", "\u202c": "方向嵌入结束", "\u202d": "从左到右覆盖",
    "\u202e": "从右到左覆盖", "\u2066": "从左到右隔离", "\u2067": "从右到左隔离", "\u2068": "方向隔离",
    "\u2069": "方向隔离结束", "\u061c": "阿拉伯字母标记",
}


def describe(char: str) -> str:
    """``U+202E（从右到左覆盖）``: how a message names a character nobody can see."""
    word = _WORDS.get(char) or ("不可见的格式字符" if unicodedata.category(char) == "Cf" else "不显示的填充字符")
    return f"U+{ord(char):04X}（{word}）"


def invisible(value: str) -> str | None:
    """The first character of ``value`` that changes how it shows or compares without being seen, if any."""
    found = INVISIBLE.search(value)
    return found.group() if found else None


@lru_cache(maxsize=65536)
def comparable(text: str) -> str:
    """``text`` as duplicate checks compare it: NFKC (full-width letters and digits become ASCII), case folded,
    with whitespace and invisible characters removed. Units repeat across thousands of files: cached."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isalnum() or "\u1160" in text or "\u115f" in text:  # letters and digits only: nothing to remove
        text = _GAPS.sub("", text)  # (NFKC leaves of the fillers only these two, and they count as letters)
    return text.casefold()


_PHONE = re.compile(r"\+?[0-9() -]{5,32}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_NOT_IN_URL = re.compile(r"[\s\"'<>\\`]")


def phone(value: str) -> str:
    """A phone becomes a ``tel:`` link: only what a dial pad and a printed number hold."""
    if not _PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < 5:
        raise ValueError("电话号码只能写数字、空格、连字符（-）和括号，可以用 + 开头，例如 023-63895398"
                         "（网页上它是可以直接拨打的链接）")
    return value


def email(value: str) -> str:
    """An address becomes a ``mailto:`` link: a plain address, nothing a browser could read as more."""
    if not _EMAIL.fullmatch(value):
        raise ValueError("电子邮箱应写成 name@example.gov.cn 的形式，只用字母、数字和 . _ % + - 这几个符号"
                         "（网页上它是发邮件的链接）")
    return value


def https_url(value: str | None) -> str | None:
    """The site's address starts every link of the feeds and the calendar: an https address and nothing else."""
    if value is None:
        return value
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        host = None
    if host is None or parts.scheme != "https" or _NOT_IN_URL.search(value):
        raise ValueError(f"网站地址应以 https:// 开头，例如 https://biaozhang.example.gov.cn/，而不是“{value}”"
                         "（订阅源和日历里的链接都由它生成）")
    return value
