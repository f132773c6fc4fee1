"""The declared schema of every output table: column, dtype, meaning.

One declaration serves three uses: explicit dtypes for CSV/Parquet/DuckDB, the
pandera validation before anything is written, and the data dictionary
(docs/tables.md). Column names of ``shared/TABLES.md`` are a contract: add, never
rename.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Col:
    name: str
    dtype: str  # pandas dtype: "string", "Int64", "boolean"
    doc: str
    nullable: bool = True


S, I, B = "string", "Int64", "boolean"  # noqa: E741 (the dtype table reads best in letters)

_SPAN = (
    Col("start", I, "character offset of the mention in the document's cleaned text", False),
    Col("end", I, "end offset (exclusive) in the cleaned text", False),
    Col("text", S, "the mention as written"),
)

TABLES: dict[str, tuple[Col, ...]] = {
    "documents": (
        Col("doc_id", S, "stable document ID (hash of the source path)", False),
        Col("source", S, "path relative to the input root; `a.zip/dir/b.docx` for archive members", False),
        Col("format", S, "file format: txt, docx, doc, rtf, pdf, html, odt, zip, …", False),
        Col("status", S, "`ok`, `error`, or `skipped` (a hidden, system or office lock file, never read)", False),
        Col("error", S, "a clear message when status is error or skipped, else empty"),
        Col("error_code", S, "stable error code (see pipeline/errors.py)"),
        Col("title", S, "first heading or line of the document"),
        Col("n_chars", I, "length of the cleaned text in characters"),
        Col("sha256", S, "SHA-256 of the source bytes"),
        Col("size", I, "size of the source in bytes"),
        Col("encoding", S, "detected text encoding (plain-text formats)"),
        Col("municipality", S, "the report's municipality: the municipal place its text names most, else one an "
                               "organization names, else its folder in the archive, else a settlement it names"),
        Col("region", S, "the report's region (official name), from its text or other reports of its municipality"),
    ),
    "texts": (
        Col("doc_id", S, "document ID", False),
        Col("text", S, "the cleaned text all offsets point into"),
    ),
    "events": (
        Col("event_id", S, "stable event ID", False),
        Col("doc_id", S, "document that reports the event", False),
        Col("format", S, "event format, normalized (`постер-сессия`)"),
        Col("title", S, "quoted name of the event"),
        Col("date", S, "ISO date or range"),
        Col("venue", S, "where it took place: school or organization, normalized"),
        Col("location", S, "municipality or settlement"),
        Col("organizer", S, "organizer when stated"),
        Col("participants", I, "stated head count, empty when not stated"),
    ),
    "persons": (
        Col("person_id", S, "stable person ID across the archive", False),
        Col("name", S, "`Фамилия И.О.` in the nominative", False),
        Col("surname", S, "surname, nominative"),
        Col("first_name", S, "first name when written in full"),
        Col("patronymic", S, "patronymic when written in full"),
        Col("initials", S, "initials `И.О.`"),
        Col("gender", S, "`f`, `m` or empty when the text does not tell"),
        Col("evidence", S, "why these mentions are one person (name forms, municipality, shared organization, "
                           "same document) and which namesakes stay apart"),
        Col("municipality", S, "municipality of most of the person's mentions"),
        Col("region", S, "region of the person's reports"),
        Col("n_mentions", I, "number of mentions (`person_mentions` rows)"),
        Col("n_documents", I, "number of documents that mention the person"),
    ),
    "person_mentions": (
        Col("doc_id", S, "document", False),
        Col("person_id", S, "person", False),
        Col("name", S, "`Фамилия И.О.`, nominative"),
        Col("role", S, "role(s), nominative singular, without the organization; several joined by `; `"),
        Col("org", S, "organization the role belongs to, normalized"),
        Col("org_id", S, "organization ID when the organization is in `organizations`"),
        Col("school_id", S, "school ID when the organization is a numbered school of the report (then `org_id` is empty)"),
        *_SPAN,
        Col("gender", S, "gender as read in this mention"),
    ),
    "schools": (
        Col("school_id", S, "stable school ID (municipality, kind, number)", False),
        Col("kind", S, "СОШ, ООШ, гимназия, лицей, …"),
        Col("number", S, "school number (`3`, `7а`)"),
        Col("name", S, "eponym or specialization (`им. Е.И. Мирошко`)"),
        Col("legal_form", S, "МБОУ, МАОУ, …"),
        Col("location", S, "settlement or municipality"),
        Col("municipality", S, "municipality the number is unique in"),
        Col("n_documents", I, "number of documents that mention the school"),
    ),
    "school_mentions": (
        Col("doc_id", S, "document", False),
        Col("school_id", S, "school", False),
        Col("number", S, "school number"),
        Col("kind", S, "school kind as read in this mention"),
        *_SPAN,
    ),
    "organizations": (
        Col("org_id", S, "stable organization ID", False),
        Col("name", S, "normalized name, nominative", False),
        Col("abbreviation", S, "abbreviation (`ФИОКО`)"),
        Col("full_name", S, "expansion of the abbreviation"),
        Col("kind", S, "authority, institute, center, department, …"),
        Col("municipality", S, "for a body that does not name its owner (`управление образования`): the "
                               "municipality of its reports, which tells it apart; empty when the name is unique"),
        Col("n_documents", I, "number of documents that name the organization"),
    ),
    "org_mentions": (
        Col("doc_id", S, "document", False),
        Col("org_id", S, "organization", False),
        Col("name", S, "normalized name"),
        *_SPAN,
    ),
    "dates": (
        Col("doc_id", S, "document", False),
        Col("value", S, "ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY or START/END", False),
        Col("kind", S, "date, month, year, range, academic_year, deadline"),
        Col("year_inferred", B, "the year was taken from the report's context"),
        *_SPAN,
    ),
    "event_formats": (
        Col("doc_id", S, "document", False),
        Col("format", S, "normalized format (`стратегическая сессия`)", False),
        *_SPAN,
    ),
    "locations": (
        Col("doc_id", S, "document", False),
        Col("name", S, "place name, nominative", False),
        Col("kind", S, "region, district, urban_district, city, village, …"),
        *_SPAN,
    ),
}
