"""Which components of which documents must be computed: decided before any
cached record is decoded.

A component's cache key hashes its fingerprint (code, packages, the rule fields
it reads), its source (the text, or the annotation when it reads one) and the
*content digests* of the records of the components it reads. A component whose
inputs are cached has a known key. One whose inputs are to be recomputed has
not, but it gets a guess: its key if those inputs come out as they last did
(``cache.latest``), when an entry exists under that key. So a rule edit that
changes no record re-runs the component that reads the rule, and nothing
downstream (early cutoff, as in build systems such as Shake).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..cache import Blob, StageCache, digest
from ..extract.registry import COMPONENTS
from ..records import DocMeta, Document
from .fingerprints import Fingerprints


def text_key(doc: Document) -> str:
    return digest("text", doc.text)


def doc_meta(doc: Document) -> DocMeta:
    return DocMeta(doc.source, doc.published, doc.published_from, doc.dateline)


def meta_key(meta: DocMeta) -> str:
    return digest("meta", meta.source, meta.published, meta.published_from, meta.dateline)


@dataclass(frozen=True)
class Sources:
    """What a document's components are computed from, by digest."""

    text: str
    annotation: str
    meta: str


def component_key(name: str, fps: Fingerprints, src: Sources, shas: dict[str, str]) -> str:
    """Cache key of one component of one document; ``shas`` holds the content
    digests of the records of the components it reads."""
    c = COMPONENTS[name]
    return digest("extract", name, fps.key(name), src.annotation if c.reads_annotation else src.text,
                  src.meta if c.reads_document else "", *(shas[d] for d in c.consumes))


@dataclass
class Plan:
    fps: Fingerprints
    sources: dict[str, Sources] = field(default_factory=dict)
    keys: dict[str, dict[str, str]] = field(default_factory=dict)  # doc_id -> component -> key, where known
    shas: dict[str, dict[str, str]] = field(default_factory=dict)  # doc_id -> component -> digest, when cached
    missing: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> components not cached, in order
    # doc_id -> component -> (the digests of its recomputed inputs it assumes, the key it would then have)
    guesses: dict[str, dict[str, tuple[dict[str, str], str]]] = field(default_factory=dict)

    def usable(self, doc_id: str, stored: dict[str, dict[str, Blob]]):
        """The document's cached records that stand (``have``: they and their inputs
        were found), and those that stand if their recomputed inputs come out as
        assumed (``reuse``: component -> (assumed input digests, records)). An
        entry that turned out corrupt is in neither: it is computed again."""
        have: dict[str, Blob] = {}
        reuse: dict[str, tuple[dict[str, str], Blob]] = {}
        keys, shas = self.keys[doc_id], self.shas[doc_id]
        guesses = self.guesses.get(doc_id, {})
        for name, c in COMPONENTS.items():
            assumed: dict[str, str] = {}
            if name in shas:
                blob = stored[name].get(keys[name])
            elif name in guesses:
                assumed, key = guesses[name]
                blob = stored[name].get(key)
            else:
                continue
            if blob is None:
                continue
            if all(d in have for d in c.consumes):
                have[name] = blob
            else:
                reuse[name] = ({d: shas.get(d) or assumed[d] for d in c.consumes if d not in have}, blob)
        return have, reuse

    def final_keys(self, doc_id: str, blobs: dict[str, Blob]) -> dict[str, str]:
        """Every component's key from the digests its inputs came out with and the
        fingerprints as they stand now (reads recorded in this run included)."""
        shas = {name: blob.sha for name, blob in blobs.items()}
        return {name: component_key(name, self.fps, self.sources[doc_id], shas) for name in COMPONENTS}


def make_plan(docs: list[Document], cache: StageCache, fps: Fingerprints, force: bool) -> Plan:
    """Look up every component of every readable document by key (no payload is read)."""
    stored = {name: ({} if force else cache.shas(f"extract:{name}")) for name in COMPONENTS}
    plan = Plan(fps)
    annotate_key = fps.key("annotate")
    unknown: list[str] = []  # documents with components whose inputs are recomputed
    for doc in docs:
        if not doc.ok:
            continue
        text = text_key(doc)
        src = Sources(text, digest(annotate_key, text), meta_key(doc_meta(doc)))
        keys: dict[str, str] = {}
        shas: dict[str, str] = {}
        missing = []
        for name, c in COMPONENTS.items():
            if all(d in shas for d in c.consumes):
                keys[name] = component_key(name, fps, src, shas)
                if keys[name] in stored[name]:
                    shas[name] = stored[name][keys[name]]
                    continue
            missing.append(name)
        plan.sources[doc.doc_id] = src
        plan.keys[doc.doc_id], plan.shas[doc.doc_id] = keys, shas
        if missing:
            plan.missing[doc.doc_id] = missing
            if len(keys) < len(COMPONENTS):
                unknown.append(doc.doc_id)
    if unknown and not force:
        _guess(plan, unknown, cache, stored)
    return plan


def _guess(plan: Plan, unknown: list[str], cache: StageCache, stored: dict[str, dict[str, str]]) -> None:
    sources = [plan.sources[d].text for d in unknown]
    recomputed = {d for doc_id in unknown for name in plan.missing[doc_id] for d in COMPONENTS[name].consumes
                  if d not in plan.shas[doc_id]}
    latest = {name: cache.latest(f"extract:{name}", sources) for name in sorted(recomputed)}
    for doc_id in unknown:
        src = plan.sources[doc_id]
        shas = plan.shas[doc_id]
        for name in plan.missing[doc_id]:
            consumes = COMPONENTS[name].consumes
            assumed = {d: latest[d].get(src.text, "") for d in consumes if d not in shas}
            if name in plan.keys[doc_id] or not all(assumed.values()):
                continue
            key = component_key(name, plan.fps, src, {**shas, **assumed})
            if key in stored[name]:
                plan.guesses.setdefault(doc_id, {})[name] = (assumed, key)
