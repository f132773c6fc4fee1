"""Organizations: abbreviations and expansions joined, bodies without an owner kept
apart by municipality."""

from __future__ import annotations

from .conftest import CHITA, SHCH, doc, org, person, place, report, run

FIOKO_FULL = "Федеральный институт оценки качества образования"


def test_abbreviation_in_one_report_and_expansion_in_another_are_one_organization(rules):
    t = run(
        (doc("a"), report("a", places=[place("Нижнекамский муниципальный район")],
                          orgs=[org("ФИОКО", "ФИОКО", FIOKO_FULL, "federal_institute")],
                          persons=[person("Кондратюк", "Е.В.", org="ФИОКО")])),
        (doc("b"), report("b", places=[place(CHITA, "city")], orgs=[org(f"ФГБУ «{FIOKO_FULL}»", kind="legal_entity")],
                          persons=[person("Лхамаева", "Т.Б.", org=f"ФГБУ «{FIOKO_FULL}»")])),
        rules=rules,
    )
    [row] = t["organizations"]
    assert (row.abbreviation, row.full_name, row.kind) == ("ФИОКО", FIOKO_FULL, "federal_institute")
    assert {m.org_id for m in t["org_mentions"] + t["person_mentions"]} == {row.org_id}


def test_an_expansion_alone_gets_its_abbreviation_from_the_table(rules):
    t = run((doc("a"), report("a", orgs=[org(f"ФГБУ «{FIOKO_FULL}»")])), rules=rules)
    assert t["organizations"][0].abbreviation == "ФИОКО"


def test_education_authorities_of_two_districts_are_two_rows_and_people_point_at_their_own(rules):
    def authority(doc_id, district, head):
        return (doc(doc_id), report(doc_id, places=[place(district)], orgs=[org("управление образования")],
                                    persons=[person(head, "Л.В.", org="управление образования")]))

    t = run(authority("a", SHCH, "Гуржий"), authority("b", "Кущёвский район", "Кудря"), rules=rules)
    rows = t["organizations"]
    assert sorted(r.municipality for r in rows) == ["Кущёвский район", SHCH]
    org_of = {m.name: m.org_id for m in t["person_mentions"]}
    by_place = {r.municipality: r.org_id for r in rows}
    assert org_of["Гуржий Л.В."] == by_place[SHCH] and org_of["Кудря Л.В."] == by_place["Кущёвский район"]


def test_an_unowned_body_is_the_owned_body_that_extends_it_in_its_municipality(rules):
    full = "управление образования администрации Тотемского муниципального округа"
    t = run(
        (doc("a"), report("a", places=[place("Тотемский муниципальный округ")], orgs=[org(full)])),
        (doc("b"), report("b", places=[place("Тотемский муниципальный округ")], orgs=[org("Управление образования")],
                          persons=[person("Малахова", "О.Н.", org="управление образования")])),
        rules=rules,
    )
    [row] = t["organizations"]
    assert row.name == full and row.municipality == ""  # it names its owner: unique everywhere
    assert t["person_mentions"][0].org_id == row.org_id


def test_a_generic_abbreviation_is_per_municipality(rules):
    t = run((doc("a"), report("a", places=[place("г. Бердск", "city")], orgs=[org("ИМЦ", "ИМЦ"),
                                                                         org("МБУ «Информационно-методический центр»")])),
            (doc("b"), report("b", places=[place("Агинский район")], orgs=[org("ИМЦ", "ИМЦ")])), rules=rules)
    assert sorted(r.municipality for r in t["organizations"]) == ["Агинский район", "г. Бердск"]


def test_an_org_name_that_ran_into_a_persons_surname_is_the_org(rules):
    iro = "ИРО Краснодарского края"
    t = run((doc("a"), report("a", orgs=[org(iro, "ИРО")])),
            (doc("b"), report("b", orgs=[org(f"{iro} Пилипенко", "ИРО")], persons=[person("Пилипенко", "О.В.")])),
            rules=rules)
    [row] = t["organizations"]
    assert row.name == iro
