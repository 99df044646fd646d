"""Benchmark the JSON decoders dedup can read with, on the scale corpus's records.

Per ``--lines`` lines of the file (best of ``--repeats``): iterating the raw
lines, ``json.loads`` (after decoding the bytes), ``orjson.loads``,
``msgspec.json.decode`` into a dict, and into a typed struct of the two fields
dedup uses; then simcompare's own reader (:func:`simcompare.io.readers.read_documents`)
on the same lines. Prints seconds per 100,000 lines and the ratio to raw iteration.

Usage::

    python benchmarks/bench_reading.py [FILE.jsonl] [--lines 100000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

DEFAULT_FILE = Path("/tmp/dedup_helper/scale-200000-f5f13568e2.jsonl")


def _best(fn: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _raw(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def decoders(lines: list[bytes], path: Path) -> dict[str, Callable[[], object]]:
    """The ways of turning ``lines`` (those of ``path``) into texts; decoders not installed are left out."""
    out: dict[str, Callable[[], object]] = {
        "raw lines (of the file)": lambda: _raw(path),
        "json.loads": lambda: [json.loads(b.decode("utf-8"))["text"] for b in lines],
    }
    try:
        import orjson

        out["orjson.loads"] = lambda: [orjson.loads(b)["text"] for b in lines]
    except ImportError:
        pass
    try:
        import msgspec

        untyped = msgspec.json.Decoder()
        typed = msgspec.json.Decoder(msgspec.defstruct("Rec", [("id", object, None), ("text", str, "")]))
        out["msgspec dict"] = lambda: [untyped.decode(b)["text"] for b in lines]
        out["msgspec typed (id, text)"] = lambda: [typed.decode(b).text for b in lines]
    except ImportError:
        pass
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, nargs="?", default=DEFAULT_FILE)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with open(args.file, "rb") as fh:
        lines = list(islice(fh, args.lines))
    from simcompare.io.readers import read_documents

    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "part.jsonl"
        part.write_bytes(b"".join(lines))
        ways = decoders(lines, part)
        ways["simcompare read_documents"] = lambda: sum(1 for _ in read_documents([str(part)]))
        per = 100_000 / len(lines)
        raw = None
        print(f"{len(lines):,} lines of {args.file} ({sum(map(len, lines)) / len(lines):,.0f} bytes each), "
              f"best of {args.repeats}; seconds per 100,000 lines")
        for name, fn in ways.items():
            seconds = _best(fn, args.repeats) * per
            raw = raw or seconds
            print(f"  {name:<28}{seconds:>8.3f}s {seconds / raw:>6.1f}x raw")
    return 0


if __name__ == "__main__":
    sys.exit(main())
