"""The runner: owns all reading and writing; stages stay pure functions.

ingest → annotate → extract → resolve → export, re-running only what changed:

- ingest is cached by the bytes of each file and the reader versions;
- annotate (natasha, the slow part) by the cleaned text and the model versions;
- extract per rule group (see ``extract.stage``) by text, annotation and the
  bytes of the rule files the group reads;
- resolve + export run when anything above changed; an unchanged archive with
  unchanged rules is a no-op that leaves the identical tables in place.

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
from .cache import StageCache, default_cache_dir, digest
from .errors import E
from .executors import make_executor
from .export import DB_NAME
from .extract import stage
from .ingest import IngestLimits, ingest, read_one
from .ingest.paths import doc_id as make_doc_id
from .records import Annotation, Document, Extraction
from .resolve import resolve
from .rules import RuleError
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
    """Worker side: annotate (unless given) and run the missing rule groups.

    Plain dicts in and out: the executor ships them to other processes or hosts.
    """
    text = payload["text"]
    seconds: dict[str, float] = {}
    ann = from_annotation(payload["ann"]) if payload.get("ann") else None
    if ann is None and payload["need_ann"]:
        t0 = time.process_time()
        ann = annotate(payload["doc_id"], text)
        seconds["annotate"] = time.process_time() - t0
    have = {name: stage.load_group(name, rows) for name, rows in payload["have"].items()}
    got, computed = stage.run_groups(text, ann, have, seconds, only=payload["groups"])
    return {
        "ann": to_annotation_data(ann) if ann is not None and not payload.get("ann") else None,
        "groups": {name: stage.dump_group(got[name]) for name in computed},
        "seconds": seconds,
    }


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
    """``read_one`` behind the ingest cache: a file's Document by its bytes."""

    def __init__(self, cache: StageCache, fp: str, force: bool) -> None:
        self.cache, self.fp, self.force = cache, fp, force
        self.computed = 0

    def __call__(self, source: str, name: str, data: bytes, limits: IngestLimits) -> Document:
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        key = digest(self.fp, ext, hashlib.sha256(data).hexdigest(), str(limits))
        hit = None if self.force else self.cache.get("ingest", key)
        if hit is not None:
            return Document(**{**hit, "doc_id": make_doc_id(source), "source": source})
        doc = read_one(source, name, data, limits)
        self.computed += 1
        if doc.error_code != E.INTERNAL.code:
            self.cache.put("ingest", key, {k: v for k, v in asdict(doc).items() if k not in ("doc_id", "source")})
        return doc


# --------------------------------------------------------------------------- the run


def run(options: RunOptions, progress: Progress | None = None) -> RunSummary:
    t0 = time.perf_counter()
    rules_fp = check_rules()
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
        cache.commit()
        lap("ingest")
        plan = _plan(docs, cache, fps, group_fps, options.force)
        run_key = digest(
            OUTPUT_VERSION, __version__, rules_fp, options.csv_dialect, str(options.xlsx),
            *sorted(f"{d.source}:{d.sha256}:{d.status}:{plan.ex_keys.get(d.doc_id, '')}" for d in docs),
        )
        last = registry.last(options.out_dir) if registry else None
        if (not options.force and not plan.missing and last is not None and last.key == run_key
                and (options.out_dir / DB_NAME).exists()):
            ok = sum(d.ok for d in docs)
            lap("plan")
            return RunSummary(len(docs), ok, len(docs) - ok, options.out_dir, time.perf_counter() - t0,
                              last.counts, last.run_id, unchanged=True, computed={"ingest": reader.computed},
                              timings=timings)
        lap("plan")
        from .export import frames, write_tables  # pandas and friends: not needed by a no-op

        found, computed, content = _extract_all(docs, plan, cache, options, progress, timings)
        computed["ingest"] = reader.computed
        lap("extract")
        ok = sum(d.ok for d in docs)
        content_key = digest(
            OUTPUT_VERSION, __version__, options.csv_dialect, str(options.xlsx),
            *sorted(f"{d.source}:{d.sha256}:{d.status}:{d.error}:{content.get(d.doc_id, '')}" for d in docs),
        )
        if (registry and not options.force and last is not None and last.content == content_key
                and (options.out_dir / DB_NAME).exists()):
            # early cutoff: the extraction came out as last time, so would every table
            run_id = registry.record(rules_fp, options.out_dir, last.counts, run_key, content_key).run_id
            registry.prune()
            return RunSummary(len(docs), ok, len(docs) - ok, options.out_dir, time.perf_counter() - t0,
                              last.counts, run_id, unchanged=True, computed=computed, timings=timings)
        resolved = resolve(docs, _assemble(docs, found))
        lap("resolve")
        tables = frames(resolved)
        write_tables(tables, options.out_dir, options.csv_dialect, options.xlsx)
        run_id = ""
        counts = {k: len(v) for k, v in tables.items()}
        if registry:
            run_id = registry.record(rules_fp, options.out_dir, counts, run_key, content_key).run_id
            registry.prune()
        lap("export")
        return RunSummary(
            documents=len(docs), ok=ok, errors=len(docs) - ok, out_dir=options.out_dir,
            seconds=time.perf_counter() - t0, counts=counts, run_id=run_id, computed=computed, timings=timings,
        )
    finally:
        cache.close()
        if registry:
            registry.close()


