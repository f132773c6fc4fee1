"""Places: each report's municipality, from its text, its organizations, its folder."""

from __future__ import annotations

from dataclasses import replace

from pipeline.extract.named_places import folder_place
from pipeline.records import OrgMention
from pipeline.resolve import municipality, municipality_key

from .conftest import CHITA, SHCH, doc, org, place, report


def test_municipality_from_text_then_organizations_then_folder_then_settlement(rules):
    chita_org = report("x", orgs=[org("комитет образования г. Читы")])
    assert municipality(doc("x", "Щербиновский район/x.txt"), chita_org, rules) == CHITA
    assert municipality(doc("x", "Щербиновский район/x.txt"), report("x", places=[place("ст. Новоясенская", "village")]),
                        rules) == SHCH
    assert municipality(doc("x", "Отчёты/x.txt"), report("x", places=[place("ст. Новоясенская", "village")]),
                        rules) == "ст. Новоясенская"
    # a tie goes to the district over a town in it
    assert municipality(doc("x"), report("x", places=[place("г. Сокол", "city"), place("Сокольский муниципальный округ")]),
                        rules) \
        == "Сокольский муниципальный округ"


def test_folder_names_that_are_places_and_ones_that_are_not(rules):
    assert folder_place("archive.zip/Чита/x.txt", rules) == CHITA
    assert folder_place("Щербиновский_район/отчёт.docx", rules) == SHCH
    assert folder_place("Староминский_район_отчеты_2022.zip/x.txt", rules) == ""
    assert folder_place("Отчёты/x.txt", rules) == "" and folder_place("2022/x.txt", rules) == ""


def test_one_municipality_however_it_is_written():
    assert municipality_key("г. Чита") == municipality_key("городской округ «Город Чита»")
    assert municipality_key("муниципальный район «Шилкинский район»") == municipality_key("Шилкинский район")
    assert municipality_key("Читинский район") != municipality_key("г. Чита")


def test_the_places_an_organization_names_come_with_its_record(rules):
    """Resolve runs no place extractor on an organization's name: the record says
    what places it names (``OrgMention.places``, read at extract time)."""
    said = OrgMention(0, 3, "комитет образования", "комитет образования", places=((CHITA, "city"),))
    assert municipality(doc("x"), report("x", orgs=[said]), rules) == CHITA
    assert municipality(doc("x"), report("x", orgs=[replace(said, places=())]), rules) == ""
