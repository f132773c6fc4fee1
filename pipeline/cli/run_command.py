"""``svodka run``: an archive into its tables, re-running only what changed."""

from __future__ import annotations

import gc
import json
import logging
import os
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.markup import escape

from ..checks import check_output_folder, check_scheduler
from ..export.csv import CsvDialect
from .common import (
    Executor,
    app,
    cap_mb,
    check,
    err,
    fail,
    out,
    positive_mb,
    positive_seconds,
    progress_for,
    setup_logging,
)


@app.command()
def run(
    inputs: Annotated[list[Path] | None, typer.Argument(help="Files, folders or zip archives (default: the project's data/raw).", show_default=False)] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder (default: the project's data/processed).")] = None,
    csv_dialect: Annotated[CsvDialect, typer.Option("--csv", help="CSV dialect: excel (UTF-8 BOM, ';') or rfc4180 (',', no BOM).")] = CsvDialect.excel,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write svodka.xlsx, a sheet per table.")] = False,
    max_file_mb: Annotated[float, typer.Option("--max-file-mb", help="Files larger than this are error rows (a number above 0).", callback=positive_mb)] = 50.0,
    reader_memory_mb: Annotated[float, typer.Option("--reader-memory-mb", envvar="SVODKA_READER_MEMORY_MB", help="Memory cap of the process that reads the files (0: none); a file that needs more is an error row.", callback=cap_mb)] = 2048.0,
    reader_timeout: Annotated[float, typer.Option("--reader-timeout", envvar="SVODKA_READER_TIMEOUT", help="Seconds one file may take to read; a slower one is stopped, an error row.", callback=positive_seconds)] = 300.0,
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
    from ..cache import default_cache_dir
    from ..errors import RunFailed, UsageError
    from ..ingest import IngestLimits
    from ..project import default_input, default_models_dir, default_output
    from ..rules import RuleError
    from ..run import RunOptions
    from ..run import run as run_pipeline

    if verbose:
        setup_logging(True)
    if scheduler and executor is not Executor.dask:
        raise typer.BadParameter(
            f"a scheduler is used by the dask executor only: add --executor dask (now: {executor.value})",
            param_hint="--scheduler")
    inputs = inputs or [default_input()]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        fail(f"input not found: {escape(', '.join(missing))}", 2)
    out_dir = out_dir or default_output()
    check(check_output_folder, out_dir)  # before any work, not after it
    if scheduler:
        check(check_scheduler, scheduler)
    options = RunOptions(
        inputs=list(inputs), out_dir=out_dir,
        limits=IngestLimits(max_file_bytes=int(max_file_mb * 1024 * 1024),
                            reader_memory_bytes=int(reader_memory_mb * 1024 * 1024), reader_timeout=reader_timeout),
        csv_dialect=csv_dialect.value, xlsx=xlsx,
        cache_dir=None if no_cache else (cache_dir or default_cache_dir()), force=force,
        executor=executor.value, workers=workers, scheduler=scheduler, models_dir=models or default_models_dir(),
        replace=replace,
    )
    progress, update = progress_for(quiet or as_json)
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
        fail(escape(str(exc)), 1)
    except UsageError as exc:
        fail(escape(str(exc)), 2)
    except TimeoutError as exc:  # another run holds the output folder
        fail(escape(str(exc)), 1)
    except OSError as exc:
        fail(escape(_os_error(exc, options.out_dir)), 1)
    except MemoryError:
        _out_of_memory("")
    except ImportError as exc:  # a library's code cannot even be mapped: memory again
        if "failed to map" not in str(exc) and "annot allocate memory" not in str(exc):
            raise
        _out_of_memory(f" (a library could not be loaded: {exc.name or exc})")
    except Exception as exc:  # a last net: a message and exit 1, never a traceback
        logging.getLogger(__name__).info("the run failed", exc_info=True)  # shown with -v
        fail(escape(f"the run stopped on an unexpected error ({type(exc).__name__}: {exc}); the tables in place "
                    "are kept (-v shows where; please report it)"), 1)
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


def _out_of_memory(detail: str) -> NoReturn:
    """Say so with what memory is left: a plain write, no rich rendering (which may need more)."""
    gc.collect()
    message = (f"error: svodka ran out of memory{detail}, so the tables in place are kept: "
               "give it more memory, or fewer --workers\n")
    os.write(2, message.encode("utf-8", "replace"))
    raise typer.Exit(1)


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
