"""The tables of an output folder switch as one set; kills, stale files, debris
and concurrent runs. Fault injection: a writer killed with SIGKILL at random
instants leaves the complete previous set or the complete new one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipeline.export import frames, write_tables
from pipeline.export.tableset import CURRENT, SETS, locked

REPO = Path(__file__).resolve().parents[2]


def tables(label: str) -> dict:
    rows = {"documents": [{"doc_id": f"d{i}", "source": f"{label}/{i}.txt", "format": "txt", "status": "ok"}
                          for i in range(50)],
            "texts": [{"doc_id": f"d{i}", "text": f"{label} текст {i} " * 50} for i in range(50)]}
    return frames(rows)


def contents(out: Path) -> dict[str, bytes]:
    """The bytes of every CSV and Parquet table (a DuckDB file differs byte-wise
    between two writes of the same data), after checking that every table file,
    the database included, is of one and the same set."""
    files = [p for p in sorted(out.iterdir()) if p.suffix in (".csv", ".parquet", ".duckdb") and p.exists()]
    assert len({p.resolve().parent for p in files}) == 1, "files of two sets"
    return {p.name: p.read_bytes() for p in files if p.suffix != ".duckdb"}


def test_a_second_set_replaces_the_first_whole_and_leaves_no_debris(tmp_path):
    write_tables(tables("a"), tmp_path, xlsx=True)
    assert (tmp_path / "svodka.xlsx").exists() and (tmp_path / CURRENT).is_symlink()
    (tmp_path / SETS / "set-interrupted").mkdir()
    (tmp_path / ".svodka-staging-old").mkdir()
    write_tables(tables("b"), tmp_path)  # no --xlsx this time: the old workbook goes
    assert not (tmp_path / "svodka.xlsx").exists() and not (tmp_path / "svodka.xlsx").is_symlink()
    assert [p.name for p in (tmp_path / SETS).iterdir()] == [os.readlink(tmp_path / CURRENT).split("/")[-1]]
    assert not list(tmp_path.glob(".svodka-staging-*"))
    assert b"b/0.txt" in (tmp_path / "documents.csv").read_bytes()


def test_a_folder_of_plain_files_from_an_older_version_becomes_a_set(tmp_path):
    (tmp_path / "documents.csv").write_text("old", "utf-8")
    write_tables(tables("a"), tmp_path)
    assert (tmp_path / "documents.csv").is_symlink() and b"a/0.txt" in (tmp_path / "documents.csv").read_bytes()


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from tests.export.test_tableset import tables
    from pipeline.export import write_tables
    out = Path(sys.argv[1])
    frames = tables("b")
    print("ready", flush=True)
    while True:
        write_tables(frames, out)
""")


@pytest.mark.slow
def test_a_kill_at_any_instant_leaves_one_complete_set(tmp_path):
    out = tmp_path / "out"
    write_tables(tables("a"), out)
    old = contents(out)
    script = tmp_path / "writer.py"
    script.write_text(WRITER, "utf-8")
    rng = random.Random(7)
    new: dict[str, bytes] | None = None
    seen = set()
    # random instants, and one late enough that the writer has switched at least once
    for delay in [rng.uniform(0.0, 1.5) for _ in range(10)] + [4.0]:
        proc = subprocess.Popen([sys.executable, str(script), str(out), str(REPO)], stdout=subprocess.PIPE,
                                cwd=REPO)
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = contents(out)
        if now != old:
            new = new or now
            assert now == new, "a mix of two sets"
        seen.add("old" if now == old else "new")
        assert set(now) == set(old)
    assert "new" in seen  # the writer did switch sets at least once
    write_tables(tables("a"), out)  # the next run removes what the kills left behind
    assert len(list((out / SETS).iterdir())) == 1


def test_a_second_run_into_one_folder_waits_for_the_first(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[2]);"
         "from pathlib import Path; from pipeline.export.tableset import locked;"
         "cm = locked(Path(sys.argv[1])); cm.__enter__(); print('held', flush=True); time.sleep(30)",
         str(tmp_path), str(REPO)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        with pytest.raises(TimeoutError, match="another svodka run is writing"):
            with locked(tmp_path, wait_seconds=0.5):
                pass
    finally:
        holder.kill()
        holder.wait()
    with locked(tmp_path, wait_seconds=0.5):  # free again once the holder is gone
        pass
