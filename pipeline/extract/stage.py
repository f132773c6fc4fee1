"""The extract stage: rule modules in groups, each cached on its own.

A group's cache key hashes the text (or its annotation), the rules the group
reads (whole files, or one field of a file: ``event_formats.yaml#held_verbs``)
and the *content* (digest) of the records of the groups it consumes. Editing one
lexicon therefore re-runs only the groups that read it, and a group downstream
only where their records came out different (early cutoff, as in build systems
such as Shake): a new event format re-runs ``formats`` everywhere and ``events``
only in the reports where a new format was found; never people or schools, and
never the slow annotation.
"""

from __future__ import annotations

import re
from dataclasses import asdict, replace

from ..cache import digest
from ..records import (
    Annotation, DateMention, Event, Extraction, FormatMention, LocationMention, OrgMention, PersonMention,
    SchoolMention, from_dict,
)
from ..rules import fingerprint, fingerprints
from ..ruleset import RuleSet
from . import dates, events, formats, locations, names, orgs, roles, schools

VERSION = "extract/4"

# group -> (rule files (or ``file#field``) it reads, directly or through helpers; groups it consumes)
GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "dates": (dates.RULE_FILES, ()),
    "formats": (formats.RULE_FILES, ()),
    "locations": (locations.RULE_FILES, ()),
    "schools": (schools.RULE_FILES + locations.RULE_FILES, ()),
    "orgs": (orgs.RULE_FILES + roles.RULE_FILES, ()),
    "people": (names.RULE_FILES + roles.RULE_FILES + orgs.RULE_FILES, ("schools", "orgs")),
    "events": (events.RULE_FILES, ("schools", "dates", "formats", "locations", "orgs")),
}
RECORDS = {
    "dates": DateMention, "formats": FormatMention, "locations": LocationMention, "schools": SchoolMention,
    "orgs": OrgMention, "people": PersonMention, "events": Event,
}
RULE_FILES = tuple(sorted({f.partition("#")[0] for files, _ in GROUPS.values() for f in files}))
# groups that read the annotation (natasha): keyed by it, and computing them needs it
ANN_GROUPS = frozenset({"orgs", "people"})


def rules_fingerprint() -> str:
    """Code version + the bytes of every rule file this stage reads."""
    return f"{VERSION}:{fingerprint(RULE_FILES)}"


def group_fingerprints() -> dict[str, str]:
    """Each group's rule fingerprint; read the rule files once per run."""
    return fingerprints({name: files for name, (files, _) in GROUPS.items()})


def group_key(name: str, fingerprints: dict[str, str], text_key: str, ann_key: str, shas: dict[str, str]) -> str:
    """Cache key of one group of one document; ``shas`` holds the content digests of
    the groups it consumes."""
    source = ann_key if name in ANN_GROUPS else text_key
    return digest(VERSION, name, fingerprints[name], source, *(shas[d] for d in GROUPS[name][1]))


def run_group(name: str, text: str, ann: Annotation | None, got: dict[str, list], rules: RuleSet) -> list:
    """One group's records; ``got`` holds the records of the groups it consumes."""
    if name == "dates":
        return dates.find_dates(text, rules)
    if name == "formats":
        return formats.find_formats(text, rules)
    if name == "locations":
        return locations.find_locations(text, rules)
    if name == "schools":
        return schools.find_schools(text, rules)
    if name == "orgs":
        return orgs.find_orgs(text, rules, ner=[(s.start, s.end) for s in ann.ner if s.type == "ORG"] if ann else [])
    if name == "people":
        ner_per = [(s.start, s.end) for s in ann.ner if s.type == "PER"] if ann else []
        taken = [(s.start, s.end) for s in got["schools"]] + [(o.start, o.end) for o in got["orgs"]]
        candidates = [c for c in names.find_candidates(text, rules, ner_per) if not _inside(c.start, c.end, taken)]
        return roles.link_people(text, ann.sentences if ann else [], candidates, got["orgs"], got["schools"], rules)
    if name == "events":
        return events.find_events(
            text, schools=got["schools"], dates=got["dates"], formats=got["formats"],
            locations=got["locations"], orgs=[o for o in got["orgs"] if o.kind != "school"], rules=rules,
        )
    raise KeyError(name)


_WARM_TEXT = "12 октября 2022 г. в МБОУ СОШ № 7 г. Читы прошёл семинар «Старт». Выступила методист ИМЦ Т.Н. Лаптева."


def warm(groups: tuple[str, ...], rules: RuleSet) -> None:
    """Build the rule tables of ``groups`` (lexicon forms, patterns) before the first
    document: a worker does it while the runner is still reading the cache."""
    got: dict[str, list] = {name: [] for name in GROUPS}
    for name in groups:
        run_group(name, _WARM_TEXT, None, got, rules)


def inputs_of(groups) -> set[str]:
    """The groups that ``groups`` read, directly or through one another."""
    out: set[str] = set()
    stack = list(groups)
    while stack:
        for dep in GROUPS[stack.pop()][1]:
            if dep not in out:
                out.add(dep)
                stack.append(dep)
    return out


def run_groups(text: str, ann: Annotation | None, rules: RuleSet,
               have: dict[str, list] | None = None) -> dict[str, list]:
    """Every group's records, computing those not in ``have``."""
    got = dict(have or {})
    for name in GROUPS:
        if name not in got:
            got[name] = run_group(name, text, ann, got, rules)
    return got


def assemble(doc_id: str, text: str, got: dict[str, list], rules: RuleSet) -> Extraction:
    """The document's Extraction from its groups' records (cheap, never cached)."""
    persons = got["people"]
    # a numbered school written with its legal form (МБОУ «Гимназия № 2») is a
    # person's organization, but it is a ``schools`` row, not an ``organizations`` one
    found_orgs = _with_role_orgs(text, [o for o in got["orgs"] if orgs.is_listed(o)], persons, rules)
    persons = _default_school(persons, got["schools"], got["events"], rules)
    return Extraction(
        doc_id=doc_id, persons=persons, orgs=found_orgs, schools=got["schools"], dates=got["dates"],
        formats=got["formats"], locations=got["locations"], events=got["events"],
    )


def extract(doc_id: str, text: str, ann: Annotation, rules: RuleSet) -> Extraction:
    """All rules over one annotated document, no cache."""
    got = run_groups(text, ann, rules)
    return assemble(doc_id, text, got, rules)


# the groups ``assemble`` builds resolve's entities from: people, organizations,
# schools and places (events too: a school's staff default to the event's venue)
ENTITY_GROUPS = ("schools", "orgs", "people", "locations", "events")


def entity_digest(ex: Extraction) -> str:
    """Digest of what a document gives resolve's entities (its assembled persons,
    organizations, schools and places): equal for every document, the persons,
    organizations, schools and places tables come out as before."""
    return digest(repr(ex.persons), repr(ex.orgs), repr(ex.schools), repr(ex.locations))


def dump_group(records: list) -> list[dict]:
    return [asdict(r) for r in records]


def load_group(name: str, rows: list[dict]) -> list:
    return [from_dict(RECORDS[name], row) for row in rows]


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
