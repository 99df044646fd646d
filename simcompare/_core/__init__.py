"""The hot kernels behind one plain Python API.

``SIMCOMPARE_ENGINE=fast`` uses the compiled numba kernels;
``SIMCOMPARE_ENGINE=reference`` uses the short plain-Python implementation the
differential tests compare the fast engine against. Both give identical
results, so the default, ``auto``, picks by size: a few small texts (a CLI
comparing two articles) are handled in plain Python in milliseconds, which is
far less than importing numba and loading the compiled kernels (about half a
second). Once a process has handled more than ``AUTO_BUDGET`` characters in
plain Python, or has loaded the compiled kernels anyway, ``auto`` uses them
from then on, so a library loop over many small pairs is fast too.
"""

from __future__ import annotations

import os
import sys
from typing import Sequence

import numpy as np

from ..errors import ParameterError
from ..params import SignatureParams

ENGINES = ("auto", "fast", "reference")
# Characters below which one ``auto`` call uses plain Python (per-permutation
# work makes the k-permutation scheme about five times slower there).
SMALL_INPUT = {"oph": 100_000, "kperm": 20_000, "tokens": 100_000, "postings": 100_000}
AUTO_BUDGET = 1_000_000
_reference_chars = 0


def engine_name() -> str:
    name = os.environ.get("SIMCOMPARE_ENGINE", "auto").strip().lower() or "auto"
    if name not in ENGINES:
        raise ParameterError(f"SIMCOMPARE_ENGINE must be one of {', '.join(ENGINES)}, got {name!r}")
    return name


def _choose(engine: str | None, chars: int, small: int) -> str:
    global _reference_chars
    engine = engine or engine_name()
    if engine != "auto":
        return engine
    if "simcompare._core._fast" in sys.modules or chars > small or _reference_chars > AUTO_BUDGET:
        return "fast"
    _reference_chars += chars
    return "reference"


def _size(texts: Sequence[str], small: int) -> int:
    """Characters in ``texts``, counted only for a few texts (many are not small)."""
    return sum(map(len, texts)) if len(texts) <= 64 else small + 1


