#!/usr/bin/env python3
"""Build the bundled sample archive ``data/raw/`` from ``data/sample_src/``.

Every report of the sample archive is invented: the texts, people and events
are fictional (places are real Russian regions and districts). Each report's
plain source is one UTF-8 file in ``data/sample_src/``; this script renders it
into the format, encoding and file name listed in ``MANIFEST`` below, so the
archive can be rebuilt and changed reproducibly. The gold annotation of the
result is ``eval/sample-gold.jsonl`` for the tidy reports 01-29 and
``eval/sample-messy-gold.jsonl`` for the less tidy ones 30- (see ``eval/README.md``).

Source conventions (one paragraph per line; blank lines only separate):

* ``# Title``           - a heading: bold centred paragraph in docx/odt/doc/rtf,
                          ``<h1>`` in html, the bare line in plain text.
* ``[table]`` ... ``[/table]`` - a table; one row per line, cells separated by
                          `` | ``, the first row is the header (docx/odt/rtf).
* ``[header] text`` / ``[footer] text`` - the page header/footer (docx only).
* ``[bookmark: _GoBack]`` - Word's hidden "last edit" bookmark. Plain-text
                          outputs keep it literally, glued to the next
                          paragraph (as some doc-to-text converters print it);
                          docx/rtf get a real ``_GoBack`` bookmark instead.
* ``{NBSP}`` / ``{SHY}`` - a non-breaking space (U+00A0) / a soft hyphen (U+00AD).
* A run of 5+ spaces inside a line (signature blocks) stays spaces in plain
  text and becomes a tab in word-processor formats.

Formats: ``txt`` (encoding, BOM and line ends per entry), ``docx`` (python-docx),
``odt`` (odfpy), ``rtf`` (written here the way Word does: ``\\ansicpg1251``
with ``\\'xx`` escapes), ``html`` (the article inside site chrome: menu,
breadcrumbs, sidebar, footer; or, for the sites in ``PAGES``, a page of a
small site builder: the site's or school's name in the header, a dateline, a
line of view counts, the publication time only in the meta tags), ``doc`` and
``pdf`` (a docx/odt rendered by LibreOffice: ``soffice --headless
--convert-to``), ``pdf-column`` (a narrow column whose lines are broken and
hyphenated here, rendered by LibreOffice), and ``zip`` members
(``archive.zip/folder/file``, folders such as ``2024/05/`` included). An
entry's ``opts``: ``site`` (html), ``created`` (the docx/rtf creation date,
default ``FIXED_TIME``).

Usage::

    python scripts/build_sample_archive.py            # rebuild data/raw/
    python scripts/build_sample_archive.py --out DIR  # somewhere else

Outputs are byte-reproducible on one machine: docx/odt/zip get fixed
timestamps, PDFs a pinned creation date and /ID (LibreOffice output may still
differ between LibreOffice versions). Without ``soffice`` on PATH the doc/pdf
files are skipped with a warning and the existing ones are kept. LibreOffice
comes from Debian: ``apt-get install -y libreoffice-writer-nogui``.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "data" / "sample_src"
FIXED_TIME = (2022, 12, 20, 9, 0, 0)


@dataclass(frozen=True)
class Entry:
    src: str                      # file in data/sample_src/
    out: str                      # path relative to the output root
    fmt: str                      # txt, docx, odt, rtf, html, doc, pdf, pdf-column
    encoding: str = "utf-8"       # txt only: utf-8, utf-8-sig, cp1251, koi8-r, utf-16
    crlf: bool = False            # txt only: CRLF line ends
    opts: dict = field(default_factory=dict)


ZIP_NAME = "Староминский_район_отчеты_2022.zip"
ZIP_DIR = "Староминский район"
BUZULUK_ZIP = "Бузулук_методическая_работа.zip"  # members in dated folders: 2024/03/…
ZIP_TIMES = {BUZULUK_ZIP: (2024, 5, 20, 16, 0, 0)}  # when an archive's members were saved (default FIXED_TIME)

MANIFEST: list[Entry] = [
    Entry("01_starominskaya_poster.txt", "2022-10-14_постер-сессия_Староминская.txt", "txt", "utf-8-sig"),
    Entry("02_kochenevo_rmo_math.txt", "otchet_RMO_matematiki_Kochenevo.txt", "txt"),
    Entry("03_elabuga_round_table.txt", "Информация о проведении круглого стола.txt", "txt", "utf-8-sig", crlf=True),
    Entry("04_cherepovets_masterclass.txt", "news_2022_11_master-klass_Cherepovets.txt", "txt"),
    Entry("05_shilka_august_conference.txt", "avgustovskaya_konferenciya_Shilka.txt", "txt", crlf=True),
    Entry("06_almetyevsk_open_lessons.txt", "2022-12-07_otkrytye_uroki_Almetyevsk.txt", "txt"),
    Entry("07_kushchevskaya_olympiad.txt", "olimpiada_itogi_municipalnyi_etap_Kushchevskaya.txt", "txt"),
    Entry("08_vologda_cnppm_courses.txt", "kursy_PK_CNPPM_Vologda.txt", "txt"),
    Entry("09_aginsky_method_day.txt", "Единый_методический_день_Агинский_район.txt", "txt"),
    Entry("10_berdsk_seminar_practicum.txt", "Информация_семинар-практикум_Бердск.txt", "txt", "cp1251", crlf=True),
    Entry("11_chita_pedsovet.txt", "pedsovet_gimnaziya4_Chita.txt", "txt", "cp1251", crlf=True),
    Entry("12_totma_teacher_of_year.txt", "Итоги_конкурса_Учитель_года_Тотьма.txt", "txt", "cp1251"),
    Entry("13_iskitim_forum.txt", "forum_molodyh_pedagogov_Iskitim.txt", "txt", "koi8-r"),
    Entry("14_nizhnekamsk_webinar.txt", "vebinar_FIOKO_Nizhnekamsk.txt", "txt", "utf-16", crlf=True),
    Entry("15_vologda_strategic_session.txt", "2022-09-28_стратегическая_сессия_Вологда.docx", "docx"),
    Entry("16_eysk_teacher_contest.txt", "Отчет_конкурс_Воспитатель_года_Ейск.docx", "docx"),
    Entry("17_chitinsky_seminar.txt", "seminar-soveshchanie_Chitinsky_rayon.docx", "docx"),
    Entry("18_elabuga_mo_primary.txt", "otchet_MO_nachalnye_klassy_Elabuga.doc", "doc"),
    Entry("19_cherepovets_august_section.txt", "Справка_августовская_секция_ИЯ_2022.doc", "doc"),
    Entry("20_almetyevsk_seminar.txt", "otchet_seminar.rtf", "rtf"),
    Entry("21_kushchevskaya_method_desant.txt", "Информация_методический_десант.rtf", "rtf"),
    Entry("22_nizhnekamsk_forum.txt", "Itogi_foruma_Nizhnekamsk_2022.pdf", "pdf"),
    Entry("23_kochenevo_bulletin.txt", "bulletin_CRO_Kochenevo_vyp3_2022.pdf", "pdf-column"),
    Entry("24_berdsk_news.txt", "news_4512.html", "html", opts={"site": "berdsk"}),
    Entry("25_chita_news.txt", "Новости_комитет_образования_Чита.html", "html", opts={"site": "chita"}),
    Entry("26_sokol_rmo_russian.txt", "protokol_RMO_russkiy_yazyk_Sokol.odt", "odt"),
    Entry("27_zip_starominsky_seminar.txt", f"{ZIP_NAME}/{ZIP_DIR}/2022-11-23_семинар-практикум_СОШ1.docx", "docx"),
    Entry("28_zip_starominsky_rmo_history.txt", f"{ZIP_NAME}/{ZIP_DIR}/Информация РМО истории.txt", "txt", "cp1251", crlf=True),
    Entry("29_zip_starominsky_npk.txt", f"{ZIP_NAME}/{ZIP_DIR}/otchet_NPK_Pervye_shagi.rtf", "rtf"),
    # less tidy reports, written the way regional sites write (eval/sample-messy-gold.jsonl):
    # site chrome, news style, dates whose year is only in a dateline, the page's
    # metadata, the document's properties or the file's or folder's name
    Entry("30_ust_kut_forum.txt", "Новости_форум_молодых_педагогов_Усть-Кут.txt", "txt"),
    Entry("31_sterlitamak_gmo_chemistry.txt", "novosti_shkola17_zasedanie_GMO_himii.html", "html",
          opts={"site": "sterlitamak17"}),
    Entry("32_chaykovsky_fair.txt", "yarmarka_pedagogicheskih_idey_Chaykovsky.html", "html",
          opts={"site": "chaykovsky"}),
    Entry("33_slobodskoy_exhibition.txt", "Информация_выставка_методических_разработок_Слободской.docx", "docx",
          opts={"created": (2024, 4, 19, 15, 42, 0)}),
    Entry("34_kamen_debut.txt", "Pedagogicheskiy_debyut_Kamen-na-Obi.txt", "txt", "cp1251", crlf=True),
    Entry("35_ishim_quest.txt", "2023-11-17_kvest_uchitelya_istorii_Ishim.txt", "txt", "koi8-r"),
    Entry("36_zip_buzuluk_mentors.txt", f"{BUZULUK_ZIP}/2024/03/Справка_семинар_наставники.rtf", "rtf",
          opts={"created": (2024, 3, 29, 11, 5, 0)}),
    Entry("37_zip_buzuluk_rmo_math.txt", f"{BUZULUK_ZIP}/2024/05/Информация_РМО_математики.txt", "txt", "cp1251",
          crlf=True),
    Entry("38_balashov_rmo_primary.txt", "Информация_РМО_начальные_классы_Балашов.rtf", "rtf",
          opts={"created": (2023, 2, 17, 10, 20, 0)}),
    Entry("39_tara_readings.txt", "itogi_pedagogicheskih_chteniy_Tara.odt", "odt"),
    Entry("40_shadrinsk_directors.txt", "Совещание_руководителей_Шадринск.docx", "docx",
          opts={"created": (2023, 8, 25, 8, 30, 0)}),
    Entry("41_georgievsk_theatre_festival.txt", "v-georgievske-vybrali-luchshiy-shkolnyy-teatr.html", "html",
          opts={"site": "georgievsk"}),
    Entry("42_rostov_seminar.txt", "seminar-praktikum_zamestiteley_Rostov.txt", "txt", "cp1251"),
    Entry("43_kansk_forestry_rally.txt", "slet_shkolnyh_lesnichestv_Kansky_rayon.txt", "txt"),
    Entry("44_mozhga_marathon.txt", "Итоги_педагогического_марафона_Можга.docx", "docx",
          opts={"created": (2024, 1, 31, 14, 0, 0)}),
    Entry("45_yakovlevsky_excursion.txt", "Metodicheskaya_ekskursiya_Yakovlevsky.txt", "txt", "utf-8-sig"),
    Entry("46_rzhev_conference.txt", "gimnaziya10_konferenciya_Pervye_otkrytiya.html", "html", opts={"site": "rzhev10"}),
    Entry("47_kondopoga_young_teachers.txt", "Новости_встреча_с_молодыми_педагогами_Кондопога.txt", "txt", crlf=True),
]


# --------------------------------------------------------------------------
# Parsing the source convention
# --------------------------------------------------------------------------

@dataclass
class Block:
    kind: str            # "p", "h", "table", "bookmark"
    text: str = ""
    rows: list[list[str]] | None = None


@dataclass
class Doc:
    blocks: list[Block]
    header: str | None = None
    footer: str | None = None


def expand(text: str) -> str:
    return text.replace("{NBSP}", "\u00a0").replace("{SHY}", "\u00ad")


def parse(path: Path) -> Doc:
    lines = path.read_text(encoding="utf-8").splitlines()
    doc = Doc(blocks=[])
    i = 0
    while i < len(lines):
        line = expand(lines[i].rstrip())
        i += 1
        if not line.strip():
            continue
        if line.startswith("[header] "):
            doc.header = line[len("[header] "):]
        elif line.startswith("[footer] "):
            doc.footer = line[len("[footer] "):]
        elif line.strip() == "[bookmark: _GoBack]":
            doc.blocks.append(Block("bookmark"))
        elif line.strip() == "[table]":
            rows = []
            while lines[i].strip() != "[/table]":
                rows.append([expand(c.strip()) for c in lines[i].split(" | ")])
                i += 1
            i += 1
            doc.blocks.append(Block("table", rows=rows))
        elif line.startswith("# "):
            doc.blocks.append(Block("h", line[2:]))
        else:
            doc.blocks.append(Block("p", line))
    return doc


SIG_GAP = re.compile(r" {5,}")


# --------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------

def render_plain_source(path: Path) -> str:
    """The source as plain text: markers resolved, layout (blank lines,
    signature spacing) kept as written."""
    out: list[str] = []
    glue = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = expand(raw.rstrip())
        if line.strip() == "[bookmark: _GoBack]":
            glue = True
            continue
        if line.startswith("# "):
            line = line[2:]
        if glue and line.strip():
            line = "[bookmark: _GoBack]" + line
            glue = False
        out.append(line)
    return "\n".join(out).rstrip("\n") + "\n"


def build_txt(e: Entry, text: str) -> bytes:
    if e.crlf:
        text = text.replace("\n", "\r\n")
    if e.encoding == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(e.encoding)  # strict: a character the code page lacks is a bug


# --------------------------------------------------------------------------
# docx (python-docx)
# --------------------------------------------------------------------------

def _docx_bookmark(paragraph, name: str = "_GoBack", bid: str = "0") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), bid)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), bid)
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    idx = list(p).index(ppr) + 1 if ppr is not None else 0
    p.insert(idx, end)
    p.insert(idx, start)


def _docx_text(paragraph, text: str, bold: bool = False) -> None:
    parts = SIG_GAP.split(text)
    for k, part in enumerate(parts):
        if k:
            paragraph.add_run().add_tab()
        run = paragraph.add_run(part)
        run.bold = bold


def build_docx(doc: Doc, created: tuple = FIXED_TIME) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    cp = d.core_properties
    import datetime as _dt
    cp.author = "user"
    cp.last_modified_by = "user"
    cp.created = cp.modified = _dt.datetime(*created)
    cp.revision = 1
    cp.title = ""
    cp.comments = ""
    sec = d.sections[0]
    if doc.header:
        sec.header.paragraphs[0].text = doc.header
        sec.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.footer:
        sec.footer.paragraphs[0].text = doc.footer
    pending_bookmark = False
    for b in doc.blocks:
        if b.kind == "bookmark":
            pending_bookmark = True
            continue
        if b.kind == "table":
            rows = b.rows or []
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = ""
                    _docx_text(t.cell(r, c).paragraphs[0], cell, bold=(r == 0))
            d.add_paragraph()
            continue
        p = d.add_paragraph()
        if b.kind == "h":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _docx_text(p, b.text, bold=True)
        else:
            p.paragraph_format.first_line_indent = Pt(28) if not SIG_GAP.search(b.text) else None
            _docx_text(p, b.text)
        if pending_bookmark:
            _docx_bookmark(p)
            pending_bookmark = False
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue())


# --------------------------------------------------------------------------
# odt (odfpy)
# --------------------------------------------------------------------------

def build_odt(doc: Doc, column: list[str] | None = None) -> bytes:
    """An .odt of the document; with ``column``, a narrow page whose lines
    are exactly the given pre-broken lines (for the hyphenated PDF)."""
    from odf.opendocument import OpenDocumentText
    from odf.style import (
        MasterPage,
        PageLayout,
        PageLayoutProperties,
        ParagraphProperties,
        Style,
        TableCellProperties,
        TextProperties,
    )
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import LineBreak, P, Tab

    od = OpenDocumentText()
    pl = PageLayout(name="PL")
    if column is not None:
        pl.addElement(PageLayoutProperties(pagewidth="11cm", pageheight="29.7cm",
                                           margintop="1.5cm", marginbottom="1.5cm",
                                           marginleft="1cm", marginright="1cm"))
    else:
        pl.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm",
                                           margintop="2cm", marginbottom="2cm",
                                           marginleft="3cm", marginright="1.5cm"))
    od.automaticstyles.addElement(pl)
    od.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=pl))

    body = Style(name="Body", family="paragraph")
    body.addElement(TextProperties(fontname="Liberation Serif", fontfamily="'Liberation Serif'",
                                   fontsize="9.5pt" if column is not None else "12pt",
                                   language="ru", country="RU"))
    body.addElement(ParagraphProperties(marginbottom="0.2cm",
                                        textindent="0cm" if column is not None else "1cm"))
    od.styles.addElement(body)
    head = Style(name="Head", family="paragraph")
    head.addElement(TextProperties(fontsize="10pt" if column is not None else "13pt",
                                   fontweight="bold", fontname="Liberation Serif",
                                   fontfamily="'Liberation Serif'"))
    head.addElement(ParagraphProperties(textalign="center", marginbottom="0.3cm"))
    od.styles.addElement(head)
    cellst = Style(name="Cell", family="table-cell")
    cellst.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    od.automaticstyles.addElement(cellst)

    if column is not None:
        for para in column:
            if para.startswith("# "):
                od.text.addElement(P(stylename=head, text=para[2:]))
                continue
            p = P(stylename=body)
            lines = para.split("\n")
            for k, ln in enumerate(lines):
                if k:
                    p.addElement(LineBreak())
                p.addText(ln)
            od.text.addElement(p)
    else:
        for b in doc.blocks:
            if b.kind == "bookmark":
                continue
            if b.kind == "h":
                od.text.addElement(P(stylename=head, text=b.text))
            elif b.kind == "table":
                rows = b.rows or []
                t = Table(name=f"Table{id(b) % 1000}")
                t.addElement(TableColumn(numbercolumnsrepeated=len(rows[0])))
                for row in rows:
                    tr = TableRow()
                    for cell in row:
                        tc = TableCell(stylename=cellst)
                        tc.addElement(P(stylename=body, text=cell))
                        tr.addElement(tc)
                    t.addElement(tr)
                od.text.addElement(t)
            else:
                p = P(stylename=body)
                for k, part in enumerate(SIG_GAP.split(b.text)):
                    if k:
                        p.addElement(Tab())
                    p.addText(part)
                od.text.addElement(p)
    od.meta.childNodes[:] = []  # no generator/creation-date metadata
    buf = io.BytesIO()
    od.write(buf)
    return normalize_zip(buf.getvalue())


# --------------------------------------------------------------------------
# rtf, as Word writes it: \ansicpg1251 and \'xx escapes
# --------------------------------------------------------------------------

def rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("\\tab ")
        elif ch == "\u00a0":
            out.append("\\~")
        elif ch == "\u00ad":
            out.append("\\-")
        elif ord(ch) < 128:
            out.append(ch)
        else:
            try:
                b = ch.encode("cp1251")
                out.append("\\'%02x" % b[0])
            except UnicodeEncodeError:
                code = ord(ch)
                out.append("\\u%d\\'3f" % (code if code < 32768 else code - 65536))
    return "".join(out)


RTF_HEAD = (
    "{\\rtf1\\adeflang1025\\ansi\\ansicpg1251\\uc1\\adeff0\\deff0\\stshfdbch0\\stshfloch0"
    "\\stshfhich0\\stshfbi0\\deflang1049\\deflangfe1049\\themelang1049\\themelangfe0\\themelangcs0\r\n"
    "{\\fonttbl{\\f0\\fbidi \\froman\\fcharset204\\fprq2{\\*\\panose 02020603050405020304}Times New Roman;}"
    "{\\f1\\fbidi \\fswiss\\fcharset204\\fprq2{\\*\\panose 020f0502020204030204}Calibri;}}\r\n"
    "{\\colortbl;\\red0\\green0\\blue0;}\r\n"
    "{\\stylesheet{\\ql \\li0\\ri0\\sa160\\sl259\\slmult1\\widctlpar\\wrapdefault\\aspalpha\\aspnum\\faauto"
    "\\adjustright\\rin0\\lin0\\itap0 \\rtlch\\fcs1 \\af0\\afs24\\alang1025 \\ltrch\\fcs0 "
    "\\f0\\fs24\\lang1049\\langfe1049\\cgrid\\langnp1049\\langfenp1049 \\snext0 \\sqformat \\spriority0 Normal;}}\r\n"
    "{\\*\\generator Microsoft Word 11.0.8134;}{\\info{\\author user}{\\operator user}"
    "{\\creatim@TIME@}{\\revtim@TIME@}}\r\n"
    "\\paperw11906\\paperh16838\\margl1701\\margr850\\margt1134\\margb1134\\gutter0\\ltrsect \r\n"
    "\\widowctrl\\ftnbj\\aenddoc\\hyphhotz425\\trackmoves0\\trackformatting1\\donotembedsysfont1"
    "\\relyonvml0\\donotembedlingdata0\\grfdocevents0\\validatexml1\\showplaceholdtext0"
    "\\ignoremixedcontent0\\saveinvalidxml0\\showxmlerrors1\\noxlattoyen\\expshrtn\\noultrlspc"
    "\\dntblnsbdb\\nospaceforul\\formshade\\horzdoc\\dgmargin\\dghspace180\\dgvspace180\\dghorigin1701"
    "\\dgvorigin1134\\dghshow1\\dgvshow1\\jexpand\\viewkind1\\viewscale100\\pgbrdrhead\\pgbrdrfoot"
    "\\splytwnine\\ftnlytwnine\\htmautsp\\nolnhtadjtbl\\useltbaln\\alntblind\\lytcalctblwd\\lyttblrtgr"
    "\\lnbrkrule\\nobrkwrptbl\\snaptogridincell\\allowfieldendsel\\wrppunct\\asianbrkrule\\rsidroot3345821"
    "\\newtblstyruls\\nogrowautofit\\usenormstyforlist\\noindnmbrts\\felnbrelev\\nocxsptable\\indrmrg"
    "\\relyonvml0\\donotembedsysfont1\\fet0\r\n"
)
RTF_PARA = ("\\pard\\plain \\ltrpar\\{align}\\li0\\ri0\\sa160\\sl259\\slmult1\\widctlpar\\wrapdefault"
            "\\aspalpha\\aspnum\\faauto\\adjustright\\rin0\\lin0\\itap0{indent} \\rtlch\\fcs1 \\af0\\afs24"
            "\\alang1025 \\ltrch\\fcs0 \\f0\\fs24\\lang1049\\langfe1049\\cgrid\\langnp1049\\langfenp1049 ")


def build_rtf(doc: Doc, created: tuple = FIXED_TIME) -> bytes:
    time = "\\yr%d\\mo%d\\dy%d\\hr%d\\min%d" % created[:5]  # the document's creation and revision time
    parts = [RTF_HEAD.replace("@TIME@", time)]
    pending_bookmark = False
    for b in doc.blocks:
        if b.kind == "bookmark":
            pending_bookmark = True
            continue
        if b.kind == "table":
            rows = b.rows or []
            width = 9355 // len(rows[0])
            for r, row in enumerate(rows):
                parts.append("\\trowd \\irow%d\\irowband%d\\ltrrow\\ts11\\trgaph108\\trleft-108" % (r, r))
                for c in range(len(row)):
                    parts.append("\\clbrdrt\\brdrs\\brdrw10 \\clbrdrl\\brdrs\\brdrw10 \\clbrdrb\\brdrs\\brdrw10 "
                                 "\\clbrdrr\\brdrs\\brdrw10 \\cellx%d" % (width * (c + 1) - 108))
                parts.append("\r\n")
                for cell in row:
                    txt = rtf_escape(cell)
                    if r == 0:
                        txt = "{\\b " + txt + "}"
                    parts.append("\\pard\\plain \\ltrpar\\ql \\intbl\\f0\\fs24\\lang1049 " + txt + "\\cell ")
                parts.append("\\row \r\n")
            continue
        text = b.text
        if b.kind == "h":
            body = "{\\rtlch\\fcs1 \\ab\\af0 \\ltrch\\fcs0 \\b\\insrsid3345821 " + rtf_escape(text) + "}"
            parts.append(RTF_PARA.format(align="qc", indent="") + body + "\\par\r\n")
            continue
        text = SIG_GAP.sub("\t", text)
        body = ""
        if pending_bookmark:
            body += "{\\*\\bkmkstart _GoBack}{\\*\\bkmkend _GoBack}"
            pending_bookmark = False
        body += "{\\rtlch\\fcs1 \\af0 \\ltrch\\fcs0 \\insrsid3345821 " + rtf_escape(text) + "}"
        indent = "" if "\t" in text else "\\fi709"
        parts.append(RTF_PARA.format(align="qj" if not indent == "" else "ql", indent=indent) + body + "\\par\r\n")
    parts.append("}")
    return "".join(parts).encode("ascii")


# --------------------------------------------------------------------------
# html: the article inside a site's chrome
# --------------------------------------------------------------------------

SITES = {
    "berdsk": {
        "org": "МБУ «Информационно-методический центр» г. Бердска",
        "menu": ["Главная", "О центре", "Новости", "Методическая работа", "Конкурсы", "Аттестация",
                 "Документы", "Контакты"],
        "side_title": "Разделы",
        "side": ["Новости", "Объявления", "Методическая копилка", "Фотогалерея", "Вопрос – ответ"],
        "footer": ["МБУ «Информационно-методический центр» г. Бердска",
                   "Адрес: 633010, г. Бердск, ул. Первомайская, д. 7, каб. 12",
                   "Телефон: 8 (38341) 2-00-00, e-mail: imc@berdsk-imc.example",
                   "Режим работы: пн–пт, 8:30–17:30"],
        "section": "Новости",
    },
    "chita": {
        "org": "Комитет образования администрации городского округа «Город Чита»",
        "menu": ["Главная", "О комитете", "Структура", "Новости", "Образовательные организации",
                 "Документы", "Обращения граждан", "Контакты"],
        "side_title": "Полезная информация",
        "side": ["Запись в первый класс", "Горячая линия по вопросам ГИА", "Вакансии",
                 "Противодействие коррупции", "Версия для слабовидящих"],
        "footer": ["Комитет образования администрации городского округа «Город Чита»",
                   "672000, г. Чита, ул. Примерная, д. 1",
                   "Приёмная: 8 (3022) 00-00-00, e-mail: komobr@chita-edu.example",
                   "При использовании материалов ссылка на сайт обязательна"],
        "section": "Новости",
    },
}

HTML_TMPL = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – {org}</title>
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
<header class="site-header">
  <div class="logo"><a href="/">{org}</a></div>
  <form class="search" action="/search/"><input type="text" name="q" placeholder="Поиск по сайту"><button>Найти</button></form>
  <nav class="main-menu"><ul>
{menu}
  </ul></nav>
</header>
<div class="breadcrumbs"><a href="/">Главная</a> &raquo; <a href="/news/">{section}</a> &raquo; <span>{title}</span></div>
<div class="page">
<main class="content">
<article class="news-item">
<h1>{title}</h1>
<div class="news-text">
{body}
</div>
<div class="share">Поделиться: <a href="#">ВКонтакте</a> <a href="#">Одноклассники</a> <a href="#">Telegram</a></div>
</article>
</main>
<aside class="sidebar">
  <div class="widget"><h3>{side_title}</h3><ul>
{side}
  </ul></div>
  <div class="widget"><h3>Подписка на новости</h3><p>Оставьте e-mail, чтобы получать новости сайта.</p></div>
</aside>
</div>
<footer class="site-footer">
{footer}
  <p class="counter">Количество просмотров: 214</p>
</footer>
</body>
</html>
"""


