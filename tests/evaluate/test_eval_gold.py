"""Loading gold files: valid lines load, bad lines fail with the file and line number."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluate import GoldFormatError, load_gold, load_predictions

GOOD = {
    "doc": "000_6c914f1ec03fa633.txt",
    "persons": [{"name": "Ласкан О.Я.", "roles": ["заместитель начальника управления образования"], "orgs": []}],
    "schools": [{"number": "3", "kind": "СОШ", "name": "им. Е.И. Мирошко"}],
    "dates": ["2022-09-29", "2022", "2022-11-10/2022-11-12", "2022-09"],
    "organizations": ["МКУ «МК ЦРОШ»"],
    "event_formats": ["постер-сессия"],
    "locations": ["Щербиновский район"],
    "event": {"format": "постер-сессия", "title": "От замысла к результату", "date": "2022-09-29", "participants": None},
}


def write(tmp_path, *records):
    path = tmp_path / "gold.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_records_by_doc_and_skips_blank_lines(tmp_path):
    other = {"doc": "book_100.txt", "persons": [{"name": "Лужков Ю.", "roles": ["мэра"], "orgs": ["Москва"],
             "full_name": "Лужков Юрий", "name_alternatives": [], "optional": False, "optional_reason": ""}]}
    gold = load_gold(write(tmp_path, GOOD, "", other))
    assert list(gold) == ["000_6c914f1ec03fa633.txt", "book_100.txt"]
    assert gold["book_100.txt"]["persons"][0]["roles"] == ["мэра"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"doc": ""}, "'doc' must be a non-empty string"),
        ({"persons": [{"name": "Ласкан О.Я.", "roles": "директор"}]}, "persons[0].roles must be a list"),
        ({"persons": [{"roles": []}]}, "persons[0].name must be a non-empty string"),
        ({"persons": [{"name": "Ласкан О.Я.", "role": ["директор"]}]}, "unknown key persons[0].'role'"),
        ({"organisations": []}, "unknown key 'organisations'"),
        ({"schools": [{"number": 3}]}, "schools[0].number must be a non-empty string"),
        ({"dates": ["29.09.2022"]}, "dates[0] = '29.09.2022' is not an ISO 8601 date"),
        ({"dates": ["2022-02-30"]}, "is not an ISO 8601 date"),
        ({"dates": ["2022-13"]}, "is not an ISO 8601 date"),
        ({"locations": ["Чита", ""]}, "locations[1] must be a non-empty string"),
        ({"event": {"participants": "56"}}, "event.participants must be a whole number or null"),
        ({"event": {"participants": True}}, "event.participants must be a whole number or null"),
        ({"event": {"date": "вчера"}}, "event.date = 'вчера' is not an ISO 8601 date"),
        ({"event": ["семинар"]}, "event must be an object or null"),
    ],
)
def test_bad_line_names_file_line_and_problem(tmp_path, change, message):
    path = write(tmp_path, GOOD, {**GOOD, "doc": "002.txt", **change})
    with pytest.raises(GoldFormatError) as err:
        load_gold(path)
    assert err.value.line == 2
    assert str(err.value).startswith(f"{path}:2: ")
    assert message in str(err.value)


def test_invalid_json_and_non_object_lines(tmp_path):
    with pytest.raises(GoldFormatError, match=r"gold.jsonl:2: not valid JSON"):
        load_gold(write(tmp_path, GOOD, '{"doc": "002.txt", "persons": [}'))
    with pytest.raises(GoldFormatError, match=r"gold.jsonl:1: a record must be a JSON object, got a list"):
        load_gold(write(tmp_path, '["002.txt"]'))


def test_duplicate_document_points_at_first_line(tmp_path):
    with pytest.raises(GoldFormatError, match=r"gold.jsonl:3: document '000_6c914f1ec03fa633.txt' already given on line 1"):
        load_gold(write(tmp_path, GOOD, {"doc": "x.txt"}, GOOD))


def test_predictions_are_lenient_about_missing_and_extra_keys_not_types(tmp_path):
    pred = {"doc": "002.txt", "persons": [{"name": "Ласкан О.Я."}], "evidence": "…", "event": {"title": ""}}
    assert load_predictions(write(tmp_path, pred))["002.txt"]["persons"] == [{"name": "Ласкан О.Я."}]
    with pytest.raises(GoldFormatError, match="persons must be a list"):
        load_predictions(write(tmp_path, {"doc": "002.txt", "persons": "Ласкан О.Я."}))


def test_a_day_and_month_without_a_year_is_valid_gold(tmp_path):
    from pipeline.evaluate import load_gold
    from pipeline.evaluate.gold import GoldFormatError

    path = tmp_path / "g.jsonl"
    path.write_text('{"doc": "a.txt", "dates": ["--05-12", "--02-29", "--11-12/--11-15"]}\n', "utf-8")
    assert load_gold(path)["a.txt"]["dates"][0] == "--05-12"
    path.write_text('{"doc": "a.txt", "dates": ["--02-30"]}\n', "utf-8")
    with pytest.raises(GoldFormatError, match="not an ISO 8601 date"):
        load_gold(path)
