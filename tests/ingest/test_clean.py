from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import clean_text
from pipeline.ingest.clean import unwrap_lines
from pipeline.ingest.quotes import normalize_quotes


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # odd spaces, tabs and runs of spaces
        ("Семинар\u00a0прошёл\u202fв\u2007школе\u2009№\u00a07", "Семинар прошёл в школе № 7"),
        ("\tСессия   проводилась  на базе школы   ", "Сессия проводилась на базе школы"),
        # zero-width characters and soft hyphens vanish
        ("обра\u00adзователь\u200bных орга\u200dниза\ufeffций", "образовательных организаций"),
        # line endings and blank lines: at most one empty line between paragraphs
        ("Первый абзац.\r\nВторой абзац.\r\n\r\n\r\n\r\nТретий.\r", "Первый абзац.\nВторой абзац.\n\nТретий."),
        ("\n\n  \nОтчёт\n  \n", "Отчёт"),
        # Word artefacts
        ("[bookmark: _GoBack]В ходе семинара", "В ходе семинара"),
        ("Итоги [bookmark: _Hlk123456] подвели кураторы.", "Итоги подвели кураторы."),
        # dashes stay as they are
        ("ИРО – доценты кафедры — и методисты", "ИРО – доценты кафедры — и методисты"),
        # control and private-use characters (Symbol-font bullets) go
        ("\uf0b7 Работа в группах\x07", "Работа в группах"),
        # decomposed й and ё are composed (NFC)
        ("Отчи\u0306т по е\u0308лочке", "Отчйт по ёлочке"),
        # non-breaking hyphen becomes a plain one
        ("постер\u2011сессия", "постер-сессия"),
    ],
)
def test_clean(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("реализация образова-\nтельных программ", "реализация образовательных программ"),
        ("прошла постер-\nсессия «От замысла к результату»", "прошла постер-сессия «От замысла к результату»"),
        ("провели мастер-\nкласс для учителей", "провели мастер-класс для учителей"),
        ("выступила И.Н. Миро-\nшко, куратор проекта", "выступила И.Н. Мирошко, куратор проекта"),
        ("ОБРАЗОВА-\nТЕЛЬНЫХ ОРГАНИЗАЦИЙ", "ОБРАЗОВАТЕЛЬНЫХ ОРГАНИЗАЦИЙ"),
        # a dash at a line end, a capital after it, or a blank line: not a hyphenated word
        ("Участники -\nучителя школы", "Участники -\nучителя школы"),
        ("СОШ № 5 -\nМБОУ СОШ № 7", "СОШ № 5 -\nМБОУ СОШ № 7"),
        ("школа-\nИнтернат", "школа-\nИнтернат"),
        ("образова-\n\nтельных", "образова-\n\nтельных"),
        # a chain of breaks inside one long word
        ("обще-\nобразова-\nтельных", "общеобразовательных"),
    ],
)
def test_hyphenation_across_lines(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ('проект "500+" стартовал', "проект «500+» стартовал"),
        ("проект “500+” стартовал", "проект «500+» стартовал"),
        ("проект „500+“ стартовал", "проект «500+» стартовал"),
        ("участники акции ’’Мой край’’, всего", "участники акции «Мой край», всего"),
        ("участники акции ‘’Мой край’’, всего", "участники акции «Мой край», всего"),
        ("проект ‘‘Точка роста’’ и ''500+''", "проект «Точка роста» и «500+»"),
        # the quote typed twice over Word's guillemet; nested in an outer quote
        ("встреча «Чему учит опыт школ «’’Старт+’’?».", "встреча «Чему учит опыт школ «Старт+»?»."),
        ("«Проекта «’’500+’’?»", "«Проекта «500+»?»"),
        # a closing mark with nothing open is dropped
        ("Чему учит опыт школ «’’Старт+’’?»", "Чему учит опыт школ «Старт+»?"),
        # real nesting of two kinds of quotes is kept
        ('конкурс «Учитель года "Кубани"» завершился', "конкурс «Учитель года «Кубани»» завершился"),
        ('«"Точка роста" открылась» в школе', "««Точка роста» открылась» в школе"),
        # a missing space before the opening quote
        ('школа"Радуга" приняла гостей', "школа«Радуга» приняла гостей"),
        # a quote open across a line break (wrapped PDF text)
        ('семинар "Формирующее\nоценивание" прошёл', "семинар «Формирующее\nоценивание» прошёл"),
        # apostrophes in names stay
        ("Д’Артаньян и О’Коннор", "Д’Артаньян и О’Коннор"),
    ],
)
def test_quotes(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_quotes_only_guillemets_remain() -> None:
    text = normalize_quotes('"а" “б” „в“ ’’г’’ ‘’д’’ \'\'е\'\' «ж»')
    assert set(ch for ch in text if not ch.isalnum() and not ch.isspace()) == {"«", "»"}


REPORT_ALPHABET = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙ0123456789 .,:;!?-–—()№+")
    + ['"', "“", "”", "„", "«", "»", "’", "‘", "'", "`", "\n", "\r", "\t", "\u00a0", "\u00ad", "\u200b"]
    + ["\u2011", "[bookmark: _GoBack]", "образова-\n", "тельных", "постер-\n", "сессия", "’’", "\n\n\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(REPORT_ALPHABET, max_size=60).map("".join))
def test_clean_is_idempotent_on_report_like_text(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_clean_is_idempotent_on_any_text(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.lists(REPORT_ALPHABET, max_size=60).map("".join))
def test_clean_leaves_only_guillemets_and_tidy_lines(text: str) -> None:
    out = clean_text(text)
    assert not any(q in out for q in ('"', "“", "”", "„", "’’", "''"))
    assert "\r" not in out and "\t" not in out and "  " not in out and "\n\n\n" not in out
    assert all(line == line.strip() for line in out.split("\n"))


@pytest.mark.parametrize(
    "wrapped, expected",
    [
        # a sentence wrapped across lines becomes one line
        ("Семинар провела методист ИМЦ\nО.В. Лапшина.", "Семинар провела методист ИМЦ О.В. Лапшина."),
        # initials and abbreviations at a line end are not sentence ends
        ("выступила доцент А.В.\nТихонравова из г.\nКотласа.", "выступила доцент А.В. Тихонравова из г. Котласа."),
        # an abbreviation starting the next line does not start a sentence
        ("на базе МКОУ Коченёвская\nСОШ N 2 прошёл семинар.", "на базе МКОУ Коченёвская СОШ N 2 прошёл семинар."),
        # a sentence end before a capitalized word keeps the break; blank lines stay
        ("Итоги подведены.\nСледующая встреча в мае.\n\nПриложение 1",
         "Итоги подведены.\nСледующая встреча в мае.\n\nПриложение 1"),
    ],
)
def test_unwrap_lines_rejoins_visual_wraps(wrapped, expected):
    assert unwrap_lines(wrapped) == expected
