"""Which day it is, in the only time zone that matters here.

A 公示 opens and closes on Beijing time whatever the server's zone. A build is
reproducible when ``SOURCE_DATE_EPOCH`` is set: then today comes from it, so the
same input gives the same statuses and the same bytes.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The moment of the build in Asia/Shanghai, fixed by ``SOURCE_DATE_EPOCH`` when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), SHANGHAI)
    return datetime.now(SHANGHAI)


def today(explicit: date | None = None) -> date:
    """``--today`` when given, else the (reproducible) date of :func:`now`."""
    return explicit if explicit is not None else now().date()


def at_midnight(day: date) -> datetime:
    """A date as the aware moment it begins in Beijing, for feeds and calendars."""
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
