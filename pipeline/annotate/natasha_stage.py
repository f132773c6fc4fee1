"""natasha segmentation (razdel) and slovnet NER, models loaded once per process.

Only sentence bounds, tokens and NER spans are kept: that is what the rules use,
and it is small enough to cache as JSON. Morphology comes from pymorphy3 in the
rules, where it is ~3× faster than natasha's morph tagger on this genre.
"""

from __future__ import annotations

from functools import lru_cache

from ..records import Annotation, NerSpan, Token
from . import compat  # noqa: F401  (must precede natasha)

# the longest token sequence the NER tagger is given at once: a report is a few
# hundred to a few thousand tokens; a 10 MB line would otherwise be one sequence
# and exhaust memory. Longer texts go in windows of whole sentences.
WINDOW = 5000


class Annotator:
    """razdel sentences and tokens, then slovnet's NER on those same tokens.

    natasha's ``Doc.tag_ner`` would tokenize the whole text a second time and
    search every token back in it; feeding the tagger the tokens we already have
    saves about a sixth of the stage's time with the same tags.
    """

    def __init__(self) -> None:
        from natasha import NewsEmbedding, NewsNERTagger

        self.infer = NewsNERTagger(NewsEmbedding()).infer

    def __call__(self, doc_id: str, text: str) -> Annotation:
        from razdel import sentenize, tokenize
        from slovnet.bio import bio_spans

        sentences: list[tuple[int, int]] = []
        tokens: list[Token] = []
        for sent in sentenize(text) if text else ():
            sentences.append((sent.start, sent.stop))
            tokens.extend(Token(sent.start + t.start, sent.start + t.stop, t.text) for t in tokenize(sent.text))
        ner: list[NerSpan] = []
        for lo, hi in windows(tokens, sentences, WINDOW):
            part = tokens[lo:hi]
            inputs = self.infer.encoder([[t.text for t in part]])
            tags = next(self.infer.decoder(self.infer.process(inputs)))
            ner += [NerSpan(s.start, s.stop, s.type) for s in bio_spans(_Tok.of(part), tags)]
        return Annotation(doc_id=doc_id, sentences=sentences, tokens=tokens, ner=ner)


def windows(tokens: list[Token], sentences: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """Token index ranges of at most ``size`` tokens, cut between sentences where
    one fits (a sentence longer than ``size`` is cut inside); one range when all fit."""
    if len(tokens) <= size:
        return [(0, len(tokens))] if tokens else []
    ends = {e for _, e in sentences}
    out, lo, last_end = [], 0, 0
    for i, t in enumerate(tokens, 1):
        if t.end in ends:
            last_end = i
        if i - lo == size:
            cut = last_end if last_end > lo else i
            out.append((lo, cut))
            lo = cut
    if lo < len(tokens):
        out.append((lo, len(tokens)))
    return out


class _Tok:
    """The ``start``/``stop`` view of our tokens that ``bio_spans`` reads."""

    __slots__ = ("start", "stop")

    def __init__(self, start: int, stop: int) -> None:
        self.start, self.stop = start, stop

    @classmethod
    def of(cls, tokens: list[Token]) -> list[_Tok]:
        return [cls(t.start, t.end) for t in tokens]


@lru_cache(maxsize=1)
def _annotator() -> Annotator:
    return Annotator()


def annotate(doc_id: str, text: str) -> Annotation:
    """Annotate one text with the process-wide models."""
    return _annotator()(doc_id, text)
