"""What a run is asked to do, and what it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..cache import default_cache_dir
from ..ingest import IngestLimits
from ..project import default_input, default_models_dir, default_output


@dataclass
class RunOptions:
    # defaults: the project's data/raw and data/processed, found from the current folder
    inputs: list[Path] = field(default_factory=lambda: [default_input()])
    out_dir: Path = field(default_factory=default_output)
    limits: IngestLimits = field(default_factory=IngestLimits)
    csv_dialect: str = "excel"
    xlsx: bool = False
    cache_dir: Path | None = field(default_factory=default_cache_dir)  # None: no cache
    force: bool = False  # recompute everything (the cache is rewritten)
    executor: str = "local"  # serial | local | dask
    workers: int | None = None
    scheduler: str | None = None
    models_dir: Path = field(default_factory=default_models_dir)  # the rule files
    replace: bool = False  # write into a folder that holds the tables of other inputs


@dataclass
class RunSummary:
    documents: int
    ok: int
    errors: int
    out_dir: Path
    seconds: float
    counts: dict[str, int]
    run_id: str = ""
    skipped: int = 0  # hidden, system and office lock files: a row each, never read
    unchanged: bool = False
    computed: dict[str, int] = field(default_factory=dict)  # stage -> documents computed
    # stage or component -> why it ran again (its code, packages or rules changed)
    why: dict[str, list[str]] = field(default_factory=dict)
    # wall seconds of the runner's phases, and CPU seconds the workers spent per stage
    timings: dict[str, float] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)  # tables computed anew (the others stood as written)
