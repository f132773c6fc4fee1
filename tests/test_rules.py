"""Rule files are checked before any document: a clear error naming file and line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import RuleError
from pipeline.rules import MODELS_DIR, validate_rule_file
from pipeline.ruleset import RuleSet


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


def test_the_value_of_a_read_changes_exactly_when_what_it_names_changes(models):
    reads = ["roles.yaml#not_roles", "roles.yaml#heads", "names.yaml"]
    before = RuleSet(models).parts(reads)
    assert RuleSet(models).parts(reads) == before
    edit(models, "roles.yaml", "not_roles: [", "not_roles: [гость года, ")
    after = RuleSet(models).parts(reads)
    assert after["roles.yaml#not_roles"] != before["roles.yaml#not_roles"]
    assert after["roles.yaml#heads"] == before["roles.yaml#heads"]  # another field of the same file
    assert after["names.yaml"] == RuleSet(MODELS_DIR).parts(["names.yaml"])["names.yaml"]


def test_a_field_the_schema_declares_must_be_there(models):
    edit(models, "roles.yaml", "\nany_school: [школа, учреждение]", "")
    with pytest.raises(RuleError, match="roles.yaml: missing field 'any_school'"):
        validate_rule_file("roles.yaml", models)


def test_a_models_copy_older_than_the_code_stops_the_run_with_the_missing_field(models, tmp_path):
    """Its schema is old too, so the check passes; the first rule table built from it
    stops the run with the file and field, instead of failing every document."""
    edit(models, "roles.yaml", "\nany_school: [школа, учреждение]", "")
    edit(models, "schema.yaml", "  any_school: list[string]\n", "")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "семинар.txt").write_text("Семинар провела учитель школы С.С. Жаркова.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", str(raw), "--out", str(tmp_path / "out"), "--no-cache"],
        env={**os.environ, "SVODKA_MODELS_DIR": str(models)}, capture_output=True, text=True)
    assert done.returncode != 0
    assert "roles.yaml: missing field 'any_school'" in done.stdout + done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "name, old, new, message",
    [
        ("events.yaml", "title_gap: '", "title_gap: '(unclosed", "field 'title_gap' is not a valid regular expression"),
        ("organizations.yaml", "abbreviation_patterns: ['", "abbreviation_patterns: ['(", "is not a valid regular"),
        ("event_formats.yaml", "held_verbs:\n", "held_verbs:\n  - 12\n", "an entry of field 'held_verbs' must be a string"),
        ("roles.yaml", "feminine:\n", "feminine:\n  учитель: [учительница]\n",
         "the value of 'учитель' in field 'feminine' must be a string"),
    ],
)
def test_types_and_regular_expressions_are_checked_before_any_document(models, name, old, new, message):
    edit(models, name, old, new)
    with pytest.raises(RuleError, match=message) as exc:
        validate_rule_file(name, models)
    assert f"{name}:" in str(exc.value)


def test_a_yaml_alias_bomb_is_refused_at_once(models):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    (models / "names.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(RuleError, match="aliases"):
        validate_rule_file("names.yaml", models)


def test_rules_check_and_run_refuse_a_bad_rule_file_with_exit_2_and_keep_the_tables(models, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "семинар.txt").write_text("12 октября 2022 г. семинар провела учитель С.С. Жаркова.\n", encoding="utf-8")
    out = tmp_path / "out"

    def svodka(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                              env={**os.environ, "SVODKA_MODELS_DIR": str(models)})

    assert svodka("run", str(raw), "--out", str(out), "--no-cache", "-q").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    edit(models, "events.yaml", "title_gap: '", "title_gap: '(unclosed")
    check = svodka("rules", "check")
    assert check.returncode == 2 and "events.yaml:" in check.stdout + check.stderr
    done = svodka("run", str(raw), "--out", str(out), "--no-cache", "-q")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "events.yaml:" in done.stdout + done.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
