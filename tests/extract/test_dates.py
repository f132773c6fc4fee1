"""Dates: every notation, ranges, months, years, academic years, deadlines,
year inference; and numbers that are not dates."""

from __future__ import annotations

import pytest

from pipeline.extract.dates import find_dates


def facts(text: str, rules, ref_year: int | None = None) -> list[tuple]:
    return [(d.value, d.kind) for d in find_dates(text, rules, ref_year=ref_year)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Семинар состоялся 29 сентября 2022 года в актовом зале.", [("2022-09-29", "date")]),
        ("Заседание РМО прошло 14 марта 2023 г.", [("2023-03-14", "date")]),
        ("Дата проведения: 29.09.2022.", [("2022-09-29", "date")]),
        ("Протокол от 05.10.22 утверждён.", [("2022-10-05", "date")]),
        ("27.08.2022 года прошло августовское совещание.", [("2022-08-27", "date")]),
        ("«15» ноября 2022 г. состоялся круглый стол.", [("2022-11-15", "date")]),
        ("Приём заявок – 1 февраля 2024г.", [("2024-02-01", "date")]),
        # ranges
        ("Курсы прошли с 10 по 12 ноября 2022 г. в ИРО.", [("2022-11-10/2022-11-12", "range")]),
        ("Форум пройдёт 10–12 ноября 2022 года.", [("2022-11-10/2022-11-12", "range")]),
        ("Смена работала с 28 сентября по 2 октября 2022 года.", [("2022-09-28/2022-10-02", "range")]),
        ("Школа проходила 30 мая – 3 июня 2023 г.", [("2023-05-30/2023-06-03", "range")]),
        ("Каникулы продлились с 28 декабря по 8 января 2023 г.", [("2022-12-28/2023-01-08", "range")]),
        ("Приём документов с 10.11.2022 по 12.11.2022.", [("2022-11-10/2022-11-12", "range")]),
        # months and years
        ("В сентябре 2022 г. стартовал проект.", [("2022-09", "month")]),
        ("Отчёт за октябрь 2022 года сдан.", [("2022-10", "month")]),
        ("В 2022 году в проекте участвуют две школы.", [("2022", "year")]),
        ("Участница проекта в 2020 году представила опыт.", [("2020", "year")]),
        ("План на 2023 г. утверждён.", [("2023", "year")]),
        ("Программа рассчитана на 2022–2024 гг.", [("2022/2024", "range")]),
        ("Региональный этап пройдёт в январе–феврале 2023 года.", [("2023-01/2023-02", "range")]),
        # academic years
        ("Итоги 2022-2023 учебного года подведены.", [("2022-09-01/2023-08-31", "academic_year")]),
        ("План работы на 2022/2023 уч. г. принят.", [("2022-09-01/2023-08-31", "academic_year")]),
        ("В 2022-2023 учебном году школы работали по плану.", [("2022-09-01/2023-08-31", "academic_year")]),
        ("В 2023–24 уч.г. откроются классы.", [("2023-09-01/2024-08-31", "academic_year")]),
        ("Задачи на 2022-2023 год определены.", [("2022-09-01/2023-08-31", "academic_year")]),
        # deadlines
        ("Задачи нужно решить до конца 2022 года.", [("2022-12-31", "deadline")]),
        ("Отчёты сдать до 1 декабря 2022 г.", [("2022-12-01", "deadline")]),
        ("Заявки принимаются не позднее 15.03.2023.", [("2023-03-15", "deadline")]),
        ("Мониторинг завершить до конца сентября 2022 г.", [("2022-09-30", "deadline")]),
        # not dates
        ("Всего 56 чел. приняли участие в проекте «500+».", []),
        ("Опыт СОШ № 12 и школы № 2022 обобщён.", []),
        ("Приказ № 125 от 31.02.2022 недействителен.", []),
        ("Результат вырос на 12,5 % за 2 года.", []),
        ("Начало в 10.00, каб. 12.", []),
    ],
)
def test_find_dates(text, expected, rules):
    assert facts(text, rules) == expected


