"""Roles and the people who hold them: the ``people`` component.

Name candidates outside schools and organizations are linked, block by block of
each sentence, to the role phrases around them (``заместитель директора по УВР
СОШ №12 О.Я. Ласкан``), each role with its organization, and put in the
nominative by the cues the roles give. The parts: ``role_rules`` (the rules,
``models/roles.yaml``), ``role_tokens`` (a block as tokens), ``role_phrases``
(reading a role phrase, splitting its organization off), ``role_links`` (which
name takes which role and organization, and its case and gender cues).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..morph import parse
from ..records import Inputs, OrgMention, PersonMention, SchoolMention
from ..ruleset import RuleSet
from . import names as N
from .named_places import places_named
from .org_rules import org_rules
from .role_links import _gender_cues, _Link, _link_block
from .role_phrases import Role, _role_at
from .role_rules import is_school_staff, role_rules
from .role_tokens import Tok, _tokenize
from .surnames import consistent


def _generic_institution(toks: list[Tok], rules: RuleSet) -> str:
    """The generic institution word of a role (``школы-интерната`` → ``школа-интернат``), or ""."""
    for t in toks:
        if t.kind == "word":
            found = {p.normal_form for p in parse(t.text)} & role_rules(rules).generic_institutions
            if found:
                return max(found, key=len)
    return ""


def _bare_authority(toks: list[Tok], orgs: list[OrgMention], pos: int, rules: RuleSet) -> str:
    """``глава администрации``: a body that needs its owner, named without one, is the
    one the report named last before (``администрация Неверкинского района``), else
    itself."""
    for t in toks[1:]:
        found = {p.normal_form for p in parse(t.text)} & org_rules(rules).needs_owner if t.kind == "word" else set()
        if found:
            head = found.pop()
            named = [o for o in orgs if o.end <= pos and o.name.lower().startswith(head)]
            return max(named, key=lambda o: o.end).name if named else head
    return ""


def _last_school_before(
    schools: list[SchoolMention], orgs: list[OrgMention], pos: int, rules: RuleSet, kind: str = "", since: int = 0,
) -> str:
    """The school named last before ``pos`` (and after ``since``); for ``школа-интернат``,
    ``гимназия``, … the last one whose name says so, when there is one."""
    named = [(s.end, f"{s.written or s.kind} № {s.number}") for s in schools if since <= s.start and s.end <= pos]
    named += [(o.end, o.name) for o in orgs if o.kind == "school" and since <= o.start and o.end <= pos]
    if kind and kind not in role_rules(rules).any_school:
        named = [n for n in named if kind in n[1].lower().replace("ё", "е")] or named
    return max(named)[1] if named else ""


def link_people(
    text: str,
    sentences: list[tuple[int, int]],
    names: list[N.NameCandidate],
    orgs: list[OrgMention],
    schools: list[SchoolMention],
    rules: RuleSet,
) -> list[PersonMention]:
    """Attach roles, organizations and case/gender cues to names; normalize them."""
    links: dict[int, _Link] = {id(c): _Link(c) for c in names}
    for lo, hi in _blocks(text, sentences):
        toks = _tokenize(text, lo, hi, names, orgs, schools, rules)
        roles: dict[int, Role] = {}
        i = 0
        while i < len(toks):
            role = _role_at(toks, i, rules)
            if role is not None and role.end > i:
                roles[role.start] = role
                i = role.end
            else:
                i += 1
        for r in roles.values():
            generic = _generic_institution(toks[r.start : r.end], rules)
            if not r.org:
                r.org = _bare_authority(toks[r.start : r.end], orgs, toks[r.start].start, rules)
            if not r.org and generic:
                r.org = _last_school_before(schools, orgs, toks[r.start].start, rules, generic)
            elif not r.org and is_school_staff(r.role, rules):
                # "в 6 «Б» классе МБОУ «СОШ № 3» провёл урок учитель … Сагдеев Р.М."
                r.org = _last_school_before(schools, orgs, toks[r.start].start, rules, since=lo)
        _link_block(toks, roles, links, rules)
        _gender_cues(toks, rules)
    out = []
    normalized = consistent([N.normalize(c, rules) for c in names], names, rules)
    for c, name in zip(names, normalized):
        link = links[id(c)]
        out.append(
            PersonMention(
                c.start, c.end, text[c.start : c.end], name.surname, name.first_name, name.patronymic,
                name.initials, name.gender, tuple(dict.fromkeys(link.roles)), link.org, link.role_text,
            )
        )
    return out


def _blocks(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences, further split at blank lines, at line ends after a full stop, and
    around table rows (``ФИО | должность | организация``), which are one record each."""
    if not sentences:
        sentences = [(0, len(text))]
    out = []
    for lo, hi in sentences:
        start = lo
        for m in re.finditer(r"\n", text[lo:hi]):
            nl = lo + m.start()
            line = text[text.rfind("\n", lo, nl) + 1 : nl]
            nxt_end = text.find("\n", nl + 1, hi)
            nxt = text[nl + 1 : nxt_end if nxt_end >= 0 else hi]
            if not line.strip() or line.rstrip().endswith((".", "!", "?")) or "|" in line or "|" in nxt:
                out.append((start, nl))
                start = nl + 1
        out.append((start, hi))
    return [(a, b) for a, b in out if text[a:b].strip()]


def component(doc: Inputs, rules: RuleSet) -> list[PersonMention]:
    """The ``people`` component: name candidates (rules + natasha's PER spans) outside
    schools and organizations, linked to their roles (see ``extract.registry``)."""
    ann = doc.annotation
    ner_per = [(s.start, s.end) for s in ann.ner if s.type == "PER"] if ann else []
    taken = [(s.start, s.end) for s in doc.records["schools"]] + [(o.start, o.end) for o in doc.records["orgs"]]
    candidates = [c for c in N.find_candidates(doc.text, rules, ner_per)
                  if not any(s <= c.start and c.end <= e for s, e in taken)]
    people = link_people(doc.text, ann.sentences if ann else [], candidates, doc.records["orgs"],
                         doc.records["schools"], rules)
    # the places a person's organization names: resolve tells bodies and reports apart by them
    return [replace(p, org_places=places_named(p.org, rules)) if p.org else p for p in people]
