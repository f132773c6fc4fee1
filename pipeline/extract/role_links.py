"""Linking the roles of one block of tokens to its names, in the order a reader uses:
- role before names: ``начальник отдела образования Гречко Л.П.``; a plural role
  covers the list after it, each name taking the organization of its own segment
  (``руководителями ШМО Е.П. Лоза, СОШ №12 Бердниковой Н.А., …``);
- role after the name: ``О.Я. Ласкан, заместитель …, куратор-наставник``;
- ``Л.А. Шапицына (СОШ №24)``: an organization without a role.
Roles, lists, prepositions and verbs around a name also give the case and gender
cues that put it in the nominative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..morph import parse
from ..records import OrgMention
from ..ruleset import RuleSet
from . import names as N
from .org_rules import is_sub_unit
from .role_phrases import Role, adjective_nominative
from .role_rules import role_rules
from .role_tokens import Tok, _candidate, _org_name, _skip
from .surnames import possible_cases

_GENDER_WORDS = {"которая": "f", "который": "m"}


def _gender_cue(word: str, rules: RuleSet) -> str:
    low = word.lower()
    if low in _GENDER_WORDS:
        return _GENDER_WORDS[low]
    r = role_rules(rules)
    if low in ("участница", "участницей", "участницы", "слушательница"):
        return "f"
    for p in parse(word)[:1]:
        if (p.tag.POS == "VERB" and p.normal_form != "быть" and p.tag.tense == "past" and p.tag.number == "sing"
                and p.tag.gender in ("masc", "femn")):
            return "f" if p.tag.gender == "femn" else "m"
        if p.normal_form in r.feminine and p.tag.number == "sing":
            return "f"
    return ""


@dataclass(slots=True)
class _Link:
    cand: N.NameCandidate
    roles: list[str] = field(default_factory=list)
    org: str = ""
    role_text: str = ""


# what a chair or a laboratory can belong to
_PARENT_KINDS = {"institute", "university", "federal_institute", "college", "legal_entity", "defined", "abbreviation"}


def _names_after(toks: list[Tok], r: Role) -> int:
    """Index of the name a role introduces, or -1. Besides ``ROLE – NAME`` this takes
    ``учителям, подготовившим победителей: NAME, …`` (a participle clause, then a colon)."""
    k = _skip(toks, _remark_end(toks, r.end))
    if k < len(toks) and toks[k].kind == "name":
        return k
    if k < len(toks) and toks[k].text == "," and k + 1 < len(toks) and _is_participle(toks[k + 1].text):
        for m in range(k + 2, min(len(toks), k + 14)):
            if toks[m].text == ":":
                n = _skip(toks, m + 1)
                return n if n < len(toks) and toks[n].kind == "name" else -1
            if toks[m].kind == "name" or toks[m].text in (".", ";"):
                break
    return -1


def _remark_end(toks: list[Tok], m: int) -> int:
    """Skip a bracketed remark of plain words between a role and its name:
    ``учитель СОШ № 3 (по совместительству) Е.Б. Гершкович``."""
    end = _after_brackets(toks, m)
    if end > m and all(t.kind in ("word", "punct") for t in toks[m + 1 : end - 1]):
        return end
    return m


def _is_participle(word: str) -> bool:
    return any(p.tag.POS == "PRTF" for p in parse(word))


def _segments(toks: list[Tok], k: int, org: str, head: str = "") -> list[tuple[int, str, str]]:
    """The list a plural role covers: ``NAME, ORG NAME, NAME (ORG), ORG – NAME …``;
    each name with the organization of its own segment, and its own complement of the
    role's ``head`` when the segment gives one (``учителей русского языка NAME,
    истории NAME`` → ``учитель истории``), else ""."""
    targets = [(k, _bracket_org(toks, k) or org, "")]
    m = _after_brackets(toks, k + 1)
    while m < len(toks) and toks[m].text in (",", "и") and m + 1 < len(toks):
        n = m + 1
        seg_org = org
        if (toks[n].kind == "school" and n + 2 < len(toks) and toks[n + 1].text in (",", "и")
                and toks[n + 2].kind == "name"):
            # "NAME, СОШ № 14 и NAME, СОШ № 10": the school follows its own name
            idx, _, own = targets[-1]
            targets[-1] = (idx, _org_name(toks[n]), own)
            n += 2
        elif toks[n].kind in ("school", "org"):
            seg_org = _org_name(toks[n])
            n = _skip(toks, n + 1)
        words = n
        while head and n < len(toks) and n - words < 4 and _complement_word(toks[n]):
            n += 1
        if n >= len(toks) or toks[n].kind != "name":
            break
        org = seg_org
        own = f"{head} {' '.join(t.text for t in toks[words:n])}" if n > words else ""
        targets.append((n, _bracket_org(toks, n) or org, own))
        m = _after_brackets(toks, n + 1)
    return targets


def _complement_word(tok: Tok) -> bool:
    """A word of a role's elided complement: a lower-case genitive (``начальных
    классов``) or an abbreviation (``ИЗО``)."""
    if tok.kind != "word":
        return False
    if tok.text.isupper() and len(tok.text) > 1:
        return True
    return tok.text.islower() and any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF") for p in parse(tok.text)) \
        and parse(tok.text)[0].tag.POS not in ("CONJ", "PREP", "PRCL")


def _after_brackets(toks: list[Tok], m: int) -> int:
    """Skip a bracketed remark after a name: ``(2 «А» класс)``, ``(МБОУ СОШ № 2)``."""
    if m < len(toks) and toks[m].text == "(":
        for n in range(m + 1, min(len(toks), m + 12)):
            if toks[n].text == ")":
                return n + 1
    return m


def _cell_org(toks: list[Tok], k: int) -> str:
    """The organization in the table cell that starts after the ``|`` at ``k``."""
    if toks[k].text != "|":
        return ""
    for t in toks[k + 1 :]:
        if t.text == "|" or t.kind == "nl":
            break
        if t.kind in ("school", "org"):
            return _org_name(t)
    return ""


def _is_school(tok: Tok) -> bool:
    """A numbered school, or one known by its name (``МАОУ «Луговская СОШ»``)."""
    return tok.kind == "school" or (tok.kind == "org" and isinstance(tok.ref, OrgMention) and tok.ref.kind == "school")


def _comma_school(toks: list[Tok], k: int) -> str:
    """``Мальцева М.А., СОШ № 14 и …``, ``…, МБОУ «Луговская СОШ», диплом …``: a
    school set off by a comma after a name."""
    if toks[k].text == "," and k + 1 < len(toks) and _is_school(toks[k + 1]) and (
            k + 2 >= len(toks) or toks[k + 2].text in (",", "и", ".", ";", ")")):
        return _org_name(toks[k + 1])
    return ""


def _bracket_owner(toks: list[Tok], r: Role) -> str:
    """``МБОУ СОШ № 16 (учитель – Бондарь С.В.)``: a role in brackets after an
    organization belongs to it."""
    if r.start >= 2 and toks[r.start - 1].text == "(" and toks[r.start - 2].kind in ("school", "org"):
        return _org_name(toks[r.start - 2])
    return ""


def _bracket_org(toks: list[Tok], idx: int) -> str:
    """``Ткачу Н.Н. (МБОУ СОШ № 2)``: the organization in brackets after a name."""
    if idx + 2 < len(toks) and toks[idx + 1].text == "(" and toks[idx + 2].kind in ("school", "org"):
        return _org_name(toks[idx + 2])
    return ""


def _link_block(toks: list[Tok], roles: dict[int, Role], links: dict[int, _Link], rules: RuleSet) -> None:
    name_idx = [i for i, t in enumerate(toks) if t.kind == "name"]
    role_by_end = {r.end: r for r in roles.values()}
    # role before name(s)
    for r in sorted(roles.values(), key=lambda r: r.start):
        k = _names_after(toks, r)
        if k < 0:
            continue
        chain = _chain_before(toks, r, role_by_end, rules)
        org = r.org or _bracket_owner(toks, r)
        head = " ".join(r.role.split()[: r.head_words])
        targets = _segments(toks, k, org, head) if r.can_be_plural else [(k, _bracket_org(toks, k) or org, "")]
        cues = r.cases_for(plural=len(targets) > 1)
        for idx, seg_org, own_role in targets:
            link = links[id(toks[idx].ref)]
            for c in chain:
                link.roles.append(c.role)
            link.roles.append(own_role or r.role)
            link.org = link.org or _parent_org(toks, r, seg_org, rules) or next((c.org for c in chain if c.org), "")
            _candidate(toks[idx]).case_cues |= cues
            if r.gender:
                _candidate(toks[idx]).gender_cues.add(r.gender)
    # role after name: NAME , ROLE (, ROLE)*  /  NAME – ROLE  /  NAME (ORG)  /  NAME | ROLE | ORG
    for idx in name_idx:
        k = idx + 1
        link = links[id(toks[idx].ref)]
        bracket = _bracket_org(toks, idx)
        if bracket:
            link.org = link.org or bracket
            continue
        while k < len(toks) and toks[k].text in (",", "–", "—", "-", "(", "|"):
            after = roles.get(k + 1)
            if after is None:
                # a table row: NAME | ROLE | ORG — the organization column beats the
                # role's own unit ("доцент кафедры …" | "АОУ ВО ДПО «…»")
                link.org = _cell_org(toks, k) or _comma_school(toks, k) or link.org
                break
            # a role that is followed by a name belongs to that name; a plural one
            # ("…, члены Законодательного Собрания") names other people
            if _names_after(toks, after) >= 0 or not any(p.tag.number == "sing" for p in after.head_parses):
                break
            known = _candidate(toks[idx]).case_cues
            if known and not known & after.cases_for(plural=False):
                break  # "… министра Н. Емузовой, глава республики подчеркнул": a new subject
            link.roles.append(after.role)
            link.org = link.org or _parent_org(toks, after, after.org, rules)
            _candidate(toks[idx]).case_cues |= after.cases_for(plural=False)
            if after.gender:
                _candidate(toks[idx]).gender_cues.add(after.gender)
            k = after.end
    _from_org(toks, links)
    # list agreement: names joined by commas share the case their members allow
    _list_cases(toks, name_idx, rules)
    # a preposition right before a name sets its case
    for idx in name_idx:
        if idx > 0 and toks[idx - 1].kind == "word":
            case = N.preposition_case(toks[idx - 1].text, rules)
            if case:
                _candidate(toks[idx]).case_cues = {case}


def _from_org(toks: list[Tok], links: dict[int, _Link]) -> None:
    """``Григорьев Антон и Налесникова Дарья из Тацинской СОШ № 1``: the names right
    before «из» and an organization are from it."""
    for k, t in enumerate(toks):
        if t.text != "из" or k == 0 or toks[k - 1].kind != "name":
            continue
        m = k + 1
        while m < len(toks) and toks[m].kind == "word" and _place_adjective(toks[m].text) and m - k < 3:
            m += 1  # a place adjective before the school ("Тацинской", "луговской")
        if m >= len(toks) or toks[m].kind not in ("school", "org"):
            continue
        org = _org_name(toks[m])
        if m > k + 1 and toks[m].kind == "school":
            place = [x.text for x in toks[k + 1 : m] if not _pronoun(x.text)]
            org = " ".join([_as_written(adjective_nominative(w, "femn"), w) for w in place] + [org])
        n = k - 1
        while n >= 0 and toks[n].kind == "name":
            link = links[id(toks[n].ref)]
            link.org = link.org or org
            if n < 2 or toks[n - 1].text not in (",", "и"):
                break
            n -= 2


def _as_written(word: str, written: str) -> str:
    """The nominative keeps the letter case the text gave the word."""
    return word[:1].lower() + word[1:] if written[:1].islower() else word


def _place_adjective(word: str) -> bool:
    """A word before a school: its place, capitalized (``Тацинской``) or not
    (``луговской``), or a pronoun (``нашей``) that the name of the school drops."""
    return word[:1].isupper() or (word.isalpha() and parse(word)[0].tag.POS == "ADJF")


def _pronoun(word: str) -> bool:
    return word[:1].islower() and "Apro" in parse(word)[0].tag


def _chain_before(toks, r: Role, role_by_end: dict[int, Role], rules: RuleSet) -> list[Role]:
    """``ROLE1,\\n ROLE2 NAME`` (a signature): earlier roles separated by commas; a post
    right before a rank (``… епархии протоиерей NAME``)."""
    chain: list[Role] = []
    cur = r
    titles = role_rules(rules).titles
    while True:
        if {p.normal_form for p in cur.head_parses} & titles and cur.start in role_by_end:
            # "руководитель отдела епархии иерей NAME": the post right before a rank
            cur = role_by_end[cur.start]
            chain.insert(0, cur)
            continue
        k = cur.start - 1
        while k >= 0 and toks[k].kind == "nl":
            k -= 1
        if k < 0 or toks[k].text not in (",", "–", "—"):
            break  # "куратор проекта – доцент кафедры … NAME": an apposition by a dash
        prev = role_by_end.get(k)
        if prev is None:
            break
        # not when the earlier role is itself an apposition of a name
        p = prev.start - 1
        if p >= 0 and toks[p].text == "," and p - 1 >= 0 and toks[p - 1].kind == "name":
            break
        chain.insert(0, prev)
        cur = prev
    return chain


def _parent_org(toks: list[Tok], r: Role, org: str, rules: RuleSet) -> str:
    """A chair (``кафедра …``) belongs to the institute the sentence names before it."""
    ref = r.org_ref
    if not org or not (isinstance(ref, OrgMention) and is_sub_unit(ref, rules)):
        return org
    for t in reversed(toks[: r.start]):
        if t.kind == "org" and isinstance(t.ref, OrgMention) and t.ref.kind in _PARENT_KINDS:
            return t.ref.name
    return org


def _list_cases(toks: list[Tok], name_idx: list[int], rules: RuleSet) -> None:
    groups: list[list[int]] = []
    for idx in name_idx:
        if groups and _listed(toks, groups[-1][-1], idx):
            groups[-1].append(idx)
        else:
            groups.append([idx])
    for g in groups:
        if len(g) < 2:
            continue
        common = None
        for idx in g:
            cand = _candidate(toks[idx])
            allowed = cand.case_cues or possible_cases(cand, rules)
            common = allowed if common is None else common & allowed
        if common and len(common) < 6:
            for idx in g:
                _candidate(toks[idx]).case_cues = set(common)


def _listed(toks: list[Tok], a: int, b: int) -> bool:
    between = toks[a + 1 : b]
    separators = (",", "и", "–", "—", "-", "(", ")")
    return all(t.text in separators or t.kind in ("school", "org") for t in between) and len(between) <= 6


def _gender_cues(toks: list[Tok], rules: RuleSet) -> None:
    name_idx = [i for i, t in enumerate(toks) if t.kind == "name"]
    if not name_idx:
        return
    for i, t in enumerate(toks):
        if t.kind != "word":
            continue
        g = _gender_cue(t.text, rules)
        if not g:
            continue
        nearest = min(name_idx, key=lambda n: abs(n - i))
        cues = _candidate(toks[nearest]).case_cues
        if cues and "nomn" not in cues:
            continue  # a verb agrees with its subject, which is in the nominative
        lo, hi = sorted((nearest, i))
        if any(toks[m].kind == "name" for m in range(lo + 1, hi)):
            continue
        _candidate(toks[nearest]).gender_cues.add(g)
