"""Person names: every written form, every case, nominative out; eponyms are not people."""

from __future__ import annotations

import pytest

from pipeline.extract.names import find_candidates, normalize, surname_hypotheses
from pipeline.extract.roles import link_people


def names_in(text: str, rules) -> list[str]:
    """Names as the extract stage reads them: with the cues of their sentence."""
    return [p.name for p in link_people(text, [], find_candidates(text, rules), [], [], rules)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # initials before and after, with and without spaces
        ("Семинар открыла Т.К. Веденеева.", ["Веденеева Т.К."]),
        ("Семинар открыла Веденеева Т.К., методист ИМЦ.", ["Веденеева Т.К."]),
        ("Слово предоставили Т. К. Веденеевой.", ["Веденеева Т.К."]),
        ("Доклад сделал А.П.Ложкин.", ["Ложкин А.П."]),
        # full names in both orders, and first name + surname
        ("Выступила Веденеева Тамара Константиновна.", ["Веденеева Т.К."]),
        ("Выступила Тамара Константиновна Веденеева.", ["Веденеева Т.К."]),
        ("Отметим работу Тамары Константиновны Веденеевой.", ["Веденеева Т.К."]),
        # hyphenated, indeclinable and dictionary-unknown surnames
        ("Опытом поделилась Рябова-Заречная Е.В.", ["Рябова-Заречная Е.В."]),
        ("Отчёт представили Шевчук О.И. и Дронь А.А.", ["Шевчук О.И.", "Дронь А.А."]),
        ("Вопрос был адресован к Г.Д. Ермолину.", ["Ермолин Г.Д."]),
        # oblique cases of -ов/-ин surnames
        ("Благодарность объявлена Лаптевой Н.С.", ["Лаптева Н.С."]),
        ("Беседу провели с Лаптевым Н.С.", ["Лаптев Н.С."]),
        ("Рассказали о Н.С. Лаптеве.", ["Лаптев Н.С."]),
        ("Н.С. Лаптева выступил с докладом.", ["Лаптев Н.С."]),
        ("Н.С. Лаптева выступила с докладом.", ["Лаптева Н.С."]),
        ("Встреча с И.П. Лебедевой прошла тепло.", ["Лебедева И.П."]),
        # -ский/-ская
        ("Выступил Р.А. Дубровский, затем слово взяла Дубровской Е.Р. коллега.", ["Дубровский Р.А.", "Дубровская Е.Р."]),
        # eponyms of schools and organizations are not people
        ("Семинар прошёл в СОШ № 7 им. К.Д. Ушинского.", []),
        ("Гимназия имени А.С. Пушкина приняла гостей.", []),
        # a surname pymorphy guesses as a first name by its ending (гура + Лёва) is a surname
        ("Итоги подвела заместитель председателя комитета Гуралёва Ирина Анатольевна.", ["Гуралёва И.А."]),
        # common words next to initials are not surnames
        ("Доклад подготовила А.Н. Директор школы отметила успехи.", []),
    ],
)
def test_names_in_every_form(text, expected, rules):
    assert names_in(text, rules) == expected


@pytest.mark.parametrize(
    "form, nominative, gender",
    [
        ("Порошковой", "Порошкова", "f"),
        ("Кузовлевым", "Кузовлев", "m"),
        ("Зимаревым", "Зимарев", "m"),
        ("Ковальской", "Ковальская", "f"),
        ("Ковальского", "Ковальский", "m"),
    ],
)
def test_surname_oblique_forms_have_one_reading_without_context(form, nominative, gender, rules):
    hyps = surname_hypotheses(form, rules)
    best = max(hyps, key=lambda h: h.prior)
    assert (best.nominative, best.gender) == (nominative, gender)


def test_indeclinable_surname_keeps_its_form_in_any_case(rules):
    assert {h.nominative for h in surname_hypotheses("Марченко", rules)} == {"Марченко"}


def test_feminine_look_alike_of_masculine_genitive_is_nominative_by_default(rules):
    # "Брешилова" alone could be a man's genitive; as a subject it is a woman
    (cand,) = find_candidates("Программу представила Е.Л. Брешилова.", rules)
    name = normalize(cand, rules)
    assert (name.surname, name.gender) == ("Брешилова", "f")


