"""Quote marks of every kind → Russian guillemets «…», nested ones included.

Reports mix ``"…"``, ``“…”``, ``„…“`` and doubled apostrophes (``’’500+’’``,
``‘’500+’’``, ``''…''``), often on top of a guillemet that Word's autocorrect
already put there: ``«Проекта «’’500+’’?»``. The rules:

* ``«`` and ``„`` always open, ``»`` always closes; every other mark opens or
  closes by what surrounds it (space or bracket before → opens, a character
  before → closes), and where that is unclear by whether a quote is open.
* A doubled apostrophe right beside a guillemet of the same direction is the
  same quote typed twice (``«’’`` → ``«``, ``’’»`` → ``»``).
* A closing mark with no quote open is dropped (``Проекта «500+»?»`` →
  ``Проекта «500+»?``); openers stay, as the closer may be on a later line.
  Open quotes are forgotten at a blank line (a new paragraph block).

The result holds only ``«`` and ``»``, so a second pass changes nothing.
"""

from __future__ import annotations

import re

# Longest first: a doubled apostrophe is one mark.
_MARK = re.compile(r"''|’’|‘‘|‘’|’‘|``|\"\"|[\"“”„‟«»]")
_DOUBLED = {"''", "’’", "‘‘", "‘’", "’‘", "``", '""'}
_OPEN_BEFORE = set("([{<«„/-–—") | {"\n", " "}
_CLOSE_AFTER = set(".,;:!?)]}>…»")


def _role(text: str, start: int, end: int, depth: int, prev_role: str | None) -> str:
    """``open`` or ``close`` for an ambiguous mark at ``text[start:end]``."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if prev_role is not None:  # glued to the previous mark: same direction
        return prev_role
    opens_before = before == "" or before in _OPEN_BEFORE
    closes_after = after == "" or after.isspace() or after in _CLOSE_AFTER
    if opens_before and closes_after:  # free-standing: decide by the open quotes
        return "close" if depth > 0 else "open"
    if opens_before:
        return "open"
    if depth == 0 and after.isalnum():  # `школа"Радуга"`: a space is missing
        return "open"
    return "close"


def normalize_quotes(text: str) -> str:
    """Return ``text`` with every quote mark turned into ``«`` or ``»``."""
    if not _MARK.search(text):
        return text
    out: list[str] = []
    pos = 0
    depth = 0
    last_end = -1  # end of the previous mark kept in the output
    last_role: str | None = None
    last_doubled = False
    for m in _MARK.finditer(text):
        mark, start, end = m.group(), m.start(), m.end()
        between = text[pos:start]
        if "\n\n" in between:
            depth = 0
        glued = start == last_end
        if mark in ("«", "„"):
            role = "open"
        elif mark == "»":
            role = "close"
        else:
            role = _role(text, start, end, depth, last_role if glued else None)
        doubled = mark in _DOUBLED
        out.append(between)
        pos = end
        if glued and role == last_role and (doubled or last_doubled):
            last_end = end  # the same quote typed twice: keep one
            last_doubled = last_doubled or doubled
            continue
        if role == "close" and depth == 0:
            continue  # a stray closing mark
        depth += 1 if role == "open" else -1
        out.append("«" if role == "open" else "»")
        last_end, last_role, last_doubled = end, role, doubled
    out.append(text[pos:])
    return "".join(out)
