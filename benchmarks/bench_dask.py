"""Benchmark dedup on Dask: one worker against two, on this machine, and the per-partition rates.

On the scale corpus of bench_dedup.py (synthetic ~600-word articles, 10 %
planted edited copies, JSON lines), ``simcompare.dedup(path, client=...)`` runs
on a ``LocalCluster`` of 1 and of 2 single-threaded worker processes, both
clusters up at once and the runs interleaved (1, 2, 1, 2, ...), medians
reported. Every run's pairs, clusters and keep list are checked against the
local path's (``simcompare.dedup`` without a client) on the same file.

From the one-worker runs' task stream it records, per kind of task, the
compute seconds per partition and per document: the rates docs/scaling.md
builds its plan for 100,000,000 articles from, with what the client holds
(the pairs and the cluster members; the keep list is written by the workers).

``--quick`` is a smoke test: a few thousand articles, one round, no warm-up.

Usage::

    python benchmarks/bench_dask.py [--docs 600000] [--repeats 3] [--blocksize 64MB] [--quick] [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(REPO))

from benchmarks.bench_dedup import SCRATCH, machine_busy_seconds, platform_info, scale_corpus  # noqa: E402
from simcompare import dedup, read_documents  # noqa: E402
from simcompare.dedup.dask.client import WORKER_SATURATION  # noqa: E402
from simcompare.dedup.dask.run import dedup_on_dask  # noqa: E402

RESULTS_DIR = REPO / "benchmarks" / "results"
# 600,000 articles: the sample and the per-shuffle latencies, which no worker count shortens, weigh
# as little as they do on a real archive; 64 MB partitions, the default a user gets.
DOCS, QUICK_DOCS = 600_000, 2_000
BLOCKSIZE, QUICK_BLOCKSIZE = "64MB", "2MB"
TARGET_SPEEDUP = 1.7
PLAN_DOCS = 100_000_000
PLAN_BLOCKSIZE = 64 * 2**20
PLAN_WORKERS = (64, 128, 256)  # single-core worker processes


def partition_bytes(path: Path, blocksize: int) -> dict:
    """Bytes per document of what a worker keeps of one partition: the document
    table and the band rows (pandas, measured deep), and of its JSON input."""
    import numpy as np

    from simcompare.dedup import DedupOptions
    from simcompare.dedup.dask.tasks import read_partition, sign_partition
    from simcompare.io.partitions import Partition

    part = Partition(0, str(path), str(path), str(path), "jsonl", start=0, end=min(blocksize, path.stat().st_size))
    parsed = read_partition(part, read=dict(id_field="id", text_field="text", encoding="utf-8"), skip_bad=False)
    docs, bands = sign_partition(parsed, (np.empty(0, np.uint64), 0), options=DedupOptions(bands=14, rows=9))
    n = len(docs)
    return {"docs": n, "input": part.end / n, "doc_table": docs.memory_usage(deep=True).sum() / n,
            "band_rows": bands.memory_usage(deep=True).sum() / n}


def plan(results: dict, sizes: dict, n_docs: int = PLAN_DOCS) -> dict:
    """A plan for ``n_docs`` articles from the measured rates (see docs/scaling.md)."""
    measured = results["corpus"]["docs"]
    stages = results["stages_median_seconds"]["1"]
    fixed = stages["plan"] + stages.get("boilerplate", 0.0)  # the sample is 20,000 documents at any size
    per_doc = (results["median_seconds"]["1"] - fixed) / measured  # one core, everything else
    efficiency = results["speedup"] / 2  # of two workers on this machine, assumed at scale too
    summary = results["summary"]
    per_partition = PLAN_BLOCKSIZE / sizes["input"]
    candidates = summary["candidate_pairs"] / measured * n_docs
    pairs = summary["pairs"] / measured * n_docs
    shingles = 8 * 600  # bytes of a ~600-word article's shingle set
    shuffles = {  # bytes crossing the network, each shuffle
        "band rows by (band, key)": sizes["band_rows"] * n_docs,
        "ids by id": 60 * n_docs,
        "candidate pairs by pair": 16 * candidates,
        "pair ends to their partitions": 2 * 25 * candidates,
        "shingle sets by pair": 2 * (shingles + 30) * candidates,
        "components, per large/small-star round": 2 * 2 * 17 * pairs,
        "cluster members by cluster": 2 * 100 * pairs,
    }
    core_seconds = per_doc * n_docs
    return {
        "docs": n_docs, "input_bytes": sizes["input"] * n_docs, "blocksize": PLAN_BLOCKSIZE,
        "docs_per_partition": round(per_partition), "partitions": round(n_docs / per_partition),
        "core_seconds_per_doc": per_doc, "core_hours": core_seconds / 3600, "efficiency": efficiency,
        "fixed_seconds": fixed, "candidate_pairs": round(candidates), "pairs": round(pairs),
        "shuffle_bytes": shuffles,
        # The client gathers the pairs (~250 B each as Pair objects) and the cluster members (~150 B each,
        # at most two a pair); the keep list (~60-80 B an article as a Python list, 6-8 GB at 100,000,000)
        # is written by the workers and streamed from their parts.
        "client_bytes": 250 * pairs + 2 * 150 * pairs,
        "persisted_bytes": (sizes["doc_table"] + sizes["band_rows"]) * n_docs,
        "task_bytes": per_partition * (sizes["input"] + 128 * 4 + sizes["band_rows"]) * 2,
        "workers": {str(w): {"wall_seconds": fixed + core_seconds / (w * efficiency),
                             "persisted_bytes_per_worker": (sizes["doc_table"] + sizes["band_rows"]) * n_docs / w}
                    for w in PLAN_WORKERS},
    }


def print_plan(p: dict) -> None:
    print(f"\nplan for {p['docs']:,} articles ({p['input_bytes'] / 1e9:,.0f} GB of JSON lines), "
          f"{p['blocksize'] // 2**20} MB partitions: {p['partitions']:,} partitions "
          f"of ~{p['docs_per_partition']:,} docs; "
          f"{p['core_seconds_per_doc'] * 1e6:.0f} core-us per doc -> {p['core_hours']:.1f} core-hours")
    for name, size in p["shuffle_bytes"].items():
        print(f"  shuffle {name:<42}{size / 1e9:>9.1f} GB")
    print(f"  held by the client: pairs and cluster members ~{p['client_bytes'] / 1e9:.2f} GB "
          "(keep.txt written by the workers, not gathered)")
    print(f"  persisted on the workers (document tables + band rows): {p['persisted_bytes'] / 1e9:.1f} GB in all; "
          f"one task's working set ~{p['task_bytes'] / 1e6:.0f} MB")
    for w, row in p["workers"].items():
        print(f"  {w:>4} workers: ~{row['wall_seconds'] / 60:.0f} min, "
              f"{row['persisted_bytes_per_worker'] / 1e9:.2f} GB persisted per worker")


def fingerprint(result) -> str:
    """One hash of the pairs (with scores), clusters and keep list."""
    payload = json.dumps([[(p.a, p.b, p.jaccard, p.containment_a_in_b, p.containment_b_in_a) for p in result.pairs],
                          [(c.members, c.representative) for c in result.clusters], list(result.keep)])
    return hashlib.sha256(payload.encode()).hexdigest()


def task_rates(stream: list[dict]) -> dict:
    """Compute seconds per kind of task (the function's name), with counts."""
    from dask.utils import key_split

    kinds: dict[str, list[float]] = defaultdict(list)
    for task in stream:
        seconds = sum(s["stop"] - s["start"] for s in task["startstops"] if s["action"] == "compute")
        kinds[key_split(task["key"])].append(seconds)
    return {kind: {"tasks": len(times), "compute_seconds": round(sum(times), 3),
                   "median_task_seconds": round(statistics.median(times), 4)}
            for kind, times in sorted(kinds.items(), key=lambda kv: -sum(kv[1]))}


def run(client, path: Path, blocksize: int, shuffle_method: str | None) -> dict:
    from distributed import get_task_stream

    with get_task_stream(client) as stream:
        start = time.perf_counter()
        result = dedup_on_dask([str(path)], client=client, blocksize=blocksize, shuffle_method=shuffle_method)
        seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 3), "fingerprint": fingerprint(result),
            "stages": {k: v["seconds"] for k, v in result.summary["stages"].items()},
            "summary": {k: result.summary[k] for k in ("documents", "candidate_pairs", "pairs", "clusters", "kept")},
            "partitions": result.summary["dask"]["partitions"], "tasks": task_rates(stream.data)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--blocksize", default=None, help="input bytes per partition, e.g. 16MB")
    parser.add_argument("--shuffle", default=None, choices=("p2p", "tasks"), help="Dask's shuffle method")
    parser.add_argument("--quick", action="store_true", help="a few thousand docs, one repeat (a smoke test)")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--scratch", type=Path, default=SCRATCH,
                        help=f"where the corpus is written (or reused) (default {SCRATCH})")
    args = parser.parse_args(argv)
    logging.getLogger("distributed").setLevel(logging.WARNING)
    import dask
    from dask.utils import parse_bytes
    from distributed import Client, LocalCluster

    n_docs = args.docs or (QUICK_DOCS if args.quick else DOCS)
    repeats = args.repeats or (1 if args.quick else 3)
    blocksize = parse_bytes(args.blocksize or (QUICK_BLOCKSIZE if args.quick else BLOCKSIZE))
    out = args.json or RESULTS_DIR / f"dask-{dt.date.today().isoformat()}{'-quick' if args.quick else ''}.json"
    info = platform_info()
    print(f"CPU: {info['cpu']}, {info['logical_cores']} logical cores; Python {info['python']}")

    corpus = scale_corpus(n_docs, args.scratch)
    size = corpus.path.stat().st_size
    print(f"corpus: {n_docs:,} docs, {size / 1e6:,.0f} MB JSON lines ({corpus.path})")
    start = time.perf_counter()
    local = dedup(lambda: read_documents([str(corpus.path)]))
    local_seconds = time.perf_counter() - start
    expected = fingerprint(local)
    print(f"local path (dedup without a client, {local.summary['parameters']['workers']} signing threads): "
          f"{local_seconds:.1f} s, {local.summary['pairs']:,} pairs")

    clusters, clients = {}, {}
    busy_start = machine_busy_seconds()
    try:
        for workers in (1, 2):
            with dask.config.set({"distributed.scheduler.worker-saturation": WORKER_SATURATION}):  # as connected()
                clusters[workers] = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                 dashboard_address=":0", silence_logs=logging.ERROR)
            clients[workers] = Client(clusters[workers])
        runs: dict[int, list[dict]] = {1: [], 2: []}
        # Round 0 warms the workers (numba, imports) and is dropped; a smoke test does without it.
        for repeat in range(1 if args.quick else 0, repeats + 1):
            for workers in (1, 2):
                result = run(clients[workers], corpus.path, blocksize, args.shuffle)
                if result["fingerprint"] != expected:
                    raise SystemExit(f"{workers} worker(s): the result differs from the local path's")
                if repeat:
                    runs[workers].append(result)
                print(f"  {'warm-up' if not repeat else f'run {repeat}'}: {workers} worker(s) "
                      f"{result['seconds']:.1f} s ({result['partitions']} partitions)")
    finally:
        for workers in clients:
            clients[workers].close()
            clusters[workers].close()
    busy_end = machine_busy_seconds()

    median = {w: statistics.median(r["seconds"] for r in runs[w]) for w in runs}
    speedup = median[1] / median[2]
    one = min(runs[1], key=lambda r: r["seconds"])
    per_partition = n_docs / one["partitions"]
    rates = {kind: dict(t, docs_per_second=round(n_docs / t["compute_seconds"]) if t["compute_seconds"] else None)
             for kind, t in one["tasks"].items()}
    stages = {w: {s: statistics.median(r["stages"][s] for r in runs[w]) for s in runs[w][0]["stages"]} for w in runs}
    print(f"\n{'stage':<12}{'1 worker':>10}{'2 workers':>11}")
    for stage in stages[1]:
        print(f"{stage:<12}{stages[1][stage]:>9.2f}s{stages[2][stage]:>10.2f}s")
    print(f"{'total':<12}{median[1]:>9.2f}s{median[2]:>10.2f}s   speed-up {speedup:.2f}x "
          f"(target >= {TARGET_SPEEDUP}x) {'PASS' if speedup >= TARGET_SPEEDUP else 'below target'}")
    print(f"\nper task kind, one worker ({one['partitions']} partitions of ~{per_partition:,.0f} docs):")
    for kind, t in list(rates.items())[:12]:
        print(f"  {kind:<34}{t['tasks']:>6} tasks {t['compute_seconds']:>8.2f} s "
              f"{(t['docs_per_second'] or 0):>12,} docs/s")
    results = {
        "benchmark": "dask", "date": dt.date.today().isoformat(), "platform": info,
        "corpus": {"docs": n_docs, "bytes": size, "params": corpus.params},
        "blocksize": blocksize, "shuffle_method": args.shuffle, "repeats": repeats,
        "local_seconds": round(local_seconds, 3),
        "summary": one["summary"],
        "median_seconds": {str(w): median[w] for w in median}, "speedup": round(speedup, 3),
        "target_speedup": TARGET_SPEEDUP,
        "stages_median_seconds": {str(w): stages[w] for w in stages},
        "runs": {str(w): [{k: r[k] for k in ("seconds", "stages", "partitions")} for r in runs[w]] for w in runs},
        "one_worker_tasks": rates,
        "docs_per_partition": per_partition,
        "machine_busy_seconds": None if busy_start is None else round(busy_end - busy_start, 1),
        "results_identical_to_local": True,
    }
    sizes = partition_bytes(corpus.path, PLAN_BLOCKSIZE)
    results["partition_bytes_per_doc"] = sizes
    results["plan"] = plan(results, sizes)
    print_plan(results["plan"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
