"""A place's name put in the nominative (``Чите`` → ``Чита``, ``Ейском районе`` →
``Ейский район``), and a settlement written after its marker (``г. Чита``, ``в
посёлке Первомайском``) read as one, unless the words are a year or a person
(``2022 г.``, ``д. Петрова И.И.``). The school reader uses ``settlement_at`` too.
"""

from __future__ import annotations

import re

from ..morph import match_case, nominative_phrase, parse
from ..place_words import adjective_lemmas
from ..ruleset import RuleSet
from ..text import fold
from .location_rules import Settlement, location_rules

_BEFORE_SETTLEMENT = re.compile(r"[ \t]*,?[ \t]*")
_INITIAL_BEFORE = re.compile(r"(?:[А-ЯЁ]\.\s*|\bим\.\s*|\bимени\s+)$")
_INITIAL_AFTER = re.compile(r"\s*(?:[А-ЯЁ]\.|[А-ЯЁ][а-яё]+(?:ович|евич|ич|овна|евна|ична|инична)[а-я]*\b)")


def recase(written: str, normalized: str) -> str:
    """Capitalize ``normalized`` as ``written`` is, hyphen part by hyphen part."""
    w_parts, n_parts = written.split("-"), normalized.split("-")
    if len(w_parts) != len(n_parts):
        return match_case(written, normalized)
    return "-".join(match_case(w, n) if w[:1].isupper() else n for w, n in zip(w_parts, n_parts))


def nominative_name(words: list[str], gender: str | None = None) -> str:
    """A settlement's name in the nominative: ``Чите`` → ``Чита``,
    ``Старощербиновской`` → ``Старощербиновская``, ``Нижнем Новгороде`` → ``Нижний Новгород``."""
    if len(words) > 1:
        return " ".join(recase(w, n) for w, n in zip(words, nominative_phrase(" ".join(words)).split()))
    word = words[0]
    parses = parse(word)

    def rank(p):
        t = p.tag
        return ("Geox" in t, t.POS == "NOUN" and "Surn" not in t and "Name" not in t, t.POS == "ADJF", p.score)

    useful = [p for p in parses if p.tag.POS in ("NOUN", "ADJF")]
    if gender and any(p.tag.POS == "ADJF" and p.tag.gender == gender for p in useful):
        useful = [p for p in useful if p.tag.POS == "ADJF" and p.tag.gender in (gender, None)]
    elif any("Geox" in p.tag for p in useful):
        useful = [p for p in useful if "Geox" in p.tag]
    if not useful:
        return word
    singular = [p for p in useful if p.tag.number == "sing"]
    if any(p.tag.case == "nomn" for p in singular):
        return word
    if not singular:  # plural-only names: "Набережные Челны", "Чебоксары"
        if any(p.tag.case == "nomn" for p in useful):
            return word
    else:
        useful = singular
    best = max(useful, key=rank)
    grammemes = {"nomn", "sing"} if singular else {"nomn"}
    if best.tag.POS == "ADJF":
        grammemes.add(best.tag.gender or gender or "masc")
    form = best.inflect(grammemes)
    return recase(word, form.word) if form else word


def settlement_at(text: str, pos: int, rules: RuleSet):
    """A settlement written at ``pos`` (after optional spaces and a comma):
    ``(start, end, name, kind)`` or None. Used by the school extractor."""
    gap = _BEFORE_SETTLEMENT.match(text, pos)
    assert gap is not None  # the pattern matches the empty string
    m = location_rules(rules).settlement_re.match(text, gap.end())
    return _settlement_from(m, text, rules) if m else None


def _known_city(word: str, rules: RuleSet) -> bool:
    return fold(word) in location_rules(rules).city_forms


def _person_word(word: str) -> bool:
    """A surname or a first name by its likeliest dictionary reading: ``Петрова``,
    not ``Номоконово``, ``Первомайский``, ``Кадникова`` (a town first), nor an
    unknown word guessed from its ending."""
    parses = parse(word)
    if not parses or len(parses[0].methods_stack) > 1:
        return False  # a guess from a word's ending ("Маслянино" ~ "Нино") proves nothing
    return bool({"Surn", "Name", "Patr"} & parses[0].tag.grammemes)


def _settlement_from(m: re.Match, text: str, rules: RuleSet):
    lr = location_rules(rules)
    marker = m.group("abbr") or m.group("word")
    spec: Settlement | None
    if m.group("abbr"):
        year = re.search(r"(№\s*)?(?<!\d)(\d+)\s*$", text[max(0, m.start() - 12) : m.start()])
        if m.group("abbr") in ("г.", "гор.") and year and not year.group(1) and len(year.group(2)) == 4:
            return None  # "2022 г. Чита": the year's "г."
        spec = lr.settlements[m.group("abbr")]
    else:
        spec = lr.settlements.get(fold(re.sub(r"\s+", " ", marker)))
        if spec is None:
            return None
    words = [m.group("name")]
    end = m.end("name")
    name2 = m.group("name2")
    if name2 and not _INITIAL_AFTER.match(text, m.end("name")):
        first_adj = any(p.tag.POS == "ADJF" for p in parse(words[0]))
        second_noun = any(p.tag.POS == "NOUN" for p in parse(name2))
        if first_adj and second_noun:
            words.append(name2)
            end = m.end("name2")
    if fold(words[0]) in lr.not_place or adjective_lemmas(words[0]) & lr.not_place:
        return None
    if lr.gazetteer.get(tuple(fold(w) for w in words), ("", "city"))[1] != "city":
        return None  # "город Германии", "города России": a country is not a town's name
    if m.group("word") and len(words) == 1 and _person_word(words[0]) and not _known_city(words[0], rules):
        return None  # "мэр города Лужков": a surname after the common noun
    if len(words) == 1 and _INITIAL_AFTER.match(text, end) and spec.kind != "city" and _person_word(words[0]):
        return None  # "… д. Петрова И.И.": a surname before initials, not a village
    name = f"{spec.abbr} {nominative_name(words, spec.gender)}"
    return (m.start(), end, name, spec.kind)


def _agreeing_nominative(adj: str, marker_written: str, marker: str, shared: bool = False) -> str | None:
    """``Ейском`` before ``муниципальном районе`` → ``Ейский``: the adjective put in
    the nominative singular of the marker's head noun, when it agrees with it. A
    ``shared`` plural noun takes singular adjectives (``Сокольского и Тотемского
    округов``)."""
    head_written, head_nom = marker_written.split()[-1], marker.split()[-1]
    cases = {(p.tag.case, p.tag.number) for p in parse(head_written) if p.tag.POS == "NOUN"}
    if shared:
        cases |= {(case, "sing") for case, number in cases if number == "plur"}
    gender = next((p.tag.gender for p in parse(head_nom) if p.tag.POS == "NOUN" and p.tag.case == "nomn"), None)
    for p in parse(adj):
        if p.tag.POS != "ADJF" or (p.tag.case, p.tag.number) not in cases:
            continue
        if p.tag.number == "sing" and p.tag.gender not in (gender, None):
            continue
        form = p.inflect({"nomn", "sing", gender} if gender else {"nomn", "sing"})
        if form:
            return recase(adj, form.word)
    return None
