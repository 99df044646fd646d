"""Compiled kernels (numba): code points -> case folding -> tokens
-> shingle hashes -> MinHash slots.

Ordinary text (letters, digits, apostrophes, ASCII case) takes
:func:`scan_simple`, which finds token boundaries without a branch per
character, and so does text with case folding or NFKC beyond ASCII, through
tables, and text with letters of scripts written without spaces (each a
token of its own) with no combining mark; anything else (marks, NFKC that
depends on the neighbours, character shingles) takes the general :func:`scan`.

Everything here is a transcription of :mod:`._hashing` and the token rules
of :mod:`simcompare.text.tokenize` onto arrays. All integer arithmetic is on
``uint64``: numba turns a mix of signed and unsigned operands into floats, so
every constant below is typed. Compiled code is cached on disk
(``cache=True``), so only the first run on a machine pays for compilation.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..text import chars as _chars
from . import _hashing as H

__all__ = ["scan", "scan_simple", "sketch", "finish", "sign_batch", "token_spans", "find_regions", "shingle_batch",
           "frequent_sorted", "merge_runs", "sort_postings", "WINDOW_BLOCK"]

_u64 = np.uint64
M32 = _u64(H.MASK32)
EMPTY = _u64(H.EMPTY)
P1 = _u64(H.P1)
P2 = _u64(H.P2)
TOKEN_SEED = _u64(H.TOKEN_SEED)
SHINGLE_SEED = _u64(H.SHINGLE_SEED)
FM1 = _u64(0xFF51AFD7ED558CCD)
FM2 = _u64(0xC4CEB9FE1A85EC53)
S32 = _u64(32)
S33 = _u64(33)
S31 = _u64(31)
LOWER8 = _u64(0x2020202020202020)  # | 0x20 lower-cases ASCII letters, keeps digits
SLOW_BYTES = _u64(0x0101010101010101 * _chars.S_SLOW_BYTE)
WINDOW_BLOCK = 256  # windows hashed per pass of :func:`sketch`
# The masks of the first and second word of a token, by its length up to 16.
FIRST_WORD = np.array([(1 << (8 * min(n, 8))) - 1 for n in range(17)], dtype=np.uint64)
SECOND_WORD = np.array([(1 << (8 * max(n - 8, 0))) - 1 for n in range(17)], dtype=np.uint64)
# And of the three words of a token of up to 24 bytes (a Cyrillic or Greek word of up to 12 letters).
FIRST_OF_3 = np.array([(1 << (8 * min(n, 8))) - 1 for n in range(25)], dtype=np.uint64)
SECOND_OF_3 = np.array([(1 << (8 * min(max(n - 8, 0), 8))) - 1 for n in range(25)], dtype=np.uint64)
THIRD_OF_3 = np.array([(1 << (8 * max(n - 16, 0))) - 1 for n in range(25)], dtype=np.uint64)
PROBE_LIMIT = H.PROBE_LIMIT
CHAR_SPACE = _u64(H.char_unit(32))

SEP, WORD, DIGIT, MARK, SOLO, APOS, NUMPUNCT = (
    _chars.SEP, _chars.WORD, _chars.DIGIT, _chars.MARK, _chars.SOLO, _chars.APOS, _chars.NUMPUNCT,
)
CLASS_MASK = _chars.CLASS_MASK
S_WORD, S_DIGIT, S_APOS, S_NUMPUNCT, S_COMPLEX, S_EXPAND, S_SOLO = (
    _chars.S_WORD, _chars.S_DIGIT, _chars.S_APOS, _chars.S_NUMPUNCT, _chars.S_COMPLEX, _chars.S_EXPAND, _chars.S_SOLO,
)
FOLD_FLAG = _chars.FOLD_FLAG
S_NONASCII = _chars.S_NONASCII
NFKC_FLAG = _chars.NFKC_FLAG
# Texts with more than one non-ASCII code point in this many take the stream of fold bytes (measured
# with benchmarks/bench_languages.py: English with a word in 60 spelled with É is faster without).
NON_ASCII_SHARE = 32
# The share is first counted in this many code points at the start of a text: a pass over a whole
# English text before the tokeniser's own would cost it 2-5 % (it streams the text from memory twice).
DENSITY_PREFIX = 512
LONG_FOLD = _u64(_chars.LONG_FOLD)
# Where ``fold_bytes`` entries keep the flags of a token's code points (and their byte count above
# them), and the flags that send a text elsewhere.
TOKEN_FLAGS_SHIFT = _u64(48)
COMPLEX_FLAG = _u64(_chars.S_COMPLEX << 40)
LONG_FOLD_FLAG = _u64(_chars.LONG_FOLD_FLAG << 40)
SOLO_FLAG = _u64(_chars.S_SOLO << 48)


@njit(inline="always")
def _rotl(x, r):
    return (x << r) | (x >> (_u64(64) - r))


@njit(inline="always")
def _fmix64(x):
    x ^= x >> S33
    x *= FM1
    x ^= x >> S33
    x *= FM2
    return x ^ (x >> S33)


@njit(inline="always")
def _reduce(x, n):
    return (x >> S32) * _u64(n) >> S32


@njit(inline="always")
def _add_shingle(s, scheme, bins, num_perm, key, mult, add):
    if scheme == 0:
        v = (s ^ key) * P1
        slot = _reduce(v, num_perm)
        bins[slot] = min(bins[slot], v & M32)
    else:
        for p in range(num_perm):
            bins[p] = min(bins[p], (mult[p] * s + add[p]) >> S32)


@njit(inline="always")
def _window_hash(units, start, k):
    # Position j is rotated by 23 * j bits, never 0 for 0 < j < 64 (a 64-bit
    # shift by 64 is undefined, so position 0 is not rotated at all).
    s = units[start]
    for j in range(1, k):
        s ^= _rotl(units[start + j], _u64((23 * j) % 64))
    return _fmix64(s ^ (_u64(k) * P2))


@njit(inline="always")
def _utf8_len(cp):
    if cp < 0x80:
        return 1
    if cp < 0x800:
        return 2
    if cp < 0x10000:
        return 3
    return 4


@njit(inline="always")
def _class_at(buf, j, end, classes):
    """Class of the first code point of the case fold of ``buf[j]`` (SEP past the end)."""
    if j >= end:
        return SEP
    return classes[np.int64(buf[j])] & CLASS_MASK


@njit(inline="always")
def _pack8(buf, i):
    """Eight code units from ``buf[i]``, one byte each, little-endian. The
    index is unsigned: with no negative index to wrap around, LLVM merges the
    reads of a uint8 array into one load."""
    w = _u64(0)
    u = _u64(i)
    for b in range(8):
        w |= _u64(buf[u + _u64(b)] & 0xFF) << _u64(8 * b)
    return w


@njit(inline="always")
def _feed_byte(byte, h, word, filled):
    """Add one byte to a token hash; ``word`` packs eight bytes at a time."""
    word |= _u64(byte) << _u64(8 * filled)
    filled += 1
    if filled == 8:
        h = _rotl((h ^ word) * P1, S31)
        word = _u64(0)
        filled = 0
    return h, word, filled


@njit(inline="always")
def _utf8_packed(cp, nb):
    """The ``nb`` UTF-8 bytes of code point ``cp``, the first in the low byte."""
    if nb == 1:
        return _u64(cp)
    if nb == 2:
        return _u64(0xC0 | (cp >> 6)) | (_u64(0x80 | (cp & 0x3F)) << _u64(8))
    if nb == 3:
        return (_u64(0xE0 | (cp >> 12)) | (_u64(0x80 | ((cp >> 6) & 0x3F)) << _u64(8))
                | (_u64(0x80 | (cp & 0x3F)) << _u64(16)))
    return (_u64(0xF0 | (cp >> 18)) | (_u64(0x80 | ((cp >> 12) & 0x3F)) << _u64(8))
            | (_u64(0x80 | ((cp >> 6) & 0x3F)) << _u64(16)) | (_u64(0x80 | (cp & 0x3F)) << _u64(24)))


@njit(inline="always")
def _feed_code_point(cp, h, word, filled):
    """Add the UTF-8 bytes of code point ``cp`` to a token hash: all of them
    into ``word`` at once (a branch per code point, not per byte), the bytes
    past a full word starting the next."""
    nb = _utf8_len(cp)
    packed = _utf8_packed(cp, nb)
    word |= packed << _u64(8 * filled)  # bytes past the eighth fall off here
    filled += nb
    if filled >= 8:
        h = _rotl((h ^ word) * P1, S31)
        filled -= 8
        word = packed >> _u64(8 * (nb - filled)) if filled > 0 else _u64(0)
    return h, word, filled


@njit(cache=True, nogil=True)
def scan(buf, start, end, check_nfkc, classes, fold_keys, fold_offsets, fold_values,
         char_mode, units, n, state):
    """Tokenise code points ``buf[start:end]`` and append their units (token
    hashes, or code points for character shingles) to ``units`` from index
    ``n``; return the new count, or -1 when ``check_nfkc`` finds a code point
    whose NFKC form depends on its neighbours (the caller normalises the
    text and scans again); the tables fold the others into their NFKC form.

    ``buf`` holds code points (uint8, uint16 or uint32); case folding happens
    here, through the tables. ``units`` needs ``n + (end - start) + 1``
    entries for word units, ``n + 4 * (end - start)`` for code points.
    ``state[0]`` counts tokens, so character shingles put a space between
    tokens across calls. Hashing is left to :func:`sketch`: kept apart
    from this branchy loop, its long multiply chains overlap.
    """
    tokens = state[0]
    in_token = False
    solo = False
    prev = SEP
    h = TOKEN_SEED
    word = _u64(0)
    filled = 0  # bytes in ``word``
    length = 0  # bytes in the token
    i = start
    while i < end:
        cp = np.int64(buf[i])
        if cp < 0x80 and not char_mode and not (in_token and solo):
            c = classes[cp]
            if (c & CLASS_MASK) == WORD or (c & CLASS_MASK) == DIGIT:
                # The common case: a run of ASCII letters and digits, in a tight loop.
                if not in_token:
                    in_token = True
                    solo = False
                    h = TOKEN_SEED
                    word = _u64(0)
                    filled = 0
                    length = 0
                    tokens += 1
                # Find where the run ends, then hash it eight characters at a
                # time: ASCII letters and digits lower-case with | 0x20, and
                # whole words cost no branch per character.
                j = i + 1
                while j < end:
                    cj = np.int64(buf[j])
                    if cj >= 0x80:
                        break
                    cj = classes[cj] & CLASS_MASK
                    if cj != WORD and cj != DIGIT:
                        break
                    j += 1
                prev = classes[np.int64(buf[j - 1])] & CLASS_MASK
                length += j - i
                if filled == 0 and j + 8 <= len(buf):
                    while i + 8 <= j:
                        h = _rotl((h ^ (_pack8(buf, i) | LOWER8)) * P1, S31)
                        i += 8
                    if i < j:
                        filled = j - i
                        word = (_pack8(buf, i) | LOWER8) & ((_u64(1) << _u64(8 * filled)) - _u64(1))
                else:
                    while i < j:
                        h, word, filled = _feed_byte(np.int64(buf[i]) | 0x20, h, word, filled)
                        i += 1
                i = j
                continue
        # Anything else, one code point of the case fold of buf[i] at a time.
        if cp >= 0x80 and check_nfkc and classes[cp] & NFKC_FLAG:
            return -1
        c = classes[cp]
        q = -1
        q_end = 0
        if c & FOLD_FLAG:
            if cp < 0x80:
                cp += 32
            else:
                at = np.searchsorted(fold_keys, cp)
                q = np.int64(fold_offsets[at])
                q_end = np.int64(fold_offsets[at + 1])
                cp = np.int64(fold_values[q])
                q += 1
        c &= CLASS_MASK
        while True:
            take = False  # does this code point join the token's text?
            end_token = False
            start_token = False
            if c == WORD or c == DIGIT:
                if not in_token:
                    start_token = True
                elif solo:
                    end_token = True
                    start_token = True
                take = True
            elif c == MARK:
                start_token = not in_token
                take = True
            elif c == SOLO:
                end_token = in_token
                start_token = True
                take = True
            elif c == APOS or c == NUMPUNCT:
                if 0 <= q < q_end:
                    nxt = classes[np.int64(fold_values[q])] & CLASS_MASK
                else:
                    nxt = _class_at(buf, i + 1, end, classes)
                if c == APOS:
                    # Inside a word token the previous code point is a letter,
                    # digit or mark; the apostrophe is dropped.
                    if not (in_token and not solo and (nxt == WORD or nxt == DIGIT)):
                        end_token = in_token
                elif in_token and prev == DIGIT and nxt == DIGIT:
                    take = True
                else:
                    end_token = in_token
            else:
                end_token = in_token
            prev = c

            if end_token:
                if not char_mode:
                    if filled > 0:
                        h = _rotl((h ^ word) * P1, S31)
                    units[n] = _fmix64(h ^ (_u64(length) * P2))
                    n += 1
                in_token = False
            if start_token:
                in_token = True
                solo = c == SOLO
                h = TOKEN_SEED
                word = _u64(0)
                filled = 0
                length = 0
                if char_mode and tokens > 0:
                    units[n] = CHAR_SPACE
                    n += 1
                tokens += 1
            if take:
                if char_mode:
                    units[n] = _fmix64(_u64(cp) ^ SHINGLE_SEED)
                    n += 1
                else:
                    h, word, filled = _feed_code_point(cp, h, word, filled)
                    length += _utf8_len(cp)
            if 0 <= q < q_end:
                cp = np.int64(fold_values[q])
                c = classes[cp] & CLASS_MASK
                q += 1
            else:
                break
        i += 1
    if in_token and not char_mode:
        if filled > 0:
            h = _rotl((h ^ word) * P1, S31)
        units[n] = _fmix64(h ^ (_u64(length) * P2))
        n += 1
    state[0] = tokens
    return n


@njit(inline="always")
def _hash_token_slowly(buf, s, e, simple, fold_keys, fold_offsets, fold_values):
    """Token hash of ``buf[s:e]``, apostrophes dropped, one code point at a
    time; a code point that folds into others (``S_EXPAND``) adds those."""
    h = TOKEN_SEED
    word = _u64(0)
    filled = 0
    length = 0
    for i in range(s, e):
        cp = np.int64(buf[i])
        f = simple[cp]
        if f & S_APOS:
            continue
        if f & S_EXPAND:
            at = np.searchsorted(fold_keys, cp)
            for q in range(np.int64(fold_offsets[at]), np.int64(fold_offsets[at + 1])):
                folded = np.int64(fold_values[q])
                h, word, filled = _feed_code_point(folded, h, word, filled)
                length += _utf8_len(folded)
            continue
        # Below 65,536 (the fast path's table), UTF-8 is one to three bytes: all three forms,
        # then a choice LLVM makes without a branch (French or Russian words mix one- and
        # two-byte letters, a branch the processor would mispredict at every other letter).
        # Only letters and digits reach here: | 0x20 lower-cases the ASCII ones.
        p1 = _u64(cp | 0x20)
        p2 = _u64(0xC0 | (cp >> 6)) | (_u64(0x80 | (cp & 0x3F)) << _u64(8))
        p3 = (_u64(0xE0 | (cp >> 12)) | (_u64(0x80 | ((cp >> 6) & 0x3F)) << _u64(8))
              | (_u64(0x80 | (cp & 0x3F)) << _u64(16)))
        nb = 1 + np.int64(cp >= 0x80) + np.int64(cp >= 0x800)
        packed = p1 if nb == 1 else (p2 if nb == 2 else p3)
        word |= packed << _u64(8 * filled)
        filled += nb
        length += nb
        if filled >= 8:
            h = _rotl((h ^ word) * P1, S31)
            filled -= 8
            word = packed >> _u64(8 * (nb - filled)) if filled > 0 else _u64(0)
    if filled > 0:
        h = _rotl((h ^ word) * P1, S31)
    return _fmix64(h ^ (_u64(length) * P2))


@njit(inline="always")
def _put4(stream, p, v):
    """Store the four bytes of ``v`` at ``stream[p]``, the low one first."""
    u = _u64(p)
    for b in range(4):
        stream[u + _u64(b)] = np.uint8((v >> _u64(8 * b)) & _u64(0xFF))


@njit(inline="always")
def _put_long_fold(stream, p, cp, fold_keys, fold_offsets, fold_values):
    """Write the UTF-8 bytes of the case fold of ``cp`` at ``stream[p]``;
    return the position after them."""
    at = np.searchsorted(fold_keys, cp)
    for q in range(np.int64(fold_offsets[at]), np.int64(fold_offsets[at + 1])):
        folded = np.int64(fold_values[q])
        nb = _utf8_len(folded)
        _put4(stream, p, _utf8_packed(folded, nb))
        p += nb
    return p


@njit(inline="always")
def _fold_stream_flags(text, fold_bytes, flags, stream):
    """The first pass of :func:`scan_simple` for a text dense in non-ASCII
    letters, one lookup per code point: the UTF-8 bytes of its case fold end
    to end in ``stream``, and at ``flags[j + 1]`` the flags that decide what
    is in a token with their number above them (see ``_chars.fold_bytes``).
    Return the number of bytes (-1 for a text :func:`scan` must take, -2 for
    one with folds of more than four bytes: :func:`_fold_stream_long`), and
    whether the text holds a solo letter."""
    m = len(text)
    flags[0] = 0
    flags[m + 1] = 0
    seen = _u64(0)
    wide = np.int64(0)
    p = 0
    for j in range(m):
        c = np.int64(text[j])
        wide |= c
        v = _u64(fold_bytes[c & 0xFFFF])
        seen |= v
        flags[j + 1] = np.uint8((v >> TOKEN_FLAGS_SHIFT) & _u64(0xFF))
        _put4(stream, p, v)
        p += np.int64(v >> _u64(56))
    solo = (seen & SOLO_FLAG) != 0
    if wide > 0xFFFF or seen & COMPLEX_FLAG:
        return -1, solo
    if seen & LONG_FOLD_FLAG:
        return -2, solo
    return p, solo


@njit(inline="always")
def _fold_stream_long(text, fold_bytes, fold_keys, fold_offsets, fold_values, flags, stream):
    """:func:`_fold_stream_flags` again for a text with folds of more than
    four bytes (up to twelve), written in full, their numbers in ``flags``;
    -1 when ``stream`` is too short (such folds make most of the text)."""
    m = len(text)
    p = 0
    for j in range(m):
        v = _u64(fold_bytes[np.int64(text[j]) & 0xFFFF])
        if (v & M32) == LONG_FOLD:
            if p + 16 > len(stream) - 24 - 4 * (m - j - 1):
                return -1
            q = _put_long_fold(stream, p, np.int64(text[j]), fold_keys, fold_offsets, fold_values)
            flags[j + 1] = np.uint8((flags[j + 1] & 0x0F) | ((q - p) << 4))
            p = q
            continue
        _put4(stream, p, v)
        p += np.int64(v >> _u64(56))
    return p


@njit(inline="always")
def _stream_edges(flags, in_token, start, m, spans, solo, edges, byte_edges):
    """Token edges as :func:`_token_edges` finds them, with the position of
    each in the stream of :func:`_fold_stream_flags` in ``byte_edges`` (the
    sum of the byte counts in ``flags`` before it); the edges in code points
    only with ``spans`` (signing needs none). With ``solo``, as
    :func:`_solo_token_edges` finds them."""
    n_edges = 0
    p = 0
    if solo:
        # The counts are below the solo flag here: no fold of more than four bytes.
        for j in range(1, m + 2):
            edges[n_edges] = start + j - 1
            edges[n_edges + 1] = start + j - 1
            byte_edges[n_edges] = p
            byte_edges[n_edges + 1] = p
            n_edges += _solo_edge_count(in_token[j - 1], in_token[j])
            p += (flags[j] >> 4) & 7
        return n_edges
    if spans:
        for j in range(1, m + 2):
            edges[n_edges] = start + j - 1
            byte_edges[n_edges] = p
            n_edges += in_token[j] ^ in_token[j - 1]
            p += flags[j] >> 4
    else:
        for j in range(1, m + 2):
            byte_edges[n_edges] = p
            n_edges += in_token[j] ^ in_token[j - 1]
            p += flags[j] >> 4
    return n_edges


@njit(inline="always")
def _hash_stream_tokens(stream, n_edges, three, units):
    """Hashes of the tokens whose bytes are in ``stream``, the positions of
    their edges in ``units``: token ``t`` reads entries ``2t`` and ``2t + 1``
    before it writes entry ``t``. As the ASCII path, words without a branch
    on the length: two (up to 16 bytes) or, with ``three``, three (up to 24:
    most Cyrillic and Greek words, two bytes a letter). The code is written
    out here, not called: an inlined function with a loop would cost each
    token a reference count."""
    n_tokens = n_edges // 2
    for t in range(n_tokens):
        b = np.int64(units[2 * t])
        length = np.int64(units[2 * t + 1]) - b
        if three:
            at = min(length, 24)
            h1 = _rotl((TOKEN_SEED ^ (_pack8(stream, b) & FIRST_OF_3[at])) * P1, S31)
            h2 = _rotl((h1 ^ (_pack8(stream, b + 8) & SECOND_OF_3[at])) * P1, S31)
            h3 = _rotl((h2 ^ (_pack8(stream, b + 16) & THIRD_OF_3[at])) * P1, S31)
            h = h3 if length > 16 else (h2 if length > 8 else h1)
            done = 24
        else:
            at = min(length, 16)
            h1 = _rotl((TOKEN_SEED ^ (_pack8(stream, b) & FIRST_WORD[at])) * P1, S31)
            h2 = _rotl((h1 ^ (_pack8(stream, b + 8) & SECOND_WORD[at])) * P1, S31)
            h = h2 if length > 8 else h1
            done = 16
        i = b + done
        rest = length - done
        while rest >= 8:
            h = _rotl((h ^ _pack8(stream, i)) * P1, S31)
            i += 8
            rest -= 8
        if rest > 0:
            h = _rotl((h ^ (_pack8(stream, i) & FIRST_WORD[rest])) * P1, S31)
        units[t] = _fmix64(h ^ (_u64(length) * P2))
    return n_tokens


@njit(inline="always")
def _mark_tokens(flags, in_token, m):
    """Whether each code point is in a token: no dependence between steps, so
    this loop runs on vectors."""
    for j in range(1, m + 1):
        cur = flags[j]
        prev = flags[j - 1]
        nxt = flags[j + 1]
        joined_apos = (cur >> 2) & prev & nxt & 1
        joined_num = (cur >> 3) & (prev >> 1) & (nxt >> 1) & 1
        in_token[j] = (cur & 1) | joined_apos | joined_num
    in_token[0] = 0
    in_token[m + 1] = 0


@njit(inline="always")
def _mark_solo_tokens(flags, in_token, m):
    """:func:`_mark_tokens` for a text with solo letters: 1 for a code point
    in a word token, 3 for a solo letter (a token of its own). A solo letter
    is not a letter to the apostrophes and dots beside it (``S_SOLO`` is
    not ``S_WORD``), as in the reference's rule."""
    for j in range(1, m + 1):
        cur = flags[j]
        prev = flags[j - 1]
        nxt = flags[j + 1]
        joined_apos = (cur >> 2) & prev & nxt & 1
        joined_num = (cur >> 3) & (prev >> 1) & (nxt >> 1) & 1
        solo = (cur >> 7) & 1
        in_token[j] = (cur & 1) | joined_apos | joined_num | solo | (solo << 1)
    in_token[0] = 0
    in_token[m + 1] = 0


