"""Mistakes are caught before any work, with a message and the documented exit code
(0 ok, 1 the run failed or the machine stopped it, 2 a usage error), never a
traceback (issue 15, finding 8)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.checks import CheckFailed, check_output_folder, check_positive
from pipeline.cli import app
from pipeline.run import RunSummary


def svodka(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def flat(text: str) -> str:
    """Rich's error box, unwrapped: one line of words."""
    return " ".join(text.replace("│", " ").split())


@pytest.fixture()
def raw(tmp_path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "отчёт.txt").write_text("15.11.2022 прошёл вебинар для учителей.\n", encoding="utf-8")
    return raw


@pytest.fixture()
def runs(monkeypatch) -> list:
    """Stands in for the runner: records the options it was called with."""
    calls: list = []

    def fake(options, progress=None):
        calls.append(options)
        return RunSummary(1, 1, 0, options.out_dir, 0.1, {"documents": 1}, "r1")

    monkeypatch.setattr("pipeline.run.run", fake)
    return calls


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "-inf"])
def test_max_file_mb_must_be_a_finite_number_above_zero(raw, tmp_path, runs, value):
    result = svodka("run", str(raw), "--out", str(tmp_path / "out"), "--max-file-mb", value)
    assert result.exit_code == 2
    assert "--max-file-mb" in result.output and "above 0" in flat(result.output)
    assert runs == []


def test_a_valid_max_file_mb_reaches_the_limits(raw, tmp_path, runs):
    assert svodka("run", str(raw), "--out", str(tmp_path / "out"), "--max-file-mb", "0.5", "-q").exit_code == 0
    assert runs[0].limits.max_file_bytes == 512 * 1024


def test_check_positive():
    assert check_positive(2.5, "--x") == 2.5
    for bad in (-1.0, 0.0, float("nan"), float("inf")):
        with pytest.raises(CheckFailed):
            check_positive(bad, "--x")


def test_csv_and_executor_are_typed_choices(raw, tmp_path, runs):
    help_text = svodka("run", "--help").stdout
    assert "excel|rfc4180" in help_text and "serial|local|dask" in help_text
    for option, bad in (("--csv", "xls"), ("--executor", "threads")):
        result = svodka("run", str(raw), "--out", str(tmp_path / "out"), option, bad)
        assert result.exit_code == 2 and option in result.output
    assert svodka("run", str(raw), "--out", str(tmp_path / "out"), "--csv", "rfc4180", "--executor", "serial",
                  "-q").exit_code == 0
    options = runs[0]
    assert (options.csv_dialect, options.executor) == ("rfc4180", "serial")  # plain strings for the runner
    assert type(options.csv_dialect) is str and type(options.executor) is str


def test_scheduler_without_the_dask_executor_is_a_usage_error(raw, tmp_path, runs):
    result = svodka("run", str(raw), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert "--executor dask" in flat(result.output)
    assert runs == []


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_reported_before_any_work(raw, tmp_path, runs):
    address = f"tcp://127.0.0.1:{closed_port()}"
    result = svodka("run", str(raw), "--out", str(tmp_path / "out"), "--executor", "dask", "--scheduler", address)
    assert result.exit_code == 1
    assert f"no Dask scheduler answers at {address}" in flat(result.output)
    assert "cannot write the tables" not in result.output
    assert runs == []


def test_an_error_that_is_not_about_the_tables_is_not_called_one(raw, tmp_path, monkeypatch):
    def fails(options, progress=None):
        raise OSError("Timed out trying to connect to tcp://10.0.0.5:8786 after 30 s")

    monkeypatch.setattr("pipeline.run.run", fails)
    result = svodka("run", str(raw), "--out", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1
    assert "Timed out trying to connect" in flat(result.output)
    assert "cannot write the tables" not in result.output


def test_an_output_folder_that_cannot_be_written_is_reported_before_any_work(raw, tmp_path, runs):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = tmp_path / "cache"
    for out in (blocker / "out", blocker):
        result = svodka("run", str(raw), "--out", str(out), "--cache-dir", str(cache))
        assert result.exit_code == 1
        assert str(out) in flat(result.output) and "not a folder" in result.output
    assert runs == [] and not cache.exists()  # nothing ran, no cache was opened


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into any folder")
def test_a_read_only_output_folder_is_reported_before_any_work(raw, tmp_path, runs):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = svodka("run", str(raw), "--out", str(locked / "out"))
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1 and "cannot write" in flat(result.output)
    assert runs == []


def test_check_output_folder_leaves_no_trace(tmp_path):
    check_output_folder(tmp_path / "new" / "out")  # may be created: its parent is writable
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "out").mkdir()
    check_output_folder(tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_query_csv_into_a_missing_folder_is_a_clear_usage_error(tmp_path):
    from pipeline.export import frames, write_tables

    write_tables(frames({}), tmp_path / "out")
    result = svodka("query", "SELECT 1 AS x", "--out", str(tmp_path / "out"), "--csv", "/nonexistent/dir/q.csv")
    assert result.exit_code == 2
    assert "/nonexistent/dir" in result.output and "does not exist" in result.output
    result = svodka("query", "SELECT 1 AS x", "--out", str(tmp_path / "out"), "--csv", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.output
