"""The runner: owns all reading and writing; stages stay pure functions.

ingest → annotate → extract → resolve → export, re-running only what changed:

- ingest is cached by the bytes of each file and the reader versions;
- annotate (natasha, the slow part) by the cleaned text and the model versions;
- extract per rule group (see ``extract.stage``) by text, annotation, the rules
  the group reads and the records of the groups it reads;
- resolve + export run when an extracted record changed: all of it when a
  person, organization, school or place did, else only the tables read
  straight off the records; export rewrites only the tables that changed. An
  unchanged archive with unchanged rules is a no-op that leaves the identical
  tables in place.

The per-document work that misses the cache runs on an executor (all cores by
default, or Dask); results are reassembled in input order, so the tables do not
depend on the number of workers. A failure in one document is an error row.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import __version__
from .annotate import VERSION as ANNOTATE_VERSION
from .annotate import annotate
from .cache import Blob, StageCache, default_cache_dir, digest, encode
from .errors import E
from .executors import make_executor
from .export.manifest import tables_in_place
from .extract import stage
from .ingest import IngestLimits, ingest, read_one
from .ingest.paths import doc_id as make_doc_id
from .records import Annotation, Document, Extraction
from .resolve import RULE_FILES as RESOLVE_RULE_FILES
from .resolve import SIMPLE_GROUPS, SIMPLE_TABLES, resolve, simple_tables
from .rules import MODELS_DIR, RuleError, fingerprint
from .ruleset import RuleSet
from .runs import Registry

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = REPO / "data" / "raw"
DEFAULT_OUTPUT = REPO / "data" / "processed"
INGEST_VERSION = "ingest/2"
OUTPUT_VERSION = "resolve-export/2"
SERIAL_BELOW = 400  # documents of rule-only work done in this process
SERIAL_BELOW_ANN = 8  # documents to annotate done in this process

Progress = Callable[[str, int, int | None], None]  # (stage, done, total)


@dataclass
class RunOptions:
    inputs: list[Path] = field(default_factory=lambda: [DEFAULT_INPUT])
    out_dir: Path = DEFAULT_OUTPUT
    limits: IngestLimits = field(default_factory=IngestLimits)
    csv_dialect: str = "excel"
    xlsx: bool = False
    cache_dir: Path | None = field(default_factory=default_cache_dir)  # None: no cache
    force: bool = False  # recompute everything (the cache is rewritten)
    executor: str = "local"  # serial | local | dask
    workers: int | None = None
    scheduler: str | None = None


@dataclass
class RunSummary:
    documents: int
    ok: int
    errors: int
    out_dir: Path
    seconds: float
    counts: dict[str, int]
    run_id: str = ""
    unchanged: bool = False
    computed: dict[str, int] = field(default_factory=dict)  # stage -> documents computed
    # wall seconds of the runner's phases, and CPU seconds the workers spent per stage
    timings: dict[str, float] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)  # tables computed anew (the others stood as written)


def _versions(*packages: str) -> str:
    out = []
    for p in packages:
        try:
            out.append(f"{p}={version(p)}")
        except PackageNotFoundError:
            out.append(f"{p}=-")
    return ",".join(out)


def fingerprints() -> dict[str, str]:
    """What each cached stage's output depends on besides its input."""
    return {
        "ingest": digest(INGEST_VERSION, _versions("python-docx", "pypdfium2", "striprtf", "trafilatura",
                                                   "charset-normalizer", "odfpy", "pymorphy3")),
        "annotate": digest(ANNOTATE_VERSION, _versions("natasha", "slovnet", "navec", "razdel")),
        "morph": _versions("pymorphy3", "pymorphy3-dicts-ru"),
    }


def check_rules() -> str:
    """Parse every rule file before any document is read; a RuleError names file:line."""
    from .rules import validate_rule_file

    for name in stage.RULE_FILES:
        validate_rule_file(name)
    return stage.rules_fingerprint()


