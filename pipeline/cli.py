"""``svodka`` command line: run the pipeline, evaluate it, query its tables.

Exit codes: 0 ok; 1 the run failed or the machine stopped it (an output folder
or file that cannot be written, an unreachable Dask scheduler); 2 a usage error
(a bad option value, a missing input, a folder that does not exist for a file
to write, a run id of another output folder, a broken rule file). Unreadable
documents are rows with status=error, not a failed run. User mistakes print a
message, never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__
from .checks import CheckFailed, check_file_target, check_output_folder, check_positive, check_scheduler
from .export.csv import CsvDialect
from .progress import LogLines, bar, quiet_dask_logs
from .show import OutputFormat, emit, frame_text

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


def _setup_logging(verbose: bool) -> None:
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
    _setup_logging(verbose)


def _fail(message: str, code: int) -> NoReturn:
    err.print(f"[red]error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def _check(check, *args) -> None:
    """Run a check of ``pipeline.checks``; a failure is a message and its exit code."""
    try:
        check(*args)
    except CheckFailed as exc:
        _fail(escape(str(exc)), exc.exit_code)


def _max_file_mb(value: float) -> float:
    try:
        return check_positive(value, "--max-file-mb")
    except CheckFailed as exc:
        raise typer.BadParameter(f"must be a number of megabytes above 0, not {value}") from exc


def _progress(quiet: bool):
    """A bar per phase on a terminal; plain periodic lines when stderr is not one; or nothing."""
    if quiet:
        return None, None
    if not err.is_terminal:
        return None, LogLines(sys.stderr)
    return bar(err)


@app.command()
def run(
    inputs: Annotated[list[Path] | None, typer.Argument(help="Files, folders or zip archives (default: the project's data/raw).", show_default=False)] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder (default: the project's data/processed).")] = None,
    csv_dialect: Annotated[CsvDialect, typer.Option("--csv", help="CSV dialect: excel (UTF-8 BOM, ';') or rfc4180 (',', no BOM).")] = CsvDialect.excel,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write svodka.xlsx, a sheet per table.")] = False,
    max_file_mb: Annotated[float, typer.Option("--max-file-mb", help="Files larger than this are error rows (a number above 0).", callback=_max_file_mb)] = 50.0,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", envvar="SVODKA_CACHE_DIR", help="Stage cache and run history (default: the project's data/interim, else the user cache folder).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Recompute every stage of every document.")] = False,
    executor: Annotated[Executor, typer.Option("--executor", help="serial (this process), local (all cores) or dask.")] = Executor.local,
    workers: Annotated[int | None, typer.Option("--workers", "-w", help="Worker processes (default: one per core).", min=1)] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786), with --executor dask; default: a local cluster.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON (with what re-ran and why); no progress.")] = False,
    models: Annotated[Path | None, typer.Option("--models", envvar="SVODKA_MODELS_DIR", help="Folder of rule files (default: the project's models/, else the packaged rules).", file_okay=False)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Write into an output folder that holds the tables of other inputs.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details to stderr (Dask's logs too).")] = False,
) -> None:
    """Read an archive and write the tables, re-running only what changed."""
    from .cache import default_cache_dir
    from .errors import RunFailed, UsageError
    from .ingest import IngestLimits
    from .project import default_input, default_models_dir, default_output
    from .rules import RuleError
    from .run import RunOptions
    from .run import run as run_pipeline

    if verbose:
        _setup_logging(True)
    if scheduler and executor is not Executor.dask:
        raise typer.BadParameter(
            f"a scheduler is used by the dask executor only: add --executor dask (now: {executor.value})",
            param_hint="--scheduler")
    inputs = inputs or [default_input()]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        _fail(f"input not found: {escape(', '.join(missing))}", 2)
    out_dir = out_dir or default_output()
    _check(check_output_folder, out_dir)  # before any work, not after it
    if scheduler:
        _check(check_scheduler, scheduler)
    options = RunOptions(
        inputs=list(inputs), out_dir=out_dir,
        limits=IngestLimits(max_file_bytes=int(max_file_mb * 1024 * 1024)), csv_dialect=csv_dialect.value, xlsx=xlsx,
        cache_dir=None if no_cache else (cache_dir or default_cache_dir()), force=force,
        executor=executor.value, workers=workers, scheduler=scheduler, models_dir=models or default_models_dir(),
        replace=replace,
    )
    progress, update = _progress(quiet or as_json)
    try:
        if progress:
            with progress:
                summary = run_pipeline(options, update)
        else:
            summary = run_pipeline(options, update)
    except RuleError as exc:
        err.print(f"[red]rule error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    except RunFailed as exc:
        _fail(escape(str(exc)), 1)
    except UsageError as exc:
        _fail(escape(str(exc)), 2)
    except TimeoutError as exc:  # another run holds the output folder
        _fail(escape(str(exc)), 1)
    except OSError as exc:
        _fail(escape(_os_error(exc, options.out_dir)), 1)
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


def _os_error(exc: OSError, out_dir: Path) -> str:
    """An OSError in words: writing the tables only when it names a file in the output folder."""
    name = exc.filename
    if name is not None:
        try:
            inside = Path(name).resolve().is_relative_to(Path(out_dir).resolve())
        except (OSError, ValueError):
            inside = False
        if inside:
            return f"cannot write the tables to {out_dir}: {exc.strerror or exc} ({name})"
        return f"{exc.strerror or exc}: {name}"
    return str(exc) or type(exc).__name__


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


def _other_folders(registry, folder: str, at_least: int = 1) -> str:
    """A hint naming the output folders that do have runs."""
    others = {f: n for f, n in registry.folders().items() if f != folder and n >= at_least}
    if not others:
        return ""
    listed = ", ".join(f"{f} ({n} run{'s' if n > 1 else ''})" for f, n in others.items())
    return f"; runs of other folders: {listed} (choose one with --out)"


@app.command()
def diff(
    run_a: Annotated[str | None, typer.Argument(help="Earlier run id (default: the one before the last of the folder).")] = None,
    run_b: Annotated[str | None, typer.Argument(help="Later run id (default: the last of the folder).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder whose runs to compare (default: the project's data/processed, or the folder of the runs given).")] = None,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", envvar="SVODKA_CACHE_DIR", help="Where runs are recorded.")] = None,
    examples: Annotated[int, typer.Option("--examples", "-n", help="Examples per table and kind of change.", min=0)] = 5,
    write: Annotated[Path | None, typer.Option("--write", help="Write every change as a table (.csv or .parquet).")] = None,
    dialect: Annotated[CsvDialect, typer.Option("--dialect", help="CSV dialect of --write: excel or rfc4180.")] = CsvDialect.excel,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes per table as JSON.")] = False,
) -> None:
    """What changed between two runs of one output folder: rows added, removed and changed per table."""
    from .cache import default_cache_dir
    from .diff import changes_frame, describe, diff_json, diff_tables
    from .project import default_output
    from .runs import Registry, folder_key

    if write:
        _check(check_file_target, write, "--write")
    registry = Registry(cache_dir or default_cache_dir())
    given = [r for r in (run_a, run_b) if r]
    recs = {}
    for run_id in given:
        rec = registry.get(run_id)
        if rec is None:
            _fail(f"no run {escape(run_id)} is recorded in {escape(str(registry.dir))} (see `svodka runs --all`)", 2)
        recs[run_id] = rec
    if out_dir is not None:
        folder = folder_key(out_dir)
        for run_id, rec in recs.items():
            if folder_key(rec.out_dir) != folder:
                _fail(escape(f"run {run_id} is a run of {rec.out_dir}, not of {folder}: "
                             f"`svodka diff --out {rec.out_dir}` compares that folder's runs"), 2)
    elif recs:
        folders = {run_id: folder_key(rec.out_dir) for run_id, rec in recs.items()}
        folder = folders[given[0]]
        if len(set(folders.values())) > 1:
            _fail(escape(f"runs of two output folders: {given[0]} is a run of {folders[given[0]]}, {given[1]} of "
                         f"{folders[given[1]]}; diff compares the runs of one folder"), 2)
    else:
        folder = folder_key(default_output())
    mine = registry.runs(folder)
    if not given:
        if len(mine) < 2:
            _fail(escape(f"fewer than two recorded runs of {folder}; run `svodka run --out {folder}` twice"
                         + _other_folders(registry, folder, 2)), 2)
        run_a, run_b = mine[-2].run_id, mine[-1].run_id
    elif run_b is None:
        run_b = mine[-1].run_id
    assert run_a is not None and run_b is not None  # positional: run_b given implies run_a given
    try:
        before, after = registry.tables(run_a), registry.tables(run_b)
    except KeyError as exc:
        _fail(escape(f"no snapshot of run {exc.args[0]}: only the last runs of each folder keep theirs "
                     "(see `svodka runs`)"), 2)
    diffs = diff_tables(before, after)
    if as_json:
        emit(json.dumps({"out_dir": folder, "run_a": run_a, "run_b": run_b, "tables": diff_json(diffs, examples)},
                        ensure_ascii=False, indent=2) + "\n", page=False)
    else:
        out.print(f"[bold]{escape(f'{run_a} → {run_b}')}[/] ({escape(folder)})")
        out.print(describe(diffs, examples), markup=False, highlight=False)
    if write:
        frame = changes_frame(diffs)
        try:
            if write.suffix == ".parquet":
                frame.to_parquet(write, index=False)
            else:
                from .export.csv import write_csv

                write_csv(frame, write, dialect)
        except OSError as exc:
            _fail(escape(f"cannot write {write}: {exc.strerror or exc}"), 1)
        err.print(f"{len(frame)} changes written to {escape(str(write))}")


def _format(fmt: OutputFormat, as_json: bool) -> OutputFormat:
    return OutputFormat.json if as_json else fmt


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="table (every column whole; paged with less -S on a terminal when wide), csv, json or markdown.")]
JsonOption = Annotated[bool, typer.Option("--json", help="The same as --format json.")]
PagerOption = Annotated[bool, typer.Option("--pager/--no-pager", help="Page a table wider or longer than the terminal ($SVODKA_PAGER, $PAGER or less -S).")]


@app.command()
def runs(
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder whose runs to list (default: the project's data/processed).")] = None,
    all_folders: Annotated[bool, typer.Option("--all", help="The runs of every output folder.")] = False,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", envvar="SVODKA_CACHE_DIR", help="Where runs are recorded.")] = None,
    fmt: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
    pager: PagerOption = True,
) -> None:
    """List the recorded runs of an output folder, with the full ids `svodka diff` takes."""
    import pandas as pd

    from .cache import default_cache_dir
    from .project import default_output
    from .runs import Registry, folder_key

    fmt = _format(fmt, as_json)
    registry = Registry(cache_dir or default_cache_dir())
    folder = None if all_folders else folder_key(out_dir or default_output())
    recs = registry.runs(folder)
    if fmt is OutputFormat.json:
        rows = [{**r.__dict__, "snapshot": registry.snapshot_dir(r.run_id).is_dir()} for r in recs]
        emit(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", page=False)
        return
    if not recs:
        err.print(escape(f"no runs recorded for {folder or 'any output folder'} in {registry.dir}"
                         + (_other_folders(registry, folder) if folder else "")), highlight=False)
        return
    frame = pd.DataFrame([{
        "run": r.run_id, "started": r.started, "rules": r.rules[:12],
        **({"output": r.out_dir} if folder is None else {}),
        "documents ok": None if r.ok < 0 else r.ok,
        "persons": r.counts.get("persons"), "events": r.counts.get("events"),
        "diff": "yes" if registry.snapshot_dir(r.run_id).is_dir() else "no",
    } for r in recs]).astype({"documents ok": "Int64", "persons": "Int64", "events": "Int64"})
    title = f"runs of {folder}" if folder and fmt is OutputFormat.table else None
    emit(frame_text(frame, fmt, max_rows=None, title=title), page=pager and fmt is OutputFormat.table)


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
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Also write the whole result to this CSV file.")] = None,
    fmt: FormatOption = OutputFormat.table,
    max_rows: Annotated[int | None, typer.Option("--max-rows", help="Rows to print (default: 50 in a table, all in the other formats; 0: all).", min=0, show_default=False)] = None,
    dialect: Annotated[CsvDialect | None, typer.Option("--dialect", help="CSV dialect of --csv FILE (default excel) and of --format csv (default rfc4180).", show_default=False)] = None,
    as_json: JsonOption = False,
    pager: PagerOption = True,
) -> None:
    """Run SQL on the tables and print the result: a table, CSV, JSON or Markdown."""
    from .project import default_output
    from .query import QueryError, run_query

    fmt = _format(fmt, as_json)
    if csv_file:
        _check(check_file_target, csv_file, "--csv")  # before the query runs
    try:
        df = run_query(out_dir or default_output(), sql)
    except QueryError as exc:
        _fail(escape(str(exc)), 2)
    if csv_file:
        from .export.csv import write_csv

        try:
            write_csv(df, csv_file, dialect or CsvDialect.excel)
        except OSError as exc:
            _fail(escape(f"cannot write {csv_file}: {exc.strerror or exc}"), 1)
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
    from .project import default_output
    from .query import QueryError, list_tables

    fmt = _format(fmt, as_json)
    try:
        frame = list_tables(out_dir or default_output())
    except QueryError as exc:
        _fail(escape(str(exc)), 2)
    emit(frame_text(frame, fmt, max_rows=0), page=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
