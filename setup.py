"""The one packaging setting pyproject.toml cannot say: the rule files.

``models/`` stays at the top of the repository (the design card fixes it there,
and analysts edit it there). The wheel carries a copy as package data of
``pipeline.default_models``: setuptools' ``package_dir`` maps that package to the
``models/`` folder, so ``pipeline/default_models/*.yaml`` lands in the wheel (and
the sdist) with no symlink and no copy in the source tree. A package mapped to
another folder must be listed by name, and ``[tool.setuptools.packages]`` in
pyproject.toml takes either a fixed list or ``find``, never both: hence
``find_packages`` plus the one mapped package here. Every other setting is in
pyproject.toml.

At run time ``pipeline.project.packaged_models_dir`` finds the copy through
``importlib.resources``; a source checkout or an editable install, which have no
``pipeline/default_models/``, read ``models/`` itself.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["pipeline", "pipeline.*"]), "pipeline.default_models"],
    package_dir={"pipeline.default_models": "models"},
    package_data={"pipeline.default_models": ["*.yaml"]},
)
