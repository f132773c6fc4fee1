"""Dates: ``29 сентября 2022 года``, ``29.09.22``, ranges (``с 10 по 12 ноября
2022 г.``), months (``в сентябре 2022 г.``), years (``в 2022 году``), academic
years (``2022-2023 учебный год``) and deadlines (``до конца 2022 года``), as ISO
8601 values. Rules: ``models/dates.yaml``.

Patterns run from the most to the least specific; a later one never overlaps an
earlier one, so ``2022`` in ``29.09.2022`` is not also a year, and school
numbers, head counts and ``«500+»`` never look like years (a bare number is a
year only with ``год``/``г.`` after it).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..morph import parse, phrase_forms
from ..records import DateMention, Inputs
from ..rules import RuleError
from ..ruleset import RuleSet
from ..text import fold
from .alternation import alternation

FILE = "dates.yaml"

_SEP = r"\s*(?:по|до|[-–—])\s*"
_NB = r"(?<![\d.,/№])"  # a number starts here
_NE = r"(?![\d])"
_WEEKDAY = re.compile(r"(?i:пн|вт|ср|чт|пт|сб|вс),?\s*$")


@dataclass(frozen=True)
class DatePatterns:
    month_of: dict[str, int]  # folded form -> month number
    abbreviated: frozenset[str]  # month abbreviations (month_abbreviations), without the dot
    patterns: tuple[tuple[str, re.Pattern], ...]  # (name, regex) in precedence order
    deadline_before: re.Pattern
    academic: tuple[str, str]
    years: tuple[int, int]


def _alt(forms) -> str:
    return alternation(forms)


def date_patterns(rules: RuleSet) -> DatePatterns:
    return rules.derived("dates.patterns", _date_patterns)


def _date_patterns(rules: RuleSet) -> DatePatterns:
    data = rules.file(FILE)
    if len(data["months"]) != 12:
        raise RuleError(FILE, None, "months must list the twelve months, January first")
    month_of, gen, loct = {}, set(), set()
    for number, month in enumerate(data["months"], 1):
        for form in phrase_forms(month):
            month_of[form] = number
        # the genitive follows a day number; the locative stands alone ("в сентябре")
        noun = next(p for p in parse(month) if p.tag.POS == "NOUN")
        gen.add(fold(noun.inflect({"gent", "sing"}).word))
        loct.add(fold(noun.inflect({"loct", "sing"}).word))
    for abbreviation, number in data["month_abbreviations"].items():
        if not 1 <= int(number) <= 12:
            raise RuleError(FILE, None, f"month_abbreviations: {abbreviation!r} is no month number")
        for form in (abbreviation, f"{abbreviation}."):
            month_of[form] = int(number)
            gen.add(form)
    MG = rf"(?<![А-Яа-яЁё])(?P<m>(?i:{_alt(gen)}))(?![а-яё])"
    MA = rf"(?<![А-Яа-яЁё])(?P<m>(?i:{_alt(month_of)}))(?![а-яё])"
    ML = rf"(?<![А-Яа-яЁё])(?P<m>(?i:{_alt(loct)}))(?![а-яё])"
    YW = rf"(?:\s*{data['year_words']})"
    YSW = data["years_words"]
    AW = data["academic_words"]
    Y = lambda g: rf"(?P<{g}>\d{{4}}){_NE}"  # noqa: E731
    D = lambda g: rf"{_NB}«?(?P<{g}>\d{{1,2}})»?"  # noqa: E731
    NUM = lambda s: (  # noqa: E731
        rf"{_NB}(?P<d{s}>\d{{1,2}})\.(?P<m{s}>\d{{1,2}})\.(?P<y{s}>\d{{4}}|\d{{2}})(?![\d]|\.\d)"
    )
    end_of = _alt(data["end_of"]).replace(r"\ ", r"\s+")
    patterns = [
        # ISO 8601 in the text, as sites print datelines: 2024-03-05
        ("iso", rf"{_NB}(?<!\d-)(?<!№\s)(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?![\d]|-\d)"),
        ("range_cross", rf"(?:[сС]\s+)?{D('d1')}\s+{MG.replace('P<m>', 'P<m1>')}(?:\s+{Y('y1')}{YW}?)?{_SEP}"
                        rf"{D('d2')}\s+{MG.replace('P<m>', 'P<m2>')}(?:\s+{Y('y2')}{YW}?)?"),
        ("range_num", rf"(?:[сС]\s+)?{NUM('1')}{YW}?{_SEP}{NUM('2')}{YW}?"),
        ("range_days", rf"(?:[сС]\s+)?{D('d1')}{_SEP}{D('d2')}\s+{MG}(?:\s+{Y('y')}{YW}?)?"),
        # days that share a written month and year: 28-29.08.2018
        ("range_num_days", rf"(?:[сС]\s+)?{_NB}(?P<d1>\d{{1,2}})\s*[-–—]\s*{NUM('')}{YW}?"),
        ("academic", rf"(?:(?P<pre>(?i:учебн\w+\s+год\w*))\s+)?{_NB}{Y('y1')}\s*[-–—/]\s*(?P<y2>\d{{4}}|\d{{2}}){_NE}"
                     rf"(?:\s*(?:(?P<aw>{AW})|(?P<ysw>{YSW})|(?P<yw>{data['year_words']})))?"),
        ("end_of", rf"(?P<pre>(?i:{end_of}))\s+(?:{MG}\s+)?"
                   rf"(?:{Y('y')}{YW}?|(?P<noyear>(?:календарного\s+|текущего\s+)?года)(?![а-яё]))"),
        ("end_of_month", rf"(?P<pre>(?i:{end_of}))\s+{MG}(?![а-яё])"),
        ("range_months", rf"{MA.replace('P<m>', 'P<m1>')}\s*[-–—]\s*{MA.replace('P<m>', 'P<m2>')}\s+{Y('y')}{YW}?"),
        # the year may follow a comma, as site datelines write it: «6 ноября, 2025»
        ("date", rf"{D('d')}\s+{MG}(?:,?\s+{Y('y')}{YW}?)?"),
        ("num", rf"{NUM('')}{YW}?"),
        ("month", rf"{MA}\s+{Y('y')}{YW}?"),
        # a dateline's day and month before its time of day: «26.08, 08:51»
        ("num_time", rf"{_NB}(?P<d>\d{{1,2}})\.(?P<m>\d{{2}})(?=,?\s+\d{{1,2}}:\d{{2}}(?!\d))"),
        ("month_alone", rf"(?<![а-яё])[вВ]о?\s+{ML}(?!\s*\d)"),
        ("month_alone", rf"(?<![а-яё])[вВ]\s+(?i:начале|середине|конце)\s+{MG}(?!\s*\d)"),
        ("year", rf"{_NB}{Y('y')}\s*(?P<yw>{data['year_words']})"),
        # a year that ends a quoted name: «Учитель года – 2025», "Алый парус-2019"
        ("title_year", r"(?<=[\s–—-])(?P<y>\d{4})(?=\s*[»\"″”“])"),
    ]
    deadline = _alt(data["deadline_before"]).replace(r"\ ", r"\s+")
    return DatePatterns(
        month_of=month_of,
        abbreviated=frozenset(data["month_abbreviations"]),
        patterns=tuple((name, re.compile(p)) for name, p in patterns),
        deadline_before=re.compile(rf"(?<![А-Яа-яЁё])(?i:{deadline})\s+$"),
        academic=(data["academic_year"]["start"], data["academic_year"]["end"]),
        years=(data["year_range"]["min"], data["year_range"]["max"]),
    )


# --------------------------------------------------------------------------- helpers


def _year(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    return 2000 + y if len(text) == 2 else y


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _last_day(y: int, m: int) -> str:
    return date(y, m, calendar.monthrange(y, m)[1]).isoformat()


@dataclass
class _Raw:
    start: int
    end: int
    kind: str
    build: Callable[..., str | None]  # called with the report year or None; -> value or None
    explicit_year: int | None  # a year written in the mention
    needs_year: bool
    month: int | None = None  # for a yearless mention: its (first) month


def _month(p: DatePatterns, word: str) -> int:
    return p.month_of[fold(word)]


def _raw_mentions(text: str, rules: RuleSet) -> list[_Raw]:
    p = date_patterns(rules)
    lo, hi = p.years
    covered = bytearray(len(text) + 1)
    out: list[_Raw] = []

    def free(s: int, e: int) -> bool:
        return not any(covered[s:e])

    def ok_year(y: int | None) -> bool:
        return y is None or lo <= y <= hi

    mo: int | None  # a month; None in a deadline at the end of a year

    for name, rx in p.patterns:
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            e = s + len(m.group().rstrip())
            if not free(s, e):
                continue
            g = m.groupdict()
            raw = None
            if name == "range_cross":
                m1, m2 = _month(p, g["m1"]), _month(p, g["m2"])
                d1, d2 = int(g["d1"]), int(g["d2"])
                y1, y2 = _year(g["y1"]), _year(g["y2"])

                def build_cross(ry, m1=m1, m2=m2, d1=d1, d2=d2, y1=y1, y2=y2):
                    end_y = y2 or ry
                    start_y = y1 or (end_y - 1 if m1 > m2 else end_y)
                    a, b = _iso(start_y, m1, d1), _iso(end_y, m2, d2)
                    return f"{a}/{b}" if a and b and a < b else None

                raw = _Raw(s, e, "range", build_cross, y2 or y1, not (y1 or y2), m2)
            elif name == "range_num":
                y1, y2 = _year(g["y1"]), _year(g["y2"])
                assert y1 is not None and y2 is not None  # NUM's year group is not optional
                a = _iso(y1, int(g["m1"]), int(g["d1"]))
                b = _iso(y2, int(g["m2"]), int(g["d2"]))
                if a and b and a < b:
                    raw = _Raw(s, e, "range", lambda ry, v=f"{a}/{b}": v, y1, False)
            elif name == "range_num_days":
                y = _year(g["y"])
                assert y is not None  # NUM's year group is not optional
                a, b = _iso(y, int(g["m"]), int(g["d1"])), _iso(y, int(g["m"]), int(g["d"]))
                if a and b and a < b:
                    raw = _Raw(s, e, "range", lambda ry, v=f"{a}/{b}": v, y, False)
            elif name == "num_time":
                mo, d = int(g["m"]), int(g["d"])
                if _iso(2000, mo, d) is None:
                    continue
                raw = _Raw(s, e, "date", lambda ry, mo=mo, d=d: _iso(ry, mo, d), None, True, mo)
            elif name == "range_days":
                mo, d1, d2, y = _month(p, g["m"]), int(g["d1"]), int(g["d2"]), _year(g["y"])
                if d1 < d2:

                    def build_days(ry, mo=mo, d1=d1, d2=d2, y=y):
                        a, b = _iso(y or ry, mo, d1), _iso(y or ry, mo, d2)
                        return f"{a}/{b}" if a and b else None

                    raw = _Raw(s, e, "range", build_days, y, y is None, mo)
            elif name == "academic":
                y1 = int(g["y1"])
                y2 = (y1 // 100) * 100 + int(g["y2"]) if len(g["y2"]) == 2 else int(g["y2"])  # 2023-24
                if not ok_year(y1) or y2 <= y1 or not ok_year(y2):
                    continue
                if g["ysw"] or (y2 - y1 > 1 and not g["aw"] and not g["pre"]):
                    if not g["ysw"] and not g["yw"]:
                        continue  # two bare numbers: not necessarily years
                    raw = _Raw(s, e, "range", lambda ry, v=f"{y1}/{y2}": v, y1, False)
                elif y2 - y1 == 1:
                    a, b = p.academic
                    raw = _Raw(s, e, "academic_year", lambda ry, v=f"{y1}-{a}/{y2}-{b}": v, y1, False)
            elif name in ("end_of", "end_of_month"):
                mo = _month(p, g["m"]) if g.get("m") else None
                y = _year(g.get("y"))
                if y is None and name == "end_of" and not g.get("noyear"):
                    continue

                def build_deadline(ry, mo=mo, y=y):
                    yy = y or ry
                    return _last_day(yy, mo) if mo else f"{yy}-12-31"

                raw = _Raw(s, e, "deadline", build_deadline, y, y is None, mo or 12)
            elif name == "range_months":
                m1, m2, y = _month(p, g["m1"]), _month(p, g["m2"]), _year(g["y"])
                if m1 >= m2:
                    continue
                raw = _Raw(s, e, "range", lambda ry, v=f"{y}-{m1:02d}/{y}-{m2:02d}": v, y, False)
            elif name == "date":
                mo, d, y = _month(p, g["m"]), int(g["d"]), _year(g["y"])
                if _iso(y or 2000, mo, d) is None:  # 2000 is a leap year: 29 февраля passes
                    continue
                if y is None and fold(g["m"]).rstrip(".") in p.abbreviated and _WEEKDAY.search(text, max(0, s - 5), s):
                    continue  # «чт, 25 апр.»: a site's clock, not a date of the report
                raw = _Raw(s, e, "date", lambda ry, mo=mo, d=d, y=y: _iso(y or ry, mo, d), y, y is None, mo)
            elif name == "iso":
                y = int(g["y"])
                v = _iso(y, int(g["m"]), int(g["d"]))
                if v is None:
                    continue
                raw = _Raw(s, e, "date", lambda ry, v=v: v, y, False)
            elif name == "num":
                y = _year(g["y"])
                assert y is not None  # NUM's year group is not optional
                v = _iso(y, int(g["m"]), int(g["d"]))
                if v is None:
                    continue
                raw = _Raw(s, e, "date", lambda ry, v=v: v, y, False)
            elif name == "month":
                mo, y = _month(p, g["m"]), _year(g["y"])
                raw = _Raw(s, e, "month", lambda ry, v=f"{y}-{mo:02d}": v, y, False)
            elif name == "month_alone":
                mo = _month(p, g["m"])
                s = m.start("m")
                raw = _Raw(s, e, "month", lambda ry, mo=mo: f"{ry}-{mo:02d}", None, True, mo)
            elif name == "year":
                y = _year(g["y"])
                if re.search(r"№\s*$", text[max(0, s - 3) : s]):
                    continue
                raw = _Raw(s, e, "year", lambda ry, v=str(y): v, y, False)
            elif name == "title_year":
                opening = max(text.rfind(q, 0, s) for q in "«\"“")
                if opening < 0 or "\n" in text[opening:s] or any(q in text[opening + 1 : s] for q in "»”″"):
                    continue  # not inside a quoted name on this line
                y = int(g["y"])
                raw = _Raw(s, e, "year", lambda ry, v=str(y): v, y, False)
            if raw is None or not ok_year(raw.explicit_year):
                continue
            covered[raw.start : raw.end] = b"\x01" * (raw.end - raw.start)
            out.append(raw)
    # a deadline phrase before a date or a year turns it into a deadline
    for raw in out:
        if raw.kind in ("date", "year", "month"):
            cue = p.deadline_before.search(text, max(0, raw.start - 30), raw.start)
            if cue and _nothing_between(out, raw, cue.start()):
                raw.start, raw.kind = cue.start(), "deadline"
    return out


def _nothing_between(out: list[_Raw], raw: _Raw, start: int) -> bool:
    """No other mention lies between ``start`` and ``raw``."""
    return not any(o is not raw and o.end > start and o.start < raw.start for o in out)


def _full_years(raws: list[_Raw]) -> list[_Raw]:
    return [r for r in raws if r.explicit_year and r.kind in ("date", "range", "deadline", "month")]


def _year_for(raw: _Raw, raws: list[_Raw], month: int | None) -> int | None:
    """The year of a date written without one: the nearest full date before it;
    else the academic year it falls in (September–December: the first year);
    else the most frequent year of full dates, then of any date."""
    before = [r for r in _full_years(raws) if r.start < raw.start]
    if before:
        return before[-1].explicit_year
    academic = [r for r in raws if r.kind == "academic_year"]
    if academic and month:
        first = academic[0].explicit_year
        assert first is not None  # an academic year is always written with its years
        return first if month >= 9 else first + 1
    pool = [r.explicit_year for r in _full_years(raws)] or [r.explicit_year for r in raws if r.explicit_year]
    if not pool:
        return None
    counts = Counter(pool)
    best = max(counts.values())
    return next(y for y in pool if counts[y] == best)  # ties: the first written


def find_dates(text: str, rules: RuleSet, ref_year: int | None = None, *, document_year: int | None = None,
               path_year: int | None = None) -> list[DateMention]:
    """Dates in ``text`` with ISO values, sorted by start.

    A date written without a year takes, in this order: ``ref_year`` (the
    caller knows the report's year); the year the text itself gives (a dateline,
    a dated header, the nearest full date before it: ``_year_for``); the year
    the file says it was published (``document_year``); a year in the file's
    or a folder's name (``path_year``). Failing all, a day keeps its day and
    month with the year unknown (``--05-12``, ``--11-12/--11-15``); a month
    without a year, which ISO cannot write that way, is left out.
    ``year_source`` says which it was.
    """
    raws = sorted(_raw_mentions(text, rules), key=lambda r: r.start)
    out = []
    for r in raws:
        year, source = None, "text"
        if r.needs_year:
            year, source = next(((y, src) for y, src in ((ref_year, "document"), (_year_for(r, raws, r.month), "text"),
                                                         (document_year, "document"), (path_year, "path")) if y),
                                (None, "unknown"))
        value = r.build(year) if year or not r.needs_year else _yearless(r)
        if value is None:
            continue
        out.append(
            DateMention(start=r.start, end=r.end, text=text[r.start : r.end], value=value, kind=r.kind,
                        year_inferred=r.needs_year, year_source=source)
        )
    return out


_FULL_DAY = re.compile(r"\d{4}-(\d{2}-\d{2})")


def _yearless(r: _Raw) -> str | None:
    """``--MM-DD`` (or a range of them) of a day written without a year (also a
    deadline's last day); None for what ISO cannot write without one (a month)."""
    value = r.build(2000)  # a leap year, so 29 February stays a day; the year is then dropped
    if value is None or not all(_FULL_DAY.fullmatch(end) for end in value.split("/")):
        return None
    return "/".join(f"--{_FULL_DAY.fullmatch(end)[1]}" for end in value.split("/"))  # type: ignore[index]


# a year in a name: not part of a longer number, not a number after № (``СОШ_№_2000``)
_PATH_YEAR = re.compile(r"(?<![\d№N])(?<![№N][ _])(19\d\d|20\d\d)(?!\d)")


def path_year(source: str, rules: RuleSet) -> int | None:
    """A year in the file's name or, failing that, the nearest folder's
    (``2023/05/отчёт.docx``, ``2023-05-12_семинар.docx``), within the years the
    rules accept."""
    lo, hi = date_patterns(rules).years
    for part in reversed(source.replace("\\", "/").split("/")):
        years = [int(y) for y in _PATH_YEAR.findall(part) if lo <= int(y) <= hi]
        if years:
            return years[0]
    return None


def component(doc: Inputs, rules: RuleSet) -> list[DateMention]:
    """The ``dates`` component (see ``extract.registry``): a web page's dateline, the
    file's publication date and its path give the year of a date the text leaves
    without one."""
    meta = doc.meta
    if meta is None:
        return find_dates(doc.text, rules)
    # a page's dateline is the report's own date; then what the file says of itself
    from_dateline = next((int(d.value[:4]) for d in find_dates(meta.dateline, rules)
                          if not d.year_inferred and d.value[:4].isdigit()), None)
    published = from_dateline or (int(meta.published[:4]) if meta.published else None)
    return find_dates(doc.text, rules, document_year=published, path_year=path_year(meta.source, rules))
