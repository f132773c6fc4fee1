"""The rule tables of ``schools``, built once per rule set from ``models/schools.yaml``:
the patterns that find a school (a legal form, a kind written out or
abbreviated, an ordinal before a kind) and what each written kind is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..morph import phrase_forms
from ..rules import check_unique
from ..ruleset import RuleSet
from ..text import fold
from .alternation import alternation

FILE = "schools.yaml"
_L = "А-Яа-яЁёA-Za-z"


@dataclass(frozen=True)
class SchoolRules:
    anchor_re: re.Pattern  # a legal form or a kind
    ordinal_re: re.Pattern  # a number before the kind, as an ordinal: «49-го лицея», «в 5-й школе»
    kind_re: re.Pattern  # a kind (after a legal form)
    kind_of: dict[str, str]  # folded written kind -> kind
    phrase_of: dict[str, str]  # folded form of a kind's phrase -> the phrase (`школы` -> `школа`)
    general: frozenset[str]  # folded forms of the phrases that write no level (`школы`)
    abbreviations: frozenset[str]
    legal_forms: dict[str, str]
    not_numbers: tuple[str, ...]
    may_follow_list: frozenset[str]
    titles: frozenset[str]
    spec_re: re.Pattern
    max_range: int
    general_kind: str  # a school with neither a kind nor a known legal form


def _alt(forms, cased: bool) -> str:
    return alternation(forms, yo=not cased)


def school_rules(rules: RuleSet) -> SchoolRules:
    return rules.derived("schools.rules", _school_rules)


def _school_rules(rules: RuleSet) -> SchoolRules:
    data = rules.file(FILE)
    kind_of: dict[str, str] = {}
    phrase_of: dict[str, str] = {}
    abbreviations: set[str] = set()
    phrases: set[str] = set()
    general = {form for phrase in data["general_phrases"] for form in phrase_forms(phrase)}
    for phrase in data["general_phrases"]:
        for form in phrase_forms(phrase):
            kind_of.setdefault(form, str(data["general_kind"]))
            phrase_of.setdefault(form, phrase)
            phrases.add(form)
    for kind, spec in data["kinds"].items():
        for abbr in spec.get("abbreviations", []):
            abbreviations.add(abbr)
            kind_of[abbr] = kind
        for phrase in spec.get("phrases", []):
            for form in phrase_forms(phrase):
                kind_of.setdefault(form, kind)
                phrase_of.setdefault(form, phrase)
                phrases.add(form)
    check_unique(data["not_numbers"], FILE, "not_numbers entry")
    legal = dict(data["legal_forms"])
    # an abbreviation in lower case («тацинской сош №1») only right before a number sign
    lower = {a.lower() for a in abbreviations if a.isupper() and len(a) > 2}
    kind_rx = (rf"(?:(?P<abbr>{_alt(abbreviations, True)})|(?P<labbr>{_alt(lower, True)})(?=[ \t]*(?:№|N[º°o]?\s*\d))"
               rf"|(?P<phrase>(?i:{_alt(phrases, False)}))(?![А-Яа-яЁё]))")
    words = sorted({form for form in phrases if " " not in form and "-" not in form})
    ordinal_rx = (rf"(?<![\d.,№/])(?P<n>\d{{1,3}})-?(?:й|я|го|ой|ому|ю|м|ом|ая|ую|ей|е)\s+"
                  rf"(?P<phrase>(?i:{_alt(words, False)}))(?![А-Яа-яЁё])")
    lf_rx = rf"(?P<lf>{_alt(legal, True)})(?![А-Яа-яЁё])"
    specs = sorted(data["specialization"], key=len, reverse=True)
    spec_rx = "|".join(r"\s+".join(map(re.escape, s.split())) for s in specs)
    return SchoolRules(
        anchor_re=re.compile(rf"(?<![{_L}])(?:{lf_rx}|{kind_rx})"),
        ordinal_re=re.compile(ordinal_rx),
        kind_re=re.compile(kind_rx),
        kind_of=kind_of,
        phrase_of=phrase_of,
        general=frozenset(general),
        abbreviations=frozenset(abbreviations),
        legal_forms=legal,
        not_numbers=tuple(fold(w) for w in data["not_numbers"]),
        may_follow_list=frozenset(fold(w) for w in data["may_follow_list"]),
        titles=frozenset(fold(w) for w in data["eponym_titles"]),
        spec_re=re.compile(rf"\s*,?\s*(?P<spec>(?i:{spec_rx}))(?![А-Яа-яЁё])"),
        max_range=int(data["max_range"]),
        general_kind=str(data["general_kind"]),
    )


def school_abbreviations(rules: RuleSet) -> frozenset[str]:
    """The abbreviated school kinds (``СОШ``, ``МБДОУ``), read off ``kinds`` alone (the
    role reader needs them, and no other school rule)."""
    return rules.derived("schools.abbreviations", _school_abbreviations)


def _school_abbreviations(rules: RuleSet) -> frozenset[str]:
    return frozenset(abbr for spec in rules.file(FILE)["kinds"].values() for abbr in spec.get("abbreviations", []))
