"""Helpers for the ingest tests: small report texts, file builders, tight limits."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.ingest import IngestLimits, ingest
from pipeline.records import Document

FIXTURES = Path(__file__).resolve().parent / "fixtures"

HEADING = "Семинар для учителей начальных классов"
REPORT = (
    "12 октября 2023 года на базе МБОУ СОШ № 7 станицы Родниковской прошёл муниципальный семинар "
    "«Формирующее оценивание на уроках в начальной школе»."
)
REPORT_2 = "В работе семинара приняли участие 34 педагога из 11 образовательных организаций района."
# The fixtures break "образова-/тельных" and "постер-/сессии" at line ends.
HYPHENATED = "Педагоги образовательных организаций представили опыт на постер-сессии."
CLOSING = "Открыла семинар Л.П. Савчук, заместитель директора по учебной работе."

SMALL = IngestLimits(
    max_file_bytes=64 * 1024, max_unpacked_bytes=256 * 1024,
    max_ratio=20, ratio_floor_bytes=4 * 1024, max_members=20, max_depth=3, tool_timeout=30,
)


def run(*inputs: Path, limits: IngestLimits | None = None) -> list[Document]:
    return list(ingest(list(inputs), limits=limits))


def by_source(docs: list[Document]) -> dict[str, Document]:
    return {d.source: d for d in docs}


def docx_bytes(build) -> bytes:
    """A .docx made by ``build(document)`` with python-docx."""
    import docx

    document = docx.Document()
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def needs_tool(name: str) -> None:
    """Skip when an external program is missing, but fail under CI."""
    if shutil.which(name) is None:
        message = f"'{name}' is not installed (apt-get install {name})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def make_zip(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of ``files`` (member name -> bytes), built in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()
