"""The greedy join of one block of person clusters, without comparing all pairs.

The rule (``persons``): join the strongest unambiguous pair, then look again,
until no pair is left; exact initials first, then the earlier mentions. Done
literally, that compares every pair of the block after every join: cubic in the
mentions of one surname (one report naming one person 400 times took 27 s).

The same joins, in the same order, come from far fewer comparisons:

- **Candidates from indexes.** Two clusters can only be joined when their
  initials fit and they share a report, an organization or a municipality, or
  one of them has no municipality: those pairs are listed through indexes of
  the block by report, organization, municipality and initials, never by
  looking at all pairs. Only they are compared.
- **Joins change little.** A join changes the joined cluster alone; whatever can
  be joined to it now could be joined to one of its two parts before (its
  initials are the longer of theirs, its reports, organizations and places the
  union, its names conflict where theirs did). So after a join only the pairs
  of the joined cluster with its parts' candidates are compared again; the
  others stand, in a heap ordered as the rule orders pairs.
- **Doubts are remembered.** A pair is in doubt when one of the two fits, as
  strongly, a third cluster the other cannot be; that stays true until one of
  the three changes, so it is not looked for again before.

When the candidate pairs of a block exceed ``limit`` the caller splits the block
first (see ``persons``): the work per block is bounded, and the whole grows with
the mentions, not with their square.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Generic, Protocol, TypeVar


class Joinable(Protocol):
    """What the join reads and changes of a cluster (``persons.Cluster``)."""

    letters: str
    docs: set[str]
    orgs: set[str]
    munis: set[str]
    order: tuple[str, int]
    reasons: list[str]

    def absorb(self, other, why: str) -> None: ...

    def label(self) -> str: ...


C = TypeVar("C", bound=Joinable)


def fits(a: str, b: str) -> bool:
    """Initials fit when one spells the start of the other (``о`` fits ``оя``)."""
    return a.startswith(b) or b.startswith(a)


def candidate_pairs(clusters: list, limit: int) -> set[tuple[int, int]] | None:
    """(i, j), i < j: the pairs of ``clusters`` whose initials fit and that share a
    report, an organization or a municipality, or of which one has no municipality;
    None when there are more than ``limit``. Found through indexes by initials, in
    time proportional to the pairs found (at most ``limit``), not to all pairs."""
    shared: dict[tuple[str, str], list[int]] = defaultdict(list)
    placeless = []
    for i, c in enumerate(clusters):
        for kind, values in (("doc", c.docs), ("org", c.orgs), ("muni", c.munis)):
            for v in values:
                shared[(kind, v)].append(i)
        if not c.munis:
            placeless.append(i)
    out: set[tuple[int, int]] = set()
    # within a report, an organization, a municipality; and a cluster without a
    # municipality with any namesake of the block (no municipality to compare)
    for members, among in [(m, m) for m in shared.values() if len(m) > 1] + [(placeless, range(len(clusters)))]:
        by_letters: dict[str, list[int]] = defaultdict(list)
        for j in among:
            by_letters[clusters[j].letters].append(j)
        fitting = fitting_letters(by_letters)
        for i in members:
            for letters in fitting[clusters[i].letters]:
                out.update((i, j) if i < j else (j, i) for j in by_letters[letters] if j != i)
            if len(out) > limit:
                return None
    return out


def fitting_letters(present: Iterable[str]) -> dict[str, list[str]]:
    """For each of the initials ``present``, those of them that fit it (itself too)."""
    present = set(present)
    extensions: dict[str, list[str]] = defaultdict(list)
    for letters in present:
        for n in range(len(letters) + 1):
            extensions[letters[:n]].append(letters)
    return {letters: sorted({*extensions[letters], *(letters[:n] for n in range(len(letters)) if letters[:n] in present)})
            for letters in present}


class Block(Generic[C]):
    """One block's clusters joined by the rule, over its candidate pairs."""

    def __init__(self, clusters: list[C], pairs: Iterable[tuple[int, int]],
                 pair: Callable[[C, C], tuple[int, str]]) -> None:
        self.clusters = clusters
        self.pair = pair
        self.alive = [True] * len(clusters)
        self.version = [0] * len(clusters)  # bumped when a cluster changes: what was said of it is stale
        self.edges: dict[tuple[int, int], tuple[int, str]] = {}  # i < j, strength > 0
        self.near: list[set[int]] = [set() for _ in clusters]  # the clusters each can be joined to
        self.heap: list[tuple] = []
        # pair -> (its versions, the third cluster it is in doubt over, that one's version)
        self.doubts: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for i, j in sorted(pairs):
            self._compare(i, j)

    def _compare(self, i: int, j: int) -> None:
        a, b = self.clusters[i], self.clusters[j]
        strength, why = self.pair(a, b)
        if not strength:
            return
        self.edges[(i, j)] = (strength, why)
        self.near[i].add(j)
        self.near[j].add(i)
        heapq.heappush(self.heap, (-strength, a.letters != b.letters, a.order, b.order, i, j,
                                   self.version[i], self.version[j], why))

    def _strength(self, i: int, j: int) -> int:
        return self.edges[(i, j) if i < j else (j, i)][0]

    def _current(self, entry: tuple) -> bool:
        i, j, vi, vj = entry[4:8]
        return self.alive[i] and self.alive[j] and self.version[i] == vi and self.version[j] == vj

    def _doubt(self, i: int, j: int, strength: int) -> tuple[int, int] | None:
        """(the one of i and j that fits, as strongly, a third cluster the other cannot
        be; that cluster), or None."""
        for x, y in ((i, j), (j, i)):
            for c in self.near[x]:
                if c != y and c not in self.near[y] and self._strength(x, c) >= strength:
                    return x, c
        return None

    def _known_doubt(self, i: int, j: int) -> bool:
        known = self.doubts.get((i, j))
        if known is None:
            return False
        vi, vj, c, vc = known
        return (self.version[i], self.version[j]) == (vi, vj) and self.alive[c] and self.version[c] == vc

    def _join(self, i: int, j: int, why: str) -> None:
        a, b = self.clusters[i], self.clusters[j]
        a.absorb(b, why)
        self.alive[j] = False
        self.version[i] += 1
        self.version[j] += 1
        again = (self.near[i] | self.near[j]) - {i, j}
        for x in (i, j):
            for c in self.near[x]:
                self.near[c].discard(x)
                self.edges.pop((x, c) if x < c else (c, x), None)
            self.near[x] = set()
        for c in sorted(again):
            self._compare(min(i, c), max(i, c))

    def run(self) -> list[C]:
        """Join until no unambiguous pair is left; the clusters left, in their order."""
        while True:
            aside = []
            joined = False
            while self.heap:
                entry = heapq.heappop(self.heap)
                if not self._current(entry):
                    continue
                i, j = entry[4], entry[5]
                if self._known_doubt(i, j):
                    aside.append(entry)
                    continue
                doubt = self._doubt(i, j, -entry[0])
                if doubt is not None:
                    self.doubts[(i, j)] = (self.version[i], self.version[j], doubt[1], self.version[doubt[1]])
                    aside.append(entry)
                    continue
                self._join(i, j, entry[-1])
                joined = True
                break
            if not joined:
                break
            for entry in aside:
                if self._current(entry):
                    heapq.heappush(self.heap, entry)
        # every pair left is in doubt: the one that fits more than one person says so
        for entry in aside:
            i, j = entry[4], entry[5]
            doubt = self._doubt(i, j, -entry[0])
            x = self.clusters[doubt[0] if doubt is not None else i]
            x.reasons.append(f"{x.label()} fits more than one person: not joined")
        return [c for c, alive in zip(self.clusters, self.alive) if alive]