# Pages of small sites built on school and municipal site builders: no semantic
# layout tags, the site's name (a school's own name on a school site) in the
# header, a dateline and a line of view counts under the article, and, on some,
# the publication time only in the page's meta tags.
PAGES = {
    "sterlitamak17": {
        "name": "МБОУ «СОШ № 17» г. Стерлитамак",
        "tagline": "Официальный сайт образовательной организации",
        "menu": ["Главная", "Сведения об образовательной организации", "Новости", "Родителям",
                 "Ученикам", "Педагогам", "Контакты"],
        "crumbs": ["Главная", "Новости", "Новости школы"],
        "dateline": "Опубликовано: 12.10.2023",
        "stats": "Просмотров: 94 | Комментариев: 0",
        "side": ["Расписание уроков", "Питание", "Школьный спортивный клуб", "Наши достижения"],
        "footer": ["МБОУ «СОШ № 17» г. Стерлитамак", "Телефон приёмной: 8 (3473) 00-00-00",
                   "e-mail: school17@str-edu.example"],
    },
    "chaykovsky": {
        "name": "Управление общего и профессионального образования",
        "tagline": "администрации Чайковского городского округа",
        "menu": ["Главная", "Об управлении", "Новости", "Дошкольное образование", "Общее образование",
                 "Дополнительное образование", "Документы"],
        "crumbs": ["Главная", "Новости"],
        "published": "2023-11-24T10:30:00+03:00",
        "stats": "Добавил: admin | Просмотров: 67 | Рейтинг: 5.0/2",
        "side": ["Горячая линия", "Независимая оценка качества", "Вакансии", "Обратная связь"],
        "footer": ["Управление общего и профессионального образования", "Телефон: 8 (34241) 0-00-00"],
    },
    "georgievsk": {
        "name": "Георгиевские вести",
        "tagline": "Новости Георгиевского городского округа",
        "menu": ["Главная", "Власть", "Общество", "Образование", "Культура", "Спорт", "Афиша"],
        "crumbs": ["Главная", "Общество", "Образование"],
        "dateline": "05 декабря 2023, 14:20",
        "stats": "Просмотров: 312 | Теги: образование, культура, школьный театр",
        "side": ["Самое читаемое", "Фоторепортажи", "Объявления", "Подписка на газету"],
        "footer": ["Сетевое издание «Георгиевские вести»", "Редакция: redakciya@georg-vesti.example",
                   "Возрастная категория 12+"],
    },
    "rzhev10": {
        "name": "МОУ «Гимназия № 10» г. Ржева",
        "tagline": "Официальный сайт",
        "menu": ["Главная", "О гимназии", "Новости", "Поступающим", "Олимпиады и конкурсы", "Контакты"],
        "crumbs": ["Главная", "Новости гимназии"],
        "stats": "Добавил: admin | 26.04.2024 | Просмотров: 129",
        "side": ["Электронный дневник", "Школьная библиотека", "Наш музей", "Психолог советует"],
        "footer": ["МОУ «Гимназия № 10» г. Ржева", "Тел.: 8 (48232) 0-00-00"],
    },
}

