#!/usr/bin/env python3
"""Benchmark: svodka beside natasha on the same texts, scored by the same scorer.

    python3 benchmarks/natasha_compare.py [GOLD] --input DIR [--json FILE]

GOLD defaults to ``eval/real-dev/gold.jsonl`` and DIR to ``eval/real-dev/texts``
(third-party texts, git-ignored: collect them as ``eval/real-dev/README.md``
says). It also runs on factRuEval-2016 dev:
``../shared/eval/factru/dev-gold.jsonl --input ../shared/eval/factru/dev``.

What it measures
----------------
Both systems read the same texts (svodka's ingest: the cleaned text its
extractors see) and both answers are scored by svodka's own evaluator
(``pipeline.evaluate.score``, the matching rules of ``GOLD_FORMAT.md``):
P, R and F1 per field, micro-averaged over documents. svodka's answer is
``pipeline.evaluate.predict.predict`` with the rules of ``models/`` (what
``svodka eval`` scores); natasha's is built from its off-the-shelf
components as described below, with no rule, list or filter of svodka's.
``gold`` is the number of gold items of the field (tp + fn). A row says
``—`` for natasha where natasha has no such output: person roles and
organizations, schools, event formats and the main event are left out of
natasha's record and out of its scores (the scorer reads a missing key as an
empty answer, so they are dropped from natasha's report after scoring rather
than counted as misses). On factRuEval only persons, person role/org,
organizations and locations are annotated; the other fields are not reported.

natasha's record (``Natasha.record``)
-------------------------------------
The text goes through ``Doc.segment`` (``Segmenter``), ``Doc.tag_morph``
(``NewsMorphTagger``: ``span.normalize`` needs the morphology; without it a
span's normal form is its text as written) and ``Doc.tag_ner``
(``NewsNERTagger``, ``NewsEmbedding``). Each NER span is normalized with
``span.normalize(MorphVocab)``.

- ``persons``: every PER span, named from ``span.extract_fact(NamesExtractor)``
  as ``Фамилия И.О.`` (surname from the normalized fact, an initial per given
  name and patronymic; ``Жан-Мари`` gives ``Ж.-М.``). Initials, not the full
  name: the scorer compares given names by their initial whenever either side
  is one, so ``Иванова М.П.`` matches gold ``Иванова М.П.`` and
  ``Иванова Мария Петровна`` alike, while natasha's normalization often leaves
  the patronymic inflected (``Петровне``). Where the fact has no surname: a
  span of two or more words (``Масахару Коно``: natasha's grammar knows the
  given name, not the surname) is read as running text writes it, ``Имя
  Фамилия``; one word (which the grammar reads as a first name, though it is
  mostly a surname), ``Имя Отчество`` or a span with no fact is written as its
  normalized text. A surname alone folds into the one fuller name with that
  surname in the document (``Саркози`` into ``Саркози Н.``), as svodka's own
  record does; inflected leftovers (``Обамы``) stay, as natasha gives them.
  ``roles`` and ``orgs`` are empty (natasha gives none) and not scored.
- ``organizations``: the normalized text of every ORG span.
- ``locations``: the normalized text of every LOC span, countries included
  (the gold leaves countries out: they count against natasha, as they would
  against svodka).
- ``dates``: every match of ``DatesExtractor`` over the whole text, in ISO:
  ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``; a day and month without a year as
  ``--MM-DD`` (the gold's form for a day whose year the report does not give;
  the gold writes the report's year where it has one, and the scorer accepts
  a yearless prediction only against a yearless gold date, so natasha, which
  never infers a year, loses those). A month alone and a day that does not
  exist (``31.02``) are dropped. natasha has no ranges: ``с 10 по 12 ноября``
  gives its ends (or nothing), never ``START/END``. A two-digit year
  (``12.05.23``) is natasha's ``1923``, kept as natasha gives it.
- Each list keeps one copy of a value.

Reading the table: the question is not which system is "better" overall
(natasha is a general-domain NER trained on news; svodka is built for
education reports and uses natasha's NER itself), but per field how far
svodka's rules are above or below the off-the-shelf baseline on real text; in
particular issue 13 wants svodka's dates never below natasha's. The line
under the table counts yearless answers whose day the gold dates with the
report's year (right day, year not inferred: each one fp and one fn). Most of
natasha's person errors are its normalization of surnames pymorphy does not
know (``Мухамбетовой С.Р.`` stays in the genitive, ``Черкашина`` becomes
``Черкашин``); ``--json FILE`` keeps every fp and fn of both systems per
document. svodka's columns are what ``svodka eval GOLD --input DIR`` prints.

Results at commit 9b09cdf (natasha 1.6.0)
-----------------------------------------
Real dev corpus (165 pages; texts as ``eval/real-dev/README.md`` collects them)::

    python3 benchmarks/natasha_compare.py eval/real-dev/gold.jsonl --input eval/real-dev/texts

    | field | gold | svodka P | R | F1 | natasha P | R | F1 |
    |---|---:|---:|---:|---:|---:|---:|---:|
    | persons | 418 | 0.905 | 0.962 | 0.933 | 0.725 | 0.799 | 0.760 |
    | person.role | 385 | 0.851 | 0.740 | 0.792 | — | — | — |
    | person.org | 253 | 0.901 | 0.644 | 0.751 | — | — | — |
    | schools | 134 | 1.000 | 0.933 | 0.965 | — | — | — |
    | schools.kind | 134 | 0.664 | 0.619 | 0.641 | — | — | — |
    | schools.name | 7 | 1.000 | 0.857 | 0.923 | — | — | — |
    | dates | 188 | 0.962 | 0.936 | 0.949 | 0.738 | 0.660 | 0.697 |
    | organizations | 423 | 0.758 | 0.757 | 0.757 | 0.669 | 0.622 | 0.645 |
    | event_formats | 279 | 0.850 | 0.609 | 0.710 | — | — | — |
    | locations | 331 | 0.740 | 0.740 | 0.740 | 0.731 | 0.894 | 0.804 |
    | event.format | 163 | 0.676 | 0.564 | 0.615 | — | — | — |
    | event.title | 63 | 0.783 | 0.571 | 0.661 | — | — | — |
    | event.date | 94 | 0.731 | 0.723 | 0.727 | — | — | — |
    | event.participants | 33 | 0.636 | 0.424 | 0.509 | — | — | — |

    dates: 22 of natasha's yearless dates (svodka: 1) are a day the gold dates with the report's year

factRuEval-2016 dev (122 news texts)::

    python3 benchmarks/natasha_compare.py ../shared/eval/factru/dev-gold.jsonl --input ../shared/eval/factru/dev

    | field | gold | svodka P | R | F1 | natasha P | R | F1 |
    |---|---:|---:|---:|---:|---:|---:|---:|
    | persons | 368 | 0.707 | 0.848 | 0.771 | 0.776 | 0.878 | 0.824 |
    | person.role | 168 | 0.809 | 0.631 | 0.709 | — | — | — |
    | person.org | 173 | 0.894 | 0.486 | 0.629 | — | — | — |
    | organizations | 431 | 0.787 | 0.684 | 0.732 | 0.802 | 0.659 | 0.724 |
    | locations | 546 | 0.915 | 0.766 | 0.833 | 0.851 | 0.910 | 0.880 |

On real reports svodka is ahead on persons (0.933 against 0.760), dates (0.949
against 0.697; 22 of natasha's misses are yearless days the report dates) and
organizations (0.757 against 0.645). natasha is ahead on locations on both sets
(recall 0.894 and 0.910 against svodka's 0.740 and 0.766) and on factRuEval
persons (0.824 against 0.771: svodka's precision is 0.707).
"""

