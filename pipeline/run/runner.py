"""A run, in the order a reader expects: ingest → annotate + extract → resolve → export.

Each step re-runs only what changed (see ``fingerprints``, ``plan``,
``extraction``, ``tables``), and ``freshness.is_fresh`` decides the two early
exits: an unchanged archive with unchanged code and rules (nothing to do), and
an extraction that came out as last time (the tables would too).
"""

from __future__ import annotations

import logging
import sqlite3
import time

from ..annotate import annotate
from ..cache import StageCache, digest, heal, is_damage
from ..errors import E, RunFailed, UsageError
from ..export.manifest import bound_inputs
from ..export.tableset import locked
from ..extract import stage
from ..extract.registry import COMPONENTS, rule_files
from ..ingest import ingest
from ..records import Document, Extraction
from ..rules import load_rule_file, validate_rule_file
from ..ruleset import RuleSet
from ..runs import Registry
from .extraction import Extraction as ExtractionRun
from .extraction import Progress
from .fingerprints import Fingerprints
from .freshness import is_fresh
from .ingest_cache import CachedReader
from .options import RunOptions, RunSummary
from .plan import doc_meta, make_plan
from .tables import build_tables, input_names

log = logging.getLogger(__name__)


def check_rules(rules: RuleSet) -> str:
    """Validate every rule file of ``models/schema.yaml`` (and so every file a
    component declares) before any document is read: types, regular expressions,
    duplicates, aliases; a RuleError names file:line. Returns the digest of the
    rules folder."""
    declared = set(load_rule_file("schema.yaml", rules.models_dir).data or {})
    for name in sorted(declared | set(rule_files())):
        validate_rule_file(name, rules.models_dir)
    return rules.digest()


def run(options: RunOptions, progress: Progress | None = None) -> RunSummary:
    """One run; another run into the same output folder waits for this one."""
    rules = RuleSet(options.models_dir)
    rules_digest = check_rules(rules)
    if not any(p.is_file() or (p.is_dir() and any(q.is_file() for q in p.rglob("*"))) for p in options.inputs):
        raise UsageError(f"no input files under {', '.join(str(p) for p in options.inputs)}; nothing changed")
    with locked(options.out_dir):
        bound = bound_inputs(options.out_dir)
        if bound and bound != input_names(options) and not options.replace:
            raise UsageError(
                f"{options.out_dir} holds the tables of another archive ({', '.join(bound)}); "
                "give another --out, or --replace to overwrite them")
        try:
            return _run(options, rules, rules_digest, progress)
        except sqlite3.DatabaseError as exc:
            # a damaged page of the cache or the history surfaced mid-run: move the
            # damaged database aside (the tables in place are untouched) and run again
            if not is_damage(exc) or options.cache_dir is None or not heal(options.cache_dir):
                raise
            return _run(options, rules, rules_digest, progress)