def sign_texts(
    texts: Sequence[str], params: SignatureParams, *, workers: int = 1, engine: str | None = None,
    ignore: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Sign ``texts`` (all ``str``) into ``(uint32 matrix, empty mask)``,
    leaving out the shingle hashes in ``ignore`` (boilerplate; such signatures
    are only comparable with others made with the same ``ignore``)."""
    if _choose(engine, _size(texts, SMALL_INPUT[params.scheme]), SMALL_INPUT[params.scheme]) == "reference":
        from . import _reference

        return _reference.sign(texts, params, ignore=ignore)
    from . import _fast  # imports numba: only when the fast engine is used

    return _fast.sign(texts, params, workers=workers, ignore=ignore)


def sign_with_anchors(
    texts: Sequence[str], params: SignatureParams, *, anchor_bits: int, workers: int = 1, engine: str | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sign ``texts`` (word shingles) and find their anchors in the same pass:
    ``(matrix, empty, anchors, offsets)``, where ``anchors[offsets[d]:offsets[d + 1]]``
    is what :func:`shingle_sets` with ``top_zero_bits=anchor_bits`` gives for text ``d``."""
    if params.shingle_kind != "word" or not 0 < anchor_bits < 64:
        raise ParameterError(f"anchors need word shingles and 0 < anchor_bits < 64; got "
                             f"{params.shingle_kind} shingles, anchor_bits={anchor_bits}")
    if _choose(engine, _size(texts, SMALL_INPUT[params.scheme]), SMALL_INPUT[params.scheme]) == "reference":
        from . import _reference

        matrix, empty = _reference.sign(texts, params)
        return (matrix, empty, *shingle_sets(texts, params.shingle_size, top_zero_bits=anchor_bits,
                                             engine="reference"))
    from . import _fast

    return _fast.sign(texts, params, workers=workers, anchor_bits=anchor_bits)


def token_spans(text: str, *, engine: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tokens of ``text`` as ``(starts, ends, hashes)``: int64 spans in the
    original text and the uint64 token hashes the signatures are built from."""
    if _choose(engine, len(text), SMALL_INPUT["tokens"]) == "reference":
        from . import _reference

        return _reference.token_spans(text)
    from . import _fast

    return _fast.token_spans(text)


def find_regions(
    sa: np.ndarray, sb: np.ndarray, q: int, max_gap: int, max_repeat: int, *, engine: str | None = None
) -> np.ndarray:
    """Chains of shared seeds; see :func:`._regions.find_regions`."""
    if _choose(engine, len(sa) + len(sb), SMALL_INPUT["tokens"]) == "reference":
        from ._regions import find_regions as plain

        return plain(sa, sb, q, max_gap, max_repeat)
    from . import _kernels

    return _kernels.find_regions(sa, sb, q, max_gap, max_repeat)


def shingle_sets(
    texts: Sequence[str], shingle_size: int, *, top_zero_bits: int = 0, engine: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Word-shingle sets of many texts: ``(hashes, offsets)``, text ``d`` owning
    ``hashes[offsets[d]:offsets[d + 1]]``, sorted and unique. With
    ``top_zero_bits``, only the hashes whose top bits are zero (anchors)."""
    if _choose(engine, _size(texts, SMALL_INPUT["tokens"]), SMALL_INPUT["tokens"]) == "reference":
        from . import _reference

        sets = [top_zero(np.unique(np.array(_reference.shingles(_reference.text_units(t, "word"), shingle_size),
                                            dtype=np.uint64)), top_zero_bits) for t in texts]
        counts = np.array([len(s) for s in sets], dtype=np.int64)
        hashes = np.concatenate(sets) if sets else np.empty(0, dtype=np.uint64)
        return hashes, np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    from . import _fast

    return _fast.shingle_sets(texts, shingle_size, top_zero_bits=top_zero_bits)


def merge_runs(
    keys: np.ndarray, docs: np.ndarray, bounds: np.ndarray, *, engine: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Merge sorted runs of postings (``keys[bounds[r]:bounds[r + 1]]`` with
    their ``docs``) into one, stably: equal keys keep the order of their runs.
    Writable ``keys`` and ``docs`` may be overwritten (they serve as scratch)."""
    if _choose(engine, len(keys), SMALL_INPUT["postings"]) == "reference":
        from ._reference import merge_runs as plain

        return plain(keys, docs, bounds)
    if len(bounds) <= 2:  # one run (or none): already merged
        return keys, docs
    from . import _kernels

    keys, docs = (a if a.flags.writeable else a.copy() for a in (keys, docs))
    return _kernels.merge_runs(keys, docs, np.asarray(bounds, dtype=np.int64), np.empty_like(keys),
                               np.empty_like(docs))


def sort_postings(keys: np.ndarray, docs: np.ndarray, *, engine: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Postings ``(keys, docs)`` sorted by key, stably: equal keys keep their order."""
    if _choose(engine, len(keys), SMALL_INPUT["postings"]) == "reference":
        from ._reference import sort_postings as plain

        return plain(keys, docs)
    from . import _kernels

    return _kernels.sort_postings(keys, docs)


def frequent_values(values: np.ndarray, min_count: int, *, engine: str | None = None) -> np.ndarray:
    """The distinct ``values`` (uint64) that occur at least ``min_count`` times, sorted.

    >>> frequent_values(np.array([7, 3, 7, 9, 7, 3], dtype=np.uint64), 2).tolist()
    [3, 7]
    """
    if _choose(engine, len(values), SMALL_INPUT["postings"]) == "reference":
        from ._reference import frequent_values as plain

        return plain(values, min_count)
    from . import _kernels

    return _kernels.frequent_sorted(np.sort(np.asarray(values, dtype=np.uint64)), min_count)


def top_zero(hashes: np.ndarray, bits: int) -> np.ndarray:
    """The hashes whose top ``bits`` bits are zero (all of them for 0)."""
    return hashes[(hashes >> np.uint64(64 - bits)) == 0] if bits else hashes
