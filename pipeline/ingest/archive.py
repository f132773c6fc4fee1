"""ZIP archives, read in memory and never extracted to disk, within limits.

Whole-archive problems (damaged, too many members, would unpack to more than
the budget, or its small members — each under the ratio floor, so not checked
one by one — together unpack past the floor at more than ``max_ratio`` times
their packed size) are found before any member is read, so such an archive
gives one error row and no member rows. Member problems (unsafe path,
encrypted, over the size or ratio limit, damaged data) give one error row for
that member.

Declared sizes are only used to refuse early: every member is stream-read
with a cap at its declared size, the file limit and the ratio limit. (Python's
``zipfile`` also stops at the declared size and then checks the CRC.) Nested
archives share the budget of the top-level one.

Member names: UTF-8 when flagged, else the legacy bytes decoded as cp866 or
cp1251 (whichever reads as Russian); bytes neither can decode stay bytes and
are escaped in the source. An archiver that sets the UTF-8 flag on names in a
legacy code page makes ``zipfile`` refuse the whole archive; it is then opened
through ``_LegacyNames``, which clears the flag of exactly those names, so they
are decoded as legacy names (``\\x98``), see ``paths``. Hidden members, OS
litter and Office lock files are ``skipped`` rows, one per file or one per
hidden folder (``a.zip/__MACOSX``), never read.
"""

from __future__ import annotations

import io
import logging
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from pipeline.errors import DocumentError, E

from .encoding import best_decoding
from .limits import IngestLimits
from .paths import (
    SourceNames,
    escape_name,
    junk_reason,
    member_source,
    safe_member_path,
)

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
UNICODE_PATH_EXTRA = 0x7075


@dataclass(slots=True)
class Budget:
    """What is left to unpack from one top-level archive (nested ones included)."""

    bytes_left: int
    members_left: int


@dataclass(slots=True)
class Planned:
    source: str
    name: str  # the sanitized path inside the archive
    info: zipfile.ZipInfo
    unsafe_name: str = ""  # the original name when it escapes the archive
    skipped: str = ""  # why a hidden or system member (or folder of them) is not read
    size: int = 0  # unpacked bytes of what is skipped


def _unicode_path(info: zipfile.ZipInfo, raw: bytes) -> str | None:
    """The Info-ZIP Unicode Path extra field (0x7075), when its CRC matches."""
    extra, pos = info.extra, 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        pos += 4 + size
        if kind == UNICODE_PATH_EXTRA and len(body) > 5 and body[0] == 1:
            if struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw):
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
    return None


def member_name(info: zipfile.ZipInfo) -> str:
    """The real name of a member: UTF-8 when flagged, else the legacy bytes decoded.

    Windows archivers write Cyrillic names in the OEM code page (cp866), which
    ``zipfile`` reads as cp437: the bytes are recovered and decoded again.
    """
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    if raw.isascii():
        return info.filename
    unicode_path = _unicode_path(info, raw)
    if unicode_path:
        return unicode_path
    try:
        return raw.decode("utf-8")  # macOS and some tools write UTF-8 without the flag
    except UnicodeDecodeError:
        pass
    enc = best_decoding(raw, ["cp866", "cp1251"]) or "cp866"
    return raw.decode(enc, errors="surrogateescape")  # an undefined byte stays that byte


