#!/usr/bin/env python3
"""Deterministic generator of large synthetic archives of event reports.

What it is for
--------------
svodka is measured on archives far larger than the bundled sample (29
reports). This script writes any number of invented reports in the genre of
``data/sample_src/`` (regional education news, «информация о проведении …»)
so that speed, memory and, with ``--gold``, extraction quality can be measured
at scale. Nothing is copied from real reports: every sentence comes from the
templates in ``benchmarks/templates/`` (the team's own wording), every person,
school and event is invented; regions, districts and settlements are real
places.

Each report is built from template pieces: a heading, an opening sentence with
the date, venue, event format and quoted title, 3–8 paragraphs naming people in
varied forms (``И.О. Фамилия, роль организации``, ``роль организации Фамилия
И.О.``, plural roles over lists with a school per segment, full names, names in
oblique cases), schools with numbers and lists (``МБОУ СОШ № 5, 7, 13``), dates
in several notations, organizations with abbreviations, places, head counts and
an optional signature. People, schools and organizations belong to a fixed
"world" drawn from the seed, so the same person recurs across reports of a
municipality, as in a real archive.

How to run it
-------------
::

    python benchmarks/generate_archive.py OUT_DIR --n 5000 [--seed 1]
        [--formats txt,docx] [--chars 3000] [--gold] [--quiet]

writes ``OUT_DIR/<municipality>/<date>_<format>_<index>.<ext>`` (for example
``Щербиновский район/2022-09-29_семинар_0001.txt``), ``OUT_DIR/manifest.json``
(n, seed, total characters, per-format counts, one entry per file) and, with
``--gold``, ``OUT_DIR/gold.jsonl`` in the format of
``shared/eval/GOLD_FORMAT.md`` (persons, schools, dates, organizations, event
formats, locations and the main event the generator placed).

The same arguments give byte-identical files: all randomness comes from
``random.Random`` seeded with the seed (document *i* has its own stream, so
``--n 30`` is a prefix of ``--n 5000``), nothing reads the clock, and .docx
files carry pinned timestamps. ``--chars`` is the mean length of a report in
characters; single reports vary from about a third to twice of it.

Re-running into the same OUT_DIR first removes the files listed by the previous
``manifest.json`` (and nothing else); a non-empty OUT_DIR without a manifest
is refused unless ``--force``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import random
import re
import struct
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
GENERATOR_VERSION = 1

CASES = ("nom", "gen", "dat", "acc", "ins", "prep")
CI = {c: i for i, c in enumerate(CASES)}
VELAR = set("гкх")
SIBILANT = set("жшчщ")
VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")

# ===========================================================================
# Morphology: small, rule-based, for the words this generator produces
# ===========================================================================


def adjective(word: str, gender: str = "m", case: str = "nom", animate: bool = True) -> str:
    """Decline an adjective given in the masculine nominative singular.

    ``gender`` is m, f, n or pl. Handles hard (-ый), stressed (-ой), velar
    (-кий), sibilant (-ший, -щий: старший, заведующий) and soft (-ний) stems.
    >>> adjective("главный", "m", "ins"), adjective("старший", "f", "gen")
    ('главным', 'старшей')
    """
    if not word:
        return word
    stem, end = word[:-2], word[-2:]
    last = stem[-1] if stem else ""
    if end == "ой":
        kind = "stressed"
    elif end == "ый":
        kind = "hard"
    elif end == "ий":
        if last in VELAR:
            kind = "velar"
        elif last in SIBILANT or last == "ц":
            kind = "sibilant"
        else:
            kind = "soft"
    else:
        raise ValueError(f"not an adjective: {word}")
    i = CI[case]
    if kind == "soft":
        table = {
            "m": ["ий", "его", "ему", "его" if animate else "ий", "им", "ем"],
            "f": ["яя", "ей", "ей", "юю", "ей", "ей"],
            "n": ["ее", "его", "ему", "ее", "им", "ем"],
            "pl": ["ие", "их", "им", "их" if animate else "ие", "ими", "их"],
        }
        return stem + table[gender][i]
    y = "и" if (last in VELAR or last in SIBILANT) else "ы"
    o = "е" if kind == "sibilant" else "о"
    m_nom = "ой" if kind == "stressed" else y + "й"
    table = {
        "m": [m_nom, o + "го", o + "му", o + "го" if animate else m_nom, y + "м", o + "м"],
        "f": ["ая", o + "й", o + "й", "ую", o + "й", o + "й"],
        "n": [o + "е", o + "го", o + "му", o + "е", y + "м", o + "м"],
        "pl": [y + "е", y + "х", y + "м", y + "х" if animate else y + "е", y + "ми", y + "х"],
    }
    return stem + table[gender][i]


def _noun_masc(word: str, case: str, ins: str | None = None) -> str:
    """Second declension, masculine: Шевчук, Бондарь, Гайдай, Смаглий, Игорь."""
    i = CI[case]
    if i == 0:
        return word
    if case == "ins" and ins:
        return ins
    last = word[-1]
    if last == "ь":
        return word[:-1] + ["ь", "я", "ю", "я", "ем", "е"][i]
    if last == "й":
        prep = "и" if word.endswith("ий") else "е"
        return word[:-1] + ["й", "я", "ю", "я", "ем", prep][i]
    ins_end = "ем" if last in SIBILANT or last == "ц" else "ом"
    return word + ["", "а", "у", "а", ins_end, "е"][i]


def _first_decl(word: str, case: str) -> str:
    """First declension (-а/-я), both genders: Скиба, Кудря, Ольга, Мария."""
    i = CI[case]
    if i == 0:
        return word
    stem, last = word[:-1], word[-1]
    pre = stem[-1] if stem else ""
    if last == "я":
        if pre == "и":  # Мария, Лидия
            return stem + ["я", "и", "и", "ю", "ей", "и"][i]
        return stem + ["я", "и", "е", "ю", "ей", "е"][i]
    gen = "и" if pre in VELAR or pre in SIBILANT else "ы"
    ins = "ей" if pre in SIBILANT or pre == "ц" else "ой"
    return stem + ["а", gen, "е", "у", ins, "е"][i]


def surname_class(surname: str, gender: str) -> str:
    """Declension class of a surname in the nominative of its bearer's gender.

    poss (Сорокин/Сорокина), adj (Лозинский/Лозинская, Толстой), noun
    (masculine Шевчук, Бондарь, Гайдай; the feminine does not decline), first
    (Скиба, Кудря: both genders decline), indecl (Левченко, Белых, Шапиро).
    """
    low = surname.lower()
    if gender == "m":
        if low.endswith(("ов", "ев", "ёв", "ин", "ын")):
            return "poss"
        if low.endswith("ый") or (low.endswith("ой") and len(low) > 3) or (
            low.endswith("ий") and len(low) > 3 and low[-3] in VELAR
        ):
            return "adj"
        if low.endswith(("ых", "их")) or low[-1] in "оеиуыэю":
            return "indecl"
        if low[-1] in "ая":
            return "first"
        return "noun"
    if low.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return "poss"
    if low.endswith("ая"):
        return "adj"
    if low.endswith(("ых", "их")):
        return "indecl"
    if low[-1] in "ая":
        return "first"
    return "indecl"


FEMININE_CLASS = {"poss": "poss", "adj": "adj", "first": "first", "noun": "indecl", "indecl": "indecl"}


def feminine_surname(masc: str, cls: str | None = None) -> str:
    """Feminine nominative of a masculine surname (Сорокин → Сорокина)."""
    if "-" in masc:
        return "-".join(feminine_surname(p) for p in masc.split("-"))
    cls = cls or surname_class(masc, "m")
    if cls == "poss":
        return masc + "а"
    if cls == "adj":
        return masc[:-2] + "ая"
    return masc


def inflect_surname(surname: str, gender: str, case: str, cls: str | None = None,
                    ins: str | None = None) -> str:
    """Case form of a surname given in the nominative of its bearer's gender.

    >>> inflect_surname("Сорокина", "f", "dat"), inflect_surname("Шевчук", "f", "gen")
    ('Сорокиной', 'Шевчук')
    >>> inflect_surname("Левченко-Рудая", "f", "dat"), inflect_surname("Гайдай", "m", "ins")
    ('Левченко-Рудой', 'Гайдаем')
    """
    if "-" in surname and cls in (None, "hyphen"):
        return "-".join(inflect_surname(p, gender, case) for p in surname.split("-"))
    cls = cls or surname_class(surname, gender)
    i = CI[case]
    if i == 0 or cls == "indecl":
        return surname
    if cls == "poss":
        if gender == "m":
            return surname + ["", "а", "у", "а", "ым", "е"][i]
        return surname[:-1] + ["а", "ой", "ой", "у", "ой", "ой"][i]
    if cls == "adj":
        if gender == "m":
            return adjective(surname, "m", case)
        return adjective(_adj_masc_from_fem(surname), "f", case)
    if cls == "first":
        return _first_decl(surname, case)
    if cls == "noun":
        return _noun_masc(surname, case, ins) if gender == "m" else surname
    raise ValueError(cls)


def _adj_masc_from_fem(fem: str) -> str:
    """Masculine nominative of a feminine adjectival surname, enough to decline it."""
    stem = fem[:-2]
    return stem + ("ий" if stem[-1:] in VELAR or stem[-1:] in SIBILANT else "ый")


def inflect_first_name(name: str, gender: str, case: str, forms: tuple | None = None,
                       stem: str | None = None, indecl: bool = False) -> str:
    """Case form of a first name (Игорь → Игоря, Мария → Марии, Павел → Павла)."""
    if forms:
        return forms[CI[case]]
    if indecl or CI[case] == 0:
        return name
    if name[-1] in "ая":
        return _first_decl(name, case)
    if gender == "f":
        return name  # Гульшат, Алсу: female names on a consonant do not decline
    if stem:
        return stem + ["", "а", "у", "а", "ом", "е"][CI[case]]
    return _noun_masc(name, case)


def inflect_patronymic(patr: str, gender: str, case: str, ins: str | None = None) -> str:
    i = CI[case]
    if i == 0:
        return patr
    if gender == "m":
        if case == "ins" and ins:
            return ins
        return patr + ["", "а", "у", "а", "ем", "е"][i]
    return patr[:-1] + ["а", "ы", "е", "у", "ой", "е"][i]


def plural_form(n: int, forms) -> str:
    """forms = (one, few, many): 1 педагог, 3 педагога, 5 педагогов, 21 педагог."""
    if 11 <= n % 100 <= 14:
        return forms[2]
    if n % 10 == 1:
        return forms[0]
    if 2 <= n % 10 <= 4:
        return forms[1]
    return forms[2]


def genitive_count_form(n: int, forms) -> str:
    """forms = (gen sg, gen pl): более 21 педагога, более 90 педагогов."""
    return forms[0] if n % 10 == 1 and n % 100 != 11 else forms[1]


MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]
MONTHS_PREP = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
               "сентябре", "октябре", "ноябре", "декабре"]
MONTHS_NOM = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
              "сентябрь", "октябрь", "ноябрь", "декабрь"]

# ===========================================================================
# Pools
# ===========================================================================


def _yaml(name: str):
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(TEMPLATES / name, encoding="utf-8") as f:
        return yaml.load(f, Loader=loader)


@dataclass(frozen=True)
class Surname:
    masc: str
    group: str
    cls: str            # class of the masculine form
    ins: str | None     # masculine instrumental override


@dataclass(frozen=True)
class FirstName:
    name: str
    gender: str
    group: str
    forms: tuple | None
    stem: str | None
    indecl: bool
    patr_m: str | None = None
    patr_f: str | None = None
    patr_ins: str | None = None


def load_surnames() -> list[Surname]:
    out = []
    for line in (TEMPLATES / "surnames.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        name, group, rest = parts[0], parts[1], parts[2:]
        cls, ins = None, None
        for r in rest:
            if r.startswith("ins="):
                ins = r[4:]
            else:
                cls = r
        out.append(Surname(name, group, cls or surname_class(name, "m"), ins))
    return out


def load_first_names() -> list[FirstName]:
    out = []
    for line in (TEMPLATES / "first_names.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        p = line.split()
        if p[0] == "m":
            name, pm, pf, group, rest = p[1], p[2], p[3], p[4], p[5:]
        else:
            name, group, rest, pm, pf = p[1], p[2], p[3:], None, None
        forms = stem = pins = None
        indecl = False
        for r in rest:
            if r.startswith("forms="):
                forms = tuple(r[6:].split(","))
            elif r.startswith("stem="):
                stem = r[5:]
            elif r.startswith("pins="):
                pins = r[5:]
            elif r == "indecl":
                indecl = True
        out.append(FirstName(name, p[0], group, forms, stem, indecl, pm, pf, pins))
    return out


class Pools:
    """Everything read from benchmarks/templates/, loaded once."""

    def __init__(self) -> None:
        self.surnames = load_surnames()
        self.first_names = load_first_names()
        self.regions_data = _yaml("regions.yaml")
        fmt = _yaml("formats.yaml")
        self.format_defaults = fmt["defaults"]
        self.formats = {k: {**self.format_defaults, **(v or {})} for k, v in fmt["formats"].items()}
        self.roles_data = _yaml("roles.yaml")
        self.phrases = _yaml("phrases.yaml")
        par = _yaml("paragraphs.yaml")
        self.kinds = par["kinds"]
        self.headings = par["headings"]
        self.plans = par["plans"]
        self.general = par["general"]
        self.nouns = self.roles_data["nouns"]
        by_group: dict[str, list[Surname]] = {}
        for s in self.surnames:
            by_group.setdefault(s.group, []).append(s)
        self.surnames_by_group = by_group
        names: dict[tuple[str, str], list[FirstName]] = {}
        for n in self.first_names:
            g = n.group if n.group in ("tat", "bur") else "ru"
            names.setdefault((g, n.gender), []).append(n)
        self.names = names

    def noun_forms(self, head: str, number: str = "sg") -> tuple:
        """Forms of a role head noun; compounds (учитель-логопед) inflect both parts."""
        k = 0 if number == "sg" else 1
        if head in self.nouns:
            return tuple(self.nouns[head][k])
        if "-" in head:
            parts = [self.noun_forms(p, number) for p in head.split("-")]
            return tuple("-".join(p[i] for p in parts) for i in range(6))
        raise KeyError(head)


# ===========================================================================
# The world: regions, municipalities, organizations, schools, people
# ===========================================================================


@dataclass
class Place:
    nom: str
    gen: str
    prep: str
    adj: str | None


@dataclass
class Org:
    forms: tuple            # 6 cases, as written
    gender: str             # m / f / n / pl (agreement of the organization as subject)
    gold: str               # nominative for gold
    abbr: str | None = None
    locs: tuple = ()
    kind: str = ""
    short: Org | None = None  # the short form (управление образования)

    def form(self, case: str) -> str:
        return self.forms[CI[case]]


@dataclass
class School(Org):
    number: int | None = None
    skind: str = "СОШ"      # normalized kind for gold
    sname: str | None = None  # eponym or specialization
    place: Place | None = None
    bare: str = ""          # without the settlement
    noun: tuple = ()        # generic noun in 6 cases (школа, гимназии …) without number
    legal: str = ""
    label: str = ""         # the kind as written in lists (СОШ, гимназия, «Гимназия …»)
    quoted: bool = False
    named: bool = False


@dataclass
class RoleInst:
    key: str
    adjs: tuple
    head: str
    tail: str
    unit: str | None
    org: Org
    attach: str = "plain"   # plain: role + org genitive; auth: role + authority


@dataclass
class Person:
    surname: str
    scls: str
    sins: str | None
    first: FirstName
    patr: str
    patr_ins: str | None
    gender: str
    role: RoleInst
    school: School | None = None
    subject: tuple | None = None

    def sur(self, case: str) -> str:
        if "-" in self.surname:
            return inflect_surname(self.surname, self.gender, case)
        return inflect_surname(self.surname, self.gender, case, self.scls,
                               self.sins if self.gender == "m" else None)

    def fname(self, case: str) -> str:
        f = self.first
        return inflect_first_name(f.name, self.gender, case, f.forms, f.stem, f.indecl)

    def pname(self, case: str) -> str:
        return inflect_patronymic(self.patr, self.gender, case, self.patr_ins)

    def initials(self, sep: str = "") -> str:
        return f"{self.first.name[0]}.{sep}{self.patr[0]}."

    @property
    def key(self) -> tuple:
        return (self.surname, self.first.name[0], self.patr[0])

    def gold_short(self) -> str:
        return f"{self.surname} {self.initials()}"

    def gold_full(self) -> str:
        return f"{self.surname} {self.first.name} {self.patr}"


@dataclass
class Muni:
    region: Region
    nom: str
    gen: str
    prep: str
    adj: str
    places: list[Place]
    style: str
    auth: Org
    mc: Org
    schools: list[School] = field(default_factory=list)
    kgs: list[School] = field(default_factory=list)
    staff: dict = field(default_factory=dict)   # selector -> [Person]
    folder: str = ""


@dataclass
class Region:
    nom: str
    gen: str
    prep: str
    level: str
    groups: dict
    iro: Org
    univ: Org
    ministry: Org
    subjects: list
    legal: list
    legal_kg: list
    munis: list[Muni] = field(default_factory=list)
    staff: dict = field(default_factory=dict)
    used_keys: set = field(default_factory=set)


KIND_NOUNS = {
    "школа": ("школа", "школы", "школе", "школу", "школой", "школе"),
    "гимназия": ("гимназия", "гимназии", "гимназии", "гимназию", "гимназией", "гимназии"),
    "лицей": ("лицей", "лицея", "лицею", "лицей", "лицеем", "лицее"),
    "центр образования": ("центр образования", "центра образования", "центру образования",
                          "центр образования", "центром образования", "центре образования"),
    "школа-интернат": ("школа-интернат", "школы-интерната", "школе-интернату", "школу-интернат",
                       "школой-интернатом", "школе-интернате"),
    "детский сад": ("детский сад", "детского сада", "детскому саду", "детский сад",
                    "детским садом", "детском саду"),
}
SCHOOL_KINDS = [  # gold kind, plain label, quoted label, full quoted label, noun, weight
    ("СОШ", "СОШ", "СОШ", "Средняя общеобразовательная школа", "школа", 66),
    ("ООШ", "ООШ", "ООШ", "Основная общеобразовательная школа", "школа", 14),
    ("НОШ", "НОШ", "НОШ", "Начальная общеобразовательная школа", "школа", 3),
    ("гимназия", "гимназия", "Гимназия", "Гимназия", "гимназия", 7),
    ("лицей", "лицей", "Лицей", "Лицей", "лицей", 5),
    ("центр образования", "центр образования", "Центр образования", "Центр образования",
     "центр образования", 3),
    ("школа-интернат", "школа-интернат", "Школа-интернат", "Школа-интернат", "школа-интернат", 2),
]
KG_NAMES = ["Солнышко", "Берёзка", "Радуга", "Колокольчик", "Теремок", "Ромашка",
            "Золотой ключик", "Светлячок", "Улыбка", "Родничок"]


def wchoice(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


class World:
    """The fixed population all documents of one seed draw from."""

    def __init__(self, pools: Pools, seed: int) -> None:
        self.pools = pools
        self.rng = random.Random(f"svodka-world:{seed}")
        self.regions: list[Region] = []
        self.munis: list[Muni] = []
        heads = pools.regions_data["authority_heads"]
        for rd in pools.regions_data["regions"]:
            region = self._region(rd)
            self.regions.append(region)
            for md in rd["municipalities"]:
                muni = self._muni(region, rd, md, heads)
                region.munis.append(muni)
                self.munis.append(muni)
            self._region_staff(region)
        for muni in self.munis:
            self._populate(muni)

    # -------------------------------------------------------------- orgs
    def _region(self, rd: dict) -> Region:
        iro_d = rd["iro"]
        iro = Org(forms=(iro_d["full"],) * 6, gender="n", gold=iro_d["full"], abbr=iro_d["abbr"],
                  locs=tuple(iro_d.get("locations") or ()), kind="iro")
        univ = Org(forms=(rd["univ"],) * 6, gender="n", gold=rd["univ"], kind="univ")
        m = rd["ministry"]
        tail = m["tail"]
        join = "" if tail.startswith(",") else " "
        forms = tuple(f + join + tail for f in m["forms"])
        ministry = Org(forms=forms, gender="n", gold=forms[0], locs=tuple(m.get("locations") or ()),
                       kind="ministry")
        subjects = [tuple(s) for s in self.pools.roles_data["subjects"]] + [
            tuple(s) for s in rd.get("subjects") or []]
        n = rd["name"]
        return Region(nom=n[0], gen=n[1], prep=n[2], level=rd["level"], groups=rd["groups"],
                      iro=iro, univ=univ, ministry=ministry, subjects=subjects,
                      legal=rd["legal"], legal_kg=rd["legal_kg"])

    def _muni(self, region: Region, rd: dict, md: dict, heads: dict) -> Muni:
        nom, gen, prep = md["name"]
        places = [Place(*p) for p in md["places"]]
        ad = rd["authority"]
        head_key = md.get("authority_head", ad["head"])
        head = heads[head_key]
        short = Org(forms=tuple(head["forms"]), gender=head["gender"], gold=head["forms"][0],
                    kind="auth")
        quoted = ad.get("quoted")
        if quoted and "authority_tail" not in md:
            full_name = quoted.format(nom=nom, gen=gen)
            auth = Org(forms=(full_name,) * 6, gender="n", gold=full_name, abbr=None,
                       locs=(nom,), kind="auth", short=short)
        else:
            tail = md.get("authority_tail", ad.get("tail", "")).format(nom=nom, gen=gen)
            forms = tuple(f + " " + tail for f in head["forms"])
            auth = Org(forms=forms, gender=head["gender"], gold=forms[0], locs=(nom,), kind="auth",
                       short=short)
        auth.chief = head["chief"]  # type: ignore[attr-defined]
        pattern, abbr = self.rng.choice(rd["centers"])
        mc_name = pattern.format(adj=md["adj"])
        mc = Org(forms=(mc_name,) * 6, gender="n", gold=mc_name, abbr=abbr,
                 locs=(nom,) if "{adj}" in pattern else (), kind="mc")
        style = md.get("school_style", rd["school_style"])
        return Muni(region=region, nom=nom, gen=gen, prep=prep, adj=md["adj"], places=places,
                    style=style, auth=auth, mc=mc, folder=nom)

    # ----------------------------------------------------------- schools
    def _schools(self, muni: Muni) -> None:
        rng = self.rng
        region = muni.region
        is_city = muni.nom.startswith(("город", "городской округ")) or (
            len(muni.places) == 1 and muni.places[0].nom.startswith("г."))
        count = rng.randint(14, 28) if is_city else rng.randint(8, 18)
        numbers = []
        k = 1
        while len(numbers) < count:
            if rng.random() > 0.12:
                numbers.append(k)
            k += 1
        kinds = [k for k in SCHOOL_KINDS]
        weights = [k[5] for k in kinds]
        named_quoted = region.nom != "Новосибирская область"
        unnumbered_done = set()
        for num in numbers:
            kd = rng.choices(kinds, weights=weights, k=1)[0]
            if kd[0] == "центр образования" and muni.style != "quoted":
                kd = kinds[0]
            place = muni.places[0] if (is_city or rng.random() < 0.6) else rng.choice(muni.places)
            legal = rng.choice(region.legal)
            eponym = spec = None
            if kd[0] in ("СОШ", "ООШ", "гимназия", "лицей") and rng.random() < 0.07:
                eponym = self._eponym(region)
            elif kd[0] == "СОШ" and rng.random() < 0.05:
                spec = rng.choice(self.pools.phrases["specializations"])
            number: int | None = num
            named = muni.style == "named" and place.adj and kd[0] in ("СОШ", "ООШ") and not spec
            if named and place is not muni.places[0] and place.nom not in unnumbered_done \
                    and rng.random() < 0.5:
                number = None
                unnumbered_done.add(place.nom)
            school = self._make_school(muni, kd, legal, number, place, eponym, spec,
                                       named=bool(named), named_quoted=named_quoted)
            muni.schools.append(school)
        # kindergartens
        used = set()
        for _ in range(rng.randint(3, 6)):
            num = rng.randint(1, 60 if is_city else 30)
            while num in used:
                num = rng.randint(1, 90)
            used.add(num)
            place = muni.places[0] if rng.random() < 0.7 else rng.choice(muni.places)
            legal = rng.choice(region.legal_kg)
            kgname = rng.choice(KG_NAMES) if rng.random() < 0.25 else None
            muni.kgs.append(self._make_kg(muni, legal, num, place, kgname))

    def _eponym(self, region: Region) -> str:
        rng = self.rng
        s = rng.choice(self.pools.surnames)
        males = self.pools.names[("ru", "m")]
        n, p = rng.choice(males), rng.choice(males)
        title = rng.choice(self.pools.phrases["eponym_titles"])
        im = "им." if rng.random() < 0.7 else "имени"
        sur = s.masc
        sur = inflect_surname(s.masc, "m", "gen", s.cls, s.ins)
        return f"{im} {title}{n.name[0]}.{p.name[0]}. {sur}"

    def _make_school(self, muni: Muni, kd, legal: str, number: int | None, place: Place,
                     eponym: str | None, spec: str | None, named: bool, named_quoted: bool) -> School:
        gold_kind, plain_label, q_label, full_label, noun_key, _ = kd
        num = f" № {number}" if number is not None else ""
        suffix = f" {place.gen}"
        style = muni.style
        quoted = False
        if named:
            core = f"{place.adj} {plain_label}{num}"
            if named_quoted:
                bare = f"{legal} «{core}»"
                quoted = True
            else:
                bare = f"{legal} {core}"
            with_place = bare + (suffix if place is not muni.places[0] and self.rng.random() < 0.3 else "")
            label = core
        elif style == "quoted":
            lab = full_label if (gold_kind in ("СОШ", "ООШ") and self.rng.random() < 0.2) else q_label
            inner = f"{lab}{num}" + (f" {spec}" if spec else "") + (f" {eponym}" if eponym else "")
            bare = f"{legal} «{inner}»"
            with_place = bare + suffix
            label = f"«{inner}»"
            quoted = True
        else:  # kuban, plain
            bare = f"{legal} {plain_label}{num}" + (f" {spec}" if spec else "")
            with_place = bare + suffix + (f" {eponym}" if eponym else "")
            bare = bare + (f" {eponym}" if eponym else "")
            label = plain_label
        noun = KIND_NOUNS[noun_key]
        gold = bare
        return School(forms=(with_place,) * 6, gender="n", gold=gold, kind="school",
                      number=number, skind=gold_kind, sname=eponym or spec, place=place,
                      bare=bare, noun=noun, legal=legal, label=label, quoted=quoted,
                      named=named, locs=(place.nom,))

    def _make_kg(self, muni: Muni, legal: str, number: int, place: Place, kgname: str | None) -> School:
        rng = self.rng
        if muni.style == "quoted":
            inner = f"Детский сад № {number}"
            bare = f"{legal} «{inner}»"
            label = f"«{inner}»"
        else:
            crr = "ЦРР – " if rng.random() < 0.15 else ""
            bare = f"{legal} {crr}детский сад № {number}" + (f" «{kgname}»" if kgname else "")
            label = "детский сад"
        with_place = bare + f" {place.gen}"
        return School(forms=(with_place,) * 6, gender="n", gold=bare, kind="kg", number=number,
                      skind="детский сад", sname=None, place=place, bare=bare,
                      noun=KIND_NOUNS["детский сад"], legal=legal, label=label,
                      quoted=muni.style == "quoted", locs=(place.nom,))

    # ------------------------------------------------------------ people
    def _name(self, region: Region, gender: str) -> tuple:
        """(surname nominative, class, masc ins override, FirstName, patronymic, patr ins)."""
        rng = self.rng
        pools = self.pools
        for _ in range(50):
            group = wchoice(rng, region.groups)
            s = rng.choice(pools.surnames_by_group[group])
            ngroup = group if group in ("tat", "bur") else "ru"
            if ngroup != "ru" and rng.random() < 0.12:
                ngroup = "ru"
            first = rng.choice(pools.names[(ngroup, gender)])
            pgroup = ngroup if rng.random() < 0.9 else "ru"
            father = rng.choice(pools.names[(pgroup, "m")])
            patr = father.patr_m if gender == "m" else father.patr_f
            patr_ins = father.patr_ins if gender == "m" else None
            surname, cls, ins = s.masc, s.cls, s.ins
            if rng.random() < (0.05 if gender == "f" else 0.01):
                s2 = rng.choice(pools.surnames)
                surname = f"{s.masc}-{s2.masc}"
                cls, ins = "hyphen", None
            if gender == "f":
                surname = feminine_surname(surname, None if cls == "hyphen" else cls)
                if cls != "hyphen":
                    cls = FEMININE_CLASS[cls]
            key = (surname, first.name[0], patr[0])
            if key in region.used_keys:
                continue
            region.used_keys.add(key)
            return surname, cls, ins, first, patr, patr_ins
        raise RuntimeError("name pool exhausted")

    def person(self, region: Region, gender_p_female: float, role: RoleInst,
               school: School | None = None, subject: tuple | None = None) -> Person:
        gender = "f" if self.rng.random() < gender_p_female else "m"
        surname, cls, ins, first, patr, patr_ins = self._name(region, gender)
        return Person(surname=surname, scls=cls, sins=ins, first=first, patr=patr,
                      patr_ins=patr_ins, gender=gender, role=role, school=school, subject=subject)

    def role(self, key: str, org: Org, attach: str = "plain", **fill) -> RoleInst:
        rd = self.pools.roles_data["roles"][key]
        tail = (rd.get("tail") or "").format(**fill) if rd.get("tail") else ""
        head = rd["head"].format(**fill) if "{" in rd["head"] else rd["head"]
        unit = rd.get("unit")
        unit = unit.format(**fill) if unit else None
        return RoleInst(key=key, adjs=tuple(rd.get("adj") or ()), head=head, tail=tail, unit=unit,
                        org=org, attach=attach)

    def _region_staff(self, region: Region) -> None:
        rng = self.rng
        kafs = self.pools.roles_data["kafedras"]
        st = {"iro": [], "univ": [], "minist": []}
        for key in ["iro_rector", "iro_prorector", "iro_docent", "iro_docent", "iro_docent",
                    "iro_docent", "iro_senior", "iro_senior", "iro_senior", "iro_kafhead",
                    "iro_kafhead", "iro_cnppm_head", "iro_cnppm_meth", "iro_cnppm_meth"]:
            r = self.role(key, region.iro, kaf=rng.choice(kafs))
            st["iro"].append(self.person(region, 0.7, r))
        for key in ["univ_docent", "univ_docent", "univ_docent", "univ_prof"]:
            r = self.role(key, region.univ, kaf=rng.choice(self.pools.roles_data["kafedras_univ"]))
            st["univ"].append(self.person(region, 0.6, r))
        for key in ["min_head", "min_main", "min_cons"]:
            r = self.role(key, region.ministry, dept=rng.choice(self.pools.roles_data["depts"]))
            st["minist"].append(self.person(region, 0.7, r))
        region.staff = st

    def _populate(self, muni: Muni) -> None:
        rng = self.rng
        region = muni.region
        self._schools(muni)
        chief = muni.auth.chief  # type: ignore[attr-defined]
        chief_gen = self.pools.noun_forms(chief)[1]
        st: dict[str, list[Person]] = {k: [] for k in (
            "head", "deputy", "spec", "mcdir", "mcmeth", "dir", "zam", "teacher", "primary",
            "psy", "kghead", "kgstaff")}
        st["head"].append(self.person(region, 0.6, self.role("auth_chief", muni.auth, "auth",
                                                             chief=chief)))
        for _ in range(rng.randint(1, 2)):
            st["deputy"].append(self.person(region, 0.7, self.role(
                "auth_deputy", muni.auth, "auth", chief_gen=chief_gen)))
        for key in rng.sample(["auth_main", "auth_main", "auth_lead", "auth_cons"], 3):
            st["spec"].append(self.person(region, 0.8, self.role(key, muni.auth, "auth")))
        st["mcdir"].append(self.person(region, 0.75, self.role("mc_director", muni.mc)))
        if rng.random() < 0.5:
            st["mcmeth"].append(self.person(region, 0.8, self.role("mc_deputy", muni.mc)))
        for key in ["mc_methodist"] * rng.randint(3, 5) + ["mc_senior"] * rng.randint(0, 1):
            st["mcmeth"].append(self.person(region, 0.85, self.role(key, muni.mc)))
        zam_keys = ["zam_uvr", "zam_uvr", "zam_uvr_full", "zam_ur", "zam_vr", "zam_nmr"]
        spec_keys = ["psy", "psy", "logoped", "social", "sovetnik", "librarian", "ped_org", "tutor",
                     "defect", "dop"]
        for school in muni.schools:
            school.staff = {"dir": [], "zam": [], "teacher": [], "primary": [], "psy": []}  # type: ignore[attr-defined]
            p = self.person(region, 0.65, self.role("director", school), school)
            school.staff["dir"].append(p)  # type: ignore[attr-defined]
            for key in rng.sample(zam_keys, rng.randint(1, 2)):
                school.staff["zam"].append(self.person(region, 0.85, self.role(key, school), school))  # type: ignore[attr-defined]
            for _ in range(rng.randint(4, 8)):
                subj = rng.choice(region.subjects)
                r = self.role("teacher", school, subj=subj[0])
                school.staff["teacher"].append(self.person(region, 0.8, r, school, subj))  # type: ignore[attr-defined]
            if school.skind not in ("лицей",):
                for _ in range(rng.randint(1, 3)):
                    r = self.role("teacher_primary", school)
                    school.staff["primary"].append(self.person(region, 0.95, r, school))  # type: ignore[attr-defined]
            for key in rng.sample(spec_keys, rng.randint(0, 2)):
                school.staff["psy"].append(self.person(region, 0.85, self.role(key, school), school))  # type: ignore[attr-defined]
            for k in ("dir", "zam", "teacher", "primary", "psy"):
                st[k].extend(school.staff[k])  # type: ignore[attr-defined]
        for kg in muni.kgs:
            kg.staff = {"kghead": [], "kgstaff": []}  # type: ignore[attr-defined]
            kg.staff["kghead"].append(self.person(region, 0.97, self.role("kg_head", kg), kg))  # type: ignore[attr-defined]
            keys = ["kg_vosp", "kg_vosp"] + rng.sample(["kg_senior", "kg_music", "kg_fizo", "logoped"], 2)
            for key in keys:
                kg.staff["kgstaff"].append(self.person(region, 0.97, self.role(key, kg), kg))  # type: ignore[attr-defined]
            st["kghead"].extend(kg.staff["kghead"])  # type: ignore[attr-defined]
            st["kgstaff"].extend(kg.staff["kgstaff"])  # type: ignore[attr-defined]
        muni.staff = st


# ===========================================================================
# Documents
# ===========================================================================

# The order paragraph kinds take in a report (welcome first, thanks last).
KIND_ORDER = ["opening", "opening_mo", "opening_school", "opening_course", "opening_week",
              "opening_contest", "opening_olympiad", "welcome", "rmo_head", "pedsovet_chair",
              "course_open", "contest_program", "olymp_org", "moderator", "report", "experts",
              "master", "lessons", "group", "teams", "course_practice", "experts_week", "jury",
              "olymp_results", "olymp_weak", "discussion", "results", "awards"]
ONCE_KINDS = {"welcome", "jury", "moderator", "awards", "results", "olymp_weak", "olymp_results",
              "experts_week", "teams"}
SLOT_RE = re.compile(r"\{([^{}]+)\}|\[\[([^\]|]+)\|([^\]]+)\]\]")
PUNCT_AFTER = set(".,;:!?)–—»")
GAP = "\t"  # signature gap marker: spaces in txt, a tab in docx


@dataclass
class Block:
    kind: str            # h (heading), p (paragraph), li (list item), sig (signature), table
    text: str = ""
    rows: list | None = None


@dataclass
class Para:
    kind: str
    ents: dict
    sents: list

    def length(self) -> int:
        return sum(len(x) + 1 for x in self.sents)

    def text(self) -> str:
        return " ".join(self.sents)


INTRO_KINDS = {"opening", "opening_mo", "opening_school", "opening_course", "opening_week",
               "opening_contest", "opening_olympiad", "rmo_head", "pedsovet_chair", "course_open",
               "contest_program", "olymp_org"}
CLOSING_KINDS = {"next", "next_mo", "awards", "pedsovet_chair", "contest_next", "olymp_awards",
                 "course_result", "results_week", "jury"}


class Style:
    """Per-document typography: one author, one habit."""

    def __init__(self, rng: random.Random) -> None:
        self.quotes = rng.choices(["«»", '""', "“”"], weights=[75, 20, 5])[0]
        self.numsign = rng.choices(["№ ", "№", "N ", "№\u00a0"], weights=[70, 14, 8, 8])[0]
        self.dash = rng.choices([" – ", " - ", " — "], weights=[75, 15, 10])[0]
        self.yo = rng.random() < 0.6
        self.init_sep = rng.choices(["", " "], weights=[80, 20])[0]
        self.nbsp = rng.random() < 0.1
        self.date_pref = rng.choices(["long", "long_g", "num", "num_g", "num2"],
                                     weights=[45, 20, 22, 8, 5])[0]
        self.name_pref = rng.choices(["IOF", "FIO_i"], weights=[55, 45])[0]
        self.decision_style = rng.choice(["num", "dash"])


class Gold:
    def __init__(self) -> None:
        self.persons: dict[tuple, dict] = {}
        self.schools: dict[tuple, dict] = {}
        self.dates: dict[str, None] = {}
        self.orgs: dict[str, None] = {}
        self.abbr_used: dict[str, str] = {}
        self.formats: dict[str, None] = {}
        self.locations: dict[str, None] = {}
        self.event: dict = {}

    def person(self, p: Person, full: bool, role: list | None = None, org: str | None = None) -> None:
        e = self.persons.get(p.key)
        if e is None:
            e = self.persons[p.key] = {"person": p, "full": False, "roles": {}, "orgs": {}}
        e["full"] = e["full"] or full
        for r in role or ():
            e["roles"][r] = None
        if org:
            e["orgs"][org] = None

    def school(self, s: School) -> None:
        if s.number is None:
            self.orgs[s.gold] = None
        else:
            key = (str(s.number), s.skind)
            if key not in self.schools:
                d = {"number": str(s.number), "kind": s.skind}
                if s.sname:
                    d["name"] = s.sname
                self.schools[key] = d

    def finish(self, doc_name: str) -> dict:
        persons = []
        for e in self.persons.values():
            p = e["person"]
            persons.append({"name": p.gold_full() if e["full"] else p.gold_short(),
                            "roles": list(e["roles"]), "orgs": list(e["orgs"])})
        orgs = []
        for o in self.orgs:
            a = self.abbr_used.get(o)
            orgs.append(f"{o} ({a})" if a and a not in o else o)
        low = [o.lower() for o in orgs]
        orgs = [o for i, o in enumerate(orgs)
                if not any(j != i and low[i] in low[j] and low[i] != low[j] for j in range(len(orgs)))]
        return {"doc": doc_name, "persons": persons, "schools": list(self.schools.values()),
                "dates": list(self.dates), "organizations": list(dict.fromkeys(orgs)),
                "event_formats": list(self.formats), "locations": list(self.locations),
                "event": self.event}


class Doc:
    """One report being written: its random stream, style, entities and gold."""

    def __init__(self, world: World, index: int, seed: int, chars: int, fmt: str) -> None:
        self.world = world
        self.pools = world.pools
        self.index = index
        self.rng = random.Random(f"svodka-doc:{seed}:{index}")
        rng = self.rng
        self.style = Style(rng)
        self.gold = Gold()
        self.ext = fmt
        self.muni: Muni = rng.choice(world.munis)
        self.region = self.muni.region
        fmts = self.pools.formats
        self.fkey = rng.choices(list(fmts), weights=[f["weight"] for f in fmts.values()])[0]
        self.fmt = fmts[self.fkey]
        self.family = self.fmt["family"]
        self.subject = rng.choice(self.region.subjects)
        if self.family == "mo" and rng.random() < 0.15:
            self.subject = ("начальных классов", "начальным классам")
        self._pick_dates()
        self.used_people: list[Person] = []
        self.used_keys: set = set()
        self.mentioned: dict[tuple, int] = {}
        self.used_templates: set = set()
        self.intro_done: set = set()
        self.ents: dict = {}
        target = rng.lognormvariate(math.log(chars) - 0.4 ** 2 / 2, 0.4)
        self.target = int(min(max(target, chars / 3), chars * 2))
        self._setup_event()

    # ------------------------------------------------------------ setup
    def _pick_dates(self) -> None:
        rng = self.rng
        months = self.fmt["months"]
        year = rng.choice([2021, 2022, 2022, 2023, 2023, 2024])
        month = rng.choice(months)
        if year == 2021 and month < 9:
            year = 2022
        if year == 2024 and month > 5:
            year = 2023
        days = rng.choice(self.fmt["days"])
        if self.family == "olympiad":
            start = dt.date(year, 11, rng.randint(1, 12))
        else:
            start = dt.date(year, month, rng.randint(1, 28))
            if days >= 5:  # a working week
                start -= dt.timedelta(days=start.weekday())
        self.start = start
        self.end = start + dt.timedelta(days=days - 1)
        ay = start.year if start.month >= 9 else start.year - 1
        self.ay = ay

    def _setup_event(self) -> None:
        rng = self.rng
        f = self.fmt
        muni = self.muni
        qual = rng.choice(f["quals"]) if f["quals"] else ""
        qual = qual.format(level=self.region.level) if qual else ""
        tails = f.get("tails") or [""]
        tail = rng.choice(tails)
        self.mo_org = None
        if isinstance(tail, list):
            tail, self.mo_org = tail
        self.ev_qual = qual
        self.ev_tail = tail
        self.ev_forms = tuple(f["forms"])
        self.ev_gender = f["gender"]
        if f.get("bare"):
            self.evb_forms, self.evb_gender = tuple(f["bare"][0]), f["bare"][1]
        else:
            self.evb_forms, self.evb_gender = self.ev_forms, self.ev_gender
        # schools featured in this report
        k = min(len(muni.schools), rng.randint(3, 7))
        self.featured = rng.sample(muni.schools, k)
        venue_kind = rng.choice(f["venue"])
        if venue_kind == "school" and self.featured:
            self.venue = self.featured[0]
        elif venue_kind == "mc":
            self.venue = muni.mc
        elif venue_kind == "auth":
            self.venue = muni.auth
        elif venue_kind == "iro":
            self.venue = self.region.iro
        elif venue_kind == "kg":
            self.venue = rng.choice(muni.kgs)
        else:
            self.venue = None  # online
        self.online = self.venue is None
        org_kind = rng.choice(f["org"])
        self.orgz = {"auth": muni.auth, "mc": muni.mc, "iro": self.region.iro}.get(org_kind)
        if org_kind == "school":
            self.orgz = self.venue if isinstance(self.venue, School) else self.featured[0]
        if self.venue is None:
            self.venue = self.orgz
        self.orgz2 = muni.mc if self.orgz is not muni.mc else muni.auth
        # title
        self.title = None
        if rng.random() < f["titled"]:
            pool = f["titles"]
            if pool == "contests":
                options = [c for c in self.pools.phrases["contests"]
                           if c.get("region") in (None, self.region.nom)]
                c = rng.choice(options)
                self.title = c["t"]
                self.title_loc = c.get("loc")
            elif pool == "themes":
                t = rng.choice(self.pools.phrases["themes"])
                if ":" not in t and "–" not in t and rng.random() < 0.2:
                    t = f"{t}: {rng.choice(self.pools.phrases['subtitles'])}"
                self.title = t
        # head count
        lo, hi = f["hc_range"]
        self.hc_n = rng.randint(lo, hi)
        self.hc_noun = rng.choice(f["hc"])
        self.hc_mode = rng.choices(["exact", "more", "about"], weights=[85, 10, 5])[0]
        if self.hc_mode != "exact" and self.hc_n >= 30:
            self.hc_n = self.hc_n // 10 * 10
        else:
            self.hc_mode = "exact"
        self.hc_stated = False
        aud_key = rng.choice(f["aud"])
        self.aud = rng.choice(self.pools.phrases["audiences"][aud_key])
        self.main_date_iso = self._iso_range(self.start, self.end)
        self.gold.event = {"format": self.fkey, "title": None, "date": self.main_date_iso,
                           "participants": None}

    # ------------------------------------------------------------ gold helpers
    @staticmethod
    def _iso_range(a: dt.date, b: dt.date) -> str:
        return a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"

    def g_date(self, value: str) -> None:
        self.gold.dates[value] = None

    def g_org(self, org: Org, abbr_used: bool = False, name: str | None = None) -> None:
        if isinstance(org, School):
            self.gold.school(org)
            return
        self.gold.orgs[name or org.gold] = None
        if abbr_used and org.abbr:
            self.gold.abbr_used[org.gold] = org.abbr
        for loc in org.locs:
            self.gold.locations[loc] = None

    def g_loc(self, name: str) -> None:
        self.gold.locations[name] = None

    def g_fmt(self, lemma: str) -> None:
        self.gold.formats[lemma] = None

    # ------------------------------------------------------------ rendering
    def render(self, tpl: str) -> str:
        out = []
        pos = 0
        for m in SLOT_RE.finditer(tpl):
            out.append(tpl[pos:m.start()])
            if m.group(1) is not None:
                out.append(self.slot(m.group(1), tpl[m.end():m.end() + 2]))
            else:
                out.append(m.group(2))
                self.g_fmt(m.group(3))
            pos = m.end()
        out.append(tpl[pos:])
        return "".join(out)

    def sentence(self, tpl: str) -> str:
        return capitalize(tidy(self.render(tpl)))

    def choose(self, alts: list) -> str:
        fresh = [a for a in alts if a not in self.used_templates]
        tpl = self.rng.choice(fresh or alts)
        self.used_templates.add(tpl)
        return tpl

    def slot(self, key: str, after: str) -> str:
        rng = self.rng
        if key.startswith("PICK:"):
            return rng.choice(key[5:].split("|"))
        if key.startswith("NUM:"):
            _, lo, hi = key.split(":")
            return str(rng.randint(int(lo), int(hi)))
        if key.startswith("CNT:"):
            _, lo, hi, forms = key.split(":", 3)
            n = rng.randint(int(lo), int(hi))
            return f"{n} {plural_form(n, forms.split('|'))}"
        name, _, attr = key.partition(".")
        if attr.startswith("g:"):
            return self.agree(name, attr[2:].split("|"))
        fn = getattr(self, "s_" + name, None)
        if fn is not None:
            return fn(attr, after)
        ent = self.ents.get(name)
        if isinstance(ent, Person):
            return self.person_slot(ent, attr, after)
        if isinstance(ent, list):
            return self.group_slot(ent, attr or "nom")
        if isinstance(ent, Org):
            return self.org_slot(ent, attr or "nom")
        raise KeyError(f"unknown slot {{{key}}}")

    def agree(self, name: str, forms: list) -> str:
        if name in ("EV", "EVB"):
            g = self.ev_gender if name == "EV" else self.evb_gender
            return forms["mfnp".index(g[0]) if len(forms) == 4 else 0]
        if name in ("ORGZ", "ORGZ2"):
            org = self.orgz if name == "ORGZ" else self.orgz2
            return forms["mfnp".index(org.gender[0])]
        ent = self.ents[name]
        if isinstance(ent, Person):
            return forms[0] if ent.gender == "m" else forms[1]
        raise KeyError(name)

    # ------------------------------------------------------------ event slots
    def _ev(self, case: str, bare: bool) -> str:
        i = CI[case]
        self.g_fmt(self.fkey)
        if bare:
            return self.evb_forms[i]
        parts = []
        if self.ev_qual:
            parts.append(adjective(self.ev_qual, self.ev_gender, case, animate=False))
        parts.append(self.ev_forms[i])
        if self.ev_tail:
            parts.append(self.render(self.ev_tail))
            if self.mo_org:
                self.gold.orgs[self.render(self.mo_org)] = None
        return " ".join(parts)

    def s_EV(self, attr, after):
        return self._ev(attr or "nom", False)

    def s_EVB(self, attr, after):
        return self._ev(attr or "nom", True)

    def s_TITLE(self, attr, after):
        if not self.title:
            return ""
        t = self.render(self.title) if "{" in self.title else self.title
        self.gold.event["title"] = apply_style(t, self.style)  # as the text will have it
        if getattr(self, "title_loc", None):
            self.g_loc(self.title_loc)
        return f"«{t}»"

    def s_RTITLE(self, attr, after):
        return "«" + self.render(self.choose(self.pools.phrases["talks"])) + "»"

    def s_SUBJ(self, attr, after):
        return self.subject[1] if attr == "dat" else self.subject[0]

    def s_SUBJ_T(self, attr, after):
        return "учителей " + self.subject[0]

    def s_AUD(self, attr, after):
        return self.render(self.aud[1] if attr == "gen" else self.aud[0])

    def s_HC(self, attr, after):
        forms, gforms = self.pools.phrases["counts"][self.hc_noun]
        n = self.hc_n
        self.gold.event["participants"] = n
        if self.hc_mode == "more":
            return f"более {n} {genitive_count_form(n, gforms)}"
        if self.hc_mode == "about":
            return f"около {n} {genitive_count_form(n, gforms)}"
        return f"{n} {plural_form(n, forms)}"

    def s_MUNI(self, attr, after):
        self.g_loc(self.muni.nom)
        return {"nom": self.muni.nom, "gen": self.muni.gen, "prep": self.muni.prep}[attr or "nom"]

    def s_REGION(self, attr, after):
        self.g_loc(self.region.nom)
        r = self.region
        return {"nom": r.nom, "gen": r.gen, "prep": r.prep}[attr or "nom"]

    def s_CENTER(self, attr, after):
        p = self.venue.place if isinstance(self.venue, School) and self.venue.place else self.muni.places[0]
        self.g_loc(p.nom)
        return {"nom": p.nom, "gen": p.gen, "prep": p.prep}[attr or "nom"]

    def s_AUTH(self, attr, after):
        return self.org_slot(self.muni.auth, attr or "nom")

    def s_AUTHS(self, attr, after):
        return self.org_slot(self.muni.auth.short, attr or "nom")

    def s_MC(self, attr, after):
        return self.org_slot(self.muni.mc, attr or "nom")

    def s_IRO(self, attr, after):
        return self.org_slot(self.region.iro, attr or "nom")

    def s_VENUE(self, attr, after):
        return self.org_slot(self.venue, attr or "nom")

    def s_ORGZ(self, attr, after):
        return self.org_slot(self.orgz, attr or "nom")

    def s_ORGZ2(self, attr, after):
        return self.org_slot(self.orgz2, attr or "nom")

    def s_AT(self, attr, after):
        rng = self.rng
        v = self.venue
        if self.online:
            return rng.choice(["в режиме онлайн", "в дистанционном формате",
                               "на платформе «Сферум»"])
        if isinstance(v, School) or v.kind in ("mc", "iro"):
            if rng.random() < 0.6:
                return "на базе " + self.org_slot(v, "gen")
            return "в " + self.org_slot(v, "prep")
        return "в " + self.org_slot(v, "prep")

    def venue_school(self):
        return self.venue if isinstance(self.venue, School) else None

    def s_PROG(self, attr, after):
        return self.render(self.choose(self.pools.phrases["programs"]))

    def s_CLAIM(self, attr, after):
        return self.render(self.choose(self.pools.phrases["claims"]))

    def s_TASK(self, attr, after):
        return self.render(self.choose(self.pools.phrases["tasks"]))

    def s_TOPIC(self, attr, after):
        return self.render(self.choose(self.pools.phrases["topics"]))

    def s_TOPIC_O(self, attr, after):
        t = self.s_TOPIC("bare", after)
        return ("об " if t[0] in "аиоуэАИОУЭ" else "о ") + t

    def s_ISSUE(self, attr, after):
        return self.render(self.choose(self.pools.phrases["issues"]))

    def s_ANALYSIS(self, attr, after):
        return self.render(self.choose(self.pools.phrases["analyses"]))

    def s_ACT(self, attr, after):
        return self.render(self.choose(self.pools.phrases["acts"]))

    def s_HOW(self, attr, after):
        return self.render(self.choose(self.pools.phrases["hows"]))

    def s_AGREE(self, attr, after):
        return self.render(self.choose(self.pools.phrases["agreements"]))

    def s_PROPOSAL(self, attr, after):
        return self.render(self.choose(self.pools.phrases["proposals"]))

    def s_NETPROJ(self, attr, after):
        return self.render(self.choose(self.pools.phrases["netprojects"]))

    def s_DEDIC(self, attr, after):
        return self.render(self.choose(self.pools.phrases["dedications"]))

    def s_GRADE(self, attr, after):
        return f"{self.rng.randint(2, 10)} «{self.rng.choice('АБВГ')}»"

    # ------------------------------------------------------------ dates
    def fmt_date(self, d: dt.date, notation: str | None = None, year: bool = True) -> str:
        n = notation or (self.style.date_pref if self.rng.random() < 0.7 else self.rng.choice(
            ["long", "long_g", "num", "num_g"]))
        if not year:
            return f"{d.day} {MONTHS_GEN[d.month - 1]}"
        if n == "long":
            return f"{d.day} {MONTHS_GEN[d.month - 1]} {d.year} года"
        if n == "long_g":
            return f"{d.day} {MONTHS_GEN[d.month - 1]} {d.year} г."
        if n == "num":
            return d.strftime("%d.%m.%Y")
        if n == "num_g":
            return d.strftime("%d.%m.%Y") + " г."
        return d.strftime("%d.%m.%y")

    def fmt_range(self, a: dt.date, b: dt.date) -> str:
        rng = self.rng
        pref = self.style.date_pref
        yr = rng.choice([" года", " г."]) if pref.startswith("long") or rng.random() < 0.5 else None
        if yr is None:
            if rng.random() < 0.5:
                return f"с {a.strftime('%d.%m.%Y')} по {b.strftime('%d.%m.%Y')}"
            return f"{a.strftime('%d.%m.%Y')}–{b.strftime('%d.%m.%Y')}"
        if a.month == b.month:
            if rng.random() < 0.6:
                return f"с {a.day} по {b.day} {MONTHS_GEN[b.month - 1]} {b.year}{yr}"
            return f"{a.day}–{b.day} {MONTHS_GEN[b.month - 1]} {b.year}{yr}"
        return f"с {a.day} {MONTHS_GEN[a.month - 1]} по {b.day} {MONTHS_GEN[b.month - 1]} {b.year}{yr}"

    def s_DATE(self, attr, after):
        self.g_date(self.main_date_iso)
        if self.start == self.end:
            return self.fmt_date(self.start)
        return self.fmt_range(self.start, self.end)

    def s_DAYM(self, attr, after):
        d = self.start + dt.timedelta(days=self.rng.randint(0, (self.end - self.start).days))
        self.g_date(d.isoformat())
        return self.fmt_date(d, year=False)

    def s_DAY_AFTER(self, attr, after):
        d = self.end + dt.timedelta(days=self.rng.randint(2, 10))
        self.g_date(d.isoformat())
        return self.fmt_date(d, "num")

    def s_DL(self, attr, after):
        rng = self.rng
        d = self.end + dt.timedelta(days=rng.randint(7, 75))
        r = rng.random()
        if r < 0.12:
            self.g_date(f"{d.year}-12-31")
            return f"до конца {d.year} года"
        if r < 0.4 and d.year == self.end.year:
            self.g_date(d.isoformat())
            return "до " + self.fmt_date(d, year=False)
        if r < 0.55:
            d = d.replace(day=1)
            self.g_date(d.isoformat())
            return "до " + self.fmt_date(d, rng.choice(["long", "long_g"]))
        self.g_date(d.isoformat())
        return "до " + self.fmt_date(d, rng.choice(["num", "long", "num"]))

    def _later_month(self, lo: int = 1, hi: int = 4) -> tuple[int, int]:
        m = self.end.month + self.rng.randint(lo, hi)
        y = self.end.year + (m - 1) // 12
        return y, (m - 1) % 12 + 1

    def s_NEXTM(self, attr, after):
        rng = self.rng
        y, m = self._later_month()
        if attr == "na":
            self.g_date(f"{y}-{m:02d}")
            return f"на {MONTHS_NOM[m - 1]} {y} {rng.choice(['года', 'г.'])}"
        r = rng.random()
        if r < 0.15 and m < 12:
            self.g_date(f"{y}-{m:02d}/{y}-{m + 1:02d}")
            return f"в {MONTHS_PREP[m - 1]}–{MONTHS_PREP[m]} {y} года"
        self.g_date(f"{y}-{m:02d}")
        if r < 0.35 and y == self.end.year:
            return f"в {MONTHS_PREP[m - 1]}"
        return f"в {MONTHS_PREP[m - 1]} {y} {rng.choice(['года', 'г.'])}"

    def _ay_text(self, start_year: int, case: str) -> str:
        self.g_date(f"{start_year}-09-01/{start_year + 1}-08-31")
        sep = self.rng.choice(["-", "-", "/", "–"])
        noun = {"prep": "учебном году", "gen": "учебного года", "acc": "учебный год",
                "nom": "учебный год"}[case]
        return f"{start_year}{sep}{start_year + 1} {noun}"

    def s_AY(self, attr, after):
        return self._ay_text(self.ay, attr or "nom")

    def s_PAY(self, attr, after):
        return self._ay_text(self.ay - 1, attr or "nom")

    def s_SEPT1(self, attr, after):
        self.g_date(f"{self.ay}-09-01")
        return f"1 сентября {self.ay} {self.rng.choice(['года', 'г.'])}"

    def s_YEAR(self, attr, after):
        self.g_date(str(self.start.year))
        return str(self.start.year)

    def _order(self) -> str:
        d = self.start - dt.timedelta(days=self.rng.randint(7, 40))
        self.g_date(d.isoformat())
        return f"от {self.fmt_date(d, 'num')} № {self.rng.randint(120, 1500)}"

    def s_ORDER(self, attr, after):
        lead = self.rng.choice(["В соответствии с приказом", "Согласно приказу"])
        return f"{lead} {self.org_slot(self.muni.auth.short, 'gen')} {self._order()}"

    def s_ORDER_REF(self, attr, after):
        return (f"Олимпиада проводилась в соответствии с приказом "
                f"{self.org_slot(self.muni.auth, 'gen')} {self._order()}.")

    def s_ORDER_PLAN(self, attr, after):
        return "В соответствии с планом работы " + self.org_slot(self.region.iro, "gen")

    # ------------------------------------------------------------ schools
    def s_SCHOOLS(self, attr, after):
        k = self.rng.randint(2, min(5, len(self.featured)))
        return self.school_list(self.rng.sample(self.featured, k))

    def s_SCHOOLS2(self, attr, after):
        """A list that is often a range: МБОУ СОШ № 8–10."""
        plain = sorted([s for s in self.muni.schools if s.number is not None and not s.named
                        and not s.sname and not s.quoted], key=lambda s: s.number)
        for _ in range(8):
            if len(plain) < 3:
                break
            i = self.rng.randrange(len(plain) - 2)
            run = plain[i:i + 3]
            if run[2].number - run[0].number == 2 and len({(s.legal, s.label) for s in run}) == 1:
                return self.school_list(run, allow_range=True)
        return self.school_list(self.rng.sample(self.muni.schools, min(3, len(self.muni.schools))))

    def _school_ent(self, i: int) -> School:
        pool = self.featured if len(self.featured) > i else self.muni.schools
        return pool[i % len(pool)]

    def s_S1(self, attr, after):
        return self.school_slot(self._school_ent(0), attr)

    def s_S2(self, attr, after):
        return self.school_slot(self._school_ent(1), attr)

    def s_S3(self, attr, after):
        return self.school_slot(self._school_ent(2), attr)

    def school_slot(self, s: School, attr: str) -> str:
        if attr.startswith("short") and s.number is not None:
            case = attr.split(".")[1] if "." in attr else "nom"
            self.gold.school(s)
            return f"{s.noun[CI[case]]} № {s.number}"
        return self.org_slot(s, "nom")

    def school_text(self, s: School, place: bool | None = None) -> str:
        self.gold.school(s)
        if place is None:
            place = self.muni.style == "kuban" or self.rng.random() < 0.35
        if place and s.place:
            self.g_loc(s.place.nom)
            return s.forms[0]
        return s.bare

    def school_list(self, schools: list, allow_range: bool = False) -> str:
        """МБОУ СОШ № 4, 9, 11 и МБОУ ООШ № 21; МБОУ «СОШ № 27», «СОШ № 30»; № 8–10."""
        rng = self.rng
        numbered = sorted([s for s in schools if s.number is not None and not s.named
                           and not s.sname], key=lambda s: s.number)
        others = [s for s in schools if s not in numbered]
        parts = []
        groups: dict[tuple, list[School]] = {}
        for s in numbered:
            groups.setdefault((s.legal, s.label if not s.quoted else "q"), []).append(s)
        for (legal, label), items in groups.items():
            for s in items:
                self.gold.school(s)
            if label == "q":
                names = [s.label for s in items]
                parts.append(f"{legal} " + (", ".join(names) if len(groups) > 1 else join_ru(names)))
                continue
            nums = [s.number for s in items]
            places = {s.place.nom for s in items}
            suffix = ""
            if len(places) == 1 and (self.muni.style == "kuban" or rng.random() < 0.3):
                suffix = " " + items[0].place.gen
                self.g_loc(items[0].place.nom)
            if len(nums) == 1:
                parts.append(f"{legal} {label} № {nums[0]}{suffix}")
            elif allow_range and len(nums) >= 3 and nums[-1] - nums[0] == len(nums) - 1:
                parts.append(f"{legal} {label} № {nums[0]}–{nums[-1]}{suffix}")
            elif len(nums) == 2 and rng.random() < 0.3:
                parts.append(f"{legal} {label} № {nums[0]} и № {nums[1]}{suffix}")
            elif rng.random() < 0.15:
                parts.append(f"{legal} {label} №№ {', '.join(map(str, nums))}{suffix}")
            else:
                parts.append(f"{legal} {label} № {', '.join(map(str, nums))}{suffix}")
        for s in others:
            parts.append(self.school_text(s, place=False))
        return join_ru(parts)

    # ------------------------------------------------------------ organizations
    def org_slot(self, org: Org, case: str, intro: bool = True) -> str:
        if isinstance(org, School):
            return self.school_text(org)
        if org.abbr and org.kind in ("mc", "iro"):
            if org.gold in self.intro_done and self.rng.random() < 0.6:
                self.g_org(org, abbr_used=True)
                return org.abbr
            if intro and org.gold not in self.intro_done and self.rng.random() < 0.35:
                self.intro_done.add(org.gold)
                self.g_org(org, abbr_used=True)
                how = self.rng.choice(["(далее – {})", "({})"])
                return f"{org.form(case)} " + how.format(org.abbr)
        self.g_org(org)
        return org.form(case)

    # ------------------------------------------------------------ people
    def role_text(self, p: Person, case: str, number: str = "sg", with_org: bool = True,
                  fem: bool | None = None, intro: bool = True) -> tuple[str, list, str | None]:
        """(text, gold roles, gold org) of a person's role in a case."""
        r = p.role
        animate = True
        words = []
        adj_gender = "m" if number == "sg" else "pl"
        for a in r.adjs:
            words.append(adjective(a, adj_gender, case, animate))
        gold_head = [" ".join([*r.adjs, r.head])]
        if r.head.endswith(("ий", "ый")) and r.head not in self.pools.nouns:
            g = adj_gender
            if number == "sg" and p.gender == "f" and (fem if fem is not None else self.rng.random() < 0.6):
                g = "f"
            words.append(adjective(r.head, g, case, animate))
            gold_head = [r.head, r.head[:-2] + "ая"]
        else:
            words.append(self.pools.noun_forms(r.head, number)[CI[case]])
        if r.tail:
            words.append(r.tail)
        text = " ".join(words)
        gold_roles = [g + (" " + r.tail if r.tail else "") for g in gold_head]
        if r.unit:
            self.gold.orgs[r.unit] = None
        org_gold = None
        if r.attach == "auth":
            auth = r.org
            short = auth.short
            full_tail = auth.forms[1] != short.forms[1] and auth.forms[1].startswith(short.forms[1])
            if full_tail and (with_org and self.rng.random() < 0.5):
                text += " " + auth.form("gen")
                org_gold = auth.gold
                self.g_org(auth)
            elif not full_tail and with_org and self.rng.random() < 0.4:
                # a full name that does not contain the short one: «начальник МКУ «…»»
                text += " " + auth.form("gen")
                org_gold = auth.gold
                self.g_org(auth)
                return text, gold_roles, org_gold
            else:
                text += " " + short.form("gen")
                org_gold = short.gold
                self.g_org(short)
            gold_roles = [g + " " + short.form("gen") for g in gold_roles]
            return text, gold_roles, org_gold
        if with_org:
            otext = self.org_slot(r.org, "gen", intro=intro)
            text += " " + otext
            org_gold = r.org.gold if not isinstance(r.org, School) else r.org.bare
        return text, gold_roles, org_gold

    def name_text(self, p: Person, case: str, style: str) -> str:
        sep = self.style.init_sep
        if style == "IOF":
            return f"{p.initials(sep)} {p.sur(case)}"
        if style == "FIO_i":
            return f"{p.sur(case)} {p.initials(sep)}"
        if style == "FIO":
            return f"{p.sur(case)} {p.fname(case)} {p.pname(case)}"
        return f"{p.fname(case)} {p.pname(case)} {p.sur(case)}"  # IOF_full

    def pick_name_style(self, full_ok: bool = True) -> str:
        r = self.rng.random()
        if full_ok and r < 0.15:
            return "FIO"
        if full_ok and r < 0.24:
            return "IOF_full"
        if self.rng.random() < 0.8:
            return self.style.name_pref
        return "FIO_i" if self.style.name_pref == "IOF" else "IOF"

    def person_slot(self, p: Person, attr: str, after: str) -> str:
        if attr.startswith("fn:"):
            role = attr[3:].replace("@SUBJ_T", "учителей " + self.subject[0])
            self.gold.person(p, False, [role])
            return ""
        parts = attr.split(".") if attr else ["nom"]
        if parts[0] in ("n", "rn", "io", "fio", "lesson"):
            what, case = parts[0], (parts[1] if len(parts) > 1 else "nom")
        else:
            what, case = "full", parts[0]
        if what == "io":
            return f"{p.fname(case)} {p.pname(case)}"
        if what == "lesson":
            return self.lesson(p)
        seen = self.mentioned.get(p.key, 0)
        self.mentioned[p.key] = seen + 1
        if what == "fio":
            style = self.rng.choice(["FIO", "IOF_full"])
            self.gold.person(p, True)
            return self.name_text(p, case, style)
        if what == "n" or (what == "full" and seen and self.rng.random() < 0.55):
            style = self.pick_name_style(full_ok=not seen)
            self.gold.person(p, style in ("FIO", "IOF_full"))
            return self.name_text(p, case, style)
        if what == "rn":
            style = self.pick_name_style()
            text, roles, _ = self.role_text(p, case, with_org=False)
            self.gold.person(p, style in ("FIO", "IOF_full"), roles)
            return f"{text} {self.name_text(p, case, style)}"
        # a full mention
        style = self.pick_name_style()
        name = self.name_text(p, case, style)
        full = style in ("FIO", "IOF_full")
        m = self.rng.choices(["role_org_name", "name_role_org", "name_paren", "role_name_paren",
                              "role_name"], weights=[38, 30, 7, 9, 16])[0]
        if m == "name_paren" or m == "role_name_paren":
            org = p.role.org if p.role.attach != "auth" else p.role.org.short
            if isinstance(org, School):
                otext = self.school_text(org, place=False)
                ogold = org.bare
            else:
                otext = self.org_slot(org, "nom", intro=False)
                ogold = org.gold
            if m == "name_paren":
                self.gold.person(p, full, None, ogold)
                return f"{name} ({otext})"
            text, roles, _ = self.role_text(p, case, with_org=False)
            if p.role.attach == "auth":
                self.gold.person(p, full, roles, p.role.org.short.gold)
                return f"{text} {name}"
            self.gold.person(p, full, roles, ogold)
            return f"{text} {name} ({otext})"
        with_org = m != "role_name" or p.role.attach == "auth"
        text, roles, ogold = self.role_text(p, case, with_org=with_org)
        self.gold.person(p, full, roles, ogold)
        if m == "name_role_org":
            out = f"{name}, {text}"
            nxt = after[:1]
            if nxt == " ":
                nxt = after[1:2]
            if nxt and nxt not in PUNCT_AFTER:
                out += ","
            return out
        return f"{text} {name}"

    PRIMARY_LESSONS = ["математики", "русского языка", "литературного чтения", "окружающего мира"]

    def lesson(self, p: Person) -> str:
        """математики в 6 «Б» классе; окружающего мира во 2 «А» классе."""
        rng = self.rng
        letter = rng.choice("АБВГ")
        if p.role.key == "teacher_primary":
            grade = rng.randint(1, 4)
            subj = rng.choice(self.PRIMARY_LESSONS)
        else:
            grade = rng.randint(5, 11)
            subj = (p.subject or self.subject)[0]
        prep = "во" if grade == 2 else "в"
        return f"{subj} {prep} {grade} «{letter}» классе"

    def group_slot(self, people: list, case: str) -> str:
        """учителя математики МБОУ СОШ № 4 А.А. Иванова, МБОУ СОШ № 7 Б.Б. Петров и …"""
        rng = self.rng
        style = rng.choice(["IOF", "FIO_i"])
        lead = people[0]
        role_txt, roles, _ = self.role_text(lead, case, number="pl", with_org=False, fem=False)
        same_org = len({id(p.role.org) for p in people}) == 1
        names = [self.name_text(p, case, style) for p in people]
        for p in people:
            self.mentioned[p.key] = self.mentioned.get(p.key, 0) + 1
        if same_org:
            otext = self.org_slot(lead.role.org, "gen")
            ogold = lead.role.org.bare if isinstance(lead.role.org, School) else lead.role.org.gold
            for p in people:
                self.gold.person(p, False, roles, ogold)
            return f"{role_txt} {otext} {join_ru(names)}"
        segs = []
        paren = rng.random() < 0.4
        for p, n in zip(people, names):
            org = p.role.org
            otext = self.school_text(org, place=False) if isinstance(org, School) else self.org_slot(org, "gen", intro=not paren)
            self.gold.person(p, False, roles, org.bare if isinstance(org, School) else org.gold)
            segs.append(f"{n} ({otext})" if paren else f"{otext} {n}")
        return f"{role_txt} {join_ru(segs)}"

    # ------------------------------------------------------------ casting
    def cast(self, spec: dict) -> None:
        for var, sel in (spec or {}).items():
            options = sel.split("|")
            person = None
            for _ in range(6):
                choice = self.rng.choice(options)
                person = self.select(choice)
                if person is not None:
                    break
            if person is None:
                person = self.select("teacher")
            self.ents[var] = person

    def _fresh(self, pool: list) -> Person | None:
        fresh = [p for p in pool if p.key not in self.used_keys]
        if not fresh:
            return None
        p = self.rng.choice(fresh)
        self.used_keys.add(p.key)
        self.used_people.append(p)
        return p

    def select(self, sel: str):
        st = self.muni.staff
        rng = self.rng
        if sel == "group":
            return self.select_group()
        if sel == "prev":
            cands = [p for p in self.used_people if p.key in self.mentioned
                     and p not in self.ents.values()]
            return rng.choice(cands) if cands else None
        if sel in ("iro", "univ", "minist"):
            return self._fresh(self.region.staff[sel])
        if sel == "teacher":
            featured = [p for s in self.featured for p in s.staff["teacher"]]  # type: ignore[attr-defined]
            same = [p for p in st["teacher"] if p.subject == self.subject]
            for pool in ([p for p in featured if p.subject == self.subject], same, featured,
                         st["teacher"]):
                p = self._fresh(pool)
                if p:
                    return p
            return None
        if sel in ("venue_dir", "venue_staff"):
            v = self.venue_school()
            if v is None:
                return self.select("dir" if sel == "venue_dir" else "teacher")
            vs = v.staff  # type: ignore[attr-defined]
            if v.skind == "детский сад":
                pool = vs["kghead"] if sel == "venue_dir" else vs["kgstaff"]
            else:
                pool = vs["dir"] if sel == "venue_dir" else vs["teacher"] + vs["zam"] + vs["primary"]
            p = self._fresh(pool)
            if p is None and sel == "venue_dir":
                # the director may already have spoken: thank him all the same
                return pool[0] if pool else None
            return p
        if sel in ("dir", "zam", "primary", "psy"):
            featured = [p for s in self.featured for p in s.staff[sel]]  # type: ignore[attr-defined]
            return self._fresh(featured) or self._fresh(st[sel])
        if sel == "young":
            return self.select("teacher")
        return self._fresh(st[sel])

    def select_group(self) -> list | None:
        rng = self.rng
        st = self.muni.staff
        kind = wchoice(rng, {"teacher": 4, "primary": 2, "dir": 0.6, "psy": 0.6, "mcmeth": 0.4,
                             "kgstaff": 0.5})
        if kind == "teacher":
            pool = [p for p in st["teacher"] if p.subject == self.subject]
        elif kind == "psy":
            pool = [p for p in st["psy"] if p.role.key == "psy"]
        elif kind == "kgstaff":
            pool = [p for p in st["kgstaff"] if p.role.key == "kg_vosp"]
        elif kind == "mcmeth":
            pool = [p for p in st["mcmeth"] if p.role.key == "mc_methodist"]
        else:
            pool = st[kind]
        pool = [p for p in pool if p.key not in self.used_keys]
        if kind in ("teacher", "primary") and rng.random() < 0.4:
            # colleagues of one school
            by_school: dict[int, list] = {}
            for p in pool:
                by_school.setdefault(id(p.school), []).append(p)
            multi = [v for v in by_school.values() if len(v) >= 2]
            if multi:
                pool = rng.choice(multi)
        if len(pool) < 2:
            pool = [p for p in st["primary"] if p.key not in self.used_keys]
            if len(pool) < 2:
                return None
        k = min(len(pool), rng.choice([2, 2, 3]))
        people = rng.sample(pool, k)
        for p in people:
            self.used_keys.add(p.key)
            self.used_people.append(p)
        return people

    def s_RESP(self, attr, after):
        cands = [p for p in self.used_people if p.key in self.mentioned]
        if not cands or self.rng.random() < 0.4:
            return ""
        people = self.rng.sample(cands, min(len(cands), self.rng.choice([1, 2])))
        names = []
        for p in people:
            style = self.pick_name_style(full_ok=False)
            names.append(self.name_text(p, "nom", style))
            self.gold.person(p, False)
        word = "ответственный" if len(people) == 1 and people[0].gender == "m" else (
            "ответственная" if len(people) == 1 else "ответственные")
        return f" (ответственные – {', '.join(names)})" if len(people) > 1 else f" ({word} – {names[0]})"

    # ------------------------------------------------------------ paragraphs
    def pick_kinds(self, middle: dict, n: int) -> list[str]:
        """n middle paragraph kinds, weighted, rarely repeated, in report order."""
        picks: list[str] = []
        counts: dict[str, int] = {}
        for _ in range(n):
            choices = {k: w / (1 + 3 * counts.get(k, 0)) for k, w in middle.items()
                       if not (k in ONCE_KINDS and counts.get(k))}
            if not choices:
                break
            k = wchoice(self.rng, choices)
            counts[k] = counts.get(k, 0) + 1
            picks.append(k)
        picks.sort(key=KIND_ORDER.index)
        return picks

    def paragraph(self, kind_name: str, target: int) -> Para:
        kind = self.pools.kinds[kind_name]
        self.ents = {}
        self.cast(kind.get("cast"))
        para = Para(kind_name, dict(self.ents), [])
        for slot in kind["s"]:
            if isinstance(slot, dict):
                if self.rng.random() >= slot["p"]:
                    continue
                slot = slot["alt"]
            para.sents.append(self.sentence(self.choose(slot)))
        while para.length() < target and self.extend(para, general=False):
            pass
        return para

    def extend(self, para: Para, general: bool = True) -> bool:
        """Add one unused sentence to a paragraph: its kind's own first, then general ones."""
        self.ents = para.ents
        pools = [self.pools.kinds[para.kind].get("more") or []]
        if general and self.family not in ("olympiad", "contest") and para.kind not in INTRO_KINDS:
            pools.append(self.pools.general)
        for pool in pools:
            fresh = [t for t in pool if t not in self.used_templates]
            if fresh:
                tpl = self.rng.choice(fresh)
                self.used_templates.add(tpl)
                text = self.sentence(tpl)
                if text:
                    para.sents.append(text)
                return True
        return False

    def build(self) -> list[Block]:
        rng = self.rng
        pools = self.pools
        blocks: list[Block] = []
        # letterhead
        if rng.random() < 0.08:
            blocks.append(Block("h", capitalize(self.org_slot(self.muni.auth, "nom"))))
        elif rng.random() < 0.04:
            y, m = self.end.year, self.end.month
            self.g_date(f"{y}-{m:02d}")
            blocks.append(Block("p", f"Информационный бюллетень {self.org_slot(self.muni.mc, 'gen')}. "
                                     f"Выпуск {rng.randint(1, 12)}, {MONTHS_NOM[m - 1]} {y} года"))
        # heading
        heads = pools.headings[self.family]
        head = rng.choice(heads)
        for j, line in enumerate(head):
            text = self.sentence(line) if j == 0 else tidy(self.render(line))
            if text:
                blocks.append(Block("h", text))
        # protocol block
        if (self.family == "mo" and rng.random() < 0.45) or (self.family == "school" and rng.random() < 0.2):
            self.g_date(self.main_date_iso)
            place = self.venue_school()
            lines = [f"Дата проведения: {self.fmt_date(self.start, 'num')}"]
            if place:
                self.gold.school(place)
                self.g_loc(place.place.nom)
                lines.append(f"Место проведения: {place.bare}, {place.place.nom}")
            lines.append(f"Присутствовали: {self.s_HC('', '')}")
            if self.title and rng.random() < 0.6:
                lines.append(f"Тема заседания: {self.s_TITLE('', '')}.")
            for ln in lines:
                blocks.append(Block("li", ln))
            if rng.random() < 0.4:
                blocks.append(Block("p", "Повестка дня:"))
                items = rng.sample(pools.phrases["agenda"][:-1], 3) + (["Разное."] if rng.random() < 0.3 else [])
                for i, it in enumerate(items, 1):
                    blocks.append(Block("li", f"{i}. " + self.sentence(it)))
        plan = pools.plans[self.family]
        n_par = max(3, min(8, round(self.target / 520)))
        overhead = sum(len(b.text) + 1 for b in blocks) + 90
        per = max(220, (self.target - overhead) // n_par)
        body: list[str] = []
        for k in plan["first"]:
            body.append(self.paragraph(k, per))
        middle = dict(plan["middle"])
        n_mid = max(1, n_par - len(plan["first"]) - len(plan["last"]))
        picks = self.pick_kinds(middle, n_mid)
        for k in picks:
            body.append(self.paragraph(k, per))
        total = lambda: sum(p.length() + 2 for p in body) + overhead  # noqa: E731
        while total() + per * len(plan["last"]) < self.target * 0.9 and len(body) + len(plan["last"]) < 8:
            last_rank = KIND_ORDER.index(picks[-1]) if picks else 0
            later = {k: w for k, w in middle.items() if KIND_ORDER.index(k) >= last_rank
                     and not (k in ONCE_KINDS and k in picks)}
            if not later:
                later = {k: w for k, w in middle.items() if k not in ONCE_KINDS}
            if not later:
                break
            k = wchoice(rng, later)
            picks.append(k)
            body.append(self.paragraph(k, per))
        # decisions
        dec_p = {"mo": 0.6, "school": 0.7, "meeting": 0.12}.get(self.family, 0)
        decision_blocks = []
        if rng.random() < dec_p:
            intro = rng.choice(["Решили:", "По итогам {EVB.gen} решено:", "Решение:"])
            if self.family == "school":
                intro = "Решение педагогического совета:"
            decision_blocks.append(Block("p", self.sentence(intro)))
            self.ents = {}
            self.cast({"A": "prev|teacher"})
            items = rng.sample(pools.phrases["decisions"], rng.randint(2, 4))
            for j, it in enumerate(items, 1):
                t = self.sentence(it)
                if self.style.decision_style == "num":
                    decision_blocks.append(Block("li", f"{j}. {t}"))
                else:
                    if not it.startswith("{") and not t[:2].isupper():
                        t = t[0].lower() + t[1:]  # not a name, not an abbreviation
                    if j < len(items):
                        t = (t if t.endswith(" г.") else t.rstrip(".")) + ";"
                    decision_blocks.append(Block("li", f"– {t}"))
        for k in plan["last"]:
            body.append(self.paragraph(k, per))
        # grow the paragraphs in the middle until the length target is met
        growable = [p for p in body if p.kind not in CLOSING_KINDS]
        while growable and total() < self.target * 0.97:
            para = min(growable, key=lambda p: p.length())
            if not self.extend(para):
                growable.remove(para)
        # assemble body: decisions before the closing paragraph(s)
        n_last = len(plan["last"])
        head_body = body[:len(body) - n_last] if n_last else body
        tail_body = body[len(body) - n_last:] if n_last else []
        bm_at = rng.randrange(len(head_body)) if (self.ext == "txt" and rng.random() < 0.01) else -1
        for j, p in enumerate(head_body):
            blocks.append(Block("p", ("[bookmark: _GoBack]" if j == bm_at else "") + p.text()))
        blocks.extend(decision_blocks)
        for p in tail_body:
            blocks.append(Block("p", p.text()))
        # speakers table
        if rng.random() < 0.08:
            blocks.extend(self.speakers_table())
        # photo credit, signature
        if rng.random() < 0.04:
            blocks.append(Block("p", f"Фото: пресс-служба {self.org_slot(self.muni.mc, 'gen')}."))
        if rng.random() < 0.5:
            blocks.extend(self.signature())
        if rng.random() < 0.06:
            blocks.append(self.executor())
        return blocks

    def speakers_table(self) -> list[Block]:
        people = [p for p in self.used_people if p.key in self.mentioned][:7]
        if len(people) < 2:
            return []
        rows = [["ФИО", "Должность", "Организация"]]
        for p in people:
            text, roles, _ = self.role_text(p, "nom", with_org=False, fem=False)
            org = p.role.org if p.role.attach != "auth" else p.role.org
            otext = org.bare if isinstance(org, School) else org.gold
            if isinstance(org, School):
                self.gold.school(org)
            else:
                self.g_org(org)
            self.gold.person(p, True, roles, otext)
            rows.append([p.gold_full(), text, otext])
        return [Block("p", self.rng.choice(["Список выступающих:", "Выступающие:"])), Block("table", rows=rows)]

    def signature(self) -> list[Block]:
        rng = self.rng
        fam = self.family
        if fam == "mo":
            lead = next((p for p in self.used_people if p.key in self.mentioned
                         and p.role.key.startswith("teacher")), None)
            if lead is not None and rng.random() < 0.7:
                out = [Block("sig", f"Руководитель РМО{GAP}{lead.initials(self.style.init_sep)} {lead.surname}")]
                self.gold.person(lead, False, ["руководитель РМО"])
                if rng.random() < 0.6:
                    sec = self.select("teacher")
                    if sec is not None:
                        out.append(Block("sig", f"Секретарь{GAP}{sec.initials(self.style.init_sep)} {sec.surname}"))
                        self.gold.person(sec, False, ["секретарь"])
                        self.mentioned[sec.key] = 1
                return out
        sel = rng.choice(["mcmeth", "mcdir", "spec", "head", "deputy"])
        if fam == "school":
            sel = "venue_dir"
        p = self.select(sel) or self.select("mcmeth")
        if p is None:
            return []
        self.mentioned[p.key] = self.mentioned.get(p.key, 0) + 1
        text, roles, ogold = self.role_text(p, "nom", with_org=True, fem=False, intro=False)
        self.gold.person(p, False, roles, ogold)
        text = capitalize(text)
        name = f"{p.initials(self.style.init_sep)} {p.surname}"
        if len(text) > 48 and rng.random() < 0.6:
            cut = text.rfind(" ", 0, len(text) // 2 + 10)
            if cut > 0:
                return [Block("sig", text[:cut]), Block("sig", f"{text[cut + 1:]}{GAP}{name}")]
        if rng.random() < 0.2:
            verb = "Справку подготовил" if p.gender == "m" else "Справку подготовила"
            return [Block("p", f"{verb} {text[0].lower() + text[1:]} {name}.")]
        return [Block("sig", f"{text}{GAP}{name}")]

    def executor(self) -> Block:
        p = self.select("spec") or self.select("mcmeth")
        if p is None:
            return Block("p", "")
        self.gold.person(p, False, ["исполнитель"])
        self.mentioned[p.key] = 1
        rng = self.rng
        code = f"{rng.randint(3, 9)}{rng.randint(1000, 9999)}"
        tel = f"{rng.randint(2, 7)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
        return Block("p", f"Исп.: {p.initials(self.style.init_sep)} {p.surname}, тел. 8 ({code}) {tel}")


def tidy(s: str) -> str:
    """Spaces and stops left by empty slots (no title) and names ending in an initial."""
    s = re.sub(r"[ ]{2,}", " ", s)
    s = re.sub(r" +([.,;:)])", r"\1", s)
    s = s.replace("..", ".").replace("( ", "(")
    return s.strip()


def capitalize(s: str) -> str:
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1:] if ch.islower() else s
        if ch not in "«\"“ ":
            return s
    return s


def join_ru(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " и " + items[-1]


# ===========================================================================
# Typography and output
# ===========================================================================


def apply_style(text: str, style: Style) -> str:
    if style.quotes != "«»":
        text = text.replace("«", style.quotes[0]).replace("»", style.quotes[1])
    if style.numsign != "№ ":
        text = text.replace("№ ", style.numsign)
    if style.dash != " – ":
        text = text.replace(" – ", style.dash)
    if not style.yo:
        text = text.replace("ё", "е").replace("Ё", "Е")
    if style.nbsp:
        text = re.sub(r"\b(г\.|ст\.|с\.|пос\.) ", "\\1\u00a0", text)
    return text


def render_txt(blocks: list[Block], doc: Doc) -> str:
    rng = doc.rng
    lines: list[str] = []
    prev = None
    for b in blocks:
        if b.kind == "table":
            for i, row in enumerate(b.rows[1:], 1):
                lines.append(f"{i}. {row[0]} – {row[1]}, {row[2]}")
            prev = "li"
            continue
        if not b.text:
            continue
        text = b.text
        if b.kind == "sig":
            text = text.replace(GAP, " " * rng.randint(8, 40))
            if prev not in ("sig",):
                lines.append("")
                lines.append("")
        elif b.kind == "li" and prev in ("li", "colon"):
            pass
        elif lines:
            if not (b.kind == "h" and prev == "h"):
                lines.append("")
        lines.append(text)
        prev = "colon" if b.kind == "p" and text.endswith(":") else b.kind
    return apply_style("\n".join(lines) + "\n", doc.style)


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_xml(text)}</w:t></w:r>'


def render_docx_body(blocks: list[Block], doc: Doc) -> str:
    st = doc.style
    out = []
    for b in blocks:
        if b.kind == "table":
            rows = b.rows
            widths = [3200, 3000, 3150]
            grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
            trs = []
            for r, row in enumerate(rows):
                tcs = "".join(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr>'
                    f"<w:p>{_run(apply_style(cell, st), bold=(r == 0))}</w:p></w:tc>"
                    for c, cell in enumerate(row))
                trs.append(f"<w:tr>{tcs}</w:tr>")
            out.append('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
                       f'<w:jc w:val="center"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(trs)}</w:tbl>')
            out.append("<w:p/>")
            continue
        if not b.text:
            continue
        text = apply_style(b.text, st)
        if b.kind == "h":
            out.append(f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{_run(text, bold=True)}</w:p>')
        elif b.kind == "sig":
            left, _, right = text.partition(GAP)
            runs = _run(left) + ("<w:r><w:tab/></w:r>" + _run(right) if right else "")
            out.append('<w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="9355"/></w:tabs></w:pPr>'
                       f"{runs}</w:p>")
        elif b.kind == "li":
            out.append(f'<w:p><w:pPr><w:ind w:left="360"/><w:jc w:val="both"/></w:pPr>{_run(text)}</w:p>')
        else:
            if text.startswith("[bookmark: _GoBack]"):
                text = text[len("[bookmark: _GoBack]"):]
            out.append('<w:p><w:pPr><w:ind w:firstLine="709"/><w:jc w:val="both"/></w:pPr>'
                       f"{_run(text)}</w:p>")
    return "".join(out)


FIXED_ZIP_TIME = (2022, 12, 20, 9, 0, 0)


class DocxWriter:
    """Writes .docx files from a python-docx base template, fast and byte-reproducible.

    The base package (styles, settings, theme …) is made once with python-docx,
    with pinned core properties; its parts are deflated once and reused, only
    ``word/document.xml`` is compressed per document. Zip entries carry a fixed
    timestamp.
    """

    def __init__(self) -> None:
        import zipfile

        import docx
        from docx.shared import Pt

        d = docx.Document()
        normal = d.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(12)
        cp = d.core_properties
        cp.author = "user"
        cp.last_modified_by = "user"
        cp.created = cp.modified = dt.datetime(*FIXED_ZIP_TIME)
        cp.revision = 1
        cp.title = ""
        cp.comments = ""
        buf = io.BytesIO()
        d.save(buf)
        z = zipfile.ZipFile(buf)
        self.entries = []
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                i = text.index("<w:body>") + len("<w:body>")
                j = text.index("<w:sectPr")
                self.doc_head, self.doc_tail = text[:i], text[j:]
                self.entries.append((info.filename, None))
            else:
                self.entries.append((info.filename, self._pack(data)))
        dosdate = (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 | FIXED_ZIP_TIME[2]
        dostime = FIXED_ZIP_TIME[3] << 11 | FIXED_ZIP_TIME[4] << 5 | FIXED_ZIP_TIME[5] // 2
        self.dos = (dostime, dosdate)

    @staticmethod
    def _pack(data: bytes) -> tuple:
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        comp = c.compress(data) + c.flush()
        return zlib.crc32(data), len(data), comp

    def build(self, body_xml: str) -> bytes:
        out = io.BytesIO()
        central = []
        for name, packed in self.entries:
            if packed is None:
                packed = self._pack((self.doc_head + body_xml + self.doc_tail).encode("utf-8"))
            crc, size, comp = packed
            offset = out.tell()
            nb = name.encode("ascii")
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, *self.dos, crc, len(comp),
                                  size, len(nb), 0))
            out.write(nb)
            out.write(comp)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, 0, 8, *self.dos,
                                       crc, len(comp), size, len(nb), 0, 0, 0, 0, 0o644 << 16,
                                       offset) + nb)
        cd_start = out.tell()
        for c in central:
            out.write(c)
        cd_size = out.tell() - cd_start
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), cd_size,
                              cd_start, 0))
        return out.getvalue()