@njit(inline="always")
def _solo_edge_count(before, here):
    """The token edges between two code points marked by :func:`_mark_solo_tokens`:
    one where a token starts or ends, two (an end and a start) between two
    code points in tokens when either is a solo letter."""
    both = before & here & 1
    return np.int64((before ^ here) & 1) + 2 * np.int64(both & ((before | here) >> 1))


@njit(inline="always")
def _solo_token_edges(in_token, start, m, edges):
    """:func:`_token_edges` for a text marked by :func:`_mark_solo_tokens`:
    a solo letter's token ends where it starts the next one, both edges
    written at every step. ``edges`` needs ``2 * m + 2`` entries."""
    n_edges = 0
    for j in range(1, m + 2):
        edges[n_edges] = start + j - 1
        edges[n_edges + 1] = start + j - 1
        n_edges += _solo_edge_count(in_token[j - 1], in_token[j])
    return n_edges


@njit(inline="always")
def _token_edges(in_token, start, m, edges):
    """Token edges, written at every step and kept by advancing the count:
    starts and ends alternate in ``edges``. Return their number."""
    n_edges = 0
    for j in range(1, m + 2):
        edges[n_edges] = start + j - 1
        n_edges += in_token[j] ^ in_token[j - 1]
    return n_edges


@njit(inline="always")
def _dense_non_ascii(text):
    """Whether more than one code point in ``NON_ASCII_SHARE`` of ``text`` is non-ASCII (a pass with
    no table, on vectors)."""
    count = 0
    for j in range(len(text)):
        count += np.int64(text[j] >= 0x80)
    return count * NON_ASCII_SHARE > len(text)


