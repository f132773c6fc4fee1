"""Roles and organizations of people: before or after the name, plural roles over
lists, several roles, signatures; role in the nominative singular, split from its
organization. All sentences are the team's own."""

from __future__ import annotations

import pytest

from pipeline.extract.stage import extract
from pipeline.records import Annotation


def people(text: str, rules) -> dict[str, tuple[list[str], str]]:
    ex = extract("t", text, Annotation("t"), rules)
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
        ("На совещании выступил главный специалист отдела образования В.А. Шестаков.",
         "Шестаков В.А.", ["главный специалист отдела образования"], "отдел образования"),
        # feminine role noun: the role is its masculine lemma
        ("Своим опытом поделилась учительница начальных классов СОШ № 8 Ольга Петровна Зуева.",
         "Зуева О.П.", ["учитель начальных классов"], "СОШ № 8"),
        # a school keeps the report's words in a person's organization, in the nominative
        ("Мастер-класс провела учитель истории школы № 7 Т.А. Ветрова.",
         "Ветрова Т.А.", ["учитель истории"], "школа № 7"),
        ("Опытом поделился завуч средней школы № 12 П.Р. Озеров.",
         "Озеров П.Р.", ["завуч"], "средняя школа № 12"),
    ],
)
def test_role_and_org_of_one_person(text, name, roles, org, rules):
    found = people(text, rules)
    assert name in found, found
    assert found[name] == (roles, org)


def test_plural_role_is_shared_and_each_segment_keeps_its_school(rules):
    text = ("Практики представили руководителями школ СОШ №12 Гусевой А.В., Деминым С.С., "
            "СОШ №3 – Ивлевой Н.Н.")
    found = people(text, rules)
    assert found["Гусева А.В."] == (["руководитель школ"], "СОШ № 12")
    assert found["Демин С.С."] == (["руководитель школ"], "СОШ № 12")
    assert found["Ивлева Н.Н."] == (["руководитель школ"], "СОШ № 3")


def test_plural_role_in_nominative_puts_feminine_lookalikes_in_the_nominative(rules):
    text = "Занятия вели преподаватели кафедры педагогики И.С. Миронова, Е.В. Фомина."
    found = people(text, rules)
    assert set(found) == {"Миронова И.С.", "Фомина Е.В."}
    assert found["Фомина Е.В."][0] == ["преподаватель кафедры педагогики"]


def test_chair_belongs_to_the_institute_named_before_it(rules):
    text = ("От ИРО Вологодской области в работе приняли участие доценты кафедры "
            "дошкольного образования Л.Г. Кирсанова, М.А. Рыжова.")
    found = people(text, rules)
    assert found["Рыжова М.А."][1] == "ИРО Вологодской области"


def test_signature_roles_on_lines_before_the_name(rules):
    text = ("Отчёт подготовлен по итогам мероприятия.\n\n"
            "Ведущий специалист отдела образования,\n"
            "муниципальный куратор проекта              Е.А. Глушко")
    found = people(text, rules)
    roles, org = found["Глушко Е.А."]
    assert roles == ["ведущий специалист отдела образования", "муниципальный куратор проекта"]
    assert org == "отдел образования"


def test_participant_is_a_status_not_a_role(rules):
    text = "Р.Р. Хасанова, заместитель директора гимназии № 4, участница проекта, рассказала о планах."
    found = people(text, rules)
    assert found["Хасанова Р.Р."][0] == ["заместитель директора"]


def test_name_with_school_in_brackets_gets_the_school_as_org(rules):
    found = people("В обсуждении выступили М.М. Орлов, Т.В. Баева (СОШ №17).", rules)
    assert found["Баева Т.В."] == ([], "СОШ № 17")
    assert found["Орлов М.М."] == ([], "")


