"""Each rule group declares every rule field it reads, so editing one re-runs it.

A group's cache key hashes the rule files and fields ``stage.GROUPS`` declares for
it. A field a group reads without declaring it would leave stale records in the
cache after an edit; this runs every group on rules with nothing built yet and
records which fields it actually reads (on one report: a lower bound of what it
reads)."""

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


def undeclared(reads: set[str], declared) -> set[str]:
    """The reads (``file`` or ``file#field``) that ``declared`` does not cover: a whole
    file covers its fields, a field covers only itself."""
    return {r for r in reads if r not in declared and r.partition("#")[0] not in declared}


@pytest.mark.parametrize("group", list(stage.GROUPS))
def test_a_group_reads_only_the_rule_files_it_declares(group, rules, fresh_rules):
    start = TEXT.index("О.П.")
    ann = Annotation(doc_id="d", ner=[NerSpan(start, start + len("О.П. Гречко"), "PER")])
    got = {name: [] for name in stage.GROUPS}
    for name in stage.GROUPS:  # its inputs first
        if name in stage.inputs_of([group]):
            got[name] = stage.run_group(name, TEXT, ann, got, rules)
    with fresh_rules.recording() as reads:
        stage.run_group(group, TEXT, ann, got, fresh_rules)
    declared = set(stage.GROUPS[group][0])
    assert reads, "the group read no rule file: the check saw nothing"
    assert {r.partition("#")[0] for r in reads} <= {f.partition("#")[0] for f in declared}
    assert not undeclared(reads, declared), f"{group} reads {sorted(undeclared(reads, declared))} without declaring it"


def test_the_check_sees_a_field_read_through_a_table_built_earlier(rules):
    """A table built once replays what it read to every later reader: a group using a
    table another group built still shows the reads."""
    stage.run_group("locations", TEXT, None, {}, rules)
    with rules.recording() as reads:
        stage.run_group("locations", TEXT, None, {}, rules)
    assert "locations.yaml#cities" in reads
    assert undeclared({"schools.yaml#kinds", "roles.yaml"}, {"schools.yaml#legal_forms", "roles.yaml"}) == {
        "schools.yaml#kinds"}