# --------------------------------------------------------------------------- per document


def process_payload(payload: dict) -> dict:
    """Worker side: run the document's missing rule groups (annotating first when
    one of them reads the annotation and none is cached).

    Plain dicts in and out: the executor ships them to other processes or hosts.
    Cached inputs arrive and results leave in their stored form (``cache.Blob``):
    the worker decodes and encodes, the runner only moves bytes. A group that
    comes with a ``reuse`` guess (its cached records and the digests of the inputs
    they were computed from) is not run again when its recomputed inputs came out
    with those very digests.
    """
    text, groups, reuse, rules = payload["text"], payload["groups"], payload["reuse"], payload["rules"]
    seconds: dict[str, float] = {}
    got = {name: stage.load_group(name, blob.value()) for name, blob in payload["have"].items()}
    shas = {name: blob.sha for name, blob in payload["have"].items()}
    read = stage.inputs_of(groups)
    ann, new_ann = None, None
    out, reused = {}, []
    for name in groups:
        guess = reuse.get(name)
        if guess is not None and all(shas.get(d) == sha for d, sha in guess[0].items()):
            reused.append(name)
            shas[name] = guess[1].sha
            if name in read:
                got[name] = stage.load_group(name, guess[1].value())
            continue
        if name in stage.ANN_GROUPS and ann is None:
            if payload["ann"] is not None:
                ann = from_annotation(payload["ann"].value())
            else:
                t0 = time.process_time()
                ann = annotate(payload["doc_id"], text)
                seconds["annotate"] = time.process_time() - t0
                new_ann = encode(to_annotation_data(ann))
        t0 = time.process_time()
        got[name] = stage.run_group(name, text, ann, got, rules)
        seconds[f"extract:{name}"] = time.process_time() - t0
        out[name] = encode(stage.dump_group(got[name]))
        shas[name] = out[name].sha
    return {"ann": new_ann, "groups": out, "reused": reused, "seconds": seconds}


def from_annotation(data: dict) -> Annotation:
    """The cached form back into an Annotation (see ``to_annotation_data``)."""
    from .records import NerSpan, Token

    return Annotation(
        doc_id=data["doc_id"],
        sentences=[(s, e) for s, e in data["sentences"]],
        tokens=[Token(s, e, t) for s, e, t in data["tokens"]],
        ner=[NerSpan(s, e, t) for s, e, t in data["ner"]],
    )


def to_annotation_data(ann: Annotation) -> dict:
    """Compact cached form: tokens and spans as ``[start, end, text]`` rows
    (``dataclasses.asdict`` took 3.6 ms a report, a tenth of the NER itself)."""
    return {
        "doc_id": ann.doc_id,
        "sentences": [[s, e] for s, e in ann.sentences],
        "tokens": [[t.start, t.end, t.text] for t in ann.tokens],
        "ner": [[n.start, n.end, n.type] for n in ann.ner],
    }


