"""A ``RuleSet``: the rules of one models folder, its reads recorded, its tables
built once (and once per worker process). Rules are passed in: two models folders
live side by side in one process, each with its own tables (lexicon forms,
patterns, and the word caches built on them)."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from pipeline.extract import stage
from pipeline.extract.formats import find_formats
from pipeline.records import Annotation, Document, Extraction, NerSpan, OrgMention
from pipeline.resolve import resolve
from pipeline.ruleset import RuleSet

REPO = Path(__file__).resolve().parent.parent

TEXT = (
    "Информация о проведении семинара\n\n"
    "12 октября 2022 года на базе МБОУ СОШ № 7 г. Читы состоялся районный семинар «Старт». "
    "Открыла семинар заместитель начальника управления образования О.П. Гречко. "
    "Выступила методист ИМЦ Т.Н. Лаптева, заведующая детской библиотекой."
)


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> Path:
    """A copy of models/ without the format ``семинар``, the role noun ``методист`` and
    the abbreviation ``ФИОКО``."""
    models = tmp_path_factory.mktemp("edited") / "models"
    shutil.copytree(REPO / "models", models)
    for name, old, new in [
        ("event_formats.yaml", "  семинар:\n  онлайн-семинар:\n", "  онлайн-семинар:\n"),
        ("roles.yaml", "специалист, методист, учитель", "специалист, учитель"),
        ("organizations.yaml",
         "  ФИОКО: {full: Федеральный институт оценки качества образования, kind: federal_institute}\n", ""),
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


def _extract(rules: RuleSet):
    start = TEXT.index("О.П.")
    ann = Annotation(doc_id="d", ner=[NerSpan(start, start + len("О.П. Гречко"), "PER")])
    return stage.extract("d", TEXT, ann, rules)


def _facts(ex) -> dict:
    return {
        "formats": sorted({f.format for f in ex.formats}),
        "event": ex.events[0].format if ex.events else None,
        "roles": {p.name: list(p.roles) for p in ex.persons},
    }


def test_two_models_folders_in_one_process_interleaved_do_not_leak(edited):
    shipped, other = RuleSet(REPO / "models"), RuleSet(edited)
    first = _extract(shipped)
    mine = _extract(other)
    again = _extract(shipped)
    mine_again = _extract(other)
    fresh = _extract(RuleSet(edited))  # built after everything else: nothing to inherit

    assert again == first and mine_again == mine == fresh
    assert _facts(first)["event"] == "семинар" and "семинар" in _facts(first)["formats"]
    assert "методист" in _facts(first)["roles"]["Лаптева Т.Н."]
    assert "семинар" not in _facts(mine)["formats"] and _facts(mine)["event"] != "семинар"
    assert "методист" not in _facts(mine)["roles"].get("Лаптева Т.Н.", [])
    # the rest of what the reports say is the same
    assert (first.dates, first.schools, first.locations) == (mine.dates, mine.schools, mine.locations)

    # word by word too: each rule set answers from its own tables, in any order
    for _ in range(2):
        assert [f.format for f in find_formats("Прошёл семинар.", shipped)] == ["семинар"]
        assert find_formats("Прошёл семинар.", other) == []


def test_resolve_takes_the_rules_it_is_given(edited):
    """The same records resolved with two rule sets: an expansion gets its abbreviation
    from the table of the rules resolve is given."""
    doc = Document(doc_id="d", source="x/d.txt", format="txt", status="ok", text=TEXT)
    fioko = "ФГБУ «Федеральный институт оценки качества образования»"
    ex = Extraction("d", orgs=[OrgMention(0, 3, fioko, fioko)])
    shipped, other = RuleSet(REPO / "models"), RuleSet(edited)
    for _ in range(2):
        assert [r.abbreviation for r in resolve([doc], {"d": ex}, shipped)["organizations"]] == ["ФИОКО"]
        assert [r.abbreviation for r in resolve([doc], {"d": ex}, other)["organizations"]] == [""]
