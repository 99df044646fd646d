"""Compile the numba kernels once, in two processes side by side, before a parallel test run starts.

A fresh clone has no numba cache (the ``cache=True`` files in simcompare/_core/__pycache__). Without a
warm-up, each pytest-xdist worker, and each CLI, benchmark or Dask worker process the tests start, compiles
every kernel it meets that no other process has finished compiling yet: the same kernel several times at
once, minutes of CPU on a 2-core machine. tests/conftest.py runs ``python -m support.warm_kernels PART``
(from tests/) for PART 0 and 1 at once before the workers start; afterwards every process loads the kernels
from the cache.

Each part runs the compiled engine on the cases of the kernel harness (tests/test_core_harness.py, which
has a case for every kernel of the dispatcher), so a new kernel is warmed as soon as the harness tests it.
A batch kernel is compiled once per code-unit width of its batch (1, 2 or 4 bytes: Latin-1, the rest of
the BMP, astral), so texts-only cases run again on their texts narrowed to each width. Part 0 takes the
1-byte width and the kernels without texts, part 1 the 2- and 4-byte widths: they seldom need the same
compilation, and take about as long (about a minute each on a 2-core VM).
"""

from __future__ import annotations

import sys
import time

import numpy as np

__all__ = ["PARTS", "width", "calls", "warm"]

PARTS = 2


def width(texts) -> int:
    """Bytes per code unit of the batch's array: 1 (Latin-1), 2 (the BMP) or 4."""
    top = max((ord(c) for text in texts for c in text), default=0)
    return 1 if top < 0x100 else 2 if top < 0x10000 else 4


def calls(cases: dict) -> list[tuple[int, str, tuple, dict]]:
    """``(part, kernel, args, kwargs)`` for every harness case, and for texts-only cases, once per width."""
    found = []
    for kernel in sorted(cases):
        for args, kwargs, _ in cases[kernel]:
            texts = args[0] if args and isinstance(args[0], list) else None
            if texts and not any(isinstance(a, np.ndarray) for a in args[1:]):
                for size in sorted({width([t]) for t in texts}):
                    narrowed = [t for t in texts if width([t]) <= size]
                    found.append((0 if size == 1 else 1, kernel, (narrowed, *args[1:]), kwargs))
            elif args and isinstance(args[0], str):
                found.append((0 if width([args[0]]) == 1 else 1, kernel, args, kwargs))
            else:
                found.append((0 if texts is None else 1, kernel, args, kwargs))
    return found


def warm(part: int) -> float:
    """Run this part's calls on the compiled engine; returns the seconds taken."""
    from test_core_harness import CASES, _copies

    from simcompare import _core

    start = time.perf_counter()
    for owner, kernel, args, kwargs in calls(CASES):
        if owner == part:
            getattr(_core, kernel)(*_copies(args), **kwargs, engine="fast")
    return time.perf_counter() - start


if __name__ == "__main__":
    part = int(sys.argv[1])
    print(f"kernels warmed (part {part} of {PARTS}) in {warm(part):.1f} s")
