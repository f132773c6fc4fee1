"""The runner works where the work is cheapest: here, or on a pool of workers."""

from __future__ import annotations

from pipeline.cache import StageCache
from pipeline.run.costs import Costs
from pipeline.run.extraction import POOL_START, Extraction


def test_a_stage_s_cost_is_what_the_last_run_measured_per_document(tmp_path):
    cache = StageCache(tmp_path)
    costs = Costs(cache)
    assert costs.estimate({"formats": 2000}) is None  # never measured
    costs.record({"extract:formats": 1.0, "annotate": 30.0, "extract:events": 0.1},
                 {"extract:formats": 2000, "annotate": 2000, "extract:events": 3})
    assert costs.per_doc("formats") == 0.0005 and costs.per_doc("annotate") == 0.015
    assert costs.per_doc("events") is None  # three documents say too little
    assert costs.estimate({"formats": 1000, "annotate": 100}) == 0.5 + 1.5
    assert costs.estimate({"formats": 1000, "events": 0}) == 0.5  # what is not computed costs nothing
    cache.commit()
    assert Costs(StageCache(tmp_path)).per_doc("formats") == 0.0005  # kept for the next run


def test_work_cheaper_than_starting_workers_is_done_in_this_process(tmp_path):
    cache = StageCache(tmp_path)
    Costs(cache).record({"extract:formats": 1.0, "annotate": 30.0}, {"extract:formats": 2000, "annotate": 2000})
    run = Extraction(None, cache, None, executor="local", workers=2, scheduler=None, force=False,  # type: ignore[arg-type]
                     progress=None)
    # a rule edit: formats again for 2,000 reports, a second of work
    assert run._kind({"formats": 2000, "annotate": 0}, 2000, False) == "serial"
    # new reports to annotate: the pool divides the minutes by the cores
    assert run._kind({"formats": 2000, "annotate": 2000}, 2000, True) == "local"
    # two workers halve the work: worth their start from twice the start on
    assert run._kind({"formats": int(2 * POOL_START / 0.0005) + 100}, 10_000, False) == "local"
    # a cost never measured: by the number of documents
    assert run._kind({"people": 3}, 3, False) == "serial"
    assert run._kind({"people": 5000}, 5000, False) == "local"
    # an executor asked for by name is used
    dask = Extraction(None, cache, None, executor="dask", workers=2, scheduler=None, force=False,  # type: ignore[arg-type]
                      progress=None)
    assert dask._kind({"formats": 1}, 1, False) == "dask"
