"""Word 2007+ (.docx) with python-docx: body paragraphs and tables in body order.

The body XML is walked directly so a table sits where it is in the document;
a table row becomes one line, its cells joined with `` | `` (merged cells are
one ``w:tc`` in the XML, so they are not repeated). Text in tracked insertions,
content controls, smart tags and text boxes is kept; deleted text and field
codes are not. Headers come once at the start, footers once at the end.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from pipeline.errors import DocumentError, E

from ..limits import IngestLimits
from .base import Extracted, iso_day

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {f"{W}{t}" for t in ("pPr", "rPr", "del", "moveFrom", "instrText", "delText", "delInstrText", "sectPr")}
_SKIP.add(MC_FALLBACK)  # the same text box again, for old readers
_HEADING_STYLES = ("heading", "title", "заголовок", "название")
TITLE_WINDOW = 10  # a heading later than this many paragraphs is a section heading


def _inline_text(el, out: list[str], boxes: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}softHyphen":
            out.append("\u00ad")
        elif tag == f"{W}txbxContent":
            boxes.extend(_blocks(child))
        else:
            _inline_text(child, out, boxes)


def paragraph_text(p) -> tuple[str, list[str]]:
    """The text of a ``w:p`` and the lines of text boxes anchored in it."""
    out: list[str] = []
    boxes: list[str] = []
    _inline_text(p, out, boxes)
    return "".join(out), boxes


def _cell_text(tc) -> str:
    return "; ".join(line.strip() for line in _blocks(tc) if line.strip())


_WRAPPERS = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml")


def _children(el, tag: str) -> Iterator:
    """Direct children with ``tag``, looking through content-control wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def table_lines(tbl) -> Iterator[str]:
    """One line per row, cells joined with `` | `` (nested tables inline)."""
    for tr in _children(tbl, f"{W}tr"):
        cells = [_cell_text(tc) for tc in _children(tr, f"{W}tc")]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            yield " | ".join(cells)


def _blocks(container) -> Iterator[str]:
    """Lines of a body, cell, header or text box, in document order."""
    for child in container:
        tag = child.tag
        if tag == f"{W}p":
            text, boxes = paragraph_text(child)
            yield text
            yield from boxes
        elif tag == f"{W}tbl":
            yield from table_lines(child)
        elif tag in (*_WRAPPERS, f"{W}ins", f"{W}moveTo"):
            yield from _blocks(child)


def _style_names(document) -> dict[str, str]:
    try:
        return {s.style_id: (s.name or "") for s in document.styles}
    except Exception:  # a broken styles part costs only the title hint
        return {}


def _title_hint(body, styles: dict[str, str]) -> str:
    """A Title/Heading paragraph near the top and the two after it, else the first three.

    Always from the body, so a page header never becomes the title.
    """
    paragraphs = []
    for p in body.iterchildren(f"{W}p"):
        text = paragraph_text(p)[0].strip()
        if text:
            style = p.find(f"{W}pPr/{W}pStyle")
            name = styles.get(style.get(f"{W}val"), "") if style is not None else ""
            paragraphs.append((text, name.lower()))
        if len(paragraphs) >= TITLE_WINDOW:
            break
    start = next((i for i, (_, name) in enumerate(paragraphs) if name.startswith(_HEADING_STYLES)), 0)
    return "\n".join(t for t, _ in paragraphs[start : start + 3])


def _headers_footers(document) -> tuple[list[str], list[str]]:
    heads: list[str] = []
    foots: list[str] = []
    for section in document.sections:
        for parts, out in (
            ((section.first_page_header, section.header, section.even_page_header), heads),
            ((section.first_page_footer, section.footer, section.even_page_footer), foots),
        ):
            for part in parts:
                if part.is_linked_to_previous:  # no definition of its own
                    continue
                text = "\n".join(line for line in _blocks(part._element) if line.strip())
                if text and text not in out:
                    out.append(text)
    return heads, foots


def read(data: bytes, limits: IngestLimits) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from ..archive import check_container

    check_container(data, limits, fmt="Word")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocumentError(E.CORRUPT, fmt="Word (.docx)", detail=_why(exc)) from exc
    body = document.element.body
    lines = list(_blocks(body))
    heads, foots = _headers_footers(document)
    parts = [*heads, "\n".join(lines), *foots]
    published = iso_day(document.core_properties.created)
    return Extracted(
        text="\n\n".join(p for p in parts if p.strip()),
        title=_title_hint(body, _style_names(document)),
        published=published, published_from="docx-core" if published else "",
    )


def _why(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile):
        return "not a ZIP container"
    if isinstance(exc, KeyError):
        return f"a part is missing ({exc})"
    return str(exc) or type(exc).__name__
