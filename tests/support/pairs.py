"""Synthetic text pairs with planted shared passages and exact ground truth.

Each pair is two otherwise unrelated synthetic articles (``tests.support.synth``)
into which the same 1-3 passages, whole sentences taken from other articles,
are inserted at sentence boundaries. In ``a`` each passage is copied verbatim;
in ``b`` it gets word edits (substitutions, insertions and deletions in equal
parts) and, by default, the passages appear in a different order.

Ground truth is recorded as half-open ``[start, end)`` offsets in Python ``str``
indices (Unicode code points) of the final texts: ``pair.a[p.a_start:p.a_end]``
is the passage as inserted in ``a`` and ``pair.b[p.b_start:p.b_end]`` its
edited copy in ``b``.

Everything is a pure function of the arguments. The layout of pair ``i`` (which
articles, which passages, where they go, their order in ``b``) depends only on
``seed``, ``i`` and the size options, not on ``edit_rate``: with the same seed,
pairs at different edit rates differ only by the edits, so a metric's change
across edit rates is down to the edits alone. ``make_pairs(n)`` is a prefix of
``make_pairs(m)`` for ``n < m``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .synth import _edit_words, _language, _sentences, iter_texts

__all__ = ["PlantedPassage", "PlantedPair", "Span", "make_pairs"]

Span = tuple[int, int, int, int]
"""``(a_start, a_end, b_start, b_end)``: half-open code-point offsets into a pair's texts."""

# Random streams per pair: the layout must not depend on the edit rate.
_LAYOUT_STREAM = 0
_EDIT_STREAM = 1


