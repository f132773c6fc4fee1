"""The event record: main format, title (nested quotes), date, venue, place,
organizer, head count; digests with several events; sentence splitting."""

from __future__ import annotations

import pytest

from pipeline.extract.dates import find_dates
from pipeline.extract.events import find_events, quoted, sentences
from pipeline.extract.formats import find_formats
from pipeline.extract.locations import find_locations
from pipeline.extract.schools import find_schools
from pipeline.records import OrgMention


def events(text: str, rules, orgs=()):
    return find_events(
        text, rules,
        schools=find_schools(text, rules),
        dates=find_dates(text, rules),
        formats=find_formats(text, rules),
        locations=find_locations(text, rules),
        orgs=orgs,
    )


def main(text: str, rules, orgs=()):
    found = events(text, rules, orgs)
    assert found, "no event found"
    e = found[0]
    return {
        "format": e.format, "title": e.title, "date": e.date, "venue": e.venue,
        "location": e.location, "organizer": e.organizer, "participants": e.participants,
    }


def test_heading_and_verb(rules):
    text = (
        "В Ейском районе прошёл семинар-практикум «Наставник рядом»\n\n"
        "В рамках районного методического дня 12 октября 2022 года на базе МБОУ СОШ № 4 "
        "ст. Должанской состоялся семинар-практикум «Наставник рядом». Всего приняли участие 34 человека."
    )
    assert main(text, rules) == {
        "format": "семинар-практикум", "title": "Наставник рядом", "date": "2022-10-12",
        "venue": "СОШ № 4", "location": "ст. Должанская", "organizer": "", "participants": 34,
    }


def test_framing_format_is_not_the_event(rules):
    text = (
        "В рамках августовской педагогической конференции 29.08.2023 года проведён круглый стол "
        "«Школа равных возможностей». Участниками стали 45 педагогов г. Ейска."
    )
    e = main(text, rules)
    assert (e["format"], e["title"], e["date"], e["participants"]) == (
        "круглый стол", "Школа равных возможностей", "2023-08-29", 45)
    assert e["location"] == "г. Ейск"


def test_nested_quotes_in_title(rules):
    text = (
        "ИНФОРМАЦИЯ\nо проведении проектной сессии «Как выполнить задачи проекта «500+»?»\n\n"
        "15.09.2023 г. проведена проектная сессия «Как выполнить задачи проекта «500+»?». "
        "Сессия проводилась на базе ИРО Забайкальского края."
    )
    orgs = [OrgMention(start=text.index("ИРО З"), end=text.index("ИРО З") + 23, text="ИРО Забайкальского края",
                       name="ИРО Забайкальского края")]
    e = main(text, rules, orgs)
    assert e["format"] == "проектная сессия"
    assert e["title"] == "Как выполнить задачи проекта «500+»?"
    assert e["date"] == "2023-09-15"
    assert e["venue"] == "ИРО Забайкальского края"
    assert e["location"] == "Забайкальский край"


def test_title_spans_lines_and_gap_words(rules):
    text = "Состоялся вебинар на тему: «Функциональная грамотность.\nНовые задачи» для учителей."
    assert main(text, rules)["title"] == "Функциональная грамотность. Новые задачи"


def test_verb_before_or_after_format(rules):
    text = "Методический семинар для учителей истории прошёл 3 марта 2023 г. в г. Краснодаре."
    e = main(text, rules)
    assert (e["format"], e["date"], e["location"]) == ("семинар", "2023-03-03", "г. Краснодар")


@pytest.mark.parametrize(
    "sentence, count",
    [
        ("Всего 56 чел. приняли участие.", 56),
        ("В работе форума приняли участие более 100 педагогов.", 100),
        ("В работе семинара приняли участие 45 педагогов.", 45),
        ("На семинаре присутствовали 27 руководителей школ.", 27),
        ("Приняли участие 12 учителей и 3 методиста, всего 15 человек.", 15),
        ("В районе работают 300 педагогов.", None),
        ("В проекте «500+» участвуют две школы.", None),
        ("Команды 12 школ представили опыт.", None),
        # news wording: gathered, were present, came
        ("Собрались 27 педагогов района.", 27),
        ("Присутствовал 21 учитель.", 21),
        ("На встречу приехали 14 молодых специалистов.", 14),
        ("Собрались в 10 часов в актовом зале.", None),
    ],
)
def test_participants(sentence, count, rules):
    text = f"Состоялся семинар «Опыт». {sentence}"
    assert main(text, rules)["participants"] == count


def test_organizer(rules):
    text = (
        "12 мая 2023 г. прошёл форум «Точка роста», организованный управлением образования. "
        "Форум собрал 80 участников."
    )
    e = main(text, rules)
    assert e["organizer"] == "управление образования"
    assert e["participants"] == 80


