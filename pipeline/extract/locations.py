"""Places: regions, districts, urban districts, cities and villages, put in the
nominative (``Краснодарского края`` → ``Краснодарский край``, ``в г. Чите`` →
``г. Чита``, ``городского округа «Город Чита»`` → ``городской округ «Город Чита»``).

Patterns, in order of precedence (a later one never overlaps an earlier one):
1. a unit with a quoted name: ``городской округ «…»``;
2. a capitalized place adjective before a place noun: ``Щербиновском районе``;
3. ``Республика`` + a republic's name;
4. a settlement marker before a capitalized name: ``г. Чита``, ``ст. …``;
5. a gazetteer city or region name without a marker;
6. a capitalized word the dictionary reads first as a toponym (kind ``place``:
   its level is unknown): ``из Юрги``.
Places inside organization names count (``ИРО Забайкальского края``).
Rules: ``models/locations.yaml``, compiled in ``location_rules``; names are put in
the nominative by ``place_names``. This module finds the places and is the
``locations`` component.
"""

from __future__ import annotations

import re

from ..morph import match_case, nominative_phrase, parse
from ..place_words import is_place_adjective
from ..records import Inputs, LocationMention
from ..ruleset import RuleSet
from ..text import TOKEN, fold
from .location_rules import location_rules
from .place_names import (
    _INITIAL_AFTER,
    _INITIAL_BEFORE,
    _agreeing_nominative,
    _settlement_from,
    nominative_name,
    settlement_at,
)

__all__ = ["component", "find_locations", "is_place_adjective", "location_rules", "settlement_at"]

def _quoted_end(text: str, start: int) -> int:
    """End (exclusive) of the quotation opening at ``start``, nesting «…«…»…»; -1 if open."""
    opener = text[start]
    closer = {"«": "»", "„": "“", "“": "”", '"': '"'}[opener]
    depth = 0
    for i in range(start, min(len(text), start + 200)):
        ch = text[i]
        if ch == "\n":
            break
        if ch == closer and (depth > 0) and (opener != '"' or i > start):
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch == opener:
            depth += 1
    return -1


