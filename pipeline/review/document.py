"""A document's page: its cleaned text with every mention marked, beside the rows
it produced, and, with a gold file, what the gold says of them.

``model`` gathers everything the page shows (JSON-able: its digest decides whether
the page is written again); ``render`` turns it into HTML and reads nothing else.
"""

from __future__ import annotations

from typing import Any

from .data import KINDS, Archive, Row, school_key, school_label
from .gold import EVENT_ROW, DocMarks
from .html import cell, esc, gold_legend, legend, link, page, raw_cell, table
from .markup import Mark, highlight

DOC_FIELDS = ("doc_id", "source", "format", "status", "error", "error_code", "title", "n_chars",
              "municipality", "region")
EVENT_FIELDS = ("format", "title", "date", "venue", "location", "organizer", "participants")


def path(doc_id: str) -> str:
    """The page's path under the site's root."""
    return f"doc/{safe(doc_id)}.html"


def safe(name: str) -> str:
    """An id as a file name: letters, digits, ``_`` and ``-`` (the tables' ids are already)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "_" for c in name) or "_"


def model(archive: Archive, doc: Row, marks: DocMarks | None) -> dict[str, Any]:
    doc_id = doc["doc_id"]
    rows = {k.table: archive.rows(k.table, doc_id) for k in KINDS}
    school_ids = {r["school_id"] for t in ("person_mentions", "school_mentions") for r in rows[t] if r.get("school_id")}
    return {
        "doc": {k: doc.get(k) for k in DOC_FIELDS},
        "text": archive.texts.get(doc_id, ""),
        "rows": rows,
        "events": [{k: e.get(k) for k in ("event_id", *EVENT_FIELDS)} for e in archive.events.get(doc_id, [])],
        "schools": {s: [school_label(archive.schools.get(s)), school_key(archive.schools.get(s))]
                    for s in sorted(school_ids)},
        "gold": marks.to_json() if marks is not None else None,
    }


def render(m: dict[str, Any]) -> str:
    doc, gold = m["doc"], m["gold"]
    classes: dict[str, list[str]] = gold["classes"] if gold else {}
    notes: dict[str, list[str]] = gold["notes"] if gold else {}
    marks = [Mark(r["start"], r["end"], k.label, r["id"], _title(k.table, r, m),
                  " ".join(classes.get(r["id"], [])))
             for k in KINDS for r in m["rows"][k.table] if r["start"] is not None and r["end"] is not None]
    head = _header(doc, m)
    if doc["status"] != "ok":
        body = head + f'<p class="error">{esc(doc["status"])}: {esc(doc["error"])} <span class="off">' \
                      f'{esc(doc["error_code"])}</span></p>'
        return page(doc["source"], body, depth=1)
    sections = [_events(m["events"], classes, notes)]
    for k in KINDS:
        rows = m["rows"][k.table]
        if rows:
            trs = [_row(k.table, r, m, classes.get(r["id"], []), notes.get(r["id"], [])) for r in rows]
            headers = ("", *HEADERS[k.table])
            sections.append(f"<h2>{esc(k.title)} ({len(rows)})</h2>" + table(headers, trs, f"t-{k.prefix}",
                                                                           sortable=False))
    body = (head + legend() + (_gold(gold) if gold else "")
            + f'<div class="cols"><div class="text" id="text">{highlight(m["text"], marks)}</div>'
            + f'<div class="rows">{"".join(sections)}</div></div>')
    return page(doc["source"], body, depth=1)


def _header(doc: dict[str, Any], m: dict[str, Any]) -> str:
    facts = [("status", doc["status"]), ("format", doc["format"]), ("characters", doc["n_chars"]),
             ("municipality", doc["municipality"]), ("region", doc["region"]), ("doc_id", doc["doc_id"])]
    meta = " · ".join(f"{esc(k)} <b>{esc(v)}</b>" for k, v in facts if v not in (None, ""))
    title = f'<p class="meta">{esc(doc["title"])}</p>' if doc.get("title") else ""
    return f'<h1>{esc(doc["source"])}</h1>{title}<p class="meta">{meta}</p>'


def _gold(gold: dict[str, Any]) -> str:
    """The gold's verdict: the legend, then what is wrong (a click selects its row), missed
    and matched loosely."""
    wrong, missed, loose = gold["wrong"], gold["missed"], gold["loose"]
    out = (f'<div class="gold" id="gold">{gold_legend()}<b>{len(wrong)}</b> false positive(s), '
           f'<b>{len(missed)}</b> false negative(s)<div class="verdicts">')
    if wrong:
        items = "".join(
            f'<li class="wrong {VERDICT.get(f, "gold-fp")}"{_data_m(ids)}><span class="field">{esc(f)}</span>'
            f"{esc(item)}</li>" for f, item, ids in wrong)
        out += f'<div><h2>Not in the gold</h2><ul id="gold-wrong">{items}</ul></div>'
    if missed:
        items = "".join(f'<li class="missed"><span class="field">{esc(f)}</span>{esc(item)}</li>'
                        for f, item in missed)
        out += f'<div><h2>Missed</h2><ul id="gold-missed">{items}</ul></div>'
    if loose:
        items = "".join(f'<li class="loose"><span class="field">{esc(f)}</span>{esc(g)} ~ {esc(p)}</li>'
                        for f, g, p in loose)
        out += f"<div><h2>Matched up to inflection (gold ~ found)</h2><ul>{items}</ul></div>"
    return out + "</div></div>"


VERDICT = {"person.role": "gold-role", "schools.kind": "gold-role", "schools.name": "gold-role",
           "person.org": "gold-org"}


def _data_m(ids: list[str]) -> str:
    """A mention to select when a listed error is clicked (event fields are no mention)."""
    ids = [i for i in ids if not i.startswith(f"{EVENT_ROW}-")]
    return f' data-m="{esc(ids[0])}"' if ids else ""


def _events(events: list[dict[str, Any]], classes: dict[str, list[str]], notes: dict[str, list[str]]) -> str:
    if not events:
        return "<h2>Event</h2><p class='meta'>no event record</p>"
    out = []
    for i, e in enumerate(events):
        trs = []
        for f in EVENT_FIELDS:
            key = f"{EVENT_ROW}-{f}" if i == 0 else f"{EVENT_ROW}{i}-{f}"  # the gold scores the first event
            css = " ".join(classes.get(key, []))
            title = f' title="{esc("; ".join(notes.get(key, [])))}"' if key in notes else ""
            trs.append(f'<tr id="row-{esc(key)}" class="{esc(css)}"{title}><th>{esc(f)}</th>{cell(e.get(f))}</tr>')
        out.append(f"<h2>Event {esc(e.get('event_id'))}</h2>" + table(("field", "value"), trs, sortable=False))
    return "".join(out)


HEADERS = {
    "person_mentions": ("as written", "person", "role", "organization"),
    "org_mentions": ("as written", "organization"),
    "school_mentions": ("as written", "school", "key"),
    "dates": ("as written", "ISO value", "kind"),
    "event_formats": ("as written", "format"),
    "locations": ("as written", "place", "kind"),
}


def _row(table_name: str, r: Row, m: dict[str, Any], classes: list[str], notes: list[str]) -> str:
    rid = r["id"]
    label = next(k.label for k in KINDS if k.table == table_name)
    first = (f'<td><span class="tag L-{label}">{esc(label)}</span> '
             f'<span class="off">{esc(r["start"])}–{esc(r["end"])}</span></td>')
    cells = [first, cell(r.get("text"))]
    if table_name == "person_mentions":
        cells.append(raw_cell(link(f"../person/{safe(r['person_id'])}.html", r["name"])))
        cells.append(cell(r.get("role")))
        cells.append(raw_cell(_org_link(r, m)))
    elif table_name == "org_mentions":
        cells.append(raw_cell(link(f"../org/{safe(r['org_id'])}.html", r["name"])))
    elif table_name == "school_mentions":
        label_text, key = m["schools"].get(r["school_id"]) or [f"{r.get('kind') or ''} № {r.get('number') or ''}", ""]
        cells.append(raw_cell(link(f"../school/{safe(r['school_id'])}.html", label_text)))
        cells.append(raw_cell(f'{esc(key)} <span class="off">{esc(r["school_id"])}</span>'))
    elif table_name == "dates":
        cells.append(cell(r.get("value")))
        cells.append(cell(f"{r.get('kind') or ''}{', year inferred' if r.get('year_inferred') else ''}"))
    elif table_name == "event_formats":
        cells.append(cell(r.get("format")))
    else:
        cells += [cell(r.get("name")), cell(r.get("kind"))]
    title = f' title="{esc("; ".join(notes))}"' if notes else ""
    css = f' class="{esc(" ".join(classes))}"' if classes else ""
    return f'<tr id="row-{esc(rid)}" data-m="{esc(rid)}"{css}{title}>{"".join(cells)}</tr>'


def _org_link(r: Row, m: dict[str, Any]) -> str:
    """A person's organization, linked to its page: an organization, or a school of the report."""
    org = r.get("org") or ""
    if r.get("org_id"):
        return link(f"../org/{safe(r['org_id'])}.html", org)
    if r.get("school_id"):
        return link(f"../school/{safe(r['school_id'])}.html", org or m["schools"].get(r["school_id"], [""])[0])
    return esc(org)


def _title(table_name: str, r: Row, m: dict[str, Any]) -> str:
    """A mention's tooltip: what its row says."""
    if table_name == "person_mentions":
        parts = [r.get("name"), r.get("role"), r.get("org")]
    elif table_name == "school_mentions":
        parts = m["schools"].get(r["school_id"]) or []
    elif table_name == "dates":
        parts = [r.get("value"), r.get("kind")]
    elif table_name == "event_formats":
        parts = [r.get("format")]
    else:
        parts = [r.get("name"), r.get("kind")]
    return " · ".join(str(p) for p in parts if p)
