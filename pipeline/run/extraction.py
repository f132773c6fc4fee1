"""Annotate + extract every readable document: cached records are read, the rest
computed on an executor (this process, all cores, or Dask).

Documents with work go first, longest first (no huge report stalls the last
batch), their cached records read in chunks as the workers take them, so the
workers start (loading models, building rule tables) while this process is
still reading the cache. A failure in one document is an error row; a broken
rule file stops the run.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import itertools
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..annotate import annotate
from ..cache import Blob, StageCache, encode
from ..errors import E, RuleError
from ..executors import default_workers, make_executor
from ..extract.registry import COMPONENTS, inputs_of
from ..records import Annotation, DocMeta, Document
from ..ruleset import RuleSet
from .costs import Costs
from .plan import Plan, doc_meta
from .protocol import WorkItem, WorkResult, annotation_data, process

log = logging.getLogger(__name__)

SERIAL_BELOW = 400  # documents of rule-only work done in this process (while their cost is unknown)
SERIAL_BELOW_ANN = 8  # documents to annotate done in this process (likewise)
POOL_START = 0.75  # seconds a pool of two workers takes to start (spawn, imports, rule tables) on 2 cores
CHUNK = 256  # documents whose cached records are read in one query
WRITERS = "..export.writers"  # pandas, pyarrow, duckdb: half a second to import
Progress = Callable[[str, int, int | None], None]  # (stage, done, total)


@dataclass
class Extracted:
    """Every document's records in stored form, and what was computed."""

    found: dict[str, dict[str, Blob]] = field(default_factory=dict)  # doc_id -> component -> records
    computed: dict[str, int] = field(default_factory=lambda: {"annotate": 0, "extract": 0})
    failed: list[str] = field(default_factory=list)  # errors of the documents extraction failed on
    seconds: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage, summed over workers


