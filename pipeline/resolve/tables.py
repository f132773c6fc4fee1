"""The resolve stage's entry points: ``resolve`` builds every table's rows from
the archive's documents and records; ``simple_tables`` only those read straight
off the records, for a re-run whose people, schools, organizations and places
stand as they were.

Everything is computed from sorted content, so the tables do not depend on the
order of the documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from ..export.rows import (
    DateRow,
    DocumentRow,
    EventFormatRow,
    EventRow,
    LocationRow,
    OrgMentionRow,
    PersonMentionRow,
    SchoolMentionRow,
    TextRow,
)
from ..isodate import bounds
from ..records import Document, Extraction
from ..ruleset import RuleSet
from .keys import make_id
from .orgs import Orgs
from .persons import PersonRef, Persons, initial_letters
from .places import Place, report_places
from .schools import Schools, school_label

# the rules resolve reads itself: the place rules (the places a folder names, place
# adjectives, official region names) and the abbreviation table
RULE_FILES = ("locations.yaml", "organizations.yaml#abbreviations")


def resolve(docs: list[Document], extractions: dict[str, Extraction], rules: RuleSet) -> dict[str, list]:
    """Every table's rows (``export.rows``), keyed by table name."""
    t: dict[str, list] = defaultdict(list)
    docs = sorted(docs, key=lambda d: d.source)
    places = report_places(docs, extractions, rules)

    schools = Schools(docs, extractions, places, rules)
    person_school = {
        (doc_id, i): schools.of_org(doc_id, p.org)
        for doc_id, ex in extractions.items() for i, p in enumerate(ex.persons) if p.org
    }
    school_orgs = {(doc_id, extractions[doc_id].persons[i].org) for (doc_id, i), sid in person_school.items() if sid}
    orgs = Orgs(docs, extractions, places, school_orgs, rules)

    refs: list[PersonRef] = []
    for doc in docs:
        place = places[doc.doc_id]
        ex = extractions.get(doc.doc_id)
        own = ex.report_date[0] if ex is not None and ex.report_date else None
        first, last, precision = bounds(own.value) if own else (None, None, "")
        t["documents"].append(DocumentRow(
            doc_id=doc.doc_id, source=doc.source, format=doc.format, status=doc.status, error=doc.error,
            error_code=doc.error_code, title=doc.title, n_chars=doc.n_chars, sha256=doc.sha256, size=doc.size,
            encoding=doc.encoding, municipality=place.name, region=place.region,
            report_date=own.value if own else "", report_date_source=own.source if own else "",
            report_date_start=first, report_date_end=last, report_date_precision=precision))
        t["texts"].append(TextRow(doc_id=doc.doc_id, text=doc.text))
        if ex is None:
            continue
        for o in ex.orgs:
            t["org_mentions"].append(OrgMentionRow(
                doc_id=doc.doc_id, org_id=orgs.org_id(orgs.key(doc.doc_id, o.name)), name=o.name,
                start=o.start, end=o.end, text=o.text))
        for i, s in enumerate(ex.schools):
            t["school_mentions"].append(SchoolMentionRow(
                doc_id=doc.doc_id, school_id=schools.ids[(doc.doc_id, i)], number=s.number, kind=s.kind,
                start=s.start, end=s.end, text=s.text))
        for i, p in enumerate(ex.persons):
            school_id = person_school.get((doc.doc_id, i), "")
            org_id = orgs.org_id(orgs.key(doc.doc_id, p.org)) if p.org and not school_id else ""
            refs.append(PersonRef(len(refs), doc.doc_id, (doc.source, p.start), p, place, org_id, school_id,
                                   initial_letters(p.initials)))
        _add_simple_mentions(t, doc.doc_id, ex, place)

    org_names = {k: v.name for k, v in orgs.rows.items()}
    org_names.update({k: school_label(v) for k, v in schools.rows.items()})
    place_names = {p.key: p.name for p in places.values() if p.key}
    persons, person_ids = Persons(refs, org_names, place_names).rows()
    t["person_mentions"] = [_mention_row(ref, person_ids[ref.row]) for ref in refs]
    t["persons"] = persons
    t["schools"] = sorted(schools.rows.values(), key=lambda r: r.school_id)
    t["organizations"] = sorted(orgs.rows.values(), key=lambda r: r.org_id)
    return t


