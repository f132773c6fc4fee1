"""Names: junk files to skip, archive member paths made safe, unique sources."""

from __future__ import annotations

import hashlib
import re

_JUNK_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db", "__macosx"}
_DRIVE = re.compile(r"^[A-Za-z]:")


def is_junk(name: str) -> bool:
    """Hidden files, OS litter and Office lock files (``~$отчет.docx``) in any path part."""
    for part in name.split("/"):
        low = part.lower()
        if low in _JUNK_NAMES or part.startswith((".", "~$")):
            return True
    return False


def doc_id(source: str) -> str:
    """Stable ID of a document: the first 16 hex digits of sha256 of its source."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


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
    """``source``, or ``source#2``, ``#3``… when an archive holds the same name twice."""
    candidate, n = source, 1
    while candidate in used:
        n += 1
        candidate = f"{source}#{n}"
    used.add(candidate)
    return candidate