from __future__ import annotations

import os

# natasha in this process gets one BLAS thread, as svodka's workers do (2 shared cores)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from importlib.metadata import version  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path[:1]:
    sys.path.insert(0, str(REPO))  # this checkout's pipeline, not an installed one

import pipeline.annotate.compat  # noqa: E402, F401  (natasha on pymorphy3; before natasha)
from pipeline.evaluate.predictions import _fold_surname_only  # noqa: E402  (svodka's record does the same)

# fields natasha's record gives; every other field is shown as "—" for natasha
NATASHA_FIELDS = ("persons", "dates", "organizations", "locations")


# ----------------------------------------------------------------------------- conversion


def person_name(fact: dict[str, str] | None, normal: str) -> str:
    """The gold-format name of a PER span, from natasha's name fact
    (``{"first", "last", "middle"}``, any missing) and the span's normal form.

    ``Фамилия И.О.`` when the fact has a surname; a span of two or more words
    whose fact has none (``Масахару Коно``, whose given name natasha's grammar
    knows and whose surname it does not) is read as written in running text,
    ``Имя Фамилия``; otherwise (one word; ``Имя Отчество``) the normal form."""
    fact = fact or {}
    words = normal.split("(")[0].split()  # ``Сами аль-Хадж (Sami al-Haj)``: the name before the brackets
    last = (fact.get("last") or "").strip()
    if last:
        given = [fact[key] for key in ("first", "middle") if fact.get(key)]
    elif len(words) >= 2 and not fact.get("middle"):
        last, given = words[-1], words[:-1]
    else:
        return " ".join(words)
    initials = "".join(_initial(g) for g in given)
    return f"{last} {initials}" if initials else last


