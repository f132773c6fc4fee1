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

This module chooses the events and is the ``events`` component; the cues are
compiled in ``event_rules``, sentences and headings are in ``event_text``, and
each field of an event is read by ``event_fields``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..records import DateMention, Event, FormatMention, Inputs, LocationMention, SchoolMention
from ..ruleset import RuleSet
from .event_fields import (
    _DATE_KINDS,
    _cued_title,
    _date_in,
    _framed,
    _held_links,
    _location,
    _organizer,
    _title,
    _topic,
    _venue,
    _within,
    participants,
)
from .event_text import _in, _next_heading, _sentence_of, heading, quoted, sentences

__all__ = ["component", "find_events", "heading", "participants", "quoted", "sentences"]

_STAMP_BEFORE = re.compile(r"(?i:\bdate|дата\s+публикации|опубликовано|обновлено|updated|добавлено)\W*$")
_TIME_AFTER = re.compile(r"[\s,|]*\d{1,2}[:.]\d{2}(?!\d)")
_LINE_REST = re.compile(r"[\s,.|•–—-]*(?:года?|г\.)?[\s,.|•–—-]*$")


def _dateline(text: str, d: DateMention) -> bool:
    """A site's stamp of when the page was published, not the event's date: a date
    with a time of day after it, after a publication cue, or alone on its line."""
    if _TIME_AFTER.match(text, d.end) or _STAMP_BEFORE.search(text, max(0, d.start - 25), d.start):
        return True
    line_start = text.rfind("\n", 0, d.start) + 1
    line_end = text.find("\n", d.end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start : d.start].strip() and bool(_LINE_REST.fullmatch(text, d.end, line_end))


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
        title = _cued_title(text, sent, anchor.end, rules) or _topic(text, main_format, rules)
    if not title:  # «церемония награждения победителей конкурса «…»»: the name of what it crowns
        title = next((t[1] for f in formats if _in(sent, f.start, f.end) and f.start > anchor.start
                      and (t := _title(text, f, rules))), "")

    date = date_of(anchor)
    stated = [d for d in dates if not _dateline(text, d)]
    if not date and head:
        date = _date_in(text, stated, head)
    if not date:
        date = next((d.value for d in stated if d.kind in ("date", "range")), "")

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
