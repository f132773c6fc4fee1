"""What the review site is built from: the tables and texts of the last run in an
output folder, read from its Parquet files and grouped by document.

The folder's ``NAME.parquet`` are links into its current set of tables
(``pipeline.export.tableset``). They are read under the folder's lock, the one a
run holds while it writes: all from one run, never from a set being replaced
(a review started during a run waits for it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..export.tableset import current_set, locked

Row = dict[str, Any]

TABLES = (
    "documents", "texts", "events",
    "persons", "person_mentions", "schools", "school_mentions", "organizations", "org_mentions",
    "dates", "event_formats", "locations",
)


@dataclass(frozen=True, slots=True)
class Kind:
    """A table of mentions: its label in the text (spaCy's, as ``pipeline.spacy_component``
    labels them), the prefix of its rows' ids on a page, and its heading."""

    table: str
    label: str
    prefix: str
    title: str
    short: str  # a column of counts


KINDS: tuple[Kind, ...] = (
    Kind("person_mentions", "PER", "pm", "Persons", "persons"),
    Kind("org_mentions", "ORG", "om", "Organizations", "orgs"),
    Kind("school_mentions", "SCHOOL", "sm", "Schools", "schools"),
    Kind("dates", "DATE", "dt", "Dates", "dates"),
    Kind("event_formats", "EVENT_FORMAT", "ef", "Event formats", "formats"),
    Kind("locations", "LOC", "lc", "Places", "places"),
)
KIND_OF = {k.table: k for k in KINDS}


class ReviewError(Exception):
    """The site cannot be built from this folder (no tables, a table missing): a usage error."""


@dataclass(slots=True)
class Archive:
    """The run's tables: documents in source order, texts, every mention table's rows per
    document (each row with its page id, ``pm3``, in text order) and the archive-wide
    entities by id."""

    documents: list[Row]
    texts: dict[str, str]
    mentions: dict[str, dict[str, list[Row]]]  # table -> doc_id -> rows
    events: dict[str, list[Row]]  # doc_id -> rows
    persons: dict[str, Row] = field(default_factory=dict)
    schools: dict[str, Row] = field(default_factory=dict)
    organizations: dict[str, Row] = field(default_factory=dict)

    def rows(self, table: str, doc_id: str) -> list[Row]:
        return self.mentions[table].get(doc_id, [])


def tables_folder(out_dir: Path) -> Path:
    """The folder holding the run's Parquet files: the current set, else ``out_dir``."""
    current = current_set(out_dir)
    return current if current is not None and current.is_dir() else out_dir


def read_tables(out_dir: Path) -> dict[str, list[Row]]:
    """Every table of :data:`TABLES` as a list of rows (NULL → None)."""
    import pyarrow.parquet as pq

    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ReviewError(f"the output folder {out_dir} does not exist: run `svodka run --out {out_dir}` first")
    if current_set(out_dir) is None and not any((out_dir / f"{name}.parquet").is_file() for name in TABLES):
        raise ReviewError(f"no tables in {out_dir}: run `svodka run --out {out_dir}` first")  # and no lock file left
    with locked(out_dir):
        folder = tables_folder(out_dir)
        missing = [name for name in TABLES if not (folder / f"{name}.parquet").is_file()]
        if len(missing) == len(TABLES):
            raise ReviewError(f"no tables in {out_dir}: run `svodka run --out {out_dir}` first")
        if missing:
            raise ReviewError(f"{out_dir} lacks the table(s) {', '.join(missing)}: "
                              f"run `svodka run --out {out_dir}` again")
        return {name: pq.read_table(folder / f"{name}.parquet").to_pylist() for name in TABLES}


def load_archive(out_dir: Path) -> Archive:
    """Read the tables of ``out_dir`` and group them by document."""
    return group(read_tables(out_dir))


def group(tables: dict[str, list[Row]]) -> Archive:
    """The tables grouped by document; mention rows sorted by offsets and given their ids."""
    mentions: dict[str, dict[str, list[Row]]] = {}
    for kind in KINDS:
        by_doc: dict[str, list[Row]] = defaultdict(list)
        for row in tables[kind.table]:
            by_doc[row["doc_id"]].append(row)
        for rows in by_doc.values():
            rows.sort(key=lambda r: (r["start"] or 0, r["end"] or 0))
            for i, row in enumerate(rows):
                row["id"] = f"{kind.prefix}{i}"
        mentions[kind.table] = dict(by_doc)
    events: dict[str, list[Row]] = defaultdict(list)
    for row in tables["events"]:
        events[row["doc_id"]].append(row)
    return Archive(
        documents=sorted(tables["documents"], key=lambda d: (d["source"], d["doc_id"])),
        texts={t["doc_id"]: t["text"] or "" for t in tables["texts"]},
        mentions=mentions,
        events=dict(events),
        persons={p["person_id"]: p for p in tables["persons"]},
        schools={s["school_id"]: s for s in tables["schools"]},
        organizations={o["org_id"]: o for o in tables["organizations"]},
    )


def school_label(school: Row | None) -> str:
    """``СОШ № 3 им. Е.И. Мирошко`` of a ``schools`` row."""
    if not school:
        return ""
    label = f"{school.get('kind') or 'школа'} № {school.get('number') or '?'}"
    return f"{label} {school['name']}" if school.get("name") else label


def school_key(school: Row | None) -> str:
    """What tells a school apart (``pipeline.resolve``): its municipality, kind and number."""
    if not school:
        return ""
    return " / ".join(str(school.get(c) or "–") for c in ("municipality", "kind", "number"))
