"""``ingest``: input files, folders and archives → one ``Document`` per file.

Sources are POSIX paths relative to their input root (``a.zip/dir/b.docx`` for
archive members). When two input roots hold the same relative path, both get
their root's folder name in front. Names in any encoding are read; what cannot
be printed is escaped, and every source (so every doc_id) of one ingest is
unique: see ``pipeline.ingest.paths``.

Nothing raises for a problem with one file: it becomes an error row with a code
from ``pipeline.errors`` (its message with control characters escaped). Hidden
files, OS litter and Office lock files are rows with ``status=skipped`` and the
code ``SKIPPED_HIDDEN``, so every file found has its row.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pipeline.errors import DocumentError, E
from pipeline.records import Document

from . import archive
from .clean import clean_text, unwrap_lines
from .limits import MB, IngestLimits
from .paths import SourceNames, doc_id, escape_name, printable
from .readers import EXTENSIONS, extension, read_document
from .title import make_title
from .walk import Entry, walk_root

log = logging.getLogger(__name__)

# (source, name, bytes, limits) -> Document, for one non-archive file
Reader = Callable[[str, str, bytes, IngestLimits], Document]

_FORMAT_NAMES = {"txt": "text", "docx": "Word", "doc": "Word", "rtf": "RTF", "pdf": "PDF",
                 "html": "HTML", "odt": "OpenDocument", "zip": "ZIP"}


def _row(source: str, fmt: str, *, data: bytes | None = None, size: int = 0, sha256: str = "",
         error: DocumentError | None = None, skipped: str = "", **fields) -> Document:
    doc = Document(
        doc_id=doc_id(source), source=source, format=fmt, status="ok",
        sha256=hashlib.sha256(data).hexdigest() if data is not None else sha256,
        size=len(data) if data is not None else size, **fields,
    )
    if error is not None:
        doc.status, doc.error, doc.error_code = "error", printable(error.message), error.code
    elif skipped:
        doc.status, doc.error, doc.error_code = "skipped", E.SKIPPED_HIDDEN.format(what=skipped), E.SKIPPED_HIDDEN.code
    return doc


def _internal(exc: Exception) -> DocumentError:
    return DocumentError(E.INTERNAL, detail=f"{type(exc).__name__}: {exc}")


def read_one(source: str, name: str, data: bytes, limits: IngestLimits | None = None) -> Document:
    """The ``Document`` of one file (not an archive) from its bytes; never raises.

    ``name`` chooses the reader by its extension; ``source`` names the row.
    """
    limits = limits or IngestLimits()
    ext = extension(name)
    fmt = EXTENSIONS.get(ext, "unknown")
    if fmt == "unknown":
        return _row(source, fmt, data=data, error=DocumentError(E.UNSUPPORTED, ext=ext or "(none)"))
    if not data:
        return _row(source, fmt, data=data, error=DocumentError(E.EMPTY))
    if len(data) > limits.max_file_bytes:
        too_large = DocumentError(E.TOO_LARGE, size=len(data), limit=limits.max_file_bytes)
        return _row(source, fmt, data=data, error=too_large)
    try:
        fmt, extracted = read_document(name, data, limits)
        text = clean_text(extracted.text)
        if extracted.wrapped:
            text = unwrap_lines(text)
        if not text:
            raise DocumentError(E.NO_TEXT, fmt=_FORMAT_NAMES.get(fmt, fmt))
        title = make_title(text, extracted.title)
    except DocumentError as exc:
        return _row(source, fmt, data=data, error=exc)
    except MemoryError:  # the reader process's cap (see ``isolation``), or the machine's
        oom = DocumentError(E.READER_OUT_OF_MEMORY, fmt=_FORMAT_NAMES.get(fmt, fmt),
                            limit=limits.reader_memory_bytes // MB)
        return _row(source, fmt, data=data, error=oom)
    except Exception as exc:  # a reader bug must not stop the run
        log.exception("reading %s failed", source)
        return _row(source, fmt, data=data, error=_internal(exc))
    return _row(source, fmt, data=data, title=title, text=text, encoding=extracted.encoding,
                published=extracted.published, published_from=extracted.published_from,
                dateline=extracted.dateline)


def _from_bytes(source: str, name: str, data: bytes, limits: IngestLimits, reader: Reader,
                depth: int, budget: archive.Budget | None, names: SourceNames) -> Iterator[Document]:
    if extension(name) != "zip":
        yield reader(source, name, data, limits)
        return
    if depth >= limits.max_depth:
        yield _row(source, "zip", data=data, error=DocumentError(E.ZIP_TOO_DEEP, limit=limits.max_depth))
        return
    digest = (hashlib.sha256(data).hexdigest(), len(data))
    yield from _archive(io.BytesIO(data), source, limits, reader, depth + 1, budget, lambda: digest, names)


def _archive(file, source: str, limits: IngestLimits, reader: Reader, depth: int,
             budget: archive.Budget | None, digest: Callable[[], tuple[str, int]],
             names: SourceNames) -> Iterator[Document]:
    """Members of one archive; ``digest()`` gives its (sha256, size) for an error row."""
    budget = budget or archive.Budget(limits.max_unpacked_bytes, limits.max_members)

    def failed(exc: DocumentError) -> Document:
        sha, size = digest()
        return _row(source, "zip", sha256=sha, size=size, error=exc)

    try:
        zf = archive.open_zip(file)
    except DocumentError as exc:
        yield failed(exc)
        return
    with zf:
        try:
            members = archive.plan(zf, source, limits, budget, names)
        except DocumentError as exc:
            yield failed(exc)
            return
        except Exception as exc:
            log.exception("listing %s failed", source)
            yield failed(_internal(exc))
            return
        if not members:
            yield failed(DocumentError(E.NO_TEXT, fmt="ZIP"))
            return
        for item in members:
            fmt = EXTENSIONS.get(extension(item.name), "unknown")
            if item.skipped:
                yield _row(item.source, fmt, size=item.size, skipped=item.skipped)
                continue
            try:
                data = archive.read_member(zf, item, limits)
            except DocumentError as exc:
                yield _row(item.source, fmt, size=item.info.file_size, error=exc)
                continue
            except Exception as exc:
                log.exception("unpacking %s failed", item.source)
                yield _row(item.source, fmt, size=item.info.file_size, error=_internal(exc))
                continue
            yield from _from_bytes(item.source, item.name, data, limits, reader, depth, budget, names)


def _read_file(path: Path, limit: int) -> bytes:
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise DocumentError(E.TOO_LARGE, size=f"more than {limit}", limit=limit)
    return data


def _file_digest(path: Path) -> tuple[str, int]:
    """sha256 and size of a file, streamed (an archive may be large)."""
    sha, size = hashlib.sha256(), 0
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1024 * 1024):
                sha.update(chunk)
                size += len(chunk)
    except OSError:
        return "", size
    return sha.hexdigest(), size


def _from_entry(entry: Entry, source: str, limits: IngestLimits, reader: Reader,
                names: SourceNames) -> Iterator[Document]:
    fmt = EXTENSIONS.get(extension(entry.rel), "unknown")
    if entry.error is not None:
        yield _row(source, fmt, size=entry.size, error=entry.error)
        return
    if entry.skipped:
        yield _row(source, fmt, size=entry.size, skipped=entry.skipped)
        return
    if fmt == "zip":  # streamed from disk: bounded by the archive limits, not the file size
        yield from _archive(str(entry.path), source, limits, reader, 1, None, lambda: _file_digest(entry.path),
                            names)
        return
    if entry.size > limits.max_file_bytes:
        yield _row(source, fmt, size=entry.size,
                   error=DocumentError(E.TOO_LARGE, size=entry.size, limit=limits.max_file_bytes))
        return
    try:
        data = _read_file(entry.path, limits.max_file_bytes)
    except DocumentError as exc:
        yield _row(source, fmt, size=entry.size, error=exc)
        return
    except OSError as exc:
        yield _row(source, fmt, size=entry.size, error=DocumentError(E.UNREADABLE, detail=exc.strerror or str(exc)))
        return
    yield reader(source, entry.rel, data, limits)


def _labels(roots: list[Path]) -> list[str]:
    """A distinct folder name per root: the folder itself, or a file's folder."""
    paths = [Path(os.path.realpath(r)) for r in roots]
    bases = [p if p.is_dir() else p.parent for p in paths]
    for depth in range(1, 64):
        labels = ["/".join(escape_name(part) for part in b.parts[-depth:]).lstrip("/") or "root" for b in bases]
        if len(set(labels)) == len(labels):
            return labels
    return [f"root{i + 1}" for i in range(len(roots))]


