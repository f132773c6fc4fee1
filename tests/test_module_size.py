"""No module in ``pipeline/`` over 400 lines, unless its first 30 lines say why.

Small modules a newcomer can read at once, the way natasha and yargy keep theirs
(issue 12). A module that would really read worse split says so near its top, in
a comment starting ``# longer than 400 lines:``.
"""

from __future__ import annotations

from pathlib import Path

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
LIMIT = 400
WHY = "# longer than 400 lines:"


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def too_long(path: Path) -> bool:
    lines = lines_of(path)
    return len(lines) > LIMIT and not any(line.lstrip().startswith(WHY) for line in lines[:30])


def test_no_module_over_400_lines_unless_it_says_why():
    found = [
        f"pipeline/{p.relative_to(PIPELINE).as_posix()}: {len(lines_of(p))} lines"
        for p in sorted(PIPELINE.rglob("*.py"))
        if too_long(p)
    ]
    assert found == []


def test_a_comment_near_the_top_says_why(tmp_path):
    body = "".join(f"x{i} = {i}\n" for i in range(LIMIT + 1))
    path = tmp_path / "m.py"
    path.write_text(body)
    assert too_long(path)
    path.write_text('"""Doc."""\n\n# longer than 400 lines: one table of cases, read top to bottom\n' + body)
    assert not too_long(path)
    path.write_text(body + "# longer than 400 lines: too late, nobody reads this far\n")
    assert too_long(path)
    path.write_text(body[: body.index(f"x{LIMIT} =")])  # exactly the limit
    assert not too_long(path)
