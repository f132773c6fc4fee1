"""An output folder's tables switch as one set: a kill at any instant leaves the
complete previous set or the complete new one, never a mix.

Each run writes its files into a fresh folder ``DIR/.svodka-sets/<id>/``; the
symbolic link ``DIR/.svodka-current`` names the set in use, and every table
file an analyst opens (``DIR/persons.csv``, ``DIR/svodka.duckdb``, …) is a
link through it (``.svodka-current/persons.csv``). Publishing a set is one
``rename`` of a new ``.svodka-current`` link over the old one, which POSIX makes
atomic: every file flips at once. A file the new set lacks (a ``svodka.xlsx``
of an earlier ``--xlsx`` run) disappears in that same step; its dangling link
is removed right after. Sets of interrupted runs and replaced sets are debris
that the next run removes.

Concurrent runs into one folder are serialized by an exclusive lock on
``DIR/.svodka.lock`` (``flock``): the second waits, saying so, up to a bound.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

SETS = ".svodka-sets"
CURRENT = ".svodka-current"
LOCK = ".svodka.lock"
_STAGING = ".svodka-staging-"  # the per-file staging folders of earlier versions


def current_set(out_dir: Path) -> Path | None:
    """The folder of the set in use, or None (no tables yet, or an old layout)."""
    link = out_dir / CURRENT
    return (out_dir / os.readlink(link)) if link.is_symlink() else None


def new_set(out_dir: Path) -> Path:
    """A fresh, empty folder to write the next set into."""
    (out_dir / SETS).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="set-", dir=out_dir / SETS))


def publish(out_dir: Path, set_dir: Path) -> None:
    """Make ``set_dir`` the folder's set in one atomic step, then tidy up."""
    names = sorted(p.name for p in set_dir.iterdir())
    for name in names:  # links for files new to the folder (dangling until the switch)
        link = out_dir / name
        if not link.exists() and not link.is_symlink():
            os.symlink(f"{CURRENT}/{name}", link)
    _fsync(set_dir)
    tmp = out_dir / f"{CURRENT}.new"
    tmp.unlink(missing_ok=True)
    os.symlink(f"{SETS}/{set_dir.name}", tmp)
    os.replace(tmp, out_dir / CURRENT)  # the switch
    _fsync(out_dir)
    for name in names:  # an old layout's plain files become links (once)
        link = out_dir / name
        if not link.is_symlink():
            tmp = out_dir / f".{name}.link"
            tmp.unlink(missing_ok=True)
            os.symlink(f"{CURRENT}/{name}", tmp)
            os.replace(tmp, link)
    remove_debris(out_dir)


def remove_debris(out_dir: Path) -> None:
    """Sets other than the current one, staging folders of interrupted runs, and
    links to files the current set does not have."""
    current = current_set(out_dir)
    sets = out_dir / SETS
    if sets.is_dir():
        for d in sets.iterdir():
            if current is None or d.name != current.name:
                shutil.rmtree(d, ignore_errors=True)
    for p in out_dir.glob(f"{_STAGING}*"):
        shutil.rmtree(p, ignore_errors=True)
    (out_dir / f"{CURRENT}.new").unlink(missing_ok=True)
    if current is not None:
        for p in out_dir.iterdir():
            if p.is_symlink() and p.name != CURRENT and os.readlink(p).startswith(f"{CURRENT}/") and not p.exists():
                p.unlink()


@contextlib.contextmanager
def locked(out_dir: Path, wait_seconds: float = 600.0) -> Iterator[None]:
    """Hold the folder's lock for a run; wait for another run's, up to ``wait_seconds``.
    A folder made only to hold the lock is removed again when the run wrote nothing."""
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with _flock(out_dir, wait_seconds):
            yield
    finally:
        if created and [p.name for p in out_dir.iterdir()] == [LOCK]:
            shutil.rmtree(out_dir, ignore_errors=True)


@contextlib.contextmanager
def _flock(out_dir: Path, wait_seconds: float) -> Iterator[None]:
    with open(out_dir / LOCK, "a+") as fh:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise TimeoutError(f"another svodka run is writing to {out_dir}; gave up after "
                                       f"{wait_seconds:.0f} s") from exc
                if not told:
                    log.warning("another svodka run is writing to %s: waiting for it to finish", out_dir)
                    told = True
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync(folder: Path) -> None:
    """Make a folder's entries durable (best effort: not every file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
