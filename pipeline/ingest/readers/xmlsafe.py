"""Hostile XML in office files: entity bombs, absurd nesting, malformed parts.

python-docx parses with lxml (``resolve_entities=False``, no ``huge_tree``), so
libxml2 stops a "billion laughs" (entity amplification) and nesting past 256
levels with an ``XMLSyntaxError``; ``xml_error`` turns that into a coded error
that names the cause. odfpy parses with expat, forbids entities through
defusedxml but prints (and then ignores) a part it cannot parse, and our walk
over its tree is recursive, so ``check_parts`` vets the XML parts of an
``.odt`` first, with the same depth limit.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.parsers import expat

from pipeline.errors import DocumentError, E

MAX_DEPTH = 256  # elements inside elements, as libxml2 allows without XML_PARSE_HUGE
ENTITY_BOMB = "it declares XML entities that expand without bound (a 'billion laughs' attack)"
ENTITIES = "it declares XML entities, which office documents never use"
TOO_DEEP = f"elements nested more than {MAX_DEPTH} levels deep"


def xml_error(exc: Exception, fmt: str) -> DocumentError:
    """A coded error for lxml's ``XMLSyntaxError`` on a part of a ``fmt`` file."""
    msg = str(getattr(exc, "msg", "") or exc)
    low = msg.lower()
    if "amplification" in low or "entity" in low and ("loop" in low or "exceeded" in low):
        return DocumentError(E.XML_BOMB, fmt=fmt, detail=ENTITY_BOMB)
    if "excessive depth" in low:
        return DocumentError(E.TOO_DEEP, fmt=fmt, detail=TOO_DEEP)
    return DocumentError(E.CORRUPT, fmt=fmt, detail=f"its XML is malformed ({msg.split(',')[0]})")


class _Refused(Exception):
    def __init__(self, error: E, detail: str) -> None:
        self.error, self.detail = error, detail


def check_xml(data: bytes, fmt: str, part: str) -> None:
    """Raise a coded ``DocumentError`` when one XML part is hostile or malformed."""
    parser = expat.ParserCreate()
    depth = 0

    def start(name, attrs) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _Refused(E.TOO_DEEP, TOO_DEEP)

    def end(name) -> None:
        nonlocal depth
        depth -= 1

    def entity(*args) -> None:
        raise _Refused(E.XML_BOMB, ENTITIES)

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise DocumentError(exc.error, fmt=fmt, detail=exc.detail) from None
    except expat.ExpatError as exc:
        why = expat.ErrorString(exc.code)
        raise DocumentError(E.CORRUPT, fmt=fmt, detail=f"{part} is malformed XML ({why}, line {exc.lineno})") from None


def check_parts(data: bytes, fmt: str, parts: tuple[str, ...]) -> None:
    """``check_xml`` on each of ``parts`` present in the ZIP container ``data``."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        return  # the reader reports a container that is not a ZIP
    with zf:
        names = set(zf.namelist())
        for part in parts:
            if part not in names:
                continue
            try:
                xml = zf.read(part)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
                raise DocumentError(E.CORRUPT, fmt=fmt, detail=f"{part} cannot be unpacked ({exc})") from None
            check_xml(xml, fmt, part)
