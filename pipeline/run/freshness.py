"""The one place that decides whether the tables in place are fresh.

As weasel's ``check_rerun``: a run may stop early only when the last run into
the same folder was computed from the very same thing (its ``key``: the input
files, every stage's fingerprint, the options; or its ``content``: what the
extraction produced) and its tables are still in place as it wrote them.
"""

from __future__ import annotations

from ..export.manifest import tables_in_place
from ..runs import RunRecord
from .options import RunOptions


def is_fresh(last: RunRecord | None, options: RunOptions, *, key: str = "", content: str = "") -> bool:
    """True when ``last`` was computed from ``key`` (or ``content``) and its tables
    in ``options.out_dir`` are untouched; never with ``--force``."""
    if options.force or last is None or last.ok < 0:
        return False
    same = (key and last.key == key) or (content and last.content == content)
    return bool(same) and tables_in_place(options.out_dir, options.csv_dialect, last.content)
