"""Event formats (``постер-сессия``, ``стратегическая сессия``, ``семинар`` …).

The lexicon in ``models/event_formats.yaml`` lists each format by its normalized
lemma with written variants. At load every variant is expanded into all its
case and number forms with pymorphy3 (``августовской педагогической
конференции``), so matching is a longest-first lookup over word tokens.

Also home of ``phrase_forms``, the phrase inflector the school and place
extractors reuse for their lexicons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from ..morph import parse
from ..records import FormatMention
from ..rules import RuleError, check_unique, rule_file

RULE_FILES = ("event_formats.yaml",)

TOKEN = re.compile(r"[0-9A-Za-zА-ЯЁа-яё]+(?:-[0-9A-Za-zА-ЯЁа-яё]+)*")
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_MODIFIER = {"ADJF", "PRTF"}


def fold(word: str) -> str:
    """Lower-case and ``ё`` → ``е`` (same length, so offsets survive)."""
    return word.lower().replace("ё", "е")


# --------------------------------------------------------------------------- inflection


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
            if form.tag.case in _CASES and form.tag.number:
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
        return frozenset({fold(phrase)})
    forms = {fold(phrase)}
    tail = words[head + 1 :]
    gender = _head_parse(words[head]).tag.gender
    for (case, number), heads in _word_forms(words[head]).items():
        slots = [_modifier_forms(w, case, number, gender) for w in words[:head]]
        for combo in product(*slots, sorted(heads)):
            forms.add(fold(" ".join([*combo, *tail])))
    return frozenset(forms)


def _is_modifier(word: str, words: list[str], i: int) -> bool:
    """An adjective that also reads as a noun stays a modifier before another noun."""
    if i + 1 >= len(words):
        return False
    return any(p.tag.POS in _MODIFIER for p in parse(word)) and _head_parse(words[i + 1]) is not None


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class FormatRules:
    forms: dict[tuple[str, ...], str]  # token sequence (folded, abbreviations as written) -> format
    cased: frozenset[str]  # abbreviations, compared as written
    strict: frozenset[str]  # formats that need a title or a "held" verb
    held_verbs: frozenset[str]  # lemmas of verbs reporting an event as held
    held_nouns: frozenset[str]  # lemmas of nouns doing the same for strict formats
    max_len: int


@lru_cache(maxsize=1)
def format_rules() -> FormatRules:
    rf = rule_file("event_formats.yaml")
    data = rf.data
    formats = data["formats"]
    check_unique(list(formats), rf.name, "format")
    forms: dict[tuple[str, ...], str] = {}
    cased: set[str] = set()
    strict = set()
    for name, spec in formats.items():
        spec = spec or {}
        unknown = set(spec) - {"variants", "abbreviations", "strict"}
        if unknown:
            raise RuleError(rf.name, None, f"format {name!r}: unknown keys {sorted(unknown)}")
        variants = [name, *spec.get("variants", [])]
        check_unique(variants, rf.name, f"variant of {name!r}")
        for variant in variants:
            for form in phrase_forms(variant):
                key = tuple(form.split())
                if forms.get(key, name) != name:
                    raise RuleError(rf.name, None, f"{form!r} is a form of both {forms[key]!r} and {name!r}")
                forms[key] = name
        for abbr in spec.get("abbreviations", []):
            # an abbreviation may follow a noun that inflects: "заседание РМО"
            *lead, last = abbr.split()
            cased.add(last)
            for form in phrase_forms(" ".join(lead)) if lead else [""]:
                forms[(*form.split(), last)] = name
        if spec.get("strict"):
            strict.add(name)
    return FormatRules(
        forms=forms,
        cased=frozenset(cased),
        strict=frozenset(strict),
        held_verbs=frozenset(data["held_verbs"]),
        held_nouns=frozenset(data["held_nouns"]),
        max_len=max(len(k) for k in forms),
    )


# --------------------------------------------------------------------------- matching

_QUOTE_AFTER = re.compile(r"\s*(?:[:–—-]\s*)?(?:на\s+тему\s*:?\s*|по\s+теме\s*:?\s*)?[«\"“„]")
_CLAUSE_END = re.compile(r"[.!?;\n]")


def _clause(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?;\n") + 1
    right = _CLAUSE_END.search(text, end)
    return text[left : right.start() if right else len(text)]


def is_held_verb(word: str) -> bool:
    """A verb or short participle reporting an event as held (``состоялась``, ``проведена``)."""
    verbs = format_rules().held_verbs
    return any(p.tag.POS in ("VERB", "PRTS") and p.normal_form in verbs for p in parse(word))


def _says_held(fragment: str) -> bool:
    nouns = format_rules().held_nouns
    for m in TOKEN.finditer(fragment):
        word = m.group()
        if is_held_verb(word) or any(p.tag.POS == "NOUN" and p.normal_form in nouns for p in parse(word)):
            return True
    return False


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside «…» (outermost, nesting honoured). An unbalanced « closes at a
    blank line or after 400 characters, so it never swallows the text."""
    regions, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "«":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "»" and depth:
            depth -= 1
            if depth == 0:
                regions.append((start, i + 1))
        elif depth and (i - start > 400 or (ch == "\n" and text[i + 1 : i + 2] == "\n")):
            depth = 0
    return regions


def find_formats(text: str) -> list[FormatMention]:
    """Event formats mentioned in ``text``, longest phrase first, sorted by start.
    A format word inside a quoted name (``фестиваль «Педагогическая мастерская»``)
    is part of the name, not a mention."""
    rules = format_rules()
    names = quoted_regions(text)
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    keys = [w if w in rules.cased else fold(w) for _, _, w in tokens]
    # only whitespace may separate the words of a phrase
    joined = [not text[a[1] : b[0]].strip() for a, b in zip(tokens, tokens[1:])]
    out: list[FormatMention] = []
    i = 0
    while i < len(tokens):
        hit = None
        for n in range(min(rules.max_len, len(tokens) - i), 0, -1):
            if n > 1 and not all(joined[i : i + n - 1]):
                continue
            name = rules.forms.get(tuple(keys[i : i + n]))
            if name is not None:
                hit = (n, name)
                break
        if hit is None:
            i += 1
            continue
        n, name = hit
        start, end = tokens[i][0], tokens[i + n - 1][1]
        i += n
        if any(s < start and end < e for s, e in names):
            continue
        if name in rules.strict and not (
            _QUOTE_AFTER.match(text, end) or _says_held(_clause(text, start, end))
        ):
            continue
        out.append(FormatMention(start=start, end=end, text=text[start:end], format=name))
    return out

