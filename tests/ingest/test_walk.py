from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import pytest

from pipeline.ingest import IngestLimits, core, readers

from .conftest import HEADING, REPORT, REPORT_2, SMALL, by_source, docx_bytes, run

TXT = f"{HEADING}\n{REPORT}\n".encode()


def tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_sources_ids_and_order(tmp_path) -> None:
    root = tree(tmp_path / "raw", {
        "2023/октябрь/семинар.txt": TXT,
        "2023/август/конференция.docx": docx_bytes(lambda d: d.add_paragraph(REPORT_2)),
        "итоги.txt": REPORT_2.encode("cp1251"),
    })
    docs = run(root)
    assert [d.source for d in docs] == ["2023/август/конференция.docx", "2023/октябрь/семинар.txt", "итоги.txt"]
    for d in docs:
        assert d.ok, d.error
        assert d.doc_id == hashlib.sha256(d.source.encode()).hexdigest()[:16]
        data = (root / d.source).read_bytes()
        assert (d.sha256, d.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert [d.doc_id for d in run(root)] == [d.doc_id for d in docs]  # stable across runs


def test_one_row_per_file_and_the_run_goes_on(tmp_path) -> None:
    root = tree(tmp_path / "raw", {
        "a_empty.txt": b"",
        "b_binary.txt": bytes(range(256)),
        "c_broken.docx": b"not a docx",
        "d_good.txt": TXT,
        "e_photo.jpeg": b"\xff\xd8\xff",
        "f_noext": b"text without an extension",
        "g_broken.zip": b"PK\x03\x04",
        "h_good.txt": REPORT_2.encode(),
    })
    docs = run(root)
    assert [(d.source, d.status, d.error_code) for d in docs] == [
        ("a_empty.txt", "error", "EMPTY"),
        ("b_binary.txt", "error", "BINARY_AS_TEXT"),
        ("c_broken.docx", "error", "CORRUPT"),
        ("d_good.txt", "ok", ""),
        ("e_photo.jpeg", "error", "UNSUPPORTED"),
        ("f_noext", "error", "UNSUPPORTED"),
        ("g_broken.zip", "error", "CORRUPT"),
        ("h_good.txt", "ok", ""),
    ]
    assert all(d.error for d in docs if not d.ok) and not any(d.error for d in docs if d.ok)
    assert docs[5].error == "files of type .(none) are not supported"


def test_hidden_files_and_litter_are_skipped_and_logged(tmp_path, caplog) -> None:
    root = tree(tmp_path / "raw", {
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "Thumbs.db": b"\xd0\xcf\x11\xe0",
        "~$отчёт.docx": b"lock",
        ".git/config": b"[core]",
        "отчёт.txt": TXT,
    })
    with caplog.at_level(logging.INFO, logger="pipeline.ingest"):
        docs = run(root)
    assert [d.source for d in docs if d.status != "skipped"] == ["отчёт.txt"]
    logged = " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.INFO)
    for name in (".DS_Store", "Thumbs.db", "~$отчёт.docx", ".git"):
        assert name in logged
    # not read, but not lost either: one skipped row each (a hidden folder is one row)
    assert [(d.source, d.status, d.error_code, d.text) for d in docs if d.status == "skipped"] == [
        (".DS_Store", "skipped", "SKIPPED_HIDDEN", ""),
        (".git", "skipped", "SKIPPED_HIDDEN", ""),
        ("Thumbs.db", "skipped", "SKIPPED_HIDDEN", ""),
        ("~$отчёт.docx", "skipped", "SKIPPED_HIDDEN", ""),
    ]


def test_symlinks(tmp_path, caplog) -> None:
    outside = tree(tmp_path / "outside", {"secret.txt": TXT})
    root = tree(tmp_path / "raw", {"docs/отчёт.txt": TXT})
    (root / "out_file.txt").symlink_to(outside / "secret.txt")
    (root / "out_dir").symlink_to(outside, target_is_directory=True)
    (root / "in_file.txt").symlink_to(root / "docs" / "отчёт.txt")
    (root / "in_dir").symlink_to(root / "docs", target_is_directory=True)
    (root / "docs" / "up").symlink_to("..", target_is_directory=True)  # a loop through the parent
    (root / "self.txt").symlink_to("self.txt")  # a link to itself
    (root / "ping.txt").symlink_to("pong.txt")
    (root / "pong.txt").symlink_to("ping.txt")
    (root / "dangling.txt").symlink_to("gone.txt")
    with caplog.at_level(logging.INFO, logger="pipeline.ingest"):
        docs = by_source(run(root))
    assert sorted(docs) == [
        "dangling.txt", "docs/отчёт.txt", "in_file.txt", "out_dir", "out_file.txt", "ping.txt", "pong.txt", "self.txt",
    ]
    assert docs["out_file.txt"].error_code == docs["out_dir"].error_code == "SYMLINK_OUTSIDE"
    assert docs["out_file.txt"].error == (
        f"symbolic link points outside the input folder ({outside / 'secret.txt'}); skipped"
    )
    assert docs["in_file.txt"].ok and docs["in_file.txt"].text == docs["docs/отчёт.txt"].text
    for name in ("self.txt", "ping.txt", "pong.txt"):
        assert docs[name].error_code == "UNREADABLE" and "symbolic link loop" in docs[name].error
    assert "broken symbolic link" in docs["dangling.txt"].error
    assert "not following the folder link in_dir" in caplog.text


def test_size_is_checked_before_reading(tmp_path, monkeypatch) -> None:
    root = tree(tmp_path / "raw", {"big.txt": TXT * 1000, "small.txt": TXT})

    def no_read(path, limit):
        if path.name == "big.txt":
            pytest.fail("an over-size file was read")
        return path.read_bytes()

    monkeypatch.setattr(core, "_read_file", no_read)
    docs = by_source(run(root, limits=SMALL))
    big = docs["big.txt"]
    assert (big.status, big.error_code, big.size) == ("error", "TOO_LARGE", len(TXT) * 1000)
    assert big.error == (
        f"the file is {len(TXT) * 1000} bytes, over the limit of 65536 bytes (raise --max-file-mb to read it)"
    )
    assert docs["small.txt"].ok


def test_several_roots_with_clashing_paths(tmp_path) -> None:
    a = tree(tmp_path / "school7", {"отчёт.txt": TXT, "только_здесь.txt": TXT})
    b = tree(tmp_path / "school12", {"отчёт.txt": REPORT_2.encode()})
    docs = run(a, b, a)  # a root given twice is read once
    assert [d.source for d in docs] == ["school7/отчёт.txt", "только_здесь.txt", "school12/отчёт.txt"]
    assert len({d.doc_id for d in docs}) == 3


def test_roots_with_the_same_folder_name(tmp_path) -> None:
    a = tree(tmp_path / "2022" / "raw", {"отчёт.txt": TXT})
    b = tree(tmp_path / "2023" / "raw", {"отчёт.txt": TXT})
    assert [d.source for d in run(a, b)] == ["2022/raw/отчёт.txt", "2023/raw/отчёт.txt"]


def test_file_inputs(tmp_path) -> None:
    a = tree(tmp_path / "school7", {"отчёт.txt": TXT, "план.txt": TXT})
    b = tree(tmp_path / "school12", {"отчёт.txt": TXT})
    docs = run(a / "план.txt", a / "отчёт.txt", b / "отчёт.txt")
    assert [d.source for d in docs] == ["план.txt", "school7/отчёт.txt", "school12/отчёт.txt"]


def test_missing_input_is_an_error_row(tmp_path) -> None:
    [doc] = run(tmp_path / "нет такой папки")
    assert (doc.source, doc.error_code) == ("нет такой папки", "UNREADABLE")
    assert doc.error == "the file cannot be opened: No such file or directory"


def test_a_reader_crash_is_an_internal_error_row(tmp_path, monkeypatch) -> None:
    def crash(data, limits):
        raise ZeroDivisionError("division by zero in the reader")

    monkeypatch.setitem(readers.READERS, "rtf", crash)
    root = tree(tmp_path / "raw", {"a.rtf": b"{\\rtf1 x}", "b.txt": TXT})
    docs = run(root)
    assert [(d.source, d.error_code) for d in docs] == [("a.rtf", "INTERNAL"), ("b.txt", "")]
    assert docs[0].error == (
        "svodka failed on this document (ZeroDivisionError: division by zero in the reader); please report it"
    )


def test_fifo_is_not_read(tmp_path) -> None:
    root = tree(tmp_path / "raw", {"b.txt": TXT})
    os.mkfifo(root / "pipe.txt")
    docs = run(root)
    assert [(d.source, d.error_code) for d in docs] == [("b.txt", ""), ("pipe.txt", "UNREADABLE")]
    assert docs[1].error == "the file cannot be opened: not a regular file"


def test_limits_are_configurable_defaults() -> None:
    limits = IngestLimits()
    assert limits.max_file_bytes == 50 * 1024 * 1024
    assert (limits.max_unpacked_bytes, limits.max_ratio, limits.max_members, limits.max_depth) == (
        500 * 1024 * 1024, 100, 10_000, 3,
    )


def test_an_unexpected_failure_outside_the_readers_is_still_a_row(tmp_path, monkeypatch) -> None:
    real = core._from_entry

    def flaky(entry, source, limits, reader, *rest):
        if source == "a.txt":
            raise RuntimeError("disk vanished")
        return real(entry, source, limits, reader, *rest)

    monkeypatch.setattr(core, "_from_entry", flaky)
    root = tree(tmp_path / "raw", {"a.txt": TXT, "b.txt": TXT})
    docs = run(root)
    assert [(d.source, d.error_code) for d in docs] == [("a.txt", "INTERNAL"), ("b.txt", "")]
    assert "RuntimeError: disk vanished" in docs[0].error
