"""What a change did to the tables: rows added, removed and changed per table,
with examples a person can read (``Кузовлев А.А.: role "" → "руководитель"``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# How a row is identified across runs, and how it is named for a reader.
KEYS: dict[str, tuple[list[str], str]] = {
    "documents": (["doc_id"], "source"),
    "events": (["event_id"], "title"),
    "persons": (["person_id"], "name"),
    "person_mentions": (["doc_id", "start", "end"], "name"),
    "schools": (["school_id"], "number"),
    "school_mentions": (["doc_id", "start", "end"], "text"),
    "organizations": (["org_id"], "name"),
    "org_mentions": (["doc_id", "start", "end"], "text"),
    "dates": (["doc_id", "start", "end"], "text"),
    "event_formats": (["doc_id", "start", "end"], "text"),
    "locations": (["doc_id", "start", "end"], "text"),
}


class SnapshotError(Exception):
    """A run's snapshot file cannot be read (damaged, truncated, not Parquet)."""


def read_snapshot(folder: Path) -> dict[str, pd.DataFrame]:
    """The tables of a run's snapshot folder; a file that cannot be read raises
    ``SnapshotError`` naming it (a diff of half a snapshot would mislead)."""
    tables = {}
    for path in sorted(folder.glob("*.parquet")):
        try:
            tables[path.stem] = pd.read_parquet(path)
        except Exception as exc:  # Arrow's errors for a damaged file are of many kinds
            why = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise SnapshotError(f"the snapshot file {path} is damaged and cannot be read ({why})") from exc
    return tables


@dataclass
class TableDiff:
    table: str
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict, list[str]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _label(row: dict, table: str) -> str:
    col = KEYS[table][1]
    value = row.get(col, "")
    if table == "schools":
        return f"{row.get('kind', '')} № {value} ({row.get('municipality', '')})"
    return str(value) if value not in (None, "") else "/".join(str(row.get(k)) for k in KEYS[table][0])


def table_diff(table: str, before: pd.DataFrame, after: pd.DataFrame) -> TableDiff:
    keys, _ = KEYS[table]

    def index(df: pd.DataFrame) -> dict[tuple, dict]:
        out = {}
        for rec in df.astype(object).where(df.notna(), "").to_dict("records"):
            out[tuple(rec[k] for k in keys)] = rec
        return out

    a, b = index(before), index(after)
    d = TableDiff(table)
    for k in sorted(b.keys() - a.keys(), key=str):
        d.added.append(b[k])
    for k in sorted(a.keys() - b.keys(), key=str):
        d.removed.append(a[k])
    for k in sorted(a.keys() & b.keys(), key=str):
        cols = [c for c in b[k] if c in a[k] and a[k][c] != b[k][c]]
        if cols:
            d.changed.append((a[k], b[k], cols))
    return d


def diff_tables(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> list[TableDiff]:
    out = []
    for table in KEYS:
        empty = pd.DataFrame()
        b, a = before.get(table, empty), after.get(table, empty)
        if b.empty and a.empty:
            continue
        cols = list(dict.fromkeys([*b.columns, *a.columns]))
        out.append(table_diff(table, b.reindex(columns=cols), a.reindex(columns=cols)))
    return out


def describe(diffs: list[TableDiff], examples: int = 5) -> str:
    """Readable summary: counts per table and a few examples of each kind."""
    lines = []
    for d in diffs:
        if d.empty:
            continue
        lines.append(f"{d.table}: +{len(d.added)} added, -{len(d.removed)} removed, ~{len(d.changed)} changed")
        for row in d.added[:examples]:
            lines.append(f"  + {_label(row, d.table)}")
        for row in d.removed[:examples]:
            lines.append(f"  - {_label(row, d.table)}")
        for old, new, cols in d.changed[:examples]:
            change = ", ".join(f'{c} "{old[c]}" → "{new[c]}"' for c in cols)
            lines.append(f"  ~ {_label(new, d.table)}: {change}")
    return "\n".join(lines) if lines else "no changes"


def changes_frame(diffs: list[TableDiff]) -> pd.DataFrame:
    """Every change as one row: table, change, row label, key, column, before, after."""
    rows = []
    for d in diffs:
        keys, _ = KEYS[d.table]
        for kind, items in (("added", d.added), ("removed", d.removed)):
            for row in items:
                rows.append({"table": d.table, "change": kind, "row": _label(row, d.table),
                             "key": "/".join(str(row[k]) for k in keys), "column": "", "before": "", "after": ""})
        for old, new, cols in d.changed:
            for c in cols:
                rows.append({"table": d.table, "change": "changed", "row": _label(new, d.table),
                             "key": "/".join(str(new[k]) for k in keys), "column": c,
                             "before": str(old[c]), "after": str(new[c])})
    return pd.DataFrame(rows, columns=["table", "change", "row", "key", "column", "before", "after"]).astype("string")


def diff_json(diffs: list[TableDiff], examples: int = 5) -> dict[str, dict]:
    """Per table with changes: counts of added, removed and changed rows, and up to
    ``examples`` of each kind (a changed row with its columns' values before and after)."""
    out: dict[str, dict] = {}
    for d in diffs:
        if d.empty:
            continue
        keys, _ = KEYS[d.table]
        shown: list[dict] = []
        for kind, items in (("added", d.added), ("removed", d.removed)):
            shown += [{"change": kind, "row": _label(row, d.table), "key": "/".join(str(row[k]) for k in keys)}
                      for row in items[:examples]]
        for old, new, cols in d.changed[:examples]:
            shown.append({"change": "changed", "row": _label(new, d.table), "key": "/".join(str(new[k]) for k in keys),
                          "columns": {c: {"before": str(old[c]), "after": str(new[c])} for c in cols}})
        out[d.table] = {"added": len(d.added), "removed": len(d.removed), "changed": len(d.changed),
                        "examples": shown}
    return out
