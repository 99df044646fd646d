"""Fragments of one passage joined: the chains a heavily edited passage breaks into.

A chain of seeds needs three unchanged words in a row every few words, so an
edited passage breaks into several chains. Between two fragments of one
passage the texts keep step: the words between them are the same length in
both texts give or take the words inserted or deleted there, and they differ
word for word at most ``max_gap`` in a row. Chains elsewhere in ``b`` (a stock
phrase, a paragraph moved) are off that diagonal and stay apart.
"""

from __future__ import annotations

from rapidfuzz.distance import Indel

__all__ = ["join_fragments", "longest_difference", "JOIN_SPAN", "JOIN_DRIFT"]

# Two chains this many words apart or less in both texts may be one passage.
JOIN_SPAN = 40
# The gaps in a and b may differ by this many words (words inserted or
# deleted between the two fragments) ...
JOIN_DRIFT = 4

Span4 = tuple[int, int, int, int]


def longest_difference(a: list, b: list) -> int:
    """Most words in a row that differ between two word lists, aligned by LCS.

    >>> longest_difference("the cat sat on the mat".split(), "the dog sat on a red mat".split())
    2
    """
    longest = 0
    for op in Indel.opcodes(a, b):
        if op.tag != "equal":
            longest = max(longest, op.src_end - op.src_start, op.dest_end - op.dest_start)
    return longest


def join_fragments(chains: list[Span4], a: list, b: list, max_gap: int) -> list[Span4]:
    """Join chains that are fragments of one passage.

    Chains are taken in order of where they start in ``a``; each joins the
    passage it continues best (least drift off its diagonal, then the
    nearest), if any: one that it follows in both texts, at most
    ``JOIN_SPAN`` words on in each, with gaps in ``a`` and ``b`` that differ by
    at most ``JOIN_DRIFT`` words and words between them that differ at most
    ``max_gap`` in a row. A passage can be continued only near its end, so the
    open passages stay few however long the texts are.

    Parameters
    ----------
    chains
        ``(a0, a1, b0, b1)`` token ranges (half-open), in any order.
    a, b
        The token ids of the two texts.
    max_gap
        Most words that may differ in a row between two fragments.

    Returns
    -------
    list[tuple[int, int, int, int]]
        The passages, each the union of the chains joined into it, in order of ``a0``.

    Examples
    --------
    >>> a = "one two three four five six x seven eight nine ten eleven".split()
    >>> b = "one two three four five six y seven eight nine ten eleven".split()
    >>> join_fragments([(0, 6, 0, 6), (7, 12, 7, 12)], a, b, 4)
    [(0, 12, 0, 12)]
    """
    passages: list[list[int]] = []
    open_: list[int] = []
    for a0, a1, b0, b1 in sorted(chains):
        best, best_cost, kept = -1, 0, []
        for k in open_:
            p0, p1, q0, q1 = passages[k]
            if p1 < a0 - JOIN_SPAN:
                continue  # sorted by a0: no later chain can continue it either
            kept.append(k)
            gap_a, gap_b = a0 - p1, b0 - q1
            if a0 < p0 or b0 < q0 or a1 <= p1 or b1 <= q1 or gap_a > JOIN_SPAN or gap_b > JOIN_SPAN:
                continue
            drift = abs(gap_a - gap_b)
            if drift > JOIN_DRIFT:
                continue
            cost = 4 * drift + max(gap_a, 0) + max(gap_b, 0)
            if (best < 0 or cost < best_cost) and longest_difference(a[p1:a0], b[q1:b0]) <= max_gap:
                best, best_cost = k, cost
        open_ = kept
        if best >= 0:
            p = passages[best]
            p[1], p[3] = max(p[1], a1), max(p[3], b1)
        else:
            open_.append(len(passages))
            passages.append([a0, a1, b0, b1])
    return sorted((p0, p1, q0, q1) for p0, p1, q0, q1 in passages)
