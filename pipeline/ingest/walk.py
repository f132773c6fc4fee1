"""Walk input folders: every file once, sorted, without following links out.

A symbolic link to a file inside the root is read like a file; a link to a
folder inside the root is not followed (its files are reached through the
folder itself, and a link to a parent cannot loop); a link pointing outside
the root is an error row and is never followed; a broken or looping link is
an error row.

Hidden files and folders, OS litter and Office lock files (``.report.txt``,
``.git/``, ``Thumbs.db``, ``~$отчёт.docx``) are not read: each is an entry with
``skipped`` set to the reason (a hidden folder is one entry, not walked), and
logged at INFO. Names are escaped as ``paths.escape_name`` says, so a name in
any encoding is an entry and ``rel`` is always printable.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import DocumentError, E

from .paths import escape_name, junk_reason

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Entry:
    """One file found under an input root (or why it cannot be read)."""

    rel: str  # POSIX path relative to the root (escaped); the file's name for a file root
    path: Path
    size: int = 0
    error: DocumentError | None = None
    skipped: str = ""  # why a hidden or system file is not read


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _link(path: str, rel: str, root_real: str) -> Entry | None:
    target = os.readlink(path)
    if not _inside(os.path.realpath(path), root_real):
        return Entry(rel, Path(path), error=DocumentError(E.SYMLINK_OUTSIDE, target=escape_name(target)))
    try:
        st = os.stat(path)
    except OSError as exc:
        why = "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
        return Entry(rel, Path(path), error=DocumentError(E.UNREADABLE, detail=f"{why} ({escape_name(target)})"))
    if stat.S_ISDIR(st.st_mode):
        log.info("not following the folder link %s (%s)", rel, target)
        return None
    return _file(path, rel, st)


def _file(path: str, rel: str, st: os.stat_result) -> Entry:
    if not stat.S_ISREG(st.st_mode):
        return Entry(rel, Path(path), error=DocumentError(E.UNREADABLE, detail="not a regular file"))
    return Entry(rel, Path(path), size=st.st_size)


def _walk(folder: str, prefix: str, root_real: str) -> Iterator[Entry]:
    try:
        with os.scandir(folder) as it:
            children = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Entry(prefix or ".", Path(folder), error=DocumentError(E.UNREADABLE, detail=exc.strerror or str(exc)))
        return
    for child in children:
        name = escape_name(child.name)
        rel = f"{prefix}/{name}" if prefix else name
        try:
            reason = junk_reason(child.name, is_dir=child.is_dir(follow_symlinks=False))
            if reason:
                log.info("skipping %s: %s", rel, reason)
                size = 0 if child.is_dir(follow_symlinks=False) else child.stat(follow_symlinks=False).st_size
                yield Entry(rel, Path(child.path), size=size, skipped=reason)
                continue
            if child.is_symlink():
                entry = _link(child.path, rel, root_real)
                if entry is not None:
                    yield entry
            elif child.is_dir(follow_symlinks=False):
                yield from _walk(child.path, rel, root_real)
            else:
                yield _file(child.path, rel, child.stat(follow_symlinks=False))
        except OSError as exc:
            yield Entry(rel, Path(child.path), error=DocumentError(E.UNREADABLE, detail=exc.strerror or str(exc)))


def walk_root(root: Path) -> Iterator[Entry]:
    """Files under ``root`` (a folder), or ``root`` itself (a file)."""
    root_real = os.path.realpath(root)
    if os.path.isdir(root_real):
        yield from _walk(root_real, "", root_real)
        return
    name = escape_name(root.name or str(root))
    try:
        st = os.stat(root)
    except OSError as exc:
        yield Entry(name, root, error=DocumentError(E.UNREADABLE, detail=exc.strerror or str(exc)))
        return
    yield _file(str(root), name, st)
