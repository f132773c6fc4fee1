"""Places named inside a phrase that is not running text: an organization's name
(``комитет образования г. Читы``), a person's organization, a folder of the
archive (``Щербиновский_район/``).

They are read with the place rules of the text (``find_locations``) at extract
time: the ``orgs`` and ``people`` components put them on their records
(``OrgMention.places``, ``PersonMention.org_places``), so resolve, which tells
bodies and reports apart by them, reads records instead of running the place
extractor. A folder has no record (components see a report's text, not its
path): the ``folder_place`` component reads it from the document's place in
the archive, so resolve, here too, reads a record.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import PurePosixPath

from ..morph import parse
from ..records import FolderPlace, Inputs
from ..ruleset import RuleSet
from .locations import find_locations, location_rules

# the kinds of place a folder may name: a municipality or a settlement
FOLDER_KINDS = ("district", "urban_district", "city", "village", "settlement")
_ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz")
_FOLDER_NAME = re.compile(r"[А-ЯЁ][А-ЯЁа-яё-]*(?: [А-ЯЁа-яё][А-ЯЁа-яё.-]*)*")


def places_named(phrase: str, rules: RuleSet) -> tuple[tuple[str, str], ...]:
    """(name, kind) of the places ``phrase`` names, in order: ``ИМЦ г. Бердска`` →
    ``(("г. Бердск", "city"),)``."""
    return rules.derived("named_places", _places_named_of)(phrase)


def _places_named_of(rules: RuleSet) -> Callable[[str], tuple[tuple[str, str], ...]]:
    """``places_named`` of one rule set, remembered per phrase (an archive repeats
    the same few hundred organizations thousands of times)."""
    location_rules(rules)  # the table places are found by: what it reads, every lookup reads

    @lru_cache(maxsize=4096)
    def named(phrase: str) -> tuple[tuple[str, str], ...]:
        return tuple((loc.name, loc.kind) for loc in find_locations(phrase, rules))

    return named


def folder_place(source: str, rules: RuleSet) -> str:
    """The nearest folder of ``source`` that names a place, archives skipped:
    ``a.zip/Чита/x.txt`` → ``г. Чита``, ``Щербиновский район/x.docx`` → itself.
    A folder is a place when the place rules read it as one, or when it is a
    capitalized name that is a toponym or unknown to the dictionary (not ``Отчёты``)."""
    for part in reversed(PurePosixPath(source).parts[:-1]):
        if part.lower().endswith(_ARCHIVE_SUFFIXES):
            continue
        name = " ".join(part.replace("_", " ").split())
        found = [n for n, kind in places_named(name, rules) if kind in FOLDER_KINDS]
        if found:
            return found[0]
        if _FOLDER_NAME.fullmatch(name) and not re.search(r"\d", name):
            first = parse(name.split()[0])
            if not first[0].is_known or any("Geox" in p.tag for p in first):
                return name
    return ""


def component(doc: Inputs, rules: RuleSet) -> list[FolderPlace]:
    """The ``folder_place`` component (see ``extract.registry``)."""
    name = folder_place(doc.meta.source, rules) if doc.meta is not None else ""
    return [FolderPlace(name)] if name else []
