"""Hostile inputs found by the probe of issue 14: names, clashes, bombs, hygiene, mislabelled files.

Each test writes its inputs into ``tmp_path`` and checks the invariant: every
file gives a row, none crashes the run, and problems are coded error rows.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
import zlib

from pipeline.ingest import clean_text, doc_id, read_one

from .conftest import FIXTURES, HEADING, REPORT, REPORT_2, SMALL, by_source, docx_bytes, run

TXT = f"{HEADING}\n{REPORT}\n".encode()
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def zip_with_raw_names(members: list[tuple[bytes, bytes]], utf8_flag: bool = False) -> bytes:
    """A ZIP whose member names are the given raw bytes, flagged UTF-8 or not.

    Some Windows archivers write cp866/cp1251 names and still set the UTF-8 flag.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (raw, data) in enumerate(members):
            zf.writestr(chr(ord("A") + i) * len(raw), data)
    out = buf.getvalue()
    for i, (raw, _) in enumerate(members):
        out = out.replace(chr(ord("A") + i).encode() * len(raw), raw)
    out = bytearray(out)
    if utf8_flag:
        for signature, flag_byte in ((b"PK\x03\x04", 7), (b"PK\x01\x02", 9)):
            pos = out.find(signature)
            while pos >= 0:
                out[pos + flag_byte] |= 0x08
                pos = out.find(signature, pos + 4)
    return bytes(out)


def replace_part(container: bytes, part: str, xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(container)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, xml if info.filename == part else zin.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- 15. text and name hygiene


def test_nul_padding_does_not_make_a_report_binary(tmp_path) -> None:
    text = f"{HEADING}\n{REPORT}\n"
    (tmp_path / "утф.txt").write_bytes(text.encode() + b"\x00" * 300)
    (tmp_path / "виндовс.txt").write_bytes(text.encode("cp1251") + b"\x00" * 4096)
    (tmp_path / "бом.txt").write_bytes(b"\xef\xbb\xbf" + text.encode() + b"\x00")
    (tmp_path / "бинарный.txt").write_bytes(b"\x00\x01\x02" + text.encode() + b"\x00\x00")  # NULs inside
    docs = by_source(run(tmp_path))
    for name, encoding in (("утф.txt", "utf-8"), ("виндовс.txt", "cp1251"), ("бом.txt", "utf-8-sig")):
        doc = docs[name]
        assert (doc.status, doc.encoding) == ("ok", encoding), (name, doc.error)
        assert doc.text == f"{HEADING}\n{REPORT}"
    assert docs["бинарный.txt"].error_code == "BINARY_AS_TEXT"


def test_bidi_and_zero_width_marks_are_removed() -> None:
    raw = (
        "Выступила Сидо\u200fрова А.А., \u202eучитель\u202c \u2066истории\u2069 МБОУ СОШ\u00a0№\u200b 7,\n"
        "и Кова\u200eль\u2060ская Н.П.\u061c \ufeffметодист."
    )
    assert clean_text(raw) == "Выступила Сидорова А.А., учитель истории МБОУ СОШ № 7,\nи Ковальская Н.П. методист."
    doc = read_one("отчёт.txt", "отчёт.txt", raw.encode())
    assert doc.ok and "Сидорова А.А." in doc.text and "Ковальская Н.П." in doc.text
