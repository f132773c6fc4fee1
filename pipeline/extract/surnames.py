"""Surnames in the nominative by the declension paradigms of ``models/names.yaml``:
each paradigm proposes (nominative, gender, case) hypotheses for a written form
(``Ласкан`` m./f., ``Бердниковой`` → ``Бердникова`` f. gen./dat./…), both parts
of a double surname agreeing. The name reader (``names``) picks one by the
evidence around the name. pymorphy3 is not used here: it often does not know
surnames (NLP_STACK.md). A name's records (as written, normalized) live here too,
with the rule that one person keeps one surname within a report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..morph import match_case, parse
from ..ruleset import RuleSet

FILE = "names.yaml"
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_VOWELS = set("аеёиоуыэюяь")
_VELAR_HUSHING = set("кгхжшчщ")


@dataclass(frozen=True, slots=True)
class Hypothesis:
    nominative: str
    gender: str  # "m", "f" or "" (indeclinable: either)
    case: str  # a case from CASES, or "*" for indeclinable
    prior: float


@dataclass(slots=True)
class NameCandidate:
    """A name as written, before normalization."""

    start: int
    end: int
    surname: str  # surname as written (may be oblique)
    surname_start: int
    initials: str = ""  # "О.Я." as written, normalized spacing
    first_name: str = ""  # as written
    patronymic: str = ""  # as written
    gender_cues: set[str] = field(default_factory=set)
    case_cues: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class PersonName:
    surname: str
    first_name: str
    patronymic: str
    initials: str
    gender: str


def _endings(value) -> list[str]:
    return value if isinstance(value, list) else [value]


def surname_hypotheses(form: str, rules: RuleSet) -> tuple[Hypothesis, ...]:
    """Every (nominative, gender, case) reading of one surname form."""
    return rules.derived("names.surname_hypotheses", _surname_hypotheses)(form)


@dataclass(frozen=True)
class _Paradigms:
    indeclinable_endings: dict[str, float]
    paradigms: list[dict]
    feminine_indeclinable: bool
    adjectival_oblique: tuple[str, ...] = ()  # endings never of an indeclinable surname


def _surname_hypotheses(rules: RuleSet) -> Callable[[str], tuple[Hypothesis, ...]]:
    """``surname_hypotheses`` of one rule set, remembered per form."""
    data = rules.file(FILE)
    table = _Paradigms(data["indeclinable_endings"], data["paradigms"], bool(data.get("feminine_indeclinable")),
                       tuple(data.get("adjectival_oblique", ())))

    @lru_cache(maxsize=50_000)
    def hypotheses(form: str) -> tuple[Hypothesis, ...]:
        if " " in form:  # "Ле Пен", "Де Сантиса": the particle stays, the last word declines
            particle, last = form.rsplit(" ", 1)
            return tuple(Hypothesis(f"{particle} {h.nominative}", h.gender, h.case, h.prior) for h in hypotheses(last))
        return _hyphenated(form, hypotheses) if "-" in form else _hypotheses(form, table)

    return hypotheses


def _hypotheses(form: str, known: _Paradigms) -> tuple[Hypothesis, ...]:
    low = form.lower()
    out: list[Hypothesis] = []
    for ending, prior in known.indeclinable_endings.items():
        if low.endswith(ending):
            if not low.endswith(known.adjectival_oblique):  # "Рымашевского" is no "Шевченко"
                out.append(Hypothesis(form, "", "*", prior))
            break
    for par in known.paradigms:
        for gender_key, gender in (("masc", "m"), ("femn", "f")):
            table = par.get(gender_key)
            if not table:
                continue
            nom_ending = _endings(table["nomn"])[0]
            for case in CASES:
                for ending in _endings(table[case]):
                    if ending and not low.endswith(ending):
                        continue
                    stem = low[: len(low) - len(ending)] if ending else low
                    if len(stem) < 2:
                        continue
                    if ending in ("ы", "и") and {"ы", "и"} <= set(_endings(table[case])) and (
                            (ending == "и") != (stem[-1] in _VELAR_HUSHING)):
                        continue  # spelling: "Сороки", "Лопаты"; not "Берлускони" of "Берлускона"
                    if par.get("stems") and not any(stem.endswith(s) for s in par["stems"]):
                        if not (par.get("strip_soft_sign") and (stem + "ь").endswith("ь")):
                            continue
                    if any(stem.endswith(x) for x in par.get("exclude_stems", ())):
                        continue
                    if par.get("consonant_stem") and (stem[-1] in _VOWELS or stem[-1] in "йь"):
                        continue
                    if par.get("strip_soft_sign"):
                        if case == "nomn" and not low.endswith("ь"):
                            continue
                        if stem[-1] in _VOWELS and not stem.endswith("ь"):
                            continue  # no "Поздравляь", "Амвросиь": ь follows a consonant
                        nominative = stem if stem.endswith("ь") else stem + "ь"
                    else:
                        nominative = stem + nom_ending
                    out.append(Hypothesis(match_case(form, nominative), gender, case, par["prior"]))
    declined_elsewhere = any(h.case not in ("nomn", "*") and h.nominative.lower() != low for h in out)
    if known.feminine_indeclinable and low[-1] not in "аяоеиуыэюй" and not declined_elsewhere:
        out.append(Hypothesis(form, "f", "*", 0.5))
    if not out:
        out.append(Hypothesis(form, "", "*", 0.1))
    return tuple(out)


def _hyphenated(form: str, hypotheses: Callable[[str], tuple[Hypothesis, ...]]) -> tuple[Hypothesis, ...]:
    """Both parts of ``Савченко-Майер`` share gender and case."""
    left, right = form.split("-", 1)
    out = []
    for a in hypotheses(left):
        for b in hypotheses(right):
            if a.gender and b.gender and a.gender != b.gender:
                continue
            if a.case != "*" and b.case != "*" and a.case != b.case:
                continue
            case = b.case if a.case == "*" else a.case
            out.append(Hypothesis(f"{a.nominative}-{b.nominative}", a.gender or b.gender, case, a.prior * b.prior))
    return tuple(out) or (Hypothesis(form, "", "*", 0.1),)


def surname_words(span: list[str], rules: RuleSet) -> tuple[int, int]:
    """Which words of a written full name are the surname, as a slice: the last word,
    with a particle before it (``Марин Ле Пен``), or the first of an East Asian name
    (``Ху Цзиньтао``, ``Ким Чен Ир``). Rules: ``models/names.yaml``."""
    data = rules.file(FILE)
    n = len(span)
    if n >= 2 and span[0] in data.get("surname_first", ()):
        return 0, 1
    if n >= 3 and span[-2] in data.get("surname_particles", ()):
        return n - 2, n
    return n - 1, n


def womans_ich_surname(first: str, word: str) -> bool:
    """``Инна Домнич``: a man's patronymic cannot follow a woman's first name, so the
    ``-ич`` word is her surname."""
    genders = {p.tag.gender for p in parse(first) if "Name" in p.tag.grammemes and p.is_known}
    return genders == {"femn"} and word.endswith("ич")


def consistent(chosen: list[PersonName], cands: list[NameCandidate], rules: RuleSet) -> list[PersonName]:
    """One person, one surname within a report: an oblique form whose readings include
    the nominative another mention was written in (``Е.С. Левченко-Рудой`` beside
    ``Левченко-Рудая Е.С.``) takes that nominative."""
    written: dict[str, set[str]] = {}
    for name, c in zip(chosen, cands):
        if name.surname == c.surname:
            written.setdefault(name.initials[:2], set()).add(name.surname)
    everyone = set().union(*written.values()) if written else set()
    out = []
    for name, c in zip(chosen, cands):
        # a surname alone ("Лофнеру") can be anyone of the report
        known = written.get(name.initials[:2], set()) if name.initials else everyone
        if name.surname in known and len(known) > 1:
            name = _likelier_other(name, c, known, rules)
        elif name.surname not in known:
            for h in surname_hypotheses(c.surname, rules):
                if h.nominative in known:
                    gender = h.gender or name.gender
                    name = PersonName(h.nominative, name.first_name, name.patronymic, name.initials, gender)
                    break
        out.append(name)
    return out


def _likelier_other(name: PersonName, c: NameCandidate, known: set[str], rules: RuleSet) -> PersonName:
    """``Л.А. Гавриловой`` read as a man's ``Гавриловой`` (a far verb's gender) beside
    ``Л.А. Гаврилова``: the reading that is the other mention's nominative wins when it
    is the likelier type of surname."""
    hyps = surname_hypotheses(c.surname, rules)
    own = max((h.prior for h in hyps if h.nominative == name.surname), default=0.0)
    # a surname alone has no evidence of its own: an equally likely reading will do
    other = [h for h in hyps if h.nominative != name.surname and h.nominative in known
             and (h.prior > own or (not name.initials and h.prior >= own))]
    if not other:
        return name
    h = max(other, key=lambda h: h.prior)
    return PersonName(h.nominative, name.first_name, name.patronymic, name.initials, h.gender or name.gender)


def possible_cases(c: NameCandidate, rules: RuleSet) -> set[str]:
    """Cases the written name allows (for list agreement)."""
    cases = {h.case for h in surname_hypotheses(c.surname, rules)}
    return set(CASES) if "*" in cases else cases
