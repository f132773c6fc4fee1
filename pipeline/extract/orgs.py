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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..morph import nominative_phrase, parse
from ..records import Inputs, OrgMention
from ..ruleset import RuleSet
from ..text import contains_run, folded_words
from .role_heads import is_role_head

FILE = "organizations.yaml"

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
    abbreviation_patterns: re.Pattern
    needs_modifier: frozenset[str]
    not_modifiers: frozenset[str]
    joins_owner: frozenset[str]
    own_name_heads: frozenset[str]
    spelled_legal_forms: frozenset[str]
    ner_not_in: frozenset[str]
    title_nouns: frozenset[str]
    school_forms: frozenset[str]  # legal forms of schools (schools.yaml): never "not an organization"
    legal_form_names: re.Pattern  # a legal form before a quoted name


def org_rules(rules: RuleSet) -> OrgRules:
    return rules.derived("orgs.rules", _org_rules)


def _org_rules(rules: RuleSet) -> OrgRules:
    data = rules.file(FILE)
    return OrgRules(
        abbreviations=dict(data["abbreviations"]),
        not_orgs=frozenset(data["not_organizations"]),
        legal_forms=tuple(sorted(data["legal_forms"], key=len, reverse=True)),
        heads=dict(data["heads"]),
        governs_instrumental=frozenset(data["governs_instrumental"]),
        sub_units=frozenset(data["sub_units"]),
        needs_owner=frozenset(data["needs_owner"]),
        territories=frozenset(data["territories"]),
        abbreviation_patterns=re.compile("|".join(f"(?:{p})" for p in data["abbreviation_patterns"])),
        needs_modifier=frozenset(data["needs_modifier"]),
        not_modifiers=frozenset(data["not_modifiers"]),
        joins_owner=frozenset(data["joins_owner"]),
        own_name_heads=frozenset(data["own_name_heads"]),
        spelled_legal_forms=frozenset(data["spelled_legal_forms"]),
        ner_not_in=frozenset(data["ner_not_in"]),
        title_nouns=frozenset(data["title_nouns"]),
        school_forms=frozenset(rules.file("schools.yaml")["legal_forms"]),
        legal_form_names=_legal_form_names_re(data["legal_forms"]),
    )


def _legal_form_names_re(legal_forms) -> re.Pattern:
    """A legal form (listed, or any all-caps abbreviation) right before «: a region's
    abbreviation may stand between the forms (``ГАУ ДПО НСО «…»``)."""
    forms = "|".join(re.escape(f) for f in sorted(legal_forms, key=len, reverse=True))
    return re.compile(
        rf"(?<![А-ЯЁа-яё])(?:[А-ЯЁ]{{2,7}} )*(?:{forms}|[А-ЯЁ]{{2,7}}(?:\s(?:ДПО|ДО|ВО|ВПО|СПО))*)\s*(?=«)")


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
    r"|\s+(?:[А-ЯЁ][а-яё]+(?:ого|его|ой|ей)\s+)?(?:края|области|района|округа)"
    r"|\s+(?:[А-ЯЁ][а-яё]+(?:ой|ей)\s+)?[Рр]еспублики(?: [А-ЯЁ][а-яё]+)?)"
)


def owner_tail(text: str, pos: int) -> int:
    """End of a genitive owner right after ``pos`` (``Забайкальского края``, ``г. Читы``)."""
    m = _OWNER_RE.match(text, pos)
    if not m:
        return pos
    # a capitalized adjective alone is not enough: "Забайкальского края" needs the noun
    return m.end()


# --------------------------------------------------------------------------- finders


def defined_abbreviations(text: str, rules: RuleSet) -> dict[str, str]:
    """``полное название (далее – ABBR)`` / ``полное название (ABBR)`` → {ABBR: full}."""
    out: dict[str, str] = {}
    for m in re.finditer(r"\((?:далее\s*[–—-]?\s*)?([А-ЯЁ][А-ЯЁа-яё]{1,9})\)", text):
        abbr = m.group(1)
        if sum(c.isupper() for c in abbr) < 2 or abbr in org_rules(rules).not_orgs:
            continue
        phrase = _phrase_before(text, m.start(), abbr)
        if phrase:
            out[abbr] = phrase
    return out