def _candidates(text: str, rules: RuleSet):
    lr = location_rules(rules)
    # 1. unit + quoted name
    for m in lr.quoted_unit_re.finditer(text):
        q = m.end()
        qe = _quoted_end(text, q)
        if qe < 0:
            continue
        inner = " ".join(text[q + 1 : qe - 1].split())
        unit = lr.unit_of_form[fold(" ".join(m.group("unit").split()))]
        kind = lr.quoted_units[unit]
        last = inner.split()[-1] if inner else ""
        if fold(last) in lr.markers and len(inner.split()) > 1:
            name = nominative_phrase(inner, singular=True)
            kind = lr.markers[fold(last)].kind
        else:
            head = nominative_phrase(" ".join(m.group("unit").split()), singular=True).lower()
            name = f"{head} «{inner}»"
        yield 0, m.start(), qe, name, kind
    # 1b. unit + "город" + name: "городского округа города Вологды"
    for m in lr.unit_city_re.finditer(text):
        words = m.group("name").split()
        end = m.end()
        if len(words) == 2 and not (
            any(p.tag.POS == "ADJF" for p in parse(words[0])) and any(p.tag.POS == "NOUN" for p in parse(words[1]))
        ):
            words, end = words[:1], m.start("name") + len(words[0])
        unit = nominative_phrase(" ".join(m.group("unit").split()), singular=True).lower()
        yield 0, m.start(), end, f"{unit} город {nominative_name(words, 'masc')}", "urban_district"
    # 2. place adjective + place noun; coordinated adjectives share the noun:
    # "Сокольского, Тотемского и Вытегорского муниципальных округов" -> three places
    for m in lr.adjective_marker_re.finditer(text):
        adj, begin = _SPACED_DASH.sub("-", m.group("adj")), m.start()  # «Усть – Кутского района»
        first = re.match(r"[А-ЯЁа-яё]+\s+[–—-]", m.group("adj"))
        if first and any("Surn" in p.tag for p in parse(first.group().split()[0])):
            begin = m.start() + m.group("adj").rindex(" ") + 1  # «Петров – Краснодарского края»: the name ends
            adj = text[begin : m.end("adj")]
        if not is_place_adjective(adj, rules):
            continue
        marker_written = " ".join(m.group("marker").split())
        marker = lr.marker_of_form[fold(marker_written)]
        spec = lr.markers[marker]
        words = [w for w in marker.split() if w not in {fold(d) for d in spec.drop}]
        written = marker_written.split()
        if len(written) == len(words):  # «Донецкой Народной Республики»: each word's case as written
            words = [match_case(w, n) for w, n in zip(written, words)]
        else:
            words[-1] = match_case(written[-1], words[-1])
        chain, pos = [], begin
        while c := lr.coordinated_re.search(text, max(0, pos - 80), pos):
            other = c.group("adj")
            nom = is_place_adjective(other, rules) and _agreeing_nominative(other, marker_written, marker, shared=True)
            if not nom:
                break
            chain.append((c.start("adj"), c.end("adj"), nom))
            pos = c.start()
        name_adj = _agreeing_nominative(adj, marker_written, marker, shared=bool(chain))
        if name_adj is None:
            continue  # the adjective does not agree with the noun: not one phrase
        yield 1, begin, m.end(), " ".join([name_adj, *words]), spec.kind
        for start, end, nom in chain:
            yield 1, start, end, " ".join([nom, *words]), spec.kind
    # 1c. a unit and a name in the nominative: "городского округа Нальчик", "г.о. Саранск"
    for m in lr.named_unit_re.finditer(text):
        unit, kind = lr.named_units[fold(" ".join(m.group("unit").split()))]
        name, parses = m.group("name"), parse(m.group("name"))
        person = fold(name) not in lr.city_forms and any(_PERSON_TAGS & p.tag.grammemes for p in parses)
        if any(p.tag.POS == "NOUN" and p.tag.case == "nomn" for p in parses) and not person and not any(
            p.tag.POS == "ADJF" for p in parses
        ):  # not «округа Марина Петрова», not «округа Красноярского края»
            yield 1, m.start(), m.end(), f"{unit} {name}", kind
    # 2b. a region's abbreviation: «ЯНАО», «ХМАО-Югры», «РС(Я)»
    for m in lr.abbreviation_re.finditer(text):
        yield 1, m.start(), m.end(), lr.region_abbreviations[(m.lastindex or 1) - 1], "region"
    # 3. Республика + name
    for m in lr.republic_re.finditer(text):
        name = " ".join(m.group("name").split())
        yield 1, m.start(), m.end(), f"Республика {name}", "region"
    # 4. settlement marker + name
    for m in lr.settlement_re.finditer(text):
        found = _settlement_from(m, text, rules)
        if found:
            yield (2, *found)
    # 5. gazetteer
    # a year glued to a name is not part of it: «Учитель года Кубани-2014»
    tokens = [(t.start(), t.start() + len(w), w) for t in TOKEN.finditer(text)
              for w in [_GLUED_YEAR.sub("", t.group())]]
    upper = [w[:1].isupper() for _, _, w in tokens]
    for i in range(len(tokens)):
        run = 0  # gazetteer names are capitalized words: only such runs can match
        while run < lr.gazetteer_len and i + run < len(tokens) and upper[i + run]:
            run += 1
        for n in range(run, 0, -1):
            window = tokens[i : i + n]
            hit = lr.gazetteer.get(tuple(fold(w) for _, _, w in window))
            if hit is None:
                continue
            start, end = window[0][0], window[-1][1]
            if _INITIAL_BEFORE.search(text[max(0, start - 12) : start]) or _INITIAL_AFTER.match(text, end):
                break
            if text[end : end + 1] == "-" and text[end + 1 : end + 2].isalpha():
                break
            yield 3, start, end, hit[0], hit[1]
            break
    # 6. a name the dictionary reads first as a place name (Geox): «из Юрги», «в Донецке»;
    # a city that is also a surname or a word, after a preposition of place: «в Кургане»
    for i, (start, end, word) in enumerate(tokens):
        city = lr.after_preposition.get(fold(word)) if upper[i] and i else None
        if city and _PLACE_PREPOSITION.fullmatch(text, tokens[i - 1][0], start):
            case = "gent" if fold(tokens[i - 1][2]) == "из" else "loct"
            if any(p.tag.case == case and "Geox" in p.tag for p in parse(word)):
                yield 3, start, end, city, "city"
                continue
        if upper[i] and (place := _dictionary_place(text, start, end, word, lr)):
            yield 4, start, end, place, "place"


_PERSON_TAGS = frozenset({"Surn", "Name", "Patr"})
_GLUED_YEAR = re.compile(r"(?<=[А-ЯЁа-яё])-\d+$")
_SPACED_DASH = re.compile(r"\s*[–—-]\s*")
_PLACE_PREPOSITION = re.compile(r"(?i:в|во|из)\s+")
_LOWER_NEXT = re.compile(r"[ \t]+[а-яё]")
_WORD_BEFORE = re.compile(r"([А-ЯЁ][а-яё]+)[ \t]+$")


