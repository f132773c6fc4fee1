#!/usr/bin/env python3
"""Write the data dictionary ``docs/tables.md`` from the declared schema.

Every table and column comes from the typed rows of ``pipeline/export/rows.py``
(name, dtype, meaning, in order, as ``pipeline/export/schema.py`` derives them)
and every view from ``pipeline/export/views.py`` (its
columns and types as DuckDB reports them); the example values come from a real
run. So after a schema change::

    python scripts/make_data_dictionary.py                      # runs svodka on data/raw (~6 s)
    python scripts/make_data_dictionary.py --tables data/processed   # or reuse a run's output

``tests/test_data_dictionary.py`` fails while the doc and the schema disagree.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.export import frames, schema, write_tables  # noqa: E402
from pipeline.export.schema import Col  # noqa: E402
from pipeline.export.views import VIEWS  # noqa: E402
from pipeline.export.writers import DB_NAME  # noqa: E402

DOC = REPO / "docs" / "tables.md"
SAMPLE = REPO / "data" / "raw"
EXAMPLE_WIDTH = 60
EMPTY = "*(empty in the sample)*"

# What one row of each table is. (Kept here until schema.py declares it; a
# TABLE_DOCS dict in schema.py, if present, wins.)
TABLE_DOCS = {
    "documents": "One row per input file, archive members included. Files svodka cannot read are rows "
                 "with `status = error` and a message saying why.",
    "texts": "One row per document: the cleaned text every `start`/`end` offset points into.",
    "events": "One row per event a document reports.",
    "persons": "One row per distinct person across the archive.",
    "person_mentions": "One row per appearance of a person in a document (a person named three times in a "
                       "report has three rows; the role is usually read at the first).",
    "schools": "One row per distinct school.",
    "school_mentions": "One row per school mentioned in a document; a list such as `МБОУ СОШ № 5,7,13` gives "
                       "one row per number.",
    "organizations": "One row per distinct organization.",
    "org_mentions": "One row per organization mentioned in a document.",
    "dates": "One row per date mentioned in a document.",
    "event_formats": "One row per event format mentioned in a document.",
    "locations": "One row per place mentioned in a document.",
}

VIEW_DOCS = {
    "participation": (
        "Who took part, in what capacity, from which organization or school, in which event, where: one row "
        "per person mention (per event of its document), joined with the person, the organization row or, when "
        "the mention's organization is a school named in the same document (`СОШ № 3`), that school, the "
        "document's event and the document's municipality.",
        {
            "person_id": "`persons.person_id`",
            "person": "`persons.name`, `Фамилия И.О.`",
            "role": "`person_mentions.role` (empty on repeat mentions)",
            "org": "`person_mentions.org`",
            "org_id": "`person_mentions.org_id` (empty when the organization is a school)",
            "organization": "`organizations.name` of that organization",
            "school_id": "the school the person belongs to (`person_mentions.school_id`), when `org` is a school "
                         "mentioned in the document",
            "school_kind": "`schools.kind`",
            "school_number": "`schools.number`",
            "school_name": "`schools.name` (eponym or specialization)",
            "municipality": "`schools.municipality`",
            "event_id": "`events.event_id` of the document's event",
            "event_format": "`events.format` of the document's event",
            "event_title": "`events.title`",
            "event_date": "`events.date`",
            "doc_id": "`documents.doc_id`",
            "source": "`documents.source`",
            "doc_municipality": "`documents.municipality`: where the reported event took place",
        },
    ),
}

INTRO = """\
`svodka run --out DIR` writes every table below three ways: `DIR/NAME.csv`
(Excel-ready: UTF-8 with BOM, `;`), `DIR/NAME.parquet` (with the dtypes below)
and as a table of the DuckDB database `DIR/svodka.duckdb`, which also holds the
views. Ask the database directly:

```bash
svodka tables --out DIR                       # tables and views with row counts
svodka query "SELECT * FROM participation LIMIT 5" --out DIR
```

**dtypes.** `string`: text; in the files it is never NULL, a missing value is
the empty string `''`. `Int64`: integer, NULL (empty cell) when unknown.
`boolean`: `true`/`false`. **not null**: the column always has a value
(for strings: a non-empty one is expected, though only NULL is checked).

**Joins.** `doc_id` ties every mention table to `documents`, `texts` and
`events`; `person_id`, `school_id` and `org_id` tie mentions to `persons`,
`schools` and `organizations`. IDs are stable: the same input and rules give
the same IDs on every run and machine.

**Offsets.** `start`/`end` are 0-based character offsets into `texts.text`,
`end` exclusive. In DuckDB `end` is a keyword, so quote it, and `substr` counts
from 1:

```sql
SELECT m.name, substr(t.text, m.start + 1, m."end" - m.start) AS as_written
FROM person_mentions m JOIN texts t USING (doc_id);
```
"""


def _table_doc(name: str) -> str:
    return getattr(schema, "TABLE_DOCS", {}).get(name) or TABLE_DOCS.get(name, "")


def _md(text: str) -> str:
    """A markdown table cell: one line, ``|`` escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(value) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, (bool, np.bool_)):
        s = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        s = str(int(value))
    else:
        s = " ".join(str(value).split())
    if len(s) > EXAMPLE_WIDTH:
        s = s[: EXAMPLE_WIDTH - 1].rstrip() + "…"
    if s == "":
        return ""
    fence = "``" if "`" in s else "`"
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s.replace('|', chr(92) + '|')}{pad}{fence}"


def _filled(value) -> bool:
    if value is None or value is pd.NA:
        return False
    try:
        if pd.isna(value):
            return False
    except (TypeError, ValueError):
        pass
    return str(value) != ""


