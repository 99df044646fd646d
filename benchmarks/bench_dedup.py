"""Benchmark corpus deduplication: ``simcompare dedup`` at scale, on real news, against peers.

Sections (each printed as a table and saved in the results JSON):

1. **scale**: ``simcompare dedup FILE.jsonl --output DIR --overwrite --quiet``
   timed end to end as a subprocess (reading JSON lines included) on N
   synthetic ~600-word articles, ~10% of them planted edited copies; peak RSS
   from GNU ``time -v``; per-stage timings from the run's ``summary.json``.
2. **reuters**: in-process ``dedup()`` of Reuters-21578 bodies, median of 3,
   against the exact-duplicate groups of ``derived_duplicates.json``.
3. **peers**: datasketch (``MinHash.bulk`` + ``MinHashLSH``) and rensa
   (``RMinHash`` + ``RMinHashLSH``) pipelines with the same exact-Jaccard
   verification (on Python sets), on subsets of the scale corpus, beside
   in-process simcompare on the same subsets; extrapolated linearly to N when
   a full-size run would take over 10 minutes.
4. **quality**: recall and precision of planted duplicate pairs on a
   ``synth.generate`` corpus, overall and per edit rate.
5. **bbc**: BBC News against its exact-duplicate groups and its (silver)
   near-duplicate pairs, with the disagreements listed.
7. **recall**: at each ``--recall-at`` threshold, the scale corpus run with the
   old banding and with the default; planted pairs found per bin of exact
   Jaccard at and above the threshold, and the candidate count beside it.

Usage::

    python benchmarks/bench_dedup.py [--docs 1000000] [--quick] [--json PATH] [--skip-peers]

See benchmarks/README.md for what is measured and how to read the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make `tests.support.synth` importable
    sys.path.insert(0, str(REPO))

import simcompare  # noqa: E402
from benchmarks._corpora import peer_shingles, reuters_documents  # noqa: E402
from benchmarks._platform import cpu_model  # noqa: E402
from simcompare.dedup import dedup  # noqa: E402
from simcompare.sketch.shingles import shingle  # noqa: E402
from tests.support import synth  # noqa: E402

THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE_SIZE = 5
SEED = 1
WORDS_PER_DOC = 600
FULL_DOCS = 1_000_000
QUICK_DOCS = 5_000

SCRATCH = Path("/tmp/dedup_helper")
RESULTS_DIR = REPO / "benchmarks" / "results"
SHARED_DATA = REPO.parent / "shared" / "data"
REUTERS_DIR = SHARED_DATA / "reuters21578"
BBC_DIR = SHARED_DATA / "bbc_news"

# Scale corpus: ~10% planted copies of an earlier article (within WINDOW
# positions, as a story is re-run by another outlet within days), each copied
# at most once. The edit rates straddle the threshold: at ~600 words, word
# 5-gram Jaccard is ~0.9 at 1% edits, ~0.82 at 2%, ~0.6 at 5%.
SCALE_DUP_FRACTION = 0.1
SCALE_EDIT_RATES = (0.0, 0.005, 0.01, 0.02, 0.05)
SCALE_SEED = 7
SCALE_WINDOW = 10_000
SCALE_FORMAT = 1  # bump when the corpus layout changes, to invalidate caches

QUALITY_DOCS = 20_000
QUALITY_DOCS_QUICK = 2_000
QUALITY_SEED = 11
QUALITY_EDIT_RATES = (0.0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05)
RECALL_MARGIN = 0.1  # recall counts planted pairs with true Jaccard >= threshold + this

PEER_SIZES = (20_000, 100_000)
PEER_SIZES_QUICK = (2_000,)
PEER_BATCH = 10_000
FULL_RUN_LIMIT = 600.0  # seconds: run a peer at full size only if it projects to at most this
# Peers slow down as their indexes grow (datasketch: 586 s projected linearly
# from 100,000 docs, 678 s measured at 1,000,000), so the projection must fit
# under the limit with this margin.
FULL_RUN_MARGIN = 1.15
REUTERS_REPEATS = 3
REUTERS_SILVER_MIN_WORDS = 20  # derived_duplicates.json covers bodies of at least this many words

# Targets printed beside the results.
TARGET_SCALE_SECONDS = 180.0
TARGET_SCALE_RSS_BYTES = 4e9
TARGET_REUTERS_SECONDS = 3.0
TARGET_RECALL = TARGET_PRECISION = 0.95
TARGET_BBC_EXACT_GROUPS = 101
BBC_SILVER_JACCARD = 0.8
SHOW_DISAGREEMENTS = 15


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def timed(fn: Callable[[], object]) -> tuple[object, float, float]:
    """``(result, wall seconds, CPU seconds of every thread of this process)``."""
    gc.collect()
    cpu0, t0 = time.process_time(), time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0, time.process_time() - cpu0


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    it = iter(iterable)
    while batch := list(islice(it, size)):
        yield batch


def machine_busy_seconds() -> float | None:
    """CPU seconds all processes on the machine have used since boot (Linux only)."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    busy = sum(fields[:8]) - fields[3] - fields[4]  # everything but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def mark(ok: bool | None) -> str:
    return "-" if ok is None else ("met" if ok else "MISSED")


def _write_atomic(path: Path, write: Callable) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------
# The scale corpus: iter_texts plus planted edited copies, cached on disk
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ScaleCorpus:
    """A JSON-lines corpus (``{"id", "text"}`` per line) and its ground truth.

    ``truth`` is a JSON file ``{"params", "duplicates": [[a, b, edit_rate], ...]}``
    where document ``b`` is an edited copy of the earlier document ``a``.
    """

    path: Path
    truth: Path
    params: dict
    generated_seconds: float | None  # None: reused from the cache

    def duplicates(self) -> list[tuple[str, str, float]]:
        return [tuple(d) for d in json.loads(self.truth.read_text(encoding="utf-8"))["duplicates"]]


def doc_id(position: int) -> str:
    return f"d{position:07d}"


def _edit(text: str, rate: float, rng: np.random.Generator) -> str:
    """An edited copy: synth's word editor (substitutions, insertions, deletions
    in equal parts, punctuation untouched)."""
    return synth._edit_words(text, rate, rng, synth._language())


def scale_corpus(n_docs: int, scratch: Path = SCRATCH, *, seed: int = SCALE_SEED,
                 dup_fraction: float = SCALE_DUP_FRACTION,
                 edit_rates: Sequence[float] = SCALE_EDIT_RATES, window: int = SCALE_WINDOW) -> ScaleCorpus:
    """Write (or reuse) ``n_docs`` synthetic articles with planted near-duplicates.

    Articles come from ``synth.iter_texts`` (streamed, so memory stays bounded);
    a share ``dup_fraction`` of the positions instead hold an edited copy of an
    original article from the previous ``window`` positions, each original
    copied at most once, with an edit rate drawn from ``edit_rates``. The files
    are named after a hash of the parameters and reused when a finished
    ``.meta.json`` with the same parameters is present.
    """
    params = {"n_docs": n_docs, "seed": seed, "dup_fraction": dup_fraction,
              "edit_rates": [float(r) for r in edit_rates], "window": window,
              "words_per_doc": WORDS_PER_DOC, "format": SCALE_FORMAT}
    key = hashlib.sha1(json.dumps(params, sort_keys=True).encode()).hexdigest()[:10]
    scratch.mkdir(parents=True, exist_ok=True)
    stem = scratch / f"scale-{n_docs}-{key}"
    path, truth, meta = stem.with_suffix(".jsonl"), stem.with_suffix(".truth.json"), stem.with_suffix(".meta.json")
    if meta.exists() and path.exists() and truth.exists():
        recorded = json.loads(meta.read_text(encoding="utf-8"))
        if recorded.get("params") == params and recorded.get("bytes") == path.stat().st_size:
            return ScaleCorpus(path, truth, params, None)

    t0 = time.perf_counter()
    rng = np.random.default_rng([seed, 1])
    n_dup = round(dup_fraction * n_docs)
    copy_at = np.zeros(n_docs, dtype=bool)
    copy_at[1 + rng.choice(max(n_docs - 1, 0), size=min(n_dup, max(n_docs - 1, 0)), replace=False)] = True
    rates = rng.choice(np.asarray(edit_rates, dtype=np.float64), size=n_docs).tolist()
    # Lazy, and a prefix of any longer stream: only the originals used are generated.
    originals = synth.iter_texts(n_docs, seed=seed, words_per_doc=WORDS_PER_DOC)
    recent: deque = deque()  # [position, text or None once copied] of originals in the window
    duplicates = []

    def write_docs(fh) -> None:
        for position, is_copy in enumerate(copy_at.tolist()):
            while recent and (recent[0][0] < position - window or recent[0][1] is None):
                recent.popleft()
            source = None
            if is_copy:
                for _ in range(20):  # a copied original is None: draw again
                    entry = recent[int(rng.integers(len(recent)))] if recent else None
                    if entry is not None and entry[1] is not None:
                        source = entry
                        break
            if source is None:
                text = next(originals)
                recent.append([position, text])
            else:
                text = _edit(source[1], rates[position], rng)
                duplicates.append([doc_id(source[0]), doc_id(position), rates[position]])
                source[1] = None
            fh.write(json.dumps({"id": doc_id(position), "text": text}, ensure_ascii=False))
            fh.write("\n")

    _write_atomic(path, write_docs)
    _write_atomic(truth, lambda fh: json.dump({"params": params, "duplicates": duplicates}, fh))
    _write_atomic(meta, lambda fh: json.dump({"params": params, "bytes": path.stat().st_size}, fh))
    return ScaleCorpus(path, truth, params, time.perf_counter() - t0)


