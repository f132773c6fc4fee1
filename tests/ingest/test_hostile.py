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

from .conftest import FIXTURES, HEADING, REPORT, REPORT_2, SMALL, by_source, docx_bytes, make_zip, run

TXT = f"{HEADING}\n{REPORT}\n".encode()
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'




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


# --------------------------------------------------------------------------- 2. names in any encoding


def test_a_cp1251_file_name_on_linux_is_a_document(tmp_path) -> None:
    root = tmp_path / "raw"
    root.mkdir()
    cp1251_name = "отчёт о семинаре.txt".encode("cp1251")  # a Windows archive unpacked on Linux
    folder = "Чита".encode("cp1251")
    os.makedirs(os.path.join(os.fsencode(root), folder))
    with open(os.path.join(os.fsencode(root), cp1251_name), "wb") as fh:
        fh.write(TXT.decode().encode("cp1251"))
    with open(os.path.join(os.fsencode(root), folder, "итоги.txt".encode()), "wb") as fh:
        fh.write(REPORT_2.encode())
    (root / "план.txt").write_bytes(TXT)
    docs = run(root)
    assert all(d.ok for d in docs), [d.error for d in docs]
    sources = [d.source for d in docs]
    assert sources == [
        "\\xd7\\xe8\\xf2\\xe0/итоги.txt",
        "\\xee\\xf2\\xf7\\xb8\\xf2 \\xee \\xf1\\xe5\\xec\\xe8\\xed\\xe0\\xf0\\xe5.txt",
        "план.txt",
    ]
    assert all(s.isprintable() for s in sources)
    # the doc_id comes from the name's raw bytes, as on disk; a UTF-8 name keeps its doc_id
    assert docs[0].doc_id == hashlib.sha256(folder + "/итоги.txt".encode()).hexdigest()[:16]
    assert docs[1].doc_id == hashlib.sha256(cp1251_name).hexdigest()[:16]
    assert docs[2].doc_id == hashlib.sha256("план.txt".encode()).hexdigest()[:16]
    assert docs[0].text == REPORT_2 and docs[1].text.startswith(HEADING)


def test_escaping_is_reversible_and_unambiguous() -> None:
    from pipeline.ingest.paths import escape_name, raw_name

    raw = os.fsdecode(b"\xee\xf2\xf7\xe5\xf2.txt")
    literal = "\\xee\\xf2\\xf7\\xe5\\xf2.txt"  # a name that really holds backslashes
    assert escape_name(raw) == "\\xee\\xf2\\xf7\\xe5\\xf2.txt"
    assert escape_name(literal) == "\\\\xee\\\\xf2\\\\xf7\\\\xe5\\\\xf2.txt"
    assert raw_name(escape_name(raw)) == b"\xee\xf2\xf7\xe5\xf2.txt"
    assert raw_name(escape_name(literal)) == literal.encode()
    assert doc_id(escape_name(raw)) != doc_id(escape_name(literal))
    for name in ("отчёт\x1b[31m.txt", "итоги\u202etxt.exe", "план\u0085.txt", "обычное имя.docx"):
        assert raw_name(escape_name(name)) == name.encode()


def test_zip_member_names_in_legacy_code_pages(tmp_path) -> None:
    members = [
        ("Отчёт о семинаре.txt".encode("cp866"), "Семинар учителей прошёл в школе № 7.".encode()),
        ("итоги.txt".encode("cp1251"), "Итоги конкурса подведены 20 октября.".encode()),
        ("Справка".encode("cp1251") + b"\x98.txt", "Справка о проведении семинара.".encode()),  # 0x98: no letter
    ]
    for flagged in (False, True):
        (tmp_path / "архив.zip").write_bytes(zip_with_raw_names(members, utf8_flag=flagged))
        docs = run(tmp_path)
        assert [(d.source, d.status) for d in docs] == [
            ("архив.zip/Отчёт о семинаре.txt", "ok"),
            ("архив.zip/Справка\\x98.txt", "ok"),  # not "Справка\ufffd.txt": the byte is kept
            ("архив.zip/итоги.txt", "ok"),
        ], flagged
        assert docs[0].text == "Семинар учителей прошёл в школе № 7."
        assert docs[1].doc_id == hashlib.sha256("архив.zip/Справка".encode() + b"\x98.txt").hexdigest()[:16]


# --------------------------------------------------------------------------- 5. unique sources and doc_ids


