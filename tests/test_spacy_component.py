"""svodka as a spaCy component (``pipeline/spacy_component.py``): what it puts on
the ``Doc``, that it is the project's own extraction, and that ``DocBin`` keeps it.
The texts are invented for these tests."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

import pipeline.spacy_component as sc
from pipeline.annotate import annotate
from pipeline.extract.stage import extract
from pipeline.ingest import read_one
from pipeline.project import default_models_dir
from pipeline.ruleset import RuleSet

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # natasha's models

TEXT = (
    "14 октября 2022 г. в МБОУ СОШ № 7 г. Читы прошёл семинар «Старт». "
    "Открыла семинар Н.В. Ласкан, начальник отдела образования администрации Читинского района."
)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("ru")
    nlp.add_pipe("svodka", config={"models_dir": str(REPO / "models")})
    return nlp


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def spans(group) -> list[tuple[str, str]]:
    return [(s.label_, s.text) for s in group]


def test_ents_are_the_mentions_less_overlaps_longest_first(doc):
    assert spans(doc.ents) == [
        ("DATE", "14 октября 2022 г."),
        ("SCHOOL", "МБОУ СОШ № 7 г. Читы"),
        ("EVENT_FORMAT", "семинар"),
        ("EVENT_FORMAT", "семинар"),
        ("PER", "Н.В. Ласкан"),
        ("ORG", "отдела образования администрации Читинского района"),
    ]
    assert {e.label_ for e in doc.ents} <= set(sc.LABELS.values())


def test_span_group_keeps_every_mention_overlapping_ones_included(doc):
    group = spans(doc.spans[sc.SPANS_KEY])
    assert group == [
        ("DATE", "14 октября 2022 г."),
        ("SCHOOL", "МБОУ СОШ № 7 г. Читы"),
        ("LOC", "г. Читы"),  # a place inside a school's name
        ("EVENT_FORMAT", "семинар"),
        ("EVENT_FORMAT", "семинар"),
        ("PER", "Н.В. Ласкан"),
        ("ORG", "отдела образования администрации Читинского района"),
        ("LOC", "Читинского района"),  # a place inside an organization's name
    ]
    ex = doc._.svodka
    assert len(group) == sum(len(getattr(ex, field)) for field in sc.LABELS)  # one span per record


def test_records_on_the_doc_are_persons_with_role_and_org_dates_and_the_event(doc):
    ex = doc._.svodka
    person = ex.persons[0]
    assert (person.name, person.roles, person.org) == (
        "Ласкан Н.В.",
        ("начальник отдела образования администрации Читинского района",),
        "отдел образования администрации Читинского района",
    )
    assert [(d.text, d.value) for d in ex.dates] == [("14 октября 2022 г.", "2022-10-14")]
    assert [(s.kind, s.number, s.legal_form, s.location) for s in ex.schools] == [("СОШ", "7", "МБОУ", "г. Чита")]
    event = ex.events[0]
    assert (event.format, event.title, event.date, event.venue) == ("семинар", "Старт", "2022-10-14", "СОШ № 7")
    assert doc._.svodka is ex  # built once per doc, not on every read


def test_a_doc_the_component_did_not_process_has_no_records():
    assert spacy.blank("ru")("Просто текст.")._.svodka is None


def test_records_and_their_offsets_are_those_of_extract_on_the_cleaned_text(nlp, rules):
    """The tables' ``start``/``end`` point into the cleaned text (``read_one`` cleans
    it); given that text, the component's records are ``extract``'s, offsets and all,
    and each span covers its record's characters."""
    raw = ("Отчёт\r\n\r\n14\u00a0октября 2022 г. в МБОУ СОШ № 7 г. Читы прошёл семинар «Старт».\r\n"
           "Открыла семинар Н.В.\u00a0Ласкан, начальник отдела обра-\r\nзования.").encode("cp1251")
    document = read_one("отчёт.txt", "отчёт.txt", raw)
    assert document.ok and "\r" not in document.text and "\u00a0" not in document.text
    doc = nlp(document.text)
    assert doc._.svodka == extract("", document.text, annotate("", document.text), rules)
    assert doc._.svodka.persons and doc._.svodka.schools and doc._.svodka.dates
    for field, label in sc.LABELS.items():
        for m in getattr(doc._.svodka, field):
            assert document.text[m.start:m.end] == m.text
            (span,) = [s for s in doc.spans[sc.SPANS_KEY] if s.label_ == label and s.start_char <= m.start
                       and m.end <= s.end_char and s.end_char - s.start_char < m.end - m.start + 8]
            assert (span.start_char, span.end_char) == (m.start, m.end)  # token-aligned here


