"""Set-up as a new user does it: the README's commands, ``scripts/install.sh`` into
the project's own ``.venv`` (never the system's Python), and a built wheel that
runs from any folder with the rules it carries.

The tests marked ``install`` build or install svodka in throwaway virtual
environments under ``tmp_path`` (about a minute each; they run in CI;
``-m "not install"`` skips them). They read packages from the configured index
(or pip's cache), as the install does.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = "Scripts" if os.name == "nt" else "bin"


def readme_setup() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Set-up")
    return text[start:text.index("\n## ", start + 1)]


def readme_spacy_example() -> str:
    """The python block of the README's spaCy section."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## spaCy\n"):]
    return re.search(r"```python\n(.*?)```", section[:section.index("\n## ", 1)], re.S).group(1)


def readme_commands() -> list[str]:
    """The commands of the set-up section's bash blocks."""
    blocks = re.findall(r"```bash\n(.*?)```", readme_setup(), re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


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


# --- what the README says ----------------------------------------------------


def test_readme_commands_run_from_the_projects_venv_and_ci_runs_the_test_command():
    commands = readme_commands()
    assert commands == [
        "bash scripts/install.sh && .venv/bin/svodka run",
        "bash scripts/install.sh --dev && .venv/bin/python -m pytest",
    ]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci, ".ci/run must run exactly the README's test command"


def test_dev_set_up_installs_what_the_readme_tells_people_to_run():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dev = {re.split(r"[\s<>=!\[;]", req, maxsplit=1)[0].lower() for req in meta["optional-dependencies"]["dev"]}
    runtime = {re.split(r"[\s<>=!\[;]", req, maxsplit=1)[0].lower() for req in meta["dependencies"]}
    assert ".venv/bin/jupyter lab notebooks/" in readme_setup()
    assert {"jupyterlab", "pytest", "ipykernel"} <= dev
    assert "platformdirs" in runtime  # project.default_cache_dir outside a project


# --- scripts/install.sh, quick paths -------------------------------------------


def _script(tmp_path: Path) -> Path:
    """scripts/install.sh alone in an otherwise empty project folder."""
    (tmp_path / "proj" / "scripts").mkdir(parents=True)
    script = tmp_path / "proj" / "scripts" / "install.sh"
    shutil.copy(REPO / "scripts" / "install.sh", script)
    return script


def test_install_script_rejects_unknown_arguments(tmp_path):
    script = _script(tmp_path)
    done = subprocess.run(["bash", str(script), "--deev"], env=clean_env(), capture_output=True, text=True)
    assert done.returncode == 2
    assert "unknown argument '--deev'" in done.stderr and "--dev" in done.stderr
    assert not (tmp_path / "proj" / ".venv").exists()


def test_install_script_explains_a_python_without_venv(tmp_path):
    """Debian/Ubuntu's python3 without python3-venv: `-m venv` fails for lack of
    ensurepip. Without apt-get (not root, or SVODKA_NO_APT=1) the script says what
    to install and stops, leaving no half-made .venv behind."""
    script = _script(tmp_path)
    fake = tmp_path / "python3-no-venv"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = -m ] && [ "$2" = venv ]; then\n'
        '  mkdir -p "$3/bin"\n'
        '  echo "The virtual environment was not created successfully because ensurepip is not'
        ' available.  On Debian/Ubuntu systems, you need to install the python3-venv package" >&2\n'
        "  exit 1\n"
        "fi\n"
        f'exec "{sys.executable}" "$@"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    done = subprocess.run(["bash", str(script)], env=clean_env(SVODKA_PYTHON=str(fake), SVODKA_NO_APT="1"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "ensurepip is not available" in done.stderr
    assert "apt-get install python3-venv" in done.stderr
    assert not (tmp_path / "proj" / ".venv").exists()


# --- scripts/install.sh, for real ----------------------------------------------


