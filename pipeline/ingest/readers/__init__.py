"""One reader per format, chosen by extension and checked against the bytes.

Word files travel under the wrong name: an RTF or a .docx saved as ``.doc``, an
old binary ``.doc`` renamed ``.docx``, a web page saved as ``.doc``. When the
magic bytes say so, the matching reader is used (the ``format`` column then
tells what the file really is).
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable
from posixpath import splitext

from pipeline.errors import DocumentError, E

from ..limits import IngestLimits
from . import doc, docx, html, odt, pdf, rtf, txt
from .base import Extracted

log = logging.getLogger(__name__)

Reader = Callable[[bytes, IngestLimits], Extracted]

READERS: dict[str, Reader] = {
    "txt": txt.read, "docx": docx.read, "doc": doc.read, "rtf": rtf.read,
    "pdf": pdf.read, "html": html.read, "odt": odt.read,
}
EXTENSIONS = {
    "txt": "txt", "text": "txt",
    "docx": "docx", "docm": "docx", "dotx": "docx",
    "doc": "doc", "dot": "doc",
    "rtf": "rtf", "pdf": "pdf",
    "html": "html", "htm": "html", "xhtml": "html",
    "odt": "odt",
    "zip": "zip",
}
_WORDISH = {"doc", "docx", "rtf", "odt"}
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")


def extension(name: str) -> str:
    return splitext(name)[1].lower().lstrip(".")


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        return "odt"
    return None


def detect_format(name: str, data: bytes) -> str | None:
    """The reader to use for ``name``, or None when the extension is unsupported."""
    fmt = EXTENSIONS.get(extension(name))
    if fmt not in _WORDISH:
        return fmt
    head = data[:2048].lstrip()
    if data.startswith(doc.OLE_MAGIC):
        if _ENCRYPTED_OOXML in data:  # an encrypted .docx is an OLE box
            raise DocumentError(E.ENCRYPTED, fmt="Word")
        real = "doc"
    elif head.startswith(b"{\\rtf"):
        real = "rtf"
    elif data.startswith(b"PK\x03\x04"):
        real = _zip_kind(data) or fmt
    elif fmt == "doc" and head[:15].lower().startswith((b"<html", b"<!doctype html", b"<?xml")):
        real = "html"
    else:
        real = fmt
    if real != fmt:
        log.info("%s: read as .%s (its content), not as .%s", name, real, fmt)
    return real


def read_document(name: str, data: bytes, limits: IngestLimits | None = None) -> tuple[str, Extracted]:
    """``(format, extracted)`` for one file; raises ``DocumentError`` when it cannot be read."""
    fmt = detect_format(name, data)
    if fmt is None or fmt == "zip":
        raise DocumentError(E.UNSUPPORTED, ext=extension(name) or "(none)")
    return fmt, READERS[fmt](data, limits or IngestLimits())


def read_bytes(name: str, data: bytes, limits: IngestLimits | None = None) -> tuple[str, str]:
    """Raw (uncleaned) text and detected encoding ("" when not a text format) of a file.

    The reader is chosen by the extension of ``name``; raises ``DocumentError``.
    """
    _, extracted = read_document(name, data, limits)
    return extracted.text, extracted.encoding
