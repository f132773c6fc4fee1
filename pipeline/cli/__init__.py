"""``svodka`` command line: run the pipeline, evaluate it, query its tables.

Exit codes: 0 ok; 1 the run failed or the machine stopped it (an output folder
or file that cannot be written, an unreachable Dask scheduler); 2 a usage error
(a bad option value, a missing input, a folder that does not exist for a file
to write, a run id of another output folder, a broken rule file). Unreadable
documents are rows with status=error, not a failed run. User mistakes print a
message, never a traceback.
"""

from . import evaluation, history, review, run_command, tables_commands  # noqa: F401  (each registers its commands)
from .common import app

__all__ = ["app"]