def _phrase_before(text: str, end: int, abbr: str) -> str:
    """The words before ``(ABBR)`` whose initials spell it, if they do."""
    words = re.findall(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*", text[max(0, end - 200) : end])
    letters = [c for c in abbr if c.isupper()]  # the «и» of НИПКиПРО is a conjunction
    for n in range(len(letters), min(len(words), len(letters) + 6) + 1):
        chunk = words[-n:]
        initials = "".join(w[0].upper() for w in chunk if len(w) > 2 or w[0].isupper())
        if initials.startswith(letters[0]) and _spells(initials, letters):
            return nominative_phrase(" ".join(chunk))
    return ""


def _spells(initials: str, letters: list[str]) -> bool:
    it = iter(initials)
    return all(any(ch == c for ch in it) for c in letters) and initials[0] == letters[0]


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
    found += _head_phrases(text, rules)
    found = _select(found)
    found = _select(found + _ner_mentions(text, ner or [], found, rules))
    found = _join_units(text, found, rules)
    known = {**{k: v["full"] for k, v in table.abbreviations.items()}, **local}
    return _link_abbreviations(text, found, known)


_SCHOOL_IN_QUOTES = re.compile(
    r"\b(?:СОШ|ООШ|НОШ|СШ|[Шш]кола|[Гг]имназия|[Лл]ицей|[Цц]ентр образования|[Дд]етский сад|"
    r"школа-интернат)\b"
)


def _legal_form_names(text: str, rules: RuleSet) -> list[OrgMention]:
    """``МКУ «МК ЦРОШ»``, ``ГАУ ДПО «ИРО …»``, ``МБОУ «Гимназия № 2»``: a legal form —
    a listed one or any all-caps abbreviation — right before a quoted name. A school
    written so is kind ``school``: a person's organization, not an ``organizations`` row."""
    table = org_rules(rules)
    out = []
    for m in table.legal_form_names.finditer(text):
        start = m.start() + _leading_not_orgs(m.group(), rules)
        if text[start : m.end()].strip() in table.not_orgs and text[start : m.end()].strip() not in table.school_forms:
            continue
        end = quoted_end(text, m.end())
        if end < 0 or start >= m.end():
            continue
        inner = text[m.end() + 1 : end - 1]
        kind = "school" if _SCHOOL_IN_QUOTES.search(inner) else "legal_entity"
        abbr = inner if _CAPS.fullmatch(inner) and inner not in table.not_orgs else ""  # МАУ «ИМЦ»
        end = owner_tail(text, end)
        name = _owner_nominal(text[start:end])
        out.append(OrgMention(start, end, text[start:end], name, abbr, kind=kind))
    return out


def _leading_not_orgs(forms: str, rules: RuleSet) -> int:
    """Length of the leading words that are no legal form (``УВР МБОУ «…»``)."""
    table = org_rules(rules)
    n = 0
    for word in forms.split(" ")[:-1]:
        if word not in table.not_orgs or word in table.school_forms:
            break
        n += len(word) + 1
    return n


_SPELLED = re.compile(r"((?:[а-яё]+ ){1,3})([а-яё]+)\s*(?=«)")


def _spelled_before_quotes(text: str):
    """The matches of ``_SPELLED`` in ``text``, searched only in the 200 characters
    before each «: the pattern over the whole text backtracked at every word."""
    for q in re.finditer("«", text):
        for m in _SPELLED.finditer(text, max(0, q.start() - 200), q.start() + 1):
            if m.end() == q.start():
                yield m
                break


def _spelled_legal_forms(text: str, rules: RuleSet) -> list[OrgMention]:
    """``муниципального казённого учреждения «Центр развития образования»``: a legal
    form written out (adjectives + a listed noun) right before a quoted name."""
    table = org_rules(rules)
    out = []
    for m in _spelled_before_quotes(text):
        if not _lemmas(m.group(2)) & table.spelled_legal_forms:
            continue
        adjectives = m.group(1).split()
        while adjectives and not _is_adj(adjectives[0]):
            adjectives.pop(0)
        end = quoted_end(text, m.end())
        if not adjectives or end < 0 or not all(_is_adj(w) for w in adjectives):
            continue
        start = m.start() + len(m.group(1)) - len(" ".join(adjectives)) - 1
        name = nominative_phrase(_owner_nominal(text[start:end]))
        kind = "school" if _SCHOOL_IN_QUOTES.search(text[m.end() : end]) else "legal_entity"
        out.append(OrgMention(start, end, text[start:end], name, kind=kind))
    return out


_UNQUOTED_SCHOOL = re.compile(
    r"(?<![А-ЯЁа-яё])(?:МБОУ|МАОУ|МКОУ|МОУ|ГБОУ|ГАОУ)\s+(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*\s+){1,2}"
    r"(?:СОШ|ООШ|НОШ|СШ)(?![А-ЯЁа-яё])(?!\s*(?:№|N\s?\d|\d))"
)


def _unquoted_schools(text: str) -> list[OrgMention]:
    """``МКОУ Прокудская СОШ``: a school with a legal form and a place name but no
    number, which no ``schools`` row holds."""
    return [
        OrgMention(m.start(), m.end(), m.group(), _owner_nominal(m.group()), kind="school")
        for m in _UNQUOTED_SCHOOL.finditer(text)
    ]


def is_place(word: str) -> bool:
    """``США``, ``КНР``: a country (a person's organization in ``президент США``, but
    a location, not an organization)."""
    tags = parse(word)[0].tag.grammemes
    return "Geox" in tags and "Orgn" not in tags


def is_listed(org: OrgMention) -> bool:
    """An ``organizations`` row: every organization but a numbered school (that one
    is a ``schools`` row)."""
    return org.kind != "school" or not re.search(r"№|\bN\s?\d|\d", org.text)




def _abbreviation_mentions(text: str, rules: RuleSet, local: dict[str, str]) -> list[OrgMention]:
    table = org_rules(rules)
    out = []
    known = {**{k: v["full"] for k, v in table.abbreviations.items()}, **local}
    for m in _CAPS.finditer(text):
        abbr = m.group()
        if abbr in table.not_orgs or (abbr not in known and not table.abbreviation_patterns.fullmatch(abbr)):
            continue
        end = owner_tail(text, m.end())
        owner = text[m.end() : end].strip()
        name = abbr + (" " + _owner_nominal(owner) if owner else "")
        kind = table.abbreviations.get(abbr, {}).get("kind", "defined")
        out.append(OrgMention(m.start(), end, text[m.start() : end], name, abbr, known.get(abbr, ""), kind))
    return out


def _owner_nominal(owner: str) -> str:
    """Owner keeps its genitive (``ИРО Забайкальского края``); spacing and the number
    sign normalized (``СОШ N 1``, ``№1`` → ``№ 1``)."""
    owner = re.sub(r"\bг\.\s?", "г. ", owner)
    owner = re.sub(r"(?:\bN|№)\s?(?=\d)", "№ ", owner)
    return re.sub(r"\s+", " ", owner)


def _head_phrases(text: str, rules: RuleSet) -> list[OrgMention]:
    table = org_rules(rules)
    out = []
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*|\S", text)]
    for i, (_, _, w) in enumerate(tokens):
        if not w[0].isalpha():
            continue
        heads = [lem for lem in _lemmas(w) if lem in table.heads]
        if not heads:
            continue
        head = heads[0]
        singular = [p.tag for p in parse(w) if p.normal_form == head and p.tag.number == "sing"]
        if not singular:
            continue  # "педагогических колледжей": a kind of organization, not one
        # modifiers before the head, agreeing with it in the singular ("наземные службы" is not one)
        j = i
        while j > 0 and tokens[j - 1][2][0].isalpha() and tokens[j - 1][1] + 1 >= tokens[j][0] and _modifier(
            tokens[j - 1][2], rules, singular
        ):
            j -= 1
        if j == i and head in table.needs_modifier:
            continue
        # genitive tail after the head
        k = i + 1
        last_lemmas: set[str] = set()
        while k < len(tokens):
            word = tokens[k][2]
            if word == "и" and last_lemmas and tokens[k][0] == tokens[k - 1][1] + 1 and _coordinated(tokens, k):
                k += 1
                continue
            if not word[0].isalpha() or tokens[k][0] > tokens[k - 1][1] + 1 or len(word) < 2:
                break
            if word[0].isupper() and (_lemmas(word) & table.own_name_heads or (
                k + 1 < len(tokens) and _lemmas(tokens[k + 1][2]) & table.own_name_heads
            )):
                break  # "отдел … Министерства образования", "… Елабужского института": one of its own
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
                k + 1 < len(tokens) and _lemmas(tokens[k + 1][2]) & table.territories
            ):
                break  # an unknown capitalized word is a name, unless a territory follows
            if _has_case(word, "gent") and not _is_function_word(word):
                last_lemmas = _lemmas(word)
                k += 1
                continue
            if last_lemmas & table.governs_instrumental and _has_case(word, "ablt"):
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
        if head in table.needs_owner and end == tokens[k - 1][1] and not any(
            _lemmas(t[2]) & table.territories or (t[2][0].isupper() and is_place(t[2])) for t in tokens[i + 1 : k]
        ):
            continue  # "администрация школ" is not an organization
        start = tokens[j][0]
        if _quoted_title(text, start, rules):
            continue  # площадка «Цифровая лаборатория»
        phrase = _owner_nominal(text[start:end])
        name = nominative_phrase(phrase)
        name = name[0].lower() + name[1:] if name[:1].isupper() and start > 0 and not _proper(tokens[j][2]) else name
        out.append(OrgMention(start, end, text[start:end], name, kind=table.heads[head]))
    return out


