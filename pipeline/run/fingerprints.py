"""What each stage's output depends on besides its input, and what changed since.

A fingerprint is three things, all measured, none hand-written:
- **code**: the source of the stage's module and every project module it
  imports (``codehash``); a code edit re-runs exactly the stages it can affect;
- **packages**: the versions of the third-party packages and model files it uses;
- **rules**: the rule fields it *read when it last ran* with this code, each by
  its current value. The reads are recorded by the ``RuleSet`` and stored per
  (stage, code); a stage whose code is new has no record yet, so it runs, and
  its reads are recorded for the next run.

``changes`` says why a fingerprint differs from the one stored at the last run,
for ``svodka run --json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from ..cache import StageCache, digest
from ..codehash import ImportMemo, file_digests
from ..extract.registry import COMPONENTS
from ..ruleset import RuleSet

UNKNOWN_READS = "?"  # the rules part of a stage whose reads are not known yet

# the stages around extraction: their code and the packages they use
STAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ingest": ("pipeline.ingest", ("python-docx", "pypdfium2", "striprtf", "trafilatura", "charset-normalizer",
                                   "odfpy", "pymorphy3")),
    "annotate": ("pipeline.annotate", ("natasha", "slovnet", "navec", "razdel")),
    "resolve": ("pipeline.resolve", ("pymorphy3", "pymorphy3-dicts-ru")),
    "export": ("pipeline.export.writers", ("pandas", "pyarrow", "pandera", "duckdb", "openpyxl")),
}


def package_versions(packages: tuple[str, ...]) -> str:
    out = []
    for p in packages:
        try:
            out.append(f"{p}={version(p)}")
        except PackageNotFoundError:
            out.append(f"{p}=-")
    return ",".join(out)


@dataclass(frozen=True)
class Fingerprint:
    code: dict[str, str]  # module -> digest of its source
    packages: str
    rules: dict[str, str] = field(default_factory=dict)  # rule file or file#field -> digest of its value

    @property
    def key(self) -> str:
        return digest(json.dumps([self.code, self.packages, self.rules], sort_keys=True))

    def to_json(self) -> str:
        return json.dumps({"code": self.code, "packages": self.packages, "rules": self.rules}, sort_keys=True)

    def changes(self, before: str | None) -> list[str]:
        """What differs from a stored fingerprint, in words (``code: pipeline/extract/dates.py``)."""
        if not before:
            return ["first run with this cache"]
        old = json.loads(before)
        why = [f"code: {_path(m)}" for m in sorted(set(self.code) | set(old["code"]))
               if self.code.get(m) != old["code"].get(m)]
        if self.packages != old["packages"]:
            why.append("package versions")
        if UNKNOWN_READS in self.rules:
            why.append("rules it reads: not recorded yet for this code")
        else:
            why += [f"rules: {r}" for r in sorted(set(self.rules) | set(old["rules"]))
                    if self.rules.get(r) != old["rules"].get(r) and UNKNOWN_READS not in old["rules"]]
        return why


def _path(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _json_dict(text: str | None) -> dict | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class Fingerprints:
    """The fingerprints of one run: every stage's and component's, with the rule
    reads recorded in the cache. ``record_reads`` widens a component's reads when
    it read something new in this run (its fingerprint changes with them)."""

    def __init__(self, cache: StageCache, rules: RuleSet) -> None:
        self.cache, self.rules = cache, rules
        self.code: dict[str, dict[str, str]] = {}
        self.reads: dict[str, frozenset[str] | None] = {}
        names = {**{n: (m, p) for n, (m, p) in STAGES.items()},
                 **{n: (c.module, c.packages) for n, c in COMPONENTS.items()}}
        self.packages = {n: package_versions(p) for n, (_, p) in names.items()}
        memo = ImportMemo(_json_dict(cache.get_meta("code", "imports")))  # parsing every module took 0.2 s a run
        for name, (module, _) in names.items():
            self.code[name] = file_digests(module, memo=memo)
            stored = cache.get_meta("reads", self._reads_key(name))
            self.reads[name] = frozenset(json.loads(stored)) if stored is not None else None
        if memo.changed:
            cache.set_meta("code", "imports", json.dumps(memo.used, sort_keys=True))
        self.grown: set[str] = set()  # components whose reads grew in this run
        self._keys: dict[str, str] = {}  # name -> key, until its reads change

    def _reads_key(self, name: str) -> str:
        return f"{name}:{digest(json.dumps(self.code[name], sort_keys=True))}"

    def of(self, name: str) -> Fingerprint:
        reads = self.reads.get(name)
        rules = {UNKNOWN_READS: ""} if reads is None else self.rules.parts(reads)
        if name in ("ingest", "annotate", "export"):
            rules = {}  # they read no rules
        return Fingerprint(self.code[name], self.packages[name], rules)

    def key(self, name: str) -> str:
        """``of(name).key``, computed once (a run asks for it per document)."""
        if name not in self._keys:
            self._keys[name] = self.of(name).key
        return self._keys[name]

    def record_reads(self, name: str, reads: frozenset[str] | set[str]) -> bool:
        """Add what ``name`` read in this run; True when that widened its reads."""
        known = self.reads.get(name)
        if known is not None and set(reads) <= known:
            return False
        widened = frozenset(reads) | (known or frozenset())
        self.reads[name] = widened
        self._keys.pop(name, None)
        self.cache.set_meta("reads", self._reads_key(name), json.dumps(sorted(widened)))
        if known is not None:
            self.grown.add(name)
        return True

    def why(self, name: str) -> list[str]:
        """Why ``name``'s fingerprint is not the one of the last run."""
        return self.of(name).changes(self.cache.get_meta("fingerprint", name))

    def remember(self) -> None:
        """Store every fingerprint as the last run's (for the next ``why``)."""
        for name in self.code:
            self.cache.set_meta("fingerprint", name, self.of(name).to_json())