@dataclass
class _Plan:
    keys: dict[str, dict[str, str]]  # doc_id -> group -> cache key
    ann_keys: dict[str, str]
    missing: dict[str, set[str]]  # doc_id -> groups not in the cache
    ex_keys: dict[str, str]  # doc_id -> what its extraction is computed from


def _plan(docs: list[Document], cache: StageCache, fps, group_fps, force: bool) -> _Plan:
    """Which rule groups of which documents must be computed (no payload is loaded)."""
    stored = {name: (set() if force else cache.keys(f"extract:{name}")) for name in stage.GROUPS}
    plan = _Plan({}, {}, {}, {})
    for doc in docs:
        if not doc.ok:
            continue
        text_key = digest("text", doc.text)
        ann_key = digest(fps["annotate"], text_key)
        keys = stage.group_keys(text_key, ann_key, group_fps)
        plan.keys[doc.doc_id], plan.ann_keys[doc.doc_id] = keys, ann_key
        plan.ex_keys[doc.doc_id] = digest(*keys.values())
        missing = {name for name, key in keys.items() if key not in stored[name]}
        if missing:
            plan.missing[doc.doc_id] = missing
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
                 timings: dict[str, float]):
    """Annotate + extract every ok document: cached groups are loaded, the rest
    computed on the executor. Returns each document's group rows, the counts of
    what was computed, and a digest of each document's records.

    Documents with work go first, longest first (no huge report stalls the last
    batch), their cached groups read in chunks as the workers take them, so the
    workers start while this process is still reading the cache."""
    found: dict[str, dict[str, list[dict]]] = {}  # doc_id -> group -> its records as rows
    computed = {"annotate": 0, "extract": 0}
    shas: dict[str, dict[str, str]] = {}  # doc_id -> group -> digest of its records
    ok_docs = [d for d in docs if d.ok]
    planned = sorted((d for d in ok_docs if d.doc_id in plan.missing), key=lambda d: -len(d.text))
    rest = [d for d in ok_docs if d.doc_id not in plan.missing]
    done = 0

    def payloads(chunk_docs: list[Document]) -> Iterator[dict]:
        """Payloads of the documents of ``chunk_docs`` that need work; the others are found."""
        nonlocal done
        for i in range(0, len(chunk_docs), 256):
            chunk = chunk_docs[i : i + 256]
            stored = {name: cache.entries(f"extract:{name}", [plan.keys[d.doc_id][name] for d in chunk
                                                                if name not in plan.missing.get(d.doc_id, ())])
                      for name in stage.GROUPS}
            for doc in chunk:
                have, shas[doc.doc_id] = {}, {}
                for name, key in plan.keys[doc.doc_id].items():
                    entry = stored[name].get(key)
                    if entry is not None:  # missing, or corrupt and dropped: compute it again
                        have[name], shas[doc.doc_id][name] = entry
                if len(have) == len(stage.GROUPS):
                    found[doc.doc_id] = have
                    done += 1
                    continue
                groups = [name for name in stage.GROUPS if name not in have]
                need_ann = any(name in stage.ANN_GROUPS for name in groups)
                ann = cache.get("annotate", plan.ann_keys[doc.doc_id]) if need_ann and not options.force else None
                held[doc.doc_id] = have  # only what the missing groups read travels to the worker
                yield {"doc_id": doc.doc_id, "text": doc.text, "ann": ann, "need_ann": need_ann, "groups": groups,
                       "have": {name: have[name] for name in stage.inputs_of(groups) if name in have}}

    by_id = {d.doc_id: d for d in ok_docs}
    held: dict[str, dict[str, list[dict]]] = {}  # cached groups of the documents at the workers
    with contextlib.ExitStack() as stack:
        ex = _early_executor(plan, cache, options, stack)
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
            if isinstance(result, BaseException):
                log.error("extraction failed for %s: %s", doc.source, result)
                held.pop(doc.doc_id, None)
                doc.status, doc.error_code = "error", E.INTERNAL.code
                doc.error = E.INTERNAL.format(detail=f"{type(result).__name__}: {result}")
            else:
                keys = plan.keys[doc.doc_id]
                for name, sec in result["seconds"].items():
                    timings[f"cpu:{name}"] = timings.get(f"cpu:{name}", 0.0) + sec
                if result["ann"] is not None:
                    cache.put("annotate", plan.ann_keys[doc.doc_id], result["ann"])
                    computed["annotate"] += 1
                for name, rows in result["groups"].items():
                    shas[doc.doc_id][name] = cache.put(f"extract:{name}", keys[name], rows)
                    computed[f"extract:{name}"] = computed.get(f"extract:{name}", 0) + 1
                computed["extract"] += 1
                found[doc.doc_id] = {**held.pop(doc.doc_id), **result["groups"]}
            if progress:
                progress("extract", done, len(ok_docs))
            if done % 200 == 0:
                cache.commit()
    cache.commit()
    content = {d: digest(*(g.get(name, "") for name in stage.GROUPS)) for d, g in shas.items() if d in found}
    return found, computed, content


