"""Compiled scanning of JSON string literals: their lengths, and their code points.

:func:`text_lengths` is the compiled :func:`simcompare._core.json_text_lengths`;
:func:`decode` lets the signer (:mod:`._fast`) put the texts of a
:class:`~._json.JsonTexts` straight into its buffer of code points, one code
unit per code point, without a ``str`` per text.

News text is mostly plain ASCII between escapes and the odd multi-byte
character, so both read 32 bytes at a time as one vector (an unaligned load,
whatever SIMD the CPU has), flag the bytes that are not plain (a high bit, a
quote, a backslash, a control character) in one bit mask, and copy (widened)
the plain bytes before the first flag in one store. What is not plain is
decoded one character at a time by :func:`code_point_at`, which checks what
``json.loads`` of the strictly decoded UTF-8 checks. A literal's closing
quote is flagged too, so a vector may run past it as long as it stays inside
the data (the stored units past a text belong to the texts after it, which
are decoded later); only the last bytes of the data go one at a time.
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

__all__ = ["text_lengths", "decode", "plain_flags", "trailing_zeros", "skip_plain", "code_point_at", "VECTOR",
           "QUOTE", "BACKSLASH"]

#: Bytes read as one vector.
VECTOR = 32
QUOTE, BACKSLASH = 0x22, 0x5C
INVALID = -1
_I8 = ir.IntType(8)
_BYTES = ir.VectorType(_I8, VECTOR)


def _splat(value: int) -> ir.Constant:
    return ir.Constant(_BYTES, [ir.Constant(_I8, value)] * VECTOR)


@intrinsic
def plain_flags(typingctx, address):
    """A bit for each of the VECTOR bytes at ``address`` (int64) that is not
    plain ASCII text: below 0x20 or above 0x7F (below 0x20 as signed bytes),
    a quote or a backslash."""

    def codegen(context, builder, signature, args):
        v = builder.load(builder.inttoptr(args[0], _BYTES.as_pointer()), align=1)
        flagged = builder.or_(builder.icmp_signed("<", v, _splat(0x20)), builder.icmp_unsigned("==", v, _splat(QUOTE)))
        flagged = builder.or_(flagged, builder.icmp_unsigned("==", v, _splat(BACKSLASH)))
        return builder.zext(builder.bitcast(flagged, ir.IntType(VECTOR)), ir.IntType(64))

    return types.uint64(types.int64), codegen


def _copier(bits: int):
    """An intrinsic storing the VECTOR bytes at ``source`` as VECTOR code units of ``bits`` bits at ``target``."""

    @intrinsic
    def copy(typingctx, target, source):
        def codegen(context, builder, signature, args):
            v = builder.load(builder.inttoptr(args[1], _BYTES.as_pointer()), align=1)
            if bits > 8:
                v = builder.zext(v, ir.VectorType(ir.IntType(bits), VECTOR))
            builder.store(v, builder.inttoptr(args[0], v.type.as_pointer()), align=1)
            return context.get_dummy_value()

        return types.void(types.int64, types.int64), codegen

    return copy


_copy1, _copy2, _copy4 = _copier(8), _copier(16), _copier(32)


@intrinsic
def trailing_zeros(typingctx, value):
    """The trailing zero bits of a nonzero uint64, as int64."""

    def codegen(context, builder, signature, args):
        return builder.cttz(args[0], ir.Constant(ir.IntType(1), 1))

    return types.int64(types.uint64), codegen


@njit(inline="always")
def skip_plain(address, p, size):
    """The first index from ``p`` on (``p + VECTOR <= size``) whose byte is not plain ASCII text, read a
    vector at a time; it stops at the last VECTOR bytes of the ``size`` bytes at ``address``."""
    flags = plain_flags(address + p)
    while flags == 0:
        p += VECTOR
        flags = plain_flags(address + p) if p + VECTOR <= size else np.uint64(1)
    return p + trailing_zeros(flags)


@njit(inline="always")
def _hex4(data, p):
    """The value of the four hex digits at ``data[p:p + 4]``, or -1."""
    v = 0
    for k in range(4):
        c = data[p + k]
        if 48 <= c <= 57:
            d = c - 48
        elif 97 <= c <= 102:
            d = c - 87
        elif 65 <= c <= 70:
            d = c - 55
        else:
            return -1
        v = (v << 4) | d
    return v


@njit(inline="always")
def _escape(data, p, last):
    """The code point of the escape at ``data[p]`` (a backslash) and the index
    after it; -1 for an invalid escape. A high surrogate escape followed by a
    low one is one code point; any other surrogate escape stands alone (as in
    CPython's scanner)."""
    if p + 1 >= last:
        return INVALID, p
    c = data[p + 1]
    if c == 117:  # u
        if p + 6 > last:
            return INVALID, p
        v = _hex4(data, p + 2)
        if v < 0:
            return INVALID, p
        if 0xD800 <= v < 0xDC00 and p + 12 <= last and data[p + 6] == BACKSLASH and data[p + 7] == 117:
            v2 = _hex4(data, p + 8)
            if v2 < 0:
                return INVALID, p
            if 0xDC00 <= v2 < 0xE000:
                return 0x10000 + ((v - 0xD800) << 10) + (v2 - 0xDC00), p + 12
        return v, p + 6
    if c == QUOTE or c == BACKSLASH or c == 47:  # " \ /
        return np.int64(c), p + 2
    if c == 110:  # n
        return 10, p + 2
    if c == 116:  # t
        return 9, p + 2
    if c == 114:  # r
        return 13, p + 2
    if c == 98:  # b
        return 8, p + 2
    if c == 102:  # f
        return 12, p + 2
    return INVALID, p


@njit(inline="always")
def code_point_at(data, p, last):
    """The code point that starts at ``data[p]`` (``p < last``, ``data[last]``
    the closing quote) and the index after it; -1 where the literal is
    invalid there. Strict UTF-8: no overlong form, surrogate or code point
    past U+10FFFF; a truncated sequence meets the closing quote, which is no
    continuation byte, so nothing past ``last`` is read."""
    b = np.int64(data[p])
    if b < 0x80:
        if b == BACKSLASH:
            return _escape(data, p, last)
        if b == QUOTE or b < 0x20:
            return INVALID, p
        return b, p + 1
    if b < 0xC2:
        return INVALID, p
    c1 = np.int64(data[p + 1])
    if b < 0xE0:
        if c1 & 0xC0 != 0x80:
            return INVALID, p
        return ((b & 0x1F) << 6) | (c1 & 0x3F), p + 2
    if b < 0xF0:
        if c1 < (0xA0 if b == 0xE0 else 0x80) or c1 > (0x9F if b == 0xED else 0xBF):
            return INVALID, p
        c2 = np.int64(data[p + 2])
        if c2 & 0xC0 != 0x80:
            return INVALID, p
        return ((b & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F), p + 3
    if b > 0xF4 or c1 < (0x90 if b == 0xF0 else 0x80) or c1 > (0x8F if b == 0xF4 else 0xBF):
        return INVALID, p
    c2 = np.int64(data[p + 2])
    if c2 & 0xC0 != 0x80:
        return INVALID, p
    c3 = np.int64(data[p + 3])
    if c3 & 0xC0 != 0x80:
        return INVALID, p
    return ((b & 0x07) << 18) | ((c1 & 0x3F) << 12) | ((c2 & 0x3F) << 6) | (c3 & 0x3F), p + 4


@njit(inline="always")
def _quoted(data, s, e):
    """Whether ``data[s:e]`` has an opening and a closing quote."""
    return e - s >= 2 and data[s] == QUOTE and data[e - 1] == QUOTE


@njit(cache=True, nogil=True)
def text_lengths(data, starts, ends):
    """Code points of each literal ``data[starts[i]:ends[i]]``, or -1 (see
    :func:`simcompare._core.json_text_lengths`)."""
    out = np.empty(len(starts), dtype=np.int64)
    address = data.ctypes.data
    size = len(data)
    for i in range(len(starts)):
        s, e = starts[i], ends[i]
        if not _quoted(data, s, e):
            out[i] = INVALID
            continue
        last = e - 1
        p = s + 1
        n = 0
        while p < last:
            if p + VECTOR <= size:
                run = skip_plain(address, p, size) - p  # no quote among them: all before the closing one
                p += run
                n += run
                if p >= last:
                    break
            cp, p = code_point_at(data, p, last)
            if cp < 0:
                n = INVALID
                break
            n += 1
        out[i] = n
    return out


@njit(inline="always")
def _store(out, target, o, address, p):
    """The VECTOR bytes at ``address + p`` as ``out[o:o + VECTOR]``, widened to ``out``'s unit."""
    if out.itemsize == 1:
        _copy1(target + o, address + p)
    elif out.itemsize == 2:
        _copy2(target + 2 * o, address + p)
    else:
        _copy4(target + 4 * o, address + p)


@njit(cache=True, nogil=True)
def decode(data, starts, ends, lengths, out_starts, out, first):
    """Decode each literal ``data[starts[i]:ends[i]]``, from text ``first`` on,
    into ``out[out_starts[i]:out_starts[i] + lengths[i]]``, one code unit per
    code point; a text with ``ends == starts`` (and length 0) is left out.
    The texts' shares of ``out`` must follow one another in order: units
    stored past a text's share belong to the texts after it.

    Returns ``(i, code)``: ``code`` 0 when every text is done; 1 when text
    ``i`` is not a valid literal of ``lengths[i]`` code points; 2 or 4 when
    text ``i`` has a code point that ``out``'s unit cannot hold, and needs
    units of that many bytes (the texts before it are done: widen them and go
    on from ``i``).
    """
    address = data.ctypes.data
    target = out.ctypes.data
    size, units = len(data), len(out)
    top = 0xFF if out.itemsize == 1 else 0xFFFF if out.itemsize == 2 else 0x10FFFF
    for i in range(first, len(starts)):
        s, e = starts[i], ends[i]
        if s == e and lengths[i] == 0:
            continue
        if not _quoted(data, s, e):
            return i, 1
        last = e - 1
        p = s + 1
        o = out_starts[i]
        stop = o + lengths[i]
        while p < last:
            # The plain bytes from p on, a vector at a time (written out here:
            # as a helper returning (p, o), this loop took twice the time).
            if p + VECTOR <= size:
                flags = plain_flags(address + p)
                while flags == 0:  # no quote in it: all before the closing one
                    if o + VECTOR > stop:
                        return i, 1
                    _store(out, target, o, address, p)
                    p += VECTOR
                    o += VECTOR
                    flags = plain_flags(address + p) if p + VECTOR <= size else np.uint64(1)
                run = trailing_zeros(flags)
                if o + run > stop:
                    return i, 1
                if o + VECTOR <= units:  # the units past the run are rewritten later
                    _store(out, target, o, address, p)
                else:
                    for j in range(run):
                        out[o + j] = data[p + j]
                p += run
                o += run
                if p >= last:
                    break
            cp, p = code_point_at(data, p, last)
            if cp < 0 or o >= stop:
                return i, 1
            if cp > top:
                return i, 2 if cp <= 0xFFFF else 4
            out[o] = cp
            o += 1
        if o != stop:
            return i, 1
    return len(starts), 0
