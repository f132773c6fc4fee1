"""The stage as a whole: stable IDs, tables independent of document order, the rule
files resolve reads, and the simple tables of a partial rebuild."""

from __future__ import annotations

import random

from pipeline.records import Document, Extraction
from pipeline.resolve import resolve

from .conftest import CHITA, SHCH, doc, org, person, place, report, run, school, with_folder


def _archive() -> list[tuple[Document, Extraction]]:
    iro = "ГУ ДПО «ИРО Забайкальского края»"
    return [
        (doc("a", "Щербиновский район/a.txt"), report("a", schools=[school("3")], orgs=[org("управление образования")],
                                                       persons=[person("Ласкан", "О.Я.", org="управление образования")])),
        (doc("b"), report("b", places=[place(SHCH)], schools=[school("3", name="им. Е.И. Мирошко")],
                          persons=[person("Ласкан", "О.", start=9), person("Ласкан", "О.Я.", "Ольга", "Яковлевна")])),
        (doc("c"), report("c", places=[place(CHITA, "city")], orgs=[org(iro)], schools=[school("3")],
                          persons=[person("Ласкан", "О.Я."), person("Брец", "С.В.", org=iro)])),
        (doc("d"), report("d", places=[place("Шилкинский район")], orgs=[org(iro)],
                          persons=[person("Брец", "С.В.", org=iro), person("Зимарев", "Г.И.")])),
    ]


def test_tables_do_not_depend_on_document_order(rules):
    pairs = _archive()
    one = run(*pairs, rules=rules)
    for seed in range(3):
        shuffled = pairs[:]
        random.Random(seed).shuffle(shuffled)
        assert run(*shuffled, rules=rules) == one


def test_ids_survive_adding_an_unrelated_report(rules):
    before = run(*_archive(), rules=rules)
    after = run(*_archive(), (doc("e"), report("e", places=[place("Ейский район")], schools=[school("3")],
                                               persons=[person("Ласкан", "О.Я.")])), rules=rules)
    for table, key in (("persons", "person_id"), ("schools", "school_id"), ("organizations", "org_id")):
        assert {getattr(r, key) for r in before[table]} <= {getattr(r, key) for r in after[table]}


def test_resolve_reads_only_the_rule_files_it_declares(fresh_rules):
    """A run keeps the people, school and organization tables when nothing they are
    computed from changed, rule files resolve reads included: those must be declared
    (a whole file, or the field read)."""
    from pipeline import resolve as module

    pairs = [
        (doc("d1", "Чита/a.txt"), report("d1", places=[place(CHITA, "city")],
                                         persons=[person("Лаптева", "Т.Н.", org="ИМЦ г. Читы")],
                                         orgs=[org("ИМЦ г. Читы", abbreviation="ИМЦ")], schools=[school("7")])),
        (doc("d2", "Кубань/b.txt"), report("d2", places=[place("Кубань", "region")])),
    ]
    with fresh_rules.recording() as reads:
        run(*pairs, rules=fresh_rules)
    assert reads and {r.partition("#")[0] for r in reads} <= {f.partition("#")[0] for f in module.RULE_FILES}
    assert {r for r in reads if r not in module.RULE_FILES and r.partition("#")[0] not in module.RULE_FILES} == set()


def test_simple_tables_are_the_rows_resolve_writes_for_them(rules):
    from pipeline.records import DateMention, Event, FormatMention
    from pipeline.resolve import SIMPLE_ROWS, simple_tables

    ex = Extraction("d1", persons=[person("Лаптева", "Т.Н.")], locations=[place(CHITA, "city")],
                    dates=[DateMention(0, 10, "12.10.2022", "2022-10-12", "date")],
                    formats=[FormatMention(12, 19, "семинар", "семинар")],
                    events=[Event(format="семинар", date="2022-10-12", start=12, end=19)])
    d = doc("d1", "Чита/a.txt")
    full = resolve([d], {"d1": with_folder(d, ex)}, rules)
    municipality_of = {r.doc_id: r.municipality for r in full["documents"]}
    assert simple_tables([d], {"d1": ex}, municipality_of) == {name: full[name] for name in SIMPLE_ROWS}
    assert full["events"][0].location == CHITA
    # a rule edit that changed the formats alone rebuilds their table, and nothing else
    assert simple_tables([d], {"d1": ex}, municipality_of, ["event_formats"]) == {"event_formats": full["event_formats"]}


def test_the_registry_declares_the_tables_resolve_builds_straight_from_records():
    from pipeline.extract.registry import simple_tables
    from pipeline.resolve import SIMPLE_ROWS

    assert set(simple_tables()) == set(SIMPLE_ROWS)