def _modifier(word: str, rules: RuleSet, head: list | None = None) -> bool:
    """An adjective of the name: not a role (``заведующей кафедрой``), a pronoun or a
    participle (``эта комиссия``, ``возглавлявший отдел``), and agreeing with the
    ``head`` tags when given."""
    table = org_rules(rules)
    fits = [
        p for p in parse(word)
        if p.tag.POS == "ADJF" and p.is_known and "Apro" not in p.tag.grammemes and "Subx" not in p.tag.grammemes
    ]
    if head is not None:
        fits = [p for p in fits if any(_agree(p.tag, t) for t in head)]
    return bool(fits) and not is_role_head(word, rules) and not _lemmas(word) & table.not_modifiers


def _agree(adj, noun) -> bool:
    return adj.case == noun.case and adj.number == noun.number and adj.gender in (None, noun.gender)


def _coordinated(tokens: list[tuple[int, int, str]], k: int) -> bool:
    """``и`` at ``k`` joins two genitive things of one name (``образования и науки``,
    ``педагогики и психологии``), not a second person or organization."""
    if k + 1 >= len(tokens) or tokens[k + 1][0] > tokens[k][1] + 1:
        return False
    word = tokens[k + 1][2]
    return word.islower() and any(
        p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF") and p.tag.animacy != "anim" for p in parse(word)
    ) and not any(p.tag.animacy == "anim" for p in parse(word))


