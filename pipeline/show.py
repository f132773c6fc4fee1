"""Print a result frame the way the reader asked: ``--format table|csv|json|markdown``.

Used by ``svodka query``, ``tables``, ``runs`` and ``diff``. No format cuts a
value: the table format prints every column the query asked for and every cell
whole, one line per row. On a terminal a table wider or longer than the screen
goes to a pager (``less -S``, as psql does: scroll sideways with the arrow
keys); piped or redirected, the full text is written as it is.

The pager is ``$SVODKA_PAGER``, else ``$PAGER``, else ``less``; an empty
``SVODKA_PAGER`` (or ``--no-pager``) prints straight to the terminal.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import math
import os
import shlex
import shutil
import subprocess
import sys
from enum import Enum
from typing import IO, TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console

from .export.csv import CsvDialect, write_csv

if TYPE_CHECKING:  # pandas, duckdb and rich.table load when a frame is shown, not for `svodka --help`
    import pandas as pd
    from rich.table import Table

__all__ = ["OutputFormat", "emit", "frame_text", "json_value", "markdown", "pager_command", "table_text"]

PAGER_ENV = "SVODKA_PAGER"


class OutputFormat(str, Enum):
    """``--format`` of ``svodka query``, ``tables``, ``runs`` and ``diff``."""

    table = "table"  # a readable table; paged on a terminal when it does not fit
    csv = "csv"  # the CSV writer of the tables (formulas neutralized)
    json = "json"  # a JSON array of objects, one per row
    markdown = "markdown"  # a pipe table for a report or an issue


def table_text(table: Table) -> str:
    """The table as plain text at its natural width: no column squeezed, no cell cut."""
    probe = Console(file=io.StringIO(), width=1_000_000, color_system=None, highlight=False)
    width = max(1, probe.measure(table).maximum)
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, soft_wrap=False)
    console.print(table)
    file = console.file
    assert isinstance(file, io.StringIO)
    return "\n".join(line.rstrip() for line in file.getvalue().splitlines()) + "\n"


def json_value(value: Any) -> Any:
    """A cell as JSON: NULL → null, dates as ISO text, LIST columns as arrays, STRUCTs as objects."""
    import pandas as pd

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, pd.Timedelta):  # numpy scalars and arrays
        return json_value(value.tolist())
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def json_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    cols = [str(c) for c in df.columns]
    return [dict(zip(cols, (json_value(v) for v in row), strict=True))
            for row in df.itertuples(index=False, name=None)]


def _md_cell(value: Any) -> str:
    from .query import plain

    s = plain(value)
    return "" if s is None else s.replace("\\", "\\\\").replace("|", "\\|")


def markdown(df: pd.DataFrame) -> str:
    """A pipe table (GitHub, GitLab, Jupyter): numbers right-aligned, NULL empty, ``|`` escaped."""
    import pandas as pd

    cols = list(df.columns)
    if not cols:
        return ""
    numeric = [pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for c in cols]
    lines = ["| " + " | ".join(_md_cell(c) for c in cols) + " |",
             "| " + " | ".join("---:" if n else "---" for n in numeric) + " |"]
    for row in df.itertuples(index=False, name=None):
        lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def frame_text(df: pd.DataFrame, fmt: OutputFormat, *, max_rows: int | None = None, title: str | None = None,
               dialect: CsvDialect | None = None) -> str:
    """``df`` in ``fmt``; ``max_rows`` (None or 0: all) limits the rows of every format."""
    if max_rows:
        df = df.head(max_rows) if fmt is not OutputFormat.table else df
    if fmt is OutputFormat.table:
        from .query import render

        return table_text(render(df, max_rows=max_rows, title=title))
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        write_csv(df, buf, dialect or CsvDialect.rfc4180)
        return buf.getvalue()
    if fmt is OutputFormat.json:
        return json.dumps(json_records(df), ensure_ascii=False, indent=2) + "\n"
    return markdown(df)


def pager_command() -> list[str] | None:
    """The pager to run, or None for none: ``$SVODKA_PAGER``, ``$PAGER``, else ``less``;
    ``less`` gets ``-S`` (long lines scroll sideways instead of wrapping)."""
    raw = os.environ.get(PAGER_ENV)
    if raw is None:
        raw = os.environ.get("PAGER") or "less"
    cmd = shlex.split(raw)
    if not cmd or cmd[0] == "cat":
        return None
    if os.path.basename(cmd[0]) == "less" and "-S" not in cmd:
        cmd.append("-S")
    return cmd if shutil.which(cmd[0]) else None


def _fits(text: str) -> bool:
    size = shutil.get_terminal_size()
    lines = text.splitlines()
    return len(lines) < size.lines and max((cell_len(line) for line in lines), default=0) <= size.columns


def emit(text: str, stream: IO[str] | None = None, *, page: bool = True) -> None:
    """Write ``text``; on a terminal, through the pager when it does not fit the screen."""
    stream = stream or sys.stdout
    if page and stream.isatty() and not _fits(text):
        cmd = pager_command()
        if cmd is not None:
            try:
                proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, encoding="utf-8", errors="replace")
            except OSError:
                pass
            else:
                try:
                    assert proc.stdin is not None
                    proc.stdin.write(text)
                    proc.stdin.close()
                except BrokenPipeError:  # the reader quit the pager early
                    pass
                except KeyboardInterrupt:
                    pass
                while True:
                    try:
                        proc.wait()
                        break
                    except KeyboardInterrupt:  # Ctrl-C belongs to the pager, as in psql
                        continue
                return
    stream.write(text)
    stream.flush()