@pytest.mark.parametrize(
    "text, word, expected",
    [
        # natasha marks one capitalized word as a person: a surname alone is one ...
        ("Нестерова отметила успехи команды.", "Нестерова", ["Нестерова"]),
        ("Позже Вяземцев добавил, что конкурс продолжится.", "Вяземцев", ["Вяземцев"]),
        # ... a first name alone, a title or a common word at a sentence start is not
        ("Оксана рассказала о своём проекте.", "Оксана", []),
        ("Почётный гражданин района поздравил педагогов.", "Почётный", []),
        ("Снегурочка вручила детям подарки.", "Снегурочка", []),
    ],
)
def test_a_lone_word_natasha_calls_a_person(text, word, expected, rules):
    from pipeline.extract.names import find_candidates

    start = text.index(word)
    assert [c.surname for c in find_candidates(text, rules, [(start, start + len(word))])] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a monastic name alone after a bishop's rank, with or without the see, in any case
        ("Гостей приветствовал митрополит Северский и Озёрский Амвросий.", ["Амвросий"]),
        ("Встреча с митрополитом Амвросием прошла тепло.", ["Амвросий"]),
        ("С приветствием выступил Епископ Озёрский Ефрем.", ["Ефрем"]),
        # a surname after the first name: an ordinary full name
        ("Гостей приветствовал митрополит Амвросий Петров.", ["Петров А."]),
        # a first name alone without such a rank is no person
        ("Гостей приветствовал Амвросий.", []),
        ("Гостей приветствовал директор Амвросий.", []),
    ],
)
def test_monastic_name_after_a_rank(text, expected, rules):
    assert names_in(text, rules) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an oblique mention far from its verb's subject joins the nominative one
        ("Этой профессии Л.А. Гаврилова посвятила жизнь. За труд Л.А. Гавриловой на благо "
         "детей благодарность выразил директор.", ["Гаврилова Л.А.", "Гаврилова Л.А."]),
        # two people of one surname and initials, each written in the nominative, stay two
        ("Выступил А.И. Петров. Затем выступила А.И. Петрова.", ["Петров А.И.", "Петрова А.И."]),
    ],
)
def test_mentions_of_one_person_share_the_nominative(text, expected, rules):
    assert names_in(text, rules) == expected


def test_abbreviated_role_agrees_with_a_name_in_any_case(rules):
    text = "Работу провели силами зам. начальника управления образования М.В. Кандауровой."
    assert names_in(text, rules) == ["Кандаурова М.В."]


def test_a_surname_alone_in_an_oblique_case_is_the_person_named_before(rules):
    text = "Гол забил Франк Лемер. Тренер похвалил Лемера за игру, сказал он."
    ner = [(text.index(w), text.index(w) + len(w)) for w in ("Франк Лемер", "Лемера")]
    found = link_people(text, [], find_candidates(text, rules, ner), [], [], rules)
    assert [p.name for p in found] == ["Лемер Ф.", "Лемер"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # after a woman's first name an -ич word is her surname, not a patronymic
        ("С приветствием обратилась Инна Домнич.", ["Домнич И."]),
        # after a man's it is his patronymic: no surname, no person
        ("С приветствием обратился Олег Петрович.", []),
        ("С приветствием обратился Иван Петрович Сидоров.", ["Сидоров И.П."]),
        # after a common noun (an organization's name) the -ич word is the surname
        ("Выступил депутат областной Думы Анатолий Василевич.", ["Василевич А."]),
        # after a surname it is the patronymic
        ("Выступил Хабаров Артём Ильич.", ["Хабаров А.И."]),
    ],
)
def test_ich_word_after_a_first_name(text, expected, rules):
    assert names_in(text, rules) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the first name's case tells the surname's
        ("Статья рассказывает о планах Марка Гольдберга.", ["Гольдберг М."]),
        ("Статья рассказывает о планах Марка Лопаты.", ["Лопата М."]),
        # a rare reading of the first name ("Дмитрия" as a woman's) does not count
        ("Статья рассказывает о планах Дмитрия Соловьева.", ["Соловьев Д."]),
        ("Статья рассказывает о планах Георгия Кучерова.", ["Кучеров Г."]),
        # an indeclinable first name tells nothing: the surname stays as written
        ("Статья рассказывает о планах Гиви Маисадзе.", ["Маисадзе Г."]),
    ],
)
def test_first_name_case_is_the_surnames(text, expected, rules):
    ner = [(text.index(" ", text.index("планах") + 1) + 1, len(text) - 1)]
    found = link_people(text, [], find_candidates(text, rules, ner), [], [], rules)
    assert [p.name for p in found] == expected


