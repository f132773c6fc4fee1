#!/usr/bin/env python3
"""Benchmark: how resolve's time grows with the mentions and the reports.

    python benchmarks/resolve_scale.py                  # every shape, default sizes
    python benchmarks/resolve_scale.py --shape one-report --sizes 200 400 800 1600

Resolve runs on synthetic extractions (no ingest, no natasha: records written
directly), in one process, timed with ``time.perf_counter``. Shapes:

- ``one-report``: one report without a municipality naming one person N times
  (``Иванова А.С.``, every fifth time with her organization);
- ``distinct``: N two-line reports without a municipality, each naming two
  people no other report names;
- ``pool``: N two-line reports without a municipality naming people drawn from
  a pool of 300 (the same people again and again, as a template would);
- ``archive``: N reports in 40 municipalities naming people from a pool of
  N/2, some with an organization: an archive as analysts have them.

For each shape and size it prints the seconds, the seconds per mention, the
persons found and how many times two clusters were compared (the pairwise
step, ``Persons._pair``). Near-linear resolve keeps seconds per mention and
comparisons per mention flat as N grows. The test suite checks the comparison
counts (``tests/resolve/test_persons.py``, the scale tests); this script is the timed,
longer variant.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.records import Document, Extraction, LocationMention, OrgMention, PersonMention  # noqa: E402
from pipeline.resolve import persons as persons_module  # noqa: E402
from pipeline.resolve import resolve  # noqa: E402
from pipeline.ruleset import RuleSet  # noqa: E402

SURNAMES = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова", "Михайлова",
            "Новикова", "Фёдорова", "Морозова", "Волкова", "Алексеева", "Лебедева", "Семёнова", "Егорова",
            "Павлова", "Козлова", "Степанова", "Николаева", "Орлова", "Андреева", "Макарова", "Никитина",
            "Захарова", "Зайцева", "Соловьёва", "Борисова", "Яковлева", "Григорьева"]
LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЭЮЯ"
MUNICIPALITIES = [f"{name} район" for name in (
    "Шилкинский", "Агинский", "Читинский", "Щербиновский", "Кущёвский", "Ейский", "Староминский", "Коченёвский",
    "Искитимский", "Сокольский", "Тотемский", "Нижнекамский", "Альметьевский", "Елабужский", "Каларский",
    "Карымский", "Могочинский", "Нерчинский", "Оловяннинский", "Петровск-Забайкальский", "Сретенский",
    "Тунгокоченский", "Улётовский", "Хилокский", "Чернышевский", "Балейский", "Борзинский", "Газимуро-Заводский",
    "Дульдургинский", "Забайкальский", "Калганский", "Краснокаменский", "Красночикойский", "Кыринский",
    "Ононский", "Приаргунский", "Александрово-Заводский", "Акшинский", "Шелопугинский", "Тунгиро-Олёкминский")]
ORGS = ["управление образования", "методический центр", "ИМЦ"]


def person(surname: str, initials: str, start: int, org: str = "") -> PersonMention:
    return PersonMention(start, start + 12, f"{surname} {initials}", surname, initials=initials, gender="f", org=org)


def initials(n: int) -> str:
    """The n-th pair of initials: А.А., А.Б., … (576 of them)."""
    return f"{LETTERS[n // len(LETTERS) % len(LETTERS)]}.{LETTERS[n % len(LETTERS)]}."


def people(n: int, surnames: list[str] = SURNAMES) -> list[tuple[str, str]]:
    """n different (surname, initials), while there are enough: 576 initials per surname."""
    return [(surnames[k % len(surnames)], initials(k // len(surnames))) for k in range(n)]


# 900 surnames (double-barrelled too), for more people than 30 surnames have initials for
MANY_SURNAMES = SURNAMES + [f"{a}-{b}" for a in SURNAMES for b in SURNAMES if a != b]


def one_report(n: int) -> tuple[list[Document], dict[str, Extraction]]:
    doc = Document("d0", "report.txt", "txt", "ok", text="…")
    found = [person("Иванова", "А.С.", 20 * k, org="методический центр" if k % 5 == 0 else "") for k in range(n)]
    orgs = [OrgMention(0, 18, "методический центр", "методический центр")]
    return [doc], {"d0": Extraction("d0", persons=found, orgs=orgs)}


def reports(n: int, names, municipality=None, org=None) -> tuple[list[Document], dict[str, Extraction]]:
    docs, extractions = [], {}
    for k in range(n):
        doc_id = f"d{k}"
        docs.append(Document(doc_id, f"{doc_id}.txt", "txt", "ok", text="…"))
        pair = names(k)
        places = [LocationMention(0, 10, municipality(k), municipality(k), "district")] if municipality else []
        found = [person(s, i, 30 * j, org=org(k, j) if org else "") for j, (s, i) in enumerate(pair)]
        orgs = [OrgMention(0, len(o), o, o) for o in sorted({p.org for p in found if p.org})]
        extractions[doc_id] = Extraction(doc_id, persons=found, orgs=orgs, locations=places)
    return docs, extractions


def distinct(n: int):
    everyone = people(2 * n, MANY_SURNAMES)
    return reports(n, lambda k: everyone[2 * k: 2 * k + 2])


def pool(n: int, size: int = 300):
    everyone = people(size)
    rng = random.Random(n)
    return reports(n, lambda k: rng.sample(everyone, 2))


def archive(n: int):
    everyone = people(max(2, n // 2))
    rng = random.Random(n)
    return reports(n, lambda k: rng.sample(everyone, 2), municipality=lambda k: MUNICIPALITIES[k % len(MUNICIPALITIES)],
                   org=lambda k, j: ORGS[(k + j) % len(ORGS)] if (k + j) % 3 == 0 else "")


SHAPES = {
    "one-report": (one_report, [200, 400, 800, 1600, 3200]),
    "distinct": (distinct, [1000, 4000, 10000]),
    "pool": (pool, [1000, 4000, 10000]),
    "archive": (archive, [1000, 4000, 10000]),
}


def measure(build, n: int, rules: RuleSet) -> dict:
    docs, extractions = build(n)
    mentions = sum(len(ex.persons) for ex in extractions.values())
    calls = [0]
    pair = persons_module.Persons._pair

    def counted(self, a, b):
        calls[0] += 1
        return pair(self, a, b)

    persons_module.Persons._pair = counted  # type: ignore[method-assign]
    try:
        t0 = time.perf_counter()
        tables = resolve(docs, extractions, rules)
        seconds = time.perf_counter() - t0
    finally:
        persons_module.Persons._pair = pair  # type: ignore[method-assign]
    return {"n": n, "mentions": mentions, "seconds": seconds, "persons": len(tables["persons"]),
            "comparisons": calls[0]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shape", choices=list(SHAPES), action="append", help="shape(s) to run (default: all)")
    ap.add_argument("--sizes", type=int, nargs="+", help="sizes N (default: per shape)")
    args = ap.parse_args(argv)
    rules = RuleSet(REPO / "models")
    resolve(*one_report(2), rules)  # build the rule tables before timing
    print(f"{'shape':<11} {'N':>6} {'mentions':>9} {'seconds':>9} {'µs/mention':>11} {'persons':>8} "
          f"{'comparisons':>12} {'per mention':>12}")
    for shape in args.shape or list(SHAPES):
        build, sizes = SHAPES[shape]
        for n in args.sizes or sizes:
            r = measure(build, n, rules)
            print(f"{shape:<11} {n:>6} {r['mentions']:>9} {r['seconds']:>9.2f} "
                  f"{1e6 * r['seconds'] / max(1, r['mentions']):>11.0f} {r['persons']:>8} {r['comparisons']:>12} "
                  f"{r['comparisons'] / max(1, r['mentions']):>12.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
