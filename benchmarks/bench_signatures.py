"""Benchmark MinHash signing: simcompare against datasketch and rensa.

Every contender turns the same list of ``str`` into 128-slot MinHash signatures
of word 5-gram shingles, single-threaded, in one process. Contenders run in an
order rotated between repeats and the median time is reported. A second part
measures accuracy: the RMSE of each contender's Jaccard estimates against the
exact Jaccard of its own shingle sets, on edited near-duplicate pairs.

Usage::

    python benchmarks/bench_signatures.py [--docs 20000] [--repeats 3] [--pairs 2000]
                                          [--json OUT.json] [--quick]

See benchmarks/README.md for what is measured and how to read the output.
"""

from __future__ import annotations

import os

# Pin every thread pool to one thread before numpy, numba or rensa are imported:
# they size their pools at import or first use. simcompare's multi-core figure
# uses its own ``workers`` threads, which these variables do not limit.
if __name__ == "__main__":  # not when a test imports this module: the session keeps its settings
    for _var in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS", "RAYON_NUM_THREADS"):
        os.environ[_var] = "1"
    # Without this, simcompare signs small inputs (the warm-up, --quick) in pure
    # Python; the benchmark is about the compiled engine.
    os.environ["SIMCOMPARE_ENGINE"] = "fast"

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numba  # noqa: E402
import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make `tests.support.synth` importable
    sys.path.insert(0, str(REPO))

import rensa  # noqa: E402
import xxhash  # noqa: E402
from datasketch import MinHash  # noqa: E402

import simcompare  # noqa: E402
from benchmarks._corpora import peer_shingles, reuters_documents  # noqa: E402
from benchmarks._platform import cpu_model, git_commit  # noqa: E402
from simcompare._core import _reference  # noqa: E402
from tests.support.synth import iter_texts  # noqa: E402

NUM_PERM = 128
SHINGLE_SIZE = 5
SEED = 1
WORDS_PER_DOC = 600
REUTERS_DIR = REPO.parent / "shared" / "data" / "reuters21578"
RESULTS_DIR = REPO / "benchmarks" / "results"
BASELINE = "simcompare oph"
MULTICORE = "simcompare oph workers=2"
WARMUP_DOCS = 200
MAX_EDIT_RATE = 0.5
MIN_PAIR_SOURCE_WORDS = 30  # shorter sources give too few shingles to edit meaningfully


# --------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------

def synthetic_texts(n_docs: int) -> list[str]:
    """``n_docs`` synthetic ~600-word news articles (curly quotes, names, numbers)."""
    return list(iter_texts(n_docs, seed=SEED, words_per_doc=WORDS_PER_DOC))


def reuters_texts(directory: Path) -> list[str]:
    """The non-empty ``<BODY>`` texts of Reuters-21578 (see ``_corpora.reuters_documents``)."""
    return [text for _, text in reuters_documents(directory)]


def drop_wordless(texts: list[str]) -> tuple[list[str], int]:
    """Remove texts in which simcompare finds no word (``sign`` would refuse them)."""
    empty = simcompare.sign(texts, num_perm=NUM_PERM, seed=SEED, on_empty="mark").empty
    kept = [t for t, e in zip(texts, empty.tolist()) if not e]
    return kept, len(texts) - len(kept)


# --------------------------------------------------------------------------
# Contenders
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Contender:
    """One way to sign texts.

    ``sign`` is the hashing step; peers also have a per-text Python
    ``tokenise`` step whose output ``sign`` takes instead of the raw texts.
    """

    name: str
    sign: Callable[[list], object]
    tokenise: Callable[[str], list] | None = None


def simcompare_signer(scheme: str, workers: int = 1) -> Callable[[list[str]], object]:
    def sign(texts: list[str]) -> np.ndarray:
        return simcompare.sign(texts, num_perm=NUM_PERM, shingle_size=SHINGLE_SIZE, seed=SEED,
                               scheme=scheme, workers=workers).matrix
    return sign


def datasketch_signer(hashfunc: Callable | None) -> Callable[[list[list[bytes]]], list]:
    # datasketch 2.0: bulk(b, **minhash_kwargs) passes hashfunc through to MinHash().
    # Omitting it keeps the default (sha1_hash32, scheme "affine32").
    kwargs = {} if hashfunc is None else {"hashfunc": hashfunc}

    def sign(shingle_lists: list[list[bytes]]) -> list:
        return MinHash.bulk(shingle_lists, num_perm=NUM_PERM, seed=SEED, **kwargs)
    return sign


