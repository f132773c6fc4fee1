"""Schools: numbers unique within a municipality, bare numbers, people of a school."""

from __future__ import annotations

import re
from collections import defaultdict

from pipeline.records import Document, SchoolMention

from .conftest import CHITA, SHCH, doc, person, place, report, run, school


def test_school_numbers_are_unique_only_within_a_municipality_with_the_folder_as_fallback(rules):
    t = run(
        (doc("a"), report("a", places=[place(SHCH)], schools=[school("3")])),
        (doc("b", "Щербиновский район/отчёт.docx"),
         report("b", schools=[school("3", name="им. Е.И. Мирошко", legal_form="МБОУ")])),
        (doc("c", "archive.zip/Чита/x.txt"), report("c", schools=[school("3")])),
        rules=rules,
    )
    rows = {s.municipality: s for s in t["schools"]}
    assert set(rows) == {SHCH, CHITA}
    assert (rows[SHCH].name, rows[SHCH].legal_form, rows[SHCH].n_documents) == ("им. Е.И. Мирошко", "МБОУ", 2)
    assert rows[CHITA].name == ""


def test_a_school_named_after_another_district_is_numbered_there(rules):
    text = "Конференция прошла в МБОУ «Тотемская СОШ № 1», занятия — в МБОУ «Линевская СОШ № 2»."
    tot, lin = text.index("СОШ № 1"), text.index("СОШ № 2")
    sokol = Document("a", "a.txt", "txt", "ok", text=text)
    t = run(
        (sokol, report("a", places=[place("Сокольский муниципальный округ"), place("Тотемский муниципальный округ"),
                                    place("р.п. Линево", "village")],
                       schools=[SchoolMention(tot, tot + 7, "СОШ № 1", "1"), SchoolMention(lin, lin + 7, "СОШ № 2", "2")])),
        (doc("b"), report("b", places=[place("Тотемский муниципальный округ")], schools=[school("1")])),
        rules=rules,
    )
    assert {(s.municipality, s.number_text, s.n_documents) for s in t["schools"]} == {
        ("Тотемский муниципальный округ", "1", 2), ("Сокольский муниципальный округ", "2", 1)}


def test_a_bare_school_number_is_the_one_school_with_that_number_there(rules):
    t = run((doc("a"), report("a", places=[place(SHCH)], schools=[school("21", "ООШ"), school("21", general=True)])),
            rules=rules)
    [row] = t["schools"]
    assert row.kind == "ООШ"
    two = run((doc("a"), report("a", places=[place(SHCH)],
                                schools=[school("2", "СОШ"), school("2", "гимназия"), school("2", general=True)])),
              rules=rules)
    assert len(two["schools"]) == 3


def test_a_person_of_a_numbered_school_points_at_the_school(rules):
    t = run((doc("a"), report("a", places=[place(SHCH)], schools=[school("4", legal_form="МБОУ")],
                              persons=[person("Коваль", "Н.И.", org="СОШ № 4")])), rules=rules)
    [m] = t["person_mentions"]
    assert m.school_id == t["schools"][0].school_id and m.org_id == ""
    assert t["organizations"] == []


def _gold_municipality(record: dict) -> str:
    """The report's municipality as the gold states it: the first district-level place,
    else the archive folder; without unit words (a test-side reading, not resolve's)."""
    for loc in record["locations"]:
        if re.search(r"район|округ|^г\. ", loc):
            name = loc
            break
    else:
        name = record["doc"].split("/")[-2]
    words = re.findall(r"[а-яё-]+", name.lower().replace("ё", "е"))
    return " ".join(w for w in words if w not in {"г", "город", "городской", "округ", "муниципальный", "район"})


def test_sample_schools_are_per_municipality(sample):
    t, gold = sample
    doc_of = {d.source: d.doc_id for d in t["documents"]}
    school_of = {s.school_id: s for s in t["schools"]}
    found = defaultdict(set)  # (doc_id, number) -> school_ids
    for m in t["school_mentions"]:
        found[(m.doc_id, m.number)].add(m.school_id)
    by_gold, gold_of = defaultdict(set), defaultdict(set)
    for record in gold:
        where = _gold_municipality(record)
        for s in record["schools"]:
            for school_id in found.get((doc_of[record["doc"]], s["number"]), ()):
                if school_of[school_id].kind == s["kind"]:
                    by_gold[(where, s["kind"], s["number"])].add(school_id)
                    gold_of[school_id].add((where, s["kind"], s["number"]))
    assert len(by_gold) > 80
    assert {k: v for k, v in by_gold.items() if len(v) > 1} == {}
    assert {k: v for k, v in gold_of.items() if len(v) > 1} == {}
    keys = [(s.municipality, s.kind, s.number_text) for s in t["schools"]]
    assert len(keys) == len(set(keys))
    starominsky = by_gold[("староминский", "СОШ", "4")]  # named in a root report and in the zip's folder
    assert len(starominsky) == 1 and school_of[next(iter(starominsky))].n_documents >= 3