def jsonl_texts(path: Path, limit: int | None = None) -> Iterator[str]:
    """The ``text`` of each line of a JSON-lines file, in order."""
    with open(path, encoding="utf-8") as fh:
        for line in islice(fh, limit):
            yield json.loads(line)["text"]


def planted_found(duplicates: Sequence[tuple[str, str, float]], found: set[tuple[str, str]],
                  within: int | None = None) -> dict:
    """Planted pairs found (as a reported pair), overall and per edit rate;
    ``within``: only pairs whose documents are both among the first ``within``."""
    per_rate: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    for a, b, rate in duplicates:
        if within is not None and int(b[1:]) >= within:
            continue
        per_rate[rate][0] += 1
        per_rate[rate][1] += (min(a, b), max(a, b)) in found
    planted = sum(v[0] for v in per_rate.values())
    hit = sum(v[1] for v in per_rate.values())
    return {
        "planted": planted,
        "found": hit,
        "share_found": hit / planted if planted else None,
        "by_edit_rate": {str(r): {"planted": v[0], "found": v[1], "share_found": v[1] / v[0] if v[0] else None}
                         for r, v in sorted(per_rate.items())},
    }


# --------------------------------------------------------------------------
# 1. Scale run: the CLI as a subprocess
# --------------------------------------------------------------------------

def simcompare_command() -> list[str]:
    exe = Path(sys.executable).with_name("simcompare")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("simcompare")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from simcompare.cli import main; sys.exit(main())"]


def gnu_time() -> str | None:
    """GNU time, if installed (``/usr/bin/time -v`` reports the peak RSS)."""
    path = shutil.which("time", path="/usr/bin:/bin:/usr/local/bin")
    if path is None:
        return None
    probe = subprocess.run([path, "-v", "true"], capture_output=True, text=True)
    return path if "Maximum resident set size" in probe.stderr else None