def _system_python() -> tuple[str, str]:
    """(python3 to install with, why): a Debian/Ubuntu system Python that refuses
    pip (PEP 668) when there is one with venv, else the python3 on PATH."""
    for candidate in sorted(Path("/usr/bin").glob("python3.[0-9]*")) + [Path("/usr/bin/python3")]:
        if not re.fullmatch(r"python3(\.\d+)?", candidate.name) or not candidate.is_file():
            continue
        probe = subprocess.run(
            [str(candidate), "-c",
             "import sys, sysconfig, pathlib, ensurepip, venv;"
             "sys.exit(sys.version_info < (3, 11) or not"
             " (pathlib.Path(sysconfig.get_path('stdlib')) / 'EXTERNALLY-MANAGED').is_file())"],
            capture_output=True)
        if probe.returncode == 0:
            return str(candidate), f"{candidate}: externally managed (PEP 668)"
    found = shutil.which("python3")
    if found is None:
        pytest.skip("no python3 on PATH")
    return found, f"{found} with PIP_REQUIRE_VIRTUALENV=1"


@pytest.mark.install
def test_install_script_installs_into_the_projects_own_venv(tmp_path):
    """`bash scripts/install.sh --dev` in a fresh copy, from a fresh shell: with a
    system Python that refuses pip (PEP 668), or else with pip refusing any
    environment but a virtual one, it installs into .venv, whose svodka, pytest and
    jupyter then run (`.venv/bin/svodka run` on the sample archive, as the README
    says); torch is not pulled in; a second run reuses .venv."""
    python, why = _system_python()
    proj = copy_source(tmp_path / "clone")
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "python3").symlink_to(python)
    env = clean_env(PATH=f"{shim}{os.pathsep}{os.environ.get('PATH', '')}",
                    PIP_REQUIRE_VIRTUALENV="1", SVODKA_NO_APT="1")
    done = subprocess.run(["bash", "scripts/install.sh", "--dev"], cwd=proj, env=env,
                          capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, f"{why}\n{done.stdout}\n{done.stderr}"

    venv = proj / ".venv"
    cfg = (venv / "pyvenv.cfg").read_text(encoding="utf-8")
    assert re.search(r"include-system-site-packages\s*=\s*false", cfg), cfg
    bin_ = venv / VENV_BIN

    def run(*cmd: str) -> str:
        out = subprocess.run(cmd, cwd=proj, env=env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, f"{why}: {cmd}\n{out.stdout}\n{out.stderr}"
        return out.stdout

    where = run(str(bin_ / "python"), "-c", "import sys, pipeline; print(sys.prefix); print(pipeline.__file__)")
    prefix, module = where.split()
    assert Path(prefix).resolve() == venv.resolve()
    assert Path(module).resolve() == (proj / "pipeline" / "__init__.py").resolve()  # editable: the clone's code
    run(str(bin_ / "python"), "-c", "import importlib.util as u; assert u.find_spec('torch') is None, 'torch came in'")
    run(str(bin_ / "python"), "-m", "pytest", "--version")
    run(str(bin_ / "jupyter"), "lab", "--version")
    run(str(bin_ / "svodka"), "run", "-q")  # the README's first command, after the install
    with open(proj / "data" / "processed" / "persons.csv", encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh, delimiter=";"))) > 0

    again = subprocess.run(["bash", "scripts/install.sh", "--dev"], cwd=proj, env=env,
                           capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    assert "creating .venv" not in again.stderr  # a second run reuses .venv


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
    pip_env = clean_env(PIP_CACHE_DIR=str(tmp_path / "pip-cache"))  # write nothing outside tmp_path
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)],
                           env=pip_env, capture_output=True, text=True, timeout=900)
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
                                "-q", str(wheel)], env=pip_env, capture_output=True, text=True, timeout=600)
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

    # spaCy finds the component through the wheel's spacy_factories entry point
    example = subprocess.run([str(py), "-c", readme_spacy_example()], cwd=elsewhere, env=env,
                             capture_output=True, text=True, timeout=600)
    assert example.returncode == 0, example.stderr
    assert example.stdout == "Ласкан Н.В. | начальник отдела образования | отдел образования\n"

    svodka = venv / VENV_BIN / "svodka"
    done = subprocess.run([str(svodka), "run", str(seeds), "--out", str(tmp_path / "out"), "-q"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(tmp_path / "out" / "persons.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert len(rows) > 0
    assert (tmp_path / "user-cache" / "svodka").is_dir()  # outside a project: the user cache folder
    assert not list(elsewhere.iterdir())  # nothing written where it ran
