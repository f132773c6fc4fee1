"""``svodka runs`` and ``svodka diff``: the runs of an output folder and what changed."""

from __future__ import annotations

import json
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
    err,
    fail,
    out,
    output_format,
)


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
    from ..cache import default_cache_dir
    from ..diff import SnapshotError, changes_frame, describe, diff_json, diff_tables
    from ..project import default_output
    from ..runs import Registry, folder_key

    if write:
        check(check_file_target, write, "--write")
    registry = Registry(cache_dir or default_cache_dir())
    given = [r for r in (run_a, run_b) if r]
    recs = {}
    for run_id in given:
        rec = registry.get(run_id)
        if rec is None:
            fail(f"no run {escape(run_id)} is recorded in {escape(str(registry.dir))} (see `svodka runs --all`)", 2)
        recs[run_id] = rec
    if out_dir is not None:
        folder = folder_key(out_dir)
        for run_id, rec in recs.items():
            if folder_key(rec.out_dir) != folder:
                fail(escape(f"run {run_id} is a run of {rec.out_dir}, not of {folder}: "
                             f"`svodka diff --out {rec.out_dir}` compares that folder's runs"), 2)
    elif recs:
        folders = {run_id: folder_key(rec.out_dir) for run_id, rec in recs.items()}
        folder = folders[given[0]]
        if len(set(folders.values())) > 1:
            fail(escape(f"runs of two output folders: {given[0]} is a run of {folders[given[0]]}, {given[1]} of "
                         f"{folders[given[1]]}; diff compares the runs of one folder"), 2)
    else:
        folder = folder_key(default_output())
    mine = registry.runs(folder)
    if not given:
        if len(mine) < 2:
            fail(escape(f"fewer than two recorded runs of {folder}; run `svodka run --out {folder}` twice"
                         + _other_folders(registry, folder, 2)), 2)
        run_a, run_b = mine[-2].run_id, mine[-1].run_id
    elif run_b is None:
        run_b = mine[-1].run_id
    assert run_a is not None and run_b is not None  # positional: run_b given implies run_a given
    try:
        before, after = _snapshot(registry, run_a), _snapshot(registry, run_b)
    except KeyError as exc:
        fail(escape(f"no snapshot of run {exc.args[0]}: only the last runs of each folder keep theirs "
                     "(see `svodka runs`)"), 2)
    except SnapshotError as exc:
        fail(escape(f"{exc}; the runs after it can still be compared (see `svodka runs`)"), 2)
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
                from ..export.csv import write_csv

                write_csv(frame, write, dialect)
        except OSError as exc:
            fail(escape(f"cannot write {write}: {exc.strerror or exc}"), 1)
        err.print(f"{len(frame)} changes written to {escape(str(write))}")


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

    from ..cache import default_cache_dir
    from ..project import default_output
    from ..runs import Registry, folder_key

    fmt = output_format(fmt, as_json)
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


def _snapshot(registry, run_id: str):
    """A run's snapshot tables (``KeyError`` when it kept none, ``SnapshotError`` when damaged)."""
    from ..diff import read_snapshot

    snap = registry.snapshot_dir(run_id)
    if not snap.is_dir():
        raise KeyError(run_id)
    return read_snapshot(snap)
