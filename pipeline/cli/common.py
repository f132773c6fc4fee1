"""The ``svodka`` application, its consoles, and what every command shares:
exits with a message, checks before work, progress."""

from __future__ import annotations

import logging
import math
import sys
from enum import Enum
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from .. import __version__
from ..checks import CheckFailed, check_positive
from ..progress import LogLines, bar, quiet_dask_logs
from ..show import OutputFormat

app = typer.Typer(
    name="svodka",
    help="Archives of Russian event reports → normalized tables (CSV, Parquet, DuckDB).",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)  # a message stays one line in a log (file:line intact)
out = Console(soft_wrap=True)  # piped, long lines stay whole (no wrap at 80 columns)


class Executor(str, Enum):
    """``--executor`` of ``svodka run``."""

    serial = "serial"  # this process
    local = "local"  # a worker process per core
    dask = "dask"  # a Dask cluster: --scheduler, else a local one


def _version(value: bool) -> None:
    if value:
        out.print(f"svodka {__version__}")
        raise typer.Exit()


def setup_logging(verbose: bool) -> None:
    """Warnings and up, Dask's logs to errors; ``-v``: details, Dask's included."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if verbose:
        logging.getLogger().setLevel(logging.INFO)
    quiet_dask_logs(not verbose)


@app.callback()
def main(
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details to stderr (Dask's logs too).")] = False,
) -> None:
    setup_logging(verbose)


def fail(message: str, code: int) -> NoReturn:
    err.print(f"[red]error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def check(check, *args) -> None:
    """Run a check of ``pipeline.checks``; a failure is a message and its exit code."""
    try:
        check(*args)
    except CheckFailed as exc:
        fail(escape(str(exc)), exc.exit_code)


def positive_mb(value: float) -> float:
    try:
        return check_positive(value, "--max-file-mb")
    except CheckFailed as exc:
        raise typer.BadParameter(f"must be a number of megabytes above 0, not {value}") from exc


def cap_mb(value: float) -> float:
    """A memory cap in megabytes: a finite number, 0 for none (and not under 64: Python alone needs that)."""
    if not math.isfinite(value) or value < 0 or 0 < value < 64:
        raise typer.BadParameter(f"must be 0 (no cap) or a number of megabytes from 64 up, not {value}")
    return value


def positive_seconds(value: float) -> float:
    try:
        return check_positive(value, "--reader-timeout")
    except CheckFailed as exc:
        raise typer.BadParameter(f"must be a number of seconds above 0, not {value}") from exc


def progress_for(quiet: bool):
    """A bar per phase on a terminal; plain periodic lines when stderr is not one; or nothing."""
    if quiet:
        return None, None
    if not err.is_terminal:
        return None, LogLines(sys.stderr)
    return bar(err)



def output_format(fmt: OutputFormat, as_json: bool) -> OutputFormat:
    return OutputFormat.json if as_json else fmt


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="table (every column whole; paged with less -S on a terminal when wide), csv, json or markdown.")]
JsonOption = Annotated[bool, typer.Option("--json", help="The same as --format json.")]
PagerOption = Annotated[bool, typer.Option("--pager/--no-pager", help="Page a table wider or longer than the terminal ($SVODKA_PAGER, $PAGER or less -S).")]
