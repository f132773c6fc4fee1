"""``svodka review`` without a browser: which pages are written, what the gold marks,
and that a page is rewritten only when its rows changed."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import load_gold, score
from pipeline.evaluate.predict import predict
from pipeline.review import ReviewError, build_site
from pipeline.review.data import KINDS, load_archive
from pipeline.review.gold import FP, ORG, ROLE, review_gold
from pipeline.ruleset import RuleSet

from .conftest import BROKEN, CONFERENCE, NOTE, REPO, SEMINAR, doc_ids, make_archive, run_archive

runner = CliRunner()


def site_copy(tiny_run: Path, tmp_path: Path) -> Path:
    """The tiny run's tables in a folder of this test (the site is written into it)."""
    out = tmp_path / "out"
    shutil.copytree(tiny_run, out, symlinks=True)
    return out


def test_the_site_has_an_index_a_page_per_document_and_per_entity(tiny_run, tmp_path):
    out = site_copy(tiny_run, tmp_path)
    result = build_site(out)
    site = out / "review"
    ids = doc_ids(out)
    archive = load_archive(out)
    assert result.documents == 4 and result.unchanged == 0 and result.gold is None
    expected = {"index.html", "persons.html", "schools.html", "organizations.html",
                *(f"doc/{i}.html" for i in ids.values()),
                *(f"person/{p}.html" for p in archive.persons), *(f"school/{s}.html" for s in archive.schools),
                *(f"org/{o}.html" for o in archive.organizations)}
    assert set(result.written) == expected
    assert {p.relative_to(site).as_posix() for p in site.rglob("*.html")} == expected
    index = (site / "index.html").read_text(encoding="utf-8")
    for source in (SEMINAR, CONFERENCE, NOTE, BROKEN):
        assert f">{source}</a>" in index
    assert "the PDF file is damaged" in index  # the error row's message
    assert "http://" not in index and "https://" not in index and "<link" not in index  # nothing fetched
    seminar = (site / "doc" / f"{ids[SEMINAR]}.html").read_text(encoding="utf-8")
    for kind in KINDS:
        n = len(archive.rows(kind.table, ids[SEMINAR]))
        assert n and len(re.findall(rf'<span class="tag L-{kind.label}[^"]*" id="tag-', seminar)) == n
        assert len(re.findall(rf'<tr id="row-{kind.prefix}\d+"', seminar)) == n
    assert "семинар-практикум" in seminar and 'id="gold"' not in seminar


