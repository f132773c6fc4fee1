"""Event formats (``постер-сессия``, ``стратегическая сессия``, ``семинар`` …).

The lexicon in ``models/event_formats.yaml`` lists each format by its normalized
lemma with written variants. At load every variant is expanded into all its
case and number forms with pymorphy3 (``августовской педагогической
конференции``, ``morph.phrase_forms``), so matching is a longest-first lookup
over word tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache

from ..morph import parse, phrase_forms
from ..records import FormatMention, Inputs
from ..rules import RuleError, check_unique
from ..ruleset import RuleSet
from ..text import TOKEN, fold

FILE = "event_formats.yaml"

_MODIFIER = {"ADJF", "PRTF"}


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class FormatRules:
    forms: dict[tuple[str, ...], str]  # token sequence (folded, abbreviations as written) -> format
    cased: frozenset[str]  # abbreviations, compared as written
    strict: frozenset[str]  # formats that need a title, a "held" word or a level
    titled: frozenset[str]  # formats that need a quoted title
    bodies: frozenset[str]  # formats that are standing bodies: an event only when met
    complement: dict[str, str]  # format -> "required" | "optional" genitive complement
    held_verbs: frozenset[str]  # lemmas of verbs reporting an event as held
    held_nouns: frozenset[str]  # lemmas of nouns doing the same for strict formats
    level_adjectives: frozenset[str]  # lemmas: "районный", "всероссийский" …
    stage_nouns: frozenset[str]  # lemmas: "этап"
    meeting_nouns: frozenset[str]  # lemmas: "заседание"
    complement_blockers: frozenset[str]  # lemmas before a time noun that make it a span of time
    title_skip: int
    title_skip_stops: frozenset[str]
    max_len: int
    firsts: frozenset[str]  # first tokens of the forms: any other token starts no format


_STRICT_VALUES = (True, "title")
_COMPLEMENT_VALUES = ("required", "optional")


def format_rules(rules: RuleSet) -> FormatRules:
    return rules.derived("formats.rules", _format_rules)


def _format_rules(rules: RuleSet) -> FormatRules:
    data = rules.file(FILE)
    formats = data["formats"]
    check_unique(list(formats), FILE, "format")
    forms: dict[tuple[str, ...], str] = {}
    cased: set[str] = set()
    strict: set[str] = set()
    titled: set[str] = set()
    bodies: set[str] = set()
    complement: dict[str, str] = {}
    for name, spec in formats.items():
        spec = spec or {}
        unknown = set(spec) - {"variants", "abbreviations", "strict", "body", "complement"}
        if unknown:
            raise RuleError(FILE, None, f"format {name!r}: unknown keys {sorted(unknown)}")
        variants = [name, *spec.get("variants", [])]
        check_unique(variants, FILE, f"variant of {name!r}")
        for variant in variants:
            for form in phrase_forms(variant):
                key = tuple(form.split())
                if forms.get(key, name) != name:
                    raise RuleError(FILE, None, f"{form!r} is a form of both {forms[key]!r} and {name!r}")
                forms[key] = name
        for abbr in spec.get("abbreviations", []):
            # an abbreviation may follow a noun that inflects: "курсы ПК"
            *lead, last = abbr.split()
            cased.add(last)
            for form in phrase_forms(" ".join(lead)) if lead else [""]:
                forms[(*form.split(), last)] = name
        if "strict" in spec:
            if spec["strict"] not in _STRICT_VALUES:
                raise RuleError(FILE, None, f"format {name!r}: strict must be true or 'title'")
            (titled if spec["strict"] == "title" else strict).add(name)
        if spec.get("body"):
            bodies.add(name)
        if "complement" in spec:
            if spec["complement"] not in _COMPLEMENT_VALUES:
                raise RuleError(FILE, None, f"format {name!r}: complement must be required or optional")
            complement[name] = spec["complement"]
    return FormatRules(
        forms=forms,
        cased=frozenset(cased),
        strict=frozenset(strict),
        titled=frozenset(titled),
        bodies=frozenset(bodies),
        complement=complement,
        held_verbs=frozenset(data["held_verbs"]),
        held_nouns=frozenset(data["held_nouns"]),
        level_adjectives=frozenset(data["level_adjectives"]),
        stage_nouns=frozenset(data["stage_nouns"]),
        meeting_nouns=frozenset(data["meeting_nouns"]),
        complement_blockers=frozenset(data["complement_blockers"]),
        title_skip=int(data["title_skip"]),
        title_skip_stops=frozenset(data["title_skip_stops"]),
        max_len=max(len(k) for k in forms),
        firsts=frozenset(k[0] for k in forms),
    )


# --------------------------------------------------------------------------- matching

_QUOTE_AFTER = re.compile(r"\s*(?:[:–—-]\s*)?(?:на\s+тему\s*:?\s*|по\s+теме\s*:?\s*)?[«\"“„]")
_LOWER_WORD = re.compile(r"\s+([а-яё]+(?:-[а-яё]+)*)")
_CLAUSE_END = re.compile(r"[.!?;\n]")


def _clause(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?;\n") + 1
    right = _CLAUSE_END.search(text, end)
    return text[left : right.start() if right else len(text)]


def is_held_verb(word: str, rules: RuleSet) -> bool:
    """A verb or short participle reporting an event as held (``состоялась``, ``проведена``)."""
    return rules.derived("formats.is_held_verb", _held_verb_test)(word)


def _held_verb_test(rules: RuleSet) -> Callable[[str], bool]:
    """``is_held_verb`` of one rule set, remembered per word (it reads only ``held_verbs``:
    the events group uses it too)."""
    verbs = frozenset(rules.file(FILE)["held_verbs"])

    @lru_cache(maxsize=50_000)
    def held(word: str) -> bool:
        return any(p.tag.POS in ("VERB", "PRTS") and p.normal_form in verbs for p in parse(word))

    return held


def _says_held(fragment: str, rules: RuleSet) -> bool:
    nouns = format_rules(rules).held_nouns
    for m in TOKEN.finditer(fragment):
        word = m.group()
        if is_held_verb(word, rules) or any(p.tag.POS == "NOUN" and p.normal_form in nouns for p in parse(word)):
            return True
    return False


def has_title(text: str, end: int, rules: RuleSet) -> bool:
    """A quoted name follows the format ending at ``end``, right after it or after a
    few lower-case words (``конкурс чтецов «Поэзия без границ»``); a preposition
    among them stops the look (``победители олимпиады в номинации «…»``)."""
    fr = format_rules(rules)
    pos = end
    for _ in range(fr.title_skip + 1):
        if _QUOTE_AFTER.match(text, pos):
            return True
        w = _LOWER_WORD.match(text, pos)
        if not w or w.group(1) in fr.title_skip_stops:
            return False
        pos = w.end()
    return False


def _lemmas(word: str, pos: Collection[str]) -> set[str]:
    return {p.normal_form for p in parse(word) if p.tag.POS in pos}


_QUOTE_EVENTS = re.compile(r"[«»\n]")


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside «…» (outermost, nesting honoured). An unbalanced « closes at a
    blank line or after 400 characters, so it never swallows the text."""
    regions, depth, start, prev = [], 0, 0, -1
    for m in _QUOTE_EVENTS.finditer(text):
        i, ch = m.start(), m.group()
        if depth and max(prev + 1, start + 401) <= i - 1:
            depth = 0  # expired on the characters between
        prev = i
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


