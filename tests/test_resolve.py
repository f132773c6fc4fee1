"""Resolve: one row per real person and school across documents; stable IDs."""

from __future__ import annotations

from pipeline.records import Document, Extraction, LocationMention, PersonMention, SchoolMention
from pipeline.resolve import resolve


def doc(doc_id: str, source: str) -> Document:
    return Document(doc_id=doc_id, source=source, format="txt", status="ok", text="…")


def person(surname: str, initials: str, first: str = "") -> PersonMention:
    return PersonMention(0, 5, surname, surname, first_name=first, initials=initials)


def test_same_person_across_documents_is_one_row_with_full_name_merged():
    docs = [doc("a", "a.txt"), doc("b", "b.txt")]
    ex = {
        "a": Extraction("a", persons=[person("Баркан", "О.Я.")]),
        "b": Extraction("b", persons=[person("Баркан", "О.Я.", first="Ольга"), person("Баркан", "О.")]),
    }
    t = resolve(docs, ex)
    assert len(t["persons"]) == 1
    assert t["persons"][0]["first_name"] == "Ольга"
    assert len({m["person_id"] for m in t["person_mentions"]}) == 1


def test_different_initials_stay_different_people():
    ex = {"a": Extraction("a", persons=[person("Иванова", "А.С."), person("Иванова", "Е.С.")])}
    assert len(resolve([doc("a", "a.txt")], ex)["persons"]) == 2


def test_school_numbers_are_unique_only_within_a_municipality():
    docs = [doc("a", "a.txt"), doc("b", "b.txt"), doc("c", "c.txt")]
    place = lambda name: LocationMention(0, 1, name, name, "district")  # noqa: E731
    ex = {
        "a": Extraction("a", schools=[SchoolMention(0, 6, "СОШ №3", "3")], locations=[place("Щербиновский район")]),
        "b": Extraction("b", schools=[SchoolMention(0, 6, "СОШ №3", "3", name="им. Е.И. Гришко")],
                        locations=[place("Щербиновский район")]),
        "c": Extraction("c", schools=[SchoolMention(0, 6, "СОШ №3", "3")], locations=[place("Ингодинский район")]),
    }
    schools = resolve(docs, ex)["schools"]
    assert len(schools) == 2
    assert {s["municipality"] for s in schools} == {"Щербиновский район", "Ингодинский район"}
    assert any(s["name"] == "им. Е.И. Гришко" for s in schools)


def test_ids_do_not_depend_on_document_order():
    docs = [doc("a", "a.txt"), doc("b", "b.txt")]
    ex = {"a": Extraction("a", persons=[person("Крец", "С.В.")]), "b": Extraction("b", persons=[person("Зимирев", "Г.И.")])}
    one = resolve(docs, ex)
    two = resolve(list(reversed(docs)), ex)
    assert one["persons"] == two["persons"]
