"""Write the tables: CSV (Excel-ready by default), Parquet and one DuckDB database.

Every file is written into a new set folder and the whole set replaces the
folder's tables in one atomic step after all of them were written and the
frames validated (``tableset``): a run killed at any instant leaves the
complete previous tables or the complete new ones.

A table whose frame is the one its files were written from (a digest of the
frame, kept in ``.svodka-tables.json`` with the files' sizes and times) keeps
its CSV and Parquet (hard-linked into the new set): a rule edit that changes
the events rewrites those, not the 10 MB of texts.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Mapping, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from ..errors import RunFailed
from . import DB_NAME
from .csv import neutralize_formulas, write_csv
from .manifest import file_stat, intact, read_manifest, write_manifest
from .schema import TABLES
from .tableset import current_set, new_set, publish
from .views import VIEWS, sources

log = logging.getLogger(__name__)


def frames(rows: Mapping[str, Sequence[Any]], names: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """Rows → DataFrames with the declared columns, order and dtypes, validated
    (every table, or those in ``names``). A table's rows are its typed rows
    (``rows.ROWS``), as resolve builds them, or mappings of column to value
    (hand-made rows; a column left out is empty)."""
    out = {}
    for name, cols in TABLES.items():
        if names is not None and name not in names:
            continue
        df = _frame(rows.get(name, ()), [c.name for c in cols])
        for c in cols:
            df[c.name] = df[c.name].astype(c.dtype)
            if c.dtype == "string":
                df[c.name] = df[c.name].fillna("")
        out[name] = _schema(name).validate(df, lazy=True)
    return out


def _frame(rows: Sequence[Any], columns: list[str]) -> pd.DataFrame:
    """The frame of one table's rows, columns in declared order, dtypes not set yet.
    Typed rows go column by column (one ``attrgetter`` pass, no dict per row)."""
    if not rows or isinstance(rows[0], Mapping):
        return pd.DataFrame(list(rows), columns=columns)
    get = attrgetter(*columns) if len(columns) > 1 else (lambda r: (getattr(r, columns[0]),))
    values = list(zip(*map(get, rows)))
    return pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in zip(columns, values, strict=True)},
                        columns=columns)


def _schema(name: str) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {c.name: pa.Column(c.dtype, nullable=c.nullable) for c in TABLES[name]},
        strict=True,
        ordered=True,
        name=name,
    )


def _write_duckdb(tables: dict[str, pd.DataFrame], path: Path, previous: Path | None = None) -> None:
    """``tables`` into one database; with ``previous`` (the database written with the
    tables in place), into a copy of it, where they replace their namesakes."""
    import duckdb

    from .views import create_views, drop_views

    if previous is not None:
        shutil.copyfile(previous, path)
    con = duckdb.connect(str(path))
    try:
        if previous is not None:
            drop_views(con)
        for name, df in tables.items():
            con.register("_frame", df)
            con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _frame')
            con.unregister("_frame")
        create_views(con)
    finally:
        con.close()


def _views(db: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    """The views ``names`` of the database as frames, in a stable row order (all columns)."""
    if not names:
        return {}
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').df() for name in names}
    finally:
        con.close()


def frame_digest(df: pd.DataFrame) -> str:
    """Digest of a frame's columns, dtypes and values (row by row, pandas' hashing)."""
    h = hashlib.sha256(json.dumps([[c, str(t)] for c, t in df.dtypes.items()]).encode())
    h.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    return h.hexdigest()


def kept_tables(out_dir: Path, csv_dialect: str, names: tuple[str, ...], tag: str) -> dict[str, int] | None:
    """The row counts of tables ``names`` as the run tagged ``tag`` wrote them to
    ``out_dir``, or None unless every one of them is in place, untouched since."""
    manifest = read_manifest(out_dir, csv_dialect)
    tables = manifest.get("tables", {})
    if manifest.get("tag") != tag or not all(intact(out_dir, name, tables.get(name)) for name in names):
        return None
    if not all(isinstance(tables[name].get("rows"), int) for name in names):
        return None  # written before the counts were kept
    return {name: tables[name]["rows"] for name in names}


def read_table(out_dir: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A table in place, read back from its Parquet."""
    return pd.read_parquet(out_dir / f"{name}.parquet", columns=columns)


