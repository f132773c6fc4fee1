"""Roles and the people who hold them.

A role phrase is ``[modifiers] HEAD [tail]`` where HEAD is a role noun from
``models/roles.yaml`` and the tail is its genitive chain, ``по …`` complement,
numbers, quotes and organization names (``заместитель директора по УВР СОШ №12``).
The organization inside the tail is split off: a named one (school, legal-form
name, abbreviation) ends the role; a generic authority (``управления
образования``) stays in the role, as people write it, and is also the org.

Linking, per sentence, in the order a reader uses:
- role before names: ``начальник отдела образования Гречко Л.П.``;
  a plural role covers the list after it, each name taking the organization of
  its own segment (``руководителями ШМО Е.П. Лоза, СОШ №12 Бердниковой Н.А., …``);
- role after the name: ``О.Я. Ласкан, заместитель …, куратор-наставник``;
- ``Л.А. Шапицына (СОШ №24)``: an organization without a role.
Roles and verbs around a name also give the cues that put it in the nominative.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..morph import nominative_phrase, parse
from ..records import Inputs, OrgMention, PersonMention, SchoolMention
from ..ruleset import RuleSet
from . import names as N
from .location_rules import FILE as LOCATIONS_FILE
from .location_rules import is_abbreviated_marker
from .org_rules import is_sub_unit, org_rules
from .role_heads import lemmas
from .schools import FILE as SCHOOLS_FILE
from .schools import school_abbreviations

FILE = "roles.yaml"
# roles also read the legal forms and kinds of schools and the settlement markers


@dataclass(frozen=True)
class RoleRules:
    heads: frozenset[str]
    feminine: dict[str, str]
    not_roles: frozenset[str]
    abbreviations: dict[str, str]
    needs_complement: frozenset[str]
    stop_words: frozenset[str]
    school_staff: tuple[str, ...]
    prefixes: frozenset[str]
    governs_instrumental: frozenset[str]  # lemmas: "заведующая детской библиотекой"
    generic_institutions: frozenset[str]  # lemmas: "директор школы" is the report's school
    any_school: frozenset[str]  # those of them that fit a school of any kind
    settlement_marks: frozenset[str]  # written settlement markers, as tokens ("г", "пгт", "р")


def role_rules(rules: RuleSet) -> RoleRules:
    return rules.derived("roles.rules", _role_rules)


def _role_rules(rules: RuleSet) -> RoleRules:
    d = rules.file(FILE)
    return RoleRules(
        heads=frozenset(d["heads"]),
        feminine=dict(d["feminine"]),
        not_roles=frozenset(d["not_roles"]),
        abbreviations={k.lower(): v for k, v in d["abbreviations"].items()},
        needs_complement=frozenset(d["needs_complement"]),
        stop_words=frozenset(d["stop_words"]),
        school_staff=tuple(d["school_staff"]),
        prefixes=frozenset(d["prefixes"]),
        governs_instrumental=frozenset(d["governs_instrumental"]),
        generic_institutions=frozenset(d["generic_institutions"]),
        any_school=frozenset(d["any_school"]),
        settlement_marks=frozenset(
            part.lower() for marker in rules.file(LOCATIONS_FILE)["settlement_markers"]
            if is_abbreviated_marker(marker) for part in re.split(r"[.\s]+", marker) if part
        ),
    )


# --------------------------------------------------------------------------- tokens


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    kind: str  # word, punct, num, quote, name, org, school, abbr_role
    ref: object = None  # the NameCandidate / OrgMention / SchoolMention behind it


def _candidate(tok: Tok) -> N.NameCandidate:
    """The name candidate behind a ``name`` token."""
    assert isinstance(tok.ref, N.NameCandidate)
    return tok.ref


def _abbreviation_patterns(rules: RuleSet) -> tuple[tuple[re.Pattern, str], ...]:
    """Written role abbreviations (``зам. директора``), spaces after dots optional."""
    return rules.derived("roles.abbreviation_patterns", lambda rs: tuple(
        (re.compile(re.escape(key).replace(r"\ ", r"\s?").replace(r"\.", r"\.\s?"), re.IGNORECASE), expansion)
        for key, expansion in role_rules(rs).abbreviations.items()
    ))


def _tokenize(text: str, lo: int, hi: int, names, orgs, schools, rules: RuleSet) -> list[Tok]:
    """Words and punctuation of ``text[lo:hi]``, with names/orgs/schools as single tokens."""
    spans: list[Tok] = []
    name_starts = sorted(c.start for c in names if lo <= c.start < hi)
    for c in names:
        if lo <= c.start < hi:
            spans.append(Tok(c.start, c.end, text[c.start : c.end], "name", c))
    for kind, found in (("school", schools), ("org", orgs)):
        for x in found:
            if lo <= x.start < hi:
                end = min([x.end, hi] + [n for n in name_starts if x.start < n < x.end])
                ref = _clipped(x, text, end) if end < x.end else x
                spans.append(Tok(x.start, end, text[x.start : end].rstrip(), kind, ref))
    for rx, expansion in _abbreviation_patterns(rules):
        for m in rx.finditer(text, lo, hi):
            spans.append(Tok(m.start(), m.end(), expansion, "abbr_role"))
    spans.sort(key=lambda t: (t.start, -(t.end - t.start)))
    taken: list[Tok] = []
    for t in spans:
        if taken and t.start < taken[-1].end:
            continue
        taken.append(t)
    out: list[Tok] = []
    pos = lo
    for t in taken + [Tok(hi, hi, "", "end")]:
        for m in re.finditer(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*|\d+[а-я]?|«|»|\n|[^\sА-ЯЁа-яё\d]", text[pos : t.start]):
            s = pos + m.start()
            w = m.group()
            kind = ("word" if w[0].isalpha() else "num" if w[0].isdigit() else "quote" if w in "«»"
                    else "nl" if w == "\n" else "punct")
            out.append(Tok(s, s + len(w), w, kind))
        if t.kind != "end":
            out.append(t)
        pos = max(pos, t.end)
    return _with_legal_forms(out, rules)


def _legal_form_words(rules: RuleSet) -> frozenset[str]:
    """First words of the legal forms of schools and organizations (``МБОУ``, ``ГАУ``)."""
    return rules.derived("roles.legal_form_words", _legal_form_words_of)


def _legal_form_words_of(rules: RuleSet) -> frozenset[str]:
    forms = list(rules.file(SCHOOLS_FILE)["legal_forms"]) + list(org_rules(rules).legal_forms)
    return frozenset(f.split()[0] for f in forms)


def _with_legal_forms(toks: list[Tok], rules: RuleSet) -> list[Tok]:
    """A legal form and the proper words between it and a school are the school's
    name (``МКОУ Коченёвская СОШ № 2``, ``МБДОУ ЦРР – детский сад № 15``): one token.
    A school written without a number (``МКОУ Прокудская СОШ``) becomes an
    organization token of kind ``school``."""
    forms, kinds = _legal_form_words(rules), school_abbreviations(rules)
    out: list[Tok] = []
    for t in toks:
        if t.kind == "quote" and t.text == "»":
            t = _quoted_entity(out, t, forms) or t
        numberless = t.kind == "word" and t.text in kinds
        if t.kind in ("school", "org") or numberless:
            j = len(out)
            while j > 0 and _school_name_word(out[j - 1]) and out[j - 1].text not in forms:
                j -= 1
            if j > 0 and out[j - 1].text in forms and (j < len(out) or numberless):
                words = out[j - 1 :]
                del out[j - 1 :]
                if numberless:
                    name = " ".join(x.text for x in (*words, t))
                    t = Tok(words[0].start, t.end, name, "org", OrgMention(words[0].start, t.end, name, name, "", "", "school"))
                else:
                    t = Tok(words[0].start, t.end, t.text, t.kind, t.ref)
        out.append(t)
    return out


def _quoted_entity(out: list[Tok], close: Tok, forms: frozenset[str]) -> Tok | None:
    """``ГБОУ «Альметьевская школа-интернат⏎для детей с ОВЗ»``: a legal form and a quoted
    name that no organization rule took (it runs over a line end) is an organization;
    the tokens are taken off ``out``."""
    opens = [n for n, x in enumerate(out) if x.kind == "quote" and x.text == "«"]
    if not opens or opens[-1] == 0 or out[opens[-1] - 1].text not in forms:
        return None
    inner = out[opens[-1] + 1 :]
    if not inner or any(x.kind in ("school", "org", "name", "quote") for x in inner):
        return None
    first = out[opens[-1] - 1]
    name = f"{first.text} «{_join([x for x in inner if x.kind != 'nl'])}»"
    del out[opens[-1] - 1 :]
    return Tok(first.start, close.end, name, "org", OrgMention(first.start, close.end, name, name, "", "", "legal_entity"))


def _school_name_word(t: Tok) -> bool:
    """A capitalized word, an abbreviation or a dash inside a school's written name."""
    return t.text in ("–", "—") or (t.kind == "word" and t.text[0].isupper())


