"""One reader per format, chosen by extension and checked against the bytes.

Files travel under the wrong name: an RTF or a .docx saved as ``.doc``, an old
binary ``.doc`` renamed ``.docx``, a PDF renamed ``.docx`` (or a .docx renamed
``.pdf``), a web page saved as ``.doc`` or ``.txt``. When the content says so,
the matching reader is used and the ``format`` column tells what the file
really is. What is sniffed (``sniff``): ``%PDF-``; ``PK\\x03\\x04`` with
``word/document.xml`` (docx) or ``content.xml`` (odt); ``{\\rtf``; the OLE
signature ``\\xd0\\xcf\\x11\\xe0`` of Word 97–2003; ``<html``/``<!doctype html``
(for text and word-processor names only: HTML saved as ``.pdf`` is a server's
error page, reported as a damaged PDF). A file whose content matches none keeps
the reader of its extension.

A reader that meets hostile structure gives a coded error, never an INTERNAL
one: XML entity bombs (``XML_BOMB``), nesting deeper than the parsers or Python
follow (``TOO_DEEP``), malformed XML (``CORRUPT``); see ``xmlsafe``.
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
from .xmlsafe import xml_error

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
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
_MARKUP_OK = {"txt", "doc", "docx", "rtf", "odt"}  # may hold a saved web page; a ".pdf" of HTML is a
# server's error page saved in place of the PDF, so it stays a damaged PDF
_LEADING = b" \t\r\n\x0c\xef\xbb\xbf"  # whitespace and a UTF-8 BOM before a signature
# how error messages name a format
LABELS = {"txt": "text", "docx": "Word (.docx)", "doc": "Word (.doc)", "rtf": "RTF", "pdf": "PDF",
          "html": "HTML", "odt": "OpenDocument (.odt)"}


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


def sniff(data: bytes) -> str | None:
    """The format the bytes are in by their signature, or None when they show none."""
    if data.startswith(doc.OLE_MAGIC):
        if _ENCRYPTED_OOXML in data:  # an encrypted .docx is an OLE box
            raise DocumentError(E.ENCRYPTED, fmt="Word")
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    head = data[:1024].lstrip(_LEADING)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head[:15].lower().startswith((b"<html", b"<!doctype html")):
        return "html"
    return None


def detect_format(name: str, data: bytes) -> str | None:
    """The reader to use for ``name``, or None when the extension is unsupported."""
    fmt = EXTENSIONS.get(extension(name))
    if fmt is None or fmt == "zip":
        return fmt
    real = sniff(data)
    if real is None and fmt == "doc" and data[:2048].lstrip()[:5].lower() == b"<?xml":
        real = "html"  # Word's "web page" saved as .doc
    if real == "html" and fmt not in _MARKUP_OK:
        real = None
    if real is None or real == fmt:
        return fmt
    log.info("%s: read as .%s (its content), not as .%s", name, real, fmt)
    return real


def read_document(name: str, data: bytes, limits: IngestLimits | None = None) -> tuple[str, Extracted]:
    """``(format, extracted)`` for one file; raises ``DocumentError`` when it cannot be read."""
    fmt = detect_format(name, data)
    if fmt is None or fmt == "zip":
        raise DocumentError(E.UNSUPPORTED, ext=extension(name) or "(none)")
    from lxml.etree import XMLSyntaxError

    try:
        return fmt, READERS[fmt](data, limits or IngestLimits())
    except XMLSyntaxError as exc:  # a part python-docx parses (also lazily: headers, footers)
        raise xml_error(exc, LABELS[fmt]) from None
    except RecursionError:
        raise DocumentError(E.TOO_DEEP, fmt=LABELS[fmt], detail="its content nests deeper than can be followed") from None


def read_bytes(name: str, data: bytes, limits: IngestLimits | None = None) -> tuple[str, str]:
    """Raw (uncleaned) text and detected encoding ("" when not a text format) of a file.

    The reader is chosen by the extension of ``name``; raises ``DocumentError``.
    """
    _, extracted = read_document(name, data, limits)
    return extracted.text, extracted.encoding