@njit(inline="always")
def _fold_stream_tokens(text, start, fold_bytes, fold_keys, fold_offsets, fold_values, flags, hash_bytes,
                        in_token, edges, units, spans):
    """The tokens of a text dense in non-ASCII letters, from one stream of
    fold bytes (see :func:`scan_simple`): their number, -1 for a text
    :func:`scan` must take, -2 when the stream did not fit (it overwrote
    ``hash_bytes``; ``flags`` hold the text's flags)."""
    m = len(text)
    got, solo = _fold_stream_flags(text, fold_bytes, flags, hash_bytes)
    if got == -1:
        return -1
    if got == -2:
        if solo:  # the byte counts of such folds reach the solo flag's bit: hashed the slow way
            return -2
        got = _fold_stream_long(text, fold_bytes, fold_keys, fold_offsets, fold_values, flags, hash_bytes)
    if got < 0:
        return -2
    if solo:
        _mark_solo_tokens(flags, in_token, m)
    else:
        _mark_tokens(flags, in_token, m)
    n_edges = _stream_edges(flags, in_token, start, m, spans, solo, edges, units)
    # Two bytes a code point (Cyrillic, Greek): three words a token without a branch. Not for solo
    # letters' tokens of three bytes.
    return _hash_stream_tokens(hash_bytes, n_edges, 4 * got > 5 * m and not solo, units)


