"""The report's own date: when it was published or written, as the report or its
file says, in this order: a web page's dateline, a full date in the text's first
line (a dated header), the file's metadata, a dated file or folder name.

It is the ``documents.report_date`` of the tables (with where it came from), and
what an analyst sorts an archive by when the body dates are events to come or past.
"""

from __future__ import annotations

import re

from ..records import Inputs, ReportDate
from ..ruleset import RuleSet
from .dates import find_dates, path_year

_PATH_DAY = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(\d\d)[-_.]?(\d\d)(?!\d)")


def _first_day(text: str, rules: RuleSet) -> str:
    """The first date of ``text`` written with its year, to the day."""
    return next((d.value for d in find_dates(text, rules)
                 if d.kind in ("date", "deadline") and not d.year_inferred and len(d.value) == 10), "")


def report_date(doc: Inputs, rules: RuleSet) -> ReportDate | None:
    meta = doc.meta
    if meta is not None and (day := _first_day(meta.dateline, rules)):
        return ReportDate(day, "dateline")
    first_line = doc.text.split("\n", 1)[0][:200]
    if day := _first_day(first_line, rules):
        return ReportDate(day, "header")
    if meta is None:
        return None
    if meta.published:
        return ReportDate(meta.published, meta.published_from)
    for part in reversed(meta.source.replace("\\", "/").split("/")):
        m = _PATH_DAY.search(part)
        if m and (day := _first_day(f"{m[3]}.{m[2]}.{m[1]}", rules)):
            return ReportDate(day, "path")
    year = path_year(meta.source, rules)
    return ReportDate(str(year), "path") if year else None


def component(doc: Inputs, rules: RuleSet) -> list[ReportDate]:
    """The ``report_date`` component (see ``extract.registry``)."""
    found = report_date(doc, rules)
    return [found] if found else []
