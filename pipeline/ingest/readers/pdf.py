"""PDF text layer with pypdfium2 (PDFium): pages joined by an empty line.

A PDF whose pages hold no text is a scan (NO_TEXT_LAYER); a password (or an
unsupported security handler) is ENCRYPTED; anything PDFium cannot load is
CORRUPT. The title hint is the first line on page 1 set in a larger font than
the body text (so a running header in body size is not taken for the title).

Text is a PDF's compressed output: its characters are counted page by page
before they are copied out, and a PDF whose text passes ``ratio_floor_bytes``
characters at more than ``max_ratio`` characters per byte of the file is
refused (EXPANSION_BOMB), so a small file cannot fill memory with text. (A
content stream that inflates inside PDFium is not bounded by this: that needs
the reader in a child process with a memory limit.)
"""

from __future__ import annotations

from collections import Counter

from pipeline.errors import DocumentError, E

from ..limits import IngestLimits
from .base import Extracted, iso_day

# PDFium joins a line that ends in a hyphen with the next one and puts U+FFFE
# (U+0002 in some builds) for the hyphen: restore "-\n", and cleaning decides
# whether it was a word break (образова-\nтельных) or a real hyphen (постер-сессия).
_HYPHEN_MARKS = str.maketrans({"\x02": "-\n", "\ufffe": "-\n"})


TITLE_SCAN_CHARS = 3000
LARGER = 1.15  # a heading's font is at least this much larger than the body's


def _title_hint(textpage, text: str) -> str:
    """Lines of the first run of larger-than-body text on a page."""
    import pypdfium2.raw as raw

    lines: list[tuple[str, float]] = []
    weights: Counter[float] = Counter()
    current: list[str] = []
    sizes: list[float] = []
    for i, ch in enumerate(text[:TITLE_SCAN_CHARS]):
        if ch in "\r\n":
            if current:
                lines.append(("".join(current), max(sizes, default=0.0)))
            current, sizes = [], []
            continue
        current.append(ch)
        if not ch.isspace():
            size = round(raw.FPDFText_GetFontSize(textpage.raw, i), 1)
            sizes.append(size)
            weights[size] += 1
    if current:
        lines.append(("".join(current), max(sizes, default=0.0)))
    if not weights:
        return ""
    body = weights.most_common(1)[0][0]
    for i, (_, size) in enumerate(lines):
        if size >= body * LARGER:
            run = [line for line, s in lines[i : i + 3] if abs(s - size) < 0.5]
            return "\n".join(run)
    return ""


def _mark_font_changes(textpage, text: str) -> str:
    """A blank line where the font size changes between lines (a heading ends), so
    that rejoining wrapped lines later keeps headings apart from the body."""
    import pypdfium2.raw as raw

    out, line_size, prev_size = [], 0.0, None
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            line = text[start : i + 1]
            if prev_size is not None and line_size and abs(line_size - prev_size) > 0.5:
                out.append("\n")
            out.append(line)
            if line_size:
                prev_size = line_size
            start, line_size = i + 1, 0.0
        elif not ch.isspace() and ch not in "\ufffe\x02":
            line_size = max(line_size, round(raw.FPDFText_GetFontSize(textpage.raw, i), 1))
    out.append(text[start:])
    return "".join(out)


def _check_ratio(chars: int, size: int, limits: IngestLimits) -> None:
    if chars > limits.ratio_floor_bytes and chars > limits.max_ratio * max(size, 1):
        raise DocumentError(
            E.EXPANSION_BOMB, fmt="PDF",
            detail=f"its text passes {chars} characters, {chars / max(size, 1):.0f} per byte of the file "
                   f"(limit {limits.max_ratio:g})",
        )


def read(data: bytes, limits: IngestLimits) -> Extracted:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise DocumentError(E.ENCRYPTED, fmt="PDF") from exc
        detail = str(exc).replace("Failed to load document ", "").strip("(). ") or "PDFium cannot load it"
        raise DocumentError(E.CORRUPT, fmt="PDF", detail=detail) from exc
    title, first, chars = "", True, 0
    published = iso_day(pdf.get_metadata_dict().get("CreationDate", ""))
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            try:
                chars += textpage.count_chars()
                _check_ratio(chars, len(data), limits)
                text = textpage.get_text_range()
                if first and text.strip():  # page 1 of the text
                    title, first = _title_hint(textpage, text), False
                pages.append(_mark_font_changes(textpage, text).translate(_HYPHEN_MARKS))
            finally:
                textpage.close()
                page.close()
    except pdfium.PdfiumError as exc:
        raise DocumentError(E.CORRUPT, fmt="PDF", detail=str(exc)) from exc
    finally:
        pdf.close()
    if not any(p.strip() for p in pages):
        raise DocumentError(E.NO_TEXT_LAYER)
    return Extracted(text="\n\n".join(p.strip("\r\n") for p in pages), title=title, wrapped=True,
                     published=published, published_from="pdf-meta" if published else "")
