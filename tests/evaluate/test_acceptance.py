"""The acceptance bars of the extraction issues, on the seeds and the sample archive.

The whole pipeline runs on the documents and is scored against the gold with the
rules of GOLD_FORMAT.md, as ``svodka eval`` does; a regression below a bar fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import load_gold, score
from pipeline.evaluate.predict import predict
from pipeline.rules import MODELS_DIR
from pipeline.ruleset import RuleSet

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeds(shared_dir):
    return score(load_gold(shared_dir / "eval" / "seeds-gold.jsonl"), predict(shared_dir / "seeds", RuleSet(MODELS_DIR))).fields


@pytest.fixture(scope="module")
def sample():
    return score(load_gold(REPO / "eval" / "sample-gold.jsonl"), predict(REPO / "data" / "raw", RuleSet(MODELS_DIR))).fields


def test_seeds_people(seeds):
    assert seeds["persons"].f1 == 1.0
    assert seeds["person.role"].recall >= 0.9 and seeds["person.org"].recall >= 0.9


@pytest.mark.parametrize("name", ["schools", "dates", "event.format", "event.date", "event.participants"])
def test_seeds_exact_fields(seeds, name):
    assert seeds[name].f1 == 1.0


@pytest.mark.parametrize("name", ["event_formats", "locations"])
def test_seeds_formats_and_places(seeds, name):
    assert seeds[name].f1 >= 0.9


def test_sample_people(sample):
    assert sample["persons"].f1 >= 0.97
    assert sample["person.role"].f1 >= 0.9 and sample["person.org"].f1 >= 0.9


@pytest.mark.parametrize("name", ["schools", "dates"])
def test_sample_schools_and_dates(sample, name):
    assert sample[name].f1 >= 0.97


@pytest.mark.parametrize("name", ["organizations", "event_formats", "locations", "event.format", "event.title",
                                  "event.date", "event.participants"])
def test_sample_other_fields(sample, name):
    assert sample[name].f1 >= 0.9
