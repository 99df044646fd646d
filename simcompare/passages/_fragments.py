"""Fragments of one passage joined, and its edges grown through edited words.

A chain of seeds needs three unchanged words in a row every few words, so a
heavily edited passage breaks into several chains, and each ends at its last
unchanged words. Between two fragments of one passage the texts keep step:
the stretches between them are about as long in both texts (give or take
the words inserted or deleted there) and their words mostly still match.
A chain elsewhere in ``b`` (a stock phrase, a moved paragraph) is off that
diagonal, or the words between differ, and it stays apart.
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz.distance import Indel

__all__ = ["drop_echoes", "join_fragments", "extend_edges", "longest_difference", "JOIN_SPAN"]

# Fragments this many words apart or less in both texts may join. Measured on
# the long-passage sets of benchmarks/bench_alignment.py: 80 or 160 words
# joined nothing more, 20 left heavily (30 %) edited passages in pieces.
JOIN_SPAN = 40

Span4 = tuple[int, int, int, int]
AtBreak = Callable[[int, int, int], bool]


def longest_difference(a: list, b: list) -> int:
    """Most words in a row that differ between two word lists, aligned by LCS.

    Parameters
    ----------
    a, b:
        Word (or token id) lists.

    Returns
    -------
    int
        The longest run of inserted, deleted or changed words (a change of
        ``n`` words into ``m`` counts ``max(n, m)``); 0 if the lists are equal.

    Raises
    ------
    Nothing: the callers (:func:`simcompare.align` and friends) check the options.

    Examples
    --------
    >>> longest_difference("the cat sat on the mat".split(), "the dog sat on a red mat".split())
    2
    """
    longest = 0
    for op in Indel.opcodes(a, b):
        if op.tag != "equal":
            longest = max(longest, op.src_end - op.src_start, op.dest_end - op.dest_start)
    return longest


def drop_echoes(chains: list[Span4], join_gap: int) -> list[Span4]:
    """Chains without the echoes: those whose words in ``a`` or in ``b`` all lie
    inside a longer chain's on another diagonal.

    An echo maps words of a passage to a repeat of them elsewhere (the same
    phrase twice in one text). It can't be reported beside the longer chain,
    whose words it shares; joined to a fragment near the repeat it could grow
    past the passage it echoes and push it out.

    Parameters
    ----------
    chains:
        ``(a0, a1, b0, b1)`` half-open token ranges.
    join_gap:
        Diagonals (``b0 - a0``) further apart than this are different alignments.

    Returns
    -------
    list[tuple[int, int, int, int]]
        The chains that are not echoes, in the order given.

    Raises
    ------
    Nothing: the callers (:func:`simcompare.align` and friends) check the options.

    Examples
    --------
    >>> drop_echoes([(0, 12, 0, 12), (6, 11, 30, 35), (20, 26, 40, 46)], 8)
    [(0, 12, 0, 12), (20, 26, 40, 46)]
    """
    if len(chains) < 2:
        return list(chains)
    echo = [False] * len(chains)
    for side in (0, 2):
        widest, widest_end = -1, -1
        for k in sorted(range(len(chains)), key=lambda k: (chains[k][side], -chains[k][side + 1])):
            start, end = chains[k][side], chains[k][side + 1]
            if end <= widest_end:  # inside the chain that reaches furthest of those starting before it
                w = chains[widest]
                if min(w[1] - w[0], w[3] - w[2]) > min(end - start, chains[k][3 - side] - chains[k][2 - side]) \
                        and abs((w[2] - w[0]) - (chains[k][2] - chains[k][0])) > join_gap:
                    echo[k] = True
            else:
                widest, widest_end = k, end
    return [c for c, e in zip(chains, echo) if not e]


def join_fragments(chains: list[Span4], a: list, b: list, join_gap: int) -> list[Span4]:
    """Join chains that are fragments of one passage.

    Chains are taken in order of where they start in ``a``; each continues the
    open passage it fits best (least drift off its diagonal, then the
    nearest), if any fits: one it follows in both texts, at most
    ``JOIN_SPAN`` words on in each, with gaps in ``a`` and ``b`` that differ by
    at most ``join_gap`` words and words between that differ at most
    ``join_gap`` in a row. Every chain is checked against the passages still
    open, not just the last one, so stock-phrase chains between two fragments
    don't keep them apart. A passage is open until a chain starts more than
    ``JOIN_SPAN`` words past its end, so few are open at a time.

    Parameters
    ----------
    chains:
        ``(a0, a1, b0, b1)`` half-open token ranges, in any order.
    a, b:
        Token ids of the two texts.
    join_gap:
        Most words that may differ in a row, and most by which the gaps may
        differ, between two fragments.

    Returns
    -------
    list[tuple[int, int, int, int]]
        The passages, each the union of the chains joined into it, in order of ``a0``.

    Raises
    ------
    Nothing: the callers (:func:`simcompare.align` and friends) check the options.

    Examples
    --------
    >>> a = "one two three four five six x1 x2 seven eight nine ten eleven".split()
    >>> b = "one two three four five six y1 y2 y3 seven eight nine ten eleven".split()
    >>> join_fragments([(0, 6, 0, 6), (8, 13, 9, 14)], a, b, 4)
    [(0, 13, 0, 14)]
    >>> join_fragments([(0, 6, 0, 6), (8, 13, 9, 14)], a, b, 2)
    [(0, 6, 0, 6), (8, 13, 9, 14)]
    """
    if len(chains) < 2:
        return list(chains)
    passages: list[list[int]] = []
    still_open: list[int] = []
    for a0, a1, b0, b1 in sorted(chains):
        best, best_cost, kept = -1, 0, []
        for k in still_open:
            p0, p1, q0, q1 = passages[k]
            if p1 < a0 - JOIN_SPAN:
                continue  # chains come in order of a0: none later can continue it either
            kept.append(k)
            gap_a, gap_b = a0 - p1, b0 - q1
            if a0 < p0 or b0 < q0 or a1 <= p1 or b1 <= q1 or gap_b > JOIN_SPAN or gap_a > JOIN_SPAN:
                continue
            drift = abs(gap_a - gap_b)
            cost = 4 * drift + max(gap_a, 0) + max(gap_b, 0)
            if drift <= join_gap and (best < 0 or cost < best_cost) and \
                    longest_difference(a[p1:a0], b[q1:b0]) <= join_gap:
                best, best_cost = k, cost
        still_open = kept
        if best >= 0:
            p = passages[best]
            p[1], p[3] = max(p[1], a1), max(p[3], b1)
        else:
            still_open.append(len(passages))
            passages.append([a0, a1, b0, b1])
    return sorted((p0, p1, q0, q1) for p0, p1, q0, q1 in passages)


def _step(a: list, b: list, i: int, j: int, di: int, skip: int, at_break: AtBreak | None) -> tuple[int, int] | None:
    """Where an edge moves over the fewest edited words, at most ``skip`` in
    each text, going in direction ``di`` (1 or -1) from the words ``a[i]``,
    ``b[j]`` just past it: the last of the words beyond that match (one after
    a single changed, added or dropped word where ``at_break`` allows, else
    two); None if nowhere."""
    if di > 0:
        wa, wb = a[i : i + skip + 2], b[j : j + skip + 2]
    else:  # nearest first
        wa, wb = a[max(i - skip - 1, 0) : i + 1][::-1], b[max(j - skip - 1, 0) : j + 1][::-1]
    if not set(wa[: skip + 1]).intersection(wb[: skip + 1]):
        return None  # the usual case at a passage's true end
    for steps in range(1, 2 * skip + 1):
        for da in range(max(0, steps - skip), min(steps, skip) + 1):
            db = steps - da
            if da >= len(wa) or db >= len(wb) or wa[da] != wb[db]:
                continue
            x, y = i + di * da, j + di * db
            if da <= 1 and db <= 1 and (at_break is None or at_break(x, y, di)):
                return x, y
            if da + 1 < len(wa) and db + 1 < len(wb) and wa[da + 1] == wb[db + 1]:
                return i + di * (da + 1), j + di * (db + 1)
    return None


def extend_edges(
    a: list, b: list, a0: int, a1: int, b0: int, b1: int, skip: int, *, at_break: AtBreak | None = None
) -> Span4:
    """Grow a passage at both ends over matching words, and through up to
    ``skip`` edited words in a row where the words beyond still match.

    A longer edit needs two matching words beyond it, so chance matches of
    common words don't pull in the text around the passage. One word beyond
    a single changed, added or dropped word is enough where ``at_break``
    says that word ends a sentence or clause in both texts (as reused
    passages do), or always without ``at_break``.

    Parameters
    ----------
    a, b:
        Token ids of the two texts.
    a0, a1, b0, b1:
        The passage: half-open token ranges.
    skip:
        Most edited words in a row to step over (0: matching words only).
    at_break:
        ``at_break(x, y, direction)``: whether tokens ``a[x]`` and ``b[y]`` are
        the last before a break (punctuation) going in ``direction`` (-1:
        before them, 1: after them) in both texts.

    Returns
    -------
    tuple[int, int, int, int]
        The grown ``(a0, a1, b0, b1)``.

    Raises
    ------
    Nothing: the callers (:func:`simcompare.align` and friends) check the options.

    Examples
    --------
    >>> a = "x1 x2 the cat sat on the mat today y1".split()
    >>> b = "z1 the dog sat on the mat now z2 z3".split()
    >>> extend_edges(a, b, 4, 8, 3, 7, 2)
    (2, 8, 1, 7)
    >>> extend_edges(a, b, 4, 8, 3, 7, 2, at_break=lambda x, y, direction: False)
    (4, 8, 3, 7)
    """
    i, j = a0, b0  # the first word of the passage in each text
    while True:
        while i > 0 and j > 0 and a[i - 1] == b[j - 1]:
            i, j = i - 1, j - 1
        nxt = _step(a, b, i - 1, j - 1, -1, skip, at_break) if skip else None
        if nxt is None:
            break
        i, j = nxt
    a0, b0 = i, j
    i, j = a1, b1  # one past the last word
    while True:
        while i < len(a) and j < len(b) and a[i] == b[j]:
            i, j = i + 1, j + 1
        nxt = _step(a, b, i, j, 1, skip, at_break) if skip else None
        if nxt is None:
            break
        i, j = nxt[0] + 1, nxt[1] + 1
    return a0, i, b0, j
