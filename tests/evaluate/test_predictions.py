"""An Extraction as a document-level answer: how organizations are written and folded."""

from __future__ import annotations

from pipeline.evaluate.predictions import to_gold_record
from pipeline.extract.orgs import find_orgs
from pipeline.records import Extraction, OrgMention


def organizations(orgs: list[OrgMention]) -> list[str]:
    return to_gold_record("doc.txt", Extraction(doc_id="d", orgs=orgs))["organizations"]


def test_an_organization_with_its_abbreviation_is_written_full_name_then_abbreviation(rules):
    text = (
        "Семинар провели специалисты ГАУ ДПО «Институт развития образования Пермского края» (ИРО ПК). "
        "Методисты ИРО рассказали о курсах."
    )
    assert organizations(find_orgs(text, rules)) == ["ГАУ ДПО «Институт развития образования Пермского края» (ИРО ПК)"]


def test_a_short_form_with_a_legal_form_folds_into_the_full_name(rules):
    text = (
        "Организатор – МАУ «Информационно-методический центр» г. Кунгура. "
        "Фотографии предоставил МАУ «ИМЦ»."
    )
    assert organizations(find_orgs(text, rules)) == ["МАУ «Информационно-методический центр» г. Кунгура (ИМЦ)"]


def test_a_name_inside_a_fuller_one_is_the_same_organization_whatever_its_case():
    found = [
        OrgMention(0, 10, "", "управление образования администрации Кунгурского района", kind="authority"),
        OrgMention(20, 30, "", "Управление образования", kind="authority"),
        OrgMention(40, 50, "", "ИРО Пермского края", "ИРО", kind="institute"),
        OrgMention(60, 70, "", "ИРО Свердловской области", "ИРО", kind="institute"),
    ]
    assert organizations(found) == [
        "управление образования администрации Кунгурского района", "ИРО Пермского края", "ИРО Свердловской области",
    ]


def test_countries_are_not_places_of_the_answer(rules):
    """GOLD_FORMAT.md's places lie below the country; the tables keep the country rows."""
    from pipeline.extract.locations import find_locations

    found = find_locations("Педагоги Забайкальского края, Сибири и всей России собрались в г. Чите.", rules)
    assert {"Россия", "Сибирь"} <= {loc.name for loc in found}
    answer = to_gold_record("doc.txt", Extraction(doc_id="d", locations=found))["locations"]
    assert "Россия" not in answer and "Сибирь" not in answer
    assert "г. Чита" in answer and "Забайкальский край" in answer
