"""Checks the command line makes before any work, so a mistake costs seconds, not a run.

Each raises :class:`CheckFailed` with a message a person can act on; the CLI
prints it and exits with its ``exit_code`` (1: the environment, such as an
unwritable folder or an unreachable scheduler; 2: a usage error, such as a
folder that does not exist for ``--csv FILE``).
"""

from __future__ import annotations

import math
import os
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["CheckFailed", "check_output_folder", "check_file_target", "check_positive", "check_scheduler"]


class CheckFailed(Exception):
    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def check_positive(value: float, what: str) -> float:
    """A finite number above zero (``--max-file-mb``): ``-1``, ``0``, ``nan`` and ``inf`` are refused."""
    if not math.isfinite(value) or value <= 0:
        raise CheckFailed(f"{what} must be a number above 0, not {value}", exit_code=2)
    return value


def _probe(folder: Path) -> None:
    """Create and remove a file in ``folder`` (as root, permission bits say nothing)."""
    fd, name = tempfile.mkstemp(prefix=".svodka-probe-", dir=folder)
    os.close(fd)
    os.unlink(name)


def check_output_folder(out_dir: Path) -> None:
    """``out_dir`` is a folder svodka can write, or can be created: by a file made
    and removed there (or in its nearest existing parent, which is left as it was)."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise CheckFailed(f"the output folder {folder} is a file, not a folder: choose another --out")
    existing = folder
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise CheckFailed(f"cannot create the output folder {folder}: {existing} is a file, not a folder")
    try:
        _probe(existing)
    except OSError as exc:
        where = "the output folder" if existing == folder else f"{existing}, where the output folder {folder} would be"
        raise CheckFailed(f"cannot write to {where}: {exc.strerror or exc}; choose another --out") from exc


def check_file_target(path: Path, option: str) -> None:
    """A file to write (``--csv FILE``, ``--write FILE``) whose folder exists and is writable."""
    folder = Path(path).parent
    if Path(path).is_dir():
        raise CheckFailed(f"{option} {path} is a folder; give a file name", exit_code=2)
    if not folder.is_dir():
        raise CheckFailed(f"{option} {path}: the folder {folder} does not exist", exit_code=2)
    try:
        _probe(folder)
    except OSError as exc:
        raise CheckFailed(f"{option} {path}: cannot write to {folder}: {exc.strerror or exc}") from exc


def check_scheduler(address: str, timeout: float = 5.0) -> None:
    """A Dask scheduler answers at ``address`` (``tcp://host:port`` or ``host:port``);
    other protocols (tls://, ucx://, inproc://) are left to Dask."""
    target = address if "://" in address else f"tcp://{address}"
    parts = urlsplit(target)
    if parts.scheme != "tcp":
        return
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise CheckFailed(f"--scheduler {address}: {exc}", exit_code=2) from exc
    if not host or port is None:
        raise CheckFailed(f"--scheduler {address}: give host and port, e.g. tcp://10.0.0.5:8786", exit_code=2)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise CheckFailed(
            f"no Dask scheduler answers at {address} ({reason}): start one there (`dask scheduler`), "
            "or leave out --scheduler for a local cluster") from exc
