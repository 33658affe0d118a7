"""Retention of personal lists: a 公示's names leave the site some days after its window closes.

A 公示 list is published so that anyone may object within the window; once the
window is over, the objections handled and the decision out, that purpose is met
(PIPL art. 47 asks for deletion then; comparable lists, e.g. 教财厅函〔2017〕28号,
must be taken down). ``publicity_retention_days`` in ``program.yaml`` says how many
calendar days after the window's last working day a list stays public, or
``keep``. From the retirement day on, computed at build time from ``--today`` or
``SOURCE_DATE_EPOCH`` as statuses are, the site model's view of the notice holds
no people (:mod:`publisher.site.model`): its page keeps the title, stage, window,
counts and corrections (their text withheld, it may name people) with a sentence
saying why the list is gone; feeds, open data, attachments and search see no
names because there are none to see. The 表彰决定 and its 撤销 are never
retired: they are the public record of the honour itself.

The old addresses of the retired files are answered 410 Gone by nginx: the build
writes an empty marker for each under :data:`GONE_DIR` (``site/.retired/<old
path>``), which ``deploy/nginx-publisher.conf`` tests for and never serves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from publisher.data.models import Correction
from publisher.data.plaintext import comparable
from publisher.data.workdays import Window, chinese_date
from publisher.errors import display_path

if TYPE_CHECKING:
    from publisher.data.dataset import Dataset
    from publisher.site.model import SiteModel
    from publisher.site.public_view import PublicNominee
    from publisher.site.words import Words

LOOKAHEAD_DAYS = 14
"""``publisher check`` names the lists that retire within this many days."""
GONE_DIR = ".retired"
"""Where the build marks the old paths of retired files (one empty file each); nginx answers them 410, never serves these."""
GONE_SUFFIXES = {"data/notices": ("json", "csv"), "attachments/notices": ("pdf", "xlsx")}
"""The per-notice files that leave with a list: open data (open_data.py) and 附件 (channels/attachments.py)."""


def retires_on(window: Window, setting: int | str) -> date | None:
    """The first day the list is no longer public: the window's last working day + N calendar days; None for keep."""
    if isinstance(setting, str):  # RETENTION_KEEP, the one word the setting takes
        return None
    return window.end + timedelta(days=setting)


def is_retired(retirement: date | None, today: date) -> bool:
    return retirement is not None and today >= retirement


def names_anyone(text: str, people: Iterable[PublicNominee]) -> bool:
    """Whether ``text`` holds a listed name, unit or position, compared as duplicate checks compare (NFKC, no spaces
    or invisible characters, case folded)."""
    shown = comparable(text)
    for p in people:
        for value in (p.name, p.unit, getattr(p, "position", None)):
            wanted = comparable(value) if value else ""
            if wanted and wanted in shown:
                return True
    return False


def withheld_corrections(corrections: Iterable[Correction], people: list[PublicNominee],
                         words: Words) -> tuple[Correction, ...]:
    """A retired list's 更正: each keeps its date; its text goes (it is about the list), its heading too if it names someone."""
    return tuple(Correction(date=c.date, what=words.retention.correction_what if names_anyone(c.what, people) else c.what,
                            text=words.retention.correction_text) for c in corrections)


def gone_paths(notice_ids: Iterable[str]) -> list[str]:
    """Site paths of the files that left with these lists: their old URLs, to answer 410 Gone."""
    return [f"{folder}/{nid}.{suffix}" for nid in notice_ids for folder, suffixes in GONE_SUFFIXES.items()
            for suffix in suffixes]


def gone_markers(model: SiteModel) -> dict[str, bytes]:
    """``.retired/<old path>`` → empty bytes, for every file of every retired list (see deploy/nginx-publisher.conf)."""
    return {f"{GONE_DIR}/{path}": b"" for path in gone_paths(v.id for v in model.notices if v.retired)}


@dataclass(frozen=True)
class Retirement:
    """One list's retirement as ``publisher check`` reports it."""

    notice: str
    title: str
    file: str
    retires_on: date
    retired: bool

    def message(self) -> str:
        day = chinese_date(self.retires_on)
        if self.retired:
            return f"“{self.title}”的名单已于{day}起不再公开（{self.file}）"
        return f"“{self.title}”的名单将于{day}起不再公开（{self.file}）"

    def as_dict(self) -> dict[str, object]:
        return {"notice": self.notice, "title": self.title, "file": self.file,
                "retires_on": self.retires_on.isoformat(), "retired": self.retired, "message": self.message()}


def schedule(dataset: Dataset, today: date, lookahead: int = LOOKAHEAD_DAYS) -> list[Retirement]:
    """Lists already retired and those retiring within ``lookahead`` days of ``today``, by date then id."""
    setting = dataset.program.publicity_retention_days
    out: list[Retirement] = []
    for notice in dataset.notices.values():
        day = retires_on(dataset.windows[notice.id], setting)
        if day is None or day > today + timedelta(days=lookahead):
            continue
        doc = dataset.notice_docs.get(notice.id)
        file = display_path(doc.path) if doc is not None else display_path(dataset.root / "notices" / f"{notice.id}.yaml")
        out.append(Retirement(notice.id, notice.title, file, day, day <= today))
    return sorted(out, key=lambda r: (r.retires_on, r.notice))


def schedule_lines(dataset: Dataset, items: list[Retirement], today: date) -> list[str]:
    """The text ``publisher check`` prints: a heading, one [提示] line per list, or nothing at all."""
    setting = dataset.program.publicity_retention_days
    if not items:
        return []
    head = (f"名单公开期限（program.yaml 的 publicity_retention_days: {setting}，公示期结束后 {setting} 天起不再公开；"
            f"按 {today.isoformat()} 计，列出已不再公开和 {LOOKAHEAD_DAYS} 天内将不再公开的名单）：")
    return [head, *(f"  - [提示] {item.message()}" for item in items), ""]


def report(dataset: Dataset, items: list[Retirement], today: date) -> dict[str, object]:
    """The ``retention`` object of ``publisher check --format json``: the setting, the day, each list."""
    return {"setting": dataset.program.publicity_retention_days, "today": today.isoformat(),
            "lookahead_days": LOOKAHEAD_DAYS, "lists": [item.as_dict() for item in items]}