def test_an_archive_with_a_nested_zip_and_a_folder_of_the_same_name(tmp_path) -> None:
    nested = make_zip({"отчёт.txt": "Семинар в Чите прошёл 12 октября.".encode()})
    outer = make_zip({
        "Чита.zip": nested,
        "Чита.zip/отчёт.txt": "Конференция в Чите прошла 26 августа.".encode(),  # a folder named like the zip
    })
    (tmp_path / "отчёты.zip").write_bytes(outer)
    docs = run(tmp_path)
    assert sorted(d.source for d in docs) == ["отчёты.zip/Чита.zip/отчёт.txt", "отчёты.zip/Чита.zip/отчёт.txt#2"]
    assert len({d.doc_id for d in docs}) == 2 and all(d.ok for d in docs)
    texts = {d.source: d.text for d in docs}
    assert texts["отчёты.zip/Чита.zip/отчёт.txt"] == "Конференция в Чите прошла 26 августа."  # the folder's file
    assert texts["отчёты.zip/Чита.zip/отчёт.txt#2"] == "Семинар в Чите прошёл 12 октября."  # the nested zip's


def test_two_roots_whose_files_and_archive_members_meet(tmp_path) -> None:
    first, second = tmp_path / "2022", tmp_path / "2023"
    (first / "Чита.zip").parent.mkdir()
    (first / "Чита.zip").write_bytes(make_zip({"отчёт.txt": "Семинар в Чите прошёл 12 октября.".encode()}))
    (first / "итоги.txt").write_bytes(TXT)
    (second / "Чита.zip").mkdir(parents=True)  # a folder that happens to have the archive's name
    (second / "Чита.zip" / "отчёт.txt").write_bytes("Конференция в Чите прошла 26 августа.".encode())
    (second / "итоги.txt").write_bytes(REPORT_2.encode())
    docs = run(first, second)
    sources = [d.source for d in docs]
    assert len(docs) == 4 and all(d.ok for d in docs)
    assert len(set(sources)) == 4 and len({d.doc_id for d in docs}) == 4
    assert sorted(sources) == sorted([
        "Чита.zip/отчёт.txt#2", "2022/итоги.txt", "Чита.zip/отчёт.txt", "2023/итоги.txt",
    ])
    by = by_source(docs)
    assert by["Чита.zip/отчёт.txt"].text == "Конференция в Чите прошла 26 августа."  # the plain file keeps its path
    assert by["Чита.zip/отчёт.txt#2"].text == "Семинар в Чите прошёл 12 октября."
    assert by["2023/итоги.txt"].text == REPORT_2


# --------------------------------------------------------------------------- 9. zip bomb of small members


