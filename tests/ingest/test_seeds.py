from __future__ import annotations

from pathlib import Path

from .conftest import run


def test_seeds_read_clean(seeds_dir: Path) -> None:
    docs = run(seeds_dir)
    assert len(docs) == 2
    for doc in docs:
        assert doc.ok, doc.error
        assert doc.format == "txt" and doc.encoding == "utf-8"
        assert "[bookmark" not in doc.text
        assert "’’" not in doc.text and "‘’" not in doc.text and '"' not in doc.text
        assert doc.text.count("«") == doc.text.count("»")
        assert doc.title and "\n" not in doc.title
    texts = "\n".join(d.text for d in docs)
    assert "«500+»" in texts
    assert "Проекта «500+»?»" in texts
