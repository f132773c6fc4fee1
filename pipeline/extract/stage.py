"""The extract stage: run every rule module over one annotated document."""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Annotation, Extraction, OrgMention
from ..rules import fingerprint
from . import dates, events, formats, locations, names, orgs, roles, schools

VERSION = "extract/1"
MODULES = (names, orgs, roles, schools, dates, formats, locations, events)
RULE_FILES = tuple(sorted({f for m in MODULES for f in m.RULE_FILES}))


def rules_fingerprint() -> str:
    """Code version + the bytes of every rule file this stage reads."""
    return f"{VERSION}:{fingerprint(RULE_FILES)}"


def extract(doc_id: str, text: str, ann: Annotation) -> Extraction:
    found_schools = schools.find_schools(text)
    found_orgs = orgs.find_orgs(text)
    ner_per = [(s.start, s.end) for s in ann.ner if s.type == "PER"]
    taken = [(s.start, s.end) for s in found_schools] + [(o.start, o.end) for o in found_orgs]
    candidates = [c for c in names.find_candidates(text, ner_per) if not _inside(c.start, c.end, taken)]
    persons = roles.link_people(text, ann.sentences, candidates, found_orgs, found_schools)
    # a school written with its legal form (МБОУ «Гимназия № 2») is a person's
    # organization, but it is a school, not an ``organizations`` row
    found_orgs = _with_role_orgs(text, [o for o in found_orgs if o.kind != "school"], persons)
    found_dates = dates.find_dates(text)
    found_formats = formats.find_formats(text)
    found_locations = locations.find_locations(text)
    found_events = events.find_events(
        text, schools=found_schools, dates=found_dates, formats=found_formats,
        locations=found_locations, orgs=found_orgs,
    )
    persons = _default_school(persons, found_schools, found_events)
    return Extraction(
        doc_id=doc_id, persons=persons, orgs=found_orgs, schools=found_schools, dates=found_dates,
        formats=found_formats, locations=found_locations, events=found_events,
    )


def _default_school(persons, found_schools, found_events):
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
        replace(p, org=venue) if not p.org and p.roles and any(roles.is_school_staff(r) for r in p.roles) else p
        for p in persons
    ]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _with_role_orgs(text: str, found: list[OrgMention], persons) -> list[OrgMention]:
    """An unknown abbreviation that is a person's organization (``руководителями ГЦО``)
    is an organization wherever the report uses it."""
    known = {o.name for o in found}
    rules = orgs.org_rules()
    extra = []
    for abbr in sorted({p.org for p in persons if re.fullmatch(r"[А-ЯЁ]{2,8}", p.org or "")} - known):
        if abbr in rules.not_orgs:
            continue
        for m in re.finditer(rf"(?<![А-ЯЁа-яё]){abbr}(?![А-ЯЁа-яё])", text):
            if not _inside(m.start(), m.end(), [(o.start, o.end) for o in found]):
                extra.append(OrgMention(m.start(), m.end(), abbr, abbr, abbr, "", "abbreviation"))
    return sorted(found + extra, key=lambda o: (o.start, o.end))
