from __future__ import annotations

import io
import logging
import os
import struct
import zipfile
import zlib

import pytest

from pipeline.ingest import IngestLimits

from .conftest import HEADING, REPORT, REPORT_2, SMALL, by_source, docx_bytes, make_zip, run

TXT = f"{HEADING}\n{REPORT}".encode("cp1251")




def with_raw_names(data: bytes, names: dict[str, bytes]) -> bytes:
    """Swap ASCII placeholder names for raw legacy bytes (no UTF-8 flag), as old archivers write."""
    for placeholder, raw in names.items():
        assert len(placeholder) == len(raw)
        data = data.replace(placeholder.encode("ascii"), raw)
    return data


def test_members_of_nested_folders_and_zips(tmp_path) -> None:
    inner = make_zip({"итоги.txt": TXT, "папка/план.txt": "План семинара".encode()})
    outer = make_zip({
        "отчёты/2023/семинар.docx": docx_bytes(lambda d: d.add_heading(HEADING, 1)),
        "вложенный.zip": inner,
        "README.txt": REPORT_2.encode(),
    })
    (tmp_path / "архив.zip").write_bytes(outer)
    docs = run(tmp_path)
    assert [d.source for d in docs] == [
        "архив.zip/README.txt",
        "архив.zip/вложенный.zip/итоги.txt",
        "архив.zip/вложенный.zip/папка/план.txt",
        "архив.zip/отчёты/2023/семинар.docx",
    ]
    assert all(d.ok for d in docs)
    rows = by_source(docs)
    assert rows["архив.zip/вложенный.zip/итоги.txt"].encoding == "cp1251"
    assert rows["архив.zip/вложенный.zip/итоги.txt"].title == HEADING
    assert rows["архив.zip/отчёты/2023/семинар.docx"].format == "docx"


def test_legacy_cp866_and_unflagged_utf8_names(tmp_path) -> None:
    data = make_zip({"AAAAA.txt": TXT, "BBBBBBBBBB.txt": TXT, "CCCCCCCCC/DDDD.txt": TXT})
    data = with_raw_names(data, {
        "AAAAA.txt": "отчёт.txt".encode("cp866"),  # Windows archivers: the OEM code page
        "BBBBBBBBBB.txt": "итоги.txt".encode(),  # UTF-8 without the 0x800 flag
        "CCCCCCCCC/DDDD.txt": "Материалы\\план.txt".encode("cp866"),  # and a backslash
    })
    (tmp_path / "a.zip").write_bytes(data)
    docs = run(tmp_path)
    assert [d.source for d in docs] == ["a.zip/Материалы/план.txt", "a.zip/итоги.txt", "a.zip/отчёт.txt"]
    assert all(d.ok for d in docs)


def test_unicode_path_extra_field_wins(tmp_path) -> None:
    legacy = b"\x8f\xab\xa0\xad.txt"  # what an old archiver stored ("План.txt" in cp866)
    extra_body = b"\x01" + struct.pack("<I", zlib.crc32(legacy)) + "План семинара.txt".encode()
    info = zipfile.ZipInfo("QQQQ.txt")
    info.extra = struct.pack("<HH", 0x7075, len(extra_body)) + extra_body
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(info, TXT)
    (tmp_path / "a.zip").write_bytes(with_raw_names(buf.getvalue(), {"QQQQ.txt": legacy}))
    [doc] = run(tmp_path)
    assert doc.source == "a.zip/План семинара.txt"


def test_ratio_bomb_member_is_refused_and_the_rest_is_read(tmp_path) -> None:
    (tmp_path / "a.zip").write_bytes(make_zip({"bomb.txt": b"0" * 50_000, "ok.txt": TXT}))
    docs = by_source(run(tmp_path, limits=SMALL))
    bomb = docs["a.zip/bomb.txt"]
    assert (bomb.status, bomb.error_code) == ("error", "ZIP_BOMB")
    assert bomb.error.startswith("archive exceeds the unpacking limit: a member unpacks")
    assert "times its packed size (limit 20)" in bomb.error
    assert docs["a.zip/ok.txt"].ok


