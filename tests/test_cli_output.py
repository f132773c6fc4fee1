"""`svodka query` and `svodka tables` print every column and every cell whole, in
the shape asked for (--format table|csv|json|markdown), and page a wide table on
a terminal instead of cutting it (issue 15, finding 5)."""

from __future__ import annotations

import io
import json
import os
import shlex
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline import show
from pipeline.cli import app
from pipeline.export import frames, write_tables

LONG_ROLE = "заместитель начальника управления образования администрации муниципального района"
LONG_ORG = "муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 3»"


def rows() -> dict[str, list[dict]]:
    return {
        "documents": [{"doc_id": "d1", "source": "Чита/отчёт.docx", "format": "docx", "status": "ok",
                       "title": "Информация о семинаре", "n_chars": 120, "sha256": "ab" * 32}],
        "events": [{"event_id": "e1", "doc_id": "d1", "format": "семинар", "date": "2022-09-29",
                    "title": "Школа, в которой интересно", "participants": 34}],
        "persons": [{"person_id": "per_1", "name": "Ласкан О.Я.", "surname": "Ласкан", "initials": "О.Я."},
                    {"person_id": "per_2", "name": "Гуржий Л.В.", "surname": "Гуржий", "initials": "Л.В."}],
        "person_mentions": [
            {"doc_id": "d1", "person_id": "per_1", "name": "Ласкан О.Я.", "role": LONG_ROLE,
             "org": LONG_ORG, "start": 5, "end": 16, "text": "О.Я. Ласкан"},
            {"doc_id": "d1", "person_id": "per_2", "name": "Гуржий Л.В.", "role": "=HYPERLINK(\"http://x\")",
             "org": "СОШ № 3", "start": 40, "end": 51, "text": "Л.В. Гуржий"},
        ],
    }


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    write_tables(frames(rows()), out)
    return out


def svodka(*args: str, **env: str):
    result = CliRunner().invoke(app, list(args), env=env or None)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_table_keeps_every_column_and_whole_cells_when_piped(out_dir):
    result = svodka("query", "SELECT * FROM participation ORDER BY person", "--out", str(out_dir))
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "person_id" in line)
    for column in ("person_id", "role", "org", "organization", "school_number", "event_title", "source",
                   "doc_municipality"):
        assert f" {column} " in header
    assert LONG_ROLE in result.stdout and LONG_ORG in result.stdout
    assert "…" not in result.stdout and "not shown" not in result.stdout
    assert "2 rows" in result.stdout


def test_json_is_every_row_with_nulls_and_numbers(out_dir):
    sql = "SELECT name, role, start, NULL::INTEGER AS nothing FROM person_mentions ORDER BY start"
    for args in (["--format", "json"], ["--json"], ["-f", "json"]):
        result = svodka("query", sql, "--out", str(out_dir), *args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == [
            {"name": "Ласкан О.Я.", "role": LONG_ROLE, "start": 5, "nothing": None},
            {"name": "Гуржий Л.В.", "role": "=HYPERLINK(\"http://x\")", "start": 40, "nothing": None},
        ]


def test_csv_and_markdown_formats(out_dir):
    sql = "SELECT name, role, start FROM person_mentions ORDER BY start"
    result = svodka("query", sql, "--out", str(out_dir), "--format", "csv")
    assert result.exit_code == 0, result.output
    df = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)  # rfc4180 on stdout
    assert df.to_dict("records")[0] == {"name": "Ласкан О.Я.", "role": LONG_ROLE, "start": 5}
    assert df.loc[1, "role"] == "'=HYPERLINK(\"http://x\")"  # the tables' writer: formulas neutralized

    result = svodka("query", sql, "--out", str(out_dir), "--format", "markdown")
    assert result.stdout.splitlines() == [
        "| name | role | start |",
        "| --- | --- | ---: |",
        f"| Ласкан О.Я. | {LONG_ROLE} | 5 |",
        "| Гуржий Л.В. | =HYPERLINK(\"http://x\") | 40 |",
    ]


def test_unknown_format_is_a_usage_error(out_dir):
    result = svodka("query", "SELECT 1", "--out", str(out_dir), "--format", "html")
    assert result.exit_code == 2
    assert "table" in result.output and "markdown" in result.output


def test_max_rows_limits_the_table_and_other_formats_print_all(out_dir):
    sql = "SELECT * FROM range(120) t(i)"
    table = svodka("query", sql, "--out", str(out_dir)).stdout
    assert "showing 50 of 120 rows" in table
    assert len(json.loads(svodka("query", sql, "--out", str(out_dir), "--json").stdout)) == 120
    assert "120 rows" in svodka("query", sql, "--out", str(out_dir), "--max-rows", "0").stdout
    assert len(json.loads(svodka("query", sql, "--out", str(out_dir), "--json", "--max-rows", "7").stdout)) == 7


def test_tables_as_json(out_dir):
    result = svodka("tables", "--out", str(out_dir), "--json")
    assert result.exit_code == 0, result.output
    listed = {t["name"]: t for t in json.loads(result.stdout)}
    assert listed["persons"] == {"name": "persons", "kind": "table", "rows": 2, "columns": listed["persons"]["columns"]}
    assert listed["participation"]["kind"] == "view"
    markdown = svodka("tables", "--out", str(out_dir), "--format", "markdown").stdout
    assert markdown.startswith("| name | kind | rows | columns |")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def recording_pager(path: Path) -> str:
    """A pager command that saves what it is given."""
    code = f"import sys; open({str(path)!r}, 'w', encoding='utf-8').write(sys.stdin.read())"
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(code)}"


def test_a_table_wider_than_the_terminal_goes_to_the_pager_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(show.shutil, "get_terminal_size", lambda *a: os.terminal_size((60, 24)))
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("SVODKA_PAGER", recording_pager(paged))
    df = pd.DataFrame({"role": [LONG_ROLE], "org": [LONG_ORG]})
    text = show.frame_text(df, show.OutputFormat.table)
    screen = Terminal()
    show.emit(text, screen)
    assert screen.getvalue() == ""  # nothing squeezed onto the screen
    assert paged.read_text("utf-8") == text
    assert LONG_ROLE in text and LONG_ORG in text and "…" not in text

    small = show.frame_text(pd.DataFrame({"n": [1, 2]}), show.OutputFormat.table)
    show.emit(small, screen)  # fits: printed as it is
    assert screen.getvalue() == small

    show.emit(text, screen, page=False)  # --no-pager
    assert screen.getvalue() == small + text


def test_the_default_pager_is_less_chopping_long_lines(monkeypatch):
    monkeypatch.delenv("SVODKA_PAGER", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.setattr(show.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert show.pager_command() == ["less", "-S"]
    monkeypatch.setenv("PAGER", "less -R")
    assert show.pager_command() == ["less", "-R", "-S"]
    monkeypatch.setenv("SVODKA_PAGER", "")
    assert show.pager_command() is None
