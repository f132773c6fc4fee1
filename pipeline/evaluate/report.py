"""Reports people read: the score table, the per-document error listing, and the
comparison of two runs that a regression gate checks."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .results import Report
from .scorer import FIELDS


def _report(report: Report | Mapping[str, Any]) -> Report:
    return report if isinstance(report, Report) else Report.from_json(report)


def format_report(report: Report) -> str:
    """The score table: field, P, R, F1, tp, fp, fn (one line per reported field)."""
    header = f"{'field':<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6}"
    lines = [f"{len(report.documents)} documents scored", header, "-" * len(header)]
    for name, s in report.fields.items():
        lines.append(
            f"{name:<20} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.tp:>6} {s.fp:>6} {s.fn:>6}"
        )
    if report.ignored_predictions:
        n = len(report.ignored_predictions)
        lines.append(f"({n} predicted document{'s' if n > 1 else ''} not in the gold ignored)")
    return "\n".join(lines)


def format_errors(report: Report, loose: bool = True) -> str:
    """Per document, what was wrongly found (``fp``), missed (``fn``) and, with
    ``loose``, matched only up to inflection or containment (``≈``, gold ~ prediction).
    Documents without any of these are left out."""
    blocks = []
    for doc, results in report.documents.items():
        rows = []
        for name in FIELDS:
            r = results.get(name)
            if r is None:
                continue
            rows += [f"  {name:<20} fp  {item}" for item in r.false_positives]
            rows += [f"  {name:<20} fn  {item}" for item in r.false_negatives]
            if loose:
                rows += [f"  {name:<20} ≈   {g}  ~  {p}" for g, p in r.loose]
        if rows:
            counts = sum(r.fp for r in results.values()), sum(r.fn for r in results.values())
            blocks.append(f"{doc}  (fp {counts[0]}, fn {counts[1]})\n" + "\n".join(rows))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def write_errors(report: Report, path: Path | str, loose: bool = True) -> Path:
    """Write :func:`format_errors` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(format_errors(report, loose=loose), encoding="utf-8")
    return path


class Drop(NamedTuple):
    """A field whose F1 fell; ``after`` is None when the field is no longer reported."""

    field: str
    before: float
    after: float | None

    def __str__(self) -> str:
        after = "not reported" if self.after is None else f"{self.after:.3f}"
        return f"{self.field}: F1 {self.before:.3f} → {after}"


def compare(
    before: Report | Mapping[str, Any], after: Report | Mapping[str, Any], tolerance: float = 1e-9
) -> list[Drop]:
    """Fields whose F1 dropped by more than ``tolerance`` from ``before`` to ``after``
    (reports or their :meth:`Report.to_json` dicts), in field order. Empty = no regression."""
    a, b = _report(before), _report(after)
    drops = []
    for name, s in a.fields.items():
        now = b.fields.get(name)
        if now is None:
            drops.append(Drop(name, s.f1, None))
        elif now.f1 < s.f1 - tolerance:
            drops.append(Drop(name, s.f1, now.f1))
    return drops
