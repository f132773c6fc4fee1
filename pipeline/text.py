"""Plain-text helpers shared by the rule modules and the evaluation: case folding
and word tokens, no morphology (that is ``morph``)."""

from __future__ import annotations

import re

# a word or a number, hyphenated parts included: ``постер-сессия``, ``2022-2023``
TOKEN = re.compile(r"[0-9A-Za-zА-ЯЁа-яё]+(?:-[0-9A-Za-zА-ЯЁа-яё]+)*")


def fold(word: str) -> str:
    """Lower-case and ``ё`` → ``е`` (same length, so offsets survive)."""
    return word.lower().replace("ё", "е")


def folded_words(phrase: str) -> tuple[str, ...]:
    """Lower-case words (``ё`` as ``е``), quotes and punctuation dropped."""
    return tuple(re.findall(r"[a-zа-я0-9]+(?:-[a-zа-я0-9]+)*", phrase.lower().replace("ё", "е")))


def contains_run(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    """``inner`` is a contiguous run of ``outer``."""
    n = len(inner)
    return n > 0 and any(outer[k : k + n] == inner for k in range(len(outer) - n + 1))
