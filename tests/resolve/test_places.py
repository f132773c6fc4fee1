"""Places: each report's municipality, from its text, its organizations, its folder."""

from __future__ import annotations

from dataclasses import replace

from pipeline.records import OrgMention
from pipeline.resolve import municipality, municipality_key
from pipeline.resolve.places import report_places

from .conftest import CHITA, SHCH, doc, org, place, report, with_folder


def test_municipality_from_text_then_organizations_then_folder_then_settlement():
    chita_org = report("x", orgs=[org("комитет образования г. Читы")])
    assert municipality(chita_org, SHCH) == CHITA
    village = report("x", places=[place("ст. Новоясенская", "village")])
    assert municipality(village, SHCH) == SHCH
    assert municipality(village, "") == "ст. Новоясенская"
    # a tie goes to the district over a town in it
    assert municipality(report("x", places=[place("г. Сокол", "city"), place("Сокольский муниципальный округ")])) \
        == "Сокольский муниципальный округ"


def test_a_file_that_could_not_be_read_is_where_the_reports_of_its_folder_are(rules):
    """It has no records, so no folder place of its own: its readable neighbours' is taken."""
    read = doc("a", "Щербиновский_район/a.txt")
    unread = replace(doc("b", "Щербиновский_район/b.doc"), status="error", text="")
    alone = replace(doc("c", "Отчёты/c.doc"), status="error", text="")
    places = report_places([read, unread, alone], {"a": with_folder(read, report("a"))}, rules)
    assert places["a"].name == places["b"].name == SHCH
    assert places["c"].name == ""


def test_one_municipality_however_it_is_written():
    assert municipality_key("г. Чита") == municipality_key("городской округ «Город Чита»")
    assert municipality_key("муниципальный район «Шилкинский район»") == municipality_key("Шилкинский район")
    assert municipality_key("Читинский район") != municipality_key("г. Чита")


def test_the_places_an_organization_names_come_with_its_record(rules):
    """Resolve runs no place extractor on an organization's name: the record says
    what places it names (``OrgMention.places``, read at extract time)."""
    said = OrgMention(0, 3, "комитет образования", "комитет образования", places=((CHITA, "city"),))
    assert municipality(report("x", orgs=[said])) == CHITA
    assert municipality(report("x", orgs=[replace(said, places=())])) == ""
