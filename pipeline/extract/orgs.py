"""Organizations: education authorities, institutes and their chairs, methodical
services, legal-form names with quoted titles, universities, and abbreviations
with their expansions (``ФИОКО``, ``ИРО Забайкальского края``), including ones a
report defines itself (``… (далее – ЦНППМ)``).

Three patterns, all driven by ``models/organizations.yaml``:
- ``LEGAL_FORM «Name»``;
- a known (or report-defined) abbreviation, with a genitive owner after it;
- ``[adjectives] HEAD [genitive tail]`` where HEAD is an organization noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..morph import nominative_phrase, parse
from ..records import OrgMention
from ..rules import rule_file

RULE_FILES = ("organizations.yaml",)

_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*|«|»|№|\d+|[.,;:()–—-]")
_CAPS = re.compile(r"\b[А-ЯЁ][А-ЯЁа-яё]*[А-ЯЁ][А-ЯЁа-яё]*\b")


@dataclass(frozen=True)
class OrgRules:
    abbreviations: dict[str, dict]
    not_orgs: frozenset[str]
    legal_forms: tuple[str, ...]
    heads: dict[str, str]
    governs_instrumental: frozenset[str]
    sub_units: frozenset[str]
    needs_owner: frozenset[str]
    territories: frozenset[str]


@lru_cache(maxsize=1)
def org_rules() -> OrgRules:
    data = rule_file("organizations.yaml").data
    return OrgRules(
        abbreviations=dict(data["abbreviations"]),
        not_orgs=frozenset(data["not_organizations"]),
        legal_forms=tuple(sorted(data["legal_forms"], key=len, reverse=True)),
        heads=dict(data["heads"]),
        governs_instrumental=frozenset(data["governs_instrumental"]),
        sub_units=frozenset(data["sub_units"]),
        needs_owner=frozenset(data["needs_owner"]),
        territories=frozenset(data["territories"]),
    )


# --------------------------------------------------------------------------- helpers


def quoted_end(text: str, start: int) -> int:
    """End (exclusive) of the «…» starting at ``start``, honouring nesting; Russian
    typography often merges the closing marks (``«Гимназия № 11 «Гармония»``), so an
    inner ``»`` not followed by another one closes them all. -1 when none closes."""
    depth = 0
    for i in range(start, min(len(text), start + 300)):
        ch = text[i]
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth -= 1
            if depth == 0 or not re.match(r"[?!.…]{0,3}»", text[i + 1 : i + 5]):
                return i + 1
        elif ch == "\n":
            break
    return -1


def _lemmas(word: str) -> set[str]:
    return {p.normal_form for p in parse(word)}


def _has_case(word: str, case: str) -> bool:
    return any(p.tag.case == case for p in parse(word))


def _is_adj(word: str) -> bool:
    return any(p.tag.POS in ("ADJF", "PRTF") and p.is_known for p in parse(word))


_OWNER_RE = re.compile(
    r"(?:\s+(?:г\.\s?|города\s+)[А-ЯЁ][а-яё-]+"
    r"|\s+(?:[А-ЯЁ][а-яё]+(?:ого|его|ой|ей)\s+)?(?:края|области|района|округа|республики|Республики)"
    r"(?:\s+[А-ЯЁ][а-яё]+)?)"
)


def owner_tail(text: str, pos: int) -> int:
    """End of a genitive owner right after ``pos`` (``Забайкальского края``, ``г. Читы``)."""
    m = _OWNER_RE.match(text, pos)
    if not m:
        return pos
    # a capitalized adjective alone is not enough: "Забайкальского края" needs the noun
    return m.end()


# --------------------------------------------------------------------------- finders


def defined_abbreviations(text: str) -> dict[str, str]:
    """``полное название (далее – ABBR)`` / ``полное название (ABBR)`` → {ABBR: full}."""
    out: dict[str, str] = {}
    for m in re.finditer(r"\((?:далее\s*[–—-]?\s*)?([А-ЯЁ][А-ЯЁа-яё]{1,9})\)", text):
        abbr = m.group(1)
        if sum(c.isupper() for c in abbr) < 2 or abbr in org_rules().not_orgs:
            continue
        phrase = _phrase_before(text, m.start(), abbr)
        if phrase:
            out[abbr] = phrase
    return out


def _phrase_before(text: str, end: int, abbr: str) -> str:
    """The words before ``(ABBR)`` whose initials spell it, if they do."""
    words = re.findall(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*", text[max(0, end - 200) : end])
    letters = [c for c in abbr.upper() if c.isalpha()]
    for n in range(len(letters), min(len(words), len(letters) + 6) + 1):
        chunk = words[-n:]
        initials = "".join(w[0].upper() for w in chunk if len(w) > 2 or w[0].isupper())
        if initials.startswith(letters[0]) and _spells(initials, letters):
            return nominative_phrase(" ".join(chunk))
    return ""


def _spells(initials: str, letters: list[str]) -> bool:
    it = iter(initials)
    return all(any(ch == c for ch in it) for c in letters) and initials[0] == letters[0]


def find_orgs(text: str, extra_abbreviations: dict[str, str] | None = None) -> list[OrgMention]:
    """Organization mentions in ``text``, leftmost-longest, no overlaps, sorted."""
    rules = org_rules()
    local = dict(extra_abbreviations or {})
    local.update(defined_abbreviations(text))
    found: list[OrgMention] = []
    found += _legal_form_names(text, rules)
    found += _abbreviation_mentions(text, rules, local)
    found += _head_phrases(text, rules)
    return _select(found)


_SCHOOL_IN_QUOTES = re.compile(
    r"\b(?:СОШ|ООШ|НОШ|СШ|[Шш]кола|[Гг]имназия|[Лл]ицей|[Цц]ентр образования|[Дд]етский сад|"
    r"школа-интернат)\b"
)


def _legal_form_names(text: str, rules: OrgRules) -> list[OrgMention]:
    """``МКУ «МК МОЩР»``, ``ГАУ ДПО «ИРО …»``, ``МБОУ «Гимназия № 2»``: a legal form —
    a listed one or any all-caps abbreviation — right before a quoted name. A school
    written so is kind ``school``: a person's organization, not an ``organizations`` row."""
    out = []
    forms = "|".join(re.escape(f) for f in rules.legal_forms)
    pattern = rf"(?<![А-ЯЁа-яё])(?:{forms}|[А-ЯЁ]{{2,7}}(?:\s(?:ДПО|ДО|ВО|ВПО|СПО))*)\s*(?=«)"
    for m in re.finditer(pattern, text):
        if m.group().strip() in rules.not_orgs and m.group().strip() not in _SCHOOL_FORMS:
            continue
        end = quoted_end(text, m.end())
        if end < 0:
            continue
        inner = text[m.end() + 1 : end - 1]
        kind = "school" if _SCHOOL_IN_QUOTES.search(inner) else "legal_entity"
        end = owner_tail(text, end)
        name = _owner_nominal(text[m.start() : end])
        out.append(OrgMention(m.start(), end, text[m.start() : end], name, kind=kind))
    return out


