"""Fault injection for ``svodka run`` subprocesses, loaded by Python at start-up
when this folder is on PYTHONPATH (the fault tests put it there; nothing in
``pipeline/`` knows of it).

``SVODKA_TEST_KILL_AT=phase:n`` kills the process with SIGKILL at the n-th
checkpoint of a phase. The checkpoints wrap functions of the run as it calls
them (by the names the calling modules hold):

=========  ============================================================
ingest     after the n-th file is read (``read_isolated``)
annotate   as the n-th document's annotation starts
extract    as the n-th annotation or component's records are encoded
resolve    after resolve has computed the entities, before any table
export     as the n-th CSV file of the new set starts
switch     1: the new set complete, links made, before the switch;
           2: just after the switch, before the tidying
history    as the n-th table is copied into the run's snapshot
=========  ============================================================
"""

from __future__ import annotations

import functools
import os
import signal

_spec = os.environ.pop("SVODKA_TEST_KILL_AT", "")  # this process only, not its reader process


def _install(phase: str, n: int) -> None:
    seen = {"count": 0}

    def hit() -> None:
        seen["count"] += 1
        if seen["count"] == n:
            os.kill(os.getpid(), signal.SIGKILL)

    def before(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            hit()
            return func(*args, **kwargs)
        return wrapper

    def after(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            result = func(*args, **kwargs)
            hit()
            return result
        return wrapper

    if phase == "ingest":
        from pipeline.run import ingest_cache
        ingest_cache.read_isolated = after(ingest_cache.read_isolated)
    elif phase == "annotate":
        from pipeline.run import protocol
        protocol.annotate = before(protocol.annotate)
    elif phase == "extract":
        from pipeline.run import protocol
        protocol.encode = before(protocol.encode)
    elif phase == "resolve":
        from pipeline.run import tables
        tables.resolve = after(tables.resolve)
    elif phase == "export":
        from pipeline.export import writers
        writers.write_csv = before(writers.write_csv)
    elif phase == "switch":
        from pipeline.export import tableset
        tableset._fsync = before(tableset._fsync)
    elif phase == "history":
        from pipeline import runs
        runs.shutil.copyfile = before(runs.shutil.copyfile)


if _spec:
    _phase, _, _n = _spec.partition(":")
    _install(_phase, int(_n or 1))
