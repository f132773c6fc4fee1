r"""Names: a document's ``source`` and ``doc_id``, junk to skip, archive paths made safe.

Sources
    A source is the POSIX path of a file relative to its input root; an archive
    member's is its archive's source, ``/`` and its path inside the archive
    (``отчёты.zip/Чита/отчёт.docx``), at any depth. When two input roots hold
    the same relative path, both get their root's folder name in front.

Any name is valid
    A file name is a byte sequence; what cannot be shown as is gets escaped
    visibly, so the source column never carries raw control codes to a
    terminal, a spreadsheet or a log:

    - a byte that is not UTF-8 (a cp1251 name unpacked on Linux) → ``\xee``;
    - a C0 control character or DEL (the ESC of an ANSI sequence) → ``\x1b``;
    - other invisible or direction-changing characters (C1 controls, bidi and
      zero-width marks, line separators) → ``\u202e``;
    - a backslash → ``\\``, so an escape is never mistaken for a name.

    The escaping is reversible: ``raw_name(source)`` gives back the name's bytes
    (``os.fsencode`` of the file name) and ``doc_id`` hashes those, so the
    doc_id of every UTF-8 name without control codes is what it always was.

Unique sources
    Every source of one ``ingest`` call (plain files of all roots, members of
    archives at any depth) is claimed in one ``SourceNames``. Plain files claim
    theirs first; a later claim of a taken source gets ``#2``, ``#3``… — two
    members with the same name, an archive holding both a nested ``b.zip`` and a
    folder ``b.zip/``, a member of an archive in one root that is also a file in
    another. So no two rows share a source, and no two share a doc_id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_DRIVE = re.compile(r"^[A-Za-z]:")

# Names that are never reports: what a person sees in the skipped row.
_SYSTEM_NAMES = {
    "thumbs.db": "a Windows thumbnail cache", "ehthumbs.db": "a Windows thumbnail cache",
    "desktop.ini": "a Windows folder settings file", "__macosx": "macOS archive metadata (__MACOSX)",
}
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Cn"}  # categories never shown raw in a name


def junk_reason(path: str, is_dir: bool = False) -> str | None:
    """Why a path is skipped (hidden, OS litter, an Office lock file), or None.

    Every part of ``path`` counts, so ``__MACOSX/._отчёт.txt`` and
    ``.git/config`` are skipped with their folder.
    """
    parts = path.split("/")
    for i, part in enumerate(parts):
        folder = is_dir or i < len(parts) - 1
        low = part.lower()
        if low in _SYSTEM_NAMES:
            return _SYSTEM_NAMES[low]
        if part.startswith("~$"):
            return "an Office lock file (~$…)"
        if part.startswith(".") and part not in (".", ".."):
            return "a hidden folder" if folder else "a hidden file"
    return None


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode / surrogateescape could not decode
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if code > 0xFFFF:
        return f"\\U{code:08x}"
    return f"\\u{code:04x}"


def escape_name(name: str) -> str:
    """``name`` safe to print: undecodable bytes, controls and invisible marks escaped.

    ``name`` is a ``str`` as ``os.fsdecode`` makes it (bytes that are not UTF-8
    as lone surrogates); see the module docstring for the escapes.
    """
    if name.isprintable() and "\\" not in name:
        return name
    out = []
    for ch in name:
        if ch == "\\":
            out.append("\\\\")
        elif ch == " " or unicodedata.category(ch) not in _INVISIBLE:
            out.append(ch)
        else:
            out.append(_escape_char(ch))
    return "".join(out)


_ESCAPE = re.compile(r"\\(?:\\|x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8}))")


def raw_name(source: str) -> bytes:
    """The bytes ``escape_name`` started from (UTF-8 with the raw bytes put back)."""
    if "\\" not in source:
        return source.encode("utf-8", "surrogateescape")
    out, pos = bytearray(), 0
    for m in _ESCAPE.finditer(source):
        out += source[pos : m.start()].encode("utf-8", "surrogateescape")
        byte, bmp, astral = m.groups()
        if byte is not None:
            out.append(int(byte, 16))
        elif bmp is not None or astral is not None:
            out += chr(int(bmp or astral, 16)).encode("utf-8", "surrogatepass")
        else:
            out += b"\\"
        pos = m.end()
    out += source[pos:].encode("utf-8", "surrogateescape")
    return bytes(out)


def printable(text: str) -> str:
    """A message safe to print: controls and invisible marks escaped, newlines kept as spaces."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", " ").replace("\n", " ")
    return "".join(ch if ch == " " or unicodedata.category(ch) not in _INVISIBLE else _escape_char(ch)
                   for ch in text)


def doc_id(source: str) -> str:
    """Stable ID of a document: the first 16 hex digits of sha256 of its raw name.

    For a source without escapes that is sha256 of the source in UTF-8; for an
    escaped one, of the bytes it stands for (``raw_name``), so a file's doc_id
    comes from its name's bytes as on disk.
    """
    return hashlib.sha256(raw_name(source)).hexdigest()[:16]


def member_source(archive_source: str, member_path: str) -> str:
    """The source of an archive member: ``отчёты.zip/Чита/отчёт.docx``."""
    return f"{archive_source}/{member_path}"


def safe_member_path(name: str) -> tuple[str, bool]:
    """``(sanitized path, unsafe?)`` for an archive member name.

    Unsafe means absolute (``/etc/x``, ``C:\\x``, ``\\\\server\\x``) or climbing
    out with ``..``. The sanitized path drops the drive, the leading slashes and
    every ``.``/``..`` part, so it always stays inside the archive.
    """
    name = name.replace("\\", "/")
    parts = name.split("/")
    unsafe = name.startswith("/") or bool(_DRIVE.match(name)) or ".." in parts
    if parts and _DRIVE.match(parts[0]):
        parts[0] = parts[0][2:]
    kept = [p for p in parts if p not in ("", ".", "..")]
    return "/".join(kept) or "unnamed", unsafe


def unique(source: str, used: set[str]) -> str:
    """``source``, or ``source#2``, ``#3``… when it is taken already; the result is added to ``used``."""
    candidate, n = source, 1
    while candidate in used:
        n += 1
        candidate = f"{source}#{n}"
    used.add(candidate)
    return candidate


class SourceNames:
    """Every source handed out by one ingest: each claim gets a source nobody else has."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def claim(self, source: str) -> str:
        return unique(source, self.used)
