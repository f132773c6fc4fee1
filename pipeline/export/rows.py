"""One typed row per output table: the single declaration of every column.

Resolve builds these rows; export turns them into frames. Each field says, in
its metadata, the column's pandas dtype, whether it may be NULL, and what it
means, so the declared schema (``schema.TABLES``), the pandera validation and
the data dictionary (``docs/tables.md``) are all derived from the classes below,
in their field order. Column names of ``shared/TABLES.md`` are a contract: add,
never rename.

Rows are frozen slotted dataclasses with keyword-only fields and no defaults:
a row that forgets a column does not build.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

STRING, INT, BOOL, DATE = "string", "Int64", "boolean", "datetime64[ns]"  # pandas dtypes of the columns


def _col(dtype: str, doc: str, nullable: bool) -> Any:
    return field(metadata={"dtype": dtype, "doc": doc, "nullable": nullable})


def string(doc: str, nullable: bool = True) -> Any:
    """A ``string`` column (never NULL in the files: a missing value is ``''``)."""
    return _col(STRING, doc, nullable)


def int64(doc: str, nullable: bool = True) -> Any:
    """An ``Int64`` column: NULL when unknown."""
    return _col(INT, doc, nullable)


def boolean(doc: str, nullable: bool = True) -> Any:
    """A ``boolean`` column."""
    return _col(BOOL, doc, nullable)


def day(doc: str) -> Any:
    """A date column (a day; DuckDB and Parquet read it as a timestamp at midnight):
    NULL when unknown."""
    return _col(DATE, doc, True)


def date_bounds(what: str) -> tuple[Any, Any, Any]:
    """The typed columns beside an ISO text column: first and last day, precision."""
    return (day(f"first day of {what} (NULL when its year is unknown)"),
            day(f"last day of {what} (NULL when its year is unknown)"),
            string(f"precision of {what}: day, month, year or range"))


def span_start() -> Any:
    return int64("character offset of the mention in the document's cleaned text", False)


def span_end() -> Any:
    return int64("end offset (exclusive) in the cleaned text", False)


def span_text() -> Any:
    return string("the mention as written")


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentRow:
    doc_id: str = string("stable document ID (hash of the source path)", False)
    source: str = string("path relative to the input root; `a.zip/dir/b.docx` for archive members", False)
    format: str = string("file format: txt, docx, doc, rtf, pdf, html, odt, zip, …", False)
    status: str = string("`ok`, `error`, or `skipped` (a hidden, system or office lock file, never read)", False)
    error: str = string("a clear message when status is error or skipped, else empty")
    error_code: str = string("stable error code (see pipeline/errors.py)")
    title: str = string("first heading or line of the document")
    n_chars: int = int64("length of the cleaned text in characters")
    sha256: str = string("SHA-256 of the source bytes")
    size: int = int64("size of the source in bytes")
    encoding: str = string("detected text encoding (plain-text formats)")
    municipality: str = string("the report's municipality: the municipal place its text names most, else one an "
                             "organization names, else its folder in the archive, else a settlement it names")
    region: str = string("the report's region (official name), from its text or other reports of its municipality")
    report_date: str = string("the report's own date (ISO): a web page's dateline, a full date in its first line, "
                              "the file's metadata, or a dated file or folder name")
    report_date_source: str = string("where report_date comes from: dateline, header, html-meta, docx-core, "
                                     "odt-meta, pdf-meta, path")
    report_date_start: dt.date | None
    report_date_end: dt.date | None
    report_date_precision: str
    report_date_start, report_date_end, report_date_precision = date_bounds("report_date")


@dataclass(frozen=True, slots=True, kw_only=True)
class TextRow:
    doc_id: str = string("document ID", False)
    text: str = string("the cleaned text all offsets point into")


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRow:
    event_id: str = string("stable event ID", False)
    doc_id: str = string("document that reports the event", False)
    format: str = string("event format, normalized (`постер-сессия`)")
    title: str = string("quoted name of the event")
    date: str = string("ISO date or range")
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    date_start, date_end, date_precision = date_bounds("date")
    venue: str = string("where it took place: school or organization, normalized")
    location: str = string("municipality or settlement")
    organizer: str = string("organizer when stated")
    participants: int | None = int64("stated head count, empty when not stated")


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonRow:
    person_id: str = string("stable person ID across the archive", False)
    name: str = string("`Фамилия И.О.` in the nominative", False)
    surname: str = string("surname, nominative")
    first_name: str = string("first name when written in full")
    patronymic: str = string("patronymic when written in full")
    initials: str = string("initials `И.О.`")
    gender: str = string("`f`, `m` or empty when the text does not tell")
    evidence: str = string("why these mentions are one person (name forms, municipality, shared organization, "
                         "same document) and which namesakes stay apart")
    municipality: str = string("municipality of most of the person's mentions")
    region: str = string("region of the person's reports")
    n_mentions: int = int64("number of mentions (`person_mentions` rows)")
    n_documents: int = int64("number of documents that mention the person")


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonMentionRow:
    doc_id: str = string("document", False)
    person_id: str = string("person", False)
    name: str = string("`Фамилия И.О.`, nominative")
    role: str = string("role(s), nominative singular, without the organization; several joined by `; `")
    org: str = string("organization the role belongs to, normalized")
    org_id: str = string("organization ID when the organization is in `organizations`")
    school_id: str = string("school ID when the organization is a numbered school of the report "
                          "(then `org_id` is empty)")
    start: int = span_start()
    end: int = span_end()
    text: str = span_text()
    gender: str = string("gender as read in this mention")


@dataclass(frozen=True, slots=True, kw_only=True)
class SchoolRow:
    school_id: str = string("stable school ID (municipality, kind, number)", False)
    kind: str = string("СОШ, ООШ, гимназия, лицей, …")
    number: int | None = int64("school number (`3` of «№ 3а»): sorts and compares as a number")
    number_text: str = string("school number as written, letter included (`3`, `7а`)")
    name: str = string("eponym or specialization (`им. Е.И. Мирошко`)")
    legal_form: str = string("МБОУ, МАОУ, …")
    location: str = string("settlement or municipality")
    municipality: str = string("municipality the number is unique in")
    n_documents: int = int64("number of documents that mention the school")


@dataclass(frozen=True, slots=True, kw_only=True)
class SchoolMentionRow:
    doc_id: str = string("document", False)
    school_id: str = string("school", False)
    number: str = string("school number")
    kind: str = string("school kind as read in this mention")
    start: int = span_start()
    end: int = span_end()
    text: str = span_text()


@dataclass(frozen=True, slots=True, kw_only=True)
class OrganizationRow:
    org_id: str = string("stable organization ID", False)
    name: str = string("normalized name, nominative", False)
    abbreviation: str = string("abbreviation (`ФИОКО`)")
    full_name: str = string("expansion of the abbreviation")
    kind: str = string("authority, institute, center, department, …")
    municipality: str = string("for a body that does not name its owner (`управление образования`): the "
                             "municipality of its reports, which tells it apart; empty when the name is unique")
    n_documents: int = int64("number of documents that name the organization")


@dataclass(frozen=True, slots=True, kw_only=True)
class OrgMentionRow:
    doc_id: str = string("document", False)
    org_id: str = string("organization", False)
    name: str = string("normalized name")
    start: int = span_start()
    end: int = span_end()
    text: str = span_text()


@dataclass(frozen=True, slots=True, kw_only=True)
class DateRow:
    doc_id: str = string("document", False)
    value: str = string("ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY or START/END; --MM-DD for a day whose year is "
                        "unknown", False)
    kind: str = string("date, month, year, range, academic_year, deadline")
    year_inferred: bool = boolean("the year is not written in the mention")
    year_source: str = string("where the year came from: text (written, or another date of the text), document "
                              "(the page's dateline or the file's metadata), path (a dated file or folder name), "
                              "unknown")
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    date_start, date_end, date_precision = date_bounds("value")
    start: int = span_start()
    end: int = span_end()
    text: str = span_text()


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFormatRow:
    doc_id: str = string("document", False)
    format: str = string("normalized format (`стратегическая сессия`)", False)
    start: int = span_start()
    end: int = span_end()
    text: str = span_text()


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationRow:
    doc_id: str = string("document", False)
    name: str = string("place name, nominative", False)
    kind: str = string("region, district, urban_district, city, village, …")
    start: int = span_start()
    end: int = span_end()
    text: str = span_text()


# every table, in the order the tables are written and documented
ROWS: dict[str, type] = {
    "documents": DocumentRow,
    "texts": TextRow,
    "events": EventRow,
    "persons": PersonRow,
    "person_mentions": PersonMentionRow,
    "schools": SchoolRow,
    "school_mentions": SchoolMentionRow,
    "organizations": OrganizationRow,
    "org_mentions": OrgMentionRow,
    "dates": DateRow,
    "event_formats": EventFormatRow,
    "locations": LocationRow,
}
