"""The declared schema of every output table: column, dtype, meaning, in order.

Derived from the typed rows (``rows.py``), the one declaration of every column:
the same tuple serves explicit dtypes for CSV/Parquet/DuckDB, the pandera
validation before anything is written, and the data dictionary
(docs/tables.md). Column names of ``shared/TABLES.md`` are a contract: add, never
rename.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .rows import ROWS


@dataclass(frozen=True)
class Col:
    name: str
    dtype: str  # pandas dtype: "string", "Int64", "boolean"
    doc: str
    nullable: bool = True


def columns(row_class: type) -> tuple[Col, ...]:
    """The columns of a row class: its fields, in order, with their metadata."""
    return tuple(Col(f.name, f.metadata["dtype"], f.metadata["doc"], f.metadata["nullable"])
                 for f in fields(row_class))


TABLES: dict[str, tuple[Col, ...]] = {name: columns(cls) for name, cls in ROWS.items()}
