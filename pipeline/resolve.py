"""Resolve stage: mentions across the archive → one row per real person, school,
organization; stable IDs derived from normalized keys, never from row order.

- Places: a report's municipality is the municipal place its text names most
  (a district, urban district or city), else one named in an organization
  (``комитет образования г. Читы``), else its folder in the archive, else a
  settlement it names. ``г. Чита`` and ``городской округ «Город Чита»`` are one
  municipality (``municipality_key``).
- Persons: mentions with the same surname (ё = е) and compatible initials
  (``О.`` fits ``О.Я.``) are joined pairwise, strongest evidence first (same
  document, shared organization or school, same municipality, no place to
  contradict). Different municipalities or regions, conflicting genders, first
  names or patronymics keep them apart unless a shared organization or the same
  document joins them; a short form that fits two people joins neither. Every
  row says why in ``evidence``.
- Schools: a number is unique only within a municipality, so the key is
  (municipality, kind, number); a bare ``школа № 5`` is the one school numbered 5
  there when there is only one.
- Organizations: an abbreviation and its expansion are one row (the abbreviation
  table of ``models/organizations.yaml`` and the report's own definitions); a body
  that does not name its owner (``управление образования``) is keyed by the
  report's municipality and is the owned body it abbreviates there, if one.

Everything is computed from sorted content, so the tables do not depend on the
order of the documents.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import PurePosixPath

from .export.rows import (
    DateRow,
    DocumentRow,
    EventFormatRow,
    EventRow,
    LocationRow,
    OrganizationRow,
    OrgMentionRow,
    PersonMentionRow,
    PersonRow,
    SchoolMentionRow,
    SchoolRow,
    TextRow,
)
from .extract.locations import find_locations, is_place_adjective, location_rules
from .extract.orgs import org_rules
from .morph import parse
from .records import Document, Extraction, PersonMention
from .ruleset import RuleSet

# resolve reads rules too: the places an organization's name names, the abbreviation table
RULE_FILES = ("locations.yaml", "organizations.yaml", "schools.yaml#legal_forms")

MUNICIPAL_KINDS = ("district", "urban_district", "city")
SETTLEMENT_KINDS = ("village", "settlement")
_LEVEL = {"district": 0, "urban_district": 0, "city": 1}
NATIONAL_KINDS = frozenset({"federal_institute", "ministry", "federal_agency", "university"})
# words that name the kind of a territorial unit, not which one it is
_UNIT_WORDS = frozenset(
    "г город городской округ муниципальный муниципальное район образование поселение городское сельское "
    "р п рп пгт ст с пос х д".split()
)
_ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz")
_FOLDER_NAME = re.compile(r"[А-ЯЁ][А-ЯЁа-яё-]*(?: [А-ЯЁа-яё][А-ЯЁа-яё.-]*)*")
_SCHOOL_NUMBER = re.compile(r"№\s*(\d+[а-яА-Я]?)\b")
_LEGAL_QUOTED = re.compile(r"^((?:[А-ЯЁ]{2,}\s+)+)«(.*)$")
GENERIC_SCHOOL_KIND = "школа"


def make_id(prefix: str, key: str) -> str:
    return f"{prefix}_{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е").strip()


def _best(values: Iterable[str]) -> str:
    """The most frequent non-empty value; ties go to the longer, then the first in
    alphabetical order, so the choice never depends on input order."""
    counts = Counter(v for v in values if v)
    if not counts:
        return ""
    return min(counts, key=lambda v: (-counts[v], -len(v), v))


# --------------------------------------------------------------------------- places


def municipality_key(name: str) -> str:
    """What identifies a municipality: its name without unit words, so
    ``г. Чита`` = ``городской округ «Город Чита»`` and ``р.п. Коченёво`` = ``Коченёво``."""
    words = re.findall(r"[а-я0-9]+(?:-[а-я0-9]+)*", _fold(name))
    return " ".join(w for w in words if w not in _UNIT_WORDS) or _fold(name)


def _most_named(places: list[tuple[str, str]]) -> str:
    """The place (name, kind) named most often, by municipality key; a tie goes to a
    district over a town in it, then to the one named first."""
    counts: Counter[str] = Counter()
    level: dict[str, int] = {}
    for name, kind in places:
        key = municipality_key(name)
        counts[key] += 1
        level[key] = min(level.get(key, 2), _LEVEL.get(kind, 2))
    ranked = sorted(range(len(places)), key=lambda i: (-counts[municipality_key(places[i][0])],
                                                       level[municipality_key(places[i][0])], i))
    return places[ranked[0]][0] if ranked else ""


def _places_in(name: str, rules: RuleSet) -> tuple[tuple[str, str], ...]:
    """(name, kind) of the places an organization's name names (``… г. Читы``)."""
    return rules.derived("resolve.places_in", _places_in_of)(name)


