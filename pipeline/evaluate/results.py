"""What a score is: the counts and items of one field in one document
(``FieldResult``), a field's micro-averaged counts with P, R and F1
(``FieldScore``), and the whole ``Report``, which saves to JSON and loads back (a
baseline for ``report.compare``). How they are counted is in :mod:`.scorer`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class FieldResult:
    """One field of one document: counts and the items behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    loose: list[tuple[str, str]] = field(default_factory=list)  # (gold, pred) matched up to inflection/containment

    def add_fp(self, item: str) -> None:
        self.fp += 1
        self.false_positives.append(item)

    def add_fn(self, item: str) -> None:
        self.fn += 1
        self.false_negatives.append(item)

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "false_positives": list(self.false_positives),
            "false_negatives": list(self.false_negatives),
            "loose": [list(pair) for pair in self.loose],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FieldResult:
        return cls(
            data["tp"],
            data["fp"],
            data["fn"],
            list(data.get("false_positives", [])),
            list(data.get("false_negatives", [])),
            [tuple(pair) for pair in data.get("loose", [])],
        )


@dataclass(slots=True)
class FieldScore:
    """Micro-averaged counts of one field over all documents.

    With nothing to find and nothing predicted, P = R = F1 = 1; with nothing
    predicted, P = 0 unless nothing was to be found (and R likewise).
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"p": self.precision, "r": self.recall, "f1": self.f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(slots=True)
class Report:
    """What :func:`score` returns: per-field scores and per-document results."""

    fields: dict[str, FieldScore]  # reported fields, in FIELDS order
    documents: dict[str, dict[str, FieldResult]]  # doc -> field -> result (fields scored there)
    ignored_predictions: list[str] = field(default_factory=list)  # predicted docs absent from the gold

    def f1(self) -> dict[str, float]:
        return {name: s.f1 for name, s in self.fields.items()}

    def to_json(self) -> dict[str, Any]:
        """A JSON-serializable dict (``json.dumps(report.to_json(), ensure_ascii=False)``)."""
        return {
            "documents_scored": len(self.documents),
            "fields": {name: s.to_json() for name, s in self.fields.items()},
            "documents": {
                doc: {name: r.to_json() for name, r in results.items()} for doc, results in self.documents.items()
            },
            "ignored_predictions": list(self.ignored_predictions),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Report:
        """Rebuild a report saved with :meth:`to_json` (e.g. a baseline for :func:`compare`)."""
        return cls(
            {name: FieldScore(s["tp"], s["fp"], s["fn"]) for name, s in data["fields"].items()},
            {
                doc: {name: FieldResult.from_json(r) for name, r in results.items()}
                for doc, results in data.get("documents", {}).items()
            },
            list(data.get("ignored_predictions", [])),
        )
