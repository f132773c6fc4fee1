from __future__ import annotations

import shutil

import pytest

from pipeline.ingest.readers import doc as doc_reader

from .conftest import FIXTURES, HEADING, HYPHENATED, REPORT, needs_tool, run


def test_doc_fixture_is_read_with_catdoc(tmp_path) -> None:
    needs_tool("catdoc")
    shutil.copy(FIXTURES / "report.doc", tmp_path / "отчёт.doc")
    [doc] = run(tmp_path)
    assert doc.ok, doc.error
    assert (doc.format, doc.title) == ("doc", HEADING)
    lines = doc.text.split("\n")
    assert lines[:2] == [HEADING, REPORT]
    assert "Секция | Ведущий | Участники" in lines
    assert "Математика | Н.В. Орлова | 12" in lines
    assert HYPHENATED in lines
    assert "Исполнитель: Г.А. Ветрова" in lines  # catdoc prints headers and footers after the body


def test_doc_falls_back_to_antiword(tmp_path, monkeypatch) -> None:
    needs_tool("antiword")
    real_which = shutil.which
    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: None if name == "catdoc" else real_which(name))
    shutil.copy(FIXTURES / "report.doc", tmp_path / "report.doc")
    [doc] = run(tmp_path)
    assert doc.ok, doc.error
    assert doc.title == HEADING and REPORT in doc.text
    assert "Математика | Н.В. Орлова | 12" in doc.text.split("\n")


def test_missing_tool_names_the_program_and_package(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: None)
    shutil.copy(FIXTURES / "report.doc", tmp_path / "report.doc")
    [doc] = run(tmp_path)
    assert doc.error_code == "MISSING_TOOL"
    assert doc.error == "reading .doc needs the 'catdoc' program, which is not installed (apt-get install catdoc)"


def test_tool_failure_and_timeout_are_error_rows(tmp_path, monkeypatch) -> None:
    fake = tmp_path / "bin" / "catdoc"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'catdoc: cannot parse the FAT' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: str(fake) if name == "catdoc" else None)
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "report.doc", data / "report.doc")
    [doc] = run(data)
    assert doc.error_code == "TOOL_FAILED"
    assert doc.error == "the converter 'catdoc' failed: catdoc: cannot parse the FAT"

    fake.write_text("#!/bin/sh\nsleep 5\n")
    from pipeline.ingest import IngestLimits

    [doc] = run(data, limits=IngestLimits(tool_timeout=0.2))
    assert doc.error_code == "TOOL_FAILED" and "no answer in 0.2 s" in doc.error


@pytest.mark.parametrize(
    ("data", "fmt", "code"),
    [
        ("Просто текст, а не документ Word".encode("cp1251"), "doc", "CORRUPT"),
        (b"{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0\\fcharset204 Arial;}}\\f0 \\'d1\\'e5\\'ec\\'e8\\'ed\\'e0\\'f0}",
         "rtf", ""),
    ],
    ids=["not-word", "rtf-named-doc"],
)
def test_doc_that_is_not_ole(tmp_path, data: bytes, fmt: str, code: str) -> None:
    (tmp_path / "a.doc").write_bytes(data)
    [doc] = run(tmp_path)
    assert (doc.format, doc.error_code) == (fmt, code)
    if not code:
        assert doc.text == "Семинар"
    else:
        assert doc.error == "the Word (.doc) file is damaged and cannot be read: not a Word 97–2003 document"