def examples(df: pd.DataFrame | None) -> dict[str, str]:
    """An example per column: from the row with the most filled cells, else the column's first value."""
    if df is None or df.empty:
        return {}
    filled = df.apply(lambda col: col.map(_filled))
    best = df.iloc[int(filled.sum(axis=1).to_numpy().argmax())]
    out = {}
    for col in df.columns:
        if _filled(best[col]):
            out[col] = _code(best[col])
        else:
            values = df[col][filled[col]]
            out[col] = _code(values.iloc[0]) if len(values) else EMPTY
    return out


def _load_examples(tables_dir: Path | None, names) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    frames_, counts = {}, {}
    if tables_dir is None:
        return frames_, counts
    for name in names:
        path = tables_dir / f"{name}.parquet"
        if path.is_file():
            frames_[name] = pd.read_parquet(path)
            counts[name] = len(frames_[name])
    return frames_, counts


def _view_info(tables_dir: Path | None, views: Mapping[str, str]):
    """Columns and types of each view, and its rows in the run (if any), as DuckDB sees them."""
    with tempfile.TemporaryDirectory() as tmp:
        db = tables_dir / DB_NAME if tables_dir is not None and (tables_dir / DB_NAME).is_file() else None
        has_rows = db is not None
        if db is None:  # an empty database with the declared tables and views
            write_tables(frames({}), Path(tmp))
            db = Path(tmp) / DB_NAME
        con = duckdb.connect(str(db), read_only=True)
        try:
            info = {}
            for name in views:
                cols = con.execute(f'DESCRIBE "{name}"').fetchall()
                data = con.execute(f'SELECT * FROM "{name}"').df() if has_rows else None
                info[name] = ([(c[0], c[1]) for c in cols], data)
            return info
        finally:
            con.close()


def build(
    tables: Mapping[str, tuple[Col, ...]] | None = None,
    views: Mapping[str, str] | None = None,
    tables_dir: Path | None = None,
) -> str:
    """The markdown of the data dictionary; examples from ``tables_dir`` (a run's output) if given."""
    tables = schema.TABLES if tables is None else tables
    views = VIEWS if views is None else views
    data, counts = _load_examples(tables_dir, tables)
    view_info = _view_info(tables_dir, views)

    lines = [
        "# Data dictionary: the tables svodka writes",
        "",
        "<!-- Generated by scripts/make_data_dictionary.py from pipeline/export/schema.py and",
        "     pipeline/export/views.py, with examples from a run on the sample archive (data/raw).",
        "     Do not edit by hand: change the schema, then run the script. -->",
        "",
        INTRO,
    ]
    sample = " | rows in the sample" if counts else ""
    lines += ["| table | what one row is" + sample + " |", "| --- | --- |" + (" ---: |" if counts else "")]
    for name in tables:
        n = f" | {counts.get(name, '')}" if counts else ""
        lines.append(f"| [`{name}`](#{name}) | {_md(_table_doc(name))}{n} |")
    for name, (_, vdata) in view_info.items():
        n = f" | {len(vdata)}" if counts and vdata is not None else (" | " if counts else "")
        lines.append(f"| [`{name}`](#{name}) (view) | {_md(VIEW_DOCS.get(name, ('',))[0])}{n} |")
    lines.append("")

    lines += ["## Tables", ""]
    for name, cols in tables.items():
        ex = examples(data.get(name))
        lines += [f"### `{name}`", ""]
        doc = _table_doc(name)
        if name in counts:
            doc += f" {counts[name]} rows in the sample archive."
        if doc:
            lines += [doc.strip(), ""]
        lines += ["| column | dtype | not null | meaning | example |", "| --- | --- | :---: | --- | --- |"]
        for c in cols:
            not_null = "✓" if not c.nullable else ""
            lines.append(f"| `{c.name}` | {c.dtype} | {not_null} | {_md(c.doc)} | {ex.get(c.name, '')} |")
        lines.append("")

    lines += [
        "## Views",
        "",
        "Saved queries in `svodka.duckdb` (not written as CSV/Parquet). Types are DuckDB's.",
        "",
    ]
    for name, sql in views.items():
        cols, vdata = view_info[name]
        doc, col_docs = VIEW_DOCS.get(name, ("", {}))
        ex = examples(vdata)
        lines += [f"### `{name}`", ""]
        if doc:
            lines += [doc + (f" {len(vdata)} rows in the sample archive." if vdata is not None else ""), ""]
        lines += ["| column | type | meaning | example |", "| --- | --- | --- | --- |"]
        for col, typ in cols:
            lines.append(f"| `{col}` | {typ} | {_md(col_docs.get(col, ''))} | {ex.get(col, '')} |")
        body = "\n".join(line.rstrip() for line in sql.strip("\n").splitlines())
        indent = min((len(x) - len(x.lstrip()) for x in body.splitlines() if x.strip()), default=0)
        body = "\n".join(x[indent:] for x in body.splitlines())
        lines += ["", "```sql", body, "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=Path, help="a run's output folder to take examples from "
                                                 "(default: run svodka on data/raw in a temp folder)")
    ap.add_argument("--output", type=Path, default=DOC, help=f"where to write (default: {DOC.relative_to(REPO)})")
    args = ap.parse_args(argv)
    if args.tables is not None:
        text = build(tables_dir=args.tables)
    else:
        from pipeline.run import RunOptions, run

        with tempfile.TemporaryDirectory() as tmp:
            run(RunOptions(inputs=[SAMPLE], out_dir=Path(tmp)))
            text = build(tables_dir=Path(tmp))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
