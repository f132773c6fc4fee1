"""Where svodka looks for its folders: the project found from the current
directory (a clone, or a folder laid out as one), else the packaged rules and the
user cache folder; the environment overrides both."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cache, project
from pipeline.project import (
    default_cache_dir,
    default_input,
    default_models_dir,
    default_output,
    find_project,
    packaged_models_dir,
)

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in ("SVODKA_MODELS_DIR", "SVODKA_CACHE_DIR"):
        monkeypatch.delenv(var, raising=False)


def clone(root: Path) -> Path:
    """A folder that looks like a clone of svodka (its pyproject.toml)."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "svodka"\nversion = "0"\n', encoding="utf-8")
    (root / "models").mkdir()
    return root


def layout(root: Path) -> Path:
    """A folder laid out as an svodka project, with no pyproject.toml."""
    (root / "models").mkdir(parents=True)
    (root / "models" / "schema.yaml").write_text("{}\n", encoding="utf-8")
    (root / "data" / "raw").mkdir(parents=True)
    return root


@pytest.fixture()
def outside(tmp_path) -> Path:
    """A folder in no project (tmp_path's parents hold none)."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    if find_project(folder) is not None:
        pytest.skip(f"{tmp_path} lies inside an svodka project")
    return folder


def test_a_clone_is_found_from_any_folder_inside_it(tmp_path, monkeypatch):
    root = clone(tmp_path / "proj")
    deep = root / "data" / "raw" / "2022"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_project() == root.resolve()
    assert find_project(deep) == root.resolve()
    assert find_project(root) == root.resolve()


def test_a_folder_laid_out_as_a_project_is_one(tmp_path, monkeypatch):
    root = layout(tmp_path / "archive-work")
    monkeypatch.chdir(root / "data")
    assert find_project() == root.resolve()


def test_other_projects_are_not_svodka_projects(tmp_path, outside):
    other = outside / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text('[project]\nname = "kedro-thing"\n', encoding="utf-8")
    cookiecutter = outside / "ds"  # cookiecutter-data-science: models/ and data/, no rules
    (cookiecutter / "models").mkdir(parents=True)
    (cookiecutter / "data").mkdir()
    broken = outside / "broken"
    broken.mkdir()
    (broken / "pyproject.toml").write_bytes(b"[project\nname = \xff")
    for folder in (outside, other, cookiecutter, broken):
        assert find_project(folder) is None, folder


def test_the_nearest_project_wins(tmp_path):
    outer = clone(tmp_path / "outer")
    inner = layout(outer / "work" / "inner")
    assert find_project(inner / "data" / "raw") == inner.resolve()
    assert find_project(outer / "work") == outer.resolve()


def test_defaults_inside_a_project_are_its_folders(tmp_path, monkeypatch):
    root = clone(tmp_path / "proj").resolve()
    (root / "data").mkdir()
    monkeypatch.chdir(root / "data")
    assert default_models_dir() == root / "models"
    assert default_input() == root / "data" / "raw"
    assert default_output() == root / "data" / "processed"
    assert default_cache_dir() == root / "data" / "interim"
    assert cache.default_cache_dir() == root / "data" / "interim"


def test_defaults_outside_a_project(outside, monkeypatch, tmp_path):
    monkeypatch.chdir(outside)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))  # platformdirs on Linux
    packaged = default_models_dir()
    assert packaged == packaged_models_dir()
    assert (packaged / "schema.yaml").is_file() and (packaged / "dates.yaml").is_file()
    assert default_input() == outside.resolve() / "data" / "raw"
    assert default_output() == outside.resolve() / "data" / "processed"
    if sys.platform.startswith("linux"):
        assert default_cache_dir() == tmp_path / "xdg-cache" / "svodka"
    import platformdirs

    assert default_cache_dir() == Path(platformdirs.user_cache_dir("svodka", appauthor=False))
    assert cache.default_cache_dir() == default_cache_dir()


def test_the_environment_overrides_project_and_packaged_defaults(tmp_path, monkeypatch, outside):
    root = clone(tmp_path / "proj")
    monkeypatch.setenv("SVODKA_MODELS_DIR", str(tmp_path / "my-rules"))
    monkeypatch.setenv("SVODKA_CACHE_DIR", str(tmp_path / "my-cache"))
    for where in (root, outside):
        monkeypatch.chdir(where)
        assert default_models_dir() == tmp_path / "my-rules"
        assert default_cache_dir() == tmp_path / "my-cache"
        assert cache.default_cache_dir() == tmp_path / "my-cache"


def test_a_project_without_models_uses_the_packaged_rules(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "svodka"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    assert find_project() == root.resolve()
    assert default_models_dir() == packaged_models_dir()


def test_running_from_source_the_packaged_rules_are_the_checkouts():
    """No pipeline/default_models/ in a checkout (only in the wheel): models/ itself."""
    if (Path(project.__file__).parent / project.PACKAGED_MODELS).is_dir():
        pytest.skip("running from an installed wheel")
    assert packaged_models_dir() == REPO / "models"


def _models_dir_in(cwd: Path, **env: str) -> str:
    """rules.MODELS_DIR as a fresh process started in ``cwd`` sees it."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SVODKA_MODELS_DIR", "SVODKA_CACHE_DIR")}
    clean["PYTHONPATH"] = os.pathsep.join([str(REPO), clean.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    out = subprocess.run([sys.executable, "-c", "from pipeline.rules import MODELS_DIR; print(MODELS_DIR)"],
                         cwd=cwd, env={**clean, **env}, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_rules_read_the_models_of_the_project_the_process_starts_in(tmp_path, outside):
    root = clone(tmp_path / "proj")
    assert _models_dir_in(root) == str(root.resolve() / "models")
    assert _models_dir_in(outside) == str(REPO / "models")  # source checkout: its models/
    assert _models_dir_in(root, SVODKA_MODELS_DIR=str(tmp_path / "x")) == str(tmp_path / "x")
