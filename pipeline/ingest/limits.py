"""Safety limits for reading untrusted files and archives (all configurable)."""

from __future__ import annotations

from dataclasses import dataclass, field

MB = 1024 * 1024
GIB = 1024 * MB


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """How much ingest is willing to read; anything over a limit is an error row.

    Sizes are in bytes. Archive limits apply to a top-level archive and every
    archive nested in it together, so a nested "42.zip" cannot multiply them.

    The ratio limit bounds what a small input may expand to, wherever it is
    decompressed: one archive member; all members of an archive up to
    ``ratio_floor_bytes`` each, taken together (else 490 members of exactly
    1 MiB, packed 195:1, pass one by one); the parts of a .docx/.odt; and the
    characters of a PDF's text per byte of the file. Below the floor nothing
    is a bomb.
    """

    max_file_bytes: int = 50 * MB  # one document (or nested archive) read into memory;
    # a top-level .zip is streamed from disk and bounded by the limits below instead
    max_unpacked_bytes: int = 500 * MB  # everything unpacked from one top-level archive (members of
    # all sizes, nested archives included): the per-archive total
    max_ratio: float = 100.0  # unpacked / packed size: of one member, of an archive's small members
    # together, of a .docx/.odt part; characters of text per byte of a PDF
    ratio_floor_bytes: int = 1 * MB  # a member (or the small members together, or a PDF's text)
    # unpacking to no more than this is never a bomb
    max_members: int = 10_000  # files in one top-level archive, nested ones included
    max_depth: int = 3  # archives inside archives: a.zip/b.zip/c.zip is depth 3
    tool_timeout: float = 60.0  # seconds for an external converter (catdoc, antiword)
    # the reader process (``isolation``): its address-space cap (0: none) and the seconds one
    # file may take. Limits of the machine, not of the files: not part of the cache key (repr)
    reader_memory_bytes: int = field(default=2 * GIB, repr=False, compare=False)
    reader_timeout: float = field(default=300.0, repr=False, compare=False)
