"""The site's first page: every document with its status (and error message),
event format and date, and its rows per kind; with a gold file, its false
positives and negatives, the documents with the most errors first."""

from __future__ import annotations

from typing import Any

from .data import KINDS, Archive
from .document import path as doc_path
from .gold import GoldReview
from .html import cell, esc, filter_box, gold_legend, link, page, raw_cell, table


def model(archive: Archive, gold: GoldReview | None, gold_name: str = "") -> dict[str, Any]:
    docs = []
    for d in archive.documents:
        doc_id = d["doc_id"]
        event = (archive.events.get(doc_id) or [{}])[0]
        marks = gold.marks.get(doc_id) if gold else None
        docs.append({
            "doc_id": doc_id, "source": d["source"], "status": d["status"], "error": d.get("error") or "",
            "format": event.get("format") or "", "date": event.get("date") or "",
            "municipality": d.get("municipality") or "",
            "counts": [len(archive.rows(k.table, doc_id)) for k in KINDS],
            "fp": len(marks.wrong) if marks else None, "fn": len(marks.missed) if marks else None,
        })
    if gold:  # the most errors first; documents the gold does not annotate last
        docs.sort(key=lambda x: (x["fp"] is None, -((x["fp"] or 0) + (x["fn"] or 0)), x["source"]))
    totals = None
    if gold:
        totals = {"name": gold_name, "documents": len(gold.marks), "absent": gold.absent,
                  "fields": {name: [s.tp, s.fp, s.fn, round(s.f1, 3)] for name, s in gold.report.fields.items()}}
    return {"docs": docs, "gold": totals}


def render(m: dict[str, Any]) -> str:
    gold = m["gold"]
    headers = ["document", "status", "error", "event format", "event date", "municipality", *(k.short for k in KINDS)]
    numeric = [k.short for k in KINDS]
    if gold:
        headers += ["fp", "fn", "errors"]
        numeric += ["fp", "fn", "errors"]
    trs = []
    for d in m["docs"]:
        cells = [raw_cell(link(doc_path(d["doc_id"]), d["source"])), cell(d["status"]), cell(d["error"], css="error"),
                 cell(d["format"]), cell(d["date"]), cell(d["municipality"])]
        cells += [cell(n, num=True) for n in d["counts"]]
        if gold:
            errors = None if d["fp"] is None else d["fp"] + d["fn"]
            cells += [cell(d["fp"], num=True), cell(d["fn"], num=True), cell(errors, num=True)]
        css = ' class="err"' if d["status"] == "error" else ""
        trs.append(f'<tr data-doc="{esc(d["doc_id"])}"{css}>{"".join(cells)}</tr>')
    n_ok = sum(d["status"] == "ok" for d in m["docs"])
    body = (f"<h1>{len(m['docs'])} documents</h1>"
            f'<p class="meta">{n_ok} read, {len(m["docs"]) - n_ok} with an error or skipped. '
            "Click a column to sort, type to filter; a document's page shows its text with every mention "
            "marked beside its rows.</p>")
    if gold:
        body += _gold_summary(gold)
    body += filter_box("docs", len(trs), "documents") + table(headers, trs, "docs", numeric=numeric)
    return page("documents", body)


def _gold_summary(gold: dict[str, Any]) -> str:
    rows = [f"<tr>{cell(name)}{''.join(cell(v, num=True) for v in values)}</tr>"
            for name, values in gold["fields"].items()]
    absent = (f"; {len(gold['absent'])} of its documents are not in this run" if gold["absent"] else "")
    return (f'<div class="gold" id="gold"><b>Gold {esc(gold["name"])}</b>: {gold["documents"]} documents scored'
            f"{esc(absent)}, sorted by errors (fp + fn). {gold_legend()}"
            f"<details><summary>scores per field</summary>"
            f'{table(("field", "tp", "fp", "fn", "F1"), rows, "scores", numeric=("tp", "fp", "fn", "F1"))}'
            "</details></div>")
