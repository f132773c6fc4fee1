"""Evaluation: score document-level predictions against gold records
(``shared/eval/GOLD_FORMAT.md``) field by field, micro-averaged over documents.

>>> from pipeline.evaluate import load_gold, score, format_report
>>> gold = load_gold("eval/sample-gold.jsonl")          # doctest: +SKIP
>>> report = score(gold, predictions)                   # doctest: +SKIP
>>> print(format_report(report))                        # doctest: +SKIP

Matching rules are in :mod:`.matching`, counting rules in :mod:`.scorer`, what a
score holds in :mod:`.results`.
"""

from __future__ import annotations

from .gold import GoldFormatError, check_record, load_gold, load_predictions
from .matching import name_match, phrase_match
from .report import Drop, compare, format_errors, format_report, write_errors
from .results import FieldResult, FieldScore, Report
from .scorer import FIELDS, score, score_document

__all__ = [
    "FIELDS",
    "Drop",
    "FieldResult",
    "FieldScore",
    "GoldFormatError",
    "Report",
    "check_record",
    "compare",
    "format_errors",
    "format_report",
    "load_gold",
    "load_predictions",
    "name_match",
    "phrase_match",
    "score",
    "score_document",
    "write_errors",
]