def _places_in_of(rules: RuleSet) -> Callable[[str], tuple[tuple[str, str], ...]]:
    """``_places_in`` of one rule set, remembered per name."""
    location_rules(rules)  # the table places are found by: what it reads, every lookup reads

    @lru_cache(maxsize=4096)
    def places_in(name: str) -> tuple[tuple[str, str], ...]:
        return tuple((loc.name, loc.kind) for loc in find_locations(name, rules))

    return places_in


def folder_place(source: str, rules: RuleSet) -> str:
    """The nearest folder of ``source`` that names a place, archives skipped:
    ``a.zip/Чита/x.txt`` → ``г. Чита``, ``Щербиновский район/x.docx`` → itself.
    A folder is a place when the place rules read it as one, or when it is a
    capitalized name that is a toponym or unknown to the dictionary (not ``Отчёты``)."""
    for part in reversed(PurePosixPath(source).parts[:-1]):
        if part.lower().endswith(_ARCHIVE_SUFFIXES):
            continue
        name = " ".join(part.replace("_", " ").split())
        found = [n for n, kind in _places_in(name, rules) if kind in MUNICIPAL_KINDS + SETTLEMENT_KINDS]
        if found:
            return found[0]
        if _FOLDER_NAME.fullmatch(name) and not re.search(r"\d", name):
            first = parse(name.split()[0])
            if not first[0].is_known or any("Geox" in p.tag for p in first):
                return name
    return ""


def municipality(doc: Document, ex: Extraction | None, rules: RuleSet) -> str:
    """Where a report's schools and unnamed bodies are (see the module doc for the order)."""
    if ex is not None:
        named = _most_named([(loc.name, loc.kind) for loc in ex.locations if loc.kind in MUNICIPAL_KINDS])
        if named:
            return named
        owners = [o.name for o in ex.orgs] + [p.org for p in ex.persons if p.org]
        named = _most_named([(n, kind) for o in owners for n, kind in _places_in(o, rules) if kind in MUNICIPAL_KINDS])
        if named:
            return named
    folder = folder_place(doc.source, rules)
    if folder or ex is None:
        return folder
    return _most_named([(loc.name, loc.kind) for loc in ex.locations if loc.kind in SETTLEMENT_KINDS])


def region(ex: Extraction | None, rules: RuleSet) -> str:
    """The report's region (official name: ``Кубань`` → ``Краснодарский край``): weaker
    evidence than a municipality, used only where the municipality is unknown."""
    if ex is None:
        return ""
    aliases = location_rules(rules).aliases
    names = [loc.name for loc in ex.locations if loc.kind == "region"]
    names += [n for o in ex.orgs for n, kind in _places_in(o.name, rules) if kind == "region"]
    return _most_named([(aliases.get(n, n), "region") for n in names])


@dataclass(frozen=True)
class Place:
    key: str  # municipality_key, or "" when unknown
    name: str  # display name, the same for every report of the municipality
    region: str


def _places(docs: list[Document], extractions: dict[str, Extraction], rules: RuleSet) -> dict[str, Place]:
    """Every report's place, with one display name per municipality across the archive
    and the region filled in from other reports of the same municipality."""
    raw = {d.doc_id: (municipality(d, extractions.get(d.doc_id), rules), region(extractions.get(d.doc_id), rules))
           for d in docs}
    names, regions = defaultdict(list), defaultdict(list)
    for name, reg in raw.values():
        if name:
            names[municipality_key(name)].append(name)
            regions[municipality_key(name)].append(reg)
    display = {k: min(Counter(v).items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] for k, v in names.items()}
    out = {}
    for doc_id, (name, reg) in raw.items():
        key = municipality_key(name) if name else ""
        out[doc_id] = Place(key, display.get(key, ""), reg or (_best(regions[key]) if key else ""))
    return out


# --------------------------------------------------------------------------- organizations


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


