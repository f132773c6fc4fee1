"""What ``svodka run`` shows while it works, on stderr.

The runner calls ``progress(stage, done, total)`` (``total`` None while it is
not known yet, as during ingest). On a terminal that is a bar per phase; when
stderr is not a terminal (CI, nohup, a log file) it is a plain line at the start
of each phase and then at most every ``interval`` seconds::

    svodka: ingest 214
    svodka: extract 0/2000
    svodka: extract 120/2000 (24.0/s)

Dask's own logs (``distributed.*``, ``tornado``) are kept to errors unless
``-v/--verbose``: a local cluster logs every worker it starts and stops.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import IO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

__all__ = ["DaskLogFilter", "LogLines", "ProgressFn", "bar", "quiet_dask_logs"]

ProgressFn = Callable[[str, int, "int | None"], None]

DASK_LOGGERS = ("distributed", "tornado", "bokeh")


class LogLines:
    """Plain progress lines for a stderr that is not a terminal: a line when a
    phase starts, at most one every ``interval`` seconds, and the count a phase
    ended at (when the next one starts, or at its total)."""

    def __init__(self, stream: IO[str], interval: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.interval, self.clock = stream, interval, clock
        self.stage: str | None = None
        self.started = self.last = 0.0
        self.seen: tuple[int, int | None] = (0, None)  # the last count of the current phase
        self.seen_at = 0.0  # and when it came
        self.printed = True  # whether that count was printed

    def _line(self, stage: str, done: int, total: int | None, now: float, rate: bool) -> None:
        count = f"{done}/{total}" if total is not None else str(done)
        elapsed = now - self.started
        speed = f" ({done / elapsed:.1f}/s)" if rate and elapsed > 0 and done else ""
        self.stream.write(f"svodka: {stage} {count}{speed}\n")
        self.stream.flush()
        self.last = now

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = self.clock()
        if stage != self.stage:
            if self.stage is not None and not self.printed:  # where the previous phase ended
                self._line(self.stage, *self.seen, self.seen_at, rate=True)
            self.stage, self.started = stage, now
            self._line(stage, done, total, now, rate=False)
        elif (total is not None and done >= total) or now - self.last >= self.interval:
            self._line(stage, done, total, now, rate=True)
        else:
            self.seen, self.seen_at, self.printed = (done, total), now, False
            return
        self.seen, self.seen_at, self.printed = (done, total), now, True


def bar(console: Console) -> tuple[Progress, ProgressFn]:
    """A bar per phase; a phase whose total was unknown is completed when the next starts."""
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(), console=console,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            for earlier in tasks.values():  # e.g. ingest (counted, total unknown) ends when extract starts
                task = progress.tasks[earlier]
                if not task.finished:
                    progress.update(earlier, total=task.completed, completed=task.completed)
            tasks[stage] = progress.add_task(stage, total=total, rate="")
        task = progress.tasks[tasks[stage]]
        rate = f"{done / task.elapsed:.1f} docs/s" if task.elapsed else ""
        progress.update(tasks[stage], completed=done, total=total, rate=rate)

    return progress, update


class DaskLogFilter(logging.Filter):
    """Drops records of Dask's loggers below ERROR."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            return True
        return not any(record.name == n or record.name.startswith(n + ".") for n in DASK_LOGGERS)


_FILTER = DaskLogFilter()


def quiet_dask_logs(quiet: bool) -> None:
    """Keep Dask's logs to errors (``quiet``) or let them through (``-v``): a filter
    on the root handlers, whatever levels ``distributed`` sets when it is imported.
    (The worker processes of a local cluster log warnings and up only, by Dask's
    own default.)"""
    for handler in logging.getLogger().handlers:
        if quiet:
            handler.addFilter(_FILTER)
        else:
            handler.removeFilter(_FILTER)