def _clipped(x, text: str, end: int):
    """An organization or school span cut at ``end``: a span that runs into a person's
    name (``методист МКУ «ЦРО» Коченёвского района Бахарева С.Г.``) or over the end of
    its sentence lost the words it took; the normalized name loses as many words."""
    cut = len(text[end : x.end].split())
    if isinstance(x, OrgMention):
        words = x.name.split()
        name = " ".join(words[: len(words) - cut]) if cut < len(words) else x.name
        return OrgMention(x.start, end, text[x.start : end].rstrip(), name, x.abbreviation, x.full_name, x.kind)
    return x


# --------------------------------------------------------------------------- role phrases


@dataclass(slots=True)
class Role:
    start: int  # token index of the first word
    end: int  # token index after the last
    role: str  # normalized role, nominative singular
    org: str  # normalized organization or ""
    org_ref: object = None
    head_parses: tuple = ()
    gender: str = ""

    @property
    def can_be_plural(self) -> bool:
        return any(p.tag.number == "plur" for p in self.head_parses)

    def cases_for(self, plural: bool) -> set[str]:
        """Cases the head can be in with this number: a name agrees with its role."""
        want = "plur" if plural else "sing"
        cases = {p.tag.case for p in self.head_parses if p.tag.number == want}
        return cases or {p.tag.case for p in self.head_parses}