class _LegacyNames:
    """A read-only view of a ZIP file with the UTF-8 flag cleared where a name is not UTF-8.

    Patches are (offset → byte) in the central directory and the local headers;
    ``zipfile`` reads through ``read``/``seek``/``tell`` only.
    """

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.patches: dict[int, int] = {}

    def read(self, n: int = -1) -> bytes:
        pos = self.fh.tell()
        data = self.fh.read(n)
        hits = [off for off in self.patches if pos <= off < pos + len(data)]
        if not hits:
            return data
        buf = bytearray(data)
        for off in hits:
            buf[off - pos] = self.patches[off]
        return bytes(buf)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.fh.seek(offset, whence)

    def tell(self) -> int:
        return self.fh.tell()

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self.fh.close()

    def flag_central(self) -> list[int]:
        """Patch the central directory; the indexes of the entries patched."""
        # the stdlib's own reader of the end record and its constants: zipfile internals
        # that typeshed leaves out, hence the attr-defined ignores
        end = zipfile._EndRecData(self.fh)  # type: ignore[attr-defined]
        if not end:
            return []
        size, offset = end[zipfile._ECD_SIZE], end[zipfile._ECD_OFFSET]  # type: ignore[attr-defined]
        concat = end[zipfile._ECD_LOCATION] - size - offset  # type: ignore[attr-defined]
        if end[zipfile._ECD_SIGNATURE] == zipfile.stringEndArchive64:  # type: ignore[attr-defined]
            concat -= zipfile.sizeEndCentDir64 + zipfile.sizeEndCentDir64Locator  # type: ignore[attr-defined]
        self.fh.seek(offset + concat)
        cd = self.fh.read(size)
        pos, index, patched = 0, 0, []
        while pos + 46 <= len(cd) and cd[pos : pos + 4] == b"PK\x01\x02":
            flags, name_len, extra_len, comment_len = struct.unpack_from("<H", cd, pos + 8)[0], *struct.unpack_from(
                "<3H", cd, pos + 28)
            name = cd[pos + 46 : pos + 46 + name_len]
            if flags & UTF8_FLAG:
                try:
                    name.decode("utf-8")
                except UnicodeDecodeError:
                    self.patches[offset + concat + pos + 9] = cd[pos + 9] & ~(UTF8_FLAG >> 8) & 0xFF
                    patched.append(index)
            pos += 46 + name_len + extra_len + comment_len
            index += 1
        return patched

    def flag_local(self, info: zipfile.ZipInfo) -> None:
        self.fh.seek(info.header_offset + 7)
        self.patches[info.header_offset + 7] = self.fh.read(1)[0] & ~(UTF8_FLAG >> 8) & 0xFF


class _OwnedZipFile(zipfile.ZipFile):
    """A ZipFile that closes the file object it was given."""

    owned: _LegacyNames | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.owned is not None:
                self.owned.close()


def _open_legacy_names(file: BinaryIO | str) -> zipfile.ZipFile:
    fh = open(file, "rb") if isinstance(file, str) else file  # noqa: SIM115 (closed with the archive)
    view = _LegacyNames(fh)
    try:
        patched = view.flag_central()
        zf = _OwnedZipFile(view)
        infos = zf.infolist()
        for index in patched:
            if index < len(infos):
                view.flag_local(infos[index])
    except BaseException:
        if isinstance(file, str):
            fh.close()
        raise
    if isinstance(file, str):
        zf.owned = view
    log.info("archive names flagged UTF-8 but not UTF-8 (%d): read as legacy names", len(patched))
    return zf


def open_zip(file: BinaryIO | str, fmt: str = "ZIP") -> zipfile.ZipFile:
    try:
        try:
            return zipfile.ZipFile(file)
        except UnicodeDecodeError:  # a name flagged UTF-8 that is not
            if not isinstance(file, str):
                file.seek(0)
            return _open_legacy_names(file)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, struct.error, IndexError) as exc:
        raise DocumentError(E.CORRUPT, fmt=fmt, detail=str(exc) or type(exc).__name__) from exc


def _check_totals(infos: list[zipfile.ZipInfo], limits: IngestLimits, budget: Budget) -> None:
    """Refuse an archive whose members (with those of the archives around it) are over the limits."""
    nested = budget.members_left < limits.max_members  # part of the budget is used by outer archives
    also = " with the archives it is in" if nested else ""
    if len(infos) > budget.members_left:
        raise DocumentError(
            E.ZIP_BOMB, detail=f"{len(infos)} files{also}, over the limit of {limits.max_members} files"
        )
    declared = sum(i.file_size for i in infos)
    if declared > budget.bytes_left:
        raise DocumentError(
            E.ZIP_BOMB,
            detail=f"it would unpack to {declared} bytes{also}, over the limit of {limits.max_unpacked_bytes} bytes",
        )
    # Members up to the ratio floor are not checked one by one, so together they must pass:
    # 490 members of exactly 1 MiB each packed 195:1 are one bomb, not 490 harmless files.
    small = [i for i in infos if i.file_size <= limits.ratio_floor_bytes]
    unpacked, packed = sum(i.file_size for i in small), max(sum(i.compress_size for i in small), 1)
    if unpacked > limits.ratio_floor_bytes and unpacked > limits.max_ratio * packed:
        raise DocumentError(
            E.ZIP_BOMB,
            detail=f"{len(small)} files of at most {limits.ratio_floor_bytes} bytes each unpack to {unpacked} "
                   f"bytes together, {unpacked / packed:.0f} times their packed size (limit {limits.max_ratio:g})",
        )


