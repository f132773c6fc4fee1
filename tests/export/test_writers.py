"""Writers: Excel-ready CSV, RFC 4180 CSV, Parquet with dtypes, DuckDB, atomic replace."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipeline.errors import RunFailed
from pipeline.export import frames, write_tables, writers
from pipeline.export.manifest import MANIFEST


def sample_rows() -> dict[str, list[dict]]:
    return {
        "documents": [
            {"doc_id": "d1", "source": "Чита/отчёт.docx", "format": "docx", "status": "ok", "error": "",
             "title": "Информация о семинаре", "n_chars": 120, "sha256": "ab" * 32},
            {"doc_id": "d2", "source": "scan.pdf", "format": "pdf", "status": "error",
             "error": "the PDF has no text layer (a scan?): run OCR first", "n_chars": 0},
        ],
        "persons": [{"person_id": "per_1", "name": "Ласкан О.Я.", "surname": "Ласкан", "initials": "О.Я."}],
        "person_mentions": [
            {"doc_id": "d1", "person_id": "per_1", "name": "Ласкан О.Я.", "role": "=HYPERLINK(\"x\")",
             "org": "управление образования", "start": 5, "end": 16, "text": "О.Я. Ласкан"},
        ],
        "events": [{"event_id": "e1", "doc_id": "d1", "format": "семинар", "participants": None}],
    }


def test_excel_csv_has_bom_semicolons_and_cyrillic(tmp_path):
    write_tables(frames(sample_rows()), tmp_path)
    raw = (tmp_path / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, first = raw.decode("utf-8-sig").splitlines()[:2]
    assert header.split(";")[:4] == ["doc_id", "source", "format", "status"]
    assert "Чита/отчёт.docx" in first


def test_rfc4180_csv_is_plain_comma_csv(tmp_path):
    write_tables(frames(sample_rows()), tmp_path, csv_dialect="rfc4180")
    raw = (tmp_path / "documents.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(tmp_path / "documents.csv", dtype=str, keep_default_na=False)
    assert df.loc[1, "error"].startswith("the PDF has no text layer")


def test_formulas_are_neutralized_in_csv_only(tmp_path):
    write_tables(frames(sample_rows()), tmp_path)
    csv_text = (tmp_path / "person_mentions.csv").read_text("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    pq = pd.read_parquet(tmp_path / "person_mentions.parquet")
    assert pq.loc[0, "role"].startswith("=HYPERLINK")


def test_parquet_keeps_declared_dtypes_and_nulls(tmp_path):
    write_tables(frames(sample_rows()), tmp_path)
    events = pd.read_parquet(tmp_path / "events.parquet")
    assert str(events["participants"].dtype) == "Int64"
    assert events["participants"].isna().all()
    docs = pd.read_parquet(tmp_path / "documents.parquet")
    assert list(docs["n_chars"]) == [120, 0]


def test_duckdb_has_every_table_and_the_participation_view(tmp_path):
    write_tables(frames(sample_rows()), tmp_path)
    con = duckdb.connect(str(tmp_path / "svodka.duckdb"), read_only=True)
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"documents", "persons", "person_mentions", "schools", "dates", "participation"} <= names
    row = con.execute("SELECT person, org, event_format FROM participation").fetchone()
    assert row == ("Ласкан О.Я.", "управление образования", "семинар")


def test_a_value_of_the_wrong_type_fails_before_anything_is_written(tmp_path):
    rows = sample_rows()
    rows["documents"][0]["n_chars"] = "много"
    with pytest.raises((ValueError, TypeError)):
        write_tables(frames(rows), tmp_path)
    assert not list(tmp_path.iterdir())


def test_interrupted_write_leaves_previous_tables_intact(tmp_path, monkeypatch):
    write_tables(frames(sample_rows()), tmp_path)
    before = (tmp_path / "documents.csv").read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(writers, "_write_duckdb", boom)
    rows = sample_rows()
    rows["documents"] = rows["documents"][:1]
    with pytest.raises(RunFailed, match="cannot write the tables to .*disk full; the tables in place are kept"):
        write_tables(frames(rows), tmp_path)
    assert (tmp_path / "documents.csv").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".svodka-staging-")]


def test_a_table_whose_frame_did_not_change_keeps_its_files(tmp_path):
    write_tables(frames(sample_rows()), tmp_path)
    docs_stat = (tmp_path / "documents.csv").stat().st_mtime_ns
    events_before = (tmp_path / "events.csv").read_bytes()
    rows = sample_rows()
    rows["events"][0]["format"] = "вебинар"
    written = {p.name for p in write_tables(frames(rows), tmp_path)}
    assert {"events.csv", "events.parquet", "svodka.duckdb"} <= written
    assert "documents.csv" not in written and (tmp_path / "documents.csv").stat().st_mtime_ns == docs_stat
    assert (tmp_path / "events.csv").read_bytes() != events_before
    assert pd.read_parquet(tmp_path / "events.parquet").loc[0, "format"] == "вебинар"
    # the database is the previous one with the events table replaced, views made again
    con = duckdb.connect(str(tmp_path / "svodka.duckdb"), read_only=True)
    assert con.execute("SELECT format FROM events").fetchall() == [("вебинар",)]
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (2,)
    assert con.execute("SELECT event_format FROM participation").fetchone() == ("вебинар",)


def test_a_view_whose_tables_all_stand_keeps_its_files(tmp_path):
    from pipeline.export.views import sources

    assert sources("participation") == {"person_mentions", "persons", "documents", "events", "organizations",
                                        "school_mentions", "schools"}
    write_tables(frames(sample_rows()), tmp_path)
    view = (tmp_path / "participation.parquet").resolve().stat().st_ino
    rows = sample_rows()  # a new date changes no table the view reads
    rows["dates"] = [{"doc_id": "d1", "value": "2022-10-12", "kind": "date", "start": 0, "end": 10,
                      "text": "12.10.2022"}]
    written = {p.name for p in write_tables(frames(rows), tmp_path)}
    assert "dates.csv" in written
    assert (tmp_path / "participation.parquet").resolve().stat().st_ino == view  # linked, not written
    rows["events"][0]["format"] = "вебинар"  # an event it reads: written again
    write_tables(frames(rows), tmp_path)
    assert pd.read_parquet(tmp_path / "participation.parquet")["event_format"].tolist() == ["вебинар"]
    (tmp_path / "participation.csv").resolve().write_text("edited by hand", "utf-8")  # touched: written again
    write_tables(frames(rows), tmp_path)
    assert (tmp_path / "participation.csv").read_text("utf-8-sig").startswith("person_id;")


def test_a_file_touched_since_or_a_lost_manifest_is_written_again(tmp_path):
    write_tables(frames(sample_rows()), tmp_path)
    (tmp_path / "documents.csv").write_text("edited by hand", "utf-8")
    write_tables(frames(sample_rows()), tmp_path)
    assert (tmp_path / "documents.csv").read_text("utf-8-sig").startswith("doc_id;")
    (tmp_path / MANIFEST).unlink()
    (tmp_path / "persons.csv").unlink()
    write_tables(frames(sample_rows()), tmp_path)
    assert (tmp_path / "persons.csv").exists()


def test_typed_rows_make_the_frames_their_mappings_make():
    """Resolve hands export typed rows (one class per table, ``rows.ROWS``); the fast
    path that reads them column by column gives the frame the same rows as mappings give."""
    from dataclasses import asdict
    from datetime import date

    from pipeline.export.rows import DateRow, DocumentRow, EventRow

    typed = {
        "documents": [DocumentRow(doc_id="d1", source="Чита/отчёт.docx", format="docx", status="ok", error="",
                                  error_code="", title="Информация", n_chars=120, sha256="ab" * 32, size=4096,
                                  encoding="", municipality="г. Чита", region="Забайкальский край",
                                  report_date="2022-10-12", report_date_source="header",
                                  report_date_start=date(2022, 10, 12), report_date_end=date(2022, 10, 12),
                                  report_date_precision="day")],
        "events": [EventRow(event_id="e1", doc_id="d1", format="семинар", title="", date="2022-10", venue="",
                            date_start=date(2022, 10, 1), date_end=date(2022, 10, 31), date_precision="month",
                            location="г. Чита", organizer="", participants=None),
                   EventRow(event_id="e2", doc_id="d1", format="вебинар", title="«Шаги»", date="", venue="",
                            date_start=None, date_end=None, date_precision="",
                            location="", organizer="", participants=40)],
        "dates": [DateRow(doc_id="d1", value="--10-12", kind="date", year_inferred=True, year_source="unknown",
                          date_start=None, date_end=None, date_precision="day", start=0, end=10,
                          text="12 октября")],
    }
    as_mappings = {name: [asdict(r) for r in rows] for name, rows in typed.items()}
    got, want = frames(typed), frames(as_mappings)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name])
        assert list(got[name].dtypes) == list(want[name].dtypes)


def test_every_column_is_declared_once_by_its_row_class():
    """``schema.TABLES`` is derived from the row classes: same tables, columns in field
    order, and each field's Python type fits its dtype."""
    from dataclasses import fields

    from pipeline.export.rows import ROWS
    from pipeline.export.schema import TABLES

    assert list(TABLES) == list(ROWS)
    python_type = {"string": "str", "Int64": "int", "boolean": "bool", "datetime64[ns]": "dt.date"}
    for name, cls in ROWS.items():
        assert [c.name for c in TABLES[name]] == [f.name for f in fields(cls)]
        for f in fields(cls):
            assert str(f.type).split(" |")[0] == python_type[f.metadata["dtype"]], f"{name}.{f.name}"


def test_participation_is_a_file_and_a_sheet_and_the_workbook_is_ready_to_filter(tmp_path):
    import openpyxl

    write_tables(frames(sample_rows()), tmp_path, xlsx=True)
    part = pd.read_parquet(tmp_path / "participation.parquet")
    assert len(part) == len(pd.read_parquet(tmp_path / "person_mentions.parquet"))
    assert (tmp_path / "participation.csv").read_text("utf-8-sig").startswith("person_id;person;role")
    book = openpyxl.load_workbook(tmp_path / "svodka.xlsx")
    assert "participation" in book.sheetnames and "texts" not in book.sheetnames
    sheet = book["persons"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    assert sheet.column_dimensions["B"].width >= len("Ласкан О.Я.")


def test_the_same_tables_write_the_same_participation_bytes(tmp_path):
    write_tables(frames(sample_rows()), tmp_path / "a")
    write_tables(frames(sample_rows()), tmp_path / "b")
    assert (tmp_path / "a" / "participation.csv").read_bytes() == (tmp_path / "b" / "participation.csv").read_bytes()
