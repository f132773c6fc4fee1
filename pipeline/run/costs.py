"""What computing one document costs, per component (and for the annotation), as
the last runs measured it: the runner's choice between this process and a pool
of workers depends on how much work there is, not on how many documents.

A pool pays back only when the work outlasts its start (spawning the workers,
their imports and rule tables): a rule edit over 2,000 reports is a second or
two of rule work, cheaper here than on two fresh workers; annotating them is
minutes, which the pool divides by the cores.
"""

from __future__ import annotations

from ..cache import StageCache

KIND = "cost"  # the cache's meta rows: (cost, component) -> CPU seconds per document
MIN_DOCS = 10  # fewer documents say too little of a component's cost


class Costs:
    """CPU seconds per document of each component and of ``annotate``."""

    def __init__(self, cache: StageCache) -> None:
        self.cache = cache

    def per_doc(self, name: str) -> float | None:
        value = self.cache.get_meta(KIND, name)
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None

    def estimate(self, work: dict[str, int]) -> float | None:
        """CPU seconds of ``work`` (name -> documents), or None while a cost is unknown."""
        total = 0.0
        for name, n in work.items():
            if not n:
                continue
            cost = self.per_doc(name)
            if cost is None:
                return None
            total += cost * n
        return total

    def record(self, seconds: dict[str, float], computed: dict[str, int]) -> None:
        """A run's CPU seconds per stage (``extract:NAME``, ``annotate``) over the
        documents it computed them for."""
        for stage, sec in seconds.items():
            n = computed.get(stage, 0)
            if n >= MIN_DOCS:
                self.cache.set_meta(KIND, stage.removeprefix("extract:"), repr(sec / n))