def write_tables(
    tables: dict[str, pd.DataFrame], out_dir: Path, csv_dialect: str = "excel", xlsx: bool = False,
    kept: frozenset[str] = frozenset(), tag: str = "", inputs: list[str] | None = None,
) -> list[Path]:
    """Write every table as CSV + Parquet and all into DuckDB, as a new set that
    replaces the folder's set in one atomic step (``tableset``). A table in
    ``kept`` (see ``kept_tables``; its frame may be left out of ``tables``) or whose
    frame is the one its files were written from keeps its files (linked into the
    new set, not written); ``tag``: what the run wrote them from and ``inputs`` the
    archive it read (see ``manifest``). Returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(out_dir, csv_dialect)
    manifest = previous.get("tables", {})
    names = [name for name in TABLES if name in tables or name in kept] + [n for n in tables if n not in TABLES]
    digests = {name: manifest[name]["digest"] if name in kept else frame_digest(tables[name]) for name in names}
    rows = {name: manifest[name]["rows"] if name in kept else len(tables[name]) for name in names}
    unchanged = {name for name in names if name in kept or (
        name in manifest and manifest[name]["digest"] == digests[name] and intact(out_dir, name, manifest[name]))}

    def frame(name: str) -> pd.DataFrame:  # a kept table's frame, only where one is needed
        return tables[name] if name in tables else read_table(out_dir, name)

    target = new_set(out_dir)
    try:
        written = []
        for name in names:
            if name in unchanged:
                for ext in ("csv", "parquet"):
                    _link_or_copy(out_dir / f"{name}.{ext}", target / f"{name}.{ext}")
            else:
                write_csv(tables[name], target / f"{name}.csv", csv_dialect)
                tables[name].to_parquet(target / f"{name}.parquet", index=False, engine="pyarrow")
                written += [out_dir / f"{name}.csv", out_dir / f"{name}.parquet"]
        db_intact = previous.get("duckdb") is not None and previous["duckdb"] == file_stat(out_dir / DB_NAME)
        if db_intact and unchanged:
            _write_duckdb({n: tables[n] for n in names if n not in unchanged}, target / DB_NAME, out_dir / DB_NAME)
        else:
            _write_duckdb({n: frame(n) for n in names}, target / DB_NAME)
        written.append(out_dir / DB_NAME)
        # the joins analysts need most, as files too; one whose tables all stand, stands
        before = previous.get("views", {})
        standing = {v for v in VIEWS if sources(v) <= unchanged and intact(out_dir, v, before.get(v))}
        joined = _views(target / DB_NAME, [v for v in VIEWS if v not in standing])
        for name in standing:
            for ext in ("csv", "parquet"):
                _link_or_copy(out_dir / f"{name}.{ext}", target / f"{name}.{ext}")
        for name, df in joined.items():
            write_csv(df, target / f"{name}.csv", csv_dialect)
            df.to_parquet(target / f"{name}.parquet", index=False, engine="pyarrow")
        if xlsx:
            views = {v: joined[v] if v in joined else read_table(out_dir, v) for v in VIEWS}
            _write_xlsx({**{n: frame(n) for n in names}, **views}, target / "svodka.xlsx")
            written.append(out_dir / "svodka.xlsx")
        write_manifest(target, csv_dialect, digests, tag, inputs, rows, views=list(VIEWS))
    except BaseException as exc:
        shutil.rmtree(target, ignore_errors=True)
        why = _io_failure(exc)
        if why is None:
            raise
        raise RunFailed(f"cannot write the tables to {out_dir}: {why}; the tables in place are kept") from exc
    try:
        publish(out_dir, target)
    except OSError as exc:
        current = current_set(out_dir)
        if current is None or current.name != target.name:  # not switched: the previous set stands
            shutil.rmtree(target, ignore_errors=True)
            raise RunFailed(f"cannot switch to the new tables in {out_dir}: {_io_failure(exc)}; "
                            "the tables in place are kept") from exc
        log.warning("the new tables are in place, but tidying %s failed (%s): the next run tidies it",
                    out_dir, _io_failure(exc))
    return written


def _io_failure(exc: BaseException) -> str | None:
    """What went wrong writing a file, in words, when it is the disk's or the folder's
    doing (full, unwritable, gone), not a bug: an OSError or DuckDB's and Arrow's
    I/O errors. None otherwise."""
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    kind = type(exc)
    if kind.__module__.lstrip("_").split(".")[0] == "duckdb" and kind.__name__ in ("IOException", "OutOfMemoryException",
                                                                       "PermissionException"):
        return str(exc).splitlines()[0] if str(exc) else kind.__name__
    return None


def _link_or_copy(source: Path, target: Path) -> None:
    """A kept file into the new set: a hard link (no bytes copied), else a copy that
    keeps its time (so the manifest still describes it)."""
    real = source.resolve()
    try:
        os.link(real, target)
    except OSError:
        shutil.copy2(real, target)


def _write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """A sheet per table, as an analyst opens it: frozen header, filters on every
    column, columns as wide as their content (up to 60 characters)."""
    from openpyxl.utils import get_column_letter

    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, df in tables.items():
            if name == "texts":
                continue  # long texts exceed Excel's cell limit; they are in Parquet/DuckDB
            neutralize_formulas(df).to_excel(xl, sheet_name=name[:31], index=False)
            sheet = xl.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
            for i, column in enumerate(df.columns, 1):
                longest = max([len(str(column))] + [len(str(v)) for v in df[column].head(1000)])
                sheet.column_dimensions[get_column_letter(i)].width = min(60, longest + 2)
