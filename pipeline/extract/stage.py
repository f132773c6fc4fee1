"""The extract stage for one document: every component of ``registry`` in
order, and the document's ``Extraction`` assembled from their records.

The runner computes components one by one, cached (``pipeline.run``); this
module is what a notebook or a test calls for one text, and what both share:
``assemble``, which is cheap and never cached.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..cache import digest
from ..records import Annotation, DocMeta, Extraction, Inputs, OrgMention
from ..ruleset import RuleSet
from . import orgs, roles
from .registry import COMPONENTS


def run_components(doc_id: str, text: str, ann: Annotation | None, rules: RuleSet,
                   meta: DocMeta | None = None) -> dict[str, list]:
    """Every component's records, in registry order."""
    got: dict[str, list] = {}
    for name, c in COMPONENTS.items():
        got[name] = c.func(Inputs(doc_id, text, ann if c.reads_annotation else None, {d: got[d] for d in c.consumes},
                                  (meta or DocMeta()) if c.reads_document else None), rules)
    return got


def extract(doc_id: str, text: str, ann: Annotation, rules: RuleSet, meta: DocMeta | None = None) -> Extraction:
    """All rules over one annotated document (``meta``: its file's place and dates), no cache."""
    return assemble(doc_id, text, run_components(doc_id, text, ann, rules, meta), rules)


def assemble(doc_id: str, text: str, got: dict[str, list], rules: RuleSet) -> Extraction:
    """The document's Extraction from its components' records (cheap, never cached)."""
    persons = got["people"]
    # a numbered school written with its legal form (МБОУ «Гимназия № 2») is a
    # person's organization, but it is a ``schools`` row, not an ``organizations`` one
    found_orgs = _with_role_orgs(text, [o for o in got["orgs"] if orgs.is_listed(o)], persons, rules)
    persons = _default_school(persons, got["schools"], got["events"], rules)
    fields = {c.field: got[name] for name, c in COMPONENTS.items()}
    return Extraction(doc_id=doc_id, **{**fields, "persons": persons, "orgs": found_orgs})


def entity_digest(ex: Extraction) -> str:
    """Digest of what a document gives the tables resolve builds whole (its
    assembled persons, organizations, schools, places and its own date): equal for
    every document, the documents, persons, organizations and schools tables come
    out as before."""
    return digest(repr(ex.persons), repr(ex.orgs), repr(ex.schools), repr(ex.locations), repr(ex.report_date))


def _default_school(persons, found_schools, found_events, rules: RuleSet):
    """A teacher or deputy head with no organization stated works at the school the
    report is about: the main event's venue when it is a school, else the report's
    only school."""
    venue = found_events[0].venue if found_events else ""
    numbers = {(s.kind, s.number) for s in found_schools}
    if not (venue and any(venue == f"{k} № {n}" for k, n in numbers)):
        venue = next(iter(f"{k} № {n}" for k, n in numbers)) if len(numbers) == 1 else ""
    if not venue:
        return persons
    return [
        replace(p, org=venue) if not p.org and p.roles and any(roles.is_school_staff(r, rules) for r in p.roles) else p
        for p in persons
    ]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _with_role_orgs(text: str, found: list[OrgMention], persons, rules: RuleSet) -> list[OrgMention]:
    """An unknown abbreviation that is a person's organization (``руководителями ГЦП``)
    is an organization wherever the report uses it."""
    known = {o.name for o in found}
    not_orgs = orgs.org_rules(rules).not_orgs
    extra = []
    for abbr in sorted({p.org for p in persons if re.fullmatch(r"[А-ЯЁ]{2,8}", p.org or "")} - known):
        if abbr in not_orgs or orgs.is_place(abbr):
            continue
        for m in re.finditer(rf"(?<![А-ЯЁа-яё]){abbr}(?![А-ЯЁа-яё])", text):
            if not _inside(m.start(), m.end(), [(o.start, o.end) for o in found]):
                extra.append(OrgMention(m.start(), m.end(), abbr, abbr, abbr, "", "abbreviation"))
    return sorted(found + extra, key=lambda o: (o.start, o.end))
