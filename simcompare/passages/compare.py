"""Two-document comparison: similarity, shared passages, coverage, verdict.

Verdicts, in order of precedence:

``duplicate``
    Exact Jaccard of the word-shingle sets >= ``DUPLICATE_JACCARD`` (0.8), or
    shared passages cover at least ``DUPLICATE_COVERAGE`` (80 %) of the words of
    *both* texts: the same article, lightly edited.
``partial_reuse``
    At least one shared passage is prose: one text carries wording of the other
    beyond quotations (wire copy, a reused paragraph).
``shared_quotes``
    Every shared passage lies inside quotation marks in both texts: both quote
    the same source (an agency statement, a speech), which is not copying.
``unrelated``
    No shared passage of ``min_words`` words or more.
"""

from __future__ import annotations

import numpy as np

from ..sketch.shingles import window_hashes
from ..sketch.signature import sign
from ..text.credits import Names, find_credits
from .align import (
    DEFAULT_MAX_GAP,
    DEFAULT_MIN_WORDS,
    Progress,
    Tokens,
    align_tokens,
    check_options,
    no_progress,
    tokens_of,
    words_in,
)
from .records import Comparison, Passage, Similarity, TextInfo

__all__ = ["compare", "DUPLICATE_JACCARD", "DUPLICATE_COVERAGE"]

DUPLICATE_JACCARD = 0.8
DUPLICATE_COVERAGE = 0.8


def _coverage(tokens: Tokens, spans: list[tuple[int, int]]) -> float:
    """Share of the words of a text that lie inside the given spans."""
    return sum(words_in(tokens, start, end) for start, end in spans) / len(tokens)


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by a sort: numpy's hash-based unique of 64-bit
    values is several times slower on millions of them."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _verdict(similarity: Similarity, passages: list[Passage], coverage_a: float, coverage_b: float) -> str:
    if similarity.jaccard >= DUPLICATE_JACCARD or min(coverage_a, coverage_b) >= DUPLICATE_COVERAGE:
        return "duplicate"
    if any(p.kind == "prose" for p in passages):
        return "partial_reuse"
    if passages:
        return "shared_quotes"
    return "unrelated"


def compare(
    a: str,
    b: str,
    *,
    min_words: int = DEFAULT_MIN_WORDS,
    max_gap: int = DEFAULT_MAX_GAP,
    shingle_size: int = 5,
    num_perm: int = 128,
    seed: int = 1,
    paths: tuple[str | None, str | None] = (None, None),
    names: Names | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Compare two texts: how similar they are, what they share, and a verdict.

    Parameters
    ----------
    a, b:
        The texts, as given.
    min_words, max_gap:
        Passage options, as for :func:`simcompare.align`.
    shingle_size, num_perm, seed:
        Shingles for the exact Jaccard and containment, and the signature
        parameters of the MinHash estimate, as for :func:`simcompare.sign`.
    paths:
        Where the texts came from, reported in the result.
    names:
        Which outlet names a credit may name (:class:`simcompare.text.Names`); by default the news
        agencies of :data:`simcompare.text.AGENCIES`.
    progress:
        Called as ``progress(stage, done, total)`` as the work goes on, as
        for :func:`simcompare.align`; None: not called.

    Returns
    -------
    Comparison
        ``similarity`` (exact Jaccard, containment both ways, MinHash estimate),
        ``passages``, ``coverage_a``/``coverage_b`` (share of each text's words
        inside shared passages), ``verdict`` (see the module docstring) and
        ``credits_a``/``credits_b``, the sources each text names.

    Raises
    ------
    EmptyTextError
        If either text has no words.

    Examples
    --------
    >>> wire = "The vote was postponed until next spring because of the storm, officials said."
    >>> paper = "Bad news for the mayor. " + wire + " She did not comment on the delay."
    >>> c = compare(wire, paper)
    >>> c.verdict, len(c.passages), c.coverage_a, round(c.coverage_b, 2)
    ('partial_reuse', 1, 1.0, 0.52)
    >>> [(x.name, x.text) for x in compare(wire, paper + " (Reuters)").credits_b]
    [('Reuters', '(Reuters)')]
    """
    check_options(min_words, max_gap)
    progress = progress or no_progress
    progress("tokenising", 0, 2)
    ta = tokens_of(a, name="a")
    progress("tokenising", 1, 2)
    tb = tokens_of(b, name="b")
    passages = align_tokens(ta, tb, min_words=min_words, max_gap=max_gap, progress=progress)
    progress("measuring similarity", 0, 2)
    sa = _distinct(window_hashes(ta.hashes, shingle_size))
    sb = _distinct(window_hashes(tb.hashes, shingle_size))
    shared = len(np.intersect1d(sa, sb, assume_unique=True))
    progress("measuring similarity", 1, 2)
    similarity = Similarity(
        jaccard=shared / (len(sa) + len(sb) - shared),
        containment_a_in_b=shared / len(sa),
        containment_b_in_a=shared / len(sb),
        minhash=sign([a, b], num_perm=num_perm, shingle_size=shingle_size, seed=seed).jaccard(0, 1),
    )
    coverage_a = _coverage(ta, [(p.a_start, p.a_end) for p in passages])
    coverage_b = _coverage(tb, [(p.b_start, p.b_end) for p in passages])
    progress("measuring similarity", 2, 2)
    return Comparison(
        a=TextInfo(path=paths[0], chars=len(a), words=len(ta)),
        b=TextInfo(path=paths[1], chars=len(b), words=len(tb)),
        similarity=similarity,
        passages=passages,
        coverage_a=coverage_a,
        coverage_b=coverage_b,
        verdict=_verdict(similarity, passages, coverage_a, coverage_b),
        credits_a=find_credits(a, names=names),
        credits_b=find_credits(b, names=names),
        parameters={
            "min_words": min_words,
            "max_gap": max_gap,
            "shingle_size": shingle_size,
            "num_perm": num_perm,
            "seed": seed,
        },
    )
