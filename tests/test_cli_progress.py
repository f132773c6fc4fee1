"""Progress of `svodka run` where no terminal watches (CI, nohup, a log file), and
Dask's logs only with -v (issue 15, finding 9)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from pipeline.progress import LogLines, bar

REPO = Path(__file__).resolve().parent.parent


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_log_lines_at_each_phase_start_then_every_few_seconds():
    clock, stream = Clock(), io.StringIO()
    progress = LogLines(stream, interval=30.0, clock=clock)
    step = 1 / 16  # 16 documents a second, in steps a float holds exactly
    for n in range(1, 215):  # ingest: total unknown
        clock.now += step
        progress("ingest", n, None)
    clock.now += 30.0  # decoding, planning, starting workers: not ingest's time
    for n in range(2001):
        clock.now += step
        progress("extract", n, 2000)
    assert stream.getvalue().splitlines() == [
        "svodka: ingest 1",
        "svodka: ingest 214 (16.1/s)",  # where ingest ended, printed when extract starts
        "svodka: extract 0/2000",
        "svodka: extract 480/2000 (16.0/s)",  # every 30 s
        "svodka: extract 960/2000 (16.0/s)",
        "svodka: extract 1440/2000 (16.0/s)",
        "svodka: extract 1920/2000 (16.0/s)",
        "svodka: extract 2000/2000 (16.0/s)",
    ]


def test_the_bar_completes_a_phase_whose_total_was_unknown():
    progress, update = bar(Console(file=io.StringIO(), force_terminal=True))
    with progress:
        update("ingest", 214, None)
        update("extract", 0, 3)
        ingest, extract = progress.tasks
        assert (ingest.completed, ingest.total, ingest.finished) == (214, 214, True)  # not 214/?
        assert (extract.completed, extract.total) == (0, 3)


# The runner is stood in for: it imports distributed (which sets its loggers to
# INFO, as a Dask run does), logs as a local cluster does, and reports progress.
FAKE_RUN = """
import logging, sys
import pipeline.run
from pipeline.run import RunSummary

def fake(options, progress=None):
    import distributed  # noqa: F401
    logging.getLogger("distributed.scheduler").info("State start")
    logging.getLogger("distributed.nanny").error("a nanny failed")
    logging.getLogger("pipeline.run.extraction").warning("extraction failed for x.txt")
    if progress:
        progress("ingest", 1, None)
        progress("extract", 0, 1)
        progress("extract", 1, 1)
    return RunSummary(1, 1, 0, options.out_dir, 0.1, {"documents": 1}, "r1")

pipeline.run.run = fake
from pipeline.cli import app
app(sys.argv[1:], prog_name="svodka")
"""


def fake_run(tmp_path: Path, *args: str, before: tuple[str, ...] = ()) -> str:
    """stderr of ``svodka [before] run RAW --out OUT --executor dask [args]``."""
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    (raw / "a.txt").write_text("текст\n", encoding="utf-8")
    argv = [*before, "run", str(raw), "--out", str(tmp_path / "out"), "--executor", "dask", *args]
    done = subprocess.run([sys.executable, "-c", FAKE_RUN, *argv], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stderr  # a pipe: not a terminal


def test_progress_lines_when_stderr_is_not_a_terminal_and_dask_logs_only_with_verbose(tmp_path):
    stderr = fake_run(tmp_path)
    lines = stderr.splitlines()
    assert "svodka: ingest 1" in lines and "svodka: extract 0/1" in lines
    assert any(line.startswith("svodka: extract 1/1") for line in lines)
    assert "State start" not in stderr  # Dask's chatter
    assert "a nanny failed" in stderr  # its errors stay
    assert "extraction failed for x.txt" in stderr  # and svodka's own warnings

    assert "State start" in fake_run(tmp_path, "-v")  # svodka run … -v
    assert "State start" in fake_run(tmp_path, before=("--verbose",))  # svodka --verbose run …


def test_quiet_and_json_print_no_progress(tmp_path):
    for flag in ("-q", "--json"):
        assert "svodka: " not in fake_run(tmp_path, flag)
