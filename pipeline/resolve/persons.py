"""Persons: person mentions across the archive joined into people.

Mentions with the same surname (ё = е) and compatible initials (``О.`` fits
``О.Я.``) are joined pairwise, strongest evidence first (same document, shared
organization or school, same municipality, no place to contradict). Different
municipalities or regions, conflicting genders, first names or patronymics keep
them apart unless a shared organization or the same document joins them; a
short form that fits two people joins neither. Every row says why in
``evidence``.

Time grows with the mentions, not their square. Only a surname and a first
initial can fit, so each (surname, initial) block is resolved alone. In a block,
mentions written alike in one municipality, or in one report, are one person
before any comparison (400 mentions of one person in one report are one cluster
at once). The pairwise join then compares only the pairs an index says can be
joined and, after a join, only the joined cluster's (``merge``). A block that
would still have more than ``BLOCK_PAIRS`` pairs to compare (thousands of namesakes
that no municipality tells apart) first joins the mentions written alike without
a municipality, and if that is not enough is compared in consecutive groups of
``GROUP`` clusters, with a warning.
"""

from __future__ import annotations

import heapq
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import islice

from ..export.rows import PersonRow
from ..records import PersonMention
from .keys import best, fold, make_id
from .merge import Block, candidate_pairs, fits, fitting_letters
from .places import Place

log = logging.getLogger(__name__)

BLOCK_PAIRS = 5_000  # the most candidate pairs of one block joined by the rule exactly
GROUP = 100  # clusters per group when a block is compared in groups (GROUP² / 2 < BLOCK_PAIRS)
_NAMES = ("first_name", "patronymic", "gender")


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


class Cluster:
    """Mentions taken for one person, with the sets the comparisons read kept up to date."""

    def __init__(self, ref: PersonRef) -> None:
        self.refs = [ref]
        self.reasons: list[str] = []
        self.letters = ref.letters
        self.names = {attr: {fold(getattr(ref.p, attr))} - {""} for attr in _NAMES}
        self.docs = {ref.doc_id}
        self.munis = {ref.place.key} - {""}
        self.regions = {ref.place.region} - {""}
        self.orgs = set(ref.orgs)
        self.order = ref.order

    def absorb(self, other: Cluster, why: str) -> None:
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

    def label(self) -> str:
        return self.refs[0].p.name

    def written(self) -> tuple:
        """How the cluster's names are written: equal for mentions that differ in nothing
        the comparisons read but their reports, organizations and places."""
        return (self.letters, *(frozenset(self.names[attr]) for attr in _NAMES), frozenset(self.regions))


def initial_letters(initials: str) -> str:
    return re.sub(r"[^а-я]", "", fold(initials))


