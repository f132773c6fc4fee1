"""svodka query / svodka tables: read-only SQL on the output database, listing, rendering."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from pipeline.export import TABLES, frames, write_tables
from pipeline.query import QueryError, list_tables, render, run_query

LONG_ROLE = "заместитель начальника управления образования администрации муниципального района"


def rows() -> dict[str, list[dict]]:
    return {
        "documents": [
            {"doc_id": "d1", "source": "Чита/отчёт.docx", "format": "docx", "status": "ok",
             "title": "Информация о семинаре", "n_chars": 120, "sha256": "ab" * 32},
            {"doc_id": "d2", "source": "scan.pdf", "format": "pdf", "status": "error",
             "error": "the PDF has no text layer (a scan?): run OCR first", "n_chars": 0},
        ],
        "events": [{"event_id": "e1", "doc_id": "d1", "format": "семинар", "date": "2022-09-29",
                    "title": "Школа, в которой интересно", "participants": 34},
                   {"event_id": "e2", "doc_id": "d2", "format": "вебинар", "participants": None}],
        "persons": [
            {"person_id": "per_1", "name": "Ласкан О.Я.", "surname": "Ласкан", "initials": "О.Я."},
            {"person_id": "per_2", "name": "Гуржий Л.В.", "surname": "Гуржий", "initials": "Л.В."},
        ],
        "person_mentions": [
            {"doc_id": "d1", "person_id": "per_1", "name": "Ласкан О.Я.", "role": LONG_ROLE,
             "org": "управление образования", "start": 5, "end": 16, "text": "О.Я. Ласкан"},
            {"doc_id": "d1", "person_id": "per_2", "name": "Гуржий Л.В.", "role": "директор",
             "org": "СОШ № 3", "start": 40, "end": 51, "text": "Л.В. Гуржий"},
        ],
        "schools": [{"school_id": "sch_3", "kind": "СОШ", "number": 3, "number_text": "3", "municipality": "г. Шилка"}],
        "school_mentions": [{"doc_id": "d1", "school_id": "sch_3", "number": "3", "kind": "СОШ",
                             "start": 60, "end": 67, "text": "СОШ № 3"}],
    }


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    write_tables(frames(rows()), out)
    return out


@pytest.fixture(scope="module")
def db(out_dir: Path) -> Path:
    return out_dir / "svodka.duckdb"


def test_select_returns_the_expected_rows(db):
    df = run_query(db, "SELECT name, role FROM person_mentions ORDER BY start")
    assert list(df.columns) == ["name", "role"]
    assert df.to_dict("records") == [
        {"name": "Ласкан О.Я.", "role": LONG_ROLE},
        {"name": "Гуржий Л.В.", "role": "директор"},
    ]


def test_output_folder_stands_for_its_database(out_dir):
    df = run_query(out_dir, "SELECT count(*) AS n FROM documents WHERE status = 'error'")
    assert df.loc[0, "n"] == 1


def test_participation_view_joins_person_school_and_event(db):
    df = run_query(db, "SELECT person, role, school_kind, school_number, event_format FROM participation "
                       "WHERE person = 'Гуржий Л.В.'")
    assert df.to_dict("records") == [
        {"person": "Гуржий Л.В.", "role": "директор", "school_kind": "СОШ", "school_number": "3",
         "event_format": "семинар"}
    ]
    assert run_query(db, "SELECT count(*) AS n FROM participation").loc[0, "n"] == 2


def test_null_integers_stay_nullable(db):
    df = run_query(db, "SELECT participants FROM events ORDER BY event_id")
    assert str(df["participants"].dtype) == "Int64"
    assert df["participants"].iloc[0] == 34 and df["participants"].isna().iloc[1]


def test_bad_sql_names_the_problem(db):
    with pytest.raises(QueryError, match="(?i)syntax error.*SELEC"):
        run_query(db, "SELEC name FROM persons")
    with pytest.raises(QueryError, match="no_such_column"):
        run_query(db, "SELECT no_such_column FROM persons")
    with pytest.raises(QueryError, match="no_such_table"):
        run_query(db, "SELECT * FROM no_such_table")
    with pytest.raises(QueryError, match="empty"):
        run_query(db, "  ;  ")


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO persons (person_id, name) VALUES ('per_x', 'Иванов И.И.')",
        "CREATE TABLE x AS SELECT 1",
        "CREATE TEMP TABLE x AS SELECT 1",
        "UPDATE persons SET name = 'x'",
        "DELETE FROM persons",
        "DROP VIEW participation",
        "SELECT 1; DELETE FROM persons",
        "COPY persons TO 'leak.csv'",
        "ATTACH 'other.duckdb' AS other",
        "SET threads = 1",
    ],
)
def test_statements_that_write_are_refused(db, sql, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(QueryError, match="refused"):
        run_query(db, sql)
    assert list(tmp_path.iterdir()) == []
    assert run_query(db, "SELECT count(*) AS n FROM persons").loc[0, "n"] == 2


def test_sql_cannot_read_or_write_files_beside_the_database(db, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    with pytest.raises(QueryError, match="(?i)disabled|permission"):
        run_query(db, f"SELECT * FROM read_csv('{secret}')")


def test_database_is_not_modified(db):
    before = db.read_bytes()
    for sql in ("SELECT * FROM participation", "DESCRIBE persons", "SUMMARIZE events",
                "PIVOT person_mentions ON name USING count(*)"):
        run_query(db, sql)
    assert db.read_bytes() == before


def test_missing_database_says_how_to_make_one(tmp_path):
    with pytest.raises(QueryError, match="svodka run --out"):
        run_query(tmp_path / "nowhere", "SELECT 1")


def test_list_tables_lists_tables_and_views_with_row_counts(db):
    df = list_tables(db)
    assert list(df.columns) == ["name", "kind", "rows", "columns"]
    tables = df[df["kind"] == "table"]
    assert list(tables["name"]) == list(TABLES)  # declared order
    counts = dict(zip(df["name"], df["rows"]))
    assert counts["documents"] == 2
    assert counts["person_mentions"] == 2
    assert counts["locations"] == 0
    view = df[df["name"] == "participation"].iloc[0]
    assert view["kind"] == "view"
    assert view["rows"] == 2
    assert counts["events"] == 2
    assert dict(zip(df["name"], df["columns"]))["persons"] == len(TABLES["persons"])


def _text(table, width: int = 200) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(table)
    return console.export_text()


def test_render_truncates_long_cells_and_counts_rows(db):
    df = run_query(db, "SELECT name, role FROM person_mentions ORDER BY start")
    text = _text(render(df, max_width=30))
    assert "Ласкан О.Я." in text  # Cyrillic as is
    assert LONG_ROLE not in text
    assert LONG_ROLE[:29] + "…" in text
    assert "2 rows" in text


def test_render_shows_only_max_rows(db):
    df = run_query(db, "SELECT * FROM range(120) t(i)")
    text = _text(render(df, max_rows=5))
    assert "showing 5 of 120 rows" in text
    cells = [line.strip("│ ") for line in text.splitlines() if line.startswith("│")]
    assert cells == ["0", "1", "2", "3", "4"]


def test_render_keeps_cells_literal_and_nulls_visible():
    df = run_query_df("SELECT '[bold]x[/bold]' AS markup, NULL::VARCHAR AS missing, '' AS blank, "
                      "'строка\nвторая' AS multiline")
    text = _text(render(df))
    assert "[bold]x[/bold]" in text
    assert "∅" in text
    assert "строка вторая" in text  # one line per row


def test_render_drops_columns_that_do_not_fit_and_says_so(db):
    df = run_query(db, "SELECT * FROM participation")
    text = _text(render(df, width=80), width=80)
    assert "more columns not shown" in text
    assert max(len(line) for line in text.splitlines() if "│" in line) <= 80


def run_query_df(sql: str):
    return duckdb.sql(sql).df()


def test_dates_of_mixed_precision_are_typed_and_school_numbers_sort_as_numbers(tmp_path):
    """An analyst groups events by month and sorts schools by number in SQL, whatever
    precision each report gave its date in."""
    from datetime import date

    from pipeline.export.rows import EventRow, SchoolRow
    from pipeline.isodate import bounds

    def event(n: int, value: str) -> EventRow:
        first, last, precision = bounds(value)
        return EventRow(event_id=f"e{n}", doc_id=f"d{n}", format="семинар", title="", date=value, date_start=first,
                        date_end=last, date_precision=precision, venue="", location="", organizer="",
                        participants=None)

    def school(number: str) -> SchoolRow:
        digits = int("".join(c for c in number if c.isdigit()))
        return SchoolRow(school_id=f"s{number}", kind="СОШ", number=digits, number_text=number, name="",
                         legal_form="", location="", municipality="", n_documents=1)

    values = ["2022", "2022-11", "2022-12-05", "2022-12-05/2022-12-09", "--05-12"]
    write_tables(frames({"events": [event(n, v) for n, v in enumerate(values)],
                         "schools": [school(n) for n in ("15", "2", "1", "3а")]}), tmp_path)
    months = run_query(tmp_path, "SELECT date, date_trunc('month', date_start) AS m, date_precision FROM events "
                                 "ORDER BY event_id")
    assert [v.date() if v is not None and v == v else None for v in months["m"]] == [
        date(2022, 1, 1), date(2022, 11, 1), date(2022, 12, 1), date(2022, 12, 1), None]
    assert list(months["date_precision"]) == ["year", "month", "day", "range", "day"]
    ordered = run_query(tmp_path, "SELECT number_text FROM schools ORDER BY number, number_text")
    assert list(ordered["number_text"]) == ["1", "2", "3а", "15"]
