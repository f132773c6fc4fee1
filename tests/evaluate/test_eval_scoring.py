"""Scoring behaviour on small realistic records: what counts as tp, fp and fn."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.evaluate import GoldFormatError, score

DOC = "002_9b0299f529f118ea.txt"


def one(gold: dict, pred: dict | None, doc: str = DOC):
    """Score one document; return (report, per-field results of that document)."""
    report = score({doc: {"doc": doc, **gold}}, {} if pred is None else {doc: {"doc": doc, **pred}})
    return report, report.documents[doc]


def counts(result):
    return result.tp, result.fp, result.fn


def person(name, roles=(), orgs=(), **extra):
    return {"name": name, "roles": list(roles), "orgs": list(orgs), **extra}


# ----------------------------------------------------------------------------- persons and roles

GRESHILOVA = person("Брешилова И.А.", ["доцент кафедры педагогики и методики обучения"], ["ИРО Забайкальского края"])


def test_role_matches_up_to_inflection_and_is_listed_as_loose():
    pred = person("Брешилова И.А.", ["доцента кафедры педагогики и методики обучения"], ["ИРО Забайкальского края"])
    _, doc = one({"persons": [GRESHILOVA]}, {"persons": [pred]})
    assert counts(doc["person.role"]) == (1, 0, 0)
    assert doc["person.role"].loose == [
        ("Брешилова И.А.: доцент кафедры педагогики и методики обучения",
         "Брешилова И.А.: доцента кафедры педагогики и методики обучения")
    ]
    assert counts(doc["person.org"]) == (1, 0, 0) and doc["person.org"].loose == []


def test_org_matches_by_containment_but_not_abbreviation_against_expansion():
    gold = person("Зимарев Г.И.", ["ведущий специалист комитета образования"], ["комитет образования"])
    contained = person("Зимарев Г.И.", ["ведущий специалист"], ["комитет образования г. Читы"])
    _, doc = one({"persons": [gold]}, {"persons": [contained]})
    assert counts(doc["person.role"]) == (1, 0, 0)
    assert counts(doc["person.org"]) == (1, 0, 0)

    _, doc = one({"persons": [GRESHILOVA]},
                 {"persons": [person("Брешилова И.А.", orgs=["институт развития образования Забайкальского края"])]})
    assert counts(doc["person.org"]) == (0, 1, 1)
    assert doc["person.org"].false_negatives == ["Брешилова И.А.: ИРО Забайкальского края"]


def test_names_normalize_case_spaces_dots_and_yo():
    gold = [person("Ласкан О.Я."), person("Семёнова С.И."), person("Савченко-Майер Л.Н.")]
    pred = [person("Ласкан О. Я."), person("СЕМЕНОВА С.И"), person("Л.Н. Савченко-Майер")]
    _, doc = one({"persons": gold}, {"persons": pred})
    assert counts(doc["persons"]) == (3, 0, 0)
    assert doc["persons"].loose == []  # same name, only written differently


def test_gold_initials_must_be_a_prefix_of_the_predicted_ones():
    _, doc = one({"persons": [person("Лужков Ю.", ["мэра"])]}, {"persons": [person("Лужков Ю.М.", ["мэр Москвы"])]})
    assert counts(doc["persons"]) == (1, 0, 0)
    assert doc["persons"].loose == [("Лужков Ю.", "Лужков Ю.М.")]
    assert counts(doc["person.role"]) == (1, 0, 0)

    _, doc = one({"persons": [person("Лужков Ю.М.")]}, {"persons": [person("Лужков Ю.")]})
    assert counts(doc["persons"]) == (0, 1, 1)


ZIMIREV = person(
    "Зимарев Г.И.",
    ["ведущий специалист комитета образования", "муниципальный куратор программы «Старт+»"],
    ["комитет образования"],
)


def test_multi_role_person_any_acceptable_role_counts_once():
    cases = {
        ("ведущий специалист комитета образования",): (1, 0, 0),
        ("ведущий специалист комитета образования", "муниципальный куратор программы «Старт+»"): (1, 0, 0),
        ("муниципального куратора программы «Старт+»", "учитель"): (1, 1, 0),
        ("учитель",): (0, 1, 1),
        (): (0, 0, 1),
    }
    for roles, expected in cases.items():
        _, doc = one({"persons": [ZIMIREV]}, {"persons": [person("Зимарев Г.И.", roles)]})
        assert counts(doc["person.role"]) == expected, roles


def test_gold_person_without_roles_is_not_scored_for_role():
    gold = [person("Никонов Р.В."), GRESHILOVA]
    pred = [person("Никонов Р.В.", ["директор"], ["СОШ № 8"]), person("Брешилова И.А.", ["доцент"])]
    _, doc = one({"persons": gold}, {"persons": pred})
    assert counts(doc["persons"]) == (2, 0, 0)
    assert counts(doc["person.role"]) == (1, 0, 0)
    assert counts(doc["person.org"]) == (0, 0, 1)  # Никонов's org is not scored; Брешилова's is missed


def test_roles_of_a_person_not_in_gold_are_false_positives_and_missed_persons_false_negatives():
    gold = [GRESHILOVA, person("Никонов Р.В.")]
    pred = [person("Кузовлев А.А.", ["руководитель", "учитель"], ["СОШ № 45"])]
    _, doc = one({"persons": gold}, {"persons": pred})
    assert counts(doc["persons"]) == (0, 1, 2)
    assert counts(doc["person.role"]) == (0, 2, 1)
    assert doc["person.role"].false_positives == ["Кузовлев А.А.: руководитель", "Кузовлев А.А.: учитель"]
    assert doc["person.role"].false_negatives == ["Брешилова И.А.: доцент кафедры педагогики и методики обучения"]


def test_predicted_duplicates_of_a_person_are_merged():
    pred = [person("Ласкан О.Я.", ["заместитель начальника"]), person("Ласкан О. Я.", [], ["управление образования"])]
    gold = [person("Ласкан О.Я.", ["заместитель начальника управления образования"], ["управление образования"])]
    _, doc = one({"persons": gold}, {"persons": pred})
    assert [counts(doc[f]) for f in ("persons", "person.role", "person.org")] == [(1, 0, 0)] * 3


def test_optional_persons_are_neither_found_nor_missed():
    gold = [
        person("Лужков Ю.", ["мэра"], ["Москва"], full_name="Лужков Юрий"),
        person("Долгорукий Ю.", optional=True, optional_reason="inside a name"),
        person("zyalt", optional=True, optional_reason="no surname"),
    ]
    for pred in ([person("Лужков Ю.М.", ["мэр"])],
                 [person("Лужков Ю.М.", ["мэр"]), person("Долгорукий Ю.", ["князь"]), person("Zyalt")]):
        _, doc = one({"persons": gold}, {"persons": pred})
        assert counts(doc["persons"]) == (1, 0, 0)
        assert counts(doc["person.role"]) == (1, 0, 0)


def test_name_alternatives_are_accepted_spellings():
    gold = [person("Бурлускони", ["Премьер-министр"], ["Италия"], name_alternatives=["Берлускони"]),
            person("Эрдоган Р.Т.", name_alternatives=["Эрдоган Р."])]
    pred = [person("Берлускони С.", ["премьер-министр Италии"]), person("Эрдоган Р.")]
    _, doc = one({"persons": gold}, {"persons": pred})
    assert counts(doc["persons"]) == (2, 0, 0)
    assert counts(doc["person.role"]) == (1, 0, 0)


def test_person_pairing_is_one_to_one_and_prefers_the_exact_name():
    gold = [person("Ким Ч.И.", ["председатель"]), person("Ким И.С.", ["президент"])]
    pred = [person("Ким И.С.", ["президент"]), person("Ким Ч.И.", ["председатель"]), person("Ким")]
    _, doc = one({"persons": gold}, {"persons": pred})
    assert counts(doc["persons"]) == (2, 1, 0)
    assert counts(doc["person.role"]) == (2, 0, 0)


# ----------------------------------------------------------------------------- schools, dates, phrases


def test_schools_by_number_with_kind_and_name_where_gold_states_them():
    gold = {"schools": [{"number": "49", "kind": "СОШ", "name": "с углубленным изучением английского языка"},
                        {"number": "45", "kind": "СОШ"}, {"number": "8"}]}
    pred = {"schools": [{"number": "49", "kind": "гимназия", "name": "с углублённым изучением английского языка"},
                        {"number": "45", "kind": "СОШ"}, {"number": "8", "kind": "лицей"},
                        {"number": "13", "kind": "СОШ"}]}
    _, doc = one(gold, pred)
    assert counts(doc["schools"]) == (3, 1, 0)
    assert doc["schools"].false_positives == ["13"]
    assert counts(doc["schools.kind"]) == (1, 2, 1)  # № 49 wrong kind (fp+fn), № 13 not in gold (fp); № 8 unscored
    assert counts(doc["schools.name"]) == (1, 0, 0)


def test_school_kind_and_name_are_not_reported_when_no_gold_states_them():
    report, doc = one({"schools": [{"number": "5"}, {"number": "7"}]}, {"schools": [{"number": "5", "kind": "СОШ"}]})
    assert list(report.fields) == ["schools"]
    assert set(doc) == {"schools"}


def test_dates_compare_exactly():
    _, doc = one({"dates": ["2022-09-29", "2022", "2022-11-10/2022-11-12"]},
                 {"dates": ["2022-09-29", "2022-09", "2022-11-10/2022-11-12"]})
    assert counts(doc["dates"]) == (2, 1, 1)
    assert doc["dates"].false_positives == ["2022-09"] and doc["dates"].false_negatives == ["2022"]


def test_phrase_fields_match_up_to_inflection_and_containment():
    gold = {"organizations": ["комитет образования", "ИРО Забайкальского края"],
            "event_formats": ["стратегическая сессия", "дискуссионная площадка"],
            "locations": ["Забайкальский край", "г. Чита"]}
    pred = {"organizations": ["комитета образования г. Читы", "Институт развития образования"],
            "event_formats": ["стратегической сессии", "дискуссионных площадках", "вебинар"],
            "locations": ["Забайкальском крае", "Чита"]}
    _, doc = one(gold, pred)
    assert counts(doc["organizations"]) == (1, 1, 1)
    assert counts(doc["event_formats"]) == (2, 1, 0)
    assert counts(doc["locations"]) == (2, 0, 0)


def test_phrase_matching_is_maximum_not_greedy():
    # «Чита» fits both predictions; the district fits only the first: a greedy pass in
    # gold order would pair «Чита» with it and miss the district.
    gold = {"locations": ["Чита", "городской округ «Город Чита»"]}
    pred = {"locations": ["городского округа «Город Чита»", "г. Чита"]}
    _, doc = one(gold, pred)
    assert counts(doc["locations"]) == (2, 0, 0)


def test_each_gold_item_is_matched_at_most_once():
    _, doc = one({"event_formats": ["семинар"]}, {"event_formats": ["семинар", "семинара-практикума", "Семинар"]})
    assert counts(doc["event_formats"]) == (1, 1, 0)  # «Семинар» = «семинар»; «семинара-практикума» is another word


POOL = [
    "комитет образования", "комитета образования г. Читы", "комитет", "управление образования",
    "управления образования администрации района", "образования", "Чита", "г. Чита",
    "городской округ «Город Чита»", "Забайкальский край", "Забайкальского края", "семинар",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(POOL), max_size=6), st.lists(st.sampled_from(POOL), max_size=6), st.randoms())
def test_scores_do_not_depend_on_order(gold_items, pred_items, rnd):
    _, doc = one({"organizations": gold_items}, {"organizations": pred_items})
    shuffled_gold, shuffled_pred = gold_items[:], pred_items[:]
    rnd.shuffle(shuffled_gold)
    rnd.shuffle(shuffled_pred)
    _, again = one({"organizations": shuffled_gold}, {"organizations": shuffled_pred})
    assert counts(again["organizations"]) == counts(doc["organizations"])
    assert sorted(again["organizations"].false_positives) == sorted(doc["organizations"].false_positives)


def test_person_scores_do_not_depend_on_order():
    gold = [ZIMIREV, GRESHILOVA, person("Кузьмина С.В.", ["доцент кафедры"], ["ИРО Забайкальского края"]),
            person("Ким Ч.И.", ["председатель"]), person("Ким И.С."), person("Никонов Р.В.")]
    pred = [person("Кузьмина С.В.", ["доцента"]), person("Ким", ["председатель"]), person("Ким И.", ["учитель"]),
            person("Зимарев Г.И.", ["координатор"], ["комитета образования"]), person("Никонов Р.В.", ["директор"])]
    base = [counts(r) for r in one({"persons": gold}, {"persons": pred})[1].values()]
    rnd = random.Random(7)
    for _ in range(20):
        rnd.shuffle(gold)
        rnd.shuffle(pred)
        assert [counts(r) for r in one({"persons": gold}, {"persons": pred})[1].values()] == base


# ----------------------------------------------------------------------------- event


EVENT = {"format": "стратегическая сессия",
         "title": "Наставничество в малокомплектной школе: первые итоги.",
         "date": "2022-08-30", "participants": 56}


def test_event_fields():
    pred = {"format": "стратегической сессии",
            "title": "«Наставничество в малокомплектной школе: первые итоги.»",
            "date": "2022-08-30", "participants": 55}
    _, doc = one({"event": EVENT}, {"event": pred})
    assert counts(doc["event.format"]) == (1, 0, 0)
    assert counts(doc["event.title"]) == (1, 0, 0)
    assert counts(doc["event.date"]) == (1, 0, 0)
    assert counts(doc["event.participants"]) == (0, 1, 1)


def test_null_participants():
    gold_null = {**EVENT, "participants": None}
    assert counts(one({"event": gold_null}, {"event": {"participants": None}})[1]["event.participants"]) == (0, 0, 0)
    assert counts(one({"event": gold_null}, {"event": {"participants": 40}})[1]["event.participants"]) == (0, 1, 0)
    assert counts(one({"event": EVENT}, {"event": {"participants": None}})[1]["event.participants"]) == (0, 0, 1)
    assert counts(one({"event": EVENT}, {"event": {"participants": 56}})[1]["event.participants"]) == (1, 0, 0)


def test_null_gold_event_makes_every_predicted_value_a_false_positive():
    _, doc = one({"event": None}, {"event": {"format": "семинар", "title": "", "date": None, "participants": None}})
    assert counts(doc["event.format"]) == (0, 1, 0)
    assert [counts(doc[f"event.{k}"]) for k in ("title", "date", "participants")] == [(0, 0, 0)] * 3


# ----------------------------------------------------------------------------- documents and fields


def test_missing_document_is_an_empty_prediction_and_unknown_ones_are_ignored():
    gold = {"a.txt": {"doc": "a.txt", "dates": ["2022"]}, "b.txt": {"doc": "b.txt", "dates": ["2023", "2023-05"]}}
    report = score(gold, {"a.txt": {"doc": "a.txt", "dates": ["2022"]}, "c.txt": {"doc": "c.txt", "dates": ["2024"]}})
    assert counts(report.fields["dates"]) == (1, 0, 2)
    assert report.documents["b.txt"]["dates"].false_negatives == ["2023", "2023-05"]
    assert report.ignored_predictions == ["c.txt"]


def test_fields_absent_from_gold_are_not_scored_and_not_reported():
    gold = {"persons": [person("Лужков Ю.", ["мэра"], ["Москва"])], "organizations": [], "locations": ["Москва"]}
    pred = {"persons": [person("Лужков Ю.")], "schools": [{"number": "5"}], "dates": ["2022"],
            "event": {"format": "семинар"}, "locations": ["Москва", "Подмосковье"]}
    report, doc = one(gold, pred)
    assert list(report.fields) == ["persons", "person.role", "person.org", "organizations", "locations"]
    assert set(doc) == set(report.fields)
    assert counts(doc["locations"]) == (1, 1, 0)


def test_a_field_scored_in_one_document_only():
    gold = {"a.txt": {"doc": "a.txt", "dates": ["2022"]}, "b.txt": {"doc": "b.txt"}}
    report = score(gold, {"a.txt": {"doc": "a.txt", "dates": ["2022"]}, "b.txt": {"doc": "b.txt", "dates": ["2021"]}})
    assert counts(report.fields["dates"]) == (1, 0, 0)
    assert "dates" not in report.documents["b.txt"]


def test_empty_prediction_has_zero_recall():
    gold = {"persons": [GRESHILOVA], "dates": ["2022-08-30"], "locations": ["г. Чита"], "event": EVENT}
    report, _ = one(gold, None)
    for name, s in report.fields.items():
        assert (s.tp, s.fp, s.recall, s.f1) == (0, 0, 0.0, 0.0), name


def test_prediction_of_the_wrong_shape_names_the_document():
    with pytest.raises(GoldFormatError, match=f"{DOC}: persons\\[0\\].roles must be a list"):
        one({"persons": [GRESHILOVA]}, {"persons": [{"name": "Брешилова И.А.", "roles": "доцент"}]})
