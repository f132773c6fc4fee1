"""A sentence as the role reader sees it: words, numbers, quotes and punctuation,
with every name, school and organization found before as one token, written role
abbreviations (``зам. директора``) expanded, and a legal form joined to the
school it names (``МКОУ Коченёвская СОШ № 2``). Also the token helpers the role
phrases (``role_phrases``) and the linking (``role_links``) share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..morph import nominative_phrase, parse
from ..records import OrgMention, SchoolMention
from ..ruleset import RuleSet
from . import names as N
from .org_rules import org_rules
from .role_rules import role_rules
from .school_rules import FILE as SCHOOLS_FILE
from .school_rules import school_abbreviations


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
        # an en dash glued inside a word is its hyphen ("социально–педагогический")
        for m in re.finditer(r"[А-ЯЁа-яё]+(?:[-–][А-ЯЁа-яё]+)*|\d+[а-я]?|«|»|\n|[^\sА-ЯЁа-яё\d]", text[pos : t.start]):
            s = pos + m.start()
            w = m.group()
            w = w.replace("–", "-") if w[0].isalpha() else w
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


_ORDINAL_ENDINGS = {"masc": "й", "femn": "я", "neut": "е"}


def _gender(noun: str) -> str:
    return str(parse(noun)[0].tag.gender or "")


def _org_name(tok: Tok) -> str:
    ref = tok.ref
    if isinstance(ref, SchoolMention):
        written = re.sub(r"\s+", " ", ref.text).strip()
        if re.match(r"[а-яё]+ [а-яё]", written):
            # "средней школы № 28 имени …": a school written out keeps its words
            return re.sub(r"(?:№|N)\s?(?=\d)", "№ ", nominative_phrase(written))
        ordinal = re.match(r"(\d+)\s?-\s?[а-яё]{1,3}\s+(\w.*)", written)
        if ordinal:
            # "из 49-го лицея": a school numbered by an ordinal keeps it
            rest = nominative_phrase(ordinal.group(2))
            return f"{ordinal.group(1)}-{_ORDINAL_ENDINGS.get(_gender(rest.split()[-1]), 'й')} {rest}"
        return f"{ref.written or ref.kind} № {ref.number}"
    if isinstance(ref, OrgMention):
        return ref.name
    return tok.text


_DASHES = ("–", "—", "-", ":", "\n")


def _skip(toks: list[Tok], k: int, what=_DASHES) -> int:
    while k < len(toks) and toks[k].text in what:
        k += 1
    return k