def test_a_span_grows_to_spacys_token_edges_the_record_keeps_the_exact_offsets(nlp):
    text = "На семинаре выступили учителя МОУ СОШ № 3–5 г.Читы."
    doc = nlp(text)
    (school,) = doc._.svodka.schools
    assert (school.text, school.number) == ("МОУ СОШ № 3", "3")
    assert "3–5" in [t.text for t in doc]  # one spaCy token, "3", "–", "5" for razdel
    (span,) = [s for s in doc.spans[sc.SPANS_KEY] if s.label_ == "SCHOOL"]
    assert span.text == "МОУ СОШ № 3–5"
    assert (span.start_char, span.end_char) == (school.start, school.end + 2)


def test_docbin_round_trip_keeps_ents_spans_and_records(doc):
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    fresh = spacy.blank("ru")
    (back,) = DocBin().from_bytes(data).get_docs(fresh.vocab)
    assert spans(back.ents) == spans(doc.ents)
    assert spans(back.spans[sc.SPANS_KEY]) == spans(doc.spans[sc.SPANS_KEY])
    assert back._.svodka == doc._.svodka  # rebuilt from user_data, tuples and all
    assert back._.svodka.persons[0].roles == doc._.svodka.persons[0].roles
    assert back._.svodka is back._.svodka

    without = DocBin(docs=[doc]).to_bytes()  # no user data: entities and spans only
    (bare,) = DocBin().from_bytes(without).get_docs(fresh.vocab)
    assert spans(bare.ents) == spans(doc.ents) and len(bare.spans[sc.SPANS_KEY]) == len(doc.spans[sc.SPANS_KEY])
    assert bare._.svodka is None


def test_two_components_with_two_models_folders_in_one_process(nlp, tmp_path):
    models = shutil.copytree(REPO / "models", tmp_path / "models")
    formats = models / "event_formats.yaml"
    text = formats.read_text(encoding="utf-8")
    entry = "  семинар:\n"
    assert entry in text
    formats.write_text(text.replace(entry, ""), encoding="utf-8")

    other = spacy.blank("ru")
    other.add_pipe("svodka", config={"models_dir": str(models)})
    assert other.get_pipe("svodka").models_dir == models
    assert [f.format for f in nlp(TEXT)._.svodka.formats] == ["семинар", "семинар"]
    without = other(TEXT)
    assert without._.svodka.formats == []
    assert "EVENT_FORMAT" not in {e.label_ for e in without.ents}
    assert [f.format for f in nlp(TEXT)._.svodka.formats] == ["семинар", "семинар"]  # the first is unchanged


def test_rules_are_loaded_once_per_component_from_config_or_the_default(nlp):
    component = nlp.get_pipe("svodka")
    rules = component.rules
    nlp("Семинар прошёл 5 марта 2023 года.")
    assert component.rules is rules and isinstance(rules, RuleSet)
    assert nlp.config["components"]["svodka"] == {"factory": "svodka", "models_dir": str(REPO / "models")}

    default = spacy.blank("ru")
    default.add_pipe("svodka")
    assert default.config["components"]["svodka"]["models_dir"] is None
    assert default.get_pipe("svodka").models_dir == default_models_dir()
    assert nlp.analyze_pipes()["summary"]["svodka"]["assigns"] == ["doc.ents", "doc.spans", "doc._.svodka"]


def _entry_point():
    found = [ep for ep in importlib.metadata.entry_points(group="spacy_factories") if ep.name == "svodka"]
    if not found:
        pytest.skip("the installed svodka has no spacy_factories entry point (reinstall: pip install -e .)")
    return found[0]


def test_the_factory_is_a_spacy_factories_entry_point():
    assert _entry_point().value == "pipeline.spacy_component:make_svodka"


def test_add_pipe_works_without_importing_pipeline_first():
    _entry_point()
    code = ("import sys, spacy; nlp = spacy.blank('ru'); nlp.add_pipe('svodka'); "
            "assert 'pipeline.spacy_component' in sys.modules; print(nlp.pipe_names)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['svodka']"


def readme_example() -> str:
    """The python block of the README's spaCy section."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## spaCy\n"):]
    return re.search(r"```python\n(.*?)```", section[:section.index("\n## ", 1)], re.S).group(1)


def test_the_readme_example_prints_what_the_readme_says(capsys):
    exec(compile(readme_example(), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out == "Ласкан Н.В. | начальник отдела образования | отдел образования\n"
    assert f"prints `{out.strip()}`" in (REPO / "README.md").read_text(encoding="utf-8")
