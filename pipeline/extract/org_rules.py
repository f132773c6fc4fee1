"""The organization reader's rules (``models/organizations.yaml``, and the legal
forms of schools from ``models/schools.yaml``), read once per rule set. The role
reader needs them too (which abbreviations are no organization, which kinds are
a unit of another): it imports them from here, not from ``orgs``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import OrgMention
from ..ruleset import RuleSet

FILE = "organizations.yaml"


@dataclass(frozen=True)
class OrgRules:
    abbreviations: dict[str, dict]
    not_orgs: frozenset[str]
    legal_forms: tuple[str, ...]
    heads: dict[str, str]
    governs_instrumental: frozenset[str]
    sub_units: frozenset[str]
    needs_owner: frozenset[str]
    territories: frozenset[str]
    abbreviation_patterns: re.Pattern
    needs_modifier: frozenset[str]
    generic_modifiers: dict[str, frozenset[str]]  # head -> adjectives that leave it a kind, no name
    not_modifiers: frozenset[str]
    joins_owner: frozenset[str]
    own_name_heads: frozenset[str]
    spelled_legal_forms: frozenset[str]
    ner_not_in: frozenset[str]
    title_nouns: frozenset[str]
    names_parent: frozenset[str]  # units whose owner is an organization too ("пресс-служба")
    school_forms: frozenset[str]  # legal forms of schools (schools.yaml): never "not an organization"
    legal_form_names: re.Pattern  # a legal form before a quoted name


def org_rules(rules: RuleSet) -> OrgRules:
    return rules.derived("orgs.rules", _org_rules)


def _org_rules(rules: RuleSet) -> OrgRules:
    data = rules.file(FILE)
    return OrgRules(
        abbreviations=dict(data["abbreviations"]),
        not_orgs=frozenset(data["not_organizations"]),
        legal_forms=tuple(sorted(data["legal_forms"], key=len, reverse=True)),
        heads=dict(data["heads"]),
        governs_instrumental=frozenset(data["governs_instrumental"]),
        sub_units=frozenset(data["sub_units"]),
        needs_owner=frozenset(data["needs_owner"]),
        territories=frozenset(data["territories"]),
        abbreviation_patterns=re.compile("|".join(f"(?:{p})" for p in data["abbreviation_patterns"])),
        needs_modifier=frozenset(data["needs_modifier"]),
        generic_modifiers={k: frozenset(v) for k, v in (data.get("generic_modifiers") or {}).items()},
        not_modifiers=frozenset(data["not_modifiers"]),
        joins_owner=frozenset(data["joins_owner"]),
        own_name_heads=frozenset(data["own_name_heads"]),
        spelled_legal_forms=frozenset(data["spelled_legal_forms"]),
        ner_not_in=frozenset(data["ner_not_in"]),
        title_nouns=frozenset(data["title_nouns"]),
        names_parent=frozenset(data.get("names_parent", ())),
        school_forms=frozenset(rules.file("schools.yaml")["legal_forms"]),
        legal_form_names=_legal_form_names_re(data["legal_forms"]),
    )


def _legal_form_names_re(legal_forms) -> re.Pattern:
    """A legal form (listed, or any all-caps abbreviation) right before «: a region's
    abbreviation may stand between the forms (``ГАУ ДПО НСО «…»``)."""
    forms = "|".join(re.escape(f) for f in sorted(legal_forms, key=len, reverse=True))
    return re.compile(
        rf"(?<![А-ЯЁа-яё])(?:[А-ЯЁ]{{2,7}} )*(?:{forms}|[А-ЯЁ]{{2,7}}(?:\s(?:ДПО|ДО|ВО|ВПО|СПО))*)\s*(?=«)")


def is_sub_unit(org: OrgMention, rules: RuleSet) -> bool:
    return org.kind in org_rules(rules).sub_units