def _ratio_error(info: zipfile.ZipInfo, unpacked: int, limits: IngestLimits) -> DocumentError | None:
    if unpacked > limits.ratio_floor_bytes and unpacked > limits.max_ratio * max(info.compress_size, 1):
        ratio = unpacked / max(info.compress_size, 1)
        return DocumentError(
            E.ZIP_BOMB,
            detail=f"a member unpacks {ratio:.0f} times its packed size (limit {limits.max_ratio:g})",
        )
    return None


def _junk_key(safe: str) -> str:
    """The skipped thing a junk member belongs to: its hidden folder, or itself."""
    parts = safe.split("/")
    for i, part in enumerate(parts):
        if junk_reason(part, is_dir=i < len(parts) - 1):
            return "/".join(parts[: i + 1])
    return safe


def plan(zf: zipfile.ZipFile, prefix: str, limits: IngestLimits, budget: Budget,
         names: SourceNames | None = None) -> list[Planned]:
    """Check the archive as a whole and list its members, sorted, with their sources.

    Sources are claimed in ``names`` (the ingest's, so they are unique across
    archives, folders and roots). Raises ``DocumentError`` when the archive as a
    whole is over a limit.
    """
    names = names or SourceNames()
    infos = [i for i in zf.infolist() if not i.is_dir()]
    _check_totals(infos, limits, budget)
    budget.members_left -= len(infos)
    budget.bytes_left -= sum(i.file_size for i in infos)
    found: list[tuple[str, int, zipfile.ZipInfo, str]] = []
    junk: dict[str, tuple[int, str, list[zipfile.ZipInfo]]] = {}
    for index, info in enumerate(infos):
        name = member_name(info)
        safe, unsafe = safe_member_path(name)
        reason = junk_reason(safe)
        if reason:
            log.info("skipping %s: %s", member_source(prefix, escape_name(safe)), reason)
            junk.setdefault(_junk_key(safe), (index, reason, []))[2].append(info)
            continue
        found.append((safe, index, info, name if unsafe else ""))
    planned = [(safe, index, Planned("", safe, info, bad)) for safe, index, info, bad in found]
    for key, (index, reason, members) in junk.items():
        size = sum(i.file_size for i in members)
        planned.append((key, index, Planned("", key, members[0], skipped=reason, size=size)))
    planned.sort(key=lambda f: (f[0], f[1]))
    for safe, _, item in planned:
        item.source = names.claim(member_source(prefix, escape_name(safe)))
    return [item for _, _, item in planned]


def read_member(zf: zipfile.ZipFile, item: Planned, limits: IngestLimits) -> bytes:
    """The bytes of one member, stream-read with caps; raises ``DocumentError``."""
    info = item.info
    if item.unsafe_name:
        raise DocumentError(E.UNSAFE_PATH, path=item.unsafe_name)
    if info.flag_bits & ENCRYPTED_FLAG:
        raise DocumentError(E.ENCRYPTED, fmt="archived")
    if info.file_size > limits.max_file_bytes:
        raise DocumentError(E.TOO_LARGE, size=info.file_size, limit=limits.max_file_bytes)
    declared = _ratio_error(info, info.file_size, limits)
    if declared:
        raise declared
    chunks, total = [], 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(CHUNK):
                total += len(chunk)
                if total > limits.max_file_bytes:
                    raise DocumentError(E.TOO_LARGE, size=f"more than {total}", limit=limits.max_file_bytes)
                if total > info.file_size:
                    raise DocumentError(E.ZIP_BOMB, detail="a member unpacks to more than its declared size")
                bomb = _ratio_error(info, total, limits)
                if bomb:
                    raise bomb
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, UnicodeDecodeError) as exc:
        raise DocumentError(E.CORRUPT, fmt="archived", detail=str(exc) or type(exc).__name__) from exc
    except NotImplementedError as exc:  # e.g. a compression method zipfile lacks
        raise DocumentError(E.UNREADABLE, detail=str(exc)) from exc
    except RuntimeError as exc:  # "File ... is encrypted, password required"
        raise DocumentError(E.ENCRYPTED, fmt="archived") from exc
    return b"".join(chunks)


def check_container(data: bytes, limits: IngestLimits, fmt: str) -> None:
    """Refuse a .docx/.odt whose ZIP parts would unpack past the limits.

    python-docx and odfpy read every part whole, so a bomb is stopped here.
    A container that is not a ZIP at all is left to the reader to report.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        return
    with zf:
        infos = zf.infolist()
        _check_totals(infos, limits, Budget(limits.max_unpacked_bytes, limits.max_members))
        for info in infos:
            err = _ratio_error(info, info.file_size, limits)
            if err:
                raise err
