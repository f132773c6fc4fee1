"""A ``RuleSet``: the rules of one models folder, its reads recorded, its tables
built once (and once per worker process)."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from pipeline.ruleset import RuleSet

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> Path:
    """A copy of models/ without the format ``семинар`` and the role noun ``методист``."""
    models = tmp_path_factory.mktemp("edited") / "models"
    shutil.copytree(REPO / "models", models)
    for name, old, new in [
        ("event_formats.yaml", "  семинар:\n    variants: [онлайн-семинар]\n", ""),
        ("roles.yaml", "специалист, методист, учитель", "специалист, учитель"),
    ]:
        text = (models / name).read_text(encoding="utf-8")
        assert old in text
        (models / name).write_text(text.replace(old, new), encoding="utf-8")
    return models


def test_a_recording_inside_another_leaves_the_outer_one_recording():
    """A table built while someone records records its reads in a recording of its
    own; the enclosing one goes on recording after it (though both read the same)."""
    rules = RuleSet(REPO / "models")
    with rules.recording() as outer:
        rules.derived("months", lambda rs: tuple(rs.file("dates.yaml")["months"]))
        rules.file("dates.yaml")["year_words"]
    assert outer == {"dates.yaml#months", "dates.yaml#year_words"}
    with rules.recording() as again:
        rules.derived("months", lambda rs: ())  # built already: its reads are replayed
    assert again == {"dates.yaml#months"}


def test_a_rule_set_pickles_to_its_folder_and_is_built_once_per_process(edited):
    shipped = RuleSet(REPO / "models")
    one, two = pickle.loads(pickle.dumps(shipped)), pickle.loads(pickle.dumps(shipped))
    assert one.models_dir == shipped.models_dir and one.digest() == shipped.digest()
    assert one is two  # a worker gets the rule set with every payload: one, so its tables are built once
    assert pickle.loads(pickle.dumps(RuleSet(edited))) is not one
