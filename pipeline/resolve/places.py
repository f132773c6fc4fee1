"""Where each report is: its municipality and region.

A report's municipality is the municipal place its text names most (a district,
urban district or city), else one named in an organization (``комитет
образования г. Читы``), else its folder in the archive, else a settlement it
names. ``г. Чита`` and ``городской округ «Город Чита»`` are one municipality
(``municipality_key``). Schools, unnamed bodies and people are told apart by it,
so it is resolved first, once per report.

The places come from the records: the report's place mentions, the places its
organizations name (read at extract time, ``OrgMention.places``) and the place
its folder names (``Extraction.folder_place``). A file that could not be read
has no records: it is where the readable reports of its folder are.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..records import Document, Extraction
from ..ruleset import RuleSet
from .keys import best, fold

MUNICIPAL_KINDS = ("district", "urban_district", "city")
SETTLEMENT_KINDS = ("village", "settlement")
_LEVEL = {"district": 0, "urban_district": 0, "city": 1}
# words that name the kind of a territorial unit, not which one it is
_UNIT_WORDS = frozenset(
    "г город городской округ муниципальный муниципальное район образование поселение городское сельское "
    "р п рп пгт ст с пос х д".split()
)


def municipality_key(name: str) -> str:
    """What identifies a municipality: its name without unit words, so
    ``г. Чита`` = ``городской округ «Город Чита»`` and ``р.п. Коченёво`` = ``Коченёво``."""
    words = re.findall(r"[а-я0-9]+(?:-[а-я0-9]+)*", fold(name))
    return " ".join(w for w in words if w not in _UNIT_WORDS) or fold(name)


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


def municipality(ex: Extraction | None, folder: str = "") -> str:
    """Where a report's schools and unnamed bodies are (see the module doc for the
    order); ``folder``: the place its folder names."""
    if ex is not None:
        named = _most_named([(loc.name, loc.kind) for loc in ex.locations if loc.kind in MUNICIPAL_KINDS])
        if named:
            return named
        owners = [o.places for o in ex.orgs] + [p.org_places for p in ex.persons if p.org]
        named = _most_named([(n, kind) for places in owners for n, kind in places if kind in MUNICIPAL_KINDS])
        if named:
            return named
    if folder or ex is None:
        return folder
    return _most_named([(loc.name, loc.kind) for loc in ex.locations if loc.kind in SETTLEMENT_KINDS])


def region(ex: Extraction | None, rules: RuleSet) -> str:
    """The report's region (official name: ``Кубань`` → ``Краснодарский край``): weaker
    evidence than a municipality, used only where the municipality is unknown."""
    if ex is None:
        return ""
    aliases = rules.file("locations.yaml")["informal_regions"]  # informal name -> official
    names = [loc.name for loc in ex.locations if loc.kind == "region"]
    names += [n for o in ex.orgs for n, kind in o.places if kind == "region"]
    return _most_named([(aliases.get(n, n), "region") for n in names])


def _folder(source: str) -> str:
    return source.rpartition("/")[0]


@dataclass(frozen=True)
class Place:
    key: str  # municipality_key, or "" when unknown
    name: str  # display name, the same for every report of the municipality
    region: str


def report_places(docs: list[Document], extractions: dict[str, Extraction], rules: RuleSet) -> dict[str, Place]:
    """Every report's place, with one display name per municipality across the archive
    and the region filled in from other reports of the same municipality."""
    folders = {_folder(d.source): ex.folder_place[0].name for d in docs
               if (ex := extractions.get(d.doc_id)) is not None and ex.folder_place}

    def folder(doc: Document) -> str:
        ex = extractions.get(doc.doc_id)
        if ex is None:  # unread: where its folder's readable reports are
            return folders.get(_folder(doc.source), "")
        return ex.folder_place[0].name if ex.folder_place else ""

    raw = {d.doc_id: (municipality(extractions.get(d.doc_id), folder(d)), region(extractions.get(d.doc_id), rules))
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
        out[doc_id] = Place(key, display.get(key, ""), reg or (best(regions[key]) if key else ""))
    return out
