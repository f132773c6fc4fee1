"""Morphology shared by the rule modules: one pymorphy3 analyzer per process,
the phrase inflection every extractor needs (``Щербиновском районе`` →
``Щербиновский район``, ``доцентами кафедры`` → ``доцент кафедры``), and the
case and number forms a lexicon entry is expanded to (``phrase_forms``).

A Russian noun phrase in these reports is ``[adjectives] HEAD [genitive tail]``:
only the words up to and including the head agree with it, so only they are
inflected; the tail (``управления образования``) is kept as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

import pymorphy3

from .text import fold

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_AGREEING = {"ADJF", "PRTF", "NUMR"}
_NOUN = {"NOUN"}
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2")
_FORM_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")  # the cases lexicon forms are expanded to
_MODIFIER = {"ADJF", "PRTF"}


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The process-wide analyzer (loading dictionaries takes ~0.3 s)."""
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def parse(word: str) -> tuple:
    """Cached parses of one word (lower-cased)."""
    return tuple(analyzer().parse(word.lower()))


def match_case(template: str, word: str) -> str:
    """Give ``word`` the capitalization pattern of ``template``."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _agrees(adj, noun) -> bool:
    a, n = adj.tag, noun.tag
    if a.case != n.case or a.number != n.number:
        return False
    return n.number == "plur" or a.gender is None or n.gender is None or a.gender == n.gender


def _choose(words: list[str], head: int, plural_ok: bool):
    """Pick parses of the head noun and its agreeing modifiers, best score first."""
    best, best_score = None, -1.0
    for noun in parse(words[head]):
        if noun.tag.POS not in _NOUN:
            continue
        chosen, score = [], noun.score
        for word in words[:head]:
            fits = [p for p in parse(word) if p.tag.POS in _AGREEING and _agrees(p, noun)]
            if not fits:
                break
            pick = max(fits, key=lambda p: p.score)
            chosen.append(pick)
            score += pick.score
        else:
            # Prefer analyses where every modifier agrees; then singular; then score.
            rank = score + (0.5 if noun.tag.number == "sing" or plural_ok else 0.0)
            if rank > best_score:
                best, best_score = (chosen, noun), rank
    return best


@lru_cache(maxsize=100_000)
def nominative_phrase(phrase: str, singular: bool = False) -> str:
    """Put the agreeing head of a noun phrase in the nominative (and singular).

    Words after the head (genitive owners, quoted names, numbers) are kept.
    Returns the phrase unchanged when no analysis fits.
    """
    parts = phrase.split()
    if not parts:
        return phrase
    words = [p for p in parts]
    head = None
    for i, word in enumerate(words):
        if not _WORD.fullmatch(word):
            break
        if any(p.tag.POS in _NOUN for p in parse(word)):
            # an adjective that is also a noun reading (e.g. "главный") stays a modifier
            # when a later word can be the head
            if any(p.tag.POS in _AGREEING for p in parse(word)) and i + 1 < len(words) and _WORD.fullmatch(words[i + 1]):
                nxt = parse(words[i + 1])
                if any(p.tag.POS in _NOUN for p in nxt):
                    continue
            head = i
            break
        if not any(p.tag.POS in _AGREEING for p in parse(word)):
            break
    if head is None:
        return phrase
    choice = _choose(words, head, plural_ok=not singular)
    if choice is None:
        return phrase
    modifiers, noun = choice
    number = "sing" if singular else noun.tag.number or "sing"
    target_noun = noun.inflect({"nomn", number}) or noun.inflect({"nomn"})
    if target_noun is None:
        return phrase
    gender = target_noun.tag.gender
    out = []
    for word, mod in zip(words[:head], modifiers):
        grammemes = {"nomn", number}
        if number == "sing" and gender in ("masc", "femn", "neut"):
            grammemes.add(gender)
        form = mod.inflect(grammemes)
        out.append(match_case(word, form.word) if form else word)
    out.append(match_case(words[head], target_noun.word))
    return " ".join(out + parts[head + 1 :])


# --------------------------------------------------------------------------- lexicon forms


def _head_parse(word: str):
    nouns = [p for p in parse(word) if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
    return max(nouns, key=lambda p: p.score) if nouns else None


def _word_forms(word: str) -> dict[tuple[str, str], set[str]]:
    """Case/number forms of a head noun, hyphenated compounds both ways
    (``постер-сессии`` keeps its first part, ``семинара-практикума`` inflects both)."""
    out: dict[tuple[str, str], set[str]] = {}
    head = _head_parse(word)
    heads = [head] if head is not None else []
    if "-" in word:  # pymorphy offers both readings of a compound: take both
        heads = [p for p in parse(word) if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
    for head in heads:
        for form in head.lexeme:
            if form.tag.case in _FORM_CASES and form.tag.number:
                out.setdefault((form.tag.case, form.tag.number), set()).add(form.word)
    if "-" in word:
        first, last = word.rsplit("-", 1)
        for key, words in _word_forms(last).items():
            out.setdefault(key, set()).update(f"{first.lower()}-{w}" for w in words)
    return out


def _modifier_forms(word: str, case: str, number: str, gender: str | None) -> set[str]:
    mods = [p for p in parse(word) if p.tag.POS in _MODIFIER]
    if not mods:
        return {word.lower()}
    out = set()
    for p in mods:
        for form in p.lexeme:
            t = form.tag
            if t.POS not in _MODIFIER or t.case != case or t.number != number:
                continue
            if number == "sing" and gender and t.gender and t.gender != gender:
                continue
            out.add(form.word)
    return out or {word.lower()}


@lru_cache(maxsize=4096)
def phrase_forms(phrase: str) -> frozenset[str]:
    """All case/number forms of ``[modifiers] HEAD [tail]``, lower-case, ``ё`` as ``е``.

    The tail after the head noun (genitive complements, abbreviations) is kept as
    written; a word pymorphy cannot inflect is kept as written too.
    """
    words = phrase.split()
    head = next(
        (i for i, w in enumerate(words) if _head_parse(w) is not None and not _is_modifier(w, words, i)),
        None,
    )
    if head is None:
        if len(words) == 1:  # a substantivized adjective: "обучающийся", "заведующая"
            return frozenset({fold(phrase)} | _adjective_forms(words[0]))
        return frozenset({fold(phrase)})
    forms = {fold(phrase)}
    tail = words[head + 1 :]
    gender = _head_parse(words[head]).tag.gender
    for (case, number), heads in _word_forms(words[head]).items():
        slots = [_modifier_forms(w, case, number, gender) for w in words[:head]]
        for combo in product(*slots, sorted(heads)):
            forms.add(fold(" ".join([*combo, *tail])))
    return frozenset(forms)


def _adjective_forms(word: str) -> set[str]:
    """Every case form, both numbers and all genders, of a one-word adjective or
    participle in the nominative (``обучающийся`` → ``обучающихся``, ``обучающиеся``)."""
    out: set[str] = set()
    for p in parse(word):
        if p.tag.POS in _MODIFIER and p.tag.case == "nomn":
            out.update(
                fold(f.word) for f in p.lexeme
                if f.tag.POS == p.tag.POS and f.tag.case in _FORM_CASES
                and (f.tag.tense, f.tag.voice) == (p.tag.tense, p.tag.voice)
            )
    return out


def _is_modifier(word: str, words: list[str], i: int) -> bool:
    """An adjective that also reads as a noun stays a modifier before another noun."""
    if i + 1 >= len(words):
        return False
    return any(p.tag.POS in _MODIFIER for p in parse(word)) and _head_parse(words[i + 1]) is not None
