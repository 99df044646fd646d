"""Texts kept as their JSON string literals, decoded only where a ``str`` is needed.

A JSON Lines reader that builds a ``str`` for every record's text spends most
of its time doing so; :class:`JsonTexts` holds the texts as they lie in the
file instead (UTF-8 bytes with their quotes and escapes), with the length of
each in code points (:func:`simcompare._core.json_text_lengths`), and the
compiled signer decodes them itself, straight into its buffer of code points.
Plain Python only: importing this module imports neither numba nor msgspec.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

import numpy as np

from ..errors import ParameterError

__all__ = ["JsonTexts", "byte_view", "checked_offsets", "json_loads_text", "with_offsets"]

# Texts decoded at once while iterating: one msgspec call for many texts.
_CHUNK = 1024


def byte_view(data) -> np.ndarray:
    """A read-only uint8 view of the bytes-like ``data`` (no copy).

    Raises
    ------
    ParameterError
        If ``data`` is not bytes-like, or is an array of another dtype or shape.
    """
    if isinstance(data, np.ndarray):
        if data.dtype != np.uint8 or data.ndim != 1 or not data.flags.c_contiguous:
            raise ParameterError(f"data must be bytes or a contiguous 1-D uint8 array, got a {data.ndim}-D "
                                 f"{data.dtype} array")
        view = data.view()
    else:
        try:
            view = np.frombuffer(data, dtype=np.uint8)
        except (TypeError, ValueError) as exc:
            raise ParameterError(f"data must be bytes-like, got {type(data).__name__}: {exc}") from None
    view.flags.writeable = False
    return view


def _int64(name: str, values, count: int | None) -> np.ndarray:
    if not isinstance(values, np.ndarray) or values.dtype != np.int64 or values.ndim != 1:
        got = f"{values.ndim}-D {values.dtype} array" if isinstance(values, np.ndarray) else type(values).__name__
        raise ParameterError(f"{name} must be a 1-D int64 array, got a {got}")
    if count is not None and len(values) != count:
        raise ParameterError(f"{name} must have one entry per text ({count}), got {len(values)}")
    return values


def checked_offsets(data: np.ndarray, starts, ends) -> tuple[np.ndarray, np.ndarray]:
    """``starts`` and ``ends``, checked: 1-D int64 arrays of one length, with
    ``0 <= starts <= ends <= len(data)``.

    Raises
    ------
    ParameterError
        Naming what was expected and what was found.
    """
    starts = _int64("starts", starts, None)
    ends = _int64("ends", ends, len(starts))
    if len(starts):
        bad = np.flatnonzero((starts < 0) | (ends < starts) | (ends > len(data)))
        if len(bad):
            k = int(bad[0])
            raise ParameterError(f"each slice must lie in data: 0 <= start <= end <= {len(data)}, got "
                                 f"[{int(starts[k])}, {int(ends[k])}) for text {k}")
    return starts, ends


def json_loads_text(literal: bytes) -> str:
    """The ``str`` a JSON string literal stands for, as :func:`json.loads` gives it."""
    return json.loads(literal.decode("utf-8"))


class JsonTexts(Sequence):
    """A read-only sequence of texts held as JSON string literals.

    Text ``i`` is the literal ``data[starts[i]:ends[i]]`` (its two quotes
    included); ``texts[i]`` is the ``str`` it stands for, exactly as
    :func:`json.loads` gives it (lone surrogates included). Slices, and
    integer or boolean arrays of positions, give ``JsonTexts`` over the same
    bytes. The compiled signer
    (:func:`simcompare._core.sign_texts`) decodes the literals itself,
    without making a ``str`` of each.

    Parameters
    ----------
    data:
        Bytes-like (``bytes``, ``bytearray``, ``memoryview``, a uint8 array);
        kept, not copied.
    starts, ends:
        1-D int64 arrays: where each literal starts and ends in ``data``.
    lengths:
        1-D int64: each text's length in code points, as
        :func:`simcompare._core.json_text_lengths` gives it (so -1, an invalid
        literal, is refused: leave such texts out).

    Attributes
    ----------
    data:
        The read-only uint8 view of ``data``.
    starts, ends, lengths:
        The arrays given.

    Raises
    ------
    ParameterError
        If ``data`` is not bytes-like, an array is not 1-D int64 or has
        another length than ``starts``, a slice is not inside ``data`` or is
        shorter than two quotes, or a length is negative or more than the
        literal has bytes between its quotes.

    Examples
    --------
    >>> data = b'{"text": "caf\\\\u00e9 au lait"} {"text": "tea"}'
    >>> starts, ends = np.array([9, 39]), np.array([28, 44])
    >>> texts = JsonTexts(data, starts, ends, np.array([12, 3]))
    >>> len(texts), texts[0], list(texts[1:]), texts[np.array([1, 0])].decoded()
    (2, 'café au lait', ['tea'], ['tea', 'café au lait'])
    """

    __slots__ = ("data", "starts", "ends", "lengths", "_owner")

    def __init__(self, data, starts: np.ndarray, ends: np.ndarray, lengths: np.ndarray):
        view = byte_view(data)
        starts, ends = checked_offsets(view, starts, ends)
        lengths = _int64("lengths", lengths, len(starts))
        if len(starts):
            spans = ends - starts
            bad = np.flatnonzero((spans < 2) | (lengths < 0) | (lengths > spans - 2))
            if len(bad):
                k = int(bad[0])
                raise ParameterError(f"text {k}: expected a literal of at least 2 bytes and a length from 0 to its "
                                     f"bytes between the quotes, got {int(spans[k])} bytes and length "
                                     f"{int(lengths[k])}")
        self._set(data, view, starts, ends, lengths)

    def _set(self, owner, view, starts, ends, lengths) -> None:
        self._owner = owner  # what the view's memory belongs to, kept alive
        self.data, self.starts, self.ends, self.lengths = view, starts, ends, lengths

    @classmethod
    def _trusted(cls, owner, view, starts, ends, lengths) -> JsonTexts:
        texts = cls.__new__(cls)
        texts._set(owner, view, starts, ends, lengths)
        return texts

    def __len__(self) -> int:
        return len(self.starts)

    def shares_bytes(self, other: JsonTexts) -> bool:
        """Whether ``other`` is over the same bytes (then :meth:`joined` copies nothing).

        Parameters
        ----------
        other:
            Another ``JsonTexts``.

        Returns
        -------
        bool

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> texts = JsonTexts(b'"a" "b"', np.array([0, 4]), np.array([3, 7]), np.array([1, 1]))
        >>> texts[:1].shares_bytes(texts[1:]), texts.shares_bytes(JsonTexts.joined([texts[1:], texts[:1]]))
        (True, True)
        """
        return self._owner is other._owner

    def literal(self, i: int) -> bytes:
        """The JSON literal of text ``i``, quotes included.

        Parameters
        ----------
        i:
            A position (negative counts from the end).

        Returns
        -------
        bytes

        Raises
        ------
        IndexError
            If ``i`` is out of range.

        Examples
        --------
        >>> JsonTexts(b'"a\\\\n"', np.array([0]), np.array([5]), np.array([2])).literal(0)
        b'"a\\\\n"'
        """
        return self.data[self.starts[i] : self.ends[i]].tobytes()

    def __getitem__(self, index):
        if isinstance(index, (slice, list, np.ndarray)):
            if not isinstance(index, slice) and np.asarray(index).dtype.kind not in "iub":
                raise TypeError(f"JsonTexts indices must be integers, slices or integer or boolean arrays, "
                                f"got an array of {np.asarray(index).dtype}")
            return JsonTexts._trusted(self._owner, self.data, self.starts[index], self.ends[index],
                                      self.lengths[index])
        return _decode_one(self.literal(index))

    def __iter__(self) -> Iterator[str]:
        for lo in range(0, len(self), _CHUNK):
            yield from self[lo : lo + _CHUNK].decoded()

    def __repr__(self) -> str:
        return f"JsonTexts({len(self)} texts, {int(self.lengths.sum())} characters)"

    def decoded(self) -> list[str]:
        """Every text as a ``str``: one msgspec decode of all the literals as
        a JSON array; where msgspec refuses (a lone surrogate escape), each
        literal on its own, by :func:`json.loads` where need be.

        Returns
        -------
        list[str]

        Examples
        --------
        >>> data = b'"one" "\\\\ud83d\\\\ude00" "\\\\ud800 lone"'
        >>> JsonTexts(data, np.array([0, 6, 21]), np.array([5, 20, 34]), np.array([3, 1, 6])).decoded()
        ['one', '😀', '\\ud800 lone']
        """
        import msgspec

        memory = memoryview(self.data)
        literals = [memory[s:e] for s, e in zip(self.starts.tolist(), self.ends.tolist())]
        try:
            return msgspec.json.decode(b"".join((b"[", b",".join(literals), b"]")), type=list[str])
        except msgspec.DecodeError:
            return [_decode_one(bytes(lit)) for lit in literals]

    @staticmethod
    def joined(parts: Sequence[JsonTexts]) -> JsonTexts:
        """The texts of ``parts`` one after another, as one ``JsonTexts``
        over one new ``bytes`` (each part's bytes from its first literal to
        its last, joined once; offsets shifted), or over the same bytes, uncopied,
        when every part is a view of one buffer.

        Parameters
        ----------
        parts:
            ``JsonTexts`` objects.

        Returns
        -------
        JsonTexts

        Raises
        ------
        ParameterError
            If a part is not a ``JsonTexts``.

        Examples
        --------
        >>> a = JsonTexts(b'xx"ab"', np.array([2]), np.array([6]), np.array([2]))
        >>> b = JsonTexts(b'"c" "d"', np.array([0, 4]), np.array([3, 7]), np.array([1, 1]))
        >>> both = JsonTexts.joined([a, b[1:]])
        >>> list(both), both.data.tobytes()
        (['ab', 'd'], b'"ab""d"')
        """
        parts = [part for part in parts if not isinstance(part, JsonTexts) or len(part)]
        if parts and all(isinstance(part, JsonTexts) and part._owner is parts[0]._owner for part in parts):
            # Views of one buffer (a reader's blocks): the same bytes, the offsets end to end, nothing copied.
            arrays = [np.concatenate([getattr(part, name) for part in parts]) for name in ("starts", "ends", "lengths")]
            return JsonTexts._trusted(parts[0]._owner, parts[0].data, *arrays)
        chunks, starts, ends, lengths = [], [], [], []
        at = 0
        for part in parts:
            if not isinstance(part, JsonTexts):
                raise ParameterError(f"joined takes JsonTexts parts, got {type(part).__name__}")
            if not len(part):
                continue
            lo, hi = int(part.starts.min()), int(part.ends.max())
            chunks.append(memoryview(part.data)[lo:hi])
            starts.append(part.starts + (at - lo))
            ends.append(part.ends + (at - lo))
            lengths.append(part.lengths)
            at += hi - lo
        data = b"".join(chunks)
        arrays = [np.concatenate(a) if a else np.empty(0, np.int64) for a in (starts, ends, lengths)]
        return JsonTexts._trusted(data, byte_view(data), *arrays)


def with_offsets(texts: JsonTexts, starts: np.ndarray, ends: np.ndarray, lengths: np.ndarray) -> JsonTexts:
    """A ``JsonTexts`` over the bytes of ``texts`` with other offsets and
    lengths, unchecked: for the compiled engine, which checks each literal as
    it decodes it (an empty slice, ``ends == starts``, stands for a text left out)."""
    return JsonTexts._trusted(texts._owner, texts.data, starts, ends, lengths)


def _decode_one(literal: bytes) -> str:
    import msgspec

    try:
        return msgspec.json.decode(literal, type=str)
    except msgspec.DecodeError:
        return json_loads_text(literal)
