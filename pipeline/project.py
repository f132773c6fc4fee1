"""Where svodka's folders are: the project folder found from the current directory
(as kedro and dbt find theirs), else the user's own folders.

A *project* is the first folder, from the current directory upwards, that holds
either the ``pyproject.toml`` of svodka (``name = "svodka"``: a clone of this
repository) or an svodka layout: ``models/schema.yaml`` (the rules) beside
``data/``. (The schema file is asked for, not just ``models/``: a
cookiecutter-data-science project also has ``models/`` and ``data/``.)

Inside a project the defaults are its folders, whatever the installed package:

=============  ==============================  ===========================================
what           inside a project                outside one
=============  ==============================  ===========================================
rules          ``SVODKA_MODELS_DIR``, else     ``SVODKA_MODELS_DIR``, else the rules
               ``models/``                     shipped in the wheel (``importlib.resources``)
input          ``data/raw``                    ``./data/raw``
output         ``data/processed``              ``./data/processed``
cache          ``SVODKA_CACHE_DIR``, else      ``SVODKA_CACHE_DIR``, else the user cache
               ``data/interim``                folder (``platformdirs``: ~/.cache/svodka)
=============  ==============================  ===========================================

Nothing here is cached: every call looks again from the current directory.
"""

from __future__ import annotations

import importlib.resources
import os
import tomllib
from pathlib import Path

NAME = "svodka"
MODELS_ENV = "SVODKA_MODELS_DIR"
CACHE_ENV = "SVODKA_CACHE_DIR"
PACKAGED_MODELS = "default_models"  # pipeline/default_models/ in the wheel (see setup.py)


def is_project(folder: Path) -> bool:
    """True for a clone of svodka (its pyproject.toml) or a folder laid out as one."""
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            meta = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            meta = None
        if isinstance(meta, dict) and meta.get("name") == NAME:
            return True
    return (folder / "models" / "schema.yaml").is_file() and (folder / "data").is_dir()


def find_project(start: Path | None = None) -> Path | None:
    """The project folder holding ``start`` (default: the current directory), or None."""
    here = Path.cwd() if start is None else Path(start)
    here = here.resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return folder
    return None


def packaged_models_dir() -> Path:
    """The default rules: ``pipeline/default_models/`` of an installed wheel, or the
    checkout's ``models/`` when running from source or an editable install."""
    packaged = importlib.resources.files("pipeline") / PACKAGED_MODELS
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "models"
    if (checkout / "schema.yaml").is_file():
        return checkout
    return Path(str(packaged))  # missing: a rule error will name this path


def default_models_dir(start: Path | None = None) -> Path:
    """``SVODKA_MODELS_DIR``, else the project's ``models/``, else the packaged rules."""
    env = os.environ.get(MODELS_ENV)
    if env:
        return Path(env)
    project = find_project(start)
    if project is not None and (project / "models").is_dir():
        return project / "models"
    return packaged_models_dir()


def _base(start: Path | None) -> Path:
    project = find_project(start)
    if project is not None:
        return project
    return (Path.cwd() if start is None else Path(start)).resolve()


def default_input(start: Path | None = None) -> Path:
    """The project's ``data/raw`` (outside a project: ``./data/raw``)."""
    return _base(start) / "data" / "raw"


def default_output(start: Path | None = None) -> Path:
    """The project's ``data/processed`` (outside a project: ``./data/processed``)."""
    return _base(start) / "data" / "processed"


def default_cache_dir(start: Path | None = None) -> Path:
    """``SVODKA_CACHE_DIR``, else the project's ``data/interim``, else the user cache
    folder (``~/.cache/svodka`` on Linux, as ``platformdirs`` says per system)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    project = find_project(start)
    if project is not None:
        return project / "data" / "interim"
    import platformdirs

    return Path(platformdirs.user_cache_dir(NAME, appauthor=False))
