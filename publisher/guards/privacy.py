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

import html
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from publisher.data.dataset import Dataset
from publisher.errors import PublishError, display_path
from publisher.guards import spelling, unpack
from publisher.guards.spelling import Run

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
        self._shortest = min([11, *(len(n) for n in self.numbers)])
        """The fewest digits a number must have to matter: a mobile's 11, or a shorter private number's."""
        self.allowed: set[str] = set()
        """The contacts' numbers (phones, fax), published by the notice; only the shape checks let them pass."""
        for contact in dataset.contacts.values():
            for value in (*contact.phones, contact.fax):
                digits = _digits(value) if value else None
                if digits:
                    self.allowed.update({digits, digits.removeprefix("86")} if len(digits) == 13 else {digits})

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
        for run in spelling.number_runs(text, self._shortest):
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
        if window in self.numbers:
            return  # named by the private value it is
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
                if rest and _MOBILE_SHAPE.fullmatch(mobile) and _typed(rest) and mobile not in self.allowed \
                        and mobile not in self.numbers:
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
    digits = spelling.squeezed(value).upper().translate(spelling.CHINESE_DIGITS)
    return digits if _NUMBER.fullmatch(digits) else None


def scan_file(guard: Guard, rel: str, data: bytes, pdfs: unpack.PdfTexts | None = None) -> list[Leak]:
    """The leaks of one file of the site (``rel``), each finding once."""
    leaks: dict[tuple[str, str], Leak] = {}
    try:
        for where, text in unpack.texts(rel, data, pdfs=pdfs):
            for what in guard.scan_text(text):
                leaks.setdefault((where, what), Leak(rel, what, where))
    except unpack.Unreadable as exc:
        leaks[(exc.where, exc.reason)] = Leak(rel, exc.reason, exc.where, unreadable=True)
    wheres: dict[str, set[str]] = {}
    for where, what in leaks:
        wheres.setdefault(what, set()).add(where)
    return [leak for (where, what), leak in leaks.items() if not _vaguer(where, wheres[what])]


def _vaguer(where: str, others: set[str]) -> bool:
    """Whether a finding is also named more precisely: a photo's EXIF field, not its bytes or its EXIF block."""
    return (where == "" and len(others) > 1) or (where == " 的元数据 exif" and any(" 的 EXIF " in o for o in others))


def scan(site_dir: Path, dataset: Dataset, pdfs: unpack.PdfTexts | None = None) -> list[Leak]:
    """Every leak under ``site_dir``, every file read, in path order, each named by the file it sits in.

    ``pdfs`` (the build's) keeps the text of each PDF read, for the next build: see :class:`unpack.PdfTexts`.
    """
    guard = Guard(dataset)
    leaks: list[Leak] = []
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            leaks.extend(scan_file(guard, path.relative_to(site_dir).as_posix(), path.read_bytes(), pdfs))
    if pdfs is not None:
        pdfs.prune()
    return leaks


# --- naming the source: which file and field staff must fix ---------------------------------

_KEY = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w-]*)\s*:")
_MARKDOWN_MARKS = re.compile(r"[*_`~]")
_UNPUBLISHED = ("private", "withdrawn_reason")
"""Top-level keys of a nominee file that never reach a page: a hit there is where the value belongs, not a leak."""


class Origins:
    """Finds where a finding came from: the page's own source file, else the data and content files that hold it.

    Runs only when the guard refused, so it may read every data file: once each, whatever the number of leaks.
    """

    def __init__(self, guard: Guard, sources: dict[str, str], data_root: Path) -> None:
        self.guard = guard
        self.sources = sources
        self.candidates = [*sorted(p for p in data_root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()),
                           *sorted(Path(s) for s in set(sources.values()) if s.endswith(".md"))]
        self._found: dict[Path, tuple[set[str], list[str]]] = {}

    def of(self, leak: Leak) -> str:
        """``（来自 file:line field）`` for ``leak``, or the page's source file, or "" when nothing is known."""
        source = self.sources.get(leak.path)
        own = source is not None and source != "自动生成"
        places: list[str] = []
        for path in [Path(source)] if own else self.candidates:
            places.extend(self._places(path, leak.what))
        if own and not places:
            places = [display_path(source)]
        if not places:
            return ""
        more = f" 等 {len(places)} 处" if len(places) > 3 else ""
        return f"（来自 {'、'.join(places[:3])}{more}）"

    def _places(self, path: Path, what: str) -> list[str]:
        if path not in self._found:
            self._found[path] = self._read(path)
        findings, lines = self._found[path]
        if what not in findings:
            return []
        shown = display_path(path)
        hits = []
        for index, line in enumerate(lines):
            if line and what in set(self.guard.scan_text(line)):
                field = _field(lines, index, path)
                hits.append(f"{shown}:{index + 1}" + (f" {field}" if field else ""))
        return hits or [shown]  # split over lines (a folded value): the file is all that can be said

    def _read(self, path: Path) -> tuple[set[str], list[str]]:
        try:
            lines = path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return set(), []  # a picture or an archive: the file is named, without a line
        if path.suffix == ".md":  # 139**0000**0000 is one number on the page: read the body as the page shows it
            body = _front_matter_end(lines)
            lines[body:] = [_MARKDOWN_MARKS.sub("", line) for line in lines[body:]]
        if path.suffix in (".yaml", ".yml"):  # what the data says privately is not where a page got it
            top = ""
            for i, line in enumerate(lines):
                key = _KEY.match(line)
                if key and not key.group(1) and not line.startswith("-"):
                    top = key.group(2)
                if top in _UNPUBLISHED or line.lstrip().startswith("#"):
                    lines[i] = ""
        return set(self.guard.scan_text("\n".join(lines))), lines


