"""``svodka eval`` and ``svodka rules check``: scores against gold, and the rule files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .common import (
    app,
    err,
    out,
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
    from ..evaluate import format_report, load_gold, score
    from ..evaluate.predict import predict
    from ..project import default_models_dir
    from ..ruleset import RuleSet

    gold_records = load_gold(gold)
    predictions = predict(input_dir, RuleSet(models or default_models_dir()))
    report = score(gold_records, predictions)
    if errors:
        from ..evaluate import write_errors

        write_errors(report, errors)
    if as_json:
        out.print_json(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        out.print(format_report(report))



rules_app = typer.Typer(help="Rule files in models/.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("check")
def rules_check(
    models: Annotated[Path | None, typer.Option("--models", envvar="SVODKA_MODELS_DIR", help="Folder of rule files (default: the project's models/, else the packaged rules).", file_okay=False)] = None,
) -> None:
    """Check every rule file (YAML syntax, duplicates, unknown fields) without reading documents."""
    from ..project import default_models_dir
    from ..rules import RuleError
    from ..ruleset import RuleSet
    from ..run import check_rules

    try:
        fp = check_rules(RuleSet(models or default_models_dir()))
    except RuleError as exc:
        err.print(f"[red]rule error:[/] {exc}")
        raise typer.Exit(2) from exc
    out.print(f"rules ok ({fp})")
