"""Predictions for ``svodka eval``: run the pipeline on a folder and express each
document's extraction in the gold format, keyed by its path in the folder."""

from __future__ import annotations

from pathlib import Path

from ..ingest import IngestLimits, ingest
from ..ruleset import RuleSet
from ..run import extract_all
from .predictions import to_gold_record


def predict(input_dir: Path, rules: RuleSet, limits: IngestLimits | None = None) -> dict[str, dict]:
    docs, extractions = extract_all(ingest([input_dir], limits or IngestLimits()), rules)
    return {d.source: to_gold_record(d.source, extractions[d.doc_id]) for d in docs if d.doc_id in extractions}
