#!/usr/bin/env python3
"""What reading in the reader process costs: ingest in-process vs isolated.

    python benchmarks/reader_isolation.py INPUT [INPUT ...] [--repeat 5] [--cold]

Reads the inputs ``--repeat`` times each way (no cache: every file is decoded)
and prints the median wall seconds of ``ingest`` with ``read_one`` in this
process and with ``isolation.ReaderProcess`` (the child started once, inside
the timing, as a run starts it), and the overhead per file. ``--cold``: each
measurement in a fresh interpreter, as a ``svodka run`` is (the readers'
libraries imported inside the timing both ways); otherwise the in-process
readers are warm and the child's start-up is all overhead.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from pipeline.ingest import IngestLimits, ingest, read_one
from pipeline.ingest.isolation import ReaderProcess


def _once(inputs: list[Path], isolated: bool) -> tuple[float, int]:
    reader = ReaderProcess() if isolated else read_one
    t0 = time.perf_counter()
    n = sum(1 for _ in ingest(inputs, IngestLimits(), reader=reader))
    seconds = time.perf_counter() - t0
    if isinstance(reader, ReaderProcess):
        reader.close()
    return seconds, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cold", action="store_true", help="each measurement in a fresh interpreter")
    ap.add_argument("--one", choices=["in-process", "isolated"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:  # one cold measurement, for --cold
        print(*_once(args.inputs, args.one == "isolated"))
        return
    _once(args.inputs, False)  # warm the page cache
    times: dict[bool, list[float]] = {False: [], True: []}
    n = 0
    for _ in range(args.repeat):
        for isolated in (False, True):  # interleaved: a busy moment hits both
            if args.cold:
                way = "isolated" if isolated else "in-process"
                line = subprocess.run([sys.executable, __file__, "--one", way, *map(str, args.inputs)],
                                      check=True, capture_output=True, text=True).stdout.split()
                seconds, n = float(line[0]), int(line[1])
            else:
                seconds, n = _once(args.inputs, isolated)
            times[isolated].append(seconds)
    a, b = statistics.median(times[False]), statistics.median(times[True])
    print(f"{n} files, median of {args.repeat}: in-process {a:.3f} s, isolated {b:.3f} s, "
          f"overhead {b - a:+.3f} s ({(b - a) / max(n, 1) * 1000:+.2f} ms per file, {(b / a - 1) * 100:+.0f} %)")


if __name__ == "__main__":
    main()
