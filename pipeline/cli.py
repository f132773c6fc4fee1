"""``svodka`` command line: run the pipeline, evaluate it, query its tables.

Exit codes: 0 ok, 1 the run failed (e.g. unwritable output), 2 usage error.
Unreadable documents are rows with status=error, not a failed run.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__

app = typer.Typer(
    name="svodka",
    help="Archives of Russian event reports → normalized tables (CSV, Parquet, DuckDB).",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
out = Console()


def _version(value: bool) -> None:
    if value:
        out.print(f"svodka {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details to stderr.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _progress(quiet: bool):
    if quiet or not err.is_terminal:
        return None, None
    bar = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=True,
    )
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total, rate="")
        task = bar.tasks[tasks[stage]]
        rate = f"{done / task.elapsed:.1f} docs/s" if task.elapsed else ""
        bar.update(tasks[stage], completed=done, total=total, rate=rate)

    return bar, update


@app.command()
def run(
    inputs: Annotated[Optional[list[Path]], typer.Argument(help="Files, folders or zip archives (default: data/raw).", show_default=False)] = None,
    out_dir: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder (default: data/processed).")] = None,
    csv_dialect: Annotated[str, typer.Option("--csv", help="CSV dialect: 'excel' (UTF-8 BOM, ';') or 'rfc4180' (',', no BOM).")] = "excel",
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write svodka.xlsx, a sheet per table.")] = False,
    max_file_mb: Annotated[float, typer.Option("--max-file-mb", help="Files larger than this are error rows.")] = 50.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Read an archive and write the tables."""
    from .ingest import IngestLimits
    from .run import DEFAULT_INPUT, DEFAULT_OUTPUT, RunOptions
    from .run import run as run_pipeline

    if csv_dialect not in ("excel", "rfc4180"):
        raise typer.BadParameter("must be 'excel' or 'rfc4180'", param_hint="--csv")
    inputs = inputs or [DEFAULT_INPUT]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        err.print(f"[red]error:[/] input not found: {', '.join(missing)}")
        raise typer.Exit(2)
    options = RunOptions(
        inputs=list(inputs), out_dir=out_dir or DEFAULT_OUTPUT,
        limits=IngestLimits(max_file_bytes=int(max_file_mb * 1024 * 1024)), csv_dialect=csv_dialect, xlsx=xlsx,
    )
    bar, update = _progress(quiet or as_json)
    try:
        if bar:
            with bar:
                summary = run_pipeline(options, update)
        else:
            summary = run_pipeline(options)
    except OSError as exc:
        err.print(f"[red]error:[/] cannot write the tables to {options.out_dir}: {exc.strerror or exc}")
        raise typer.Exit(1) from exc
    if as_json:
        out.print_json(json.dumps({**summary.__dict__, "out_dir": str(summary.out_dir)}, ensure_ascii=False))
    elif not quiet:
        err.print(
            f"[bold]{summary.documents}[/] documents read: [green]{summary.ok} ok[/], "
            f"[{'red' if summary.errors else 'green'}]{summary.errors} errors[/] in {summary.seconds:.1f} s"
        )
        err.print(
            "tables in " + str(summary.out_dir) + ": "
            + ", ".join(f"{k} {v}" for k, v in summary.counts.items() if k != "texts")
        )


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold annotation (JSONL, shared/eval/GOLD_FORMAT.md).", exists=True, dir_okay=False)],
    input_dir: Annotated[Path, typer.Option("--input", "-i", help="Folder with the documents the gold annotates.", exists=True)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Write per-document misses and false hits here.")] = None,
) -> None:
    """Run the pipeline on INPUT and score it against GOLD: P, R, F1 per field."""
    from .evaluate import format_report, load_gold, score
    from .evaluate.predict import predict

    gold_records = load_gold(gold)
    predictions = predict(input_dir)
    report = score(gold_records, predictions)
    if errors:
        from .evaluate import write_errors

        write_errors(report, errors)
    if as_json:
        out.print_json(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        out.print(format_report(report))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