def doc_filename(doc: Doc, index: int, width: int) -> str:
    slug = doc.fkey.replace(" ", "_")
    return f"{doc.start.isoformat()}_{slug}_{index:0{width}d}.{doc.ext}"


def safe_folder(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|]', "_", name)


def generate(out_dir: Path, n: int, seed: int = 1, formats: tuple = ("txt",), chars: int = 3000,
             gold: bool = False, quiet: bool = True, force: bool = False) -> dict:
    """Write the archive; return the manifest (also written as manifest.json)."""
    out_dir = Path(out_dir)
    _prepare_out(out_dir, force)
    pools = Pools()
    world = World(pools, seed)
    docx_writer = DocxWriter() if "docx" in formats else None
    fmt_rng = random.Random(f"svodka-formats:{seed}")
    width = max(4, len(str(n)))
    entries = []
    counts = {f: 0 for f in formats}
    total_chars = 0
    gold_lines = []
    t0 = time.perf_counter()
    for i in range(1, n + 1):
        fmt = formats[0] if len(formats) == 1 else fmt_rng.choice(formats)
        doc = Doc(world, i, seed, chars, fmt)
        blocks = doc.build()
        text = render_txt(blocks, doc)
        rel = Path(safe_folder(doc.muni.folder)) / doc_filename(doc, i, width)
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "txt":
            path.write_bytes(text.encode("utf-8"))
        else:
            path.write_bytes(docx_writer.build(render_docx_body(blocks, doc)))
        n_chars = len(text)
        total_chars += n_chars
        counts[fmt] += 1
        entries.append({"path": rel.as_posix(), "format": fmt, "chars": n_chars,
                        "municipality": doc.muni.nom, "region": doc.region.nom,
                        "event_format": doc.fkey, "date": doc.main_date_iso})
        if gold:
            gold_lines.append(json.dumps(doc.gold.finish(rel.as_posix()), ensure_ascii=False))
        if not quiet and i % 1000 == 0:
            print(f"{i}/{n} documents, {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    manifest = {
        "generator": "benchmarks/generate_archive.py",
        "version": GENERATOR_VERSION,
        "n": n,
        "seed": seed,
        "chars_target": chars,
        "total_chars": total_chars,
        "mean_chars": round(total_chars / n, 1) if n else 0,
        "formats": counts,
        "municipalities": len({e["municipality"] for e in entries}),
        "gold": "gold.jsonl" if gold else None,
        "documents": entries,
    }
    if gold:
        (out_dir / "gold.jsonl").write_text("\n".join(gold_lines) + ("\n" if gold_lines else ""),
                                            encoding="utf-8")
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _prepare_out(out_dir: Path, force: bool) -> None:
    """Remove what a previous run wrote (as its manifest lists), and only that."""
    if not out_dir.exists():
        out_dir.mkdir(parents=True)
        return
    manifest = out_dir / "manifest.json"
    if manifest.is_file():
        try:
            old = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
        for e in old.get("documents", []):
            p = out_dir / e["path"]
            if p.is_file():
                p.unlink()
            try:
                p.parent.rmdir()
            except OSError:
                pass
        if old.get("gold") and (out_dir / old["gold"]).is_file():
            (out_dir / old["gold"]).unlink()
        manifest.unlink()
        return
    if any(out_dir.iterdir()) and not force:
        raise SystemExit(f"{out_dir} is not empty and has no manifest.json; use --force to write into it")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate a deterministic synthetic archive of Russian event reports.")
    ap.add_argument("out_dir", type=Path, help="output folder")
    ap.add_argument("--n", type=int, default=5000, help="number of reports (default 5000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--formats", default="txt", help="comma-separated: txt, docx (default txt)")
    ap.add_argument("--chars", type=int, default=3000, help="mean report length in characters (default 3000)")
    ap.add_argument("--gold", action="store_true", help="also write gold.jsonl (GOLD_FORMAT.md)")
    ap.add_argument("--force", action="store_true", help="write into a non-empty folder without a manifest")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    bad = [f for f in formats if f not in ("txt", "docx")]
    if bad or not formats:
        ap.error(f"unsupported format(s): {', '.join(bad) or '(none)'}; use txt and/or docx")
    if args.n < 0 or args.chars < 200:
        ap.error("--n must be >= 0 and --chars >= 200")
    t0 = time.perf_counter()
    m = generate(args.out_dir, args.n, args.seed, formats, args.chars, args.gold, args.quiet, args.force)
    if not args.quiet:
        print(f"wrote {m['n']} reports ({m['formats']}), {m['total_chars']} characters, "
              f"mean {m['mean_chars']}, in {time.perf_counter() - t0:.1f} s -> {args.out_dir}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
