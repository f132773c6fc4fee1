"""Role-head nouns (``учитель``, ``заместитель``, ``заведующая``): the words a role
phrase is headed by. The role reader (``roles``) finds roles by them, and the
organization reader (``orgs``) needs them too: a role word is no adjective of an
organization's name (``заведующей кафедрой``). Both import them from here, so
neither imports the other. Rules: ``models/roles.yaml`` (``heads``, ``feminine``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..morph import parse
from ..ruleset import RuleSet

FILE = "roles.yaml"


@dataclass(frozen=True)
class RoleHeads:
    heads: frozenset[str]  # lemmas of role nouns
    feminine: dict[str, str]  # a feminine role noun -> its masculine lemma ("учительница" -> "учитель")


def role_heads(rules: RuleSet) -> RoleHeads:
    return rules.derived("role_heads.heads", _role_heads)


def _role_heads(rules: RuleSet) -> RoleHeads:
    d = rules.file(FILE)
    return RoleHeads(heads=frozenset(d["heads"]) | frozenset(d.get("titles", ())), feminine=dict(d["feminine"]))


def lemmas(word: str) -> set[str]:
    """The dictionary forms of ``word`` (``ё`` as ``е``) and the word in lower case."""
    return {p.normal_form.replace("ё", "е") for p in parse(word)} | {word.lower()}


def is_role_head(word: str, rules: RuleSet) -> bool:
    """``word`` is a role noun in some form (``учителя``, ``учительница``)."""
    r = role_heads(rules)
    lem = lemmas(word)
    return bool(lem & r.heads) or bool(lem & set(r.feminine))