def _conflicts(a: Cluster, b: Cluster) -> list[str]:
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
        groups: dict[tuple[str, str], list[Cluster]] = defaultdict(list)
        for ref in sorted(refs, key=lambda r: r.order):  # only the same surname and first initial can fit
            groups[(fold(ref.p.surname), ref.letters[:1])].append(Cluster(ref))
        self.clusters: list[Cluster] = []
        for key in sorted(groups):
            self.clusters += self._block(groups[key])

    def _block(self, clusters: list[Cluster]) -> list[Cluster]:
        """One (surname, initial) block joined into people (see the module doc)."""
        clusters = self._same_name_and_place(clusters)
        clusters = self._same_mention_in_report(clusters)
        pairs = candidate_pairs(clusters, BLOCK_PAIRS)
        if pairs is None:
            clusters = self._same_name_without_place(clusters)
            pairs = candidate_pairs(clusters, BLOCK_PAIRS)
        if pairs is not None:
            return Block(clusters, pairs, self._pair).run()
        log.warning("%d people named %s %s… that no municipality tells apart: compared in groups of %d",
                    len(clusters), clusters[0].refs[0].p.surname, clusters[0].letters[:1].upper(), GROUP)
        out: list[Cluster] = []
        for k in range(0, len(clusters), GROUP):
            group = clusters[k:k + GROUP]
            out += Block(group, candidate_pairs(group, len(group) ** 2) or (), self._pair).run()
        return out

    def _same_name_and_place(self, clusters: list[Cluster]) -> list[Cluster]:
        """Mentions written alike (same initials, first name, patronymic, gender) in one
        municipality are one person by the rules above."""
        out: list[Cluster] = []
        by_signature: dict[tuple, Cluster] = {}
        for c in clusters:
            ref = c.refs[0]
            if not ref.place.key:
                out.append(c)
                continue
            signature = (c.letters, *(fold(getattr(ref.p, a)) for a in _NAMES), ref.place.key, ref.place.region)
            first = by_signature.get(signature)
            if first is None:
                by_signature[signature] = c
                out.append(c)
            else:
                first.absorb(c, "municipality " + self.place_names[ref.place.key])
        return out

    def _same_mention_in_report(self, clusters: list[Cluster]) -> list[Cluster]:
        """Mentions of a report without a municipality written alike, with the same
        organization, are one person: the same document joins them before anything
        else, and nothing tells them apart."""
        out: list[Cluster] = []
        by_signature: dict[tuple, Cluster] = {}
        for c in clusters:
            if c.munis:
                out.append(c)
                continue
            signature = (c.written(), frozenset(c.docs), frozenset(c.orgs))
            first = by_signature.get(signature)
            if first is None:
                by_signature[signature] = c
                out.append(c)
            else:
                first.absorb(c, "same document")
        return out

    def _same_name_without_place(self, clusters: list[Cluster]) -> list[Cluster]:
        """For a block too large to compare pair by pair: mentions without a
        municipality written alike (same initials, names and region) are one person."""
        out: list[Cluster] = []
        by_signature: dict[tuple, Cluster] = {}
        for c in clusters:
            first = None if c.munis else by_signature.setdefault(c.written(), c)
            if first is not None and first is not c:
                strength, why = self._pair(first, c)
                if strength:
                    first.absorb(c, why)
                    continue
            out.append(c)
        return out

    def _evidence(self, a: Cluster, b: Cluster) -> tuple[int, str]:
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

    def _pair(self, a: Cluster, b: Cluster) -> tuple[int, str]:
        """Evidence for joining a and b, 0 when the names or places forbid it."""
        if not fits(a.letters, b.letters):
            return 0, "different initials"
        strength, why = self._evidence(a, b)
        conflicts = _conflicts(a, b)
        if conflicts and strength < 3:
            return 0, "; ".join(conflicts)
        if conflicts:
            why += f" (despite {'; '.join(conflicts)})"
        return strength, why

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
        rows = [replace(row, evidence="; ".join(filter(None, [row.evidence, apart])))
                for row, apart in zip(rows, _namesakes(rows), strict=True)]
        return sorted(rows, key=lambda r: r.person_id), ids

    @staticmethod
    def _base_key(c: Cluster) -> str:
        place = min(c.munis, default="") or min(c.regions, default="")
        return f"{fold(c.refs[0].p.surname)}|{c.letters}|{place}"

    def _row(self, c: Cluster, person_id: str) -> PersonRow:
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

    def _explain(self, c: Cluster, initials: str, first: str, patronymic: str) -> str:
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


def _namesakes(rows: list[PersonRow], shown: int = 5) -> list[str]:
    """For each row, the namesakes (same surname, fitting initials) that stay other
    people: the first ``shown`` of them in row order by name and place, then how many
    more. Found through the rows' initials, not by comparing every pair of rows."""
    groups: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    letters = [initial_letters(row.initials) for row in rows]
    for n, row in enumerate(rows):
        groups[(fold(row.surname), letters[n][:1])][letters[n]].append(n)
    out = [""] * len(rows)
    for by_letters in groups.values():
        fitting = fitting_letters(by_letters)
        for own, members in by_letters.items():
            lists = [by_letters[other] for other in fitting[own]]
            total = sum(map(len, lists)) - 1
            for n in members:
                first = islice((o for o in heapq.merge(*lists) if o != n), shown)
                said = [f"not {rows[o].name} of {rows[o].municipality or rows[o].region or 'unknown place'}"
                        for o in first]
                more = f"{total - shown} more namesakes" if total > shown else ""
                out[n] = "; ".join(filter(None, [*said, more]))
    return out
