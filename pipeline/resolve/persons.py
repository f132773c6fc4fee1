"""Persons: person mentions across the archive joined into people.

Mentions with the same surname (ё = е) and compatible initials (``О.`` fits
``О.Я.``) are joined pairwise, strongest evidence first (same document, shared
organization or school, same municipality, no place to contradict). Different
municipalities or regions, conflicting genders, first names or patronymics keep
them apart unless a shared organization or the same document joins them; a
short form that fits two people joins neither. Every row says why in
``evidence``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cached_property

from ..export.rows import PersonRow
from ..records import PersonMention
from .keys import best, fold, make_id
from .places import Place


@dataclass(frozen=True)
class PersonRef:
    """A person mention with what resolution needs to know about its report."""

    row: int  # index into person_mentions
    doc_id: str
    order: tuple[str, int]  # (source, start): a content-based sort key
    p: PersonMention
    place: Place
    org_id: str  # of the mention's organization, when it is an ``organizations`` row
    school_id: str  # of the mention's organization, when it is a school of the report
    letters: str  # folded letters of the initials: "оя"

    @cached_property
    def orgs(self) -> frozenset[str]:
        """The org_id / school_id of the mention."""
        return frozenset(filter(None, [self.org_id, self.school_id]))


class _Cluster:
    """Mentions taken for one person, with the sets the comparisons read kept up to date."""

    def __init__(self, ref: PersonRef) -> None:
        self.refs = [ref]
        self.reasons: list[str] = []
        self.letters = ref.letters
        self.names = {attr: {fold(getattr(ref.p, attr))} - {""} for attr in ("first_name", "patronymic", "gender")}
        self.docs = {ref.doc_id}
        self.munis = {ref.place.key} - {""}
        self.regions = {ref.place.region} - {""}
        self.orgs = set(ref.orgs)
        self.order = ref.order

    def absorb(self, other: _Cluster, why: str) -> None:
        self.refs += other.refs
        self.reasons += other.reasons + [why]
        self.letters = max(self.letters, other.letters, key=len)
        for attr, values in other.names.items():
            self.names[attr] |= values
        self.docs |= other.docs
        self.munis |= other.munis
        self.regions |= other.regions
        self.orgs |= other.orgs
        self.order = min(self.order, other.order)


def initial_letters(initials: str) -> str:
    return re.sub(r"[^а-я]", "", fold(initials))


def _fits(a: str, b: str) -> bool:
    """Initials fit when one spells the start of the other (``о`` fits ``оя``)."""
    return a.startswith(b) or b.startswith(a)


def _conflicts(a: _Cluster, b: _Cluster) -> list[str]:
    """What in the names speaks against one person (only evidence can outweigh it)."""
    out = []
    for attr, what in (("first_name", "first names"), ("patronymic", "patronymics"), ("gender", "genders")):
        both = a.names[attr] | b.names[attr]
        if len(both) > 1:
            out.append(f"{what} {'/'.join(sorted(both))}")
    return out


class Persons:
    """Clusters person mentions into persons (see the module doc)."""

    def __init__(self, refs: list[PersonRef], org_names: dict[str, str], place_names: dict[str, str]) -> None:
        self.org_names, self.place_names = org_names, place_names
        groups: dict[tuple[str, str], list[_Cluster]] = defaultdict(list)
        for ref in sorted(refs, key=lambda r: r.order):  # only the same surname and first initial can fit
            groups[(fold(ref.p.surname), ref.letters[:1])].append(_Cluster(ref))
        self.clusters: list[_Cluster] = []
        for key in sorted(groups):
            self.clusters += self._merge(self._same_name_and_place(groups[key]))

    def _same_name_and_place(self, clusters: list[_Cluster]) -> list[_Cluster]:
        """Mentions written alike (same initials, first name, patronymic, gender) in one
        municipality are one person by the rules above; joining them first keeps the
        pairwise merge small, which is cubic in the mentions of one surname."""
        out: list[_Cluster] = []
        by_signature: dict[tuple, _Cluster] = {}
        for c in clusters:
            ref = c.refs[0]
            if not ref.place.key:
                out.append(c)
                continue
            signature = (c.letters, *(fold(getattr(ref.p, a)) for a in ("first_name", "patronymic", "gender")),
                         ref.place.key, ref.place.region)
            first = by_signature.get(signature)
            if first is None:
                by_signature[signature] = c
                out.append(c)
            else:
                first.absorb(c, "municipality " + self.place_names[ref.place.key])
        return out

    def _evidence(self, a: _Cluster, b: _Cluster) -> tuple[int, str]:
        """How strongly the data says a and b are one person (0: it does not), and why."""
        if a.docs & b.docs:
            return 4, "same document"
        shared = a.orgs & b.orgs
        if shared:
            return 3, "shared org " + min(self.org_names.get(o, o) for o in shared)
        if a.munis & b.munis:
            return 2, "municipality " + self.place_names[min(a.munis & b.munis)]
        if a.munis and b.munis:
            return 0, "different municipality"
        if a.regions and b.regions and not a.regions & b.regions:
            return 0, "different region"
        reg = min(a.regions | b.regions, default="")
        return 1, "no municipality to compare" + (f", region {reg}" if reg else "")

    def _pair(self, a: _Cluster, b: _Cluster) -> tuple[int, str]:
        """Evidence for joining a and b, 0 when the names or places forbid it."""
        if not _fits(a.letters, b.letters):
            return 0, "different initials"
        strength, why = self._evidence(a, b)
        conflicts = _conflicts(a, b)
        if conflicts and strength < 3:
            return 0, "; ".join(conflicts)
        if conflicts:
            why += f" (despite {'; '.join(conflicts)})"
        return strength, why

    def _ambiguous(self, a: _Cluster, b: _Cluster, strength: int, clusters: list[_Cluster]) -> _Cluster | None:
        """The one of a and b that fits, as strongly, someone who cannot be the other
        (``Ласкан О.`` next to both ``Ласкан О.Я.`` and ``Ласкан О.П.``; ``Ласкан О.Я.``
        next to ``Ольга Яковлевна`` and ``Оксана Яковлевна``): then neither join is safe."""
        for x, y in ((a, b), (b, a)):
            for c in clusters:
                if c is not x and c is not y and self._pair(x, c)[0] >= strength and not self._pair(y, c)[0]:
                    return x
        return None

    def _merge(self, clusters: list[_Cluster]) -> list[_Cluster]:
        """Join the strongest unambiguous pair until none is left (exact initials first)."""
        while True:
            pairs = []
            for i, a in enumerate(clusters):
                for b in clusters[i + 1:]:
                    strength, why = self._pair(a, b)
                    if strength:
                        pairs.append((-strength, a.letters != b.letters, a.order, b.order, why, a, b))
            unsure = []
            for neg, _, _, _, why, a, b in sorted(pairs, key=lambda t: t[:4]):
                if (x := self._ambiguous(a, b, -neg, clusters)) is not None:
                    unsure.append(x)
                    continue
                a.absorb(b, why)
                clusters.remove(b)
                break
            else:
                for x in unsure:
                    x.reasons.append(f"{x.refs[0].p.name} fits more than one person: not joined")
                return clusters

    def rows(self) -> tuple[list[PersonRow], dict[int, str]]:
        """Person rows and the person_id of every mention row."""
        rows: list[PersonRow] = []
        ids: dict[int, str] = {}
        keys = Counter(self._base_key(c) for c in self.clusters)
        taken: Counter[str] = Counter()
        for c in sorted(self.clusters, key=lambda c: c.order):
            key = self._base_key(c)
            if keys[key] > 1:  # two people with one name in one place: tell them apart by what differs
                key += "|" + "|".join(sorted(c.names["first_name"]) + sorted(c.names["patronymic"])
                                      + sorted(c.names["gender"]))
                taken[key] += 1
                key += f"|{taken[key]}" if taken[key] > 1 else ""
            row = self._row(c, make_id("per", key))
            rows.append(row)
            ids.update({r.row: row.person_id for r in c.refs})
        namesakes: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        for n, row in enumerate(rows):
            letters = initial_letters(row.initials)
            namesakes[(fold(row.surname), letters[:1])].append((letters, n))
        evidence = {}
        for group in namesakes.values():
            for letters, n in group:
                apart = [rows[o] for lo, o in group if o != n and _fits(lo, letters)]
                evidence[n] = "; ".join(filter(None, [rows[n].evidence, _apart(apart)]))
        rows = [replace(row, evidence=evidence[n]) for n, row in enumerate(rows)]
        return sorted(rows, key=lambda r: r.person_id), ids

    @staticmethod
    def _base_key(c: _Cluster) -> str:
        place = min(c.munis, default="") or min(c.regions, default="")
        return f"{fold(c.refs[0].p.surname)}|{c.letters}|{place}"

    def _row(self, c: _Cluster, person_id: str) -> PersonRow:
        refs = c.refs
        initials = max((r.p.initials for r in refs), key=lambda s: (len(s), s))
        first = best(r.p.first_name for r in refs)
        patronymic = best(r.p.patronymic for r in refs)
        surname = best(r.p.surname for r in refs)
        munis = Counter(r.place.key for r in refs if r.place.key)
        muni = min(munis, key=lambda k: (-munis[k], k)) if munis else ""
        return PersonRow(
            person_id=person_id, name=f"{surname} {initials}".strip(), surname=surname,
            first_name=first, patronymic=patronymic, initials=initials,
            gender=best(r.p.gender for r in refs),
            evidence=self._explain(c, initials, first, patronymic),
            municipality=self.place_names.get(muni, ""),
            region=best(r.place.region for r in refs),
            n_mentions=len(refs), n_documents=len(c.docs),
        )

    def _explain(self, c: _Cluster, initials: str, first: str, patronymic: str) -> str:
        """Why these mentions are one person, in the data's own words."""
        n, d = len(c.refs), len(c.docs)
        parts = [f"{n} mention{'s' * (n > 1)}" + (f" in {d} documents" if d > 1 else "")]
        full = " ".join(filter(None, [first, patronymic]))
        if full and any(not r.p.first_name for r in c.refs):
            parts.append(f"initials {initials} ⊂ {full}")
        short = sorted({r.p.initials for r in c.refs if r.p.initials and len(r.letters) < len(c.letters)})
        parts += [f"{s} ⊂ {initials}" for s in short]
        munis = sorted(self.place_names[m] for m in c.munis)
        if munis:
            parts.append(("municipality " if len(munis) == 1 else "municipalities ") + ", ".join(munis))
        elif c.regions:
            parts.append("region " + ", ".join(sorted(c.regions)))
        shared = sorted({self.org_names.get(o, o) for o in c.orgs
                         if len({r.doc_id for r in c.refs if o in r.orgs}) > 1})
        parts += [f"shared org {o}" for o in shared]
        said = set(parts)
        parts += [r for r in dict.fromkeys(c.reasons)
                  if r not in said and r != "same document" and not r.startswith("municipality ")
                  and not (r.startswith("shared org ") and r in said)]
        return "; ".join(parts)


def _apart(others: list[PersonRow], shown: int = 5) -> str:
    """Name the namesakes (same surname, fitting initials) that stay other people."""
    said = [f"not {o.name} of {o.municipality or o.region or 'unknown place'}" for o in others[:shown]]
    more = f"{len(others) - shown} more namesakes" if len(others) > shown else ""
    return "; ".join(filter(None, [*said, more]))
