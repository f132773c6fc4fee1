"""Names, phrases and the bipartite matching, one behaviour per row."""

from __future__ import annotations

import doctest
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.evaluate import matching
from pipeline.evaluate.matching import max_matching, name_match, name_tokens, phrase_match, title_key


def test_module_examples():
    assert doctest.testmod(matching).failed == 0


@pytest.mark.parametrize(
    "gold, pred, same",
    [
        ("Ласкан О.Я.", "Ласкан О. Я.", True),
        ("Ласкан О.Я.", "ЛАСКАН О.Я", True),
        ("Ласкан О.Я.", "О.Я. Ласкан", True),
        ("Семёнова С.И.", "Семенова С.И.", True),
        ("Савченко-Майер Л.Н.", "Савченко-Майер Л. Н.", True),
        ("О’Рейли Ф.", "О'Рейли Ф.", True),
        ("Ле Пен Ж.-М.", "Ле Пен Ж.М.", True),
        ("Ху Ц.", "Ху Цзиньтао", True),
        # prefix-compatible initials: what the gold states must be in the prediction
        ("Лужков Ю.", "Лужков Ю.М.", True),
        ("Лужков Юрий", "Лужков Ю.М.", True),
        ("Кеннеди", "Кеннеди Д.Ф.", True),
        ("Лужков Ю.М.", "Лужков Ю.", False),
        ("Ласкан О.Я.", "Ласкан", False),
        # different people
        ("Ласкан О.Я.", "Ласкан О.Н.", False),
        ("Ласкан О.Я.", "Ласканова О.Я.", False),
        ("Ле Пен М.", "Ле Пен Ж.М.", False),
        ("Лужков Юрий", "Лужков Юлиан", False),
    ],
)
def test_name_match(gold, pred, same):
    assert name_match(gold, pred) is same


def test_name_tokens_put_surname_first():
    assert name_tokens("О. Я. Ласкан") == ("ласкан", "о", "я")
    assert name_tokens("Ж.-М. Ле Пен") == ("ле", "пен", "ж", "м")
    assert name_tokens("аль-Хадж С.") == ("аль-хадж", "с")


@pytest.mark.parametrize(
    "a, b, same",
    [
        # up to inflection
        ("доцента кафедры педагогики и методики обучения", "доцент кафедры педагогики и методики обучения", True),
        ("в Щербиновском районе", "Щербиновский район", True),
        ("методической службы", "методическая служба", True),
        ("постер-сессии", "постер-сессия", True),
        ("мэра", "мэр", True),
        ("главой", "глава", True),
        # containment, either way, as a run of lemmas
        ("комитет образования", "комитет образования г. Читы", True),
        ("комитета образования г. Читы", "комитет образования", True),
        ("заместитель директора", "заместитель директора по УВР", True),
        ("мэра", "мэр Москвы", True),
        ("СОШ № 45", "СОШ №45", True),
        ("МКУ «МК ЦРОШ»", "МКУ МК ЦРОШ", True),
        # not a contiguous run, or different words
        ("заместитель по УВР", "заместитель директора по УВР", False),
        ("комитет образования", "управление образования", False),
        ("ИРО Забайкальского края", "институт развития образования Забайкальского края", False),
        ("семинар", "вебинар", False),
    ],
)
def test_phrase_match(a, b, same):
    assert phrase_match(a, b) is same
    assert phrase_match(b, a) is same


def test_title_key_ignores_quotes_spaces_case_and_yo():
    assert title_key("«От замысла к результату»") == title_key('от  замысла к "результату"')
    assert title_key("Учёба") == title_key("учеба")
    assert title_key("От замысла к результату") != title_key("От замысла к результату.")


def brute_force(n, m, allowed):
    best = 0
    for k in range(min(n, m), 0, -1):
        for gs in itertools.combinations(range(n), k):
            for ps in itertools.permutations(range(m), k):
                if all(allowed[g][p] for g, p in zip(gs, ps)):
                    return k
    return best


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 5).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, 5))).flatmap(
    lambda nm: st.lists(st.lists(st.booleans(), min_size=nm[1], max_size=nm[1]), min_size=nm[0], max_size=nm[0])
    .map(lambda rows: (nm[0], nm[1], rows))
))
def test_max_matching_is_maximum_and_one_to_one(case):
    n, m, allowed = case
    pairs = max_matching(n, m, lambda i, j: int(allowed[i][j]))
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    assert all(allowed[i][j] for i, j in pairs)
    assert len(pairs) == brute_force(n, m, allowed)


def test_max_matching_prefers_heavier_pairs_among_largest():
    # both matchings have size 2; the one with the exact pairs (bonus 1) wins
    weights = {(0, 0): 3, (0, 1): 4, (1, 0): 4, (1, 1): 3}
    assert max_matching(2, 2, lambda i, j: weights[i, j]) == [(0, 1), (1, 0)]


def test_a_yearless_gold_day_matches_that_day_in_any_year_but_no_other_day():
    from pipeline.evaluate.matching import date_match

    assert date_match("--05-12", "2023-05-12") and date_match("--05-12", "--05-12")
    assert not date_match("--05-12", "2023-05-13") and not date_match("--05-12", "2023-05")
    assert date_match("--11-12/--11-15", "2022-11-12/2022-11-15")
    assert not date_match("--11-12/--11-15", "2022-11-12")
    assert not date_match("2023-05-12", "--05-12")  # a gold year must be found


@pytest.mark.parametrize(
    "gold, pred",
    [("город Томск", "г. Томск"), ("село Новомихайловка", "с. Новомихайловка"), ("станица Каневская", "ст. Каневская"),
     ("посёлок Матросы", "п. Матросы"), ("рабочий поселок Коченёво", "р.п. Коченёво")],
)
def test_a_place_type_word_matches_its_abbreviation(gold, pred):
    from pipeline.evaluate.matching import place_type_spelled

    assert phrase_match(place_type_spelled(gold), place_type_spelled(pred))
    assert not phrase_match(place_type_spelled(gold), place_type_spelled("г. Омск"))
