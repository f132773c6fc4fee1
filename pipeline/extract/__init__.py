"""Extract stage: rule modules, one per entity kind, each a pure function of the
text and of the rules it is handed (a ``RuleSet``, always the last positional
argument: ``find_dates(text, rules)``).

Rules are data in ``models/``; no module looks them up itself, and each builds
its tables once per rule set (``rules.derived``). ``registry`` declares every
component once: its function, what it requires, the rule files it reads, the
record it assigns.
"""
