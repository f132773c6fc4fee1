"""Build the review site of an output folder: ``DIR/review/``.

Every page is first a *model* (what it shows, JSON-able), then HTML. The model's
digest, with the digest of this package's code, is kept per page in
``DIR/review/manifest.json``: a page whose digest is unchanged and whose file is
in place is neither rendered nor written again, so after a run that changed one
report only that report's page (and the pages of the entities and the index
whose rows changed) is rewritten. Pages of documents and entities gone from the
tables are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import document, entities, index
from .data import load_archive
from .gold import GoldReview, review_gold

SITE = "review"
MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(slots=True)
class ReviewResult:
    """What :func:`build_site` did."""

    folder: Path
    written: list[str] = field(default_factory=list)  # page paths rendered and written
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    documents: int = 0
    gold: GoldReview | None = None
    seconds: float = 0.0

    @property
    def index(self) -> Path:
        return self.folder / "index.html"


# the modules a page's HTML depends on: an edit of one rewrites every page
RENDERING = ("data", "document", "entities", "gold", "html", "index", "markup", "site")


def code_digest() -> str:
    """The digest of the rendering modules' source."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in RENDERING:
        h.update(name.encode() + b"\0" + (here / f"{name}.py").read_bytes())
    return h.hexdigest()


def digest(code: str, model: Any) -> str:
    blob = json.dumps(model, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{code}\n{blob}".encode()).hexdigest()


def build_site(out_dir: Path | str, gold: Path | str | None = None) -> ReviewResult:
    """Write (or bring up to date) the review site of the tables in ``out_dir``, scored
    against the gold file ``gold`` when given; raise :class:`~.data.ReviewError` when
    the folder has no tables, ``GoldFormatError`` for a bad gold file."""
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    archive = load_archive(out_dir)
    review = review_gold(Path(gold), archive) if gold is not None else None
    pages: dict[str, tuple[Any, Callable[[Any], str]]] = {
        "index.html": (index.model(archive, review, Path(gold).name if gold is not None else ""), index.render),
    }
    for d in archive.documents:
        marks = review.marks.get(d["doc_id"]) if review else None
        pages[document.path(d["doc_id"])] = (document.model(archive, d, marks), document.render)
    for path, m in entities.entity_models(archive).items():
        pages[path] = (m, entities.render_entity)
    for path, m in entities.list_models(archive).items():
        pages[path] = (m, entities.render_list)

    folder = out_dir / SITE
    result = ReviewResult(folder, documents=len(archive.documents), gold=review)
    old = read_manifest(folder)
    code = code_digest()
    new: dict[str, str] = {}
    for path, (m, render) in pages.items():
        new[path] = digest(code, m)
        target = folder / path
        if old.get(path) == new[path] and target.is_file():
            result.unchanged += 1
            continue
        write_text(target, render(m))
        result.written.append(path)
    for path in sorted(set(old) - set(new)):
        if _inside(folder, path):
            (folder / path).unlink(missing_ok=True)
            result.removed.append(path)
    write_text(folder / MANIFEST, json.dumps({"format": FORMAT, "pages": new}, indent=0, sort_keys=True) + "\n")
    result.seconds = time.perf_counter() - t0
    return result


def read_manifest(folder: Path) -> dict[str, str]:
    """Page path -> digest of the site in ``folder``; empty when none or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("pages"), dict):
        return {}
    return {str(k): str(v) for k, v in data["pages"].items()}


def write_text(path: Path, text: str) -> None:
    """Write ``text`` whole or not at all (a reader never sees half a page)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _inside(folder: Path, path: str) -> bool:
    """A manifest's path names a file of the site (never ``../x``)."""
    target = (folder / path).resolve()
    return target.is_relative_to(folder.resolve()) and target.suffix == ".html"
