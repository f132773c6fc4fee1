"""Event formats (``постер-сессия``, ``стратегическая сессия``, ``семинар`` …).

The lexicon in ``models/event_formats.yaml`` lists each format by its normalized
lemma with written variants; ``event_format_rules`` expands them into all their
case and number forms, so matching is a longest-first lookup over word tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection
from functools import lru_cache

from ..morph import parse
from ..records import FormatMention, Inputs
from ..ruleset import RuleSet
from ..text import TOKEN, fold
from .event_format_rules import FILE, format_rules

_MODIFIER = {"ADJF", "PRTF"}


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


_WITH = re.compile(r"\s+со?\s+[А-ЯЁа-яё]")  # «встреча с губернатором»
_WORD_BEFORE = re.compile(r"([А-ЯЁа-яё]+)\s*$")


def _quoted_term(text: str, s: int, e: int, start: int, end: int, cues: frozenset[str]) -> bool:
    """The quotation holds nothing but the format, in lower case or after a word
    that names a way of working (``технологию «Мировое кафе»``, cues): the format
    named as a term (``в формате «мирового кафе»``), not a title (``фестиваль
    «Педагогическая мастерская»``)."""
    if text[s + 1 : start].strip() or text[end : e - 1].strip():
        return False
    if text[start].islower():
        return True
    before = _WORD_BEFORE.search(text, max(0, s - 30), s)
    return bool(before and _lemmas(before.group(1), ("NOUN",)) & cues)


_BEFORE = ("ADJF", "PRTF", "NOUN")
_COMPLEMENT_POS = ("NOUN", "ADJF", "PRTF")  # the likeliest reading of a complement's word


def _complement(tokens, joined, i: int, nouns: frozenset[str] | None = None) -> int:
    """Number of tokens from ``i`` that form a genitive complement: adjectives then an
    inanimate noun, lower-case (``открытых уроков``, ``функциональной грамотности``).
    With ``nouns`` the noun must be one of them and may be capitalized, as bodies
    are (``заседание Совета``, ``заседания коллегии``)."""
    n = 0
    while i + n < len(tokens) and (n == 0 or joined[i + n - 1]):
        word = tokens[i + n][2]
        if not word[:1].islower() and nouns is None:
            return 0
        parses = parse(word)
        if not parses or parses[0].tag.POS not in _COMPLEMENT_POS:  # «неделя в …», «церемонией стали»
            return 0
        if nouns is None and any(
            p.tag.POS == "NOUN" and p.tag.case == "gent" and p.tag.animacy == "inan" for p in parses
        ):
            return n + 1
        if nouns is not None and any(
            p.tag.POS == "NOUN" and p.tag.case == "gent" and p.normal_form in nouns for p in parses
        ):
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
        return has_title(text, end, rules) or (name in fr.with_partner and bool(_WITH.match(text, end)))
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


def _anaphors(out: list[FormatMention], text: str, rules: RuleSet, written: list[str]) -> list[FormatMention]:
    """A format that is a word or a run of words of a longer format of the same
    report (``конференции`` after ``научно-практическая конференция``, ``семинар``
    after ``семинар-практикум``, ``торжественной церемонии`` after ``торжественная
    церемония награждения``) refers back to that event: it takes the nearest such
    format before it (else after it), unless it has a title of its own. ``written``:
    the variant each mention is a form of (``августовская педагогическая
    конференция`` of ``педагогическая конференция``), which counts as well. A
    synonym (``педсовет``) refers back to its ``same_as`` (``педагогический совет``)."""
    result = []
    for m in out:
        hyphenated = " " not in m.format and "-" in m.format and m.format not in format_rules(rules).same_as
        if hyphenated or has_title(text, m.end, rules):
            result.append(m)
            continue
        synonym = format_rules(rules).same_as.get(m.format)
        wider = [o for o, w in zip(out, written) if o.format != m.format
                 and (_part_of(m.format, o.format) or _part_of(m.format, w) or o.format == synonym)]
        if not wider:
            result.append(m)
            continue
        before = [o for o in wider if o.start < m.start]
        ref = before[-1] if before else wider[0]
        result.append(FormatMention(start=m.start, end=m.end, text=m.text, format=ref.format))
    return result


def _part_of(short: str, wide: str) -> bool:
    """``short`` is a word (``конференция`` of ``научно-практическая конференция``) or
    words in order (``церемония награждения`` of ``торжественная церемония
    награждения``, ``августовская конференция`` of ``августовская педагогическая
    конференция``) of ``wide``."""
    if " " not in short:
        return short in re.split(r"[\s-]+", wide)
    a, words = short.split(), iter(wide.split())
    return all(w in words for w in a)


_SCARE_QUOTE = re.compile(r"[»\"]\s+")


class _Joined:
    """``joined[i]``: only whitespace separates token ``i`` from token ``i + 1`` (the
    words of a phrase). Computed on demand: most tokens start no format."""

    def __init__(self, text: str, tokens: list[tuple[int, int, str]]) -> None:
        self.text, self.tokens = text, tokens

    def __len__(self) -> int:
        return max(0, len(self.tokens) - 1)

    def _at(self, i: int) -> bool:
        (s, e, _), nxt = self.tokens[i], self.tokens[i + 1][0]
        if not self.text[e:nxt].strip():
            return True
        # a word in scare quotes inside the phrase: «открытые» уроки
        return self.text[s - 1 : s] in "«\"" and s > 0 and bool(_SCARE_QUOTE.fullmatch(self.text, e, nxt))

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._at(k) for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._at(i)


# a dash between two words, spaced or not a hyphen (where it is not inside a token)
_DASH_GAP = re.compile(r"(?<=[0-9A-Za-zА-ЯЁа-яё])\s*[–—‐-]\s*(?=[0-9A-Za-zА-ЯЁа-яё])")


def _dash_joined(text: str, tokens: list[tuple[int, int, str]], hyphenated: frozenset[str]):
    """Two tokens joined by a spaced or en dash into a word a format is written with
    (``мастер – классах``, ``научно–практической``) are that word, hyphenated.
    Returns the tokens and whether any were joined."""
    starts = [t[0] for t in tokens]
    joins = []
    for m in _DASH_GAP.finditer(text):  # one scan, then only the words around a dash
        j = bisect_left(starts, m.end())
        if 0 < j < len(tokens) and starts[j] == m.end() and tokens[j - 1][1] == m.start():
            if fold(f"{tokens[j - 1][2]}-{tokens[j][2]}") in hyphenated:
                joins.append(j - 1)
    if not joins:
        return tokens, False
    out: list[tuple[int, int, str]] = []
    i = 0
    for j in joins:  # left to right; a word joined to the one before joins nothing after
        if j < i:
            continue
        out += tokens[i:j]
        out.append((tokens[j][0], tokens[j + 1][1], f"{tokens[j][2]}-{tokens[j + 1][2]}"))
        i = j + 2
    return out + tokens[i:], True


def find_formats(text: str, rules: RuleSet) -> list[FormatMention]:
    """Event formats mentioned in ``text``, longest phrase first, sorted by start.
    A format word inside a quoted name (``фестиваль «Педагогическая мастерская»``)
    is part of the name, not a mention."""
    fr = format_rules(rules)
    names = quoted_regions(text)
    tokens, dashed = _dash_joined(text, [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)],
                                  fr.hyphenated)
    folded = fold(text)  # fold once and slice per token, unless lower() changed a length (İ)
    if len(folded) != len(text):
        keys = [w if w in fr.cased else fold(w) for _, _, w in tokens]
    elif dashed:  # a joined token is not the text it spans
        keys = [w if w in fr.cased else folded[s:e] if text[s:e] == w else fold(w) for s, e, w in tokens]
    else:
        cased = fr.cased
        keys = [w if w in cased else folded[s:e] for s, e, w in tokens]
    joined = _Joined(text, tokens)
    out: list[FormatMention] = []
    written: list[str] = []
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
        if first and name in fr.not_after and _lemmas(tokens[first - 1][2], _BEFORE) & fr.not_after[name]:
            continue  # "пленарное заседание", "профессиональный праздник"
        if name in fr.complement:
            blocked = first and (
                tokens[first - 1][2].isdigit()
                or any(p.tag.POS == "NUMR" for p in parse(tokens[first - 1][2]))
                or _lemmas(tokens[first - 1][2], ("NOUN", "ADJF", "PRTF", "NPRO", "PREP"))
                & fr.complement_blockers
            )
            nouns = fr.complement_nouns.get(name)
            extra = _complement(tokens, joined, i, nouns) if not blocked and i < len(tokens) and joined[i - 1] else 0
            if extra:
                name = f"{name} {' '.join(w.lower() for _, _, w in tokens[i : i + extra])}"
                i += extra
                n += extra
            elif fr.complement[name] == "required":
                continue
        start, end = tokens[first][0], tokens[first + n - 1][1]
        if any(s < start and end < e and not _quoted_term(text, s, e, start, end, fr.term_cues) for s, e in names):
            continue
        if not _accepted(text, tokens, first, n, hit[1], rules):
            continue
        if hit[1] in fr.bodies and (met := _meeting_before(tokens, first, rules)) is not None:
            start = tokens[met][0]  # the mention is the meeting: "заседании РМО"
        out.append(FormatMention(start=start, end=end, text=text[start:end], format=name))
        written.append(fr.written.get(tuple(keys[first : first + hit[0]]), name))
    return _anaphors(out, text, rules, written)


def component(doc: Inputs, rules: RuleSet) -> list[FormatMention]:
    """The ``formats`` component (see ``extract.registry``)."""
    return find_formats(doc.text, rules)
