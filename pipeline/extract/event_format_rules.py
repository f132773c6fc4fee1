"""The event-format lexicon (``models/event_formats.yaml``) compiled once per rule
set: every variant expanded into its case and number forms with pymorphy3
(``августовской педагогической конференции``, ``morph.phrase_forms``), so the
matcher in ``formats`` is a longest-first lookup over word tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..morph import phrase_forms
from ..rules import RuleError, check_unique
from ..ruleset import RuleSet

FILE = "event_formats.yaml"

_STRICT_VALUES = (True, "title")
_COMPLEMENT_VALUES = ("required", "optional")
_SPEC_KEYS = {"variants", "abbreviations", "strict", "body", "complement", "complement_nouns", "not_after", "same_as",
              "with_partner"}


@dataclass(frozen=True)
class FormatRules:
    forms: dict[tuple[str, ...], str]  # token sequence (folded, abbreviations as written) -> format
    written: dict[tuple[str, ...], str]  # token sequence -> the variant it is a form of (nominative)
    cased: frozenset[str]  # abbreviations, compared as written
    strict: frozenset[str]  # formats that need a title, a "held" word or a level
    titled: frozenset[str]  # formats that need a quoted title
    bodies: frozenset[str]  # formats that are standing bodies: an event only when met
    complement: dict[str, str]  # format -> "required" | "optional" genitive complement
    complement_nouns: dict[str, frozenset[str]]  # format -> lemmas its complement's noun must have
    not_after: dict[str, frozenset[str]]  # format -> lemmas that, right before it, make it no event
    with_partner: frozenset[str]  # titled formats also counted with a partner after them: "встреча с …"
    same_as: dict[str, str]  # synonym -> the format it refers back to when the report names that one
    hyphenated: frozenset[str]  # folded words of the forms written with a hyphen ("мастер-классах")
    held_verbs: frozenset[str]  # lemmas of verbs reporting an event as held
    held_nouns: frozenset[str]  # lemmas of nouns doing the same for strict formats
    level_adjectives: frozenset[str]  # lemmas: "районный", "всероссийский" …
    stage_nouns: frozenset[str]  # lemmas: "этап"
    meeting_nouns: frozenset[str]  # lemmas: "заседание"
    complement_blockers: frozenset[str]  # lemmas before a time noun that make it a span of time
    term_cues: frozenset[str]  # lemmas of nouns before a quoted format that make it a term
    title_skip: int
    title_skip_stops: frozenset[str]
    max_len: int
    firsts: frozenset[str]  # first tokens of the forms: any other token starts no format


def format_rules(rules: RuleSet) -> FormatRules:
    return rules.derived("formats.rules", _format_rules)


def _words(phrase: str) -> list[str]:
    return phrase.replace("ё", "е").lower().split()


def _check_variant(name: str, variant: str) -> None:
    """A variant only adds qualifiers to its format (``августовская педагогическая
    конференция``) or spells it otherwise (``мастер класс``): the format a report
    gets is then words it wrote. A synonym (``педсовет``) is a format of its own."""
    key, words = _words(name), _words(variant)
    if any(words[i : i + len(key)] == key for i in range(len(words) - len(key) + 1)):
        return
    if re.sub(r"[\s-]", "", variant.lower()) == re.sub(r"[\s-]", "", name.lower()):
        return
    raise RuleError(FILE, None, f"variant {variant!r} of {name!r} does not contain it: make it a format of its own")


def _format_rules(rules: RuleSet) -> FormatRules:
    data = rules.file(FILE)
    formats = data["formats"]
    check_unique(list(formats), FILE, "format")
    forms: dict[tuple[str, ...], str] = {}
    written: dict[tuple[str, ...], str] = {}
    cased: set[str] = set()
    strict: set[str] = set()
    titled: set[str] = set()
    bodies: set[str] = set()
    complement: dict[str, str] = {}
    complement_nouns: dict[str, frozenset[str]] = {}
    not_after: dict[str, frozenset[str]] = {}
    same_as: dict[str, str] = {}
    for name, spec in formats.items():
        spec = spec or {}
        unknown = set(spec) - _SPEC_KEYS
        if unknown:
            raise RuleError(FILE, None, f"format {name!r}: unknown keys {sorted(unknown)}")
        variants = [name, *spec.get("variants", [])]
        check_unique(variants, FILE, f"variant of {name!r}")
        for variant in variants:
            _check_variant(name, variant)
            for form in phrase_forms(variant):
                key = tuple(form.split())
                if forms.get(key, name) != name:
                    raise RuleError(FILE, None, f"{form!r} is a form of both {forms[key]!r} and {name!r}")
                forms[key] = name
                written[key] = " ".join(_words(variant))
        for abbr in spec.get("abbreviations", []):
            # an abbreviation may follow a noun that inflects: "курсы ПК"
            *lead, last = abbr.split()
            cased.add(last)
            for form in phrase_forms(" ".join(lead)) if lead else [""]:
                forms[(*form.split(), last)] = name
        if "strict" in spec:
            if spec["strict"] not in _STRICT_VALUES:
                raise RuleError(FILE, None, f"format {name!r}: strict must be true or 'title'")
            (titled if spec["strict"] == "title" else strict).add(name)
        if spec.get("body"):
            bodies.add(name)
        if "complement" in spec:
            if spec["complement"] not in _COMPLEMENT_VALUES:
                raise RuleError(FILE, None, f"format {name!r}: complement must be required or optional")
            complement[name] = spec["complement"]
        if "complement_nouns" in spec:
            if name not in complement:
                raise RuleError(FILE, None, f"format {name!r}: complement_nouns without complement")
            complement_nouns[name] = frozenset(spec["complement_nouns"])
        if "not_after" in spec:
            not_after[name] = frozenset(spec["not_after"])
        if "same_as" in spec:
            if spec["same_as"] not in formats:
                raise RuleError(FILE, None, f"format {name!r}: same_as {spec['same_as']!r} is no format")
            same_as[name] = spec["same_as"]
    return FormatRules(
        forms=forms,
        written=written,
        cased=frozenset(cased),
        strict=frozenset(strict),
        titled=frozenset(titled),
        bodies=frozenset(bodies),
        complement=complement,
        complement_nouns=complement_nouns,
        not_after=not_after,
        same_as=same_as,
        with_partner=frozenset(n for n, spec in formats.items() if (spec or {}).get("with_partner")),
        hyphenated=frozenset(w for k in forms for w in k if "-" in w),
        held_verbs=frozenset(data["held_verbs"]),
        held_nouns=frozenset(data["held_nouns"]),
        level_adjectives=frozenset(data["level_adjectives"]),
        stage_nouns=frozenset(data["stage_nouns"]),
        meeting_nouns=frozenset(data["meeting_nouns"]),
        complement_blockers=frozenset(data["complement_blockers"]),
        term_cues=frozenset(data["term_cues"]),
        title_skip=int(data["title_skip"]),
        title_skip_stops=frozenset(data["title_skip_stops"]),
        max_len=max(len(k) for k in forms),
        firsts=frozenset(k[0] for k in forms),
    )
