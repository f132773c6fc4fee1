"""Extract stage: rule modules, one component per entity kind, each a pure
function of the text and of the rules it is handed (a ``RuleSet``, always the
last positional argument: ``find_dates(text, rules)``). A component's module is
named after it (``dates``, ``orgs``, ``roles``, …); a larger one keeps its rules
and parts in sibling modules its docstring names (``org_rules``, ``org_phrases``,
…), none over 400 lines.

Rules are data in ``models/``; no module looks them up itself, and each builds
its tables once per rule set (``rules.derived``). ``registry`` declares every
component once: its function, what it requires, the rule files it reads, the
record it assigns.
"""
