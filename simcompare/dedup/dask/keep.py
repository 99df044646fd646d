"""The keep list of a Dask run: written by the workers, one part a partition, read from the parts as it is used.

The client never holds it: each partition's worker writes its part of
``keep.txt`` (:func:`~simcompare.dedup.dask.tasks.keep_part`), the client
brings the parts it cannot see onto its disk one at a time
(:func:`gather_parts`), and :class:`KeptIds` streams the ids from the parts, in
reading order, when the result is written (``DedupResult.write`` writes
``keep.txt`` from it line by line into its staged directory) or iterated.
"""

from __future__ import annotations

import os
import shutil
import weakref
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

from ...errors import InputError

__all__ = ["KeptIds", "gather_parts"]


class KeptIds(Sequence):
    """The ids to keep, in reading order, read from part files (``keep.txt``'s
    form: one id and a newline each) whenever they are iterated.

    It compares equal to a list of the same ids. ``len`` is known without
    reading; indexing reads the part that holds the id (a slice reads them
    all). The directory of the parts, if given, is removed with the object.
    An id that holds a newline comes out as two, as in ``keep.txt``.

    Parameters
    ----------
    paths:
        The part files, in reading order.
    counts:
        The ids in each.
    directory:
        A directory to remove when the object is.

    Examples
    --------
    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> for name, text in (("keep-0.txt", "a\\nb\\n"), ("keep-1.txt", "c\\n")):
    ...     with open(os.path.join(root, name), "w", encoding="utf-8") as fh:
    ...         _ = fh.write(text)
    >>> keep = KeptIds([os.path.join(root, n) for n in ("keep-0.txt", "keep-1.txt")], [2, 1], directory=root)
    >>> len(keep), keep[2], keep == ["a", "b", "c"], list(keep)
    (3, 'c', True, ['a', 'b', 'c'])
    >>> del keep
    >>> os.path.exists(root)
    False
    """

    def __init__(self, paths: Sequence[str], counts: Sequence[int], *, directory: str | None = None):
        self._paths, self._counts = list(paths), [int(c) for c in counts]
        self._total = sum(self._counts)
        if directory is not None:
            weakref.finalize(self, shutil.rmtree, directory, ignore_errors=True)

    def __len__(self) -> int:
        return self._total

    def __iter__(self) -> Iterator[str]:
        for path in self._paths:
            yield from self._part(path)

    @staticmethod
    def _part(path: str) -> Iterator[str]:
        # newline="\n": an id may hold a "\r", which must not end a line here as it does not in keep.txt.
        with open(path, encoding="utf-8", newline="\n") as fh:
            for line in fh:
                yield line[:-1]

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return list(self)[index]
        index = range(self._total)[index]  # IndexError, negative indexes
        for path, count in zip(self._paths, self._counts):
            if index < count:
                return next(islice(self._part(path), index, None))
            index -= count
        raise IndexError(index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"KeptIds({self._total:,} ids in {len(self._paths):,} parts)"


def gather_parts(client: Any, written: Sequence[dict], directory: str) -> KeptIds:
    """The parts the workers wrote, as a :class:`KeptIds`: those the client
    cannot see in ``directory`` (workers on other machines) are brought there
    one at a time, so the client holds one part at most.

    Parameters
    ----------
    client:
        The ``dask.distributed.Client`` (unused when every part is seen).
    written:
        What :func:`~simcompare.dedup.dask.tasks.keep_part` gave, in partition order.
    directory:
        The client's directory of the parts, removed with the :class:`KeptIds`.

    Returns
    -------
    KeptIds

    Raises
    ------
    InputError
        When a part's worker has left the cluster before the client took it.

    Examples
    --------
    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> with open(os.path.join(root, "keep-000000.txt"), "wb") as fh:
    ...     _ = fh.write(b"a\\n")
    >>> part = {"path": os.path.join(root, "keep-000000.txt"), "bytes": 2, "kept": 1, "worker": None}
    >>> list(gather_parts(None, [part], root))
    ['a']
    """
    from .tasks import take_part

    for part in written:
        path = part["path"]
        if os.path.isfile(path) and os.path.getsize(path) == part["bytes"]:
            continue
        if part["worker"] not in client.scheduler_info()["workers"]:
            raise InputError(f"the worker that wrote it ({part['worker']}) left the cluster; run again",
                             path=path)
        data = client.submit(take_part, path, workers=[part["worker"]], allow_other_workers=False,
                             pure=False).result()
        os.makedirs(directory, exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
    return KeptIds([p["path"] for p in written], [p["kept"] for p in written], directory=directory)
