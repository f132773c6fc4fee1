"""Readers run in a child process: a crash, a memory blow-up or a hang costs one
error row, and the files around it are read as usual."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest import IngestLimits, ingest, isolation, read_one
from pipeline.ingest.isolation import ReaderProcess

from .conftest import REPORT, REPORT_2

HERE = Path(__file__).resolve().parent
LIMITS = IngestLimits(reader_memory_bytes=512 * 1024 * 1024, reader_timeout=3.0)


def hostile() -> ReaderProcess:
    return ReaderProcess("hostile_readers:read", env={"PYTHONPATH": str(HERE)})


def archive(root: Path, names: list[str]) -> Path:
    root.mkdir()
    for i, name in enumerate(names):
        (root / name).write_text(f"{REPORT}\n{REPORT_2} Отчёт {i}.", encoding="utf-8")
    return root


@pytest.mark.parametrize(("name", "code", "says"), [
    ("oom.txt", "READER_OUT_OF_MEMORY", "memory limit of 512 MiB"),
    ("segv.txt", "READER_CRASHED", "killed by SIGSEGV"),
    ("exit.txt", "READER_CRASHED", "exited with code 3"),
    ("hang.txt", "READER_TIMEOUT", "longer than 3 s"),
])
def test_a_reader_failing_hard_costs_one_row_and_its_neighbours_are_read(tmp_path, name, code, says):
    root = archive(tmp_path / "raw", ["a.txt", name, "z.txt"])
    reader = hostile()
    try:
        docs = {d.source: d for d in ingest([root], LIMITS, reader=reader)}
    finally:
        reader.close()
    assert sorted(docs) == ["a.txt", name, "z.txt"]
    bad = docs[name]
    assert (bad.status, bad.error_code) == ("error", code)
    assert says in bad.error and "Traceback" not in bad.error
    for good in ("a.txt", "z.txt"):
        expected = read_one(good, good, (root / good).read_bytes(), LIMITS)
        assert docs[good] == expected and docs[good].ok


def test_after_a_crash_the_next_file_gets_a_new_reader_process(tmp_path):
    root = archive(tmp_path / "raw", ["a.txt", "exit1.txt", "exit2.txt", "z.txt"])
    reader = hostile()
    try:
        docs = list(ingest([root], LIMITS, reader=reader))
    finally:
        reader.close()
    assert [d.error_code for d in docs] == ["", "READER_CRASHED", "READER_CRASHED", ""]
    assert reader.started == 3  # one at the start, one after each crash: not one per file


def test_without_the_cap_the_same_allocation_succeeds(tmp_path):
    """The memory cap is what refuses the allocation (so the test above tests the cap)."""
    root = archive(tmp_path / "raw", ["oom.txt"])
    reader = hostile()
    try:
        (doc,) = ingest([root], IngestLimits(reader_memory_bytes=0), reader=reader)  # 0: no cap
    finally:
        reader.close()
    assert doc.ok and doc.text.startswith("allocated")


def test_a_reader_process_that_cannot_start_reads_in_this_process(tmp_path, caplog):
    root = archive(tmp_path / "raw", ["a.txt"])
    reader = ReaderProcess("no_such_module_here:read")
    with caplog.at_level(logging.WARNING):
        (doc,) = ingest([root], LIMITS, reader=reader)
    assert doc.ok and reader.broken
    assert "could not start" in caplog.text


def test_files_refused_before_reading_never_reach_the_reader_process(tmp_path):
    root = tmp_path / "raw"
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    reader = ReaderProcess("no_such_module_here:read")
    codes = sorted(d.error_code for d in ingest([root], LIMITS, reader=reader))
    assert codes == ["EMPTY", "UNSUPPORTED"]
    assert reader.started == 0


def test_a_run_keeps_going_past_a_crashing_reader_and_does_not_cache_the_failure(tmp_path, monkeypatch):
    """End to end: the run's reader process crashes on one file; the run ends
    normally with its error row, and the next run reads that file again."""
    from pipeline.run import RunOptions, run

    root = archive(tmp_path / "raw", ["a.txt", "segv.txt"])
    reader = hostile()
    monkeypatch.setattr(isolation, "_shared", reader)
    opts = RunOptions(inputs=[root], out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", executor="serial",
                      limits=LIMITS)
    try:
        summary = run(opts)
        assert (summary.documents, summary.ok, summary.errors) == (2, 1, 1)
        rows = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("source")
        assert rows.loc["segv.txt", "error_code"] == "READER_CRASHED"
        assert rows.loc["a.txt", "status"] == "ok"
        again = run(opts)
        assert again.computed.get("ingest") == 1  # the crash was not cached; a.txt was
    finally:
        reader.close()


def test_when_no_process_can_be_started_the_files_are_read_in_this_process(tmp_path, monkeypatch, caplog):
    def no_fork(*args, **kwargs):
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(isolation.subprocess, "Popen", no_fork)
    root = archive(tmp_path / "raw", ["a.txt", "b.txt"])
    reader = ReaderProcess()
    with caplog.at_level(logging.WARNING):
        docs = list(ingest([root], LIMITS, reader=reader))
    assert [d.ok for d in docs] == [True, True] and reader.broken
    assert caplog.text.count("could not start") == 1 and "Cannot allocate memory" in caplog.text


def test_the_command_exits_0_and_counts_the_crashed_file_as_an_error(tmp_path, monkeypatch):
    """Per-file errors never fail a run: exit 0, the crash counted among the errors."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    root = archive(tmp_path / "raw", ["a.txt", "exit.txt", "z.txt"])
    reader = hostile()
    monkeypatch.setattr(isolation, "_shared", reader)
    try:
        result = CliRunner().invoke(app, ["run", str(root), "--out", str(tmp_path / "out"), "--cache-dir",
                                          str(tmp_path / "cache"), "--executor", "serial"])
    finally:
        reader.close()
    assert result.exit_code == 0, result.output
    assert "2 ok, 1 errors" in " ".join(result.output.split()) and "Traceback" not in result.output
