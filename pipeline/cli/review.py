"""``svodka review``: a static HTML site of the last run, to see what was extracted where."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .common import app, err, fail, out


@app.command()
def review(
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder of a run (default: the project's data/processed); the site goes to DIR/review/.")] = None,
    gold: Annotated[Path | None, typer.Option("--gold", help="Gold annotation (JSONL, shared/eval/GOLD_FORMAT.md): mark each document's false positives, misses and wrong roles/organizations.", exists=True, dir_okay=False)] = None,
    open_site: Annotated[bool, typer.Option("--open", help="Open the site's index in the web browser.")] = False,
) -> None:
    """Write DIR/review/: every document's text with its mentions marked beside its rows, and a page per person, school and organization (static HTML, no server)."""
    from ..evaluate import GoldFormatError
    from ..project import default_output
    from ..review import ReviewError, build_site

    folder = out_dir or default_output()
    try:
        result = build_site(folder, gold)
    except (ReviewError, GoldFormatError) as exc:
        fail(escape(str(exc)), 2)
    except OSError as exc:
        fail(escape(f"cannot write {folder / 'review'}: {exc.strerror or exc}"), 1)
    out.print(f"{escape(str(result.index))}: {result.documents} documents; {len(result.written)} pages written, "
              f"{result.unchanged} unchanged" + (f", {len(result.removed)} removed" if result.removed else "")
              + f" ({result.seconds:.1f} s)", highlight=False)
    if result.gold is not None:
        marks = result.gold.marks.values()
        out.print(f"gold: {len(result.gold.marks)} documents scored, {sum(len(m.wrong) for m in marks)} false "
                  f"positives, {sum(len(m.missed) for m in marks)} false negatives", highlight=False)
        if result.gold.absent:
            err.print(f"[yellow]warning:[/] {len(result.gold.absent)} gold document(s) not in this run, e.g. "
                      f"{escape(result.gold.absent[0])}", highlight=False)
    if open_site:
        import webbrowser

        webbrowser.open(result.index.resolve().as_uri())
