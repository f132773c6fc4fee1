"""Ask the output database questions: run read-only SQL, list its tables, show results.

``svodka query "SQL"`` and ``svodka tables`` are thin wrappers around
:func:`run_query`, :func:`list_tables` and :func:`render`.

Only reading is allowed, in three layers: statements are checked by type
(SELECT, EXPLAIN, PRAGMA, CALL, PIVOT) before anything runs; the database is
opened ``read_only``; and file-system access from SQL is switched off
(``enable_external_access = false``), so ``COPY … TO``, ``ATTACH`` or
``read_csv('/etc/…')`` cannot write or read files beside the database.
``lock_configuration`` keeps a query from switching any of this back on.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pandas as pd
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from .export.schema import TABLES
from .export.writers import DB_NAME

__all__ = ["QueryError", "run_query", "list_tables", "plain", "render", "resolve_db"]

# Statement types that only read. MULTI is what DuckDB calls PIVOT (it runs a
# SELECT for the distinct values first); CALL covers table functions such as
# ``CALL pragma_version()``. Everything else (INSERT, CREATE, COPY, ATTACH,
# SET, EXPORT, LOAD, …) is refused before it reaches the database.
_READ_ONLY = {"SELECT", "EXPLAIN", "PRAGMA", "CALL", "MULTI"}

_CONFIG = {"enable_external_access": False, "lock_configuration": True}


class QueryError(Exception):
    """A query could not run: bad SQL, a statement that writes, or no database."""


def resolve_db(path: Path | str) -> Path:
    """The database file: ``path`` itself, or ``path/svodka.duckdb`` for an output folder."""
    path = Path(path)
    is_file = path.is_file() or (not path.exists() and path.suffix in (".duckdb", ".db"))
    db = path if is_file else path / DB_NAME
    if not db.is_file():
        raise QueryError(f"no svodka database at {db}: run `svodka run --out {db.parent}` first")
    return db


def _connect(db_path: Path | str) -> duckdb.DuckDBPyConnection:
    db = resolve_db(db_path)
    try:
        return duckdb.connect(str(db), read_only=True, config=dict(_CONFIG))
    except duckdb.Error as exc:
        raise QueryError(f"cannot open {db}: {_message(exc)}") from exc


def _message(exc: BaseException) -> str:
    return str(exc).strip()


def _statements(sql: str) -> list:
    """Split and parse ``sql``; refuse any statement that is not a read."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(_message(exc)) from exc
    if not statements:
        raise QueryError("empty query: give a SELECT statement")
    for st in statements:
        if st.type.name not in _READ_ONLY:
            raise QueryError(
                f"refused: {st.type.name} statements change data or files; `svodka query` only reads "
                "(SELECT, WITH … SELECT, DESCRIBE, SUMMARIZE, PIVOT, EXPLAIN)"
            )
    return statements


def run_query(db_path: Path | str, sql: str) -> pd.DataFrame:
    """Run read-only ``sql`` on the database and return the result of its last statement.

    ``db_path`` is the ``svodka.duckdb`` file or the output folder holding it.
    Raises :class:`QueryError` with DuckDB's message on bad SQL, and refuses
    statements that would write (INSERT, CREATE, COPY, …).
    """
    statements = _statements(sql)
    con = _connect(db_path)
    try:
        result = None
        for st in statements:
            result = con.execute(st.query)
        if result is None or result.description is None:
            return pd.DataFrame()
        return result.df()
    except duckdb.Error as exc:
        raise QueryError(_message(exc)) from exc
    finally:
        con.close()


