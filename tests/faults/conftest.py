"""A small invented archive and helpers shared by the fault tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

REPORTS = {
    "Чита/семинар.txt": (
        "Информация о проведении семинара\n\n"
        "12 октября 2022 года на базе МБОУ СОШ № 7 состоялся семинар «Читательская грамотность». "
        "Открыла семинар О.П. Гречко, заместитель председателя комитета образования.\n"
    ),
    "Чита/вебинар.txt": "15.11.2022 прошёл вебинар для учителей математики. Выступила методист Т.Н. Вострикова.\n",
    "Шилка/круглый стол.txt": (
        "В МОУ СОШ № 51 г. Шилки состоялся круглый стол. Модератор – директор школы А.А. Дорош.\n"
    ),
    "Шилка/форум.txt": "3 марта 2023 года прошёл форум молодых педагогов. Приняли участие 25 педагогов.\n",
}


def make_archive(root: Path, reports: dict[str, str] = REPORTS) -> Path:
    for rel, text in reports.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def table_bytes(out: Path) -> dict[str, str]:
    """Digest of every table file an analyst opens (CSV and Parquet; DuckDB files
    carry their write time, so their tables are compared by content elsewhere)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted([*out.glob("*.csv"), *out.glob("*.parquet")]) if p.exists()}


@pytest.fixture()
def raw(tmp_path) -> Path:
    return make_archive(tmp_path / "raw")
