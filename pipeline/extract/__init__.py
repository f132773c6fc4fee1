"""Extract stage: rule modules, one per entity kind, each a pure function of the
text and of the rules it is handed (a ``RuleSet``, always the last positional
argument: ``find_dates(text, rules)``).

Rules are data in ``models/``; no module looks them up itself. Each module names
the files it reads in ``RULE_FILES`` so the stage fingerprint changes exactly
when they do, and builds its tables once per rule set (``rules.derived``).
"""
