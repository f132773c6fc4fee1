from __future__ import annotations

import io
import shutil

import pytest

from .conftest import FIXTURES, HEADING, HYPHENATED, REPORT_2, by_source, run


def _scan_like_pdf() -> bytes:
    """Two pages with a drawn rectangle and no text, as a scan without OCR."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    for _ in range(2):
        page = pdf.new_page(595, 842)
        path = raw.FPDFPageObj_CreateNewRect(50, 50, 400, 600)
        raw.FPDFPath_SetDrawMode(path, raw.FPDF_FILLMODE_ALTERNATE, True)
        raw.FPDFPage_InsertObject(page.raw, path)
        raw.FPDFPage_GenerateContent(page.raw)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_pdf_text_layer_and_title(tmp_path) -> None:
    shutil.copy(FIXTURES / "report.pdf", tmp_path / "отчёт.pdf")
    [doc] = run(tmp_path)
    assert doc.ok, doc.error
    assert doc.format == "pdf"
    # The running header comes first in the text but is set in the body's size;
    # the heading is set larger and is the title.
    # A change of font size marks a paragraph break, so the header and the heading
    # stay apart from the body when wrapped lines are rejoined.
    assert doc.text.startswith("Управление образования администрации Родниковского района\n\n" + HEADING + "\n\n")
    assert doc.title == HEADING
    # visual line wraps are rejoined into sentences
    assert "В работе семинара приняли участие 34 педагога из 11 образовательных организаций района." in doc.text
    assert "«Формирующее оценивание на уроках в начальной школе»" in doc.text
    assert REPORT_2.split()[0] in doc.text
    # PDFium joins hyphen-ended lines and marks the hyphen; the word break is undone,
    # the hyphen of a compound kept
    assert HYPHENATED in doc.text.split("\n")


def test_encrypted_pdf(tmp_path) -> None:
    shutil.copy(FIXTURES / "encrypted.pdf", tmp_path / "secret.pdf")
    [doc] = run(tmp_path)
    assert (doc.status, doc.error_code) == ("error", "ENCRYPTED")
    assert doc.error == "the PDF file is password-protected"


def test_pdf_without_text_layer(tmp_path) -> None:
    (tmp_path / "scan.pdf").write_bytes(_scan_like_pdf())
    [doc] = run(tmp_path)
    assert doc.error_code == "NO_TEXT_LAYER"
    assert doc.error == "the PDF has no text layer (a scan?): run OCR first"


@pytest.mark.parametrize(
    "data",
    [
        (FIXTURES / "report.pdf").read_bytes()[:4000],  # truncated
        b"%PDF-1.7\n" + bytes(range(256)) * 20,  # a header and noise
        b"<html>not a pdf</html>",
    ],
    ids=["truncated", "noise", "not-pdf"],
)
def test_damaged_pdf(tmp_path, data: bytes) -> None:
    (tmp_path / "broken.pdf").write_bytes(data)
    shutil.copy(FIXTURES / "report.pdf", tmp_path / "good.pdf")
    docs = by_source(run(tmp_path))
    assert docs["broken.pdf"].error_code == "CORRUPT"
    assert docs["broken.pdf"].error.startswith("the PDF file is damaged and cannot be read: ")
    assert docs["good.pdf"].ok
