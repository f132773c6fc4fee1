"""No import cycles among the pipeline's modules.

An import inside a function counts like one at the top: it hides a cycle from
the interpreter (the second module is imported late), not from the design. A
module importing its own package (``from . import DB_NAME`` in a package's
submodule) is not an edge: importing a submodule imports its packages first
anyway.
"""

from __future__ import annotations

import ast
from pathlib import Path

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package)."""
    out = {}
    for path in sorted(PIPELINE.rglob("*.py")):
        parts = list(path.relative_to(PIPELINE.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if package else parts)] = (path, package)
    return out


def import_graph() -> dict[str, set[str]]:
    """Module -> the pipeline modules it imports, wherever in the file."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, (path, package) in modules.items():
        here = name if package else name.rpartition(".")[0]
        out: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                out.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    if sub in modules:
                        out.add(sub)  # from . import names
                    elif target in modules:
                        out.add(target)  # from .orgs import org_rules
        graph[name] = {t for t in out if t != name and not name.startswith(t + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_check_sees_imports_inside_functions():
    graph = {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert cycles(graph) == [["a", "b"]]
    # the runner's table step imports the writers (pandas and friends) only inside a function
    assert "pipeline.export" in import_graph()["pipeline.run.tables"]


def test_no_import_cycles_among_pipeline_modules():
    assert cycles(import_graph()) == []


def test_extractors_and_resolve_look_no_rules_up_themselves():
    """Rules are passed in (a ``RuleSet``): no extractor, nor resolve, opens a rule file
    by name, knows the models folder, or reads the environment."""
    files = sorted((PIPELINE / "extract").glob("*.py")) + sorted((PIPELINE / "resolve").glob("*.py"))
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [a.name for a in node.names] + [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, (ast.Name, ast.Attribute)):
                names = [node.id if isinstance(node, ast.Name) else node.attr]
            found += [f"{path.name}: {n}" for n in names if n in {"rule_file", "MODELS_DIR", "os", "environ", "getenv"}]
    assert found == []


def test_resolve_calls_no_extractor():
    """Resolve reads records and rule tables: the places an organization's name names
    come with its record (``OrgMention.places``, read at extract time), the place a
    report's folder names too (the ``folder_place`` component), and a place adjective
    is a shared word test (``pipeline.place_words``)."""
    graph = import_graph()
    reach = {m: sorted(d for d in deps if d.startswith("pipeline.extract"))
             for m, deps in graph.items() if m.startswith("pipeline.resolve")}
    assert {m: deps for m, deps in reach.items() if deps} == {}
