from __future__ import annotations

import io

import pytest

from .conftest import CLOSING, HEADING, REPORT, REPORT_2, by_source, run


def odt_bytes(with_header: bool = True) -> bytes:
    from odf import style, table, text
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    if with_header:
        layout = style.PageLayout(name="pm1")
        doc.automaticstyles.addElement(layout)
        page = style.MasterPage(name="Standard", pagelayoutname=layout)
        header = style.Header()
        header.addElement(text.P(text="Управление образования администрации Родниковского района"))
        page.addElement(header)
        footer = style.Footer()
        footer.addElement(text.P(text="Исполнитель: Г.А. Ветрова"))
        page.addElement(footer)
        doc.masterstyles.addElement(page)
    doc.text.addElement(text.H(outlinelevel=1, text=HEADING))
    p = text.P(text="12 октября 2023 года")
    p.addElement(text.S(c=3))
    p.addText("на базе МБОУ СОШ № 7 прошёл семинар.")
    p.addElement(text.Note(noteclass="footnote"))  # footnotes stay out of the running text
    doc.text.addElement(p)
    items = text.List()
    for line in ("работа в группах;", "открытые уроки."):
        item = text.ListItem()
        item.addElement(text.P(text=line))
        items.addElement(item)
    doc.text.addElement(items)
    t = table.Table(name="Секции")
    t.addElement(table.TableColumn(numbercolumnsrepeated=3))
    for row in (("Секция", "Ведущий", "Участники"), ("Математика", "Н.В. Орлова", "12"), ("Итого", "", "")):
        tr = table.TableRow()
        for value in row:
            cell = table.TableCell()
            if value:
                cell.addElement(text.P(text=value))
            tr.addElement(cell)
        t.addElement(tr)
    doc.text.addElement(t)
    doc.text.addElement(text.P(text=REPORT_2))
    doc.text.addElement(text.P(text=CLOSING))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_odt_paragraphs_lists_tables_headers_in_order(tmp_path) -> None:
    (tmp_path / "отчёт.odt").write_bytes(odt_bytes())
    [doc] = run(tmp_path)
    assert doc.ok, doc.error
    assert (doc.format, doc.title) == ("odt", HEADING)
    assert doc.text == "\n".join([
        "Управление образования администрации Родниковского района",
        "",
        HEADING,
        "12 октября 2023 года на базе МБОУ СОШ № 7 прошёл семинар.",
        "работа в группах;",
        "открытые уроки.",
        "Секция | Ведущий | Участники",
        "Математика | Н.В. Орлова | 12",
        "Итого",
        REPORT_2,
        CLOSING,
        "",
        "Исполнитель: Г.А. Ветрова",
    ])


def test_odt_title_without_headings(tmp_path) -> None:
    from odf import text
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    doc.text.addElement(text.P(text=REPORT))
    buf = io.BytesIO()
    doc.save(buf)
    (tmp_path / "a.odt").write_bytes(buf.getvalue())
    [row] = run(tmp_path)
    assert row.title == REPORT


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 broken archive", odt_bytes()[:2000], b"\x00" * 100 + "Семинар".encode()],
    ids=["bad-zip", "truncated", "garbage"],
)
def test_corrupt_odt(tmp_path, data: bytes) -> None:
    (tmp_path / "broken.odt").write_bytes(data)
    (tmp_path / "good.odt").write_bytes(odt_bytes(with_header=False))
    docs = by_source(run(tmp_path))
    assert docs["broken.odt"].error_code == "CORRUPT"
    assert docs["broken.odt"].error.startswith("the OpenDocument (.odt) file is damaged and cannot be read")
    assert docs["good.odt"].ok
