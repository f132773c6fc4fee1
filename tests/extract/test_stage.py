"""The extract stage's wiring of the orgs group to natasha's annotation."""

from __future__ import annotations

from pipeline.extract import stage
from pipeline.records import Annotation, NerSpan


def test_the_orgs_group_is_keyed_by_the_annotation():
    fps = stage.group_fingerprints()
    keys = stage.group_keys("text", "ann-1", fps)
    assert "orgs" in stage.ANN_GROUPS
    assert stage.group_keys("text", "ann-2", fps)["orgs"] != keys["orgs"]


def test_the_orgs_group_reads_natashas_org_spans():
    text = "Законопроект поддержали депутаты Государственной думы."
    start = text.index("Государственной")
    ann = Annotation(doc_id="d", ner=[NerSpan(start, start + len("Государственной думы"), "ORG")])
    got, _ = stage.run_groups(text, ann, have={"dates": [], "formats": [], "locations": [], "schools": []})
    assert [o.name for o in got["orgs"]] == ["Государственная дума"]