def test_too_many_members_is_one_row_for_the_archive(tmp_path) -> None:
    files = {f"отчёт_{i:02}.txt": TXT for i in range(SMALL.max_members + 1)}
    (tmp_path / "many.zip").write_bytes(make_zip(files))
    (tmp_path / "after.txt").write_bytes(TXT)
    docs = run(tmp_path, limits=SMALL)
    assert [(d.source, d.error_code) for d in docs] == [("after.txt", ""), ("many.zip", "ZIP_BOMB")]
    assert docs[1].format == "zip" and "21 files, over the limit of 20 files" in docs[1].error


def test_total_unpacked_size_over_the_limit(tmp_path) -> None:
    noise = os.urandom(60_000)  # incompressible: no single member trips the ratio
    (tmp_path / "big.zip").write_bytes(make_zip({f"part{i}.txt": noise for i in range(5)}))
    [doc] = run(tmp_path, limits=SMALL)
    assert (doc.source, doc.error_code) == ("big.zip", "ZIP_BOMB")
    assert "it would unpack to 300000 bytes, over the limit of 262144 bytes" in doc.error


def test_nested_archives_share_one_budget(tmp_path) -> None:
    noise = os.urandom(100_000)
    inner = make_zip({"a.txt": noise}, method=zipfile.ZIP_STORED)
    (tmp_path / "outer.zip").write_bytes(make_zip({"1.zip": inner, "2.zip": inner, "3.zip": inner}))
    docs = by_source(run(tmp_path, limits=IngestLimits(max_unpacked_bytes=450_000, max_file_bytes=200_000)))
    # 3 × ~100 KB packed in the outer archive, then each inner one unpacks 100 KB more
    assert docs["outer.zip/1.zip/a.txt"].error_code == "BINARY_AS_TEXT"
    assert docs["outer.zip/2.zip"].error_code == "ZIP_BOMB"
    assert docs["outer.zip/3.zip"].error_code == "ZIP_BOMB"


def test_nesting_deeper_than_the_limit(tmp_path) -> None:
    level4 = make_zip({"глубоко.txt": TXT})
    level3 = make_zip({"d.zip": level4, "c.txt": TXT})
    level2 = make_zip({"c.zip": level3})
    (tmp_path / "a.zip").write_bytes(make_zip({"b.zip": level2}))
    docs = run(tmp_path, limits=SMALL)
    assert [(d.source, d.error_code) for d in docs] == [
        ("a.zip/b.zip/c.zip/c.txt", ""),
        ("a.zip/b.zip/c.zip/d.zip", "ZIP_TOO_DEEP"),
    ]
    assert docs[1].error == "archive nested deeper than 3 levels"


def test_declared_sizes_are_not_trusted(tmp_path) -> None:
    data = bytearray(make_zip({"big.txt": "семинар ".encode() * 50_000}))
    # Declare 1000 bytes in the local header and the central directory.
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 1000)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)
    (tmp_path / "liar.zip").write_bytes(bytes(data))
    [doc] = run(tmp_path, limits=IngestLimits(max_ratio=1_000_000))
    # zipfile stops at the declared size; the CRC then gives the lie away
    assert doc.error_code == "CORRUPT" and "CRC" in doc.error


@pytest.mark.parametrize(
    ("name", "sanitized"),
    [
        ("../../etc/passwd.txt", "etc/passwd.txt"),
        ("/abs/отчёт.txt", "abs/отчёт.txt"),
        ("C:\\temp\\итоги.txt", "temp/итоги.txt"),
        ("docs/../../../x.txt", "docs/x.txt"),
        ("..\\..\\windows.txt", "windows.txt"),
    ],
)
def test_unsafe_member_paths(tmp_path, name: str, sanitized: str) -> None:
    (tmp_path / "a.zip").write_bytes(make_zip({name: TXT, "ok.txt": TXT}))
    docs = by_source(run(tmp_path))
    bad = docs[f"a.zip/{sanitized}"]
    assert (bad.status, bad.error_code) == ("error", "UNSAFE_PATH")
    assert bad.error == f"archive member path '{name}' escapes the archive (absolute or '..'); skipped"
    assert docs["a.zip/ok.txt"].ok


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + bytes(100), make_zip({"a.txt": TXT})[:-30], "не архив".encode() * 10],
    ids=["garbage", "truncated", "text"],
)
def test_corrupt_zip_is_one_error_row(tmp_path, data: bytes) -> None:
    (tmp_path / "broken.zip").write_bytes(data)
    (tmp_path / "z.txt").write_bytes(TXT)
    docs = run(tmp_path)
    rows = [(d.source, d.format, d.error_code) for d in docs]
    assert rows == [("broken.zip", "zip", "CORRUPT"), ("z.txt", "txt", "")]
    assert docs[0].error.startswith("the ZIP file is damaged and cannot be read")
    assert docs[0].sha256 and docs[0].size == len(data)


