"""Measure the numbers of the auto rule: each kernel's reference time per
unit of input, and the cost of loading the compiled engine.

Run ``python -m simcompare._core._calibrate [--texts DIR]`` on a quiet
machine; ``DIR`` holds ``.txt`` articles (default: synthetic news-like
text). It prints, per kernel, the reference time per unit, to be copied
into :data:`._dispatch.KERNELS`, and the load cost, for
:data:`._dispatch.LOAD_SECONDS` (see docs/engine.md).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from ..params import SignatureParams
from . import (
    KERNELS,
    candidate_pairs,
    connected_components,
    find_regions,
    flat_json_records,
    frequent_shingles,
    frequent_values,
    json_text_lengths,
    merge_runs,
    seeds,
    shingle_overlaps,
    shingle_sets,
    sign_size,
    sign_texts,
    sign_with_anchors,
    sort_postings,
    text_size,
    text_units,
    token_spans,
)

__all__ = ["sample_texts", "cases", "reference_rates", "load_seconds", "main"]

_WORDS = ("the government said on Tuesday that its plans for the economy would cost £1.2bn over "
          "three years, while critics called the Worker’s Party “a failure” and markets fell 2.5% in early "
          "trading as investors weighed the figures released by the bank").split()

_LOAD = """
import time
start = time.perf_counter()
from simcompare import _core
from simcompare.params import SignatureParams
t0 = time.perf_counter()
_core.load_compiled()
t1 = time.perf_counter()
_core.sign_texts(["a few words to sign here"], SignatureParams(), engine="fast")
_core.token_spans("a few words", engine="fast")
s = _core.seeds(_core.token_spans("a b c d e f", engine="fast")[2], 3)
_core.find_regions(s, s, 3, 4, 16, engine="fast")
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def sample_texts(directory: str | None = None, count: int = 60, seed: int = 1) -> list[str]:
    """Articles to time the kernels on: the ``.txt`` files of ``directory``
    (searched recursively), or synthetic news-like texts of 2,000 to 4,000 characters.

    Parameters
    ----------
    directory:
        A folder of UTF-8 ``.txt`` files, or None.
    count:
        How many texts.
    seed:
        Of the synthetic texts' random choices.

    Returns
    -------
    list of str

    Examples
    --------
    >>> texts = sample_texts(count=2)
    >>> len(texts), all(2000 <= len(t) for t in texts)
    (2, True)
    """
    if directory:
        paths = sorted(Path(directory).rglob("*.txt"))[:count]
        return [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        words: list[str] = []
        target = rng.randrange(2000, 4000)
        while sum(map(len, words)) + len(words) < target:
            words.append(rng.choice(_WORDS))
        texts.append(" ".join(words))
    return texts


def cases(texts: list[str]) -> dict[str, tuple[float, object]]:
    """One timing case per kernel (and per signing variant): ``{name: (units, call)}``,
    ``call`` running the reference engine.

    Parameters
    ----------
    texts:
        From :func:`sample_texts`.

    Returns
    -------
    dict

    Examples
    --------
    >>> sorted(set(KERNELS) - set(cases(sample_texts(count=3))))
    []
    """
    few = texts[:20]
    long_text = " ".join(texts)[:15_000]
    edited = long_text.replace(" the ", " a ")
    rng = np.random.default_rng(1)
    keys = rng.integers(0, 2**63, 1_000_000, dtype=np.uint64)
    half = len(keys) // 2
    runs = np.concatenate([np.sort(keys[:half]), np.sort(keys[half:])])
    sa, sb = (seeds(token_spans(t, engine="reference")[2], 3) for t in (long_text, edited))
    bands = rng.integers(0, 500, (2_000, 20), dtype=np.uint64)
    ends = rng.integers(0, 20_000, (2, 10_000))
    word, char = SignatureParams(), SignatureParams(shingle_kind="char")
    kperm = SignatureParams(scheme="kperm")
    ref = "reference"
    block, literal_starts, literal_ends = _literals(texts * 5)
    lines = b"".join(json.dumps({"id": str(k), "text": t}, ensure_ascii=False).encode() + b"\n"
                     for k, t in enumerate(texts * 5))
    return {
        "sign_texts": (sign_size(few, word), lambda: sign_texts(few, word, engine=ref)),
        "sign_texts[char]": (sign_size(few, char), lambda: sign_texts(few, char, engine=ref)),
        "sign_texts[kperm]": (sign_size(few[:3], kperm), lambda: sign_texts(few[:3], kperm, engine=ref)),
        "sign_with_anchors": (sign_size(few, word),
                              lambda: sign_with_anchors(few, word, anchor_bits=3, engine=ref)),
        "token_spans": (len(long_text), lambda: token_spans(long_text, engine=ref)),
        "text_units": (len(long_text), lambda: text_units(long_text, engine=ref)),
        "text_units[char]": (len(long_text), lambda: text_units(long_text, shingle_kind="char", engine=ref)),
        "shingle_sets": (text_size(few), lambda: shingle_sets(few, 5, engine=ref)),
        "find_regions": (len(sa) + len(sb), lambda: find_regions(sa, sb, 3, 4, 16, engine=ref)),
        "merge_runs": (len(keys), lambda: merge_runs(runs, np.arange(len(keys)), np.array([0, half, len(keys)]),
                                                     engine=ref)),
        "sort_postings": (len(keys), lambda: sort_postings(keys, np.arange(len(keys)), engine=ref)),
        "frequent_values": (len(keys), lambda: frequent_values(keys >> np.uint64(44), 2, engine=ref)),
        "frequent_shingles": (text_size(few), lambda: frequent_shingles(few, 5, 2, engine=ref)),
        "shingle_overlaps": (text_size(few[:-1]) + text_size(few[1:]),
                             lambda: shingle_overlaps(few, 5, np.arange(len(few) - 1), np.arange(1, len(few)),
                                                      engine=ref)),
        "json_text_lengths": (len(block), lambda: json_text_lengths(block, literal_starts, literal_ends,
                                                                           engine=ref)),
        "flat_json_records": (len(lines), lambda: flat_json_records(lines, id_key="id", text_key="text", engine=ref)),
        "candidate_pairs": (bands.size, lambda: candidate_pairs(bands, engine=ref)),
        "connected_components": (20_000 + ends.shape[1],
                                 lambda: connected_components(20_000, ends[0], ends[1], engine=ref)),
    }


def _literals(texts: list[str]) -> tuple[bytes, np.ndarray, np.ndarray]:
    """``texts`` as JSON literals (non-ASCII as is) one a line, and where each lies."""
    literals = [json.dumps(t, ensure_ascii=False).encode("utf-8") for t in texts]
    sizes = np.array([len(lit) + 1 for lit in literals], dtype=np.int64)
    ends = np.cumsum(sizes) - 1
    return b"\n".join(literals) + b"\n", ends - (sizes - 1), ends


def reference_rates(texts: list[str], repeats: int = 3) -> dict[str, tuple[float, float]]:
    """``{case: (units, seconds per unit)}``, the median of ``repeats`` timings of each case.

    Parameters
    ----------
    texts:
        From :func:`sample_texts`.
    repeats:
        Timings per case.

    Returns
    -------
    dict

    Examples
    --------
    >>> rates = reference_rates(sample_texts(count=2), repeats=1)
    >>> all(rate > 0 for _, rate in rates.values())
    True
    """
    rates = {}
    for name, (units, call) in cases(texts).items():
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        rates[name] = (units, statistics.median(times) / units)
    return rates


def load_seconds(repeats: int = 3) -> tuple[float, float]:
    """Seconds a fresh process takes for :func:`simcompare._core.load_compiled`,
    and then for the first calls of three compiled kernels (median of ``repeats`` processes).

    Parameters
    ----------
    repeats:
        Processes to time.

    Returns
    -------
    (load, first_calls)

    Examples
    --------
    >>> load, first = load_seconds(repeats=1)
    >>> load > 0 and first > 0  # seconds; on a machine without the kernel cache, first includes compiling
    True
    """
    runs = [tuple(map(float, subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True,
                                            check=True).stdout.split())) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main(argv: list[str] | None = None) -> int:
    """Print the reference rates and the load cost.

    Parameters
    ----------
    argv:
        ``[--texts DIR] [--repeats N]``.

    Returns
    -------
    int
        0.

    Examples
    --------
    >>> main(["--repeats", "0"])  # doctest: +ELLIPSIS
    kernel ...
    0
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", help="folder of .txt articles (default: synthetic text)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{'kernel':24} {'units':>10} {'s/unit':>10}  table")
    if args.repeats < 1:
        return 0
    for name, (units, rate) in reference_rates(sample_texts(args.texts), args.repeats).items():
        table = KERNELS[name].seconds_per_unit if name in KERNELS else float("nan")
        print(f"{name:24} {units:10.0f} {rate:10.2e}  {table:.1e}")
    load, first = load_seconds(args.repeats)
    print(f"load_compiled: {load:.3f} s; first calls of three kernels: {first:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
