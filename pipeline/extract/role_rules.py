"""The role reader's rules (``models/roles.yaml``), read once per rule set, and the
question other stages ask of a role: is it a post inside a school
(``is_school_staff``). Roles also read the written settlement markers of
``models/locations.yaml`` (``г.``, ``пгт``): a settlement after an organization
stays in the role's tail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ruleset import RuleSet
from .location_rules import FILE as LOCATIONS_FILE
from .location_rules import is_abbreviated_marker

FILE = "roles.yaml"
# roles also read the legal forms and kinds of schools and the settlement markers


@dataclass(frozen=True)
class RoleRules:
    heads: frozenset[str]
    feminine: dict[str, str]
    not_roles: frozenset[str]
    abbreviations: dict[str, str]
    needs_complement: frozenset[str]
    stop_words: frozenset[str]
    school_staff: tuple[str, ...]
    prefixes: frozenset[str]
    governs_instrumental: frozenset[str]  # lemmas: "заведующая детской библиотекой"
    generic_institutions: frozenset[str]  # lemmas: "директор школы" is the report's school
    any_school: frozenset[str]  # those of them that fit a school of any kind
    settlement_marks: frozenset[str]  # written settlement markers, as tokens ("г", "пгт", "р")
    titles: frozenset[str] = frozenset()  # ranks between a post and the name ("иерей")
    settlement_words: frozenset[str] = frozenset()  # one-word settlement markers ("село", "посёлок")


def role_rules(rules: RuleSet) -> RoleRules:
    return rules.derived("roles.rules", _role_rules)


def _role_rules(rules: RuleSet) -> RoleRules:
    d = rules.file(FILE)
    return RoleRules(
        heads=frozenset(d["heads"]) | frozenset(d.get("titles", ())),
        feminine=dict(d["feminine"]),
        not_roles=frozenset(d["not_roles"]),
        abbreviations={k.lower(): v for k, v in d["abbreviations"].items()},
        needs_complement=frozenset(d["needs_complement"]),
        stop_words=frozenset(d["stop_words"]),
        school_staff=tuple(d["school_staff"]),
        prefixes=frozenset(d["prefixes"]),
        governs_instrumental=frozenset(d["governs_instrumental"]),
        generic_institutions=frozenset(d["generic_institutions"]),
        any_school=frozenset(d["any_school"]),
        settlement_marks=frozenset(
            part.lower() for marker in rules.file(LOCATIONS_FILE)["settlement_markers"]
            if is_abbreviated_marker(marker) for part in re.split(r"[.\s]+", marker) if part
        ),
        titles=frozenset(d.get("titles", ())),
        settlement_words=frozenset(
            marker.replace("ё", "е") for marker in rules.file(LOCATIONS_FILE)["settlement_markers"]
            if not is_abbreviated_marker(marker) and " " not in marker
        ),
    )


def is_school_staff(role: str, rules: RuleSet) -> bool:
    """``учитель математики``, ``заместитель директора по УВР``: a post inside a school."""
    low = role.lower()
    return any(low == r or low.startswith(r + " ") for r in role_rules(rules).school_staff)
