"""Per-document stage cache: re-run only what a change touches.

Each entry is keyed by (stage, key) where the key hashes the stage's input (the
source bytes for ingest, the cleaned text for annotate and extract) together
with the stage's fingerprint (its code version, the versions of the packages and
model files it uses, and for extract the bytes of the rule files it reads). A
rule edit changes only extract's fingerprint, so it never re-annotates.

Entries are JSON (zlib-compressed), never pickles: loading one cannot execute
code. Each carries the SHA-256 of its payload; an entry that fails the check or
does not parse is dropped and recomputed, never trusted. The store is one
SQLite file (atomic commits, safe against a run killed midway).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import zlib
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ENV_VAR = "SVODKA_CACHE_DIR"
DB_FILE = "cache.sqlite"


def default_cache_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data" / "interim"


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\x00")
    return h.hexdigest()


class StageCache:
    """SQLite-backed JSON store: ``get``/``put`` by (stage, key), batched commits."""

    def __init__(self, directory: Path | None) -> None:
        self.enabled = directory is not None
        self.hits: dict[str, int] = {}
        self.misses: dict[str, int] = {}
        self.corrupt = 0
        if not self.enabled:
            self.con = None
            return
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / DB_FILE
        self.con = sqlite3.connect(self.path, timeout=60)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("PRAGMA synchronous=NORMAL")
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS entries (stage TEXT, key TEXT, sha TEXT, payload BLOB, PRIMARY KEY (stage, key))"
        )
        self.con.commit()

    def get(self, stage: str, key: str) -> Any | None:
        entry = self.entry(stage, key)
        return None if entry is None else entry[0]

    def entry(self, stage: str, key: str) -> tuple[Any, str] | None:
        """The value and the SHA-256 of its stored form (a digest of the content:
        equal values give equal digests), or None when missing or corrupt."""
        if not self.enabled:
            return None
        row = self.con.execute("SELECT sha, payload FROM entries WHERE stage=? AND key=?", (stage, key)).fetchone()
        if row is None:
            self.misses[stage] = self.misses.get(stage, 0) + 1
            return None
        sha, payload = row
        value = self._decode(stage, key, sha, payload)
        if value is None:
            self.misses[stage] = self.misses.get(stage, 0) + 1
            return None
        self.hits[stage] = self.hits.get(stage, 0) + 1
        return value, sha

    def _decode(self, stage: str, key: str, sha: str, payload: bytes) -> Any | None:
        """The stored value, or None (and the entry deleted) when it fails its checksum
        or does not parse."""
        try:
            if hashlib.sha256(payload).hexdigest() != sha:
                raise ValueError("checksum mismatch")
            return json.loads(zlib.decompress(payload))
        except (ValueError, zlib.error, TypeError) as exc:
            log.warning("dropping corrupt cache entry %s/%s: %s", stage, key[:12], exc)
            self.corrupt += 1
            self.con.execute("DELETE FROM entries WHERE stage=? AND key=?", (stage, key))
            return None

    def entries(self, stage: str, keys: list[str]) -> dict[str, tuple[Any, str]]:
        """``entry`` for many keys, read in chunks (one query per 500 keys); missing
        and corrupt ones are left out (corrupt ones are deleted)."""
        out: dict[str, tuple[Any, str]] = {}
        if not self.enabled:
            return out
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.con.execute(
                f"SELECT key, sha, payload FROM entries WHERE stage=? AND key IN ({marks})", (stage, *chunk))
            for key, sha, payload in rows.fetchall():
                value = self._decode(stage, key, sha, payload)
                if value is not None:
                    out[key] = (value, sha)
        self.hits[stage] = self.hits.get(stage, 0) + len(out)
        self.misses[stage] = self.misses.get(stage, 0) + len(set(keys)) - len(out)
        return out

    def keys(self, stage: str) -> set[str]:
        """All keys stored for a stage (one query: cheaper than a lookup per document)."""
        if not self.enabled:
            return set()
        return {row[0] for row in self.con.execute("SELECT key FROM entries WHERE stage=?", (stage,))}

    def put(self, stage: str, key: str, value: Any) -> str:
        """Store ``value``; returns the content digest ``entry`` gives back ("" when disabled)."""
        if not self.enabled:
            return ""
        payload = zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 3)
        sha = hashlib.sha256(payload).hexdigest()
        self.con.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", (stage, key, sha, payload))
        return sha

    def commit(self) -> None:
        if self.enabled:
            self.con.commit()

    def close(self) -> None:
        if self.enabled:
            self.con.commit()
            self.con.close()
            self.enabled = False
