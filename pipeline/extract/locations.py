"""Places: regions, districts, urban districts, cities and villages, put in the
nominative (``Краснодарского края`` → ``Краснодарский край``, ``в г. Чите`` →
``г. Чита``, ``городского округа «Город Чита»`` → ``городской округ «Город Чита»``).

Patterns, in order of precedence (a later one never overlaps an earlier one):
1. a unit with a quoted name: ``городской округ «…»``;
2. a capitalized place adjective before a place noun: ``Щербиновском районе``;
3. ``Республика`` + a republic's name;
4. a settlement marker before a capitalized name: ``г. Чита``, ``ст. …``;
5. a gazetteer city or region name without a marker.
Places inside organization names count (``ИРО Забайкальского края``).
Rules: ``models/locations.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..morph import match_case, nominative_phrase, parse, phrase_forms
from ..records import Inputs, LocationMention
from ..rules import RuleError, check_unique
from ..ruleset import RuleSet
from ..text import TOKEN, fold

FILE = "locations.yaml"

_L = "А-Яа-яЁё"
_NAME = r"[А-ЯЁ][а-яё]+(?:-(?:на-)?[А-ЯЁа-яё][а-яё]+)*"
_BEFORE_SETTLEMENT = re.compile(r"[ \t]*,?[ \t]*")
_INITIAL_BEFORE = re.compile(r"(?:[А-ЯЁ]\.\s*|\bим\.\s*|\bимени\s+)$")
_INITIAL_AFTER = re.compile(r"\s*(?:[А-ЯЁ]\.|[А-ЯЁ][а-яё]+(?:ович|евич|ич|овна|евна|ична|инична)[а-я]*\b)")


def is_abbreviated_marker(marker: str) -> bool:
    """``г.``, ``р. п.``, ``ст-ца``: matched as written; ``город``, ``рабочий посёлок``
    are words, matched in every case form."""
    return "." in marker or "-" in marker


def _forms_regex(phrases) -> str:
    """Alternation of all case forms of ``phrases``, words joined by any whitespace."""
    return _alternation({f for p in phrases for f in phrase_forms(p)})


def _singular_forms(phrase: str) -> set[str]:
    """Case forms of ``phrase`` whose nouns may be singular: a settlement marker names
    one place (``города Вологды``), a plural does not (``в городах России``)."""
    lemmas = {p.normal_form for w in phrase.split() for p in parse(w) if p.tag.POS == "NOUN" and p.tag.case == "nomn"}
    out = set()
    for form in phrase_forms(phrase):
        nouns = [[p for p in parse(w) if p.tag.POS == "NOUN" and p.normal_form in lemmas] for w in form.split()]
        if all(any(p.tag.number == "sing" for p in ps) for ps in nouns if ps):
            out.add(form)
    return out


def _alternation(forms) -> str:
    alts = sorted(forms, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w).replace("е", "[её]") for w in f.split()) for f in alts)


def recase(written: str, normalized: str) -> str:
    """Capitalize ``normalized`` as ``written`` is, hyphen part by hyphen part."""
    w_parts, n_parts = written.split("-"), normalized.split("-")
    if len(w_parts) != len(n_parts):
        return match_case(written, normalized)
    return "-".join(match_case(w, n) if w[:1].isupper() else n for w, n in zip(w_parts, n_parts))


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Marker:
    kind: str
    drop: tuple[str, ...]


@dataclass(frozen=True)
class Settlement:
    abbr: str  # the marker in the name: the abbreviation as the report writes it
    kind: str
    gender: str
    family: str  # one kind of settlement: "пос." and "п." are both "п."


@dataclass(frozen=True)
class LocationRules:
    markers: dict[str, Marker]  # folded nominative marker phrase -> marker
    marker_of_form: dict[str, str]  # folded form -> nominative marker phrase
    adj_ending: re.Pattern
    other_adjectives: frozenset[str]
    not_place: frozenset[str]
    quoted_units: dict[str, str]
    unit_of_form: dict[str, str]
    settlements: dict[str, Settlement]  # folded written marker (or its form) -> settlement
    abbreviations: frozenset[str]  # settlement markers that are abbreviations, as written
    adjective_marker_re: re.Pattern
    quoted_unit_re: re.Pattern
    republic_re: re.Pattern
    settlement_re: re.Pattern
    prefix_re: re.Pattern
    gazetteer: dict[tuple[str, ...], tuple[str, str]]  # folded tokens -> (name, kind)
    city_forms: frozenset[str]  # folded case forms of every gazetteer city, marker_only ones too
    aliases: dict[str, str]  # informal region name -> official name ("Югра" -> "Ханты-Мансийский …")
    coordinated_re: re.Pattern
    unit_city_re: re.Pattern
    gazetteer_len: int


def location_rules(rules: RuleSet) -> LocationRules:
    return rules.derived("locations.rules", _location_rules)


def _location_rules(rules: RuleSet) -> LocationRules:
    data = rules.file(FILE)
    markers = {fold(k): Marker(v["kind"], tuple(v.get("drop", ()))) for k, v in data["markers"].items()}
    marker_of_form = {f: fold(k) for k in data["markers"] for f in phrase_forms(k)}
    units: dict[str, str] = {}
    city_units = []
    for unit, spec in data["quoted_units"].items():
        if isinstance(spec, dict):
            if set(spec) - {"kind", "with_town"}:
                raise RuleError(FILE, None, f"quoted unit {unit!r}: unknown keys")
            units[unit] = spec["kind"]
            if spec.get("with_town"):
                city_units.append(unit)
        else:
            units[unit] = spec
    unit_of_form = {f: k for k in units for f in phrase_forms(k)}

    settlements: dict[str, Settlement] = {}
    abbr_alts, word_alts = [], []
    for written, spec in data["settlement_markers"].items():
        s = Settlement(spec["abbr"], spec["kind"], spec["gender"], spec.get("family", spec["abbr"]))
        if is_abbreviated_marker(written):
            settlements[written] = s
            abbr_alts.append(re.escape(written))
        else:
            forms = _singular_forms(written)
            for form in forms:
                settlements[form] = s
            word_alts.append(_alternation(forms))

    check_unique(list(data["republics"]), FILE, "republic")
    rep_alts = "|".join(
        re.escape(n).replace(r"\ ", r"\s*") for n in sorted(data["republics"], key=len, reverse=True)
    )

    gazetteer: dict[tuple[str, ...], tuple[str, str]] = {}
    names = []
    for entry in data["cities"]:
        if isinstance(entry, dict):
            if set(entry) - {"name", "marker_only"}:
                raise RuleError(FILE, None, f"city entry {entry!r}: unknown keys")
            names.append(entry["name"])
            if entry.get("marker_only"):
                continue
            entry = entry["name"]
        else:
            names.append(entry)
        for form in phrase_forms(entry):
            gazetteer[tuple(form.split())] = (f"г. {entry}", "city")
    check_unique(names, FILE, "city")
    for written, name in data["regions"].items():
        for form in phrase_forms(written):
            gazetteer[tuple(form.split())] = (name, "region")
    aliases: dict[str, str] = {}
    for written, canonical in data["informal_regions"].items():
        aliases[written] = canonical
        for form in phrase_forms(written):
            gazetteer[tuple(form.split())] = (written, "region")
    for section, kind in (("countries", "country"), ("areas", "area")):
        check_unique(data[section], FILE, section[:-1])
        for written in data[section]:
            for form in phrase_forms(written):
                key = tuple(form.split())
                if key in gazetteer and gazetteer[key][0] != written:
                    raise RuleError(FILE, None, f"{form!r} is a form of {gazetteer[key][0]!r} and {written!r}")
                gazetteer[key] = (written, kind)

    marker_re = re.compile(
        rf"(?<![{_L}-])(?P<adj>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*)\s+"
        rf"(?P<marker>(?i:{_forms_regex(data['markers'])}))(?![{_L}])"
    )
    unit_re = re.compile(rf"(?<![{_L}])(?P<unit>(?i:{_forms_regex(units)}))\s*(?=[«\"„“])")
    republic_re = re.compile(rf"(?<![{_L}])(?P<head>[Рр]еспублик[аиеуо][йю]?)\s+(?P<name>{rep_alts})(?![{_L}])")
    settlement_re = re.compile(
        rf"(?<![{_L}.])(?:(?P<abbr>{'|'.join(sorted(abbr_alts, key=len, reverse=True))})\s*"
        rf"|(?P<word>(?i:{'|'.join(word_alts)}))\s+)"
        rf"(?P<name>{_NAME})(?:\s+(?P<name2>{_NAME}))?"
    )
    prefix_re = re.compile(rf"(?<![{_L}])(?:(?i:{_forms_regex(data['unit_prefixes'])}))\s+$")
    return LocationRules(
        markers=markers,
        marker_of_form=marker_of_form,
        adj_ending=re.compile(data["adjective_endings"]),
        other_adjectives=frozenset(fold(a) for a in data["other_adjectives"]),
        not_place=frozenset(fold(a) for a in data["not_place_adjectives"]),
        quoted_units=units,
        unit_of_form=unit_of_form,
        settlements=settlements,
        abbreviations=frozenset(
            k for k, v in data["settlement_markers"].items()
            if is_abbreviated_marker(k) or v["abbr"].rstrip(".") == k
        ),
        adjective_marker_re=marker_re,
        quoted_unit_re=unit_re,
        republic_re=republic_re,
        settlement_re=settlement_re,
        prefix_re=prefix_re,
        gazetteer=gazetteer,
        aliases=aliases,
        city_forms=frozenset(f for n in names for f in phrase_forms(n)),
        coordinated_re=re.compile(
            rf"(?<![{_L}-])(?P<adj>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*)(?:\s*,\s*|\s+(?:и|или|а\s+также)\s+)$"
        ),
        unit_city_re=re.compile(
            rf"(?<![{_L}])(?P<unit>(?i:{_forms_regex(city_units)}))\s+"
            rf"(?P<marker>(?i:{_forms_regex(['город'])})\s+|г\.\s*)(?P<name>{_NAME}(?:\s+{_NAME})?)"
        ),
        gazetteer_len=max(len(k) for k in gazetteer),
    )


# --------------------------------------------------------------------------- normalization


def _adjective_lemmas(word: str) -> set[str]:
    return {fold(p.normal_form) for p in parse(word) if p.tag.POS in ("ADJF", "PRTF")}


def is_place_adjective(word: str, rules: RuleSet) -> bool:
    lr = location_rules(rules)
    low = fold(word)
    lemmas = _adjective_lemmas(word) | {low}
    if lemmas & lr.not_place:
        return False
    return bool(lr.adj_ending.search(low)) or bool(lemmas & lr.other_adjectives)


def nominative_name(words: list[str], gender: str | None = None) -> str:
    """A settlement's name in the nominative: ``Чите`` → ``Чита``,
    ``Старощербиновской`` → ``Старощербиновская``, ``Нижнем Новгороде`` → ``Нижний Новгород``."""
    if len(words) > 1:
        return " ".join(recase(w, n) for w, n in zip(words, nominative_phrase(" ".join(words)).split()))
    word = words[0]
    parses = parse(word)

    def rank(p):
        t = p.tag
        return ("Geox" in t, t.POS == "NOUN" and "Surn" not in t and "Name" not in t, t.POS == "ADJF", p.score)

    useful = [p for p in parses if p.tag.POS in ("NOUN", "ADJF")]
    if gender and any(p.tag.POS == "ADJF" and p.tag.gender == gender for p in useful):
        useful = [p for p in useful if p.tag.POS == "ADJF" and p.tag.gender in (gender, None)]
    elif any("Geox" in p.tag for p in useful):
        useful = [p for p in useful if "Geox" in p.tag]
    if not useful:
        return word
    singular = [p for p in useful if p.tag.number == "sing"]
    if any(p.tag.case == "nomn" for p in singular):
        return word
    if not singular:  # plural-only names: "Набережные Челны", "Чебоксары"
        if any(p.tag.case == "nomn" for p in useful):
            return word
    else:
        useful = singular
    best = max(useful, key=rank)
    grammemes = {"nomn", "sing"} if singular else {"nomn"}
    if best.tag.POS == "ADJF":
        grammemes.add(best.tag.gender or gender or "masc")
    form = best.inflect(grammemes)
    return recase(word, form.word) if form else word


def settlement_at(text: str, pos: int, rules: RuleSet):
    """A settlement written at ``pos`` (after optional spaces and a comma):
    ``(start, end, name, kind)`` or None. Used by the school extractor."""
    gap = _BEFORE_SETTLEMENT.match(text, pos)
    assert gap is not None  # the pattern matches the empty string
    m = location_rules(rules).settlement_re.match(text, gap.end())
    return _settlement_from(m, text, rules) if m else None


def _known_city(word: str, rules: RuleSet) -> bool:
    return fold(word) in location_rules(rules).city_forms


def _person_word(word: str) -> bool:
    """A surname or a first name by its likeliest dictionary reading: ``Петрова``,
    not ``Номоконово``, ``Первомайский``, ``Кадникова`` (a town first), nor an
    unknown word guessed from its ending."""
    parses = parse(word)
    if not parses or len(parses[0].methods_stack) > 1:
        return False  # a guess from a word's ending ("Маслянино" ~ "Нино") proves nothing
    return bool({"Surn", "Name", "Patr"} & parses[0].tag.grammemes)


def _settlement_from(m: re.Match, text: str, rules: RuleSet):
    lr = location_rules(rules)
    marker = m.group("abbr") or m.group("word")
    spec: Settlement | None
    if m.group("abbr"):
        year = re.search(r"(№\s*)?(?<!\d)(\d+)\s*$", text[max(0, m.start() - 12) : m.start()])
        if m.group("abbr") in ("г.", "гор.") and year and not year.group(1) and len(year.group(2)) == 4:
            return None  # "2022 г. Чита": the year's "г."
        spec = lr.settlements[m.group("abbr")]
    else:
        spec = lr.settlements.get(fold(re.sub(r"\s+", " ", marker)))
        if spec is None:
            return None
    words = [m.group("name")]
    end = m.end("name")
    name2 = m.group("name2")
    if name2 and not _INITIAL_AFTER.match(text, m.end("name")):
        first_adj = any(p.tag.POS == "ADJF" for p in parse(words[0]))
        second_noun = any(p.tag.POS == "NOUN" for p in parse(name2))
        if first_adj and second_noun:
            words.append(name2)
            end = m.end("name2")
    if fold(words[0]) in lr.not_place or _adjective_lemmas(words[0]) & lr.not_place:
        return None
    if lr.gazetteer.get(tuple(fold(w) for w in words), ("", "city"))[1] != "city":
        return None  # "город Германии", "города России": a country is not a town's name
    if m.group("word") and len(words) == 1 and _person_word(words[0]) and not _known_city(words[0], rules):
        return None  # "мэр города Лужков": a surname after the common noun
    if len(words) == 1 and _INITIAL_AFTER.match(text, end) and spec.kind != "city" and _person_word(words[0]):
        return None  # "… д. Петрова И.И.": a surname before initials, not a village
    name = f"{spec.abbr} {nominative_name(words, spec.gender)}"
    return (m.start(), end, name, spec.kind)


# --------------------------------------------------------------------------- finding


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
        adj = m.group("adj")
        if not is_place_adjective(adj, rules):
            continue
        marker_written = " ".join(m.group("marker").split())
        marker = lr.marker_of_form[fold(marker_written)]
        spec = lr.markers[marker]
        words = [w for w in marker.split() if w not in {fold(d) for d in spec.drop}]
        words[-1] = match_case(marker_written.split()[-1], words[-1])
        chain, pos = [], m.start()
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
        yield 1, m.start(), m.end(), " ".join([name_adj, *words]), spec.kind
        for start, end, nom in chain:
            yield 1, start, end, " ".join([nom, *words]), spec.kind
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
    tokens = [(t.start(), t.end(), t.group()) for t in TOKEN.finditer(text)]
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
            if text[end : end + 1] == "-":
                break
            yield 3, start, end, hit[0], hit[1]
            break


def _agreeing_nominative(adj: str, marker_written: str, marker: str, shared: bool = False) -> str | None:
    """``Ейском`` before ``муниципальном районе`` → ``Ейский``: the adjective put in
    the nominative singular of the marker's head noun, when it agrees with it. A
    ``shared`` plural noun takes singular adjectives (``Сокольского и Тотемского
    округов``)."""
    head_written, head_nom = marker_written.split()[-1], marker.split()[-1]
    cases = {(p.tag.case, p.tag.number) for p in parse(head_written) if p.tag.POS == "NOUN"}
    if shared:
        cases |= {(case, "sing") for case, number in cases if number == "plur"}
    gender = next((p.tag.gender for p in parse(head_nom) if p.tag.POS == "NOUN" and p.tag.case == "nomn"), None)
    for p in parse(adj):
        if p.tag.POS != "ADJF" or (p.tag.case, p.tag.number) not in cases:
            continue
        if p.tag.number == "sing" and p.tag.gender not in (gender, None):
            continue
        form = p.inflect({"nomn", "sing", gender} if gender else {"nomn", "sing"})
        if form:
            return recase(adj, form.word)
    return None


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
        if same:  # "Ханты-Мансийский автономный округ – Югра": one place, one mention
            out.remove(same[0])
            start, name, kind = same[0].start, same[0].name, same[0].kind
        covered[start:end] = b"\x01" * (end - start)
        prefix = lr.prefix_re.search(text, max(0, start - 40), start)
        if prefix and kind in ("district", "city", "urban_district"):
            start = prefix.start()
        out.append(LocationMention(start=start, end=end, text=text[start:end], name=name, kind=kind))
    return _one_marker_per_place(text, sorted(out, key=lambda m: (m.start, m.end)), rules)


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
