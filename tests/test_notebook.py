"""The analyst notebook runs top to bottom on a fresh run of the sample archive.

The pipeline runs in-process (``pipeline.run.run``) into a temporary folder; the
notebook is executed with nbclient with ``SVODKA_OUT`` pointing there. Its last
cell prints ``SUMMARY {json}``, which is checked here together with the plots.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

from pipeline.project import default_input  # noqa: E402
from pipeline.run import RunOptions, run  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "1.0-analyst-overview.ipynb"


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], "clear the notebook's outputs before committing"
            assert cell.execution_count is None, "clear the notebook's execution counts before committing"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("svodka-out")
    summary = run(RunOptions(inputs=[default_input()], out_dir=out))
    assert summary.ok > 0
    return out


@pytest.fixture(scope="module")
def executed(sample_out, tmp_path_factory):
    figures = tmp_path_factory.mktemp("figures")
    mp = pytest.MonkeyPatch()
    mp.setenv("SVODKA_OUT", str(sample_out))
    mp.setenv("SVODKA_FIGURES", str(figures))
    mp.delenv("MPLBACKEND", raising=False)  # let ipykernel use its inline backend, which emits PNGs
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
        )
        client.execute()  # raises CellExecutionError on the first failing cell
    finally:
        mp.undo()
    return nb, figures


def _summary(nb) -> dict:
    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    text = "".join(o.get("text", "") for o in last.outputs if o.output_type == "stream")
    lines = [line for line in text.splitlines() if line.startswith("SUMMARY ")]
    assert lines, f"the last cell printed no SUMMARY line: {text!r}"
    return json.loads(lines[-1].removeprefix("SUMMARY "))


@pytest.mark.slow
def test_notebook_runs_and_answers_the_three_questions(executed):
    nb, figures = executed
    summary = _summary(nb)
    assert summary["documents"] == 47  # 29 tidy reports and 18 less tidy ones (eval/README.md)
    assert summary["events"] > 0
    assert summary["months"] > 0 and summary["formats"] > 0
    assert summary["schools_with_events"] > 0 and summary["top_school"]
    assert summary["people"] > 0 and summary["top_person"]
    assert summary["figures"] == ["events_per_month", "schools", "people"]


@pytest.mark.slow
def test_notebook_draws_non_empty_plots_and_tables(executed):
    nb, figures = executed
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pngs) >= 3
    assert all(len(o["data"]["image/png"]) > 5_000 for o in pngs)  # base64 of a real plot, not a blank
    saved = sorted(p.name for p in figures.iterdir())
    assert saved == ["events_per_month.png", "people.png", "schools.png"]
    assert all((figures / name).stat().st_size > 10_000 for name in saved)
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert len(tables) >= 4  # the frames answering each question are shown
    summary = _summary(nb)
    shown = [o["data"]["text/plain"] for o in tables]
    assert any(summary["top_school"] in text for text in shown)
    assert any(summary["top_person"] in text for text in shown)