def rensa_sign(shingle_lists: list[list[bytes]]):
    # The bytes-only batch entry point: same digests as digest_matrix_from_token_sets
    # on the same tokens (as str or bytes), and the fastest way in for bytes.
    return rensa.RMinHash.digest_matrix_from_token_byte_sets(shingle_lists, num_perm=NUM_PERM, seed=SEED)


def peer_str_shingles(text: str) -> list[str]:
    """The same shingles as :func:`peer_shingles`, as str (rensa's str API takes these)."""
    return [b.decode() for b in peer_shingles(text)]


def rensa_sign_str(shingle_lists: list[list[str]]):
    # The entry point issue 2 names: digest_matrix_from_token_sets on str tokens.
    return rensa.RMinHash.digest_matrix_from_token_sets(shingle_lists, num_perm=NUM_PERM, seed=SEED)


def contenders() -> list[Contender]:
    return [
        Contender(BASELINE, simcompare_signer("oph")),
        Contender("simcompare kperm", simcompare_signer("kperm")),
        Contender("datasketch bulk sha1", datasketch_signer(None), peer_shingles),
        Contender("datasketch bulk xxh32", datasketch_signer(xxhash.xxh32_intdigest), peer_shingles),
        Contender("rensa", rensa_sign, peer_shingles),
        Contender("rensa token_sets (str)", rensa_sign_str, peer_str_shingles),
        Contender(MULTICORE, simcompare_signer("oph", workers=2)),
    ]


# --------------------------------------------------------------------------
# Throughput
# --------------------------------------------------------------------------

