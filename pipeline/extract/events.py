"""The event record: which event a report is about (its format), and the title,
date, venue, place, organizer and head count stated for it.

The main event is the format named in the heading (the first block of lines;
under a masthead without a format, the first short line that names one) or,
without one, the format a "held" verb is linked to (``состоялась
постер-сессия``, ``проведён круглый стол``, ``Семинар прошёл``); a
format after ``в рамках``/``в ходе`` is the frame, not the event, unless the
heading names nothing else (``Справка о работе секции … в рамках августовского
совещания``: the report is about a part of that event). Without a quoted title
after the format, a topic line gives it (``Тема заседания: «…»``). Its date is the
date of the first sentence that reports it as held and states a date. A
digest reporting other events as held, each with its own date, gives one more
row per event after the main one. Rules: ``models/events.yaml`` (cues) and
``models/event_formats.yaml`` (formats, held verbs).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..morph import nominative_phrase, parse, phrase_forms
from ..records import DateMention, Event, FormatMention, Inputs, LocationMention, SchoolMention
from ..ruleset import RuleSet
from ..text import TOKEN
from .alternation import alternation
from .formats import is_held_verb

FILE = "events.yaml"

_L = "А-Яа-яЁё"
_OPENERS = {"«": "»", "“": "”", "„": "“", '"': '"'}
_DATE_KINDS = ("date", "range", "month")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_SPACES = re.compile(r"\s*")
_VENUE_WORDS = re.compile(r"([А-ЯЁ][^\n,.;:()«»]{2,60}?)(?=\s+(?:в|с|по|для|и)\s|[,.;:()\n]|$)")


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


# --------------------------------------------------------------------------- text structure


_STRUCTURE = re.compile(r"[«»\n.!?…]")


def sentences(text: str, rules: RuleSet) -> list[tuple[int, int]]:
    """Sentence spans: ends at ``.!?`` before a capital (not after initials or
    abbreviations), at a line break before a capital, and at blank lines; never
    inside «…» (titles hold full stops) unless a blank line comes first."""
    abbreviations = event_rules(rules).abbreviations
    spans, start, depth, opened_at = [], 0, 0, 0
    n = len(text)
    prev = -1
    # only these characters can open, close or cut; the others only age an open quote
    for m in _STRUCTURE.finditer(text):
        i, ch = m.start(), m.group()
        if depth and max(prev + 1, opened_at + 401) <= i - 1:
            depth = 0  # an unbalanced quote expired on the characters skipped
        prev = i
        cut = None
        if ch == "«":
            depth, opened_at = depth + 1, (i if depth == 0 else opened_at)
        elif ch == "»":
            depth = max(0, depth - 1)
        if depth and i - opened_at > 400:
            depth = 0  # an unbalanced quote does not swallow the text
        if ch == "\n":
            j = i + 1
            while j < n and text[j] in " \t\r":
                j += 1
            if j >= n or text[j] == "\n":
                cut, depth = i, 0
            elif depth == 0 and (text[j].isupper() or text[j].isdigit() or text[j] in "«-–—•"
                                 or text[start:i].rstrip()[-1:] in (".", "!", "?", ":", ";")):
                cut = i
        elif ch in ".!?…" and depth == 0:
            j = i + 1
            while j < n and text[j] in "»\")":
                j += 1
            k = j
            while k < n and text[k] in " \t":
                k += 1
            if k > j and k < n and (text[k].isupper() or text[k].isdigit() or text[k] in "«\"") \
                    and not _abbreviation_before(text, i, abbreviations):
                cut = j
        if cut is not None:
            if text[start:cut].strip():
                spans.append(_strip(text, start, cut))
            start = cut + 1 if text[cut : cut + 1] == "\n" else cut
    if text[start:].strip():
        spans.append(_strip(text, start, n))
    return spans


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _abbreviation_before(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    m = re.search(r"([А-ЯЁа-яё-]+)$", text[max(0, dot - 12) : dot])
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial
    if word in ("г", "гг") and re.search(r"\d{4}\s*г+$", text[max(0, dot - 10) : dot]):
        return False  # "в 2022 г. Участники …": the year ends the sentence
    return word.lower() in abbreviations


def _next_heading(text: str, head: tuple[int, int], formats: Sequence[FormatMention]) -> tuple[int, int] | None:
    """The first of the (at most three) short lines after ``head`` that names a format:
    the article's own heading under a masthead or a date line."""
    pos = head[1]
    for _ in range(3):
        m = _SPACES.match(text, pos)
        assert m is not None  # \s* matches the empty string
        start = m.end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if start >= end or end - start > 200:
            return None
        if any(_in((start, end), f.start, f.end) for f in formats):
            return start, end
        pos = end
    return None


def heading(text: str) -> tuple[int, int] | None:
    """The first block of lines (up to a blank line) when it is short enough to be a title."""
    m = re.match(r"\s*", text)
    assert m is not None  # \s* matches the empty string
    start = m.end()
    blank = _BLANK_LINE.search(text, start)
    end = blank.start() if blank else len(text)
    if end - start <= 400:
        return (start, end) if end > start else None
    line = text.find("\n", start)
    line = len(text) if line < 0 else line
    return (start, line) if line - start <= 200 else None


