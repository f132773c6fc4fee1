"""Each component declares every rule file it reads.

Cache keys hash the rule fields a component *read when it ran* (recorded by the
RuleSet), so the declaration is not what keeps the cache fresh; it is what
``svodka rules check`` validates before a run and what the data dictionary
shows. This runs every component on a fresh RuleSet (nothing memoized) and
checks that what it read is declared, down to the file."""

from __future__ import annotations

import pytest

from pipeline.extract.registry import COMPONENTS, inputs_of
from pipeline.records import Annotation, DocMeta, Inputs, NerSpan
from pipeline.rules import MODELS_DIR
from pipeline.ruleset import RuleSet

TEXT = (
    "Информация о проведении семинара\n\n"
    "12 октября 2022 года на базе МБОУ СОШ № 7 г. Читы состоялся районный семинар «Старт». "
    "Открыла семинар заместитель начальника управления образования О.П. Гречко. "
    "Выступила методист ИМЦ Т.Н. Лаптева, заведующая детской библиотекой. "
    "Приняли участие 25 педагогов Забайкальского края."
)
META = DocMeta(source="Читинский_район/2022/отчёт.txt")  # a folder that names a place, one that dates it


@pytest.mark.parametrize("name", list(COMPONENTS))
def test_a_component_reads_only_the_rule_files_it_declares(name):
    start = TEXT.index("О.П.")
    ann = Annotation(doc_id="d", ner=[NerSpan(start, start + len("О.П. Гречко"), "PER")])
    rules = RuleSet(MODELS_DIR)
    got: dict[str, list] = {}
    for dep, c in COMPONENTS.items():  # its inputs first
        if dep in inputs_of([name]):
            got[dep] = c.func(Inputs("d", TEXT, ann, {d: got[d] for d in c.consumes}, META), rules)
    fresh = RuleSet(MODELS_DIR)
    c = COMPONENTS[name]
    with fresh.recording() as reads:
        c.func(Inputs("d", TEXT, ann, {d: got[d] for d in c.consumes}, META), fresh)
    files = {r.partition("#")[0] for r in reads}
    assert files, "the component read no rule file: the check saw nothing"
    assert files <= set(c.rules), f"{name} reads {sorted(files - set(c.rules))} without declaring it"
