"""Rule files (lexicons, abbreviation tables, patterns) live as YAML in ``models/``.

Rules are data, the engine is code. This module reads a rule file strictly
(duplicate keys and duplicate list entries are errors naming file and line),
and validates it against ``models/schema.yaml``. Reading rules for the
components, and recording what each read, is ``ruleset.RuleSet``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import RuleError
from .project import default_models_dir

# The rules of this process, chosen once at import (``project.default_models_dir``):
# SVODKA_MODELS_DIR (try a lexicon edit on a copy without touching models/), else
# models/ of the project folder the current directory is in, else the rules
# shipped in the wheel.
MODELS_DIR = default_models_dir()


if TYPE_CHECKING:  # CSafeLoader shares SafeLoader's API, not its class; type against the latter
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ~10× faster


class _StrictLoader(_BaseLoader):
    """SafeLoader that refuses duplicate mapping keys (PyYAML silently keeps the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise RuleError(
                str(getattr(loader, "name", "?")),
                key_node.start_mark.line + 1,
                f"duplicate key {key!r} (first defined on line {seen[key]})",
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class Fields(dict):
    """A rule file's top-level fields: a field the engine needs and the file lacks is
    a RuleError naming the file (a copy of models/ older than the code), not a KeyError."""

    def __init__(self, path: str, data: dict) -> None:
        super().__init__(data)
        self.path = path

    def __missing__(self, key: str):
        raise RuleError(self.path, None, f"missing field {key!r} (see models/schema.yaml)")


@dataclass(frozen=True)
class RuleFile:
    name: str  # file name relative to models/, e.g. "schools.yaml"
    data: Any
    sha256: str


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RuleError(str(path), None, f"cannot read rule file: {exc.strerror}") from exc


def _parse(path: Path, raw: bytes) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of one rule file, parsed once."""
    try:
        loader = _StrictLoader(raw.decode("utf-8"))
        loader.name = str(path)
        try:
            node = loader.get_single_node()
            if node is not None:
                _no_aliases(node, str(path))
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except UnicodeDecodeError as exc:
        raise RuleError(str(path), None, "rule files must be UTF-8") from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RuleError(str(path), line, f"bad YAML: {exc.problem}") from exc
    return node, data


def _no_aliases(root: yaml.Node, path: str) -> None:
    """Refuse a node reached twice (a YAML alias, ``*name``): rule files need none,
    and an alias bomb (each list repeating the previous one) expands to billions
    of entries in whoever walks it. Visits each node once."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise RuleError(path, node.start_mark.line + 1, "YAML aliases (*name) are not allowed in rule files")
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in node.value for v in pair)


def load_rule_file(name: str, models_dir: Path | None = None) -> RuleFile:
    """Read and parse ``models/<name>``; every problem is a RuleError with file:line."""
    path = (models_dir or MODELS_DIR) / name
    raw = _read(path)
    data = _parse(path, raw)[1]
    if isinstance(data, dict):
        data = Fields(str(path), data)
    return RuleFile(name=name, data=data, sha256=hashlib.sha256(raw).hexdigest())


def check_unique(items: list[str], path: str, what: str) -> None:
    """Fail on a repeated lexicon entry (case-insensitive), naming it."""
    seen: set[str] = set()
    for item in items:
        key = item.casefold()
        if key in seen:
            raise RuleError(path, None, f"duplicate {what} {item!r}")
        seen.add(key)


_TYPES = {"list": list, "mapping": dict, "string": str, "integer": int, "boolean": bool, "regex": str}


def validate_rule_file(name: str, models_dir: Path | None = None) -> RuleFile:
    """Parse ``models/<name>`` and check it against ``models/schema.yaml``: known
    top-level fields of the declared types (``list[string]``: a list of strings,
    ``mapping[string]``: a mapping to strings, ``regex``: a regular expression
    that compiles), and no entry listed twice. Every problem names the file and line."""
    file = (models_dir or MODELS_DIR) / name
    raw = _read(file)
    node, data = _parse(file, raw)
    rf = RuleFile(name=name, data=data, sha256=hashlib.sha256(raw).hexdigest())
    path = str(file)
    schema = load_rule_file("schema.yaml", models_dir).data or {}
    if name not in schema:
        raise RuleError(path, None, "not declared in models/schema.yaml")
    if not isinstance(node, yaml.MappingNode):
        raise RuleError(path, 1, "a rule file is a mapping of fields")
    fields = schema[name]
    missing = [f for f in fields if f not in rf.data]
    if missing:
        raise RuleError(path, None, f"missing field {missing[0]!r} (declared in models/schema.yaml)")
    for key_node, value_node in node.value:
        key = key_node.value
        line = key_node.start_mark.line + 1
        if key not in fields:
            raise RuleError(path, line, f"unknown field {key!r} (known: {', '.join(fields)})")
        _check_type(value_node, rf.data[key], fields[key], path, f"field {key!r}")
        _no_repeats(value_node, path)
    return rf


def _check_type(node: yaml.Node, value: object, spec: str, path: str, what: str) -> None:
    """``value`` (parsed from ``node``) is of the schema type ``spec``."""
    base, _, inner = spec.partition("[")
    line = node.start_mark.line + 1
    want = _TYPES[base]
    if not isinstance(value, want) or (want is int and isinstance(value, bool)):
        raise RuleError(path, line, f"{what} must be a {spec}")
    if base == "regex":
        try:
            re.compile(str(value))
        except re.error as exc:
            raise RuleError(path, line, f"{what} is not a valid regular expression: {exc}") from exc
    if not inner:
        return
    inner = inner.rstrip("]")
    if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        for item_node, item in zip(node.value, value):
            _check_type(item_node, item, inner, path, f"an entry of {what}")
    elif isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        for (key_node, item_node), item in zip(node.value, value.values()):
            _check_type(item_node, item, inner, path, f"the value of {key_node.value!r} in {what}")


def _no_repeats(node: yaml.Node, path: str) -> None:
    """A list that names one entry twice is a mistake. (Exact comparison: some
    matchers are case-sensitive, so ``д/с`` and ``Д/С`` are two entries.)"""
    if isinstance(node, yaml.SequenceNode):
        seen: dict[str, int] = {}
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                key = item.value
                if key in seen:
                    raise RuleError(path, item.start_mark.line + 1,
                                    f"duplicate entry {item.value!r} (first on line {seen[key]})")
                seen[key] = item.start_mark.line + 1
            else:
                _no_repeats(item, path)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            _no_repeats(value, path)