@pytest.mark.parametrize(
    "text, ref_year, expected",
    [
        # the year of a date without one comes from the text's other dates …
        ("Совещание 29.09.2022 наметило семинар на 5 октября.", None,
         [("2022-09-29", "date", False), ("2022-10-05", "date", True)]),
        # … or from the report's year
        ("Семинар пройдёт 5 октября, отчёт – до 1 ноября.", 2023,
         [("2023-10-05", "date", True), ("2023-11-01", "deadline", True)]),
        ("С 10 по 12 ноября прошли курсы.", 2022, [("2022-11-10/2022-11-12", "range", True)]),
        ("Работу завершить до конца года.", 2022, [("2022-12-31", "deadline", True)]),
        ("В сентябре педагоги прошли курсы.", 2022, [("2022-09", "month", True)]),
        # the nearest full date before it wins over the most frequent year
        ("Курсы прошли 10–12 ноября 2022 года; 12 ноября – конференция. Заявки до 20.01.2023, "
         "поток в феврале 2023 г.", None,
         [("2022-11-10/2022-11-12", "range", False), ("2022-11-12", "date", True),
          ("2023-01-20", "deadline", False), ("2023-02", "month", False)]),
        # with only an academic year: autumn months take its first year, spring ones its second
        ("21 сентября прошёл первый методический день 2022-2023 учебного года, второй – 15 марта.", None,
         [("2022-09-21", "date", True), ("2022-09-01/2023-08-31", "academic_year", False),
          ("2023-03-15", "date", True)]),
        # no year anywhere: a day keeps its day and month, a month alone is left out
        ("Семинар пройдёт 5 октября, а в ноябре – конференция.", None, [("--10-05", "date", True)]),
    ],
)
def test_year_inference(text, ref_year, expected, rules):
    assert [(d.value, d.kind, d.year_inferred) for d in find_dates(text, rules, ref_year=ref_year)] == expected


@pytest.mark.parametrize(
    "text, document_year, path_year, expected",
    [
        # a dateline in the text wins over the file's publication date and its path
        ("Опубликовано: 14.03.2024\n12 марта в ДДТ прошёл семинар.", 2021, 2019,
         [("2024-03-14", "text"), ("2024-03-12", "text")]),
        ("12 марта в ДДТ прошёл семинар.", 2021, 2019, [("2021-03-12", "document")]),
        ("12 марта в ДДТ прошёл семинар.", None, 2019, [("2019-03-12", "path")]),
        ("С 28 декабря по 5 января – каникулы.", None, None, [("--12-28/--01-05", "unknown")]),
        ("Заявки принимаются до 20 декабря.", None, None, [("--12-20", "unknown")]),
        ("29 февраля прошла встреча.", None, None, [("--02-29", "unknown")]),
        # a year written in the mention is the text's, whatever else is known
        ("5 октября 2022 г. прошёл семинар.", 2023, 2019, [("2022-10-05", "text")]),
    ],
)
def test_the_year_of_a_yearless_date_comes_from_the_report_then_its_file(text, document_year, path_year, expected,
                                                                          rules):
    found = find_dates(text, rules, document_year=document_year, path_year=path_year)
    assert [(d.value, d.year_source) for d in found] == expected


@pytest.mark.parametrize(
    "source, year",
    [
        ("архив/2023/05/отчёт.docx", 2023),
        ("2023-05-12_семинар_Чита.docx", 2023),
        ("отчеты_2021/2022-11-23_семинар.txt", 2022),  # the nearest name first
        ("школа_175/отчёт.docx", None),
        ("СОШ_№_2000/отчёт.txt", None),  # a number after №, not a year
        ("отчёт_1900.txt", None),  # outside the years the rules accept
    ],
)
def test_a_year_in_the_file_or_folder_name(source, year, rules):
    from pipeline.extract.dates import path_year

    assert path_year(source, rules) == year


def test_spans_and_order(rules):
    text = "С 10 по 12 ноября 2022 г. прошли курсы, 29.09.2022 – семинар, до конца 2022 года – отчёт."
    found = find_dates(text, rules)
    assert [d.text for d in found] == ["С 10 по 12 ноября 2022 г.", "29.09.2022", "до конца 2022 года"]
    assert all(text[d.start : d.end] == d.text for d in found)


def test_seeds(seed_reports, rules):
    for doc, text, gold in seed_reports:
        found = find_dates(text, rules)
        assert all(text[d.start : d.end] == d.text for d in found)
        assert sorted({d.value for d in found}) == sorted(gold["dates"]), doc


