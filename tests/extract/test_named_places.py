"""Places named inside a name: read at extract time and carried by the records, so
resolve tells bodies and reports apart without running the place extractor."""

from __future__ import annotations

from dataclasses import asdict

from pipeline.extract import orgs, roles
from pipeline.extract.named_places import component, folder_place, places_named
from pipeline.records import DocMeta, FolderPlace, Inputs, OrgMention, PersonMention, from_dict


def test_a_name_names_its_places_in_the_nominative(rules):
    assert places_named("комитет образования г. Читы", rules) == (("г. Чита", "city"),)
    assert places_named("ИРО Краснодарского края", rules) == (("Краснодарский край", "region"),)
    assert places_named("управление образования", rules) == ()


def test_the_orgs_component_gives_each_organization_the_places_its_name_names(rules):
    text = "Семинар провёл комитет образования г. Читы совместно с ФИОКО."
    found = orgs.component(Inputs("d", text), rules)
    by_name = {o.name: o.places for o in found}
    assert by_name["комитет образования г. Читы"] == (("г. Чита", "city"),)
    assert by_name["ФИОКО"] == ()
    # the places survive the stage cache (JSON): pairs come back as tuples
    assert [from_dict(OrgMention, asdict(o)) for o in found] == found


def test_the_people_component_gives_a_persons_organization_its_places(rules):
    text = "Выступила Лаптева Т.Н., методист ИМЦ г. Бердска."
    found_orgs = orgs.component(Inputs("d", text), rules)
    people = roles.component(Inputs("d", text, records={"orgs": found_orgs, "schools": []}), rules)
    [p] = [p for p in people if p.surname == "Лаптева"]
    assert p.org and p.org_places == places_named(p.org, rules) == (("г. Бердск", "city"),)
    assert from_dict(PersonMention, asdict(p)) == p



def test_folder_names_that_are_places_and_ones_that_are_not(rules):
    assert folder_place("archive.zip/Чита/x.txt", rules) == "г. Чита"
    assert folder_place("Щербиновский_район/отчёт.docx", rules) == "Щербиновский район"
    assert folder_place("Староминский_район_отчеты_2022.zip/x.txt", rules) == ""
    assert folder_place("Отчёты/x.txt", rules) == "" and folder_place("2022/x.txt", rules) == ""


def test_the_folder_place_component_reads_the_report_s_place_in_the_archive(rules):
    def folder_of(source: str) -> list[FolderPlace]:
        return component(Inputs("d", "Семинар прошёл в срок.", meta=DocMeta(source=source)), rules)

    assert folder_of("2023/Читинский_район/отчёт.docx") == [FolderPlace("Читинский район")]
    assert folder_of("2023/отчёт.docx") == []
