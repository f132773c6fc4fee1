"""kill -9 of a real ``svodka run`` at a random point of every phase, then a
re-run: the invariant of issue 14.

Killed before the switch, the output folder holds the previous tables, byte for
byte; after it, the new ones. The re-run ends with exit 0, the tables of a clean
run byte for byte, one ``documents`` row per input file, and no debris: one
table set, no half-switched link, no partial snapshot. Kills are placed with
``killer/sitecustomize.py`` (on PYTHONPATH of the killed run only); the point
within a phase is drawn at random (``SVODKA_FAULT_SEED`` repeats a draw). The
quick variant kills once per phase with the serial executor; the long ones
(``SVODKA_FAULTS_LONG=1``) kill while the run's snapshot is copied, and at
random instants, by time, with worker processes.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from .conftest import REPORTS, make_archive, table_bytes

KILLER = Path(__file__).resolve().parent / "killer"
SVODKA = [sys.executable, "-m", "pipeline.cli"]
SEED = int(os.environ.get("SVODKA_FAULT_SEED", str(time.time_ns() % 100_000)))

# the archive after the change the killed run reads: two reports edited, two new
CHANGED = {
    **REPORTS,
    "Чита/вебинар.txt": "16.11.2022 прошёл вебинар для учителей физики. Выступила методист Т.Н. Вострикова.\n",
    "Шилка/форум.txt": "4 марта 2023 года прошёл форум молодых педагогов. Приняли участие 30 педагогов.\n",
    "Шилка/новый.txt": "В МБОУ СОШ № 3 прошёл семинар. Открыл семинар директор школы И.В. Петров.\n",
    "Чита/мастер-класс.txt": "20 апреля 2023 года состоялся мастер-класс учителя истории А.Б. Смирновой.\n",
}
# phase -> how many checkpoints it has on the change above (see killer/sitecustomize.py)
POINTS = {"ingest": 4, "annotate": 4, "extract": 12, "resolve": 1, "export": 8, "switch": 2, "history": 3}
AFTER_SWITCH = {"history"}  # a kill at switch:2 is after it too
# the long variant (a minute and a half) runs when asked: SVODKA_FAULTS_LONG=1
LONG = pytest.mark.skipif(not os.environ.get("SVODKA_FAULTS_LONG"), reason="set SVODKA_FAULTS_LONG=1 to run")


def svodka(*args: str | Path, kill_at: str = "", timeout: float = 120, **popen) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(KILLER) if kill_at else "",
                                                                      os.environ.get("PYTHONPATH", "")]))}
    if kill_at:
        env["SVODKA_TEST_KILL_AT"] = kill_at
    return subprocess.run([*SVODKA, *map(str, args)], env=env, capture_output=True, text=True, timeout=timeout,
                          **popen)


def run_args(root: Path, *extra: str) -> list:
    return ["run", root / "raw", "--out", root / "out", "--cache-dir", root / "cache", "--replace", *extra]


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> Path:
    """An output folder and cache with the tables of the archive before the change."""
    root = tmp_path_factory.mktemp("before")
    make_archive(root / "raw")
    assert svodka(*run_args(root, "--executor", "serial", "-q")).returncode == 0
    return root


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, str]:
    """The tables of the changed archive from a clean run (no cache)."""
    root = tmp_path_factory.mktemp("clean")
    make_archive(root / "raw", CHANGED)
    assert svodka(*run_args(root, "--executor", "serial", "--no-cache", "-q")).returncode == 0
    return table_bytes(root / "out")


def copy_of(before: Path, to: Path) -> Path:
    shutil.copytree(before, to, symlinks=True)
    for rel in set(CHANGED) - set(REPORTS):
        (to / "raw" / rel).write_text(CHANGED[rel], encoding="utf-8")
    for rel in set(REPORTS):
        (to / "raw" / rel).write_text(CHANGED[rel], encoding="utf-8")
    return to


def check_recovered(root: Path, clean: dict[str, str], why: str) -> None:
    again = svodka(*run_args(root, "--executor", "serial", "-q"))
    assert again.returncode == 0, f"{why}: {again.stderr}"
    assert "Traceback" not in again.stderr
    assert table_bytes(root / "out") == clean, why
    docs = pd.read_parquet(root / "out" / "documents.parquet")
    assert sorted(docs["source"]) == sorted(CHANGED), why  # one row per input file
    out = root / "out"
    assert len(list((out / ".svodka-sets").iterdir())) == 1, why
    assert not (out / ".svodka-current.new").exists(), why
    assert not [p for p in out.iterdir() if p.is_symlink() and not p.exists()], why  # no dangling links
    assert not list((root / "cache" / "runs").glob("*.partial")), why


@pytest.mark.parametrize("phase", [*(p for p in POINTS if p != "history"),
                                   pytest.param("history", marks=[pytest.mark.slow, LONG])])
def test_a_kill_in_any_phase_leaves_whole_tables_and_the_rerun_recovers(before, clean, tmp_path, phase):
    n = random.Random(f"{SEED}:{phase}").randint(1, POINTS[phase])
    why = f"killed at {phase}:{n} (SVODKA_FAULT_SEED={SEED})"
    root = copy_of(before, tmp_path / "t")
    previous = table_bytes(root / "out")
    killed = svodka(*run_args(root, "--executor", "serial", "-q"), kill_at=f"{phase}:{n}")
    assert killed.returncode == -signal.SIGKILL, f"{why}: the kill point was not reached ({killed.stderr})"
    switched = phase in AFTER_SWITCH or (phase == "switch" and n == 2)
    assert table_bytes(root / "out") == (clean if switched else previous), why  # whole, never a mix
    check_recovered(root, clean, why)


def _cap(megabytes: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes * 1024 * 1024, resource.RLIM_INFINITY))
    return limit


def test_a_run_under_a_memory_cap_ends_with_a_message_and_keeps_the_tables(before, clean, tmp_path):
    """Capped far below what the libraries need: a message, exit 1, the previous tables."""
    root = copy_of(before, tmp_path / "t")
    previous = table_bytes(root / "out")
    capped = svodka(*run_args(root, "--executor", "serial", "-q"), preexec_fn=_cap(400))
    assert capped.returncode == 1, capped.stderr
    assert "out of memory" in capped.stderr and "Traceback" not in capped.stderr
    assert table_bytes(root / "out") == previous
    assert len(list((root / "out" / ".svodka-sets").iterdir())) == 1  # no set left half-written


@pytest.mark.slow
@LONG
@pytest.mark.parametrize("attempt", range(8))
def test_a_kill_at_a_random_instant_with_workers(before, clean, tmp_path, attempt):
    """By time, not by checkpoint: anywhere, workers included (they die with the run)."""
    delay = random.Random(f"{SEED}:time:{attempt}").uniform(0.3, 8.0)
    why = f"killed after {delay:.2f} s (SVODKA_FAULT_SEED={SEED})"
    root = copy_of(before, tmp_path / "t")
    previous = table_bytes(root / "out")
    proc = subprocess.Popen([*SVODKA, *map(str, run_args(root, "--executor", "local", "--workers", "2", "-q"))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert table_bytes(root / "out") in (previous, clean), why
    check_recovered(root, clean, why)
