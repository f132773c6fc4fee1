"""Each rule group declares every rule file it reads, so editing one re-runs it.

A group's cache key hashes the rule files ``stage.GROUPS`` declares for it. A
file a group reads without declaring it would leave stale records in the cache
after an edit; this runs every group with all rule tables cleared and records
which files it actually opens (on one report: a lower bound of what it reads)."""

from __future__ import annotations

import pytest

from pipeline.extract import stage
from pipeline.records import Annotation, NerSpan

TEXT = (
    "Информация о проведении семинара\n\n"
    "12 октября 2022 года на базе МБОУ СОШ № 7 г. Читы состоялся районный семинар «Старт». "
    "Открыла семинар заместитель начальника управления образования О.П. Гречко. "
    "Выступила методист ИМЦ Т.Н. Лаптева, заведующая детской библиотекой. "
    "Приняли участие 25 педагогов Забайкальского края."
)


@pytest.mark.parametrize("group", list(stage.GROUPS))
def test_a_group_reads_only_the_rule_files_it_declares(group, rule_reads):
    start = TEXT.index("О.П.")
    ann = Annotation(doc_id="d", ner=[NerSpan(start, start + len("О.П. Гречко"), "PER")])
    got = {name: [] for name in stage.GROUPS}
    for name in stage.GROUPS:  # its inputs first
        if name in stage.inputs_of([group]):
            got[name] = stage.run_group(name, TEXT, ann, got)
    with rule_reads:
        stage.run_group(group, TEXT, ann, got)
    declared = {f.partition("#")[0] for f in stage.GROUPS[group][0]}
    assert rule_reads.files, "the group read no rule file: the check saw nothing"
    assert rule_reads.files <= declared, f"{group} reads {sorted(rule_reads.files - declared)} without declaring it"
