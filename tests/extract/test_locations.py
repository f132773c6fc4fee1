"""Places: regions, districts, urban districts, cities and villages in the
nominative; the gazetteer; and capitalized words that are not places."""

from __future__ import annotations

import pytest

from pipeline.extract.locations import find_locations


def facts(text: str, rules) -> list[tuple[str, str]]:
    return [(loc.name, loc.kind) for loc in find_locations(text, rules)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # regions
        ("С докладом выступили методисты ИРО Забайкальского края.", [("Забайкальский край", "region")]),
        ("Учителя Краснодарского края и Ростовской области встретились.",
         [("Краснодарский край", "region"), ("Ростовская область", "region")]),
        ("Опыт Республики Татарстан изучают в Республике Бурятия.",
         [("Республика Татарстан", "region"), ("Республика Бурятия", "region")]),
        ("Делегация Чувашской Республики прибыла.", [("Чувашская Республика", "region")]),
        ("Школы Республики Саха (Якутия) участвуют.", [("Республика Саха (Якутия)", "region")]),
        ("Форум прошёл в Сибирском федеральном округе.", [("Сибирский федеральный округ", "federal_district")]),
        # districts and municipal units
        ("На территории муниципального образования Щербиновский район прошёл форум.", [("Щербиновский район", "district")]),
        ("Муниципальное образование Щербиновский район приняло гостей.", [("Щербиновский район", "district")]),
        ("Две школы Щербиновского района вошли в проект.", [("Щербиновский район", "district")]),
        ("В Ейском муниципальном районе открыли центр.", [("Ейский муниципальный район", "district")]),
        ("Руководители муниципального образования «Щербиновский район» выступили.",
         [("Щербиновский район", "district")]),
        ("Работники Центрального района г. Читы собрались.",
         [("Центральный район", "district"), ("г. Чита", "city")]),
        # urban districts
        ("Учителя городского округа «Город Чита» собрались на форум.",
         [("городской округ «Город Чита»", "urban_district")]),
        ("Городской округ «Город Чита» принял форум.", [("городской округ «Город Чита»", "urban_district")]),
        # cities and villages with a marker
        ("О ходе реализации программы в г. Чите рассказал специалист.", [("г. Чита", "city")]),
        ("Главный специалист комитета образования г.Читы", [("г. Чита", "city")]),
        ("Семинар прошёл в городе Нижнем Новгороде.", [("г. Нижний Новгород", "city")]),
        ("Гости из ст. Старощербиновской и с. Ивановка приехали.",
         [("ст. Старощербиновская", "village"), ("с. Ивановка", "village")]),
        ("Школа в п. Светлом и д. Березовка получила оборудование.",
         [("п. Светлый", "village"), ("д. Березовка", "village")]),
        ("Праздник прошёл в станице Старощербиновской.", [("ст. Старощербиновская", "village")]),
        ("Отчёт направлен в г. Киров.", [("г. Киров", "city")]),
        ("Практику прошли в р.п. Линево и в г. Сокола.", [("р.п. Линево", "village"), ("г. Сокол", "city")]),
        ("Форумы прошли в г. Чебоксарах и в Набережных Челнах.",
         [("г. Чебоксары", "city"), ("г. Набережные Челны", "city")]),
        ("Педагоги Ханты-Мансийского автономного округа – Югры провели форум.",
         [("Ханты-Мансийский автономный округ", "region")]),
        # gazetteer: cities without a marker
        ("Команды из Краснодара, Читы и Ростова-на-Дону прибыли.",
         [("г. Краснодар", "city"), ("г. Чита", "city"), ("г. Ростов-на-Дону", "city")]),
        ("Форум прошёл в Нижнем Новгороде и Санкт-Петербурге.",
         [("г. Нижний Новгород", "city"), ("г. Санкт-Петербург", "city")]),
        ("Опыт школ Татарстана обсудили.", [("Республика Татарстан", "region")]),
        # not places
        ("Каждого района коснулись изменения.", []),
        ("Всероссийского округа не существует.", []),
        ("Учитель Иванова И.И. провела урок, директор Владимир Петрович выступил.", []),
        ("Лицей им. С.М. Кирова отметил юбилей.", []),
        ("Две школы района вошли в проект.", []),
        ("Реализуется региональная Дорожная карта.", []),
        ("См. п. 3.2 положения, с. 15.", []),
        ("В 2022 г. Проект стартовал.", []),
    ],
)
def test_find_locations(text, expected, rules):
    assert facts(text, rules) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the settlement's abbreviation as the report writes it; words take the usual one
        ("Школы рп Чик и р. п. Колывань получили гранты.", [("рп Чик", "village"), ("р.п. Колывань", "village")]),
        ("Гости из пос. Восточного приехали.", [("пос. Восточный", "village")]),
        ("Учителя из рабочего посёлка Маслянино и посёлка городского типа Карымское.",
         [("р.п. Маслянино", "village"), ("пгт Карымское", "village")]),
        ("Праздник прошёл в ст-це Брюховецкой.", [("ст. Брюховецкая", "village")]),
        # one settlement, one name: the abbreviation written first wins over a word
        ("В посёлке Солнечном открыли школу, в пос. Солнечном отметили праздник.",
         [("пос. Солнечный", "village"), ("пос. Солнечный", "village")]),
        ("Сначала п. Ягодный, затем пос. Ягодный.", [("п. Ягодный", "village"), ("п. Ягодный", "village")]),
        # a plural common noun is not a marker, nor is a country after it
        ("Семинары прошли в городах Кубани.", [("Кубань", "region")]),
        ("Это лучший город Германии для жизни.", [("Германия", "country")]),
        # a surname after a marker word or before initials is a person
        ("Глава города Смирнов выступил.", []),
        ("Доклад д. Петрова И.И. принят.", []),
        # a settlement before a person's initials is still a settlement
        ("Учитель школы с. Знаменка А.И. Петров и директор пгт Первомайский Г.К. Вахрушев выступили.",
         [("с. Знаменка", "village"), ("пгт Первомайский", "village")]),
        ("Директор ООШ № 2 ст. Новоясенской Р.С. Дьяченко выступила.", [("ст. Новоясенская", "village")]),
        # coordinated adjectives share one place noun
        ("Педагоги Сокольского, Тотемского и Вытегорского муниципальных округов прошли обучение.",
         [("Тотемский муниципальный округ", "district"), ("Сокольский муниципальный округ", "district"),
          ("Вытегорский муниципальный округ", "district")]),
        ("Учителя Новосибирской и Томской областей встретились.",
         [("Томская область", "region"), ("Новосибирская область", "region")]),
        # an urban district named with "город"
        ("Руководители школ городского округа города Вологды собрались.",
         [("городской округ город Вологда", "urban_district")]),
        ("В муниципальном образовании город Краснодар прошёл форум.", [("г. Краснодар", "city")]),
        # informal region names are places of their own
        ("Конкурс «Учитель года Кубани» собрал педагогов Забайкалья.",
         [("Кубань", "region"), ("Забайкалье", "region")]),
        ("Педагоги Ханты-Мансийского автономного округа – Югры провели форум, опыт Югры изучают.",
         [("Ханты-Мансийский автономный округ", "region"), ("Югра", "region")]),
        # countries and larger areas
        ("Министерство просвещения Российской Федерации поддержало проект.", [("Российская Федерация", "country")]),
        ("Делегации из Казахстана, Республики Беларусь и Китая приехали в Минск.",
         [("Казахстан", "country"), ("Беларусь", "country"), ("Китай", "country"), ("г. Минск", "city")]),
        ("Опыт школ Сибири и Дальнего Востока обсудили.", [("Сибирь", "area"), ("Дальний Восток", "area")]),
        ("Того же мнения придерживаются коллеги.", []),
    ],
)
def test_places_more(text, expected, rules):
    found = facts(text, rules)
    assert sorted(found) == sorted(expected)


