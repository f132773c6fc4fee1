"""Schools with a number: ``МБОУ СОШ № 5,7,13``, ``школ № 1–4``, ``СОШ№45``,
``СОШ № 3 им. Е.И. Мирошко``, ``МБОУ СОШ №17 с углубленным изучением английского
языка``, ``МБОУ СОШ № 2 ст. Старощербиновской``.

A school is ``[LEGAL FORM] [«] [KIND] №|N NUMBER[, NUMBER | и NUMBER | – NUMBER]…``
followed by an optional eponym, specialization and settlement (a quoted proper
name, ``«Гармония»``, is stepped over on the way to the settlement but not kept:
the ``name`` column is for eponyms and specializations). Every school of a
list or range is its own mention: the first spans the legal form, kind and its
number; the others span their number (the middle of a range spans the range).
Rules: ``models/schools.yaml``.
"""

from __future__ import annotations

import re

from ..morph import parse
from ..records import Inputs, SchoolMention
from ..ruleset import RuleSet
from ..text import fold
from .location_rules import location_rules
from .place_names import settlement_at
from .school_rules import school_rules

_NUM = r"(?P<n>\d{1,4})(?:-?(?P<letter>[а-жА-Ж]))?(?![А-Яа-яЁё\d])"
# the number sign as sites type it: «№», «N», «Nº»/«N°»/«No» (№ drawn from two
# glyphs), the word «номер» («гимназии номер 24»)
_SIGN = re.compile(r"[ \t]*(?:№[ \t]*№?|N[º°o]?\.?(?![А-Яа-яA-Za-z])|номер(?:ом|а|у|е)?(?![а-яё]))[ \t]*")
_NUMBER = re.compile(_NUM)
_BARE = re.compile(r"[ \t]+(?P<n>\d{1,3})(?![\d.,:/А-Яа-яЁё])")
_LIST = re.compile(r"[ \t]*(?:,[ \t]*(?:и[ \t]+)?|[ \t]+и[ \t]+|;[ \t]*)(?:(?:№|N)[ \t]*)?" + _NUM)
_RANGE = re.compile(r"[ \t]*[-–—][ \t]*(?:№[ \t]*)?(?P<n>\d{1,4})(?![\dА-Яа-яЁё])")
_OPEN = re.compile(r"[ \t]*(?:[«\"]|-)?[ \t]*")
_EPONYM = re.compile(r"\s*,?\s*(?:им\.|имени(?![а-яё]))\s*")
_INITIALS = re.compile(r"(?:[А-ЯЁ]\.\s*){1,2}")
_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
_SPACE = re.compile(r"\s*")
_PROPER_NAME = re.compile(r"[ \t]*«[^«»\n]{1,40}»")
_INLINE = re.compile(r"[ \t]*")
_NEXT_TOKEN = re.compile(r"%|-?[А-ЯЁа-яё]+\.?")


# --------------------------------------------------------------------------- pieces


def _skip(rx: re.Pattern[str], text: str, pos: int) -> int:
    """End of ``rx`` matched at ``pos``: for the gap patterns (``_INLINE``, ``_SPACE``),
    which match the empty string, so always match."""
    m = rx.match(text, pos)
    assert m is not None
    return m.end()


def _not_a_school_number(text: str, end: int, rules: RuleSet) -> bool:
    """What follows a list number shows it counts something else (``7 классы``)."""
    sr = school_rules(rules)
    at = _skip(_INLINE, text, end)
    token = _NEXT_TOKEN.match(text, at)
    if token:
        word = fold(token.group())
        if any(word.startswith(w) and len(word) - len(w) <= 4 for w in sr.not_numbers):
            return True
    m = _WORD.match(text, at)
    if m and m.group()[0].islower() and text[m.end() : m.end() + 1] != "." and len(m.group()) > 2:
        best = parse(m.group())[0]
        return best.tag.POS == "NOUN" and fold(best.normal_form) not in sr.may_follow_list
    return False


