"""Plain text: encoding detected, never assumed (see ``pipeline.ingest.encoding``)."""

from __future__ import annotations

from ..encoding import decode
from ..limits import IngestLimits
from .base import Extracted


def read(data: bytes, limits: IngestLimits) -> Extracted:
    text, encoding = decode(data, ext="txt")
    return Extracted(text=text, encoding=encoding)
