"""Extract stage: rule modules, one per entity kind, each a pure function of text.

Rules are data in ``models/``; each module names the files it reads in
``RULE_FILES`` so the stage fingerprint changes exactly when they do.
"""
