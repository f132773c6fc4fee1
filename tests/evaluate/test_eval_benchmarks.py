"""The shared gold files: they load, and scored against themselves every field is perfect."""

from __future__ import annotations

import pytest

from pipeline.evaluate import format_report, load_gold, score

GOLD_FILES = ["eval/seeds-gold.jsonl", "eval/factru/dev-gold.jsonl"]


@pytest.fixture(scope="module", params=GOLD_FILES)
def gold(request, shared_dir):
    return load_gold(shared_dir / request.param)


def test_gold_scored_against_itself_is_perfect(gold):
    report = score(gold, gold)
    assert report.fields, "no field reported"
    assert {name: s.f1 for name, s in report.fields.items()} == {name: 1.0 for name in report.fields}, format_report(report)
    assert all(s.fp == s.fn == 0 for s in report.fields.values())


def test_empty_prediction_has_zero_recall(gold):
    report = score(gold, {})
    for name, s in report.fields.items():
        assert s.recall == 0.0 and s.tp == 0 and s.fp == 0 and s.fn > 0, name


def test_reported_fields_follow_the_gold(shared_dir):
    seeds = score(*[load_gold(shared_dir / GOLD_FILES[0])] * 2)
    factru = score(*[load_gold(shared_dir / GOLD_FILES[1])] * 2)
    assert list(seeds.fields) == [
        "persons", "person.role", "person.org", "schools", "schools.kind", "schools.name", "dates",
        "organizations", "event_formats", "locations",
        "event.format", "event.title", "event.date", "event.participants",
    ]
    # factRuEval annotates no schools, dates, formats or events; optional persons are not counted
    assert list(factru.fields) == ["persons", "person.role", "person.org", "organizations", "locations"]
    assert (factru.fields["persons"].tp, factru.fields["person.role"].tp) == (368, 168)
