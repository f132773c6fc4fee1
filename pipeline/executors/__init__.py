"""Run a pure per-document function in this process, on all cores, or on a Dask cluster.

    with make_executor("local", workers=4) as ex:
        for item, result in ex.map(fn, items, batch_size=32):
            ...

Every backend yields ``(item, fn(item))`` in the order of ``items``, so the
tables do not depend on where the work ran. Why it is built this way:

* **Batches, bounded.** Items travel in batches (one pickle round-trip per
  ~32 documents) and at most ``max_inflight`` batches (default 2 × workers)
  are submitted and not yet yielded: the input may be a huge iterator and
  memory stays flat. Waiting on the oldest batch gives input order for free.
* **One BLAS thread per worker.** natasha is CPU-bound; with default threading
  N workers × N BLAS threads oversubscribe the cores (measured: two workers
  fall from 27.6 to 8–9 docs/s). OpenBLAS reads its environment once, when
  numpy loads, which a spawned child may do while re-importing the parent's
  ``__main__``, before any initializer runs. So the variables are put in the
  environment each worker is *spawned* with (and again in the initializer).
* **Models stay in the workers.** The embeddings pickle to 61 MB: never ship
  them. Each worker builds its own, once, through the caller's per-process
  cache (``lru_cache``); the optional ``warmup`` only does it up front.
* **Failures are results.** ``fn`` raising yields the exception object. A
  batch that fails as a whole (a worker killed by the OOM killer, a segfault)
  is re-run one item at a time, so only the culprit gets an error:
  ``WorkerCrashed``.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import multiprocessing.context
import os
import pickle
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger(__name__)

#: One thread for every BLAS/OpenMP runtime numpy, torch or numexpr may load.
PIN_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
}

Fn = Callable[[Any], Any]


class WorkerCrashed(RuntimeError):
    """The worker process died while running ``fn`` on this item (OOM kill, segfault, exit)."""


def default_workers() -> int:
    """Cores this process may run on (respects taskset/cpusets, unlike ``os.cpu_count``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- in the worker


def _call(fn: Fn, item: Any) -> Any:
    """``fn(item)``, or the exception it raised, made safe to send back to the parent.

    The formatted traceback rides along as ``exc.worker_traceback`` (a traceback
    object does not survive pickling); an exception that cannot be pickled is
    replaced by a ``RuntimeError`` carrying its type and message. Done the same
    way in every backend, so results are identical.
    """
    try:
        return fn(item)
    except Exception as exc:
        tb = traceback.format_exc()
        try:
            exc.worker_traceback = tb  # type: ignore[attr-defined]  # an ad-hoc attribute, pickled along
            pickle.loads(pickle.dumps(exc))
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
            exc.worker_traceback = tb  # type: ignore[attr-defined]  # an ad-hoc attribute, pickled along
        return exc


def _run_batch(fn: Fn, batch: list[Any]) -> list[Any]:
    return [_call(fn, item) for item in batch]


def _warm(warmup: Callable[[], Any] | None) -> None:
    if warmup is None:
        return
    try:
        warmup()
    except Exception:  # only an optimization: fn loads what it needs on first use
        log.exception("worker warm-up failed; models will load on first use")


def _init_local_worker(warmup: Callable[[], Any] | None) -> None:
    os.environ.update(PIN_ENV)
    # Ctrl-C is the parent's to handle: it cancels pending batches and shuts down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    _warm(warmup)


def die_with_parent() -> None:
    """A worker ends when the run that started it does, however it ended (SIGTERM,
    SIGKILL): Linux's PR_SET_PDEATHSIG, and a watchdog thread for any system, which
    notices that the parent process is gone."""
    starter = multiprocessing.parent_process()
    parent = starter.pid if starter is not None and starter.pid else os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the call above took hold (or even earlier)
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="svodka-parent-watchdog", daemon=True).start()


# --------------------------------------------------------------------------- the loop


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


