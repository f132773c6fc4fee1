"""Shared fixtures. ``../shared`` (seeds, gold, external benchmarks) sits beside the
checkout in CI; in a user's clone it may not, and tests that need it skip with a
reason. With CI=true its absence is a failure, not a skip."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SVODKA_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session", autouse=True)
def private_history(tmp_path_factory) -> Iterator[Path]:
    """The stage cache and run history of every test: a folder of this test session.

    ``default_cache_dir()`` reads ``SVODKA_CACHE_DIR`` first, then the project's
    ``data/interim`` (the clone the tests run in) or the user cache folder: a run
    a test starts without ``cache_dir`` (``RunOptions()``, ``svodka run`` in a
    subprocess, which inherits the variable) would otherwise be recorded in the
    user's own history and prune its snapshots."""
    cache = tmp_path_factory.mktemp("svodka-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("SVODKA_CACHE_DIR", str(cache))
    yield cache
    patch.undo()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "seeds").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs ../shared beside the checkout; not found at {SHARED}")
        pytest.skip(f"../shared not found at {SHARED} (set SVODKA_SHARED to point at it)")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def seed_reports(shared_dir: Path, seeds_dir: Path) -> list[tuple[str, str, dict]]:
    """(file name, cleaned text, gold record) of every seed report, read from ../shared."""
    from pipeline.evaluate import load_gold
    from pipeline.ingest import clean_text

    gold = load_gold(shared_dir / "eval" / "seeds-gold.jsonl")
    return [(doc, clean_text((seeds_dir / doc).read_text(encoding="utf-8")), record) for doc, record in gold.items()]


@pytest.fixture(scope="session")
def rules():
    """The rules of the repository's ``models/``: their tables are built once for all tests."""
    from pipeline.ruleset import RuleSet

    return RuleSet(REPO / "models")


@pytest.fixture()
def fresh_rules():
    """The same rules with nothing built yet: ``with fresh_rules.recording() as reads: …``
    sees every rule field the code reads (no table built earlier hides a read)."""
    from pipeline.ruleset import RuleSet

    return RuleSet(REPO / "models")

