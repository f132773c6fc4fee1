"""Legacy Word 97–2003 (.doc) through Debian's ``catdoc`` (or ``antiword``).

``catdoc -d utf-8 -w`` prints the text unwrapped, table cells separated by
tabs, headers and footers after the body. The tools read a file, so the bytes
go to a temporary file; each run has a timeout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from pipeline.errors import DocumentError, E

from ..limits import IngestLimits
from .base import Extracted

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# (program, arguments before the file name, Debian package)
TOOLS = (
    ("catdoc", ["-d", "utf-8", "-w"], "catdoc"),
    ("antiword", ["-m", "UTF-8.txt", "-w", "0"], "antiword"),
)


def find_tool() -> tuple[str, list[str]] | None:
    for name, args, _ in TOOLS:
        path = shutil.which(name)
        if path:
            return path, args
    return None


def _row(line: str) -> str:
    """Table rows as `` | ``-joined cells: catdoc uses tabs, antiword ``|cell  |cell  |``."""
    stripped = line.strip()
    if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
        return " | ".join(c.strip() for c in stripped[1:-1].split("|"))
    if "\t" in stripped:
        return " | ".join(c.strip() for c in line.split("\t"))
    return line


def _tab_rows(text: str) -> str:
    return "\n".join(_row(line) for line in text.split("\n"))


def read(data: bytes, limits: IngestLimits) -> Extracted:
    if not data.startswith(OLE_MAGIC):
        raise DocumentError(E.CORRUPT, fmt="Word (.doc)", detail="not a Word 97–2003 document")
    tool = find_tool()
    if tool is None:
        name, _, package = TOOLS[0]
        raise DocumentError(E.MISSING_TOOL, ext="doc", tool=name, package=package)
    path, args = tool
    name = os.path.basename(path)
    fd, tmp = tempfile.mkstemp(suffix=".doc", prefix="svodka-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            proc = subprocess.run(
                [path, *args, tmp], capture_output=True, timeout=limits.tool_timeout,
                env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
            )
        except subprocess.TimeoutExpired as exc:
            raise DocumentError(E.TOOL_FAILED, tool=name, detail=f"no answer in {limits.tool_timeout:g} s") from exc
    finally:
        os.unlink(tmp)
    stderr = proc.stderr.decode("utf-8", errors="replace").strip()
    if proc.returncode != 0:
        if "encrypt" in stderr.lower() or "password" in stderr.lower():
            raise DocumentError(E.ENCRYPTED, fmt="Word (.doc)")
        detail = (stderr.splitlines() or [f"exit status {proc.returncode}"])[-1].replace(tmp, "<file>")
        raise DocumentError(E.TOOL_FAILED, tool=name, detail=detail)
    text = proc.stdout.decode("utf-8", errors="replace")
    return Extracted(text=_tab_rows(text), encoding="")
