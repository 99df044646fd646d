"""The options of a dedup run, checked once and shared by the local and the Dask runner."""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

from ..errors import ParameterError
from ..params import SignatureParams
from ..sketch.anchors import SHINGLE_ANCHOR
from ..sketch.lsh import RECALL, recall_params

__all__ = ["DedupOptions", "MODES"]

MODES = ("near", "reuse")


@dataclass(frozen=True)
class DedupOptions:
    """What a dedup run finds and how: checked on creation, with the banding filled in.

    Attributes
    ----------
    threshold:
        Jaccard similarity of word-shingle sets (0.0-1.0] from which two
        documents are near-duplicates.
    mode:
        ``"near"`` (near-duplicate documents) or ``"reuse"`` (every pair
        sharing a passage of at least ``min_words`` words).
    min_words:
        Reuse mode: fewest aligned words in a shared passage, at least 5.
    num_perm, shingle_size, seed:
        Signature parameters, as for :class:`simcompare.params.SignatureParams`.
    bands, rows:
        LSH banding: both given, or neither, and then derived from
        ``threshold`` by :func:`simcompare.sketch.lsh.recall_params`: a pair
        whose exact Jaccard is at the threshold becomes a candidate with
        probability >= 0.99 (above it, higher), at the fewest candidates
        (verification removes the false positives). After creation both are set, so
        ``dataclasses.replace(options, threshold=...)`` keeps the banding
        unless it is given ``bands=None, rows=None`` too.
    fast:
        Keep the signature estimate of the Jaccard instead of verifying exactly
        (the threshold then applies to the estimate, whose noise loses some
        pairs near it; otherwise it applies to the exact Jaccard).
    boilerplate:
        Leave out shingles found in more than this share (0.0-1.0) of the
        sampled documents; None keeps every shingle.
    params:
        The :class:`~simcompare.params.SignatureParams` of ``num_perm``,
        ``shingle_size`` and ``seed`` (set on creation).

    Raises
    ------
    ParameterError
        For an option out of range, saying what was expected and what was given.

    Examples
    --------
    >>> options = DedupOptions(threshold=0.8)
    >>> options.bands, options.rows, options.params.num_perm
    (16, 6, 128)
    >>> DedupOptions(threshold=1.5)
    Traceback (most recent call last):
    ...
    simcompare.errors.ParameterError: threshold must be in (0, 1], got 1.5
    """

    threshold: float = 0.8
    mode: str = "near"
    min_words: int = 50
    num_perm: int = 128
    shingle_size: int = 5
    seed: int = 1
    bands: int | None = None
    rows: int | None = None
    fast: bool = False
    boilerplate: float | None = 0.01
    params: SignatureParams = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        threshold, boilerplate = self.threshold, self.boilerplate
        if not _is_number(threshold) or not 0.0 < threshold <= 1.0:
            raise ParameterError(f"threshold must be in (0, 1], got {threshold!r}")
        if self.mode not in MODES:
            raise ParameterError(f"mode must be 'near' or 'reuse', got {self.mode!r}")
        min_words = self.min_words
        if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < SHINGLE_ANCHOR:
            raise ParameterError(f"min_words must be an int >= {SHINGLE_ANCHOR}, got {min_words!r}")
        if boilerplate is not None and (not _is_number(boilerplate) or not 0.0 < boilerplate < 1.0):
            raise ParameterError(f"boilerplate must be in (0, 1), or none to keep every shingle; got {boilerplate!r}")
        if not isinstance(self.fast, bool):
            raise ParameterError(f"fast must be True or False, got {self.fast!r}")
        object.__setattr__(self, "params", SignatureParams(num_perm=self.num_perm, shingle_size=self.shingle_size,
                                                           seed=self.seed))
        bands, rows = self.bands, self.rows
        if (bands is None) != (rows is None):
            raise ParameterError("give both bands and rows, or neither; got "
                                 + (f"{bands} bands and no rows" if rows is None else f"{rows} rows and no bands"))
        if bands is None:
            # Verification (exact Jaccard) weeds out false positives, so banding is chosen for recall: a pair at
            # the threshold becomes a candidate with probability >= RECALL, at the fewest candidates that does it.
            bands, rows = recall_params(threshold, self.num_perm, recall=RECALL)
        if not (_is_int(bands) and _is_int(rows)) or bands * rows > self.num_perm or bands < 1 or rows < 1:
            raise ParameterError(f"bands * rows must be <= num_perm ({self.num_perm}), got {bands} * {rows}")
        object.__setattr__(self, "bands", int(bands))
        object.__setattr__(self, "rows", int(rows))


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)
