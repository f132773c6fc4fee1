"""Each rule group declares every rule file it reads, so editing one re-runs it.

A group's cache key hashes the rule files ``stage.GROUPS`` declares for it. A
file a group reads without declaring it would leave stale records in the cache
after an edit; this runs every group with all rule tables cleared and records
which files it actually opens."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import pipeline.extract
import pipeline.rules
from pipeline.extract import stage
from pipeline.records import Annotation, NerSpan

TEXT = (
    "Информация о проведении семинара\n\n"
    "12 октября 2022 года на базе МБОУ СОШ № 7 г. Читы состоялся районный семинар «Старт». "
    "Открыла семинар заместитель начальника управления образования О.П. Гречко. "
    "Выступила методист ИМЦ Т.Н. Лаптева, заведующая детской библиотекой. "
    "Приняли участие 25 педагогов Забайкальского края."
)


def _modules():
    return [importlib.import_module(f"pipeline.extract.{m.name}") for m in pkgutil.iter_modules(pipeline.extract.__path__)]


def _clear_rule_tables() -> None:
    pipeline.rules.rule_file.cache_clear()
    for module in _modules():
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


@pytest.mark.parametrize("group", list(stage.GROUPS))
def test_a_group_reads_only_the_rule_files_it_declares(group, monkeypatch):
    read: set[str] = set()
    recording_on = False
    real = pipeline.rules.rule_file

    def recording(name, *args, **kwargs):
        if recording_on:
            read.add(name)
        return real(name, *args, **kwargs)

    for module in _modules():
        if getattr(module, "rule_file", None) is real:
            monkeypatch.setattr(module, "rule_file", recording)
    start = TEXT.index("О.П.")
    ann = Annotation(doc_id="d", ner=[NerSpan(start, start + len("О.П. Гречко"), "PER")])
    got = {name: [] for name in stage.GROUPS}
    for name in stage.GROUPS:  # the inputs first, from warm tables
        if name != group and name in stage.inputs_of([group]):
            got[name] = stage.run_group(name, TEXT, ann, got)
    _clear_rule_tables()
    recording_on = True
    try:
        stage.run_group(group, TEXT, ann, got)
    finally:
        _clear_rule_tables()
    declared = {f.partition("#")[0] for f in stage.GROUPS[group][0]}
    assert read, "the group read no rule file: the check saw nothing"
    assert read <= declared, f"{group} reads {sorted(read - declared)} without declaring it"
