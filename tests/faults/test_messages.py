"""A full disk, an unwritable cache, a damaged snapshot, a bad limit: a message
and the documented exit code (0: the tables are written; 1: the run failed and
the tables in place are kept; 2: a usage error), never a traceback. The disk is
filled by making the writes fail with ENOSPC, not by filling a real one."""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import table_bytes

FULL = "database or disk is full"


def svodka(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def run(raw: Path, tmp_path: Path, *extra: str, out: str = "out", cache: str = "cache"):
    return svodka("run", str(raw), "--out", str(tmp_path / out), "--cache-dir", str(tmp_path / cache),
                  "--executor", "serial", *extra)


class _FullDisk:
    """A SQLite connection on a full disk: every write fails as SQLite says it."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con

    def execute(self, sql: str, *args):
        if sql.lstrip().upper().startswith(("INSERT", "DELETE", "UPDATE")):
            raise sqlite3.OperationalError(FULL)
        return self._con.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._con, name)


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", str(args[-1]) if args else None)


def test_a_full_cache_disk_fails_no_document_and_the_run_says_so(raw, tmp_path, monkeypatch, caplog):
    clean = run(raw, tmp_path, "--no-cache", "-q", out="clean")
    assert clean.exit_code == 0
    real_connect = sqlite3.connect
    monkeypatch.setattr("pipeline.cache.sqlite3.connect", lambda *a, **kw: _FullDisk(real_connect(*a, **kw)))
    monkeypatch.setattr("pipeline.runs.shutil.copyfile", _no_space)  # the run's snapshot, in the cache folder
    with caplog.at_level(logging.WARNING):
        result = run(raw, tmp_path)
    assert result.exit_code == 0, result.output
    assert "4 ok, 0 errors" in flat(result.output)
    assert "cannot write to the cache" in caplog.text and FULL in caplog.text
    assert "run history" in caplog.text and "No space left on device" in caplog.text
    assert table_bytes(tmp_path / "out") == table_bytes(tmp_path / "clean")
    assert not list((tmp_path / "cache").glob("runs/*"))  # no half-written snapshot left


def test_an_unusable_cache_folder_is_a_run_without_cache(raw, tmp_path, caplog):
    (tmp_path / "cache").write_text("a file, not a folder")
    with caplog.at_level(logging.WARNING):
        result = run(raw, tmp_path, "-q")
    assert result.exit_code == 0, result.output
    assert "without caching" in caplog.text and "not recorded" in caplog.text
    assert len(pd.read_csv(tmp_path / "out" / "documents.csv", sep=";")) == 4


@pytest.mark.parametrize("where", ["duckdb", "csv"])
def test_no_space_for_the_tables_keeps_the_tables_in_place(raw, tmp_path, monkeypatch, where):
    assert run(raw, tmp_path, "-q").exit_code == 0
    before = table_bytes(tmp_path / "out")
    (raw / "Чита" / "новый.txt").write_text("5 мая 2023 года прошёл семинар учителей.\n", encoding="utf-8")
    if where == "duckdb":
        import duckdb

        def full(*args, **kwargs):
            raise duckdb.IOException('IO Error: Could not write file "svodka.duckdb": No space left on device')

        monkeypatch.setattr("pipeline.export.writers._write_duckdb", full)
    else:
        monkeypatch.setattr("pipeline.export.writers.write_csv", _no_space)
    result = run(raw, tmp_path)
    assert result.exit_code == 1
    message = flat(result.output)
    assert "cannot write the tables to" in message and "No space left on device" in message
    assert "the tables in place are kept" in message
    assert table_bytes(tmp_path / "out") == before
    assert len(list((tmp_path / "out" / ".svodka-sets").iterdir())) == 1  # the new set is gone


def test_a_damaged_snapshot_in_diff_is_named_with_exit_2(raw, tmp_path):
    assert run(raw, tmp_path, "-q").exit_code == 0
    assert run(raw, tmp_path, "-q", "--force").exit_code == 0
    snaps = sorted(p for p in (tmp_path / "cache" / "runs").iterdir() if p.is_dir())
    damaged = snaps[0] / "persons.parquet"
    damaged.write_bytes(damaged.read_bytes()[:40])
    result = svodka("diff", "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"))
    assert result.exit_code == 2
    message = flat(result.output)
    assert "damaged" in message and "persons.parquet" in message


@pytest.mark.parametrize(("option", "value"), [
    ("--max-file-mb", "nan"), ("--max-file-mb", "-1"), ("--max-file-mb", "inf"),
    ("--reader-memory-mb", "nan"), ("--reader-memory-mb", "-5"), ("--reader-memory-mb", "inf"),
    ("--reader-memory-mb", "10"), ("--reader-timeout", "0"), ("--reader-timeout", "nan"),
])
def test_a_limit_that_is_not_a_number_in_range_is_a_usage_error(raw, tmp_path, option, value):
    result = run(raw, tmp_path, option, value)
    assert result.exit_code == 2
    assert option in result.output
    assert not (tmp_path / "out").exists()


def test_the_reader_limits_can_be_set_from_the_environment(raw, tmp_path, monkeypatch):
    monkeypatch.setenv("SVODKA_READER_MEMORY_MB", "nan")
    assert run(raw, tmp_path).exit_code == 2
    monkeypatch.setenv("SVODKA_READER_MEMORY_MB", "0")
    monkeypatch.setenv("SVODKA_READER_TIMEOUT", "30")
    assert run(raw, tmp_path, "-q").exit_code == 0


def test_an_unexpected_error_is_a_message_and_exit_1_not_a_traceback(raw, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("something internal")

    monkeypatch.setattr("pipeline.run.runner._run", broken)
    result = run(raw, tmp_path)
    assert result.exit_code == 1
    assert "unexpected error (KeyError" in flat(result.output)
