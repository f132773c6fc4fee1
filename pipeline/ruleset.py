"""One set of rules, loaded from one models folder and handed to the components.

Components never look rules up themselves: they get a ``RuleSet`` and ask it for
a rule file (``rules.file("dates.yaml")["months"]``) or for a table built from
rule files (``rules.derived("dates", build)``, built once per rule set). Two rule
sets live side by side in one process (a test, or a comparison of two models
folders), each with its own tables.

Every read is recorded, down to the top-level field (``dates.yaml#months``), for
whoever is ``recording``: the runner keys a component's cache entries by exactly
the rule fields it read when it ran, not by a hand-written list. A table built
once replays the reads it was built from to every later reader.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from .rules import RuleError, RuleFile, load_rule_file

T = TypeVar("T")


class RecordedFields(dict):
    """A rule file's top-level fields; reading one records ``file#field``. Reading
    the mapping as a whole (iteration, ``items``) records the whole file."""

    def __init__(self, owner: RuleSet, name: str, path: str, data: dict) -> None:
        super().__init__(data)
        self._owner, self._name, self.path = owner, name, path

    def __getitem__(self, key: str) -> Any:
        self._owner._read(f"{self._name}#{key}")
        if not dict.__contains__(self, key):
            raise RuleError(self.path, None, f"missing field {key!r} (see models/schema.yaml)")
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        self._owner._read(f"{self._name}#{key}")
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        self._owner._read(f"{self._name}#{key}")
        return dict.__contains__(self, key)

    def __iter__(self) -> Iterator[str]:
        self._owner._read(self._name)
        return dict.__iter__(self)

    def items(self):
        self._owner._read(self._name)
        return dict.items(self)

    def values(self):
        self._owner._read(self._name)
        return dict.values(self)

    def keys(self):
        self._owner._read(self._name)
        return dict.keys(self)


class RuleSet:
    """The rule files of one models folder, parsed once, and the tables built from them."""

    def __init__(self, models_dir: Path) -> None:
        self.models_dir = Path(models_dir)
        self._files: dict[str, RuleFile] = {}
        self._fields: dict[str, RecordedFields] = {}
        self._derived: dict[str, tuple[Any, frozenset[str]]] = {}
        self._recorders: list[_Reads] = []
        self._digest: str | None = None
        self._parts: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"RuleSet({str(self.models_dir)!r})"

    def __reduce__(self):
        # a worker process or host gets the folder, and builds its own tables: once,
        # for every payload it is sent with (see ``_in_process``)
        return (_in_process, (self.models_dir, self.digest()))

    # ------------------------------------------------------------------ reading

    def rule_file(self, name: str) -> RuleFile:
        """The parsed file, unrecorded (for checks and fingerprints)."""
        if name not in self._files:
            self._files[name] = load_rule_file(name, self.models_dir)
        return self._files[name]

    def file(self, name: str) -> RecordedFields:
        """A rule file's fields; each field read is recorded."""
        if name not in self._fields:
            rf = self.rule_file(name)
            if not isinstance(rf.data, dict):
                raise RuleError(str(self.models_dir / name), 1, "a rule file is a mapping of fields")
            self._fields[name] = RecordedFields(self, name, str(self.models_dir / name), dict(rf.data))
        return self._fields[name]

    def derived(self, key: str, build: Callable[[RuleSet], T]) -> T:
        """``build(self)``, once per rule set; its reads are replayed to every caller."""
        if key not in self._derived:
            with self.recording() as reads:
                value = build(self)
            self._derived[key] = (value, frozenset(reads))
        value, recorded = self._derived[key]
        for rec in self._recorders:  # a table is read per token: replay its reads once per recording
            if key not in rec.replayed:
                rec.replayed.add(key)
                rec.update(recorded)
        return value

    def _read(self, name: str) -> None:
        for rec in self._recorders:
            rec.add(name)

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """The names (``file`` or ``file#field``) read inside the block."""
        reads = _Reads()
        self._recorders.append(reads)
        try:
            yield reads
        finally:
            # by identity: ``list.remove`` compares sets by value, and an enclosing
            # recording that read the same names is equal to this one
            del self._recorders[next(i for i, r in enumerate(self._recorders) if r is reads)]

    # ------------------------------------------------------------------ fingerprints

    def parts(self, reads: Iterable[str]) -> dict[str, str]:
        """Hash of each read name: a whole file by its bytes, a field by its parsed
        value (so an edit elsewhere in the file leaves it as it was)."""
        return {name: self._part(name) for name in sorted(set(reads))}

    def _part(self, name: str) -> str:
        if name not in self._parts:
            file, _, field = name.partition("#")
            rf = self.rule_file(file)
            if field:
                value = rf.data.get(field) if isinstance(rf.data, dict) else None
                text = json.dumps(value, ensure_ascii=False, sort_keys=True)
                self._parts[name] = hashlib.sha256(text.encode()).hexdigest()[:16]
            else:
                self._parts[name] = rf.sha256[:16]
        return self._parts[name]

    def digest(self) -> str:
        """Hash of every rule file of the folder (equal digests: equal rules)."""
        if self._digest is None:
            h = hashlib.sha256()
            for path in sorted(self.models_dir.glob("*.yaml")):
                h.update(path.name.encode() + b"\0" + self.rule_file(path.name).sha256.encode() + b"\0")
            self._digest = h.hexdigest()[:16]
        return self._digest


class _Reads(set):
    """The names read inside one ``recording``, and the derived tables already replayed into it."""

    def __init__(self) -> None:
        super().__init__()
        self.replayed: set[str] = set()


_IN_PROCESS: dict[tuple[Path, str], RuleSet] = {}


def _in_process(models_dir: Path, digest: str) -> RuleSet:
    """A rule set unpickled: the one of this process for that folder and content. A
    worker gets the rule set with every payload (and its warm-up); it builds the
    tables once, not once per payload."""
    key = (Path(models_dir), digest)
    if key not in _IN_PROCESS:
        _IN_PROCESS[key] = RuleSet(models_dir)
    return _IN_PROCESS[key]
