"""The last gate before a site goes public: no private value in any output file, in any spelling.

Templates only ever see public fields, but a story, a correction, a hand-made
page, an attachment or a photo's metadata can still carry an ID or a phone number
(national news has reported 公示 pages that leaked both). So the build reads every
file it wrote, whatever its name or folder, theme bundles, feeds and the search
index included, and inside archives and image metadata (:mod:`unpack`), as a
reader would see it (:mod:`spelling`: full-width digits, invisible characters,
separators, Chinese numerals). It looks for every value under any nominee's
``private:``, internal withdrawal reasons, and anything shaped like a mainland ID
number (with a valid check digit) or a mobile number, and refuses to publish on a
hit. The phone numbers in ``contacts.yaml`` are public by the notice: only those
exact numbers pass the shape checks.

Numbers are found run by run and looked up in sets, so the scan stays linear in
the size of the site however many nominees there are: one process, about a
second over a thousand pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import spelling, unpack
from .dataset import Dataset
from .spelling import Run

_NUMBER = re.compile(r"[0-9]+X?")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_SHAPE = re.compile(r"[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]")
_MOBILE_SHAPE = re.compile(r"1[3-9][0-9]{9}")
_SHAPE_LENGTHS = frozenset({11, 13, 15, 18})
"""A mobile number (after +86 or 0086) or an ID number."""
_WHOLE = 7
"""Private numbers shorter than this match only a whole number (a 4-digit one is inside every date)."""


def valid_id_number(text: str) -> bool:
    """GB 11643 check digit: only real-looking ID numbers count, not every 18-digit run."""
    body, check = text[:17], text[17].upper()
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == check


def _typed(sizes: list[int]) -> bool:
    """Whether groups of these sizes look typed by a person (139 0000 0000, 1 3 9 …), not numbers that meet.

    Path data of an icon (``5.5 12.75-1.42``) and minified code are full of short groups side by side.
    """
    return all(s == 1 for s in sizes) or (sizes[0] >= 3 and all(s >= 2 for s in sizes[1:-1]))


@dataclass(frozen=True)
class Leak:
    path: str
    """The file in the site, relative to it."""
    what: str
    where: str = ""
    """Where inside the file: `` 里的 a.txt`` in a zip, `` 的 EXIF ImageDescription`` of a photo."""
    unreadable: bool = False
    """The guard could not look inside (``what`` says why): refused like a leak."""

    def __str__(self) -> str:
        return f"{self.path}{self.where}: {self.what}"


class Guard:
    """The private values of one data set, prepared for fast lookups, and the contacts' public numbers."""

    def __init__(self, dataset: Dataset) -> None:
        self.numbers: dict[str, str] = {}
        texts: dict[str, str] = {}
        for nominee in dataset.nominees.values():
            for key, value in nominee.private.items():
                if value is not None:
                    self._remember(str(value).strip(), f"{nominee.id} 的 private.{key}", texts)
            if nominee.withdrawn_reason:
                texts.setdefault(spelling.squeezed(nominee.withdrawn_reason),
                                 f"{nominee.id} 的 withdrawn_reason（撤销原因）")
        self.texts = texts
        self._text_res = [re.compile(pattern) for pattern in spelling.tolerant(texts)]
        self._lengths = sorted({len(n) for n in self.numbers if len(n) >= _WHOLE})
        self._heads = {n[:_WHOLE] for n in self.numbers if len(n) >= _WHOLE}
        """The first digits of every private number: most places in a run start none, and are passed at once."""
        self.allowed: set[str] = set()
        """The contacts' numbers (phones, fax), published by the notice; only the shape checks let them pass."""
        for contact in dataset.contacts.values():
            for value in (*contact.phones, contact.fax):
                digits = _digits(value) if value else None
                if digits:
                    self.allowed.add(digits)

    def _remember(self, value: str, label: str, texts: dict[str, str]) -> None:
        if len(value) < 4:
            return
        digits = _digits(value)
        if digits and len(digits) >= 4:
            self.numbers.setdefault(digits, label)
            if len(digits) == 13 and digits.startswith("86"):  # +86 written in the data, not on the page
                self.numbers.setdefault(digits[2:], label)
        elif (squeezed := spelling.squeezed(value)) and len(squeezed) >= 2:
            texts.setdefault(squeezed, label)

    def scan_text(self, text: str) -> Iterator[str]:
        """Every finding in ``text``, in any spelling a reader would read as the same (see :mod:`spelling`)."""
        text = spelling.unescaped(text)
        for run in spelling.number_runs(text):
            yield from self._glued(run.groups[0]) if run.glued else self._numbers(run)
        for pattern in self._text_res:
            for match in pattern.finditer(text):
                label = self.texts.get(spelling.squeezed(match.group()))
                if label:
                    yield f"含有 {label}"

    def _numbers(self, run: Run) -> Iterator[str]:
        """Numbers that start and end where the writer put a separator (or the run starts or ends)."""
        groups = run.groups
        whole = "".join(groups)
        if len(whole) < _WHOLE and whole in self.numbers:
            yield f"含有 {self.numbers[whole]}"
        starts: dict[int, int] = {}
        """Offset in ``whole`` → index of the group starting there (and the end of the run)."""
        offset = 0
        for i, group in enumerate(groups):
            starts[offset] = i
            offset += len(group)
        starts[offset] = len(groups)
        for start, first in starts.items():
            if whole[start:start + _WHOLE] in self._heads:
                for length in self._lengths:
                    if start + length in starts and (label := self.numbers.get(whole[start:start + length])):
                        yield f"含有 {label}"
            if not run.worded and _may_shape(whole, start):
                for length in _SHAPE_LENGTHS:
                    last = starts.get(start + length)
                    if last is not None:
                        yield from self._shapes(whole[start:start + length], [len(g) for g in groups[first:last]])

    def _shapes(self, window: str, sizes: list[int]) -> Iterator[str]:
        if len(window) == 18 and _ID_SHAPE.fullmatch(window) and valid_id_number(window) and _typed(sizes) \
                and window not in self.allowed:
            yield f"含有疑似身份证号 {window[:6]}…"
        for prefix in ("", "86", "0086"):
            if len(window) == 11 + len(prefix) and window.startswith(prefix):
                mobile = window[len(prefix):]
                rest = sizes
                if prefix:  # the country code is its own group, or the front of the first
                    if sizes[0] < len(prefix):
                        continue  # 8 6 1 3 9…: the window two groups on is the number
                    rest = sizes[1:] if sizes[0] == len(prefix) else [sizes[0] - len(prefix), *sizes[1:]]
                if rest and _MOBILE_SHAPE.fullmatch(mobile) and _typed(rest) and mobile not in self.allowed:
                    yield f"含有疑似手机号 {mobile[:3]}…"

    def _glued(self, digits: str) -> Iterator[str]:
        """Chinese numerals: every window, wherever it starts (such a run is rare, and 统一 glues a 1 on)."""
        if digits in self.numbers:
            yield f"含有 {self.numbers[digits]}"
        for length in sorted({*self._lengths, 11, 18}):
            for i in range(len(digits) - length + 1):
                window = digits[i:i + length]
                if window in self.numbers:
                    yield f"含有 {self.numbers[window]}"
                if length in (11, 18):
                    yield from self._shapes(window, [length])


