"""Export stage: declared schemas, validation, and atomic writers (CSV, Parquet, DuckDB)."""

from .schema import TABLES
from .writers import frames, write_tables

__all__ = ["TABLES", "frames", "write_tables"]