def test_spans(rules):
    text = "В муниципальном образовании Щербиновский район и в г. Чите, ИРО Забайкальского края."
    found = find_locations(text, rules)
    assert [loc.text for loc in found] == [
        "муниципальном образовании Щербиновский район", "г. Чите", "Забайкальского края"]
    assert all(text[loc.start : loc.end] == loc.text for loc in found)


def test_seeds(seed_reports, rules):
    for doc, text, gold in seed_reports:
        found = find_locations(text, rules)
        assert all(text[loc.start : loc.end] == loc.text for loc in found)
        assert {loc.name for loc in found} == set(gold["locations"]), doc


@pytest.mark.parametrize(
    "text, expected",
    [
        # a district named "округ" or "улус" after its adjective
        ("Совещание прошло в Кочубеевском округе.", [("Кочубеевский округ", "district")]),
        ("Педагоги Верхоянского улуса собрались в школе.", [("Верхоянский улус", "district")]),
        ("Опыт Приморского края обсудили.", [("Приморский край", "region")]),
        # a bare town name the dictionary knows as a toponym
        ("Учителя из Юрги и Выборга приехали на форум.", [("Юрга", "place"), ("Выборг", "place")]),
        ("Гости прибыли из Туапсе.", [("Туапсе", "place")]),
        # surnames, first names and adjectival uses are not places
        ("Губернатор Игорь Бабушкин выступил с докладом.", []),
        ("С докладом выступил Нестеров.", []),
        ("Ученики Коми национальной гимназии победили.", []),
        # a town named bare and with its marker is one place
        ("Форум прошёл в Шадринске. Глава города Шадринска приветствовал гостей.",
         [("г. Шадринск", "city"), ("г. Шадринск", "city")]),
    ],
)
def test_districts_and_bare_towns(text, expected, rules):
    assert facts(text, rules) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a region's abbreviation, as written
        ("Педагоги ЯНАО и ХМАО-Югры встретились.", [("ЯНАО", "region"), ("ХМАО-Югра", "region")]),
        ("Министр образования РС(Я) выступил.", [("РС(Я)", "region")]),
        ("Глава КБР провёл совещание.", [("КБР", "region")]),
        # after the name it abbreviates, one place
        ("Делегация Чеченской Республики (ЧР) прибыла.", [("Чеченская Республика", "region")]),
        # letters inside a longer word or name are no abbreviation
        ("Компания НАОМИ открыла филиал.", []),
    ],
)
def test_region_abbreviations(text, expected, rules):
    assert facts(text, rules) == expected


