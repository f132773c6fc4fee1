"""The runner: owns all reading and writing; stages stay pure functions.

ingest → annotate → extract → resolve → export, re-running only what changed.
A newcomer reads, in this order:

- ``options``: what a run is asked to do (``RunOptions``) and reports (``RunSummary``);
- ``runner``: the run itself, step by step;
- ``fingerprints``: what each stage's output depends on (its code, packages and
  the rule fields it read), and why it changed;
- ``freshness``: the one function deciding whether the tables in place are fresh;
- ``ingest_cache``: ingest behind the cache;
- ``plan``: which components of which documents to compute;
- ``protocol``: the work item a worker gets and the result it sends back;
- ``extraction``: the work on the executor, results into the cache;
- ``tables``: resolve and export, rebuilt only as far as a change reaches.
"""

from .options import RunOptions, RunSummary
from .runner import check_rules, extract_all, run

__all__ = ["RunOptions", "RunSummary", "check_rules", "extract_all", "run"]