def _is_verb(word: str) -> bool:
    ps = parse(word)
    return ps[0].tag.POS in ("VERB", "INFN", "GRND", "PRTS") if ps else False


# a word whose likeliest reading is one of these is not a role noun
_NOT_HEAD_POS = {"PREP", "CONJ", "PRCL", "ADVB", "NPRO", "INTJ"}


def _role_lemma(p) -> str:
    """The dictionary form of a role word. pymorphy puts ``заведующая`` under the verb
    ``заведовать``: a participle used as a noun is named by its masculine nominative."""
    if p.tag.POS == "PRTF":
        masc = p.inflect({"masc", "sing", "nomn"})
        if masc is not None:
            return masc.word.replace("ё", "е")
    return p.normal_form.replace("ё", "е")


def _head_info(word: str, rules: RuleSet) -> tuple:
    """Parses of ``word`` as a role noun; ``учитель-методист`` is headed by its first part."""
    return rules.derived("roles.head_info", _head_info_of)(word)


def _head_info_of(rules: RuleSet) -> Callable[[str], tuple]:
    """``_head_info`` of one rule set, remembered per word."""
    r = role_rules(rules)

    @lru_cache(maxsize=50_000)
    def head_info(word: str) -> tuple:
        parses = parse(word)
        if parses and parses[0].tag.POS in _NOT_HEAD_POS:
            return ()  # "после поездки" is not "посол"
        ps: Sequence[Any] = [p for p in parses if _role_lemma(p) in r.heads or p.normal_form in r.feminine]
        if not ps and "-" in word:
            # "учитель-методист" by its first part, "экс-премьер", "вице-губернатор" by the last
            first, last = word.split("-")[0], word.split("-")[-1]
            ps = head_info(first) or (head_info(last) if first.lower() in r.prefixes else ())
        return tuple(ps)

    return head_info


def _abbr_head(expansion: str, rules: RuleSet):
    """Head parses of an expanded abbreviation: its first role word (``заведующий
    кафедрой``, ``главный специалист``)."""
    for word in expansion.split():
        ps = _head_info(word, rules)
        if ps:
            return ps
    return []


