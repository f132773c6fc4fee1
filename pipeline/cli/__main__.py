"""``python -m pipeline.cli``: the ``svodka`` command."""

import sys

from . import app

sys.exit(app())