_SCHOOL_FORMS = {"МБОУ", "МАОУ", "МКОУ", "МОУ", "ГБОУ", "ГАОУ", "ЧОУ", "МБДОУ", "МАДОУ"}


def _abbreviation_mentions(text: str, rules: OrgRules, local: dict[str, str]) -> list[OrgMention]:
    out = []
    known = {**{k: v["full"] for k, v in rules.abbreviations.items()}, **local}
    for m in _CAPS.finditer(text):
        abbr = m.group()
        if abbr not in known or abbr in rules.not_orgs:
            continue
        end = owner_tail(text, m.end())
        owner = text[m.end() : end].strip()
        name = abbr + (" " + _owner_nominal(owner) if owner else "")
        kind = rules.abbreviations.get(abbr, {}).get("kind", "defined")
        out.append(OrgMention(m.start(), end, text[m.start() : end], name, abbr, known[abbr], kind))
    return out


def _owner_nominal(owner: str) -> str:
    """Owner keeps its genitive (``ИРО Забайкальского края``); spacing and the number
    sign normalized (``СОШ N 1``, ``№1`` → ``№ 1``)."""
    owner = re.sub(r"\bг\.\s?", "г. ", owner)
    owner = re.sub(r"(?:\bN|№)\s?(?=\d)", "№ ", owner)
    return re.sub(r"\s+", " ", owner)


