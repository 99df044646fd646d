"""MinHash signatures of texts: ``sign()``, ``Signatures``, ``Signature``.

A signature is ``num_perm`` 32-bit values; the share of equal slots between
two signatures estimates the Jaccard similarity of the texts' shingle sets.
Signatures carry the parameters they were made with, and refuse to be
compared with signatures made differently.
"""

from __future__ import annotations

import contextlib
import json
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Literal

import numpy as np

from .._core import sign_texts
from ..errors import EmptyTextError, InputError, ParameterError, SignatureFileError, TextTypeError
from ..params import SignatureParams

__all__ = ["sign", "Signature", "Signatures"]

# Texts are pulled from the iterable in chunks, so a generator of texts is
# signed without holding all of it in memory at once.
_CHUNK = 65536


@dataclass(frozen=True, eq=False)
class Signature:
    """One text's signature: ``values`` (uint32, ``num_perm`` long) and its parameters."""

    values: np.ndarray
    params: SignatureParams

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity (0.0-1.0) of the two texts' shingle sets.

        Raises
        ------
        IncompatibleSignaturesError
            If the signatures were made with different parameters.
        """
        self.params.check_compatible(other.params)
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)

    def to_datasketch(self):
        """This signature as a ``datasketch.LeanMinHash``.

        The result works in datasketch's ``MinHashLSH``, ``MinHashLSHForest``
        and ``MinHashLSHEnsemble`` together with other signatures converted
        the same way (same ``num_perm`` and ``seed``). It must not be mixed
        with MinHashes that datasketch computed itself: their hash functions
        differ.
        """
        from datasketch import LeanMinHash

        return LeanMinHash(seed=self.params.seed, hashvalues=self.values, scheme="affine32")


class Signatures:
    """Signatures of many texts: a ``(n, num_perm)`` uint32 matrix plus parameters.

    Attributes
    ----------
    matrix:
        ``numpy.ndarray`` of shape ``(len(self), num_perm)``, dtype uint32.
    params:
        The :class:`SignatureParams` the values were made with.
    empty:
        Boolean mask of texts that had no words (only with ``on_empty="mark"``).

    Examples
    --------
    >>> sigs = sign(["the cat sat on the mat today", "the cat sat on the mat today"])
    >>> sigs.matrix.shape, sigs.jaccard(0, 1)
    ((2, 128), 1.0)
    """

    __slots__ = ("matrix", "params", "empty")

    def __init__(self, matrix: np.ndarray, params: SignatureParams, empty: np.ndarray | None = None):
        matrix = np.asarray(matrix)
        if matrix.ndim != 2 or matrix.shape[1] != params.num_perm:
            raise ParameterError(
                f"signature matrix must have shape (n, {params.num_perm}), got {matrix.shape}"
            )
        if matrix.dtype != np.uint32:
            raise ParameterError(f"signature matrix must be uint32, got {matrix.dtype}")
        self.matrix = matrix
        self.params = params
        self.empty = np.zeros(len(matrix), dtype=bool) if empty is None else np.asarray(empty, dtype=bool)
        if self.empty.shape != (len(matrix),):
            raise ParameterError(f"empty mask must have shape ({len(matrix)},), got {self.empty.shape}")

    def __len__(self) -> int:
        return len(self.matrix)

    def __getitem__(self, index: int) -> Signature:
        return Signature(self.matrix[index], self.params)

    def __iter__(self):
        return (Signature(row, self.params) for row in self.matrix)

    def __repr__(self) -> str:
        p = self.params
        return (
            f"Signatures(n={len(self)}, num_perm={p.num_perm}, shingle_size={p.shingle_size}, "
            f"seed={p.seed}, scheme={p.scheme!r}, shingle_kind={p.shingle_kind!r})"
        )

    def check_compatible(self, other: Signatures | Signature) -> None:
        """Raise :class:`IncompatibleSignaturesError` unless ``other`` has the same parameters."""
        self.params.check_compatible(other.params)

    def jaccard(self, i: int, j: int) -> float:
        """Estimated Jaccard similarity (0.0-1.0) of texts ``i`` and ``j``.

        Raises
        ------
        EmptyTextError
            If either text had no words (nothing to compare).
        """
        for index in (i, j):
            if self.empty[index]:
                raise EmptyTextError(index)
        return float(np.count_nonzero(self.matrix[i] == self.matrix[j])) / self.params.num_perm

    def to_datasketch(self, index: int):
        """Row ``index`` as a ``datasketch.LeanMinHash``; see :meth:`Signature.to_datasketch`."""
        return self[index].to_datasketch()

    def save(self, path: str | os.PathLike) -> None:
        """Write to ``path`` as ``.npz`` (no pickle), atomically: a temp file, then a rename.

        Raises
        ------
        InputError
            If ``path`` cannot be written (a directory, a missing directory, no
            permission, a full disk); no temporary file is left.
        """
        path = Path(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                np.savez(
                    fh,
                    matrix=self.matrix,
                    empty=self.empty,
                    params=np.array(json.dumps(self.params.to_dict())),
                    format=np.array(_FORMAT),
                )
            os.replace(tmp, path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise InputError(f"cannot write the signatures: {(exc.strerror or str(exc)).lower()}",
                                 path=str(path)) from None
            raise

    @classmethod
    def load(cls, path: str | os.PathLike) -> Signatures:
        """Read signatures written by :meth:`save`.

        Raises
        ------
        SignatureFileError
            If the file is missing, truncated, or not a simcompare signatures file.
        """
        try:
            with np.load(path, allow_pickle=False) as data:
                missing = {"matrix", "empty", "params", "format"} - set(data.files)
                if missing:
                    raise SignatureFileError(
                        f"{path}: not a simcompare signatures file (missing {', '.join(sorted(missing))})"
                    )
                if str(data["format"]) != _FORMAT:
                    raise SignatureFileError(f"{path}: format {_FORMAT!r} expected, got {str(data['format'])!r}")
                params = SignatureParams.from_dict(json.loads(str(data["params"])))
                return cls(data["matrix"], params, data["empty"])
        except FileNotFoundError:
            raise SignatureFileError(f"{path}: no such file") from None
        except SignatureFileError:
            raise
        except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile) as exc:
            raise SignatureFileError(f"{path}: unreadable signatures file ({type(exc).__name__}: {exc})") from None


_FORMAT = "simcompare-signatures-1"


def _checked_chunks(texts: Iterable[str]):
    iterator = iter(texts)
    offset = 0
    while chunk := list(islice(iterator, _CHUNK)):
        for index, text in enumerate(chunk):
            if not isinstance(text, str):
                raise TextTypeError(offset + index, text)
        yield chunk
        offset += len(chunk)


def sign(
    texts: Iterable[str],
    *,
    num_perm: int = 128,
    shingle_size: int = 5,
    seed: int = 1,
    scheme: Literal["oph", "kperm"] = "oph",
    shingle_kind: Literal["word", "char"] = "word",
    workers: int = 1,
    on_empty: Literal["raise", "mark"] = "raise",
) -> Signatures:
    """MinHash signatures of ``texts``, one row per text.

    Parameters
    ----------
    texts:
        An iterable of ``str`` (a list, a generator...). A single ``str`` is
        refused: wrap it in a list.
    num_perm:
        Slots per signature; the estimate's standard error is about
        ``sqrt(J(1-J)/num_perm)``.
    shingle_size:
        Words per shingle (characters with ``shingle_kind="char"``). A text
        with fewer words than this is one shingle of all its words.
    seed:
        Seed of the hash permutations; same seed, same signatures, on any machine.
    scheme:
        ``"oph"`` (default): one-permutation hashing with optimal densification,
        one hash per shingle. ``"kperm"``: classic MinHash, ``num_perm`` hashes
        per shingle, slower, same accuracy.
    shingle_kind:
        ``"word"`` n-grams, or ``"char"`` n-grams over the words joined by spaces.
    workers:
        Threads signing batches in parallel (the compiled core releases the GIL).
    on_empty:
        What to do with a text that has no words (empty, whitespace, punctuation
        only): ``"raise"`` an :class:`EmptyTextError`, or ``"mark"`` it in
        ``Signatures.empty`` (its row is all ``0xFFFFFFFF``).

    Returns
    -------
    Signatures

    Raises
    ------
    TextTypeError
        If an item is not a ``str``; the message names its index.
    EmptyTextError
        If a text has no words and ``on_empty="raise"``.
    ParameterError
        If an option is out of range.

    Examples
    --------
    >>> a = "North Korea closed its borders and put thousands into isolation"
    >>> b = "North Korea closed its borders and put thousands in isolation"
    >>> sigs = sign([a, b], num_perm=256)
    >>> 0.3 < sigs.jaccard(0, 1) < 0.8
    True
    """
    params = SignatureParams(
        num_perm=num_perm, shingle_size=shingle_size, seed=seed, scheme=scheme, shingle_kind=shingle_kind
    )
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(f"workers must be an int >= 1, got {workers!r}")
    if on_empty not in ("raise", "mark"):
        raise ParameterError(f"on_empty must be 'raise' or 'mark', got {on_empty!r}")
    if isinstance(texts, (str, bytes)):
        raise ParameterError(
            f"sign() takes an iterable of texts, got a single {type(texts).__name__}: wrap it in a list"
        )
    matrices, masks = [], []
    offset = 0
    for chunk in _checked_chunks(texts):
        matrix, empty = sign_texts(chunk, params, workers=workers)
        if on_empty == "raise" and empty.any():
            raise EmptyTextError(offset + int(np.flatnonzero(empty)[0]))
        matrices.append(matrix)
        masks.append(empty)
        offset += len(chunk)
    if not matrices:
        return Signatures(np.empty((0, num_perm), dtype=np.uint32), params)
    if len(matrices) == 1:  # no copy of a large matrix
        return Signatures(matrices[0], params, masks[0])
    return Signatures(np.concatenate(matrices), params, np.concatenate(masks))
