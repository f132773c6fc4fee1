"""Per-document stage cache: re-run only what a change touches.

Each entry is keyed by (stage, key) where the key hashes the stage's input (the
source bytes for ingest, the cleaned text for annotate and extract) together
with the stage's fingerprint (the source of its code, the versions of the
packages and model files it uses, and the rule fields it read: see
``run.fingerprints``). A rule edit changes only extract's fingerprint, so it
never re-annotates.

Entries are JSON (zlib-compressed), never pickles: loading one cannot execute
code. Each carries the SHA-256 of its payload; an entry that fails the check is
dropped and recomputed, never trusted (one that passes holds the very bytes
written). The store is one SQLite file (atomic commits, safe against a run
killed midway).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ENV_VAR = "SVODKA_CACHE_DIR"
DB_FILE = "cache.sqlite"


def default_cache_dir() -> Path:
    """SVODKA_CACHE_DIR, else data/interim of the project folder the current
    directory is in, else the user cache folder (``project.default_cache_dir``)."""
    from .project import default_cache_dir as project_cache_dir

    return project_cache_dir()


def digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each followed by a NUL byte (hashed in one call)."""
    data = b"\x00".join(p.encode() if isinstance(p, str) else p for p in parts)
    return hashlib.sha256(data + b"\x00" if parts else b"").hexdigest()


@dataclass(frozen=True, slots=True)
class Blob:
    """A value in its stored form: zlib-compressed JSON and the SHA-256 of those
    bytes. Equal values give equal digests, so the digest stands for the content."""

    payload: bytes
    sha: str

    def value(self) -> Any:
        return json.loads(zlib.decompress(self.payload))


def encode(value: Any) -> Blob:
    """The stored form of ``value`` (done where it is computed: in the workers)."""
    payload = zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 3)
    return Blob(payload, hashlib.sha256(payload).hexdigest())


BUSY_SECONDS = 30  # how long a write waits for another run's before it is given up


