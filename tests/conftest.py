"""Shared fixtures. ``../shared`` (seeds, gold, external benchmarks) sits beside the
checkout in CI; in a user's clone it may not, and tests that need it skip with a
reason. With CI=true its absence is a failure, not a skip."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SVODKA_SHARED", REPO.parent / "shared"))


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


class RuleReads:
    """The rule files code opens while ``recording``, every rule table cleared first
    (the lexicon forms, patterns and word caches built from them), so nothing built
    earlier hides a read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import importlib
        import pkgutil

        import pipeline
        import pipeline.rules

        self.files: set[str] = set()
        self._on = False
        self._real = pipeline.rules.rule_file
        names = [f"pipeline.{m.name}" for m in pkgutil.iter_modules(pipeline.__path__)]
        names += [f"pipeline.extract.{m.name}" for m in pkgutil.iter_modules([str(REPO / "pipeline" / "extract")])]
        self._modules = [importlib.import_module(n) for n in names if not n.endswith(("cli", "__main__"))]
        for module in self._modules:
            if getattr(module, "rule_file", None) is self._real:
                monkeypatch.setattr(module, "rule_file", self._record)

    def _record(self, name, *args, **kwargs):
        if self._on:
            self.files.add(name)
        return self._real(name, *args, **kwargs)

    def _clear(self) -> None:
        self._real.cache_clear()
        for module in self._modules:
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()

    def __enter__(self) -> RuleReads:
        self._clear()
        self._on = True
        return self

    def __exit__(self, *exc) -> None:
        self._on = False
        self._clear()


@pytest.fixture()
def rule_reads(monkeypatch) -> RuleReads:
    """``with rule_reads: …`` then ``rule_reads.files``: which rule files the code read."""
    return RuleReads(monkeypatch)
