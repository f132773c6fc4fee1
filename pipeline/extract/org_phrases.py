"""The rule patterns that find an organization's own words in the text:
- ``LEGAL_FORM «Name»``, the form abbreviated or written out, and a school's legal
  form before its name without quotes (``МКОУ Прокудская СОШ``);
- ``[adjectives] HEAD [genitive tail]`` where HEAD is an organization noun;
and the morphology they share with the other organization modules: a genitive
owner after a name (``Забайкальского края``), quoted names, adjectives of a name.
"""

from __future__ import annotations

import re

from ..morph import nominative_phrase, parse
from ..records import OrgMention
from ..ruleset import RuleSet
from .org_rules import org_rules
from .role_heads import is_role_head
from .role_rules import role_rules

_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*|«|»|№|\d+|[.,;:()–—-]")
_CAPS = re.compile(r"\b[А-ЯЁ][А-ЯЁа-яё]*[А-ЯЁ][А-ЯЁа-яё]*\b")


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
    """A reading of ``word`` in ``case`` that is not a rare one (``главой`` is no genitive)."""
    parses = parse(word)
    top = max((p.score for p in parses), default=0.0)
    return any(p.tag.case == case and p.score >= 0.05 * top for p in parses)


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


# a school named by its place, without a legal form or a number: «Калайкасинская СОШ»,
# «ученики Тацинской СОШ»
_PLACE_SCHOOL = re.compile(
    r"(?<![А-ЯЁа-яё«\"-])(?P<adj>[А-ЯЁ][а-яё]*(?:-[А-ЯЁа-яё][а-яё]*)*(?:ск|цк)(?:ая|ой|ую))\s+"
    r"(?P<kind>СОШ|ООШ|НОШ)(?![А-ЯЁа-яё])"
    r"(?!\s*(?:№|N\s?\d|\d))"
)


# a kindergarten by its quoted name, without a number: «детском саду «Росинка»»
_NAMED_KINDERGARTEN = re.compile(r"(?<![А-ЯЁа-яё])[Дд]етск(?:ий|ого|ому|им|ом) сад(?:а|у|ом|е)?\s?(«[^«»\n]{1,40}»)")


def _unquoted_schools(text: str) -> list[OrgMention]:
    """``МКОУ Прокудская СОШ``, ``Калайкасинская СОШ``, ``детский сад «Росинка»``: a
    school with a place name or its own name but no number, which no ``schools`` row
    holds (named in the nominative)."""
    found = [OrgMention(m.start(), m.end(), m.group(), _owner_nominal(m.group()), kind="school")
             for m in _UNQUOTED_SCHOOL.finditer(text)]
    found += [OrgMention(m.start(), m.end(), m.group(), f"детский сад {m[1]}", kind="school")
              for m in _NAMED_KINDERGARTEN.finditer(text)]
    for m in _PLACE_SCHOOL.finditer(text):
        if any(o.start <= m.start() < o.end for o in found):
            continue
        name = f"{_feminine_nominative(m['adj'])} {m['kind']}"
        found.append(OrgMention(m.start(), m.end(), m.group(), name, kind="school"))
    return sorted(found, key=lambda o: o.start)


def _feminine_nominative(adjective: str) -> str:
    """``Тацинской`` → ``Тацинская`` (the school: a feminine noun)."""
    for p in parse(adjective) if "-" not in adjective else ():
        if p.tag.POS == "ADJF":
            form = p.inflect({"nomn", "femn", "sing"})
            if form:
                return form.word[:1].upper() + form.word[1:]
    return adjective[:-2] + "ая" if adjective.endswith(("ой", "ую")) else adjective


def is_place(word: str) -> bool:
    """``США``, ``КНР``: a country (a person's organization in ``президент США``, but
    a location, not an organization)."""
    tags = parse(word)[0].tag.grammemes
    return "Geox" in tags and "Orgn" not in tags