def _front_matter_end(lines: list[str]) -> int:
    """The index of the first body line of a page (0 without front matter)."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return i + 1
    return 0


def _field(lines: list[str], index: int, path: Path) -> str:
    """The key a line's value belongs to: on the line itself, or the nearest less indented key above it."""
    if path.suffix == ".md" and index >= _front_matter_end(lines):
        return ""  # the body of a page: the line says enough
    indent = len(lines[index]) - len(lines[index].lstrip())
    for i in range(index, -1, -1):
        key = _KEY.match(lines[i])
        if key and (i == index or len(key.group(1)) < indent):
            return key.group(2)
    return ""


def describe(leaks: list[Leak], guard: Guard, sources: dict[str, str], data_root: Path, shown: str) -> list[str]:
    """One line per leak: the published file (under ``shown``), where in it, what, and where it came from."""
    origins = Origins(guard, sources, data_root)
    return [f"{shown}/{leak.path}{leak.where}: {leak.what}{origins.of(leak)}" for leak in leaks]


def refuse_leaks(site_dir: Path, dataset: Dataset, sources: dict[str, str], shown: Path,
                 pdfs: unpack.PdfTexts | None = None) -> None:
    """Scan the staged site; raise :class:`PublishError` naming every leak and file the guard could not read."""
    leaks = scan(site_dir, dataset, pdfs)
    if not leaks:
        return
    guard = Guard(dataset)
    name = display_path(shown)
    unreadable = [leak for leak in leaks if leak.unreadable]
    if unreadable:
        lines = "\n".join(f"  {line}" for line in describe(unreadable[:50], guard, sources, dataset.root, name))
        raise PublishError(f"有文件无法检查是否含有个人信息，已停止发布（{len(unreadable)} 个）。"
                           f"请换成完好的文件，或删除它：\n{lines}")
    lines = "\n".join(f"  {line}" for line in describe(leaks[:50], guard, sources, dataset.root, name))
    raise PublishError(f"发现不应公开的个人信息，已停止发布（{len(leaks)} 处）：\n{lines}")


# --- preview: the same guard, shown on the pages ----------------------------------------------

_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BANNER_STYLE = ("background:#b71c1c;color:#fff;padding:.8rem 1.2rem;font-size:.8rem;line-height:1.5;"
                 "position:relative;z-index:10")


def banner(lines: list[str], elsewhere: list[str]) -> str:
    """The preview's warning, escaped: what this page holds, and what other files hold."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    if elsewhere:
        more = f" 等 {len(elsewhere)} 个文件" if len(elsewhere) > 5 else ""
        items += f"<li>其他文件：{html.escape('、'.join(elsewhere[:5]))}{more}</li>"
    return (f'<div class="pub-privacy-banner" role="alert" style="{_BANNER_STYLE}">'
            f"<strong>预览提示：发现不应公开的个人信息，正式发布（publisher build）时会被拒绝。请先改正：</strong>"
            f"<ul>{items}</ul></div>")


def show_leaks(site_dir: Path, dataset: Dataset, sources: dict[str, str], log: logging.Logger) -> list[Leak]:
    """Run the build's guard over a preview; log each finding and put a banner on the pages (all of them when any
    file other than a page holds one: a feed, the search index or an attachment has no page of its own)."""
    leaks = scan(site_dir, dataset)
    if not leaks:
        return leaks
    lines = describe(leaks, Guard(dataset), sources, dataset.root, "site")
    for line in lines:
        log.warning(line)
    by_page: dict[str, list[str]] = {}
    for leak, line in zip(leaks, lines, strict=True):
        by_page.setdefault(leak.path, []).append(line)
    elsewhere = sorted(path for path in by_page if not path.endswith(".html"))
    for page in sorted(site_dir.rglob("*.html")):
        own = by_page.get(page.relative_to(site_dir).as_posix(), [])
        if own or elsewhere:
            text = page.read_text("utf-8")
            body = _BODY.search(text)
            at = body.end() if body else 0
            page.write_text(text[:at] + banner(own, elsewhere) + text[at:], "utf-8")
    return leaks
