"""Code fingerprints follow the project's imports, also those inside functions."""

from __future__ import annotations

from pipeline import codehash


def test_the_closure_follows_imports_and_packages_but_no_further():
    got = codehash.closure("pipeline.extract.dates")
    assert {"pipeline", "pipeline.extract", "pipeline.extract.dates", "pipeline.records"} <= set(got)
    assert "pipeline.extract.roles" not in got and "pipeline.run" not in got


def test_imports_inside_functions_count():
    # the export package imports its writers lazily, inside a function
    assert "pipeline.export.writers" in codehash.closure("pipeline.export")


def test_from_package_import_module_is_the_module():
    # ``from . import names as N`` in roles.py
    assert "pipeline.extract.names" in codehash.closure("pipeline.extract.roles")


def test_the_digest_changes_with_the_source_of_any_module_in_the_closure(tmp_path, monkeypatch):
    pkg = tmp_path / "pipeline"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "a.py").write_text("from .b import f\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from ..c import g\n")
    (pkg / "c.py").write_text("g = 1\n")
    (pkg / "d.py").write_text("h = 1\n")
    monkeypatch.setattr(codehash, "ROOT", pkg)
    before = codehash.code_digest("pipeline.sub.a")
    assert codehash.closure("pipeline.sub.a") == ["pipeline", "pipeline.c", "pipeline.sub", "pipeline.sub.a",
                                                  "pipeline.sub.b"]
    (pkg / "d.py").write_text("h = 2\n")  # not imported
    assert codehash.code_digest("pipeline.sub.a") == before
    (pkg / "c.py").write_text("g = 2\n")  # imported inside a function, two steps away
    assert codehash.code_digest("pipeline.sub.a") != before


def test_a_file_s_imports_are_kept_by_its_stat_between_runs(tmp_path, monkeypatch):
    pkg = tmp_path / "pipeline"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("x = 1\n")
    (pkg / "c.py").write_text("y = 1\n")
    monkeypatch.setattr(codehash, "ROOT", pkg)
    first = codehash.ImportMemo()
    assert codehash.closure("pipeline.a", memo=first) == ["pipeline", "pipeline.a", "pipeline.b"]
    assert first.changed  # learnt: the next run is given what this one read
    again = codehash.ImportMemo(first.used)
    assert codehash.closure("pipeline.a", memo=again) == ["pipeline", "pipeline.a", "pipeline.b"]
    assert not again.changed
    # a stored entry is trusted while the file's stat is the same (no parsing)...
    stat = (pkg / "a.py").stat()
    trusted = codehash.ImportMemo({**first.used, f"pipeline.a|{stat.st_mtime_ns}|{stat.st_size}": ["pipeline.c"]})
    assert codehash.closure("pipeline.a", memo=trusted) == ["pipeline", "pipeline.a", "pipeline.c"]
    # ...and an edit changes the stat: the file is read again, its old entry dropped
    (pkg / "a.py").write_text("from . import b, c\n")
    edited = codehash.ImportMemo(first.used)
    assert codehash.closure("pipeline.a", memo=edited) == ["pipeline", "pipeline.a", "pipeline.b", "pipeline.c"]
    assert edited.changed and not any(k.startswith(f"pipeline.a|{stat.st_mtime_ns}|") for k in edited.used)
