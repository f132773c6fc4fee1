"""What people and the regression gate read: the table, the JSON, the error listing, the comparison."""

from __future__ import annotations

import json

from pipeline.evaluate import Report, compare, format_errors, format_report, score, write_errors

GOLD = {
    "002.txt": {
        "doc": "002.txt",
        "persons": [{"name": "Зимарев Г.И.", "roles": ["ведущий специалист комитета образования"],
                     "orgs": ["комитет образования"]},
                    {"name": "Галуш С.В.", "roles": ["руководитель"], "orgs": ["ГЦП"]}],
        "organizations": ["комитет образования", "ГЦП"],
        "event": {"format": "стратегическая сессия", "title": "Проект «500+»", "date": "2022-08-30", "participants": 56},
    },
    "003.txt": {"doc": "003.txt", "organizations": ["управление образования"]},
}
PRED = {
    "002.txt": {
        "doc": "002.txt",
        "persons": [{"name": "Зимарев Г. И.", "roles": ["ведущего специалиста"], "orgs": ["комитет образования г. Читы"]},
                    {"name": "Галуш С.В.", "roles": ["учитель"], "orgs": []}],
        "organizations": ["комитет образования г. Читы", "ФИОКО"],
        "event": {"format": "семинар", "title": "Проект «500+» в Чите", "date": "2022-08-30", "participants": 56},
    },
}


def test_format_report_table():
    text = format_report(score(GOLD, PRED))
    lines = text.splitlines()
    assert lines[0] == "2 documents scored"
    assert lines[1].split() == ["field", "P", "R", "F1", "tp", "fp", "fn"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:]}
    assert list(rows) == ["persons", "person.role", "person.org", "organizations",
                          "event.format", "event.title", "event.date", "event.participants"]
    assert rows["persons"] == ["1.000", "1.000", "1.000", "2", "0", "0"]
    assert rows["person.role"] == ["0.500", "0.500", "0.500", "1", "1", "1"]
    assert rows["organizations"] == ["0.500", "0.333", "0.400", "1", "1", "2"]


def test_json_is_serializable_and_round_trips():
    report = score(GOLD, {**PRED, "zzz.txt": {"doc": "zzz.txt"}})
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert data["documents_scored"] == 2
    assert data["fields"]["event.title"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 1}
    doc = data["documents"]["002.txt"]
    assert doc["person.role"]["false_positives"] == ["Галуш С.В.: учитель"]
    assert doc["person.role"]["false_negatives"] == ["Галуш С.В.: руководитель"]
    assert doc["organizations"]["loose"] == [["комитет образования", "комитет образования г. Читы"]]
    assert data["documents"]["003.txt"]["organizations"]["false_negatives"] == ["управление образования"]
    assert data["ignored_predictions"] == ["zzz.txt"]
    again = Report.from_json(data)
    assert again.f1() == report.f1()
    assert again.to_json() == data


def test_error_listing(tmp_path):
    report = score(GOLD, PRED)
    text = format_errors(report)
    assert "002.txt  (fp " in text and "003.txt  (fp 0, fn 1)" in text
    assert "  organizations        fp  ФИОКО" in text
    assert "  event.format         fn  стратегическая сессия" in text
    assert "  persons              ≈   " not in text  # the same name, only spaced differently
    assert "  person.org           ≈   Зимарев Г.И.: комитет образования  ~  Зимарев Г.И.: комитет образования г. Читы" in text
    assert "≈" not in format_errors(report, loose=False)
    path = write_errors(report, tmp_path / "errors.txt")
    assert path.read_text(encoding="utf-8") == text
    assert format_errors(score(GOLD, GOLD)) == ""


def test_compare_lists_fields_whose_f1_dropped():
    perfect, worse = score(GOLD, GOLD), score(GOLD, PRED)
    drops = compare(perfect, worse)
    assert [d.field for d in drops] == ["person.role", "person.org", "organizations", "event.format", "event.title"]
    assert drops[0].before == 1.0 and drops[0].after == 0.5
    assert str(drops[0]) == "person.role: F1 1.000 → 0.500"
    assert compare(worse, perfect) == []
    assert compare(perfect.to_json(), perfect) == []  # a saved baseline works as well


def test_compare_flags_a_field_no_longer_reported():
    before = score(GOLD, GOLD)
    after = score({"003.txt": GOLD["003.txt"]}, {})
    assert [(d.field, d.after) for d in compare(before, after)][:2] == [("persons", None), ("person.role", None)]


def test_title_differing_only_in_quotes_spaces_and_case_is_found():
    pred = {"002.txt": {"doc": "002.txt", "event": {"title": "ПРОЕКТ 500+"}}}
    assert score(GOLD, pred).fields["event.title"].tp == 1
