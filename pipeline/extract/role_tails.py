"""The parts of a role phrase's tail that are not plain genitives: a comma list
inside one body's name (``отдела образования, молодёжной политики и спорта``),
an eponym (``СОШ им. К.Д. Убушиевой``) and a see after a clergy rank
(``митрополит Тверской и Кашинский``). Used by ``role_phrases``.
"""

from __future__ import annotations

from ..morph import parse
from ..ruleset import RuleSet
from .role_heads import is_role_head
from .role_rules import role_rules
from .role_tokens import Tok


def comma_list_end(toks: list[Tok], k: int, rules: RuleSet) -> int:
    """After the comma at ``k``: genitive words and commas closed by ``и`` and a
    genitive (``, молодёжной политики, физической культуры и спорта``), a list inside
    one name; the index of that ``и``, or ``k``."""
    m = k
    while m < len(toks) and toks[m].text == ",":
        n = m + 1
        while n < len(toks) and _plain_genitive(toks[n], rules):
            n += 1
        if n == m + 1:
            return k
        m = n
    if m + 1 < len(toks) and toks[m].text == "и" and _plain_genitive(toks[m + 1], rules):
        return m
    return k


def _plain_genitive(tok: Tok, rules: RuleSet) -> bool:
    """A lower-case genitive noun or adjective that is no role (``молодёжной``, ``политики``)."""
    return (tok.kind == "word" and tok.text.islower() and not is_role_head(tok.text, rules)
            and tok.text not in role_rules(rules).stop_words
            and any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF") for p in parse(tok.text)))


def eponym_end(toks: list[Tok], k: int) -> int:
    """After the eponym marker at ``k``: a rank in the genitive and initials with a
    surname; the index after them (a name token the reader took is not one)."""
    m = k + 1
    while m < len(toks) and m - k < 12 and (toks[m].text == "." or (toks[m].kind == "word" and (
            len(toks[m].text) == 1 or any(p.tag.case == "gent" for p in parse(toks[m].text))))):
        m += 1
    return m


def see_word(toks: list[Tok], k: int) -> bool:
    """A capitalized adjective of a see (``Тверской``), or ``и`` between two."""
    def adj(n: int) -> bool:
        return (n < len(toks) and toks[n].kind == "word" and toks[n].text[0].isupper()
                and any(p.tag.POS == "ADJF" for p in parse(toks[n].text)))
    return adj(k) or (toks[k].text == "и" and adj(k - 1) and adj(k + 1))
