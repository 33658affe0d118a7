"""The last gate before a site goes public: no private value in any output file.

Templates only ever see public fields, but a story, a correction or a hand-made
page can still carry an ID or a phone number (national news has reported 公示
pages that leaked both). So the build scans everything it wrote, feeds and the
search index included, for every value under any nominee's ``private:``, for
internal withdrawal reasons, and for anything shaped like a mainland ID number
(with a valid check digit) or a mobile number, and refuses to publish on a hit.

Numbers are found by tokenising digit runs and looking them up in a set, so the
scan stays linear in the size of the site however many nominees there are.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .dataset import Dataset

TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".ics", ".js", ".txt", ".md", ".rss", ".atom", ".svg"}
# Each pattern begins with a character class and checks the character before it afterwards
# ((?<![0-9].) after one character is (?<![0-9]) before it): a pattern that begins with a
# look-behind is tried at every position of 50 MB of site, one that begins with a class lets
# the regex engine skip to the next digit. Same matches, a quarter of the time.
_DIGITS = re.compile(r"[0-9](?<![0-9].)[0-9 -]{4,}[0-9Xx]?(?![0-9])")
_ID_NUMBER = re.compile(r"[1-9](?<![0-9A-Za-z].)[0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
                        r"[0-9]{3}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?:\+(?<![0-9].)86[ -]?1|8(?<![0-9].)6[ -]?1|1(?<![0-9].))[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def valid_id_number(text: str) -> bool:
    """GB 11643 check digit: only real-looking ID numbers count, not every 18-digit run."""
    body, check = text[:17], text[17].upper()
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == check


@dataclass(frozen=True)
class Leak:
    path: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


def _normal(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


class Guard:
    """The private values of one data set, prepared for fast lookups."""

    def __init__(self, dataset: Dataset) -> None:
        self.numbers: dict[str, str] = {}
        self.emails: dict[str, str] = {}
        texts: dict[str, str] = {}
        for nominee in dataset.nominees.values():
            for key, value in nominee.private.items():
                if value is None:
                    continue
                self._remember(str(value).strip(), f"{nominee.id} 的 private.{key}", texts)
            if nominee.withdrawn_reason:
                texts[nominee.withdrawn_reason] = f"{nominee.id} 的 withdrawn_reason（撤销原因）"
        self.texts = texts
        self._text_re = re.compile("|".join(map(re.escape, sorted(texts, key=len, reverse=True)))) if texts else None

    def _remember(self, value: str, label: str, texts: dict[str, str]) -> None:
        if len(value) < 4:
            return
        normal = _normal(value)
        if normal.isdigit() or (normal[:-1].isdigit() and normal[-1:] in "Xx"):
            self.numbers[normal.upper()] = label
        elif _EMAIL.fullmatch(value):
            self.emails[value.lower()] = label
        else:
            texts[value] = label

    def scan_text(self, text: str) -> Iterator[str]:
        for match in _DIGITS.finditer(text):
            label = self.numbers.get(_normal(match.group()).upper())
            if label:
                yield f"含有 {label}"
        for match in _ID_NUMBER.finditer(text):
            if valid_id_number(match.group()):
                yield f"含有疑似身份证号 {match.group()[:6]}…"
        for match in _MOBILE.finditer(text):
            yield f"含有疑似手机号 {match.group()[:3]}…"
        for match in _EMAIL.finditer(text) if "@" in text else ():
            label = self.emails.get(match.group().lower())
            if label:
                yield f"含有 {label}"
        if self._text_re is not None:
            for match in self._text_re.finditer(text):
                yield f"含有 {self.texts[match.group()]}"


def _read(path: Path) -> str | None:
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    if path.suffix.lower() == ".ics":  # unfold RFC 5545 line wrapping, or a value split over two lines slips by
        return re.sub(r"\r?\n[ \t]", "", path.read_text("utf-8", "replace"))
    if path.suffix.lower() in TEXT_SUFFIXES:
        return path.read_text("utf-8", "replace")
    return None


def scan(site_dir: Path, dataset: Dataset, *, skip: Iterable[str] = ()) -> list[Leak]:
    """Every leak under ``site_dir``, each named by the file it sits in (one line per finding), in path order."""
    skipped = set(skip)
    rels = [rel for rel in (p.relative_to(site_dir).as_posix() for p in sorted(site_dir.rglob("*")) if p.is_file())
            if rel not in skipped and not rel.startswith(("assets/javascripts/", "assets/stylesheets/"))]
    # the theme's own bundles are skipped: minified code is full of digit runs, and never holds data
    guard = Guard(dataset)
    leaks: list[Leak] = []
    for rel in rels:
        text = _read(site_dir / rel)
        if text is not None:
            leaks.extend(Leak(rel, what) for what in dict.fromkeys(guard.scan_text(text)))
    return leaks
