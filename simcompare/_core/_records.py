"""Compiled kernel (numba): the records of JSON lines that hold only an id, a text and a date, in one pass.

:func:`flat_records` walks a block of JSON lines byte by byte and takes it
only if every line is an object of string members named by the keys given
(the date may also be ``null``), written plainly: keys and the id and date
without escapes, every byte valid UTF-8, no lone surrogate escape in the
text. For such a block it finds the end of every line, the text's literal
(with its quotes) and its length in code points, and copies the ids and the
dates out, so the reader builds no ``str`` for a text and parses nothing
twice. Any other block is refused as a whole (the return value is -1) and
read the general way; what is taken is what :func:`json.loads` reads.

:func:`simcompare._core._records_reference.flat_records` is the plain-Python
transcription it is tested against, bit for bit.
"""

from __future__ import annotations

from numba import njit

from ._jsonscan import BACKSLASH, QUOTE, VECTOR, code_point_at, skip_plain

__all__ = ["flat_records"]

_NEWLINE = 10


@njit(cache=True, nogil=True, inline="always")
def _space(c):
    return c == 32 or c == 9 or c == 13


@njit(cache=True, nogil=True)
def _string(data, address, i, n, plain):
    """Scan the string whose opening quote is at ``i``: ``(end, code points)``, the end just past its closing
    quote; ``(-1, 0)`` if it is not one this kernel takes (``plain``: no escape at all). ``address`` is where
    ``data`` is: a run of plain ASCII goes a vector at a time, any other character through
    :func:`._jsonscan.code_point_at`, which checks what ``json.loads`` checks."""
    i += 1
    count = 0
    while i < n:
        if i + VECTOR <= n:
            run = skip_plain(address, i, n) - i  # no quote among them: all in the string
            i += run
            count += run
        c = data[i]
        if c == QUOTE:
            return i + 1, count
        # A string in a line is followed by its quote and a "}" at least: a character of two bytes or more
        # that ends within the data starts 4 bytes before its end, and nothing past it is read.
        if (plain and c == BACKSLASH) or (c >= 0x80 and i + 4 > n):
            return -1, 0
        code, i = code_point_at(data, i, n)
        if code < 0 or 0xD800 <= code <= 0xDFFF:  # not valid, or a lone surrogate escape
            return -1, 0
        count += 1
    return -1, 0


@njit(cache=True, nogil=True, inline="always")
def _key(data, start, end, keys, key_starts):
    """Which of ``keys`` (0: id, 1: text, 2: date) the bytes ``data[start:end]`` are, or -1."""
    for k in range(len(key_starts) - 1):
        lo, hi = key_starts[k], key_starts[k + 1]
        if hi - lo == end - start and hi > lo:
            same = True
            for j in range(hi - lo):
                if data[start + j] != keys[lo + j]:
                    same = False
                    break
            if same:
                return k
    return -1


@njit(cache=True, nogil=True, inline="always")
def _copy_out(data, start, end, out, at):
    for j in range(start, end):
        out[at] = data[j]
        at += 1
    out[at] = _NEWLINE
    return at + 1


@njit(cache=True, nogil=True)
def flat_records(data, keys, key_starts, line_ends, text_starts, text_ends, text_lengths, date_kinds, ids, dates,
                 written):
    """Scan the JSON lines of ``data``; return how many lines there are, or -1 if the block is not taken.

    ``keys`` holds the id, text and date keys' bytes end to end, key ``k`` at
    ``keys[key_starts[k]:key_starts[k + 1]]`` (an empty date key: no date
    field). Per line ``r`` it writes where it ends (past its newline), where
    its text's literal starts and ends and its length in code points, and
    ``date_kinds[r]`` (0: no date, 1: ``null``, 2: a string); each id's bytes
    and each string date's bytes go into ``ids`` and ``dates``, each followed by
    a newline (neither holds a raw newline), and ``written`` gets how many
    bytes of each were written. The arrays are sized by the caller: one entry
    per line, ``ids`` and ``dates`` as long as ``data``.
    """
    n = len(data)
    address = data.ctypes.data
    i = 0
    row = 0
    at_id = 0
    at_date = 0
    while i < n:
        if row >= len(line_ends):
            return -1
        while i < n and _space(data[i]):
            i += 1
        if i >= n or data[i] != 123:  # {
            return -1
        i += 1
        seen = 0  # bits of the keys seen
        while True:
            while i < n and _space(data[i]):
                i += 1
            if i >= n or data[i] != QUOTE:
                return -1
            key_start = i + 1
            i = key_start
            while i < n and data[i] != QUOTE:
                if data[i] < 0x20 or data[i] >= 0x7F or data[i] == BACKSLASH:
                    return -1
                i += 1
            if i >= n:
                return -1
            which = _key(data, key_start, i, keys, key_starts)
            if which < 0 or seen & (1 << which):
                return -1
            seen |= 1 << which
            i += 1
            while i < n and _space(data[i]):
                i += 1
            if i >= n or data[i] != 58:  # :
                return -1
            i += 1
            while i < n and _space(data[i]):
                i += 1
            if i >= n:
                return -1
            if data[i] == QUOTE:
                end, count = _string(data, address, i, n, which != 1)
                if end < 0:
                    return -1
                if which == 1:
                    text_starts[row], text_ends[row], text_lengths[row] = i, end, count
                elif which == 0:
                    if end - i == 2:  # an empty id: the reader names the document by its line
                        return -1
                    at_id = _copy_out(data, i + 1, end - 1, ids, at_id)
                else:
                    date_kinds[row] = 2
                    at_date = _copy_out(data, i + 1, end - 1, dates, at_date)
                i = end
            elif which == 2 and i + 4 <= n and data[i] == 110 and data[i + 1] == 117 and data[i + 2] == 108 \
                    and data[i + 3] == 108:  # null
                date_kinds[row] = 1
                i += 4
            else:
                return -1
            while i < n and _space(data[i]):
                i += 1
            if i >= n:
                return -1
            if data[i] == 44:  # ,
                i += 1
                continue
            if data[i] != 125:  # }
                return -1
            i += 1
            break
        if seen & 3 != 3:  # the id and the text are both needed
            return -1
        while i < n and _space(data[i]):
            i += 1
        if i < n:
            if data[i] != _NEWLINE:
                return -1
            i += 1
        line_ends[row] = i
        row += 1
    written[0], written[1] = at_id, at_date
    return row