def test_abbreviation_of_a_region_the_report_names(rules):
    text = "Семинар прошёл в Республике Татарстан. Его провёл институт развития образования РТ."
    assert facts(text, rules) == [("Республика Татарстан", "region")] * 2


@pytest.mark.parametrize(
    "text, expected",
    [
        # a unit and a name in the nominative
        ("Совещание с руководством городского округа Нальчик прошло вчера.",
         [("городской округ Нальчик", "urban_district")]),
        ("Выступил представитель г.о.Саранск.", [("г.о. Саранск", "urban_district")]),
        ("Педагоги округа Муром собрались.", [("округ Муром", "urban_district")]),
        ("Глава округа Марина Петрова выступила.", []),
        # a city that is also a surname or a word counts after a preposition of place
        ("В Кургане открылась школа.", [("г. Курган", "city")]),
        ("Доклад прочёл Курганов.", []),
    ],
)
def test_named_units_and_marker_only_cities(text, expected, rules):
    assert facts(text, rules) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a spaced dash inside a compound place adjective
        ("Участники из Усть – Кутского района приехали.", [("Усть-Кутский район", "district")]),
        ("Педагоги Мегино – Кангаласского улуса собрались.", [("Мегино-Кангаласский улус", "district")]),
        # not after an inflected word or a surname
        ("Доклад Петрова – Краснодарского края представителя.", [("Краснодарский край", "region")]),
        ("Доклад Петров – Краснодарского края.", [("Краснодарский край", "region")]),
    ],
)
def test_spaced_dash_in_compound_names(text, expected, rules):
    assert facts(text, rules) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Педагоги Донецкой Народной Республики приехали.", [("Донецкая Народная Республика", "region")]),
        ("Школы Крыма участвуют в проекте.", [("Крым", "region")]),
    ],
)
def test_people_s_republics_and_crimea(text, expected, rules):
    assert facts(text, rules) == expected


def test_a_year_glued_to_a_place_name(rules):
    assert facts("Конкурс «Учитель года Кубани-2014» прошёл.", rules) == [("Кубань", "region")]
