"""What the tables in an output folder were written from: ``.svodka-tables.json``.

Per table the digest of the frame its CSV and Parquet were written from, its
row count and the files' sizes and times (per view the files' sizes and times), the database's size and time, and the run's tag (a
digest of the extraction the tables came from). The runner's shortcuts (no-op,
early cutoff, keeping tables) hold only while the tables in place are the ones
so described: a file edited, deleted or written by another run makes the next
run write it again. Plain JSON and ``os.stat``: no pandas, so a no-op stays fast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import DB_NAME

MANIFEST = ".svodka-tables.json"


def read_manifest(out_dir: Path, csv_dialect: str) -> dict:
    """The manifest, or {} (none, an unreadable one, another CSV dialect)."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text("utf-8"))
        ok = manifest.get("dialect") == csv_dialect and isinstance(manifest.get("tables"), dict)
        return manifest if ok else {}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def bound_inputs(out_dir: Path) -> list[str]:
    """The inputs the tables in ``out_dir`` were written from (absolute paths), or []
    when the folder holds no tables, or tables of a version that did not say."""
    try:
        inputs = json.loads((out_dir / MANIFEST).read_text("utf-8")).get("inputs") or []
    except (OSError, ValueError, AttributeError):
        return []
    return [str(i) for i in inputs] if isinstance(inputs, list) else []


def file_stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def intact(out_dir: Path, name: str, entry: dict | None) -> bool:
    """The table's files are the ones its manifest entry describes (not edited or gone)."""
    return isinstance(entry, dict) and all(
        file_stat(out_dir / f"{name}.{ext}") == entry.get(ext) for ext in ("csv", "parquet"))


def tables_in_place(out_dir: Path, csv_dialect: str, tag: str) -> bool:
    """Every table and the database are in ``out_dir`` as the run tagged ``tag`` wrote them."""
    manifest = read_manifest(out_dir, csv_dialect)
    return (bool(manifest) and manifest.get("tag") == tag
            and file_stat(out_dir / DB_NAME) == manifest.get("duckdb")
            and all(intact(out_dir, name, entry) for name, entry in manifest["tables"].items()))


def write_manifest(out_dir: Path, csv_dialect: str, digests: dict[str, str], tag: str,
                   inputs: list[str] | None = None, rows: dict[str, int] | None = None,
                   views: list[str] | None = None) -> None:
    tables = {name: {"digest": d, "rows": (rows or {}).get(name),
                     **{ext: file_stat(out_dir / f"{name}.{ext}") for ext in ("csv", "parquet")}}
              for name, d in digests.items()}
    manifest = {"dialect": csv_dialect, "tag": tag, "tables": tables, "duckdb": file_stat(out_dir / DB_NAME),
                "inputs": inputs or [],
                "views": {name: {ext: file_stat(out_dir / f"{name}.{ext}") for ext in ("csv", "parquet")}
                          for name in views or ()}}
    tmp = out_dir / f"{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1), "utf-8")
    os.replace(tmp, out_dir / MANIFEST)
