"""Export stage: declared schemas, validation, and atomic writers (CSV, Parquet, DuckDB).

The writers (pandas, pandera, pyarrow, duckdb) load on first use: a no-op re-run
never needs them.
"""

DB_NAME = "svodka.duckdb"


def __getattr__(name: str):
    if name in ("frames", "kept_tables", "read_table", "write_tables"):
        from . import writers

        return getattr(writers, name)
    if name == "TABLES":
        from .schema import TABLES

        return TABLES
    raise AttributeError(name)


__all__ = ["DB_NAME", "TABLES", "frames", "kept_tables", "read_table", "write_tables"]