def is_school_staff(role: str, rules: RuleSet) -> bool:
    """``учитель математики``, ``заместитель директора по УВР``: a post inside a school."""
    low = role.lower()
    return any(low == r or low.startswith(r + " ") for r in role_rules(rules).school_staff)


def _agrees(word: str, head_parses) -> bool:
    """An adjective or participle in the head's case and number (``главный специалист``,
    not ``подготовившим победителей``)."""
    for p in parse(word):
        if p.tag.POS not in ("ADJF", "PRTF"):
            continue
        if any(p.tag.case == h.tag.case and p.tag.number == h.tag.number for h in head_parses):
            return True
    return False


def _role_at(toks: list[Tok], i: int, rules: RuleSet) -> Role | None:
    r = role_rules(rules)
    t = toks[i]
    if t.kind == "abbr_role":
        head_parses = _abbr_head(t.text, rules)
    elif t.kind == "word":
        head_parses = _head_info(t.text, rules)
        if not head_parses or t.text.lower() in r.not_roles:
            return None
        if any(p.normal_form in r.not_roles for p in parse(t.text)) and not any(
            _role_lemma(p) in r.heads for p in parse(t.text)
        ):
            return None
    else:
        return None
    if not head_parses:
        return None
    # modifiers: adjectives right before the head (главный, муниципальный, старший)
    j = i
    while (j > 0 and toks[j - 1].kind == "word" and toks[j - 1].text.lower() not in r.stop_words
           and _agrees(toks[j - 1].text, head_parses)):
        j -= 1
    # tail
    k = i + 1
    org_tok, org_at = None, -1
    while k < len(toks):
        tk = toks[k]
        if tk.kind in ("school", "org"):
            # a named organization beats a generic one met earlier in the tail
            # ("доцент кафедры … АОУ ВО ДПО «…»": the org is the institute)
            if org_tok is None or (_named(tk) and not _named(org_tok)):
                org_tok, org_at = tk, k
            k += 1
            continue
        if tk.kind in ("num",) or (tk.kind == "nl" and k + 1 < len(toks) and toks[k + 1].kind in ("school", "org")):
            k += 1  # a signature: the organization on the line under the role
            continue
        if tk.text in ("и", ",") and toks[k - 1].kind in ("school", "org") and _next_is_org(toks, k + 1):
            k += 1  # "учитель МБОУ «СОШ № 1» и МБОУ «СОШ № 3»", "СОШ № 5 и № 7": the first is the org
            continue
        if tk.kind == "quote" and tk.text == "«":
            depth, m = 0, k
            while m < len(toks):
                depth += {"«": 1, "»": -1}.get(toks[m].text, 0) if toks[m].kind == "quote" else 0
                if toks[m].kind in ("school", "org") and org_tok is None:
                    org_tok, org_at = toks[m], m
                m += 1
                if depth == 0:
                    break
            k = m
            continue
        if tk.kind == "word" and tk.text[0].isupper() and k + 1 < len(toks) and _territory(toks[k + 1].text, rules):
            k += 2  # "администрации муниципального образования Староминский район"
            continue
        if tk.kind == "punct" and tk.text in ("№",):
            k += 1
            continue
        if (tk.text == "(" and org_tok is not None and k + 2 < len(toks) and toks[k + 1].text.isupper()
                and toks[k + 2].text == ")"):
            k += 3  # "МБУ «Информационно-методический центр» (ИМЦ)"
            continue
        if (tk.text == "(" and org_tok is not None and k + 3 < len(toks) and toks[k + 1].text.isupper()
                and toks[k + 2].text.isupper() and toks[k + 3].text == ")"):
            k += 4  # "(ИРО РТ)"
            continue
        if tk.kind == "punct" and tk.text == "." and k > 0 and toks[k - 1].text in ("г",):
            k += 1
            continue
        if tk.kind != "word":
            break
        w = tk.text
        low = w.lower()
        if low == "и" and _coordinated(toks, k, rules):
            k += 1  # "русского языка и литературы", "Министерства образования и науки"
            continue
        if low in r.stop_words and low != "по":
            break
        if low == "по":
            k += 1
            # "по УВР", "по учебно-воспитательной работе": up to the next noun
            while k < len(toks) and toks[k].kind == "word" and low not in r.stop_words:
                if toks[k].text.isupper() or any(p.tag.POS == "NOUN" for p in parse(toks[k].text)):
                    k += 1
                    break
                k += 1
            continue
        if w.isupper() and len(w) >= 2:
            # an abbreviation: an org (ГЦП) unless it is a known non-organization
            # a known non-organization (УВР, РМО, ЕГЭ) stays part of the role
            if w not in org_rules(rules).not_orgs and org_tok is None:
                org_tok, org_at = Tok(tk.start, tk.end, w, "org", OrgMention(tk.start, tk.end, w, w, w, "", "unknown")), k
            k += 1
            continue
        if w[0].isupper() and k + 1 < len(toks) and toks[k + 1].kind in ("school", "org"):
            k += 1  # "МКОУ Коченёвская СОШ № 2": a proper adjective before the school
            continue
        if low == "же" and k > 0 and _pronoun(toks[k - 1].text):
            k += 1  # "учитель физики того же лицея"
            continue
        if low in role_rules(rules).settlement_marks and k + 1 < len(toks):
            # "СОШ № 51 пгт Первомайский", "г. Шилки": a settlement after the organization
            m = _skip(toks, k + 1, (".",))
            if m < len(toks) and toks[m].kind == "word" and toks[m].text[0].isupper():
                k = m + 1
                continue
            k += 1
            continue
        if _is_verb(w):
            break
        if any(p.tag.case == "gent" for p in parse(w)) or (
                _governed_ablt(toks, k, rules) and any(p.tag.case == "ablt" for p in parse(w))):
            if w[0].isupper() and k > 0 and toks[k - 1].text not in (".",) and not any(p.tag.case == "gent" for p in parse(w)):
                break
            k += 1
            continue
        break
    if t.kind == "word":
        lem = {p.normal_form for p in head_parses}
        if lem & r.needs_complement and k == i + 1:
            return None
    # split role / org
    role_end = k
    org = ""
    org_ref = None
    if org_tok is not None:
        org_ref = org_tok.ref
        org = _org_name(org_tok)
        if _named(org_tok):
            role_end = org_at
    else:
        org = _genitive_owner(toks, i + 1, k)
    role_text = _join([t for n, t in enumerate(toks[j:role_end], j) if not _deictic(toks, n, rules)])
    if not role_text:
        return None
    role = _normalize_role(role_text, rules)
    gender = ""
    low = toks[i].text.lower()
    if low in r.feminine or any(p.tag.gender == "femn" and p.normal_form in r.feminine for p in head_parses):
        gender = "f"
    return Role(j, k, role, org, org_ref, tuple(head_parses), gender)