def open_sqlite(path: Path, create: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """A connection to the database at ``path`` with its tables (``create``). A file
    that is not a database or is damaged is moved aside with a warning naming both
    files, and a new one is made: a cache or a history is rebuilt, never trusted
    half-broken, and never stops a run."""
    for attempt in (1, 2):
        try:
            con = sqlite3.connect(path, timeout=BUSY_SECONDS)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            create(con)
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            con.commit()
            return con
        except sqlite3.OperationalError:
            raise  # locked, unwritable, disk full: the caller reports it
        except sqlite3.DatabaseError as exc:
            if attempt == 2:
                raise
            move_aside(path, exc)
    raise AssertionError("unreachable")


def move_aside(path: Path, why: object) -> Path:
    """Keep a damaged database for inspection as ``NAME.damaged-N``, and its WAL files."""
    n = 1
    while path.with_name(f"{path.name}.damaged-{n}").exists():
        n += 1
    aside = path.with_name(f"{path.name}.damaged-{n}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    log.warning("%s is damaged (%s): moved aside to %s; it is rebuilt", path, why, aside.name)
    return aside


def heal(directory: Path) -> list[Path]:
    """Check every database in ``directory`` and move aside the damaged ones (after a
    damaged page surfaced mid-run); returns where they went."""
    moved = []
    for path in sorted(directory.glob("*.sqlite")):
        try:
            con = sqlite3.connect(path, timeout=BUSY_SECONDS)
            try:
                ok = con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                con.close()
        except sqlite3.OperationalError:
            continue
        except sqlite3.DatabaseError:
            ok = False
        if not ok:
            moved.append(move_aside(path, "failed its integrity check"))
    return moved


def is_damage(exc: BaseException) -> bool:
    """A damaged database, as opposed to a busy or unwritable one."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


class StageCache:
    """SQLite-backed JSON store: ``blobs``/``put`` by (stage, key), batched commits.

    Writes never fail a document: a write that cannot be made (another run holds
    the database past ``BUSY_SECONDS``, a full disk) is logged once and this run
    goes on without caching."""

    def __init__(self, directory: Path | None) -> None:
        self.enabled = directory is not None
        self.con: sqlite3.Connection | None
        self.writes_lost = 0
        if directory is None:
            self.con = None
            return
        self.path = directory / DB_FILE
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self.con = open_sqlite(self.path, _create_tables)
        except (OSError, sqlite3.OperationalError) as exc:  # unwritable, full, not a folder
            log.warning("cannot use the cache %s (%s): this run goes on without caching", self.path,
                        getattr(exc, "strerror", None) or exc)
            self.enabled, self.con, self.writes_lost = False, None, 1

    @property
    def _db(self) -> sqlite3.Connection:
        """The connection, for the methods that run only while ``enabled``."""
        assert self.con is not None
        return self.con

    def _write(self, sql: str, args: tuple) -> None:
        try:
            self._db.execute(sql, args)
        except sqlite3.OperationalError as exc:
            if not self.writes_lost:
                log.warning("cannot write to the cache %s (%s): this run goes on without caching", self.path, exc)
            self.writes_lost += 1

    def get_meta(self, kind: str, name: str) -> str | None:
        if not self.enabled:
            return None
        row = self._db.execute("SELECT value FROM meta WHERE kind=? AND name=?", (kind, name)).fetchone()
        return row[0] if row else None

    def set_meta(self, kind: str, name: str, value: str) -> None:
        if self.enabled:
            self._write("INSERT OR REPLACE INTO meta VALUES (?, ?, ?)", (kind, name, value))

    def blobs(self, stage: str, keys: list[str]) -> dict[str, Blob]:
        """The stored form of many entries, checked against their checksums but not
        decoded (whoever uses one decodes it: often a worker, often nobody). Read in
        chunks of 500 keys; missing and corrupt ones are left out, corrupt ones dropped."""
        out: dict[str, Blob] = {}
        for key, sha, payload in self._select("SELECT key, sha, payload FROM entries", "key", stage, keys):
            if isinstance(payload, bytes) and hashlib.sha256(payload).hexdigest() == sha:
                out[key] = Blob(payload, sha)
            else:
                self._drop(stage, key, "checksum mismatch")
        return out

    def _drop(self, stage: str, key: str, why: object) -> None:
        log.warning("dropping corrupt cache entry %s/%s: %s", stage, key[:12], why)
        self._db.execute("DELETE FROM entries WHERE stage=? AND key=?", (stage, key))

    def keys(self, stage: str) -> set[str]:
        """All keys stored for a stage (one query: cheaper than a lookup per document)."""
        if not self.enabled:
            return set()
        return {row[0] for row in self._db.execute("SELECT key FROM entries WHERE stage=?", (stage,))}

    def shas(self, stage: str) -> dict[str, str]:
        """Key -> content digest of every entry of a stage (no payload is read)."""
        if not self.enabled:
            return {}
        return dict(self._db.execute("SELECT key, sha FROM entries WHERE stage=?", (stage,)))

    def latest(self, stage: str, sources: list[str]) -> dict[str, str]:
        """Source -> the digest ``stage`` last produced for it (see ``set_latest``)."""
        return dict(self._select("SELECT source, sha FROM latest", "source", stage, sources))

    def _select(self, query: str, column: str, stage: str, values: list[str]) -> list[tuple]:
        """Rows of ``query`` for one stage whose ``column`` is one of ``values``
        (one statement per 500 values: SQLite caps the parameters)."""
        rows: list[tuple] = []
        if not self.enabled:
            return rows
        for i in range(0, len(values), 500):
            chunk = values[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows += self._db.execute(f"{query} WHERE stage=? AND {column} IN ({marks})", (stage, *chunk)).fetchall()
        return rows

    def set_latest(self, stage: str, source: str, sha: str) -> None:
        if self.enabled:
            self._write("INSERT OR REPLACE INTO latest VALUES (?, ?, ?)", (stage, source, sha))

    def put(self, stage: str, key: str, value: Any | Blob) -> str:
        """Store ``value`` (or a Blob already encoded, e.g. by a worker); returns the
        content digest ``blobs`` gives back ("" when disabled)."""
        if not self.enabled:
            return ""
        blob = value if isinstance(value, Blob) else encode(value)
        self._write("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", (stage, key, blob.sha, blob.payload))
        return blob.sha

    def commit(self) -> None:
        if self.enabled:
            try:
                self._db.commit()
            except sqlite3.OperationalError as exc:
                self.writes_lost += 1
                log.warning("cannot commit to the cache %s (%s): this run goes on without caching", self.path, exc)

    def close(self) -> None:
        if self.enabled:
            self.commit()
            self._db.close()
            self.enabled = False


def _create_tables(con: sqlite3.Connection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS entries (stage TEXT, key TEXT, sha TEXT, payload BLOB, PRIMARY KEY (stage, key))"
    )
    # the digest a stage last produced for an input, whatever the rules were: the
    # guess that lets a downstream entry be reused when a rule edit changed nothing
    con.execute("CREATE TABLE IF NOT EXISTS latest (stage TEXT, source TEXT, sha TEXT, PRIMARY KEY (stage, source))")
    # what the runner keeps between runs: the rule reads recorded per (stage, code),
    # the fingerprints of the last run
    con.execute("CREATE TABLE IF NOT EXISTS meta (kind TEXT, name TEXT, value TEXT, PRIMARY KEY (kind, name))")