def _head_phrases(text: str, rules: OrgRules) -> list[OrgMention]:
    out = []
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*|\S", text)]
    for i, (s, e, w) in enumerate(tokens):
        if not w[0].isalpha():
            continue
        heads = [lem for lem in _lemmas(w) if lem in rules.heads]
        if not heads:
            continue
        head = heads[0]
        # modifiers before the head
        j = i
        while j > 0 and tokens[j - 1][2][0].isalpha() and tokens[j - 1][1] + 1 >= tokens[j][0] and _is_adj(tokens[j - 1][2]) and not _is_role_word(tokens[j - 1][2]):
            j -= 1
        # genitive tail after the head
        k = i + 1
        last_lemmas: set[str] = set()
        while k < len(tokens):
            word = tokens[k][2]
            if not word[0].isalpha() or tokens[k][0] > tokens[k - 1][1] + 1 or len(word) < 2:
                break
            if word[0].isupper() and (
                not _has_case(word, "gent") or word.isupper() or text[tokens[k][1] : tokens[k][1] + 1] == "."
                or re.match(r"\s*[А-ЯЁ]\.", text[tokens[k][1] : tokens[k][1] + 4])
            ):
                break  # a proper noun not in the genitive, an abbreviation, an initial, a surname
            if word[0].isupper() and any({"Surn", "Name", "Patr"} & set(p.tag.grammemes) for p in parse(word)) and not any(
                {"Geox", "Orgn"} & set(p.tag.grammemes) for p in parse(word)
            ):
                break  # a person's name
            if word[0].isupper() and not any(p.is_known for p in parse(word)) and not (
                k + 1 < len(tokens) and _lemmas(tokens[k + 1][2]) & rules.territories
            ):
                break  # an unknown capitalized word is a name, unless a territory follows
            if _has_case(word, "gent") and not _is_function_word(word):
                last_lemmas = _lemmas(word)
                k += 1
                continue
            if last_lemmas & rules.governs_instrumental and _has_case(word, "ablt"):
                k += 1
                continue
            break
        # the last genitive word must be a noun (not a dangling adjective)
        while k > i + 1 and not any(p.tag.POS == "NOUN" for p in parse(tokens[k - 1][2])):
            k -= 1
        if j == i and k == i + 1:
            continue  # a bare head noun ("центр", "служба") is not a name
        end = tokens[k - 1][1]
        end = owner_tail(text, end)
        if head in rules.needs_owner and end == tokens[k - 1][1] and not any(
            _lemmas(t[2]) & rules.territories for t in tokens[i + 1 : k]
        ):
            continue  # "администрация школ" is not an organization
        start = tokens[j][0]
        phrase = _owner_nominal(text[start:end])
        name = nominative_phrase(phrase)
        name = name[0].lower() + name[1:] if name[:1].isupper() and start > 0 and not _proper(tokens[j][2]) else name
        out.append(OrgMention(start, end, text[start:end], name, kind=rules.heads[head]))
    return out


def _proper(word: str) -> bool:
    """A capitalized adjective that is a proper name part (``Забайкальский``), not a sentence start."""
    return word[:1].isupper() and not any(p.is_known and p.tag.POS in ("ADJF",) and "Geox" not in p.tag.grammemes for p in parse(word))


def _is_role_word(word: str) -> bool:
    from .roles import is_role_head

    return is_role_head(word)


def _is_function_word(word: str) -> bool:
    return any(p.tag.POS in ("PREP", "CONJ", "PRCL", "NPRO") for p in parse(word))


def _select(found: list[OrgMention]) -> list[OrgMention]:
    found.sort(key=lambda o: (o.start, -(o.end - o.start)))
    out: list[OrgMention] = []
    for o in found:
        if out and o.start < out[-1].end:
            continue
        out.append(o)
    return out


def is_sub_unit(org: OrgMention) -> bool:
    return org.kind in org_rules().sub_units
