"""Ingest behind the cache: a file's ``Document`` by the bytes of the file.

A file found in the cache is not decoded yet: it gets a placeholder (status
``cached``) and ``fill`` decodes them all at once, after the runner has checked
with ``keys`` (every file's cache key) whether the run is a no-op.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import asdict

from ..cache import StageCache, digest
from ..errors import TRANSIENT
from ..ingest import IngestLimits
from ..ingest.isolation import read_isolated
from ..ingest.paths import doc_id as make_doc_id
from ..records import Document


class CachedReader:
    """``read_one`` with the ingest cache in front (``fingerprint``: the ingest stage's)."""

    def __init__(self, cache: StageCache, fingerprint: str, force: bool) -> None:
        self.cache, self.fingerprint, self.force = cache, fingerprint, force
        self.stored = set() if force else cache.keys("ingest")
        self.keys: dict[str, str] = {}  # doc_id -> cache key of the file's bytes
        self.pending: dict[str, str] = {}  # doc_id -> key, of the placeholders
        self.computed = 0

    def __call__(self, source: str, name: str, data: bytes, limits: IngestLimits) -> Document:
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        key = digest(self.fingerprint, ext, hashlib.sha256(data).hexdigest(), str(limits))
        doc_id = make_doc_id(source)
        self.keys[doc_id] = key
        if not self.force and key in self.stored:
            self.pending[doc_id] = key
            return Document(doc_id=doc_id, source=source, format=ext, status="cached")
        doc = read_isolated(source, name, data, limits)
        self.computed += 1
        if doc.error_code not in TRANSIENT:
            self.cache.put("ingest", key, {k: v for k, v in asdict(doc).items() if k not in ("doc_id", "source")})
        return doc

    def fill(self, docs: list[Document], reread: Callable[[], Iterator[Document]]) -> list[Document]:
        """The placeholders decoded; those whose entry turned out corrupt (dropped)
        are read again from the files (``reread`` ingests the inputs anew)."""
        blobs = self.cache.blobs("ingest", sorted(set(self.pending.values())))
        out, lost = [], set()
        for doc in docs:
            key = self.pending.pop(doc.doc_id, None)
            if key is None:
                out.append(doc)
            elif key in blobs:
                out.append(Document(**{**blobs[key].value(), "doc_id": doc.doc_id, "source": doc.source}))
            else:
                lost.add(doc.doc_id)
                out.append(doc)
        if lost:
            self.stored -= {self.keys[d] for d in lost}
            again = {d.doc_id: d for d in reread() if d.doc_id in lost}
            out = [again.get(d.doc_id, d) if d.doc_id in lost else d for d in out]
        return out
