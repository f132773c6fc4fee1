"""``svodka`` command line: run the pipeline, evaluate it, query its tables.

Exit codes: 0 ok, 1 the run failed (e.g. unwritable output), 2 usage error.
Unreadable documents are rows with status=error, not a failed run.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from . import __version__

app = typer.Typer(
    name="svodka",
    help="Archives of Russian event reports → normalized tables (CSV, Parquet, DuckDB).",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)  # a message stays one line in a log (file:line intact)
out = Console()


def _version(value: bool) -> None:
    if value:
        out.print(f"svodka {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = None,
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
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total, rate="")
        task = bar.tasks[tasks[stage]]
        rate = f"{done / task.elapsed:.1f} docs/s" if task.elapsed else ""
        bar.update(tasks[stage], completed=done, total=total, rate=rate)

    return bar, update


@app.command()
def run(
    inputs: Annotated[list[Path] | None, typer.Argument(help="Files, folders or zip archives (default: the project's data/raw).", show_default=False)] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder (default: the project's data/processed).")] = None,
    csv_dialect: Annotated[str, typer.Option("--csv", help="CSV dialect: 'excel' (UTF-8 BOM, ';') or 'rfc4180' (',', no BOM).")] = "excel",
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write svodka.xlsx, a sheet per table.")] = False,
    max_file_mb: Annotated[float, typer.Option("--max-file-mb", help="Files larger than this are error rows.")] = 50.0,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", envvar="SVODKA_CACHE_DIR", help="Stage cache and run history (default: the project's data/interim, else the user cache folder).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Recompute every stage of every document.")] = False,
    executor: Annotated[str, typer.Option("--executor", help="serial, local (all cores) or dask.")] = "local",
    workers: Annotated[int | None, typer.Option("--workers", "-w", help="Worker processes (default: one per core).", min=1)] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON (with what re-ran and why).")] = False,
    models: Annotated[Path | None, typer.Option("--models", envvar="SVODKA_MODELS_DIR", help="Folder of rule files (default: the project's models/, else the packaged rules).", file_okay=False)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Write into an output folder that holds the tables of other inputs.")] = False,
) -> None:
    """Read an archive and write the tables, re-running only what changed."""
    from .cache import default_cache_dir
    from .errors import RunFailed, UsageError
    from .ingest import IngestLimits
    from .project import default_input, default_models_dir, default_output
    from .rules import RuleError
    from .run import RunOptions
    from .run import run as run_pipeline

    if csv_dialect not in ("excel", "rfc4180"):
        raise typer.BadParameter("must be 'excel' or 'rfc4180'", param_hint="--csv")
    if executor not in ("serial", "local", "dask"):
        raise typer.BadParameter("must be 'serial', 'local' or 'dask'", param_hint="--executor")
    inputs = inputs or [default_input()]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        err.print(f"[red]error:[/] input not found: {', '.join(missing)}")
        raise typer.Exit(2)
    options = RunOptions(
        inputs=list(inputs), out_dir=out_dir or default_output(),
        limits=IngestLimits(max_file_bytes=int(max_file_mb * 1024 * 1024)), csv_dialect=csv_dialect, xlsx=xlsx,
        cache_dir=None if no_cache else (cache_dir or default_cache_dir()), force=force,
        executor=executor, workers=workers, scheduler=scheduler, models_dir=models or default_models_dir(), replace=replace,
    )
    bar, update = _progress(quiet or as_json)
    try:
        if bar:
            with bar:
                summary = run_pipeline(options, update)
        else:
            summary = run_pipeline(options)
    except RuleError as exc:
        err.print(f"[red]rule error:[/] {exc}")
        raise typer.Exit(2) from exc
    except RunFailed as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    except UsageError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    except TimeoutError as exc:  # another run holds the output folder
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    except OSError as exc:
        err.print(f"[red]error:[/] cannot write the tables to {options.out_dir}: {exc.strerror or exc}")
        raise typer.Exit(1) from exc
    if as_json:
        out.print_json(json.dumps({**summary.__dict__, "out_dir": str(summary.out_dir)}, ensure_ascii=False))
    elif not quiet:
        err.print(
            f"[bold]{summary.documents}[/] documents read: [green]{summary.ok} ok[/], "
            f"[{'red' if summary.errors else 'green'}]{summary.errors} errors[/]"
            + (f", {summary.skipped} skipped (hidden or lock files)" if summary.skipped else "")
            + f" in {summary.seconds:.1f} s"
            + (" — the tables come out as last time: kept" if summary.unchanged else "")
        )
        if any(summary.computed.values()):
            err.print("computed: " + ", ".join(f"{k} {v}" for k, v in summary.computed.items()))
        for name, why in summary.why.items():
            err.print(f"  {name}: {'; '.join(why)}")
        err.print(
            "tables in " + str(summary.out_dir) + ": "
            + ", ".join(f"{k} {v}" for k, v in summary.counts.items() if k != "texts")
            + (f" (run {summary.run_id})" if summary.run_id else "")
        )


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold annotation (JSONL, shared/eval/GOLD_FORMAT.md).", exists=True, dir_okay=False)],
    input_dir: Annotated[Path, typer.Option("--input", "-i", help="Folder with the documents the gold annotates.", exists=True)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[Path | None, typer.Option("--errors", help="Write per-document misses and false hits here.")] = None,
    models: Annotated[Path | None, typer.Option("--models", envvar="SVODKA_MODELS_DIR", help="Folder of rule files (default: the project's models/, else the packaged rules).", file_okay=False)] = None,
) -> None:
    """Run the pipeline on INPUT and score it against GOLD: P, R, F1 per field."""
    from .evaluate import format_report, load_gold, score
    from .evaluate.predict import predict
    from .project import default_models_dir
    from .ruleset import RuleSet

    gold_records = load_gold(gold)
    predictions = predict(input_dir, RuleSet(models or default_models_dir()))
    report = score(gold_records, predictions)
    if errors:
        from .evaluate import write_errors

        write_errors(report, errors)
    if as_json:
        out.print_json(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        out.print(format_report(report))


@app.command()
def diff(
    run_a: Annotated[str | None, typer.Argument(help="Earlier run id (default: the one before the last).")] = None,
    run_b: Annotated[str | None, typer.Argument(help="Later run id (default: the last).")] = None,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", envvar="SVODKA_CACHE_DIR", help="Where runs are recorded.")] = None,
    examples: Annotated[int, typer.Option("--examples", "-n", help="Examples per table and kind of change.")] = 5,
    write: Annotated[Path | None, typer.Option("--write", help="Write every change as a table (.csv or .parquet).")] = None,
) -> None:
    """What changed between two runs: rows added, removed and changed per table."""
    from .cache import default_cache_dir
    from .diff import changes_frame, describe, diff_tables
    from .runs import Registry

    registry = Registry(cache_dir or default_cache_dir())
    runs = registry.runs()
    if run_a is None and run_b is None:
        if len(runs) < 2:
            err.print("[red]error:[/] fewer than two recorded runs; run `svodka run` twice")
            raise typer.Exit(2)
        run_a, run_b = runs[-2].run_id, runs[-1].run_id
    elif run_b is None:
        run_b = runs[-1].run_id
    assert run_a is not None and run_b is not None  # positional: run_b given implies run_a given
    try:
        before, after = registry.tables(run_a), registry.tables(run_b)
    except KeyError as exc:
        err.print(f"[red]error:[/] no snapshot of run {exc.args[0]} (see `svodka runs`)")
        raise typer.Exit(2) from exc
    diffs = diff_tables(before, after)
    out.print(f"[bold]{run_a} → {run_b}[/]")
    out.print(describe(diffs, examples), markup=False, highlight=False)
    if write:
        frame = changes_frame(diffs)
        if write.suffix == ".parquet":
            frame.to_parquet(write, index=False)
        else:
            frame.to_csv(write, index=False, sep=";", encoding="utf-8-sig")
        err.print(f"{len(frame)} changes written to {write}")


@app.command()
def runs(
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", envvar="SVODKA_CACHE_DIR")] = None,
) -> None:
    """List recorded runs (for `svodka diff`)."""
    from .cache import default_cache_dir
    from .runs import Registry

    table = Table("run", "started", "rules", "output", "persons", "events")
    for r in Registry(cache_dir or default_cache_dir()).runs():
        table.add_row(r.run_id, r.started, r.rules, r.out_dir, str(r.counts.get("persons", "")), str(r.counts.get("events", "")))
    out.print(table)


rules_app = typer.Typer(help="Rule files in models/.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("check")
def rules_check(
    models: Annotated[Path | None, typer.Option("--models", envvar="SVODKA_MODELS_DIR", help="Folder of rule files (default: the project's models/, else the packaged rules).", file_okay=False)] = None,
) -> None:
    """Check every rule file (YAML syntax, duplicates, unknown fields) without reading documents."""
    from .project import default_models_dir
    from .rules import RuleError
    from .ruleset import RuleSet
    from .run import check_rules

    try:
        fp = check_rules(RuleSet(models or default_models_dir()))
    except RuleError as exc:
        err.print(f"[red]rule error:[/] {exc}")
        raise typer.Exit(2) from exc
    out.print(f"rules ok ({fp})")


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="A read-only SQL query (DuckDB dialect).")],
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder of a run (default: the project's data/processed).")] = None,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Also write the result to this CSV file.")] = None,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Rows to print.")] = 50,
) -> None:
    """Run SQL on the tables and print a readable table."""
    from .project import default_output
    from .query import QueryError, render, run_query

    try:
        df = run_query(out_dir or default_output(), sql)
    except QueryError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    if csv_file:
        df.to_csv(csv_file, index=False, sep=";", encoding="utf-8-sig")
    out.print(render(df, max_rows=max_rows, width=out.width))


@app.command()
def tables(
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder of a run (default: the project's data/processed).")] = None,
) -> None:
    """List the tables and views with their row counts."""
    from .project import default_output
    from .query import QueryError, list_tables, render

    try:
        out.print(render(list_tables(out_dir or default_output()), width=out.width))
    except QueryError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