def _mention_row(ref: PersonRef, person_id: str) -> PersonMentionRow:
    p = ref.p
    return PersonMentionRow(doc_id=ref.doc_id, person_id=person_id, name=p.name, role="; ".join(p.roles), org=p.org,
                            org_id=ref.org_id, school_id=ref.school_id, start=p.start, end=p.end, text=p.text,
                            gender=p.gender)


def simple_tables(docs: list[Document], extractions: dict[str, Extraction], place_names: dict[str, str],
                  names: Iterable[str] | None = None) -> dict[str, list]:
    """The rows of the tables read straight off the records (``SIMPLE_ROWS``; or of
    ``names`` among them), given each report's place name (the ``municipality`` of
    its documents row), as ``resolve`` writes them: what is left to do after a rule
    edit that changed no person, organization, school or place."""
    names = tuple(SIMPLE_ROWS) if names is None else tuple(names)
    t: dict[str, list] = {name: [] for name in names}
    for doc in sorted(docs, key=lambda d: d.source):
        ex = extractions.get(doc.doc_id)
        if ex is not None:
            place = Place("", place_names.get(doc.doc_id, ""), "")
            for name in names:
                t[name] += SIMPLE_ROWS[name](doc.doc_id, ex, place)
    return t


def _add_simple_mentions(t: dict[str, list], doc_id: str, ex: Extraction, place: Place) -> None:
    for name, rows in SIMPLE_ROWS.items():
        t[name] += rows(doc_id, ex, place)


def _date_rows(doc_id: str, ex: Extraction, place: Place) -> list[DateRow]:
    return [DateRow(doc_id=doc_id, value=d.value, kind=d.kind, year_inferred=d.year_inferred,
                    year_source=d.year_source, **_bounds("date", d.value), start=d.start, end=d.end, text=d.text)
            for d in ex.dates]


def _format_rows(doc_id: str, ex: Extraction, place: Place) -> list[EventFormatRow]:
    return [EventFormatRow(doc_id=doc_id, format=f.format, start=f.start, end=f.end, text=f.text)
            for f in ex.formats]


def _location_rows(doc_id: str, ex: Extraction, place: Place) -> list[LocationRow]:
    return [LocationRow(doc_id=doc_id, name=loc.name, kind=loc.kind, start=loc.start, end=loc.end, text=loc.text)
            for loc in ex.locations]


def _event_rows(doc_id: str, ex: Extraction, place: Place) -> list[EventRow]:
    """An event without a place of its own is where its report is from."""
    return [EventRow(event_id=make_id("evt", f"{doc_id}|{n}"), doc_id=doc_id, format=e.format, title=e.title,
                     date=e.date, **_bounds("date", e.date), venue=e.venue, location=e.location or place.name,
                     organizer=e.organizer, participants=e.participants) for n, e in enumerate(ex.events)]


# the tables whose rows come straight from one report's records (and its place
# name), and how: a rule edit that moves no entity rebuilds only these
SIMPLE_ROWS: dict[str, Callable[[str, Extraction, Place], list]] = {
    "dates": _date_rows, "event_formats": _format_rows, "locations": _location_rows, "events": _event_rows}


def _bounds(prefix: str, value: str) -> dict:
    """The typed columns beside an ISO text column (see ``isodate``)."""
    first, last, precision = bounds(value) if value else (None, None, "")
    return {f"{prefix}_start": first, f"{prefix}_end": last, f"{prefix}_precision": precision}
