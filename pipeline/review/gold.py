"""``svodka review --gold``: score the tables against a gold file, as ``svodka eval``
does, and tie each error back to the rows (and so the mentions) that made it.

The prediction of a document is built from its rows the way ``svodka eval`` builds
it from the records (``pipeline.evaluate.predictions.to_gold_record``), and the
whole gold is scored at once (``pipeline.evaluate.score``): the errors listed are
those of ``svodka eval --errors``. Each false positive names a predicted value;
the rows that carry that value are marked:

- ``gold-fp``: a person, school, date, organization, format or place the gold
  does not have;
- ``gold-role``: a role of a person (or the kind or name of a school) that no
  acceptable answer matches;
- ``gold-org``: an organization of a person that no acceptable answer matches.

False negatives have no row: they are listed on the page (``missed``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..evaluate import Report, load_gold, name_match, score
from ..evaluate.matching import value_key
from ..evaluate.predictions import to_gold_record
from ..records import (
    DateMention,
    Event,
    Extraction,
    FormatMention,
    LocationMention,
    OrgMention,
    PersonMention,
    SchoolMention,
)
from .data import Archive, Row

FP, ROLE, ORG = "gold-fp", "gold-role", "gold-org"
EVENT_ROW = "ev"  # the id of the event record's cells: ev-format, ev-date, …


@dataclass(slots=True)
class DocMarks:
    """The gold's verdict on one document: classes and notes per row id, what was missed."""

    classes: dict[str, set[str]] = field(default_factory=dict)  # row id -> {gold-fp, …}
    notes: dict[str, list[str]] = field(default_factory=dict)  # row id -> why
    wrong: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (field, predicted item, its row ids)
    missed: list[tuple[str, str]] = field(default_factory=list)  # (field, gold item) false negatives
    loose: list[tuple[str, str, str]] = field(default_factory=list)  # (field, gold, predicted) up to inflection
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # false positives no row was found for

    @property
    def errors(self) -> int:
        return len(self.wrong) + len(self.missed)

    def mark(self, row_id: str, css: str, note: str) -> None:
        self.classes.setdefault(row_id, set()).add(css)
        self.notes.setdefault(row_id, []).append(note)

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": {k: sorted(v) for k, v in sorted(self.classes.items())},
            "notes": dict(sorted(self.notes.items())),
            "wrong": [list(w) for w in self.wrong], "missed": self.missed, "loose": self.loose, "unplaced": self.unplaced,
        }


@dataclass(slots=True)
class GoldReview:
    """The marks of every scored document (by doc_id), the report, and the gold's
    documents this run does not have."""

    marks: dict[str, DocMarks]
    report: Report
    absent: list[str]


def review_gold(path: Path, archive: Archive) -> GoldReview:
    """Load the gold at ``path`` and mark the archive's documents it annotates."""
    gold = load_gold(path)
    doc_of = gold_keys(gold, archive.documents)
    predictions = {key: prediction(archive, doc_id, key) for doc_id, key in doc_of.items()}
    scored = {key: gold[key] for key in predictions}
    report = score(scored, predictions)
    marks = {doc_id: doc_marks(report.documents[key], archive, doc_id) for doc_id, key in doc_of.items()}
    return GoldReview(marks, report, sorted(set(gold) - set(scored)))


def gold_keys(gold: Mapping[str, Any], documents: list[Row]) -> dict[str, str]:
    """doc_id -> the gold's ``doc`` for it: its ``source``, else its file name when only
    one document of the run has that name (the run read a parent folder)."""
    names: dict[str, list[str]] = {}
    for d in documents:
        names.setdefault(PurePosixPath(d["source"]).name, []).append(d["doc_id"])
    out: dict[str, str] = {}
    for d in documents:
        if d["source"] in gold:
            out[d["doc_id"]] = d["source"]
    taken = set(out.values())
    for key in gold:
        ids = names.get(PurePosixPath(key).name, [])
        if key not in taken and len(ids) == 1 and ids[0] not in out:
            out[ids[0]] = key
    return out


def prediction(archive: Archive, doc_id: str, doc: str) -> dict[str, Any]:
    """The document's rows as a record of the gold format (what ``svodka eval`` scores)."""
    return to_gold_record(doc, extraction(archive, doc_id))


