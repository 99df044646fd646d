"""Signature parameters: what a signature was made with, and whether two match."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Literal

from .errors import IncompatibleSignaturesError, ParameterError

__all__ = ["SignatureParams", "SCHEMES", "SHINGLE_KINDS"]

SCHEMES = ("oph", "kperm")
SHINGLE_KINDS = ("word", "char")
# Bump when tokenising, hashing or signing changes, so that old signatures are
# refused instead of compared silently with new ones.
ALGORITHM_VERSION = 1


@dataclass(frozen=True)
class SignatureParams:
    """Everything that decides a signature's values.

    Attributes
    ----------
    num_perm:
        Number of slots (permutations) per signature, 1 to 65,536.
    shingle_size:
        Words (or characters, for ``shingle_kind="char"``) per shingle, 1 to 64.
    seed:
        Seed of the hash permutations, 0 to 2**63 - 1.
    scheme:
        ``"oph"``: one-permutation hashing with optimal densification (one hash
        per shingle); ``"kperm"``: classic MinHash, ``num_perm`` hashes per shingle.
    shingle_kind:
        ``"word"`` n-grams of tokens, or ``"char"`` n-grams of the characters of
        the tokens joined by single spaces (for short or noisy text).
    version:
        simcompare's algorithm version; signatures of other versions are refused.
    """

    num_perm: int = 128
    shingle_size: int = 5
    seed: int = 1
    scheme: Literal["oph", "kperm"] = "oph"
    shingle_kind: Literal["word", "char"] = "word"
    version: int = ALGORITHM_VERSION

    def __post_init__(self) -> None:
        _check_int("num_perm", self.num_perm, 1, 1 << 16)
        _check_int("shingle_size", self.shingle_size, 1, 64)
        _check_int("seed", self.seed, 0, (1 << 63) - 1)
        _check_int("version", self.version, 1, ALGORITHM_VERSION)
        if self.scheme not in SCHEMES:
            raise ParameterError(f"scheme must be one of {', '.join(SCHEMES)}, got {self.scheme!r}")
        if self.shingle_kind not in SHINGLE_KINDS:
            raise ParameterError(
                f"shingle_kind must be one of {', '.join(SHINGLE_KINDS)}, got {self.shingle_kind!r}"
            )

    def check_compatible(self, other: SignatureParams) -> None:
        """Raise unless signatures made with ``self`` and ``other`` can be compared.

        Raises
        ------
        IncompatibleSignaturesError
            Naming every differing parameter with both values, e.g.
            ``num_perm mismatch: 128 != 64``.

        Examples
        --------
        >>> SignatureParams().check_compatible(SignatureParams(num_perm=64))
        Traceback (most recent call last):
        ...
        simcompare.errors.IncompatibleSignaturesError: num_perm mismatch: 128 != 64
        """
        problems = [
            f"{f.name} mismatch: {getattr(self, f.name)!r} != {getattr(other, f.name)!r}"
            for f in fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
        ]
        if problems:
            raise IncompatibleSignaturesError("; ".join(problems))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SignatureParams:
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ParameterError(f"unknown signature parameters: {', '.join(sorted(unknown))}")
        return cls(**data)


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(f"{name} must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise ParameterError(f"{name} must be in [{low}, {high}], got {value}")
