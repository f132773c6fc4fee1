"""natasha's ORG spans as organizations: general-domain ones (companies, parties,
courts) where no rule found one, cut to a clean span and put in the nominative,
less the ones natasha gets wrong in this genre (schools, titles, surnames).
"""

from __future__ import annotations

import re

from ..morph import nominative_phrase, parse
from ..records import OrgMention
from ..ruleset import RuleSet
from .org_phrases import _CAPS, _lemmas, _quoted_title
from .org_rules import org_rules


def _ner_mentions(
    text: str, spans: list[tuple[int, int]], found: list[OrgMention], rules: RuleSet,
) -> list[OrgMention]:
    """natasha's ORG spans that no rule mention overlaps, in the nominative, less the
    ones natasha gets wrong in this genre (schools, titles, surnames)."""
    out = []
    for start, end in spans:
        start, end = _ner_bounds(text, start, end)
        if end <= start or any(start < o.end and o.start < end for o in found):
            continue
        if _ner_wrong(text, start, end, rules):
            continue
        phrase = re.sub(r"\s+", " ", text[start:end])
        abbr = phrase if _CAPS.fullmatch(phrase) and phrase.isupper() else ""  # "ОБСЕ" may name a full mention
        name = phrase if abbr else nominative_phrase(phrase)
        out.append(OrgMention(start, end, text[start:end], name, abbr, kind="named"))
    return out


def _ner_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span cut before a table cell, line break or person's initials
    (``МКУ ЦРО Н.И. Яценко``), with an opened «…» closed."""
    cut = re.search(r"\s*(?:\||\n|(?<!\w)[А-ЯЁ]\.\s?[А-ЯЁ]\.)", text[start:end])
    if cut:
        end = start + cut.start()
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in "»)":
        end -= 1
    # a person's name after the body ("администрация города Татьяна …") is not the body's
    # (a span with a patronymic is a person's whole name: it is rejected as it stands)
    patronymic = any("Patr" in parse(w)[0].tag.grammemes for w in re.findall(r"[А-ЯЁа-яё]+", text[start:end]))
    while not patronymic and (last := re.search(r"\s([А-ЯЁ][а-яё]+)$", text[start:end])) and _name_word(last.group(1)):
        end = start + last.start()
    if text.count("«", start, end) > text.count("»", start, end) and text[end : end + 1] == "»":
        end += 1
    return start, end


def _ner_wrong(text: str, start: int, end: int, rules: RuleSet) -> bool:
    table = org_rules(rules)
    words = re.findall(r"[A-Za-zА-ЯЁа-яё]+(?:-[A-Za-zА-ЯЁа-яё]+)*", text[start:end])
    if not words or all(w in table.not_orgs for w in words):
        return True  # "500+", "ШНОР", "СМИ"
    if {w.lower() for w in words} & {w.lower() for w in table.ner_not_in} or re.search(r"№|\d", text[start:end]):
        return True  # a school ("МБОУ СОШ № 4"), a staff abbreviation ("УВР")
    if _lemmas(words[0]) & table.territories:
        return True  # "Город Чита": a place
    if _common_words(words):
        return True  # "ГЛАВНЫЕ НОВОСТИ", "Болотнинского": no name of a body
    return _person_name(text, end, words) or _quoted_title(text, start, rules)


def _common_words(words: list[str]) -> bool:
    """A span of dictionary words that names no body: a heading in capitals, or
    adjectives without their noun (``Болотнинского``, ``Курской областной``)."""
    tops = [parse(w)[0] for w in words]
    if not all(p.is_known and not {"Orgn", "Geox", "Surn", "Name", "Abbr", "Trad"} & p.tag.grammemes for p in tops):
        return False
    if all(p.tag.POS in ("ADJF", "PRTF") for p in tops):
        return True
    return len(words) > 1 and all(w.isupper() and len(w) > 3 for w in words)


def _name_word(word: str) -> bool:
    """A first name or surname by its likeliest reading, and no place."""
    top = parse(word)[0].tag.grammemes
    return bool({"Name", "Surn"} & top) and not {"Geox", "Orgn"} & top


def _person_name(text: str, end: int, words: list[str]) -> bool:
    """A surname natasha read as an organization: followed by a given name
    (``Гурулёва Ирина Анатольевна``), or holding a patronymic."""
    if any("Patr" in p.tag.grammemes for w in words for p in parse(w)[:1]):
        return True
    nxt = re.match(r"\s+([А-ЯЁ][а-яё]+)", text[end : end + 30])
    return len(words) == 1 and nxt is not None and any("Name" in p.tag.grammemes for p in parse(nxt.group(1))[:2])
