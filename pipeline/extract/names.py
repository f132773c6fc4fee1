"""Person names: find them in every written form and put them in the nominative.

Forms: ``О.Я. Ласкан``, ``Ласкан О.Я.``, ``О. Я. Ласкан``, ``Ласкан Ольга Яковлевна``,
``Ольга Яковлевна Ласкан``, ``Ольга Ласкан``, and natasha PER spans as a fallback.
Eponyms (``им. Е.И. Мирошко``) are not people.

Surnames are put in the nominative by declension paradigms kept in
``models/names.yaml`` (``surnames``): each paradigm proposes (nominative, gender,
case) hypotheses for a written form, and the evidence around the name — gender of
the first name or patronymic, a preposition's case, a verb or role that agrees —
picks one. pymorphy3 is used for first names and patronymics, which it knows well,
and not for surnames, which it often does not (NLP_STACK.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..morph import match_case, parse
from ..ruleset import RuleSet
from .surnames import (
    CASES,
    FILE,
    Hypothesis,
    NameCandidate,
    PersonName,
    surname_hypotheses,
    surname_words,
    womans_ich_surname,
)

UP = "А-ЯЁ"
LOW = "а-яё"
SURNAME = rf"[{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)?"
INITIAL = rf"[{UP}]\.?"
# "О.Я.", "О. Я.", "О.", "О.Я" (the last dot lost before a sentence end)
INITIALS = rf"[{UP}]\.\s?(?:[{UP}]\.|[{UP}](?![{LOW}]))?"
_INITS_RE = re.compile(rf"(?<![{UP}{LOW}])({INITIALS})")
_NOT_SURNAME_POS = {"VERB", "INFN", "GRND", "PREP", "CONJ", "PRCL", "NPRO", "ADVB", "PRED", "INTJ", "NUMR", "COMP"}
_WORD_RE = re.compile(rf"[{UP}{LOW}]+(?:-[{UP}{LOW}]+)*")


# --------------------------------------------------------------------------- rules


def not_surnames(rules: RuleSet) -> frozenset[str]:
    return rules.derived("names.not_surnames", lambda rs: frozenset(w.lower() for w in rs.file(FILE)["not_surnames"]))


def eponym_markers(rules: RuleSet) -> frozenset[str]:
    return rules.derived(
        "names.eponym_markers", lambda rs: frozenset(w.lower().rstrip(".:") for w in rs.file(FILE)["eponym_markers"]))


def place_markers(rules: RuleSet) -> tuple[str, ...]:
    return rules.derived("names.place_markers", lambda rs: tuple(rs.file(FILE).get("place_markers", ())))


def name_only_titles(rules: RuleSet) -> frozenset[str]:
    return rules.derived("names.name_only_titles", lambda rs: frozenset(rs.file(FILE).get("name_only_titles", ())))


def preposition_case(word: str, rules: RuleSet) -> str | None:
    return rules.file(FILE)["prepositions"].get(word.lower())


# --------------------------------------------------------------------------- given names


def _given(word: str, grammeme: str):
    return [p for p in parse(word) if grammeme in p.tag.grammemes]


def is_first_name(word: str) -> bool:
    """A singular first name the dictionary knows (not a guess by a known ending:
    ``Гурулёва`` is not ``гуру`` + ``Лёва``) that is not more likely a surname
    (``Сидоров`` ≠ pl. of ``Сидор``)."""
    if not word[:1].isupper() or "-" in word:
        return False  # hyphenated capitalized words are double surnames here
    names = [p for p in _given(word, "Name") if p.tag.number == "sing" and p.is_known]
    surnames = _given(word, "Surn")
    return bool(names) and max(p.score for p in names) >= max((p.score for p in surnames), default=0.0)


_PATRONYMIC_RE = re.compile(
    rf"[{UP}][{LOW}]+(?:ович|евич|ич|овн|евн|ичн|иничн)(?:а|ы|е|у|ой|ем|ом|им|а)?"
)


def is_patronymic(word: str) -> bool:
    """Known to the dictionary, or shaped like one (``Цыреновна``, ``Ильдусовной``)."""
    return bool(word[:1].isupper() and (_given(word, "Patr") or _PATRONYMIC_RE.fullmatch(word)))


def _given_nominative(word: str, grammeme: str, cases: set[str]) -> tuple[str, set[str], set[str]]:
    """Nominative of a first name / patronymic, with the genders and cases it can have."""
    parses = [p for p in _given(word, grammeme) if p.is_known]
    if not parses:
        return word, set(), set()
    # a rare reading ("Дмитрия" as a woman's name) is no evidence of gender or case
    top = max(p.score for p in parses)
    parses = [p for p in parses if p.score >= 0.2 * top]
    genders = {"f" if p.tag.gender == "femn" else "m" for p in parses if p.tag.gender in ("femn", "masc")}
    word_cases = {p.tag.case for p in parses}
    fitting = [p for p in parses if not cases or p.tag.case in cases] or parses
    best = max(fitting, key=lambda p: p.score)
    nom = best.inflect({"nomn", "sing"})
    return match_case(word, nom.word if nom else word), genders, word_cases


# --------------------------------------------------------------------------- finding names


def _is_surname_word(word: str, rules: RuleSet) -> bool:
    if len(word) < 2 or word.lower() in not_surnames(rules):
        return False
    parses = parse(word.split("-")[0])
    if {p.normal_form for p in parses if p.is_known} & name_only_titles(rules):
        return False  # "Иеромонах Трифон": a rank before a name is no surname
    # Next to initials a capitalized noun or adjective can be a surname (Бережная,
    # Сомова); a verb, pronoun or function word cannot.
    # a short participle counts only beside a verb reading ("Поздравляем"; "Ласкан" is a surname)
    verbal = _NOT_SURNAME_POS | ({"PRTS"} if any(p.tag.POS == "VERB" for p in parses) else set())
    if all(p.is_known and p.tag.POS in verbal for p in parses):
        return False
    # a plural common noun that can be a subject ("Участники", "Итоги") is not a surname
    if all(p.is_known and p.tag.number == "plur" for p in parses) and any(p.tag.case == "nomn" for p in parses):
        return False
    return True


def _glued_and(word: str) -> bool:
    """``Петровнаи``: a patronymic with the conjunction «и» glued on (a lost space)."""
    return len(word) > 4 and word.endswith(("аи", "ыи")) and is_patronymic(word[:-1])


def _given_cases(word: str, grammeme: str) -> set[str]:
    parses = [p for p in _given(word, grammeme) if p.is_known and p.tag.number == "sing"]
    return {p.tag.case for p in parses}


def _agrees_in_case(first: str, patr: str, surname: str, rules: RuleSet) -> bool:
    """``Веры Ивановны Чеченская Республика``: a word after a first name and patronymic is
    their surname only if it can stand in their case."""
    cases = _given_cases(first, "Name")
    if patr:
        patr_cases = _given_cases(patr, "Patr")
        cases = cases & patr_cases if cases and patr_cases else cases or patr_cases
    if not cases:
        return True
    readings = {h.case for h in surname_hypotheses(surname, rules)}
    return not readings or "*" in readings or bool(readings & cases)


def _person_noun(word: str) -> bool:
    """``Министр``, ``Губернатор``: a known animate common noun, not a name of anyone."""
    top = parse(word)[0]
    return top.is_known and top.tag.POS == "NOUN" and top.tag.animacy == "anim" and not (
        {"Name", "Surn", "Patr"} & top.tag.grammemes)


def _compound_prefix(word: str) -> bool:
    """``Коррекционно-развивающее``: an -о short form is the first half of a compound."""
    parses = parse(word)
    return word.endswith("о") and parses[0].tag.POS in ("ADJS", "ADVB") and not any(
        "Surn" in p.tag.grammemes for p in parses)


def _place_name(word: str) -> bool:
    """"Украины", "Москвы": a known place and not a known surname. (Next to initials
    a town's name can still be a surname: "Л.Г. Кирсанова".)"""
    parses = parse(word.split("-")[0])
    return all(p.is_known for p in parses) and any("Geox" in p.tag.grammemes for p in parses) and not any(
        "Surn" in p.tag.grammemes for p in parses
    )


def _surname_likeness(word: str) -> int:
    """2: a known surname; 1: unknown to the dictionary; 0: a known common word."""
    parses = parse(word.split("-")[0])
    if any("Surn" in p.tag.grammemes for p in parses):
        return 2
    if _place_name(word):
        return -1
    return 1 if not any(p.is_known for p in parses) else 0


def _eponym_before(text: str, start: int, rules: RuleSet) -> bool:
    """``им. Е.И. Мирошко``, ``имени А.С. Пушкина``: the name belongs to an organization."""
    before = text[max(0, start - 60) : start]
    if re.search(r"(?:^|[\s(])(?:" + "|".join(re.escape(m) for m in place_markers(rules)) + r")\s?$", before):
        return True  # "х. Маркин", "пер. Нестерова": a place or a street named after someone
    words = _WORD_RE.findall(before)
    markers = eponym_markers(rules)
    # after a rank in the genitive too: "им. Героя России майора К.П. Стрижова"
    for n in range(1, min(len(words), 5) + 1):
        if words[-n].lower() in markers:
            return n == 1 or all(len(w) > 1 and any(p.tag.case == "gent" for p in parse(w)) for w in words[-n + 1 :])
    return False


def _norm_initials(raw: str) -> str:
    letters = re.findall(rf"[{UP}]", raw)
    return "".join(f"{c}." for c in letters)


def find_candidates(text: str, rules: RuleSet, ner_per: Sequence[tuple[int, int]] = ()) -> list[NameCandidate]:
    """All person-name spans in ``text`` (eponyms excluded), leftmost-longest, no overlaps."""
    found: list[NameCandidate] = []
    # 1. initials next to a surname, in either order
    for m in _INITS_RE.finditer(text):
        inits = m.group(1)
        if not inits.rstrip().endswith(".") and len(_norm_initials(inits)) < 2:
            continue
        after = re.match(rf"\s?({SURNAME})\b", text[m.end() :])
        before = re.search(rf"\b({SURNAME})\s$", text[max(0, m.start() - 60) : m.start()])
        use_after = after and _is_surname_word(after.group(1), rules)
        use_before = before and _is_surname_word(before.group(1), rules)
        if use_after and use_before:
            assert after is not None and before is not None  # each use_* is truthy only with its match
            # "Тимергалиева А.А. Видеозаписи …" vs "…, И.О. Петров": the likelier
            # surname wins; a tie goes to the word after (initials-first is usual).
            use_before = _surname_likeness(before.group(1)) > _surname_likeness(after.group(1))
            use_after = not use_before
        if use_after:
            assert after is not None
            s, e = m.end() + after.start(1), m.end() + after.end(1)
            found.append(NameCandidate(m.start(), e, text[s:e], s, _norm_initials(inits)))
        elif use_before:
            assert before is not None
            s = m.start() - len(before.group(0))
            surname = before.group(1)
            end = m.end()
            # "Т.Ю" before a new sentence: keep the span tidy
            found.append(NameCandidate(s, end, surname, s, _norm_initials(inits)))
    # 2. full names: first name / patronymic words with a surname beside them
    words = list(_WORD_RE.finditer(text))
    for i, w in enumerate(words):
        # a first name pymorphy knows, or any capitalized word before a patronymic
        # (``Сэсэг Цыреновна``, ``Баирма Дашиевна``)
        nxt_patr = i + 1 < len(words) and _adjacent(text, w, words[i + 1]) and is_patronymic(words[i + 1].group())
        if not (is_first_name(w.group()) or (w.group()[0].isupper() and nxt_patr and _is_surname_word(w.group(), rules))):
            continue
        j = i + 1
        patr = ""
        if (j < len(words) and _adjacent(text, words[j - 1], words[j]) and is_patronymic(words[j].group())
                and not womans_ich_surname(w.group(), words[j].group())):
            patr = words[j].group()
            j += 1
        elif j < len(words) and _adjacent(text, words[j - 1], words[j]) and _glued_and(words[j].group()):
            # "Анна Петровнаи Ольга …": a patronymic glued to the next «и» ends the name
            patr = words[j].group()[:-1]
            j += 1
        nxt = words[j] if j < len(words) and _adjacent(text, words[j - 1], words[j]) else None
        prv = words[i - 1] if i > 0 and _adjacent(text, words[i - 1], w) else None
        if patr and patr != words[j - 1].group():
            nxt = None
        if (nxt is not None and nxt.group()[0].isupper() and _is_surname_word(nxt.group(), rules)
                and not is_first_name(nxt.group()) and _agrees_in_case(w.group(), patr, nxt.group(), rules)):
            found.append(NameCandidate(w.start(), nxt.end(), nxt.group(), nxt.start(), "", w.group(), patr))
        elif (prv is not None and prv.group()[0].isupper() and _is_surname_word(prv.group(), rules)
              and not is_first_name(prv.group()) and (patr or _ner_covers(ner_per, prv.start(), prv.end()))):
            end = words[j - 1].end()
            if patr.endswith("ич") and _surname_likeness(prv.group()) == 0 and max(
                    (h.prior for h in surname_hypotheses(prv.group(), rules)), default=0.0) < 0.9:
                # "депутат Думы Анатолий Василевич": a common noun before, an -ич surname after
                found.append(NameCandidate(w.start(), end, patr, words[j - 1].start(), "", w.group()))
            else:
                found.append(NameCandidate(prv.start(), end, prv.group(), prv.start(), "", w.group(), patr))
    # 3. natasha PER spans not covered above: a surname alone ("Иванов отметил") or a
    # first name the dictionary does not know before it ("Габриэль Гиффордс")
    for s, e in ner_per:
        span_words = [w for w in words if s <= w.start() and w.end() <= e]
        if not span_words or not all(w.group()[0].isupper() for w in span_words) or len(span_words) > 3:
            continue
        last = span_words[-1]
        if not _is_surname_word(last.group(), rules) or _place_name(last.group()) or is_patronymic(last.group()):
            continue  # "Елена Аркадьевна" names a person already met, without a surname
        if len(span_words) == 1 and (is_first_name(last.group()) or _surname_likeness(last.group()) == 0
                                     or re.match(rf"\s?[-–—]\s?[{LOW}]", text[e:]) and _compound_prefix(last.group())):
            continue  # a word alone: a first name ("Оксана"), a common word, "Научно-" of a compound
        if len(span_words) == 1 and not text[e:].strip() and _surname_likeness(last.group()) == 1:
            continue  # an unknown word ending a text with no full stop: a clipped fragment ("фото Ивано")

        lo, hi = surname_words([w.group() for w in span_words], rules)
        given = [w.group() for w in span_words[:lo] + span_words[hi:]]
        if _surname_likeness(span_words[hi - 1].group()) <= 0 and any(_person_noun(g) for g in given):
            continue  # "Министр Просвещения": a post and a common word, no name at all
        first = given[0] if given else ""
        # a second given name of an East Asian name stands where a patronymic would
        patr = given[1] if len(given) > 1 and (is_patronymic(given[1]) or lo == 0) else ""
        surname = text[span_words[lo].start() : span_words[hi - 1].end()]
        found.append(NameCandidate(span_words[0].start(), span_words[-1].end(), surname, span_words[lo].start(), "",
                                   first, patr))
    found += _monastic_names(words, text, rules)
    return _select(text, found, rules)


def _monastic_names(words: list[re.Match], text: str, rules: RuleSet) -> list[NameCandidate]:
    """``митрополит Тверской Амвросий``: after such a rank a first name alone is the whole name."""
    titles = name_only_titles(rules)
    out = []
    for i, w in enumerate(words):
        if not w.group()[1:].islower() or not {p.normal_form for p in parse(w.group())} & titles:
            continue
        j = i + 1
        while j < len(words) and (words[j].group() == "и" or (words[j].group()[0].isupper() and any(
                p.tag.POS == "ADJF" for p in parse(words[j].group())))):
            j += 1
        if j >= len(words) or not is_first_name(words[j].group()):
            continue
        if any(text[words[m].end() : words[m + 1].start()] != " " for m in range(i, j)):
            continue
        nxt = words[j + 1].group() if j + 1 < len(words) else ""
        if not (nxt[:1].isupper() and text[words[j].end() : words[j + 1].start()] == " "):
            n = words[j]
            out.append(NameCandidate(n.start(), n.end(), n.group(), n.start(), "", n.group()))
    return out


def _adjacent(text: str, a: re.Match, b: re.Match) -> bool:
    return text[a.end() : b.start()] in (" ",)


def _ner_covers(spans, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _select(text: str, found: list[NameCandidate], rules: RuleSet) -> list[NameCandidate]:
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[NameCandidate] = []
    for c in found:
        if out and c.start < out[-1].end:
            continue
        if _eponym_before(text, c.start, rules):
            continue
        out.append(c)
    return out


# --------------------------------------------------------------------------- normalization


def normalize(c: NameCandidate, rules: RuleSet) -> PersonName:
    """Choose the nominative reading that fits the cues; unknown gender stays ''."""
    gender_cues = set(c.gender_cues)
    case_cues = set(c.case_cues)
    first = patr = ""
    given_cases: set[str] = set()
    if c.first_name:
        first, genders, given_cases = _given_nominative(c.first_name, "Name", c.case_cues)
        if len(genders) == 1:
            gender_cues = genders
        if c.first_name == c.surname:  # a monastic name alone: the first name is the name
            return PersonName(first, "", "", "", next(iter(gender_cues)) if len(gender_cues) == 1 else "")
    if c.patronymic:
        patr, genders, patr_cases = _given_nominative(c.patronymic, "Patr", c.case_cues)
        if len(genders) == 1:
            gender_cues = genders
        given_cases = given_cases & patr_cases if given_cases and patr_cases else given_cases or patr_cases
    if not case_cues and given_cases and len(given_cases) < len(CASES):
        # "Марка Цукерберга": the surname is in the first name's case (an indeclinable
        # first name, "Николя Саркози", tells nothing)
        case_cues = given_cases
    hyps = list(surname_hypotheses(c.surname, rules))
    if len(gender_cues) == 1:
        g = next(iter(gender_cues))
        hyps = [h for h in hyps if h.gender in (g, "")] or hyps

    def rank(h: Hypothesis) -> float:
        score = h.prior
        if case_cues:
            score += 1.0 if (h.case in case_cues or h.case == "*") else 0.0
            # several cases fit (a list of names): the nominative is the likelier
            score += 0.1 if h.case in ("nomn", "*") and len(case_cues) > 1 and "nomn" in case_cues else 0.0
        else:
            score += 0.6 if h.case in ("nomn", "*") else 0.0
        return score

    best = max(hyps, key=rank)
    # "Ласкан", "Лопата": the same nominative reads as a man's or a woman's name
    tied = {h.gender for h in hyps if h.nominative == best.nominative and rank(h) >= rank(best) - 0.35}
    gender = best.gender if len(tied) == 1 else ""
    if not gender and len(gender_cues) == 1:
        gender = next(iter(gender_cues))
    initials = c.initials or "".join(f"{n[0].upper()}." for n in (first, patr) if n)
    return PersonName(best.nominative, first, patr, initials, gender)
