"""Readers in a child process, as Apache Tika's ForkParser: a reader that crashes,
exhausts memory or hangs costs its file one error row, never the run.

One long-lived child reads the files one after another (bytes in, a ``Document``
out, length-prefixed pickles over its stdin and stdout). Its address space is
capped with ``RLIMIT_AS`` (``IngestLimits.reader_memory_bytes``, 2 GiB by
default; 0 for none) and each file has ``reader_timeout`` seconds (300). A
``MemoryError`` under the cap is a ``READER_OUT_OF_MEMORY`` row; a child that
dies (a segfault, an abort in C code, the kernel's OOM killer) is a
``READER_CRASHED`` row; one that overruns the time is killed, a
``READER_TIMEOUT`` row. The next file gets a new child, so a failure costs one
restart (about a tenth of a second), not a fork per file.

The child dies with its parent (PR_SET_PDEATHSIG, and the end of its input).
Files refused before reading (unsupported, empty, over the size limit) are not
sent. A child that cannot start at all leaves the run reading in-process, with
a warning: isolation is a safety net, not a reason to fail.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

from pipeline.errors import DocumentError, E
from pipeline.records import Document

from .core import _FORMAT_NAMES, _row, read_one
from .limits import IngestLimits
from .readers import EXTENSIONS, extension

log = logging.getLogger(__name__)

HEADER = struct.Struct("!Q")
DEFAULT_TARGET = "pipeline.ingest.core:read_one"
READY = b"ready"
START_SECONDS = 60.0  # for the child to import its reader and say it is ready


class _Timeout(Exception):
    pass


class ReaderProcess:
    """Call it as ``read_one``; ``target`` (``module:function``, same signature) is
    what the child runs, ``env`` extra environment for it."""

    def __init__(self, target: str = DEFAULT_TARGET, env: dict[str, str] | None = None) -> None:
        self.target, self.env = target, env or {}
        self.proc: subprocess.Popen[bytes] | None = None
        self.memory = -1  # the cap of the running child
        self.started = 0  # children started so far
        self.broken = False  # no child could be started: read in this process

    def __call__(self, source: str, name: str, data: bytes, limits: IngestLimits) -> Document:
        fmt = EXTENSIONS.get(extension(name), "unknown")
        if self.broken or fmt in ("unknown", "zip") or not data or len(data) > limits.max_file_bytes:
            return read_one(source, name, data, limits)
        label = _FORMAT_NAMES.get(fmt, fmt)
        try:
            if not self._ensure(limits.reader_memory_bytes):
                return read_one(source, name, data, limits)
            self._send(pickle.dumps((source, name, data, limits), protocol=pickle.HIGHEST_PROTOCOL))
            doc: Document = pickle.loads(self._recv(time.monotonic() + limits.reader_timeout))
        except _Timeout:
            self._kill(timed_out=True)
            log.warning("reading %s took longer than %g s: stopped", source, limits.reader_timeout)
            return _row(source, fmt, data=data, error=DocumentError(E.READER_TIMEOUT, fmt=label,
                                                                    limit=limits.reader_timeout))
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            detail = self._kill() or str(exc)
            log.warning("the reader crashed on %s (%s)", source, detail)
            return _row(source, fmt, data=data, error=DocumentError(E.READER_CRASHED, fmt=label, detail=detail))
        if doc.error_code == E.READER_OUT_OF_MEMORY.code:
            self.close()  # a fresh child for the next file, not one with a fragmented heap
        return doc

    # ------------------------------------------------------------------ the child

    def _ensure(self, memory: int) -> bool:
        """A running child with cap ``memory``; False when none can be started."""
        if self.proc is not None and self.proc.poll() is None and self.memory == memory:
            return True
        self.close()
        root = str(Path(__file__).resolve().parents[2])  # the folder holding ``pipeline``
        env = {**os.environ, **self.env}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        verbose = logging.getLogger("pipeline").isEnabledFor(logging.INFO)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "pipeline.ingest.child", str(memory), self.target,
                 str(logging.getLogger("pipeline").getEffectiveLevel())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=None if verbose else subprocess.DEVNULL,  # a dying reader's noise is not the user's
                env=env, close_fds=True)
            self.memory, self.started = memory, self.started + 1
            if self._recv(time.monotonic() + START_SECONDS) == READY:
                return True
            detail = ""
        except (_Timeout, OSError, EOFError) as exc:  # cannot fork, or the child died at once
            detail = str(exc)
        detail = self._kill() or detail
        log.warning("the reader process could not start (%s): files are read in this process, "
                    "without its memory and time limits", detail or "no answer")
        self.broken = True
        return False

    def _send(self, payload: bytes) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(HEADER.pack(len(payload)))
        self.proc.stdin.write(payload)
        self.proc.stdin.flush()

    def _recv(self, deadline: float) -> bytes:
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        (size,) = HEADER.unpack(_read_exact(fd, HEADER.size, deadline))
        return _read_exact(fd, size, deadline)

    def _kill(self, timed_out: bool = False) -> str:
        """Stop the child; returns how it ended when it ended by itself ("" when killed here)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return ""
        try:
            ended: int | None = proc.wait(timeout=0 if timed_out else 2)  # a dying child: its status
        except subprocess.TimeoutExpired:
            ended = None
        if ended is None:
            proc.kill()
            proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass
        return _ended(ended) if ended is not None else ""

    def close(self) -> None:
        """End the child: its input closed, it exits; killed when it does not."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def _ended(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}" + (" (out of memory?)" if -code == signal.SIGKILL else "")
    return f"exited with code {code}"


def _read_exact(fd: int, size: int, deadline: float) -> bytes:
    chunks, got = [], 0
    while got < size:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise _Timeout
        chunk = os.read(fd, min(size - got, 1 << 20))
        if not chunk:
            raise EOFError("the reader process ended")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


_shared: ReaderProcess | None = None


def read_isolated(source: str, name: str, data: bytes, limits: IngestLimits) -> Document:
    """``read_one`` in the shared reader process (started on first use, ended at exit)."""
    global _shared
    if _shared is None:
        _shared = ReaderProcess()
        atexit.register(_shared.close)
    return _shared(source, name, data, limits)


def stop_shared() -> None:
    """End the shared reader process (a run calls it when its ingest is done)."""
    if _shared is not None:
        _shared.close()