def test_a_surname_alone_reads_as_the_person_named_in_full(rules):
    text = "Выступил Олег Путилов. Затем коллеги поддержали Путилова в споре."
    ner = [span for w in ("Олег Путилов", "Путилова") for span in [(text.index(w), text.index(w) + len(w))]]
    found = link_people(text, [], find_candidates(text, rules, ner), [], [], rules)
    assert [p.name for p in found] == ["Путилов О.", "Путилов"]
    # with initials of its own a woman of the same surname stays herself
    assert names_in("Выступил О.И. Путилов. Затем выступила Н.С. Путилова.", rules) == ["Путилов О.И.", "Путилова Н.С."]


def _with_ner(text: str, spans: list[str], rules) -> list[str]:
    ner = [(text.index(w), text.index(w) + len(w)) for w in spans]
    return [p.name for p in link_people(text, [], find_candidates(text, rules, ner), [], [], rules)]


@pytest.mark.parametrize(
    "text, span, expected",
    [
        # an East Asian surname comes first; a second given name gives a second initial
        ("Визит председателя Ху Цзиньбо прошёл успешно.", "Ху Цзиньбо", ["Ху Ц."]),
        ("Бывший председатель Хван Чжан Ен бежал.", "Хван Чжан Ен", ["Хван Ч.Е."]),
        # a particle belongs to the surname, whose last word declines
        ("Выступила лидер партии Марин Ле Пуан.", "Марин Ле Пуан", ["Ле Пуан М."]),
        ("Встреча с Массимо Де Сантисом прошла.", "Массимо Де Сантисом", ["Де Сантис М."]),
        # otherwise the last word is the surname
        ("Визит Анны Ли прошёл.", "Анны Ли", ["Ли А."]),
    ],
)
def test_foreign_name_order(text, span, expected, rules):
    assert _with_ner(text, [span], rules) == expected


@pytest.mark.parametrize(
    "form, nominative, absent",
    [
        # -и after a velar or hushing consonant is a genitive of -а; elsewhere it is -ы
        ("Сороки", "Сорока", ""),
        ("Лопаты", "Лопата", "Лопаты"),
        ("Тоскани", "Тоскани", "Тоскана"),
        # an adjectival oblique ending is no indeclinable -о surname
        ("Рымашевского", "Рымашевский", "Рымашевского"),
    ],
)
def test_surname_spelling_rules(form, nominative, absent, rules):
    readings = {h.nominative for h in surname_hypotheses(form, rules)}
    assert nominative in readings
    assert not absent or absent not in readings


@pytest.mark.parametrize(
    "text, expected",
    [
        # a role in the genitive: an -и surname after a hushing consonant is a genitive of -а
        ("Совещание прошло с участием губернатора Владислава Капши.", ["Капша В."]),
        # a Georgian -и surname does not decline
        ("Совещание прошло с участием губернатора Михаила Саакадзели.", ["Саакадзели М."]),
        ("Доклад о работе К. Рымашевского.", ["Рымашевский К."]),
    ],
)
def test_oblique_foreign_and_adjectival_surnames(text, expected, rules):
    assert names_in(text, rules) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an eponym after a rank in the genitive is no person of the report
        ("Ученики СОШ № 8 им. Героя России майора К.П. Стрижова выступили.", []),
        ("Ученики школы имени поэта С.А. Есенина выступили.", []),
        # a person right after the eponym is
        ("Пришла директор школы имени контр-адмирала В. Ф. Лосева Юлия Сомова.", ["Сомова Ю."]),
    ],
)
def test_eponym_after_a_rank(text, expected, rules):
    assert names_in(text, rules) == expected