def run_measured(cmd: list[str], **kwargs) -> dict:
    """Run ``cmd``; its wall time, exit code, stderr tail and peak RSS (bytes)."""
    timer = gnu_time()
    full = ([timer, "-v"] + cmd) if timer else cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0 = machine_busy_seconds()
    t0 = time.perf_counter()
    proc = subprocess.run(full, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - t0
    busy1 = machine_busy_seconds()
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    others = None if busy0 is None else max(0.0, (busy1 - busy0) - child_cpu) / seconds
    rss, how = None, None
    if timer:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        if m:
            rss, how = int(m.group(1)) * 1024, "GNU time -v"
    if rss is None:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        # The peak over every child so far: exact only if this child set a new peak.
        rss, how = after * 1024, "getrusage(RUSAGE_CHILDREN)" + (" (upper bound)" if after == before else "")
    return {"command": cmd, "seconds": seconds, "returncode": proc.returncode, "peak_rss_bytes": rss,
            "rss_source": how, "cpu_seconds": child_cpu, "other_processes_cores": others,
            "stderr_tail": proc.stderr[-3000:]}


def raw_line_times(path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds to iterate the raw lines of ``path`` (binary, nothing decoded): the floor of any
    reading."""
    t0, c0 = time.perf_counter(), time.process_time()
    with open(path, "rb") as fh:
        for _ in fh:
            pass
    return time.perf_counter() - t0, time.process_time() - c0


def run_scale(corpus: ScaleCorpus, out_dir: Path, baseline: Path | None = None) -> dict:
    """The CLI on the scale corpus; with ``baseline`` (a source tree of another simcompare, e.g. ``git archive``
    of main), that code on the same file right after, for an old-vs-new comparison."""
    cmd = simcompare_command() + ["dedup", str(corpus.path), "--output", str(out_dir), "--overwrite", "--quiet"]
    raw_seconds, raw_cpu = raw_line_times(corpus.path)
    run = run_measured(cmd)
    old = None
    if baseline is not None:
        old_cmd = [sys.executable, "-c", "import sys; from simcompare.cli import main; sys.exit(main())",
                   *cmd[len(simcompare_command()):]]
        old_cmd[old_cmd.index(str(out_dir))] = str(out_dir) + "-baseline"
        old = run_measured(old_cmd, cwd=baseline, env={**os.environ, "PYTHONPATH": str(baseline)})
        if old["returncode"] == 0:
            old_summary = json.loads((Path(str(out_dir) + "-baseline") / "summary.json").read_text(encoding="utf-8"))
            old["stages"] = {name: st["seconds"] for name, st in old_summary.get("stages", {}).items()}
            old["read_items"] = old_summary.get("stages", {}).get("read", {}).get("items")
    # Measured again right after: on a shared machine one iteration alone can be off by half.
    raw_after, raw_cpu_after = raw_line_times(corpus.path)
    if run["returncode"] != 0:
        raise RuntimeError(f"simcompare dedup failed ({run['returncode']}):\n{run['stderr_tail']}")
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    found = set()
    with open(out_dir / "pairs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            p = json.loads(line)
            found.add((min(p["a"], p["b"]), max(p["a"], p["b"])))
    stages = {name: s["seconds"] for name, s in summary.get("stages", {}).items()}
    return {
        "corpus": str(corpus.path),
        "corpus_bytes": corpus.path.stat().st_size,
        "corpus_params": corpus.params,
        "corpus_generated_seconds": corpus.generated_seconds,
        "documents": summary.get("documents"),
        "seconds": run["seconds"],
        "peak_rss_bytes": run["peak_rss_bytes"],
        "rss_source": run["rss_source"],
        "command": " ".join(cmd),
        "stages": stages,
        "outside_stages_seconds": run["seconds"] - sum(stages.values()),
        "raw_line_seconds": raw_seconds,
        "raw_line_seconds_after": raw_after,
        "raw_line_cpu_seconds": [raw_cpu, raw_cpu_after],
        "read_cpu_seconds": summary.get("stages", {}).get("read", {}).get("cpu_seconds"),
        "read_items": summary.get("stages", {}).get("read", {}).get("items"),
        "baseline": None if old is None else {"tree": str(baseline), "seconds": old["seconds"],
                                              "peak_rss_bytes": old["peak_rss_bytes"], "stages": old.get("stages"),
                                              "read_items": old.get("read_items"), "returncode": old["returncode"]},
        "other_processes_cores": run["other_processes_cores"],
        "summary": summary,
        "planted": planted_found(corpus.duplicates(), found),
        "targets": {"seconds": TARGET_SCALE_SECONDS, "peak_rss_bytes": TARGET_SCALE_RSS_BYTES},
        "seconds_met": run["seconds"] <= TARGET_SCALE_SECONDS,
        "rss_met": run["peak_rss_bytes"] is not None and run["peak_rss_bytes"] <= TARGET_SCALE_RSS_BYTES,
    }


def print_scale(r: dict) -> None:
    s = r["summary"]
    gen = ("reused from cache" if r["corpus_generated_seconds"] is None
           else f"generated in {r['corpus_generated_seconds']:.0f}s")
    print(f"\n=== 1. scale: {r['documents']:,} docs, {r['corpus_bytes'] / 1e9:.2f} GB JSONL ({gen}) ===")
    print(f"$ {r['command']}")
    print(f"{'measure':<22}{'result':>14}{'target':>14}  status")
    print(f"{'wall time (end to end)':<22}{r['seconds']:>13.1f}s{'<= ' + str(int(TARGET_SCALE_SECONDS)) + 's':>14}"
          f"  {mark(r['seconds_met'])}")
    rss = r["peak_rss_bytes"]
    print(f"{'peak RSS':<22}{rss / 1e9:>12.2f}GB{'<= 4.00GB':>14}  {mark(r['rss_met'])}  ({r['rss_source']})")
    print(f"{'docs/s':<22}{r['documents'] / r['seconds']:>14,.0f}")
    print("stage timings (summary.json):")
    for name, sec in r["stages"].items():
        items = s["stages"][name].get("items", 0)
        note = "  (both passes: the records scanned, then the candidates read)" if name == "read" else ""
        print(f"  {name:<12}{sec:>9.2f}s {sec / r['seconds']:>5.0%}  {items:>12,} items{note}")
    read = r["stages"].get("read")
    if read is not None:
        # The faster of the two iterations: the one before the run may find the file not yet in the page cache.
        raw = min(t for t in (r["raw_line_seconds"], r.get("raw_line_seconds_after")) if t)
        print(f"read stage {read:.2f}s over {r['read_items']:,} records = {read / raw:.1f}x a raw line iteration "
              f"of the file (the faster of {r['raw_line_seconds']:.2f}s before the run and "
              f"{r.get('raw_line_seconds_after') or float('nan'):.2f}s after it; target <= 3x: "
              f"{mark(read <= 3 * raw)})")
        cpu, raw_cpu = r.get("read_cpu_seconds"), r.get("raw_line_cpu_seconds")
        if cpu and raw_cpu:
            print(f"  CPU time (what a busy machine changes least): read {cpu:.2f}s = {cpu / min(raw_cpu):.1f}x "
                  f"the raw line iteration's {min(raw_cpu):.2f}s")
    outside = r["outside_stages_seconds"]
    print(f"  {'(outside)':<12}{outside:>9.2f}s {outside / r['seconds']:>5.0%}  wall minus the stages: "
          + ("process start, imports, writing the output" if outside >= 0 else
             "negative, so this simcompare's stage timings overlap"))
    b = r.get("baseline")
    if b is not None and b["returncode"] == 0:
        print(f"baseline ({b['tree']}) on the same file: {b['seconds']:.1f}s end to end "
              f"({b['seconds'] / r['seconds']:.2f}x this run), peak RSS {b['peak_rss_bytes'] / 1e9:.2f} GB, "
              f"read {b['stages'].get('read', 0):.2f}s over {b['read_items']:,} records; stages: "
              + ", ".join(f"{k} {v:.1f}s" for k, v in b["stages"].items()))
    elif b is not None:
        print(f"baseline ({b['tree']}) failed with exit code {b['returncode']}")
    if r["other_processes_cores"] is not None:
        busy = "  <- busy machine: timings are pessimistic" if r["other_processes_cores"] > 0.1 else ""
        print(f"other processes used {r['other_processes_cores']:.2f} cores on average during the run{busy}")
    print(f"candidates {s['candidate_pairs']:,}, pairs {s['pairs']:,}, clusters {s['clusters']:,}, "
          f"kept {s['kept']:,}, capped buckets {s.get('capped_buckets')}, "
          f"boilerplate shingles ignored {s.get('boilerplate', {}).get('shingles_ignored')}")
    p = r["planted"]
    print(f"planted pairs found: {p['found']:,} / {p['planted']:,}; by edit rate: " + ", ".join(
        f"{rate}: {v['share_found']:.1%}" for rate, v in p["by_edit_rate"].items() if v["planted"]))


# --------------------------------------------------------------------------
# 7. Recall at the threshold: by exact-Jaccard bin, old banding vs the default
# --------------------------------------------------------------------------

RECALL_THRESHOLDS = (0.5, 0.8)
# Bins of exact Jaccard above the threshold: the pairs just above it are the ones the S-curve can drop.
RECALL_BINS = (0.0, 0.02, 0.05, 0.1)


def planted_jaccards(corpus: ScaleCorpus) -> dict[tuple[str, str], float]:
    """The exact Jaccard of every planted pair, on the shingle sets dedup verifies (boilerplate left out)."""
    from simcompare.dedup import stages

    duplicates = corpus.duplicates()
    wanted = {x for a, b, _ in duplicates for x in (a, b)}
    texts, sample = {}, []
    with open(corpus.path, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if len(sample) < stages.BOILERPLATE_SAMPLE:
                sample.append(record["text"])
            if record["id"] in wanted:
                texts[record["id"]] = record["text"]
    drop = stages.find_boilerplate(sample, share=0.01, shingle_size=SHINGLE_SIZE)
    return {(min(a, b), max(a, b)): exact_jaccard(texts[a], texts[b], drop) for a, b, _ in duplicates}


def recall_by_bin(jaccards: dict[tuple[str, str], float], found: set[tuple[str, str]], threshold: float) -> dict:
    """Planted pairs found, per bin of exact Jaccard at and above ``threshold``."""
    edges = [threshold + b for b in RECALL_BINS] + [1.0 + 1e-9]
    out = {}
    for low, high in zip(edges, edges[1:]):
        inside = [p for p, j in jaccards.items() if low <= j < high]
        hit = sum(p in found for p in inside)
        out[f"{low:.2f}-{min(high, 1.0):.2f}"] = {"planted": len(inside), "found": hit,
                                                  "recall": hit / len(inside) if inside else None}
    above = [p for p, j in jaccards.items() if j >= threshold]
    hit = sum(p in found for p in above)
    out["all >= threshold"] = {"planted": len(above), "found": hit, "recall": hit / len(above) if above else None}
    return out


def run_recall(corpus: ScaleCorpus, out_dir: Path, thresholds: Sequence[float]) -> dict:
    """Each threshold run twice through the CLI: the old banding and the default; recall by bin, candidates."""
    jaccards = planted_jaccards(corpus)
    runs = []
    for threshold in thresholds:
        for label, (bands, rows) in (("old", old_banding(threshold)), ("default", banding(threshold))):
            cmd = simcompare_command() + ["dedup", str(corpus.path), "--output", str(out_dir), "--overwrite",
                                          "--quiet", "--threshold", str(threshold), "--bands", str(bands),
                                          "--rows", str(rows)]
            run = run_measured(cmd)
            if run["returncode"] != 0:
                raise RuntimeError(f"simcompare dedup failed ({run['returncode']}):\n{run['stderr_tail']}")
            summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
            with open(out_dir / "pairs.jsonl", encoding="utf-8") as fh:
                found = {(min(p["a"], p["b"]), max(p["a"], p["b"])) for p in map(json.loads, fh)}
            chance = 1 - (1 - threshold**rows) ** bands
            runs.append({"threshold": threshold, "banding": label, "bands": bands, "rows": rows,
                         "chance_at_threshold": chance, "candidates": summary["candidate_pairs"],
                         "pairs": summary["pairs"], "seconds": run["seconds"],
                         "verify_seconds": summary["stages"]["verify"]["seconds"],
                         "by_exact_jaccard": recall_by_bin(jaccards, found, threshold)})
    return {"corpus": str(corpus.path), "documents": corpus.params["n_docs"], "runs": runs}


def print_recall(r: dict) -> None:
    print(f"\n=== 7. recall at the threshold: {r['documents']:,} docs, planted pairs by exact Jaccard ===")
    for run in r["runs"]:
        bins = run["by_exact_jaccard"]
        print(f"threshold {run['threshold']} {run['banding']:<8}({run['bands']:>2} x {run['rows']:>2}, "
              f"P(candidate | J = threshold) {run['chance_at_threshold']:.3f}): candidates {run['candidates']:,}, "
              f"pairs {run['pairs']:,}, {run['seconds']:.1f}s (verify {run['verify_seconds']:.1f}s)")
        print("    " + "; ".join(f"J {k}: {v['found']:,}/{v['planted']:,}"
                                 + (f" = {v['recall']:.4f}" if v["recall"] is not None else "")
                                 for k, v in bins.items()))


# --------------------------------------------------------------------------
# 2. Reuters-21578
# --------------------------------------------------------------------------

def exact_jaccard(a: str, b: str, drop: np.ndarray | None = None) -> float:
    """Jaccard similarity of simcompare's shingle sets of two texts, less ``drop``."""
    x, y = shingle(a, shingle_size=SHINGLE_SIZE), shingle(b, shingle_size=SHINGLE_SIZE)
    if drop is not None and len(drop):
        x, y = np.setdiff1d(x, drop, assume_unique=True), np.setdiff1d(y, drop, assume_unique=True)
    shared = len(np.intersect1d(x, y, assume_unique=True))
    union = len(x) + len(y) - shared
    return shared / union if union else 0.0


def groups_found(groups: Sequence[Sequence], cluster_of: dict) -> tuple[int, list]:
    """How many groups have every member in one and the same cluster; the others."""
    missed = []
    for group in groups:
        labels = {cluster_of.get(member) for member in group}
        if len(labels) != 1 or None in labels:
            missed.append(list(group))
    return len(groups) - len(missed), missed


def cluster_labels(result, key: Callable[[str], object] = lambda x: x) -> dict:
    return {key(member): c.cluster for c in result.clusters for member in c.members}


def canonical_pairs(pairs: Iterable[tuple], groups: Sequence[Sequence]) -> set[tuple]:
    """Pairs with every member of an exact-duplicate group replaced by the
    group's first member, self-pairs dropped: so a near-duplicate listed once
    for a group is not counted again for each copy."""
    canon = {member: group[0] for group in groups for member in group}
    out = set()
    for a, b in pairs:
        a, b = canon.get(a, a), canon.get(b, b)
        if a != b:
            out.add((min(a, b), max(a, b)))
    return out


def silver_comparison(ours: set[tuple], silver: set[tuple]) -> dict:
    both = ours & silver
    return {
        "ours": len(ours), "silver": len(silver), "agreed": len(both),
        "precision": len(both) / len(ours) if ours else None,
        "recall": len(both) / len(silver) if silver else None,
        "only_ours": sorted(ours - silver), "only_silver": sorted(silver - ours),
    }


def run_reuters(directory: Path, repeats: int) -> dict:
    docs = reuters_documents(directory)
    texts = [t for _, t in docs]
    newids = [n for n, _ in docs]
    runs = []
    result = None
    for _ in range(repeats):
        result, seconds, cpu = timed(lambda: dedup(texts))
        stages = {k: v["seconds"] for k, v in result.summary["stages"].items()}
        runs.append({"seconds": seconds, "cpu_seconds": cpu, "stages": stages})
    median = statistics.median(r["seconds"] for r in runs)
    derived = json.loads((directory / "derived_duplicates.json").read_text(encoding="utf-8"))
    groups = derived["exact_duplicate_groups"]
    labels = cluster_labels(result, key=lambda i: newids[int(i)])
    found, missed = groups_found(groups, labels)
    # The silver pairs were derived from bodies of >= 20 words only: compare within that scope.
    words = {n: len(t.split()) for n, t in docs}
    all_ours = canonical_pairs(((newids[int(p.a)], newids[int(p.b)]) for p in result.pairs), groups)
    ours = {(a, b) for a, b in all_ours if min(words[a], words[b]) >= REUTERS_SILVER_MIN_WORDS}
    candidates = {(min(c["a"], c["b"]), max(c["a"], c["b"])): c for c in derived["near_duplicate_candidates_5gram"]}
    silver = canonical_pairs((k for k, c in candidates.items() if c["jaccard"] >= THRESHOLD), groups)
    near = silver_comparison(ours, silver)
    near["ours_including_short_bodies"] = len(all_ours)
    near["only_ours_their_jaccard"] = [candidates[p]["jaccard"] if p in candidates else None
                                       for p in near["only_ours"]]
    near["only_silver_their_jaccard"] = [candidates[p]["jaccard"] for p in near["only_silver"]]
    by_id = dict(docs)
    near["only_silver_our_jaccard_all_shingles"] = [exact_jaccard(by_id[a], by_id[b]) for a, b in near["only_silver"]]
    s = result.summary
    return {
        "documents": len(texts),
        "median_seconds": median,
        "target_seconds": TARGET_REUTERS_SECONDS,
        "seconds_met": median <= TARGET_REUTERS_SECONDS,
        "runs": runs,
        "candidate_pairs": s["candidate_pairs"], "pairs": s["pairs"], "clusters": s["clusters"],
        "documents_in_clusters": s["documents_in_clusters"],
        "boilerplate_shingles_ignored": s["boilerplate"]["shingles_ignored"],
        "exact_groups": len(groups), "exact_groups_found": found, "exact_groups_missed": missed,
        "near_duplicates_vs_silver": near,
    }


def print_reuters(r: dict) -> None:
    print(f"\n=== 2. Reuters-21578: {r['documents']:,} bodies, in-process dedup(), median of {len(r['runs'])} ===")
    med = r["median_seconds"]
    print(f"time {med:.2f}s (target <= {TARGET_REUTERS_SECONDS:.0f}s: {mark(r['seconds_met'])}); runs "
          + ", ".join(f"{x['seconds']:.2f}s" for x in r["runs"]))
    last = r["runs"][-1]["stages"]
    print("stages (last run): " + ", ".join(f"{k} {v:.2f}s" for k, v in last.items()))
    print(f"candidates {r['candidate_pairs']:,}, pairs {r['pairs']:,}, clusters {r['clusters']:,} "
          f"({r['documents_in_clusters']:,} docs), boilerplate shingles ignored {r['boilerplate_shingles_ignored']}")
    print(f"exact-duplicate groups (silver) fully in one cluster: {r['exact_groups_found']} / {r['exact_groups']}"
          + (f"; missed: {r['exact_groups_missed'][:10]}" if r["exact_groups_missed"] else ""))
    n = r["near_duplicates_vs_silver"]
    print(f"near-duplicate pairs vs silver (their Jaccard >= {THRESHOLD}, exact groups collapsed, bodies of >= "
          f"{REUTERS_SILVER_MIN_WORDS} words as in the silver set; {n['ours_including_short_bodies']} before "
          f"leaving out shorter bodies): ours {n['ours']}, silver {n['silver']}, agreed {n['agreed']}, "
          f"precision {n['precision']:.3f}, recall {n['recall']:.3f}")
    theirs = [j for j in n["only_ours_their_jaccard"] if j is not None]
    if n["only_ours"]:
        print(f"  only ours: {len(n['only_ours'])}, of which {len(theirs)} in their candidate list with their "
              f"Jaccard {min(theirs, default=0):.3f}-{max(theirs, default=0):.3f}; "
              f"{len(n['only_ours']) - len(theirs)} not in it")
    if n["only_silver"]:
        jaccards = zip(n["only_silver_their_jaccard"], n["only_silver_our_jaccard_all_shingles"])
        print(f"  only silver: {len(n['only_silver'])}, their / our Jaccard "
              + ", ".join(f"{t:.3f}/{o:.3f}" for t, o in jaccards)
              + " (ours: every shingle; NEWID pairs in the JSON)")


# --------------------------------------------------------------------------
# 3. Peers: datasketch and rensa pipelines with exact verification
# --------------------------------------------------------------------------

def banding(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """simcompare's default (bands, rows) for ``threshold`` (as ``dedup()`` chooses them)."""
    from simcompare.dedup import DedupOptions

    options = DedupOptions(threshold=threshold, num_perm=num_perm)
    return options.bands, options.rows


def old_banding(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """The default before issue 17: datasketch's rule with false negatives weighted 9:1."""
    from simcompare.sketch.lsh import FALSE_POSITIVE_WEIGHT, lsh_params

    return lsh_params(threshold, num_perm, false_positive_weight=FALSE_POSITIVE_WEIGHT,
                      false_negative_weight=1 - FALSE_POSITIVE_WEIGHT)


@dataclass
class PeerResult:
    name: str
    n_docs: int
    pairs: list[tuple[int, int, float]]  # (i, j, exact Jaccard), i < j, sorted
    candidate_pairs: int
    stages: dict[str, float] = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)


class _DatasketchIndex:
    def __init__(self, bands: int, rows: int):
        from datasketch import MinHash, MinHashLSH

        self.MinHash = MinHash
        self.num_perm = NUM_PERM
        # params=(bands, rows) is what weights=(0.1, 0.9) picks too: simcompare's banding.
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=(bands, rows))
        self.parameters = {"num_perm": NUM_PERM, "bands": bands, "rows": rows, "seed": SEED,
                           "hash": "datasketch default (sha1_hash32)"}

    def add(self, keys: list[int], shingles: list[list[bytes]]) -> list[list[int]]:
        sketches = self.MinHash.bulk(shingles, num_perm=NUM_PERM, seed=SEED)
        with self.lsh.insertion_session() as session:
            for k, m in zip(keys, sketches):
                session.insert(k, m, check_duplication=False)
        return [self.lsh.query(m) for m in sketches]


class _RensaIndex:
    def __init__(self, bands: int, rows: int):
        import rensa

        self.rensa = rensa
        # RMinHashLSH needs num_perm divisible by num_bands: 14 bands of 9 rows
        # use 126 slots, exactly the slots simcompare bands (14 * 9 of 128).
        self.num_perm = bands * rows
        self.lsh = rensa.RMinHashLSH(THRESHOLD, self.num_perm, bands)
        self.parameters = {"num_perm": self.num_perm, "bands": bands, "rows": rows, "seed": SEED}

    def add(self, keys: list[int], shingles: list[list[bytes]]) -> list[list[int]]:
        sketches = self.rensa.RMinHash.from_token_sets(shingles, num_perm=self.num_perm, seed=SEED)
        self.lsh.insert_pairs(list(zip(keys, sketches)))
        return self.lsh.query_all(sketches)


PEERS = {"datasketch": _DatasketchIndex, "rensa": _RensaIndex}


def verify_stream(texts: Iterable[str], ci: Sequence[int], cj: Sequence[int],
                  tokenise: Callable[[str], list], threshold: float) -> list[tuple[int, int, float]]:
    """Exact Jaccard of candidate pairs ``(ci[k] < cj[k])`` on Python sets of
    shingles, in one pass over ``texts``: a document's set is built when the
    pass reaches it and freed once its last partner has been verified, so
    memory follows how far apart pairs are, not how many documents are in one."""
    partners: dict[int, list[int]] = defaultdict(list)  # later document -> earlier partners
    last: dict[int, int] = {}  # document -> its latest partner
    for i, j in zip(ci, cj):
        partners[j].append(i)
        last[i] = max(last.get(i, -1), j)
        last.setdefault(j, j)
    release: dict[int, list[int]] = defaultdict(list)
    for doc, at in last.items():
        release[at].append(doc)
    sets: dict[int, set] = {}
    out = []
    if not last:
        return out
    stop = max(last) + 1
    for index, text in enumerate(islice(texts, stop)):
        if index not in last:
            continue
        mine = sets[index] = set(tokenise(text))
        for i in partners.get(index, ()):
            theirs = sets[i]
            shared = len(mine & theirs)
            union = len(mine) + len(theirs) - shared
            jaccard = shared / union if union else 0.0
            if jaccard >= threshold:
                out.append((i, index, jaccard))
        for doc in release.get(index, ()):
            del sets[doc]
    out.sort()
    return out


def peer_dedup(name: str, texts: Callable[[], Iterable[str]], *, bands: int, rows: int,
               batch: int = PEER_BATCH) -> PeerResult:
    """A peer's dedup pipeline, staged like simcompare's: tokenise + sign + LSH
    insert + query each (in batches), candidate pairs, exact verification on a
    second pass over ``texts()``. Documents without a shingle are left out."""
    index = PEERS[name](bands, rows)
    stages = {"sign+index+query": 0.0, "candidates": 0.0, "verify": 0.0}
    found: list[tuple[int, int]] = []
    n = 0
    t0 = time.perf_counter()
    for chunk in batched(texts(), batch):
        shingles = [peer_shingles(t) for t in chunk]
        keys = [n + k for k, s in enumerate(shingles) if s]
        nonempty = [s for s in shingles if s]
        n += len(chunk)
        del shingles, chunk
        for k, hits in zip(keys, index.add(keys, nonempty)):
            for other in hits:
                if other != k:
                    found.append((min(k, other), max(k, other)))
    t1 = time.perf_counter()
    stages["sign+index+query"] = t1 - t0
    pairs = np.unique(np.array(found, dtype=np.int64).reshape(-1, 2), axis=0) if found else np.empty((0, 2), np.int64)
    del found
    t2 = time.perf_counter()
    stages["candidates"] = t2 - t1
    verified = verify_stream(texts(), pairs[:, 0].tolist(), pairs[:, 1].tolist(), peer_shingles, THRESHOLD)
    stages["verify"] = time.perf_counter() - t2
    return PeerResult(name, n, verified, len(pairs), stages, index.parameters)


def simcompare_subset(texts: list[str]) -> PeerResult:
    result = dedup(texts)
    pairs = sorted((min(int(p.a), int(p.b)), max(int(p.a), int(p.b)), p.jaccard) for p in result.pairs)
    return PeerResult("simcompare", len(texts), pairs, result.summary["candidate_pairs"],
                      {k: v["seconds"] for k, v in result.summary["stages"].items()},
                      dict(result.summary["parameters"]))


def run_peer_subset(name: str, texts: list[str], bands: int, rows: int) -> tuple[PeerResult, float, float]:
    if name == "simcompare":
        return timed(lambda: simcompare_subset(texts))
    return timed(lambda: peer_dedup(name, lambda: texts, bands=bands, rows=rows))


def projected_seconds(seconds: float, docs: int, full_docs: int, read_seconds_per_doc: float) -> float:
    """Linear extrapolation of an in-memory run to ``full_docs``, plus the two
    passes over the JSONL that an end-to-end run makes (as simcompare's does)."""
    return (seconds / docs + 2 * read_seconds_per_doc) * full_docs


def peer_full_run(name: str, corpus: ScaleCorpus, scratch: Path) -> dict:
    """The peer at full size, end to end in a subprocess reading the JSONL (as the
    simcompare CLI does), with its peak RSS."""
    out = scratch / f"peer-{name}-{corpus.path.stem}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--peer-run", name,
           "--peer-input", str(corpus.path), "--peer-output", str(out)]
    run = run_measured(cmd)
    if run["returncode"] != 0:
        raise RuntimeError(f"{name} full run failed:\n{run['stderr_tail']}")
    data = json.loads(out.read_text(encoding="utf-8"))
    return run | data


def _peer_child(name: str, path: Path, output: Path) -> int:
    bands, rows = banding()
    result, seconds, cpu = timed(lambda: peer_dedup(name, lambda: jsonl_texts(path), bands=bands, rows=rows))
    found = [[doc_id(i), doc_id(j)] for i, j, _ in result.pairs]
    output.write_text(json.dumps({"in_process_seconds": seconds, "cpu_seconds": cpu, "n_docs": result.n_docs,
                                  "candidate_pairs": result.candidate_pairs, "pairs_found": len(result.pairs),
                                  "stages": result.stages, "found": found}), encoding="utf-8")
    return 0


def run_peers(corpus: ScaleCorpus, sizes: Sequence[int], full_docs: int, *, allow_full: bool,
              scratch: Path) -> dict:
    bands, rows = banding()
    duplicates = corpus.duplicates()
    sizes = sorted({min(s, full_docs) for s in sizes})
    (all_texts, read_seconds, _) = timed(lambda: list(jsonl_texts(corpus.path, max(sizes))))
    read_per_doc = read_seconds / max(len(all_texts), 1)
    subsets = []
    for size in sizes:
        texts = all_texts[:size]
        row = {"n_docs": size, "contenders": {}}
        for name in ("simcompare", "datasketch", "rensa"):
            busy0, cpu0 = machine_busy_seconds(), time.process_time()
            result, seconds, cpu = run_peer_subset(name, texts, bands, rows)
            busy1, cpu1 = machine_busy_seconds(), time.process_time()
            others = None if busy0 is None else max(0.0, (busy1 - busy0) - (cpu1 - cpu0)) / seconds
            found = {(doc_id(i), doc_id(j)) for i, j, _ in result.pairs}
            row["contenders"][name] = {
                "seconds": seconds, "cpu_seconds": cpu, "docs_per_second": size / seconds,
                "candidate_pairs": result.candidate_pairs, "pairs": len(result.pairs),
                "stages": result.stages, "parameters": result.parameters,
                "planted": planted_found(duplicates, found, within=size),
                "other_processes_cores": others,
                "_pairs": {(i, j) for i, j, _ in result.pairs},
            }
            print(f"  {name:<11} {size:>9,} docs {seconds:8.2f}s", flush=True)
        base = row["contenders"]["simcompare"]
        for name, c in row["contenders"].items():
            c["ratio_to_simcompare"] = c["seconds"] / base["seconds"]
            if name != "simcompare":
                same = len(c["_pairs"] & base["_pairs"])
                c["pairs_shared_with_simcompare"] = same
        for c in row["contenders"].values():
            del c["_pairs"]
        subsets.append(row)
        del texts
    del all_texts

    largest = subsets[-1]
    at_full = {"n_docs": full_docs, "contenders": {}}
    for name in ("datasketch", "rensa"):
        c = largest["contenders"][name]
        projected = projected_seconds(c["seconds"], largest["n_docs"], full_docs, read_per_doc)
        entry = {"projected_seconds": projected, "from_docs": largest["n_docs"]}
        if largest["n_docs"] >= full_docs:
            entry |= {"seconds": c["seconds"], "how": "measured (in-process)"}
        elif allow_full and projected * FULL_RUN_MARGIN <= FULL_RUN_LIMIT:
            print(f"  {name:<11} {full_docs:>9,} docs (full size, subprocess; projected {projected:.0f}s) ...",
                  flush=True)
            run = peer_full_run(name, corpus, scratch)
            found = {tuple(p) for p in run.pop("found")}
            entry |= {"seconds": run["seconds"], "peak_rss_bytes": run["peak_rss_bytes"],
                      "rss_source": run["rss_source"], "stages": run["stages"],
                      "other_processes_cores": run["other_processes_cores"],
                      "candidate_pairs": run["candidate_pairs"], "pairs": run["pairs_found"],
                      "planted": planted_found(duplicates, found), "how": "measured (subprocess, end to end)"}
        else:
            why = (f"a full run projects to {projected / 60:.1f} min, x{FULL_RUN_MARGIN} margin > "
                   f"{FULL_RUN_LIMIT / 60:.0f} min" if projected * FULL_RUN_MARGIN > FULL_RUN_LIMIT
                   else "full-size peer runs are off")
            entry |= {"seconds": projected, "how": f"extrapolated from {largest['n_docs']:,} docs ({why})"}
        at_full["contenders"][name] = entry
    return {"bands": bands, "rows": rows, "jsonl_read_seconds_per_doc": read_per_doc,
            "subsets": subsets, "at_full_size": at_full}


def print_peers(r: dict, scale: dict | None) -> None:
    print(f"\n=== 3. peers on the scale corpus (threshold {THRESHOLD}, {r['bands']} bands x {r['rows']} rows "
          "for everyone; exact verification) ===")
    header = (f"{'docs':>9}  {'contender':<11}{'seconds':>9}{'docs/s':>9}{'cpu/wall':>9}{'x simc':>8}"
              f"{'cands':>9}{'pairs':>8}{'planted found':>15}  stages")
    print(header)
    print("-" * len(header))
    for row in r["subsets"]:
        for name, c in row["contenders"].items():
            p = c["planted"]
            stages = ", ".join(f"{k} {v:.2f}" for k, v in c["stages"].items())
            print(f"{row['n_docs']:>9,}  {name:<11}{c['seconds']:>9.2f}{c['docs_per_second']:>9,.0f}"
                  f"{c['cpu_seconds'] / c['seconds']:>9.2f}{c['ratio_to_simcompare']:>7.1f}x"
                  f"{c['candidate_pairs']:>9,}{c['pairs']:>8,}{p['found']:>8,}/{p['planted']:<6,}  {stages}")
    full = r["at_full_size"]
    print(f"at {full['n_docs']:,} docs:")
    if scale:
        print(f"  {'simcompare':<11}{scale['seconds']:>9.1f}s  measured (CLI subprocess, end to end), "
              f"peak RSS {scale['peak_rss_bytes'] / 1e9:.2f} GB")
    for name, e in full["contenders"].items():
        ratio = f", {e['seconds'] / scale['seconds']:.1f}x simcompare" if scale else ""
        rss = f", peak RSS {e['peak_rss_bytes'] / 1e9:.2f} GB" if e.get("peak_rss_bytes") else ""
        print(f"  {name:<11}{e['seconds']:>9.1f}s  {e['how']}{ratio}{rss}")
    print("x simc = seconds / simcompare's seconds on the same docs; planted found = planted copies reported "
          "/ planted in the subset;\nextrapolated = subset seconds scaled linearly + two JSONL reading passes "
          f"({r['jsonl_read_seconds_per_doc'] * 1e6:.0f} us/doc each)")
    busy = [c["other_processes_cores"] for row in r["subsets"] for c in row["contenders"].values()
            if c.get("other_processes_cores") is not None]
    if busy and max(busy) > 0.1:
        print(f"  <- busy machine: other processes used up to {max(busy):.2f} cores during the subset runs")


# --------------------------------------------------------------------------
# 4. Quality on synth.generate
# --------------------------------------------------------------------------

def run_quality(n_docs: int) -> dict:
    corpus = synth.generate(n_docs, seed=QUALITY_SEED, dup_fraction=0.1, passage_fraction=0.1,
                            edit_rates=QUALITY_EDIT_RATES)
    texts = {d["id"]: d["text"] for d in corpus.docs}
    result, seconds, _ = timed(lambda: dedup(corpus.docs))
    cache: dict[str, np.ndarray] = {}

    def sh(doc: str) -> np.ndarray:
        if doc not in cache:
            cache[doc] = shingle(texts[doc], shingle_size=SHINGLE_SIZE)
        return cache[doc]

    def true_jaccard(a: str, b: str) -> float:
        x, y = sh(a), sh(b)
        shared = len(np.intersect1d(x, y, assume_unique=True))
        union = len(x) + len(y) - shared
        return shared / union if union else 0.0

    reported = {(min(p.a, p.b), max(p.a, p.b)): p.jaccard for p in result.pairs}
    planted = {(d["a"], d["b"]): d["edit_rate"] for d in corpus.duplicates}
    passages = {(min(p["a"], p["b"]), max(p["a"], p["b"])) for p in corpus.passages}
    recall_floor = THRESHOLD + RECALL_MARGIN

    per_rate: dict[float, dict] = {}
    bands_j = {f">= {recall_floor:.1f}": [0, 0], f"{THRESHOLD:.1f}-{recall_floor:.1f}": [0, 0],
               f"< {THRESHOLD:.1f}": [0, 0]}
    eligible = hit = 0
    missed = []
    for (a, b), rate in planted.items():
        j = true_jaccard(a, b)
        is_found = (a, b) in reported
        r = per_rate.setdefault(rate, {"planted": 0, "found": 0, "eligible": 0, "eligible_found": 0, "jaccards": []})
        r["planted"] += 1
        r["found"] += is_found
        r["jaccards"].append(j)
        band = (f">= {recall_floor:.1f}" if j >= recall_floor else
                f"{THRESHOLD:.1f}-{recall_floor:.1f}" if j >= THRESHOLD else f"< {THRESHOLD:.1f}")
        bands_j[band][0] += 1
        bands_j[band][1] += is_found
        if j >= recall_floor:
            eligible += 1
            hit += is_found
            r["eligible"] += 1
            r["eligible_found"] += is_found
            if not is_found:
                missed.append({"a": a, "b": b, "edit_rate": rate, "true_jaccard": j})
    for r in per_rate.values():
        js = r.pop("jaccards")
        r["median_true_jaccard"] = statistics.median(js)
        r["recall"] = r["eligible_found"] / r["eligible"] if r["eligible"] else None

    precise = 0
    unplanted = []
    below = []
    for (a, b), reported_j in reported.items():
        j = true_jaccard(a, b)
        precise += j >= THRESHOLD
        if j < THRESHOLD:
            below.append({"a": a, "b": b, "reported_jaccard": reported_j, "true_jaccard": j})
        if (a, b) not in planted:
            kind = "shared passage" if (a, b) in passages else "not planted"
            unplanted.append({"a": a, "b": b, "kind": kind, "reported_jaccard": reported_j, "true_jaccard": j,
                              "words": [len(texts[a].split()), len(texts[b].split())]})
    recall = hit / eligible if eligible else None
    precision = precise / len(reported) if reported else None
    return {
        "documents": n_docs, "seed": QUALITY_SEED, "edit_rates": list(QUALITY_EDIT_RATES),
        "seconds": seconds, "planted_pairs": len(planted), "reported_pairs": len(reported),
        "recall_floor": recall_floor, "eligible_pairs": eligible, "eligible_found": hit,
        "recall": recall, "precision": precision,
        "recall_met": recall is not None and recall >= TARGET_RECALL,
        "precision_met": precision is not None and precision >= TARGET_PRECISION,
        "by_edit_rate": {str(k): v for k, v in sorted(per_rate.items())},
        "by_true_jaccard": {k: {"planted": v[0], "found": v[1], "share_found": v[1] / v[0] if v[0] else None}
                            for k, v in bands_j.items()},
        "missed_eligible": missed,
        "reported_below_threshold": below,
        "reported_not_planted": unplanted,
        "boilerplate_shingles_ignored": result.summary["boilerplate"]["shingles_ignored"],
        "stages": {k: v["seconds"] for k, v in result.summary["stages"].items()},
    }


def print_quality(r: dict) -> None:
    print(f"\n=== 4. quality on synth.generate({r['documents']:,}, seed={r['seed']}): {r['planted_pairs']:,} planted "
          f"copies, {r['reported_pairs']:,} pairs reported in {r['seconds']:.1f}s ===")
    print(f"recall    {r['recall']:.4f}  ({r['eligible_found']:,} / {r['eligible_pairs']:,} planted pairs with true "
          f"Jaccard >= {r['recall_floor']:.1f}; target >= {TARGET_RECALL}: {mark(r['recall_met'])})")
    print(f"precision {r['precision']:.4f}  (reported pairs with true Jaccard >= {THRESHOLD}; "
          f"target >= {TARGET_PRECISION}: {mark(r['precision_met'])})")
    print(f"{'edit rate':>10}{'planted':>9}{'median J':>10}{'J>=' + format(r['recall_floor'], '.1f'):>8}"
          f"{'recall':>8}{'found (any J)':>15}")
    for rate, v in r["by_edit_rate"].items():
        rec = f"{v['recall']:.3f}" if v["recall"] is not None else "-"
        print(f"{rate:>10}{v['planted']:>9}{v['median_true_jaccard']:>10.3f}{v['eligible']:>8}{rec:>8}"
              f"{v['found'] / v['planted']:>15.1%}")
    print("found by true Jaccard of the planted pair: " + ", ".join(
        f"{k}: {v['found']}/{v['planted']}" for k, v in r["by_true_jaccard"].items()))
    kinds = Counter(u["kind"] for u in r["reported_not_planted"])
    print(f"reported pairs not planted: {len(r['reported_not_planted'])} {dict(kinds) or ''}; "
          f"reported with true Jaccard < {THRESHOLD}: {len(r['reported_below_threshold'])}")
    for u in r["reported_not_planted"][:5]:
        print(f"  {u['a']} {u['b']} ({u['kind']}): reported J {u['reported_jaccard']:.3f}, "
              f"true J {u['true_jaccard']:.3f}, words {u['words']}")
    for u in r["reported_below_threshold"][:5]:
        print(f"  below threshold: {u['a']} {u['b']}: reported J {u['reported_jaccard']:.3f} (boilerplate left out), "
              f"all shingles {u['true_jaccard']:.3f}")


# --------------------------------------------------------------------------
# 5. BBC News
# --------------------------------------------------------------------------

def run_bbc(directory: Path) -> dict:
    from simcompare.io.readers import read_documents

    docs = list(read_documents(directory / "bbc", encoding="auto"))
    result, seconds, _ = timed(lambda: dedup(docs))
    derived = json.loads((directory / "derived_duplicates.json").read_text(encoding="utf-8"))
    groups = derived["exact_duplicate_groups"]
    found, missed = groups_found(groups, cluster_labels(result))
    candidates = {(min(c["a"], c["b"]), max(c["a"], c["b"])): c for c in derived["near_duplicate_candidates_5gram"]}
    ours_raw = {(min(p.a, p.b), max(p.a, p.b)): p for p in result.pairs}
    ours = canonical_pairs(ours_raw, groups)
    silver = canonical_pairs((k for k, c in candidates.items() if c["jaccard"] >= BBC_SILVER_JACCARD), groups)
    near = silver_comparison(ours, silver)

    texts = {d.id: d.text for d in docs}
    ignore = _boilerplate_of(docs)

    def our_jaccard(a: str, b: str, drop: np.ndarray | None) -> float:
        return exact_jaccard(texts[a], texts[b], drop)

    disagreements = []
    for side, pairs in (("only ours", near["only_ours"]), ("only silver", near["only_silver"])):
        for a, b in pairs:
            theirs = candidates.get((a, b))
            mine = ours_raw.get((a, b))
            disagreements.append({
                "side": side, "a": a, "b": b,
                "our_jaccard": mine.jaccard if mine else our_jaccard(a, b, ignore),
                "our_jaccard_all_shingles": our_jaccard(a, b, None),
                "their_jaccard": theirs["jaccard"] if theirs else None,
                "their_containment": theirs["containment"] if theirs else None,
            })
    s = result.summary
    return {
        "documents": len(docs), "seconds": seconds,
        "pairs": s["pairs"], "clusters": s["clusters"], "candidate_pairs": s["candidate_pairs"],
        "boilerplate_shingles_ignored": s["boilerplate"]["shingles_ignored"],
        "exact_groups": len(groups), "exact_groups_found": found, "exact_groups_missed": missed,
        "exact_groups_met": found >= TARGET_BBC_EXACT_GROUPS and not missed,
        "silver_jaccard": BBC_SILVER_JACCARD,
        "near_duplicates_vs_silver": {k: v for k, v in near.items() if k not in ("only_ours", "only_silver")},
        "disagreements": disagreements,
    }


def _boilerplate_of(docs: list) -> np.ndarray | None:
    """The shingles dedup() leaves out as boilerplate (its own private helper,
    used to report our Jaccard as dedup() computes it); None if unavailable."""
    try:
        from simcompare.dedup import stages

        return stages.find_boilerplate([d.text for d in docs[: stages.BOILERPLATE_SAMPLE]], share=0.01,
                                       shingle_size=SHINGLE_SIZE)
    except (AttributeError, TypeError):
        return None


def print_bbc(r: dict) -> None:
    print(f"\n=== 5. BBC News: {r['documents']:,} articles, dedup() in {r['seconds']:.1f}s: {r['pairs']} pairs, "
          f"{r['clusters']} clusters ===")
    print(f"exact-duplicate groups fully in one cluster: {r['exact_groups_found']} / {r['exact_groups']} "
          f"(target: all {TARGET_BBC_EXACT_GROUPS}: {mark(r['exact_groups_met'])})"
          + (f"; missed {r['exact_groups_missed']}" if r["exact_groups_missed"] else ""))
    n = r["near_duplicates_vs_silver"]
    print(f"near-duplicate pairs vs silver (their Jaccard >= {r['silver_jaccard']}, exact groups collapsed): "
          f"ours {n['ours']}, silver {n['silver']}, agreed {n['agreed']}, "
          f"precision {n['precision']:.3f}, recall {n['recall']:.3f}")
    if not r["disagreements"]:
        print("disagreements: none")
    else:
        print(f"disagreements ({len(r['disagreements'])}; first {SHOW_DISAGREEMENTS} shown, all in the JSON):")
        print(f"  {'side':<12}{'a':<20}{'b':<20}{'our J':>7}{'(all)':>7}{'their J':>9}{'their C':>9}")
        for d in r["disagreements"][:SHOW_DISAGREEMENTS]:
            tj = f"{d['their_jaccard']:.3f}" if d["their_jaccard"] is not None else "-"
            tc = f"{d['their_containment']:.3f}" if d["their_containment"] is not None else "-"
            print(f"  {d['side']:<12}{d['a']:<20}{d['b']:<20}{d['our_jaccard']:>7.3f}"
                  f"{d['our_jaccard_all_shingles']:>7.3f}{tj:>9}{tc:>9}")
        print("  our J: as dedup() computes it (boilerplate shingles left out); (all): every shingle")


# --------------------------------------------------------------------------
# Platform and main
# --------------------------------------------------------------------------

REUSE_DOCS, REUSE_DOCS_QUICK, REUSE_MIN_WORDS = 10_000, 1_500, 50


def run_reuse(n_docs: int) -> dict:
    """Reuse mode on synthetic articles with planted shared passages (50-150
    words, 0-20 % word edits): the share of planted passages whose two
    documents are reported with a passage overlapping the planted one."""
    from tests.support.synth import generate

    corpus = generate(n_docs, seed=13, dup_fraction=0.0, passage_fraction=0.15)
    t0 = time.perf_counter()
    result = simcompare.dedup(corpus.docs, mode="reuse", min_words=REUSE_MIN_WORDS)
    seconds = time.perf_counter() - t0
    found = {(p.a, p.b): p for p in result.pairs}
    planted = [c for c in corpus.passages if c["words"] >= REUSE_MIN_WORDS]
    hits, by_rate = 0, {}
    for case in planted:
        pair = found.get((case["a"], case["b"])) or found.get((case["b"], case["a"]))
        side = "a" if pair is not None and pair.a == case["a"] else "b"
        hit = pair is not None and any(
            p[f"{side}_start"] < case["a_end"] and case["a_start"] < p[f"{side}_end"] for p in pair.passages
        )
        hits += hit
        bucket = by_rate.setdefault(round(case["edit_rate"], 1), [0, 0])
        bucket[0] += hit
        bucket[1] += 1
    planted_pairs = {frozenset((c["a"], c["b"])) for c in corpus.passages}
    return {
        "documents": n_docs,
        "seconds": seconds,
        "planted_passages": len(planted),
        "recall": hits / len(planted) if planted else None,
        "recall_met": bool(planted) and hits / len(planted) >= TARGET_RECALL,
        "recall_by_edit_rate": {str(k): v[0] / v[1] for k, v in sorted(by_rate.items())},
        "reported_pairs": len(result.pairs),
        "reported_not_planted": sum(frozenset((p.a, p.b)) not in planted_pairs for p in result.pairs),
        "stages": {k: v["seconds"] for k, v in result.summary["stages"].items()},
    }


def print_reuse(r: dict) -> None:
    print(f"\n=== 6. reuse mode on synth.generate({r['documents']:,}): {r['planted_passages']:,} planted passages "
          f"of >= {REUSE_MIN_WORDS} words, dedup(mode='reuse') in {r['seconds']:.1f}s ===")
    print(f"recall {r['recall']:.4f} (target >= {TARGET_RECALL}: {mark(r['recall_met'])}); by edit rate: "
          + ", ".join(f"{k}: {v:.3f}" for k, v in r["recall_by_edit_rate"].items()))
    print(f"reported pairs {r['reported_pairs']:,}, of which not planted {r['reported_not_planted']:,}")


def platform_info() -> dict:
    cpu = cpu_model()
    ram = None
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            ram = next(int(ln.split()[1]) * 1024 for ln in f if ln.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                                    capture_output=True, text=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = None, None

    def version(name: str) -> str | None:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return None

    return {
        "cpu": cpu, "logical_cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "ram_bytes": ram, "os": platform.platform(), "python": platform.python_version(),
        "numpy": np.__version__, "numba": version("numba"), "datasketch": version("datasketch"),
        "rensa": version("rensa"), "simcompare": simcompare.__version__,
        "git_commit": commit, "git_dirty": dirty, "gnu_time": gnu_time(),
    }


def print_platform(info: dict) -> None:
    ram = f"{info['ram_bytes'] / 2**30:.1f} GiB RAM" if info["ram_bytes"] else "RAM unknown"
    print(f"CPU: {info['cpu']}, {info['logical_cores']} logical cores ({info['usable_cores']} usable), {ram}; "
          f"{info['os']}")
    print(f"Python {info['python']}, numpy {info['numpy']}, numba {info['numba']}, simcompare {info['simcompare']} "
          f"(git {str(info['git_commit'])[:10]}{' +local changes' if info['git_dirty'] else ''}), "
          f"datasketch {info['datasketch']}, rensa {info['rensa']}")


def default_json_path(quick: bool) -> Path:
    return RESULTS_DIR / f"dedup-{dt.date.today().isoformat()}{'-quick' if quick else ''}.json"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=None,
                        help=f"scale corpus size (default {FULL_DOCS:,}; {QUICK_DOCS:,} with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke test: {QUICK_DOCS:,} docs, {QUALITY_DOCS_QUICK:,} quality docs, peers on "
                             f"{PEER_SIZES_QUICK[0]:,}, one Reuters repeat")
    parser.add_argument("--json", type=Path, default=None,
                        help="results file (default benchmarks/results/dedup-<date>.json)")
    parser.add_argument("--skip-peers", action="store_true", help="leave out datasketch and rensa")
    parser.add_argument("--peer-docs", type=str, default=None,
                        help="comma-separated peer subset sizes (default 20000,100000; 2000 with --quick)")
    parser.add_argument("--no-full-peers", action="store_true",
                        help="always extrapolate peers, never run them at full size")
    parser.add_argument("--scratch", type=Path, default=SCRATCH,
                        help=f"where the scale corpus and run outputs go (default {SCRATCH})")
    parser.add_argument("--recall-at", type=str, default=None,
                        help="comma-separated thresholds for section 7 (recall by exact-Jaccard bin, old banding "
                             f"vs the default; default {','.join(map(str, RECALL_THRESHOLDS))}, "
                             f"{RECALL_THRESHOLDS[-1]} with --quick); empty to skip")
    parser.add_argument("--recall-only", action="store_true", help="run only section 7 on the scale corpus")
    parser.add_argument("--scale-only", action="store_true", help="run only section 1 (and 6 unless --recall-at '')")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="source tree of another simcompare (e.g. git archive main | tar -x -C DIR): section 1 "
                             "runs it on the same file too, for old vs new")
    # Internal: one peer at full size in a child process (see peer_full_run).
    parser.add_argument("--peer-run", choices=sorted(PEERS), help=argparse.SUPPRESS)
    parser.add_argument("--peer-input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--peer-output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.docs is None:
        args.docs = QUICK_DOCS if args.quick else FULL_DOCS
    if args.recall_at is None:
        args.recall_at = str(RECALL_THRESHOLDS[-1]) if args.quick else ",".join(map(str, RECALL_THRESHOLDS))
    args.recall_thresholds = tuple(float(x) for x in args.recall_at.split(",") if x.strip())
    if args.peer_docs:
        args.peer_sizes = tuple(int(x) for x in args.peer_docs.split(","))
    else:
        args.peer_sizes = PEER_SIZES_QUICK if args.quick else PEER_SIZES
    if args.docs < 100 or min(args.peer_sizes) < 10:
        parser.error("need --docs >= 100 and peer sizes >= 10")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.peer_run:
        return _peer_child(args.peer_run, args.peer_input, args.peer_output)
    started = time.perf_counter()
    info = platform_info()
    print_platform(info)
    bands, rows = banding()
    results: dict = {
        "benchmark": "dedup",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "platform": info,
        "parameters": {"docs": args.docs, "quick": args.quick, "threshold": THRESHOLD, "num_perm": NUM_PERM,
                       "shingle_size": SHINGLE_SIZE, "seed": SEED, "bands": bands, "rows": rows,
                       "peer_sizes": list(args.peer_sizes), "skip_peers": args.skip_peers},
    }
    scratch = args.scratch

    print(f"\nscale corpus: {args.docs:,} docs in {scratch} ...", flush=True)
    corpus = scale_corpus(args.docs, scratch)
    out_dir = scratch / f"out-{corpus.path.stem}"
    if args.recall_thresholds:
        results["recall"] = run_recall(corpus, out_dir, args.recall_thresholds)
        print_recall(results["recall"])
    if args.recall_only:
        return _write_results(results, args, started)
    results["scale"] = run_scale(corpus, out_dir, args.baseline)
    print_scale(results["scale"])
    if args.scale_only:
        return _write_results(results, args, started)

    results["quality"] = run_quality(QUALITY_DOCS_QUICK if args.quick else QUALITY_DOCS)
    print_quality(results["quality"])

    if (REUTERS_DIR / "derived_duplicates.json").is_file():
        results["reuters"] = run_reuters(REUTERS_DIR, 1 if args.quick else REUTERS_REPEATS)
        print_reuters(results["reuters"])
    else:
        results["reuters"] = {"skipped": f"{REUTERS_DIR} not found"}
        print(f"\n=== 2. Reuters-21578: skipped ({REUTERS_DIR} not found) ===")

    if (BBC_DIR / "derived_duplicates.json").is_file():
        results["bbc"] = run_bbc(BBC_DIR)
        print_bbc(results["bbc"])
    else:
        results["bbc"] = {"skipped": f"{BBC_DIR} not found"}
        print(f"\n=== 5. BBC News: skipped ({BBC_DIR} not found) ===")

    if args.skip_peers:
        results["peers"] = {"skipped": "--skip-peers"}
        print("\n=== 3. peers: skipped (--skip-peers) ===")
    else:
        print(f"\n3. peers on subsets {', '.join(f'{s:,}' for s in args.peer_sizes)} ...", flush=True)
        results["peers"] = run_peers(corpus, args.peer_sizes, args.docs,
                                     allow_full=not (args.quick or args.no_full_peers), scratch=scratch)
        print_peers(results["peers"], results["scale"])

    results["reuse"] = run_reuse(REUSE_DOCS_QUICK if args.quick else REUSE_DOCS)
    print_reuse(results["reuse"])

    results["targets"] = targets_summary(results)
    print_targets(results["targets"])
    return _write_results(results, args, started)


def _write_results(results: dict, args: argparse.Namespace, started: float) -> int:
    results["total_seconds"] = time.perf_counter() - started
    path = args.json or default_json_path(args.quick)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, default=_json_default) + "\n", encoding="utf-8")
    print(f"\ntotal {results['total_seconds']:.0f}s; results written to {path}")
    return 0


