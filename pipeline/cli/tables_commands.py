"""``svodka query`` and ``svodka tables``: SQL on a run's tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..checks import check_file_target
from ..export.csv import CsvDialect
from ..show import OutputFormat, emit, frame_text
from .common import (
    FormatOption,
    JsonOption,
    PagerOption,
    app,
    check,
    fail,
    output_format,
)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="A read-only SQL query (DuckDB dialect).")],
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder of a run (default: the project's data/processed).")] = None,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Also write the whole result to this CSV file.")] = None,
    fmt: FormatOption = OutputFormat.table,
    max_rows: Annotated[int | None, typer.Option("--max-rows", help="Rows to print (default: 50 in a table, all in the other formats; 0: all).", min=0, show_default=False)] = None,
    dialect: Annotated[CsvDialect | None, typer.Option("--dialect", help="CSV dialect of --csv FILE (default excel) and of --format csv (default rfc4180).", show_default=False)] = None,
    as_json: JsonOption = False,
    pager: PagerOption = True,
) -> None:
    """Run SQL on the tables and print the result: a table, CSV, JSON or Markdown."""
    from ..project import default_output
    from ..query import QueryError, run_query

    fmt = output_format(fmt, as_json)
    if csv_file:
        check(check_file_target, csv_file, "--csv")  # before the query runs
    try:
        df = run_query(out_dir or default_output(), sql)
    except QueryError as exc:
        fail(escape(str(exc)), 2)
    if csv_file:
        from ..export.csv import write_csv

        try:
            write_csv(df, csv_file, dialect or CsvDialect.excel)
        except OSError as exc:
            fail(escape(f"cannot write {csv_file}: {exc.strerror or exc}"), 1)
    if max_rows is None:
        max_rows = 50 if fmt is OutputFormat.table else 0
    emit(frame_text(df, fmt, max_rows=max_rows, dialect=dialect), page=pager and fmt is OutputFormat.table)


@app.command()
def tables(
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder of a run (default: the project's data/processed).")] = None,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    """List the tables and views with their row counts."""
    from ..project import default_output
    from ..query import QueryError, list_tables

    fmt = output_format(fmt, as_json)
    try:
        frame = list_tables(out_dir or default_output())
    except QueryError as exc:
        fail(escape(str(exc)), 2)
    emit(frame_text(frame, fmt, max_rows=0), page=False)