def _may_shape(whole: str, start: int) -> bool:
    """Whether a mobile (1…, 86…, 0086…) or an ID number (a birth year at 7–8) could start here: a quick pass."""
    first = whole[start:start + 1]
    return first in ("1", "8", "0") or (first != "" and whole[start + 6:start + 8] in ("19", "20"))


def _digits(value: str) -> str | None:
    """A value as the digits it is made of (an ID's X upper-cased), or None when it is not a number."""
    digits = spelling.squeezed(value).removeprefix("+").upper().translate(spelling.CHINESE_DIGITS)
    return digits if _NUMBER.fullmatch(digits) else None


def scan_file(guard: Guard, rel: str, data: bytes) -> list[Leak]:
    """The leaks of one file of the site (``rel``), each finding once."""
    leaks: dict[tuple[str, str], Leak] = {}
    try:
        for where, text in unpack.texts(rel, data):
            for what in guard.scan_text(text):
                leaks.setdefault((where, what), Leak(rel, what, where))
    except unpack.Unreadable as exc:
        leaks[(exc.where, exc.reason)] = Leak(rel, exc.reason, exc.where, unreadable=True)
    return list(leaks.values())


def scan(site_dir: Path, dataset: Dataset) -> list[Leak]:
    """Every leak under ``site_dir``, every file read, in path order, each named by the file it sits in."""
    guard = Guard(dataset)
    leaks: list[Leak] = []
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            leaks.extend(scan_file(guard, path.relative_to(site_dir).as_posix(), path.read_bytes()))
    return leaks
