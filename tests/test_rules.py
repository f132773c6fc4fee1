"""Rule files are checked before any document: a clear error naming file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import RuleError
from pipeline.rules import MODELS_DIR, fingerprint, validate_rule_file


@pytest.fixture()
def models(tmp_path: Path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(MODELS_DIR, target)
    return target


def edit(models: Path, name: str, old: str, new: str) -> None:
    path = models / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_every_shipped_rule_file_is_valid():
    for path in sorted(MODELS_DIR.glob("*.yaml")):
        if path.name != "schema.yaml":
            validate_rule_file(path.name)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("not_roles: [", "not_roles: [[", "bad YAML"),
        ("\nneeds_complement:", "\nheads: [учитель]\nneeds_complement:", "duplicate key 'heads'"),
        ("\nstop_words: [", "\nstop_wrods: [и]\nstop_words: [", "unknown field 'stop_wrods'"),
        ("not_roles: [участник,", "not_roles: [участник, участник,", "duplicate entry 'участник'"),
        ("\nstop_words: [", "\nstop_words: 7\nunused: [", "must be a list"),
    ],
)
def test_a_malformed_rule_file_names_file_and_line(models, old, new, message):
    edit(models, "roles.yaml", old, new)
    with pytest.raises(RuleError) as exc:
        validate_rule_file("roles.yaml", models)
    text = str(exc.value)
    assert message in text
    assert "roles.yaml:" in text  # file:line


def test_fingerprint_changes_exactly_when_a_rule_file_changes(models):
    before = fingerprint(["roles.yaml", "names.yaml"], models)
    assert fingerprint(["roles.yaml", "names.yaml"], models) == before
    edit(models, "roles.yaml", "not_roles: [", "not_roles: [гость года, ")
    assert fingerprint(["roles.yaml", "names.yaml"], models) != before
    assert fingerprint(["names.yaml"], models) == fingerprint(["names.yaml"], MODELS_DIR)
