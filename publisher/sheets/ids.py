"""File names for imported nominees: readable, ASCII, stable and unique.

``<recommender>-<pinyin of the name>``, e.g. ``liangjiang-wang-fang``: a clerk
can tell whose file it is from the folder listing, and files group by
recommender. A person's surname is read as a surname (曾 zeng), as the pinyin
ordering reads it; a collective named after its unit (重庆某某公司总装车间 of
重庆某某公司) keeps only the part that tells it apart (``-zong-zhuang-che-jian``).
Stability on re-import does not rest on this function: a row whose kind, name
and unit match an existing file *is* that file, whatever its name.
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

from publisher.data.dataset import AnyNominee
from publisher.data.name_order import pinyin_key

MAX_LENGTH = 64
"""What ``models.ID_PATTERN`` allows."""
SUFFIX_ROOM = 4
"""Room kept for a ``-2`` … ``-999`` suffix, so a suffixed id is still a valid file name."""


def _syllables(nominee: AnyNominee) -> list[str]:
    if nominee.kind == "individual":
        return list(pinyin_key(nominee.name)[0])
    name = nominee.name
    if name.startswith(nominee.unit) and len(name) > len(nominee.unit):
        name = name[len(nominee.unit):]
    return lazy_pinyin(name, style=Style.NORMAL, errors="default")


def slug(words: list[str]) -> str:
    """Lowercase ASCII words joined by hyphens; anything else (brackets, dots, CJK left over) separates."""
    text = unicodedata.normalize("NFKC", "-".join(words)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def base_id(nominee: AnyNominee) -> str:
    """The id before any suffix; cut at a hyphen so that it stays within the contract's length."""
    text = f"{nominee.recommender}-{slug(_syllables(nominee)) or nominee.kind}"
    limit = MAX_LENGTH - SUFFIX_ROOM
    if len(text) > limit:
        text = text[: limit + 1].rsplit("-", 1)[0] if "-" in text[: limit + 1] else text[:limit]
    return text.strip("-")


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … the first one not in ``taken``."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
