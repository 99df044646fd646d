"""The hash functions every engine implements, written out in plain Python.

This module is the specification: the reference engine calls these functions
and the compiled engine re-implements them with the same constants, and the
differential tests hold the two to the same bits.

* ``token_hash(b)``: 64-bit hash of a token's UTF-8 bytes, eight bytes at a
  time (little-endian words), finished with MurmurHash3's ``fmix64``.
* ``shingle_hash(units)``: 64-bit hash of an ordered window of units (token
  hashes, or code points for character shingles).
* ``seed_stream(seed)``: SplitMix64, which turns one seed into the keys of
  the MinHash permutations.
* ``oph_slot`` / ``densify_probe``: one-permutation hashing (one hash per
  shingle picks a slot and a value) and the probe sequence of optimal
  densification (Shrivastava, ICML 2017) that fills empty slots.
* ``kperm_value``: the p-th of ``num_perm`` multiply-shift permutations used by
  classic k-permutation MinHash.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

MASK64 = (1 << 64) - 1
MASK32 = (1 << 32) - 1
# An empty slot: larger than every 32-bit value.
EMPTY = 1 << 32

P1 = 0x9E3779B97F4A7C15
P2 = 0xC2B2AE3D27D4EB4F
TOKEN_SEED = 0x27D4EB2F165667C5
SHINGLE_SEED = 0x165667B19E3779F9
# Optimal densification probes at most this many times num_perm slots, then
# takes the next filled slot to the right, so it always ends.
PROBE_LIMIT = 1000


def rotl64(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & MASK64


def fmix64(x: int) -> int:
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & MASK64
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & MASK64
    return x ^ (x >> 33)


def token_hash(data: bytes) -> int:
    h = TOKEN_SEED
    for i in range(0, len(data), 8):
        word = int.from_bytes(data[i : i + 8], "little")
        h = rotl64(((h ^ word) * P1) & MASK64, 31)
    return fmix64(h ^ ((len(data) * P2) & MASK64))


def shingle_hash(units: Iterable[int]) -> int:
    s = SHINGLE_SEED
    n = 0
    for unit in units:
        s = rotl64(((s ^ unit) * P2) & MASK64, 27)
        n += 1
    return fmix64(s ^ n)


def seed_stream(seed: int) -> Iterator[int]:
    state = seed & MASK64
    while True:
        state = (state + P1) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        yield z ^ (z >> 31)


def reduce(x: int, n: int) -> int:
    """Map the top 32 bits of ``x`` onto ``range(n)`` (Lemire's multiply-shift)."""
    return ((x >> 32) * n) >> 32


def oph_slot(shingle: int, key: int, num_perm: int) -> tuple[int, int]:
    """Return ``(slot, value)`` of a shingle under one-permutation hashing."""
    v = fmix64(shingle ^ key)
    return reduce(v, num_perm), v & MASK32


def densify_probe(slot: int, attempt: int, key: int, num_perm: int) -> int:
    """The slot that empty ``slot`` copies from on its ``attempt``-th try."""
    return reduce(fmix64(key ^ (slot << 32) ^ attempt), num_perm)


def kperm_keys(seed: int, num_perm: int) -> tuple[list[int], list[int]]:
    """Multipliers (odd) and offsets of the k-permutation scheme."""
    stream = seed_stream(seed)
    next(stream)
    next(stream)  # the first two keys belong to one-permutation hashing
    mult, add = [], []
    for _ in range(num_perm):
        mult.append(next(stream) | 1)
        add.append(next(stream))
    return mult, add


def kperm_value(shingle: int, mult: int, add: int) -> int:
    return ((mult * shingle + add) & MASK64) >> 32