class Extraction:
    """One run's extraction; ``run`` fills an ``Extracted``."""

    def __init__(self, plan: Plan, cache: StageCache, rules: RuleSet, *, executor: str, workers: int | None,
                 scheduler: str | None, force: bool, progress: Progress | None) -> None:
        self.plan, self.cache, self.rules = plan, cache, rules
        self.executor, self.workers, self.scheduler, self.force = executor, workers, scheduler, force
        self.progress = progress
        self.costs = Costs(cache)
        self.out = Extracted()
        self.held: dict[str, dict[str, Blob]] = {}  # records of the documents at the workers
        self.done = 0

    def run(self, docs: list[Document]) -> Extracted:
        ok_docs = [d for d in docs if d.ok]
        planned = sorted((d for d in ok_docs if d.doc_id in self.plan.missing), key=lambda d: -len(d.text))
        rest = [d for d in ok_docs if d.doc_id not in self.plan.missing]
        by_id = {d.doc_id: d for d in ok_docs}
        with contextlib.ExitStack() as stack:
            ex = self._start_early(stack)
            if ex is not None:  # the planned work first; the cached documents are read meanwhile
                work: Iterator[WorkItem] = itertools.chain(self._items(planned), self._items(rest))
            else:  # everything planned is cached, unless an entry turns out corrupt
                unforeseen = list(self._items(rest))
                if unforeseen:
                    to_annotate = sum(i.needs_annotation and not i.annotation for i in unforeseen)
                    stages = Counter(n for i in unforeseen for n in i.components)
                    kind = self._kind({**stages, "annotate": to_annotate}, len(unforeseen), to_annotate > 0)
                    ex = stack.enter_context(make_executor(kind, workers=self.workers, scheduler=self.scheduler))
                work = iter(unforeseen)
            self._tick(len(ok_docs))
            for item, result in ex.map(process, work, batch_size=8) if ex is not None else ():
                self._take(by_id[item.doc_id], result)
                self._tick(len(ok_docs))
                if self.done % 200 == 0:
                    self.cache.commit()
        self.costs.record(self.out.seconds, self.out.computed)
        self.cache.commit()
        return self.out

    def _tick(self, total: int) -> None:
        if self.progress:
            self.progress("extract", self.done, total)

    def _items(self, docs: list[Document]) -> Iterator[WorkItem]:
        """Work items of the documents that need work; the others are found."""
        plan = self.plan
        for i in range(0, len(docs), CHUNK):
            chunk = docs[i : i + CHUNK]
            wanted: dict[str, list[str]] = {name: [] for name in COMPONENTS}
            for d in chunk:
                for name in plan.shas[d.doc_id]:
                    wanted[name].append(plan.keys[d.doc_id][name])
                for name, (_, key) in plan.guesses.get(d.doc_id, {}).items():
                    wanted[name].append(key)
            stored = {name: self.cache.blobs(f"extract:{name}", keys) for name, keys in wanted.items()}
            todo = []
            for doc in chunk:
                have, reuse = plan.usable(doc.doc_id, stored)
                if len(have) == len(COMPONENTS):
                    self.out.found[doc.doc_id] = have
                    self.done += 1
                else:
                    todo.append((doc, have, reuse, [name for name in COMPONENTS if name not in have]))
            need_ann = {doc.doc_id for doc, _, _, names in todo if any(COMPONENTS[n].reads_annotation for n in names)}
            wanted_anns = [plan.sources[d].annotation for d in sorted(need_ann)]
            anns = {} if self.force else self.cache.blobs("annotate", wanted_anns)
            for doc, have, reuse, names in todo:
                self.held[doc.doc_id] = {**have, **{name: blob for name, (_, blob) in reuse.items()}}
                yield WorkItem(
                    doc_id=doc.doc_id, text=doc.text, meta=doc_meta(doc), rules=self.rules, components=names,
                    have={name: have[name] for name in inputs_of(names) if name in have}, reuse=reuse,
                    annotation=anns.get(plan.sources[doc.doc_id].annotation), needs_annotation=doc.doc_id in need_ann)

    def _take(self, doc: Document, result: WorkResult | BaseException) -> None:
        """A worker's result into the cache and the document's records."""
        self.done += 1
        blobs = self.held.pop(doc.doc_id)
        if isinstance(result, RuleError):  # the rules, not this document: stop the run
            raise result
        if isinstance(result, BaseException):
            log.error("extraction failed for %s: %s", doc.source, result)
            doc.status, doc.error_code = "error", E.INTERNAL.code
            doc.error = E.INTERNAL.format(detail=f"{type(result).__name__}: {result}")
            self.out.failed.append(f"{doc.source}: {type(result).__name__}: {result}")
            return
        out, plan = self.out, self.plan
        for name, sec in result.seconds.items():
            out.seconds[name] = out.seconds.get(name, 0.0) + sec
        src = plan.sources[doc.doc_id]
        if result.annotation is not None:
            self.cache.put("annotate", src.annotation, result.annotation)
            out.computed["annotate"] += 1
        for name, reads in result.reads.items():
            plan.fps.record_reads(name, reads)
        blobs.update(result.records)
        keys = plan.final_keys(doc.doc_id, blobs)
        for name, blob in result.records.items():
            self.cache.put(f"extract:{name}", keys[name], blob)
            self.cache.set_latest(f"extract:{name}", src.text, blob.sha)
            out.computed[f"extract:{name}"] = out.computed.get(f"extract:{name}", 0) + 1
        for name in result.reused:
            out.computed[f"reused:{name}"] = out.computed.get(f"reused:{name}", 0) + 1
        out.computed["extract"] += 1
        out.found[doc.doc_id] = {name: blobs[name] for name in COMPONENTS}

    def _kind(self, work: dict[str, int], n_todo: int, need_ann: bool) -> str:
        """Work that costs less than starting workers (which first import the
        pipeline and build their rule tables, or load natasha) is done here: by its
        cost the last runs measured (``work``: stage -> documents), else by count."""
        if self.executor != "local":
            return self.executor
        cost = self.costs.estimate(work)
        if cost is None:
            return "serial" if n_todo <= (SERIAL_BELOW_ANN if need_ann else SERIAL_BELOW) else "local"
        workers = self.workers or default_workers()
        # on W workers the work takes cost / W after the start: worth it above start·W/(W−1)
        return "serial" if cost <= POOL_START * (workers / (workers - 1) if workers > 1 else 1) else "local"

    def _start_early(self, stack: contextlib.ExitStack):
        """When the plan has work, start the workers now: they load models and build
        rule tables while this process reads the cached records."""
        plan = self.plan
        if not plan.missing:
            return None
        names = tuple(sorted(set().union(*plan.missing.values())))
        stored = set() if self.force else self.cache.keys("annotate")
        to_annotate = sum(plan.sources[d].annotation not in stored for d, names_ in plan.missing.items()
                          if any(COMPONENTS[n].reads_annotation for n in names_))
        stages = Counter(n for names_ in plan.missing.values() for n in names_)
        kind = self._kind({**stages, "annotate": to_annotate}, len(plan.missing), to_annotate > 0)
        ann = to_annotate > 0
        ex = stack.enter_context(make_executor(kind, workers=self.workers, scheduler=self.scheduler,
                                               warmup=functools.partial(warm, names, self.rules, ann)))
        ex.start()
        if kind != "serial":  # this process mostly waits for the workers: load the writers meanwhile
            threading.Thread(target=importlib.import_module, args=(WRITERS, __package__), name="svodka-preload").start()
        return ex

    def rekey(self) -> None:
        """Store again, under their final keys, the records of the components whose
        recorded rule reads widened during this run (their fingerprint changed with
        them): the next run then finds every document's records."""
        grown = self.plan.fps.grown
        if not grown:
            return
        for doc_id, blobs in self.out.found.items():
            keys = self.plan.final_keys(doc_id, blobs)
            for name, blob in blobs.items():
                self.cache.put(f"extract:{name}", keys[name], blob)
        self.cache.commit()


_WARM_TEXT = "12 октября 2022 г. в МБОУ СОШ № 7 г. Читы прошёл семинар «Старт». Выступила методист ИМЦ Т.Н. Лаптева."


def warm(names: tuple[str, ...], rules: RuleSet, annotate_too: bool) -> None:
    """Build the rule tables of the components (and load natasha) before the first document."""
    if annotate_too:
        annotate("warm-up", "Семинар провела О.Я. Ласкан.")
    wanted = [n for n in COMPONENTS if n in names]  # only those to compute: the others' records are cached
    empty = {n: encode([]) for n in inputs_of(names) if n not in names}
    process(WorkItem("warm-up", _WARM_TEXT, DocMeta(), rules, wanted, empty, {},
                     annotation=encode(annotation_data(Annotation("warm-up")))))
