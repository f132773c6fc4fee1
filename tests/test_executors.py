"""Executors: serial, local processes and a Dask LocalCluster give the same results, in input
order, with failures as results, BLAS pinned in the workers and bounded memory.

The functions run in workers are module-level, so they pickle by reference."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dask
import distributed  # noqa: F401  (loads its config defaults: a dask.config.set made

# before that import would drop the whole `distributed` section when it exits)
import pytest

from pipeline.executors import PIN_ENV, WorkerCrashed, make_executor

REPO = Path(__file__).resolve().parent.parent

KINDS = ["serial", "local", "dask"]
WORKERS = 2

# --------------------------------------------------------------------------- worker functions


def work(item: dict) -> dict:
    """A little CPU work; item 13 raises."""
    n = item["n"]
    if n == 13:
        raise ValueError(f"unlucky {n}")
    digest = str(n).encode()
    for _ in range(3000):
        digest = hashlib.sha256(digest).digest()
    return {"n": n, "digest": digest.hex()[:16], "text": item["text"].upper()}


def thread_env(item: int) -> dict:
    """The pinning as the process sees it now, and as it was spawned with (what BLAS reads
    when numpy loads, possibly before any initializer runs; Linux shows it in /proc)."""
    now = {name: os.environ.get(name) for name in PIN_ENV}
    try:
        with open("/proc/self/environ", "rb") as f:
            spawned = dict(v.decode().partition("=")[::2] for v in f.read().split(b"\0") if v)
    except FileNotFoundError:
        spawned = os.environ
    return {"now": now, "at_spawn": {name: spawned.get(name) for name in PIN_ENV}}


def crash_on_7(item: int) -> int:
    if item == 7:
        os._exit(3)  # what the OOM killer or a segfault looks like from outside
    return item * 2


def identity(item):
    return item


_WARMED = False


def warm() -> None:
    global _WARMED
    _WARMED = True


def was_warmed(item: int) -> bool:
    return _WARMED


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def no_stray_processes():
    """Torn down after every executor of this module: none may leave a child behind."""
    yield
    assert multiprocessing.active_children() == []


@pytest.fixture(scope="module")
def executors(no_stray_processes):
    # allowed-failures=0: a task whose worker dies is given up at once (dask retries it 3×
    # by default, each costing a worker restart); the executor then re-runs item by item.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with (
            make_executor("serial", warmup=warm) as serial,
            make_executor("local", workers=WORKERS, warmup=warm) as local,
            make_executor("dask", workers=WORKERS, warmup=warm) as cluster,
        ):
            yield {"serial": serial, "local": local, "dask": cluster}


@pytest.fixture(params=KINDS)
def ex(request, executors):
    return executors[request.param]


def items(n: int = 40) -> list[dict]:
    return [{"n": i, "text": f"документ {i}"} for i in range(n)]


def comparable(result):
    if isinstance(result, BaseException):
        return (type(result).__name__, result.args)
    return result


# --------------------------------------------------------------------------- tests


def test_results_and_order_match_a_plain_loop(ex):
    expected = []
    for item in items():
        try:
            expected.append((item, work(item)))
        except ValueError as exc:
            expected.append((item, ValueError(*exc.args)))
    got = list(ex.map(work, items(), batch_size=3))
    assert [doc for doc, _ in got] == items()
    assert [comparable(r) for _, r in got] == [comparable(r) for _, r in expected]


def test_an_exception_is_the_result_and_the_rest_go_on(ex):
    got = dict((doc["n"], r) for doc, r in ex.map(work, items(), batch_size=8))
    failed = got.pop(13)
    assert isinstance(failed, ValueError) and failed.args == ("unlucky 13",)
    assert "unlucky 13" in failed.worker_traceback and "in work" in failed.worker_traceback
    assert all(isinstance(r, dict) for r in got.values()) and len(got) == 39


PINNED = {"now": dict.fromkeys(PIN_ENV, "1"), "at_spawn": dict.fromkeys(PIN_ENV, "1")}


def test_local_workers_are_spawned_with_one_blas_thread(monkeypatch):
    # A fresh pool from an unpinned parent (the module's LocalCluster pins this process's
    # environment while it lives); the parent must stay unpinned.
    for name in PIN_ENV:
        monkeypatch.delenv(name, raising=False)
    with make_executor("local", workers=WORKERS) as local:
        results = [r for _, r in local.map(thread_env, range(8), batch_size=1)]
    assert results == [PINNED] * 8
    assert [os.environ.get(name) for name in PIN_ENV] == [None] * len(PIN_ENV)


def test_dask_workers_are_spawned_with_one_blas_thread(executors):
    results = [r for _, r in executors["dask"].map(thread_env, range(8), batch_size=1)]
    assert results == [PINNED] * 8


def test_warmup_runs_in_every_worker(ex):
    assert all(r for _, r in ex.map(was_warmed, range(12), batch_size=2))


@pytest.mark.parametrize("kind", KINDS)
def test_streaming_keeps_at_most_max_inflight_batches(executors, kind):
    ex = executors[kind]
    pulled = yielded = peak = 0

    def source():
        nonlocal pulled
        for i in range(10_000):
            pulled += 1
            yield i

    batch_size = 50
    for i, (item, result) in enumerate(ex.map(identity, source(), batch_size=batch_size)):
        peak = max(peak, pulled - yielded)  # read from the source, not yet handed back
        assert item == result == i
        yielded += 1
    assert yielded == 10_000
    if kind == "serial":
        assert peak == 1
    else:  # batches overlap, but never more than 2 × workers of them
        assert batch_size < peak <= 2 * WORKERS * batch_size


def test_stopping_early_leaves_the_executor_usable(ex):
    for n, _ in enumerate(ex.map(work, items(), batch_size=2)):
        if n == 3:
            break
    assert [r for _, r in ex.map(identity, range(5), batch_size=2)] == list(range(5))


@pytest.mark.parametrize("kind", ["local", "dask"])
def test_a_dying_worker_costs_only_its_item(executors, kind):
    got = list(executors[kind].map(crash_on_7, range(12), batch_size=4))
    assert [item for item, _ in got] == list(range(12))
    assert isinstance(got[7][1], WorkerCrashed)
    assert [r for item, r in got if item != 7] == [i * 2 for i in range(12) if i != 7]


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown executor kind"):
        make_executor("threads")


CHILD_SCRIPT = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from pipeline.executors import make_executor

def slow(x):
    time.sleep(60)
    return x

if __name__ == "__main__":
    with make_executor("local", workers=2) as ex:
        ex.start()
        print("started", flush=True)
        for _ in ex.map(slow, range(4), batch_size=1):
            pass
"""


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_the_run_that_started_them(tmp_path, sig):
    script = tmp_path / "run.py"
    script.write_text(CHILD_SCRIPT, "utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(REPO)], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"started"
    deadline = time.monotonic() + 20
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [p for p in _children(proc.pid)
                   if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
        time.sleep(0.1)
    assert len(workers) >= 2
    proc.send_signal(sig)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in workers):
        time.sleep(0.1)
    assert not [p for p in workers if Path(f"/proc/{p}").exists() and "Z" not in
                Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]]
