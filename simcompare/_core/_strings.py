"""Code points of many ``str`` objects, copied by compiled code without the GIL.

Joining a batch of texts and copying its code points out (``"".join`` and an
encode or ``PyUnicode_AsUCS4``) is work that holds the GIL: with it, a
second signing thread waits for the first about one part in seven. Yet a
CPython ``str`` is an immutable object whose code points lie in memory right
after its header, one, two or four bytes each (PEP 393). So Python hands the
kernels only the texts' addresses (``id``), and :func:`gather` copies their
code points into one buffer, in parallel threads, while the list of texts
keeps them alive.

That relies on where CPython keeps a string's length, flags and code points.
:func:`layout` reads it off sample strings of every kind once, checks it
against what Python says of them, and returns None where anything differs
(another Python implementation or build); callers then copy the portable way.
:func:`gather` also checks every text's length and kind flags before it
copies, and refuses a batch holding anything but compact strings (a ``str``
subclass, say).
"""

from __future__ import annotations

import ctypes
import sys
from functools import lru_cache

import numpy as np
from llvmlite import ir
from numba import carray, njit, types
from numba.core import cgutils
from numba.extending import intrinsic

__all__ = ["layout", "widest_kind", "gather", "UNIT"]

#: The code unit dtype for each kind (bytes per code point).
UNIT = {1: np.uint8, 2: np.uint16, 4: np.uint32}
# The flag bits of a str (PyASCIIObject.state): kind in bits 2-4, then
# "compact" (code points follow the header) and "ascii".
KIND_SHIFT, COMPACT_BIT, ASCII_BIT = 2, 5, 6
_ENCODING = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}


@lru_cache(maxsize=1)
def layout() -> np.ndarray | None:
    """Byte offsets in a str object of its length, its flags, and its code
    points when it is ASCII and when it is not: ``int64[4]``; None when this
    Python does not lay strings out so (checked on samples of every kind)."""
    if sys.implementation.name != "cpython" or sys.byteorder != "little":
        return None
    length_at = object.__basicsize__  # after the object header: length, hash, flags
    state_at = length_at + 2 * ctypes.sizeof(ctypes.c_ssize_t)
    ascii_at = sys.getsizeof("") - 1  # the header, then the NUL that ends the code points
    compact_at = sys.getsizeof("\xe9") - 2
    samples = ["", "news", "caf\xe9 \xa310", "\u201cquoted\u201d \u2019", "\U0001f600 emoji \u00e9",
               "".join(["wire copy "] * 50), "".join(["\u041c\u043e\u0441\u043a\u0432\u0430 "] * 20)]
    for text in samples:
        widest = max(map(ord, text), default=0)
        kind = 1 if widest < 0x100 else 2 if widest < 0x10000 else 4
        length = int.from_bytes(ctypes.string_at(id(text) + length_at, ctypes.sizeof(ctypes.c_ssize_t)),
                                "little", signed=True)
        state = int.from_bytes(ctypes.string_at(id(text) + state_at, 4), "little")
        data_at = ascii_at if text.isascii() else compact_at
        if (length != len(text) or (state >> KIND_SHIFT) & 7 != kind or not (state >> COMPACT_BIT) & 1
                or bool((state >> ASCII_BIT) & 1) != text.isascii()
                or ctypes.string_at(id(text) + data_at, kind * len(text)) != text.encode(_ENCODING[kind])):
            return None
    return np.array([length_at, state_at, ascii_at, compact_at], dtype=np.int64)


def _pointer(nbtype):
    """An intrinsic turning an address (int64) into a typed pointer."""

    @intrinsic
    def at(typingctx, address):
        pointer = types.CPointer(nbtype)

        def codegen(context, builder, signature, args):
            return builder.inttoptr(args[0], context.get_value_type(pointer))

        return pointer(types.int64), codegen

    return at


_u8_at, _u16_at, _u32_at, _i64_at = (_pointer(t) for t in (types.uint8, types.uint16, types.uint32, types.int64))


@intrinsic
def _copy(typingctx, destination, source, size):
    """memcpy of ``size`` bytes between two addresses (int64)."""

    def codegen(context, builder, signature, args):
        byte_pointer = ir.IntType(8).as_pointer()
        to, start, count = (builder.inttoptr(a, byte_pointer) if k < 2 else a for k, a in enumerate(args))
        cgutils.raw_memcpy(builder, to, start, count, 1)
        return context.get_dummy_value()

    return types.void(types.int64, types.int64, types.int64), codegen


@njit(inline="always")
def _flags(address, length, offsets):
    """The flags of the str at ``address``, or 0 if it is not a compact str
    of ``length`` code points (a compact str has a flag set: never 0)."""
    if carray(_i64_at(address + offsets[0]), 1)[0] != length:
        return 0
    state = carray(_u32_at(address + offsets[1]), 1)[0]
    return state if (state >> COMPACT_BIT) & 1 else 0


@njit(cache=True, nogil=True)
def widest_kind(addresses, lengths, offsets):
    """The widest kind (1, 2 or 4 bytes a code point) among the texts, or 0
    if one of them cannot be read in place (then nothing may be gathered)."""
    widest = 1
    for d in range(len(addresses)):
        state = _flags(addresses[d], lengths[d], offsets)
        if state == 0:
            return 0
        widest = max(widest, (state >> KIND_SHIFT) & 7)
    return widest


@njit(cache=True, nogil=True)
def gather(addresses, starts, lengths, offsets, out):
    """Copy the code points of each text ``d`` into ``out[starts[d]:starts[d] + lengths[d]]``,
    widening them to ``out``'s unit; return False (having copied nothing
    more) at a text that cannot be read in place or does not fit ``out``."""
    for d in range(len(addresses)):
        address, start, n = addresses[d], starts[d], lengths[d]
        state = _flags(address, n, offsets)
        kind = (state >> KIND_SHIFT) & 7
        if state == 0 or kind > out.itemsize:
            return False
        data = address + (offsets[2] if (state >> ASCII_BIT) & 1 else offsets[3])
        if kind == out.itemsize:
            _copy(out.ctypes.data + start * kind, data, n * kind)
        elif kind == 1:
            source1 = carray(_u8_at(data), n)
            for i in range(n):
                out[start + i] = source1[i]
        else:  # two bytes a code point, into four
            source2 = carray(_u16_at(data), n)
            for i in range(n):
                out[start + i] = source2[i]
    return True
