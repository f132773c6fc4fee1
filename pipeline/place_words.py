"""Is a word a place adjective (``Щербиновский``, ``Тотемская``, ``Староминский``)?

A word-level test on the place rules (``locations.yaml``: ``adjective_endings``,
``other_adjectives``, ``not_place_adjectives``) and the word's dictionary
lemmas. The place extractor reads place phrases with it, and resolve asks it
of single words (whether an organization's name says whose it is, whether a
school is named after a district), so it lives here, shared, not inside an
extractor: resolve reads records and rule tables and calls no extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .morph import parse
from .ruleset import RuleSet
from .text import fold

FILE = "locations.yaml"


@dataclass(frozen=True)
class PlaceWords:
    ending: re.Pattern  # adjective endings of place names (``-ский``, ``-цкий``…)
    other: frozenset[str]  # place adjectives with other endings, folded lemmas
    not_place: frozenset[str]  # adjectives with such endings that name no place, folded lemmas


def place_words(rules: RuleSet) -> PlaceWords:
    return rules.derived("place_words", _place_words)


def _place_words(rules: RuleSet) -> PlaceWords:
    data = rules.file(FILE)
    return PlaceWords(
        ending=re.compile(data["adjective_endings"]),
        other=frozenset(fold(a) for a in data["other_adjectives"]),
        not_place=frozenset(fold(a) for a in data["not_place_adjectives"]),
    )


def adjective_lemmas(word: str) -> set[str]:
    """Folded lemmas of the word's adjective and participle readings."""
    return {fold(p.normal_form) for p in parse(word) if p.tag.POS in ("ADJF", "PRTF")}


def is_place_adjective(word: str, rules: RuleSet) -> bool:
    words = place_words(rules)
    low = fold(word)
    lemmas = adjective_lemmas(word) | {low}
    if lemmas & words.not_place:
        return False
    return bool(words.ending.search(low)) or bool(lemmas & words.other)
