"""The run registry: every ``svodka run`` is recorded with its rules fingerprint,
counts per table, and a Parquet snapshot of its tables, so ``svodka diff`` can
show what a rule change did.

History is kept per output folder: a run belongs to the folder it wrote (its
absolute path), ``runs(out_dir)`` lists one folder's runs, and ``prune`` keeps
the last snapshots of each folder, so the runs of one archive never push out
those of another."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import digest, open_sqlite

log = logging.getLogger(__name__)

ENTITIES = "entities.json"
KEEP = 20  # snapshots kept per output folder


def folder_key(out_dir: Path | str) -> str:
    """How a run's output folder is recorded and compared: absolute, symlinks resolved."""
    return str(Path(out_dir).expanduser().resolve())

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
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self.con = open_sqlite(cache_dir / "runs.sqlite", _create_tables)
        except (OSError, sqlite3.OperationalError) as exc:  # unwritable, full: a run without history
            log.warning("cannot use the run history in %s (%s): this run is not recorded", cache_dir,
                        getattr(exc, "strerror", None) or exc)
            self.con = sqlite3.connect(":memory:")
            _create_tables(self.con)
        self._remove_partial()

    def _remove_partial(self) -> None:
        """Snapshots a killed run left half-copied (``ID.PID.partial`` whose process is gone)."""
        for tmp in (self.dir / "runs").glob("*.partial"):
            pid = tmp.name.removesuffix(".partial").rpartition(".")[2]
            try:
                if pid.isdigit() and int(pid) != os.getpid():
                    os.kill(int(pid), 0)
                    continue  # another run, still copying
            except ProcessLookupError:
                pass
            except OSError:
                continue
            shutil.rmtree(tmp, ignore_errors=True)

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
        tmp = snap.with_name(f"{snap.name}.{os.getpid()}.partial")
        rec = RunRecord(run_id, now.isoformat(timespec="seconds"), rules, folder_key(out_dir), dict(counts), key,
                        content, ok)
        try:  # the tables are written already: a full or unwritable cache disk costs the history only
            tmp.mkdir(parents=True, exist_ok=True)
            for name in counts:
                if name != "texts":
                    shutil.copyfile(out_dir / f"{name}.parquet", tmp / f"{name}.parquet")
            if entities is not None:
                (tmp / ENTITIES).write_text(json.dumps(entities), "utf-8")
            tmp.rename(snap)
            self.con.execute(
                "INSERT INTO runs (run_id, started, rules, out_dir, counts, key, content, ok)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (rec.run_id, rec.started, rec.rules, rec.out_dir, json.dumps(rec.counts), rec.key, rec.content,
                 rec.ok),
            )
            self.con.commit()
        except (OSError, sqlite3.OperationalError) as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(snap, ignore_errors=True)
            log.warning("the tables are written, but the run history in %s could not be (%s): this run is not "
                        "recorded, and the next one computes every table again", self.dir,
                        getattr(exc, "strerror", None) or exc)
        return rec

    def runs(self, out_dir: Path | str | None = None) -> list[RunRecord]:
        """The recorded runs, oldest first: every folder's, or those of ``out_dir``."""
        rows = self.con.execute(
            "SELECT run_id, started, rules, out_dir, counts, key, content, ok FROM runs ORDER BY rowid").fetchall()
        recs = [RunRecord(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6] or "", -1 if r[7] is None else r[7])
                for r in rows]
        if out_dir is None:
            return recs
        folder = folder_key(out_dir)
        return [r for r in recs if folder_key(r.out_dir) == folder]

    def get(self, run_id: str) -> RunRecord | None:
        return next((r for r in self.runs() if r.run_id == run_id), None)

    def folders(self) -> dict[str, int]:
        """Output folder -> number of runs recorded for it, in the order first written."""
        out: dict[str, int] = {}
        for r in self.runs():
            key = folder_key(r.out_dir)
            out[key] = out.get(key, 0) + 1
        return out

    def last(self, out_dir: Path) -> RunRecord | None:
        mine = self.runs(out_dir)
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

    def prune(self, keep: int = KEEP) -> None:
        """Keep the snapshots of the last ``keep`` runs of each output folder (at
        least its last run, whatever ``keep``); the registry rows stay."""
        keep = max(1, keep)
        by_folder: dict[str, list[RunRecord]] = {}
        for rec in self.runs():
            by_folder.setdefault(folder_key(rec.out_dir), []).append(rec)
        for recs in by_folder.values():
            for rec in recs[:-keep]:
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
