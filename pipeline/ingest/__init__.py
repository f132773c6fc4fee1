"""Ingest: archives of reports (files, folders, ZIPs) → ``Document`` records.

    from pipeline.ingest import ingest, IngestLimits
    for doc in ingest([Path("data/raw")], limits=IngestLimits()):
        ...

``read_bytes(name, data)`` gives the raw text of one file by its extension and
``clean_text`` the normalization every document's text goes through.
"""

from __future__ import annotations

from .clean import clean_text
from .core import ingest, read_one
from .limits import IngestLimits
from .paths import doc_id
from .readers import read_bytes

__all__ = ["IngestLimits", "clean_text", "doc_id", "ingest", "read_bytes", "read_one"]
