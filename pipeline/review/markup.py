"""A text with its mentions marked the way displaCy's span style marks them: a
coloured line under each mention, one level below the other where mentions
overlap (the LOC «г. Читы» under the SCHOOL «МБОУ СОШ № 7 г. Читы»), and the
mention's label where it starts.

The markup, all of it escaped with ``html.escape``:

- ``<span class="tag L-PER" id="tag-pm3" data-m="pm3">PER</span>``: the label, once
  per mention, before its first character (``pm3`` is its row's id: ``#pm3`` in a
  link selects it, see ``html``);
- ``<span class="tok" data-ms="pm3 om1">word<span class="bar L-PER" data-m="pm3"
  style="--k:0"></span>…</span>``: each word (or run of spaces) a mention covers,
  with a line per covering mention at its level ``--k``; ``data-ms`` lists the
  mentions covering the word, the shortest first (a click picks it);
- text no mention covers, as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

_CHUNKS = re.compile(r"\S+|[^\S\n]+|\n+")


@dataclass(frozen=True, slots=True)
class Mark:
    """One mention to mark: its offsets, label, row id, tooltip and extra classes."""

    start: int
    end: int
    label: str
    id: str
    title: str = ""
    css: str = ""  # e.g. gold-fp


def levels(marks: list[Mark]) -> dict[str, int]:
    """The line level of each mark: the lowest not taken by an overlapping mark that
    starts earlier (or as early and is longer)."""
    ends: list[int] = []  # per level, the end of its last mark
    out: dict[str, int] = {}
    for m in sorted(marks, key=lambda m: (m.start, -(m.end - m.start), m.id)):
        for k, end in enumerate(ends):
            if end <= m.start:
                ends[k] = m.end
                out[m.id] = k
                break
        else:
            out[m.id] = len(ends)
            ends.append(m.end)
    return out


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """``text`` as HTML with every mark (offsets within the text) marked."""
    valid = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)), key=lambda m: (m.start, m.end, m.id))
    level = levels(valid)
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    starting: dict[int, list[Mark]] = {}
    for m in valid:
        starting.setdefault(m.start, []).append(m)
    parts: list[str] = []
    active: list[Mark] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a]
        for m in sorted(starting.get(a, []), key=lambda m: (-(m.end - m.start), m.id)):  # outer label first
            parts.append(_tag(m))
            active.append(m)
        segment = text[a:b]
        if not active:
            parts.append(escape(segment))
            continue
        covering = sorted(active, key=lambda m: (m.end - m.start, m.id))  # the shortest first
        bars = "".join(
            f'<span class="bar L-{escape(m.label)}{_css(m)}" data-m="{escape(m.id)}" style="--k:{level[m.id]}"></span>'
            for m in sorted(covering, key=lambda m: level[m.id]))
        ids = escape(" ".join(m.id for m in covering))
        for chunk in _CHUNKS.findall(segment):
            if "\n" in chunk:
                parts.append(chunk)
            else:
                parts.append(f'<span class="tok" data-ms="{ids}">{escape(chunk)}{bars}</span>')
    return "".join(parts)


def _css(m: Mark) -> str:
    return f" {escape(m.css)}" if m.css else ""


def _tag(m: Mark) -> str:
    title = f' title="{escape(m.title)}"' if m.title else ""
    return (f'<span class="tag L-{escape(m.label)}{_css(m)}" id="tag-{escape(m.id)}" data-m="{escape(m.id)}"{title}>'
            f"{escape(m.label)}</span>")
