from __future__ import annotations

import codecs

import pytest

from pipeline.ingest import read_bytes
from pipeline.ingest.encoding import decode

from .conftest import HEADING, REPORT, REPORT_2, by_source, run

TEXT = f"{HEADING}\n\n{REPORT}\n{REPORT_2}\n"
SHORT = [
    "Семинар для учителей",
    "Итоги",
    "УЧИТЕЛЕЙ ПРОЕКТ",
    "Отчёт о работе",
    "ПРОШЁЛ ВЕБИНАР",
    "Прошёл методический семинар",
    "Протокол заседания",
    "МЕТОДИЧЕСКИЙ ВЕБИНАР",
]


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("cp1251", b"", "cp1251"),
        ("koi8-r", b"", "koi8-r"),
        ("cp866", b"", "cp866"),
        ("mac-cyrillic", b"", "mac-cyrillic"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    ],
)
def test_encodings_are_detected(tmp_path, encoding: str, prefix: bytes, expected: str) -> None:
    if encoding in ("koi8-r", "cp866"):  # code pages without № and «»
        text = TEXT.translate(str.maketrans({"№": "N", "«": '"', "»": '"'}))
    else:
        text = TEXT
    (tmp_path / "отчёт.txt").write_bytes(prefix + text.encode(encoding))
    [doc] = run(tmp_path)
    assert doc.ok, doc.error
    assert doc.encoding == expected
    assert doc.text.startswith(HEADING)
    assert "34 педагога из 11 образовательных организаций" in doc.text
    assert doc.title == HEADING


@pytest.mark.parametrize("text", SHORT)
@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "cp866"])
def test_short_cyrillic_texts_are_not_confused(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == (text, encoding)


def test_utf16_without_bom() -> None:
    text, encoding = decode(TEXT.encode("utf-16-le"))
    assert (text, encoding) == (TEXT, "utf-16-le")


def test_read_bytes_gives_raw_text_and_encoding() -> None:
    raw = "Семинар\r\nпрошёл\u00a0успешно".encode("cp1251")
    assert read_bytes("отчёт.TXT", raw) == ("Семинар\r\nпрошёл\u00a0успешно", "cp1251")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,  # every byte value, NULs included
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(1, 9)) * 40,  # an executable header
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50 + "Семинар".encode("cp1251"),
    ],
)
def test_binary_renamed_txt_is_an_error_row(tmp_path, data: bytes) -> None:
    (tmp_path / "photo.txt").write_bytes(data)
    [doc] = run(tmp_path)
    assert (doc.status, doc.error_code, doc.format) == ("error", "BINARY_AS_TEXT", "txt")
    assert doc.error == "the file is named .txt but holds binary data, not text"
    assert doc.size == len(data) and len(doc.sha256) == 64


def test_empty_and_blank_files(tmp_path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \r\n\t\r\n")
    docs = by_source(run(tmp_path))
    assert docs["empty.txt"].error_code == "EMPTY"
    assert docs["empty.txt"].error == "the file is empty"
    assert docs["blank.txt"].error_code == "NO_TEXT"


def test_title_is_trimmed_first_meaningful_line(tmp_path) -> None:
    long_line = "Отчёт о проведении " + "методического семинара для учителей района " * 10
    (tmp_path / "a.txt").write_text(f"\n\n***\n12\n{long_line}\n{REPORT}", encoding="utf-8")
    [doc] = run(tmp_path)
    assert doc.title.startswith("Отчёт о проведении методического семинара")
    assert len(doc.title) <= 201 and doc.title.endswith("…")


def test_title_joins_a_heading_broken_over_lines(tmp_path) -> None:
    text = "ИНФОРМАЦИЯ\nо работе методического семинара «Формирующее\nоценивание»\n\nСеминар прошёл 5 мая."
    (tmp_path / "a.txt").write_text(text, encoding="cp1251")
    [doc] = run(tmp_path)
    assert doc.title == "ИНФОРМАЦИЯ о работе методического семинара «Формирующее оценивание»"
