"""An Extraction seen as a careful reader's document-level answer (the gold format
of ``shared/eval/GOLD_FORMAT.md``), for ``svodka eval``."""

from __future__ import annotations

from ..extract.orgs import is_short_form
from ..records import Extraction, OrgMention
from ..text import contains_run, folded_words


def to_gold_record(doc: str, ex: Extraction) -> dict:
    persons: dict[str, dict] = {}
    for p in ex.persons:
        entry = persons.setdefault(p.name, {"name": p.name, "roles": [], "orgs": []})
        for role in p.roles:
            if role not in entry["roles"]:
                entry["roles"].append(role)
        if p.org and p.org not in entry["orgs"]:
            entry["orgs"].append(p.org)
    _fold_surname_only(persons)
    schools: dict[str, dict] = {}
    for s in ex.schools:
        item = schools.setdefault(s.number, {"number": s.number, "kind": s.kind})
        if s.name and not item.get("name"):
            item["name"] = s.name
    event = ex.events[0] if ex.events else None
    return {
        "doc": doc,
        "persons": list(persons.values()),
        "schools": list(schools.values()),
        "dates": _unique(d.value for d in ex.dates),
        "organizations": _organizations(ex.orgs),
        "event_formats": _unique(f.format for f in ex.formats),
        # places below the country, of an administrative level (GOLD_FORMAT.md): region, district, city,
        # settlement; the tables keep countries and areas (Сибирь, Арктика) too, by their kind
        "locations": _unique(loc.name for loc in ex.locations if loc.kind not in ("country", "area")),
        "event": {
            "format": event.format if event else None,
            "title": event.title if event else None,
            "date": event.date if event else None,
            "participants": event.participants if event else None,
        },
    }


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _organizations(found: list[OrgMention]) -> list[str]:
    """The report's organizations, one name each (see :func:`_widest`)."""
    keys: dict[str, tuple[str, ...]] = {}
    for o in found:
        if o.name:
            keys.setdefault(_org_name(o), folded_words(o.abbreviation if is_short_form(o) else o.name))
    return _widest(keys)


def _org_name(o: OrgMention) -> str:
    """How the gold writes an organization with its abbreviation: ``full name (ABBR)``."""
    if o.abbreviation and not contains_run(folded_words(o.name), folded_words(o.abbreviation)):
        return f"{o.name} ({o.abbreviation})"
    return o.name


def _widest(keys: dict[str, tuple[str, ...]]) -> list[str]:
    """``комитет образования`` and ``Комитет образования г. Читы``, ``ИМЦ``, ``МАУ «ИМЦ»``
    and ``МАУ «Информационно-методический центр» (ИМЦ)`` in one report are one
    organization: keep the fullest name, dropping each name whose words (for a short
    form, its abbreviation) run inside a longer one."""
    names = list(keys)
    words = {n: folded_words(n) for n in names}

    def covered(i: int, n: str) -> bool:
        return any(
            (len(words[m]) > len(words[n]) and contains_run(words[m], keys[n])) or (words[m] == words[n] and j < i)
            for j, m in enumerate(names) if m != n
        )

    return [n for i, n in enumerate(names) if not covered(i, n)]


def _fold_surname_only(persons: dict[str, dict]) -> None:
    """``Гиффордс`` alone and ``Гиффордс Г.`` in one report are one person."""
    for name in [n for n in persons if " " not in n]:
        fuller = [n for n in persons if n.startswith(name + " ")]
        if len(fuller) == 1:
            target = persons[fuller[0]]
            for key in ("roles", "orgs"):
                target[key] += [v for v in persons[name][key] if v not in target[key]]
            del persons[name]