def _table_aliases(rules: RuleSet) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """From the abbreviation table: expansion → abbreviation, abbreviation → canonical
    abbreviation (``ЦНППМПР`` → ``ЦНППМ``, same expansion) and abbreviation → kind, all folded."""
    return rules.derived("resolve.table_aliases", _table_aliases_of)


def _table_aliases_of(rules: RuleSet) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    table = org_rules(rules).abbreviations
    by_full: dict[str, list[str]] = defaultdict(list)
    for abbr, spec in table.items():
        by_full[_fold(spec["full"])].append(_fold(abbr))
    full_to_abbr = {full: min(abbrs) for full, abbrs in by_full.items()}
    canonical = {a: min(abbrs) for abbrs in by_full.values() for a in abbrs}
    kinds = {_fold(abbr): spec.get("kind", "") for abbr, spec in table.items()}
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
    core = _fold(rest)
    for full, abbr in aliases:
        if core == full or core.startswith(full + " "):
            core = abbr + core[len(full):]
            break
    first, _, tail = core.partition(" ")
    canonical = _table_aliases(rules)[1]
    if first in canonical:
        core = " ".join(filter(None, [canonical[first], tail]))
    return legal, core


def _names_owner(name: str, legal: str, core: str, kind: str, rules: RuleSet) -> bool:
    """Does the name say whose body it is (a national body, a place in the name,
    a place adjective such as ``Староминский``)? Only such names are unique
    across municipalities."""
    kinds = _table_aliases(rules)[2]
    if kind in NATIONAL_KINDS or kinds.get(core.split(" ")[0], "") in NATIONAL_KINDS or legal.startswith("ФГ"):
        return True
    if _places_in(name, rules):
        return True
    words = re.findall(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*", _strip_legal_form(name)[1])
    # relational adjectives in -ический (методический) are never places
    return any(w[0].isupper() and not w.isupper() and "ческ" not in w.lower() and is_place_adjective(w, rules) for w in words)


class _Orgs:
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
                    defined[_fold(o.full_name)].add(_fold(o.abbreviation))
        aliases = {**{full: min(abbrs) for full, abbrs in defined.items()}, **_table_aliases(rules)[0]}
        self.aliases = sorted(aliases.items(), key=lambda fa: (-len(fa[0]), fa))
        self.surnames = {d: {_fold(p.surname) for p in ex.persons} for d, ex in extractions.items()}
        self._memo: dict[tuple[str, str], tuple[str, bool]] = {}
        self.names: list[_OrgName] = []
        for doc in docs:
            ex = extractions.get(doc.doc_id)
            if ex is None:
                continue
            for o in ex.orgs:
                self.names.append(self._name(doc.doc_id, o.name, o.abbreviation, o.full_name, o.kind))
            for p in ex.persons:
                if p.org and (doc.doc_id, p.org) not in school_orgs:
                    self.names.append(self._name(doc.doc_id, p.org, "", "", ""))
        self.target = self._targets()
        self.rows = self._rows()

    def _name(self, doc_id: str, name: str, abbreviation: str, full_name: str, kind: str) -> _OrgName:
        name = self._without_person(doc_id, name)
        core, owned = self._analysis(name, kind)
        place = self.places[doc_id]
        scope = "" if owned else (place.key or f"doc:{doc_id}")
        return _OrgName(doc_id, name, abbreviation, full_name, kind, scope, core)

    def _analysis(self, name: str, kind: str) -> tuple[str, bool]:
        """(core, names its owner) of a written name; an archive repeats the same
        few hundred names thousands of times, so each is analysed once."""
        hit = self._memo.get((name, kind))
        if hit is None:
            legal, core = _org_core(name, self.aliases, self.rules)
            hit = self._memo[(name, kind)] = (core, _names_owner(name, legal, core, kind, self.rules))
        return hit

    def _without_person(self, doc_id: str, name: str) -> str:
        """Drop a trailing word that is the surname of a person of the same report
        (``ИРО Краснодарского края Пилипенко``): the name ran on into the next person."""
        head, _, last = name.rpartition(" ")
        return head if head and _fold(last) in self.surnames.get(doc_id, ()) else name

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
        full_names, _, kinds = _table_aliases(self.rules)
        expansion = {abbr: full for full, abbr in full_names.items()}
        rows = {}
        for key, names in groups.items():
            own = [n for n in names if (n.scope, n.core) == key] or names
            abbr = _best(n.abbreviation for n in names)
            first = key[1].split(" ")[0]
            if not abbr and key[1] in expansion:  # the name is nothing but a known expansion
                abbr = next(a for a in org_rules(self.rules).abbreviations if _fold(a) == first)
            specific = [n.kind for n in names if n.kind not in ("", "legal_entity", "abbreviation")]
            org_id = self.org_id(key)
            rows[org_id] = OrganizationRow(
                org_id=org_id, name=_best(n.name for n in own), abbreviation=abbr,
                full_name=_best(n.full_name for n in names) or (expansion.get(first, "") if abbr else ""),
                kind=_best(specific) or kinds.get(first, "") or _best(n.kind for n in names),
                municipality=self.place_names.get(key[0], ""),
                n_documents=len({n.doc_id for n in names}),
            )
        return rows


# --------------------------------------------------------------------------- schools


_ADJECTIVE_BEFORE = re.compile(r"([А-ЯЁ][а-яё]+(?:ая|ий|ое|ой))[\s«\"]*$")
_ADJECTIVE_ENDING = re.compile(r"(?:ая|ий|ый|ое|ой|ого|ую)$")


def _adjective_stem(word: str) -> str:
    return _ADJECTIVE_ENDING.sub("", _fold(word))


class _Schools:
    """School rows and the school of every school mention (and of people's orgs)."""

    def __init__(self, docs: list[Document], extractions: dict[str, Extraction], places: dict[str, Place],
                 rules: RuleSet) -> None:
        self.rules = rules
        self.display = {p.key: p.name for p in places.values() if p.key}
        keys, self.mentions = {}, []
        for doc in docs:
            ex = extractions.get(doc.doc_id)
            for i, s in enumerate(ex.schools if ex else ()):
                scope = self._scope(doc, ex, s.start, places[doc.doc_id])
                keys[(doc.doc_id, i)] = (scope, _fold(s.kind), _fold(s.number))
                self.mentions.append((doc.doc_id, i, s))
        target = self._targets(set(keys.values()))
        self.ids = {k: make_id("sch", "|".join(target.get(v, v))) for k, v in keys.items()}
        self.keys = {self.ids[k]: target.get(v, v) for k, v in keys.items()}
        self.of_doc = defaultdict(set)
        for (doc_id, _), school_id in self.ids.items():
            self.of_doc[doc_id].add(school_id)
        self.rows = self._rows()

    def _scope(self, doc: Document, ex: Extraction, start: int, place: Place) -> str:
        """The report's municipality, unless the school's name says it is of another
        district the archive or the report names (``МБОУ «Тотемская СОШ № 1»`` in a
        report on the Сокольский округ): numbers are unique per municipality."""
        scope = place.key or f"doc:{doc.doc_id}"
        m = _ADJECTIVE_BEFORE.search(doc.text[max(0, start - 40):start])
        if not m or "ческ" in m.group(1).lower() or not is_place_adjective(m.group(1), self.rules):
            return scope
        stem = _adjective_stem(m.group(1))
        local = [municipality_key(loc.name) for loc in ex.locations if loc.kind in SETTLEMENT_KINDS + ("city",)]
        if any(stem.startswith(n[:4]) for n in [place.key, *local] if n):  # ``Линевская`` in р.п. Линево
            return scope
        districts = {municipality_key(loc.name): loc.name for loc in ex.locations
                     if loc.kind in ("district", "urban_district")}
        for key, name in sorted({**districts, **self.display}.items()):
            if _adjective_stem(key.split(" ")[0]) == stem:
                self.display.setdefault(key, name)
                return key
        return scope

    @staticmethod
    def _targets(keys: set[tuple[str, str, str]]) -> dict[tuple[str, str, str], tuple[str, str, str]]:
        """A bare ``школа № 5`` is the school numbered 5 of its municipality when only one
        school there has that number."""
        kinds = defaultdict(set)
        for scope, kind, number in keys:
            if kind != GENERIC_SCHOOL_KIND:
                kinds[(scope, number)].add(kind)
        return {
            (scope, kind, number): (scope, min(kinds[(scope, number)]), number)
            for scope, kind, number in keys
            if kind == GENERIC_SCHOOL_KIND and len(kinds[(scope, number)]) == 1
        }

    def _rows(self) -> dict[str, SchoolRow]:
        groups = defaultdict(list)
        for doc_id, i, s in self.mentions:
            groups[self.ids[(doc_id, i)]].append((doc_id, s))
        rows = {}
        for school_id, group in groups.items():
            scope, kind, _ = self.keys[school_id]
            municipality_name = self.display.get(scope, "")
            rows[school_id] = SchoolRow(
                school_id=school_id,
                kind=_best(s.kind for _, s in group if _fold(s.kind) == kind),
                number=_best(s.number for _, s in group),
                name=_best(s.name for _, s in group),
                legal_form=_best(s.legal_form for _, s in group),
                location=_best(s.location for _, s in group) or municipality_name,
                municipality=municipality_name,
                n_documents=len({d for d, _ in group}),
            )
        return rows

    def of_org(self, doc_id: str, org: str) -> str:
        """The school a person's organization is (``СОШ № 4``, ``МКОУ «Линевская СОШ № 1»``)
        among the report's schools: same kind and number, else the only one with that number."""
        m = _SCHOOL_NUMBER.search(org)
        if not m:
            return ""
        number = _fold(m.group(1))
        ids = sorted(sid for sid in self.of_doc[doc_id] if self.keys[sid][2] == number)
        same_kind = [sid for sid in ids if self.keys[sid][1] in _fold(org)]
        if same_kind:
            return max(same_kind, key=lambda sid: (len(self.keys[sid][1]), sid))
        return ids[0] if len(ids) == 1 else ""


# --------------------------------------------------------------------------- persons


@dataclass(frozen=True)
class _PersonRef:
    """A person mention with what resolution needs to know about its report."""

    row: int  # index into person_mentions
    doc_id: str
    order: tuple[str, int]  # (source, start): a content-based sort key
    p: PersonMention
    place: Place
    org_id: str  # of the mention's organization, when it is an ``organizations`` row
    school_id: str  # of the mention's organization, when it is a school of the report
    letters: str  # folded letters of the initials: "оя"

    @cached_property
    def orgs(self) -> frozenset[str]:
        """The org_id / school_id of the mention."""
        return frozenset(filter(None, [self.org_id, self.school_id]))


class _Cluster:
    """Mentions taken for one person, with the sets the comparisons read kept up to date."""

    def __init__(self, ref: _PersonRef) -> None:
        self.refs = [ref]
        self.reasons: list[str] = []
        self.letters = ref.letters
        self.names = {attr: {_fold(getattr(ref.p, attr))} - {""} for attr in ("first_name", "patronymic", "gender")}
        self.docs = {ref.doc_id}
        self.munis = {ref.place.key} - {""}
        self.regions = {ref.place.region} - {""}
        self.orgs = set(ref.orgs)
        self.order = ref.order

    def absorb(self, other: _Cluster, why: str) -> None:
        self.refs += other.refs
        self.reasons += other.reasons + [why]
        self.letters = max(self.letters, other.letters, key=len)
        for attr, values in other.names.items():
            self.names[attr] |= values
        self.docs |= other.docs
        self.munis |= other.munis
        self.regions |= other.regions
        self.orgs |= other.orgs
        self.order = min(self.order, other.order)


def _letters(initials: str) -> str:
    return re.sub(r"[^а-я]", "", _fold(initials))


def _fits(a: str, b: str) -> bool:
    """Initials fit when one spells the start of the other (``о`` fits ``оя``)."""
    return a.startswith(b) or b.startswith(a)


def _conflicts(a: _Cluster, b: _Cluster) -> list[str]:
    """What in the names speaks against one person (only evidence can outweigh it)."""
    out = []
    for attr, what in (("first_name", "first names"), ("patronymic", "patronymics"), ("gender", "genders")):
        both = a.names[attr] | b.names[attr]
        if len(both) > 1:
            out.append(f"{what} {'/'.join(sorted(both))}")
    return out


class _Persons:
    """Clusters person mentions into persons (see the module doc)."""

    def __init__(self, refs: list[_PersonRef], org_names: dict[str, str], place_names: dict[str, str]) -> None:
        self.org_names, self.place_names = org_names, place_names
        groups: dict[tuple[str, str], list[_Cluster]] = defaultdict(list)
        for ref in sorted(refs, key=lambda r: r.order):  # only the same surname and first initial can fit
            groups[(_fold(ref.p.surname), ref.letters[:1])].append(_Cluster(ref))
        self.clusters: list[_Cluster] = []
        for key in sorted(groups):
            self.clusters += self._merge(self._same_name_and_place(groups[key]))

    def _same_name_and_place(self, clusters: list[_Cluster]) -> list[_Cluster]:
        """Mentions written alike (same initials, first name, patronymic, gender) in one
        municipality are one person by the rules above; joining them first keeps the
        pairwise merge small, which is cubic in the mentions of one surname."""
        out: list[_Cluster] = []
        by_signature: dict[tuple, _Cluster] = {}
        for c in clusters:
            ref = c.refs[0]
            if not ref.place.key:
                out.append(c)
                continue
            signature = (c.letters, *(_fold(getattr(ref.p, a)) for a in ("first_name", "patronymic", "gender")),
                         ref.place.key, ref.place.region)
            first = by_signature.get(signature)
            if first is None:
                by_signature[signature] = c
                out.append(c)
            else:
                first.absorb(c, "municipality " + self.place_names[ref.place.key])
        return out

    def _evidence(self, a: _Cluster, b: _Cluster) -> tuple[int, str]:
        """How strongly the data says a and b are one person (0: it does not), and why."""
        if a.docs & b.docs:
            return 4, "same document"
        shared = a.orgs & b.orgs
        if shared:
            return 3, "shared org " + min(self.org_names.get(o, o) for o in shared)
        if a.munis & b.munis:
            return 2, "municipality " + self.place_names[min(a.munis & b.munis)]
        if a.munis and b.munis:
            return 0, "different municipality"
        if a.regions and b.regions and not a.regions & b.regions:
            return 0, "different region"
        reg = min(a.regions | b.regions, default="")
        return 1, "no municipality to compare" + (f", region {reg}" if reg else "")

    def _pair(self, a: _Cluster, b: _Cluster) -> tuple[int, str]:
        """Evidence for joining a and b, 0 when the names or places forbid it."""
        if not _fits(a.letters, b.letters):
            return 0, "different initials"
        strength, why = self._evidence(a, b)
        conflicts = _conflicts(a, b)
        if conflicts and strength < 3:
            return 0, "; ".join(conflicts)
        if conflicts:
            why += f" (despite {'; '.join(conflicts)})"
        return strength, why

    def _ambiguous(self, a: _Cluster, b: _Cluster, strength: int, clusters: list[_Cluster]) -> _Cluster | None:
        """The one of a and b that fits, as strongly, someone who cannot be the other
        (``Ласкан О.`` next to both ``Ласкан О.Я.`` and ``Ласкан О.П.``; ``Ласкан О.Я.``
        next to ``Ольга Яковлевна`` and ``Оксана Яковлевна``): then neither join is safe."""
        for x, y in ((a, b), (b, a)):
            for c in clusters:
                if c is not x and c is not y and self._pair(x, c)[0] >= strength and not self._pair(y, c)[0]:
                    return x
        return None

    def _merge(self, clusters: list[_Cluster]) -> list[_Cluster]:
        """Join the strongest unambiguous pair until none is left (exact initials first)."""
        while True:
            pairs = []
            for i, a in enumerate(clusters):
                for b in clusters[i + 1:]:
                    strength, why = self._pair(a, b)
                    if strength:
                        pairs.append((-strength, a.letters != b.letters, a.order, b.order, why, a, b))
            unsure = []
            for neg, _, _, _, why, a, b in sorted(pairs, key=lambda t: t[:4]):
                if (x := self._ambiguous(a, b, -neg, clusters)) is not None:
                    unsure.append(x)
                    continue
                a.absorb(b, why)
                clusters.remove(b)
                break
            else:
                for x in unsure:
                    x.reasons.append(f"{x.refs[0].p.name} fits more than one person: not joined")
                return clusters

    def rows(self) -> tuple[list[PersonRow], dict[int, str]]:
        """Person rows and the person_id of every mention row."""
        rows: list[PersonRow] = []
        ids: dict[int, str] = {}
        keys = Counter(self._base_key(c) for c in self.clusters)
        taken: Counter[str] = Counter()
        for c in sorted(self.clusters, key=lambda c: c.order):
            key = self._base_key(c)
            if keys[key] > 1:  # two people with one name in one place: tell them apart by what differs
                key += "|" + "|".join(sorted(c.names["first_name"]) + sorted(c.names["patronymic"])
                                      + sorted(c.names["gender"]))
                taken[key] += 1
                key += f"|{taken[key]}" if taken[key] > 1 else ""
            row = self._row(c, make_id("per", key))
            rows.append(row)
            ids.update({r.row: row.person_id for r in c.refs})
        namesakes: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        for n, row in enumerate(rows):
            letters = _letters(row.initials)
            namesakes[(_fold(row.surname), letters[:1])].append((letters, n))
        evidence = {}
        for group in namesakes.values():
            for letters, n in group:
                apart = [rows[o] for lo, o in group if o != n and _fits(lo, letters)]
                evidence[n] = "; ".join(filter(None, [rows[n].evidence, _apart(apart)]))
        rows = [replace(row, evidence=evidence[n]) for n, row in enumerate(rows)]
        return sorted(rows, key=lambda r: r.person_id), ids

    @staticmethod
    def _base_key(c: _Cluster) -> str:
        place = min(c.munis, default="") or min(c.regions, default="")
        return f"{_fold(c.refs[0].p.surname)}|{c.letters}|{place}"

    def _row(self, c: _Cluster, person_id: str) -> PersonRow:
        refs = c.refs
        initials = max((r.p.initials for r in refs), key=lambda s: (len(s), s))
        first = _best(r.p.first_name for r in refs)
        patronymic = _best(r.p.patronymic for r in refs)
        surname = _best(r.p.surname for r in refs)
        munis = Counter(r.place.key for r in refs if r.place.key)
        muni = min(munis, key=lambda k: (-munis[k], k)) if munis else ""
        return PersonRow(
            person_id=person_id, name=f"{surname} {initials}".strip(), surname=surname,
            first_name=first, patronymic=patronymic, initials=initials,
            gender=_best(r.p.gender for r in refs),
            evidence=self._explain(c, initials, first, patronymic),
            municipality=self.place_names.get(muni, ""),
            region=_best(r.place.region for r in refs),
            n_mentions=len(refs), n_documents=len(c.docs),
        )

    def _explain(self, c: _Cluster, initials: str, first: str, patronymic: str) -> str:
        """Why these mentions are one person, in the data's own words."""
        n, d = len(c.refs), len(c.docs)
        parts = [f"{n} mention{'s' * (n > 1)}" + (f" in {d} documents" if d > 1 else "")]
        full = " ".join(filter(None, [first, patronymic]))
        if full and any(not r.p.first_name for r in c.refs):
            parts.append(f"initials {initials} ⊂ {full}")
        short = sorted({r.p.initials for r in c.refs if r.p.initials and len(r.letters) < len(c.letters)})
        parts += [f"{s} ⊂ {initials}" for s in short]
        munis = sorted(self.place_names[m] for m in c.munis)
        if munis:
            parts.append(("municipality " if len(munis) == 1 else "municipalities ") + ", ".join(munis))
        elif c.regions:
            parts.append("region " + ", ".join(sorted(c.regions)))
        shared = sorted({self.org_names.get(o, o) for o in c.orgs
                         if len({r.doc_id for r in c.refs if o in r.orgs}) > 1})
        parts += [f"shared org {o}" for o in shared]
        said = set(parts)
        parts += [r for r in dict.fromkeys(c.reasons)
                  if r not in said and r != "same document" and not r.startswith("municipality ")
                  and not (r.startswith("shared org ") and r in said)]
        return "; ".join(parts)


def _apart(others: list[PersonRow], shown: int = 5) -> str:
    """Name the namesakes (same surname, fitting initials) that stay other people."""
    said = [f"not {o.name} of {o.municipality or o.region or 'unknown place'}" for o in others[:shown]]
    more = f"{len(others) - shown} more namesakes" if len(others) > shown else ""
    return "; ".join(filter(None, [*said, more]))


# --------------------------------------------------------------------------- the stage


def resolve(docs: list[Document], extractions: dict[str, Extraction], rules: RuleSet) -> dict[str, list]:
    """Every table's rows (``export.rows``), keyed by table name."""
    t: dict[str, list] = defaultdict(list)
    docs = sorted(docs, key=lambda d: d.source)
    places = _places(docs, extractions, rules)

    schools = _Schools(docs, extractions, places, rules)
    person_school = {
        (doc_id, i): schools.of_org(doc_id, p.org)
        for doc_id, ex in extractions.items() for i, p in enumerate(ex.persons) if p.org
    }
    school_orgs = {(doc_id, extractions[doc_id].persons[i].org) for (doc_id, i), sid in person_school.items() if sid}
    orgs = _Orgs(docs, extractions, places, school_orgs, rules)

    refs: list[_PersonRef] = []
    for doc in docs:
        place = places[doc.doc_id]
        ex = extractions.get(doc.doc_id)
        t["documents"].append(DocumentRow(
            doc_id=doc.doc_id, source=doc.source, format=doc.format, status=doc.status, error=doc.error,
            error_code=doc.error_code, title=doc.title, n_chars=doc.n_chars, sha256=doc.sha256, size=doc.size,
            encoding=doc.encoding, municipality=place.name, region=place.region))
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
            refs.append(_PersonRef(len(refs), doc.doc_id, (doc.source, p.start), p, place, org_id, school_id,
                                   _letters(p.initials)))
        _add_simple_mentions(t, doc.doc_id, ex, place)

    org_names = {k: v.name for k, v in orgs.rows.items()}
    org_names.update({k: _school_label(v) for k, v in schools.rows.items()})
    place_names = {p.key: p.name for p in places.values() if p.key}
    persons, person_ids = _Persons(refs, org_names, place_names).rows()
    t["person_mentions"] = [_mention_row(ref, person_ids[ref.row]) for ref in refs]
    t["persons"] = persons
    t["schools"] = sorted(schools.rows.values(), key=lambda r: r.school_id)
    t["organizations"] = sorted(orgs.rows.values(), key=lambda r: r.org_id)
    return t


def _mention_row(ref: _PersonRef, person_id: str) -> PersonMentionRow:
    p = ref.p
    return PersonMentionRow(doc_id=ref.doc_id, person_id=person_id, name=p.name, role="; ".join(p.roles), org=p.org,
                            org_id=ref.org_id, school_id=ref.school_id, start=p.start, end=p.end, text=p.text,
                            gender=p.gender)


def _school_label(row: SchoolRow) -> str:
    return " ".join(filter(None, [row.legal_form, row.kind, f"№ {row.number}", row.name]))


# tables whose rows come straight from each report's records and its place name,
# and the groups (each an Extraction field of that name) those records are
SIMPLE_TABLES = ("dates", "event_formats", "locations", "events")
SIMPLE_GROUPS = ("dates", "formats", "locations", "events")


def simple_tables(docs: list[Document], extractions: dict[str, Extraction],
                  place_names: dict[str, str]) -> dict[str, list]:
    """The rows of ``SIMPLE_TABLES`` alone, given each report's place name (the
    ``municipality`` of its documents row), as ``resolve`` writes them: what is left
    to do after a rule edit that changed no person, organization, school or place."""
    t: dict[str, list] = defaultdict(list)
    for doc in sorted(docs, key=lambda d: d.source):
        ex = extractions.get(doc.doc_id)
        if ex is not None:
            _add_simple_mentions(t, doc.doc_id, ex, Place("", place_names.get(doc.doc_id, ""), ""))
    return {name: t[name] for name in SIMPLE_TABLES}


def _add_simple_mentions(t: dict[str, list], doc_id: str, ex: Extraction, place: Place) -> None:
    """Mentions that need no resolution: dates, formats, places, events."""
    t["dates"] += [DateRow(doc_id=doc_id, value=d.value, kind=d.kind, year_inferred=d.year_inferred,
                           start=d.start, end=d.end, text=d.text) for d in ex.dates]
    t["event_formats"] += [EventFormatRow(doc_id=doc_id, format=f.format, start=f.start, end=f.end, text=f.text)
                           for f in ex.formats]
    t["locations"] += [LocationRow(doc_id=doc_id, name=loc.name, kind=loc.kind, start=loc.start, end=loc.end,
                                   text=loc.text) for loc in ex.locations]
    t["events"] += [EventRow(event_id=make_id("evt", f"{doc_id}|{n}"), doc_id=doc_id, format=e.format, title=e.title,
                             date=e.date, venue=e.venue, location=e.location or place.name, organizer=e.organizer,
                             participants=e.participants) for n, e in enumerate(ex.events)]
