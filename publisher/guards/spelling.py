"""Text as a reader sees it, for the privacy guard: one number has many spellings.

A phone number typed as ``１３９ ０００0-0000``, with a zero-width space inside, as
``139<strong>0000</strong>0000``, as ``&#49;39…`` or as ``一三九〇〇〇〇〇〇〇〇`` reads
the same on a phone's screen. :func:`number_runs` finds the digits a reader would
read as one number, whatever separators, invisible characters and inline tags
stand between them and whichever compatibility form (NFKC) each digit takes;
:func:`tolerant` finds a private text however it is spaced or spelt; and
:func:`squeezed` is the one form two spellings are compared in.

The site is never normalised as a whole (NFKC of 30 MB of Chinese text, whose
full-width punctuation all changes, takes seconds): the patterns accept every
spelling, and only what they match is normalised. One pass of a compiled pattern
over each text, so the guard stays linear in the size of the site.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

_DASHES = "-\u058a\u05be\u1400\u1806\u2010-\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u301c\u3030\u30a0\ufe31\ufe32" \
          "\ufe58\ufe63\uff0d\u2212\u2043\u02d7\u207b\u208b\u2500\u2501\u2574\u2576\u2796\u30fc\uff70"
_DOTS = ".\u00b7\u2022\u2024\u2027\u2219\u22c5\u3002\u30fb\uff0e\uff61\uff65\ufe52"
_BRACKETS = "()\\[\\]{}\u3010\u3011\u3014\u3015\u3016\u3017\u3018\u3019\u301a\u301b\u2985\u2986\u300c\u300d" \
            "\u300e\u300f\u3008\u3009\u300a\u300b\uff08\uff09\uff3b\uff3d\uff5b\uff5d\ufe59\ufe5a\ufe35\ufe36"
"""Separators people type inside a number: dashes of every kind, dots, brackets (half- and full-width)."""
_INVISIBLE_EXTRA = "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
"""Drawn as nothing, though not format characters: grapheme joiner, Hangul fillers, variation selectors, braille blank."""
_INVISIBLE_ASTRAL = "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a" \
                    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef"
_TAG = r"(?is:<!--.*?-->|</?(?:a|abbr|b|bdi|bdo|big|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|rp|rt|ruby|s" \
       r"|samp|small|span|strike|strong|sub|sup|time|tt|u|var|wbr)(?:\s[^<>]*)?/?>)"
"""Comments and inline tags: ``139<b>0000</b>0000`` shows as one number. Block tags keep numbers apart."""

# Chinese numerals as people write digit by digit (not 十/百, which make numbers, not digit strings),
# the radio spellings (洞幺两拐勾) included.
CHINESE_DIGITS = str.maketrans({**dict.fromkeys("〇零洞", "0"), **dict.fromkeys("一壹幺", "1"),
                                **dict.fromkeys("二贰两", "2"), **dict.fromkeys("三叁", "3"), **dict.fromkeys("四肆", "4"),
                                **dict.fromkeys("五伍", "5"), **dict.fromkeys("六陆", "6"), **dict.fromkeys("七柒拐", "7"),
                                **dict.fromkeys("八捌", "8"), **dict.fromkeys("九玖勾", "9")})
_CHINESE = frozenset(chr(c) for c in CHINESE_DIGITS)


def _ranges(chars: set[str]) -> str:
    """A character class body for ``chars``, as ranges: a class of single astral characters is slow to match."""
    out: list[list[int]] = []
    for c in sorted(map(ord, chars)):
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in out)


@dataclass(frozen=True)
class _Tables:
    invisible: str
    """Class body: format characters (Cf: zero-width, bidi controls, BOM…) and the other invisibles."""
    variants: dict[str, set[str]]
    """A character → the characters whose NFKC form it is (１ and ① for 1, Ｘ for X, （ for ()."""
    digit: str
    """Class body: everything that reads as one digit or more (0-9, ０-９, ①…, 𝟏…) or a Chinese numeral."""


@functools.cache
def _tables() -> _Tables:
    """Built from this Python's Unicode tables on first use (50 ms over the BMP), so new characters count too."""
    invisible: set[str] = set()
    variants: dict[str, set[str]] = {}
    digits: set[str] = set("0123456789") | _CHINESE
    for c in map(chr, range(0x10000)):
        if unicodedata.category(c) == "Cf":
            invisible.add(c)
        folded = unicodedata.normalize("NFKC", c)
        if folded != c:
            if len(folded) == 1:
                variants.setdefault(folded, set()).add(c)
            if folded.isascii() and folded.isdigit():
                digits.add(c)
    digits |= {chr(c) for c in range(0x1D7CE, 0x1D800)}  # mathematical digits 𝟎–𝟿
    return _Tables(_ranges(invisible) + _INVISIBLE_EXTRA + _INVISIBLE_ASTRAL, variants, _ranges(digits))


def _spaces() -> str:
    """Whitespace of every kind (ideographic space, NBSP…) and invisible characters, as a class."""
    return f"[\\s{_tables().invisible}]"


def _gap() -> str:
    """What may stand between two digits of one number: spaces, invisibles, inline tags, up to three separators."""
    space = f"(?:{_spaces()}|{_TAG})*"
    return f"{space}(?:[{_DASHES}{_DOTS}{_BRACKETS}]{space}){{0,3}}"


@functools.cache
def _run_pattern(shortest: int) -> re.Pattern[str]:
    """Numbers of at least ``shortest`` digits in any spelling (a trailing X for ID numbers).

    The guard asks for the fewest digits it can use: 11 (a mobile) unless a private number is shorter,
    so the dates and short numbers that fill a site are passed over by the engine itself.
    """
    digit = f"[{_tables().digit}]"
    return re.compile(f"{digit}(?<!{digit}.)(?:{_gap()}{digit}){{{shortest - 1},}}"
                      f"(?:{_spaces()}?[Xx\uff38\uff58](?![0-9A-Za-z]))?")


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The invisibles (with inline tags), and every separator: to undo them in what a pattern matched."""
    invisible = re.compile(f"[{_tables().invisible}]+|{_TAG}")
    separator = re.compile(f"(?:\\s|[{_DASHES}{_DOTS}{_BRACKETS}])+")
    return invisible, separator


def readable(text: str) -> str:
    """``text`` as a reader sees it: references decoded, NFKC (full-width digits and X), invisibles and inline tags gone."""
    return _shown(unescaped(text))


def _shown(text: str) -> str:
    """NFKC, without invisible characters and inline tags (references already decoded)."""
    return _patterns()[0].sub("", unicodedata.normalize("NFKC", text))


def unescaped(text: str) -> str:
    """Character references decoded (``&#49;`` is a 1 on screen, ``&nbsp;`` a space): cheap, so done to every text."""
    return html.unescape(text) if "&" in text else text


def squeezed(value: str) -> str:
    """A value without separators, punctuation or invisible characters, NFKC, case-folded: how spellings are compared."""
    return _NOT_WORD.sub("", readable(value)).casefold()


def tolerant(values: Iterable[str]) -> list[str]:
    """Patterns that find any of ``values`` in unescaped text in any spelling: compatibility forms, case, separators.

    The values share a trie (withdrawal reasons often begin 经核实，…), so each place in the text is tried
    once, not once per value; one pattern per first character, which the regex engine then finds by a
    fast literal search (an alternation at the front is tried at every place of the text, 50 times slower).
    """
    tables = _tables()
    trie: dict[str, dict] = {}
    for value in values:
        node = trie
        for c in squeezed(value):
            node = node.setdefault(c, {})
        node[""] = {}

    def char(c: str) -> str:
        same = {c, c.upper()} | tables.variants.get(c, set()) | tables.variants.get(c.upper(), set())
        return f"[{_ranges(same)}]" if len(same) > 1 else re.escape(c)

    def branch(c: str, child: dict[str, dict]) -> str:
        if not set(child) - {""}:
            return char(c)
        return char(c) + f"(?:{_BETWEEN}{pattern(child)})" + ("?" if "" in child else "")

    def pattern(node: dict[str, dict]) -> str:
        branches = [branch(c, child) for c, child in node.items() if c]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return [branch(c, child) for c, child in trie.items()]


_NOT_WORD = re.compile(r"[\W_]+")
_BETWEEN = r"(?:[\W_]|<[^<>]*>)*"
"""Any separator, punctuation, invisible character or tag, between two characters of a private text."""


class Run(NamedTuple):
    """One number a reader reads, as the groups of digits it was typed in."""

    groups: list[str]
    glued: bool
    """Holds Chinese numerals: a digit may stand anywhere (一三九 is one group, 统一 glues a 1 to its front)."""
    worded: bool
    """Inside a token of letters and digits (a hash, a code) or a drawing's path: not read as a phone or ID number."""


_GROUP = re.compile(r"[0-9]+|[Xx]")


def _in_code(text: str, start: int, end: int) -> bool:
    """Whether the run at ``start:end`` is part of a token that mixes letters and digits on its own (d41d8cd9…).

    ``Tel13912345678`` is a number after a word; ``9f13912345678`` and ``13912345678e2`` are not numbers.
    """
    left = start
    while left and text[left - 1].isascii() and text[left - 1].isalpha():
        left -= 1
    if left < start and left and text[left - 1].isdigit():
        return True
    right = end
    while right < len(text) and text[right].isascii() and text[right].isalpha():
        right += 1
    return right > end and right < len(text) and text[right].isdigit()


def _geometry(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds drawing instructions (SVG path data, points, transforms): numbers no one reads.

    An icon's path (``.137-.097-.25 1.519 1.519``) is full of digit groups that meet like a typed number:
    the theme's 14,000 icons hold 3,600 of them shaped like a mobile number.
    """
    if "=" not in text:
        return []
    return sorted(m.span() for pattern in _GEOMETRY for m in pattern.finditer(text))


_GEOMETRY = [re.compile(f"{name}=(?<=\\s{name}=)(?:\"[^\"<>]*\"|'[^'<>]*')")
             for name in ("d", "points", "viewBox", "transform")]
"""Attributes of drawing geometry; the name first, so the engine finds them by a fast literal search."""


def number_runs(text: str, shortest: int = 7) -> Iterator[Run]:
    """Each number of ``shortest`` digits or more in unescaped ``text``, in any spelling, separators and all."""
    separator = _patterns()[1]
    geometry: list[tuple[int, int]] | None = None
    starts: list[int] = []
    for match in _run_pattern(shortest).finditer(text):
        if geometry is None:  # only a text with a number has its drawings looked for
            geometry = _geometry(text)
            starts = [a for a, _b in geometry]
        at = bisect.bisect_right(starts, match.start()) - 1
        worded = (at >= 0 and match.start() < geometry[at][1]) or _in_code(text, *match.span())
        shown = match.group()
        if not shown.isascii() or "<" in shown:  # most runs are plain ASCII: nothing to undo
            shown = _shown(shown)
        if not _CHINESE.isdisjoint(shown):
            yield Run([separator.sub("", shown).translate(CHINESE_DIGITS)], True, False)
            continue
        groups = _GROUP.findall(shown)
        if len(groups) > 1 and groups[-1] in "Xx":
            groups[-2:] = [groups[-2] + "X"]
        yield Run(groups, False, worded)
