"""The extract stage's wiring of the orgs group to natasha's annotation."""

from __future__ import annotations

from pipeline.extract import stage
from pipeline.records import Annotation, NerSpan


def test_the_orgs_group_is_keyed_by_the_annotation():
    fps = stage.group_fingerprints()
    assert "orgs" in stage.ANN_GROUPS
    assert stage.group_key("orgs", fps, "text", "ann-1", {}) != stage.group_key("orgs", fps, "text", "ann-2", {})
    assert stage.group_key("dates", fps, "text", "ann-1", {}) == stage.group_key("dates", fps, "text", "ann-2", {})


def test_a_group_is_keyed_by_the_content_of_the_groups_it_reads():
    fps = stage.group_fingerprints()
    shas = {name: f"sha-{name}" for name in stage.GROUPS}
    key = stage.group_key("events", fps, "text", "ann", shas)
    assert stage.group_key("events", fps, "text", "ann", {**shas, "people": "other"}) == key  # not read
    assert stage.group_key("events", fps, "text", "ann", {**shas, "formats": "other"}) != key


def test_the_orgs_group_reads_natashas_org_spans(rules):
    text = "Законопроект поддержали депутаты Государственной думы."
    start = text.index("Государственной")
    ann = Annotation(doc_id="d", ner=[NerSpan(start, start + len("Государственной думы"), "ORG")])
    got = stage.run_groups(text, ann, rules, have={"dates": [], "formats": [], "locations": [], "schools": []})
    assert [o.name for o in got["orgs"]] == ["Государственная дума"]