class _CachedReader:
    """``read_one`` behind the ingest cache: a file's Document by its bytes.

    A file found in the cache is not decoded yet: it gets a placeholder (status
    ``cached``) and ``fill`` decodes them all at once, after the runner checked
    with ``keys`` (every file's cache key) whether the run is a no-op."""

    def __init__(self, cache: StageCache, fp: str, force: bool) -> None:
        self.cache, self.fp, self.force = cache, fp, force
        self.stored = set() if force else cache.keys("ingest")
        self.keys: dict[str, str] = {}  # doc_id -> cache key of the file's bytes
        self.pending: dict[str, str] = {}  # doc_id -> key, of the placeholders
        self.computed = 0

    def __call__(self, source: str, name: str, data: bytes, limits: IngestLimits) -> Document:
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        key = digest(self.fp, ext, hashlib.sha256(data).hexdigest(), str(limits))
        doc_id = make_doc_id(source)
        self.keys[doc_id] = key
        if not self.force and key in self.stored:
            self.pending[doc_id] = key
            return Document(doc_id=doc_id, source=source, format=ext, status="cached")
        doc = read_one(source, name, data, limits)
        self.computed += 1
        if doc.error_code != E.INTERNAL.code:
            self.cache.put("ingest", key, {k: v for k, v in asdict(doc).items() if k not in ("doc_id", "source")})
        return doc

    def fill(self, docs: list[Document], reread: Callable[[], Iterator[Document]]) -> list[Document]:
        """The placeholders decoded; those whose entry turned out corrupt (dropped)
        are read again from the files (``reread`` ingests the inputs anew)."""
        blobs = self.cache.blobs("ingest", sorted(set(self.pending.values())))
        out, lost = [], set()
        for doc in docs:
            key = self.pending.pop(doc.doc_id, None)
            if key is None:
                out.append(doc)
            elif key in blobs:
                out.append(Document(**{**blobs[key].value(), "doc_id": doc.doc_id, "source": doc.source}))
            else:
                lost.add(doc.doc_id)
                out.append(doc)
        if lost:
            self.stored -= {self.keys[d] for d in lost}
            again = {d.doc_id: d for d in reread() if d.doc_id in lost}
            out = [again.get(d.doc_id, d) if d.doc_id in lost else d for d in out]
        return out


# --------------------------------------------------------------------------- the run


def run(options: RunOptions, progress: Progress | None = None) -> RunSummary:
    t0 = time.perf_counter()
    rules_fp = check_rules()
    rules = RuleSet(MODELS_DIR)
    fps = fingerprints()
    group_fps = {k: digest(v, fps["morph"]) for k, v in stage.group_fingerprints().items()}
    cache = StageCache(options.cache_dir)
    registry = Registry(options.cache_dir) if options.cache_dir else None
    try:
        timings: dict[str, float] = {}
        lap = _Lap(timings)
        reader = _CachedReader(cache, fps["ingest"], options.force)
        docs: list[Document] = []
        for doc in ingest(options.inputs, options.limits, reader=reader):
            docs.append(doc)
            if progress:
                progress("ingest", len(docs), None)
        lap("ingest")
        inputs_key = _inputs_key(docs, reader.keys, rules_fp, fps, group_fps, options)
        last = registry.last(options.out_dir) if registry else None
        if (not options.force and last is not None and last.key == inputs_key and last.ok >= 0
                and tables_in_place(options.out_dir, options.csv_dialect, last.content)):
            # the very files, rules and versions that made the tables in place: nothing to do
            cache.commit()
            return RunSummary(len(docs), last.ok, len(docs) - last.ok, options.out_dir, time.perf_counter() - t0,
                              last.counts, last.run_id, unchanged=True, computed={"ingest": reader.computed},
                              timings=timings)
        docs = reader.fill(docs, lambda: ingest(options.inputs, options.limits, reader=reader))
        cache.commit()
        lap("decode")
        plan = _plan(docs, cache, fps, group_fps, options.force)
        lap("plan")
        found, computed = _extract_all(docs, plan, cache, options, progress, timings, rules)
        content = {doc_id: digest(*(g[name].sha for name in stage.GROUPS)) for doc_id, g in found.items()}
        computed["ingest"] = reader.computed
        lap("extract")
        ok = sum(d.ok for d in docs)
        content_key = digest(
            OUTPUT_VERSION, __version__, options.csv_dialect, str(options.xlsx),
            *sorted(f"{d.source}:{d.sha256}:{d.status}:{d.error}:{content.get(d.doc_id, '')}" for d in docs),
        )
        if (registry and not options.force and last is not None and last.content == content_key
                and tables_in_place(options.out_dir, options.csv_dialect, content_key)):
            # early cutoff: the extraction came out as last time, so would every table
            run_id = registry.record(rules_fp, options.out_dir, last.counts, inputs_key, content_key, ok,
                                     registry.entities(last.run_id)).run_id
            registry.prune()
            return RunSummary(len(docs), ok, len(docs) - ok, options.out_dir, time.perf_counter() - t0,
                              last.counts, run_id, unchanged=True, computed=computed, timings=timings)
        previous = registry.entities(last.run_id) if registry and last is not None and not options.force else None
        resolver = digest(OUTPUT_VERSION, __version__, fps["morph"], fingerprint(RESOLVE_RULE_FILES))
        tags = (last.content if last is not None else "", content_key)
        tables, built, entities = _tables(docs, found, plan, options, resolver, previous, tags, lap, rules)
        run_id = ""
        counts = {k: len(v) for k, v in tables.items()}
        if registry:
            run_id = registry.record(rules_fp, options.out_dir, counts, inputs_key, content_key, ok, entities).run_id
            registry.prune()
        lap("export")
        return RunSummary(
            documents=len(docs), ok=ok, errors=len(docs) - ok, out_dir=options.out_dir,
            seconds=time.perf_counter() - t0, counts=counts, run_id=run_id, computed=computed, timings=timings,
            rebuilt=built,
        )
    finally:
        cache.close()
        if registry:
            registry.close()


