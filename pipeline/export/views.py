"""Views in the DuckDB database that make the common questions one query."""

from __future__ import annotations

import re

VIEWS = {
    # who took part, in what capacity, from which organization or school, in which event, where
    "participation": """
        SELECT p.person_id, p.name AS person, pm.role, pm.org, pm.org_id, o.name AS organization,
               s.school_id, s.kind AS school_kind, s.number_text AS school_number, s.name AS school_name,
               s.municipality,
               e.event_id, e.format AS event_format, e.title AS event_title, e.date AS event_date,
               d.doc_id, d.source, d.municipality AS doc_municipality
        FROM person_mentions pm
        JOIN persons p USING (person_id)
        JOIN documents d USING (doc_id)
        LEFT JOIN events e ON e.doc_id = pm.doc_id
        LEFT JOIN organizations o ON o.org_id = pm.org_id
        -- a mention without school_id (older tables) finds its school by `СОШ № 3` in the same document
        LEFT JOIN (SELECT DISTINCT doc_id, school_id, kind, number FROM school_mentions) sm
             ON pm.school_id = '' AND sm.doc_id = pm.doc_id AND pm.org = s_kind_number(sm.kind, sm.number)
        LEFT JOIN schools s ON s.school_id = COALESCE(NULLIF(pm.school_id, ''), sm.school_id)
    """,
}

MACROS = {
    "s_kind_number": "(kind, number) AS kind || ' № ' || number",
}


_SOURCE = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)", re.IGNORECASE)


def sources(name: str) -> frozenset[str]:
    """The tables a view reads (named after FROM and JOIN): while none of them
    changes, neither does the view, and its files stand."""
    return frozenset(_SOURCE.findall(VIEWS[name]))


def create_views(con) -> None:
    for name, body in MACROS.items():
        con.execute(f"CREATE MACRO {name}{body}")
    for name, sql in VIEWS.items():
        con.execute(f'CREATE VIEW "{name}" AS {sql}')


def drop_views(con) -> None:
    """Before tables are replaced in an existing database (``create_views`` then
    makes them again)."""
    for name in VIEWS:
        con.execute(f'DROP VIEW IF EXISTS "{name}"')
    for name in MACROS:
        con.execute(f"DROP MACRO IF EXISTS {name}")
