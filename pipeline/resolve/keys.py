"""Stable IDs and order-free choices, shared by every resolver.

An ID is a hash of a normalized key, never a row number, so the same input and
rules give the same IDs on every run; a row's display values are chosen by
``best``, which never depends on the order the documents came in.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable


def make_id(prefix: str, key: str) -> str:
    return f"{prefix}_{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def fold(s: str) -> str:
    return s.lower().replace("ё", "е").strip()


def best(values: Iterable[str]) -> str:
    """The most frequent non-empty value; ties go to the longer, then the first in
    alphabetical order, so the choice never depends on input order."""
    counts = Counter(v for v in values if v)
    if not counts:
        return ""
    return min(counts, key=lambda v: (-counts[v], -len(v), v))
