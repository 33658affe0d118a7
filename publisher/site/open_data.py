"""Open data: every published list as JSON and CSV, the 公示 windows as a calendar.

A retired list (:mod:`publisher.site.retention`) has no files here and no entry in
the catalogue; the calendar keeps its window, which names nobody.

Journalists and watchdogs re-check lists in spreadsheets, so each list is
published exactly as on its page (all names, in page order, public fields only
via :class:`~publisher.site.public_view.PublicNominee`). The CSV carries a BOM because
Excel on Chinese Windows otherwise reads UTF-8 as GBK and shows mojibake. The
calendar lets anyone who wants to object put the deadline in their own diary;
its ends are exclusive per RFC 5545, hence end + 1 day. Nothing here reads the
clock: the same data gives the same bytes. The CSV is for spreadsheets, so text a
spreadsheet would run as a formula is quoted there (:mod:`publisher.sheets.formulas`);
the JSON keeps every value exactly as it is, since no spreadsheet reads JSON.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from icalendar import Calendar, Event

from publisher.clock import at_midnight
from publisher.data.models import Program
from publisher.sheets.formulas import inert
from publisher.site.feeds import site_root, site_title
from publisher.site.model import DecisionView, NoticeView, SiteModel
from publisher.site.public_view import PublicNominee
from publisher.site.words import Words

CSV_HEADER = ("序号", "类别", "名称", "备注", "工作单位", "职务", "推荐单位")
"""A contract with the spreadsheets that read these files: fixed, not in the table of words."""
PRODID = "-//publisher//表彰公示//ZH"
CALENDAR_PATH = "data/windows.ics"
FALLBACK_HOST = "publisher.invalid"
"""UID host when no site address is known: RFC 2606's reserved name, never a real one."""


def records(people: list[PublicNominee], words: Words) -> list[dict[str, str]]:
    """Public fields only, plus the list the entry belongs to (``words.section``, as the page names it)."""
    return [{**p.as_record(), "section": words.section[p.kind]} for p in people]


def to_json(document: dict[str, Any]) -> bytes:
    """Readable Chinese (no \\u escapes), stable key order, one trailing newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


CSV_FIELDS = ("section", "name", "notes", "unit", "position", "recommender")
"""The record keys behind CSV_HEADER after 序号, in the same order."""


def to_csv(rows: list[dict[str, str]]) -> bytes:
    """One row per entry, numbered within its list (先进集体 1…, 先进个人 1…) as published attachments are.

    Every text cell is :func:`~publisher.sheets.formulas.inert`: a name starting with ``=`` (or ``+ - @``,
    full-width too) gets a leading quote, so Excel and WPS show it and never run it.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # CRLF line endings: the csv module's default, what Excel writes
    writer.writerow([inert(word) for word in CSV_HEADER])
    numbers: dict[str, int] = {}
    for row in rows:
        numbers[row["section"]] = numbers.get(row["section"], 0) + 1
        writer.writerow((numbers[row["section"]], *(inert(row[key]) for key in CSV_FIELDS)))
    return buffer.getvalue().encode("utf-8-sig")


def notice_document(view: NoticeView, words: Words) -> dict[str, Any]:
    n = view.notice
    return {"title": n.title, "stage": n.stage.value, "stage_name": view.stage_word,
            "published_on": n.published_on.isoformat(), "window": view.window.as_json(),
            "issued_by": list(n.issued_by), "updated": view.updated.isoformat(),
            "collectives": records(view.collectives, words), "individuals": records(view.individuals, words),
            "source": view.url}


def decision_document(model: SiteModel, view: DecisionView) -> dict[str, Any]:
    d = view.decision
    revocations = [{"title": rv.revocation.title, "document_number": rv.revocation.document_number,
                    "issued_on": rv.revocation.issued_on.isoformat(), "nominees": [p.id for p in rv.nominees],
                    "source": rv.url} for rv in model.revocations]
    return {"title": d.title, "document_number": d.document_number, "issued_by": list(d.issued_by),
            "issued_on": d.issued_on.isoformat(), "updated": view.updated.isoformat(),
            "collectives": records(view.collectives, model.words), "individuals": records(view.individuals, model.words),
            "revocations": revocations, "source": view.url}


def calendar_host(program: Program, site_url: str | None) -> str:
    address = site_url or program.site_url
    return (urlsplit(address).hostname if address else None) or FALLBACK_HOST


def window_event(view: NoticeView, host: str, site_url: str | None, words: Words) -> Event:
    """One all-day event spanning the whole 公示期 (weekends and holidays inside it included)."""
    event = Event()
    event.add("uid", f"notice-{view.id}@{host}")
    event.add("dtstamp", at_midnight(view.updated).astimezone(UTC))  # the record's last change, not the build
    event.add("sequence", len(view.notice.corrections))
    event.add("dtstart", view.window.start)
    event.add("dtend", view.window.end + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("summary", view.notice.title)
    description = words.say("open_data.event", window=view.window.describe())
    if site_url:
        url = urljoin(site_root(site_url), view.url)
        event.add("url", url)
        description += f"\n{url}"
    event.add("description", description)
    return event


def windows_calendar(model: SiteModel, site_url: str | None) -> bytes:
    program = model.dataset.program
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", model.words.say("open_data.calendar_name", site=site_title(program)))
    host = calendar_host(program, site_url)
    for view in model.notices:
        cal.add_component(window_event(view, host, site_url, model.words))
    return cal.to_ical()


MEDIA_TYPES = {"JSON": "application/json", "CSV": "text/csv", "iCalendar": "text/calendar"}


def catalogue(program: Program, files: list[tuple[str, str, str]], words: Words) -> bytes:
    """``data/index.json``: what there is, so nobody has to guess file names."""
    return to_json({"title": words.say("open_data.catalogue", site=site_title(program)),
                    "document_number": program.document_number,
                    "files": [{"path": path, "title": title, "format": fmt, "media_type": MEDIA_TYPES[fmt],
                               "encoding": words.open_data.encoding[fmt]} for path, title, fmt in files]})


def build_open_data(model: SiteModel, site_url: str | None = None) -> dict[str, bytes]:
    """Output path → bytes: per-notice and decision lists, the windows calendar, the catalogue."""
    out: dict[str, bytes] = {}
    files: list[tuple[str, str, str]] = []

    def add(path: str, title: str, fmt: str, data: bytes) -> None:
        out[path] = data
        files.append((path, title, fmt))

    words = model.words
    for view in model.notices:
        if view.retired:  # its files leave with the list; nginx answers their old URLs 410 (site/retention.py)
            continue
        base = f"data/notices/{view.id}"
        title = words.say("open_data.list", title=view.notice.title)
        add(f"{base}.json", title, "JSON", to_json(notice_document(view, words)))
        add(f"{base}.csv", title, "CSV", to_csv(records(view.collectives + view.individuals, words)))
    if model.decision is not None:
        d = model.decision
        title = words.say("open_data.list", title=d.decision.title)
        add("data/decision.json", title, "JSON", to_json(decision_document(model, d)))
        add("data/decision.csv", title, "CSV", to_csv(records(d.collectives + d.individuals, words)))
    add(CALENDAR_PATH, words.open_data.calendar, "iCalendar", windows_calendar(model, site_url))
    out["data/index.json"] = catalogue(model.dataset.program, files, words)
    return out