def _owner_nominal(owner: str) -> str:
    """Owner keeps its genitive (``ИРО Забайкальского края``); spacing and the number
    sign normalized (``СОШ N 1``, ``№1`` → ``№ 1``)."""
    owner = re.sub(r"\bг\.\s?", "г. ", owner)
    owner = re.sub(r"(?:\bN|№)\s?(?=\d)", "№ ", owner)
    return re.sub(r"\s+", " ", owner)


def _head_phrases(text: str, rules: RuleSet) -> list[OrgMention]:
    table = org_rules(rules)
    out = []
    # an en dash glued inside a word is its hyphen ("социально–педагогический")
    tokens = [(m.start(), m.end(), m.group().replace("–", "-"))
              for m in re.finditer(r"[А-ЯЁа-яё]+(?:[-–][А-ЯЁа-яё]+)*|\S", text)]
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
            if word == "по" and k == i + 1 and table.heads[head] in ("authority", "association"):
                m = k + 1  # "комитет по образованию", "комиссия по делам молодёжи"
                while (m < len(tokens) and tokens[m][2].islower() and len(tokens[m][2]) > 1
                       and not _is_function_word(tokens[m][2]) and _has_case(tokens[m][2], "datv")):
                    m += 1
                if m > k + 1:
                    k, last_lemmas = m, {"по"}
                    continue
            if word == "," and last_lemmas and (m := _comma_list(tokens, k)) > k:
                k = m  # "отдел образования, молодёжной политики и спорта": one name
                continue
            if not word[0].isalpha() or tokens[k][0] > tokens[k - 1][1] + 1 or len(word) < 2:
                break
            if word[0].isupper() and (_lemmas(word) & table.own_name_heads or (
                k + 1 < len(tokens) and _lemmas(tokens[k + 1][2]) & table.own_name_heads
            )):
                break  # "отдел … Министерства образования", "… Елабужского института": one of its own
            if (word[0].isupper() and last_lemmas & role_rules(rules).settlement_words and word[1:].islower()
                    and not {"Name", "Surn", "Patr"} & parse(word)[0].tag.grammemes):
                k += 1  # "библиотека села Ивановка": the settlement's name ends the tail
                break
            if word[0].isupper() and (
                not _has_case(word, "gent") or word.isupper()
                or (text[tokens[k][1] : tokens[k][1] + 1] == "." and len(word) <= 4)  # "Н.", "Усть." but not a sentence end
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
        generic = table.generic_modifiers.get(head, frozenset())
        if generic and k == i + 1 and any(_lemmas(t[2]) & generic for t in tokens[j:i]):
            continue  # "образовательная организация": a kind, not a body
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
    # an adjective's accusative is tagged animate ("профессионального"): only nouns count
    return word.islower() and any(
        p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF") and p.tag.animacy != "anim" for p in parse(word)
    ) and not any(p.tag.animacy == "anim" and p.tag.POS == "NOUN" for p in parse(word))


def _comma_list(tokens: list[tuple[int, int, str]], k: int) -> int:
    """``, молодёжной политики, физической культуры и спорта`` after a genitive: a
    list closed by ``и`` inside one name; the index of that ``и``, or ``k``."""
    m = k
    while m < len(tokens) and tokens[m][2] == ",":
        n = m + 1
        while (n < len(tokens) and tokens[n][0] <= tokens[n - 1][1] + 1 and tokens[n][2].islower()
               and any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF") and p.tag.animacy != "anim"
                       for p in parse(tokens[n][2]))):
            n += 1
        if n == m + 1:
            return k
        m = n
    return m if m < len(tokens) and tokens[m][2] == "и" and _coordinated(tokens, m) else k


def _proper(word: str) -> bool:
    """A capitalized adjective that is a proper name part (``Забайкальский``), not a sentence start."""
    return word[:1].isupper() and not any(
        p.is_known and p.tag.POS in ("ADJF",) and "Geox" not in p.tag.grammemes for p in parse(word))


def _is_function_word(word: str) -> bool:
    return any(p.tag.POS in ("PREP", "CONJ", "PRCL", "NPRO") for p in parse(word))


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
