"""Annotate stage: the slow, rule-independent NLP (natasha segmentation + NER).

Its output is cached per document keyed by text hash and ``VERSION``; rule edits
never invalidate it.
"""

from .natasha_stage import VERSION, Annotator, annotate

__all__ = ["VERSION", "Annotator", "annotate"]
