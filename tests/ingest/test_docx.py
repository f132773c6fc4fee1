from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.ingest import IngestLimits
from pipeline.ingest.readers.doc import OLE_MAGIC

from .conftest import CLOSING, HEADING, REPORT, REPORT_2, by_source, docx_bytes, make_zip, run

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _report(document) -> None:
    document.add_heading(HEADING, level=1)
    document.add_paragraph(REPORT)
    table = document.add_table(rows=3, cols=3)
    rows = [("Секция", "Ведущий", "Участники"), ("Математика", "Н.В. Орлова", "12"), ("Итого", "", "12")]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    table.cell(2, 0).merge(table.cell(2, 1))  # "Итого" spans two columns
    document.add_paragraph(REPORT_2)
    document.add_paragraph(CLOSING)
    section = document.sections[0]
    section.header.paragraphs[0].text = "Управление образования администрации Родниковского района"
    section.footer.paragraphs[0].text = "Исполнитель: Г.А. Ветрова"
    document.add_section()  # a second section whose header is linked to the first


def test_body_order_tables_headers_and_footers(tmp_path) -> None:
    (tmp_path / "отчёт.docx").write_bytes(docx_bytes(_report))
    [doc] = run(tmp_path)
    assert doc.ok, doc.error
    assert (doc.format, doc.source, doc.title) == ("docx", "отчёт.docx", HEADING)
    assert doc.text == "\n".join([
        "Управление образования администрации Родниковского района",
        "",
        HEADING,
        REPORT,
        "Секция | Ведущий | Участники",
        "Математика | Н.В. Орлова | 12",
        "Итого | 12",
        REPORT_2,
        CLOSING,
        "",
        "Исполнитель: Г.А. Ветрова",
    ])


def test_title_style_wins_over_a_first_plain_paragraph(tmp_path) -> None:
    def build(document):
        document.add_paragraph("УТВЕРЖДАЮ")
        document.add_paragraph("Директор МБОУ СОШ № 7")
        document.add_paragraph("Отчёт о семинаре по формирующему оцениванию", style="Title")
        document.add_paragraph(REPORT)

    (tmp_path / "a.docx").write_bytes(docx_bytes(build))
    [doc] = run(tmp_path)
    assert doc.title == "Отчёт о семинаре по формирующему оцениванию"
    assert doc.text.startswith("УТВЕРЖДАЮ\nДиректор МБОУ СОШ № 7\n")


def test_title_without_headings_is_the_first_paragraph(tmp_path) -> None:
    def build(document):
        document.sections[0].header.paragraphs[0].text = "Управление образования"  # not the title
        document.add_paragraph("")
        document.add_paragraph("В школе № 7 прошёл семинар для молодых педагогов")
        document.add_paragraph(REPORT)

    (tmp_path / "a.docx").write_bytes(docx_bytes(build))
    [doc] = run(tmp_path)
    assert doc.title == "В школе № 7 прошёл семинар для молодых педагогов"


def test_tracked_changes_fields_and_content_controls(tmp_path) -> None:
    from docx.oxml import parse_xml

    def build(document):
        p = document.add_paragraph("Семинар провела ")
        p._p.append(parse_xml(f'<w:ins {W_NS} w:id="1" w:author="x"><w:r><w:t>Н.В. Орлова</w:t></w:r></w:ins>'))
        p._p.append(parse_xml(f'<w:del {W_NS} w:id="2" w:author="x"><w:r><w:delText>Иванова</w:delText></w:r></w:del>'))
        p._p.append(parse_xml(
            f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"/></w:r>'
        ))
        p._p.append(parse_xml(f'<w:r {W_NS}><w:instrText> PAGE </w:instrText></w:r>'))
        p._p.append(parse_xml(
            f'<w:sdt {W_NS}><w:sdtContent><w:r><w:t>, учитель математики</w:t></w:r></w:sdtContent></w:sdt>'
        ))
        p._p.append(parse_xml(f'<w:r {W_NS}><w:t>.</w:t><w:tab/><w:t>Итог</w:t></w:r>'))

    (tmp_path / "a.docx").write_bytes(docx_bytes(build))
    [doc] = run(tmp_path)
    assert doc.text == "Семинар провела Н.В. Орлова, учитель математики. Итог"


def test_nested_table_stays_in_its_cell(tmp_path) -> None:
    def build(document):
        outer = document.add_table(rows=1, cols=2)
        outer.cell(0, 0).text = "Секции"
        inner = outer.cell(0, 1).add_table(rows=2, cols=1)
        inner.cell(0, 0).text = "Математика"
        inner.cell(1, 0).text = "Русский язык"
        document.add_paragraph(REPORT_2)

    (tmp_path / "a.docx").write_bytes(docx_bytes(build))
    [doc] = run(tmp_path)
    assert doc.text == f"Секции | Математика; Русский язык\n{REPORT_2}"




@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"\x00\x01 not a zip at all " * 20, "not a ZIP container"),
        (docx_bytes(_report)[:3000], "not a ZIP container"),  # truncated
        (make_zip({"notes.txt": "Семинар прошёл".encode()}), ""),  # a zip, but no Word parts
    ],
    ids=["garbage", "truncated", "zip-without-word-parts"],
)
def test_corrupt_docx_is_an_error_row(tmp_path, data: bytes, detail: str) -> None:
    (tmp_path / "broken.docx").write_bytes(data)
    (tmp_path / "good.docx").write_bytes(docx_bytes(_report))
    docs = by_source(run(tmp_path))
    broken = docs["broken.docx"]
    assert (broken.status, broken.error_code, broken.format) == ("error", "CORRUPT", "docx")
    assert broken.error.startswith("the Word (.docx) file is damaged and cannot be read")
    assert detail in broken.error
    assert docs["good.docx"].ok  # the run goes on


def test_docx_with_a_bomb_inside_is_refused(tmp_path) -> None:
    data = docx_bytes(_report)
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/padding.bin", bytes(200_000))
    (tmp_path / "bomb.docx").write_bytes(buf.getvalue())
    [doc] = run(tmp_path, limits=IngestLimits(max_ratio=100, ratio_floor_bytes=64 * 1024))
    assert doc.error_code == "ZIP_BOMB"
    assert "times its packed size" in doc.error


def test_encrypted_docx_is_reported(tmp_path) -> None:
    # An encrypted .docx is an OLE compound file holding an "EncryptedPackage" stream.
    data = OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1024)
    (tmp_path / "secret.docx").write_bytes(data)
    [doc] = run(tmp_path)
    assert (doc.error_code, doc.error) == ("ENCRYPTED", "the Word file is password-protected")


def test_docx_saved_as_doc_is_read_by_its_content(tmp_path) -> None:
    (tmp_path / "отчёт.doc").write_bytes(docx_bytes(_report))
    [doc] = run(tmp_path)
    assert doc.ok and doc.format == "docx" and doc.title == HEADING
