"""Persons: mentions joined into one row per real person, with the evidence for
every join and for the namesakes kept apart."""

from __future__ import annotations

import math
from collections import defaultdict

from pipeline.resolve import persons as persons_module

from .conftest import CHITA, SHCH, doc, org, person, persons_named, place, report, run


def test_written_forms_of_one_person_are_one_row_with_the_full_name_and_evidence(rules):
    t = run(
        (doc("a"), report("a", places=[place(SHCH)], persons=[person("Ласкан", "О.Я.", gender="f")])),
        (doc("b"), report("b", places=[place(SHCH)], persons=[person("Ласкан", "О.Я.", "Ольга", "Яковлевна")])),
        (doc("c"), report("c", places=[place(SHCH)], persons=[person("Ласкан", "О.")])),
        rules=rules,
    )
    [row] = t["persons"]
    assert (row.name, row.first_name, row.patronymic, row.gender) == ("Ласкан О.Я.", "Ольга", "Яковлевна", "f")
    assert (row.n_mentions, row.n_documents, row.municipality) == (3, 3, SHCH)
    for said in ("3 mentions in 3 documents", "initials О.Я. ⊂ Ольга Яковлевна", "О. ⊂ О.Я.", f"municipality {SHCH}"):
        assert said in row.evidence
    assert {m.person_id for m in t["person_mentions"]} == {row.person_id}


def test_ё_and_е_spell_one_surname(rules):
    t = run((doc("a"), report("a", places=[place(SHCH)], persons=[person("Грачёв", "П.С."), person("Грачев", "П.С.")])),
            rules=rules)
    assert len(t["persons"]) == 1


def test_different_initials_stay_different_people(rules):
    t = run((doc("a"), report("a", persons=[person("Иванова", "А.С."), person("Иванова", "Е.С.")])), rules=rules)
    assert len(t["persons"]) == 2


def test_one_name_in_two_municipalities_is_two_people_and_each_row_says_so(rules):
    t = run(
        (doc("a"), report("a", places=[place(SHCH)], persons=[person("Ласкан", "О.Я.")])),
        (doc("b"), report("b", places=[place(CHITA, "city")], persons=[person("Ласкан", "О.Я.")])),
        rules=rules,
    )
    rows = persons_named(t, "Ласкан")
    assert len(rows) == 2 and len({r.person_id for r in rows}) == 2
    by_place = {r.municipality: r for r in rows}
    assert f"not Ласкан О.Я. of {CHITA}" in by_place[SHCH].evidence
    assert f"not Ласкан О.Я. of {SHCH}" in by_place[CHITA].evidence


def test_without_municipalities_the_region_splits_or_weakly_joins(rules):
    kuban, zab = place("Краснодарский край", "region"), place("Забайкальский край", "region")
    apart = run((doc("a"), report("a", places=[kuban], persons=[person("Пилипенко", "О.В.")])),
                (doc("b"), report("b", places=[zab], persons=[person("Пилипенко", "О.В.")])), rules=rules)
    assert len(apart["persons"]) == 2
    joined = run((doc("a"), report("a", places=[kuban], persons=[person("Пилипенко", "О.В.")])),
                 (doc("b"), report("b", places=[place("Кубань", "region")], persons=[person("Пилипенко", "О.В.")])),
                 rules=rules)
    [row] = joined["persons"]
    assert "region Краснодарский край" in row.evidence


def test_conflicting_genders_split_unless_a_shared_organization_joins_them(rules):
    mku = "МКУ «Староминский методический центр»"
    apart = run((doc("a"), report("a", places=[place(SHCH)], persons=[person("Коваль", "Н.И.", gender="f")])),
                (doc("b"), report("b", places=[place(SHCH)], persons=[person("Коваль", "Н.И.", gender="m")])),
                rules=rules)
    assert sorted(r.gender for r in apart["persons"]) == ["f", "m"]
    joined = run((doc("a"), report("a", places=[place(SHCH)], persons=[person("Коваль", "Н.И.", gender="f", org=mku)],
                                   orgs=[org(mku)])),
                 (doc("b"), report("b", places=[place(SHCH)], persons=[person("Коваль", "Н.И.", gender="m", org=mku)],
                                   orgs=[org(mku)])), rules=rules)
    [row] = joined["persons"]
    assert f"shared org {mku}" in row.evidence and "genders f/m" in row.evidence


def test_conflicting_first_names_split_and_initials_that_fit_both_join_neither(rules):
    t = run(
        (doc("a"), report("a", places=[place(SHCH)], persons=[person("Ласкан", "О.Я.", "Ольга", "Яковлевна")])),
        (doc("b"), report("b", places=[place(SHCH)], persons=[person("Ласкан", "О.Я.", "Оксана", "Яковлевна")])),
        (doc("c"), report("c", places=[place(SHCH)], persons=[person("Ласкан", "О.Я.")])),
        rules=rules,
    )
    rows = persons_named(t, "Ласкан")
    assert sorted(r.first_name for r in rows) == ["", "Оксана", "Ольга"]


def test_a_short_form_joins_the_one_person_it_fits_and_not_one_of_two(rules):
    one = run((doc("a"), report("a", places=[place(SHCH)], persons=[person("Иванова", "А.С.")])),
              (doc("b"), report("b", places=[place(SHCH)], persons=[person("Иванова", "А.")])), rules=rules)
    assert len(one["persons"]) == 1
    two = run((doc("a"), report("a", places=[place(SHCH)], persons=[person("Иванова", "А.С.")])),
              (doc("b"), report("b", places=[place(SHCH)], persons=[person("Иванова", "А.П.")])),
              (doc("c"), report("c", places=[place(SHCH)], persons=[person("Иванова", "А.")])), rules=rules)
    rows = persons_named(two, "Иванова")
    assert sorted(r.initials for r in rows) == ["А.", "А.П.", "А.С."]
    assert "fits more than one person" in next(r for r in rows if r.initials == "А.").evidence