def test_the_text_of_a_report_is_escaped(tiny_run, tmp_path):
    out = site_copy(tiny_run, tmp_path)
    build_site(out)
    page = (out / "review" / "doc" / f"{doc_ids(out)[NOTE]}.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; «кавычки»" in page


def test_a_person_page_links_every_mention_and_shows_the_evidence(tiny_run, tmp_path):
    out = site_copy(tiny_run, tmp_path)
    build_site(out)
    archive = load_archive(out)
    krylova = next(p for p in archive.persons.values() if p["name"] == "Крылова А.П.")
    page = (out / "review" / "person" / f"{krylova['person_id']}.html").read_text(encoding="utf-8")
    mention = archive.rows("person_mentions", doc_ids(out)[SEMINAR])[0]
    assert f'href="../doc/{doc_ids(out)[SEMINAR]}.html#{mention["id"]}"' in page
    assert krylova["evidence"] and f'<div class="evidence" id="evidence">{krylova["evidence"]}' in page


def test_unchanged_pages_are_not_written_again_and_gone_ones_are_removed(fresh_run, tiny_cache):
    raw, out = fresh_run
    first = build_site(out)
    site = out / "review"
    ids = doc_ids(out)
    page = {name: site / "doc" / f"{doc_id}.html" for name, doc_id in ids.items()}
    for p in site.rglob("*.html"):
        os.utime(p, ns=(1, 1))  # any write shows
    again = build_site(out)
    assert again.written == [] and again.unchanged == len(first.written)
    assert all(p.stat().st_mtime_ns == 1 for p in site.rglob("*.html"))

    text = (raw / CONFERENCE).read_text(encoding="utf-8")
    (raw / CONFERENCE).write_text(text.replace("Кузнецов П.А.", "Кузнецов П.Р."), encoding="utf-8")
    (raw / NOTE).unlink()
    run_archive(raw, out, tiny_cache)
    third = build_site(out)
    new_ids = doc_ids(out)
    assert NOTE not in new_ids and f"doc/{ids[NOTE]}.html" in third.removed and not page[NOTE].exists()
    assert f"doc/{new_ids[CONFERENCE]}.html" in third.written and "index.html" in third.written
    assert f"doc/{ids[SEMINAR]}.html" not in third.written and page[SEMINAR].stat().st_mtime_ns == 1
    assert any(p.startswith("person/") for p in third.written)  # Кузнецов П.Р. is a new person
    assert len(third.written) < len(first.written) / 2
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["pages"]) == {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_gold_marks_the_known_errors_as_svodka_eval_counts_them(tiny_run, gold_file, tmp_path):
    archive = load_archive(tiny_run)
    review = review_gold(gold_file, archive)
    ids = doc_ids(tiny_run)
    marks = review.marks[ids[SEMINAR]]
    rows = {r["name"]: r["id"] for r in archive.rows("person_mentions", ids[SEMINAR])}
    assert marks.classes[rows["Белова Е.В."]] >= {FP}
    assert ROLE in marks.classes[rows["Крылова А.П."]] and FP not in marks.classes[rows["Крылова А.П."]]
    assert marks.classes[rows["Орлов И.С."]] == {ORG}
    assert ("dates", "2023-03-16") in marks.missed and marks.unplaced == []
    assert set(review.marks) == {ids[SEMINAR]} and review.absent == []

    expected = score(load_gold(gold_file), predict(tiny_run.parent / "raw", RuleSet(REPO / "models")))
    for key in ("fields", "documents"):  # svodka eval also lists the documents the gold leaves out
        assert review.report.to_json()[key] == expected.to_json()[key]


def test_the_index_sorts_by_errors_with_a_gold(tiny_run, gold_file, tmp_path):
    out = site_copy(tiny_run, tmp_path)
    build_site(out, gold_file)
    index = (out / "review" / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'<tr data-doc="(\w+)"', index)
    assert order[0] == doc_ids(out)[SEMINAR]
    seminar = (out / "review" / "doc" / f"{order[0]}.html").read_text(encoding="utf-8")
    assert 'id="gold"' in seminar and "2023-03-16" in seminar and "gold-legend" in seminar


def test_svodka_review_writes_the_site_and_reports_the_gold(tiny_run, gold_file, tmp_path):
    out = site_copy(tiny_run, tmp_path)
    done = runner.invoke(app, ["review", "--out", str(out), "--gold", str(gold_file)])
    assert done.exit_code == 0, done.output
    assert "index.html: 4 documents" in done.output and "gold: 1 documents scored" in done.output
    assert (out / "review" / "index.html").is_file()


def test_svodka_review_explains_what_is_missing(tmp_path):
    done = runner.invoke(app, ["review", "--out", str(tmp_path)])
    assert done.exit_code == 2 and "no tables in" in done.output and "svodka run" in done.output
    assert list(tmp_path.iterdir()) == []  # not even a lock file left
    with pytest.raises(ReviewError):
        build_site(tmp_path / "nowhere")


def test_a_bad_gold_file_is_a_usage_error(tiny_run, tmp_path):
    out = site_copy(tiny_run, tmp_path)
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"doc": "a.txt", "persns": []}\n', encoding="utf-8")
    done = runner.invoke(app, ["review", "--out", str(out), "--gold", str(bad)])
    assert done.exit_code == 2 and "gold.jsonl:1" in done.output


def test_a_gold_of_file_names_finds_the_reports_of_a_parent_folder(tmp_path, tiny_cache, gold_file):
    """The run read the archive's parent folder: the gold's ``doc`` is the file name alone."""
    make_archive(tmp_path / "raw" / "2023" / "март")
    run_archive(tmp_path / "raw", tmp_path / "out", tiny_cache)
    result = build_site(tmp_path / "out", gold_file)
    assert result.gold is not None and result.gold.absent == []
    assert set(result.gold.marks) == {doc_ids(tmp_path / "out")[f"2023/март/{SEMINAR}"]}
