"""What a report states about one event: whether a "held" verb reports it as held
(``состоялась постер-сессия``, ``проведён круглый стол``) or a frame names it
(``в рамках …``), and its title, topic, date, venue, place, organizer and head count.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from ..morph import nominative_phrase, parse
from ..records import DateMention, FormatMention, LocationMention, SchoolMention
from ..ruleset import RuleSet
from ..text import TOKEN
from .event_rules import event_rules
from .event_text import _in, quoted
from .formats import is_held_verb

_DATE_KINDS = ("date", "range", "month")


_VENUE_WORDS = re.compile(r"([А-ЯЁ][^\n,.;:()«»]{2,60}?)(?=\s+(?:в|с|по|для|и)\s|[,.;:()\n]|$)")


def _framed(text: str, sentence: tuple[int, int], mention: FormatMention, rules: RuleSet) -> bool:
    return bool(event_rules(rules).framing.search(text, sentence[0], mention.start))


def _held_links(text: str, spans, formats: Sequence[FormatMention], rules: RuleSet) -> dict[FormatMention, bool]:
    """Format mentions a held verb of their sentence points at, in text order,
    each with whether the verb reports it as already held (past tense or a
    short participle: ``прошёл``, ``проведена``; not ``пройдёт``)."""
    linked: dict[FormatMention, bool] = {}
    formats = sorted(formats, key=lambda f: f.start)
    starts = [f.start for f in formats]
    for sent in spans:
        lo, hi = bisect_left(starts, sent[0]), bisect_left(starts, sent[1])
        inside = [f for f in formats[lo:hi] if f.end <= sent[1] and not _framed(text, sent, f, rules)]
        if not inside:
            continue
        for tok in TOKEN.finditer(text, sent[0], sent[1]):
            if not is_held_verb(tok.group(), rules):
                continue
            after = [f for f in inside if 0 <= f.start - tok.end() <= 80]
            before = [f for f in inside if 0 <= tok.start() - _titled_end(text, f, rules) <= 80]
            pick = after[0] if after else (before[-1] if before else None)
            if after and before and tok.start() - _titled_end(text, before[-1], rules) < after[0].start - tok.end():
                pick = before[-1]  # "мастер-класс «…» провела учитель …, победитель конкурса"
            if pick is not None and pick not in linked:
                linked[pick] = _is_past(text, tok)
    return dict(sorted(linked.items(), key=lambda kv: kv[0].start))


def _titled_end(text: str, f: FormatMention, rules: RuleSet) -> int:
    """End of a format mention and of the quoted title right after it, if any."""
    gap = event_rules(rules).title_gap.match(text, f.end)
    assert gap is not None  # title_gap (models/events.yaml) matches the empty string
    q = quoted(text, gap.end())
    return q[1] if q else f.end


_FUTURE_AUX = re.compile(r"(?i:\bбуд(?:ет|ут)\s+(?:\S+\s+)?)$")


def _is_past(text: str, tok: re.Match) -> bool:
    """``прошёл``, ``проведена``; not ``пройдёт``, ``будет проведён``."""
    best = parse(tok.group())[0]
    if _FUTURE_AUX.search(text, max(0, tok.start() - 30), tok.start()):
        return False
    return best.tag.POS == "PRTS" or (best.tag.POS == "VERB" and best.tag.tense == "past")


_LOWER_WORD = re.compile(r"\s+([а-яё]+(?:-[а-яё]+)*)")


def _title(text: str, mention: FormatMention, rules: RuleSet) -> tuple[int, str] | None:
    """The quoted name after a format: (end of the quotation, its text)."""
    er = event_rules(rules)
    pos, owner, skipped = mention.end, "", 0
    while True:
        gap = er.title_gap.match(text, pos)
        assert gap is not None  # title_gap (models/events.yaml) matches the empty string
        q = quoted(text, gap.end())
        if q:
            if not (owner and {p.normal_form for p in parse(owner)} & er.title_owners):
                # a sentence's full stop set inside the quotes is no part of the name: «Идея. Опыт.»
                return q[1], q[2][:-1] if q[2].endswith(".") and not q[2].endswith("..") else q[2]
            pos, owner = q[1], ""  # «…» names the project or the district: skip it
            continue
        w = _LOWER_WORD.match(text, pos)
        if not w or w.group(1) in er.title_skip_stops or skipped == er.title_skip:
            return None
        owner, pos, skipped = w.group(1), w.end(), skipped + 1


def _cued_title(text: str, sent: tuple[int, int], after: int, rules: RuleSet) -> str:
    """The quotation a title cue opens in the event's sentence after its format
    (``… прошёл под названием «…»``, ``по теме «…»``)."""
    for m in event_rules(rules).title_cue.finditer(text, after, sent[1]):
        q = quoted(text, m.end())
        if q:
            return q[2][:-1] if q[2].endswith(".") and not q[2].endswith("..") else q[2]
    return ""


def _topic(text: str, main_format: str, rules: RuleSet) -> str:
    """The quoted topic a sentence opens with (``Тема заседания: «…»``, ``Тема: «…»``),
    when the words after the cue are empty, a meeting noun (topic_owners) or a word
    of the main format (``Тема семинара – «…»``); not ``Тема доклада: «…»``."""
    er = event_rules(rules)
    format_words = {p.normal_form for w in re.split(r"[\s-]+", main_format) for p in parse(w)}
    for m in er.topic.finditer(text):
        owner = m.group("owner").split()
        lemmas = {p.normal_form for w in owner for p in parse(w)}
        if owner and not lemmas & (er.topic_owners | format_words):
            continue
        q = quoted(text, m.end())
        if q:
            return q[2]
    return ""


_DOCUMENT_DATE = re.compile(r"\bот\s*$")
_DOCUMENT_NUMBER = re.compile(r"№\s*\d+\s*$")


def _date_in(text: str, dates: Sequence[DateMention], sent: tuple[int, int], near: int | None = None,
             kinds: tuple[str, ...] = _DATE_KINDS) -> str:
    """The date of ``sent`` nearest to ``near``: a day or range before a month; never
    a document's date (``приказом от 28.10.2022``)."""
    found = [
        d for d in dates
        if d.kind in kinds and _in(sent, d.start, d.end)
        and not _DOCUMENT_DATE.search(text, max(0, d.start - 12), d.start)
        and not (d.text[:1].isdigit() and _DOCUMENT_NUMBER.search(text, max(0, d.start - 12), d.start))
    ]
    if not found:
        return ""
    at = sent[0] if near is None else near
    best = min(found, key=lambda d: (d.kind == "month", abs(d.start - at)))
    return best.value


