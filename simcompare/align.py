"""Passage alignment: every passage two texts share, to the character.

1. Tokenise both texts (words with spans in the original text and 64-bit
   hashes of their normalised forms, so case, curly quotes and apostrophes
   don't matter).
2. Seed: every run of ``SEED_WORDS`` words of ``a`` that also occurs in ``b``
   (stock phrases that repeat more than ``MAX_REPEAT`` times in ``b`` are
   skipped).
3. Chain seeds along the diagonals, tolerating up to ``max_gap`` inserted,
   deleted or changed words between them (WCopyfind's "imperfections",
   passim's gap): one chain, one candidate passage. Reordered and repeated
   passages make chains of their own.
4. Widen each chain over matching words at its edges, measure it with
   rapidfuzz's ``Indel`` (LCS) on the token lists, keep those with at least
   ``min_words`` aligned words, and let the longest win where two overlap.
5. Map token spans back to code-point offsets of the original texts and mark
   passages that lie mostly inside quotation marks in both texts as quotes.

Nothing is quadratic in the longer text: seeds are looked up by binary
search and rapidfuzz only sees the chains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from ._core import find_regions, token_spans
from ._core._regions import seeds
from .errors import EmptyTextError, ParameterError, TextTypeError
from .records import Passage

__all__ = ["align", "Tokens", "tokens_of", "DEFAULT_MIN_WORDS", "DEFAULT_MAX_GAP"]

DEFAULT_MIN_WORDS = 6
DEFAULT_MAX_GAP = 4
SEED_WORDS = 3
MAX_REPEAT = 16
# A passage is a quote when at least this share of it lies inside quotation
# marks in both texts.
QUOTE_SHARE = 0.5


@dataclass(frozen=True, eq=False)
class Tokens:
    """A text with its tokens: spans in the original text and hashes."""

    text: str
    starts: np.ndarray
    ends: np.ndarray
    hashes: np.ndarray

    def __len__(self) -> int:
        return len(self.hashes)


def tokens_of(text: str, *, name: str = "text") -> Tokens:
    """Tokenise ``text`` for alignment; raise unless it has words.

    Raises
    ------
    TextTypeError
        If ``text`` is not a ``str``.
    EmptyTextError
        If ``text`` has no words.
    """
    if not isinstance(text, str):
        raise TextTypeError(name, text)
    starts, ends, hashes = token_spans(text)
    if len(hashes) == 0:
        raise EmptyTextError(name)
    return Tokens(text, starts, ends, hashes)


def _check_options(min_words: int, max_gap: int) -> None:
    for option, value, low in (("min_words", min_words, 1), ("max_gap", max_gap, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ParameterError(f"{option} must be an int >= {low}, got {value!r}")


def _widen(a: np.ndarray, b: np.ndarray, a0: int, a1: int, b0: int, b1: int) -> tuple[int, int, int, int]:
    """Grow a chain over equal words at its edges, stepping over one changed
    word when the word beyond it matches again."""
    while True:
        if a0 > 0 and b0 > 0 and a[a0 - 1] == b[b0 - 1]:
            a0, b0 = a0 - 1, b0 - 1
        elif a0 > 1 and b0 > 1 and a[a0 - 2] == b[b0 - 2]:
            a0, b0 = a0 - 2, b0 - 2
        else:
            break
    while True:
        if a1 < len(a) and b1 < len(b) and a[a1] == b[b1]:
            a1, b1 = a1 + 1, b1 + 1
        elif a1 + 1 < len(a) and b1 + 1 < len(b) and a[a1 + 1] == b[b1 + 1]:
            a1, b1 = a1 + 2, b1 + 2
        else:
            break
    return a0, a1, b0, b1


class _Quotes:
    """Which characters of a text lie inside double quotation marks.

    Curly quotes open and close explicitly; a straight ``"`` toggles. A line
    break closes any open quote, since news style reopens a quotation that
    runs on into a new paragraph.
    """

    _MARKS = re.compile(r'["\u201c\u201d\u201e\u00ab\u00bb\n]')

    def __init__(self, text: str):
        inside = np.zeros(len(text) + 1, dtype=np.int64)
        opened = -1
        for match in self._MARKS.finditer(text):
            c, at = match.group(), match.start()
            if c in "\u201c\u201e\u00ab" or (c == '"' and opened < 0):
                opened = at
            elif opened >= 0:  # closing mark, or a line break inside a quote
                inside[opened] += 1
                inside[at + 1] -= 1
                opened = -1
        if opened >= 0:
            inside[opened] += 1
            inside[len(text)] -= 1
        self._prefix = np.concatenate(([0], np.cumsum(np.cumsum(inside)[:-1] > 0)))

    def share(self, start: int, end: int) -> float:
        """Share of ``[start, end)`` inside quotation marks."""
        return float(self._prefix[end] - self._prefix[start]) / max(end - start, 1)


def align_tokens(
    ta: Tokens, tb: Tokens, *, min_words: int = DEFAULT_MIN_WORDS, max_gap: int = DEFAULT_MAX_GAP
) -> list[Passage]:
    """:func:`align` on already tokenised texts (lets :func:`compare` tokenise once)."""
    q = min(SEED_WORDS, min_words)
    regions = find_regions(seeds(ta.hashes, q), seeds(tb.hashes, q), q, max_gap, MAX_REPEAT)
    a_ids = ta.hashes.tolist()
    b_ids = tb.hashes.tolist()
    candidates = []
    for a0, a1, b0, b1, _ in regions.tolist():
        a0, a1, b0, b1 = _widen(a_ids, b_ids, a0, a1, b0, b1)
        if min(a1 - a0, b1 - b0) < min_words:
            continue
        sa, sb = a_ids[a0:a1], b_ids[b0:b1]
        aligned = (len(sa) + len(sb) - Indel.distance(sa, sb)) // 2
        if aligned < min_words:
            continue
        candidates.append((aligned, a0, a1, b0, b1))

    # The longest passages win; a shorter one overlapping them in either text goes.
    candidates.sort(key=lambda c: (-c[0], c[1], c[3]))
    taken_a = np.zeros(len(a_ids), dtype=bool)
    taken_b = np.zeros(len(b_ids), dtype=bool)
    kept = []
    for aligned, a0, a1, b0, b1 in candidates:
        if taken_a[a0:a1].any() or taken_b[b0:b1].any():
            continue
        taken_a[a0:a1] = True
        taken_b[b0:b1] = True
        kept.append((aligned, a0, a1, b0, b1))
    kept.sort(key=lambda c: (c[1], c[3]))

    quotes_a = _Quotes(ta.text) if kept else None
    quotes_b = _Quotes(tb.text) if kept else None
    passages = []
    for aligned, a0, a1, b0, b1 in kept:
        a_start, a_end = int(ta.starts[a0]), int(ta.ends[a1 - 1])
        b_start, b_end = int(tb.starts[b0]), int(tb.ends[b1 - 1])
        quoted = min(quotes_a.share(a_start, a_end), quotes_b.share(b_start, b_end)) >= QUOTE_SHARE
        passages.append(
            Passage(
                a_start=a_start,
                a_end=a_end,
                b_start=b_start,
                b_end=b_end,
                score=float(Indel.normalized_similarity(a_ids[a0:a1], b_ids[b0:b1])),
                a_text=ta.text[a_start:a_end],
                b_text=tb.text[b_start:b_end],
                kind="quote" if quoted else "prose",
                words=aligned,
            )
        )
    return passages


def align(
    a: str, b: str, *, min_words: int = DEFAULT_MIN_WORDS, max_gap: int = DEFAULT_MAX_GAP
) -> list[Passage]:
    """Every passage texts ``a`` and ``b`` share.

    Parameters
    ----------
    a, b:
        The two texts, as given: offsets in the result index into them.
    min_words:
        Fewest words of ``a`` aligned with words of ``b`` for a passage to count.
    max_gap:
        Most words inserted, deleted or changed in a row inside a passage; a
        longer difference splits it in two.

    Returns
    -------
    list[Passage]
        In order of ``a_start``; passages never overlap each other in ``a``
        nor in ``b``. ``a[p.a_start:p.a_end] == p.a_text``.

    Raises
    ------
    EmptyTextError
        If either text has no words.
    TextTypeError
        If either text is not a ``str``.
    ParameterError
        If ``min_words < 1`` or ``max_gap < 0``.

    Examples
    --------
    >>> a = 'Kim said the success was "achieved by the far-sighted leadership of the Party".'
    >>> b = 'The “shining success achieved by the far-sighted leadership of the Party,” KCNA said.'
    >>> [(p.kind, p.words, p.a_text) for p in align(a, b)]
    [('quote', 9, 'achieved by the far-sighted leadership of the Party')]
    """
    _check_options(min_words, max_gap)
    return align_tokens(tokens_of(a, name="a"), tokens_of(b, name="b"), min_words=min_words, max_gap=max_gap)