def _json_default(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def targets_summary(results: dict) -> dict:
    s, q = results["scale"], results["quality"]
    out = {
        "scale_seconds": {"value": s["seconds"], "target": f"<= {TARGET_SCALE_SECONDS:.0f}", "met": s["seconds_met"]},
        "scale_peak_rss_gb": {"value": s["peak_rss_bytes"] / 1e9, "target": "<= 4.0", "met": s["rss_met"]},
        "quality_recall": {"value": q["recall"], "target": f">= {TARGET_RECALL}", "met": q["recall_met"]},
        "quality_precision": {"value": q["precision"], "target": f">= {TARGET_PRECISION}", "met": q["precision_met"]},
    }
    r = results.get("reuters", {})
    if "median_seconds" in r:
        out["reuters_seconds"] = {"value": r["median_seconds"], "target": f"<= {TARGET_REUTERS_SECONDS:.0f}",
                                  "met": r["seconds_met"]}
    u = results.get("reuse", {})
    if u.get("recall") is not None:
        out["reuse_recall"] = {"value": u["recall"], "target": f">= {TARGET_RECALL}", "met": u["recall_met"]}
    b = results.get("bbc", {})
    if "exact_groups_found" in b:
        out["bbc_exact_groups"] = {"value": b["exact_groups_found"], "target": f"all {TARGET_BBC_EXACT_GROUPS}",
                                   "met": b["exact_groups_met"]}
    return out


def print_targets(targets: dict) -> None:
    print("\n=== targets ===")
    for name, t in targets.items():
        value = t["value"]
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value}"
        print(f"  {name:<20}{shown:>12}  {t['target']:<10} {mark(t['met'])}")
    if not all(t["met"] for t in targets.values()):
        print("  (a missed target is reported, not an error: the exit code stays 0)")


if __name__ == "__main__":
    sys.exit(main())
