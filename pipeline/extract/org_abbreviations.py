"""Organization abbreviations: the known ones of ``models/organizations.yaml`` and the
ones a report defines itself (``… (далее – ЦНППМ)``), found with a genitive owner
after them (``ИРО Забайкальского края``); and, once every mention is found, the
abbreviation a report uses for an organization it also names in full (``МБУ
«Информационно-методический центр» (ИМЦ)``, or a known expansion) recorded on the
full mention.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..morph import nominative_phrase
from ..records import OrgMention
from ..ruleset import RuleSet
from ..text import contains_run, folded_words
from .org_phrases import _CAPS, _owner_nominal, owner_tail
from .org_rules import org_rules


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