@njit(cache=True, nogil=True)
def scan_simple(buf, start, end, simple, fold_bytes, fold_keys, fold_offsets, fold_values, flags, hash_bytes,
                in_token, edges, units, spans):
    """The fast path of :func:`scan` for word units: return the number of
    token hashes written to ``units``, or -1 if the text holds anything the
    path leaves to :func:`scan` (see ``_chars.simple_flags``).

    Passes with no branch per character: look up every code point's flags
    and hash byte; mark which are in a token (a letter or digit, an
    apostrophe between letters or digits, ``.``/``,`` between digits); list
    where tokens start and end; then hash each token from its hash bytes,
    eight at a time. A solo letter (``S_SOLO``: Han, kana, Thai...) is a
    token of its own, which ends the token before it; with a combining mark
    after it, it is a text with a mark, which this path leaves aside. A code point that case folding or NFKC turns into
    others takes the flags of what it becomes and spans one position, so
    token edges stay in the original's code points. The table covers code
    points below 65,536: a text with others takes the general path too.

    A text dense in non-ASCII letters (in its first ``DENSITY_PREFIX`` code
    points, or else in all, counted in the first pass) takes a path of its
    own (see :func:`_fold_stream_tokens`): the bytes of each code point's fold
    end to end in ``hash_bytes``, each token hashed from there; with ``spans``
    False (signing) its edges in code points are not written. The scratch
    arrays ``flags`` and ``in_token`` need ``end - start + 2`` entries,
    ``edges`` ``2 * (end - start) + 2`` (two edges a solo letter), ``units``
    ``2 * (end - start) + 8``, ``hash_bytes`` ``4 * (end - start) + 24``.
    """
    m = end - start
    text = buf[start:end]  # indexed from 0 up: no negative index to wrap around
    # Many non-ASCII letters: their folds' bytes in one stream (over ``hash_bytes``), hashed as ASCII
    # is. A few (a name in an English text) cost less hashed the slow way than a pass to write the stream.
    slowly = False  # a stream that did not fit overwrote ``hash_bytes``
    if _dense_non_ascii(text[:DENSITY_PREFIX]):
        n = _fold_stream_tokens(text, start, fold_bytes, fold_keys, fold_offsets, fold_values, flags, hash_bytes,
                                in_token, edges, units, spans)
        if n != -2:
            return n
        slowly = True
    flags[0] = 0
    flags[m + 1] = 0
    seen = np.uint16(0)
    wide = np.int64(0)  # a 32-bit ``buf`` may hold code points past the table
    non_ascii = 0
    for j in range(m):
        c = np.int64(text[j])
        wide |= c
        f = simple[c & 0xFFFF]
        flags[j + 1] = np.uint8(f)
        hash_bytes[j] = np.uint8(f >> np.uint16(8))
        seen |= f
        non_ascii += np.int64((f & S_NONASCII) != 0)
    if seen & S_COMPLEX or wide > 0xFFFF:
        return -1
    if not slowly and non_ascii * NON_ASCII_SHARE > m:  # dense after an ASCII start
        n = _fold_stream_tokens(text, start, fold_bytes, fold_keys, fold_offsets, fold_values, flags, hash_bytes,
                                in_token, edges, units, spans)
        if n != -2:
            return n
        slowly = True
    if seen & S_SOLO:
        _mark_solo_tokens(flags, in_token, m)
        n_tokens = _solo_token_edges(in_token, start, m, edges) // 2
    else:
        _mark_tokens(flags, in_token, m)
        n_tokens = _token_edges(in_token, start, m, edges) // 2
    for t in range(n_tokens):
        s = edges[2 * t]
        e = edges[2 * t + 1]
        length = e - s
        i = s - start
        # A token of up to 16 characters is two words, the second masked to
        # nothing when the token fits in one: no branch on the length. A
        # token with an apostrophe (dropped from the hash) or a non-ASCII
        # character, or a longer one, goes the slow way.
        at = min(length, 16)
        w1 = _pack8(hash_bytes, i) & FIRST_WORD[at]
        w2 = _pack8(hash_bytes, i + 8) & SECOND_WORD[at]
        if slowly or length > 16 or (w1 | w2) & SLOW_BYTES:
            units[t] = _hash_token_slowly(buf, s, e, simple, fold_keys, fold_offsets, fold_values)
            continue
        h1 = _rotl((TOKEN_SEED ^ w1) * P1, S31)
        h2 = _rotl((h1 ^ w2) * P1, S31)
        units[t] = _fmix64((h2 if length > 8 else h1) ^ (_u64(length) * P2))
    return n_tokens


