"""Run history per output folder: `svodka runs --out DIR`, `svodka diff` within one
folder, retention per folder, full run ids and --json (issue 15, findings 5 and 7),
and a test suite that never writes into the user's history."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.runs import Registry


def record(registry: Registry, out_dir: Path, names: list[str]) -> str:
    """A run of ``out_dir`` whose tables hold the persons ``names``; returns its id."""
    out_dir.mkdir(parents=True, exist_ok=True)
    persons = pd.DataFrame({"person_id": [f"per_{i}" for i in range(len(names))], "name": names}).astype("string")
    persons.to_parquet(out_dir / "persons.parquet", index=False)
    n = len(registry.runs())
    return registry.record("rules", out_dir, {"persons": len(names)}, key=f"key-{n}", content=f"content-{n}",
                           ok=1).run_id


@pytest.fixture()
def history(tmp_path) -> tuple[Path, Path, Path, dict[str, list[str]]]:
    """Two archives written to two folders, their runs interleaved: A, B, A, B."""
    cache, a, b = tmp_path / "cache", tmp_path / "out-a", tmp_path / "out-b"
    registry = Registry(cache)
    ids: dict[str, list[str]] = {"a": [], "b": []}
    ids["a"].append(record(registry, a, ["Ласкан О.Я."]))
    ids["b"].append(record(registry, b, ["Орлова Н.С.", "Гусев В.Н."]))
    ids["a"].append(record(registry, a, ["Ласкан О.Я.", "Гуржий Л.В."]))
    ids["b"].append(record(registry, b, ["Орлова Н.С."]))
    registry.close()
    return cache, a, b, ids


def svodka(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def test_runs_lists_one_folder_with_full_ids(history):
    cache, a, b, ids = history
    result = svodka("runs", "--out", str(a), "--cache-dir", str(cache))
    assert result.exit_code == 0, result.output
    for run_id in ids["a"]:
        assert run_id in result.stdout  # whole: `svodka diff` takes it as printed
    assert not any(run_id in result.stdout for run_id in ids["b"])
    assert "…" not in result.stdout

    listed = json.loads(svodka("runs", "--out", str(b), "--cache-dir", str(cache), "--json").stdout)
    assert [r["run_id"] for r in listed] == ids["b"]
    assert listed[0]["counts"] == {"persons": 2} and listed[0]["out_dir"] == str(b.resolve())
    assert all(r["snapshot"] for r in listed)

    everything = json.loads(svodka("runs", "--all", "--cache-dir", str(cache), "--format", "json").stdout)
    assert [r["run_id"] for r in everything] == [ids["a"][0], ids["b"][0], ids["a"][1], ids["b"][1]]


def test_runs_defaults_to_the_projects_output_folder(history, tmp_path, monkeypatch):
    cache, a, b, ids = history
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "models" / "schema.yaml").write_text("{}\n", encoding="utf-8")
    (project / "data").mkdir()
    registry = Registry(cache)
    mine = record(registry, project / "data" / "processed", ["Осина Т.К."])
    registry.close()
    monkeypatch.chdir(project)
    result = svodka("runs", "--cache-dir", str(cache), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert pd.read_csv(io.StringIO(result.stdout))["run"].tolist() == [mine]


def test_diff_compares_the_last_two_runs_of_one_folder(history):
    cache, a, b, ids = history
    result = svodka("diff", "--out", str(a), "--cache-dir", str(cache))
    assert result.exit_code == 0, result.output
    assert f"{ids['a'][0]} → {ids['a'][1]}" in result.stdout
    assert "+ Гуржий Л.В." in result.stdout
    assert "Орлова" not in result.stdout and "Гусев" not in result.stdout  # the other archive

    shown = json.loads(svodka("diff", "--out", str(b), "--cache-dir", str(cache), "--json").stdout)
    assert (shown["run_a"], shown["run_b"], shown["out_dir"]) == (ids["b"][0], ids["b"][1], str(b.resolve()))
    persons = shown["tables"]["persons"]
    assert (persons["added"], persons["removed"], persons["changed"]) == (0, 1, 0)
    assert persons["examples"] == [{"change": "removed", "row": "Гусев В.Н.", "key": "per_1"}]


def test_diff_with_no_runs_of_the_folder_names_the_folders_that_have_some(history, tmp_path):
    cache, a, b, ids = history
    result = svodka("diff", "--out", str(tmp_path / "elsewhere"), "--cache-dir", str(cache))
    assert result.exit_code == 2
    assert "fewer than two recorded runs" in result.output
    assert str(a.resolve()) in result.output and str(b.resolve()) in result.output


def test_run_ids_of_another_folder_are_refused_naming_their_folder(history):
    cache, a, b, ids = history
    result = svodka("diff", ids["a"][0], ids["b"][1], "--out", str(a), "--cache-dir", str(cache))
    assert result.exit_code == 2
    assert f"run {ids['b'][1]} is a run of {b.resolve()}" in " ".join(result.output.split())

    result = svodka("diff", ids["a"][0], ids["b"][1], "--cache-dir", str(cache))
    assert result.exit_code == 2
    assert "two output folders" in result.output

    result = svodka("diff", ids["a"][0], "--cache-dir", str(cache))  # the later run: the last of ITS folder
    assert result.exit_code == 0, result.output
    assert f"{ids['a'][0]} → {ids['a'][1]}" in result.stdout

    result = svodka("diff", "20990101T000000-abcdef", "--cache-dir", str(cache))
    assert result.exit_code == 2 and "no run 20990101T000000-abcdef" in result.output


def test_prune_keeps_the_last_runs_of_each_folder(tmp_path):
    registry = Registry(tmp_path / "cache")
    a = [record(registry, tmp_path / "a", ["Ласкан О.Я."]) for _ in range(3)]
    b = [record(registry, tmp_path / "b", ["Орлова Н.С."]) for _ in range(5)]
    registry.prune(keep=2)
    kept = {r.run_id for r in registry.runs() if registry.snapshot_dir(r.run_id).is_dir()}
    assert kept == {*a[-2:], *b[-2:]}  # a busy folder never pushes out another's runs
    registry.prune(keep=0)
    kept = {r.run_id for r in registry.runs() if registry.snapshot_dir(r.run_id).is_dir()}
    assert kept == {a[-1], b[-1]}  # a folder's last run is never pruned
    assert len(registry.runs()) == 8  # the rows stay


def test_a_listed_run_of_a_quiet_folder_can_still_be_diffed(tmp_path):
    cache = tmp_path / "cache"
    registry = Registry(cache)
    quiet = [record(registry, tmp_path / "quiet", names) for names in (["Ласкан О.Я."], ["Гуржий Л.В."])]
    for _ in range(25):  # the runner prunes after every run
        record(registry, tmp_path / "busy", ["Орлова Н.С."])
        registry.prune()
    registry.close()
    result = svodka("diff", *quiet, "--cache-dir", str(cache))
    assert result.exit_code == 0, result.output
    assert 'name "Ласкан О.Я." → "Гуржий Л.В."' in result.stdout


def test_the_test_suite_never_writes_into_the_users_history(private_history, tmp_path_factory):
    """Every run a test records without its own cache folder lands in this session's."""
    from pipeline.cache import default_cache_dir
    from pipeline.project import find_project
    from pipeline.run import RunOptions

    base = tmp_path_factory.getbasetemp().resolve()
    for cache in (default_cache_dir(), RunOptions().cache_dir):
        assert cache is not None and cache.resolve() == private_history.resolve()
        assert cache.resolve().is_relative_to(base)
    project = find_project()
    if project is not None:
        assert not default_cache_dir().resolve().is_relative_to(project.resolve())
