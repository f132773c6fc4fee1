"""Resolve and export: the tables from every document's records, rebuilt only as
far as a change reaches.

Per document the runner keeps a digest of what resolve's entities are made of
(the assembled persons, organizations, schools and places) beside the
resolver's and the writer's fingerprints. When none of that changed since the
previous run, the persons, schools, organizations and documents tables stand as
written, and of the tables read straight off the records (those the registry
gives components as ``tables``: dates, event formats, places, events) only those
whose component's records changed are built again (a digest of them per
component is kept too); export rewrites only the tables whose frame changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..cache import Blob, digest
from ..extract import stage
from ..extract.registry import COMPONENTS
from ..records import Document, Extraction
from ..resolve import resolve
from ..resolve import simple_tables as simple_rows
from ..ruleset import RuleSet
from .fingerprints import Fingerprints
from .plan import Plan
from .protocol import load_records

Lap = Callable[[str], None]


def build_tables(docs: list[Document], found: dict[str, dict[str, Blob]], plan: Plan, rules: RuleSet,
                 fps: Fingerprints, options, previous: dict | None, in_place: str, tag_of: Callable[[], str], lap: Lap,
                 progress: Callable[[str, int, int | None], None] | None = None):
    """Resolve and write the tables; returns their row counts, the names of those
    built anew, what they were computed from (for the next run) and the tag they
    are written with. ``in_place``: the tag of the tables in place; ``tag_of`` gives
    these tables' tag once resolve has recorded the rules it read."""
    from ..export import TABLES, frames, kept_tables, read_table, write_tables  # pandas and friends: only now

    def phase(name: str, done: int) -> None:
        if progress:
            progress(name, done, 1)

    lap("import")
    phase("resolve", 0)
    entities, assembled = entity_inputs(docs, found, plan, rules, fps.key("resolve"), previous)
    entities["writer"] = fps.key("export")
    entities["records"] = table_records(docs, found)
    kept, rebuild = None, set()
    if previous is not None and same_entities(previous, entities):
        rebuild = changed_tables(previous, entities)
        kept = kept_tables(options.out_dir, options.csv_dialect, tuple(n for n in TABLES if n not in rebuild),
                           in_place)
    with rules.recording() as reads:
        if kept is not None:
            groups = [n for n, c in COMPONENTS.items() if set(c.tables) & rebuild]
            extractions = {d.doc_id: Extraction(d.doc_id, **{COMPONENTS[n].field: load_records(n, found[d.doc_id][n].value())
                                                             for n in groups})
                           for d in docs if d.doc_id in found}
            lap("assemble")
            places = read_table(options.out_dir, "documents", ["doc_id", "municipality"])
            rows = simple_rows(docs, extractions, dict(zip(places["doc_id"], places["municipality"], strict=True)),
                               sorted(rebuild))
        else:
            rest = assemble_all([d for d in docs if d.doc_id not in assembled], found, rules)
            extractions = {d.doc_id: assembled.get(d.doc_id) or rest[d.doc_id] for d in docs if d.doc_id in found}
            lap("assemble")
            rows = resolve(docs, extractions, rules)
    fps.record_reads("resolve", reads)
    entities["resolver"] = fps.key("resolve")  # with the reads of this run
    lap("resolve")
    phase("resolve", 1)
    phase("export", 0)
    tag = tag_of()
    built = frames(rows, tuple(rows) if kept is not None else None)
    lap("frames")
    write_tables(built, options.out_dir, options.csv_dialect, options.xlsx, kept=frozenset(kept or ()), tag=tag,
                 inputs=input_names(options))
    phase("export", 1)
    counts = {name: len(built[name]) if name in built else (kept or {})[name] for name in TABLES}
    return counts, list(built), entities, tag


def table_records(docs: list[Document], found: dict[str, dict[str, Blob]]) -> dict[str, str]:
    """Per component whose records become table rows as they are, a digest of every
    document's records: a table whose components' digests stand needs no rebuild."""
    ids = sorted(d.doc_id for d in docs if d.doc_id in found)
    return {name: digest(*(f"{i}:{found[i][name].sha}" for i in ids)) for name, c in COMPONENTS.items() if c.tables}


def changed_tables(previous: dict, entities: dict) -> set[str]:
    """The tables read straight off the records whose components' records changed."""
    before = previous.get("records") or {}
    return {t for name, c in COMPONENTS.items() for t in c.tables if before.get(name) != entities["records"][name]}


def input_names(options) -> list[str]:
    """The inputs a run reads, as the output folder's manifest binds them."""
    return sorted(str(Path(p).resolve()) for p in options.inputs)


def assemble_all(docs: list[Document], found: dict[str, dict[str, Blob]], rules: RuleSet) -> dict[str, Extraction]:
    """Each document's Extraction from its records' stored form (decoded only now)."""
    return {
        d.doc_id: stage.assemble(d.doc_id, d.text, {n: load_records(n, b.value()) for n, b in found[d.doc_id].items()},
                                 rules)
        for d in docs if d.doc_id in found
    }


def entity_inputs(docs: list[Document], found: dict[str, dict[str, Blob]], plan: Plan, rules: RuleSet,
                  resolver: str, previous: dict | None) -> tuple[dict, dict[str, Extraction]]:
    """What resolve's entities are computed from: the resolver's fingerprint, every
    document's text and metadata, and per document the digest of its entity
    components' records and of the entities ``assemble`` makes of them. A document
    whose records are those of the ``previous`` run keeps its digest; the others
    are assembled, and returned too."""
    known = previous["entities"] if previous and previous.get("resolver") == resolver else {}
    out: dict[str, list[str]] = {}
    assembled: dict[str, Extraction] = {}
    entity_components = [n for n, c in COMPONENTS.items() if c.entities]
    for d in docs:
        if d.doc_id not in found:
            continue
        records = found[d.doc_id]
        inputs = digest(*(records[name].sha for name in entity_components))
        if known.get(d.doc_id, [""])[0] == inputs:
            out[d.doc_id] = known[d.doc_id]
            continue
        assembled.update(assemble_all([d], found, rules))
        out[d.doc_id] = [inputs, stage.entity_digest(assembled[d.doc_id])]
    texts = {doc_id: src.text for doc_id, src in plan.sources.items()}
    documents = digest(*sorted(
        f"{d.doc_id}|{d.source}|{d.format}|{d.status}|{d.error_code}|{d.error}|{d.title}|{d.sha256}|{d.size}|"
        f"{d.encoding}|{d.published}|{d.published_from}|{d.dateline}|{texts.get(d.doc_id, '')}" for d in docs))
    return {"resolver": resolver, "documents": documents, "entities": out}, assembled


def same_entities(a: dict, b: dict) -> bool:
    """Two runs' entities are computed from the same: resolver, documents, and every
    document's assembled entities (whatever records they were assembled from), and
    written by the same export code."""
    return (a.get("resolver") == b["resolver"] and a.get("writer") == b.get("writer")
            and a.get("documents") == b["documents"]
            and {k: v[1] for k, v in a.get("entities", {}).items()} == {k: v[1] for k, v in b["entities"].items()})
