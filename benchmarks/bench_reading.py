"""Benchmark the JSON decoders dedup can read with, and simcompare's reader, on the scale corpus's records.

Per ``--lines`` lines of the file (best of ``--repeats``; wall and CPU seconds
per 100,000 lines, and the ratio to iterating the raw lines):

* the floor: iterating the raw lines, reading the bytes in 1 MB blocks;
* decoders, line by line: ``json.loads`` (after decoding the bytes),
  ``orjson.loads``, ``msgspec`` into a dict, and into a typed struct of the
  fields dedup uses (id, text; date when present);
* decoders over whole blocks: ``msgspec`` ``decode_lines`` into dicts and into
  the typed struct (orjson has no multi-line decoding);
* simcompare: :func:`~simcompare.io.readers.read_documents`, and
  :class:`~simcompare.io.readers.DocumentFiles` (the first reading, noting
  offsets, as Documents and in dedup's batches of JSON literals; then fetching
  a random fifth of the documents by offset, as dedup's verification does),
  in a process set up as the dedup command's (``simcompare.cli.memory``).

Usage::

    python benchmarks/bench_reading.py [FILE.jsonl] [--lines 100000] [--repeats 3] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from itertools import islice
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._platform import cpu_model, git_commit  # noqa: E402

DEFAULT_FILE = Path("/tmp/dedup_helper/scale-200000-f5f13568e2.jsonl")
BLOCK = 1 << 20
FETCHED = 0.19  # dedup's 200,000-article run verifies 37,700 documents


def _best(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(wall, CPU) seconds of the best of ``repeats`` runs (the machine is shared: the best is the cost)."""
    best = (float("inf"), float("inf"))
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best


def _raw(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def _blocks(path: Path) -> list[bytes]:
    """The file in blocks of about 1 MB of whole lines."""
    out, tail = [], b""
    with open(path, "rb") as fh:
        while data := fh.read(BLOCK):
            data = tail + data
            cut = data.rfind(b"\n") + 1
            out.append(data[:cut])
            tail = data[cut:]
    return out + ([tail] if tail else [])


def decoders(lines: list[bytes], path: Path) -> dict[str, Callable[[], object]]:
    """The ways of turning ``lines`` (those of ``path``) into texts; decoders not installed are left out."""
    out: dict[str, Callable[[], object]] = {
        "raw lines (of the file)": lambda: _raw(path),
        "raw 1 MB blocks (readinto)": lambda: _read_blocks(path),
        "json.loads": lambda: [json.loads(b.decode("utf-8"))["text"] for b in lines],
    }
    try:
        import orjson

        out["orjson.loads"] = lambda: [orjson.loads(b)["text"] for b in lines]
    except ImportError:
        pass
    try:
        import msgspec

        blocks = _blocks(path)
        untyped = msgspec.json.Decoder()
        typed = msgspec.json.Decoder(msgspec.defstruct("Rec", [("text", str), ("id", object, None),
                                                               ("date", object, msgspec.UNSET)]))
        out["msgspec dict"] = lambda: [untyped.decode(b)["text"] for b in lines]
        out["msgspec typed (id, text, date)"] = lambda: [typed.decode(b).text for b in lines]
        out["msgspec dict, decode_lines"] = lambda: [untyped.decode_lines(b) for b in blocks]
        out["msgspec typed, decode_lines"] = lambda: [typed.decode_lines(b) for b in blocks]
    except ImportError:
        pass
    return out


def _read_blocks(path: Path) -> None:
    buf = bytearray(BLOCK)
    with open(path, "rb") as fh:
        while fh.readinto(buf):
            pass


def readers(path: Path) -> dict[str, Callable[[], object]]:
    """simcompare's readers on ``path``: a full reading, a located one, and fetching a fifth by offset."""
    from simcompare._core import load_compiled
    from simcompare.cli.memory import keep_freed_memory
    from simcompare.io.readers import DocumentFiles, read_documents

    keep_freed_memory()
    load_compiled()

    files = DocumentFiles([str(path)])
    ids = [d.id for d in files()]
    wanted = sorted(random.Random(17).sample(range(len(ids)), int(FETCHED * len(ids))))
    return {
        "simcompare read_documents": lambda: sum(1 for _ in read_documents([str(path)])),
        "DocumentFiles, first reading": lambda: sum(1 for _ in files()),
        "  as dedup's batches (literals)": lambda: sum(len(b) for b in files.batches(20_000)),
        f"  then fetch {FETCHED:.0%} by offset": lambda: sum(1 for _ in files.fetch(wanted, ids)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, nargs="?", default=DEFAULT_FILE)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="write the results here too")
    args = parser.parse_args(argv)
    with open(args.file, "rb") as fh:
        lines = list(islice(fh, args.lines))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "part.jsonl"
        part.write_bytes(b"".join(lines))
        ways = {**decoders(lines, part), **readers(part)}
        per = 100_000 / len(lines)
        raw = None
        print(f"{len(lines):,} lines of {args.file} ({sum(map(len, lines)) / len(lines):,.0f} bytes each), "
              f"best of {args.repeats}; seconds per 100,000 lines and the ratio to the raw lines' (wall, CPU)")
        for name, fn in ways.items():
            wall, cpu = (s * per for s in _best(fn, args.repeats))
            raw = raw or (wall, cpu)
            results.append({"way": name, "wall_seconds_per_100k": round(wall, 4),
                            "x_raw_lines": round(wall / raw[0], 2), "cpu_seconds_per_100k": round(cpu, 4),
                            "cpu_x_raw_lines": round(cpu / raw[1], 2)})
            print(f"  {name:<34}{wall:>8.3f}s {wall / raw[0]:>5.1f}x {cpu:>8.3f}s {cpu / raw[1]:>5.1f}x")
    if args.json is not None:
        args.json.write_text(json.dumps({
            "benchmark": "reading", "date": date.today().isoformat(), "git_commit": git_commit(),
            "cpu": cpu_model(), "file": str(args.file), "lines": len(lines),
            "bytes_per_line": round(sum(map(len, lines)) / len(lines)), "repeats": args.repeats,
            "results": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