def _quoted_term(text: str, s: int, e: int, start: int, end: int) -> bool:
    """The quotation holds nothing but the format, in lower case: the format named
    as a term (``в формате «мирового кафе»``), not a title (``«Педагогическая
    мастерская»``)."""
    return not text[s + 1 : start].strip() and not text[end : e - 1].strip() and text[start].islower()


def _complement(tokens, joined, i: int) -> int:
    """Number of tokens from ``i`` that form a genitive complement: adjectives then an
    inanimate noun, lower-case (``открытых уроков``, ``функциональной грамотности``)."""
    n = 0
    while i + n < len(tokens) and (n == 0 or joined[i + n - 1]):
        word = tokens[i + n][2]
        if not word[:1].islower():
            return 0
        parses = parse(word)
        if any(p.tag.POS == "NOUN" and p.tag.case == "gent" and p.tag.animacy == "inan" for p in parses):
            return n + 1
        if not any(p.tag.POS in _MODIFIER and p.tag.case == "gent" for p in parses):
            return 0
        n += 1
    return 0


def _meeting_before(tokens, i: int, rules: RuleSet) -> int | None:
    """Index of a meeting noun right before token ``i``, level adjectives allowed
    between (``занятие районной школы молодого педагога``); else None."""
    fr = format_rules(rules)
    j = i - 1
    while j >= 0 and i - j <= 3:
        word = tokens[j][2]
        if _lemmas(word, ("NOUN",)) & fr.meeting_nouns:
            return j
        if not _lemmas(word, _MODIFIER) & fr.level_adjectives:
            return None
        j -= 1
    return None


