"""Benchmark texts kept as JSON string literals: json_text_lengths, and signing a JsonTexts against a list of str.

Per corpus (the scale corpus's records, their text literals as they lie in
the file; BBC News articles ``json.dumps``'d with ``ensure_ascii`` True and
False):

* ``json_text_lengths`` on the block of literals, compiled (GB/s of literal
  bytes) and reference (MB/s);
* ``JsonTexts.decoded()`` (one msgspec decode of all the literals), the cost
  of making the strs that the compiled signer no longer needs;
* ``sign_texts`` of the ``JsonTexts`` against ``sign_texts`` of the same
  texts as a list of ``str`` (dedup's parameters: 128 slots, 5-word
  shingles), one worker, and their ratio: what decoding inside the signer costs.

Times are the calling thread's CPU seconds, best of ``--repeats`` runs taken
in turns (the machine is shared: the best is the cost).

Usage::

    python benchmarks/bench_json_texts.py [--file FILE.jsonl] [--lines 4000] [--repeats 15] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from itertools import islice
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._platform import cpu_model, git_commit  # noqa: E402
from simcompare._core import JsonTexts, json_text_lengths, sign_texts  # noqa: E402
from simcompare.params import SignatureParams  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCALE_FILES = [Path("/tmp/dedup_helper/scale-200000-f5f13568e2.jsonl"), *sorted(Path("/tmp/dedup_helper").glob(
    "scale-*.jsonl"))]
BBC = ROOT.parent / "shared" / "data" / "bbc_news" / "bbc"
PARAMS = SignatureParams(num_perm=128, shingle_size=5, seed=1)  # dedup's


def _block(literals: list[bytes]) -> tuple[bytes, np.ndarray, np.ndarray]:
    """The literals one a line, and where each lies."""
    sizes = np.array([len(lit) + 1 for lit in literals], dtype=np.int64)
    ends = np.cumsum(sizes) - 1
    return b"\n".join(literals) + b"\n", ends - (sizes - 1), ends


def scale_literals(path: Path, lines: int) -> list[bytes]:
    """The text literals of the first ``lines`` records of ``path``, as they lie in the file."""
    import msgspec

    decoder = msgspec.json.Decoder(msgspec.defstruct("Record", [("text", msgspec.Raw)]))
    with open(path, "rb") as fh:
        return [bytes(decoder.decode(line).text) for line in islice(fh, lines)]


def corpora(file: Path | None, lines: int) -> dict[str, list[bytes]]:
    """``{name: literals}`` of the corpora found on this machine."""
    out = {}
    scale = file or next((p for p in SCALE_FILES if p.is_file()), None)
    if scale is not None and scale.is_file():
        out[f"scale ({scale.name}, {lines} records)"] = scale_literals(scale, lines)
    if BBC.is_dir():
        articles = [p.read_bytes().decode("utf-8", "replace") for p in sorted(BBC.rglob("*.txt"))]
        for ensure_ascii in (True, False):
            out[f"BBC News, ensure_ascii={ensure_ascii}"] = [
                json.dumps(t, ensure_ascii=ensure_ascii).encode("utf-8") for t in articles]
    return out


def _best(calls: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """The best thread CPU seconds of each call, the calls taken in turns."""
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(repeats):
        for name, call in calls.items():
            start = time.thread_time()
            call()
            best[name] = min(best[name], time.thread_time() - start)
    return best


def measure(literals: list[bytes], repeats: int) -> dict[str, float]:
    """The numbers of one corpus (see the module's docstring)."""
    data, starts, ends = _block(literals)
    lengths = json_text_lengths(data, starts, ends, engine="fast")
    assert (lengths >= 0).all(), "every literal of the corpus is valid JSON"
    texts = JsonTexts(data, starts, ends, lengths)
    strs = texts.decoded()
    sizes = [len(lit) for lit in literals]
    few = slice(0, max(1, len(literals) // 10))
    seconds = _best({
        "lengths": lambda: json_text_lengths(data, starts, ends, engine="fast"),
        "decoded": texts.decoded,
        "sign JsonTexts": lambda: sign_texts(texts, PARAMS, engine="fast"),
        "sign str": lambda: sign_texts(strs, PARAMS, engine="fast"),
    }, repeats)
    reference = _best({"reference": lambda: json_text_lengths(data, starts[few], ends[few], engine="reference")}, 1)
    literal_bytes = sum(sizes)
    return {
        "texts": len(literals), "literal_bytes": literal_bytes, "characters": int(lengths.sum()),
        "lengths_gb_per_s": round(literal_bytes / seconds["lengths"] / 1e9, 2),
        "reference_lengths_mb_per_s": round(sum(sizes[few]) / reference["reference"] / 1e6, 1),
        "decoded_seconds": round(seconds["decoded"], 4),
        "sign_json_seconds": round(seconds["sign JsonTexts"], 4),
        "sign_str_seconds": round(seconds["sign str"], 4),
        "sign_json_over_str": round(seconds["sign JsonTexts"] / seconds["sign str"], 3),
        "lengths_share_of_sign": round(seconds["lengths"] / seconds["sign str"], 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=None, help="a JSON lines file with a text field")
    parser.add_argument("--lines", type=int, default=4000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--json", type=Path, default=None, help="write the results here too")
    args = parser.parse_args(argv)
    sign_texts(JsonTexts(b'"warm up"', np.array([0]), np.array([9]), np.array([7])), PARAMS, engine="fast")
    results = {}
    print(f"best of {args.repeats}, thread CPU time; signing: {PARAMS.num_perm} slots, "
          f"{PARAMS.shingle_size}-word shingles, one worker")
    for name, literals in corpora(args.file, args.lines).items():
        r = results[name] = measure(literals, args.repeats)
        print(f"{name}: {r['texts']:,} texts, {r['literal_bytes'] / 1e6:.1f} MB of literals\n"
              f"  json_text_lengths  {r['lengths_gb_per_s']:6.2f} GB/s compiled, "
              f"{r['reference_lengths_mb_per_s']:.0f} MB/s reference\n"
              f"  decoded() (msgspec) {r['decoded_seconds']:.4f} s\n"
              f"  sign_texts         {r['sign_json_seconds']:.4f} s JsonTexts, {r['sign_str_seconds']:.4f} s "
              f"list[str]: ratio {r['sign_json_over_str']:.3f}; lengths {r['lengths_share_of_sign']:.1%} of signing")
    if args.json is not None:
        args.json.write_text(json.dumps({
            "benchmark": "json_texts", "date": date.today().isoformat(), "git_commit": git_commit(),
            "cpu": cpu_model(), "params": {"num_perm": PARAMS.num_perm, "shingle_size": PARAMS.shingle_size},
            "repeats": args.repeats, "corpora": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