def _eponym(text: str, pos: int, rules: RuleSet) -> tuple[int, str] | None:
    """``им. Е.И. Мирошко`` / ``имени Героя Советского Союза И.И. Иванова`` at ``pos``.

    Lower-case words are allowed only from ``eponym_titles``; the name ends after
    ``initials + surname`` or ``surname + initials``, or at the first word that is
    neither capitalized nor a title.
    """
    m = _EPONYM.match(text, pos)
    if not m:
        return None
    sr = school_rules(rules)
    loc = location_rules(rules)
    p, parts, end, capitals = m.end(), [], None, 0
    for _ in range(8):
        q = _skip(_INLINE, text, p)
        ini = _INITIALS.match(text, q)
        if ini:
            initials = re.sub(r"\s+", "", ini.group())
            w = _WORD.match(text, _skip(_INLINE, text, ini.end()))
            if w and w.group()[0].isupper():
                parts.append(f"{initials} {w.group()}")
                end = w.end()
            elif capitals:
                parts[-1] += f" {initials}"
                end = ini.start() + len(ini.group().rstrip())
            break
        w = _WORD.match(text, q)
        if not w:
            break
        word = w.group()
        if word[0].islower():
            if fold(word) not in sr.titles:
                break
            parts.append(word)
            p = w.end()
            continue
        if capitals and loc.adjective_marker_re.match(text, w.start()):
            break  # "… Щербиновского района" is the school's place, not its eponym
        parts.append(word)
        capitals += 1
        end = p = w.end()
        nxt = _skip(_INLINE, text, p)
        if not (_INITIALS.match(text, nxt) or ((w2 := _WORD.match(text, nxt)) and w2.group()[0].isupper())):
            break
    if end is None:
        return None
    while parts and parts[-1][0].islower():
        parts.pop()
    return end, "им. " + " ".join(parts)


def _specialization(text: str, pos: int, rules: RuleSet) -> tuple[int, str] | None:
    """``с углубленным изучением английского языка`` at ``pos``."""
    m = school_rules(rules).spec_re.match(text, pos)
    if not m:
        return None
    words: list[str] = []
    end, p = m.end(), m.end()
    for _ in range(6):
        w = _WORD.match(text, _skip(_SPACE, text, p))
        if not w or "\n" in text[p : w.start()]:
            break
        word = w.group()
        if word == "и" and words:
            words.append(word)
            p = w.end()
            continue
        parses = parse(word)
        if (
            word[0].isupper()
            or parses[0].tag.POS in ("PREP", "CONJ", "PRCL")
            or not any(x.tag.case == "gent" and x.tag.POS in ("NOUN", "ADJF", "PRTF") for x in parses)
        ):
            break
        words.append(word)
        end = p = w.end()
    while words and words[-1] == "и":
        words.pop()
    name = " ".join(m.group("spec").split() + words)
    return end, name


def _tail(text: str, pos: int, single: bool, rules: RuleSet):
    """Eponym, specialization and settlement after the number(s), in any order."""
    name_parts, location, end = [], "", pos
    done = set()
    for _ in range(3):
        if single and "eponym" not in done and (ep := _eponym(text, end, rules)):
            end, part = ep
            name_parts.append(part)
            done.add("eponym")
            continue
        if single and "spec" not in done and (sp := _specialization(text, end, rules)):
            end, part = sp
            name_parts.append(part)
            done.add("spec")
            continue
        if "place" not in done and (st := settlement_at(text, end, rules)):
            end, location = st[1], st[2]
            done.add("place")
            continue
        break
    return end, " ".join(name_parts), location


def _number(m: re.Match) -> str:
    """``07`` → ``7``, ``7-А`` → ``7а``."""
    return (m.group("n").lstrip("0") or "0") + (m.groupdict().get("letter") or "").lower()


# --------------------------------------------------------------------------- finding