def machine_busy_seconds() -> float | None:
    """CPU seconds all processes on the machine have used since boot (Linux only)."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal ...: everything but idle and iowait.
    busy = sum(fields[:8]) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")


def time_once(contender: Contender, texts: list[str]) -> dict:
    """Time one end-to-end run: list of str in, signatures out.

    For peers the tokenise/hash boundary is timestamped too, giving the
    hashing-only time on pre-tokenised input without a second run.
    CPU time counts all threads, so cpu/wall ~ 1 confirms a single thread.
    """
    gc.collect()  # don't charge this run for the previous run's garbage
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    data = [contender.tokenise(t) for t in texts] if contender.tokenise else texts
    t1 = time.perf_counter()
    result = contender.sign(data)
    t2 = time.perf_counter()
    cpu = time.process_time() - cpu0
    del result, data  # freed after the clock stopped
    return {
        "seconds": t2 - t0,
        "hash_seconds": t2 - t1 if contender.tokenise else None,
        "cpu_seconds": cpu,
    }


def warm_up(cands: Sequence[Contender], texts: list[str]) -> None:
    """Run every contender once untimed (numba loads its cached kernels, thread
    pools start) and check that workers=2 signs exactly like one worker."""
    sample = texts[:WARMUP_DOCS]
    for c in cands:
        c.sign([c.tokenise(t) for t in sample] if c.tokenise else sample)
    one = simcompare_signer("oph")(texts[:2000])
    two = simcompare_signer("oph", workers=2)(texts[:2000])
    if not np.array_equal(one, two):
        raise RuntimeError("simcompare workers=2 gave different signatures from workers=1")


def run_throughput(cands: Sequence[Contender], texts: list[str], repeats: int) -> dict[str, list[dict]]:
    """Time every contender ``repeats`` times, rotating the order each repeat so
    no contender always runs first (cold caches) or last (warm, fragmented heap)."""
    runs: dict[str, list[dict]] = {c.name: [] for c in cands}
    for r in range(repeats):
        k = r % len(cands)
        order = list(cands[k:]) + list(cands[:k])
        for c in order:
            run = time_once(c, texts)
            run["repeat"], run["position"] = r, order.index(c)
            runs[c.name].append(run)
            hashing = f" (hashing {run['hash_seconds']:.2f}s)" if run["hash_seconds"] is not None else ""
            print(f"  repeat {r + 1}/{repeats}  {c.name:<26} {run['seconds']:8.2f}s{hashing}", flush=True)
    return runs


def summarise_runs(runs: dict[str, list[dict]], n_docs: int) -> dict[str, dict]:
    """Median wall, hashing and CPU time, and docs/s, per contender."""
    out = {}
    for name, rs in runs.items():
        seconds = statistics.median(r["seconds"] for r in rs)
        hashes = [r["hash_seconds"] for r in rs if r["hash_seconds"] is not None]
        hash_seconds = statistics.median(hashes) if hashes else None
        cpu = statistics.median(r["cpu_seconds"] / r["seconds"] for r in rs)
        out[name] = {
            "median_seconds": seconds,
            "docs_per_second": n_docs / seconds,
            "median_hash_seconds": hash_seconds,
            "hash_docs_per_second": n_docs / hash_seconds if hash_seconds else None,
            "median_cpu_per_wall": cpu,
            "runs": rs,
        }
    return out


# --------------------------------------------------------------------------
# Accuracy
# --------------------------------------------------------------------------

def edit_words(text: str, rate: float, rng: random.Random, pool: Sequence[str]) -> str:
    """Replace, insert before or delete ``round(rate * words)`` words, chosen at
    random, each edit one of the three at random. New words come from ``pool``."""
    words = text.split()
    chosen = set(rng.sample(range(len(words)), round(rate * len(words))))
    out: list[str] = []
    for i, word in enumerate(words):
        if i not in chosen:
            out.append(word)
            continue
        op = rng.randrange(3)
        if op == 0:
            out.append(rng.choice(pool))
        elif op == 1:
            out.extend((rng.choice(pool), word))
        # op == 2: delete
    return " ".join(out)


def make_pairs(texts: list[str], n_pairs: int, seed: int = SEED) -> tuple[list[str], list[str], list[float]]:
    """``n_pairs`` (original, edited copy) pairs, edit rates evenly spread over
    0-50% so the true Jaccard similarity spans ~0 to 1."""
    rng = random.Random(seed)
    sources = [t for t in texts if len(t.split()) >= MIN_PAIR_SOURCE_WORDS]
    picks = (rng.sample(sources, n_pairs) if n_pairs <= len(sources)
             else [rng.choice(sources) for _ in range(n_pairs)])
    pool = [w for t in rng.sample(sources, min(200, len(sources))) for w in t.split()]
    rates = [MAX_EDIT_RATE * k / max(n_pairs - 1, 1) for k in range(n_pairs)]
    edited = [edit_words(t, rate, rng, pool) for t, rate in zip(picks, rates)]
    return picks, edited, rates


def exact_jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def error_stats(estimates: Sequence[float], exact: Sequence[float]) -> dict:
    """RMSE, bias and max error of estimates, plus the RMSE that ideal MinHash
    (independent slots, standard error sqrt(J(1-J)/k)) would have on these pairs."""
    est, ex = np.asarray(estimates), np.asarray(exact)
    err = est - ex
    return {
        "rmse": float(np.sqrt(np.mean(err ** 2))),
        "bias": float(np.mean(err)),
        "max_abs_error": float(np.max(np.abs(err))),
        "ideal_rmse": float(np.sqrt(np.mean(ex * (1 - ex) / NUM_PERM))),
    }


def simcompare_estimates(a: list[str], b: list[str], scheme: str) -> list[float]:
    sigs = simcompare.sign(a + b, num_perm=NUM_PERM, shingle_size=SHINGLE_SIZE, seed=SEED, scheme=scheme)
    n = len(a)
    return [sigs.jaccard(i, n + i) for i in range(n)]


def datasketch_estimates(sa: list[list[bytes]], sb: list[list[bytes]], hashfunc) -> list[float]:
    mhs = datasketch_signer(hashfunc)(sa + sb)
    n = len(sa)
    return [mhs[i].jaccard(mhs[n + i]) for i in range(n)]


def rensa_estimates(sa: list[list[bytes]], sb: list[list[bytes]]) -> list[float]:
    sketches = rensa.RMinHash.from_token_sets(sa + sb, num_perm=NUM_PERM, seed=SEED)
    # rensa's jaccard lives on RMinHash objects; check they hold the very
    # digests the benchmarked matrix call produces.
    rows = rensa_sign(sa + sb).to_rows()
    if any(list(s.digest()) != list(r) for s, r in zip(sketches, rows)):
        raise RuntimeError("rensa: from_token_sets and digest_matrix_from_token_byte_sets disagree")
    n = len(sa)
    return [sketches[i].jaccard(sketches[n + i]) for i in range(n)]


def run_accuracy(texts: list[str], n_pairs: int) -> dict:
    """RMSE of every contender's estimates against exact Jaccard of its own shingles."""
    t0 = time.perf_counter()
    a, b, rates = make_pairs(texts, n_pairs)

    def own_shingles(t: str) -> set[int]:  # simcompare's tokenisation, plain Python (~1-2 ms/text)
        return set(_reference.shingles(_reference.text_units(t, "word"), SHINGLE_SIZE))

    exact_sc = [exact_jaccard(own_shingles(x), own_shingles(y)) for x, y in zip(a, b)]
    sa, sb = [peer_shingles(t) for t in a], [peer_shingles(t) for t in b]
    exact_peer = [exact_jaccard(set(x), set(y)) for x, y in zip(sa, sb)]

    estimates = {
        BASELINE: (simcompare_estimates(a, b, "oph"), exact_sc),
        "simcompare kperm": (simcompare_estimates(a, b, "kperm"), exact_sc),
        "datasketch bulk sha1": (datasketch_estimates(sa, sb, None), exact_peer),
        "datasketch bulk xxh32": (datasketch_estimates(sa, sb, xxhash.xxh32_intdigest), exact_peer),
        "rensa": (rensa_estimates(sa, sb), exact_peer),
    }
    # Summary statistics only: per-pair values would make the JSON hundreds of KB.
    return {
        "n_pairs": len(a),
        "max_edit_rate": max(rates),
        "seconds": time.perf_counter() - t0,
        "contenders": {name: error_stats(est, ex) for name, (est, ex) in estimates.items()},
    }


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------

