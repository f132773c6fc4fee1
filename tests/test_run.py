"""The runner re-runs only what a change touches, and a no-op changes nothing.

Stale/fresh cases of issue 6 on a small archive of the team's own reports, with
the serial executor and a cache in a temporary folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import UsageError
from pipeline.rules import MODELS_DIR
from pipeline.run import RunOptions, run

REPO = Path(__file__).resolve().parent.parent

REPORTS = {
    "Чита/семинар.txt": (
        "Информация о проведении семинара\n\n"
        "12 октября 2022 года на базе МБОУ СОШ № 7 состоялся семинар «Читательская грамотность». "
        "Открыла семинар О.П. Гречко, заместитель председателя комитета образования. "
        "Опытом поделились руководителями школ СОШ №12 Ласточкиной Е.А., Быковым Р.С.\n"
    ),
    "Чита/вебинар.txt": (
        "15.11.2022 прошёл вебинар для учителей математики. "
        "Выступила методист ИМЦ Т.Н. Вострикова, которая рассказала о заданиях ВПР.\n"
    ),
    "Шилка/круглый стол.txt": (
        "В МОУ СОШ № 51 г. Шилки состоялся круглый стол. "
        "Модератор – директор школы А.А. Дорош. Приняли участие 25 педагогов.\n"
    ),
}


def make_archive(root: Path, reports: dict[str, str] = REPORTS) -> Path:
    for rel, text in reports.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def options(tmp_path: Path, **kw) -> RunOptions:
    return RunOptions(inputs=[tmp_path / "raw"], out_dir=tmp_path / "out", cache_dir=tmp_path / "cache",
                      executor="serial", **kw)


def digests(out: Path) -> dict[str, str]:
    """Bytes of every CSV and Parquet table."""
    files = sorted([*out.glob("*.csv"), *out.glob("*.parquet")])
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture()
def first(tmp_path):
    make_archive(tmp_path / "raw")
    summary = run(options(tmp_path))
    return tmp_path, summary


def test_first_run_computes_every_stage(first):
    _, s = first
    assert (s.documents, s.ok) == (3, 3)
    assert s.computed["ingest"] == 3 and s.computed["annotate"] == 3 and s.computed["extract"] == 3


def test_unchanged_archive_and_rules_is_a_no_op_with_identical_tables(first):
    tmp_path, _ = first
    before = digests(tmp_path / "out")
    again = run(options(tmp_path))
    assert again.unchanged
    assert again.computed == {"ingest": 0}
    assert digests(tmp_path / "out") == before


def test_a_table_deleted_or_edited_by_hand_is_written_again(first):
    tmp_path, _ = first
    before = digests(tmp_path / "out")
    (tmp_path / "out" / "persons.csv").unlink()
    (tmp_path / "out" / "events.parquet").write_bytes(b"edited")
    again = run(options(tmp_path))
    assert not again.unchanged and again.computed.get("extract", 0) == 0  # all cached: only the tables
    assert digests(tmp_path / "out") == before


def test_a_no_op_is_decided_from_the_files_bytes_without_decoding_the_cache(first):
    tmp_path, _ = first
    before = digests(tmp_path / "out")
    con = sqlite3.connect(tmp_path / "cache" / "cache.sqlite")
    con.execute("UPDATE entries SET payload = X'00FF00' WHERE stage = 'ingest'")
    con.commit()
    con.close()
    again = run(options(tmp_path))
    assert again.unchanged and (again.documents, again.ok) == (3, 3)
    assert digests(tmp_path / "out") == before


def test_rule_change_reruns_only_the_components_that_read_it(first):
    """A format lexicon edit that changes no record: only the components that read
    the edited field re-run, nothing downstream, no table is written again."""
    tmp_path, _ = first
    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models)
    path = models / "event_formats.yaml"
    path.write_text(path.read_text("utf-8").replace("\nformats:\n", "\nformats:\n  хоровод педагогов:\n", 1), "utf-8")
    before = digests(tmp_path / "out")
    s = run(options(tmp_path, models_dir=models))
    # the edit changed no record, so resolve and export are skipped: same tables, a new run
    assert s.unchanged and s.run_id != first[1].run_id
    assert digests(tmp_path / "out") == before
    assert s.computed.get("annotate", 0) == 0  # the slow NLP is never redone for a rule edit
    assert s.computed["ingest"] == 0
    assert s.computed["extract:formats"] == 3
    assert any(w.startswith("rules: event_formats.yaml#formats") for w in s.why["formats"])
    # formats came out as before, so the events records computed from them stand
    assert "extract:events" not in s.computed and s.computed["reused:events"] == 3
    assert "extract:people" not in s.computed and "extract:schools" not in s.computed


def svodka_run(raw: Path, out: Path, cache: Path, models: Path) -> dict:
    """``svodka run --json`` in a fresh process reading the rules from ``models``."""
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", str(raw), "--out", str(out), "--cache-dir", str(cache),
         "--executor", "serial", "--json"],
        env={**os.environ, "SVODKA_MODELS_DIR": str(models)}, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_lexicon_edit_reruns_downstream_groups_only_where_their_input_changed(first):
    """A new format found in one report: formats re-run everywhere, events in that report
    alone; no person, school or organization changes, so of the tables read straight
    off the records only those whose records changed are built again, byte for byte as
    a run from scratch builds them."""
    tmp_path, _ = first
    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models)
    path = models / "event_formats.yaml"
    path.write_text(path.read_text("utf-8").replace("\nformats:\n", "\nformats:\n  обмен опытом:\n", 1), "utf-8")
    (tmp_path / "raw" / "Чита" / "семинар.txt").write_text(
        REPORTS["Чита/семинар.txt"] + "Затем прошёл обмен опытом.\n", encoding="utf-8")
    run(options(tmp_path))  # the edited report is new: ingested, annotated, extracted

    s = svodka_run(tmp_path / "raw", tmp_path / "out", tmp_path / "cache", models)
    computed = s["computed"]
    assert computed.get("annotate", 0) == 0 and computed["extract:formats"] == 3
    assert computed["extract:events"] == 1 and computed["reused:events"] == 2
    # the dates and places came out as before: their tables stand too
    assert "event_formats" in s["rebuilt"] and set(s["rebuilt"]) <= {"event_formats", "events"}
    formats = pd.read_parquet(tmp_path / "out" / "event_formats.parquet")
    assert "обмен опытом" in set(formats["format"])

    scratch = svodka_run(tmp_path / "raw", tmp_path / "out2", tmp_path / "cache2", models)
    assert len(scratch["rebuilt"]) == len(s["counts"])
    assert digests(tmp_path / "out2") == digests(tmp_path / "out")


def test_a_new_file_is_ingested_and_annotated_alone(first):
    tmp_path, _ = first
    make_archive(tmp_path / "raw", {"Шилка/мастер-класс.txt": "Мастер-класс провела учитель С.С. Жаркова.\n"})
    s = run(options(tmp_path))
    assert s.documents == 4
    assert s.computed["ingest"] == 1 and s.computed["annotate"] == 1


def test_a_removed_file_disappears_from_every_table(first):
    tmp_path, _ = first
    (tmp_path / "raw" / "Чита" / "вебинар.txt").unlink()
    run(options(tmp_path))
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert sorted(docs["source"]) == ["Чита/семинар.txt", "Шилка/круглый стол.txt"]
    mentions = pd.read_parquet(tmp_path / "out" / "person_mentions.parquet")
    assert "Вострикова Т.Н." not in set(mentions["name"])
    assert set(mentions["doc_id"]) <= set(docs["doc_id"])


def corrupt(tmp_path: Path, stage_name: str) -> None:
    """Garble every cached entry of a stage, and drop the database so the tables
    must be rebuilt from the cache."""
    con = sqlite3.connect(tmp_path / "cache" / "cache.sqlite")
    con.execute("UPDATE entries SET payload = X'00FF00' WHERE stage = ?", (stage_name,))
    con.commit()
    con.close()
    (tmp_path / "out" / "svodka.duckdb").unlink()


@pytest.mark.parametrize(("stage_name", "downstream"),
                         [("ingest", None), ("extract:people", None), ("extract:formats", "events")])
def test_a_corrupt_cache_entry_is_detected_and_recomputed(first, stage_name, downstream):
    tmp_path, _ = first
    before = digests(tmp_path / "out")
    corrupt(tmp_path, stage_name)
    s = run(options(tmp_path))
    assert s.computed[stage_name] == 3
    if downstream:  # the group came out as the cached records downstream assumed: they stand
        assert s.computed[f"reused:{downstream}"] == 3 and f"extract:{downstream}" not in s.computed
    assert digests(tmp_path / "out") == before


def test_force_recomputes_everything(first):
    tmp_path, _ = first
    s = run(options(tmp_path, force=True))
    assert s.computed["ingest"] == 3 and s.computed["annotate"] == 3 and s.computed["extract"] == 3


@pytest.mark.parametrize("executor", ["local", "dask"])
def test_tables_are_byte_identical_whatever_the_executor_and_workers(tmp_path, monkeypatch, executor):
    """Worker processes (or a Dask LocalCluster) give the very bytes the serial run gives."""
    import pipeline.run.extraction as runner

    monkeypatch.setattr(runner, "SERIAL_BELOW", 0)  # three reports would otherwise stay in-process
    monkeypatch.setattr(runner, "SERIAL_BELOW_ANN", 0)
    make_archive(tmp_path / "raw")
    serial = run(options(tmp_path))
    parallel = run(RunOptions(inputs=[tmp_path / "raw"], out_dir=tmp_path / "out2", cache_dir=tmp_path / "cache2",
                              executor=executor, workers=2))
    assert parallel.computed["annotate"] == 3
    assert digests(tmp_path / "out2") == digests(tmp_path / "out")
    assert parallel.counts == serial.counts


def test_a_code_edit_reruns_the_components_it_can_affect(tmp_path):
    """In a fresh copy of the project with its own cache: a line appended to an
    extractor module re-runs the components whose code imports it, says why, and
    leaves the others and the annotation alone."""
    from pipeline.codehash import closure
    from pipeline.extract.registry import COMPONENTS

    clone = tmp_path / "clone"
    shutil.copytree(REPO / "pipeline", clone / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(MODELS_DIR, clone / "models")
    raw = make_archive(tmp_path / "raw")

    def svodka(*args: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(raw), "--out", str(tmp_path / "out"),
                               "--cache-dir", str(tmp_path / "cache"), "--executor", "serial", "--json", *args],
                              cwd=clone, env={**os.environ, "SVODKA_MODELS_DIR": str(clone / "models")},
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    svodka()
    assert svodka()["computed"] == {"ingest": 0}  # a no-op
    for module in ("dates", "formats", "locations", "schools", "names", "orgs", "roles", "events"):
        name = f"pipeline.extract.{module}"
        path = clone / "pipeline" / "extract" / f"{module}.py"
        path.write_text(path.read_text("utf-8") + "\n_EDITED = True\n", "utf-8")
        s = svodka()
        expected = {c for c, comp in COMPONENTS.items() if name in closure(comp.module)}
        assert expected, module
        recomputed = {k.split(":", 1)[1] for k in s["computed"] if k.startswith("extract:")}
        assert recomputed == expected, module
        assert s["computed"].get("annotate", 0) == 0
        for c in expected:
            assert f"code: pipeline/extract/{module}.py" in s["why"][c]
        assert svodka()["computed"] == {"ingest": 0}, module  # and then a no-op again
    # resolve's code makes the tables out of unchanged records: they are built again
    path = clone / "pipeline" / "resolve" / "persons.py"
    path.write_text(path.read_text("utf-8") + "\n_EDITED = True\n", "utf-8")
    s = svodka()
    assert not s["unchanged"] and "code: pipeline/resolve/persons.py" in s["why"]["resolve"]
    assert s["computed"].get("extract", 0) == 0  # no record is extracted again
    # so does the writers' code: no table written by the old code is kept
    path = clone / "pipeline" / "export" / "csv.py"
    path.write_text(path.read_text("utf-8") + "\n_EDITED = True\n", "utf-8")
    s = svodka()
    assert not s["unchanged"] and sorted(s["rebuilt"]) == sorted(s["counts"])


def test_a_run_whose_extraction_fails_on_most_documents_fails_and_keeps_the_tables(first, monkeypatch):
    """A bug or a broken environment, not the documents: exit non-zero, nothing written."""
    from dataclasses import replace

    from pipeline.errors import RunFailed
    from pipeline.extract import registry

    tmp_path, _ = first
    before = digests(tmp_path / "out")

    def broken(doc, rules):
        raise ValueError("a broken rule table")

    monkeypatch.setitem(registry.COMPONENTS, "formats", replace(registry.COMPONENTS["formats"], func=broken))
    with pytest.raises(RunFailed, match="extraction failed on 3 of 3 readable documents"):
        run(options(tmp_path, force=True))
    assert digests(tmp_path / "out") == before


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _damaged_page(path: Path) -> None:
    """Garble every page after the first (the header and the schema stay valid)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    data[page:] = os.urandom(len(data) - page)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_random_bytes, _truncated, _damaged_page])