def test_a_shared_organization_joins_one_person_across_municipalities(rules):
    iro = "ГУ ДПО «ИРО Забайкальского края»"
    t = run(
        (doc("a"), report("a", places=[place("Шилкинский район")], orgs=[org(iro)],
                          persons=[person("Жамсаранова", "Т.Б.", org=iro)])),
        (doc("b"), report("b", places=[place(CHITA, "city")], orgs=[org(iro)],
                          persons=[person("Жамсаранова", "Т.Б.", org=iro)])),
        rules=rules,
    )
    [row] = t["persons"]
    assert f"shared org {iro}" in row.evidence
    assert "municipalities Шилкинский район, г. Чита" in row.evidence


def _name_key(name: str) -> tuple[str, str]:
    """(surname, initials) of a gold or predicted name, the way the scorer compares names."""
    parts = name.replace(".", ". ").split()
    letters = "".join(p[0] for p in parts[1:])
    return parts[0].lower().replace("ё", "е"), letters.lower().replace("ё", "е")


def test_sample_persons_match_gold_identities(sample):
    t, gold = sample
    doc_of = {d.source: d.doc_id for d in t["documents"]}
    predicted = defaultdict(set)  # (doc_id, name key) -> person_ids
    for m in t["person_mentions"]:
        predicted[(m.doc_id, _name_key(m.name))].add(m.person_id)
    # in the sample a gold name key is one person across the archive (they share an organization)
    ids_of_gold, gold_of_id = defaultdict(set), defaultdict(set)
    for record in gold:
        for p in record["persons"]:
            key = _name_key(p["name"])
            for pid in predicted.get((doc_of[record["doc"]], key), ()):
                ids_of_gold[key].add(pid)
                gold_of_id[pid].add(key)
    assert len(ids_of_gold) > 150  # most gold persons were found
    duplicates = {k: v for k, v in ids_of_gold.items() if len(v) > 1}
    merges = {k: v for k, v in gold_of_id.items() if len(v) > 1}
    assert duplicates == {} and merges == {}
    across = [k for k, v in ids_of_gold.items() if len({m.doc_id for m in t["person_mentions"]
                                                         if m.person_id in v}) > 1]
    assert {("сорокина", "та"), ("бахарева", "сг"), ("бондарь", "св")} <= set(across)


# --------------------------------------------------------------------------- scale: counted, never timed

_PAIR = persons_module.Persons._pair
_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЭЮЯ"
_SURNAMES = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова", "Михайлова",
             "Новикова", "Морозова"]


def _resolved_counting(monkeypatch, rules, pairs) -> tuple[dict, int]:
    """The tables, and how many times two clusters were compared (``Persons._pair``)."""
    calls = [0]

    def counted(self, a, b):
        calls[0] += 1
        return _PAIR(self, a, b)

    monkeypatch.setattr(persons_module.Persons, "_pair", counted)
    return run(*pairs, rules=rules), calls[0]


def _no_faster_than_n_log_n(counts: dict[int, int]) -> None:
    """From each size to the next, the comparisons grow at most as n·log n does."""
    sizes = sorted(counts)
    for small, large in zip(sizes, sizes[1:]):
        allowed = (large * math.log(large)) / (small * math.log(small)) * max(counts[small], 1) * 1.1
        assert counts[large] <= allowed, counts
    assert all(c <= n * math.log2(n) for n, c in counts.items()), counts


def test_one_report_naming_one_person_hundreds_of_times_is_compared_a_few_times(rules, monkeypatch):
    """Once 27 s for 400 mentions (all pairs compared after every join): mentions
    written alike in one report are one person before any comparison; written with a
    different organization each, too many pairs to compare, they are joined by name."""
    counts, with_orgs = {}, {}
    for n in (200, 400, 800):
        alike = report("a", persons=[person("Иванова", "А.С.", start=20 * k) for k in range(n)])
        t, counts[n] = _resolved_counting(monkeypatch, rules, [(doc("a"), alike)])
        [row] = t["persons"]
        assert row.n_mentions == n
        each_own = report("a", persons=[person("Иванова", "А.С.", org=f"ИМЦ № {k}", start=20 * k) for k in range(n)],
                          orgs=[org(f"ИМЦ № {k}", start=20 * k) for k in range(n)])
        t, with_orgs[n] = _resolved_counting(monkeypatch, rules, [(doc("a"), each_own)])
        [row] = t["persons"]
        assert row.n_mentions == n
    _no_faster_than_n_log_n(counts)
    _no_faster_than_n_log_n(with_orgs)


def test_many_small_reports_with_distinct_people_are_compared_in_linear_time(rules, monkeypatch):
    """Two-line reports without a municipality, each naming two people (each person
    also named by the next report): only mentions whose initials fit are compared."""
    names = [(s, f"{a}.{b}.") for a in _LETTERS for b in _LETTERS for s in _SURNAMES]
    counts = {}
    for n in (1000, 4000):
        pairs = [(doc(f"r{k:05d}"), report(f"r{k:05d}", persons=[person(*names[k]), person(*names[k + 1], start=30)]))
                 for k in range(n)]
        t, counts[n] = _resolved_counting(monkeypatch, rules, pairs)
        assert len(t["persons"]) == n + 1
    _no_faster_than_n_log_n(counts)
