"""The place reader's rules (``models/locations.yaml``) compiled once per rule set: the
place nouns and their adjectives, units with quoted names, republics, settlement
markers and the gazetteer of cities, regions, countries and areas, each in every
case form. Schools and roles read the settlement markers too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..morph import parse, phrase_forms
from ..rules import RuleError, check_unique
from ..ruleset import RuleSet
from ..text import fold

FILE = "locations.yaml"


_L = "А-Яа-яЁё"
_NAME = r"[А-ЯЁ][а-яё]+(?:-(?:на-)?[А-ЯЁа-яё][а-яё]+)*"


def is_abbreviated_marker(marker: str) -> bool:
    """``г.``, ``р. п.``, ``ст-ца``: matched as written; ``город``, ``рабочий посёлок``
    are words, matched in every case form."""
    return "." in marker or "-" in marker


def _forms_regex(phrases) -> str:
    """Alternation of all case forms of ``phrases``, words joined by any whitespace."""
    return _alternation({f for p in phrases for f in phrase_forms(p)})


def _singular_forms(phrase: str) -> set[str]:
    """Case forms of ``phrase`` whose nouns may be singular: a settlement marker names
    one place (``города Вологды``), a plural does not (``в городах России``)."""
    lemmas = {p.normal_form for w in phrase.split() for p in parse(w) if p.tag.POS == "NOUN" and p.tag.case == "nomn"}
    out = set()
    for form in phrase_forms(phrase):
        nouns = [[p for p in parse(w) if p.tag.POS == "NOUN" and p.normal_form in lemmas] for w in form.split()]
        if all(any(p.tag.number == "sing" for p in ps) for ps in nouns if ps):
            out.add(form)
    return out


def _alternation(forms) -> str:
    alts = sorted(forms, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w).replace("е", "[её]") for w in f.split()) for f in alts)


def _abbreviation_form(written: str) -> str:
    """A region abbreviation as a pattern: a dash may be spaced or long, and a word
    after it inflects (``ХМАО-Югры``, ``РСО – Алании``)."""
    parts = []
    for part in written.split("-"):
        if part[1:] and part[1:].islower() and part[-1] in "аяеоиы":
            part = part[:-1] + "[а-яё]*"  # the stem: "Югр" of "Югра"
        elif part[1:] and part[1:].islower():
            part += "[а-яё]*"
        else:
            part = re.escape(part)
        parts.append(part)
    return r"\s?[–—-]\s?".join(parts)


@dataclass(frozen=True)
class Marker:
    kind: str
    drop: tuple[str, ...]


@dataclass(frozen=True)
class Settlement:
    abbr: str  # the marker in the name: the abbreviation as the report writes it
    kind: str
    gender: str
    family: str  # one kind of settlement: "пос." and "п." are both "п."


@dataclass(frozen=True)
class LocationRules:
    markers: dict[str, Marker]  # folded nominative marker phrase -> marker
    marker_of_form: dict[str, str]  # folded form -> nominative marker phrase
    not_place: frozenset[str]
    quoted_units: dict[str, str]
    unit_of_form: dict[str, str]
    settlements: dict[str, Settlement]  # folded written marker (or its form) -> settlement
    abbreviations: frozenset[str]  # settlement markers that are abbreviations, as written
    adjective_marker_re: re.Pattern
    quoted_unit_re: re.Pattern
    republic_re: re.Pattern
    settlement_re: re.Pattern
    prefix_re: re.Pattern
    gazetteer: dict[tuple[str, ...], tuple[str, str]]  # folded tokens -> (name, kind)
    city_forms: frozenset[str]  # folded case forms of every gazetteer city, marker_only ones too
    aliases: dict[str, str]  # informal region name -> official name ("Югра" -> "Ханты-Мансийский …")
    coordinated_re: re.Pattern
    unit_city_re: re.Pattern
    gazetteer_len: int
    abbreviation_re: re.Pattern  # a region's abbreviation; the number of the group that matched is its key
    named_unit_re: re.Pattern  # a unit then a name in the nominative: "городского округа Нальчик"
    named_units: dict[str, tuple[str, str]]  # folded unit form -> (unit as the name writes it, kind)
    after_preposition: dict[str, str]  # folded form of a marker_only city -> its name ("г. Курган")
    region_abbreviations: tuple[str, ...]  # the abbreviations, in the order of abbreviation_re's groups (1-based)


def location_rules(rules: RuleSet) -> LocationRules:
    return rules.derived("locations.rules", _location_rules)


def _location_rules(rules: RuleSet) -> LocationRules:
    data = rules.file(FILE)
    markers = {fold(k): Marker(v["kind"], tuple(v.get("drop", ()))) for k, v in data["markers"].items()}
    marker_of_form = {f: fold(k) for k in data["markers"] for f in phrase_forms(k)}
    units: dict[str, str] = {}
    city_units = []
    for unit, spec in data["quoted_units"].items():
        if isinstance(spec, dict):
            if set(spec) - {"kind", "with_town"}:
                raise RuleError(FILE, None, f"quoted unit {unit!r}: unknown keys")
            units[unit] = spec["kind"]
            if spec.get("with_town"):
                city_units.append(unit)
        else:
            units[unit] = spec
    unit_of_form = {f: k for k in units for f in phrase_forms(k)}

    settlements: dict[str, Settlement] = {}
    abbr_alts, word_alts = [], []
    for written, spec in data["settlement_markers"].items():
        s = Settlement(spec["abbr"], spec["kind"], spec["gender"], spec.get("family", spec["abbr"]))
        if is_abbreviated_marker(written):
            settlements[written] = s
            abbr_alts.append(re.escape(written))
        else:
            forms = _singular_forms(written)
            for form in forms:
                settlements[form] = s
            word_alts.append(_alternation(forms))

    check_unique(list(data["republics"]), FILE, "republic")
    rep_alts = "|".join(
        re.escape(n).replace(r"\ ", r"\s*") for n in sorted(data["republics"], key=len, reverse=True)
    )

    gazetteer: dict[tuple[str, ...], tuple[str, str]] = {}
    after_preposition: dict[str, str] = {}
    names = []
    for entry in data["cities"]:
        if isinstance(entry, dict):
            if set(entry) - {"name", "marker_only"}:
                raise RuleError(FILE, None, f"city entry {entry!r}: unknown keys")
            names.append(entry["name"])
            if entry.get("marker_only"):
                for form in phrase_forms(entry["name"]):
                    after_preposition[form] = f"г. {entry['name']}"
                continue
            entry = entry["name"]
        else:
            names.append(entry)
        for form in phrase_forms(entry):
            gazetteer[tuple(form.split())] = (f"г. {entry}", "city")
    check_unique(names, FILE, "city")
    for written, name in data["regions"].items():
        for form in phrase_forms(written):
            gazetteer[tuple(form.split())] = (name, "region")
    aliases: dict[str, str] = {}
    for written, canonical in data["informal_regions"].items():
        aliases[written] = canonical
        for form in phrase_forms(written):
            gazetteer[tuple(form.split())] = (written, "region")
    for section, kind in (("countries", "country"), ("areas", "area")):
        check_unique(data[section], FILE, section[:-1])
        for written in data[section]:
            for form in phrase_forms(written):
                key = tuple(form.split())
                if key in gazetteer and gazetteer[key][0] != written:
                    raise RuleError(FILE, None, f"{form!r} is a form of {gazetteer[key][0]!r} and {written!r}")
                gazetteer[key] = (written, kind)

    marker_re = re.compile(
        # a compound's first part is uninflected: a spaced dash after it («Усть – Кутского») joins, not after
        # an inflected word («Петрова – Краснодарского»)
        rf"(?<![{_L}-])(?P<adj>[А-ЯЁ][а-яё]+(?:(?:-|(?<=[бвгджзклмнпрстфхцчшщьоеыи])(?:[ \t]?[–—][ \t]?|[ \t]-[ \t]))"
        rf"[А-ЯЁ][а-яё]+)*)\s+"
        rf"(?P<marker>(?i:{_forms_regex(data['markers'])}))(?![{_L}])"
    )
    unit_re = re.compile(rf"(?<![{_L}])(?P<unit>(?i:{_forms_regex(units)}))\s*(?=[«\"„“])")
    republic_re = re.compile(rf"(?<![{_L}])(?P<head>[Рр]еспублик[аиеуо][йю]?)\s+(?P<name>{rep_alts})(?![{_L}])")
    settlement_re = re.compile(
        rf"(?<![{_L}.])(?:(?P<abbr>{'|'.join(sorted(abbr_alts, key=len, reverse=True))})\s*"
        rf"|(?P<word>(?i:{'|'.join(word_alts)}))\s+)"
        rf"(?P<name>{_NAME})(?:\s+(?P<name2>{_NAME}))?"
    )
    prefix_re = re.compile(rf"(?<![{_L}])(?:(?i:{_forms_regex(data['unit_prefixes'])}))\s+$")
    abbreviations = sorted(data["region_abbreviations"], key=len, reverse=True)
    for written, official in data["region_abbreviations"].items():
        if official:
            aliases[written] = official
    named: dict[str, tuple[str, str]] = {}
    for unit, kind in data["named_units"].items():
        for form in [unit] if is_abbreviated_marker(unit) else phrase_forms(unit):
            named[fold(form)] = (unit, kind)
    unit_alts = "|".join(r"\s*".join(map(re.escape, f.split())) if "." in f else r"\s+".join(f.split())
                         for f in sorted(named, key=len, reverse=True))
    return LocationRules(
        named_unit_re=re.compile(rf"(?<![{_L}.])(?P<unit>(?i:{unit_alts}))\s*(?P<name>{_NAME})(?![{_L}-])"),
        named_units=named,
        abbreviation_re=re.compile(
            rf"(?<![{_L}\w])(?:{'|'.join(f'({_abbreviation_form(a)})' for a in abbreviations)})(?![{_L}\w(])"
        ),
        region_abbreviations=tuple(abbreviations),
        after_preposition=after_preposition,
        markers=markers,
        marker_of_form=marker_of_form,
        not_place=frozenset(fold(a) for a in data["not_place_adjectives"]),
        quoted_units=units,
        unit_of_form=unit_of_form,
        settlements=settlements,
        abbreviations=frozenset(
            k for k, v in data["settlement_markers"].items()
            if is_abbreviated_marker(k) or v["abbr"].rstrip(".") == k
        ),
        adjective_marker_re=marker_re,
        quoted_unit_re=unit_re,
        republic_re=republic_re,
        settlement_re=settlement_re,
        prefix_re=prefix_re,
        gazetteer=gazetteer,
        aliases=aliases,
        city_forms=frozenset(f for n in names for f in phrase_forms(n)),
        coordinated_re=re.compile(
            rf"(?<![{_L}-])(?P<adj>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*)(?:\s*,\s*|\s+(?:и|или|а\s+также)\s+)$"
        ),
        unit_city_re=re.compile(
            rf"(?<![{_L}])(?P<unit>(?i:{_forms_regex(city_units)}))\s+"
            rf"(?P<marker>(?i:{_forms_regex(['город'])})\s+|г\.\s*)(?P<name>{_NAME}(?:\s+{_NAME})?)"
        ),
        gazetteer_len=max(len(k) for k in gazetteer),
    )