def _run(options: RunOptions, rules: RuleSet, rules_digest: str, progress: Progress | None) -> RunSummary:
    t0 = time.perf_counter()
    cache = StageCache(options.cache_dir)
    registry = Registry(options.cache_dir) if options.cache_dir else None
    try:
        timings: dict[str, float] = {}
        lap = _Lap(timings)
        fps = Fingerprints(cache, rules)
        reader = CachedReader(cache, fps.key("ingest"), options.force)
        docs: list[Document] = []
        for doc in ingest(options.inputs, options.limits, reader=reader):
            docs.append(doc)
            if progress:
                progress("ingest", len(docs), None)
        if progress:
            progress("ingest", len(docs), len(docs))  # the count is known now: the bar completes
        lap("ingest")
        inputs_key = _inputs_key(docs, reader.keys, rules_digest, fps, options)
        last = registry.last(options.out_dir) if registry else None

        skipped = sum(d.status == "skipped" for d in docs)

        def summary(ok: int, counts: dict[str, int], run_id: str, **kw) -> RunSummary:
            return RunSummary(len(docs), ok, len(docs) - ok - skipped, options.out_dir, time.perf_counter() - t0,
                              counts, run_id, skipped=skipped, timings=timings, **kw)

        if last is not None and is_fresh(last, options, key=inputs_key):
            cache.commit()  # the very files, code, rules and versions that made the tables in place
            return summary(last.ok, last.counts, last.run_id, unchanged=True, computed={"ingest": reader.computed})
        why = {name: fps.why(name) for name in fps.code}
        docs = reader.fill(docs, lambda: ingest(options.inputs, options.limits, reader=reader))
        cache.commit()
        lap("decode")
        plan = make_plan(docs, cache, fps, options.force)
        lap("plan")
        extraction = ExtractionRun(plan, cache, rules, executor=options.executor, workers=options.workers,
                                   scheduler=options.scheduler, force=options.force, progress=progress)
        readable = sum(d.ok for d in docs)
        extracted = extraction.run(docs)
        if extracted.failed and len(extracted.failed) * 2 > readable:
            raise RunFailed(  # a bug or a broken environment, not the documents: keep the tables in place
                f"extraction failed on {len(extracted.failed)} of {readable} readable documents, so the tables "
                f"in place are kept; first failure: {extracted.failed[0]}")
        extraction.rekey()
        found, computed = extracted.found, {**extracted.computed, "ingest": reader.computed}
        timings.update({f"cpu:{k}": v for k, v in extracted.seconds.items()})
        lap("extract")
        ok = sum(d.ok for d in docs)
        content = {doc_id: digest(*(g[name].sha for name in COMPONENTS)) for doc_id, g in found.items()}
        parts = sorted(f"{d.source}:{d.sha256}:{d.status}:{d.error}:{content.get(d.doc_id, '')}" for d in docs)

        def content_of() -> str:
            """What the tables are made of: the records, and the code (with the rules it
            read) that makes tables of them."""
            return digest(fps.key("resolve"), fps.key("export"), options.csv_dialect, str(options.xlsx), *parts)

        content_key = content_of()
        ran = _why(why, computed)
        inputs_key = _inputs_key(docs, reader.keys, rules_digest, fps, options)  # with the reads recorded now
        if registry and last is not None and is_fresh(last, options, content=content_key):
            # early cutoff: the extraction came out as last time, so would every table
            run_id = registry.record(rules_digest, options.out_dir, last.counts, inputs_key, content_key, ok,
                                     registry.entities(last.run_id)).run_id
            registry.prune()
            fps.remember()
            return summary(ok, last.counts, run_id, unchanged=True, computed=computed, why=ran)
        previous = registry.entities(last.run_id) if registry and last is not None and not options.force else None
        counts, built, entities, content_key = build_tables(
            docs, found, plan, rules, fps, options, previous, last.content if last is not None else "", content_of,
            lap, progress)
        inputs_key = _inputs_key(docs, reader.keys, rules_digest, fps, options)  # resolve's reads too
        if "resolve" in why and why["resolve"]:
            ran["resolve"] = why["resolve"]
        run_id = ""
        if registry:
            run_id = registry.record(rules_digest, options.out_dir, counts, inputs_key, content_key, ok, entities).run_id
            registry.prune()
        fps.remember()
        cache.commit()
        lap("export")
        return summary(ok, counts, run_id, computed=computed, why=ran, rebuilt=built)
    finally:
        cache.close()
        if registry:
            registry.close()


def _inputs_key(docs: list[Document], keys: dict[str, str], rules_digest: str, fps: Fingerprints,
                options: RunOptions) -> str:
    """What the tables are computed from (each file's bytes by its ingest key, the
    rules, every stage's fingerprint, the options): equal keys, a no-op."""
    return digest(
        rules_digest, *(f"{name}={fps.key(name)}" for name in sorted(fps.code)), str(options.limits),
        options.csv_dialect, str(options.xlsx),
        *sorted(f"{d.source}:{keys.get(d.doc_id) or f'{d.status}:{d.error_code}:{d.sha256}:{d.size}'}" for d in docs),
    )


def _why(why: dict[str, list[str]], computed: dict[str, int]) -> dict[str, list[str]]:
    """Why each stage or component that computed something did: its fingerprint
    changed, or (when it did not) new or changed documents, or changed inputs."""
    out = {}
    for name in ("ingest", "annotate", *COMPONENTS):
        n = computed.get(f"extract:{name}", computed.get(name, 0))
        if n:
            out[name] = why.get(name) or [f"new or changed input in {n} documents"]
    return out


class _Lap:
    """Wall seconds since the previous lap, stored as ``wall:<phase>``."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings, self.t = timings, time.perf_counter()

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        self.timings[f"wall:{phase}"] = round(now - self.t, 4)
        self.t = now


def extract_all(docs, rules: RuleSet, progress: Progress | None = None):
    """Annotate + extract without cache or workers (for ``svodka eval`` and notebooks)."""
    docs = list(docs)
    extractions: dict[str, Extraction] = {}
    for n, doc in enumerate(docs, 1):
        if doc.ok:
            try:
                extractions[doc.doc_id] = stage.extract(doc.doc_id, doc.text, annotate(doc.doc_id, doc.text), rules,
                                                        doc_meta(doc))
            except Exception as exc:  # one bad document never stops the run
                log.exception("extraction failed for %s", doc.source)
                doc.status, doc.error_code = "error", E.INTERNAL.code
                doc.error = E.INTERNAL.format(detail=f"{type(exc).__name__}: {exc}")
        if progress:
            progress("extract", n, len(docs))
    return docs, extractions
