"""Schools: one row per school, and the school of every school mention.

A number is unique only within a municipality, so the key is (municipality,
kind, number); a school named after another district the report or the archive
names (``МБОУ «Тотемская СОШ № 1»`` in a report on the Сокольский округ) is
numbered there. A bare ``школа № 5`` is the one school numbered 5 there when
there is only one. A person's organization that is a numbered school of the
report points at that school, not at an organization.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..export.rows import SchoolRow
from ..place_words import is_place_adjective
from ..records import Document, Extraction
from ..ruleset import RuleSet
from .keys import best, fold, make_id
from .places import SETTLEMENT_KINDS, Place, municipality_key

GENERAL = ""  # the kind in the key of a school whose text writes no level (``школа № 5``)
_SCHOOL_NUMBER = re.compile(r"№\s*(\d+[а-яА-Я]?)\b")
_ADJECTIVE_BEFORE = re.compile(r"([А-ЯЁ][а-яё]+(?:ая|ий|ое|ой))[\s«\"]*$")
_ADJECTIVE_ENDING = re.compile(r"(?:ая|ий|ый|ое|ой|ого|ую)$")


def _adjective_stem(word: str) -> str:
    return _ADJECTIVE_ENDING.sub("", fold(word))


class Schools:
    """School rows and the school of every school mention (and of people's orgs)."""

    def __init__(self, docs: list[Document], extractions: dict[str, Extraction], places: dict[str, Place],
                 rules: RuleSet) -> None:
        self.rules = rules
        self.display = {p.key: p.name for p in places.values() if p.key}
        keys, self.mentions = {}, []
        for doc in docs:
            ex = extractions.get(doc.doc_id)
            if ex is None:
                continue
            for i, s in enumerate(ex.schools):
                scope = self._scope(doc, ex, s.start, places[doc.doc_id])
                keys[(doc.doc_id, i)] = (scope, GENERAL if s.general else fold(s.kind), fold(s.number))
                self.mentions.append((doc.doc_id, i, s))
        target = self._targets(set(keys.values()))
        self.ids = {k: make_id("sch", "|".join(target.get(v, v))) for k, v in keys.items()}
        self.keys = {self.ids[k]: target.get(v, v) for k, v in keys.items()}
        self.of_doc = defaultdict(set)
        for (doc_id, _), school_id in self.ids.items():
            self.of_doc[doc_id].add(school_id)
        self.rows = self._rows()

    def _scope(self, doc: Document, ex: Extraction, start: int, place: Place) -> str:
        """The report's municipality, unless the school's name says it is of another
        district the archive or the report names (``МБОУ «Тотемская СОШ № 1»`` in a
        report on the Сокольский округ): numbers are unique per municipality."""
        scope = place.key or f"doc:{doc.doc_id}"
        m = _ADJECTIVE_BEFORE.search(doc.text[max(0, start - 40):start])
        if not m or "ческ" in m.group(1).lower() or not is_place_adjective(m.group(1), self.rules):
            return scope
        stem = _adjective_stem(m.group(1))
        local = [municipality_key(loc.name) for loc in ex.locations if loc.kind in SETTLEMENT_KINDS + ("city",)]
        if any(stem.startswith(n[:4]) for n in [place.key, *local] if n):  # ``Линевская`` in р.п. Линево
            return scope
        districts = {municipality_key(loc.name): loc.name for loc in ex.locations
                     if loc.kind in ("district", "urban_district")}
        for key, name in sorted({**districts, **self.display}.items()):
            if _adjective_stem(key.split(" ")[0]) == stem:
                self.display.setdefault(key, name)
                return key
        return scope

    @staticmethod
    def _targets(keys: set[tuple[str, str, str]]) -> dict[tuple[str, str, str], tuple[str, str, str]]:
        """A bare ``школа № 5`` is the school numbered 5 of its municipality when only one
        school there has that number."""
        kinds = defaultdict(set)
        for scope, kind, number in keys:
            if kind != GENERAL:
                kinds[(scope, number)].add(kind)
        return {
            (scope, kind, number): (scope, min(kinds[(scope, number)]), number)
            for scope, kind, number in keys
            if kind == GENERAL and len(kinds[(scope, number)]) == 1
        }

    def _rows(self) -> dict[str, SchoolRow]:
        groups = defaultdict(list)
        for doc_id, i, s in self.mentions:
            groups[self.ids[(doc_id, i)]].append((doc_id, s))
        rows = {}
        for school_id, group in groups.items():
            scope, kind, _ = self.keys[school_id]
            municipality_name = self.display.get(scope, "")
            rows[school_id] = SchoolRow(
                school_id=school_id,
                kind=best(s.kind for _, s in group if fold(s.kind) == kind) or best(s.kind for _, s in group),
                number=_leading_int(best(s.number for _, s in group)),
                number_text=best(s.number for _, s in group),
                name=best(s.name for _, s in group),
                legal_form=best(s.legal_form for _, s in group),
                location=best(s.location for _, s in group) or municipality_name,
                municipality=municipality_name,
                n_documents=len({d for d, _ in group}),
            )
        return rows

    def of_org(self, doc_id: str, org: str) -> str:
        """The school a person's organization is (``СОШ № 4``, ``МКОУ «Линевская СОШ № 1»``)
        among the report's schools: same kind and number, else the only one with that number."""
        m = _SCHOOL_NUMBER.search(org)
        if not m:
            return ""
        number = fold(m.group(1))
        ids = sorted(sid for sid in self.of_doc[doc_id] if self.keys[sid][2] == number)
        same_kind = [sid for sid in ids if self.keys[sid][1] in fold(org)]
        if same_kind:
            return max(same_kind, key=lambda sid: (len(self.keys[sid][1]), sid))
        return ids[0] if len(ids) == 1 else ""


def school_label(row: SchoolRow) -> str:
    """How a school reads as a person's organization in the evidence."""
    return " ".join(filter(None, [row.legal_form, row.kind, f"№ {row.number_text}", row.name]))


def _leading_int(number: str) -> int | None:
    """``3`` of ``3а``; None when the number has no digits."""
    digits = number[: len(number) - len(number.lstrip("0123456789"))]
    return int(digits) if digits else None