def _genitive_owner(toks: list[Tok], lo: int, hi: int) -> str:
    """``мэр Москвы``, ``депутат Законодательного собрания Приморского края``: a proper
    name in the genitive that ends the role is whose role it is. The first noun of
    that name must be a dictionary word that is no person's name (``президента
    Саакашвили`` is a person, not an owner)."""
    start = next((n for n in range(lo, hi) if toks[n].kind == "word" and toks[n].text[0].isupper()), hi)
    run = toks[start:hi]
    # an abbreviation owns a role only as the last word (``президента РФ``); before
    # other words it is a body inside the organization (``ШМО учителей …``)
    if not run or any(t.kind != "word" or (t.text.isupper() and len(t.text) > 1) for t in run[:-1]):
        return ""
    for t in run:
        nouns = [p for p in parse(t.text) if p.tag.POS == "NOUN"]
        if nouns:
            if not all(p.is_known for p in nouns) or any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in nouns):
                return ""
            break
    else:
        return ""
    return nominative_phrase(" ".join(t.text for t in run))


def _next_is_org(toks: list[Tok], k: int) -> bool:
    """A school or organization at ``k``, perhaps after a bare ``№`` (``и № 7``)."""
    k = _skip(toks, k, ("№",))
    return k < len(toks) and toks[k].kind in ("school", "org")


def _coordinated(toks: list[Tok], k: int, rules: RuleSet) -> bool:
    """``и`` at ``k`` joins two parts of one role's complement: a genitive noun that is
    not another role (``языка и литературы``, not ``директора и учителя``)."""
    if k + 1 >= len(toks) or toks[k + 1].kind != "word" or not toks[k + 1].text.islower():
        return False
    nxt = toks[k + 1].text
    if _head_info(nxt, rules):
        return False
    return any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF") for p in parse(nxt))


