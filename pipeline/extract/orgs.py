"""Organizations: education authorities, institutes and their chairs, methodical
services, legal-form names with quoted titles, universities, and abbreviations
with their expansions (``ФИОКО``, ``ИРО Забайкальского края``), including ones a
report defines itself (``… (далее – ЦНППМ)``).

Rule patterns, all driven by ``models/organizations.yaml``:
- ``LEGAL_FORM «Name»`` (the form abbreviated or written out);
- a known (or report-defined) abbreviation, with a genitive owner after it;
- ``[adjectives] HEAD [genitive tail]`` where HEAD is an organization noun;
- a unit right before the organization it belongs to (``филиал ГАОУ ДПО «…»``).

natasha's ORG spans add general-domain organizations (companies, parties, courts)
where no rule found one; rules win where they overlap. An abbreviation the report
uses for an organization it also names in full (``МБУ «Информационно-методический
центр» (ИМЦ)``, or a known expansion) is recorded on the full mention.

This module puts the finders together and is the ``orgs`` component: the rules are
in ``org_rules``, the patterns in ``org_phrases``, abbreviations in
``org_abbreviations``, natasha's spans in ``org_ner``; the units are joined here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..morph import nominative_phrase
from ..records import Inputs, OrgMention
from ..ruleset import RuleSet
from .named_places import places_named
from .org_abbreviations import _abbreviation_mentions, _link_abbreviations, defined_abbreviations, is_short_form
from .org_ner import _ner_mentions
from .org_phrases import (
    _head_phrases,
    _legal_form_names,
    _lemmas,
    _modifier,
    _owner_nominal,
    _spelled_legal_forms,
    _unquoted_schools,
    is_place,
)
from .org_rules import is_sub_unit, org_rules

__all__ = ["component", "find_orgs", "is_listed", "is_place", "is_short_form", "is_sub_unit", "org_rules"]

def find_orgs(
    text: str, rules: RuleSet, extra_abbreviations: dict[str, str] | None = None,
    ner: list[tuple[int, int]] | None = None,
) -> list[OrgMention]:
    """Organization mentions in ``text``, leftmost-longest, no overlaps, sorted; ``ner``
    are natasha's ORG spans, used where no rule found an organization."""
    table = org_rules(rules)
    local = dict(extra_abbreviations or {})
    local.update(defined_abbreviations(text, rules))
    found: list[OrgMention] = []
    found += _legal_form_names(text, rules)
    found += _spelled_legal_forms(text, rules)
    found += _unquoted_schools(text)
    found += _abbreviation_mentions(text, rules, local)
    heads = _head_phrases(text, rules)
    found += heads
    found = _select(found)
    found = _select(found + _ner_mentions(text, ner or [], found, rules))
    found = _join_units(text, found, rules)
    known = {**{k: v["full"] for k, v in table.abbreviations.items()}, **local}
    return _with_parents(_link_abbreviations(text, found, known), heads, rules)


def _with_parents(found: list[OrgMention], heads: list[OrgMention], rules: RuleSet) -> list[OrgMention]:
    """``пресс-служба администрации района``: the body a press service speaks for is
    an organization of the report too (the two mentions overlap)."""
    out = list(found)
    for o in found:
        first = o.text.split(maxsplit=1)[0] if o.text.strip() else ""
        if not _lemmas(first) & org_rules(rules).names_parent:
            continue
        inner = [p for p in heads if o.start < p.start and p.end == o.end]
        if inner:
            out.append(min(inner, key=lambda p: p.start))
    return sorted(out, key=lambda o: (o.start, -(o.end - o.start)))


def is_listed(org: OrgMention) -> bool:
    """An ``organizations`` row: every organization but a numbered school (that one
    is a ``schools`` row)."""
    return org.kind != "school" or not re.search(r"№|\bN\s?\d|\d", org.text)


def _select(found: list[OrgMention]) -> list[OrgMention]:
    found.sort(key=lambda o: (o.start, -(o.end - o.start)))
    out: list[OrgMention] = []
    for o in found:
        if out and o.start < out[-1].end:
            continue
        out.append(o)
    return out


def _join_units(text: str, found: list[OrgMention], rules: RuleSet) -> list[OrgMention]:
    """A unit right before the named organization it belongs to is one organization:
    ``Нижнекамский филиал ГАОУ ДПО «…»``, ``пресс-служба МАУ «ИМЦ»``."""
    out: list[OrgMention] = []
    for o in found:
        unit = _unit_before(text, o, out[-1] if out else None, rules)
        if unit is None:
            out.append(o)
            continue
        if out and out[-1].start == unit[0]:
            out.pop()
        head = nominative_phrase(re.sub(r"\s+", " ", text[unit[0] : unit[1]]))
        out.append(OrgMention(unit[0], o.end, text[unit[0] : o.end], f"{head} {_owner_nominal(o.text)}", kind=o.kind))
    return out


_WORD_BEFORE = re.compile(r"([А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*) +$")


def _unit_before(text: str, o: OrgMention, prev: OrgMention | None, rules: RuleSet) -> tuple[int, int] | None:
    """(start, end) of ``[adjectives] UNIT`` right before a named organization ``o``."""
    table = org_rules(rules)
    if not (o.abbreviation or o.kind in ("legal_entity", "named", "school")):
        return None
    m = _WORD_BEFORE.search(text, max(0, o.start - 40), o.start)
    if not m or not _lemmas(m.group(1)) & table.joins_owner:
        return None
    if prev and prev.end == m.end(1):
        return prev.start, prev.end  # the unit is a mention already ("Елабужского института")
    start = m.start(1)
    while (a := _WORD_BEFORE.search(text, max(0, start - 40), start)) and _modifier(a.group(1), rules):
        start = a.start(1)
    return start, m.end(1)


def component(doc: Inputs, rules: RuleSet) -> list[OrgMention]:
    """The ``orgs`` component: rule-found organizations and natasha's ORG spans
    that pass the rules (see ``extract.registry``), each with the places its name
    names (resolve tells bodies apart by them)."""
    ann = doc.annotation
    found = find_orgs(doc.text, rules, ner=[(s.start, s.end) for s in ann.ner if s.type == "ORG"] if ann else [])
    return [replace(o, places=places_named(o.name, rules)) for o in found]