def _initial(given: str) -> str:
    """``Мария`` → ``М.``, ``Жан-Мари`` → ``Ж.-М.``, ``А`` → ``А.``."""
    return "-".join(part.strip(".")[0].upper() + "." for part in given.split("-") if part.strip("."))


def iso_date(year: int | None, month: int | None, day: int | None) -> str | None:
    """natasha's ``Date(year, month, day)`` in the gold's ISO forms; None when the
    gold cannot write it (a month or day alone, a day that does not exist)."""
    try:
        if year and month and day:
            return date(year, month, day).isoformat()
        if year and month and not day:
            return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
        if year and not month and not day:
            return f"{year:04d}"
        if month and day and not year:
            date(2000, month, day)  # a leap year: 29 February is a day
            return f"--{month:02d}-{day:02d}"
    except ValueError:
        return None
    return None


class Natasha:
    """natasha's models, loaded once; :meth:`record` gives one document's answer."""

    def __init__(self) -> None:
        from natasha import (
            DatesExtractor,
            MorphVocab,
            NamesExtractor,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            Segmenter,
        )

        emb = NewsEmbedding()
        self.segmenter = Segmenter()
        self.morph_vocab = MorphVocab()
        self.morph_tagger = NewsMorphTagger(emb)
        self.ner_tagger = NewsNERTagger(emb)
        self.names = NamesExtractor(self.morph_vocab)
        self.dates = DatesExtractor(self.morph_vocab)

    def record(self, doc: str, text: str) -> dict[str, Any]:
        """The gold-format prediction for one text (keys: NATASHA_FIELDS and ``doc``)."""
        from natasha import Doc

        d = Doc(text)
        d.segment(self.segmenter)
        d.tag_morph(self.morph_tagger)
        d.tag_ner(self.ner_tagger)
        persons: list[str] = []
        orgs: list[str] = []
        locations: list[str] = []
        for span in d.spans:
            span.normalize(self.morph_vocab)
            if span.type == "PER":
                span.extract_fact(self.names)
                persons.append(person_name(span.fact.as_dict if span.fact else None, span.normal))
            elif span.type == "ORG":
                orgs.append(" ".join(span.normal.split()))
            elif span.type == "LOC":
                locations.append(" ".join(span.normal.split()))
        dates = [iso_date(m.fact.year, m.fact.month, m.fact.day) for m in self.dates(text)]
        return {
            "doc": doc,
            "persons": _persons(persons),
            "dates": _unique(dates),
            "organizations": _unique(orgs),
            "locations": _unique(locations),
        }


def _persons(names: list[str]) -> list[dict[str, Any]]:
    """One entry per name; a surname alone folds into the one fuller name with that
    surname (``Саркози``, ``Саркози Н.``), as svodka's own record does."""
    persons = {n: {"name": n, "roles": [], "orgs": []} for n in _unique(names)}
    _fold_surname_only(persons)
    return list(persons.values())


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v and v.strip()))


# ----------------------------------------------------------------------------- running


def read_texts(input_dir: Path) -> dict[str, str]:
    """``{source: cleaned text}`` of the readable documents, as svodka's ingest gives them."""
    from pipeline.ingest import IngestLimits, ingest

    return {d.source: d.text for d in ingest([input_dir], IngestLimits()) if d.ok}


