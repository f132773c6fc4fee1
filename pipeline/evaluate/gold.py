"""Reading and checking document-level records in the gold format
(``shared/eval/GOLD_FORMAT.md``): one JSON object per line, one line per document.

Gold files are checked strictly (an unknown key is a typo until proven otherwise);
predictions leniently (missing keys are empty answers, unknown keys are ignored),
but a value of the wrong type is an error in both.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

# where a real page came from and how to collect its text again (eval/real-dev/README.md): not scored
SOURCE_KEYS = ("url", "query", "region", "kind", "year_in_text", "text_sha256")
TOP_KEYS = ("doc", *SOURCE_KEYS, "persons", "schools", "dates", "organizations", "event_formats", "locations", "event")
PERSON_KEYS = ("name", "roles", "orgs", "full_name", "name_alternatives", "optional", "optional_reason")
SCHOOL_KEYS = ("number", "kind", "name")
EVENT_KEYS = ("format", "title", "date", "participants")
PHRASE_LISTS = ("organizations", "event_formats", "locations")

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEARLESS = re.compile(r"--(\d{2})-(\d{2})")  # a day and month the report gives no year for


class GoldFormatError(ValueError):
    """A record does not follow GOLD_FORMAT.md; ``where`` is ``path:line`` or a doc name."""

    def __init__(self, where: str, message: str, line: int | None = None) -> None:
        self.where, self.line, self.message = where, line, message
        super().__init__(f"{where}: {message}")


def load_gold(path: Path | str) -> dict[str, dict[str, Any]]:
    """Read a gold JSONL file into ``{doc: record}``; raise :class:`GoldFormatError`
    naming the file and line of the first bad record."""
    return _load(Path(path), strict=True)


def load_predictions(path: Path | str) -> dict[str, dict[str, Any]]:
    """Read predictions written in the gold format (missing keys allowed)."""
    return _load(Path(path), strict=False)


def _load(path: Path, strict: bool) -> dict[str, dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    with path.open(encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(where, f"not valid JSON ({exc.msg} at column {exc.colno})", number) from None
            try:
                check_record(record, strict=strict)
            except GoldFormatError as exc:
                raise GoldFormatError(where, exc.message, number) from None
            doc = record["doc"]
            if doc in records:
                raise GoldFormatError(where, f"document {doc!r} already given on line {first_line[doc]}", number)
            records[doc], first_line[doc] = record, number
    return records


def check_record(record: Any, strict: bool = True) -> None:
    """Raise :class:`GoldFormatError` (``where`` = the doc) if ``record`` breaks the format.

    ``strict`` (gold) rejects unknown keys; otherwise they are ignored.
    """
    if not isinstance(record, dict):
        raise GoldFormatError("record", f"a record must be a JSON object, got {_kind(record)}")
    doc = record.get("doc")
    if not isinstance(doc, str) or not doc.strip():
        raise GoldFormatError("record", "'doc' must be a non-empty string (the file name of the document)")
    where = doc
    if strict:
        _no_unknown(record, TOP_KEYS, where, "")
    if record.get("persons") is not None or strict and "persons" in record:
        persons = _list(record["persons"], where, "persons")
        for i, person in enumerate(persons):
            _check_person(person, strict, where, f"persons[{i}]")
    if record.get("schools") is not None or strict and "schools" in record:
        for i, school in enumerate(_list(record["schools"], where, "schools")):
            _check_school(school, strict, where, f"schools[{i}]")
    if record.get("dates") is not None or strict and "dates" in record:
        for i, value in enumerate(_strings(record["dates"], where, "dates", strict)):
            _check_date(value, where, f"dates[{i}]")
    for key in PHRASE_LISTS:
        if record.get(key) is not None or strict and key in record:
            _strings(record[key], where, key, strict)
    if record.get("event") is not None:
        _check_event(record["event"], strict, where)


def _check_person(person: Any, strict: bool, where: str, at: str) -> None:
    if not isinstance(person, dict):
        raise GoldFormatError(where, f"{at} must be an object, got {_kind(person)}")
    if strict:
        _no_unknown(person, PERSON_KEYS, where, at + ".")
    name = person.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GoldFormatError(where, f"{at}.name must be a non-empty string")
    for key in ("roles", "orgs", "name_alternatives"):
        if person.get(key) is not None or strict and key in person:
            _strings(person[key], where, f"{at}.{key}", strict)
    if "optional" in person and not isinstance(person["optional"], bool) and (strict or person["optional"] is not None):
        raise GoldFormatError(where, f"{at}.optional must be true or false")
    for key in ("full_name", "optional_reason"):
        if key in person and not isinstance(person[key], str) and (strict or person[key] is not None):
            raise GoldFormatError(where, f"{at}.{key} must be a string")


def _check_school(school: Any, strict: bool, where: str, at: str) -> None:
    if not isinstance(school, dict):
        raise GoldFormatError(where, f"{at} must be an object, got {_kind(school)}")
    if strict:
        _no_unknown(school, SCHOOL_KEYS, where, at + ".")
    number = school.get("number")
    if not isinstance(number, str) or not number.strip():
        raise GoldFormatError(where, f"{at}.number must be a non-empty string (\"3\", \"7а\"), got {_kind(number)}")
    for key in ("kind", "name"):
        if school.get(key) is not None and not isinstance(school[key], str):
            raise GoldFormatError(where, f"{at}.{key} must be a string or null")


def _check_event(event: Any, strict: bool, where: str) -> None:
    if not isinstance(event, dict):
        raise GoldFormatError(where, f"event must be an object or null, got {_kind(event)}")
    if strict:
        _no_unknown(event, EVENT_KEYS, where, "event.")
    for key in ("format", "title", "date"):
        if event.get(key) is not None and not isinstance(event[key], str):
            raise GoldFormatError(where, f"event.{key} must be a string or null, got {_kind(event[key])}")
    if event.get("date"):
        _check_date(event["date"], where, "event.date")
    count = event.get("participants")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        raise GoldFormatError(where, f"event.participants must be a whole number or null, got {count!r}")


def _check_date(value: str, where: str, at: str) -> None:
    parts = value.split("/")
    if len(parts) > 2 or not all(_valid_iso(p) for p in parts):
        raise GoldFormatError(
            where, f"{at} = {value!r} is not an ISO 8601 date (YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD or START/END)"
        )


def _valid_iso(text: str) -> bool:
    yearless = _YEARLESS.fullmatch(text)
    if yearless:
        text = f"2000-{yearless[1]}-{yearless[2]}"  # a leap year: 29 February is a day
    m = _ISO.fullmatch(text)
    if not m:
        return False
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        try:
            date(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            return False
    return True


def _list(value: Any, where: str, at: str) -> list:
    if not isinstance(value, list):
        raise GoldFormatError(where, f"{at} must be a list, got {_kind(value)}")
    return value


def _strings(value: Any, where: str, at: str, strict: bool) -> list[str]:
    items = _list(value, where, at)
    for i, item in enumerate(items):
        if not isinstance(item, str) or (strict and not item.strip()):
            raise GoldFormatError(where, f"{at}[{i}] must be a non-empty string, got {item!r}")
    return items


def _no_unknown(obj: dict, known: tuple[str, ...], where: str, prefix: str) -> None:
    unknown = [k for k in obj if k not in known]
    if unknown:
        raise GoldFormatError(
            where, f"unknown key {prefix}{unknown[0]!r} (expected one of: {', '.join(known)})"
        )


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), type(value).__name__
    )