def _within(value: str, period: str) -> bool:
    """``2022-11-12`` lies in ``2022-11-10/2022-11-12`` (or equals a date)."""
    if not value or not period:
        return False
    lo, _, hi = period.partition("/")
    hi = hi or lo
    hi = hi + "-12-31"[len(hi) - 4 :] if len(hi) < 10 else hi
    v_lo, _, v_hi = value.partition("/")
    return lo <= v_lo and (v_hi or v_lo) <= hi


def school_label(s: SchoolMention) -> str:
    """``СОШ № 3``: kind and number, the form person roles use for schools too."""
    return f"{s.kind} № {s.number}"


def _venue(text: str, spans, sent, schools, orgs, rules: RuleSet) -> tuple[str, str]:
    """(venue, its settlement): after a venue cue in the event's sentence, a school
    after ``в`` in that sentence, then after a venue cue anywhere."""
    found = _venue_after_cue(text, sent, schools, orgs, rules)
    if found:
        return found
    for cue in event_rules(rules).venue_school.finditer(text, *sent):
        for school in schools:
            if school.start == cue.end():
                return school_label(school), school.location
    for span in spans:
        if span != sent and (found := _venue_after_cue(text, span, schools, orgs, rules)):
            return found
    return "", ""


def _venue_after_cue(text: str, span, schools, orgs, rules: RuleSet) -> tuple[str, str] | None:
    for cue in event_rules(rules).venue.finditer(text, *span):
        for school in schools:
            if 0 <= school.start - cue.end() <= 3:
                return school_label(school), school.location
        for org in orgs:
            if 0 <= org.start - cue.end() <= 3:
                return org.name, ""
        words = _VENUE_WORDS.match(text[cue.end() : span[1]])
        if words:
            return nominative_phrase(words.group(1).strip()), ""
    return None


def _location(locations: Sequence[LocationMention], spans_in_order, rules: RuleSet) -> str:
    rank = event_rules(rules).location_rank
    for span in spans_in_order:
        if span is None:
            continue
        inside = [loc for loc in locations if _in(span, loc.start, loc.end)]
        if inside:
            return min(inside, key=lambda loc: (rank.get(loc.kind, len(rank)), loc.start)).name
    return ""


def _organizer(text: str, orgs, schools, rules: RuleSet) -> str:
    """The organization named after an organizer cue (the first in the text)."""
    er = event_rules(rules)
    for cue in er.organizer.finditer(text):
        for org in orgs:
            if 0 <= org.start - cue.end() <= 40:
                return org.name
        for school in schools:
            if 0 <= school.start - cue.end() <= 3:
                return school_label(school)
        words = []
        for w in re.finditer(r"\S+", text[cue.end() : cue.end() + 160]):
            token = w.group()
            if token.lower() in er.organizer_stops or token.startswith("("):
                break
            words.append(token.rstrip(",.;:()"))
            if token[-1] in ",.;:()" or len(words) >= 12:
                break
        if words and (re.match(r"[А-ЯЁ]\.", words[0]) or len(words) > 1 and re.match(r"[А-ЯЁ]\.", words[1])):
            continue  # a person ("организатором выступил И.И. Петров"): not an organization
        if words and words[0]:
            phrase = " ".join(words)
            # an abbreviation or a quoted name first: nothing to inflect ("ФГБУ «…»")
            return phrase if words[0].isupper() or not words[0][:1].isalpha() else nominative_phrase(phrase)
    return ""


def participants(text: str, spans, rules: RuleSet, order: Sequence[tuple[int, int]] | None = None,
                 own: tuple[int, int] | None = None) -> int | None:
    """Stated head count: a number of people in a sentence with a participation cue
    (``всего 56 чел.``, ``более 100 педагогов``); ``всего`` wins within a sentence.
    In the event's ``own`` sentence a number of people after an audience cue counts
    too (``для 24 учителей провела мастер-класс``)."""
    er = event_rules(rules)
    for s, e in order or spans:
        counts = list(er.count.finditer(text, s, e))
        if not counts:
            continue
        if not er.participant_cue.search(text, s, e):
            if (s, e) != own:
                continue
            counts = [c for c in counts if er.audience.search(text, max(s, c.start() - 20), c.start())]
            if not counts:
                continue
        total = [c for c in counts if (c.group("before") or "").lower() == "всего"]
        return int((total or counts)[0].group("n"))
    return None