def _sources(listed: list[list[Entry]], roots: list[Path], names: SourceNames) -> list[list[str]]:
    """The source of every file found, claimed in ``names`` before any archive is opened."""
    seen = Counter(rel for entries in listed for rel in {e.rel for e in entries})
    clashing = [i for i, entries in enumerate(listed) if any(seen[e.rel] > 1 for e in entries)]
    labels = dict(zip(clashing, _labels([roots[i] for i in clashing]), strict=True))
    return [[names.claim(f"{labels[i]}/{e.rel}" if seen[e.rel] > 1 else e.rel) for e in entries]
            for i, entries in enumerate(listed)]


def ingest(inputs: Iterable[Path | str], limits: IngestLimits | None = None,
           reader: Reader | None = None) -> Iterator[Document]:
    """Read files, folders and ZIP archives: one ``Document`` per file, in sorted order.

    Inputs are read in the order given, each sorted by source; an input given
    twice is read once. Problems with single files are error rows, never raised.
    ``reader`` turns one file's bytes into its Document (default ``read_one``); the
    runner passes a caching one.
    """
    limits = limits or IngestLimits()
    roots: list[Path] = []
    seen: set[str] = set()
    for item in inputs:
        path = Path(item)
        key = os.path.realpath(path)
        if key in seen:
            log.info("input %s given twice; read once", path)
            continue
        seen.add(key)
        roots.append(path)
    listed = [list(walk_root(root)) for root in roots]
    names = SourceNames()
    for entries, sources in zip(listed, _sources(listed, roots, names), strict=True):
        for source, entry in sorted(zip(sources, entries, strict=True), key=lambda pair: pair[0]):
            rows = 0
            try:
                for doc in _from_entry(entry, source, limits, reader or read_one, names):
                    rows += 1
                    yield doc
            except Exception as exc:  # a last net: the run goes on
                log.exception("ingest failed on %s", source)
                if rows == 0:
                    yield _row(source, EXTENSIONS.get(extension(entry.rel), "unknown"), size=entry.size,
                               error=_internal(exc))
