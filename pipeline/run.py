"""The runner: owns all reading and writing; stages stay pure functions.

ingest → annotate → extract → resolve → export. A document whose annotation or
extraction fails is recorded as an error row and the run goes on; only a
failure of the run itself (unwritable output) raises.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .annotate import annotate
from .errors import E
from .export import frames, write_tables
from .extract.stage import extract
from .ingest import IngestLimits, ingest
from .records import Document, Extraction
from .resolve import resolve

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = REPO / "data" / "raw"
DEFAULT_OUTPUT = REPO / "data" / "processed"

Progress = Callable[[str, int, int | None], None]  # (stage, done, total)


@dataclass
class RunOptions:
    inputs: list[Path] = field(default_factory=lambda: [DEFAULT_INPUT])
    out_dir: Path = DEFAULT_OUTPUT
    limits: IngestLimits = field(default_factory=IngestLimits)
    csv_dialect: str = "excel"
    xlsx: bool = False


@dataclass
class RunSummary:
    documents: int
    ok: int
    errors: int
    out_dir: Path
    seconds: float
    counts: dict[str, int]


def process(doc: Document) -> Extraction | None:
    """Annotate and extract one ingested document; failures become error rows."""
    if not doc.ok:
        return None
    try:
        ann = annotate(doc.doc_id, doc.text)
        return extract(doc.doc_id, doc.text, ann)
    except Exception as exc:  # one bad document never stops the run
        log.exception("extraction failed for %s", doc.source)
        doc.status, doc.error_code = "error", E.INTERNAL.code
        doc.error = E.INTERNAL.format(detail=f"{type(exc).__name__}: {exc}")
        return None


def extract_all(docs: Iterable[Document], progress: Progress | None = None, total: int | None = None):
    docs = list(docs)
    extractions: dict[str, Extraction] = {}
    for n, doc in enumerate(docs, 1):
        ex = process(doc)
        if ex is not None:
            extractions[doc.doc_id] = ex
        if progress:
            progress("extract", n, total or len(docs))
    return docs, extractions


def run(options: RunOptions, progress: Progress | None = None) -> RunSummary:
    t0 = time.perf_counter()
    docs = []
    for doc in ingest(options.inputs, options.limits):
        docs.append(doc)
        if progress:
            progress("ingest", len(docs), None)
    docs, extractions = extract_all(docs, progress)
    tables = frames(resolve(docs, extractions))
    write_tables(tables, options.out_dir, options.csv_dialect, options.xlsx)
    ok = sum(d.ok for d in docs)
    return RunSummary(
        documents=len(docs), ok=ok, errors=len(docs) - ok, out_dir=options.out_dir,
        seconds=time.perf_counter() - t0, counts={k: len(v) for k, v in tables.items()},
    )
