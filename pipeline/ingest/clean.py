"""One cleaning for every reader's text, so offsets downstream mean the same thing.

Steps, in order: line endings → ``\\n``; zero-width characters (U+200B–U+200D,
U+2060, U+FEFF), bidi and direction marks (U+200E, U+200F, U+061C,
U+202A–U+202E, U+2066–U+2069), soft hyphens, control and private-use
characters removed (so ``Сидо\\u200fрова`` reads ``Сидорова``); odd spaces
and tabs → a space; Unicode NFC; Word artefacts (``[bookmark: _GoBack]``)
removed; spaces collapsed and lines stripped; words hyphenated across a line
break rejoined; quotes → «…»; at most one empty line between paragraphs.
Dashes (–, —) stay.

``clean_text`` is idempotent: ``clean_text(clean_text(x)) == clean_text(x)``.
"""

from __future__ import annotations

import re
import unicodedata

from .quotes import normalize_quotes

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\u180e\ufeff"
_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DROP = "\u00ad\ufffe\uffff" + _ZERO_WIDTH + _BIDI


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): " " for c in _SPACES}
    table.update({ord(c): None for c in _DROP})
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:  # C0/C1 controls
        if code != 0x0A:
            table.setdefault(code, None)
    table.update({0x2010: "-", 0x2011: "-"})  # hyphen, non-breaking hyphen
    return table


_TRANSLATE = _table()
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # Symbol-font bullets from Word lists
_ARTEFACT = re.compile(r"\[bookmark:[^\]\n]*\]")
_RUN_OF_SPACES = re.compile(r" {2,}")
_LINE_EDGE_SPACES = re.compile(r"^ +| +$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")

_CYR = "А-Яа-яЁё"
_WORD_END = re.compile(f"([{_CYR}]+)-$")
_WORD_START = re.compile(f"[{_CYR}]+")


def _is_known(word: str) -> bool:
    from pipeline.morph import parse  # pymorphy3 loads only when a hyphen needs it

    return any(p.is_known for p in parse(word))


def _join_hyphenated(head: str, tail: str) -> str:
    """``образова`` + ``тельных`` → ``образовательных``; ``постер`` + ``сессия`` → ``постер-сессия``."""
    joined = head + tail
    if _is_known(joined):
        return joined
    if _is_known(f"{head}-{tail}") or (_is_known(head) and _is_known(tail)):
        return f"{head}-{tail}"
    return joined  # a split name or an unknown word: nothing says the hyphen is real


def _continues(head: str, tail: str) -> bool:
    if tail[:1].islower():
        return True
    return head.isupper() and tail.isupper() and len(tail) > 1


def dehyphenate(text: str) -> str:
    """Rejoin words hyphenated at a line end (``образова-\\nтельных``)."""
    if "-\n" not in text:
        return text
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        end = _WORD_END.search(prev)
        start = _WORD_START.match(line)
        if end and start and _continues(end.group(1), start.group()):
            head, tail = end.group(1), start.group()
            out[-1] = prev[: end.start()] + _join_hyphenated(head, tail) + line[start.end() :]
        else:
            out.append(line)
    return "\n".join(out)


def _remove_artefacts(text: str) -> str:
    while True:
        new = _ARTEFACT.sub("", text)
        if new == text:
            return text
        text = new


def _tidy_spaces(text: str) -> str:
    text = _RUN_OF_SPACES.sub(" ", text)
    return _LINE_EDGE_SPACES.sub("", text)


def _once(text: str) -> str:
    text = _NEWLINES.sub("\n", text)
    text = _PRIVATE_USE.sub("", text.translate(_TRANSLATE))
    text = unicodedata.normalize("NFC", text)
    text = _remove_artefacts(text)
    text = _tidy_spaces(text)
    text = dehyphenate(text)
    text = normalize_quotes(text)
    text = _tidy_spaces(_remove_artefacts(text))
    return _BLANK_LINES.sub("\n\n", text).strip("\n")


def clean_text(text: str) -> str:
    """Normalize a reader's raw text (see the module docstring)."""
    for _ in range(5):  # each step is idempotent; the loop guards their interplay
        new = _once(text)
        if new == text:
            break
        text = new
    return text


_KEEP_BREAK = re.compile(r"(?:[а-яё]{2,}|[»)\d])[.!?…]$|[!?…]$")


def unwrap_lines(text: str) -> str:
    """Rejoin visually wrapped lines (PDF) into paragraphs.

    A line break stays where the next line starts like a sentence or a list item
    and the line before ends a sentence (not initials ``А.В.`` or ``г.``) or stops
    well short of the margin (a heading, a paragraph's last line); blank lines
    (paragraph and page breaks) always stay. Runs after ``clean_text``,
    so hyphenated words are already joined.
    """
    lines = text.split("\n")
    widths = sorted(len(line) for line in lines if line.strip())
    full = widths[int(len(widths) * 0.9)] if widths else 0  # a line that reaches the margin
    out = [lines[0]]
    for line, raw_prev in zip(lines[1:], lines):
        prev = out[-1]
        if not prev.strip() or not line.strip():
            out.append(line)
            continue
        # a capitalized word, a number or a list mark (not an abbreviation like "СОШ")
        starts_sentence = bool(re.match(r"[А-ЯЁA-Z][а-яёa-z]|[0-9«•–—-]", line.lstrip()))
        short = len(raw_prev) < 0.6 * full  # ended well before the margin: a paragraph's end
        if starts_sentence and (_KEEP_BREAK.search(prev.rstrip()) or (short and not prev.rstrip().endswith(","))):
            out.append(line)
        else:
            out[-1] = prev.rstrip() + " " + line.lstrip()
    return "\n".join(out)


def one_line(text: str) -> str:
    """Collapse all whitespace to single spaces (for titles)."""
    return " ".join(text.split())