def _dictionary_place(text: str, start: int, end: int, word: str, lr) -> str:
    """The nominative of a capitalized word whose likeliest reading is a dictionary
    toponym, when it is no gazetteer city (those need their marker: ``Киров``), can
    be no surname or first name, stands in no person's name (``Ю. Донецк``) and is
    not the start of a hyphenated word."""
    hyphenated = text[end : end + 1] == "-" and text[end + 1 : end + 2].isalpha()
    if not word[1:2].islower() or fold(word) in lr.city_forms or hyphenated:
        return ""
    parses = parse(word)
    best = parses[0]
    if best.tag.POS != "NOUN" or "Geox" not in best.tag or best.tag.number == "plur" or not best.is_known:
        return ""
    if any(_PERSON_TAGS & p.tag.grammemes for p in parses):  # «Ефремова»: a town and a surname
        return ""
    if "Fixd" in best.tag and _LOWER_NEXT.match(text, end):  # «Коми национальная гимназия»
        return ""
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if before and any(_PERSON_TAGS & p.tag.grammemes for p in parse(before.group(1))):
        return ""  # «губернатор Игорь Бабушкин», «Ольга Дмитриевна Рось»
    if _INITIAL_BEFORE.search(text[max(0, start - 12) : start]) or _INITIAL_AFTER.match(text, end):
        return ""
    return "-".join(part[:1].upper() + part[1:] for part in best.normal_form.split("-"))


def find_locations(text: str, rules: RuleSet) -> list[LocationMention]:
    """Places mentioned in ``text``, names in the nominative, sorted by start."""
    lr = location_rules(rules)
    covered = bytearray(len(text) + 1)
    out: list[LocationMention] = []
    for _, start, end, name, kind in sorted(_candidates(text, rules), key=lambda c: (c[0], c[1])):
        if any(covered[start:end]):
            continue
        official = lr.aliases.get(name, name)
        same = [o for o in out if official in (o.name, lr.aliases.get(o.name))
                and re.fullmatch(r"\s*[–—-]\s*", text[o.end : start])]
        same += [o for o in out if _spelled(o.name, name) and re.fullmatch(r"\s*\(", text[o.end : start])
                 and text[end : end + 1] == ")"]
        if same:  # "Ханты-Мансийский автономный округ – Югра", "Чеченская Республика (ЧР)": one place
            out.remove(same[0])
            start, name, kind = same[0].start, same[0].name, same[0].kind
        covered[start:end] = b"\x01" * (end - start)
        prefix = lr.prefix_re.search(text, max(0, start - 40), start)
        if prefix and kind in ("district", "city", "urban_district"):
            start = prefix.start()
        out.append(LocationMention(start=start, end=end, text=text[start:end], name=name, kind=kind))
    return _one_marker_per_place(text, _as_named(sorted(out, key=lambda m: (m.start, m.end)), lr), rules)


def _spelled(name: str, abbreviation: str) -> bool:
    """``abbreviation`` spells the initials of ``name``'s words (``Кабардино-Балкарская
    Республика`` → ``КБР``)."""
    initials = "".join(w[0] for w in re.split(r"[\s–—-]+", name) if w[:1].isupper())
    return len(abbreviation) > 1 and abbreviation.isupper() and initials == abbreviation


def _as_named(found: list[LocationMention], lr) -> list[LocationMention]:
    """A dictionary toponym the report also names with its marker (``в Шадринске`` and
    ``города Шадринска``), or a region's abbreviation the report also writes out
    (``РТ``, ``Республика Татарстан``), is that place: one name, one kind."""
    named = {loc.name.partition(" ")[2]: loc for loc in found if loc.kind != "place" and " " in loc.name}
    full = {loc.name: loc for loc in found}
    out = []
    for loc in found:
        same = named.get(loc.name) if loc.kind == "place" else None
        if loc.name in lr.region_abbreviations:
            same = full.get(lr.aliases.get(loc.name, ""))
        if same is not None:
            loc = LocationMention(start=loc.start, end=loc.end, text=loc.text, name=same.name, kind=same.kind)
        out.append(loc)
    return out


def _one_marker_per_place(text: str, found: list[LocationMention], rules: RuleSet) -> list[LocationMention]:
    """One settlement, one name: ``пос. Краснофлотского`` and ``посёлке
    Краснофлотском`` are both ``пос. Краснофлотский``, with the marker as the report
    abbreviates it (the first abbreviation written, else the first mention's)."""
    lr = location_rules(rules)
    family = {s.abbr: s.family for s in lr.settlements.values()}
    chosen: dict[tuple[str, str], str] = {}
    written: set[tuple[str, str]] = set()
    for loc in found:
        abbr, _, base = loc.name.partition(" ")
        if abbr not in family or not base:
            continue
        key = (family[abbr], base)
        m = lr.settlement_re.match(text, loc.start)
        as_abbreviation = m is not None and bool(
            m.group("abbr") or fold(" ".join(m.group("word").split())) in lr.abbreviations
        )
        if key not in chosen or (as_abbreviation and key not in written):
            chosen[key] = abbr
        if as_abbreviation:
            written.add(key)
    out = []
    for loc in found:
        abbr, _, base = loc.name.partition(" ")
        best = chosen.get((family.get(abbr, ""), base), abbr)
        if best != abbr:
            loc = LocationMention(start=loc.start, end=loc.end, text=loc.text, name=f"{best} {base}", kind=loc.kind)
        out.append(loc)
    return out


def component(doc: Inputs, rules: RuleSet) -> list[LocationMention]:
    """The ``locations`` component (see ``extract.registry``)."""
    return find_locations(doc.text, rules)
