from __future__ import annotations

import shutil

import pytest

from pipeline.ingest import read_bytes

from .conftest import FIXTURES, HEADING, HYPHENATED, REPORT, run


def _escaped(text: str, encoding: str = "cp1251") -> str:
    """RTF as Russian generators write it: non-ASCII as \\'xx escapes of a code page."""
    return "".join(ch if ord(ch) < 128 else "".join(f"\\'{b:02x}" for b in ch.encode(encoding)) for ch in text)


SEMINAR = "Семинар «Формирующее оценивание» прошёл в школе № 7."
FONT = "{{\\rtf1\\ansi\\ansicpg1251\\deff0{{\\fonttbl{{\\f0{};}}}}\\f0 "


def test_rtf_fixture(tmp_path) -> None:
    shutil.copy(FIXTURES / "report.rtf", tmp_path / "отчёт.rtf")
    [doc] = run(tmp_path)
    assert doc.ok, doc.error
    assert (doc.format, doc.title) == ("rtf", HEADING)
    lines = doc.text.split("\n")
    assert lines[:2] == [HEADING, REPORT]
    assert "Математика | Н.В. Орлова | 12" in lines
    assert HYPHENATED in lines


@pytest.mark.parametrize(
    "rtf",
    [
        # a Cyrillic font: striprtf honours \fcharset204
        FONT.format(r"\froman\fcharset204 Times New Roman") + _escaped(SEMINAR) + "\\par}",
        # an "ANSI" font in a cp1251 document: striprtf alone would give cp1252 mojibake
        FONT.format(r"\fnil\fcharset0 Arial") + _escaped(SEMINAR) + "\\par}",
        # no font table at all: the code page alone
        "{\\rtf1\\ansi\\ansicpg1251 " + _escaped(SEMINAR) + "\\par}",
        # Unicode escapes with an ANSI fallback character to skip
        "{\\rtf1\\ansi\\ansicpg1251\\uc1 " + "".join(f"\\u{ord(c)}?" if ord(c) > 127 else c for c in SEMINAR)
        + "\\par}",
    ],
    ids=["fcharset204", "fcharset0", "no-font-table", "unicode-escapes"],
)
def test_cyrillic_code_pages(rtf: str) -> None:
    text, encoding = read_bytes("a.rtf", rtf.encode("ascii"))
    assert text.strip() == SEMINAR
    assert encoding == "cp1251"


def test_raw_8bit_text_is_decoded_with_the_documents_code_page() -> None:
    rtf = "{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0\\fcharset204 Arial;}}\\f0 " + SEMINAR + "\\par}"
    text, _ = read_bytes("a.rtf", rtf.encode("cp1251"))
    assert text.strip() == SEMINAR


def test_rtf_table_rows(tmp_path) -> None:
    row = "\\trowd\\cellx2000\\cellx4000 {}\\cell {}\\cell\\row "
    body = row.format(_escaped("Секция"), _escaped("Ведущий"))
    body += row.format(_escaped("Математика"), _escaped("Н.В. Орлова"))
    rtf = "{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0\\fcharset204 Arial;}}\\f0 " + body + _escaped(SEMINAR) + "\\par}"
    (tmp_path / "a.rtf").write_bytes(rtf.encode("ascii"))
    [doc] = run(tmp_path)
    assert doc.text == f"Секция | Ведущий\nМатематика | Н.В. Орлова\n{SEMINAR}"


def test_not_an_rtf(tmp_path) -> None:
    (tmp_path / "a.rtf").write_bytes("Семинар прошёл".encode("cp1251"))
    [doc] = run(tmp_path)
    assert doc.error_code == "CORRUPT"
    assert doc.error == "the RTF file is damaged and cannot be read: it does not start with {\\rtf"
