"""HTML pages: the article, not the site's navigation, with trafilatura.

Bytes are decoded by BOM, then the page's own ``<meta charset>`` (when the
bytes really are in it), then detection as for plain text. When trafilatura
finds nothing (tiny pages) or cannot be imported, the page's ``<article>``,
``<main>`` or ``<body>`` is read with lxml, minus navigation, headers, footers,
scripts and forms. The title is the article's ``<h1>``, else trafilatura's
title, else ``<title>``.
"""

from __future__ import annotations

import codecs
import logging
import re
from functools import lru_cache

from pipeline.errors import DocumentError, E

from ..encoding import decode
from ..limits import IngestLimits
from .base import Extracted, iso_day

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg")
_BLOCK = {"p", "div", "section", "article", "main", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
          "table", "ul", "ol", "blockquote", "pre", "dt", "dd", "figcaption", "address", "br"}
_PIPE_ROW = re.compile(r"^\|\s*(.*?)\s*\|?\s*$")


def decode_html(data: bytes) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    m = _META_CHARSET.search(data[:8192])
    if m:
        try:
            enc = codecs.lookup(m.group(1).decode("ascii")).name
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
    return decode(data, ext="html")


def _tree(text: str):
    import lxml.html

    try:
        return lxml.html.document_fromstring(text)
    except Exception:  # lxml raises ParserError on empty pages, others on broken markup
        return None


def _text_of(el) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK:
            parts.append("\n")
        if tag in ("td", "th"):
            parts.append(" | ")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK:
            parts.append("\n")

    walk(el)
    lines = (line.strip(" |") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def fallback_text(tree) -> str:
    """Main text of a page without trafilatura."""
    for bad in tree.xpath("|".join(f"//{t}" for t in _DROP)):
        if bad.getparent() is not None:
            bad.drop_tree()
    main = tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body") or [tree]
    return "\n".join(_text_of(el) for el in main)


@lru_cache(maxsize=1)
def _load_trafilatura():
    try:
        import trafilatura
    except Exception as exc:  # e.g. lxml_html_clean missing under jusText
        log.warning("trafilatura unavailable (%s: %s); using the plain HTML reader", type(exc).__name__, exc)
        return None
    return trafilatura


def _trafilatura(text: str) -> tuple[str, str, str]:
    """(main text, title, publication date) found by trafilatura (the date from the
    page's meta tags or structured data); empty when it finds nothing."""
    trafilatura = _load_trafilatura()
    if trafilatura is None:
        return "", "", ""
    # the date from the page's markup and address only: trafilatura's extensive search
    # guesses from the body's dates (a year alone becomes 1 January), which are the
    # extractors' to read
    result = trafilatura.bare_extraction(
        text, include_tables=True, include_comments=False, include_images=False, with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not result:
        return "", "", ""
    return ((getattr(result, "text", "") or ""), (getattr(result, "title", "") or ""),
            iso_day(getattr(result, "date", "")))


def _pipe_rows(text: str) -> str:
    """trafilatura writes table rows as ``| a | b |``: make them ``a | b``."""
    return "\n".join(_PIPE_ROW.sub(r"\1", line) if line.startswith("|") else line for line in text.split("\n"))


def _title(tree, found: str) -> str:
    if tree is None:
        return found
    for path in ("//article//h1", "//main//h1", None, "//h1"):
        if path is None:
            if found:
                return found
            continue
        for h in tree.xpath(path):
            text = " ".join(h.text_content().split())
            if text:
                return text
    titles = tree.xpath("//title")
    return " ".join(titles[0].text_content().split()) if titles else ""


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# where site builders print a page's date outside its article: <time>, and elements
# whose class names a date or the post's details (uCoz: "eDate", "eDetails")
_DATELINE = ("//time", "//*[contains(translate(@class, 'DATEILSP', 'dateilsp'), 'date')"
             " or contains(translate(@class, 'DATEILSP', 'dateilsp'), 'details')"
             " or contains(@class, 'posted') or contains(@class, 'publish') or contains(@id, 'date')]")


def dateline(tree) -> str:
    """The page's own dateline as its site prints it outside the article (``05
    декабря 2023, 14:20``, ``Добавил: admin | 26.04.2024``): the text of the first
    such element that holds a year, for the date rules to read; or ""."""
    if tree is None:
        return ""
    for path in _DATELINE:
        for el in tree.xpath(path)[:20]:
            text = " ".join(((el.get("datetime") or "") + " " + el.text_content()).split())
            if _YEAR.search(text):
                return text[:120]
    return ""


def read(data: bytes, limits: IngestLimits) -> Extracted:
    text, encoding = decode_html(data)
    main, found_title, published = _trafilatura(text)
    tree = _tree(text)
    if not main.strip():
        if tree is None:
            raise DocumentError(E.NO_TEXT, fmt="HTML")
        main = fallback_text(_tree(text))
    return Extracted(text=_pipe_rows(main), encoding=encoding, title=_title(tree, found_title),
                     published=published, published_from="html-meta" if published else "", dateline=dateline(tree))