def test_no_soft_sign_after_a_vowel(rules):
    readings = {h.nominative for h in surname_hypotheses("Поздравляем", rules)}
    assert "Поздравляь" not in readings
    assert "Гоголь" in {h.nominative for h in surname_hypotheses("Гоголем", rules)}


def test_a_verb_at_a_sentence_start_is_no_surname(rules):
    found = names_in("Поздравляем Е.В. Лосеву с юбилеем!", rules)
    assert len(found) == 1 and found[0].startswith("Лосев")


@pytest.mark.parametrize(
    "text, span, expected",
    [
        # a place or street named after someone is no person
        ("После уроков в СДК х.Маркин прошёл концерт.", "Маркин", []),
        ("Адрес: г. Северск, пер. Нестерова, д. 9.", "Нестерова", []),
        # a person mentioned after the place is
        ("Концерт в х. Маркин провела Нина Лосева.", "Нина Лосева", ["Лосева Н."]),
    ],
)
def test_place_markers_before_a_name(text, span, expected, rules):
    assert _with_ner(text, [span], rules) == expected


def test_surname_named_by_natasha_then_a_first_name(rules):
    text = "Выступили ученики гимназии Ковалёва Оксана, Рагимов Максим и другие."
    # natasha marks only the surname: the first name after it is still part of the name
    assert _with_ner(text, ["Ковалёва", "Рагимов Максим"], rules) == ["Ковалёва О.", "Рагимов М."]
    found = link_people(text, [], find_candidates(text, rules, [span for w in ("Ковалёва", "Рагимов Максим")
                                                                    for span in [(text.index(w), text.index(w) + len(w))]]),
                        [], [], rules)
    assert [p.roles for p in found] == [("ученик гимназии",), ("ученик гимназии",)]


def test_a_surname_pymorphy_reads_as_a_short_participle(rules):
    assert names_in("Открыла семинар Н.В. Ласкан, начальник отдела.", rules) == ["Ласкан Н.В."]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a word that cannot stand in the case of the first name and patronymic is no surname
        ("По словам Анны Петровны Северная столица прекрасна.", []),
        ("Отметим работу Анны Петровны Северной.", ["Северная А.П."]),
        ("Выступила Анна Петровна Северная.", ["Северная А.П."]),
        # a patronymic glued to the next «и» ends the name
        ("Выступили Курочкина Анна Петровнаи Лукина Ольга Игоревна.", ["Курочкина А.П.", "Лукина О.И."]),
        ("Выступили Курочкина Анна Петровна и Лукина Ольга Игоревна.", ["Курочкина А.П.", "Лукина О.И."]),
    ],
)
def test_words_beside_a_first_name_and_patronymic(text, expected, rules):
    assert names_in(text, rules) == expected


@pytest.mark.parametrize(
    "text, span, expected",
    [
        # a rank before a name is no surname: the monastic name alone is the person
        ("Архимандрит Савватий вручил грамоты.", "Архимандрит Савватий", ["Савватий"]),
        # a post and a common word are no name, a post word before a surname still can be
        ("Приветствие направил Посол Страны Иван Зотов.", "Посол Страны", ["Зотов И."]),
        ("Выступил Франк Де Грооте из Бельгии.", "Франк Де Грооте", ["Де Грооте Ф."]),
        # the -о first half of a compound adjective is no surname; an -о surname before a dash is
        ("- Речедвигательно – развивающее занятие для родителей.", "Речедвигательно", []),
        ("Гриценко – учитель года.", "Гриценко", ["Гриценко"]),
        # a word the dictionary does not know, cut off at the end of a clipped text
        ("Текст и фото Кряжевцо", "Кряжевцо", []),
        ("Текст и фото Кряжевцо.", "Кряжевцо", ["Кряжевцо"]),
        ("Текст и фото Шмырнюк", "Шмырнюк", ["Шмырнюк"]),
    ],
)
def test_words_natasha_calls_a_person_that_are_no_names(text, span, expected, rules):
    assert _with_ner(text, [span], rules) == expected