@njit(inline="always")
def _window_hashes(units, first, count, k, windows):
    """``windows[w] = _window_hash(units, first + w, k)`` for ``w < count``,
    one position of the window at a time across all windows: loops with no
    dependence between steps, which run on vectors."""
    windows[:count] = units[first : first + count]
    for j in range(1, k):
        r = _u64((23 * j) % 64)
        shifted = units[first + j : first + j + count]
        for w in range(count):
            windows[w] ^= _rotl(shifted[w], r)
    tail = _u64(k) * P2
    for w in range(count):
        windows[w] = _fmix64(windows[w] ^ tail)


@njit(inline="always")
def _drop_ignored(windows, count, ignore, ignore_bits):
    """Move the shingles of ``windows[:count]`` that are not in the sorted
    array ``ignore`` to its front; return how many there are."""
    kept = 0
    for w in range(count):
        s = windows[w]
        top = s >> _u64(48)
        # Rare: a shingle whose top bits match an ignored one needs a search.
        if (ignore_bits[top >> _u64(6)] >> (top & _u64(63))) & _u64(1) and _in_sorted(ignore, s):
            continue
        windows[kept] = s
        kept += 1
    return kept


@njit(cache=True, nogil=True)
def sketch(units, n, k, scheme, bins, num_perm, key, mult, add, ignore, ignore_bits, windows):
    """Feed every window of ``k`` units in ``units[:n]`` to ``bins``, leaving
    out the shingles in the sorted array ``ignore`` (boilerplate). Windows are
    hashed ``len(windows)`` at a time into the scratch array ``windows``."""
    total = n - k + 1
    for first in range(0, total, len(windows)):
        count = min(len(windows), total - first)
        _window_hashes(units, first, count, k, windows)
        if len(ignore):
            count = _drop_ignored(windows, count, ignore, ignore_bits)
        # One loop per scheme: LLVM compiles a loop that holds both badly,
        # twenty times slower than this.
        if scheme == 0:
            for w in range(count):
                _add_shingle(windows[w], 0, bins, num_perm, key, mult, add)
        else:
            for w in range(count):
                _add_shingle(windows[w], 1, bins, num_perm, key, mult, add)


