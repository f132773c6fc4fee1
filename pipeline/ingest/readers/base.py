"""What a reader returns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(slots=True)
class Extracted:
    """Raw text of one file, before cleaning.

    ``title`` is a hint (a heading and the lines after it) when the format marks
    headings; otherwise the title is taken from the text.
    """

    text: str
    encoding: str = ""
    title: str = ""
    wrapped: bool = False  # lines are visual (PDF): rejoin them into paragraphs
    # the date the file says it was published or created (ISO YYYY-MM-DD), and where
    # it says so: a yearless date in the report takes this year when its text gives none
    published: str = ""
    published_from: str = ""  # html-meta, docx-core, odt-meta, pdf-meta
    dateline: str = ""  # the date line a web page prints outside its article, as written


def iso_day(value: object) -> str:
    """``YYYY-MM-DD`` of a datetime, a date or a string starting with one
    (``2023-05-12T10:00:00Z``, PDF's ``D:20230512100000``), else ""."""
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = str(value or "")
    m = re.match(r"(?:D:)?(\d{4})-?(\d{2})-?(\d{2})", text)
    if not m:
        return ""
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return ""
