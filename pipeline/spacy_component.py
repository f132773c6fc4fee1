"""svodka as a spaCy pipeline component: ``nlp.add_pipe("svodka")``.

Why: spaCy users look at and store extractions as ``Doc`` objects (``doc.ents``,
``displacy``, ``DocBin``); this puts svodka's records there without a second
implementation. The component runs the project's own annotate
(``pipeline.annotate.annotate``: natasha) and extract
(``pipeline.extract.stage.extract``) once on ``doc.text`` and sets:

- ``doc.spans["svodka"]``: every mention, overlapping ones included, one span per
  record, in text order, labelled by ``LABELS`` (PER, ORG, LOC, DATE, SCHOOL,
  EVENT_FORMAT);
- ``doc.ents``: the same spans less overlaps, resolved by ``spacy.util.filter_spans``
  (the longest span wins; of two as long, the one starting first). So the
  SCHOOL «МБОУ СОШ № 7 г. Читы» is an entity and the LOC «г. Читы» inside it is
  only in ``doc.spans``. Entities set before the component are replaced;
- ``doc._.svodka``: the ``Extraction`` (persons with role and organization,
  schools, dates with ISO values, the event…), ``None`` on a doc the component
  did not process.

Offsets. The records keep their own ``start``/``end`` into ``doc.text``. A span
covers whole spaCy tokens: ``doc.char_span(start, end, alignment_mode="expand")``.
Where spaCy's tokenizer cuts differently from razdel, the span grows to the
token's edges: in «МОУ СОШ № 3–5» spaCy keeps «3–5» one token, so the SCHOOL
span of the record «МОУ СОШ № 3» is «МОУ СОШ № 3–5». The record's offsets are
the exact ones.

Text. The tables' offsets point into the *cleaned* text (``pipeline.ingest.clean
.clean_text``, applied when a document is read); this component takes the text as
given and cleans nothing, so that spans and records index ``doc.text`` itself. Give
it ``clean_text(raw)`` and its records' offsets equal the tables' ``start``/``end``.

Storage. ``doc._.svodka`` reads a JSON-able copy of the records kept in
``doc.user_data["svodka"]`` and rebuilds them (``pipeline.records.from_dict``) on
the first read after a ``DocBin(store_user_data=True)`` round trip; ``doc.ents``
and ``doc.spans`` survive any ``DocBin``.

Registration. ``Language.factory`` below, and the ``spacy_factories`` entry point
of pyproject.toml, which spaCy loads whenever a ``Language`` is created: so
``spacy.blank("ru").add_pipe("svodka")`` works without importing ``pipeline``.
That is also why this module imports nothing of svodka at the top: every
``spacy.blank`` in the environment imports it.

Config: ``models_dir`` (the rules folder; default ``pipeline.project
.default_models_dir()``), read into one ``RuleSet`` per component instance.
"""

from __future__ import annotations

import weakref
from dataclasses import asdict, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

if TYPE_CHECKING:
    from .records import Extraction
    from .ruleset import RuleSet

NAME = "svodka"
SPANS_KEY = "svodka"  # doc.spans[SPANS_KEY]
USER_DATA_KEY = "svodka"  # doc.user_data[USER_DATA_KEY]: the records, JSON-able
# the span label of each Extraction field holding mentions (events are no mention)
LABELS: dict[str, str] = {
    "persons": "PER",
    "orgs": "ORG",
    "locations": "LOC",
    "dates": "DATE",
    "schools": "SCHOOL",
    "formats": "EVENT_FORMAT",
}


class SvodkaComponent:
    """The pipe ``nlp.add_pipe("svodka")`` adds: annotate + extract on ``doc.text``."""

    def __init__(self, nlp: Language, name: str = NAME, models_dir: str | Path | None = None) -> None:
        from .project import default_models_dir
        from .ruleset import RuleSet

        self.name = name
        self.models_dir = Path(models_dir) if models_dir else default_models_dir()
        self.rules: RuleSet = RuleSet(self.models_dir)

    def __call__(self, doc: Doc) -> Doc:
        from .annotate import annotate
        from .extract.stage import extract

        ex = extract("", doc.text, annotate("", doc.text), self.rules)
        spans = mention_spans(doc, ex)
        doc.spans[SPANS_KEY] = spans
        doc.ents = filter_spans(spans)
        doc.user_data[USER_DATA_KEY] = asdict(ex)
        _BUILT[doc] = (doc.user_data[USER_DATA_KEY], ex)
        return doc


@Language.factory(
    NAME,
    default_config={"models_dir": None},
    assigns=["doc.ents", "doc.spans", f"doc._.{NAME}"],
    requires=[],
)
def make_svodka(nlp: Language, name: str, models_dir: str | None) -> SvodkaComponent:
    return SvodkaComponent(nlp, name, models_dir)


def mention_spans(doc: Doc, ex: Extraction) -> list[Span]:
    """One span per mention record, token-aligned by expansion, in text order. A
    mention no token covers (offsets past the text) gives no span."""
    spans = []
    for field, label in LABELS.items():
        for m in getattr(ex, field):
            span = doc.char_span(m.start, m.end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    return sorted(spans, key=lambda s: (s.start, -s.end, s.label_))


# the Extraction rebuilt from doc.user_data, per doc, while that data is the same object
_BUILT: weakref.WeakKeyDictionary[Doc, tuple[Any, Extraction]] = weakref.WeakKeyDictionary()


def _extraction(doc: Doc) -> Extraction | None:
    data = doc.user_data.get(USER_DATA_KEY)
    if data is None:
        return None
    built = _BUILT.get(doc)
    if built is not None and built[0] is data:
        return built[1]
    ex = extraction_from_dict(data)
    _BUILT[doc] = (data, ex)
    return ex


def extraction_from_dict(data: dict) -> Extraction:
    """An ``Extraction`` from its ``asdict`` form, lists read back as lists or tuples
    (``DocBin`` reads user data with msgpack's ``use_list=False``)."""
    from .extract.registry import COMPONENTS
    from .records import Extraction, from_dict

    record_of = {c.field: c.assigns for c in COMPONENTS.values()}
    out: dict[str, Any] = {}
    for f in fields(Extraction):
        value = data.get(f.name)
        if f.name in record_of:
            out[f.name] = [from_dict(record_of[f.name], dict(d)) for d in value or ()]
        elif value is not None:
            out[f.name] = value
    return Extraction(**out)


Doc.set_extension(NAME, getter=_extraction, force=True)
