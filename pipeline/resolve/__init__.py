"""Resolve stage: mentions across the archive → one row per real person, school,
organization; stable IDs derived from normalized keys, never from row order.

One module per kind of thing resolved, in the order ``tables.resolve`` runs them:
``places`` (each report's municipality and region), ``schools``, ``orgs``,
``persons``; ``keys`` holds the IDs and order-free choices they share. Each
module's docstring says how its rows are keyed and why.
"""

from __future__ import annotations

from .keys import make_id
from .places import municipality, municipality_key
from .tables import RULE_FILES, SIMPLE_ROWS, resolve, simple_tables

__all__ = ["RULE_FILES", "SIMPLE_ROWS", "make_id", "municipality", "municipality_key", "resolve",
           "simple_tables"]
