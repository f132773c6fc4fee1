"""Records: their stored form is ``dataclasses.asdict``'s, however it is made."""

from __future__ import annotations

import json
from dataclasses import asdict

from pipeline.records import (
    Event,
    Extraction,
    FolderPlace,
    LocationMention,
    OrgMention,
    PersonMention,
    SchoolMention,
    from_dict,
    to_dict,
)


def test_a_record_of_plain_fields_is_stored_as_asdict_stores_it_without_the_deep_copy():
    person = PersonMention(10, 28, "методист Т.Н. Лаптева", "Лаптева", initials="Т.Н.", gender="f",
                           roles=("методист",), org="ИМЦ г. Читы", org_places=(("г. Чита", "city"),))
    records = [person, OrgMention(0, 3, "ИМЦ", "ИМЦ", places=(("г. Чита", "city"),)),
               SchoolMention(0, 6, "СОШ № 7", "7"), LocationMention(0, 4, "Чита", "г. Чита", "city"),
               Event(format="семинар", participants=25), FolderPlace("Читинский район")]
    for record in records:
        assert json.dumps(to_dict(record), ensure_ascii=False) == json.dumps(asdict(record), ensure_ascii=False)
        assert from_dict(type(record), json.loads(json.dumps(to_dict(record)))) == record


def test_a_record_holding_records_is_copied_deep():
    ex = Extraction("d", folder_place=[FolderPlace("г. Чита")])
    stored = to_dict(ex)
    assert stored == asdict(ex) and stored["folder_place"] == [{"name": "г. Чита"}]