def extraction(archive: Archive, doc_id: str) -> Extraction:
    """The document's rows as the records they were written from (as far as ``to_gold_record``
    reads them): a person's ``name`` is the table's ``Фамилия И.О.``."""
    def rows(table: str) -> list[Row]:
        return archive.rows(table, doc_id)

    def org(row: Row) -> Row:
        return archive.organizations.get(row.get("org_id") or "", {})

    text = archive.texts.get(doc_id, "")

    def abbreviation(row: Row) -> str:  # the organization's, where this report writes it
        short = org(row).get("abbreviation") or ""
        return short if short and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", text) else ""

    return Extraction(
        doc_id,
        persons=[PersonMention(r["start"], r["end"], r["text"] or "", surname=r["name"] or "",
                               roles=tuple(roles_of(r)), org=r["org"] or "") for r in rows("person_mentions")],
        orgs=[OrgMention(r["start"], r["end"], r["text"] or "", r["name"] or "",
                         abbreviation=abbreviation(r), kind=org(r).get("kind") or "")
              for r in rows("org_mentions")],
        schools=[SchoolMention(r["start"], r["end"], r["text"] or "", r["number"] or "", kind=r["kind"] or "",
                               name=(archive.schools.get(r["school_id"]) or {}).get("name") or "")
                 for r in rows("school_mentions")],
        dates=[DateMention(r["start"], r["end"], r["text"] or "", r["value"], r["kind"] or "")
               for r in rows("dates")],
        formats=[FormatMention(r["start"], r["end"], r["text"] or "", r["format"]) for r in rows("event_formats")],
        locations=[LocationMention(r["start"], r["end"], r["text"] or "", r["name"], r["kind"] or "")
                   for r in rows("locations")],
        events=[Event(e["format"] or "", e["title"] or "", e["date"] or "", participants=e["participants"])
                for e in archive.events.get(doc_id, [])],
    )


def roles_of(row: Row) -> list[str]:
    return [r for r in (row.get("role") or "").split("; ") if r]


def doc_marks(results: Mapping[str, Any], archive: Archive, doc_id: str) -> DocMarks:
    """Tie each false positive of the document's results to its rows."""
    marks = DocMarks()
    for name, r in results.items():
        marks.missed += [(name, item) for item in r.false_negatives]
        marks.loose += [(name, g, p) for g, p in r.loose]
        for item in r.false_positives:
            placed = _place(marks, name, item, archive, doc_id)
            marks.wrong.append((name, item, placed))
            if not placed:
                marks.unplaced.append((name, item))
    return marks


def _place(marks: DocMarks, name: str, item: str, archive: Archive, doc_id: str) -> list[str]:
    """Mark the rows behind one false positive; their ids (none found: empty)."""
    if name.startswith("event."):
        key = f"{EVENT_ROW}-{name.split('.', 1)[1]}"
        marks.mark(key, FP, f"{name}: {item} is not the gold's")
        return [key]
    found: list[tuple[str, str]] = []  # (row id, class)
    if name == "persons":
        found = [(r["id"], FP) for r in archive.rows("person_mentions", doc_id) if _same_person(r["name"] or "", item)]
    elif name in ("person.role", "person.org"):
        owner, _, value = item.partition(": ")
        css = ROLE if name == "person.role" else ORG
        rows = [r for r in archive.rows("person_mentions", doc_id)
                if (value in roles_of(r) if css == ROLE else (r["org"] or "") == value)]
        mine = [r for r in rows if name_match(owner, r["name"] or "") or name_match(r["name"] or "", owner)]
        found = [(r["id"], css) for r in (mine or rows)]
    elif name == "schools":
        found = [(r["id"], FP) for r in archive.rows("school_mentions", doc_id)
                 if value_key(r["number"] or "") == value_key(item)]
    elif name in ("schools.kind", "schools.name"):
        number, _, value = item.partition(": ")
        found = [(r["id"], ROLE) for r in archive.rows("school_mentions", doc_id)
                 if value_key(r["number"] or "") == value_key(number.removeprefix("№ "))]
    else:
        table, column = {"dates": ("dates", "value"), "organizations": ("org_mentions", "name"),
                         "event_formats": ("event_formats", "format"), "locations": ("locations", "name")}[name]
        rows = archive.rows(table, doc_id)
        found = [(r["id"], FP) for r in rows if _same_value(r, column, item, archive)]
    for row_id, css in found:
        marks.mark(row_id, css, f"{name}: {item} is not in the gold")
    return [row_id for row_id, _ in found]


def _same_person(row_name: str, item: str) -> bool:
    """The row is the predicted person ``item`` (a surname alone folds into its fuller name)."""
    return row_name == item or (" " not in row_name and item.startswith(row_name + " "))


def _same_value(row: Row, column: str, item: str, archive: Archive) -> bool:
    value = row[column] or ""
    if value == item:
        return True
    if column == "name" and "org_id" in row:  # an organization the gold format writes `full name (ABBR)`
        abbreviation = (archive.organizations.get(row["org_id"] or "") or {}).get("abbreviation") or ""
        return bool(abbreviation) and item == f"{value} ({abbreviation})"
    return False
