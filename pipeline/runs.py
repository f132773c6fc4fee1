"""The run registry: every ``svodka run`` is recorded with its rules fingerprint,
counts per table, and a Parquet snapshot of its tables, so ``svodka diff`` can
show what a rule change did."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import digest, open_sqlite

ENTITIES = "entities.json"

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    started: str
    rules: str
    out_dir: str
    counts: dict[str, int]
    key: str  # hash of the input files, rules and versions: equal keys = identical tables
    content: str = ""  # hash of what the extraction produced: equal = identical tables
    ok: int = -1  # documents read without error (-1: not recorded)


class Registry:
    def __init__(self, cache_dir: Path) -> None:
        self.dir = cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.con = open_sqlite(cache_dir / "runs.sqlite", _create_tables)

    def snapshot_dir(self, run_id: str) -> Path:
        return self.dir / "runs" / run_id

    def record(self, rules: str, out_dir: Path, counts: dict[str, int], key: str, content: str,
               ok: int, entities: dict | None = None) -> RunRecord:
        """Record a run whose tables were just written to ``out_dir``: their Parquet
        files (all but ``texts``) are copied as the run's snapshot for ``diff``, with
        ``entities`` (what resolve's entities were computed from, see ``run``)."""
        now = datetime.now(UTC)
        run_id = now.strftime("%Y%m%dT%H%M%S") + "-" + digest(key, now.isoformat())[:6]
        snap = self.snapshot_dir(run_id)
        tmp = snap.with_name(snap.name + ".partial")
        tmp.mkdir(parents=True, exist_ok=True)
        for name in counts:
            if name != "texts":
                shutil.copyfile(out_dir / f"{name}.parquet", tmp / f"{name}.parquet")
        if entities is not None:
            (tmp / ENTITIES).write_text(json.dumps(entities), "utf-8")
        tmp.rename(snap)
        rec = RunRecord(run_id, now.isoformat(timespec="seconds"), rules, str(out_dir), dict(counts), key, content,
                        ok)
        self.con.execute(
            "INSERT INTO runs (run_id, started, rules, out_dir, counts, key, content, ok)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (rec.run_id, rec.started, rec.rules, rec.out_dir, json.dumps(rec.counts), rec.key, rec.content, rec.ok),
        )
        self.con.commit()
        return rec

    def runs(self) -> list[RunRecord]:
        rows = self.con.execute(
            "SELECT run_id, started, rules, out_dir, counts, key, content, ok FROM runs ORDER BY rowid").fetchall()
        return [RunRecord(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6] or "", -1 if r[7] is None else r[7])
                for r in rows]

    def last(self, out_dir: Path) -> RunRecord | None:
        mine = [r for r in self.runs() if r.out_dir == str(out_dir)]
        return mine[-1] if mine else None

    def tables(self, run_id: str) -> dict[str, pd.DataFrame]:
        snap = self.snapshot_dir(run_id)
        if not snap.is_dir():
            raise KeyError(run_id)
        import pandas as pd

        return {p.stem: pd.read_parquet(p) for p in sorted(snap.glob("*.parquet"))}

    def entities(self, run_id: str) -> dict | None:
        """What the run's entities were computed from, when it was recorded."""
        try:
            return json.loads((self.snapshot_dir(run_id) / ENTITIES).read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def prune(self, keep: int = 20) -> None:
        """Keep the snapshots of the last ``keep`` runs (the registry rows stay)."""
        for rec in self.runs()[:-keep]:
            shutil.rmtree(self.snapshot_dir(rec.run_id), ignore_errors=True)

    def close(self) -> None:
        self.con.close()


def _create_tables(con: sqlite3.Connection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, started TEXT, rules TEXT, out_dir TEXT,"
                " counts TEXT, key TEXT)")
    columns = {row[1] for row in con.execute("PRAGMA table_info(runs)")}
    if "content" not in columns:
        con.execute("ALTER TABLE runs ADD COLUMN content TEXT DEFAULT ''")
    if "ok" not in columns:
        con.execute("ALTER TABLE runs ADD COLUMN ok INTEGER DEFAULT -1")