@pytest.mark.parametrize(
    "text, name, roles, org",
    [
        # a participle used as a role noun, with its instrumental complement
        ("Заведующая сельской библиотекой МБУК «Радуга» Т.Н. Ермакова рассказала о летнем чтении.",
         "Ермакова Т.Н.", ["заведующий сельской библиотекой"], "МБУК «Радуга»"),
        # "и" joins two genitives of one role
        ("Мастер-класс провела учитель русского языка и литературы МБОУ «СОШ № 12» Корнилова Елена Викторовна.",
         "Корнилова Е.В.", ["учитель русского языка и литературы"], "СОШ № 12"),
        # a settlement adjective between the legal form and the school
        ("Опытом поделилась педагог-психолог МКОУ Заречная СОШ № 3 Л.П. Рябова.",
         "Рябова Л.П.", ["педагог-психолог"], "СОШ № 3"),
        # a school without a number
        ("Задачи разобрал Ефремов Пётр Ильич, учитель математики МКОУ Луговская СОШ, на практической части.",
         "Ефремов П.И.", ["учитель математики"], "МКОУ Луговская СОШ"),
        # the organization in brackets, with words before the school
        ("Поделилась опытом Фомина Ирина Петровна (МКОУ Заречная СОШ № 5).",
         "Фомина И.П.", [], "СОШ № 5"),
        # a school span that ran into the surname does not hide the name
        ("В десанте работал учитель математики МБОУ СОШ № 16 ст. Сосновской Гончар В.А.",
         "Гончар В.А.", ["учитель математики"], "СОШ № 16"),
        # a school teacher without an organization: the school named earlier in the sentence
        ("Открытые уроки прошли на базе СОШ № 2. В 5 «А» классе МБОУ «СОШ № 7» урок провела учитель "
         "высшей категории Гаврилова Нина Сергеевна.",
         "Гаврилова Н.С.", ["учитель высшей категории"], "СОШ № 7"),
        # a role in brackets after an organization belongs to it
        ("Лучшие результаты у обучающихся МБОУ СОШ № 21 (учитель – Курбатова Светлана Ивановна), "
         "по химии – у обучающихся МБОУ лицей № 3.",
         "Курбатова С.И.", ["учитель"], "СОШ № 21"),
        # a signature: a quoted name over two lines under the role
        ("Отчёт составлен по итогам семинара.\n\nЗаместитель директора по ВР\nМБОУ «Лесная школа\n"
         "для детей с ОВЗ» К.Д. Сурина",
         "Сурина К.Д.", ["заместитель директора по ВР"], "МБОУ «Лесная школа для детей с ОВЗ»"),
        # a table row: the organization column beats the chair in the role
        ("ФИО | Должность | Организация\nЛапин Олег Юрьевич | доцент кафедры физики | ФГБОУ ВО «Северный университет»",
         "Лапин О.Ю.", ["доцент кафедры физики"], "ФГБОУ ВО «Северный университет»"),
        # genitive owners: a place or a body named after the role
        ("На встрече выступил губернатор Калужской области Пётр Смирнов.",
         "Смирнов П.", ["губернатор Калужской области"], "Калужская область"),
        ("Переговоры провёл министр иностранных дел Франции Жан Леруа.",
         "Леруа Ж.", ["министр иностранных дел Франции"], "Франция"),
        # a prefixed head
        ("В Осло прилетел экс-премьер Норвегии Ханс Ульсен.",
         "Ульсен Х.", ["экс-премьер Норвегии"], "Норвегия"),
        # a preposition that pymorphy can also read as a role noun is not one
        ("После поездки Д.Р. Ломов рассказал о впечатлениях.", "Ломов Д.Р.", [], ""),
    ],
)
def test_role_and_org_shapes(text, name, roles, org, rules):
    found = people(text, rules)
    assert name in found, found
    assert found[name] == (roles, org)


def test_schools_joined_by_and_give_the_first_to_a_plural_role(rules):
    text = "Учителя МБОУ СОШ № 3 и № 8 п. Лесного А.А. Рябцева и Т.М. Гаврилюк предложили провести квест."
    found = people(text, rules)
    assert found["Рябцева А.А."] == (["учитель"], "СОШ № 3")
    assert found["Гаврилюк Т.М."] == (["учитель"], "СОШ № 3")


def test_generic_institution_is_the_last_school_of_its_kind(rules):
    text = ("Гостей принимала ГБОУ «Сосновская школа-интернат». Затем выступил директор МБОУ «СОШ № 4» "
            "В.В. Орлов. Учитель-логопед школы-интерната Р.С. Ханова показала занятие.")
    assert people(text, rules)["Ханова Р.С."][1] == "ГБОУ «Сосновская школа-интернат»"


def test_roles_joined_by_a_dash_are_both_the_persons(rules):
    text = ("Школа работает в сотрудничестве с наставником проекта – доцентом кафедры истории "
            "ГАУ ДПО «ИРО Кировской области» О.Л. Мезенцевой.")
    roles, org = people(text, rules)["Мезенцева О.Л."]
    assert roles == ["наставник проекта", "доцент кафедры истории"]
    assert org == "ГАУ ДПО «ИРО Кировской области»"