def _parse_at(text: str, m: re.Match, rules: RuleSet):
    """Parse one school (or list) from an anchor match; ``(end, mentions)`` or None."""
    sr = school_rules(rules)
    start = m.start()
    legal_form, kind, written, pos, abbr, opened = "", None, "", m.end(), False, False
    if m.group("lf"):
        legal_form = " ".join(m.group("lf").split())
        opening = _OPEN.match(text, pos)
        assert opening is not None  # _OPEN matches the empty string
        opened = "«" in opening.group() or '"' in opening.group()
        k = sr.kind_re.match(text, opening.end())
        pos = opening.end()
        if k:
            kind, written, abbr, pos = _kind(k, rules), _written(k, rules), bool(k.group("abbr") or k.group("labbr")), k.end()
    else:
        kind, written, abbr = _kind(m, rules), _written(m, rules), bool(m.group("abbr") or m.group("labbr"))
        opened = start > 0 and text[start - 1] in "«\""
    general = kind is None or fold(written) in sr.general
    if kind is None:
        kind = sr.legal_forms.get(legal_form, sr.general_kind)

    sign = _SIGN.match(text, pos)
    if sign and sign.group().strip():
        first = _NUMBER.match(text, sign.end())
    elif abbr and text[pos : pos + 1] == "-" and text[pos + 1 : pos + 2].isdigit():  # «СОШ-1»
        first = _NUMBER.match(text, pos + 1)
    elif abbr:
        first = _BARE.match(text, pos)
        if first and _not_a_school_number(text, first.end(), rules):
            first = None
    else:
        first = None
    if not first:
        return None

    # (mention start, mention end, number, where the number is written)
    items: list[tuple[int, int, str, int]] = [(start, first.end(), _number(first), first.start("n"))]
    p = first.end()
    while True:
        r = _RANGE.match(text, p)
        if r and items[-1][2].isdigit():
            lo, hi = int(items[-1][2]), int(r.group("n"))
            if lo < hi <= lo + sr.max_range and not _not_a_school_number(text, r.end(), rules):
                low_at = items[-1][3]  # the middle of a range spans the whole range
                for n in range(lo + 1, hi):
                    items.append((low_at, r.end(), str(n), low_at))
                items.append((r.start("n"), r.end(), str(hi), r.start("n")))
                p = r.end()
                continue
        li = _LIST.match(text, p)
        if li and not _not_a_school_number(text, li.end(), rules):
            items.append((li.start("n"), li.end(), _number(li), li.start("n")))
            p = li.end()
            continue
        break

    single = len(items) == 1
    end, name, location = _tail(text, p, single, rules)
    closed = False
    proper = _PROPER_NAME.match(text, end)
    if proper:  # "Гимназия № 11 «Гармония»» г. Бердска": a proper name, then the place
        after = proper.end()
        if opened and text[after : after + 1] == "»":
            after, closed = after + 1, True
        st = None if location else settlement_at(text, after, rules)
        if st or closed:
            end = st[1] if st else after
            location = st[2] if st else location
    if opened and not closed and text[end : end + 1] and text[end] in "»\"":
        end += 1
        if not location and (st := settlement_at(text, end, rules)):
            end, location = st[1], st[2]
    if single:
        items[0] = (items[0][0], end, items[0][2], items[0][3])
    mentions = []
    seen = set()
    for s, e, number, _ in items:
        if number in seen:
            continue
        seen.add(number)
        mentions.append(
            SchoolMention(start=s, end=e, text=text[s:e], number=number, kind=kind,
                          name=name if single else "", legal_form=legal_form, location=location, written=written,
                          general=general)
        )
    return max(end, p), mentions


def _kind(m: re.Match, rules: RuleSet) -> str:
    sr = school_rules(rules)
    if m.groupdict().get("abbr"):
        return sr.kind_of[m.group("abbr")]
    if m.groupdict().get("labbr"):
        return sr.kind_of[m.group("labbr").upper()]
    return sr.kind_of[fold(" ".join(m.group("phrase").split()))]


def _written(m: re.Match, rules: RuleSet) -> str:
    """The kind as the text writes it, in the nominative: what a reader copies into a
    person's organization (``учитель школы № 7`` → ``школа № 7``, not ``СОШ № 7``)."""
    if m.groupdict().get("abbr"):
        return m.group("abbr")
    if m.groupdict().get("labbr"):
        return m.group("labbr").upper()
    return school_rules(rules).phrase_of[fold(" ".join(m.group("phrase").split()))]


def find_schools(text: str, rules: RuleSet) -> list[SchoolMention]:
    """Numbered schools in ``text``, one mention per school of a list, sorted by start."""
    sr = school_rules(rules)
    out: list[SchoolMention] = []
    pos = 0
    while True:
        m = sr.anchor_re.search(text, pos)
        if not m:
            break
        parsed = _parse_at(text, m, rules)
        if parsed is None:
            pos = m.start() + 1 if m.group("lf") else m.end()
            continue
        pos, mentions = parsed
        out.extend(mentions)
    for m in sr.ordinal_re.finditer(text):
        if not any(s.start <= m.start() < s.end or m.start() <= s.start < m.end() for s in out):
            out.append(SchoolMention(start=m.start(), end=m.end(), text=m.group(), number=_number(m),
                                     kind=_kind(m, rules), written=_written(m, rules),
                                     general=fold(_written(m, rules)) in sr.general))
    return sorted(out, key=lambda s: (s.start, s.end))


def component(doc: Inputs, rules: RuleSet) -> list[SchoolMention]:
    """The ``schools`` component (see ``extract.registry``)."""
    return find_schools(doc.text, rules)