def natasha_only(report):
    """natasha's report without the fields its record does not give."""
    report.fields = {k: v for k, v in report.fields.items() if k in NATASHA_FIELDS}
    report.documents = {doc: {k: r for k, r in res.items() if k in NATASHA_FIELDS} for doc, res in report.documents.items()}
    return report


def format_table(svodka, natasha) -> str:
    """field | gold | svodka P R F1 | natasha P R F1 (Markdown)."""
    lines = [
        "| field | gold | svodka P | R | F1 | natasha P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in svodka.fields.items():
        n = natasha.fields.get(name)
        theirs = f"{n.precision:.3f} | {n.recall:.3f} | {n.f1:.3f}" if n else "— | — | —"
        lines.append(f"| {name} | {s.tp + s.fn} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {theirs} |")
    return "\n".join(lines)


def yearless_misses(report) -> int:
    """Predicted ``--MM-DD`` dates that the gold has as that day of a year the
    report gives: right day, year not inferred (each a fp and a fn)."""
    n = 0
    for results in report.documents.values():
        r = results.get("dates")
        if r is None:
            continue
        days = [v[-5:] for v in r.false_negatives if len(v) == 10 and v[4] == "-"]
        for v in r.false_positives:
            if v.startswith("--") and len(v) == 7 and v[2:] in days:
                days.remove(v[2:])
                n += 1
    return n


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="?", type=Path, default=REPO / "eval" / "real-dev" / "gold.jsonl",
                    help="gold JSONL (GOLD_FORMAT.md); default eval/real-dev/gold.jsonl")
    ap.add_argument("--input", "-i", type=Path, default=REPO / "eval" / "real-dev" / "texts",
                    help="folder of the texts the gold annotates; default eval/real-dev/texts")
    ap.add_argument("--json", type=Path, help="also write both reports (with per-document errors) here")
    args = ap.parse_args(argv)
    if not args.gold.is_file():
        ap.error(f"no gold file at {args.gold}")
    if not args.input.is_dir():
        ap.error(f"no folder at {args.input} (real-dev texts are collected as eval/real-dev/README.md says)")

    from pipeline.evaluate import load_gold, score
    from pipeline.evaluate.predict import predict
    from pipeline.project import default_models_dir
    from pipeline.ruleset import RuleSet

    gold = load_gold(args.gold)
    models = default_models_dir(REPO)
    started = time.perf_counter()
    svodka_pred = predict(args.input, RuleSet(models))
    svodka_s = time.perf_counter() - started

    started = time.perf_counter()
    nat = Natasha()
    texts = read_texts(args.input)
    natasha_pred = {doc: nat.record(doc, text) for doc, text in texts.items() if doc in gold}
    natasha_s = time.perf_counter() - started

    svodka_report = score(gold, svodka_pred)
    natasha_report = natasha_only(score(gold, natasha_pred))
    missing = sorted(doc for doc in gold if doc not in texts)

    command = shlex.join(["python3", *sys.argv]) if argv is None else shlex.join(["natasha_compare.py", *argv])
    meta = {
        "command": command,
        "commit": commit(),
        "natasha": version("natasha"),
        "models": str(models),
        "documents": len(gold),
        "documents_without_text": missing,
        "seconds": {"svodka": round(svodka_s, 1), "natasha": round(natasha_s, 1)},
    }
    print(f"$ {command}")
    print(f"commit {meta['commit']}, natasha {meta['natasha']}, rules {models}")
    print(f"{len(gold)} gold documents"
          + (f", {len(missing)} without a text in {args.input} (scored as empty answers)" if missing else "")
          + f"; svodka {svodka_s:.0f} s, natasha {natasha_s:.0f} s (models loaded)")
    print()
    print(format_table(svodka_report, natasha_report))
    if "dates" in svodka_report.fields:
        print(f"\ndates: {yearless_misses(natasha_report)} of natasha's yearless dates (svodka: "
              f"{yearless_misses(svodka_report)}) are a day the gold dates with the report's year")
    if args.json:
        args.json.write_text(json.dumps({**meta, "svodka": svodka_report.to_json(), "natasha": natasha_report.to_json()},
                                        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