def test_a_surname_after_a_role_is_not_its_owner(rules):
    from pipeline.extract.role_phrases import _genitive_owner
    from pipeline.extract.role_tokens import Tok

    toks = [Tok(0, 10, "президента", "word"), Tok(11, 21, "Зубашвили", "word")]
    assert _genitive_owner(toks, 1, 2, rules) == ""


@pytest.mark.parametrize(
    "text, name, roles, org",
    [
        # a post right before a clergy rank: the person holds both, the post gives the org
        ("Семинар открыл руководитель отдела образования Северной епархии иерей Павел Рыбин.",
         "Рыбин П.", ["руководитель отдела образования Северной епархии", "иерей"],
         "отдел образования Северной епархии"),
        ("Пришёл благочинный церквей Озёрного округа протоиерей Николай Жуков.",
         "Жуков Н.", ["благочинный церквей Озёрного округа", "протоиерей"], ""),
        # a rank alone
        ("Слово взял протоиерей Николай Жуков.", "Жуков Н.", ["протоиерей"], ""),
        # other confessions' ranks alike
        ("Пришёл председатель духовного управления мусульман шейх Равиль Акчурин.", "Акчурин Р.",
         ["председатель духовного управления мусульман", "шейх"], "духовное управление мусульман"),
        # the see belongs to the rank, not to the person's organization
        ("Гостей приветствовал митрополит Северский и Озёрский Амвросий.",
         "Амвросий", ["митрополит Северский и Озёрский"], ""),
    ],
)
def test_clergy_ranks_are_roles(text, name, roles, org, rules):
    found = people(text, rules)
    assert found.get(name) == (roles, org), found


def test_a_post_before_a_comma_and_a_rank_stays_apart(rules):
    # no adjacency: the post is not chained onto the rank across other words
    found = people("Выступил руководитель отдела образования, а затем иерей Павел Рыбин.", rules)
    assert found["Рыбин П."] == (["иерей"], "")


def test_pupils_of_a_class_share_the_role_without_the_class_letter_as_org(rules):
    found = people("Проект представили ученики 7Б класса: Орлов П., Зайцева К.", rules)
    assert found["Орлов П."] == (["ученик 7Б класса"], "")
    assert found["Зайцева К."] == (["ученик 7Б класса"], "")
    found = people("Первое место заняла ученица 9 класса лицея № 2 Мария Лосева.", rules)
    assert found["Лосева М."] == (["ученик 9 класса"], "лицей № 2")


def test_pupils_of_a_teacher_are_no_role_of_the_teacher(rules):
    # "ученик" needs a complement: the name after it is whose pupils they are
    found = people("Ученики Ивановой Марии Петровны выступили хорошо.", rules)
    assert found["Иванова М.П."] == ([], "")


@pytest.mark.parametrize(
    "text, name, roles",
    [
        # a class letter glued to its number is no conjunction «а»
        ("Честь школы защищали ученики 6А класса: Орлов И., Зайцева Д.", "Зайцева Д.", ["ученик 6А класса"]),
        # a settlement word and the settlement's name after an organization stay in the role
        ("Опытом поделилась заведующая библиотекой села Ивановка Марина Лесная.",
         "Лесная М.", ["заведующий библиотекой села Ивановка"]),
        # an en dash glued inside a word is a hyphen
        ("Коллегам рассказала заведующая социально–педагогическим отделом Дома творчества Вера Рябова.",
         "Рябова В.", ["заведующий социально-педагогическим отделом Дома творчества"]),
    ],
)
def test_role_phrase_typography(text, name, roles, rules):
    assert people(text, rules)[name][0] == roles


def test_a_spaced_dash_still_separates(rules):
    # "МБДОУ ЦРР – детский сад № 15" is one school, the dash between its parts is kept
    found = people("Благодарность объявлена заведующему МБДОУ ЦРР – детский сад № 15 Г.В. Рожкову.", rules)
    assert found["Рожков Г.В."] == (["заведующий"], "детский сад № 15")


def test_a_named_kindergarten_is_the_org_of_its_head(rules):
    found = people("Опытом поделилась заведующая детским садом «Ромашка» Марина Лесная.", rules)
    assert found["Лесная М."] == (["заведующий"], "детский сад «Ромашка»")


