"""Score predicted document records against gold ones, field by field.

Counting is set arithmetic per document, summed over documents (micro average),
as in spaCy's scorer: ``tp``, ``fp``, ``fn`` per field, then P, R, F1.

What is counted (matching rules in :mod:`.matching`):

``persons``
    Gold persons paired with predicted ones by name, one to one (maximum
    bipartite matching). ``optional`` gold persons are set aside: a prediction
    that is one of them is neither tp nor fp. ``name_alternatives`` are accepted
    spellings. Predicted persons with the same name are merged first.
``person.role``, ``person.org``
    The gold lists are *acceptable answers*: per gold person with a non-empty
    list there is one thing to find. A paired person scores tp when at least one
    predicted value matches any acceptable answer, fn when none does; every
    predicted value that matches no acceptable answer is a fp (extra correct
    values are neither). Gold persons with an empty list are not scored (their
    predicted values count for nothing); values of a predicted person who is
    not in the gold are all fp; an unfound gold person with a list is one fn.
``schools``
    Numbers, as a set. ``schools.kind`` and ``schools.name``: as roles, per school
    number, where the gold states them.
``dates``
    Exact ISO strings, as a set.
``organizations``, ``event_formats``, ``locations``
    Phrases, each gold item matched at most once (maximum bipartite matching).
``event.format`` (phrase), ``event.title`` (quotes, spaces, case ignored),
``event.date``, ``event.participants`` (exact)
    One value each: gold and prediction both null count nothing; a predicted
    value where the gold has null is a fp; a wrong value is a fp and a fn.

A field (or an ``event`` key) absent from a gold record is not scored for that
document; fields absent from every gold record are not reported. A document
missing from the predictions is an empty prediction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .gold import EVENT_KEYS, GoldFormatError, check_record
from .matching import (
    date_match,
    max_matching,
    name_tokens,
    phrase_exact,
    phrase_match,
    phrase_words,
    place_type_spelled,
    title_key,
    tokens_match,
    value_key,
)
from .results import FieldResult, FieldScore, Report

FIELDS = (
    "persons",
    "person.role",
    "person.org",
    "schools",
    "schools.kind",
    "schools.name",
    "dates",
    "organizations",
    "event_formats",
    "locations",
    "event.format",
    "event.title",
    "event.date",
    "event.participants",
)


# ----------------------------------------------------------------------------- scoring


def score(gold: Mapping[str, Mapping[str, Any]], predictions: Mapping[str, Mapping[str, Any]]) -> Report:
    """Score ``predictions`` (doc → record in the gold format) against ``gold``
    (as returned by :func:`load_gold`). A prediction of the wrong shape raises
    :class:`GoldFormatError` naming its document."""
    documents: dict[str, dict[str, FieldResult]] = {}
    for doc in sorted(gold):
        pred = predictions.get(doc) or {"doc": doc}
        if not isinstance(pred, Mapping):
            raise GoldFormatError(doc, f"the prediction must be a record (dict), got {type(pred).__name__}")
        check_record({**pred, "doc": doc}, strict=False)
        documents[doc] = score_document(gold[doc], pred)
    for attr in ("kind", "name"):  # reported only where some gold school states them
        if not any(isinstance(s, Mapping) and s.get(attr) for g in gold.values() for s in g.get("schools") or ()):
            for results in documents.values():
                results.pop(f"schools.{attr}", None)
    totals = {name: FieldScore() for name in FIELDS}
    seen: set[str] = set()
    for results in documents.values():
        for name, r in results.items():
            seen.add(name)
            totals[name].tp += r.tp
            totals[name].fp += r.fp
            totals[name].fn += r.fn
    reported = {name: totals[name] for name in FIELDS if name in seen}
    ignored = sorted(doc for doc in predictions if doc not in gold)
    return Report(reported, documents, ignored)


def score_document(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[str, FieldResult]:
    """Results of the fields the gold record states, for one document."""
    out: dict[str, FieldResult] = {}
    if "persons" in gold:
        out.update(_persons(gold["persons"], pred.get("persons") or []))
    if "schools" in gold:
        out.update(_schools(gold["schools"], pred.get("schools") or []))
    if "dates" in gold:
        out["dates"] = _date_set(gold["dates"], _present(pred.get("dates")))
    for key in ("organizations", "event_formats"):
        if key in gold:
            out[key] = _phrase_set(gold[key], _present(pred.get(key)))
    if "locations" in gold:  # a type word matches its abbreviation (GOLD_FORMAT.md)
        out["locations"] = _phrase_set([place_type_spelled(p) for p in gold["locations"]],
                                       [place_type_spelled(p) for p in _present(pred.get("locations"))])
    if "event" in gold:
        out.update(_event(gold["event"], pred.get("event")))
    return out


def _present(values: Iterable[str] | None) -> list[str]:
    return [v for v in values or () if isinstance(v, str) and v.strip()]


def _unique(values: Iterable[str], key: Callable[[str], Any]) -> list[str]:
    """First of each group of values with the same key, ordered by key (so that
    results never depend on the order in which a record lists them)."""
    firsts: dict[Any, str] = {}
    for v in values:
        firsts.setdefault(key(v), v)
    return [firsts[k] for k in sorted(firsts, key=repr)]


# ----------------------------------------------------------------------------- sets


def _date_set(gold: list[str], pred: list[str]) -> FieldResult:
    """Dates one to one (``date_match``: a yearless gold day matches it in any year)."""
    g = sorted({value_key(v): v for v in gold}.values())
    p = sorted({value_key(v): v for v in pred}.values())
    exact = {(i, j): int(value_key(gv) == value_key(pv)) for i, gv in enumerate(g) for j, pv in enumerate(p)}
    big = 1 + min(len(g), len(p))
    pairs = max_matching(len(g), len(p), lambda i, j: big + exact[i, j] if date_match(g[i], p[j]) else 0)
    r = FieldResult(tp=len(pairs))
    matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    for j in range(len(p)):
        if j not in matched_p:
            r.add_fp(p[j])
    for i in range(len(g)):
        if i not in matched_g:
            r.add_fn(g[i])
    return r


def _phrase_set(gold: list[str], pred: list[str]) -> FieldResult:
    g = _unique(gold, phrase_words)
    p = _unique(pred, phrase_words)
    bonus = {(i, j): int(phrase_exact(gv, pv)) for i, gv in enumerate(g) for j, pv in enumerate(p)}
    big = 1 + min(len(g), len(p))

    def weight(i: int, j: int) -> int:
        return big + bonus[i, j] if phrase_match(g[i], p[j]) else 0

    pairs = max_matching(len(g), len(p), weight)
    r = FieldResult(tp=len(pairs))
    for i, j in pairs:
        if not bonus[i, j]:
            r.loose.append((g[i], p[j]))
    matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    for j, v in enumerate(p):
        if j not in matched_p:
            r.add_fp(v)
    for i, v in enumerate(g):
        if i not in matched_g:
            r.add_fn(v)
    return r


# ----------------------------------------------------------------------------- attributes


def _attribute(r: FieldResult, gold_values: list[str] | None, pred_values: list[str], owner: str) -> None:
    """Score one entity's attribute (role, org, school kind/name) into ``r``.

    ``gold_values`` lists acceptable answers; ``[]`` = not scored, ``None`` = the
    entity is not in the gold (every predicted value is a fp).
    """
    if gold_values is not None and not gold_values:
        return
    preds = _unique(_present(pred_values), phrase_words)
    if gold_values is None:
        for v in preds:
            r.add_fp(f"{owner}: {v}")
        return
    accepted = [(g, v) for v in preds for g in gold_values if phrase_match(g, v)]
    right = {v for _, v in accepted}
    for v in preds:
        if v not in right:
            r.add_fp(f"{owner}: {v}")
    if not accepted:
        r.add_fn(f"{owner}: {' | '.join(gold_values)}")
        return
    r.tp += 1
    if not any(phrase_exact(g, v) for g, v in accepted):
        g, v = accepted[0]
        r.loose.append((f"{owner}: {g}", f"{owner}: {v}"))


# ----------------------------------------------------------------------------- persons


@dataclass(slots=True)
class _Person:
    name: str
    spellings: tuple[tuple[str, ...], ...]
    roles: list[str]
    orgs: list[str]


def _gold_person(p: Mapping[str, Any]) -> _Person:
    names = [p["name"], *(p.get("name_alternatives") or [])]
    return _Person(p["name"], tuple(name_tokens(n) for n in names), list(p.get("roles") or []), list(p.get("orgs") or []))


def _pred_persons(persons: Iterable[Mapping[str, Any]]) -> list[_Person]:
    merged: dict[tuple[str, ...], _Person] = {}
    for p in persons:
        name = p.get("name")
        if not isinstance(name, str) or not name.strip():
            continue
        key = name_tokens(name)
        person = merged.setdefault(key, _Person(name, (key,), [], []))
        person.roles.extend(_present(p.get("roles")))
        person.orgs.extend(_present(p.get("orgs")))
    return [merged[k] for k in sorted(merged)]


def _compatible(g: _Person, p: _Person) -> bool:
    return any(tokens_match(s, p.spellings[0]) for s in g.spellings)


def _accepts(gold_values: list[str], pred_values: list[str]) -> bool:
    return any(phrase_match(g, v) for g in gold_values for v in pred_values)


def _persons(gold_list: list[Mapping[str, Any]], pred_list: list[Mapping[str, Any]]) -> dict[str, FieldResult]:
    ordered = sorted(gold_list, key=lambda raw: (_gold_person(raw).spellings, json.dumps(raw, sort_keys=True)))
    required = [_gold_person(raw) for raw in ordered if not raw.get("optional")]
    optional = [_gold_person(raw) for raw in ordered if raw.get("optional")]
    preds = _pred_persons(pred_list)
    names, roles, orgs = FieldResult(), FieldResult(), FieldResult()

    def bonus(g: _Person, p: _Person) -> int:  # breaks ties between equally large matchings
        exact = int(g.spellings[0] == p.spellings[0])
        return exact + int(_accepts(g.roles, p.roles)) + int(_accepts(g.orgs, p.orgs))

    big = 1 + 3 * min(len(required), len(preds))
    pairs = max_matching(
        len(required),
        len(preds),
        lambda i, j: big + bonus(required[i], preds[j]) if _compatible(required[i], preds[j]) else 0,
    )
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    rest = [p for j, p in enumerate(preds) if j not in matched_p]
    absorbed = {j for _, j in max_matching(len(optional), len(rest), lambda i, j: int(_compatible(optional[i], rest[j])))}

    names.tp = len(pairs)
    for i, j in pairs:
        g, p = required[i], preds[j]
        if g.spellings[0] != p.spellings[0]:
            names.loose.append((g.name, p.name))
        _attribute(roles, g.roles, p.roles, g.name)
        _attribute(orgs, g.orgs, p.orgs, g.name)
    for i, g in enumerate(required):
        if i not in matched_g:
            names.add_fn(g.name)
            _attribute(roles, g.roles, [], g.name)
            _attribute(orgs, g.orgs, [], g.name)
    for j, p in enumerate(rest):
        if j not in absorbed:
            names.add_fp(p.name)
            _attribute(roles, None, p.roles, p.name)
            _attribute(orgs, None, p.orgs, p.name)
    return {"persons": names, "person.role": roles, "person.org": orgs}


# ----------------------------------------------------------------------------- schools


def _schools(gold_list: list[Mapping[str, Any]], pred_list: list[Mapping[str, Any]]) -> dict[str, FieldResult]:
    gold_by = _group_schools(gold_list)
    pred_by = _group_schools(s for s in pred_list if isinstance(s, Mapping) and isinstance(s.get("number"), str))
    out = {"schools": FieldResult()}
    numbers = out["schools"]
    for k in sorted(gold_by.keys() | pred_by.keys()):
        if k in gold_by and k in pred_by:
            numbers.tp += 1
        elif k in gold_by:
            numbers.add_fn(gold_by[k]["number"])
        else:
            numbers.add_fp(pred_by[k]["number"])
    for attr in ("kind", "name"):
        r = FieldResult()
        for k in sorted(gold_by.keys() | pred_by.keys()):
            gold_values = gold_by[k][attr] if k in gold_by else None
            pred_values = pred_by[k][attr] if k in pred_by else []
            owner = f"№ {(gold_by.get(k) or pred_by[k])['number']}"
            _attribute(r, gold_values, pred_values, owner)
        out[f"schools.{attr}"] = r
    return out


def _group_schools(schools: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Number key → {"number": as written, "kind": [..], "name": [..]}."""
    groups: dict[str, dict[str, Any]] = {}
    for s in schools:
        g = groups.setdefault(value_key(s["number"]), {"number": s["number"].strip(), "kind": [], "name": []})
        for attr in ("kind", "name"):
            value = s.get(attr)
            if isinstance(value, str) and value.strip() and value not in g[attr]:
                g[attr].append(value)
    return groups


# ----------------------------------------------------------------------------- event


def _event(gold: Mapping[str, Any] | None, pred: Any) -> dict[str, FieldResult]:
    keys = EVENT_KEYS if gold is None else [k for k in EVENT_KEYS if k in gold]
    gold = gold or {}
    pred = pred if isinstance(pred, Mapping) else {}
    out: dict[str, FieldResult] = {}
    for key in keys:
        g, p = _value(gold.get(key)), _value(pred.get(key))
        r = FieldResult()
        if key == "format":
            same = g is not None and p is not None and phrase_match(g, p)
            if same and not phrase_exact(g, p):
                r.loose.append((g, p))
        elif key == "title":
            same = g is not None and p is not None and title_key(g) == title_key(p)
        elif key == "date":
            same = g is not None and p is not None and date_match(g, p)
        else:
            same = g is not None and g == p
        if same:
            r.tp = 1
        else:
            if p is not None:
                r.add_fp(str(p))
            if g is not None:
                r.add_fn(str(g))
        out[f"event.{key}"] = r
    return out


def _value(v: Any) -> Any:
    if isinstance(v, str):
        return v if v.strip() else None
    return v


__all__ = ["FIELDS", "FieldResult", "FieldScore", "Report", "score", "score_document"]
