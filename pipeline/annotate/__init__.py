"""Annotate stage: the slow, rule-independent NLP (natasha segmentation + NER).

Its output is cached per document keyed by the text and the stage's fingerprint
(its code and the natasha packages' versions); rule edits never invalidate it.
"""

from .natasha_stage import Annotator, annotate

__all__ = ["Annotator", "annotate"]
