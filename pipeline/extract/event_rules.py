"""The event reader's cues (``models/events.yaml``) compiled once per rule set into
patterns: framing (``в рамках …``), titles and topics, venue, organizer and
head-count cues, the order of preference among places, and the abbreviations a
sentence does not end at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..morph import phrase_forms
from ..ruleset import RuleSet
from .alternation import alternation

FILE = "events.yaml"


_L = "А-Яа-яЁё"


def _alt(phrases) -> str:
    """The phrases as a prefix tree (see ``alternation``), words joined by any whitespace."""
    return alternation(phrases, yo=False)


@dataclass(frozen=True)
class EventRules:
    framing: re.Pattern
    title_gap: re.Pattern
    title_skip: int
    title_skip_stops: frozenset[str]
    title_owners: frozenset[str]
    topic: re.Pattern
    topic_owners: frozenset[str]
    title_cue: re.Pattern  # "под названием", "на тему" before a quotation in the event's sentence
    organizer_stops: frozenset[str]
    venue: re.Pattern
    venue_school: re.Pattern
    organizer: re.Pattern
    participant_cue: re.Pattern
    audience: re.Pattern
    count: re.Pattern
    location_rank: dict[str, int]
    abbreviations: frozenset[str]


def event_rules(rules: RuleSet) -> EventRules:
    return rules.derived("events.rules", _event_rules)


def _event_rules(rules: RuleSet) -> EventRules:
    data = rules.file(FILE)
    nouns = {f for n in data["participant_nouns"] if not n.endswith(".") for f in phrase_forms(n)}
    nouns |= {n for n in data["participant_nouns"] if n.endswith(".")}
    noun_alt = _alt(nouns)
    before = _alt(data["count_before"])
    gap = int(data["framing_gap"])
    return EventRules(
        framing=re.compile(rf"(?<![{_L}])(?i:{_alt(data['framing'])})(?:\s+[{_L}-]+){{0,{gap}}}\s+$"),
        title_gap=re.compile(data["title_gap"]),
        title_skip=int(data["title_skip"]),
        title_skip_stops=frozenset(data["title_skip_stops"]),
        title_owners=frozenset(data["title_owners"]),
        topic=re.compile(
            rf"(?:^|(?<=[.!?]))[ \t#]*(?i:{_alt(data['topic_cues'])})(?P<owner>(?:\s+[а-яё]+){{0,2}})"
            rf"\s*(?:[:–—-]\s*)?(?=[«\"“„])",
            re.M,
        ),
        topic_owners=frozenset(data["topic_owners"]),
        title_cue=re.compile(rf"(?<![{_L}])(?i:{_alt(data['title_cues'])})\s*:?\s*(?=[«\"“„])"),
        organizer_stops=frozenset(data["organizer_stops"]),
        venue=re.compile(rf"(?<![{_L}])(?i:{_alt(data['venue_cues'])})\s+"),
        venue_school=re.compile(rf"(?<![{_L}])(?i:{_alt(data['venue_school_cues'])})\s+"),
        organizer=re.compile(
            rf"(?<![{_L}-])(?i:{_alt(data['organizer_cues'])})(?![{_L}-])"
            rf"(?:(?:\s+[а-яё]+){{0,2}}?\s*(?:(?i:{_alt(data['organizer_links'])})|[:–—-])(?![{_L}]))?\s*"
        ),
        participant_cue=re.compile(rf"(?<![{_L}])(?i:{_alt(data['participant_cues'])})(?![{_L}])"),
        audience=re.compile(rf"(?<![{_L}])(?i:{_alt(data['audience_cues'])})\s+$"),
        count=re.compile(
            rf"(?<![{_L}\d.,№+])(?:(?P<before>(?i:{before}))\s+)?(?P<n>\d{{1,5}})(?![\d.,+])\s*"
            rf"(?:[а-яё]+(?:ых|их|ой|ый|ий|ая|ые|ие)\s+){{0,2}}(?P<noun>(?i:{noun_alt}))(?![{_L}])"
        ),
        location_rank={k: i for i, k in enumerate(data["location_order"])},
        abbreviations=frozenset(data["abbreviations"]),
    )