def _tables(docs: list[Document], found: dict[str, dict[str, Blob]], plan: _Plan, options: RunOptions,
            resolver: str, previous: dict | None, tags: tuple[str, str], lap: _Lap, rules: RuleSet):
    """Resolve and write the tables; returns them, the names of those built anew,
    and what their entities were computed from (for the next run). ``tags``: what
    the tables in place were written from, and what these are.

    When no person, organization, school or place changed since the ``previous``
    run (``_entities``), their tables stand as written and only the tables read
    straight off the records (dates, formats, places, events) are built."""
    from .export import TABLES, frames, kept_tables, write_tables  # pandas and friends: only now

    lap("import")
    entities, assembled = _entities(docs, found, plan, resolver, previous, rules)
    kept = None
    if previous is not None and _same_entities(previous, entities):
        names = tuple(n for n in TABLES if n not in SIMPLE_TABLES)
        kept = kept_tables(options.out_dir, options.csv_dialect, names, tags[0])
    if kept is not None:
        extractions = _assemble(docs, found, rules, SIMPLE_GROUPS)
        lap("assemble")
        places = dict(zip(kept["documents"]["doc_id"], kept["documents"]["municipality"], strict=True))
        rows = simple_tables(docs, extractions, places)
    else:
        rest = _assemble([d for d in docs if d.doc_id not in assembled], found, rules)
        extractions = {d.doc_id: assembled.get(d.doc_id) or rest[d.doc_id] for d in docs if d.doc_id in found}
        lap("assemble")
        rows = resolve(docs, extractions, rules)
    lap("resolve")
    built = frames(rows, SIMPLE_TABLES if kept is not None else None)
    lap("frames")
    tables = {name: built[name] if name in built else kept[name] for name in TABLES}
    write_tables(tables, options.out_dir, options.csv_dialect, options.xlsx, kept=frozenset(kept or ()), tag=tags[1])
    return tables, list(built), entities


def _inputs_key(docs: list[Document], keys: dict[str, str], rules_fp: str, fps: dict[str, str],
                group_fps: dict[str, str], options: RunOptions) -> str:
    """What the tables are computed from (each file's bytes by its ingest key, the
    rules, the versions of code and models, the output options): equal keys, a no-op."""
    return digest(
        OUTPUT_VERSION, __version__, rules_fp, fps["annotate"], *sorted(group_fps.values()), str(options.limits),
        options.csv_dialect, str(options.xlsx),
        *sorted(f"{d.source}:{keys.get(d.doc_id) or f'{d.status}:{d.error_code}:{d.sha256}:{d.size}'}" for d in docs),
    )