@njit(cache=True, nogil=True)
def _in_sorted(values, s):
    """Binary search of ``s`` in the sorted array ``values`` (a call of its own:
    rarely reached, it stays out of the hot loop's code)."""
    lo = 0
    hi = len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] < s:
            lo = mid + 1
        else:
            hi = mid
    return lo < len(values) and values[lo] == s


@njit(cache=True, nogil=True)
def finish(units, n, total, k, scheme, bins, num_perm, key, probe_key, mult, add, ignore, out):
    """Sign a text shorter than one shingle (``total < k`` units, all in
    ``units[:n]``), densify, write ``out``; return True when the text had no
    shingle left to sign (``out`` is then all 0xFFFFFFFF)."""
    if total > 0 and total < k:
        s = _window_hash(units, 0, total)
        if not _in_sorted(ignore, s):
            _add_shingle(s, scheme, bins, num_perm, key, mult, add)
    signed = False
    for i in range(num_perm):
        if bins[i] != EMPTY:
            signed = True
            break
    if total == 0 or not signed:
        out[:] = np.uint32(M32)
        return True
    for i in range(num_perm):
        if bins[i] != EMPTY:
            out[i] = np.uint32(bins[i])
            continue
        found = False
        for attempt in range(1, PROBE_LIMIT * num_perm + 1):
            j = _reduce(_fmix64(probe_key ^ (_u64(i) << S32) ^ _u64(attempt)), num_perm)
            if bins[j] != EMPTY:
                out[i] = np.uint32(bins[j])
                found = True
                break
        if not found:
            for step in range(1, num_perm):
                j = (i + step) % num_perm
                if bins[j] != EMPTY:
                    out[i] = np.uint32(bins[j])
                    break
    return False


