"""The words of one side of a passage that the other side does not have, for the views to mark.

The terminal table and the HTML report both mark them, from this one function: the two sides of a
passage are tokenised as the aligner tokenises (case, curly quotes and apostrophes don't count), and
an LCS over the words (rapidfuzz's Indel) says which words of ``text`` have no counterpart in ``other``.
"""

from __future__ import annotations

from .._core import token_spans

__all__ = ["differing_words"]


def differing_words(text: str, other: str) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` that have no counterpart in ``other``.

    Parameters
    ----------
    text:
        One side of a passage (``passage.a_text``).
    other:
        The other side (``passage.b_text``).

    Returns
    -------
    list[tuple[int, int]]
        Half-open ``[start, end)`` code-point spans into ``text``, in order, one per differing word.

    Raises
    ------
    TextTypeError
        If ``text`` or ``other`` is not a ``str``.

    Examples
    --------
    >>> a = "He warned of an unimaginable crisis"
    >>> [a[s:e] for s, e in differing_words(a, "He warned of an irretrievable crisis")]
    ['unimaginable']
    >>> differing_words("Stay HOME", "stay home")
    []
    """
    from rapidfuzz.distance import Indel

    starts, ends, hashes = token_spans(text)
    other_hashes = token_spans(other)[2].tolist()
    spans = []
    for op in Indel.opcodes(hashes.tolist(), other_hashes):
        if op.tag != "equal":
            spans.extend((int(starts[i]), int(ends[i])) for i in range(op.src_start, op.src_end))
    return spans