class Executor:
    """Base: the bounded, order-preserving batch loop; backends say how to submit."""

    workers: int = 1
    max_inflight: int = 2

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def start(self) -> None:
        """Start the workers now (and their ``warmup``), not at the first batch, so
        they load models while the caller prepares the work."""

    def map(self, fn: Fn, items: Iterable[Any], batch_size: int = 32) -> Iterator[tuple[Any, Any]]:
        """Yield ``(item, fn(item))`` in input order; a raised exception is the result.

        At most ``max_inflight * batch_size`` items are read from ``items`` and
        not yet yielded. ``fn`` must be a module-level function (pickled by
        reference) and items and results must pickle.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be ≥ 1, got {batch_size}")
        window: deque[tuple[list[Any], Any]] = deque()
        try:
            for batch in _batches(items, batch_size):
                window.append((batch, self._submit(fn, batch)))
                if len(window) >= self.max_inflight:
                    yield from self._take(fn, *window.popleft())
            while window:
                yield from self._take(fn, *window.popleft())
        finally:  # the caller stopped early or failed: drop what is still queued
            for _, handle in window:
                self._cancel(handle)

    def _take(self, fn: Fn, batch: list[Any], handle: Any) -> Iterator[tuple[Any, Any]]:
        try:
            results = self._result(handle)
        except Exception as exc:
            log.warning("a batch of %d failed as a whole (%s: %s); re-running it item by item",
                        len(batch), type(exc).__name__, exc)
            results = [self._one(fn, item) for item in batch]
        return zip(batch, results)

    # Backends implement these.
    def _submit(self, fn: Fn, batch: list[Any]) -> Any:
        raise NotImplementedError

    def _result(self, handle: Any) -> list[Any]:
        raise NotImplementedError

    def _one(self, fn: Fn, item: Any) -> Any:
        raise NotImplementedError

    def _cancel(self, handle: Any) -> None:
        pass


class SerialExecutor(Executor):
    """In this process, one item at a time: tests, debugging, ``--workers 1``."""

    def __init__(self, warmup: Callable[[], Any] | None = None) -> None:
        _warm(warmup)

    def map(self, fn: Fn, items: Iterable[Any], batch_size: int = 32) -> Iterator[tuple[Any, Any]]:
        for item in items:
            yield item, _call(fn, item)


# --------------------------------------------------------------------------- local processes

_ENV_LOCK = threading.Lock()


@contextlib.contextmanager
def _environ(overrides: dict[str, str]) -> Iterator[None]:
    """Temporarily set environment variables in this process (restored on exit)."""
    with _ENV_LOCK:
        saved = {k: os.environ.get(k) for k in overrides}
        os.environ.update(overrides)
        try:
            yield
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


class _PinnedProcess(multiprocessing.context.SpawnProcess):
    """A spawned process whose environment pins BLAS/OpenMP to one thread from its first line.

    Spawning copies the parent's environment synchronously inside ``start``, so
    the parent's own environment is changed only for that instant.
    """

    def start(self) -> None:
        with _environ(PIN_ENV):
            super().start()


class _PinnedContext(multiprocessing.context.SpawnContext):
    Process = _PinnedProcess


class LocalExecutor(Executor):
    """A pool of spawned worker processes on this machine."""

    def __init__(self, workers: int | None = None, warmup: Callable[[], Any] | None = None,
                 max_inflight: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.max_inflight = max_inflight or 2 * self.workers
        self._warmup = warmup
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=_PinnedContext(),
                                   initializer=_init_local_worker, initargs=(self._warmup,))

    def start(self) -> None:
        for _ in range(self.workers):  # a spawn pool launches every process at its first task
            self._pool.submit(int)

    def _submit(self, fn: Fn, batch: list[Any]) -> Any:
        return self._pool, self._pool.submit(_run_batch, fn, batch)

    def _result(self, handle: Any) -> list[Any]:
        pool, future = handle
        try:
            return future.result()
        except BrokenProcessPool:
            if pool is self._pool:  # the first to notice replaces the pool
                self._restart()
            raise

    def _one(self, fn: Fn, item: Any) -> Any:
        try:
            return self._pool.submit(_run_batch, fn, [item]).result()[0]
        except BrokenProcessPool as exc:
            self._restart()
            return WorkerCrashed(f"the worker process died on this item ({exc})")
        except Exception as exc:  # e.g. the result did not pickle
            return exc

    def _cancel(self, handle: Any) -> None:
        handle[1].cancel()

    def _restart(self) -> None:
        log.warning("a worker process died; starting a new pool of %d", self.workers)
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._new_pool()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------- entry point


def make_executor(kind: str = "local", workers: int | None = None, scheduler: str | None = None,
                  *, warmup: Callable[[], Any] | None = None,
                  max_inflight: int | None = None) -> Executor:
    """An executor to use as a context manager: ``"serial"``, ``"local"`` or ``"dask"``.

    ``workers`` defaults to the usable cores (``dask`` with a ``scheduler``
    address: the cluster's threads). ``warmup`` is a module-level callable run
    once per worker process, e.g. to load models before the first batch.
    ``max_inflight`` bounds the batches submitted and not yet yielded
    (default 2 × workers).
    """
    if kind == "serial":
        return SerialExecutor(warmup)
    if kind == "local":
        return LocalExecutor(workers, warmup, max_inflight)
    if kind == "dask":
        from .cluster import DaskExecutor  # imports distributed: keep it out of local workers

        return DaskExecutor(workers, scheduler, warmup, max_inflight)
    raise ValueError(f"unknown executor kind {kind!r}: expected 'serial', 'local' or 'dask'")