def test_digest_gives_one_event_per_dated_format(rules):
    text = (
        "Методическая работа в октябре\n\n"
        "10 октября 2022 года в СОШ № 2 прошёл семинар «Читаем вместе». "
        "17 октября 2022 года состоялся круглый стол «Итоги ВПР». "
        "В ходе семинара учителя обсудили проблемы."
    )
    found = events(text, rules)
    assert [(e.format, e.title, e.date) for e in found] == [
        ("семинар", "Читаем вместе", "2022-10-10"),
        ("круглый стол", "Итоги ВПР", "2022-10-17"),
    ]
    assert found[0].venue == "СОШ № 2"


def test_parts_and_plans_are_not_more_events(rules):
    text = (
        "ИНФОРМАЦИЯ о проведении курсов повышения квалификации\n\n"
        "С 14 по 16 ноября 2022 года проведены курсы повышения квалификации «Оценивание без стресса». "
        "16 ноября прошла итоговая конференция слушателей. "
        "Следующий семинар пройдёт 20 декабря 2022 года. "
        "25 января 2023 года будет проведён круглый стол."
    )
    found = events(text, rules)
    assert [(e.format, e.date) for e in found] == [("курсы повышения квалификации", "2022-11-14/2022-11-16")]


@pytest.mark.parametrize(
    "text, title",
    [
        # the district's quoted name is skipped, the next quotation is the title
        ("Состоялась конференция работников образования муниципального района «Энский район» "
         "«Школа будущего».", "Школа будущего"),
        # the quoted name belongs to the project, not to the event
        ("Прошёл семинар для кураторов проекта «500+».", ""),
        ("Прошёл семинар в рамках проекта «500+».", ""),
        # words of the event between the format and its title are skipped
        ("Прошла неделя открытых уроков «Урок без границ».", "Урок без границ"),
        ("Прошёл семинар для учителей математики «Задачи с параметром».", "Задачи с параметром"),
    ],
)
def test_title_after_words(text, title, rules):
    assert main(text, rules)["title"] == title


def test_document_date_is_not_the_event_date(rules):
    text = ("Олимпиада проводилась с 8 ноября по 9 декабря 2022 года в соответствии с приказом "
            "управления образования от 28.10.2022 № 1143.")
    assert main(text, rules)["date"] == "2022-11-08/2022-12-09"


@pytest.mark.parametrize(
    "sentence, organizer",
    [
        ("Организатором семинара выступило МКУ «Районный методический центр».", "МКУ «Районный методический центр»"),
        ("Организатор – управление образования администрации района.", "управление образования администрации района"),
        ("Организатором выступил И.И. Петров, методист.", ""),
        ("В семинаре участвовал педагог-организатор Н.Н. Орлова.", ""),
    ],
)
def test_organizer_phrases(sentence, organizer, rules):
    text = f"15 марта 2023 г. состоялся семинар «Опыт». {sentence}"
    assert main(text, rules)["organizer"] == organizer


@pytest.mark.parametrize(
    "text, title",
    [
        ("Отчёт о заседании РМО учителей физики\n\nДата: 02.11.2022\n"
         "Тема заседания: «Лабораторный практикум без лаборатории».\nЗаседание открыла руководитель.",
         "Лабораторный практикум без лаборатории"),
        ("Отчёт о заседании ГМО учителей химии\n\nТема – «Опыты дома». Присутствовали 12 человек.", "Опыты дома"),
        ("В лицее прошёл семинар для учителей.\nТема семинара: «Проектные задачи».", "Проектные задачи"),
        # the topic of a talk is not the event's title
        ("В лицее прошёл семинар для учителей.\nТема доклада: «Проектные задачи».", ""),
    ],
)
def test_title_from_topic_line(text, title, rules):
    assert main(text, rules)["title"] == title


def test_heading_that_names_only_the_frame(rules):
    text = (
        "Справка о работе секции учителей физики в рамках августовского педагогического совещания\n\n"
        "29.08.2022 прошло заседание секции учителей физики, организованное в рамках августовского "
        "педагогического совещания. В работе секции приняли участие 30 учителей. "
        "Ученики школ стали призёрами регионального этапа олимпиады."
    )
    e = main(text, rules)
    assert (e["format"], e["date"], e["participants"]) == ("августовское педагогическое совещание", "2022-08-29", 30)


def test_heading_under_a_masthead(rules):
    text = (
        "Вестник ИМЦ. Выпуск 5, март 2023 года\n"
        "Школа молодого педагога: занятие в формате семинара\n"
        "5 марта 2023 года состоялось занятие районной школы молодого педагога. Для 15 учителей семинар "
        "«Урок без стресса» провела методист, победитель районного конкурса профессионального мастерства."
    )
    e = main(text, rules)
    assert (e["format"], e["title"], e["date"], e["participants"]) == (
        "семинар", "Урок без стресса", "2023-03-05", 15)


def test_order_number_before_a_range_is_not_a_document_date(rules):
    text = ("В соответствии с приказом от 01.10.2022 № 5 с 10 по 12 октября 2022 г. "
            "проходил конкурс «Педагог года». В конкурсе приняли участие 9 педагогов.")
    e = main(text, rules)
    assert (e["date"], e["participants"]) == ("2022-10-10/2022-10-12", 9)