def platform_info() -> dict:
    cpu = cpu_model()
    commit = git_commit()
    version = importlib.metadata.version
    return {
        "cpu": cpu,
        "logical_cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": version("numba"),
        "datasketch": version("datasketch"),
        "rensa": version("rensa"),
        "xxhash": version("xxhash"),
        "simcompare": simcompare.__version__,
        "git_commit": commit,
        "thread_env": {v: os.environ.get(v) for v in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS", "RAYON_NUM_THREADS")},
    }


def print_platform(info: dict) -> None:
    print(f"CPU: {info['cpu']}, {info['logical_cores']} logical cores ({info['usable_cores']} usable); {info['os']}")
    print(f"Python {info['python']}, numpy {info['numpy']}, numba {info['numba']}, datasketch "
          f"{info['datasketch']}, rensa {info['rensa']}, xxhash {info['xxhash']}, simcompare {info['simcompare']}")


def print_table(result: dict) -> None:
    """The per-corpus results table (see README for the columns)."""
    speed, acc = result["throughput"], result["accuracy"]["contenders"]
    base = speed[BASELINE]["docs_per_second"]
    header = (f"{'contender':<24}{'docs/s':>10}{'median s':>10}{'hash-only s':>13}{'tokenise':>10}"
              f"{'cpu/wall':>10}  {'oph is':>8}{'RMSE':>9}{'ideal':>8}")
    print(header)
    print("-" * len(header))
    for name, s in speed.items():
        if name == MULTICORE:
            continue
        if s["median_hash_seconds"] is None:
            hash_s = tokenise = "-"
        else:
            hash_s = f"{s['median_hash_seconds']:.3f}"
            tokenise = f"{1 - s['median_hash_seconds'] / s['median_seconds']:.0%}"
        ratio = "1.0x" if name == BASELINE else f"{base / s['docs_per_second']:.1f}x"
        err = acc.get(name, {})
        rmse = f"{err['rmse']:.4f}" if err else "-"
        ideal = f"{err['ideal_rmse']:.4f}" if err else "-"
        print(f"{name:<24}{s['docs_per_second']:>10,.0f}{s['median_seconds']:>10.3f}{hash_s:>13}{tokenise:>10}"
              f"{s['median_cpu_per_wall']:>10.2f}  {ratio:>8}{rmse:>9}{ideal:>8}")
    print("oph is = simcompare oph docs/s / contender docs/s (end to end); tokenise = share of the\n"
          "end-to-end time spent in the Python tokeniser; ideal = RMSE of ideal k-permutation MinHash")
    multi = speed[MULTICORE]
    print(f"multi-core: {MULTICORE}: {multi['docs_per_second']:,.0f} docs/s, "
          f"{multi['docs_per_second'] / base:.2f}x one worker (cpu/wall {multi['median_cpu_per_wall']:.2f}); "
          f"this machine's two-thread ceiling: {result['parallel_ceiling']:.2f}x")


@numba.njit(nogil=True)
def _busy_loop(n):
    s = np.uint64(1)
    for i in range(n):
        s = s * np.uint64(0x9E3779B97F4A7C15) + np.uint64(i)
        s ^= s >> np.uint64(29)
    return s


def parallel_ceiling(repeats: int = 3) -> float:
    """Speed-up of two threads over one on a loop with nothing shared: the most
    any two-worker figure can reach on this machine (virtual cores often share
    a physical one)."""
    n = 100_000_000
    _busy_loop(10)
    ratios = []
    with ThreadPoolExecutor(2) as pool:
        for _ in range(repeats):
            t0 = time.perf_counter()
            _busy_loop(n)
            _busy_loop(n)
            t1 = time.perf_counter()
            list(pool.map(_busy_loop, [n, n]))
            t2 = time.perf_counter()
            ratios.append((t1 - t0) / (t2 - t1))
    return statistics.median(ratios)


def run_corpus(label: str, texts: list[str], cands: Sequence[Contender], repeats: int, n_pairs: int) -> dict:
    """Throughput and accuracy on one corpus; prints progress and the table."""
    texts, dropped = drop_wordless(texts)
    words = sum(len(t.split()) for t in texts)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    print(f"\n=== {label}: {len(texts):,} docs, {words / 1e6:.2f}M words "
          f"({words / len(texts):.0f}/doc), {megabytes:.1f} MB UTF-8"
          + (f"; dropped {dropped} texts without words" if dropped else "") + " ===", flush=True)
    warm_up(cands, texts)
    # Other processes competing for the cores slow every contender and flatten
    # the multi-core figure; measure how much CPU they took while we timed.
    busy0, cpu0, t0 = machine_busy_seconds(), time.process_time(), time.perf_counter()
    runs = run_throughput(cands, texts, repeats)
    throughput_seconds = time.perf_counter() - t0
    busy1, cpu1 = machine_busy_seconds(), time.process_time()
    others = None if busy0 is None else max(0.0, (busy1 - busy0) - (cpu1 - cpu0)) / throughput_seconds
    print(f"  accuracy: {n_pairs} edited pairs ...", flush=True)
    accuracy = run_accuracy(texts, n_pairs)
    result = {
        "corpus": label,
        "n_docs": len(texts),
        "n_words": words,
        "megabytes_utf8": megabytes,
        "dropped_wordless": dropped,
        "throughput_seconds": throughput_seconds,
        "other_processes_cores": others,
        "throughput": summarise_runs(runs, len(texts)),
        "parallel_ceiling": parallel_ceiling(),
        "accuracy": accuracy,
    }
    print(f"\n{label}: median of {repeats} repeat(s), num_perm={NUM_PERM}, word {SHINGLE_SIZE}-gram "
          f"shingles; RMSE over {accuracy['n_pairs']} pairs (accuracy step {accuracy['seconds']:.1f}s)")
    print_table(result)
    if others is not None:
        warning = "  <- busy machine: timings are pessimistic" if others > 0.1 else ""
        print(f"other processes used {others:.2f} cores on average while timing{warning}")
    return result


def default_json_path(quick: bool) -> Path:
    stamp = dt.date.today().isoformat()
    return RESULTS_DIR / f"signatures-{stamp}{'-quick' if quick else ''}.json"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000, help="synthetic documents (default 20000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats per contender (default 3)")
    parser.add_argument("--pairs", type=int, default=2000, help="accuracy pairs per corpus (default 2000)")
    parser.add_argument("--json", type=Path, default=None,
                        help="results file (default benchmarks/results/signatures-<date>.json)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: 500 docs, 1 repeat, 200 pairs, no Reuters")
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.repeats, args.pairs = 500, 1, 200
    if args.docs < WARMUP_DOCS or args.repeats < 1 or args.pairs < 2:
        parser.error(f"need --docs >= {WARMUP_DOCS}, --repeats >= 1, --pairs >= 2")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    info = platform_info()
    print_platform(info)
    cands = contenders()

    results = {
        "benchmark": "signatures",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "platform": info,
        "parameters": {
            "docs": args.docs, "repeats": args.repeats, "pairs": args.pairs, "quick": args.quick,
            "num_perm": NUM_PERM, "shingle_size": SHINGLE_SIZE, "seed": SEED,
            "words_per_doc": WORDS_PER_DOC, "max_edit_rate": MAX_EDIT_RATE,
            "contenders": [c.name for c in cands],
        },
        "corpora": [],
    }
    t0 = time.perf_counter()
    texts = synthetic_texts(args.docs)
    print(f"generated {len(texts):,} synthetic docs in {time.perf_counter() - t0:.1f}s")
    results["corpora"].append(run_corpus("synthetic", texts, cands, args.repeats, args.pairs))
    del texts

    if args.quick:
        print("\nReuters-21578: skipped (--quick)")
    elif not REUTERS_DIR.is_dir():
        print(f"\nReuters-21578: skipped ({REUTERS_DIR} not found)")
    else:
        texts = reuters_texts(REUTERS_DIR)
        results["corpora"].append(run_corpus("reuters21578", texts, cands, args.repeats, args.pairs))
        del texts

    results["total_seconds"] = time.perf_counter() - started
    path = args.json or default_json_path(args.quick)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\ntotal {results['total_seconds']:.0f}s; results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