def _proper(word: str) -> bool:
    """A capitalized adjective that is a proper name part (``Забайкальский``), not a sentence start."""
    return word[:1].isupper() and not any(
        p.is_known and p.tag.POS in ("ADJF",) and "Geox" not in p.tag.grammemes for p in parse(word))


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


def is_sub_unit(org: OrgMention, rules: RuleSet) -> bool:
    return org.kind in org_rules(rules).sub_units


# --------------------------------------------------------------------------- natasha


def _ner_mentions(
    text: str, spans: list[tuple[int, int]], found: list[OrgMention], rules: RuleSet,
) -> list[OrgMention]:
    """natasha's ORG spans that no rule mention overlaps, in the nominative, less the
    ones natasha gets wrong in this genre (schools, titles, surnames)."""
    out = []
    for start, end in spans:
        start, end = _ner_bounds(text, start, end)
        if end <= start or any(start < o.end and o.start < end for o in found):
            continue
        if _ner_wrong(text, start, end, rules):
            continue
        phrase = re.sub(r"\s+", " ", text[start:end])
        abbr = phrase if _CAPS.fullmatch(phrase) and phrase.isupper() else ""  # "ОБСЕ" may name a full mention
        name = phrase if abbr else nominative_phrase(phrase)
        out.append(OrgMention(start, end, text[start:end], name, abbr, kind="named"))
    return out


