"""OpenDocument text (.odt) with odfpy: headings, paragraphs, lists and tables in order.

A table row becomes one line with cells joined by `` | `` (covered cells of a
merge are skipped). Footnotes and comments are left out of the running text;
page headers and footers (in the master pages) come once at the start and end.

The XML parts are vetted first (``xmlsafe.check_parts``): odfpy prints a part it
cannot parse to stdout and goes on without it, and a part with entity
declarations or absurd nesting is refused with a coded error.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.parsers.expat import ExpatError

from pipeline.errors import DocumentError, E

from ..limits import IngestLimits
from .base import Extracted, iso_day
from .xmlsafe import check_parts

PARTS = ("content.xml", "styles.xml", "meta.xml", "settings.xml")

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

_SKIP_INLINE = {(TEXT, "note"), (OFFICE, "annotation"), (TEXT, "bookmark-ref")}
_SKIP_BLOCK = {(TEXT, "table-of-content"), (TEXT, "alphabetical-index"), (TEXT, "illustration-index"),
               (TEXT, "sequence-decls"), (TEXT, "tracked-changes"), (OFFICE, "forms")}
_HEADING_STYLES = ("heading", "title", "заголовок", "название")
TITLE_WINDOW = 10


def _inline(node, out: list[str]) -> None:
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            out.append(child.data)
            continue
        if child.nodeType != child.ELEMENT_NODE or child.qname in _SKIP_INLINE:
            continue
        name = child.qname
        if name == (TEXT, "s"):
            out.append(" " * int(child.getAttrNS(TEXT, "c") or 1))
        elif name == (TEXT, "tab"):
            out.append("\t")
        elif name == (TEXT, "line-break"):
            out.append("\n")
        elif name == (TEXT, "soft-page-break"):
            continue
        else:
            _inline(child, out)


def _paragraph(node) -> str:
    out: list[str] = []
    _inline(node, out)
    return "".join(out)


def _cell(node) -> str:
    return "; ".join(line.strip() for line in _blocks(node) if line.strip())


def _rows(table) -> Iterator:
    for child in table.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        if child.qname == (TABLE, "table-row"):
            yield child
        elif child.qname in ((TABLE, "table-header-rows"), (TABLE, "table-rows"), (TABLE, "table-row-group")):
            yield from _rows(child)


def _table(table) -> Iterator[str]:
    for row in _rows(table):
        cells = [_cell(c) for c in row.childNodes
                 if c.nodeType == c.ELEMENT_NODE and c.qname == (TABLE, "table-cell")]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            yield " | ".join(cells)


def _blocks(node) -> Iterator[str]:
    for child in node.childNodes:
        if child.nodeType != child.ELEMENT_NODE or child.qname in _SKIP_BLOCK:
            continue
        if child.qname in ((TEXT, "p"), (TEXT, "h")):
            yield _paragraph(child)
        elif child.qname == (TABLE, "table"):
            yield from _table(child)
        else:  # lists, list items, sections, frames…
            yield from _blocks(child)


def _title_hint(body) -> str:
    """A heading near the top and the two paragraphs after it, else the first three (body only)."""
    found: list[tuple[str, bool]] = []
    for child in body.childNodes:
        if child.nodeType != child.ELEMENT_NODE or child.qname not in ((TEXT, "p"), (TEXT, "h")):
            continue
        text = _paragraph(child).strip()
        if not text:
            continue
        style = (child.getAttrNS(TEXT, "style-name") or "").lower()
        found.append((text, child.qname == (TEXT, "h") or style.startswith(_HEADING_STYLES)))
        if len(found) >= TITLE_WINDOW:
            break
    start = next((i for i, (_, heading) in enumerate(found) if heading), 0)
    return "\n".join(t for t, _ in found[start : start + 3])


def _headers_footers(doc) -> tuple[list[str], list[str]]:
    heads: list[str] = []
    foots: list[str] = []
    for page in doc.masterstyles.childNodes:
        if page.nodeType != page.ELEMENT_NODE:
            continue
        for part in page.childNodes:
            if part.nodeType != part.ELEMENT_NODE or part.qname[0] != STYLE:
                continue
            out = heads if part.qname[1].startswith("header") else foots if part.qname[1].startswith("footer") else None
            if out is None:
                continue
            text = "\n".join(line for line in _blocks(part) if line.strip())
            if text and text not in out:
                out.append(text)
    return heads, foots


def read(data: bytes, limits: IngestLimits) -> Extracted:
    from odf.opendocument import load

    from ..archive import check_container

    check_container(data, limits, fmt="OpenDocument")
    check_parts(data, "OpenDocument (.odt)", PARTS)
    try:
        doc = load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ExpatError, ValueError) as exc:
        detail = "not a ZIP container" if isinstance(exc, zipfile.BadZipFile) else (str(exc) or type(exc).__name__)
        raise DocumentError(E.CORRUPT, fmt="OpenDocument (.odt)", detail=detail) from exc
    body = doc.text
    heads, foots = _headers_footers(doc)
    parts = [*heads, "\n".join(_blocks(body)), *foots]
    published = _created(doc)
    return Extracted(text="\n\n".join(p for p in parts if p.strip()), title=_title_hint(body),
                     published=published, published_from="odt-meta" if published else "")


def _created(doc) -> str:
    """The document's ``meta:creation-date`` (else ``dc:date``), as ``YYYY-MM-DD``."""
    for node in doc.meta.childNodes:
        if getattr(node, "qname", (None, None))[1] in ("creation-date", "date"):
            day = iso_day("".join(str(t) for t in node.childNodes))
            if day:
                return day
    return ""