def list_tables(db_path: Path | str) -> pd.DataFrame:
    """Tables and views of the database: ``name``, ``kind`` (table/view), ``rows``, ``columns``.

    Declared tables come first in the order of ``pipeline/export/schema.py``,
    then any other table, then the views.
    """
    con = _connect(db_path)
    try:
        objects = con.execute(
            """
            SELECT t.table_name, t.table_type, count(c.column_name) AS n_cols
            FROM information_schema.tables t
            LEFT JOIN information_schema.columns c
                 ON c.table_catalog = t.table_catalog AND c.table_schema = t.table_schema
                AND c.table_name = t.table_name
            WHERE t.table_catalog = current_database() AND t.table_schema = 'main'
            GROUP BY ALL
            """
        ).fetchall()
        order = {name: i for i, name in enumerate(TABLES)}
        rows = []
        for name, table_type, n_cols in objects:
            kind = "view" if table_type == "VIEW" else "table"
            quoted = '"' + name.replace('"', '""') + '"'
            try:
                row = con.execute(f"SELECT count(*) FROM {quoted}").fetchone()
                assert row is not None  # count(*) always returns one row
                (n_rows,) = row
            except duckdb.Error:  # a broken view still gets listed
                n_rows = None
            rows.append({"name": name, "kind": kind, "rows": n_rows, "columns": n_cols})
    except duckdb.Error as exc:
        raise QueryError(_message(exc)) from exc
    finally:
        con.close()
    rows.sort(key=lambda r: (r["kind"] == "view", order.get(r["name"], len(order)), r["name"]))
    df = pd.DataFrame(rows, columns=["name", "kind", "rows", "columns"])
    return df.astype({"name": "string", "kind": "string", "rows": "Int64", "columns": "Int64"})


def _is_null(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and arrays from LIST columns
        return False


def plain(value) -> str | None:
    """A cell as one line of text (None for NULL): numbers without a spurious
    ``.0``, dates without midnight, LIST columns as lists, newlines as spaces."""
    if _is_null(value):
        return None
    if isinstance(value, float):
        s = str(int(value)) if value.is_integer() and math.isfinite(value) else f"{value:.6g}"
    elif isinstance(value, bool):
        s = "true" if value else "false"
    elif isinstance(value, pd.Timestamp):
        s = value.date().isoformat() if value == value.normalize() else value.isoformat(sep=" ")
    elif hasattr(value, "tolist"):  # numpy arrays of LIST columns
        s = str(value.tolist())
    else:
        s = str(value)
    return " ".join(s.split())  # newlines and runs of spaces (texts) → one line


def _cell(value, max_width: int | None) -> Text:
    s = plain(value)
    if s is None:
        return Text("∅", style="dim")
    if max_width is not None and len(s) > max_width:
        s = s[: max_width - 1].rstrip() + "…"
    return Text(s)  # Text, not str: a cell like "[bold]" is data, not rich markup


def render(
    df: pd.DataFrame,
    max_rows: int | None = 50,
    max_width: int | None = None,
    width: int | None = None,
    title: str | None = None,
) -> Table:
    """A rich table of the first ``max_rows`` rows (``None``: all), every cell whole.

    One line per row. The caption counts rows (``3 rows`` or ``showing 50 of
    210 rows``). NULL shows as a dim ∅, an empty string as an empty cell.
    For a narrow screen, on request only: ``max_width`` cuts cells to that many
    characters with …, and ``width`` (e.g. ``console.width``) keeps only the
    leading columns that fit (cells cut to 40 unless ``max_width`` says) and
    names the rest in the caption. With neither, nothing is cut (``svodka
    query`` pages a wide table instead, see ``pipeline/show.py``).
    """
    n = len(df)
    if width is not None and max_width is None:
        max_width = 40
    shown = df.head(max_rows) if max_rows is not None and max_rows > 0 else df
    cells = {col: [_cell(v, max_width) for v in shown[col]] for col in df.columns}

    columns = list(df.columns)
    if width is not None:
        used = 1  # 1 = the left border
        kept: list = []
        for col in columns:
            need = max([cell_len(str(col))] + [c.cell_len for c in cells[col]]) + 3  # padding + border
            if kept and used + need > width:
                break
            kept.append(col)
            used += need
        columns = kept

    caption = f"{n} row" + ("" if n == 1 else "s") if n == len(shown) else f"showing {len(shown)} of {n} rows"
    min_width = cell_len(caption) + 4  # so the row count never wraps under a narrow table
    hidden = len(df.columns) - len(columns)
    if hidden:
        caption += f"; {hidden} more column{'s' if hidden > 1 else ''} not shown: " + ", ".join(
            str(c) for c in df.columns[len(columns):]
        )
    table = Table(title=title, caption=caption, caption_justify="left", title_justify="left", header_style="bold",
                  min_width=min_width)
    for col in columns:
        numeric = pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col])
        table.add_column(str(col), justify="right" if numeric else "left", no_wrap=True,
                         overflow="ellipsis" if max_width is not None or width is not None else "fold")
    for i in range(len(shown)):
        table.add_row(*(cells[col][i] for col in columns))
    return table