def test_many_members_each_at_the_ratio_floor_are_one_bomb(tmp_path) -> None:
    line = "Отчёт о проведении семинара учителей начальных классов. ".encode()
    page = (line * (SMALL.ratio_floor_bytes // len(line) + 1))[: SMALL.ratio_floor_bytes]  # exactly the floor
    members = {f"отчёт_{i:02}.txt": page for i in range(19)}  # 76 KiB, under the 256 KiB budget
    (tmp_path / "отчёты.zip").write_bytes(make_zip(members))
    (tmp_path / "итоги.txt").write_bytes(TXT)
    docs = run(tmp_path, limits=SMALL)
    assert [(d.source, d.status, d.error_code) for d in docs] == [
        ("итоги.txt", "ok", ""), ("отчёты.zip", "error", "ZIP_BOMB"),
    ]
    assert docs[1].error.startswith("archive exceeds the unpacking limit: 19 files of at most 4096 bytes each ")
    assert "times their packed size (limit 20)" in docs[1].error


def test_490_members_of_exactly_one_mib_are_refused_with_the_default_limits(tmp_path) -> None:
    line = "Отчёт о проведении семинара учителей начальных классов. ".encode()
    mib = (line * (2**20 // len(line) + 1))[: 2**20]
    with zipfile.ZipFile(tmp_path / "отчёты.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for i in range(490):
            zf.writestr(f"отчёт_{i:03}.txt", mib)
    assert (tmp_path / "отчёты.zip").stat().st_size < 5 * 2**20
    [doc] = run(tmp_path)
    assert (doc.source, doc.status, doc.error_code) == ("отчёты.zip", "error", "ZIP_BOMB")
    assert "490 files of at most 1048576 bytes each unpack to 513802240 bytes together" in doc.error


def test_small_members_that_compress_normally_are_read(tmp_path) -> None:
    members = {f"отчёт_{i:02}.txt": f"{HEADING} № {i}\n{REPORT}\n{REPORT_2}\n".encode() for i in range(19)}
    (tmp_path / "отчёты.zip").write_bytes(make_zip(members))
    docs = run(tmp_path, limits=SMALL)
    assert len(docs) == 19 and all(d.ok for d in docs)


# --------------------------------------------------------------------------- 6. PDF text bomb (cheap guard)


def _pdf_with_text_lines(lines: int) -> bytes:
    """A one-page PDF whose deflated content stream shows ``lines`` lines of a table of sums."""
    content = b"BT /F1 6 Tf 20 820 Td 7 TL " + b"(12 345,00 | 67 890,00 | 13 579,00) ' " * lines + b"ET"
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_small_pdf_whose_text_expands_far_past_its_size_is_refused(tmp_path) -> None:
    (tmp_path / "ведомость_2022.pdf").write_bytes(_pdf_with_text_lines(5000))
    (tmp_path / "ведомость_кратко.pdf").write_bytes(_pdf_with_text_lines(20))
    shutil.copy(FIXTURES / "report.pdf", tmp_path / "отчёт.pdf")
    docs = by_source(run(tmp_path, limits=SMALL))
    bomb = docs["ведомость_2022.pdf"]
    assert (bomb.status, bomb.error_code) == ("error", "EXPANSION_BOMB")
    assert bomb.error.startswith("the PDF file unpacks to far more than its size (its text passes ")
    assert "(limit 20)" in bomb.error
    assert docs["ведомость_кратко.pdf"].ok and "67 890,00" in docs["ведомость_кратко.pdf"].text
    assert docs["отчёт.pdf"].ok


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


def test_control_characters_in_names_never_reach_the_terminal(tmp_path) -> None:
    (tmp_path / "отчёт\x1b[31mкрасный\x1b[0m.txt").write_bytes(TXT)
    (tmp_path / "итоги\u202etxt.exe").write_bytes(TXT)  # right-to-left override: looks like "итогиexe.txt"
    (tmp_path / "архив.zip").write_bytes(make_zip({"план\x1b]0;pwned\x07.txt": TXT}))
    docs = run(tmp_path)
    assert [d.source for d in docs] == [
        "архив.zip/план\\x1b]0;pwned\\x07.txt",
        "итоги\\u202etxt.exe",
        "отчёт\\x1b[31mкрасный\\x1b[0m.txt",
    ]
    for doc in docs:
        assert doc.source.isprintable() and doc.error.isprintable()
    assert docs[2].ok
    assert docs[2].doc_id == hashlib.sha256("отчёт\x1b[31mкрасный\x1b[0m.txt".encode()).hexdigest()[:16]
    assert docs[1].error == "files of type .exe are not supported"


def test_hidden_and_lock_files_are_skipped_rows_not_lost(tmp_path) -> None:
    (tmp_path / "отчёт.txt").write_bytes(TXT)
    (tmp_path / ".report.txt").write_bytes(TXT)
    (tmp_path / "~$отчёт.docx").write_bytes(b"\x0b" + "Администратор".encode("utf-16-le") + bytes(150))
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(50))
    (tmp_path / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(50))
    (tmp_path / "архив.zip").write_bytes(make_zip({
        "Чита/итоги.txt": REPORT_2.encode(),
        "__MACOSX/Чита/._итоги.txt": b"\x00\x05\x16\x07" + bytes(60),
        "Чита/~$итоги.docx": b"lock",
    }))
    docs = run(tmp_path)
    assert [(d.source, d.status, d.error_code) for d in docs] == [
        (".DS_Store", "skipped", "SKIPPED_HIDDEN"),
        (".report.txt", "skipped", "SKIPPED_HIDDEN"),
        ("Thumbs.db", "skipped", "SKIPPED_HIDDEN"),
        ("~$отчёт.docx", "skipped", "SKIPPED_HIDDEN"),
        ("архив.zip/__MACOSX", "skipped", "SKIPPED_HIDDEN"),
        ("архив.zip/Чита/~$итоги.docx", "skipped", "SKIPPED_HIDDEN"),
        ("архив.zip/Чита/итоги.txt", "ok", ""),
        ("отчёт.txt", "ok", ""),
    ]
    by = by_source(docs)
    assert by["~$отчёт.docx"].error == "an Office lock file (~$…), not a report: skipped"
    assert by[".report.txt"].error == "a hidden file, not a report: skipped"
    assert by["архив.zip/__MACOSX"].error == "macOS archive metadata (__MACOSX), not a report: skipped"
    assert by["Thumbs.db"].size == 58 and not by["Thumbs.db"].text
    assert len({d.doc_id for d in docs}) == len(docs)


# --------------------------------------------------------------------------- 16. hostile XML, mislabelled files


def _billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "отчёт">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [{entities}]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def test_billion_laughs_and_deep_nesting_in_a_docx_are_coded_errors(tmp_path) -> None:
    good = docx_bytes(lambda d: d.add_paragraph(REPORT))
    deep = (
        f"<w:document {W_NS}><w:body>" + "<w:sdt><w:sdtContent>" * 300 + f"<w:p><w:r><w:t>{REPORT}</w:t></w:r></w:p>"
        + "</w:sdtContent></w:sdt>" * 300 + "</w:body></w:document>"
    ).encode()
    broken = f"<w:document {W_NS}><w:body><w:p><w:r><w:t>{REPORT}</w:p></w:body>".encode()
    (tmp_path / "смех.docx").write_bytes(replace_part(good, "word/document.xml", _billion_laughs()))
    (tmp_path / "глубокий.docx").write_bytes(replace_part(good, "word/document.xml", deep))
    (tmp_path / "битый.docx").write_bytes(replace_part(good, "word/document.xml", broken))
    (tmp_path / "отчёт.docx").write_bytes(good)
    docs = by_source(run(tmp_path))
    assert docs["отчёт.docx"].ok
    assert (docs["смех.docx"].error_code, docs["смех.docx"].error) == (
        "XML_BOMB",
        "the Word (.docx) file holds hostile XML and was not read: "
        "it declares XML entities that expand without bound (a 'billion laughs' attack)",
    )
    assert (docs["глубокий.docx"].error_code, docs["глубокий.docx"].error) == (
        "TOO_DEEP", "the Word (.docx) file is nested too deeply to read (elements nested more than 256 levels deep)",
    )
    assert docs["битый.docx"].error_code == "CORRUPT"
    assert docs["битый.docx"].error.startswith("the Word (.docx) file is damaged and cannot be read: its XML is malformed")


def _odt(report: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=report))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_hostile_xml_in_an_odt_is_a_coded_error(tmp_path, capfd) -> None:
    good = _odt(REPORT)
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        content = zf.read("content.xml").decode()
    head, tail = content.split(REPORT)
    deep = head + "<text:span>" * 2000 + REPORT + "</text:span>" * 2000 + tail
    decl_end = content.index("?>") + 2
    laughs = (content[:decl_end] + '<!DOCTYPE office:document-content [<!ENTITY lol0 "отчёт">'
              + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>"
              + content[decl_end:].replace(REPORT, "&lol9;"))
    (tmp_path / "глубокий.odt").write_bytes(replace_part(good, "content.xml", deep.encode()))
    (tmp_path / "смех.odt").write_bytes(replace_part(good, "content.xml", laughs.encode()))
    (tmp_path / "битый.odt").write_bytes(replace_part(good, "content.xml", content[:-40].encode()))
    (tmp_path / "отчёт.odt").write_bytes(good)
    docs = by_source(run(tmp_path))
    assert docs["отчёт.odt"].ok and docs["отчёт.odt"].text == REPORT
    assert docs["глубокий.odt"].error_code == "TOO_DEEP"
    assert docs["смех.odt"].error_code == "XML_BOMB"
    assert docs["смех.odt"].error.endswith("it declares XML entities, which office documents never use")
    assert docs["битый.odt"].error_code == "CORRUPT"
    assert "content.xml is malformed XML" in docs["битый.odt"].error
    assert "SAX FAILED" not in capfd.readouterr().out  # odfpy's dump of the broken part never reaches the terminal


def test_files_are_read_by_their_content_not_their_name(tmp_path) -> None:
    pdf = (FIXTURES / "report.pdf").read_bytes()
    docx = docx_bytes(lambda d: (d.add_heading(HEADING, 1), d.add_paragraph(REPORT)))
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{HEADING}</title></head>"
            f"<body><article><h1>{HEADING}</h1><p>{REPORT}</p><p>{REPORT_2}</p></article></body></html>").encode()
    rtf = (FIXTURES / "report.rtf").read_bytes()
    (tmp_path / "отчёт_pdf.docx").write_bytes(pdf)
    (tmp_path / "отчёт_docx.pdf").write_bytes(docx)
    (tmp_path / "новость.txt").write_bytes(html)
    (tmp_path / "отчёт_rtf.txt").write_bytes(rtf)
    docs = by_source(run(tmp_path))
    expected = {"отчёт_pdf.docx": "pdf", "отчёт_docx.pdf": "docx", "новость.txt": "html", "отчёт_rtf.txt": "rtf"}
    for name, fmt in expected.items():
        assert (docs[name].status, docs[name].format) == ("ok", fmt), (name, docs[name].error)
        assert HEADING in docs[name].text, name
    assert "<p>" not in docs["новость.txt"].text and REPORT_2 in docs["новость.txt"].text
