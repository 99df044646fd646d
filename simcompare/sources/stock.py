"""Stock phrases: wording articles share without one copying the other.

"told BBC Radio 4's Today programme that", "said in a statement", sign-offs
and legal lines turn up in stories that have nothing else in common. Two
articles sharing one is no evidence that one copied the other, so a passage
is **stock**, and left out of the clusters, the attribution and the matrix,
when either

* **frequent**: at most ``STOCK_PASSAGE_WORDS`` aligned words, at least half
  of them inside word ``STOCK_NGRAM``-grams that the corpus carries in more
  than ``stock_share`` of its articles (and in at least
  ``BOILERPLATE_MIN_DOCS``): the document frequency dedup's boilerplate filter
  counts (:func:`simcompare.dedup.stages.find_boilerplate`), so the corpus
  decides; a long passage (a story many papers picked up) is never stock; or
* **lone**: all that two articles share (after the frequent passages) is
  fewer than ``LONE_PHRASE_WORDS`` words, less than ``LONE_SHARE`` of either
  article: a phrase or a line in passing, not a story (a short quotation two
  articles share stays a quote: quotes are counted apart from prose anyway).
  This is what decides in a corpus too small for document frequency (three
  articles, two of them the same story, the third sharing one phrase with it).
"""

from __future__ import annotations

import numpy as np

from ..dedup.stages import find_boilerplate
from ..passages.align import Tokens
from ..sketch.shingles import window_hashes

__all__ = ["STOCK_NGRAM", "STOCK_PASSAGE_WORDS", "LONE_PHRASE_WORDS", "LONE_SHARE", "DEFAULT_STOCK_SHARE",
           "frequent_masks", "is_frequent", "is_lone"]

#: Words per n-gram counted for document frequency.
STOCK_NGRAM = 5
#: The longest passage that can be stock by frequency: stock lines are short; a long passage
#: many articles carry is a story picked up widely, which is what sources is for.
STOCK_PASSAGE_WORDS = 30
#: Two articles that share fewer aligned words than this (and a small share of either) share a phrase
#: or a line (about one sentence: "If you have been affected by any of the issues raised in this story, help
#: and support is available"), not a story.
LONE_PHRASE_WORDS = 25
#: ... and less than this share of each article's words: one sentence that is a fifth or more of a short
#: article is what that article took, not a line in passing.
LONE_SHARE = 0.2
#: An n-gram in more than this share of the articles is stock (the default of ``stock_share``).
DEFAULT_STOCK_SHARE = 0.01


def frequent_masks(tokens: list[Tokens | None], *, share: float | None) -> list[np.ndarray | None]:
    """For each text, which of its words lie inside a frequent n-gram (None: none does, or no text).

    Parameters
    ----------
    tokens:
        The tokenised articles (None for an article without words).
    share:
        An n-gram is frequent in more than this share of the articles (and in at least
        ``BOILERPLATE_MIN_DOCS`` of them); None: no n-gram is.

    Returns
    -------
    list
        A boolean array per article, one entry per word, or None.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from simcompare.passages.align import tokens_of
    >>> texts = [f"Story {k} of the day. It said in a statement on Monday that it agreed." for k in range(12)]
    >>> masks = frequent_masks([tokens_of(t) for t in texts], share=0.5)
    >>> masks[0].astype(int).tolist()
    [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    >>> frequent_masks([tokens_of(t) for t in texts], share=None)[0] is None
    True
    """
    if share is None:
        return [None] * len(tokens)
    live = [t for t in tokens if t is not None]
    frequent = find_boilerplate([t.text for t in live], share=share, shingle_size=STOCK_NGRAM)
    masks: list[np.ndarray | None] = []
    for t in tokens:
        if t is None or len(frequent) == 0 or len(t) < STOCK_NGRAM:
            masks.append(None)
            continue
        windows = window_hashes(t.hashes, STOCK_NGRAM)
        at = np.minimum(np.searchsorted(frequent, windows), len(frequent) - 1)
        hit = frequent[at] == windows
        if not hit.any():
            masks.append(None)
            continue
        # a frequent window k covers words k .. k + n - 1
        steps = np.zeros(len(t) + 1, dtype=np.int64)
        starts = np.flatnonzero(hit)
        np.add.at(steps, starts, 1)
        np.add.at(steps, starts + STOCK_NGRAM, -1)
        masks.append(np.cumsum(steps[:-1]) > 0)
    return masks


def is_frequent(words: int, mask_a: np.ndarray | None, a: tuple[int, int], mask_b: np.ndarray | None,
                b: tuple[int, int]) -> bool:
    """Whether a passage of ``words`` aligned words at word ranges ``a`` and ``b`` is stock by frequency.

    Parameters
    ----------
    words:
        The passage's aligned words.
    mask_a, mask_b:
        :func:`frequent_masks` of the two articles.
    a, b:
        ``(first word, last word + 1)`` of the passage in each article.

    Returns
    -------
    bool
        True when the passage is short and at least half of its words (averaged over
        the two articles) lie inside frequent n-grams.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> mask = np.array([False, True, True, True, True, True, False])
    >>> is_frequent(6, mask, (1, 7), mask, (0, 6)), is_frequent(40, mask, (1, 7), mask, (0, 6))
    (True, False)
    """
    if words > STOCK_PASSAGE_WORDS or mask_a is None or mask_b is None:
        return False
    inside = [mask[lo:hi].mean() if hi > lo else 0.0 for mask, (lo, hi) in ((mask_a, a), (mask_b, b))]
    return bool((inside[0] + inside[1]) / 2 >= 0.5)


def is_lone(shared: int, words_a: int, words_b: int) -> bool:
    """Whether two articles sharing ``shared`` aligned words share a phrase rather than a story.

    Parameters
    ----------
    shared:
        Aligned words of their passages that are not stock by frequency.
    words_a, words_b:
        The articles' words.

    Returns
    -------
    bool
        True when ``shared`` is below ``LONE_PHRASE_WORDS`` and below ``LONE_SHARE`` of each article.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> is_lone(7, 77, 300), is_lone(19, 240, 300), is_lone(19, 90, 300), is_lone(40, 770, 300)
    (True, True, False, False)
    """
    return shared < LONE_PHRASE_WORDS and shared < LONE_SHARE * min(words_a, words_b)
