"""Readers that fail the hard way, run in the reader process by the isolation tests.

The file's name says how: ``oom`` allocates 1 GiB (a
text reader that does so is put in place and read through ``read_one``, so its
``MemoryError`` is handled as any reader's), ``segv`` reads address 0, ``exit``
leaves at once, ``hang`` never returns; anything else is read as usual.
"""

from __future__ import annotations

import ctypes
import os
import time

import numpy

from pipeline.ingest import read_one
from pipeline.ingest.readers import READERS
from pipeline.ingest.readers.base import Extracted

GREEDY_BYTES = 1024**3  # over the tests' cap of 512 MiB


def _greedy(data, limits):
    hoard = numpy.empty(GREEDY_BYTES, dtype=numpy.uint8)  # untouched: instant, unless a cap refuses it
    return Extracted(text=f"allocated {hoard.nbytes} bytes")


def read(source, name, data, limits):
    if "oom" in name:
        READERS["txt"] = _greedy
    if "segv" in name:
        ctypes.string_at(0)
    if "exit" in name:
        os._exit(3)
    if "hang" in name:
        time.sleep(3600)
    return read_one(source, name, data, limits)
