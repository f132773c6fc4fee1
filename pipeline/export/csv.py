"""The one CSV writer: the tables, ``svodka query --csv`` and ``svodka diff --write``.

Two dialects (:class:`CsvDialect`): ``excel`` (UTF-8 with BOM, ``;`` between
fields: a double-click in the Russian locale opens Cyrillic in columns) and
``rfc4180`` (``,``, no BOM, for scripts). Both end lines with CRLF, as RFC 4180
asks. Text cells a spreadsheet would run as a formula (``=HYPERLINK(…)``,
``+7…``, ``@…``) are neutralized with a leading ``'``, in CSV only: Parquet,
DuckDB and JSON keep the text as it is.
"""

from __future__ import annotations

import csv
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports CsvDialect; pandas loads with the frames
    import pandas as pd

__all__ = ["CsvDialect", "FORMULA_START", "neutralize_formulas", "write_csv"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvDialect(str, Enum):
    """``--csv`` of ``svodka run``; ``--dialect`` of ``query`` and ``diff``."""

    excel = "excel"  # UTF-8 BOM, ';'
    rfc4180 = "rfc4180"  # ',', no BOM


def _neutral(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralize_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix cells a spreadsheet would run as a formula with ``'`` (CSV and the
    workbook only). Text columns of any kind: pandas ``string`` (the tables) and
    ``object`` (a query's VARCHAR columns)."""
    df = df.copy()
    for col in df.columns:
        if df[col].dtype == "string":
            s = df[col]
            mask = s.str.startswith(FORMULA_START).fillna(False)
            df.loc[mask, col] = "'" + s[mask]
        elif df[col].dtype == object:
            df[col] = df[col].map(_neutral)
    return df


def write_csv(df: pd.DataFrame, path: Path | str | IO[str], dialect: CsvDialect | str = CsvDialect.excel) -> None:
    """Write ``df`` (no index) in ``dialect`` to a file, or to an open text stream
    such as stdout (there without the BOM, which belongs to files)."""
    excel = CsvDialect(dialect) is CsvDialect.excel
    neutralize_formulas(df).to_csv(
        path,
        index=False,
        sep=";" if excel else ",",
        encoding="utf-8-sig" if excel else "utf-8",
        lineterminator="\r\n",
        quoting=csv.QUOTE_MINIMAL,
    )