@dataclass
class _Plan:
    group_fps: dict[str, str]
    sources: dict[str, tuple[str, str]]  # doc_id -> (text key, annotation key)
    keys: dict[str, dict[str, str]]  # doc_id -> group -> cache key, for groups whose inputs are known
    shas: dict[str, dict[str, str]]  # doc_id -> group -> content digest, for cached groups
    missing: dict[str, list[str]]  # doc_id -> groups not in the cache (in GROUPS order)
    # doc_id -> group -> (the digests of its recomputed inputs it assumes, the key it would then have)
    guesses: dict[str, dict[str, tuple[dict[str, str], str]]]


def _plan(docs: list[Document], cache: StageCache, fps, group_fps, force: bool) -> _Plan:
    """Which rule groups of which documents must be computed (no payload is loaded).

    A group whose inputs are cached has a known key. One whose inputs are to be
    recomputed has not, but it gets a guess: its key if those inputs come out as
    they last did (``cache.latest``), when an entry exists under that key."""
    stored = {name: ({} if force else cache.shas(f"extract:{name}")) for name in stage.GROUPS}
    plan = _Plan(group_fps, {}, {}, {}, {}, {})
    unknown: list[str] = []  # documents with groups whose inputs are recomputed
    for doc in docs:
        if not doc.ok:
            continue
        text_key = digest("text", doc.text)
        ann_key = digest(fps["annotate"], text_key)
        keys, shas, missing = {}, {}, []
        for name, (_, deps) in stage.GROUPS.items():
            if all(d in shas for d in deps):
                keys[name] = stage.group_key(name, group_fps, text_key, ann_key, shas)
                if keys[name] in stored[name]:
                    shas[name] = stored[name][keys[name]]
                    continue
            missing.append(name)
        plan.sources[doc.doc_id] = (text_key, ann_key)
        plan.keys[doc.doc_id], plan.shas[doc.doc_id] = keys, shas
        if missing:
            plan.missing[doc.doc_id] = missing
            if len(keys) < len(stage.GROUPS):
                unknown.append(doc.doc_id)
    if unknown and not force:
        sources = [plan.sources[d][0] for d in unknown]
        recomputed = {d for doc_id in unknown for name in plan.missing[doc_id] for d in stage.GROUPS[name][1]
                      if d not in plan.shas[doc_id]}
        latest = {name: cache.latest(f"extract:{name}", sources) for name in sorted(recomputed)}
        for doc_id in unknown:
            text_key, ann_key = plan.sources[doc_id]
            shas = plan.shas[doc_id]
            for name in plan.missing[doc_id]:
                deps = stage.GROUPS[name][1]
                assumed = {d: latest[d].get(text_key, "") for d in deps if d not in shas}
                if name in plan.keys[doc_id] or not all(assumed.values()):
                    continue
                key = stage.group_key(name, group_fps, text_key, ann_key, {**shas, **assumed})
                if key in stored[name]:
                    plan.guesses.setdefault(doc_id, {})[name] = (assumed, key)
    return plan


