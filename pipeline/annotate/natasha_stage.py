"""natasha segmentation (razdel) and slovnet NER, models loaded once per process.

Only sentence bounds, tokens and NER spans are kept: that is what the rules use,
and it is small enough to cache as JSON. Morphology comes from pymorphy3 in the
rules, where it is ~3× faster than natasha's morph tagger on this genre.
"""

from __future__ import annotations

from functools import lru_cache

from . import compat  # noqa: F401  (must precede natasha)
from ..records import Annotation, NerSpan, Token

# Bump when the annotation output changes shape or meaning: part of the cache key.
VERSION = "natasha-seg-ner/1"


class Annotator:
    def __init__(self) -> None:
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter

        self.segmenter = Segmenter()
        self.ner = NewsNERTagger(NewsEmbedding())

    def __call__(self, doc_id: str, text: str) -> Annotation:
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_ner(self.ner)
        return Annotation(
            doc_id=doc_id,
            sentences=[(s.start, s.stop) for s in doc.sents],
            tokens=[Token(t.start, t.stop, t.text) for t in doc.tokens],
            ner=[NerSpan(s.start, s.stop, s.type) for s in doc.spans],
        )


@lru_cache(maxsize=1)
def _annotator() -> Annotator:
    return Annotator()


def annotate(doc_id: str, text: str) -> Annotation:
    """Annotate one text with the process-wide models."""
    return _annotator()(doc_id, text)
