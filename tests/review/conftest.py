"""A tiny archive of invented reports, its tables, and a gold file with known errors,
for the review site's tests (the browser ones and the others)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SEMINAR = "2023-03-15_семинар_Заречный.txt"
CONFERENCE = "2023-04-20_конференция_Озёрск.txt"
NOTE = "заметка.txt"
BROKEN = "повреждённый_отчёт.pdf"

REPORTS = {
    SEMINAR: (
        "Информация о проведении семинара-практикума\n\n"
        "15 марта 2023 года на базе МБОУ СОШ № 4 г. Заречного прошёл семинар-практикум «Читаем вместе» "
        "для учителей начальных классов.\n\n"
        "Семинар открыла Крылова Анна Петровна, начальник управления образования администрации города "
        "Заречного. С докладом выступил Орлов И.С., директор МБОУ СОШ № 4.\n\n"
        "Мастер-класс провела Белова Е.В., учитель начальных классов МБОУ СОШ № 12.\n\n"
        "В семинаре приняли участие 35 педагогов.\n"
    ),
    CONFERENCE: (
        "Отчёт о проведении педагогической конференции\n\n"
        "20 апреля 2023 г. в МАОУ «Гимназия № 2» г. Озёрска состоялась педагогическая конференция "
        "«Школа будущего».\n\n"
        "С приветственным словом выступила Смирнова Ольга Ивановна, заместитель начальника управления "
        "образования. Круглый стол провёл Кузнецов П.А., директор МАОУ «Гимназия № 2».\n"
    ),
    NOTE: "Заметка <script>alert('x')</script> & «кавычки» без единого упоминания.\n",
}

# The gold of the seminar, with known errors of the extraction: Белова Е.В. is not in it
# (a false positive), Крылова's role and Орлов's school are other (a wrong role, a wrong
# organization), and it has a date the report does not (a false negative).
GOLD = [{
    "doc": SEMINAR,
    "persons": [
        {"name": "Крылова А.П.", "roles": ["методист"], "orgs": []},
        {"name": "Орлов И.С.", "roles": ["директор"], "orgs": ["МБОУ СОШ № 5"]},
    ],
    "dates": ["2023-03-15", "2023-03-16"],
}]


def make_archive(root: Path, reports: dict[str, str] = REPORTS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in reports.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / BROKEN).write_bytes(b"%PDF-1.4 not really\n")  # an error row
    return root


def run_archive(raw: Path, out: Path, cache: Path):
    from pipeline.run import RunOptions, run

    return run(RunOptions(inputs=[raw], out_dir=out, cache_dir=cache, executor="serial", models_dir=REPO / "models"))


@pytest.fixture(scope="session")
def tiny_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("review-cache")


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory, tiny_cache) -> Path:
    """The output folder of a run on the tiny archive (read it, do not write into it)."""
    base = tmp_path_factory.mktemp("review-run")
    run_archive(make_archive(base / "raw"), base / "out", tiny_cache)
    return base / "out"


@pytest.fixture(scope="session")
def gold_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("review-gold") / "gold.jsonl"
    path.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in GOLD), encoding="utf-8")
    return path


@pytest.fixture()
def fresh_run(tmp_path, tiny_cache) -> tuple[Path, Path]:
    """(archive, output folder) of a run of this test's own: change it at will."""
    raw = make_archive(tmp_path / "raw")
    run_archive(raw, tmp_path / "out", tiny_cache)
    return raw, tmp_path / "out"


def doc_ids(out: Path) -> dict[str, str]:
    """source -> doc_id of a run's documents."""
    import pyarrow.parquet as pq

    return {r["source"]: r["doc_id"] for r in pq.read_table(out / "documents.parquet").to_pylist()}


def in_ci() -> bool:
    return bool(os.environ.get("CI"))
