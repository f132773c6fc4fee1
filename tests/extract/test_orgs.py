"""Organizations: rule patterns, natasha's ORG spans, abbreviations a report uses."""

from __future__ import annotations

import pytest

from pipeline.extract.orgs import find_orgs, is_listed


def names(text: str, rules, ner: list[tuple[int, int]] | None = None) -> list[str]:
    return [o.name for o in find_orgs(text, rules, ner=ner)]


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


# --------------------------------------------------------------------------- rules


def test_owner_of_an_abbreviation_stops_before_a_surname(rules):
    text = "Практикум провела методист ИРО Пермского края Ковалёва Н.С. для учителей района."
    assert names(text, rules) == ["ИРО Пермского края"]


def test_owner_of_an_abbreviation_stops_at_a_line_break(rules):
    text = "Отчёт подготовлен методистом ИРО Пермского края\n\nИсп.: А.А. Петрова"
    assert names(text, rules) == ["ИРО Пермского края"]


def test_an_abbreviation_in_brackets_belongs_to_the_name_before_it(rules):
    text = (
        "Семинар провели специалисты ГАУ ДПО «Институт развития образования Пермского края» (ИРО ПК). "
        "Методисты ИРО рассказали о курсах."
    )
    full = find_orgs(text, rules)[0]
    assert full.name == "ГАУ ДПО «Институт развития образования Пермского края»"
    assert full.abbreviation == "ИРО ПК"


def test_a_defined_abbreviation_goes_to_the_name_it_spells_not_the_nearest(rules):
    text = (
        "На базе центра непрерывного повышения профессионального мастерства педагогических работников "
        "ГАУ ДПО «Институт развития образования Пермского края» (далее – ЦНППМ) прошли курсы."
    )
    by_name = {o.name: o.abbreviation for o in find_orgs(text, rules)}
    assert by_name["центр непрерывного повышения профессионального мастерства педагогических работников"] == "ЦНППМ"
    assert by_name["ГАУ ДПО «Институт развития образования Пермского края»"] == ""


def test_a_known_abbreviation_used_alone_names_the_full_mention(rules):
    text = (
        "Организатор – МАУ «Информационно-методический центр» г. Кунгура. "
        "Фотографии предоставил МАУ «ИМЦ»."
    )
    full = find_orgs(text, rules)[0]
    assert full.abbreviation == "ИМЦ"


def test_a_legal_form_written_out_is_a_name_in_the_nominative(rules):
    text = (
        "Работу организовали специалисты муниципального бюджетного учреждения "
        "«Центр психолого-педагогической поддержки» (далее – МБУ ЦППП)."
    )
    (org,) = find_orgs(text, rules)
    assert org.name == "муниципальное бюджетное учреждение «Центр психолого-педагогической поддержки»"
    assert org.abbreviation == "МБУ ЦППП"


def test_a_region_abbreviation_between_legal_forms_stays_in_the_name(rules):
    text = "Задания разработал ГАУ ДПО ПК «Пермский институт повышения квалификации работников образования»."
    assert names(text, rules) == ["ГАУ ДПО ПК «Пермский институт повышения квалификации работников образования»"]


def test_a_school_without_a_number_is_an_organization_a_numbered_one_is_not(rules):
    text = "В конкурсе участвовали МБОУ «Ильинская СОШ», МБОУ «СОШ № 12» и МКОУ Сивинская ООШ."
    listed = [o.name for o in find_orgs(text, rules) if is_listed(o)]
    assert listed == ["МБОУ «Ильинская СОШ»", "МКОУ Сивинская ООШ"]


def test_a_methodical_association_needs_its_adjective(rules):
    text = (
        "Заседание районного методического объединения учителей химии и биологии прошло в гимназии. "
        "Мы благодарим всех за объединение усилий."
    )
    assert names(text, rules) == ["районное методическое объединение учителей химии и биологии"]


def test_a_plural_head_is_a_kind_of_organization_not_one(rules):
    assert names("Выпускники педагогических колледжей пришли в школы.", rules) == []


def test_a_capitalized_ministry_in_a_tail_is_an_organization_of_its_own(rules):
    text = "Приветствие направил начальник отдела дошкольного образования Министерства образования и науки Пермского края."
    assert names(text, rules) == ["отдел дошкольного образования", "Министерство образования и науки Пермского края"]


def test_a_branch_and_its_organization_are_one(rules):
    text = "Лекцию прочитали преподаватели Кунгурского филиала ГАУ ДПО «Институт развития образования Пермского края»."
    assert names(text, rules) == ["Кунгурский филиал ГАУ ДПО «Институт развития образования Пермского края»"]


def test_a_role_adjective_is_not_part_of_the_name(rules):
    text = "Выступила Смирнова Е.Г., заведующая кафедрой дошкольного образования ИРО Пермского края."
    assert names(text, rules)[0] == "кафедра дошкольного образования"


