"""Role phrases: ``[modifiers] HEAD [tail]`` where HEAD is a role noun from
``models/roles.yaml`` and the tail its genitive chain, ``по …`` complement,
numbers, quotes and organization names (``заместитель директора по УВР СОШ №12``).
``_role_at`` reads the phrase that starts at a token and splits the organization
off its tail: a named one (school, legal-form name, abbreviation) ends the role; a
generic authority (``управления образования``) stays in the role, as people write
it, and is also the org.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..morph import nominative_phrase, parse
from ..records import OrgMention
from ..ruleset import RuleSet
from .names import eponym_markers
from .org_rules import org_rules
from .role_heads import lemmas
from .role_rules import role_rules
from .role_tails import comma_list_end, eponym_end, see_word
from .role_tokens import Tok, _join, _org_name, _skip


@dataclass(slots=True)
class Role:
    start: int  # token index of the first word
    end: int  # token index after the last
    role: str  # normalized role, nominative singular
    org: str  # normalized organization or ""
    org_ref: object = None
    head_parses: tuple = ()
    gender: str = ""
    head_words: int = 1  # words of the role up to its head ("старший воспитатель": 2)

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
        # "зам." does not decline: its role agrees with a name in any case
        head_parses = tuple(f for p in _abbr_head(t.text, rules) for f in p.lexeme if f.tag.number == "sing")
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
    is_title = bool({p.normal_form for p in head_parses} & r.titles)
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
        if tk.text == "," and (m := comma_list_end(toks, k, rules)) > k:
            k = m  # "отдела образования, молодёжной политики и спорта": one body's name
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
        if low in eponym_markers(rules) or (len(w) == 1 and w.isupper() and toks[k - 1].kind in ("org", "school")
                                            and set(toks[k - 1].text.lower().split()) & eponym_markers(rules)):
            # "СОШ им. К.Д. Убушиевой", "имени контр-адмирала В.Ф. Иванова" (also after an
            # organization whose name stops before the initials)
            k = eponym_end(toks, k if low in eponym_markers(rules) else k - 1)
            continue
        if len(w) == 1 and w.isupper() and toks[k - 1].kind == "num" and toks[k - 1].end == tk.start:
            k += 1  # a class letter: "ученики 5А класса", not the conjunction "а"
            continue
        if is_title and see_word(toks, k):
            k += 1  # "митрополит Тверской и Кашинский": the see is part of the rank
            continue
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
        if (lemmas(w) & r.settlement_words and k + 1 < len(toks) and toks[k + 1].kind == "word"
                and toks[k + 1].text[0].isupper()
                and not {"Name", "Surn", "Patr"} & parse(toks[k + 1].text)[0].tag.grammemes):
            k += 2  # "школы села Ивановка": the settlement's name stays as written
            continue
        if (w[0].isupper() and toks[k - 1].text and lemmas(toks[k - 1].text.split()[-1]) & r.settlement_words
                and not {"Name", "Surn", "Patr"} & parse(w)[0].tag.grammemes):
            k += 1  # "библиотекой села Ивановка", the settlement word ending an organization
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
            # "ученик Тацинской СОШ № 1": the place adjective belongs to the school
            while (role_end - 1 > i and toks[role_end - 1].kind == "word" and toks[role_end - 1].text[0].isupper()
                   and any(p.tag.POS == "ADJF" for p in parse(toks[role_end - 1].text))):
                role_end -= 1
            if role_end < org_at and org_tok.kind == "school":
                gender = "masc" if org.lower().startswith(("лицей", "детский", "центр")) else "femn"
                adjs = [adjective_nominative(t.text, gender) for t in toks[role_end:org_at]]
                org = " ".join(adjs + [org])
    elif not is_title:  # a see or a deanery is no organization of the person
        org = _genitive_owner(toks, i + 1, k, rules)
    role_text = _join([t for n, t in enumerate(toks[j:role_end], j) if not _deictic(toks, n, rules)])
    if not role_text:
        return None
    role = _normalize_role(role_text, rules)
    gender = ""
    low = toks[i].text.lower()
    if low in r.feminine or any(p.tag.gender == "femn" and p.normal_form in r.feminine for p in head_parses):
        gender = "f"
    return Role(j, k, role, org, org_ref, tuple(head_parses), gender, i - j + 1)


def adjective_nominative(word: str, gender: str) -> str:
    """``Тацинской`` → ``Тацинская`` (before a school of that gender)."""
    for p in parse(word):
        form = p.inflect({"nomn", "sing", gender}) if p.tag.POS == "ADJF" else None
        if form:
            return form.word[:1].upper() + form.word[1:]
    return word


def _genitive_owner(toks: list[Tok], lo: int, hi: int, rules: RuleSet) -> str:
    """``мэр Москвы``, ``депутат Законодательного собрания Приморского края``: a proper
    name in the genitive that ends the role is whose role it is. The first noun of
    that name must be a dictionary word that is no person's name (``президента
    Саакашвили`` is a person, not an owner)."""
    # a class letter ("7Б класса") is no name
    start = next((n for n in range(lo, hi) if toks[n].kind == "word" and toks[n].text[0].isupper()
                  and len(toks[n].text) > 1), hi)
    eponym = next((n for n in range(start, hi) if toks[n].text.lower() in eponym_markers(rules)), hi)
    if eponym < hi:  # "Кетовской средней школы имени В. Ф. Иванова": the eponym stays as written
        owner = _genitive_owner(toks, lo, eponym, rules)
        return f"{owner} {_join(toks[eponym:hi])}" if owner else ""
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
    head = [_role_lemma(p) for p in parse(words[0]) if p.tag.POS == "NOUN" and _role_lemma(p) in r.heads] if words else []
    if head and role.split()[0].lower() != head[0]:
        # "главой администрации" is no "главая администрация": the head noun by its lemma
        role = " ".join([head[0]] + words[1:])
    return role[0].lower() + role[1:] if role and not role.split()[0].isupper() else role
