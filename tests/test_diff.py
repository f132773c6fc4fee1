"""``svodka diff`` shows what a rule change did to the tables."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipeline.diff import changes_frame, describe, diff_tables, table_diff
from pipeline.rules import MODELS_DIR
from pipeline.run import RunOptions, run

REPO = Path(__file__).resolve().parent.parent


def test_table_diff_names_added_removed_and_changed_rows():
    before = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "start": [0, 40, 5], "end": [12, 52, 17],
                           "name": ["Кузовлев А.А.", "Ляхова Е.П.", "Гусев В.Н."],
                           "role": ["", "методист", "директор"]})
    after = pd.DataFrame({"doc_id": ["d1", "d1", "d3"], "start": [0, 40, 9], "end": [12, 52, 20],
                          "name": ["Кузовлев А.А.", "Ляхова Е.П.", "Осина Т.К."],
                          "role": ["руководитель", "методист", "учитель"]})
    d = table_diff("person_mentions", before, after)
    assert [r["name"] for r in d.added] == ["Осина Т.К."]
    assert [r["name"] for r in d.removed] == ["Гусев В.Н."]
    assert [(new["name"], cols) for _, new, cols in d.changed] == [("Кузовлев А.А.", ["role"])]
    text = describe([d])
    assert 'Кузовлев А.А.: role "" → "руководитель"' in text
    assert "+1 added, -1 removed, ~1 changed" in text
    frame = changes_frame([d])
    assert frame.query("change == 'changed'")[["column", "before", "after"]].values.tolist() == [
        ["role", "", "руководитель"]]


def test_identical_tables_have_no_changes():
    df = pd.DataFrame({"person_id": ["per_1"], "name": ["Орлова Н.С."]})
    assert describe(diff_tables({"persons": df}, {"persons": df.copy()})) == "no changes"


def svodka(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=REPO, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, check=True)


def test_diff_reports_what_a_lexicon_edit_did(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "вебинар.txt").write_text(
        "15.11.2022 прошёл вебинар для учителей математики. Выступила методист ИМЦ Т.Н. Вострикова, "
        "которая рассказала о заданиях ВПР.\n", encoding="utf-8")
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = run(RunOptions(inputs=[raw], out_dir=out, cache_dir=cache, executor="serial"))
    mentions = pd.read_parquet(out / "person_mentions.parquet")
    assert mentions.set_index("name").loc["Вострикова Т.Н.", "role"] == "методист"

    # a rule maintainer drops «методист» from the role lexicon, in a copy of models/
    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models)
    roles = models / "roles.yaml"
    text, n = re.subn(r"(?m)^(heads: \[.*?)\bметодист, ", r"\1", roles.read_text("utf-8"), count=1)
    assert n == 1
    roles.write_text(text, "utf-8")
    second = json.loads(svodka("run", str(raw), "--out", str(out), "--cache-dir", str(cache), "--executor", "serial",
                               "--json", env={"SVODKA_MODELS_DIR": str(models)}).stdout)
    assert second["run_id"] != first.run_id
    assert second["computed"].get("annotate", 0) == 0 and second["computed"]["extract:people"] == 1
    assert "persons" in second["rebuilt"]  # a person changed: resolve ran again

    changes = tmp_path / "changes.csv"
    shown = svodka("diff", "--cache-dir", str(cache), "--out", str(out), "--write", str(changes)).stdout
    assert 'Вострикова Т.Н.: role "методист" → ""' in shown
    rows = pd.read_csv(changes, sep=";", encoding="utf-8-sig", keep_default_na=False)
    row = rows[(rows.table == "person_mentions") & (rows.column == "role")].iloc[0]
    assert (row.row, row.before, row.after) == ("Вострикова Т.Н.", "методист", "")
