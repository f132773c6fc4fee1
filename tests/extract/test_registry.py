"""The registry is the one declaration of the extraction components: order,
inputs and cache keys derive from it."""

from __future__ import annotations

import pytest

from pipeline.cache import StageCache
from pipeline.extract import stage
from pipeline.extract.registry import ANNOTATION, COMPONENTS, TEXT, inputs_of, register, simple_tables
from pipeline.records import Annotation, NerSpan
from pipeline.rules import MODELS_DIR
from pipeline.ruleset import RuleSet
from pipeline.run.fingerprints import Fingerprints
from pipeline.run.plan import Sources, component_key


@pytest.fixture()
def fps(tmp_path):
    cache = StageCache(tmp_path)
    yield Fingerprints(cache, RuleSet(MODELS_DIR))
    cache.close()


def test_components_come_after_what_they_read():
    order = list(COMPONENTS)
    for name, c in COMPONENTS.items():
        assert all(order.index(d) < order.index(name) for d in c.consumes)
    assert inputs_of(["events"]) == {"schools", "dates", "formats", "locations", "orgs"}
    assert inputs_of(["people"]) == {"schools", "orgs"}


def test_a_component_cannot_read_one_declared_after_it():
    with pytest.raises(ValueError, match="not declared before it"):
        register("later", lambda doc, rules: [], requires=[TEXT, "nonexistent"], rules=[], assigns=object,
                 field="x")
    assert "later" not in COMPONENTS


def test_tables_built_straight_from_records_come_from_the_declarations():
    assert simple_tables() == ("dates", "event_formats", "locations", "events")


def test_the_orgs_component_is_keyed_by_the_annotation(fps):
    assert ANNOTATION in COMPONENTS["orgs"].requires and ANNOTATION not in COMPONENTS["dates"].requires
    a, b = Sources("text", "ann-1", "meta"), Sources("text", "ann-2", "meta")
    assert component_key("orgs", fps, a, {}) != component_key("orgs", fps, b, {})
    assert component_key("dates", fps, a, {}) == component_key("dates", fps, b, {})


def test_only_components_that_read_the_file_metadata_are_keyed_by_it(fps):
    a, b = Sources("text", "ann", "meta-1"), Sources("text", "ann", "meta-2")
    assert component_key("dates", fps, a, {}) != component_key("dates", fps, b, {})
    assert component_key("formats", fps, a, {}) == component_key("formats", fps, b, {})


def test_a_component_is_keyed_by_the_content_of_the_components_it_reads(fps):
    shas = {name: f"sha-{name}" for name in COMPONENTS}
    src = Sources("text", "ann", "meta")
    key = component_key("events", fps, src, shas)
    assert component_key("events", fps, src, {**shas, "people": "other"}) == key  # not read
    assert component_key("events", fps, src, {**shas, "formats": "other"}) != key


def test_the_orgs_component_reads_natashas_org_spans():
    text = "Законопроект поддержали депутаты Государственной думы."
    start = text.index("Государственной")
    ann = Annotation(doc_id="d", ner=[NerSpan(start, start + len("Государственной думы"), "ORG")])
    got = stage.run_components("d", text, ann, RuleSet(MODELS_DIR))
    assert [o.name for o in got["orgs"]] == ["Государственная дума"]
