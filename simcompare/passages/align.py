"""Passage alignment: every passage two texts share, to the character.

1. Tokenise both texts (words with spans in the original text and 64-bit
   hashes of their normalised forms, so case, curly quotes and apostrophes
   don't matter).
2. Seed: every run of ``SEED_WORDS`` words of ``a`` that also occurs in ``b``
   (stock phrases that repeat more than ``MAX_REPEAT`` times in ``b`` are
   skipped).
3. Chain seeds along the diagonals, tolerating up to ``max_gap`` inserted,
   deleted or changed words between them (WCopyfind's "imperfections",
   passim's gap): one chain, one piece of a passage. Reordered and repeated
   passages make chains of their own.
4. Drop echoes (chains whose words in one text all lie inside a longer
   chain's, mapped to a repeat of them elsewhere), then join the fragments
   an edited passage breaks into (``passages._fragments``): a chain
   continues the passage it follows in both texts, at most ``JOIN_SPAN``
   words on, when the stretches between them differ in length by at most
   ``join_gap`` words and word for word at most ``join_gap`` in a row
   (``2 * max_gap`` unless given). Grow each passage's edges over matching
   words and through up to ``max_gap`` edited words where two words beyond
   match again (one, for a single edited word at a sentence break), measure
   it with rapidfuzz's ``Indel`` (LCS) on the token lists, keep those with at
   least ``min_words`` aligned words, and let the longest win where two
   overlap.
5. Map token spans back to code-point offsets of the original texts and mark
   passages that lie mostly inside quotation marks in both texts as quotes.

Nothing is quadratic in the longer text: seeds are looked up by binary
search, a chain is checked only against the passages still open near it,
and rapidfuzz only sees the chains and the words between them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from .._core import find_regions, seeds, token_spans
from ..errors import EmptyTextError, ParameterError, TextTypeError
from ._fragments import drop_echoes, extend_edges, join_fragments
from .records import Passage

__all__ = ["align", "align_tokens", "check_options", "Tokens", "tokens_of", "words_in", "token_ids", "Progress",
           "no_progress", "DEFAULT_MIN_WORDS", "DEFAULT_MAX_GAP"]

#: ``progress(stage, done, total)``: called as a long alignment goes on, with
#: what it is doing ("tokenising", "aligning", ...) and how far it is.
Progress = Callable[[str, int, int], None]
# Candidates checked between two calls of ``progress``.
PROGRESS_EVERY = 512


def no_progress(stage: str, done: int, total: int) -> None:
    """The :data:`Progress` callback that does nothing.

    Parameters
    ----------
    stage, done, total:
        What the work is doing, and how far it is (``done`` of ``total``).

    Returns
    -------
    None

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> no_progress("aligning", 1, 2)
    """

DEFAULT_MIN_WORDS = 6
DEFAULT_MAX_GAP = 4
SEED_WORDS = 3
MAX_REPEAT = 16
# A passage is a quote when at least this share of it lies inside quotation
# marks in both texts.
QUOTE_SHARE = 0.5
# Fragments of a passage join across differences up to this many times
# max_gap: the best in the sweep of benchmarks/bench_alignment.py --sweep
# (long passages at 0-30 % edits, synthetic and real news, without losing
# precision on passages that follow each other with other text between).
JOIN_GAP_FACTOR = 2


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


def words_in(tokens: Tokens, start: int, end: int) -> int:
    """Number of words of a tokenised text that lie wholly inside ``[start, end)``."""
    first = np.searchsorted(tokens.starts, start, side="left")
    last = np.searchsorted(tokens.ends, end, side="right")
    return max(0, int(last - first))


def check_options(min_words: int, max_gap: int, *, join_gap: int | None = None) -> None:
    """Raise :class:`ParameterError` unless ``min_words >= 1`` and ``max_gap >= 0`` are ints
    and ``join_gap`` is None or an int >= 0.

    Every caller of :func:`align_tokens` (compare, sources, dedup) checks its options here, so the
    messages are the same everywhere.

    Parameters
    ----------
    min_words, max_gap, join_gap:
        The options of :func:`align`.

    Returns
    -------
    None

    Raises
    ------
    ParameterError
        Naming the option, what it must be and the value given.

    Examples
    --------
    >>> check_options(6, 4)
    >>> check_options(0, 4)
    Traceback (most recent call last):
    ...
    simcompare.errors.ParameterError: min_words must be an int >= 1, got 0
    >>> check_options(6, 4, join_gap=-1)
    Traceback (most recent call last):
    ...
    simcompare.errors.ParameterError: join_gap must be None or an int >= 0, got -1
    """
    for option, value, low in (("min_words", min_words, 1), ("max_gap", max_gap, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ParameterError(f"{option} must be an int >= {low}, got {value!r}")
    if join_gap is not None and (isinstance(join_gap, bool) or not isinstance(join_gap, int) or join_gap < 0):
        raise ParameterError(f"join_gap must be None or an int >= 0, got {join_gap!r}")


# Characters between two words that end a sentence before the second word
# (-1) or after the first (1): a reused passage usually starts and ends there.
_SENTENCE_BREAKS = {-1: frozenset(".!?\n\u201c\u201e\u00ab"), 1: frozenset(".!?\n\u201d\u00bb")}


def _at_break(tokens: Tokens, k: int, direction: int) -> bool:
    """Whether a sentence break (or the text's edge) separates token ``k`` from the next one in ``direction``."""
    other = k + direction
    if other < 0 or other >= len(tokens):
        return True
    lo, hi = (tokens.ends[other], tokens.starts[k]) if direction < 0 else (tokens.ends[k], tokens.starts[other])
    return not _SENTENCE_BREAKS[direction].isdisjoint(tokens.text[int(lo) : int(hi)])


_QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb\n]')


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside double quotation marks, in order.

    Curly quotes open and close explicitly; a straight ``"`` toggles. A line
    break closes any open quote, since news style reopens a quotation that
    runs on into a new paragraph.
    """
    spans = []
    opened = -1
    for match in _QUOTE_MARKS.finditer(text):
        c, at = match.group(), match.start()
        if c in "\u201c\u201e\u00ab" or (c == '"' and opened < 0):
            opened = at
        elif opened >= 0:  # a closing mark, or a line break inside a quote
            spans.append((opened, at + 1))
            opened = -1
    if opened >= 0:
        spans.append((opened, len(text)))
    return spans


def _quoted_share(spans: list[tuple[int, int]], start: int, end: int) -> float:
    """Share of ``[start, end)`` inside the quoted ``spans``."""
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return inside / max(end - start, 1)


def token_ids(hashes: np.ndarray) -> list[int]:
    """``hashes.tolist()``, with one ``int`` object per distinct hash: the list
    costs a pointer per word, not a pointer and a 36-byte ``int``, which on a
    20 MB text is the difference between 30 and 130 MB.

    Parameters
    ----------
    hashes:
        Token hashes.

    Returns
    -------
    list[int]
        Equal to ``hashes.tolist()``.

    Examples
    --------
    >>> ids = token_ids(np.array([7, 9, 7], dtype=np.uint64))
    >>> ids, ids[0] is ids[2]
    ([7, 9, 7], True)
    """
    distinct, inverse = np.unique(hashes, return_inverse=True)
    return np.array(distinct.tolist(), dtype=object)[inverse].tolist()


def _candidates(ta: Tokens, tb: Tokens, min_words: int, max_gap: int, join_gap: int,
                progress: Progress) -> list[tuple[int, ...]]:
    """``(aligned words, a0, a1, b0, b1)`` of every candidate passage: chains of seeds without
    echoes, fragments joined, edges grown, at least ``min_words`` aligned."""
    q = min(SEED_WORDS, min_words)
    progress("finding shared phrases", 0, 1)
    regions = find_regions(seeds(ta.hashes, q), seeds(tb.hashes, q), q, max_gap, MAX_REPEAT)
    a_ids = token_ids(ta.hashes)
    b_ids = token_ids(tb.hashes)
    chains = [(a0, a1, b0, b1) for a0, a1, b0, b1, _ in regions.tolist()]
    del regions

    def at_break(x: int, y: int, direction: int) -> bool:
        return _at_break(ta, x, direction) and _at_break(tb, y, direction)

    candidates = []
    joined = join_fragments(drop_echoes(chains, join_gap), a_ids, b_ids, join_gap)
    for done, (a0, a1, b0, b1) in enumerate(joined):
        if done % PROGRESS_EVERY == 0:
            progress("aligning", done, len(joined))
        if min(a1 - a0, b1 - b0) < min_words:
            continue
        a0, a1, b0, b1 = extend_edges(a_ids, b_ids, a0, a1, b0, b1, max_gap, at_break=at_break)
        sa, sb = a_ids[a0:a1], b_ids[b0:b1]
        aligned = (len(sa) + len(sb) - Indel.distance(sa, sb)) // 2
        if aligned >= min_words:
            candidates.append((aligned, a0, a1, b0, b1))
    progress("aligning", len(joined), len(joined))
    return candidates


def _longest_first(candidates: list[tuple[int, ...]], len_a: int, len_b: int) -> list[tuple[int, ...]]:
    """The candidates that no longer one overlaps in either text, in order of ``(a0, b0)``."""
    candidates = sorted(candidates, key=lambda c: (-c[0], c[1], c[3]))
    taken_a = np.zeros(len_a, dtype=bool)
    taken_b = np.zeros(len_b, dtype=bool)
    kept = []
    for aligned, a0, a1, b0, b1 in candidates:
        if taken_a[a0:a1].any() or taken_b[b0:b1].any():
            continue
        taken_a[a0:a1] = True
        taken_b[b0:b1] = True
        kept.append((aligned, a0, a1, b0, b1))
    kept.sort(key=lambda c: (c[1], c[3]))
    return kept


def align_tokens(
    ta: Tokens,
    tb: Tokens,
    *,
    min_words: int = DEFAULT_MIN_WORDS,
    max_gap: int = DEFAULT_MAX_GAP,
    join_gap: int | None = None,
    progress: Progress = no_progress,
) -> list[Passage]:
    """:func:`align` on already tokenised texts (lets :func:`compare` tokenise once)."""
    if join_gap is None:
        join_gap = JOIN_GAP_FACTOR * max_gap
    kept = _longest_first(_candidates(ta, tb, min_words, max_gap, join_gap, progress), len(ta), len(tb))
    quotes_a = _quoted_spans(ta.text) if kept else []
    quotes_b = _quoted_spans(tb.text) if kept else []
    passages = []
    for aligned, a0, a1, b0, b1 in kept:
        a_start, a_end = int(ta.starts[a0]), int(ta.ends[a1 - 1])
        b_start, b_end = int(tb.starts[b0]), int(tb.ends[b1 - 1])
        quoted = min(_quoted_share(quotes_a, a_start, a_end), _quoted_share(quotes_b, b_start, b_end)) >= QUOTE_SHARE
        passages.append(
            Passage(
                a_start=a_start,
                a_end=a_end,
                b_start=b_start,
                b_end=b_end,
                score=float(Indel.normalized_similarity(ta.hashes[a0:a1].tolist(), tb.hashes[b0:b1].tolist())),
                a_text=ta.text[a_start:a_end],
                b_text=tb.text[b_start:b_end],
                kind="quote" if quoted else "prose",
                words=aligned,
            )
        )
    return passages


def align(
    a: str,
    b: str,
    *,
    min_words: int = DEFAULT_MIN_WORDS,
    max_gap: int = DEFAULT_MAX_GAP,
    join_gap: int | None = None,
    progress: Progress | None = None,
) -> list[Passage]:
    """Every passage texts ``a`` and ``b`` share.

    Parameters
    ----------
    a, b:
        The two texts, as given: offsets in the result index into them.
    min_words:
        Fewest words of ``a`` aligned with words of ``b`` for a passage to count.
    max_gap:
        Most words inserted, deleted or changed in a row between two runs of
        unchanged words that chain into one piece of a passage; a passage's
        ends also step over up to this many edited words where the words
        beyond them still match.
    join_gap:
        Most words inserted, deleted or changed in a row between two pieces
        of one passage (where edits left no three unchanged words in a row
        for a stretch), and most by which the stretches between them in
        ``a`` and ``b`` may differ in length, for the pieces to join into one
        passage; a longer difference splits it in two. Pieces more than 40
        words apart, or out of order (a moved paragraph), never join. None,
        the default, is ``2 * max_gap``, the best in the benchmark's sweep
        (``benchmarks/bench_alignment.py --sweep``); 0 joins only pieces whose
        words between match exactly.
    progress:
        Called as ``progress(stage, done, total)`` as the work goes on (what
        it is doing, and how far), for a long pair; None: not called.

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
        If ``min_words < 1``, ``max_gap < 0`` or ``join_gap < 0``.

    Examples
    --------
    >>> a = 'Kim said the success was "achieved by the far-sighted leadership of the Party".'
    >>> b = 'The “shining success achieved by the far-sighted leadership of the Party,” KCNA said.'
    >>> [(p.kind, p.words, p.a_text) for p in align(a, b)]
    [('quote', 9, 'achieved by the far-sighted leadership of the Party')]
    """
    check_options(min_words, max_gap, join_gap=join_gap)
    progress = progress or no_progress
    progress("tokenising", 0, 2)
    ta = tokens_of(a, name="a")
    progress("tokenising", 1, 2)
    tb = tokens_of(b, name="b")
    return align_tokens(ta, tb, min_words=min_words, max_gap=max_gap, join_gap=join_gap, progress=progress)
