"""Text normalisation with a map back to the original offsets.

``normalize(text)`` applies, in this order:

1. Unicode NFKC (compatibility forms: ligatures, full-width letters, "…" -> "...");
2. case folding (``str.casefold``: "Straße" -> "strasse");
3. folding of typographic variants: curly and low quotes -> ``"``, curly
   apostrophes, ʼ and primes -> ``'``, hyphens, dashes and minus -> ``-``;
4. collapsing every run of whitespace and control characters (NUL included)
   into one space, and trimming the ends.

The result is idempotent (``normalize(n.text).text == n.text``). Each character
of the normalised text remembers the span of the original text it came from,
so any span of the normalised text maps back to half-open code-point offsets
in the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from ..errors import TextTypeError

__all__ = ["NormalizedText", "normalize", "normalized_text"]

_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u301d\u301e\u2033", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc\u2032", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\u2e3a\u2e3b", "-"),
    }
)
# Whitespace and every C0/C1 control (NUL included) separate words.
_SPACE_CLASS = r"\s\x00-\x1f\x7f-\x9f"
_SPACES = re.compile(f"[{_SPACE_CLASS}]+")
_CHUNKS = re.compile(f"[{_SPACE_CLASS}]+|[^{_SPACE_CLASS}]+")
_SPACE_CODES = np.array(
    [cp for cp in range(0x3001) if _SPACES.fullmatch(chr(cp))], dtype=np.uint32
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)


def normalized_text(text: str) -> str:
    """Return the normalised text alone, without the offset map.

    This is the definition every engine follows; :func:`normalize` gives the
    same text plus the map.

    Examples
    --------
    >>> normalized_text("  The  Worker’s PARTY — “ﬁne”… ")
    'the worker\\'s party - "fine"...'
    """
    return _SPACES.sub(" ", _fold(text)).strip(" ")


@dataclass(frozen=True, eq=False)
class NormalizedText:
    """A normalised text and where each of its characters came from.

    Attributes
    ----------
    text:
        The normalised text.
    starts, ends:
        ``int64`` arrays as long as ``text``: character ``i`` of ``text`` comes
        from ``original[starts[i]:ends[i]]``.
    source_length:
        Length of the original text in code points.
    """

    text: str
    starts: np.ndarray
    ends: np.ndarray
    source_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to the original text.

        Examples
        --------
        >>> n = normalize("A  ﬁne day")
        >>> n.text, n.to_original(2, 6)
        ('a fine day', (3, 6))
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span [{start}, {end}) outside [0, {len(self.text)}]")
        if start == end:
            at = int(self.starts[start]) if start < len(self.text) else self.source_length
            return at, at
        return int(self.starts[start]), int(self.ends[end - 1])


def _map_chunk(chunk: str, offset: int, out: list[str], starts: list[int], ends: list[int]) -> None:
    """Normalise a run of non-space characters, mapping each output character
    to the smallest original cluster (a character and its combining marks)
    it came from."""
    whole = _fold(chunk)
    pieces: list[tuple[str, int, int]] = []
    i = 0
    while i < len(chunk):
        j = i + 1
        while j < len(chunk) and unicodedata.combining(chunk[j]):
            j += 1
        pieces.append((_fold(chunk[i:j]), offset + i, offset + j))
        i = j
    if "".join(piece for piece, _, _ in pieces) != whole:
        # Normalisation joined characters across clusters (e.g. half-width
        # kana and their sound marks): map the chunk as one unit.
        pieces = [(whole, offset, offset + len(chunk))]
    for piece, start, end in pieces:
        out.append(piece)
        starts.extend([start] * len(piece))
        ends.extend([end] * len(piece))


def _collapse_spaces(text: str, starts: np.ndarray, ends: np.ndarray) -> tuple[str, np.ndarray, np.ndarray]:
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    is_space = np.isin(codes, _SPACE_CODES)
    if not is_space.any():
        return text, starts, ends
    n = len(codes)
    previous_space = np.concatenate(([True], is_space[:-1]))  # True trims the start
    keep = ~is_space | ~previous_space
    non_space = np.flatnonzero(~is_space)
    if len(non_space) == 0:
        return "", starts[:0], ends[:0]
    keep[non_space[-1] + 1 :] = False  # trim the end
    # A kept space stands for its whole run: it ends where the run ends.
    next_word = np.searchsorted(non_space, np.arange(n))
    run_last = np.where(next_word < len(non_space), non_space[np.minimum(next_word, len(non_space) - 1)] - 1, n - 1)
    new_ends = np.where(is_space, ends[np.maximum(run_last, 0)], ends)
    kept = codes[keep].copy()
    kept[is_space[keep]] = 0x20
    return kept.tobytes().decode("utf-32-le", "surrogatepass"), starts[keep], new_ends[keep]


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` and keep a map back to its original offsets.

    Parameters
    ----------
    text:
        Any ``str``; empty is allowed and gives an empty result.

    Returns
    -------
    NormalizedText
        ``.text`` equals :func:`normalized_text(text) <normalized_text>`.

    Raises
    ------
    TextTypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> n = normalize("Kim’s  “SHINING success”")
    >>> n.text
    'kim\\'s "shining success"'
    >>> start, end = n.to_original(6, 14)
    >>> "Kim’s  “SHINING success”"[start:end]
    '“SHINING'
    """
    if not isinstance(text, str):
        raise TextTypeError(0, text)
    n = len(text)
    if text.isascii():
        out = text.lower()
        starts = np.arange(n, dtype=np.int64)
        ends = starts + 1
    else:
        pieces: list[str] = []
        start_list: list[int] = []
        end_list: list[int] = []
        for match in _CHUNKS.finditer(text):
            s, e = match.span()
            if _SPACES.match(text, s):
                pieces.append(" ")
                start_list.append(s)
                end_list.append(e)
            elif match.group().isascii():
                pieces.append(match.group().lower())
                start_list.extend(range(s, e))
                end_list.extend(range(s + 1, e + 1))
            else:
                _map_chunk(match.group(), s, pieces, start_list, end_list)
        out = "".join(pieces)
        starts = np.array(start_list, dtype=np.int64)
        ends = np.array(end_list, dtype=np.int64)
    out, starts, ends = _collapse_spaces(out, starts, ends)
    return NormalizedText(text=out, starts=starts, ends=ends, source_length=n)
