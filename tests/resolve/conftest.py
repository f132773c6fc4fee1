"""Shared builders for the resolve tests: documents and records written by hand
(as the extract components write them), and the sample archive resolved once for
the tests that check it against its gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract.named_places import folder_place, places_named
from pipeline.records import (
    Document,
    Extraction,
    FolderPlace,
    LocationMention,
    OrgMention,
    PersonMention,
    SchoolMention,
)
from pipeline.resolve import resolve
from pipeline.ruleset import RuleSet

REPO = Path(__file__).resolve().parents[2]

SHCH = "Щербиновский район"
CHITA = "г. Чита"

# the records below are written as the extract components write them: an organization
# (and a person's organization) with the places its name names, read with these rules
EXTRACT_RULES = RuleSet(REPO / "models")


def doc(doc_id: str, source: str | None = None) -> Document:
    return Document(doc_id=doc_id, source=source or f"{doc_id}.txt", format="txt", status="ok", text="…")


def person(surname: str, initials: str, first: str = "", patronymic: str = "", gender: str = "", org: str = "",
           start: int = 0) -> PersonMention:
    return PersonMention(start, start + 5, surname, surname, first_name=first, patronymic=patronymic,
                         initials=initials, gender=gender, org=org, org_places=places_named(org, EXTRACT_RULES))


def place(name: str, kind: str = "district") -> LocationMention:
    return LocationMention(0, 1, name, name, kind)


def org(name: str, abbreviation: str = "", full_name: str = "", kind: str = "", start: int = 0) -> OrgMention:
    return OrgMention(start, start + 3, name, name, abbreviation=abbreviation, full_name=full_name, kind=kind,
                      places=places_named(name, EXTRACT_RULES))


def school(number: str, kind: str = "СОШ", name: str = "", legal_form: str = "", general: bool = False) -> SchoolMention:
    """``general``: written without a level (``школа № 5``), of the general kind."""
    written = "школа" if general else kind
    return SchoolMention(0, 6, f"{written} № {number}", number, kind=kind, name=name, legal_form=legal_form,
                         written=written, general=general)


def report(doc_id: str, *, places=(), persons=(), orgs=(), schools=()) -> Extraction:
    return Extraction(doc_id, persons=list(persons), orgs=list(orgs), schools=list(schools), locations=list(places))


def with_folder(d: Document, ex: Extraction) -> Extraction:
    """The record with the place its folder names, as the ``folder_place`` component gives it."""
    name = folder_place(d.source, EXTRACT_RULES)
    if name and not ex.folder_place:
        ex.folder_place = [FolderPlace(name)]
    return ex


def run(*pairs: tuple[Document, Extraction], rules) -> dict[str, list[dict]]:
    return resolve([d for d, _ in pairs], {d.doc_id: with_folder(d, e) for d, e in pairs}, rules)


def persons_named(t, surname: str) -> list[dict]:
    return [p for p in t["persons"] if p.surname == surname]


@pytest.fixture(scope="session")
def sample(rules):
    """The sample archive's tables, and its gold records."""
    from pipeline.ingest import ingest
    from pipeline.run import extract_all

    docs, extractions = extract_all(list(ingest([REPO / "data" / "raw"])), rules=rules)
    gold = [json.loads(line) for line in (REPO / "eval" / "sample-gold.jsonl").read_text("utf-8").splitlines() if line]
    return resolve(docs, extractions, rules), gold
