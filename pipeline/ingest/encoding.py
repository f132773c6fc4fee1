"""Decode the bytes of a plain-text file: BOM, UTF-8, or a Cyrillic code page.

charset-normalizer proposes encodings, but on a few hundred bytes of Russian it
confuses cp1251, koi8-r and mac-cyrillic (and even guesses Shift-JIS for
koi8-r). So its guesses are pooled with the Cyrillic code pages met in
practice and each decoding is scored by how Russian it reads: frequent letters
score, rare letters, foreign symbols and ``сЕМИНАР``-style case changes inside
a word cost. UTF-8 is taken whenever the bytes are valid UTF-8.

NUL bytes after the text (padding left by a tool or a truncated copy that
filled the rest of a block with zeros) are dropped before anything is sniffed,
so they do not make a valid UTF-8 or cp1251 report look binary; NULs inside
the text still do, unless it reads as BOM-less UTF-16.
"""

from __future__ import annotations

import codecs
import math
import re
from collections import Counter

from pipeline.errors import DocumentError, E

SAMPLE = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CYRILLIC_PAGES = ("cp1251", "koi8-r", "mac-cyrillic", "cp866")
_PRIOR = {"cp1251": 0.5, "cp866": 0.3, "koi8-r": 0.2}  # by how common they are in practice

# Letter frequencies of Russian prose, percent.
_FREQ = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81, 2.62, 2.01,
     1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48, 0.36, 0.32, 0.26, 0.04, 0.20),
    strict=True,
))
_NEUTRAL = set("«»—–…№•·°€‘’“”„") | {"\u00a0"}
_CASE_FLIP = re.compile("[а-яё][А-ЯЁ]")
_WORD = re.compile("[А-Яа-яЁё]{3,}")
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 26, 27))


def _weight(ch: str) -> float:
    low = ch.lower()
    if low in _FREQ:
        w = 1.0 + math.log(_FREQ[low] / 3.0)
        return w if ch == low else w - 0.2
    if ch < "\x80":
        return 0.0 if ch.isprintable() or ch in "\t\n\r\f" else -4.0
    if ch in _NEUTRAL:
        return -0.5
    if "\u0400" <= ch <= "\u04ff":
        return -1.0 if ch in "іїєґўІЇЄҐЎ" else -2.0
    if ch.isalpha() and ch <= "\u024f":
        return -1.0  # accented Latin
    return -4.0


def _known_words(text: str, limit: int = 60) -> int:
    """Letters (plus 2 a word) of the first ``limit`` words that pymorphy3 knows."""
    from pipeline.morph import parse

    words = _WORD.findall(text)[:limit]
    return sum(len(w) + 2 for w in words if any(p.is_known for p in parse(w)))


def russian_score(text: str) -> float:
    """Higher for text that reads as Russian (or plain ASCII) than for mojibake.

    Letters score by their frequency in Russian, foreign symbols and case flips
    inside a word cost, and each of the first words found in the dictionary
    (pymorphy3) adds a bonus: a short title has too few letters for counts alone.
    """
    counts = Counter(text)
    score = sum(n * _weight(ch) for ch, n in counts.items())
    return score - 3.0 * len(_CASE_FLIP.findall(text)) + _known_words(text)


def _candidates(sample: bytes) -> list[str]:
    pool = list(_CYRILLIC_PAGES)
    try:
        from charset_normalizer import from_bytes

        for match in list(from_bytes(sample))[:3]:
            pool.append(match.encoding)
    except Exception:  # detection is advisory; the pool still covers Cyrillic pages
        pass
    names: list[str] = []
    for enc in pool:
        try:
            name = codecs.lookup(enc).name
        except LookupError:
            continue
        if name not in names:
            names.append(name)
    return names


def best_decoding(sample: bytes, candidates: list[str]) -> str | None:
    """The candidate encoding under which ``sample`` reads most like Russian."""
    best, best_score = None, -math.inf
    for enc in candidates:
        try:
            text = sample.decode(enc, errors="replace")
        except LookupError:
            continue
        score = russian_score(text) - 4.0 * text.count("\ufffd") + _PRIOR.get(enc, 0.0)
        if score > best_score:
            best, best_score = enc, score
    return best


def _looks_binary(text: str) -> bool:
    sample = text[:SAMPLE]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f\x1a\x1b") or ch == "\x7f")
    return "\x00" in sample or bad / len(sample) > 0.02


def _utf16_guess(data: bytes) -> str | None:
    """BOM-less UTF-16: NUL bytes in one of the two byte lanes."""
    sample = data[: SAMPLE - SAMPLE % 2]
    even, odd = sample[0::2], sample[1::2]
    if not even:
        return None
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / max(len(odd), 1)
    if nul_odd > 0.1 and nul_even < 0.01:
        return "utf-16-le"
    if nul_even > 0.1 and nul_odd < 0.01:
        return "utf-16-be"
    return None


def decode(data: bytes, ext: str = "txt") -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a text file.

    Raises ``DocumentError`` (BINARY_AS_TEXT) when the bytes are not text.
    """
    enc: str | None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace").rstrip("\x00")
            if _looks_binary(text):
                raise DocumentError(E.BINARY_AS_TEXT, ext=ext)
            return text.lstrip("\ufeff"), enc
    unpadded = data.rstrip(b"\x00")
    if b"\x00" not in unpadded[:SAMPLE]:  # NULs only as padding at the end: not UTF-16
        data = unpadded
    if b"\x00" in data[:SAMPLE]:
        enc = _utf16_guess(data)
        if enc is None:
            raise DocumentError(E.BINARY_AS_TEXT, ext=ext)
        text = data.decode(enc, errors="replace")
        if _looks_binary(text) or text.count("\ufffd") > len(text) // 100:
            raise DocumentError(E.BINARY_AS_TEXT, ext=ext)
        return text, enc
    if sum(data[:SAMPLE].count(b) for b in _CONTROL) > 0.02 * min(len(data), SAMPLE):
        raise DocumentError(E.BINARY_AS_TEXT, ext=ext)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:SAMPLE]
    enc = best_decoding(sample, ["utf-8", *_candidates(sample)])
    if enc is None:
        raise DocumentError(E.UNDECODABLE)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        text = data.decode(enc, errors="replace")
    if _looks_binary(text):
        raise DocumentError(E.BINARY_AS_TEXT, ext=ext)
    return text, enc