def test_member_problems_each_give_a_row(tmp_path, caplog) -> None:
    files = {
        "empty.txt": b"",
        "photo.jpg": b"\xff\xd8\xff\xe0" + bytes(100),
        "huge.txt": os.urandom(70_000),
        "dup.txt": TXT,
        "__MACOSX/._dup.txt": b"\x00\x05\x16\x07",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "папка/Thumbs.db": b"\x00" * 10,
        "~$отчёт.docx": b"lock",
        "пустая/": b"",
    }
    data = make_zip(files)
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("dup.txt", REPORT_2.encode())
    (tmp_path / "a.zip").write_bytes(buf.getvalue())
    with caplog.at_level(logging.INFO, logger="pipeline.ingest"):
        docs = run(tmp_path, limits=SMALL)
    skipped_rows = [(d.source, d.error_code) for d in docs if d.status == "skipped"]
    docs = [d for d in docs if d.status != "skipped"]
    assert [(d.source, d.error_code) for d in docs] == [
        ("a.zip/dup.txt", ""),
        ("a.zip/dup.txt#2", ""),
        ("a.zip/empty.txt", "EMPTY"),
        ("a.zip/huge.txt", "TOO_LARGE"),
        ("a.zip/photo.jpg", "UNSUPPORTED"),
    ]
    assert docs[1].text == REPORT_2
    assert docs[3].error == "the file is 70000 bytes, over the limit of 65536 bytes (raise --max-file-mb to read it)"
    assert docs[4].error == "files of type .jpg are not supported" and docs[4].format == "unknown"
    skipped = " ".join(r.getMessage() for r in caplog.records)
    for junk in ("__MACOSX/._dup.txt", ".DS_Store", "папка/Thumbs.db", "~$отчёт.docx"):
        assert junk in skipped
    assert skipped_rows == [  # not read, but each has its row (a junk folder is one row)
        ("a.zip/.DS_Store", "SKIPPED_HIDDEN"),
        ("a.zip/__MACOSX", "SKIPPED_HIDDEN"),
        ("a.zip/~$отчёт.docx", "SKIPPED_HIDDEN"),
        ("a.zip/папка/Thumbs.db", "SKIPPED_HIDDEN"),
    ]


def test_empty_archive(tmp_path) -> None:
    (tmp_path / "empty.zip").write_bytes(make_zip({}))
    [doc] = run(tmp_path)
    assert (doc.source, doc.format, doc.error_code) == ("empty.zip", "zip", "NO_TEXT")


def test_a_top_level_archive_is_streamed_not_bound_by_the_file_size_limit(tmp_path) -> None:
    members = {f"{i:02}.txt": TXT * 10 for i in range(20)}
    (tmp_path / "a.zip").write_bytes(make_zip(members, zipfile.ZIP_STORED))
    assert (tmp_path / "a.zip").stat().st_size > 30_000
    docs = run(tmp_path, limits=IngestLimits(max_file_bytes=30_000))
    assert len(docs) == 20 and all(d.ok for d in docs)


def test_encrypted_member(tmp_path) -> None:
    data = bytearray(make_zip({"secret.txt": TXT}))
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 6] |= 0x01  # the "encrypted" general-purpose flag, in both headers
    data[central + 8] |= 0x01
    (tmp_path / "a.zip").write_bytes(bytes(data))
    [doc] = run(tmp_path)
    assert (doc.source, doc.error_code) == ("a.zip/secret.txt", "ENCRYPTED")
    assert doc.error == "the archived file is password-protected"
