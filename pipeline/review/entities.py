"""Pages of the archive-wide tables: one per person, school and organization, each
listing every mention across the documents with a link to it (``doc/ID.html#pm3``,
which selects the mention), and a list page per table.

As for documents, ``*_models`` gather what a page shows (JSON-able, digested) and
``render_*`` build it from that alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from .data import Archive, Row, school_label
from .document import path as doc_path
from .document import safe
from .html import cell, esc, filter_box, link, page, raw_cell, table

CONTEXT = 60  # characters of text shown either side of a mention
_SPACE = re.compile(r"\s+")

ENTITY = {  # kind -> (table of entities, its id column, mention table, folder, list page)
    "person": ("persons", "person_id", "person_mentions", "person", "persons.html"),
    "school": ("schools", "school_id", "school_mentions", "school", "schools.html"),
    "org": ("organizations", "org_id", "org_mentions", "org", "organizations.html"),
}


def path(kind: str, entity_id: str) -> str:
    return f"{ENTITY[kind][3]}/{safe(entity_id)}.html"


def _mention(archive: Archive, r: Row, sources: dict[str, str]) -> dict[str, Any]:
    text = archive.texts.get(r["doc_id"], "")
    start, end = r["start"] or 0, r["end"] or 0
    return {
        "doc": doc_path(r["doc_id"]), "source": sources.get(r["doc_id"], r["doc_id"]), "id": r["id"],
        "text": r.get("text"), "role": r.get("role"), "org": r.get("org"), "name": r.get("name"),
        "before": _SPACE.sub(" ", text[max(0, start - CONTEXT):start]).lstrip(),
        "after": _SPACE.sub(" ", text[end:end + CONTEXT]).rstrip(),
    }


def entity_models(archive: Archive) -> dict[str, dict[str, Any]]:
    """Page path -> model, for every person, school and organization."""
    sources = {d["doc_id"]: d["source"] for d in archive.documents}
    out: dict[str, dict[str, Any]] = {}
    for kind, (table_name, id_col, mention_table, _, _) in ENTITY.items():
        entities: dict[str, Row] = getattr(archive, table_name)
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        people: dict[str, list[dict[str, Any]]] = defaultdict(list)  # a school's or organization's people
        for doc_id in sorted(archive.mentions[mention_table], key=lambda d: sources.get(d, d)):
            for r in archive.mentions[mention_table][doc_id]:
                found[r[id_col]].append(_mention(archive, r, sources))
        if kind != "person":
            for doc_id in sorted(archive.mentions["person_mentions"], key=lambda d: sources.get(d, d)):
                for r in archive.mentions["person_mentions"][doc_id]:
                    if r.get(id_col):
                        people[r[id_col]].append({**_mention(archive, r, sources), "person_id": r["person_id"]})
        for entity_id, row in entities.items():
            out[path(kind, entity_id)] = {"kind": kind, "row": row, "mentions": found.get(entity_id, []),
                                          "people": people.get(entity_id, [])}
    return out


def render_entity(m: dict[str, Any]) -> str:
    kind, row = m["kind"], m["row"]
    fields: tuple[str, ...]
    if kind == "person":
        title = row["name"]
        fields = ("person_id", "surname", "first_name", "patronymic", "initials", "gender", "municipality",
                  "region", "n_mentions", "n_documents")
    elif kind == "school":
        title = school_label(row) + (f", {row['municipality']}" if row.get("municipality") else "")
        fields = ("school_id", "kind", "number", "name", "legal_form", "location", "municipality", "n_documents")
    else:
        title = row["name"]
        fields = ("org_id", "abbreviation", "full_name", "kind", "municipality", "n_documents")
    facts = " · ".join(f"{esc(f)} <b>{esc(row.get(f))}</b>" for f in fields if row.get(f) not in (None, ""))
    body = f'<h1>{esc(title)}</h1><p class="meta">{facts}</p>'
    if kind == "person":
        body += f'<h2>Evidence</h2><div class="evidence" id="evidence">{esc(row.get("evidence"))}</div>'
    headers = ["document", "mention in context"] + (["role", "organization"] if kind == "person" else [])
    rows = []
    for x in m["mentions"]:
        cells = [raw_cell(_doc_link(x)), raw_cell(_context(x), "ctx")]
        if kind == "person":
            cells += [cell(x["role"]), cell(x["org"])]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    body += f"<h2>Mentions ({len(rows)})</h2>" + table(headers, rows, "mentions")
    if m["people"]:
        people = [f"<tr>{raw_cell(_person_link(x))}{cell(x['role'])}{raw_cell(_doc_link(x))}</tr>"
                  for x in m["people"]]
        body += f"<h2>People who work there ({len(people)})</h2>" + table(("person", "role", "document"), people, "people")
    return page(title, body, depth=1)


def _doc_link(x: dict[str, Any]) -> str:
    return link(f"../{x['doc']}#{x['id']}", x["source"])


def _person_link(x: dict[str, Any]) -> str:
    return link(f"../person/{safe(x['person_id'])}.html", x["name"])


def _context(x: dict[str, Any]) -> str:
    return f"…{esc(x['before'])}<mark>{esc(x['text'])}</mark>{esc(x['after'])}…"


LISTS = {  # list page -> (kind, title, columns shown)
    "persons.html": ("person", "Persons", ("name", "municipality", "region", "n_mentions", "n_documents", "evidence")),
    "schools.html": ("school", "Schools", ("school", "legal_form", "location", "municipality", "n_documents")),
    "organizations.html": ("org", "Organizations", ("name", "abbreviation", "kind", "municipality", "n_documents")),
}
NUMERIC = {"n_mentions", "n_documents"}


def list_models(archive: Archive) -> dict[str, dict[str, Any]]:
    out = {}
    for page_path, (kind, _, _) in LISTS.items():
        table_name, id_col = ENTITY[kind][0], ENTITY[kind][1]
        rows = sorted(getattr(archive, table_name).values(), key=lambda r: (_name(kind, r).lower(), r[id_col]))
        out[page_path] = {"list": page_path, "rows": [{**r, "_id": r[id_col], "_name": _name(kind, r)} for r in rows]}
    return out


def _name(kind: str, row: Row) -> str:
    return school_label(row) if kind == "school" else (row.get("name") or "")


def render_list(m: dict[str, Any]) -> str:
    kind, title, columns = LISTS[m["list"]]
    trs = []
    for r in m["rows"]:
        cells = [raw_cell(link(path(kind, r["_id"]), r["_name"]))]
        cells += [cell(r.get(c), num=c in NUMERIC) for c in columns[1:]]
        trs.append(f"<tr>{''.join(cells)}</tr>")
    body = (f"<h1>{esc(title)}</h1>" + filter_box("entities", len(trs), title.lower())
            + table(columns, trs, "entities", numeric=NUMERIC))
    return page(title, body)