def _governed_ablt(toks: list[Tok], k: int, rules: RuleSet) -> bool:
    """``заведующая (детской) библиотекой``: an instrumental after a governing role word,
    across the adjectives that agree with the noun."""
    m = k - 1
    while m > 0 and toks[m].kind == "word" and any(p.tag.POS == "ADJF" and p.tag.case == "ablt" for p in parse(toks[m].text)):
        m -= 1
    return (m >= 0 and toks[m].kind in ("word", "abbr_role")
            and bool(lemmas(toks[m].text) & role_rules(rules).governs_instrumental))


def _pronoun(word: str) -> bool:
    return any("Apro" in p.tag.grammemes or p.tag.POS == "NPRO" for p in parse(word))


def _deictic(toks: list[Tok], n: int, rules: RuleSet) -> bool:
    """``этой школы``, ``того же лицея``: a pointer to an institution named elsewhere;
    the role is written without it (its organization is resolved from context)."""
    t = toks[n]
    if t.kind != "word":
        return False
    if _pronoun(t.text) or t.text.lower() == "же":
        return True
    prev = [x for x in toks[max(0, n - 2) : n] if x.kind == "word"]
    return bool(prev) and (_pronoun(prev[-1].text) or prev[-1].text.lower() == "же") and bool(
        {p.normal_form for p in parse(t.text)} & role_rules(rules).generic_institutions
    )


def _named(tok: Tok) -> bool:
    """A school, a legal-form name or an abbreviation, as opposed to a generic body
    (``управление образования``) that people write as part of the role."""
    ref = tok.ref
    return tok.kind == "school" or bool(getattr(ref, "abbreviation", "")) or getattr(ref, "kind", "") in (
        "legal_entity", "unknown", "defined", "school", "abbreviation")


def _territory(word: str, rules: RuleSet) -> bool:
    return bool({p.normal_form for p in parse(word)} & org_rules(rules).territories)


def _join(toks: list[Tok]) -> str:
    """The phrase as written (abbreviations expanded), spacing normalized."""
    parts = []
    for n, tk in enumerate(toks):
        if n and tk.start > toks[n - 1].end:
            parts.append(" ")
        parts.append(tk.text)
    s = "".join(parts)
    s = re.sub(r"№(?=\d)", "№ ", s)
    s = re.sub(r"\bг\.\s?", "г. ", s)
    return s.strip()


def _normalize_role(role_text: str, rules: RuleSet) -> str:
    r = role_rules(rules)
    words = role_text.split()
    if words and words[0].lower() in r.feminine:
        words[0] = r.feminine[words[0].lower()]
    participle = [p for p in parse(words[0]) if p.tag.POS == "PRTF" and _role_lemma(p) in r.heads] if words else []
    if participle:
        # "заведующей детской библиотекой": the participle is the head, the rest its complement
        return " ".join([_role_lemma(participle[0])] + words[1:])
    role = nominative_phrase(" ".join(words), singular=True)
    return role[0].lower() + role[1:] if role and not role.split()[0].isupper() else role


def _org_name(tok: Tok) -> str:
    ref = tok.ref
    if isinstance(ref, SchoolMention):
        return f"{ref.kind} № {ref.number}"
    if isinstance(ref, OrgMention):
        return ref.name
    return tok.text


# --------------------------------------------------------------------------- linking


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


def _generic_institution(toks: list[Tok], rules: RuleSet) -> str:
    """The generic institution word of a role (``школы-интерната`` → ``школа-интернат``), or ""."""
    for t in toks:
        if t.kind == "word":
            found = {p.normal_form for p in parse(t.text)} & role_rules(rules).generic_institutions
            if found:
                return max(found, key=len)
    return ""