def _accepted(text: str, tokens, i: int, n: int, name: str, rules: RuleSet) -> bool:
    """Whether a strict, titled or body format at tokens ``i … i+n`` is an event here."""
    fr = format_rules(rules)
    start, end = tokens[i][0], tokens[i + n - 1][1]
    before = tokens[i - 1][2] if i else ""
    if name in fr.titled:
        return has_title(text, end, rules)
    if name in fr.bodies:
        # a standing body (РМО) is an event only when met: "заседание РМО", "РМО прошло"
        if _meeting_before(tokens, i, rules) is not None:
            return True
        prev_word = tokens[i - 1] if i else None
        next_word = tokens[i + n] if i + n < len(tokens) else None
        return any(
            w is not None and is_held_verb(w[2], rules) and not text[min(w[1], end) : max(w[0], start)].strip()
            for w in (prev_word, next_word)
        )
    if name in fr.strict:
        if has_title(text, end, rules) or _says_held(_clause(text, start, end), rules):
            return True
        # a level or a stage makes it a real event: "районного конкурса", "школьного этапа олимпиады"
        return bool(before) and bool(
            _lemmas(before, _MODIFIER) & fr.level_adjectives or _lemmas(before, ("NOUN",)) & fr.stage_nouns
        )
    return True


def _anaphors(out: list[FormatMention], text: str, rules: RuleSet) -> list[FormatMention]:
    """A one-word format that is a word of a longer format of the same report
    (``конференции`` after ``научно-практическая конференция``, ``семинар`` after
    ``семинар-практикум``) refers back to that event: it takes the nearest such
    format before it (else after it), unless it has a title of its own."""
    result = []
    for m in out:
        if " " in m.format or "-" in m.format or has_title(text, m.end, rules):
            result.append(m)
            continue
        wider = [o for o in out if o.format != m.format and m.format in re.split(r"[\s-]+", o.format)]
        if not wider:
            result.append(m)
            continue
        before = [o for o in wider if o.start < m.start]
        ref = before[-1] if before else wider[0]
        result.append(FormatMention(start=m.start, end=m.end, text=m.text, format=ref.format))
    return result


class _Joined:
    """``joined[i]``: only whitespace separates token ``i`` from token ``i + 1`` (the
    words of a phrase). Computed on demand: most tokens start no format."""

    def __init__(self, text: str, tokens: list[tuple[int, int, str]]) -> None:
        self.text, self.tokens = text, tokens

    def __len__(self) -> int:
        return max(0, len(self.tokens) - 1)

    def _at(self, i: int) -> bool:
        return not self.text[self.tokens[i][1] : self.tokens[i + 1][0]].strip()

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._at(k) for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._at(i)


def find_formats(text: str, rules: RuleSet) -> list[FormatMention]:
    """Event formats mentioned in ``text``, longest phrase first, sorted by start.
    A format word inside a quoted name (``фестиваль «Педагогическая мастерская»``)
    is part of the name, not a mention."""
    fr = format_rules(rules)
    names = quoted_regions(text)
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    folded = fold(text)  # fold once and slice per token, unless lower() changed a length (İ)
    if len(folded) == len(text):
        keys = [w if w in fr.cased else folded[s:e] for s, e, w in tokens]
    else:
        keys = [w if w in fr.cased else fold(w) for _, _, w in tokens]
    joined = _Joined(text, tokens)
    out: list[FormatMention] = []
    i = 0
    while i < len(tokens):
        hit = None
        if keys[i] not in fr.firsts:
            i += 1
            continue
        for n in range(min(fr.max_len, len(tokens) - i), 0, -1):
            if n > 1 and not all(joined[i : i + n - 1]):
                continue
            name = fr.forms.get(tuple(keys[i : i + n]))
            if name is not None:
                hit = (n, name)
                break
        if hit is None:
            i += 1
            continue
        n, name = hit
        first = i
        i += n
        if name in fr.complement:
            blocked = first and (
                tokens[first - 1][2].isdigit()
                or any(p.tag.POS == "NUMR" for p in parse(tokens[first - 1][2]))
                or _lemmas(tokens[first - 1][2], ("NOUN", "ADJF", "PRTF", "NPRO", "PREP"))
                & fr.complement_blockers
            )
            extra = _complement(tokens, joined, i) if not blocked and i < len(tokens) and joined[i - 1] else 0
            if extra:
                name = f"{name} {' '.join(w.lower() for _, _, w in tokens[i : i + extra])}"
                i += extra
                n += extra
            elif fr.complement[name] == "required":
                continue
        start, end = tokens[first][0], tokens[first + n - 1][1]
        if any(s < start and end < e and not _quoted_term(text, s, e, start, end) for s, e in names):
            continue
        if not _accepted(text, tokens, first, n, hit[1], rules):
            continue
        if hit[1] in fr.bodies and (met := _meeting_before(tokens, first, rules)) is not None:
            start = tokens[met][0]  # the mention is the meeting: "заседании РМО"
        out.append(FormatMention(start=start, end=end, text=text[start:end], format=name))
    return _anaphors(out, text, rules)


def component(doc: Inputs, rules: RuleSet) -> list[FormatMention]:
    """The ``formats`` component (see ``extract.registry``)."""
    return find_formats(doc.text, rules)