def test_the_dates_component_reads_the_files_publication_date_and_path(rules):
    from pipeline.extract.dates import component
    from pipeline.records import DocMeta, Inputs

    text = "12 мая в ДДТ прошёл семинар для педагогов."

    def values(meta: DocMeta) -> list[tuple[str, str]]:
        return [(d.value, d.year_source) for d in component(Inputs("d", text, meta=meta), rules)]

    assert values(DocMeta("2022/семинар.docx", "2023-05-20", "docx-core")) == [("2023-05-12", "document")]
    assert values(DocMeta("2022/семинар.docx")) == [("2022-05-12", "path")]
    assert values(DocMeta("семинар.txt")) == [("--05-12", "unknown")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # datelines as sites print them: ISO, and a comma before the year
        ("2024-03-05 Новости. Семинар прошёл в гимназии.", [("2024-03-05", "2024-03-05")]),
        ("Четверг, 6 ноября, 2025\nВ среду, 5 ноября, прошёл педсовет.",
         [("6 ноября, 2025", "2025-11-06"), ("5 ноября", "2025-11-05")]),
        # not dates: an order number, a month that does not exist, a phone number
        ("Приказ № 2023-10-15/1 утверждён.", []),
        ("Код 2023-13-45 в реестре.", []),
        ("Звоните: 8-2023-11-12-45.", []),
        # a comma and a number that is no year stay apart
        ("12 мая, 150 участников собрались в ДДТ.", [("12 мая", "--05-12")]),
    ],
)
def test_iso_dates_and_a_comma_before_the_year(text, expected, rules):
    assert [(d.text, d.value) for d in find_dates(text, rules)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Итоги конкурса «Учитель года – 2025» подвели в ИРО.", [("2025", "year")]),
        ('Открылся фестиваль "Алый парус-2019", старт дал губернатор.', [("2019", "year")]),
        ("Участники конкурса «За нравственный подвиг учителя 2026» получили дипломы.", [("2026", "year")]),
        # a number inside the name, not ending it, and numbers outside quotes are no years
        ("Итоги «ВсОШ 2022 по физике» подвели.", []),
        ("В конкурсе «Лучший кабинет» участвовали 2025 учеников.", []),
    ],
)
def test_a_year_that_ends_a_quoted_name(text, expected, rules):
    assert [(d.value, d.kind) for d in find_dates(text, rules)] == expected


def test_a_pages_dateline_gives_the_year_before_its_metadata(rules):
    from pipeline.extract.dates import component
    from pipeline.records import DocMeta, Inputs

    text = "12 мая в ДДТ прошёл семинар для педагогов."
    meta = DocMeta("2020/семинар.html", "2021-01-01", "html-meta", "Добавил: admin | 26.04.2023 | Просмотров: 12")
    assert [(d.value, d.year_source) for d in component(Inputs("d", text, meta=meta), rules)] == [
        ("2023-05-12", "document")]
    no_year = DocMeta("семинар.html", "", "", "Просмотров: 12")
    assert [d.value for d in component(Inputs("d", text, meta=no_year), rules)] == ["--05-12"]


@pytest.mark.parametrize(
    "text, ref_year, expected",
    [
        # days sharing a written month and year
        ("Курсы прошли 28-29.08.2018 г. в ИРО.", None, [("2018-08-28/2018-08-29", "range")]),
        ("Сессия прошла 3–5.11.2021.", None, [("2021-11-03/2021-11-05", "range")]),
        ("Классы 5-7.09 учатся по новой программе.", None, []),
        # an abbreviated month after a day, as datelines write it
        ("28 авг 23:04 Автор: редакция", 2023, [("2023-08-28", "date")]),
        ("Семинар прошёл 5 окт. в гимназии.", 2022, [("2022-10-05", "date")]),
        ("чт, 25 апр. 02:04 Погода: ясно", 2022, []),
        # a dateline's day and month before its time of day
        ("Иван Петров 26.08, 08:51 Новости", 2024, [("2024-08-26", "date")]),
        ("Рост составил 26.08 процента.", 2024, []),
    ],
)
def test_datelines_and_shared_months(text, ref_year, expected, rules):
    assert facts(text, rules, ref_year=ref_year) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Мероприятие состоялось в начале ноября.", [("2025-11", "month")]),
        ("В конце мая прошёл семинар.", [("2025-05", "month")]),
        ("До конца ноября сдать отчёт.", [("2025-11-30", "deadline")]),
        ("В начале работы выступил директор.", []),
    ],
)
def test_part_of_a_month(text, expected, rules):
    assert facts(text, rules, ref_year=2025) == expected