def _last_school_before(
    schools: list[SchoolMention], orgs: list[OrgMention], pos: int, rules: RuleSet, kind: str = "", since: int = 0,
) -> str:
    """The school named last before ``pos`` (and after ``since``); for ``школа-интернат``,
    ``гимназия``, … the last one whose name says so, when there is one."""
    named = [(s.end, f"{s.kind} № {s.number}") for s in schools if since <= s.start and s.end <= pos]
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
            if not r.org and generic:
                r.org = _last_school_before(schools, orgs, toks[r.start].start, rules, generic)
            elif not r.org and is_school_staff(r.role, rules):
                # "в 6 «Б» классе МБОУ «СОШ № 3» провёл урок учитель … Сагдеев Р.М."
                r.org = _last_school_before(schools, orgs, toks[r.start].start, rules, since=lo)
        _link_block(toks, roles, links, rules)
        _gender_cues(toks, rules)
    out = []
    normalized = N.consistent([N.normalize(c, rules) for c in names], names, rules)
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


_DASHES = ("–", "—", "-", ":", "\n")
# what a chair or a laboratory can belong to
_PARENT_KINDS = {"institute", "university", "federal_institute", "college", "legal_entity", "defined", "abbreviation"}


def _skip(toks: list[Tok], k: int, what=_DASHES) -> int:
    while k < len(toks) and toks[k].text in what:
        k += 1
    return k


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


def _segments(toks: list[Tok], k: int, org: str) -> list[tuple[int, str]]:
    """The list a plural role covers: ``NAME, ORG NAME, NAME (ORG), ORG – NAME …``;
    each name with the organization of its own segment."""
    targets = [(k, _bracket_org(toks, k) or org)]
    m = _after_brackets(toks, k + 1)
    while m < len(toks) and toks[m].text in (",", "и") and m + 1 < len(toks):
        n = m + 1
        seg_org = org
        if toks[n].kind in ("school", "org"):
            seg_org = _org_name(toks[n])
            n = _skip(toks, n + 1)
        if n >= len(toks) or toks[n].kind != "name":
            break
        org = seg_org
        targets.append((n, _bracket_org(toks, n) or org))
        m = _after_brackets(toks, n + 1)
    return targets


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
        chain = _chain_before(toks, r, roles, role_by_end)
        org = r.org or _bracket_owner(toks, r)
        targets = _segments(toks, k, org) if r.can_be_plural else [(k, _bracket_org(toks, k) or org)]
        cues = r.cases_for(plural=len(targets) > 1)
        for idx, seg_org in targets:
            link = links[id(toks[idx].ref)]
            for c in chain + [r]:
                link.roles.append(c.role)
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
                link.org = _cell_org(toks, k) or link.org
                break
            # a role that is followed by a name belongs to that name
            if _names_after(toks, after) >= 0:
                break
            link.roles.append(after.role)
            link.org = link.org or _parent_org(toks, after, after.org, rules)
            _candidate(toks[idx]).case_cues |= after.cases_for(plural=False)
            if after.gender:
                _candidate(toks[idx]).gender_cues.add(after.gender)
            k = after.end
    # list agreement: names joined by commas share the case their members allow
    _list_cases(toks, name_idx, rules)
    # a preposition right before a name sets its case
    for idx in name_idx:
        if idx > 0 and toks[idx - 1].kind == "word":
            case = N.preposition_case(toks[idx - 1].text, rules)
            if case:
                _candidate(toks[idx]).case_cues = {case}


def _chain_before(toks, r: Role, roles: dict[int, Role], role_by_end: dict[int, Role]) -> list[Role]:
    """``ROLE1,\\n ROLE2 NAME`` (a signature): earlier roles separated by commas."""
    chain: list[Role] = []
    cur = r
    while True:
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
            allowed = cand.case_cues or N.possible_cases(cand, rules)
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


def component(doc: Inputs, rules: RuleSet) -> list[PersonMention]:
    """The ``people`` component: name candidates (rules + natasha's PER spans) outside
    schools and organizations, linked to their roles (see ``extract.registry``)."""
    ann = doc.annotation
    ner_per = [(s.start, s.end) for s in ann.ner if s.type == "PER"] if ann else []
    taken = [(s.start, s.end) for s in doc.records["schools"]] + [(o.start, o.end) for o in doc.records["orgs"]]
    candidates = [c for c in N.find_candidates(doc.text, rules, ner_per)
                  if not any(s <= c.start and c.end <= e for s, e in taken)]
    return link_people(doc.text, ann.sentences if ann else [], candidates, doc.records["orgs"],
                       doc.records["schools"], rules)
