from __future__ import annotations

import pytest

from pipeline.ingest.readers import html as html_reader

from .conftest import HEADING, REPORT, REPORT_2, run

NAV = ["Главная", "Новости", "Документы", "Контакты"]
FOOTER = "© 2023 Управление образования. Все права защищены."


def page(charset_meta: str = '<meta charset="utf-8">') -> str:
    items = "".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(NAV))
    return f"""<!DOCTYPE html>
<html><head>{charset_meta}<title>Новости | Сайт управления образования</title></head>
<body>
<header><div class="logo">Управление образования</div><nav><ul>{items}</ul></nav></header>
<main><article>
<h1>{HEADING}</h1>
<p>{REPORT}</p>
<p>{REPORT_2}</p>
<table><tr><td>Секция</td><td>Ведущий</td></tr><tr><td>Математика</td><td>Н.В. Орлова</td></tr></table>
</article></main>
<aside><h3>Архив новостей</h3><ul><li>Сентябрь</li><li>Август</li></ul></aside>
<footer>{FOOTER}</footer>
</body></html>"""


def _check(doc) -> None:
    assert doc.ok, doc.error
    assert doc.format == "html"
    assert doc.title == HEADING
    assert REPORT in doc.text and REPORT_2 in doc.text
    assert "Математика | Н.В. Орлова" in doc.text
    for junk in [*NAV, FOOTER, "Архив новостей"]:
        assert junk not in doc.text


@pytest.mark.parametrize(
    ("meta", "encoding", "expected"),
    [
        ('<meta charset="utf-8">', "utf-8", "utf-8"),
        ('<meta charset=windows-1251>', "cp1251", "cp1251"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251", "cp1251"),
        ("", "cp1251", "cp1251"),  # no declaration: detected
        ('<meta charset="utf-8">', "cp1251", "cp1251"),  # a wrong declaration: detected
    ],
    ids=["utf8", "meta-1251", "http-equiv-1251", "undeclared-1251", "mislabelled-1251"],
)
def test_main_content_in_any_encoding(tmp_path, meta: str, encoding: str, expected: str) -> None:
    (tmp_path / "news.html").write_bytes(page(meta).encode(encoding))
    [doc] = run(tmp_path)
    _check(doc)
    assert doc.encoding == expected


def test_fallback_when_trafilatura_finds_nothing(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(html_reader, "_trafilatura", lambda text: ("", "", ""))
    (tmp_path / "news.htm").write_bytes(page().encode("utf-8"))
    [doc] = run(tmp_path)
    _check(doc)


def test_tiny_page_without_article(tmp_path) -> None:
    (tmp_path / "short.htm").write_text(
        f"<html><head><title>Итоги</title></head><body><p>{REPORT_2}</p></body></html>", encoding="utf-8"
    )
    [doc] = run(tmp_path)
    assert doc.ok and doc.text == REPORT_2
    assert doc.title == "Итоги"  # <title> when there is no <h1>


def test_page_without_text(tmp_path) -> None:
    (tmp_path / "empty.html").write_text("<html><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    [doc] = run(tmp_path)
    assert doc.error_code == "NO_TEXT"
    assert doc.error == "the HTML file holds no text"