@dataclass(frozen=True)
class PlantedPassage:
    """One planted passage and where it ended up in both texts.

    Attributes
    ----------
    a_start, a_end
        ``pair.a[a_start:a_end] == source``.
    b_start, b_end
        ``pair.b[b_start:b_end] == copy``.
    source
        The passage as taken from its source article (whole sentences).
    copy
        ``source`` after the word edits (``source`` itself at edit rate 0).
    words
        Whitespace-separated words in ``source``.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    source: str
    copy: str
    words: int

    @property
    def span(self) -> Span:
        """``(a_start, a_end, b_start, b_end)``."""
        return (self.a_start, self.a_end, self.b_start, self.b_end)


@dataclass(frozen=True)
class PlantedPair:
    """Two texts sharing planted passages.

    Attributes
    ----------
    a, b
        The texts; ``b`` holds the edited copies.
    passages
        The planted passages in the order they appear in ``a``.
    edit_rate
        Word edits per source word applied to each copy in ``b``.
    index
        Position of the pair in :func:`make_pairs`'s output (it seeds the layout).
    """

    a: str
    b: str
    passages: tuple[PlantedPassage, ...]
    edit_rate: float
    index: int

    @property
    def spans(self) -> list[Span]:
        """Ground-truth spans of every passage, in ``a`` order."""
        return [p.span for p in self.passages]


def make_pairs(
    n_pairs: int,
    *,
    seed: int,
    edit_rate: float,
    passages_per_pair: tuple[int, int] = (1, 3),
    passage_words: tuple[int, int] = (20, 300),
    doc_words: int = 600,
    reorder: bool = True,
) -> list[PlantedPair]:
    """Generate text pairs with planted, edited, optionally reordered shared passages.

    Parameters
    ----------
    n_pairs
        Number of pairs.
    seed
        Non-negative seed. The same arguments always give the same pairs, and
        pairs at different ``edit_rate`` with the same seed share their layout.
    edit_rate
        Word edits per source word applied to each passage's copy in ``b``
        (``round(edit_rate * words)`` edits, substitutions, insertions and
        deletions in equal parts; only bare lower-case words are touched, so
        punctuation, quotes and capitals survive).
    passages_per_pair
        Inclusive range of the number of passages per pair (drawn uniformly).
    passage_words
        Inclusive range of a passage's length in words. A target is drawn
        log-uniformly (short and long passages equally represented) and whole
        sentences are taken to come as close to it as the range allows. A
        source article has 80-120% of ``doc_words`` words, so a range beyond
        that is cut short by the source.
    doc_words
        Mean length of the two host articles and the source articles.
    reorder
        If true, pairs with two or more passages have them in a different order
        in ``b`` than in ``a``.

    Returns
    -------
    list[PlantedPair]
        The pairs, each with exact ground-truth offsets.
    """
    lo_k, hi_k = passages_per_pair
    lo_w, hi_w = passage_words
    if n_pairs < 0:
        raise ValueError(f"n_pairs must be >= 0, got {n_pairs}")
    if not 1 <= lo_k <= hi_k:
        raise ValueError(f"passages_per_pair must satisfy 1 <= lo <= hi, got {passages_per_pair}")
    if not 1 <= lo_w <= hi_w:
        raise ValueError(f"passage_words must satisfy 1 <= lo <= hi, got {passage_words}")
    if not 0.0 <= edit_rate <= 1.0:
        raise ValueError(f"edit_rate must be in [0, 1], got {edit_rate}")
    # One text stream, a fixed number of texts per pair (two hosts, hi_k sources),
    # so pair i always uses the same texts whatever n_pairs is.
    per_pair = 2 + hi_k
    texts = list(iter_texts(n_pairs * per_pair, seed=seed, words_per_doc=doc_words))
    lang = _language()
    pairs = []
    for i in range(n_pairs):
        group = texts[i * per_pair : (i + 1) * per_pair]
        layout = np.random.default_rng([seed, i, _LAYOUT_STREAM])
        edits = np.random.default_rng([seed, i, _EDIT_STREAM])
        k = int(layout.integers(lo_k, hi_k + 1))
        sources = [_pick_passage(src, passage_words, layout) for src in group[2 : 2 + k]]
        order = _b_order(k, layout, reorder=reorder)
        a_at = _insertion_points(group[0], k, layout)
        b_at = _insertion_points(group[1], k, layout)
        copies = [_edit_words(s, edit_rate, edits, lang) for s in sources]
        a, a_spans = _insert(group[0], a_at, sources)
        b, b_spans_in_b_order = _insert(group[1], b_at, [copies[j] for j in order])
        b_spans = [None] * k
        for slot, j in enumerate(order):
            b_spans[j] = b_spans_in_b_order[slot]
        passages = tuple(
            PlantedPassage(*a_spans[j], *b_spans[j], source=sources[j], copy=copies[j],
                           words=len(sources[j].split()))
            for j in range(k)
        )
        pairs.append(PlantedPair(a=a, b=b, passages=passages, edit_rate=edit_rate, index=i))
    return pairs


def _pick_passage(text: str, words: tuple[int, int], rng: np.random.Generator) -> str:
    """Whole sentences of ``text`` whose length is close to a log-uniform target.

    Parameters
    ----------
    text
        Source article.
    words
        Inclusive ``(lo, hi)`` range of passage length in words.
    rng
        Source of randomness; advanced in place.

    Returns
    -------
    str
        The passage: it starts at a sentence start and ends at a sentence end
        (with its full stop or closing quote), so it reads as whole sentences
        wherever it is inserted.
    """
    lo, hi = words
    sents = _sentences(text, 0, len(text))
    counts = [len(text[s:e].split()) for s, e in sents]
    # A passage may start only where at least `lo` words remain (if none does,
    # the article is too short: take it from its start).
    suffix = np.cumsum(counts[::-1])[::-1]
    candidates = np.flatnonzero(suffix >= lo)
    first = int(rng.choice(candidates)) if len(candidates) else 0
    target = math.exp(rng.uniform(math.log(lo), math.log(hi)))
    last, n = first, counts[first]
    while n < target and last + 1 < len(sents):
        last += 1
        n += counts[last]
    # The last sentence overshot: drop it if that lands closer to the target
    # (or back inside the range) without going below `lo`.
    shorter = n - counts[last]
    if last > first and shorter >= lo and (n > hi or target - shorter < n - target):
        last -= 1
    return text[sents[first][0] : sents[last][1]]


def _b_order(k: int, rng: np.random.Generator, *, reorder: bool) -> list[int]:
    """The order of the passages in ``b``: ``order[slot]`` is the passage at ``slot``.

    With ``reorder`` and ``k >= 2`` the order always differs from ``a``'s
    (the identity), so a monotone aligner cannot get every passage right.
    """
    identity = list(range(k))
    if not reorder or k < 2:
        return identity
    while True:
        order = rng.permutation(k).tolist()
        if order != identity:
            return order


def _insertion_points(host: str, k: int, rng: np.random.Generator) -> list[int]:
    """``k`` distinct sentence starts of ``host``, ascending.

    Distinct starts keep at least one host sentence between two passages, so
    two planted passages are never adjacent in a host.
    """
    starts = [s for s, _ in _sentences(host, 0, len(host))]
    if len(starts) < k:
        raise ValueError(f"host article has {len(starts)} sentences, need {k}; raise doc_words")
    return sorted(rng.choice(starts, size=k, replace=False).tolist())


def _insert(host: str, at: Sequence[int], pieces: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Insert ``pieces[i] + " "`` into ``host`` before offset ``at[i]``.

    Parameters
    ----------
    host
        The text to insert into.
    at
        Strictly increasing offsets into ``host`` (sentence starts).
    pieces
        Texts to insert, one per offset.

    Returns
    -------
    tuple[str, list[tuple[int, int]]]
        The new text and each piece's ``(start, end)`` in it (the added space
        is not part of the span).
    """
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = length = 0
    for offset, piece in zip(at, pieces):
        out.append(host[pos:offset])
        length += offset - pos
        spans.append((length, length + len(piece)))
        out.append(piece + " ")
        length += len(piece) + 1
        pos = offset
    out.append(host[pos:])
    return "".join(out), spans