@pytest.mark.parametrize(
    "text, org",
    [
        # a school written out keeps its words as the person's organization
        ("Выступила учитель физики средней школы № 28 Галина Петрова.", "средняя школа № 28"),
        # a school written as an abbreviation keeps its short form
        ("Выступила учитель физики СОШ № 7 Галина Петрова.", "СОШ № 7"),
    ],
)
def test_school_as_a_persons_org_as_written(text, org, rules):
    assert people(text, rules)["Петрова Г."] == (["учитель физики"], org)


def test_a_body_named_with_a_comma_list_is_one_role_and_org(rules):
    text = ("Выступил начальник отдела образования, молодёжной политики и спорта администрации "
            "района В.В. Петров.")
    assert people(text, rules)["Петров В.В."] == (
        ["начальник отдела образования, молодёжной политики и спорта администрации района"],
        "отдел образования, молодёжной политики и спорта администрации района")


def test_a_comma_before_another_role_still_ends_the_role(rules):
    found = people("Выступил учитель математики, руководитель ШМО В.В. Петров.", rules)
    assert found["Петров В.В."] == (["учитель математики", "руководитель ШМО"], "")
    # a comma list without a closing «и» is no name of one body
    found = people("Выступил В.В. Петров, методист отдела образования, молодёжи, затем директор.", rules)
    assert found["Петров В.В."][0][0] == "методист отдела образования"


def test_plural_role_over_a_list_with_each_segments_own_complement(rules):
    text = ("Побывали на уроках у учителей русского языка Котовой М.А. (урок развития речи), "
            "начальных классов Сомовой Н.А., истории Лыковой Р.Г. и ИЗО Рысиной М.Б.")
    found = people(text, rules)
    assert found["Котова М.А."][0] == ["учитель русского языка"]
    assert found["Сомова Н.А."][0] == ["учитель начальных классов"]
    assert found["Лыкова Р.Г."][0] == ["учитель истории"]
    assert found["Рысина М.Б."] == (["учитель ИЗО"], "")


def test_plural_role_over_a_plain_list_is_shared(rules):
    found = people("Занятия вели учителя истории Котова М.А., Сомова Н.А.", rules)
    assert found["Сомова Н.А."][0] == ["учитель истории"]


def test_an_eponym_stays_in_the_role_and_its_person_is_no_person(rules):
    text = ("Пришли директор Озёрной средней школы имени контр-адмирала В. Ф. Лосева Юлия Сомова "
            "и директор Озёрской СОШ им. К.Д. Рысиной Зоя Котова.")
    found = people(text, rules)
    assert "Лосев В.Ф." not in found and "Лосева В.Ф." not in found
    assert found["Сомова Ю."] == (["директор Озёрной средней школы имени контр-адмирала В. Ф. Лосева"],
                                  "Озёрная средняя школа имени контр-адмирала В. Ф. Лосева")
    assert found["Котова З."][0] == ["директор"]


def test_a_head_noun_in_the_instrumental_is_named_by_its_lemma(rules):
    found = people("Совещание проведено главой администрации Моисеевым Ю.В. совместно с коллегами.", rules)
    assert found["Моисеев Ю.В."][0] == ["глава администрации"]


def test_a_plural_role_after_a_name_names_other_people(rules):
    text = ("В совещании участвовали министр образования Алексей Сомов, члены Законодательного "
            "Собрания, директора школ.")
    assert people(text, rules)["Сомов А."][0] == ["министр образования"]
    # a singular role after the name is the person's
    found = people("Выступил Алексей Сомов, министр образования области.", rules)
    assert found["Сомов А."][0] == ["министр образования области"]


def test_a_role_after_a_name_in_another_case_is_a_new_subject(rules):
    text = "В присутствии министра образования Н. Лосевой, глава республики подчеркнул важность встречи."
    assert people(text, rules)["Лосева Н."] == (["министр образования"], "")
    # in the same case it is the person's apposition
    text = "В присутствии Н. Лосевой, министра образования, прошла встреча."
    assert people(text, rules)["Лосева Н."][0] == ["министр образования"]


