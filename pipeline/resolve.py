"""Resolve stage: mentions across the archive → one row per real person, school,
organization; stable IDs derived from normalized keys, never from row order.

- Persons: same surname (ё = е) and compatible initials (``О.`` fits ``О.Я.``).
- Schools: a number is unique only within a municipality, so the key is
  (municipality, kind, number); a report's municipality comes from its text,
  failing that from its folder in the archive.
- Organizations: an abbreviation and its expansion are one row.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .records import Document, Extraction

MUNICIPAL_KINDS = ("district", "urban_district", "city", "village", "settlement")


def make_id(prefix: str, key: str) -> str:
    return f"{prefix}_{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е").strip()


@dataclass
class Tables:
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))


def municipality(doc: Document, ex: Extraction | None) -> str:
    """Where a report's schools are: its first municipal place, else its folder."""
    if ex is not None:
        for loc in ex.locations:
            if loc.kind in MUNICIPAL_KINDS:
                return loc.name
    parts = PurePosixPath(doc.source).parts
    return parts[-2] if len(parts) > 1 else ""


def resolve(docs: list[Document], extractions: dict[str, Extraction]) -> dict[str, list[dict]]:
    t: dict[str, list[dict]] = defaultdict(list)
    persons = _PersonIndex()
    schools: dict[str, dict] = {}
    orgs: dict[str, dict] = {}
    for doc in sorted(docs, key=lambda d: d.source):
        t["documents"].append(
            {"doc_id": doc.doc_id, "source": doc.source, "format": doc.format, "status": doc.status,
             "error": doc.error, "error_code": doc.error_code, "title": doc.title, "n_chars": doc.n_chars,
             "sha256": doc.sha256, "size": doc.size, "encoding": doc.encoding}
        )
        t["texts"].append({"doc_id": doc.doc_id, "text": doc.text})
        ex = extractions.get(doc.doc_id)
        if ex is None:
            continue
        place = municipality(doc, ex)
        for o in ex.orgs:
            org_id = _org(orgs, o)
            t["org_mentions"].append(
                {"doc_id": doc.doc_id, "org_id": org_id, "name": o.name, "start": o.start, "end": o.end, "text": o.text}
            )
        for s in ex.schools:
            key = f"{_fold(place)}|{_fold(s.kind)}|{_fold(s.number)}"
            school_id = make_id("sch", key)
            row = schools.setdefault(
                school_id,
                {"school_id": school_id, "kind": s.kind, "number": s.number, "name": "", "legal_form": "",
                 "location": s.location or place, "municipality": place},
            )
            row["name"] = row["name"] or s.name
            row["legal_form"] = row["legal_form"] or s.legal_form
            t["school_mentions"].append(
                {"doc_id": doc.doc_id, "school_id": school_id, "number": s.number, "kind": s.kind,
                 "start": s.start, "end": s.end, "text": s.text}
            )
        for p in ex.persons:
            t["person_mentions"].append(
                {"doc_id": doc.doc_id, "person_id": persons.add(p), "name": p.name, "role": "; ".join(p.roles),
                 "org": p.org, "org_id": _org_id_for(orgs, p.org), "start": p.start, "end": p.end, "text": p.text,
                 "gender": p.gender}
            )
        for d in ex.dates:
            t["dates"].append(
                {"doc_id": doc.doc_id, "value": d.value, "kind": d.kind, "year_inferred": d.year_inferred,
                 "start": d.start, "end": d.end, "text": d.text}
            )
        for f in ex.formats:
            t["event_formats"].append(
                {"doc_id": doc.doc_id, "format": f.format, "start": f.start, "end": f.end, "text": f.text}
            )
        for loc in ex.locations:
            t["locations"].append(
                {"doc_id": doc.doc_id, "name": loc.name, "kind": loc.kind, "start": loc.start, "end": loc.end,
                 "text": loc.text}
            )
        for n, e in enumerate(ex.events):
            t["events"].append(
                {"event_id": make_id("evt", f"{doc.doc_id}|{n}"), "doc_id": doc.doc_id, "format": e.format,
                 "title": e.title, "date": e.date, "venue": e.venue, "location": e.location or place,
                 "organizer": e.organizer, "participants": e.participants}
            )
    t["persons"] = persons.rows()
    t["schools"] = sorted(schools.values(), key=lambda r: r["school_id"])
    t["organizations"] = sorted(orgs.values(), key=lambda r: r["org_id"])
    # person mentions point at the final (merged) person rows
    final = persons.final_ids()
    for row in t["person_mentions"]:
        row["person_id"] = final[row["person_id"]]
    return t


def _org_key(name: str, abbreviation: str) -> str:
    return _fold(name)


def _org(orgs: dict[str, dict], o) -> str:
    org_id = make_id("org", _org_key(o.name, o.abbreviation))
    row = orgs.setdefault(
        org_id, {"org_id": org_id, "name": o.name, "abbreviation": o.abbreviation, "full_name": o.full_name, "kind": o.kind}
    )
    row["full_name"] = row["full_name"] or o.full_name
    return org_id


def _org_id_for(orgs: dict[str, dict], name: str) -> str:
    if not name:
        return ""
    org_id = make_id("org", _fold(name))
    return org_id if org_id in orgs else ""


class _PersonIndex:
    """Groups person mentions by surname and compatible initials."""

    def __init__(self) -> None:
        self.by_key: dict[str, dict] = {}

    @staticmethod
    def key(p) -> str:
        return f"{_fold(p.surname)}|{_fold(p.initials)}"

    def add(self, p) -> str:
        key = self.key(p)
        row = self.by_key.setdefault(
            key, {"surname": p.surname, "first_name": "", "patronymic": "", "initials": p.initials, "gender": ""}
        )
        row["first_name"] = row["first_name"] or p.first_name
        row["patronymic"] = row["patronymic"] or p.patronymic
        row["gender"] = row["gender"] or p.gender
        return key

    def _target(self, key: str) -> str:
        surname, initials = key.split("|")
        if len(initials) >= 4:
            return key
        fuller = [k for k in self.by_key if k.startswith(f"{surname}|{initials}") and k != key]
        return fuller[0] if len(fuller) == 1 else key

    def final_ids(self) -> dict[str, str]:
        return {k: make_id("per", self._target(k)) for k in self.by_key}

    def rows(self) -> list[dict]:
        out = {}
        for k, row in self.by_key.items():
            target = self._target(k)
            pid = make_id("per", target)
            merged = out.setdefault(pid, {"person_id": pid, **self.by_key[target], "evidence": ""})
            for f in ("first_name", "patronymic", "gender"):
                merged[f] = merged[f] or row[f]
            if target != k:
                merged["evidence"] = "; ".join(filter(None, [merged["evidence"], f"{row['surname']} {row['initials']} ⊂ initials"]))
        for r in out.values():
            r["name"] = f"{r['surname']} {r['initials']}".strip()
        return sorted(out.values(), key=lambda r: r["person_id"])
