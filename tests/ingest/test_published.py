"""The date a file says it was published or created travels with its document:
a yearless date in the report takes that year when its text gives none."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from pipeline.ingest.readers.base import iso_day

from .conftest import REPORT, docx_bytes, run

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = """<html><head><meta charset="utf-8">{meta}<title>Новости</title></head><body>
<nav>Главная | Новости</nav><article><h1>Семинар учителей математики</h1>
<p>12 мая на базе МБОУ СОШ № 3 прошёл районный семинар для учителей математики.</p>
<p>Участие приняли 24 педагога из девяти школ района.</p></article></body></html>"""


@pytest.mark.parametrize(
    "value, day",
    [("2023-05-12T10:00:00+03:00", "2023-05-12"), ("D:20230512100000Z'", "2023-05-12"),
     (dt.datetime(2021, 9, 1, 8, 30), "2021-09-01"), ("2023-02-30", ""), ("вчера", ""), (None, "")],
)
def test_iso_day(value, day):
    assert iso_day(value) == day


def test_an_html_page_gives_its_publication_date_from_its_markup(tmp_path):
    meta = '<meta property="article:published_time" content="2023-05-12T09:00:00+03:00">'
    (tmp_path / "a.html").write_text(PAGE.format(meta=meta), "utf-8")
    (tmp_path / "b.html").write_text(PAGE.format(meta=""), "utf-8")
    docs = {d.source: d for d in run(tmp_path)}
    assert (docs["a.html"].published, docs["a.html"].published_from) == ("2023-05-12", "html-meta")
    # no markup: the body's dates are the extractors' to read, not a publication date
    assert (docs["b.html"].published, docs["b.html"].published_from) == ("", "")


def test_a_docx_gives_its_creation_date(tmp_path):
    def build(document):
        document.add_paragraph(REPORT)
        document.core_properties.created = dt.datetime(2022, 11, 23, 9, 0)

    (tmp_path / "r.docx").write_bytes(docx_bytes(build))
    (doc,) = run(tmp_path)
    assert (doc.published, doc.published_from) == ("2022-11-23", "docx-core")


def test_an_odt_gives_its_creation_date(tmp_path):
    from odf import meta, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.meta.addElement(meta.CreationDate(text="2021-03-04T10:00:00"))
    document.text.addElement(text.P(text=REPORT))
    buf = io.BytesIO()
    document.write(buf)
    (tmp_path / "r.odt").write_bytes(buf.getvalue())
    (doc,) = run(tmp_path)
    assert (doc.published, doc.published_from) == ("2021-03-04", "odt-meta")


def test_a_pdf_gives_its_creation_date(tmp_path):
    (tmp_path / "r.pdf").write_bytes((FIXTURES / "report.pdf").read_bytes())
    (doc,) = run(tmp_path)
    assert doc.published_from == "pdf-meta" and len(doc.published) == 10


def test_a_plain_text_has_none(tmp_path):
    (tmp_path / "r.txt").write_text(REPORT, "utf-8")
    (doc,) = run(tmp_path)
    assert (doc.published, doc.published_from) == ("", "")


@pytest.mark.parametrize(
    "chrome, line",
    [
        ('<div class="eDate">05 декабря 2023, 14:20</div>', "05 декабря 2023, 14:20"),
        ('<div class="eDetails">Добавил: admin | 26.04.2024 | Просмотров: 129</div>',
         "Добавил: admin | 26.04.2024 | Просмотров: 129"),
        ('<div class="counter">Просмотров: 12</div>', ""),  # no class that names a date, and no year
        ('<div class="news-date">вчера</div>', ""),  # a date element without a year
    ],
)
def test_the_dateline_a_site_prints_outside_the_article(tmp_path, chrome, line):
    page = PAGE.format(meta="").replace("<nav>", chrome + "<nav>")
    (tmp_path / "a.html").write_text(page, "utf-8")
    (doc,) = run(tmp_path)
    assert doc.dateline == line
