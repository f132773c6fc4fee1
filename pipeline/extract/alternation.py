"""Lexicon alternations as prefix trees.

A regex ``сентября|сентябрю|сентябрём|…`` is tried form by form at every
position of a text; factored as ``сентябр(?:я|ю|[её]м…)`` the engine rejects a
position after one character. On 3,000-character reports this took the date
and school patterns from ~4 ms to well under 1 ms each, with the same matches.
"""

from __future__ import annotations

import re


def alternation(forms, yo: bool = True) -> str:
    """A regex matching exactly ``forms`` (longest first where they share a prefix).

    A space matches any run of whitespace; with ``yo``, ``е`` and ``ё`` match
    each other.
    """
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in " ".join(form.split()).replace("ё", "е") if yo else " ".join(form.split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    return _regex(trie, yo)


def _atom(ch: str, yo: bool) -> str:
    if ch == " ":
        return r"\s+"
    if yo and ch == "е":
        return "[её]"
    if yo and ch == "Е":
        return "[ЕЁ]"
    return re.escape(ch)


def _regex(node: dict, yo: bool) -> str:
    branches = [_atom(ch, yo) + _regex(child, yo) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