def quoted(text: str, pos: int) -> tuple[int, int, str] | None:
    """The quotation opening at ``pos``: (start, end, inner text with whitespace
    collapsed), pairing nested «…«…»…»; an unclosed « ends at its last ``»``
    before a blank line."""
    if pos >= len(text) or text[pos] not in _OPENERS:
        return None
    opener, closer = text[pos], _OPENERS[text[pos]]
    depth, last_close, close = 0, -1, -1
    for i in range(pos, min(len(text), pos + 600)):
        ch = text[i]
        if ch == "\n" and _BLANK_LINE.match(text, i):
            break
        if ch == closer and i > pos and (opener != closer or depth == 1):
            depth, last_close = depth - 1, i
            if depth == 0:
                close = i
                break
        elif ch == opener:
            depth += 1
    close = close if close >= 0 else last_close
    if close < 0:
        return None
    inner = " ".join(text[pos + 1 : close].split())
    return (pos, close + 1, inner) if inner else None


# --------------------------------------------------------------------------- event pieces


def _in(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] <= start and end <= span[1]


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return pos, pos


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
                return q[1], q[2]
            pos, owner = q[1], ""  # «…» names the project or the district: skip it
            continue
        w = _LOWER_WORD.match(text, pos)
        if not w or w.group(1) in er.title_skip_stops or skipped == er.title_skip:
            return None
        owner, pos, skipped = w.group(1), w.end(), skipped + 1


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


# --------------------------------------------------------------------------- events


def find_events(
    text: str,
    rules: RuleSet,
    *,
    schools: Sequence[SchoolMention] = (),
    dates: Sequence[DateMention] = (),
    formats: Sequence[FormatMention] = (),
    locations: Sequence[LocationMention] = (),
    orgs: Sequence[Any] = (),
) -> list[Event]:
    """Events the report is about, the main one first (empty when no format is named)."""
    if not formats:
        return []
    spans = sentences(text, rules)
    head = heading(text)
    if head and not any(_in(head, f.start, f.end) for f in formats):
        # a masthead or a date line first ("Информационный бюллетень … Выпуск 3"):
        # the article's heading is the next short block
        head = _next_heading(text, head, formats) or head
    linked = _held_links(text, spans, formats, rules)
    unframed = [f for f in formats if not _framed(text, _sentence_of(spans, f.start), f, rules)]
    in_head = [f for f in unframed if head and _in(head, f.start, f.end)]
    # a heading that names only a frame ("Справка о работе секции … в рамках
    # августовского совещания"): the report is about a part of that event
    framed_head = [f for f in formats if head and _in(head, f.start, f.end) and f not in unframed]
    if in_head:
        main_format = in_head[0].format
    elif framed_head:
        main_format = framed_head[0].format
        in_head = framed_head
    elif linked:
        main_format = next(iter(linked)).format
    elif unframed:
        main_format = unframed[0].format
    else:
        return []

    def date_of(f: FormatMention, kinds=_DATE_KINDS) -> str:
        return _date_in(text, dates, _sentence_of(spans, f.start), f.start, kinds)

    candidates = [f for f in linked if f.format == main_format]
    dated = [f for f in candidates if date_of(f)]
    anchor = (dated or candidates or [f for f in in_head if f.format == main_format] or
              [f for f in unframed if f.format == main_format])[0]
    sent = _sentence_of(spans, anchor.start)

    title, title_end = "", anchor.end
    for f in [anchor] + [f for f in formats if f.format == main_format and f is not anchor]:
        t = _title(text, f, rules)
        if t:
            title = t[1]
            title_end = t[0] if f is anchor else title_end
            break
    if not title:
        title = _topic(text, main_format, rules)

    date = date_of(anchor)
    if not date and head:
        date = _date_in(text, dates, head)
    if not date:
        date = next((d.value for d in dates if d.kind in ("date", "range")), "")

    venue, venue_place = _venue(text, spans, sent, schools, orgs, rules)
    location = venue_place or _location(locations, [sent, head, (0, len(text))], rules)
    main = Event(
        format=main_format,
        title=title,
        date=date,
        venue=venue,
        location=location,
        organizer=_organizer(text, orgs, schools, rules),
        participants=participants(text, spans, rules, [sent] + spans, own=sent),
        start=anchor.start,
        end=title_end,
    )
    events = [main]

    # a digest: other events reported as held, each on a day of its own that is
    # not inside the main event (a course's closing conference is part of it)
    used = {sent}
    for f, past in linked.items():
        s = _sentence_of(spans, f.start)
        d = date_of(f, ("date", "range"))
        if s in used or not past or not d or _within(d, date) or _within(date, d):
            continue
        used.add(s)
        t = _title(text, f, rules)
        v, place = _venue(text, [s], s, schools, orgs, rules)
        events.append(
            Event(
                format=f.format,
                title=t[1] if t else "",
                date=d,
                venue=v,
                location=place or _location(locations, [s], rules) or location,
                participants=participants(text, [s], rules),
                start=f.start,
                end=t[0] if t else f.end,
            )
        )
    return events


def component(doc: Inputs, rules: RuleSet) -> list[Event]:
    """The ``events`` component: the report's main event (see ``extract.registry``)."""
    got = doc.records
    return find_events(
        doc.text, rules, schools=got["schools"], dates=got["dates"], formats=got["formats"],
        locations=got["locations"], orgs=[o for o in got["orgs"] if o.kind != "school"],
    )
