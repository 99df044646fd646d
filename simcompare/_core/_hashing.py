"""The hash functions every engine implements, written out in plain Python.

This module is the specification: the reference engine calls these functions
and the compiled engine re-implements them with the same constants, and the
differential tests hold the two to the same bits.

* ``token_hash(b)``: 64-bit hash of a token's UTF-8 bytes, eight bytes at a
  time (little-endian words), finished with MurmurHash3's ``fmix64``.
* ``char_unit(cp)``: the unit of one character for character shingles.
* ``shingle_hash(units)``: 64-bit hash of an ordered window of units: the
  XOR of the units rotated by 23 bits per position, finished with ``fmix64``.
  Rotations, not multiplies, so the windows of a text hash in a few cycles.
* ``seed_stream(seed)``: SplitMix64, which turns one seed into the keys of
  the MinHash permutations.
* ``oph_slot`` / ``densify_probe``: one-permutation hashing (one multiply
  per shingle, keyed by the seed, picks a slot and a value) and the probe sequence of optimal
  densification (Shrivastava, ICML 2017) that fills empty slots.
* ``kperm_value``: the p-th of ``num_perm`` multiply-shift permutations used by
  classic k-permutation MinHash.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["MASK64", "MASK32", "EMPTY", "P1", "P2", "TOKEN_SEED", "SHINGLE_SEED", "PROBE_LIMIT", "rotl64", "fmix64",
           "token_hash", "char_unit", "shingle_hash", "seed_stream", "reduce", "oph_slot", "densify_probe",
           "kperm_keys", "kperm_value"]

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
    r %= 64
    return ((x << r) | (x >> (64 - r))) & MASK64 if r else x


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


def char_unit(cp: int) -> int:
    return fmix64(cp ^ SHINGLE_SEED)


def shingle_hash(units: Iterable[int]) -> int:
    s = 0
    n = 0
    for position, unit in enumerate(units):
        s ^= rotl64(unit, (23 * position) % 64)
        n += 1
    return fmix64(s ^ ((n * P2) & MASK64))


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
    """Return ``(slot, value)`` of a shingle under one-permutation hashing.

    ``shingle`` is already a well-mixed hash, so one multiply keyed by the
    seed is a random enough permutation: slot from the top bits, value from
    the low 32."""
    v = ((shingle ^ key) * P1) & MASK64
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
