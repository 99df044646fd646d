"""Locality-sensitive hashing over signature matrices: banding and candidate pairs.

A signature matrix (``(n, num_perm)`` uint32, one row per text) is cut into
``bands`` bands of ``rows`` slots each. Two texts whose signatures agree on every
slot of at least one band become a *candidate pair*; with Jaccard similarity
``s`` that happens with probability ``1 - (1 - s**rows)**bands``, an S-curve
whose steep part :func:`lsh_params` places at the chosen threshold.

Public API
----------
lsh_params(threshold, num_perm, *, false_positive_weight, false_negative_weight) -> (bands, rows)
recall_params(threshold, num_perm, *, recall) -> (bands, rows) finding pairs at the threshold with probability >= recall
band_keys(matrix, bands, rows) -> (n, bands) uint64 keys, one per band
candidate_pairs(keys, *, exclude, max_bucket) -> CandidatePairs
CandidatePairs   the pairs as two sorted int64 arrays, plus what was capped

Everything works on whole arrays: a million texts in 20 bands is a few
seconds and a few hundred megabytes, not a Python object per text.

>>> from simcompare import sign
>>> sigs = sign(["the cat sat on the mat today", "the cat sat on the mat today",
...              "an entirely different text about markets"])
>>> bands, rows = lsh_params(0.8, sigs.params.num_perm)
>>> found = candidate_pairs(band_keys(sigs.matrix, bands, rows))
>>> list(zip(found.i.tolist(), found.j.tolist()))
[(0, 1)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._core import candidate_pairs as core_candidate_pairs
from ..errors import ParameterError

__all__ = ["lsh_params", "recall_params", "band_keys", "candidate_pairs", "CandidatePairs", "FALSE_POSITIVE_WEIGHT",
           "RECALL"]

#: Weight of false positives against false negatives when a caller that verifies its candidates chooses
#: bands and rows (the index does): with (14, 9) at threshold 0.8 a pair at Jaccard 0.9 is a candidate with probability
#: 0.999, at 0.8 with 0.87.
FALSE_POSITIVE_WEIGHT = 0.1

#: Probability with which :func:`recall_params` makes a pair at exactly the threshold a candidate: a caller
#: that verifies its candidates by exact Jaccard then reports at least this share of the pairs at or above it.
RECALL = 0.99

# --------------------------------------------------------------------------- lsh_params

# Composite Gauss-Legendre quadrature: _GL_NODES nodes on each of at least
# _GL_PIECES sub-intervals. The integrands are polynomials of degree
# bands * rows <= num_perm whose S-curve is about 1/rows wide, so the number of
# pieces grows with num_perm to keep several pieces across the steepest curve.
# For num_perm <= 256 the integrals match scipy's adaptive quad (what
# datasketch uses) to about 1e-16.
_GL_NODES = 16
_GL_PIECES = 32


def _quadrature(low: float, high: float, pieces: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of a composite Gauss-Legendre rule on [low, high]."""
    x, w = np.polynomial.legendre.leggauss(_GL_NODES)
    edges = np.linspace(low, high, pieces + 1)
    half = (edges[1:] - edges[:-1]) / 2
    mid = (edges[1:] + edges[:-1]) / 2
    return (mid[:, None] + half[:, None] * x).ravel(), (half[:, None] * w).ravel()