@pytest.mark.parametrize(
    "sentence, count",
    [
        ("В олимпиаде приняли участие 120 обучающихся 5–11 классов.", 120),
        ("Всего участвовали 40 учащихся.", 40),
    ],
)
def test_participants_substantivized(sentence, count, rules):
    assert main(f"Состоялась олимпиада «Эрудит». {sentence}", rules)["participants"] == count


def test_audience_count_only_in_the_event_sentence(rules):
    text = "Для 20 учителей провели семинар «Опыт». Для 5 методистов подготовили памятки."
    assert main(text, rules)["participants"] == 20
    text = "Состоялся семинар «Опыт». Для 5 методистов подготовили памятки."
    assert main(text, rules)["participants"] is None


def test_participants_with_adjectives(rules):
    text = "Состоялся форум «Старт». Участниками форума стали 73 молодых специалиста."
    assert main(text, rules)["participants"] == 73


def test_no_format_no_event(rules):
    assert events("Педагоги обсудили итоги года.", rules) == []


@pytest.mark.parametrize(
    "text, inner",
    [
        ("«Повышение качества. Как решить задачи «500+»?»", "Повышение качества. Как решить задачи «500+»?"),
        ("«От замысла к результату» и др.", "От замысла к результату"),
        ('"Учитель года" прошёл', "Учитель года"),
        ("«Незакрытая цитата «500+» без конца", "Незакрытая цитата «500+"),
    ],
)
def test_quoted(text, inner):
    assert quoted(text, 0)[2] == inner


def test_sentences(rules):
    text = (
        "Открыла встречу О.Я. Ласкан. Её поддержал С.В. Иванов, директор МКУ «ЦРО».\n"
        "Обсуждали тему «Итоги. Задачи» в г. Чите. Всего 56 чел. В работе …"
    )
    got = [text[s:e] for s, e in sentences(text, rules)]
    assert got == [
        "Открыла встречу О.Я. Ласкан.",
        "Её поддержал С.В. Иванов, директор МКУ «ЦРО».",
        "Обсуждали тему «Итоги. Задачи» в г. Чите.",
        "Всего 56 чел.",
        "В работе …",
    ]


def test_seeds(seed_reports, rules):
    for doc, text, gold in seed_reports:
        e = events(text, rules)[0]
        expected = gold["event"]
        assert (e.format, e.title, e.date, e.participants) == (
            expected["format"], expected["title"], expected["date"], expected["participants"]), doc


@pytest.mark.parametrize(
    "text, date",
    [
        # a page's publication stamp is not the event's date
        ("Новости района\n12.03.2024, 10:15\nВ гимназии прошёл семинар для учителей физики.", ""),
        ("Дата публикации: 03.10.2023\nВ школе прошёл семинар для учителей.", ""),
        ("Новости\n28 февраля 2024 года\nВ школе прошёл семинар для учителей.", ""),
        # a date in the body still is, when the event's sentence has none
        ("Новости\n12.03.2024, 10:15\nВ гимназии прошёл семинар для учителей. Встреча прошла 5 марта 2024 года.",
         "2024-03-05"),
    ],
)
def test_event_date_is_not_the_publication_stamp(text, date, rules):
    assert main(text, rules)["date"] == date


@pytest.mark.parametrize(
    "text, title",
    [
        # a quotation a title cue opens in the event's sentence
        ("Вчера в школе прошёл семинар для молодых учителей под названием «Урок без стресса».", "Урок без стресса"),
        ("Состоялась торжественная линейка, посвящённая Дню знаний, под девизом «Вместе к успеху».",
         "Вместе к успеху"),
        ("В гимназии прошёл семинар заместителей директоров по теме «Наставничество в школе».",
         "Наставничество в школе"),
        # a quotation without a cue is no title of the event
        ("В гимназии прошёл семинар, учителя читали «Евгения Онегина».", ""),
    ],
)
def test_title_after_a_cue(text, title, rules):
    assert main(text, rules)["title"] == title


@pytest.mark.parametrize(
    "text, count",
    [
        # more verbs that state who came
        ("В школе прошёл семинар. Мероприятие посетили более 40 человек.", 40),
        ("В школе прошёл семинар, собравший 60 педагогов района.", 60),
        ("В школе прошла ярмарка идей. Свои находки представили 38 педагогов.", 38),
        ("В школе прошёл квиз. На квиз пришли 25 человек.", 25),
        # a number of people with no such verb is no head count
        ("В школе прошёл семинар. В районе работают 300 учителей.", None),
    ],
)
def test_participants_cues(text, count, rules):
    assert main(text, rules)["participants"] == count


@pytest.mark.parametrize(
    "text, fmt, title",
    [
        # a ceremony without a name of its own takes the name of what it crowns, in its sentence
        ("Вчера состоялась церемония награждения победителей районного конкурса «Педагог года».",
         "церемония награждения", "Педагог года"),
        # a name in another sentence is not taken
        ("Вчера состоялась церемония награждения учителей. Отдельно прошёл конкурс «Педагог года».",
         "церемония награждения", ""),
    ],
)
def test_title_of_what_the_event_crowns(text, fmt, title, rules):
    e = main(text, rules)
    assert (e["format"], e["title"]) == (fmt, title)