def _ner_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span cut before a table cell, line break or person's initials
    (``МКУ ЦРО Н.И. Яценко``), with an opened «…» closed."""
    cut = re.search(r"\s*(?:\||\n|(?<!\w)[А-ЯЁ]\.\s?[А-ЯЁ]\.)", text[start:end])
    if cut:
        end = start + cut.start()
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in "»)":
        end -= 1
    if text.count("«", start, end) > text.count("»", start, end) and text[end : end + 1] == "»":
        end += 1
    return start, end


def _ner_wrong(text: str, start: int, end: int, rules: RuleSet) -> bool:
    table = org_rules(rules)
    words = re.findall(r"[A-Za-zА-ЯЁа-яё]+(?:-[A-Za-zА-ЯЁа-яё]+)*", text[start:end])
    if not words or all(w in table.not_orgs for w in words):
        return True  # "500+", "ШНОР", "СМИ"
    if {w.lower() for w in words} & {w.lower() for w in table.ner_not_in} or re.search(r"№|\d", text[start:end]):
        return True  # a school ("МБОУ СОШ № 4"), a staff abbreviation ("УВР")
    if _lemmas(words[0]) & table.territories:
        return True  # "Город Чита": a place
    return _person_name(text, end, words) or _quoted_title(text, start, rules)


def _person_name(text: str, end: int, words: list[str]) -> bool:
    """A surname natasha read as an organization: followed by a given name
    (``Гурулёва Ирина Анатольевна``), or holding a patronymic."""
    if any("Patr" in p.tag.grammemes for w in words for p in parse(w)[:1]):
        return True
    nxt = re.match(r"\s+([А-ЯЁ][а-яё]+)", text[end : end + 30])
    return len(words) == 1 and nxt is not None and any("Name" in p.tag.grammemes for p in parse(nxt.group(1))[:2])


def _quoted_title(text: str, start: int, rules: RuleSet) -> bool:
    """A quoted name after a title noun (``площадке «Цифровая школа»``, ``форум
    классных руководителей «…»``) or a number (``детский сад № 5 «Солнышко»``)."""
    table = org_rules(rules)
    before = text[max(0, start - 80) : start].rstrip()
    if not before.endswith("«"):
        return False
    before = before[:-1]
    if re.search(r"(?:№|N)\s?\d+\S*\s*$", before):
        return True
    words = re.findall(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*", re.split(r"[.!?;:\n«»]", before)[-1])[-3:]
    return any(_lemmas(w) & table.title_nouns for w in words)


# --------------------------------------------------------------------------- units and abbreviations


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


_BRACKETED = re.compile(r"\(\s*(далее\s*[–—-]?\s*)?([А-ЯЁ][^()\n]{1,40}?)\s*\)")


def _link_abbreviations(text: str, found: list[OrgMention], known: dict[str, str]) -> list[OrgMention]:
    """Record on a full-name mention the abbreviation the report uses for it: one in
    brackets after it (``… центр» (ИМЦ)``, ``(далее – Управление образования)``), or a
    known one, used alone, whose expansion the full name contains."""
    out = list(found)
    for m in _BRACKETED.finditer(text):
        short = m.group(2)
        if not m.group(1) and sum(c.isupper() for c in short) < 2:
            continue
        i = _bracket_owner(text, out, m, known)
        if i is not None:
            out[i] = replace(out[i], abbreviation=short, full_name=out[i].name)
    for abbr in {o.abbreviation for o in out if o.abbreviation and is_short_form(o)}:
        if not known.get(abbr) and sum(c.isupper() for c in abbr) < 3:
            continue  # two letters are too weak to spell a name by
        for i, o in enumerate(out):
            if not o.abbreviation and _names(o, abbr, known):
                out[i] = replace(o, abbreviation=abbr, full_name=o.name)
    return out


def is_short_form(o: OrgMention) -> bool:
    """The mention is its abbreviation alone, or with a legal form (``МАУ «ИМЦ»``)."""
    return o.name == o.abbreviation or o.name.endswith(f"«{o.abbreviation}»")


def _bracket_owner(text: str, found: list[OrgMention], m: re.Match, known: dict[str, str]) -> int | None:
    """Index of the mention a bracket names: the nearest one before it in the sentence
    that the short name spells or expands to; else, for ``(далее – …)`` or a bracket
    right after a mention, that mention."""
    before = [i for i, o in enumerate(found) if o.end <= m.start() and not o.abbreviation]
    before = [i for i in before if not re.search(r"[.!?]\s+[А-ЯЁ]|\n", text[found[i].end : m.start()])]
    for i in reversed(before):
        if _names(found[i], m.group(2), known):
            return i
    if before and (m.group(1) or not text[found[before[-1]].end : m.start()].strip(" »")):
        return before[-1]
    return None


def _names(o: OrgMention, short: str, known: dict[str, str]) -> bool:
    """``short`` abbreviates ``o``: its capitals are the initials of ``o``'s words in
    order, or its first part is known and ``o`` contains the expansion."""
    first = short.split()[0]
    if known.get(first) and contains_run(folded_words(o.name), folded_words(known[first])):
        return True
    letters = [c for c in short if c.isupper()]
    initials = [w[0].upper() for w in re.findall(r"[А-ЯЁа-яё]+", o.text) if len(w) > 2 or w[0].isupper()]
    starts = [n for n, c in enumerate(initials) if c == letters[0]]
    return bool(starts) and _spells("".join(initials[starts[0] :]), letters)


def component(doc: Inputs, rules: RuleSet) -> list[OrgMention]:
    """The ``orgs`` component: rule-found organizations and natasha's ORG spans
    that pass the rules (see ``extract.registry``)."""
    ann = doc.annotation
    return find_orgs(doc.text, rules, ner=[(s.start, s.end) for s in ann.ner if s.type == "ORG"] if ann else [])