def lsh_params(
    threshold: float,
    num_perm: int,
    *,
    false_positive_weight: float = 0.5,
    false_negative_weight: float = 0.5,
) -> tuple[int, int]:
    """The ``(bands, rows)`` that best separate pairs above and below ``threshold``.

    Chooses, among all ``bands * rows <= num_perm``, the pair minimising
    ``false_positive_weight * FP + false_negative_weight * FN``, where ``FP`` is
    the integral over similarities ``0..threshold`` of the probability of
    becoming a candidate, ``1 - (1 - s**rows)**bands``, and ``FN`` the integral
    over ``threshold..1`` of the probability of not becoming one. This is the
    criterion of datasketch's ``MinHashLSH`` (its ``_optimal_param``), with the
    same tie-breaking (fewest bands, then fewest rows), and gives the same
    choice; the integrals are computed with numpy instead of scipy.

    Parameters
    ----------
    threshold:
        Jaccard similarity, 0.0 to 1.0, at which pairs should start being found.
    num_perm:
        Slots per signature (``Signatures.params.num_perm``).
    false_positive_weight, false_negative_weight:
        Relative cost of the two errors, each 0.0 to 1.0, summing to 1.0.
        Raise ``false_negative_weight`` to miss fewer pairs at the price of
        more candidates to verify.

    Returns
    -------
    (bands, rows):
        ``bands * rows <= num_perm``; slots past ``bands * rows`` go unused.

    Raises
    ------
    ParameterError
        If an option is out of range or the weights do not sum to 1.0.

    Examples
    --------
    >>> lsh_params(0.8, 128)
    (9, 13)
    >>> lsh_params(0.5, 128)
    (25, 5)
    """
    threshold = _check_unit("threshold", threshold)
    if isinstance(num_perm, bool) or not isinstance(num_perm, (int, np.integer)) or num_perm < 1:
        raise ParameterError(f"num_perm must be an int >= 1, got {num_perm!r}")
    num_perm = int(num_perm)
    fp_weight = _check_unit("false_positive_weight", false_positive_weight)
    fn_weight = _check_unit("false_negative_weight", false_negative_weight)
    if abs(fp_weight + fn_weight - 1.0) > 1e-9:
        raise ParameterError(
            f"false_positive_weight + false_negative_weight must be 1.0, got "
            f"{fp_weight!r} + {fn_weight!r} = {fp_weight + fn_weight!r}"
        )

    pieces = max(_GL_PIECES, num_perm // 8)
    s_low, w_low = _quadrature(0.0, threshold, pieces)
    s_high, w_high = _quadrature(threshold, 1.0, pieces)
    # s**rows for every rows = 1..num_perm, computed once and shared by every band count.
    exponents = np.arange(1, num_perm + 1, dtype=np.float64)[:, None]
    pow_low = s_low[None, :] ** exponents
    pow_high = s_high[None, :] ** exponents

    best_error, best = math.inf, (0, 0)
    for bands in range(1, num_perm + 1):
        max_rows = num_perm // bands
        false_pos = (1.0 - (1.0 - pow_low[:max_rows]) ** bands) @ w_low
        false_neg = ((1.0 - pow_high[:max_rows]) ** bands) @ w_high
        error = fp_weight * false_pos + fn_weight * false_neg
        k = int(np.argmin(error))  # the first minimum: fewest rows, as datasketch
        # strict <: on a tie the fewer bands win, as in datasketch's loop
        if error[k] < best_error:
            best_error, best = float(error[k]), (bands, k + 1)
    return best


def recall_params(threshold: float, num_perm: int, *, recall: float = RECALL) -> tuple[int, int]:
    """The cheapest ``(bands, rows)`` that make a pair at Jaccard ``threshold`` a candidate with probability ``recall``.

    The S-curve ``1 - (1 - s**rows)**bands`` rises with ``s``, so a pair at or
    above ``threshold`` is a candidate with probability at least its value at
    ``threshold``. For each ``rows``, the fewest bands reaching ``recall`` there
    are ``ceil(log(1 - recall) / log(1 - threshold**rows))``; among those that
    fit in ``num_perm``, the one with the smallest false-positive integral (the
    area under the S-curve over ``0..threshold``, as in :func:`lsh_params`)
    costs the fewest candidates. Where none fits (a low threshold with few
    slots), one row per band in every slot gives the highest probability there is.

    Parameters
    ----------
    threshold:
        Jaccard similarity, 0.0 to 1.0, from which pairs must be found.
    num_perm:
        Slots per signature (``Signatures.params.num_perm``).
    recall:
        Probability, 0.0 to 1.0 (exclusive), of finding a pair at ``threshold``.

    Returns
    -------
    (bands, rows):
        ``bands * rows <= num_perm``.

    Raises
    ------
    ParameterError
        If an option is out of range.

    Examples
    --------
    >>> recall_params(0.8, 128), recall_params(0.5, 128)
    ((16, 6), (35, 3))
    >>> bands, rows = recall_params(0.8, 128)
    >>> round(1 - (1 - 0.8**rows) ** bands, 4)
    0.9923
    """
    threshold = _check_unit("threshold", threshold)
    if isinstance(num_perm, bool) or not isinstance(num_perm, (int, np.integer)) or num_perm < 1:
        raise ParameterError(f"num_perm must be an int >= 1, got {num_perm!r}")
    num_perm = int(num_perm)
    recall = _check_unit("recall", recall)
    if recall >= 1.0:
        raise ParameterError(f"recall must be below 1.0 (no banding finds every pair for sure), got {recall!r}")
    s_low, w_low = _quadrature(0.0, threshold, max(_GL_PIECES, num_perm // 8))
    best_cost, best = math.inf, (num_perm, 1)
    for rows in range(1, num_perm + 1):
        share = threshold**rows
        if share >= 1.0:
            bands = 1
        elif share <= 0.0:
            continue
        else:
            bands = max(1, math.ceil(math.log(1.0 - recall) / math.log1p(-share)))
        if bands * rows > num_perm:
            continue
        cost = float((1.0 - (1.0 - s_low**rows) ** bands) @ w_low)
        if cost < best_cost:
            best_cost, best = cost, (bands, rows)
    return best


def _check_unit(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"{name} must be a number in [0.0, 1.0], got {value!r}")
    value = float(value)
    if not 0.0 <= value <= 1.0:  # also refuses NaN
        raise ParameterError(f"{name} must be in [0.0, 1.0], got {value!r}")
    return value


# --------------------------------------------------------------------------- band_keys

# Rows of the matrix hashed per step: small enough that the (rows, bands)
# temporaries stay in cache, large enough that numpy's per-call cost vanishes.
_KEY_CHUNK = 1 << 15
_KEY_SEED = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_S32 = np.uint64(32)


def _fmix64_inplace(h: np.ndarray) -> None:
    """MurmurHash3's 64-bit finaliser, in place. A bijection on uint64."""
    h ^= h >> _S33
    h *= _M1
    h ^= h >> _S33
    h *= _M2
    h ^= h >> _S33


def band_keys(matrix: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per band per signature: equal bands give equal keys.

    Band ``b`` is columns ``b * rows`` to ``(b + 1) * rows - 1`` (as in
    datasketch); columns from ``bands * rows`` on are not used. The key hashes
    the band's values in order: consecutive pairs of uint32 values are packed
    into one word ``w = v[2k] | v[2k + 1] << 32`` (an odd last value stands
    alone), and starting from ``h = 0x9E3779B97F4A7C15``, each word is folded
    in as ``h = fmix64(h ^ w)``, with MurmurHash3's 64-bit finaliser
    (multiply, xor-shift). Every step is a bijection of ``w`` for a fixed ``h``
    and of ``h`` for a fixed ``w``, so two bands differing in a single value
    always get different keys, and a band of one or two rows gets a key unique
    to its values; other different bands collide with probability about
    ``2**-64``. The keys are the same on every platform.

    Parameters
    ----------
    matrix:
        ``(n, num_perm)`` uint32 signature matrix (``Signatures.matrix``).
    bands, rows:
        From :func:`lsh_params`; ``bands * rows <= num_perm``.

    Returns
    -------
    numpy.ndarray
        ``(n, bands)`` uint64. Keys are only meaningful compared within one band.

    Raises
    ------
    ParameterError
        If ``matrix`` is not a 2-D uint32 array or ``bands * rows`` exceeds its width.

    Examples
    --------
    >>> m = np.array([[1, 2, 3, 4], [1, 2, 3, 5]], dtype=np.uint32)
    >>> keys = band_keys(m, 2, 2)
    >>> keys.shape, bool(keys[0, 0] == keys[1, 0]), bool(keys[0, 1] == keys[1, 1])
    ((2, 2), True, False)
    """
    matrix = _check_matrix(matrix)
    bands = _check_count("bands", bands)
    rows = _check_count("rows", rows)
    n, num_perm = matrix.shape
    if bands * rows > num_perm:
        raise ParameterError(
            f"bands * rows must be <= num_perm ({num_perm}), got {bands} * {rows} = {bands * rows}"
        )
    width = bands * rows
    keys = np.empty((n, bands), dtype=np.uint64)
    for start in range(0, n, _KEY_CHUNK):
        # (m, bands, rows) view of this chunk's bands: splitting the last axis needs no copy
        block = matrix[start : start + _KEY_CHUNK, :width].reshape(-1, bands, rows)
        h = np.full(block.shape[:2], _KEY_SEED, dtype=np.uint64)
        for k in range(0, rows, 2):
            word = block[:, :, k].astype(np.uint64)
            if k + 1 < rows:
                word |= block[:, :, k + 1].astype(np.uint64) << _S32
            h ^= word
            _fmix64_inplace(h)
        keys[start : start + len(block)] = h
    return keys


def _check_matrix(matrix: object) -> np.ndarray:
    if not isinstance(matrix, np.ndarray):
        hint = ": pass Signatures.matrix" if hasattr(matrix, "matrix") else ""
        raise ParameterError(f"matrix must be a numpy.ndarray, got {type(matrix).__name__}{hint}")
    if matrix.ndim != 2:
        raise ParameterError(f"matrix must be 2-D (n, num_perm), got shape {matrix.shape}")
    if matrix.dtype != np.uint32:
        raise ParameterError(f"matrix must be uint32, got {matrix.dtype}")
    return matrix


def _check_count(name: str, value: object, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ParameterError(f"{name} must be an int >= {low}, got {value!r}")
    if value < low:
        raise ParameterError(f"{name} must be >= {low}, got {value}")
    return int(value)


# --------------------------------------------------------------------------- candidate_pairs


@dataclass(frozen=True, eq=False)
class CandidatePairs:
    """Pairs of rows sharing a band key, and the buckets too large to expand.

    Attributes
    ----------
    i, j:
        int64 arrays of equal length, ``i < j``, each pair once, sorted by ``(i, j)``.
    capped_buckets:
        Buckets (a band and a key shared by more than ``max_bucket`` rows) that
        were not expanded into pairs; the same group of rows capped in several
        bands counts once per band.
    largest_bucket:
        Rows in the largest bucket seen, capped or not (0 when there are no rows).
    capped:
        Boolean mask over rows: True for rows in at least one capped bucket.
        Such a row can still be in pairs found through other bands.
    """

    i: np.ndarray
    j: np.ndarray
    capped_buckets: int
    largest_bucket: int
    capped: np.ndarray

    def __len__(self) -> int:
        return len(self.i)


def candidate_pairs(
    keys: np.ndarray, *, exclude: np.ndarray | None = None, max_bucket: int | None = None
) -> CandidatePairs:
    """All pairs of rows that share a key in at least one band.

    Per band, the keys are sorted, runs of equal keys found, and every pair in
    a run emitted (compiled with numba, see :func:`simcompare._core.candidate_pairs`,
    whose engine ``SIMCOMPARE_ENGINE`` picks); pairs found in several bands are
    merged so each appears once. Besides a few arrays of ``n`` per band, the
    peak is 8 bytes for every distinct pair found so far, twice, plus 8 for
    every pair of the current band; the result holds 16 bytes per pair. The
    number of pairs is what ``max_bucket`` bounds: a million rows in 20 bands
    with 100,000 duplicate rows needs under 100 MB beyond the keys.

    Parameters
    ----------
    keys:
        ``(n, bands)`` keys from :func:`band_keys` (any integer dtype).
    exclude:
        Optional boolean mask of ``n`` rows never to pair, e.g.
        ``Signatures.empty``: texts without words all share one signature.
    max_bucket:
        Optional int >= 2. A bucket with more rows than this (say, hundreds of
        boilerplate-only pages) is not expanded into its ``m * (m - 1) / 2``
        pairs; it is counted in ``capped_buckets`` and its rows marked in
        ``capped``. ``None`` expands every bucket.

    Returns
    -------
    CandidatePairs

    Raises
    ------
    ParameterError
        If ``keys``, ``exclude`` or ``max_bucket`` has the wrong shape, type or range.

    Examples
    --------
    >>> keys = np.array([[1, 7], [1, 8], [2, 8], [3, 9]], dtype=np.uint64)
    >>> found = candidate_pairs(keys)
    >>> found.i.tolist(), found.j.tolist()
    ([0, 1], [1, 2])
    >>> found = candidate_pairs(np.zeros((4, 1), dtype=np.uint64), max_bucket=3)
    >>> len(found), found.capped_buckets, found.largest_bucket
    (0, 1, 4)
    """
    if not isinstance(keys, np.ndarray) or keys.ndim != 2:
        raise ParameterError(f"keys must be a 2-D (n, bands) numpy array, got {_describe(keys)}")
    if keys.dtype.kind not in "iu":
        raise ParameterError(f"keys must have an integer dtype, got {keys.dtype}")
    n = keys.shape[0]
    if n > _MAX_ROWS:
        raise ParameterError(f"candidate_pairs handles at most {_MAX_ROWS} rows, got {n}")
    if exclude is not None:
        exclude = np.asarray(exclude)
        if exclude.dtype != np.bool_ or exclude.shape != (n,):
            raise ParameterError(
                f"exclude must be a boolean array of shape ({n},), got {exclude.dtype} {exclude.shape}"
            )
    if max_bucket is not None:
        max_bucket = _check_count("max_bucket", max_bucket, low=2)
    return CandidatePairs(*core_candidate_pairs(keys, exclude=exclude, max_bucket=max_bucket))


# A pair is coded as i * n + j in one int64, so sorting codes sorts pairs by
# (i, j); that needs n * n < 2**63.
_MAX_ROWS = 3_037_000_499


def _describe(value: object) -> str:
    shape = getattr(value, "shape", None)
    return f"{type(value).__name__} of shape {shape}" if shape is not None else type(value).__name__
