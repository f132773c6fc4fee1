"""How two answers are compared: names, phrases, titles, and the maximum bipartite
matching that pairs gold items with predicted ones.

Names (``Фамилия И.О.``) become a tuple of lower-case tokens: the surname first,
then one token per given name or initial. Case, ``ё``/``е``, spaces and dots do
not count; apostrophes of any shape count as one (``О’Рейли``). A gold name
matches a predicted one when the surnames are equal and the gold's remaining
tokens are a *prefix* of the prediction's, token by token, where an initial
matches any word that starts with it:

>>> name_match("Лужков Ю.", "Лужков Ю.М.")
True
>>> name_match("Лужков Юрий", "Лужков Ю.М.")
True
>>> name_match("Ласкан О. Я.", "ласкан о.я.")
True
>>> name_match("Лужков Ю.М.", "Лужков Ю.")   # the prediction lost the patronymic
False

Phrases (roles, organizations, formats, places) compare word by word by lemma:
two words match when their pymorphy3 normal forms (any parse) share one, and a
phrase matches another when one is a contiguous run of the other:

>>> phrase_match("доцента кафедры", "доцент кафедры управления")
True
>>> phrase_match("комитет образования", "комитета образования г. Читы")
True
>>> phrase_match("ИРО", "институт развития образования")
False
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..morph import parse

_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼ`´"})
_NAME_SPLIT = re.compile(r"[\s.,]+")
_QUOTES = "«»„“”‟\"'‘’‚‛‹›`"
_PHRASE_TOKEN = re.compile(r"\w+(?:['’-]\w+)*\+*")
_CYRILLIC = re.compile(r"[а-я]")


def fold(text: str) -> str:
    """Lower case, ``ё`` → ``е``."""
    return text.lower().replace("ё", "е")


# ----------------------------------------------------------------------------- names


@lru_cache(maxsize=50_000)
def name_tokens(name: str) -> tuple[str, ...]:
    """``"Ласкан О. Я."`` → ``("ласкан", "о", "я")``; ``"О.Я. Ласкан"`` gives the same.

    The first word is the surname (kept whole, hyphen included); later words are
    split at hyphens (``Ж.-М.``, ``Жан-Мари`` → two given names). Leading initials
    (``О.Я. Ласкан``) are moved after the surname.
    """
    raw = [t for t in _NAME_SPLIT.split(fold(name).translate(_APOSTROPHES)) if t.strip("-")]
    lead = 0
    while lead < len(raw) and len(raw[lead].strip("-")) == 1:
        lead += 1
    if 0 < lead < len(raw):
        raw = raw[lead:] + raw[:lead]
    if not raw:
        return ()
    tokens = [raw[0]]
    for word in raw[1:]:
        tokens.extend(part for part in word.split("-") if part)
    return tuple(tokens)


def _given_match(gold: str, pred: str) -> bool:
    if len(gold) > 1 and len(pred) > 1:
        return gold == pred
    return gold[0] == pred[0]


def tokens_match(gold: tuple[str, ...], pred: tuple[str, ...]) -> bool:
    """Name-token comparison behind :func:`name_match`."""
    if not gold or not pred or len(gold) > len(pred) or gold[0] != pred[0]:
        return False
    return all(_given_match(g, p) for g, p in zip(gold[1:], pred[1:]))


def name_match(gold: str, pred: str) -> bool:
    """True when the predicted name is the gold person (see the module docstring)."""
    return tokens_match(name_tokens(gold), name_tokens(pred))


# ----------------------------------------------------------------------------- phrases


@lru_cache(maxsize=50_000)
def phrase_words(phrase: str) -> tuple[str, ...]:
    """Lower-case words of a phrase; quotes, ``№`` and other punctuation dropped."""
    text = fold(phrase).translate(_APOSTROPHES)
    words = tuple(w.strip("'") for w in _PHRASE_TOKEN.findall(text))
    return words or (text.strip(),)


@lru_cache(maxsize=100_000)
def _lemmas(word: str) -> frozenset[str]:
    if not _CYRILLIC.search(word):
        return frozenset((word,))
    return frozenset({word} | {fold(p.normal_form) for p in parse(word)})


@lru_cache(maxsize=50_000)
def phrase_lemmas(phrase: str) -> tuple[frozenset[str], ...]:
    """Per word, the set of its possible lemmas (the word itself included)."""
    return tuple(_lemmas(w) for w in phrase_words(phrase))


def _contains(outer: tuple[frozenset[str], ...], inner: tuple[frozenset[str], ...]) -> bool:
    n = len(inner)
    for start in range(len(outer) - n + 1):
        if all(outer[start + k] & inner[k] for k in range(n)):
            return True
    return False


@lru_cache(maxsize=200_000)
def phrase_match(a: str, b: str) -> bool:
    """Equal up to inflection, or one is a contiguous run of the other (by lemma)."""
    la, lb = phrase_lemmas(a), phrase_lemmas(b)
    return _contains(la, lb) if len(la) >= len(lb) else _contains(lb, la)


# a place's type word and its abbreviations, as GOLD_FORMAT.md matches them
_PLACE_TYPES = (("город", ("г.", "г", "гор.")), ("село", ("с.", "с")), ("станица", ("ст.", "ст-ца")),
                ("посёлок", ("п.", "пос.")), ("деревня", ("д.", "дер.")), ("хутор", ("х.", "хут.")),
                ("аул", ("а.",)), ("рабочий посёлок", ("р.п.", "рп", "р. п.")),
                ("посёлок городского типа", ("пгт", "п.г.т.", "пгт.")))
_PLACE_ABBREVIATION = re.compile(
    r"^(" + "|".join(re.escape(a) for _, abbrs in _PLACE_TYPES for a in sorted(abbrs, key=len, reverse=True))
    + r")\s*(?=[А-ЯЁ])")
_SPELLED = {a: word for word, abbrs in _PLACE_TYPES for a in abbrs}


def place_type_spelled(place: str) -> str:
    """``г. Томск`` → ``город Томск``: the type word written out, as GOLD_FORMAT.md
    has a type word match its abbreviation."""
    m = _PLACE_ABBREVIATION.match(place.strip())
    return f"{_SPELLED[m[1]]} {place.strip()[m.end():]}" if m else place


def phrase_exact(a: str, b: str) -> bool:
    """The same words as written (case, ``ё``, quotes and punctuation ignored)."""
    return phrase_words(a) == phrase_words(b)


# ----------------------------------------------------------------------------- exact values


def title_key(title: str) -> str:
    """Event titles: quotes, whitespace, case and ``ё`` ignored."""
    text = fold(title)
    return "".join(ch for ch in text if ch not in _QUOTES and not ch.isspace())


def value_key(value: str) -> str:
    """Dates and school numbers: exact, but surrounding and inner spaces and case ignored."""
    return "".join(fold(value).split())


def date_match(gold: str, pred: str) -> bool:
    """Dates exactly, end by end for ranges; a gold ``--MM-DD`` (a day and month the
    report gives no year for) matches that day in any year."""
    g, p = value_key(gold).split("/"), value_key(pred).split("/")
    return len(g) == len(p) and all(
        a == b or (a.startswith("--") and len(b) in (5 + 2, 10) and b[-5:] == a[2:]) for a, b in zip(g, p, strict=True))


# ----------------------------------------------------------------------------- matching


def max_matching(n: int, m: int, weight: Callable[[int, int], int]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` of a maximum-weight bipartite matching of ``n`` gold and ``m``
    predicted items; ``weight(i, j) <= 0`` means the two may not be paired.

    Callers give every allowed pair a weight of at least ``1 + sum of all bonuses``
    to get the largest matching first and the best-scoring among those. Solved
    exactly (Hungarian method), so the result never depends on a greedy order.
    """
    if not n or not m:
        return []
    w = [[max(weight(i, j), 0) for j in range(m)] for i in range(n)]
    if not any(any(row) for row in w):
        return []
    transposed = n > m
    if transposed:
        w = [list(col) for col in zip(*w)]
    pairs = _hungarian([[-x for x in row] for row in w])
    out = [(j, i) if transposed else (i, j) for i, j in pairs]
    return sorted((i, j) for i, j in out if (w[j][i] if transposed else w[i][j]) > 0)


def _hungarian(cost: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row (rows <= columns); O(n² m)."""
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u: list[float] = [0] * (n + 1)  # potentials; float because delta may be inf
    v: list[float] = [0] * (m + 1)
    p = [0] * (m + 1)  # p[j]: row assigned to column j (1-based, 0 = none)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return [(p[j] - 1, j - 1) for j in range(1, m + 1) if p[j]]
