"""The Dask backend: batches as tasks on a cluster (a given scheduler, or a LocalCluster it owns).

Apart from the rest so that local worker processes never import ``distributed``
(~0.5 s and ~40 MB each).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import Any

import dask
from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin

from . import PIN_ENV, Executor, Fn, WorkerCrashed, _run_batch, _warm, default_workers


class DaskExecutor(Executor):
    """A LocalCluster is started with one thread per worker and BLAS pinned through
    ``distributed.nanny.pre-spawn-environ``, and closed with the executor. Workers
    of a remote cluster are used as they are: dask's default config already pins
    OMP/MKL/OpenBLAS for nanny-started workers.
    """

    def __init__(self, workers: int | None = None, scheduler: str | None = None,
                 warmup: Callable[[], Any] | None = None, max_inflight: int | None = None) -> None:
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None
        self._plugin: str | None = None
        self._saved_env = dict(os.environ)
        try:
            if scheduler:
                self._client = Client(scheduler)
            else:
                # The nannies of a LocalCluster live in this process and apply the
                # pre-spawn environment to os.environ; close() restores it.
                env = {**dask.config.get("distributed.nanny.pre-spawn-environ", {}), **PIN_ENV}
                with dask.config.set({"distributed.nanny.pre-spawn-environ": env}):
                    self._cluster = LocalCluster(
                        n_workers=workers or default_workers(), threads_per_worker=1,
                        processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
            self.workers = workers or max(1, sum(self._client.nthreads().values()))
            self.max_inflight = max_inflight or 2 * self.workers
            if warmup is not None:
                self._plugin = f"svodka-warmup-{id(self):x}"
                self._client.register_plugin(_WarmupPlugin(warmup), name=self._plugin)
        except BaseException:
            self.close()
            raise

    @property
    def _live(self) -> Client:
        """The client, for the calls the Executor makes between ``__init__`` and ``close``."""
        assert self._client is not None
        return self._client

    def _submit(self, fn: Fn, batch: list[Any]) -> Any:
        # pure=False: no hashing of the batch for a key, and no deduplication.
        return self._live.submit(_run_batch, fn, batch, pure=False)

    def _result(self, handle: Any) -> list[Any]:
        return handle.result()

    def _one(self, fn: Fn, item: Any) -> Any:
        try:
            return self._live.submit(_run_batch, fn, [item], pure=False).result()[0]
        except KilledWorker as exc:
            return WorkerCrashed(f"the worker process died on this item ({exc})")
        except Exception as exc:
            return exc

    def _cancel(self, handle: Any) -> None:
        handle.cancel()

    def close(self) -> None:
        if self._client is not None:
            if self._plugin and self._cluster is None:  # leave a shared cluster as found
                with contextlib.suppress(Exception):
                    self._client.unregister_worker_plugin(self._plugin)
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
            for name in {*os.environ, *self._saved_env}:  # undo what the nannies set
                if os.environ.get(name) != self._saved_env.get(name):
                    if name in self._saved_env:
                        os.environ[name] = self._saved_env[name]
                    else:
                        del os.environ[name]


class _WarmupPlugin(WorkerPlugin):
    """Runs ``warmup`` in every worker, including workers that join or restart later."""

    def __init__(self, warmup: Callable[[], Any]) -> None:
        self.warmup = warmup

    def setup(self, worker: Any) -> None:
        _warm(self.warmup)
