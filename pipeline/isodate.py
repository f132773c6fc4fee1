"""ISO date values of mixed precision as typed bounds an analyst can query.

The text columns keep what the report says at its precision (``2022``,
``2022-11``, ``2022-12-05``, ``2022-12-05/2022-12-09``, ``--05-12``); the typed
columns beside them give its first and last day (``date_trunc('month',
date_start)`` works on every row) and the precision: ``day``, ``month``,
``year`` or ``range``. A day whose year is unknown has no bounds (NULL).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_PART = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
PRECISIONS = ("day", "month", "year")


def _bounds(part: str) -> tuple[date, date, str] | None:
    m = _PART.fullmatch(part)
    if not m:
        return None
    y = int(m[1])
    try:
        if m[3]:
            d = date(y, int(m[2]), int(m[3]))
            return d, d, "day"
        if m[2]:
            mo = int(m[2])
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month"
        return date(y, 1, 1), date(y, 12, 31), "year"
    except ValueError:
        return None


def bounds(value: str) -> tuple[date | None, date | None, str]:
    """``(first day, last day, precision)`` of an ISO value; ``(None, None, …)``
    when it has no year (``--05-12``) or cannot be read."""
    parts = value.split("/")
    if len(parts) == 2:
        a, b = _bounds(parts[0]), _bounds(parts[1])
        return (a[0] if a else None), (b[1] if b else None), "range"
    if value.startswith("--"):
        return None, None, "day"
    one = _bounds(value)
    return (one[0], one[1], one[2]) if one else (None, None, "")