@njit(cache=True, nogil=True)
def _scratch(starts, ends, char_mode):
    """Scratch arrays for the longest of a batch's documents."""
    longest = 0
    for d in range(len(starts)):
        longest = max(longest, ends[d] - starts[d])
    # Word units: room for two edges a code point (a text of solo letters) before the hashes.
    units = np.empty((4 if char_mode else 2) * longest + 8, dtype=np.uint64)
    flags = np.empty(longest + 2, dtype=np.uint8)
    hash_bytes = np.empty(4 * longest + 24, dtype=np.uint8)
    in_token = np.empty(longest + 2, dtype=np.uint8)
    edges = np.empty(2 * longest + 2, dtype=np.int64)
    state = np.zeros(1, dtype=np.int64)
    return units, flags, hash_bytes, in_token, edges, state


@njit(inline="always")
def _document_units(buf, start, end, check_nfkc, char_mode, classes, fold_keys, fold_offsets,
                    fold_values, simple, fold_bytes, units, flags, hash_bytes, in_token, edges, state):
    """Units of one document: the fast path when it applies, else the general
    scan; -1 when the document needs NFKC first."""
    n = -1
    if not char_mode:
        n = scan_simple(buf, start, end, simple, fold_bytes, fold_keys, fold_offsets, fold_values, flags, hash_bytes,
                        in_token, edges, units, False)
    if n < 0:
        state[0] = 0
        n = scan(buf, start, end, check_nfkc, classes, fold_keys, fold_offsets, fold_values,
                 char_mode, units, 0, state)
    return n


@njit(cache=True, nogil=True)
def sign_batch(buf, starts, ends, check_nfkc, classes, fold_keys, fold_offsets, fold_values, simple, fold_bytes,
               k, char_mode, scheme, num_perm, key, probe_key, mult, add, ignore, ignore_bits, out, empty,
               needs_nfkc, anchor_bits, anchors, anchor_counts):
    """Sign each document ``buf[starts[d]:ends[d]]`` into ``out[d]``; flag in
    ``needs_nfkc`` the documents that must be NFKC-normalised first.

    With ``anchor_bits`` > 0, also write each document's anchors (its
    shingle hashes whose top ``anchor_bits`` bits are zero, sorted, unique; no
    shingle left out) one document after another into ``anchors``,
    ``anchor_counts[d]`` of them, and return how many were written."""
    units, flags, hash_bytes, in_token, edges, state = _scratch(starts, ends, char_mode)
    bins = np.empty(num_perm, dtype=np.uint64)
    windows = np.empty(WINDOW_BLOCK, dtype=np.uint64)
    pos = 0
    for d in range(len(starts)):
        anchor_counts[d] = 0
        n = _document_units(buf, starts[d], ends[d], check_nfkc, char_mode, classes, fold_keys,
                            fold_offsets, fold_values, simple, fold_bytes, units, flags, hash_bytes, in_token, edges,
                            state)
        if n < 0:
            needs_nfkc[d] = True
            continue
        bins[:] = EMPTY
        sketch(units, n, k, scheme, bins, num_perm, key, mult, add, ignore, ignore_bits, windows)
        empty[d] = finish(units, n, n, k, scheme, bins, num_perm, key, probe_key, mult, add, ignore, out[d])
        if anchor_bits > 0 and n > 0:
            anchor_counts[d] = _shingle_set(units, n, k, anchor_bits, windows, anchors, pos)
            pos += anchor_counts[d]
    return pos


@njit(inline="always")
def _shingle_set(units, n, k, bits, windows, out, pos):
    """Write the sorted, unique window hashes of ``units[:n]`` to
    ``out[pos:]`` (with ``bits`` > 0, only those whose top ``bits`` bits are
    zero: anchors); return how many."""
    width = min(k, n)
    total = n - width + 1
    end = pos
    for first in range(0, total, len(windows)):
        count = min(len(windows), total - first)
        _window_hashes(units, first, count, width, windows)
        for w in range(count):
            if bits == 0 or (windows[w] >> _u64(64 - bits)) == 0:
                out[end] = windows[w]
                end += 1
    out[pos:end].sort()
    kept = pos
    for i in range(pos, end):
        if i == pos or out[i] != out[kept - 1]:
            out[kept] = out[i]
            kept += 1
    return kept - pos


@njit(cache=True, nogil=True)
def token_spans(buf, simple, fold_bytes, fold_keys, fold_offsets, fold_values, flags, hash_bytes, in_token, edges,
                units):
    """Token spans (as alternating starts and ends in ``edges``) and token
    hashes of the code points in ``buf``; -1 when the text needs the general
    tokeniser. See :func:`scan_simple`."""
    return scan_simple(buf, 0, len(buf), simple, fold_bytes, fold_keys, fold_offsets, fold_values, flags, hash_bytes,
                       in_token, edges, units, True)


from ._regions import find_regions as _find_regions_py  # noqa: E402

# The same function the reference engine runs, compiled.
find_regions = njit(cache=True, nogil=True)(_find_regions_py)


