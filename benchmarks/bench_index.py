"""Benchmark the newsroom index: build rate, size, query latency, against peers.

Sections (each printed as a table and saved in the results JSON):

1. **build**: N synthetic ~600-word articles (``synth.iter_texts``, generated
   beforehand in chunks, outside the timing) added to a new SQLite index with
   ``Index.add`` (texts kept, every core signing); docs/s over the ``add``
   calls, bytes per document on disk, segments; then 1,000 more articles added
   to the built index (the daily increment).
2. **query**: 1,000 queries against that index, a third of each kind: an
   indexed article with 1% of its words changed (should find it as a
   duplicate), 120 words of an indexed article inside two new ones (should find
   it as reuse), and a new article (should find nothing). Latency p50/p90/p99
   without alignment (``align=False``, the issue's target) and with it; recall.
3. **peers**: on the first ``--peer-docs`` articles, datasketch (``MinHash.bulk``
   + ``MinHashLSH``, in memory) and rensa (``RMinHash`` + ``RMinHashLSH``, in
   memory) building an LSH index and answering the duplicate queries, beside
   simcompare building its SQLite index (with anchors and texts) on the same
   articles. The peers find near-duplicates only, keep nothing on disk, and
   verify nothing: simcompare does more work and is still compared as is.
4. **versions**: ``--versions-docs`` articles (default: ``--docs``) in a new
   index, then 10,000 new versions of indexed articles added in one
   ``Index.add(..., if_exists="version")`` (1 % of their words changed, a
   third with a correction note): time, and growth of the file (closed, so
   without a WAL) and of the postings per version; the same batch added again
   (nothing to add); ``Index.changes`` over them; as many new articles added,
   for scale; and ``Index.history`` of one article with 50 versions.

Usage::

    python benchmarks/bench_index.py [--docs 1000000] [--quick] [--json PATH] [--skip-peers]
    python benchmarks/bench_index.py --only-versions --versions-docs 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks._corpora import peer_shingles  # noqa: E402
from benchmarks._platform import cpu_model, git_commit  # noqa: E402
from simcompare.index.index import Index  # noqa: E402
from tests.support import synth  # noqa: E402

CHUNK_DOCS = 50_000
QUERIES = 1_000
INCREMENT = 1_000
SEED = 41
NEW_VERSIONS = 10_000
HISTORY_VERSIONS = 50
NOTE = "\n\nCorrection: An earlier version of this article gave the wrong figure."


def texts_in_chunks(n: int, seed: int):
    """The corpus as lists of at most CHUNK_DOCS texts (bounded memory at 1M)."""
    chunk = []
    for text in synth.iter_texts(n, seed=seed):
        chunk.append(text)
        if len(chunk) == CHUNK_DOCS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def edited(text: str, rate: float, rng: np.random.Generator) -> str:
    words = text.split(" ")
    for k in rng.choice(len(words), size=max(1, int(rate * len(words))), replace=False):
        words[k] = "changed"
    return " ".join(words)


def make_queries(sampled: dict[int, str], fresh: list[str], rng: np.random.Generator,
                 count: int) -> list[tuple[str, str, str]]:
    """``(kind, expected id or "", text)``: duplicates, reuse, new articles in turn."""
    queries = []
    picks = list(sampled.items())
    for q in range(count):
        number, text = picks[q % len(picks)]
        if q % 3 == 0:
            queries.append(("duplicate", f"n{number}", edited(text, 0.01, rng)))
        elif q % 3 == 1:
            words = text.split(" ")
            start = int(rng.integers(0, max(1, len(words) - 120)))
            wire = " ".join(words[start : start + 120])
            queries.append(("reuse", f"n{number}", f"{fresh[q][:1500]}\n\n{wire}\n\n{fresh[q + 1][-1500:]}"))
        else:
            queries.append(("new", "", fresh[q]))
    return queries


def percentiles(seconds: list[float]) -> dict:
    ms = np.array(seconds) * 1e3
    return {"p50_ms": float(np.percentile(ms, 50)), "p90_ms": float(np.percentile(ms, 90)),
            "p99_ms": float(np.percentile(ms, 99)), "mean_ms": float(ms.mean())}


def run_queries(index: Index, queries, *, align: bool) -> tuple[dict, dict]:
    for _, _, text in queries[:50]:  # warm up: page cache, compiled kernels
        index.query(text, align=align)
    seconds, found = [], {"duplicate": [0, 0], "reuse": [0, 0], "new": [0, 0]}
    for kind, expected, text in queries:
        start = time.perf_counter()
        matches = index.query(text, align=align)
        seconds.append(time.perf_counter() - start)
        found[kind][1] += 1
        if kind == "new":
            found[kind][0] += bool(matches)
        else:
            found[kind][0] += any(m.id == expected and m.kind == kind for m in matches)
    quality = {"duplicate_recall": found["duplicate"][0] / found["duplicate"][1],
               "reuse_recall": found["reuse"][0] / found["reuse"][1],
               "new_with_any_match": found["new"][0] / found["new"][1]}
    return percentiles(seconds), quality


def bench_build_and_query(n: int, directory: Path, queries_count: int = QUERIES) -> dict:
    path = directory / "news.db"
    rng = np.random.default_rng(SEED)
    wanted = set(rng.choice(n, size=min(n, 400), replace=False).tolist())
    sampled: dict[int, str] = {}
    add_seconds, number = 0.0, 0
    with Index(path, workers=os.cpu_count() or 1) as index:
        for chunk in texts_in_chunks(n, SEED):
            docs = [{"id": f"n{number + k}", "text": t, "outlet": f"outlet-{(number + k) % 40}"}
                    for k, t in enumerate(chunk)]
            sampled.update((number + k, t) for k, t in enumerate(chunk) if number + k in wanted)
            start = time.perf_counter()
            index.add(docs)
            add_seconds += time.perf_counter() - start
            number += len(chunk)
            print(f"  built {number:,} documents, {number / add_seconds:,.0f} docs/s", file=sys.stderr, flush=True)
        stats = index.stats()
        fresh = list(synth.iter_texts(queries_count + 2 + INCREMENT, seed=SEED + 1))
        increment = [{"id": f"inc{k}", "text": t} for k, t in enumerate(fresh[queries_count + 2 :])]
        start = time.perf_counter()
        index.add(increment)
        increment_seconds = time.perf_counter() - start
        queries = make_queries(sampled, fresh, rng, queries_count)
        plain, quality = run_queries(index, queries, align=False)
        aligned, _ = run_queries(index, queries, align=True)
    return {
        "documents": n,
        "build_seconds": add_seconds,
        "build_docs_per_s": n / add_seconds,
        "bytes": stats.bytes,
        "bytes_per_document": stats.bytes / n,
        "segments": stats.segments,
        "postings": stats.postings,
        "increment_docs": INCREMENT,
        "increment_seconds": increment_seconds,
        "query_without_alignment": plain,
        "query_with_alignment": aligned,
        "quality": quality,
    }


def bench_peers(n: int, directory: Path) -> dict:
    texts = [t for chunk in texts_in_chunks(n, SEED) for t in chunk]
    rng = np.random.default_rng(SEED + 2)
    probes = [(k, edited(texts[k], 0.01, rng)) for k in rng.choice(n, size=200, replace=False).tolist()]
    results = {}

    def record(name, build, query):
        start = time.perf_counter()
        lookup = build()
        build_s = time.perf_counter() - start
        seconds, hits = [], 0
        for k, text in probes:
            start = time.perf_counter()
            found = query(lookup, text)
            seconds.append(time.perf_counter() - start)
            hits += k in found
        results[name] = {"build_docs_per_s": n / build_s, **percentiles(seconds), "recall": hits / len(probes)}
        print(f"  {name}: {n / build_s:,.0f} docs/s, query p50 {results[name]['p50_ms']:.2f} ms", file=sys.stderr)

    def simcompare_build():
        index = Index(directory / "peers.db", workers=os.cpu_count() or 1)
        index.add([{"id": str(k), "text": t} for k, t in enumerate(texts)])
        return index

    record("simcompare", simcompare_build,
           lambda index, text: {int(m.id) for m in index.query(text, align=False)})
    from datasketch import MinHash, MinHashLSH

    def datasketch_build():
        lsh = MinHashLSH(threshold=0.8, num_perm=128)
        for start in range(0, n, 1000):
            batch = [peer_shingles(t) for t in texts[start : start + 1000]]
            with lsh.insertion_session() as session:
                for k, m in enumerate(MinHash.bulk(batch, num_perm=128)):
                    session.insert(start + k, m, check_duplication=False)
        return lsh

    def datasketch_query(lsh, text):
        return set(lsh.query(MinHash.bulk([peer_shingles(text)], num_perm=128)[0]))

    record("datasketch", datasketch_build, datasketch_query)
    try:
        from rensa import RMinHash, RMinHashLSH
    except ImportError:
        return results

    def rensa_sign(text):
        m = RMinHash(num_perm=128, seed=42)
        m.update(peer_shingles(text))
        return m

    def rensa_build():
        lsh = RMinHashLSH(threshold=0.8, num_perm=128, num_bands=16)
        for k, t in enumerate(texts):
            lsh.insert(k, rensa_sign(t))
        return lsh

    record("rensa", rensa_build, lambda lsh, text: set(lsh.query(rensa_sign(text))))
    return results


def _closed_size(path: Path) -> int:
    """Bytes of the index file once closed (a clean close leaves no WAL)."""
    return os.path.getsize(path) + (os.path.getsize(f"{path}-wal") if os.path.exists(f"{path}-wal") else 0)


def bench_versions(n: int, directory: Path, new_versions: int = NEW_VERSIONS,
                   history_versions: int = HISTORY_VERSIONS) -> dict:
    path = directory / "versions.db"
    rng = np.random.default_rng(SEED + 3)
    picked = set(rng.choice(n, size=min(n, new_versions), replace=False).tolist())
    originals: dict[int, str] = {}
    number, build_seconds = 0, 0.0
    with Index(path, workers=os.cpu_count() or 1) as index:
        for chunk in texts_in_chunks(n, SEED + 3):
            docs = [{"id": f"v{number + k}", "text": t, "date": "2026-11-02"} for k, t in enumerate(chunk)]
            originals.update((number + k, t) for k, t in enumerate(chunk) if number + k in picked)
            start = time.perf_counter()
            index.add(docs)
            build_seconds += time.perf_counter() - start
            number += len(chunk)
            print(f"  built {number:,} documents", file=sys.stderr, flush=True)
        postings_before = index.stats().postings
    size_before = _closed_size(path)
    versions = [{"id": f"v{k}", "text": edited(t, 0.01, rng) + (NOTE if j % 3 == 0 else ""), "updated": "2026-11-03"}
                for j, (k, t) in enumerate(sorted(originals.items()))]
    version_bytes = sum(len(v["text"].encode()) for v in versions)
    with Index(path, workers=os.cpu_count() or 1) as index:
        start = time.perf_counter()
        report = index.add(versions, if_exists="version")
        add_seconds = time.perf_counter() - start
        start = time.perf_counter()
        again = index.add(versions, if_exists="version")
        again_seconds = time.perf_counter() - start
        stats = index.stats()
        start = time.perf_counter()
        changes = index.changes(since="2026-11-03")
        changes_seconds = time.perf_counter() - start
    size_after = _closed_size(path)
    fresh = [{"id": f"new{k}", "text": t, "date": "2026-11-03"}
             for k, t in enumerate(synth.iter_texts(len(versions), seed=SEED + 5))]
    with Index(path, workers=os.cpu_count() or 1) as index:  # the same number of new articles, for scale
        start = time.perf_counter()
        index.add(fresh)
        new_seconds = time.perf_counter() - start
    history = bench_history(directory, history_versions, rng)
    count = report.versions
    return {
        "documents": n, "build_seconds": build_seconds, "new_versions": count,
        "add_seconds": add_seconds, "versions_per_s": count / add_seconds,
        "again_seconds": again_seconds, "again_unchanged": again.unchanged, "again_versions": again.versions,
        "new_articles_seconds": new_seconds,
        "bytes_before": size_before, "bytes_after": size_after,
        "bytes_per_version": (size_after - size_before) / count,
        "text_bytes_per_version": version_bytes / count,
        "postings_per_version": {k: (stats.postings[k] - postings_before[k]) / count for k in postings_before},
        "earlier_versions": stats.earlier_versions,
        "changes_seconds": changes_seconds, "changes": len(changes),
        "stealth_edits": sum(c.stealth for c in changes),
        "history": history,
    }


def bench_history(directory: Path, count: int, rng: np.random.Generator) -> dict:
    """One article edited ``count - 1`` times, each version from the one before; Index.history of it."""
    text = next(iter(synth.iter_texts(1, seed=SEED + 4)))
    texts = [text]
    for _ in range(count - 1):
        texts.append(edited(texts[-1], 0.01, rng))
    with Index(directory / "history.db") as index:
        for k, t in enumerate(texts):
            index.add([{"id": "story", "text": t, "updated": f"2026-11-{1 + k // 24:02d}T{k % 24:02d}:00"}],
                      if_exists="version")
        seconds = []
        for _ in range(5):
            start = time.perf_counter()
            history = index.history("story")
            seconds.append(time.perf_counter() - start)
    return {"versions": len(history.versions), "changes": len(history.changes), "words": history.versions[0].words,
            "seconds_median": float(np.median(seconds)),
            "ms_per_change": float(np.median(seconds)) * 1e3 / len(history.changes)}


def print_versions(v: dict) -> None:
    h = v["history"]
    print(f"\nversions: {v['new_versions']:,} new versions into {v['documents']:,} articles")
    print(f"  add            {v['add_seconds']:>8.2f} s  ({v['versions_per_s']:,.0f} versions/s; as many new "
          f"articles: {v['new_articles_seconds']:.2f} s)")
    postings = ", ".join(f"{k} {x:.1f}" for k, x in v["postings_per_version"].items())
    print(f"  size           {v['bytes_per_version']:>8,.0f} bytes per version "
          f"(its text {v['text_bytes_per_version']:,.0f}; postings {postings})")
    print(f"  same batch again {v['again_seconds']:>6.2f} s: {v['again_unchanged']:,} unchanged, "
          f"{v['again_versions']} versions")
    print(f"  changes since   {v['changes_seconds']:>7.2f} s for {v['changes']:,} changes "
          f"({v['stealth_edits']:,} stealth)")
    print(f"  history of {h['versions']} versions ({h['words']} words): {h['seconds_median'] * 1e3:.1f} ms "
          f"({h['ms_per_change']:.2f} ms per change)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--peer-docs", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=QUERIES)
    parser.add_argument("--quick", action="store_true", help="20,000 documents, 2,000 for the peers")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--versions-docs", type=int, default=None, help="articles under the versions (default --docs)")
    parser.add_argument("--skip-versions", action="store_true")
    parser.add_argument("--only-versions", action="store_true", help="run the versions section alone")
    parser.add_argument("--json", type=Path, default=None, help="where to save the results")
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.peer_docs = 20_000, 2_000
    result = {
        "benchmark": "index",
        "date": dt.date.today().isoformat(),
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
                    "sqlite": __import__("sqlite3").sqlite_version},
        "commit": git_commit(),
        "versions": {p: importlib.metadata.version(p) for p in ("simcompare", "numpy", "numba", "datasketch")},
    }
    with tempfile.TemporaryDirectory(prefix="bench_index_") as tmp:
        if not args.only_versions:
            print(f"build: {args.docs:,} documents", file=sys.stderr)
            result["build"] = bench_build_and_query(args.docs, Path(tmp), args.queries)
        if not args.skip_peers and not args.only_versions:
            print(f"peers: {args.peer_docs:,} documents", file=sys.stderr)
            result["peers"] = bench_peers(args.peer_docs, Path(tmp))
        if not args.skip_versions:
            n = args.versions_docs or args.docs
            print(f"versions: {n:,} documents", file=sys.stderr)
            result["article_versions"] = bench_versions(n, Path(tmp))
    if args.only_versions:
        print_versions(result["article_versions"])
        return _save(result, args.json)
    b = result["build"]
    plain, aligned, quality = b["query_without_alignment"], b["query_with_alignment"], b["quality"]
    print(f"\nsimcompare index, {b['documents']:,} documents ({result['machine']['cpu']}, {os.cpu_count()} cores)")
    print(f"  build          {b['build_docs_per_s']:>10,.0f} docs/s  (target >= 20,000)")
    print(f"  size           {b['bytes_per_document']:>10,.0f} bytes per document ({b['bytes'] / 1e9:.2f} GB)")
    print(f"  +{b['increment_docs']:,} documents {b['increment_seconds']:>8.2f} s")
    print(f"  query, no alignment  p50 {plain['p50_ms']:.2f} ms  p90 {plain['p90_ms']:.2f} ms  "
          f"p99 {plain['p99_ms']:.2f} ms  (targets 10 / - / 50)")
    print(f"  query, aligned       p50 {aligned['p50_ms']:.2f} ms  p90 {aligned['p90_ms']:.2f} ms  "
          f"p99 {aligned['p99_ms']:.2f} ms")
    print(f"  recall: duplicates {quality['duplicate_recall']:.3f}, reuse {quality['reuse_recall']:.3f}; "
          f"new articles with a match {quality['new_with_any_match']:.3f}")
    if "peers" in result:
        peers = result["peers"]
        ours = peers["simcompare"]
        print(f"\npeers, {args.peer_docs:,} documents: build docs/s, query p50, recall (1%-edited copies)")
        for name, r in peers.items():
            ratio = "" if name == "simcompare" else (
                f"  simcompare builds {ours['build_docs_per_s'] / r['build_docs_per_s']:.1f}x, "
                f"queries {r['p50_ms'] / ours['p50_ms']:.1f}x")
            print(f"  {name:<11}{r['build_docs_per_s']:>10,.0f}  {r['p50_ms']:>7.2f} ms  {r['recall']:.3f}{ratio}")
    if "article_versions" in result:
        print_versions(result["article_versions"])
    return _save(result, args.json)


def _save(result: dict, path: Path | None) -> int:
    path = path or REPO / "benchmarks" / "results" / f"index-{result['date']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nsaved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
