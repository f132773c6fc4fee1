"""RTF with striprtf, with care for Cyrillic code pages.

striprtf decodes ``\\'e0`` escapes with the code page of the current font's
``\\fcharset`` and ``\\ansicpg`` only for text in no font. Russian generators
often declare ``\\ansicpg1251`` but fonts with ``\\fcharset0`` (ANSI), which
striprtf reads as cp1252 and turns ``Семинар`` into ``Ñåìèíàð``. So a
``\\fcharset0`` font is taken to mean the document's ``\\ansicpg``. Raw 8-bit
bytes (outside escapes) are decoded with the same code page. Table cells
(``\\cell``, which striprtf prints as ``|``) become `` | ``.
"""

from __future__ import annotations

import codecs
import re

from pipeline.errors import DocumentError, E

from ..limits import IngestLimits
from .base import Extracted

_ANSICPG = re.compile(rb"\\ansicpg(\d+)")
_FCHARSET0 = re.compile(r"\\fcharset0(?!\d)")
# Windows code page → RTF \fcharset number, for the pages striprtf maps back.
_CHARSET_OF_CODEPAGE = {1250: 238, 1251: 204, 1253: 161, 1254: 162, 1255: 177, 1256: 178, 1257: 186, 874: 222}


def code_page(data: bytes) -> str:
    m = _ANSICPG.search(data[:4096])
    if m:
        enc = f"cp{int(m.group(1))}"
        try:
            return codecs.lookup(enc).name
        except LookupError:
            pass
    return "cp1252"


def _cells(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if line.endswith("|"):
            line = " | ".join(cell.strip() for cell in line[:-1].split("|"))
        lines.append(line)
    return "\n".join(lines)


def read(data: bytes, limits: IngestLimits) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    head = data.lstrip()[:5]
    if not head.startswith(b"{\\rtf"):
        raise DocumentError(E.CORRUPT, fmt="RTF", detail="it does not start with {\\rtf")
    encoding = code_page(data)
    source = data.decode(encoding, errors="replace")
    number = int(encoding[2:]) if encoding[2:].isdigit() else 0
    if number in _CHARSET_OF_CODEPAGE:
        source = _FCHARSET0.sub(rf"\\fcharset{_CHARSET_OF_CODEPAGE[number]}", source)
    try:
        text = rtf_to_text(source, encoding=encoding, errors="replace")
    except (ValueError, IndexError, LookupError) as exc:  # malformed control words
        raise DocumentError(E.CORRUPT, fmt="RTF", detail=str(exc) or type(exc).__name__) from exc
    return Extracted(text=_cells(text), encoding=encoding)