@njit(cache=True, nogil=True)
def shingle_batch(buf, starts, ends, classes, fold_keys, fold_offsets, fold_values, simple, fold_bytes, k,
                  top_zero_bits, out, counts, needs_nfkc):
    """The set of word-shingle hashes of each document ``buf[starts[d]:ends[d]]``,
    sorted, written one after another into ``out`` (``counts[d]`` of them);
    return how many were written. With ``top_zero_bits`` > 0 only the hashes
    whose top bits are zero (anchors) are kept. Documents that need NFKC first
    are flagged in ``needs_nfkc`` and get no shingles here."""
    units, flags, hash_bytes, in_token, edges, state = _scratch(starts, ends, False)
    windows = np.empty(WINDOW_BLOCK, dtype=np.uint64)
    pos = 0
    for d in range(len(starts)):
        counts[d] = 0
        n = _document_units(buf, starts[d], ends[d], True, False, classes, fold_keys,
                            fold_offsets, fold_values, simple, fold_bytes, units, flags, hash_bytes, in_token, edges,
                            state)
        if n < 0:
            needs_nfkc[d] = True
            continue
        if n > 0:
            counts[d] = _shingle_set(units, n, k, top_zero_bits, windows, out, pos)
            pos += counts[d]
    return pos


@njit(cache=True, nogil=True)
def frequent_sorted(values, min_count):
    """See :func:`._reference.frequent_values`, for ``values`` already sorted:
    one pass over the runs of equal values, no temporaries (a sample's 12
    million shingles would otherwise cost as much in page faults as in work)."""
    found = np.empty(len(values) // max(min_count, 1) + 1, dtype=values.dtype)
    m = 0
    i = 0
    while i < len(values):
        j = i + 1
        while j < len(values) and values[j] == values[i]:
            j += 1
        if j - i >= min_count:
            found[m] = values[i]
            m += 1
        i = j
    return found[:m]


@njit(cache=True, nogil=True)
def _merge_pass(src_k, src_d, bounds, dst_k, dst_d):
    """Merge runs ``2r`` and ``2r + 1`` of ``src`` into ``dst``; return the
    bounds of the merged runs. The inner loop has no branch on the keys
    (random hashes would mispredict half the time): it selects, then steps."""
    merged = np.empty((len(bounds) + 1) // 2 + 1, dtype=bounds.dtype)
    m = 0
    for r in range(0, len(bounds) - 1, 2):
        lo, mid = bounds[r], bounds[r + 1]
        hi = bounds[r + 2] if r + 2 < len(bounds) else mid
        i, j, o = lo, mid, lo
        while i < mid and j < hi:
            ki, kj = src_k[i], src_k[j]
            right = kj < ki  # equal keys: the left run first (stable)
            dst_k[o] = kj if right else ki
            dst_d[o] = src_d[j] if right else src_d[i]
            j += right
            i += not right
            o += 1
        dst_k[o : o + mid - i] = src_k[i:mid]
        dst_d[o : o + mid - i] = src_d[i:mid]
        o += mid - i
        dst_k[o : o + hi - j] = src_k[j:hi]
        dst_d[o : o + hi - j] = src_d[j:hi]
        merged[m] = lo
        m += 1
    merged[m] = bounds[len(bounds) - 1]
    return merged[: m + 1]


@njit(cache=True, nogil=True)
def merge_runs(keys, docs, bounds, spare_k, spare_d):
    """See :func:`._reference.merge_runs`: adjacent runs merged pairwise,
    left run first on equal keys, until one run is left; return the arrays
    that hold it, ``keys, docs`` or ``spare_k, spare_d`` (both are worked in:
    the caller allocates them, with numpy, which asks for huge pages and so
    spares a merge of a million articles' postings most of its page faults)."""
    src_k, src_d, dst_k, dst_d = keys, docs, spare_k, spare_d
    while len(bounds) > 2:
        bounds = _merge_pass(src_k, src_d, bounds, dst_k, dst_d)
        src_k, dst_k = dst_k, src_k
        src_d, dst_d = dst_d, src_d
    return src_k, src_d


@njit(cache=True, nogil=True)
def sort_postings(keys, docs):
    """See :func:`._reference.sort_postings`. Keys are hashes, so a counting
    pass on 16 of their high bits leaves a few keys a bucket, each put in
    place by insertion (strictly greater keys move: stable); a crowded bucket
    (clustered keys) is sorted by a stable mergesort instead."""
    n = len(keys)
    out_k, out_d = np.empty_like(keys), np.empty_like(docs)
    if n == 0:
        return out_k, out_d
    top = keys.max()
    width = 0
    while width < 64 and (top >> _u64(width)) != 0:
        width += 1
    shift = _u64(max(width - 16, 0))
    starts = np.zeros((1 << 16) + 1, dtype=np.int64)
    for i in range(n):
        starts[np.int64((keys[i] >> shift) & _u64(0xFFFF)) + 1] += 1
    for b in range(1 << 16):
        starts[b + 1] += starts[b]
    fill = starts[:-1].copy()
    for i in range(n):
        b = np.int64((keys[i] >> shift) & _u64(0xFFFF))
        out_k[fill[b]] = keys[i]
        out_d[fill[b]] = docs[i]
        fill[b] += 1
    for b in range(1 << 16):
        lo, hi = starts[b], starts[b + 1]
        if hi - lo > 32:
            order = np.argsort(out_k[lo:hi], kind="mergesort")
            out_k[lo:hi] = out_k[lo:hi][order]
            out_d[lo:hi] = out_d[lo:hi][order]
            continue
        for i in range(lo + 1, hi):
            key, doc = out_k[i], out_d[i]
            j = i - 1
            while j >= lo and out_k[j] > key:
                out_k[j + 1] = out_k[j]
                out_d[j + 1] = out_d[j]
                j -= 1
            out_k[j + 1] = key
            out_d[j + 1] = doc
    return out_k, out_d