def test_an_abbreviation_with_a_lowercase_conjunction_is_an_organization(rules):
    assert names("Консультацию провели сотрудники ТОИПКиРО по вопросам аттестации.", rules) == ["ТОИПКиРО"]


def test_a_pronoun_or_participle_is_no_modifier_of_a_head(rules):
    text = "Эта комиссия работала неделю. Отдел возглавлявший профессор ушёл на пенсию."
    assert names(text, rules) == []


# --------------------------------------------------------------------------- natasha's spans


def test_a_natasha_span_is_put_in_the_nominative(rules):
    text = "Законопроект внесли депутаты Государственной думы, сообщили в Мосгорсуде."
    ner = [span(text, "Государственной думы"), span(text, "Мосгорсуде")]
    assert names(text, rules, ner) == ["Государственная дума", "Мосгорсуд"]


def test_rules_win_where_a_natasha_span_overlaps_them(rules):
    text = "Курсы провёл ГАУ ДПО «Институт развития образования Пермского края» для учителей."
    ner = [span(text, "ДПО «Институт развития образования")]
    assert names(text, rules, ner) == ["ГАУ ДПО «Институт развития образования Пермского края»"]


def test_natasha_spans_that_are_schools_places_titles_or_people_are_dropped(rules):
    text = (
        "Учитель МБОУ СОШ № 4 представил проект «Зелёная планета» на площадке «Цифровая лаборатория». "
        "Городской округ «Город Пермь» наградил Габдуллина Рустама Ильдаровича. Выступила Бережная Ольга Ивановна."
    )
    ner = [
        span(text, "МБОУ СОШ № 4"), span(text, "Зелёная планета"), span(text, "Цифровая лаборатория"),
        span(text, "Город Пермь"), span(text, "Габдуллина Рустама Ильдаровича"), span(text, "Бережная"),
    ]
    assert names(text, rules, ner) == []


def test_a_natasha_span_is_cut_before_initials(rules):
    text = "Слово взял представитель Фонда поддержки регионов П.С. Зуев."
    ner = [span(text, "Фонда поддержки регионов П.С. Зуев")]
    assert names(text, rules, ner) == ["Фонд поддержки регионов"]


def test_a_press_office_before_a_natasha_organization_is_one_organization(rules):
    text = "Об этом сообщает пресс-служба ООО «Уральские перевозки»."
    ner = [span(text, "ООО «Уральские перевозки»")]
    assert names(text, rules, ner) == ["пресс-служба ООО «Уральские перевозки»"]


def test_an_organization_named_in_full_and_by_its_initials_is_linked(rules):
    text = "Федеральная налоговая служба разъяснила порядок. Позже ФНС уточнила сроки."
    ner = [span(text, "ФНС")]
    full = find_orgs(text, rules, ner=ner)[0]
    assert (full.name, full.abbreviation) == ("Федеральная налоговая служба", "ФНС")


@pytest.mark.parametrize(
    "text, expected",
    [
        # a school named by its place, without a legal form or a number, in any case
        ("Первое место заняла Калайкасинская СОШ, второе – Орининская ООШ.",
         ["Калайкасинская СОШ", "Орининская ООШ"]),
        ("Ученики Тацинской СОШ победили в олимпиаде.", ["Тацинская СОШ"]),
        ("В Усть-Кутской СОШ прошёл открытый урок.", ["Усть-Кутская СОШ"]),
        # a numbered school is a schools row, and a plural or a region is no school
        ("Тацинская СОШ № 2 выиграла эстафету.", []),
        ("Районные СОШ подготовили отчёты.", []),
        ("Педагоги Московской области и СОШ района собрались.", []),
    ],
)
def test_a_school_named_by_its_place_is_an_organization(text, expected, rules):
    assert [o.name for o in find_orgs(text, rules) if o.kind == "school"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Семинар прошёл в детском саду «Росинка» посёлка.", ["детский сад «Росинка»"]),
        ("Гостей принял Детский сад «Берёзка».", ["детский сад «Берёзка»"]),
        # a numbered kindergarten is a schools row, not an organization found here
        ("Гостей принял детский сад № 5 «Солнышко».", []),
        # a kindergarten without a name is no organization
        ("Гостей принял детский сад.", []),
    ],
)
def test_kindergarten_by_its_quoted_name(text, expected, rules):
    assert [o.name for o in find_orgs(text, rules) if is_listed(o)] == expected


def test_a_press_service_and_the_body_it_speaks_for(rules):
    text = "Об этом сообщает пресс-служба администрации Северного района."
    assert names(text, rules) == ["пресс-служба администрации Северного района", "администрация Северного района"]