@pytest.mark.parametrize("name", ["cache.sqlite", "runs.sqlite"])
def test_a_damaged_cache_or_history_is_moved_aside_and_the_run_rebuilds(first, damage, name, caplog):
    tmp_path, _ = first
    before = digests(tmp_path / "out")
    cache = tmp_path / "cache"
    for p in cache.glob(f"{name}-*"):  # checkpointed: the damage is in the main file
        p.unlink()
    damage(cache / name)
    s = run(options(tmp_path))
    assert (s.documents, s.ok) == (3, 3)
    assert digests(tmp_path / "out") == before
    assert list(cache.glob(f"{name}.damaged-*")), "the damaged file is kept aside for inspection"
    assert any("moved aside" in r.getMessage() for r in caplog.records)
    assert run(options(tmp_path, force=True)).ok == 3  # and --force works on the rebuilt one


def test_a_run_never_replaces_the_tables_of_another_archive(first):
    tmp_path, _ = first
    before = digests(tmp_path / "out")
    other = make_archive(tmp_path / "other", {"Нерчинск/совет.txt": "Заседание совета провела Е.В. Жданова.\n"})
    with pytest.raises(UsageError, match="holds the tables of another archive"):
        run(RunOptions(inputs=[other], out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", executor="serial"))
    assert digests(tmp_path / "out") == before
    s = run(RunOptions(inputs=[other], out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", executor="serial",
                       replace=True))
    assert s.documents == 1


def test_an_empty_input_stops_and_changes_nothing(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no input files under"):
        run(RunOptions(inputs=[tmp_path / "empty"], out_dir=tmp_path / "out", cache_dir=tmp_path / "cache",
                       executor="serial"))
    assert not (tmp_path / "out").exists()