@pytest.mark.parametrize(
    "text, org",
    [
        # an administration named without its owner is the one named before, else itself
        ("В зале администрации Северного района главой администрации Моисеевым Ю.В. проведено совещание.",
         "администрация Северного района"),
        ("Выступил глава администрации Моисеев Ю.В.", "администрация"),
    ],
)
def test_bare_administration_in_a_role(text, org, rules):
    assert people(text, rules)["Моисеев Ю.В."] == (["глава администрации"], org)


def test_names_from_an_organization(rules):
    found = people("Вопросы задали Лосев А. и Сомова Д. из Озёрской СОШ № 1 губернатору.", rules)
    assert found["Лосев А."] == ([], "Озёрская СОШ № 1")
    assert found["Сомова Д."] == ([], "Озёрская СОШ № 1")
    # «из» with a place is no organization
    assert people("Приехал Петров И.И. из Москвы.", rules)["Петров И.И."] == ([], "")


def test_a_place_adjective_before_a_school_belongs_to_it(rules):
    found = people("Выступил ученик Озёрской СОШ № 1 Антон Лосев.", rules)
    assert found["Лосев А."] == (["ученик"], "Озёрская СОШ № 1")


def test_initials_after_an_organization_cut_at_its_eponym_stay_in_the_role(rules):
    from pipeline.extract.names import find_candidates
    from pipeline.extract.roles import link_people
    from pipeline.records import OrgMention

    text = "Пришла директор Озёрной средней школы имени контр-адмирала В. Ф. Лосева Юлия Сомова."
    part = "Озёрной средней школы имени контр-адмирала"
    start = text.index(part)
    orgs = [OrgMention(start, start + len(part), part, "Озёрная средняя школа имени контр-адмирала", kind="named")]
    cands = [c for c in find_candidates(text, rules) if not (start <= c.start and c.end <= start + len(part))]
    found = {p.name: p for p in link_people(text, [], cands, orgs, [], rules)}
    assert found["Сомова Ю."].roles[0].startswith("директор")


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Лауреатом признана Марина Коротова, инструктор по физической культуре, и другие.", "Коротова М.",
         "инструктор по физической культуре"),
        ("Выступил прокурор района Михаил Борисов.", "Борисов М.", "прокурор района"),
        ("Слово взяла вожатая Анна Лосева.", "Лосева А.", "вожатый"),
    ],
)
def test_more_posts(text, name, role, rules):
    assert people(text, rules)[name][0] == [role]


def test_a_school_after_each_name_of_a_list(rules):
    found = people("Награждены учителя истории – Мальцева М.А., СОШ № 14 и Тыщенко Т.Ю., СОШ № 10.", rules)
    assert found["Мальцева М.А."] == (["учитель истории"], "СОШ № 14")
    assert found["Тыщенко Т.Ю."] == (["учитель истории"], "СОШ № 10")
    # a single name with a school after a comma
    assert people("Выступила Мальцева М.А., СОШ № 14.", rules)["Мальцева М.А."] == ([], "СОШ № 14")


def test_a_school_known_by_its_name_after_a_comma(rules):
    found = people("Грамоту получила Мальцева М.А., МБОУ «Озёрная ООШ», диплом 1 степени.", rules)
    assert found["Мальцева М.А."] == ([], "МБОУ «Озёрная ООШ»")
    # a school that goes on with a verb is the subject of a new clause
    found = people("Выступила Мальцева М.А., МБОУ «Озёрская СОШ» провела урок.", rules)
    assert found["Мальцева М.А."] == ([], "")


def test_names_from_a_school_after_a_lower_case_place_adjective(rules):
    found = people("Лучшей признана Анна Котова из луговской школы № 12.", rules)
    assert found["Котова А."] == ([], "луговская школа № 12")
    # a pronoun adjective names no place
    assert people("Лучшей признана Анна Котова из нашей школы № 12.", rules)["Котова А."] == ([], "школа № 12")
    # «из» after a verb, not after the name, gives no organization
    assert people("Анна Котова приехала из луговской школы № 12.", rules)["Котова А."] == ([], "")


@pytest.mark.parametrize(
    "text, org",
    [
        ("Мастер-класс провела Анна Котова из 49-го лицея.", "49-й лицей"),
        ("Выступила Анна Котова, учитель химии 12-й школы.", "12-я школа"),
        # a school with «№» keeps the number sign
        ("Выступила Анна Котова, учитель химии школы № 12.", "школа № 12"),
    ],
)
def test_a_school_numbered_by_an_ordinal_keeps_it(text, org, rules):
    assert people(text, rules)["Котова А."][1] == org