def _early_executor(plan: _Plan, cache: StageCache, options: RunOptions, stack: contextlib.ExitStack):
    """When the plan has work, start the workers now: they load models and build
    rule tables while this process reads the cached groups."""
    if not plan.missing:
        return None
    groups = tuple(sorted(set().union(*plan.missing.values())))
    stored = set() if options.force else cache.keys("annotate")
    ann = any(plan.ann_keys[d] not in stored for d, g in plan.missing.items() if g & stage.ANN_GROUPS)
    ex = stack.enter_context(make_executor(
        _executor_kind(options, len(plan.missing), ann), workers=options.workers, scheduler=options.scheduler,
        warmup=functools.partial(_warm_worker, groups, ann)))
    ex.start()
    return ex


def _warm_worker(groups: tuple[str, ...], annotate_too: bool) -> None:
    if annotate_too:
        annotate("warm-up", "Семинар провела О.Я. Ласкан.")
    stage.warm(groups)


def _assemble(docs: list[Document], found: dict[str, dict[str, list[dict]]]) -> dict[str, Extraction]:
    """Records from the groups' rows: only when the tables are rebuilt."""
    return {
        d.doc_id: stage.assemble(d.doc_id, d.text, {n: stage.load_group(n, r) for n, r in found[d.doc_id].items()})
        for d in docs if d.doc_id in found
    }


def extract_all(docs, progress: Progress | None = None):
    """Annotate + extract without cache or workers (for ``svodka eval`` and notebooks)."""
    docs = list(docs)
    extractions: dict[str, Extraction] = {}
    for n, doc in enumerate(docs, 1):
        if doc.ok:
            try:
                extractions[doc.doc_id] = stage.extract(doc.doc_id, doc.text, annotate(doc.doc_id, doc.text))
            except Exception as exc:  # one bad document never stops the run
                log.exception("extraction failed for %s", doc.source)
                doc.status, doc.error_code = "error", E.INTERNAL.code
                doc.error = E.INTERNAL.format(detail=f"{type(exc).__name__}: {exc}")
        if progress:
            progress("extract", n, len(docs))
    return docs, extractions


__all__ = ["RuleError", "RunOptions", "RunSummary", "check_rules", "extract_all", "process_payload", "run"]
