"""Set-up as a new user does it: a built wheel runs from any folder with the
rules it carries.

The tests marked ``install`` build or install svodka in throwaway virtual
environments under ``tmp_path`` (about a minute each; they run in CI;
``-m "not install"`` skips them). They read packages from the configured index
(or pip's cache), as the install does.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = "Scripts" if os.name == "nt" else "bin"


def copy_source(dest: Path) -> Path:
    """The checkout as a fresh clone has it: no .git, .venv, outputs, caches or builds."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {".git", ".venv", "__pycache__", ".pytest_cache", "build", "dist", ".ipynb_checkpoints"}
        out = {n for n in names if n in skip or n.endswith(".egg-info")}
        if Path(folder).name in ("processed", "interim") and Path(folder).parent.name == "data":
            out |= {n for n in names if n != ".gitkeep"}
        return out

    shutil.copytree(REPO, dest, ignore=ignore, symlinks=True)
    return dest


def clean_env(**extra: str) -> dict[str, str]:
    """This environment less anything that points svodka or pip elsewhere."""
    drop = ("SVODKA_MODELS_DIR", "SVODKA_CACHE_DIR", "SVODKA_PYTHON", "SVODKA_VENV_ARGS", "VIRTUAL_ENV",
            "PYTHONPATH", "PYTHONHOME", "PIP_USER", "PIP_TARGET", "PIP_PREFIX")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return {**env, **extra}


# --- the wheel -------------------------------------------------------------------


def _reuse_installed_packages(venv: Path) -> None:
    """Let ``venv`` import the packages of the interpreter running the tests, so
    the wheel's heavy dependencies need not be installed again. (``venv
    --system-site-packages`` would only see the base interpreter's, not those of
    the .venv the tests run from.) Plain path lines: no .pth file of those folders
    runs, so an editable svodka installed there stays invisible."""
    purelib = Path(subprocess.run([str(venv / VENV_BIN / "python"), "-c",
                                   "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    ours |= {p for p in sys.path if p.endswith(("site-packages", "dist-packages"))}
    (purelib / "_svodka_test_reuse.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")


@pytest.mark.install
@pytest.mark.slow
def test_a_built_wheel_runs_from_any_folder_with_the_rules_it_carries(tmp_path, seeds_dir):
    src = copy_source(tmp_path / "src")
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)],
                           env=clean_env(), capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("svodka-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    rules = sorted(p.name for p in (REPO / "models").glob("*.yaml"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("pipeline/default_models/")) == rules
    assert not [n for n in names if n.split("/")[0] in ("models", "data", "tests")]

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    _reuse_installed_packages(venv)
    py = venv / VENV_BIN / "python"
    # --force-reinstall: the venv's pip also sees an svodka installed where the
    # tests run (and leaves it alone: it is outside the venv)
    installed = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall",
                                "-q", str(wheel)], env=clean_env(), capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    seeds = shutil.copytree(seeds_dir, tmp_path / "seeds copy")
    env = clean_env(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "user-cache"))
    where = subprocess.run([str(py), "-c", "import pipeline, pipeline.rules as r; print(pipeline.__file__); "
                            "print(r.MODELS_DIR)"], cwd=elsewhere, env=env, capture_output=True, text=True,
                           check=True).stdout.split("\n")
    assert Path(where[0]).is_relative_to(venv), where
    assert Path(where[1]) == Path(where[0]).parent / "default_models", where

    svodka = venv / VENV_BIN / "svodka"
    done = subprocess.run([str(svodka), "run", str(seeds), "--out", str(tmp_path / "out"), "-q"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(tmp_path / "out" / "persons.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert len(rows) > 0
    assert (tmp_path / "user-cache" / "svodka").is_dir()  # outside a project: the user cache folder
    assert not list(elsewhere.iterdir())  # nothing written where it ran
