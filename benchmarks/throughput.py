#!/usr/bin/env python3
"""Benchmark: svodka end-to-end throughput against natasha, per core and on all cores.

    python benchmarks/throughput.py --n 5000

In one session, on a generated archive of N plain-text reports
(``generate_archive.py``, the team's templates):

1. ``svodka run`` end to end (ingest → export, a cold cache, a fresh process)
   with each ``--workers`` count: wall time, chars/s, docs/s, the peak RSS of
   every worker process and of the main process, and each stage's share of the
   CPU time (from the run's own timings);
2. natasha on the first ``--natasha-docs`` texts of the same archive, in this
   process with one BLAS thread: bare segment + NER, and the full pipeline
   (segment + morph + syntax + NER + span normalization);
3. optionally (``--rss-sizes 1000,20000``) the workers' peak RSS on archives of
   those sizes (reports of ``--rss-chars`` characters), to show memory does not
   grow with the archive.

Prints a Markdown table for the README and writes ``WORK/throughput.json``.
"""

from __future__ import annotations

import os

# natasha in this process gets one BLAS thread, as svodka's workers do
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import psutil  # noqa: E402  (ships with dask.distributed)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def generate(out: Path, n: int, chars: int) -> list[dict]:
    manifest = out / "manifest.json"
    known = json.loads(manifest.read_text()) if manifest.exists() else {}
    if (known.get("n"), known.get("chars_target")) != (n, chars):
        subprocess.run([sys.executable, str(HERE / "generate_archive.py"), str(out), "--n", str(n), "--chars",
                        str(chars), "--quiet", "--force"], check=True)
    return json.loads(manifest.read_text("utf-8"))["documents"]


class PeakRSS(threading.Thread):
    """Polls a process tree: the highest RSS each process reached."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root, self.every, self.peaks = psutil.Process(pid), every, {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for p in procs:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                key = (p.pid, "main" if p.pid == self.root.pid else "worker")
                self.peaks[key] = max(self.peaks.get(key, 0), rss)
            time.sleep(self.every)

    def mb(self) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {"main": [], "worker": []}
        for (_, role), rss in sorted(self.peaks.items()):
            out[role].append(round(rss / 2**20, 1))
        return out


def run_svodka(archive: Path, work: Path, workers: int) -> dict:
    cache, out = work / f"cache-w{workers}", work / f"out-w{workers}"
    shutil.rmtree(cache, ignore_errors=True)
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(archive), "--out", str(out), "--cache-dir", str(cache),
           "--workers", str(workers), "--json"]
    t0 = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # .pyc cached, as for a user
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)
    watch = PeakRSS(proc.pid)
    watch.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - t0
    watch.done.set()
    if proc.returncode:
        raise SystemExit(f"svodka failed ({proc.returncode}):\n{stderr}")
    summary = json.loads(stdout)
    rss = watch.mb()
    # python -m spawns workers of its own; multiprocessing's resource tracker is tiny
    rss["worker"] = [r for r in rss["worker"] if r > 60]
    return {"workers": workers, "seconds": round(seconds, 2), "summary": summary, "rss_mb": rss}


def shares(timings: dict[str, float]) -> dict[str, float]:
    """Each stage's share of the CPU work: workers' CPU seconds per stage, and the
    main process's wall seconds for ingest, resolve and export."""
    parts = {k.removeprefix("cpu:"): v for k, v in timings.items() if k.startswith("cpu:")}
    for k in ("ingest", "resolve", "export"):
        parts[k] = timings.get(f"wall:{k}", 0.0)
    total = sum(parts.values()) or 1.0
    return {k: round(100 * v / total, 1) for k, v in sorted(parts.items(), key=lambda kv: -kv[1])}


