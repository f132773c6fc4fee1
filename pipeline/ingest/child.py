"""The reader process (see ``isolation``): ``python -m pipeline.ingest.child MEMORY TARGET LEVEL``.

Caps its own address space, then reads requests from stdin and answers on the
original stdout until its input ends. Anything a library prints goes to stderr,
so it cannot corrupt the answers.
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import resource
import signal
import struct
import sys

HEADER = struct.Struct("!Q")


def _die_with_parent() -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the end of the input still ends an idle child


def _read(stream, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def main(argv: list[str]) -> int:
    memory, target, level = int(argv[1]), argv[2], int(argv[3])
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    logging.basicConfig(level=level, format="%(levelname)s reader: %(message)s")
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    module, _, name = target.partition(":")
    read = getattr(importlib.import_module(module), name)
    if memory > 0:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (memory if hard < 0 else min(memory, hard), hard))

    def answer(payload: bytes) -> None:
        answers.write(HEADER.pack(len(payload)) + payload)
        answers.flush()

    answer(b"ready")
    requests = sys.stdin.buffer
    while (header := _read(requests, HEADER.size)) is not None:
        frame = _read(requests, HEADER.unpack(header)[0])
        if frame is None:
            break
        source, name, data, limits = pickle.loads(frame)
        del frame
        answer(pickle.dumps(read(source, name, data, limits), protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
