"""Organizations: one row per organization, and the row of every written name.

An abbreviation and its expansion are one row (the abbreviation table of
``models/organizations.yaml`` and the report's own definitions); a body that does
not name its owner (``управление образования``) is keyed by the report's
municipality and is the owned body it abbreviates there, if one. Only a name
that says whose body it is (a national body, a place or a place adjective in the
name) is one organization across municipalities. The places a name names come
with its record (read at extract time); resolve reads them, and the
abbreviation table from the rules, and runs no extractor.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..export.rows import OrganizationRow
from ..place_words import is_place_adjective
from ..records import Document, Extraction
from ..ruleset import RuleSet
from .keys import best, fold, make_id
from .places import Place

NamedPlaces = tuple[tuple[str, str], ...]  # (name, kind) of the places a name names

NATIONAL_KINDS = frozenset({"federal_institute", "ministry", "federal_agency", "university"})
_LEGAL_QUOTED = re.compile(r"^((?:[А-ЯЁ]{2,}\s+)+)«(.*)$")


@dataclass(frozen=True)
class _OrgName:
    """One written organization (an OrgMention or a person's org) with its key."""

    doc_id: str
    name: str
    abbreviation: str
    full_name: str
    kind: str
    scope: str  # "" for a body that names its owner, else the report's municipality
    core: str  # folded name without legal form, expansions replaced by abbreviations


def table_aliases(rules: RuleSet) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """From the abbreviation table: expansion → abbreviation, abbreviation → canonical
    abbreviation (``ЦНППМПР`` → ``ЦНППМ``, same expansion) and abbreviation → kind, all folded."""
    return rules.derived("resolve.table_aliases", _table_aliases_of)


def abbreviations(rules: RuleSet) -> dict[str, dict]:
    """The abbreviation table: abbreviation → its expansion (``full``) and ``kind``."""
    return rules.file("organizations.yaml")["abbreviations"]


def _table_aliases_of(rules: RuleSet) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    table = abbreviations(rules)
    by_full: dict[str, list[str]] = defaultdict(list)
    for abbr, spec in table.items():
        by_full[fold(spec["full"])].append(fold(abbr))
    full_to_abbr = {full: min(abbrs) for full, abbrs in by_full.items()}
    canonical = {a: min(abbrs) for abbrs in by_full.values() for a in abbrs}
    kinds = {fold(abbr): spec.get("kind", "") for abbr, spec in table.items()}
    return full_to_abbr, canonical, kinds


def _strip_legal_form(name: str) -> tuple[str, str]:
    """``МКУ «Центр …» Коченёвского района`` → (``МКУ``, ``Центр … Коченёвского района``)."""
    m = _LEGAL_QUOTED.match(name)
    legal, rest = (m.group(1).strip(), m.group(2)) if m else ("", name)
    return legal, " ".join(rest.replace("«", " ").replace("»", " ").replace('"', " ").split())


def _org_core(name: str, aliases: list[tuple[str, str]], rules: RuleSet) -> tuple[str, str]:
    """(legal form, core): the core is the folded name with a leading expansion written
    as its abbreviation, so ``ФГБУ «Федеральный институт оценки качества образования»``
    and ``ФИОКО`` share the core ``фиоко``. ``aliases``: (expansion, abbreviation), longest first."""
    legal, rest = _strip_legal_form(name)
    core = fold(rest)
    for full, abbr in aliases:
        if core == full or core.startswith(full + " "):
            core = abbr + core[len(full):]
            break
    first, _, tail = core.partition(" ")
    canonical = table_aliases(rules)[1]
    if first in canonical:
        core = " ".join(filter(None, [canonical[first], tail]))
    return legal, core


def _names_owner(name: str, legal: str, core: str, kind: str, places: NamedPlaces, rules: RuleSet) -> bool:
    """Does the name say whose body it is (a national body, a place in the name,
    a place adjective such as ``Староминский``)? Only such names are unique
    across municipalities."""
    kinds = table_aliases(rules)[2]
    if kind in NATIONAL_KINDS or kinds.get(core.split(" ")[0], "") in NATIONAL_KINDS or legal.startswith("ФГ"):
        return True
    if places:
        return True
    words = re.findall(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*", _strip_legal_form(name)[1])
    # relational adjectives in -ический (методический) are never places
    return any(w[0].isupper() and not w.isupper() and "ческ" not in w.lower() and is_place_adjective(w, rules) for w in words)


class Orgs:
    """Organization rows and the lookup from a written organization to its row."""

    def __init__(self, docs: list[Document], extractions: dict[str, Extraction], places: dict[str, Place],
                 school_orgs: set[tuple[str, str]], rules: RuleSet) -> None:
        self.rules = rules
        self.places = places
        self.place_names = {p.key: p.name for p in places.values()}
        defined = defaultdict(set)  # abbreviations reports define themselves (``(далее – ЦНППМ)``)
        for ex in extractions.values():
            for o in ex.orgs:
                if o.abbreviation and o.full_name:
                    defined[fold(o.full_name)].add(fold(o.abbreviation))
        aliases = {**{full: min(abbrs) for full, abbrs in defined.items()}, **table_aliases(rules)[0]}
        self.aliases = sorted(aliases.items(), key=lambda fa: (-len(fa[0]), fa))
        self.surnames = {d: {fold(p.surname) for p in ex.persons} for d, ex in extractions.items()}
        reports = [(doc.doc_id, extractions[doc.doc_id]) for doc in docs if doc.doc_id in extractions]
        self.places_of: dict[str, NamedPlaces] = {}  # written name -> the places it names, from the records
        for _, ex in reports:
            for name, named in [(o.name, o.places) for o in ex.orgs] + [(p.org, p.org_places) for p in ex.persons]:
                if named:
                    self.places_of.setdefault(name, named)
        self._memo: dict[tuple[str, str, str], tuple[str, bool]] = {}
        self.names: list[_OrgName] = []
        for doc_id, ex in reports:
            for o in ex.orgs:
                self.names.append(self._name(doc_id, o.name, o.abbreviation, o.full_name, o.kind))
            for p in ex.persons:
                if p.org and (doc_id, p.org) not in school_orgs:
                    self.names.append(self._name(doc_id, p.org, "", "", ""))
        self.target = self._targets()
        self.rows = self._rows()

    def _name(self, doc_id: str, written: str, abbreviation: str, full_name: str, kind: str) -> _OrgName:
        name = self._without_person(doc_id, written)
        core, owned = self._analysis(written, name, kind)
        place = self.places[doc_id]
        scope = "" if owned else (place.key or f"doc:{doc_id}")
        return _OrgName(doc_id, name, abbreviation, full_name, kind, scope, core)

    def _analysis(self, written: str, name: str, kind: str) -> tuple[str, bool]:
        """(core, names its owner) of a written name, read as ``name`` (without a
        person's surname it ran into); an archive repeats the same few hundred
        names thousands of times, so each is analysed once."""
        hit = self._memo.get((written, name, kind))
        if hit is None:
            legal, core = _org_core(name, self.aliases, self.rules)
            places = self.places_of.get(written, ())
            if name != written:  # nor is a place read from that surname one the name names
                dropped = fold(written.rpartition(" ")[2])
                places = tuple(pl for pl in places if dropped not in fold(pl[0]).split())
            hit = self._memo[(written, name, kind)] = (core, _names_owner(name, legal, core, kind, places, self.rules))
        return hit

    def _without_person(self, doc_id: str, name: str) -> str:
        """Drop a trailing word that is the surname of a person of the same report
        (``ИРО Краснодарского края Пилипенко``): the name ran on into the next person."""
        head, _, last = name.rpartition(" ")
        return head if head and fold(last) in self.surnames.get(doc_id, ()) else name

    def key(self, doc_id: str, name: str) -> tuple[str, str]:
        n = self._name(doc_id, name, "", "", "")
        return self.target.get((n.scope, n.core), (n.scope, n.core))

    def _targets(self) -> dict[tuple[str, str], tuple[str, str]]:
        """Where a body without an owner goes: in its municipality, the one body whose
        name extends it (``управление образования`` → ``управление образования
        администрации Тотемского муниципального округа``; ``ИМЦ`` → ``ИМЦ г. Бердска``).
        Two bodies that extend it differently leave it alone."""
        in_scope: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for n in self.names:
            place = self.places[n.doc_id].key or f"doc:{n.doc_id}"
            in_scope[place].add((n.scope, n.core))
        step: dict[tuple[str, str], tuple[str, str]] = {}
        for place, keys in in_scope.items():
            for scope, core in keys:
                if scope != place:
                    continue
                longer = sorted((k for k in keys if k[1].startswith(core + " ")), key=lambda k: (len(k[1]), k))
                if longer and all(b[1].startswith(a[1]) for a, b in zip(longer, longer[1:])):
                    step[(scope, core)] = longer[0]
        target = {}
        for key in step:
            end = key
            while end in step:
                end = step[end]
            target[key] = end
        return target

    def org_id(self, key: tuple[str, str]) -> str:
        return make_id("org", f"{key[0]}|{key[1]}")

    def _rows(self) -> dict[str, OrganizationRow]:
        groups: dict[tuple[str, str], list[_OrgName]] = defaultdict(list)
        for n in self.names:
            groups[self.target.get((n.scope, n.core), (n.scope, n.core))].append(n)
        full_names, _, kinds = table_aliases(self.rules)
        expansion = {abbr: full for full, abbr in full_names.items()}
        rows = {}
        for key, names in groups.items():
            own = [n for n in names if (n.scope, n.core) == key] or names
            abbr = best(n.abbreviation for n in names)
            first = key[1].split(" ")[0]
            if not abbr and key[1] in expansion:  # the name is nothing but a known expansion
                abbr = next(a for a in abbreviations(self.rules) if fold(a) == first)
            specific = [n.kind for n in names if n.kind not in ("", "legal_entity", "abbreviation")]
            org_id = self.org_id(key)
            rows[org_id] = OrganizationRow(
                org_id=org_id, name=best(n.name for n in own), abbreviation=abbr,
                full_name=best(n.full_name for n in names) or (expansion.get(first, "") if abbr else ""),
                kind=best(specific) or kinds.get(first, "") or best(n.kind for n in names),
                municipality=self.place_names.get(key[0], ""),
                n_documents=len({n.doc_id for n in names}),
            )
        return rows
