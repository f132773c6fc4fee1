"""Roles and organizations of people: before or after the name, plural roles over
lists, several roles, signatures; role in the nominative singular, split from its
organization. All sentences are the team's own."""

from __future__ import annotations

import pytest

from pipeline.extract.stage import extract
from pipeline.records import Annotation


def people(text: str) -> dict[str, tuple[list[str], str]]:
    ex = extract("t", text, Annotation("t"))
    return {p.name: (list(p.roles), p.org) for p in ex.persons}


@pytest.mark.parametrize(
    "text, name, roles, org",
    [
        # role after the name
        ("Семинар открыла Н.В. Лукина, начальник отдела образования, которая напомнила о целях.",
         "Лукина Н.В.", ["начальник отдела образования"], "отдел образования"),
        # role before the name, named organization split off
        ("С приветствием выступил директор МКУ «ИМЦ» П.С. Горбунов.",
         "Горбунов П.С.", ["директор"], "МКУ «ИМЦ»"),
        ("Итоги подвела начальник управления образования Бережная О.Л.",
         "Бережная О.Л.", ["начальник управления образования"], "управление образования"),
        # oblique role, school as organization
        ("Слово было предоставлено заместителю директора по УВР СОШ № 14 Ткачевой Л.И.",
         "Ткачева Л.И.", ["заместитель директора по УВР"], "СОШ № 14"),
        # several roles of one person
        ("Г.Е. Сомова, учитель математики СОШ № 2, руководитель РМО, поделилась опытом.",
         "Сомова Г.Е.", ["учитель математики", "руководитель РМО"], "СОШ № 2"),
        # a verb between the role and the name does not break the link
        ("На совещании выступил главный специалист комитета образования В.А. Шестаков.",
         "Шестаков В.А.", ["главный специалист комитета образования"], "комитет образования"),
        # feminine role noun: the role is its masculine lemma
        ("Своим опытом поделилась учительница начальных классов СОШ № 8 Ольга Петровна Зуева.",
         "Зуева О.П.", ["учитель начальных классов"], "СОШ № 8"),
    ],
)
def test_role_and_org_of_one_person(text, name, roles, org):
    found = people(text)
    assert name in found, found
    assert found[name] == (roles, org)


def test_plural_role_is_shared_and_each_segment_keeps_its_school():
    text = ("Практики представили руководителями школ СОШ №12 Гусевой А.В., Деминым С.С., "
            "СОШ №3 – Ивлевой Н.Н.")
    found = people(text)
    assert found["Гусева А.В."] == (["руководитель школ"], "СОШ № 12")
    assert found["Демин С.С."] == (["руководитель школ"], "СОШ № 12")
    assert found["Ивлева Н.Н."] == (["руководитель школ"], "СОШ № 3")


def test_plural_role_in_nominative_puts_feminine_lookalikes_in_the_nominative():
    text = "Занятия вели преподаватели кафедры педагогики И.С. Миронова, Е.В. Фомина."
    found = people(text)
    assert set(found) == {"Миронова И.С.", "Фомина Е.В."}
    assert found["Фомина Е.В."][0] == ["преподаватель кафедры педагогики"]


def test_chair_belongs_to_the_institute_named_before_it():
    text = ("От ИРО Вологодской области в работе приняли участие доценты кафедры "
            "дошкольного образования Л.Г. Кирсанова, М.А. Рыжова.")
    found = people(text)
    assert found["Рыжова М.А."][1] == "ИРО Вологодской области"


def test_signature_roles_on_lines_before_the_name():
    text = ("Отчёт подготовлен по итогам мероприятия.\n\n"
            "Ведущий специалист отдела образования,\n"
            "муниципальный куратор проекта              Е.А. Глушко")
    found = people(text)
    roles, org = found["Глушко Е.А."]
    assert roles == ["ведущий специалист отдела образования", "муниципальный куратор проекта"]
    assert org == "отдел образования"


def test_participant_is_a_status_not_a_role():
    text = "Р.Р. Хасанова, заместитель директора гимназии № 4, участница проекта, рассказала о планах."
    found = people(text)
    assert found["Хасанова Р.Р."][0] == ["заместитель директора"]


def test_name_with_school_in_brackets_gets_the_school_as_org():
    found = people("В обсуждении выступили М.М. Орлов, Т.В. Баева (СОШ №17).")
    assert found["Баева Т.В."] == ([], "СОШ № 17")
    assert found["Орлов М.М."] == ([], "")
