"""benchmarks/natasha_compare.py: natasha's output turned into a gold-format record
(the benchmark itself runs on third-party texts and is not run here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.evaluate import check_record

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "natasha_compare.py"
_spec = importlib.util.spec_from_file_location("natasha_compare", SCRIPT)
nc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nc)

TEXT = (
    "15 марта 2024 года в Калуге прошёл областной семинар учителей географии. "
    "С докладом выступила Смирнова Елена Андреевна, методист управления образования. "
    "Следующее заседание пройдёт 3 октября, а конкурс — в мае 2025 г."
)


@pytest.mark.parametrize(
    ("fact", "normal", "name"),
    [
        ({"first": "Мария", "last": "Иванова", "middle": "Петровне"}, "Иванова Мария Петровне", "Иванова М.П."),
        ({"first": "А", "last": "Смирнов", "middle": "В"}, "Смирнов А. В.", "Смирнов А.В."),
        ({"first": "Жан-Мари", "last": "Лепен"}, "Жан-Мари Лепен", "Лепен Ж.-М."),
        ({"last": "Саркози"}, "Саркози", "Саркози"),
        ({"first": "Масахару"}, "Масахару Коно", "Коно М."),  # no surname in the fact: Имя Фамилия
        ({"first": "Петров"}, "Петров", "Петров"),  # one word: as written
        ({"first": "Наина", "middle": "Иосифовна"}, "Наина Иосифовна", "Наина Иосифовна"),  # no surname
        (None, "Сами аль-Хадж (Sami al-Haj)", "аль-Хадж С."),
    ],
)
def test_person_name(fact, normal, name):
    assert nc.person_name(fact, normal) == name


@pytest.mark.parametrize(
    ("ymd", "iso"),
    [
        ((2024, 3, 15), "2024-03-15"),
        ((2025, 5, None), "2025-05"),
        ((2021, None, None), "2021"),
        ((None, 10, 3), "--10-03"),
        ((None, 2, 29), "--02-29"),
        ((None, 5, None), None),  # a month alone: no gold form
        ((2023, 2, 31), None),  # no such day
        ((None, 2, 30), None),
    ],
)
def test_iso_date(ymd, iso):
    assert nc.iso_date(*ymd) == iso


def test_surname_alone_folds_into_the_fuller_name():
    assert [p["name"] for p in nc._persons(["Саркози", "Саркози Н.", "Обама"])] == ["Саркози Н.", "Обама"]


@pytest.fixture(scope="module")
def natasha():
    return nc.Natasha()


@pytest.mark.slow
def test_record_shape(natasha):
    record = natasha.record("invented.txt", TEXT)
    check_record(record, strict=True)  # the gold format, every key known
    assert set(record) == {"doc", *nc.NATASHA_FIELDS}  # nothing natasha cannot give
    assert record["doc"] == "invented.txt"
    assert {"name": "Смирнова Е.А.", "roles": [], "orgs": []} in record["persons"]
    assert {"2024-03-15", "--10-03", "2025-05"} <= set(record["dates"])
    assert "Калуга" in record["locations"]
    assert isinstance(record["organizations"], list)
