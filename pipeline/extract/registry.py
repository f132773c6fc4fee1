"""Every extraction component, declared once.

A component is a pure function ``(Inputs, RuleSet) -> list[record]`` in its own
module, declared here with what it requires (the text, natasha's annotation,
other components' records), the rule files it reads, the record it assigns and
where its records go, the way spaCy's ``Language.factory(requires=…,
assigns=…)`` or kedro's ``node(func, inputs, outputs)`` declare theirs.

Everything else is derived from this one table: the order components run in,
their cache keys (the code of ``func``'s module and what it imports, the rule
fields the component read when it ran, its inputs), what a worker is sent, which
tables a rule edit rebuilds, and what ``svodka rules check`` validates. Adding a
component is a module with a ``component`` function, its rule file, and one
``register`` call below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..records import (
    DateMention,
    Event,
    FolderPlace,
    FormatMention,
    Inputs,
    LocationMention,
    OrgMention,
    PersonMention,
    ReportDate,
    SchoolMention,
)
from ..ruleset import RuleSet
from . import dates, events, formats, locations, named_places, orgs, report_date, roles, schools

TEXT, ANNOTATION, DOCUMENT = "text", "annotation", "document"  # DOCUMENT: the file's ``DocMeta``


@dataclass(frozen=True)
class Component:
    name: str
    func: Callable[[Inputs, RuleSet], list]
    requires: tuple[str, ...]  # TEXT, ANNOTATION, DOCUMENT, or names of components declared before it
    rules: tuple[str, ...]  # rule files it reads (validated before a run; a test checks the list)
    assigns: type  # the record type of its output
    field: str  # the ``Extraction`` field its records fill
    tables: tuple[str, ...] = ()  # tables built straight from its records (no resolution)
    entities: bool = False  # the tables resolve builds whole read it: documents, persons, organizations, schools
    packages: tuple[str, ...] = ("pymorphy3", "pymorphy3-dicts-ru")  # their versions key the cache too

    @property
    def module(self) -> str:
        """Where its code starts: the module's source and its imports key the cache."""
        return self.func.__module__

    @property
    def consumes(self) -> tuple[str, ...]:
        """The components whose records it reads."""
        return tuple(r for r in self.requires if r not in (TEXT, ANNOTATION, DOCUMENT))

    @property
    def reads_annotation(self) -> bool:
        return ANNOTATION in self.requires

    @property
    def reads_document(self) -> bool:
        return DOCUMENT in self.requires


COMPONENTS: dict[str, Component] = {}


def register(name: str, func: Callable[[Inputs, RuleSet], list], *, requires: Iterable[str],
             rules: Iterable[str], assigns: type, field: str, tables: Iterable[str] = (),
             entities: bool = False) -> Component:
    requires = tuple(requires)
    unknown = [r for r in requires if r not in (TEXT, ANNOTATION, DOCUMENT) and r not in COMPONENTS]
    if unknown:
        raise ValueError(f"component {name!r} requires {unknown}, not declared before it")
    c = Component(name, func, requires, tuple(rules), assigns, field, tuple(tables), entities)
    COMPONENTS[name] = c
    return c


register("dates", dates.component, requires=[TEXT, DOCUMENT], rules=["dates.yaml"],
         assigns=DateMention, field="dates", tables=["dates"])
register("report_date", report_date.component, requires=[TEXT, DOCUMENT], rules=["dates.yaml"],
         assigns=ReportDate, field="report_date", entities=True)
register("folder_place", named_places.component, requires=[DOCUMENT], rules=["locations.yaml"],
         assigns=FolderPlace, field="folder_place", entities=True)
register("formats", formats.component, requires=[TEXT], rules=["event_formats.yaml"],
         assigns=FormatMention, field="formats", tables=["event_formats"])
register("locations", locations.component, requires=[TEXT], rules=["locations.yaml"],
         assigns=LocationMention, field="locations", tables=["locations"], entities=True)
register("schools", schools.component, requires=[TEXT], rules=["schools.yaml", "locations.yaml"],
         assigns=SchoolMention, field="schools", entities=True)
register("orgs", orgs.component, requires=[TEXT, ANNOTATION],
         rules=["organizations.yaml", "roles.yaml", "schools.yaml", "locations.yaml"],
         assigns=OrgMention, field="orgs", entities=True)
register("people", roles.component, requires=[TEXT, ANNOTATION, "schools", "orgs"],
         rules=["names.yaml", "roles.yaml", "organizations.yaml", "schools.yaml", "locations.yaml"],
         assigns=PersonMention, field="persons", entities=True)
register("events", events.component, requires=[TEXT, "schools", "dates", "formats", "locations", "orgs"],
         rules=["events.yaml", "event_formats.yaml"],
         assigns=Event, field="events", tables=["events"], entities=True)


def inputs_of(names: Iterable[str]) -> set[str]:
    """The components that ``names`` read, directly or through one another."""
    out: set[str] = set()
    stack = list(names)
    while stack:
        for dep in COMPONENTS[stack.pop()].consumes:
            if dep not in out:
                out.add(dep)
                stack.append(dep)
    return out


def rule_files() -> tuple[str, ...]:
    """Every rule file some component declares (``svodka rules check`` validates them)."""
    return tuple(sorted({f for c in COMPONENTS.values() for f in c.rules}))


def simple_tables() -> tuple[str, ...]:
    """Tables built straight from records of components resolve builds no entity from."""
    return tuple(t for c in COMPONENTS.values() for t in c.tables)