PAGE_TMPL = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title} - {name}</title>
{meta}<link type="text/css" rel="stylesheet" href="/_st/my.css">
</head>
<body>
<div id="wrapper">
<div id="header">
  <div class="site-logo"><a href="/">{name}</a></div>
  <div class="site-descr">{tagline}</div>
</div>
<div id="navbar"><ul class="uMenu">
{menu}
</ul></div>
<div id="container">
<div id="content">
<div class="breadcrumbs">{crumbs}</div>
<div class="eBlock">
<h1 class="eTitle">{title}</h1>
{dateline}<div class="eMessage">
{body}
</div>
<div class="eDetails">{stats}</div>
</div>
</div>
<div id="sidebar">
  <div class="block"><div class="blocktitle">Разделы</div><ul>
{side}
  </ul></div>
</div>
</div>
<div id="footer">
{footer}
</div>
</div>
</body>
</html>
"""


def build_page(doc: Doc, page: dict) -> bytes:
    title = next(b.text for b in doc.blocks if b.kind == "h")
    body = "\n".join("<p>" + html.escape(b.text, quote=False) + "</p>"
                     for b in doc.blocks if b.kind == "p")
    meta = ""
    if page.get("published"):
        meta = (f'<meta property="og:title" content="{html.escape(title)}">\n'
                f'<meta property="og:type" content="article">\n'
                f'<meta property="article:published_time" content="{page["published"]}">\n')
    dateline = f'<div class="eDate">{html.escape(page["dateline"], quote=False)}</div>\n' \
        if page.get("dateline") else ""
    crumbs = " &raquo; ".join(f'<a href="#">{c}</a>' for c in page["crumbs"]) + " &raquo; " + \
        html.escape(title, quote=False)
    out = PAGE_TMPL.format(
        title=html.escape(title, quote=False),
        name=html.escape(page["name"], quote=False),
        tagline=html.escape(page["tagline"], quote=False),
        meta=meta,
        menu="\n".join(f'<li><a href="#">{m}</a></li>' for m in page["menu"]),
        crumbs=crumbs,
        dateline=dateline,
        body=body,
        stats=html.escape(page["stats"], quote=False),
        side="\n".join(f'    <li><a href="#">{m}</a></li>' for m in page["side"]),
        footer="\n".join(f"  <div>{html.escape(f, quote=False)}</div>" for f in page["footer"]),
    )
    return out.encode("utf-8")


def build_html(doc: Doc, site: str) -> bytes:
    if site in PAGES:
        return build_page(doc, PAGES[site])
    s = SITES[site]
    title = next(b.text for b in doc.blocks if b.kind == "h")
    body = "\n".join("<p>" + html.escape(b.text, quote=False) + "</p>"
                     for b in doc.blocks if b.kind == "p")
    page = HTML_TMPL.format(
        title=html.escape(title, quote=False),
        org=html.escape(s["org"], quote=False),
        section=s["section"],
        menu="\n".join(f'    <li><a href="#">{m}</a></li>' for m in s["menu"]),
        side_title=s["side_title"],
        side="\n".join(f'    <li><a href="#">{m}</a></li>' for m in s["side"]),
        footer="\n".join(f"  <p>{html.escape(f, quote=False)}</p>" for f in s["footer"]),
        body=body,
    )
    return page.encode("utf-8")


# --------------------------------------------------------------------------
# Narrow hyphenated column
# --------------------------------------------------------------------------

VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
LETTERS = re.compile(r"^[А-Яа-яЁё]+$")


def hyphen_points(word: str) -> list[int]:
    """Simple Russian syllable breaks: positions k where word[:k]-word[k:] may
    be split (each side keeps a vowel and two letters; no break before ь, ъ, й)."""
    if not LETTERS.match(word) or len(word) < 5:
        return []
    pts = []
    for k in range(2, len(word) - 1):
        left, right = word[:k], word[k:]
        if right[0] in "ьъйЬЪЙ" or not any(c in VOWELS for c in left) \
                or not any(c in VOWELS for c in right) or len(right) < 2:
            continue
        a, b2 = left[-1], right[0]
        if a in VOWELS and b2 not in VOWELS:
            # V-CV: break before a single consonant followed by a vowel
            if len(right) > 1 and right[1] in VOWELS:
                pts.append(k)
        elif a not in VOWELS and b2 not in VOWELS and a not in "йЙ":
            pts.append(k)  # VC-CV
        elif a in "йьЙЬ":
            pts.append(k)
    return pts


def wrap_hyphenated(text: str, width: int) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split(" "):
        cand = word if not cur else cur + " " + word
        if len(cand) <= width:
            cur = cand
            continue
        # try to hyphenate the word to fill the line
        m = re.match(r"^([«(\"]*)([А-Яа-яЁё]+)(.*)$", word)
        done = False
        if m:
            pre, core, post = m.groups()
            room = width - (len(cur) + 1 if cur else 0) - len(pre) - 1
            for k in sorted(hyphen_points(core), reverse=True):
                if k <= room:
                    lines.append((cur + " " if cur else "") + pre + core[:k] + "-")
                    cur = core[k:] + post
                    done = True
                    break
        if not done:
            if cur:
                lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def column_layout(doc: Doc, width: int = 40) -> list[str]:
    paras = []
    for b in doc.blocks:
        if b.kind == "h":
            paras.append("# " + b.text)
        elif b.kind == "p":
            paras.append("\n".join(wrap_hyphenated(b.text, width)))
    return paras


# --------------------------------------------------------------------------
# soffice, zips
# --------------------------------------------------------------------------

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str, stem: str) -> bytes:
    exe = soffice()
    assert exe
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        src = t / f"{stem}{suffix}"
        src.write_bytes(data)
        outdir = t / "out"
        subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{t}/profile",
                        "--convert-to", target, "--outdir", str(outdir), str(src)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        ext = target.split(":")[0]
        out = (outdir / f"{stem}.{ext}").read_bytes()
        return normalize_pdf(out) if ext == "pdf" else out


def normalize_pdf(data: bytes) -> bytes:
    """Pin LibreOffice's creation date and document /ID (same byte length,
    so the xref offsets stay valid)."""
    import hashlib

    def pin_date(m: re.Match) -> bytes:
        old = m.group(1)
        new = b"D:20221220090000Z"
        return m.group(0).replace(old, new[:len(old)].ljust(len(old), b"0"))

    data = re.sub(rb"/(?:CreationDate|ModDate)\s*\(([^)']*)", pin_date, data)
    volatile = rb"/ID\s*\[[^\]]*\]|/DocChecksum\s*/[0-9A-Fa-f]{32}"
    digest = hashlib.md5(re.sub(volatile, b"", data)).hexdigest().upper().encode()
    data = re.sub(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}", lambda m: m.group(1) + digest, data)
    return re.sub(rb"(/ID\s*\[\s*<)[0-9A-Fa-f]{32}(>\s*<)[0-9A-Fa-f]{32}(>)",
                  lambda m: m.group(1) + digest + m.group(2) + digest + m.group(3), data)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip container (docx/odt) with fixed timestamps, same order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            ni = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            ni.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            ni.external_attr = 0o644 << 16
            dst.writestr(ni, src.read(info.filename))
    return buf.getvalue()


def render(e: Entry) -> bytes | None:
    path = SRC / e.src
    doc = parse(path)
    stem = Path(e.out).stem
    if e.fmt == "txt":
        return build_txt(e, render_plain_source(path))
    created = e.opts.get("created", FIXED_TIME)  # the document's own creation date (docx, rtf)
    if e.fmt == "docx":
        return build_docx(doc, created)
    if e.fmt == "odt":
        return build_odt(doc)
    if e.fmt == "rtf":
        return build_rtf(doc, created)
    if e.fmt == "html":
        return build_html(doc, e.opts["site"])
    if e.fmt in ("doc", "pdf", "pdf-column"):
        if not soffice():
            return None
        if e.fmt == "doc":
            return convert(build_docx(doc), ".docx", "doc:MS Word 97", stem)
        if e.fmt == "pdf":
            return convert(build_docx(doc), ".docx", "pdf:writer_pdf_Export", stem)
        return convert(build_odt(doc, column=column_layout(doc)), ".odt", "pdf:writer_pdf_Export", stem)
    raise ValueError(f"unknown format {e.fmt}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "raw")
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    zipped: dict[str, list[tuple[str, bytes]]] = {}  # archive -> members, in MANIFEST order
    skipped = 0
    for e in MANIFEST:
        data = render(e)
        if data is None:
            print(f"skip (no soffice): {e.out}", file=sys.stderr)
            skipped += 1
            continue
        if ".zip/" in e.out:
            archive, member = e.out.split(".zip/", 1)
            zipped.setdefault(archive + ".zip", []).append((member, data))
            continue
        (out / e.out).parent.mkdir(parents=True, exist_ok=True)
        (out / e.out).write_bytes(data)
        print(f"{len(data):>8}  {e.out}")
    for archive, members in zipped.items():
        when = ZIP_TIMES.get(archive, FIXED_TIME)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            folders: list[str] = []  # every folder of the members, parents first
            for name, _ in members:
                parts = name.split("/")[:-1]
                for k in range(1, len(parts) + 1):
                    folder = "/".join(parts[:k]) + "/"
                    if folder not in folders:
                        folders.append(folder)
            for folder in folders:
                di = zipfile.ZipInfo(folder, date_time=when)
                di.external_attr = (0o40755 << 16) | 0x10
                z.writestr(di, b"")
            for name, data in members:
                zi = zipfile.ZipInfo(name, date_time=when)
                zi.compress_type = zipfile.ZIP_DEFLATED
                zi.external_attr = 0o644 << 16
                z.writestr(zi, data)
        (out / archive).write_bytes(buf.getvalue())
        print(f"{len(buf.getvalue()):>8}  {archive} ({len(members)} members)")
    return 1 if skipped and not (out / MANIFEST[0].out).exists() else 0


if __name__ == "__main__":
    raise SystemExit(main())