class _Lap:
    """Wall seconds since the previous lap, stored as ``wall:<phase>``."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings, self.t = timings, time.perf_counter()

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        self.timings[f"wall:{phase}"] = round(now - self.t, 4)
        self.t = now


def _executor_kind(options: RunOptions, n_todo: int, need_ann: bool) -> str:
    """Small rule-only work is cheaper here than in fresh worker processes that
    would first import the pipeline (and, to annotate, load natasha)."""
    if options.executor == "local" and n_todo <= (SERIAL_BELOW_ANN if need_ann else SERIAL_BELOW):
        return "serial"
    return options.executor


def _extract_all(docs: list[Document], plan: _Plan, cache: StageCache, options: RunOptions, progress,
                 timings: dict[str, float], rules: RuleSet):
    """Annotate + extract every ok document: cached groups are loaded, the rest
    computed on the executor. Returns each document's groups (stored form) and
    the counts of what was computed and reused.

    Documents with work go first, longest first (no huge report stalls the last
    batch), their cached groups read in chunks as the workers take them, so the
    workers start while this process is still reading the cache."""
    found: dict[str, dict[str, Blob]] = {}  # doc_id -> group -> its records, stored form
    computed = {"annotate": 0, "extract": 0}
    ok_docs = [d for d in docs if d.ok]
    planned = sorted((d for d in ok_docs if d.doc_id in plan.missing), key=lambda d: -len(d.text))
    rest = [d for d in ok_docs if d.doc_id not in plan.missing]
    held: dict[str, dict[str, Blob]] = {}  # groups of the documents at the workers: cached, or guesses
    done = 0

    def payloads(chunk_docs: list[Document]) -> Iterator[dict]:
        """Payloads of the documents of ``chunk_docs`` that need work; the others are found."""
        nonlocal done
        for i in range(0, len(chunk_docs), 256):
            chunk = chunk_docs[i : i + 256]
            wanted: dict[str, list[str]] = {name: [] for name in stage.GROUPS}
            for d in chunk:
                for name in plan.shas[d.doc_id]:
                    wanted[name].append(plan.keys[d.doc_id][name])
                for name, (_, key) in plan.guesses.get(d.doc_id, {}).items():
                    wanted[name].append(key)
            stored = {name: cache.blobs(f"extract:{name}", keys) for name, keys in wanted.items()}
            todo = []
            for doc in chunk:
                have, reuse = _usable(plan, doc.doc_id, stored)
                if len(have) == len(stage.GROUPS):
                    found[doc.doc_id] = have
                    done += 1
                else:
                    todo.append((doc, have, reuse, [name for name in stage.GROUPS if name not in have]))
            need_ann = {doc.doc_id for doc, _, _, groups in todo if stage.ANN_GROUPS.intersection(groups)}
            anns = {} if options.force else cache.blobs("annotate", [plan.sources[d][1] for d in sorted(need_ann)])
            for doc, have, reuse, groups in todo:
                held[doc.doc_id] = {**have, **{name: blob for name, (_, blob) in reuse.items()}}
                yield {"doc_id": doc.doc_id, "text": doc.text, "ann": anns.get(plan.sources[doc.doc_id][1]),
                       "need_ann": doc.doc_id in need_ann, "groups": groups,
                       "have": {name: have[name] for name in stage.inputs_of(groups) if name in have},
                       "reuse": reuse, "rules": rules}

    by_id = {d.doc_id: d for d in ok_docs}
    with contextlib.ExitStack() as stack:
        ex = _early_executor(plan, cache, options, stack, rules)
        if ex is not None:  # the planned work first; the cached documents are read meanwhile
            work: Iterator[dict] = itertools.chain(payloads(planned), payloads(rest))
        else:  # everything planned is cached, unless an entry turns out corrupt
            unforeseen = list(payloads(rest))
            if unforeseen:
                kind = _executor_kind(options, len(unforeseen), any(p["need_ann"] and not p["ann"] for p in unforeseen))
                ex = stack.enter_context(make_executor(kind, workers=options.workers, scheduler=options.scheduler))
            work = iter(unforeseen)
        if progress:
            progress("extract", done, len(ok_docs))
        for payload, result in ex.map(process_payload, work, batch_size=8) if ex is not None else ():
            doc = by_id[payload["doc_id"]]
            done += 1
            blobs = held.pop(doc.doc_id)
            if isinstance(result, RuleError):  # the rules, not this document: stop the run
                raise result
            if isinstance(result, BaseException):
                log.error("extraction failed for %s: %s", doc.source, result)
                doc.status, doc.error_code = "error", E.INTERNAL.code
                doc.error = E.INTERNAL.format(detail=f"{type(result).__name__}: {result}")
            else:
                _store(doc.doc_id, result, blobs, plan, cache, computed, timings)
                found[doc.doc_id] = {name: blobs[name] for name in stage.GROUPS}
            if progress:
                progress("extract", done, len(ok_docs))
            if done % 200 == 0:
                cache.commit()
    cache.commit()
    return found, computed


def _usable(plan: _Plan, doc_id: str, stored: dict[str, dict[str, Blob]]):
    """The document's cached groups that stand (``have``: they and their inputs were
    found), and those that stand if their recomputed inputs come out as assumed
    (``reuse``: group -> (assumed digests of those inputs, records)). An entry that
    turned out corrupt is in neither: it is computed again."""
    have: dict[str, Blob] = {}
    reuse: dict[str, tuple[dict[str, str], Blob]] = {}
    keys, shas = plan.keys[doc_id], plan.shas[doc_id]
    guesses = plan.guesses.get(doc_id, {})
    for name, (_, deps) in stage.GROUPS.items():
        if name in shas:
            blob, assumed = stored[name].get(keys[name]), {}
        elif name in guesses:
            assumed, key = guesses[name]
            blob = stored[name].get(key)
        else:
            continue
        if blob is None:
            continue
        if all(d in have for d in deps):
            have[name] = blob
        else:
            reuse[name] = ({d: shas.get(d) or assumed[d] for d in deps if d not in have}, blob)
    return have, reuse


def _store(doc_id: str, result: dict, blobs: dict[str, Blob], plan: _Plan, cache: StageCache,
           computed: dict[str, int], timings: dict[str, float]) -> None:
    """Put a worker's results in the cache and in ``blobs`` (the document's groups)."""
    text_key, ann_key = plan.sources[doc_id]
    for name, sec in result["seconds"].items():
        timings[f"cpu:{name}"] = timings.get(f"cpu:{name}", 0.0) + sec
    if result["ann"] is not None:
        cache.put("annotate", ann_key, result["ann"])
        computed["annotate"] += 1
    blobs.update(result["groups"])
    keys = _final_keys(plan, doc_id, blobs)
    for name, blob in result["groups"].items():
        cache.put(f"extract:{name}", keys[name], blob)
        cache.set_latest(f"extract:{name}", text_key, blob.sha)
        computed[f"extract:{name}"] = computed.get(f"extract:{name}", 0) + 1
    for name in result["reused"]:
        computed[f"reused:{name}"] = computed.get(f"reused:{name}", 0) + 1
    computed["extract"] += 1


def _final_keys(plan: _Plan, doc_id: str, blobs: dict[str, Blob]) -> dict[str, str]:
    """Every group's key from the digests its inputs came out with (the planned key
    when those are the planned ones)."""
    text_key, ann_key = plan.sources[doc_id]
    planned, known = plan.keys[doc_id], plan.shas[doc_id]
    shas = {name: blob.sha for name, blob in blobs.items()}
    return {
        name: planned[name] if name in planned and all(shas[d] == known.get(d) for d in deps)
        else stage.group_key(name, plan.group_fps, text_key, ann_key, shas)
        for name, (_, deps) in stage.GROUPS.items()
    }


def _early_executor(plan: _Plan, cache: StageCache, options: RunOptions, stack: contextlib.ExitStack,
                    rules: RuleSet):
    """When the plan has work, start the workers now: they load models and build
    rule tables while this process reads the cached groups."""
    if not plan.missing:
        return None
    groups = tuple(sorted(set().union(*plan.missing.values())))
    stored = set() if options.force else cache.keys("annotate")
    ann = any(plan.sources[d][1] not in stored for d, g in plan.missing.items() if stage.ANN_GROUPS.intersection(g))
    ex = stack.enter_context(make_executor(
        _executor_kind(options, len(plan.missing), ann), workers=options.workers, scheduler=options.scheduler,
        warmup=functools.partial(_warm_worker, groups, ann, rules)))
    ex.start()
    return ex


def _warm_worker(groups: tuple[str, ...], annotate_too: bool, rules: RuleSet) -> None:
    if annotate_too:
        annotate("warm-up", "Семинар провела О.Я. Ласкан.")
    stage.warm(groups, rules)


def _assemble(docs: list[Document], found: dict[str, dict[str, Blob]], rules: RuleSet,
              groups: tuple[str, ...] | None = None) -> dict[str, Extraction]:
    """Records from the groups' stored form: decoded only when the tables are rebuilt.
    With ``groups``, only those are decoded, as they are (for ``simple_tables``)."""
    if groups is not None:
        return {d.doc_id: Extraction(d.doc_id, **{n: stage.load_group(n, found[d.doc_id][n].value()) for n in groups})
                for d in docs if d.doc_id in found}
    return {
        d.doc_id: stage.assemble(d.doc_id, d.text, {n: stage.load_group(n, b.value())
                                                    for n, b in found[d.doc_id].items()}, rules)
        for d in docs if d.doc_id in found
    }


def _entities(docs: list[Document], found: dict[str, dict[str, Blob]], plan: _Plan, resolver: str,
              previous: dict | None, rules: RuleSet) -> tuple[dict, dict[str, Extraction]]:
    """What resolve's entities (persons, organizations, schools, places) are computed
    from: the resolver (code, the rules it reads), every document's text and metadata,
    and per document the digest of its entity groups and of the entities ``assemble``
    makes of them (``stage.entity_digest``). A document whose groups are those of the
    ``previous`` run keeps its digest; the others are assembled, and returned too."""
    known = previous["entities"] if previous and previous.get("resolver") == resolver else {}
    out: dict[str, list[str]] = {}
    assembled: dict[str, Extraction] = {}
    for d in docs:
        if d.doc_id not in found:
            continue
        groups = found[d.doc_id]
        inputs = digest(*(groups[name].sha for name in stage.ENTITY_GROUPS))
        if known.get(d.doc_id, [""])[0] == inputs:
            out[d.doc_id] = known[d.doc_id]
            continue
        assembled.update(_assemble([d], found, rules))
        out[d.doc_id] = [inputs, stage.entity_digest(assembled[d.doc_id])]
    documents = digest(*sorted(
        f"{d.doc_id}|{d.source}|{d.format}|{d.status}|{d.error_code}|{d.error}|{d.title}|{d.sha256}|{d.size}|"
        f"{d.encoding}|{plan.sources[d.doc_id][0] if d.doc_id in plan.sources else ''}" for d in docs))
    return {"resolver": resolver, "documents": documents, "entities": out}, assembled


def _same_entities(a: dict, b: dict) -> bool:
    """Two runs' entities are computed from the same: resolver, documents, and every
    document's assembled entities (whatever groups they were assembled from)."""
    return (a.get("resolver") == b["resolver"] and a.get("documents") == b["documents"]
            and {k: v[1] for k, v in a.get("entities", {}).items()} == {k: v[1] for k, v in b["entities"].items()})


def extract_all(docs, progress: Progress | None = None, rules: RuleSet | None = None):
    """Annotate + extract without cache or workers (for ``svodka eval`` and notebooks),
    with the rules of ``models/`` (or of ``SVODKA_MODELS_DIR``) unless given others."""
    rules = rules if rules is not None else RuleSet(MODELS_DIR)
    docs = list(docs)
    extractions: dict[str, Extraction] = {}
    for n, doc in enumerate(docs, 1):
        if doc.ok:
            try:
                extractions[doc.doc_id] = stage.extract(doc.doc_id, doc.text, annotate(doc.doc_id, doc.text), rules)
            except Exception as exc:  # one bad document never stops the run
                log.exception("extraction failed for %s", doc.source)
                doc.status, doc.error_code = "error", E.INTERNAL.code
                doc.error = E.INTERNAL.format(detail=f"{type(exc).__name__}: {exc}")
        if progress:
            progress("extract", n, len(docs))
    return docs, extractions


__all__ = ["RuleError", "RunOptions", "RunSummary", "check_rules", "extract_all", "process_payload", "run"]
