"""A report's layout as the event reader sees it: sentences (never cut inside «…»),
the heading (the first short block of lines, or the article's heading under a
masthead) and quotations, which hold the titles.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from ..records import FormatMention
from ..ruleset import RuleSet
from .event_rules import event_rules

_OPENERS = {"«": "»", "“": "”", "„": "“", '"': '"'}


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_SPACES = re.compile(r"\s*")


_STRUCTURE = re.compile(r"[«»\n.!?…]")


def sentences(text: str, rules: RuleSet) -> list[tuple[int, int]]:
    """Sentence spans: ends at ``.!?`` before a capital (not after initials or
    abbreviations), at a line break before a capital, and at blank lines; never
    inside «…» (titles hold full stops) unless a blank line comes first."""
    abbreviations = event_rules(rules).abbreviations
    spans, start, depth, opened_at = [], 0, 0, 0
    n = len(text)
    prev = -1
    # only these characters can open, close or cut; the others only age an open quote
    for m in _STRUCTURE.finditer(text):
        i, ch = m.start(), m.group()
        if depth and max(prev + 1, opened_at + 401) <= i - 1:
            depth = 0  # an unbalanced quote expired on the characters skipped
        prev = i
        cut = None
        if ch == "«":
            depth, opened_at = depth + 1, (i if depth == 0 else opened_at)
        elif ch == "»":
            depth = max(0, depth - 1)
        if depth and i - opened_at > 400:
            depth = 0  # an unbalanced quote does not swallow the text
        if ch == "\n":
            j = i + 1
            while j < n and text[j] in " \t\r":
                j += 1
            if j >= n or text[j] == "\n":
                cut, depth = i, 0
            elif depth == 0 and (text[j].isupper() or text[j].isdigit() or text[j] in "«-–—•"
                                 or text[start:i].rstrip()[-1:] in (".", "!", "?", ":", ";")):
                cut = i
        elif ch in ".!?…" and depth == 0:
            j = i + 1
            while j < n and text[j] in "»\")":
                j += 1
            k = j
            while k < n and text[k] in " \t":
                k += 1
            if k > j and k < n and (text[k].isupper() or text[k].isdigit() or text[k] in "«\"") \
                    and not _abbreviation_before(text, i, abbreviations):
                cut = j
        if cut is not None:
            if text[start:cut].strip():
                spans.append(_strip(text, start, cut))
            start = cut + 1 if text[cut : cut + 1] == "\n" else cut
    if text[start:].strip():
        spans.append(_strip(text, start, n))
    return spans


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _abbreviation_before(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    m = re.search(r"([А-ЯЁа-яё-]+)$", text[max(0, dot - 12) : dot])
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial
    if word in ("г", "гг") and re.search(r"\d{4}\s*г+$", text[max(0, dot - 10) : dot]):
        return False  # "в 2022 г. Участники …": the year ends the sentence
    return word.lower() in abbreviations


def _next_heading(text: str, head: tuple[int, int], formats: Sequence[FormatMention]) -> tuple[int, int] | None:
    """The first of the (at most three) short lines after ``head`` that names a format:
    the article's own heading under a masthead or a date line."""
    pos = head[1]
    for _ in range(3):
        m = _SPACES.match(text, pos)
        assert m is not None  # \s* matches the empty string
        start = m.end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if start >= end or end - start > 200:
            return None
        if any(_in((start, end), f.start, f.end) for f in formats):
            return start, end
        pos = end
    return None


def heading(text: str) -> tuple[int, int] | None:
    """The first block of lines (up to a blank line) when it is short enough to be a title."""
    m = re.match(r"\s*", text)
    assert m is not None  # \s* matches the empty string
    start = m.end()
    blank = _BLANK_LINE.search(text, start)
    end = blank.start() if blank else len(text)
    if end - start <= 400:
        return (start, end) if end > start else None
    line = text.find("\n", start)
    line = len(text) if line < 0 else line
    return (start, line) if line - start <= 200 else None


def quoted(text: str, pos: int) -> tuple[int, int, str] | None:
    """The quotation opening at ``pos``: (start, end, inner text with whitespace
    collapsed), pairing nested «…«…»…»; an unclosed « ends at its last ``»``
    before a blank line."""
    if pos >= len(text) or text[pos] not in _OPENERS:
        return None
    opener, closer = text[pos], _OPENERS[text[pos]]
    depth, last_close, close = 0, -1, -1
    for i in range(pos, min(len(text), pos + 600)):
        ch = text[i]
        if ch == "\n" and _BLANK_LINE.match(text, i):
            break
        if ch == closer and i > pos and (opener != closer or depth == 1):
            depth, last_close = depth - 1, i
            if depth == 0:
                close = i
                break
        elif ch == opener:
            depth += 1
    close = close if close >= 0 else last_close
    if close < 0:
        return None
    inner = " ".join(text[pos + 1 : close].split())
    return (pos, close + 1, inner) if inner else None


def _in(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] <= start and end <= span[1]


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return pos, pos
