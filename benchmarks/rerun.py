#!/usr/bin/env python3
"""Benchmark: what a re-run costs after a rule edit, new files, or nothing at all.

    python benchmarks/rerun.py --n 2000 --repeat 3

On a generated archive of N reports (``generate_archive.py``, the team's
templates) it times ``svodka run`` as a user runs it (a fresh process each
time, so start-up counts) in one session; each repetition runs the steps below
in turn from a fresh archive, rules and cache:

1. **full**: cold cache (a new cache folder each repetition);
2. **no-op**: the same archive and rules again;
3. **rule change**: one new event format added to a copy of
   ``models/event_formats.yaml`` (a different one each repetition; the run
   reads the copy through ``SVODKA_MODELS_DIR``) that no report uses: the
   ``formats`` group re-runs, its records come out the same, so ``events``
   stands (early cutoff per group) and so do the tables (resolve and export
   are skipped);
4. **rule change, tables change**: a new "format" that most reports use
   (``выступление``…): formats re-run, events where the formats changed, then
   the tables: all of them when a person's organization changed with an
   event's venue, else only those read straight off the records whose
   component's records changed (``rebuilt`` in the results says which);
5. **+1 % files**: N/100 new reports copied into the archive.

Run it with the Python of a runtime install (``bash scripts/install.sh``, then
``.venv/bin/python benchmarks/rerun.py``), as users run svodka: the test
extras bring hypothesis, which pandera imports on its first validation of a
run (about half a second more for every step that writes tables).

It prints medians and the ratio of the full run's median to each, and checks
what each re-run recomputed (a rule change must not ingest or annotate, new
files must be the only ones annotated, a no-op must leave the tables
byte-identical). Results also go to ``WORK/rerun.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NEW_FORMATS = ["педагогический квест", "методический марафон", "профессиональная проба", "педагогический диктант",
               "методическая карусель", "педагогическая лаборатория", "методический диалог", "проектная мастерская",
               "творческая лаборатория"]
EFFECTIVE_FORMATS = ["выступление", "презентация", "обсуждение"]  # words the generated reports use


def generate(pool: Path, n: int) -> list[dict]:
    if not (pool / "manifest.json").exists() or json.loads((pool / "manifest.json").read_text())["n"] != n:
        subprocess.run([sys.executable, str(HERE / "generate_archive.py"), str(pool), "--n", str(n), "--quiet",
                        "--force"], check=True)
    return json.loads((pool / "manifest.json").read_text("utf-8"))["documents"]


def copy_docs(pool: Path, archive: Path, docs: list[dict]) -> None:
    for d in docs:
        target = archive / d["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pool / d["path"], target)


def svodka(archive: Path, out: Path, cache: Path, env: dict, workers: int | None) -> tuple[float, dict]:
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(archive), "--out", str(out), "--cache-dir", str(cache),
           "--json"]
    if workers:
        cmd += ["--workers", str(workers)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, cwd=REPO)
    return time.perf_counter() - t0, json.loads(done.stdout)


def tables_digest(out: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(out.glob("*.csv")) + sorted(out.glob("*.parquet")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def add_format(models: Path, name: str) -> None:
    path = models / "event_formats.yaml"
    text = path.read_text("utf-8")
    assert f"\n  {name}:" not in text, name
    path.write_text(text.replace("\nformats:\n", f"\nformats:\n  {name}:\n", 1), "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="reports in the archive (default 2000)")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions of each step (default 3, at most 3)")
    ap.add_argument("--workers", type=int, default=None, help="svodka --workers (default: all cores)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/svodka-bench-rerun"), help="scratch folder")
    args = ap.parse_args()
    if args.repeat > len(EFFECTIVE_FORMATS):
        ap.error(f"--repeat at most {len(EFFECTIVE_FORMATS)}")

    work = args.work
    batch = max(1, args.n // 100)
    docs = generate(work / "pool", args.n + batch)
    archive, models = work / "archive", work / "models"
    # as a user runs it: Python may cache compiled modules (.pyc) between runs
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["SVODKA_MODELS_DIR"] = str(models)
    chars = sum(d["chars"] for d in docs[: args.n])

    steps: dict[str, list[dict]] = {"full": [], "no-op": [], "rule change": [], "rule change, tables change": [],
                                    "+1% files": []}

    def record(step: str, seconds: float, summary: dict, **extra) -> None:
        steps[step].append({"seconds": round(seconds, 3), "computed": summary["computed"],
                            "unchanged": summary["unchanged"], **extra})
        print(f"{step:12} {seconds:8.2f} s  computed {summary['computed']}", file=sys.stderr)

    # Each repetition runs every step once, from a fresh archive, rules and cache, so a
    # slow spell of a shared machine hits all steps of a repetition alike.
    for r in range(args.repeat):
        for p in (archive, models, work / "cache", work / "out"):
            shutil.rmtree(p, ignore_errors=True)
        copy_docs(work / "pool", archive, docs[: args.n])
        shutil.copytree(REPO / "models", models)
        cache, out = work / "cache", work / "out"
        seconds, summary = svodka(archive, out, cache, env, args.workers)
        record("full", seconds, summary, timings=summary["timings"])
        before = tables_digest(out)

        seconds, summary = svodka(archive, out, cache, env, args.workers)
        assert summary["unchanged"], "a no-op re-run recomputed something"
        record("no-op", seconds, summary, identical=tables_digest(out) == before)

        add_format(models, NEW_FORMATS[r])
        seconds, summary = svodka(archive, out, cache, env, args.workers)
        c = summary["computed"]
        assert c.get("annotate", 0) == 0 and c.get("ingest", 0) == 0, c
        record("rule change", seconds, summary, edit=f"event_formats.yaml: + {NEW_FORMATS[r]}",
               timings=summary["timings"], identical=tables_digest(out) == before)

        add_format(models, EFFECTIVE_FORMATS[r])
        seconds, summary = svodka(archive, out, cache, env, args.workers)
        assert not summary["unchanged"] and summary["computed"].get("annotate", 0) == 0, summary
        record("rule change, tables change", seconds, summary, edit=f"event_formats.yaml: + {EFFECTIVE_FORMATS[r]}",
               timings=summary["timings"], rebuilt=summary["rebuilt"])

        new = docs[args.n: args.n + batch]
        copy_docs(work / "pool", archive, new)
        seconds, summary = svodka(archive, out, cache, env, args.workers)
        assert summary["computed"].get("annotate", 0) == len(new), summary["computed"]
        record("+1% files", seconds, summary, added=len(new), timings=summary["timings"], rebuilt=summary["rebuilt"])

    full = statistics.median(s["seconds"] for s in steps["full"])
    report = {
        "n": args.n, "chars": chars, "repeat": args.repeat, "workers": args.workers or os.cpu_count(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "median_seconds": {k: statistics.median(s["seconds"] for s in v) for k, v in steps.items()},
        "steps": steps,
    }
    report["speedup_vs_full"] = {k: round(full / v, 1) for k, v in report["median_seconds"].items()}
    (work / "rerun.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print(f"\n{args.n} reports, {chars:,} characters; median of {args.repeat} runs each "
          f"({report['machine']}, workers: {report['workers']})\n")
    print("| step | median s | full ÷ step | recomputed (last run) |\n| --- | --- | --- | --- |")
    for k, v in steps.items():
        computed = ", ".join(f"{s} {n}" for s, n in v[-1]["computed"].items() if n) or "nothing"
        print(f"| {k} | {report['median_seconds'][k]:.2f} | {report['speedup_vs_full'][k]}× | {computed} |")
    print(f"\ntables byte-identical after no-op: {all(s['identical'] for s in steps['no-op'])}, after a rule "
          f"change that changes nothing: {all(s['identical'] for s in steps['rule change'])}; "
          f"results in {work / 'rerun.json'}")


if __name__ == "__main__":
    main()
