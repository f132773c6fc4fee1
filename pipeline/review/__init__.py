"""``svodka review``: a static HTML site of a run's tables, to see what was extracted
where (``DIR/review/index.html``; no server, nothing fetched).

- ``data``: the tables of the output folder, grouped by document;
- ``markup``: a text with its mentions marked as displaCy's span style marks them;
- ``html``: the pages' frame, inline CSS and JavaScript, escaping;
- ``document``, ``entities``, ``index``: the pages (a model, then its HTML);
- ``gold``: with ``--gold``, the errors of ``svodka eval`` tied to the rows;
- ``site``: what is written, and what is left as it was (a digest per page);
- ``browser``: a headless Chromium to open the pages in (the tests, the README's screenshot).
"""

from .data import ReviewError
from .site import ReviewResult, build_site

__all__ = ["ReviewError", "ReviewResult", "build_site"]