def run_natasha(texts: list[str]) -> dict:
    from natasha import (
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    import pipeline.annotate.compat  # noqa: F401  (natasha on pymorphy3)

    emb = NewsEmbedding()
    seg, ner = Segmenter(), NewsNERTagger(emb)
    morph, syntax, vocab = NewsMorphTagger(emb), NewsSyntaxParser(emb), MorphVocab()
    chars = sum(map(len, texts))

    def bare(text: str) -> None:
        doc = Doc(text)
        doc.segment(seg)
        doc.tag_ner(ner)

    def full(text: str) -> None:
        doc = Doc(text)
        doc.segment(seg)
        doc.tag_morph(morph)
        doc.parse_syntax(syntax)
        doc.tag_ner(ner)
        for span in doc.spans:
            span.normalize(vocab)

    out = {}
    for name, fn in (("segment + NER", bare), ("segment + morph + syntax + NER + normalize", full)):
        fn(texts[0])  # warm-up
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        s = time.perf_counter() - t0
        out[name] = {"seconds": round(s, 2), "chars_per_s": round(chars / s), "docs_per_s": round(len(texts) / s, 2)}
        print(f"natasha {name}: {s:.1f} s, {chars / s:,.0f} chars/s", file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="reports in the archive (default 5000)")
    ap.add_argument("--chars", type=int, default=3000, help="mean report length (default 3000)")
    ap.add_argument("--workers", default="1,2", help="svodka --workers values (default 1,2)")
    ap.add_argument("--natasha-docs", type=int, default=1000, help="texts natasha runs on (default 1000)")
    ap.add_argument("--rss-sizes", default="", help="archive sizes for the memory sweep, e.g. 1000,20000")
    ap.add_argument("--rss-chars", type=int, default=1000, help="mean report length in the memory sweep")
    ap.add_argument("--work", type=Path, default=Path("/tmp/svodka-bench-throughput"), help="scratch folder")
    args = ap.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)

    archive = work / f"archive-{args.n}"
    docs = generate(archive, args.n, args.chars)
    chars = sum(d["chars"] for d in docs)
    report: dict = {
        "n": args.n, "chars": chars,
        "machine": f"{platform.machine()}, {psutil.cpu_count()} cores, "
                   f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}",
        "svodka": [], "memory_sweep": [],
    }
    for w in [int(x) for x in args.workers.split(",")]:
        r = run_svodka(archive, work, w)
        r["chars_per_s"], r["docs_per_s"] = round(chars / r["seconds"]), round(args.n / r["seconds"], 2)
        r["stage_share_pct"] = shares(r["summary"]["timings"])
        report["svodka"].append(r)
        print(f"svodka --workers {w}: {r['seconds']} s, {r['chars_per_s']:,} chars/s, RSS {r['rss_mb']}",
              file=sys.stderr)
    texts = [(archive / d["path"]).read_text("utf-8") for d in docs[: args.natasha_docs]]
    report["natasha"] = run_natasha(texts)
    report["natasha_docs"] = len(texts)
    for size in [int(x) for x in args.rss_sizes.split(",") if x]:
        sweep = work / f"sweep-{size}"
        generate(sweep, size, args.rss_chars)
        r = run_svodka(sweep, work, 2)
        report["memory_sweep"].append({"n": size, "seconds": r["seconds"], "rss_mb": r["rss_mb"]})
        print(f"sweep {size}: RSS {r['rss_mb']}", file=sys.stderr)
    (work / "throughput.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print_report(report)


def print_report(report: dict) -> None:
    nat = report["natasha"]
    full = nat["segment + morph + syntax + NER + normalize"]["chars_per_s"]
    bare = nat["segment + NER"]["chars_per_s"]
    one = next((r for r in report["svodka"] if r["workers"] == 1), None)
    print(f"\n{report['n']} reports, {report['chars']:,} characters; {report['machine']}\n")
    print("| pipeline | wall s | chars/s | docs/s | peak RSS per worker, MB |\n| --- | --- | --- | --- | --- |")
    for r in report["svodka"]:
        print(f"| svodka end-to-end, {r['workers']} worker(s) | {r['seconds']} | {r['chars_per_s']:,} | "
              f"{r['docs_per_s']} | {max(r['rss_mb']['worker'] or [0])} (main {max(r['rss_mb']['main'])}) |")
    for name, v in nat.items():
        print(f"| natasha {name} (first {report['natasha_docs']} texts, 1 process) | {v['seconds']} | "
              f"{v['chars_per_s']:,} | {v['docs_per_s']} | |")
    if one:
        print(f"\nper core: svodka ÷ natasha full = {one['chars_per_s'] / full:.2f}×; "
              f"svodka ÷ natasha segment + NER = {one['chars_per_s'] / bare:.2f}×")
    two = next((r for r in report["svodka"] if r["workers"] == 2), None)
    if one and two:
        print(f"2 workers ÷ 1 worker = {two['chars_per_s'] / one['chars_per_s']:.2f}×")
    for r in report["svodka"]:
        print(f"stage shares, {r['workers']} worker(s), % of CPU: {r['stage_share_pct']}")
    for s in report["memory_sweep"]:
        print(f"memory sweep: {s['n']} reports → workers' peak RSS {s['rss_mb']['worker']} MB, main {s['rss_mb']['main']} MB")


if __name__ == "__main__":
    main()
