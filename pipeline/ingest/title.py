"""A document's title: its heading, or its first meaningful line.

Headings of reports are often broken over lines (``СПРАВКА`` / ``об итогах
методического марафона «…``): a line is continued by the next one while that
starts in lower case, the title so far is one word, or a quote is still open.
"""

from __future__ import annotations

from .clean import clean_text, one_line

MAX_CHARS = 200
MAX_LINES = 3


def _meaningful(line: str) -> bool:
    return sum(ch.isalpha() for ch in line) >= 2


def _continues(title: str, nxt: str) -> bool:
    if not nxt or not _meaningful(nxt):
        return False
    return nxt[0].islower() or " " not in title or title.count("«") > title.count("»")


def trim(title: str, limit: int = MAX_CHARS) -> str:
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return cut + "…"


def title_from_text(text: str) -> str:
    """Title from cleaned text: the first meaningful line and its continuations."""
    lines = [line.strip() for line in text.split("\n")]
    for i, line in enumerate(lines):
        if not _meaningful(line):
            continue
        title, used = line, 1
        while used < MAX_LINES and i + used < len(lines) and len(title) < MAX_CHARS:
            nxt = lines[i + used]
            if not _continues(title, nxt):
                break
            title, used = f"{title} {nxt}", used + 1
        return trim(one_line(title))
    return ""


def make_title(text: str, hint: str = "") -> str:
    """Title from a reader's hint (a heading and what follows), else from the text."""
    if hint:
        found = title_from_text(clean_text(hint))
        if found:
            return found
    return title_from_text(text)