def test_a_unit_other_than_a_press_service_names_one_organization(rules):
    text = "Совещание провёл отдел образования администрации Северного района."
    assert names(text, rules) == ["отдел образования администрации Северного района"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Встречу провела Озёрская епархия.", ["Озёрская епархия"]),
        ("Проверку провела прокуратура Северного района.", ["прокуратура Северного района"]),
        # a bare press service names no body
        ("Пресс-служба сообщила о встрече.", []),
    ],
)
def test_church_and_state_bodies(text, expected, rules):
    assert [n[0].upper() + n[1:] for n in names(text, rules)] == [e[0].upper() + e[1:] for e in expected]


@pytest.mark.parametrize(
    "text, part, expected",
    [
        # natasha's span of adjectives without their noun, or a heading in capitals
        ("Делегация Озёрского района прибыла на совещание.", "Озёрского", []),
        ("ГЛАВНЫЕ НОВОСТИ\nСовещание прошло в школе.", "ГЛАВНЫЕ НОВОСТИ", []),
        # a name of its own stays
        ("Делегация Сената прибыла на совещание.", "Сената", ["Сенат"]),
    ],
)
def test_ner_spans_of_plain_dictionary_words(text, part, expected, rules):
    assert names(text, rules, ner=[span(text, part)]) == expected


def test_a_settlement_name_ends_an_organization_tail(rules):
    assert names("Книги передала библиотека села Ивановка.", rules) == ["библиотека села Ивановка"]
    # a capitalized word after another genitive is no part of it
    assert names("Книги передала библиотека школы Ивановой.", rules) == ["библиотека школы"]


def test_a_comma_list_closed_by_and_stays_in_the_name(rules):
    text = "Совещание провёл отдел образования, молодёжной политики и спорта администрации района."
    assert names(text, rules) == ["отдел образования, молодёжной политики и спорта администрации района"]
    assert names("Отдел образования, молодёжи, затем школа.", rules) == ["Отдел образования"]


def test_school_subjects_are_no_organizations(rules):
    assert names("Уроки провели учителя ОБЖ и ИЗО.", rules) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Приказ издал комитет по образованию Северской области.", ["комитет по образованию Северской области"]),
        ("Приказ издал отдел по делам молодёжи.", ["отдел по делам молодёжи"]),
        # adjectives joined by «и» inside the genitive tail
        ("Приказ издал комитет общего и профессионального образования Северской области.",
         ["комитет общего и профессионального образования Северской области"]),
        # «по» after another head is no part of a name
        ("Работу провёл центр по плану.", []),
    ],
)
def test_authority_with_a_po_complement(text, expected, rules):
    assert names(text, rules) == expected


def test_a_sentence_end_after_the_owner_keeps_it(rules):
    assert names("Об этом уточнили в мэрии Петрозаводска.", rules) == ["мэрия Петрозаводска"]
    # an initial after the tail is a person's, not the owner
    assert names("Выступила методист отдела образования Иванова Н. Н. на совете.", rules) == ["отдел образования"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Выступила председатель Озёрской районной организации Общероссийского Профсоюза образования.",
         ["озёрская районная организация Общероссийского Профсоюза образования"]),
        ("Первичная профсоюзная организация провела слёт.", ["Первичная профсоюзная организация"]),
        # a kind of organization, not one
        ("Урок прошёл в образовательной организации.", []),
        ("Урок прошёл в каждой муниципальной образовательной организации.", []),
        # an organization needs its modifier
        ("Организация мероприятия была хорошей.", []),
    ],
)
def test_organization_as_a_head(text, expected, rules):
    assert names(text, rules) == expected


def test_a_first_name_after_a_settlement_word_is_no_settlement(rules):
    assert names("Выступила глава администрации города Татьяна Петрова.", rules) == ["администрация города"]


def test_a_natasha_span_loses_a_trailing_first_name(rules):
    text = "Письмо направил Северный клуб Татьяна Петрова подписала его."
    assert names(text, rules, ner=[span(text, "Северный клуб Татьяна")]) == ["Северный клуб"]
    # a span with a patronymic is a person, not an organization
    text = "Слово взяла Петрова Ольга Ивановна из клуба."
    assert names(text, rules, ner=[span(text, "Петрова Ольга Ивановна")]) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Семинар прошёл в областном центре.", []),
        ("Семинар прошёл в районном центре детского творчества.", ["районный центр детского творчества"]),
    ],
)
def test_regional_centre_alone_is_a_city(text, expected, rules):
    assert names(text, rules) == expected


def test_a_rare_reading_does_not_extend_a_name(rules):
    # "главой" is read as a genitive adjective only rarely: it ends the owner's tail
    text = "В зале администрации Северного района главой администрации проведено совещание."
    assert names(text, rules)[0] == "администрация Северного района"
