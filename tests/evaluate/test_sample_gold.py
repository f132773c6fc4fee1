"""The sample archive's two gold files together annotate every document of
``data/raw`` exactly once: the tidy reports (``eval/sample-gold.jsonl``, which
the acceptance bars are measured on) and the less tidy ones
(``eval/sample-messy-gold.jsonl``, see ``eval/README.md``)."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluate import load_gold
from pipeline.ingest import ingest

REPO = Path(__file__).resolve().parents[2]


def test_sample_golds_annotate_every_document_once():
    tidy = load_gold(REPO / "eval" / "sample-gold.jsonl")
    messy = load_gold(REPO / "eval" / "sample-messy-gold.jsonl")
    assert len(tidy) == 29  # the set the acceptance bars hold; new reports go to the messy file
    assert set(tidy).isdisjoint(messy)
    docs = [d.source for d in ingest([REPO / "data" / "raw"])]
    assert len(docs) == len(set(docs))
    assert set(tidy) | set(messy) == set(docs)
