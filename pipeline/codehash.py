"""Code fingerprints: the project's own source a stage's output depends on.

A stage's cache key must change when its code does, not only when someone
remembers to bump a version string. The code a stage runs is its module and
every project module that module imports, transitively (imports inside
functions included, and the packages along the way, whose ``__init__`` runs on
import). The fingerprint hashes those files' bytes: an edit anywhere in them
(a comment too: cheap and safe) re-runs the stage; an edit elsewhere does not.

Imports are read with ``ast``, statically, so nothing is imported to find them;
a file's imports are memoized by its size and modification time, in this
process and, through ``memo``, across runs (the runner keeps it in its cache:
parsing every module again took a third of a no-op run).
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = "pipeline"
ROOT = Path(__file__).resolve().parent


def module_path(module: str) -> Path | None:
    """The source file of a project module (``pipeline.extract.dates``), or None."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = ROOT.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


class ImportMemo:
    """Each project file's imports by its stat (``module|mtime_ns|size``), read from and
    written back to a store between runs: ``known`` what the store held, ``used``
    what this run looked up (stale entries of edited files drop out)."""

    def __init__(self, known: dict[str, list[str]] | None = None) -> None:
        self.known = dict(known or {})
        self.used: dict[str, list[str]] = {}

    def imports(self, module: str, path: Path) -> frozenset[str]:
        stat = path.stat()
        key = f"{module}|{stat.st_mtime_ns}|{stat.st_size}"
        if key not in self.used:
            found = self.known.get(key)
            self.used[key] = found if found is not None else sorted(_imports_of(module, path, stat.st_mtime_ns,
                                                                                  stat.st_size))
        return frozenset(self.used[key])

    @property
    def changed(self) -> bool:
        return self.used != self.known


def _imports(module: str, path: Path, memo: ImportMemo | None) -> frozenset[str]:
    if memo is not None:
        return memo.imports(module, path)
    stat = path.stat()
    return _imports_of(module, path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1024)
def _imports_of(module: str, path: Path, mtime_ns: int, size: int) -> frozenset[str]:
    """Project modules ``module`` imports anywhere in its source."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = _package_of(module, path)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)  # ``from . import names``
    return frozenset(m for m in found if module_path(m) is not None)


def _with_parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def closure(*modules: str, memo: ImportMemo | None = None) -> list[str]:
    """``modules``, their parent packages and every project module they import,
    transitively; ``memo`` keeps each file's imports by its stat across calls."""
    seen: set[str] = set()
    stack = [p for m in modules for p in _with_parents(m)]
    while stack:
        module = stack.pop()
        if module in seen:
            continue
        path = module_path(module)
        if path is None:
            continue
        seen.add(module)
        for dep in _imports(module, path, memo):
            stack.extend(p for p in _with_parents(dep) if p not in seen)
    return sorted(seen)


def file_digests(*modules: str, memo: ImportMemo | None = None) -> dict[str, str]:
    """Module → SHA-256 (16 hex) of its source, over the closure of ``modules``."""
    out = {}
    for module in closure(*modules, memo=memo):
        path = module_path(module)
        assert path is not None
        stat = path.stat()
        out[module] = _file_digest(path, stat.st_mtime_ns, stat.st_size)
    return out


@lru_cache(maxsize=1024)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    """A file's digest, read once however many closures it is in (keyed by its stat)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def code_digest(*modules: str) -> str:
    """One hash of the source of ``modules`` and everything they import."""
    h = hashlib.sha256()
    for module, sha in file_digests(*modules).items():
        h.update(f"{module}\0{sha}\0".encode())
    return h.hexdigest()[:16]
