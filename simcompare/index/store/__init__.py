"""Where an index keeps its data: in memory (:class:`MemoryStore`), or in one SQLite file (:class:`SQLiteStore`).

Both implement :class:`Store` (``base``), so :class:`simcompare.Index` and its
tests do not care which one they use; :func:`open_store` picks one by path.
Every change happens inside ``writing()``, which is all or nothing: SQLite's
transaction, or an undo log in memory; ``reading()`` gives a consistent
snapshot for a query.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ...errors import IndexFileError
from .base import FORMAT, OLDEST_SCHEMA, SCHEMA_VERSION, DocRow, Store, VersionRow
from .memory import MemoryStore
from .sqlite import SQLiteStore

__all__ = ["Store", "DocRow", "VersionRow", "MemoryStore", "SQLiteStore", "open_store", "SCHEMA_VERSION",
           "OLDEST_SCHEMA", "FORMAT"]


def open_store(path: str | os.PathLike | None, *, create: bool, readonly: bool,
               new_meta: Callable[[], dict[str, str]]) -> Store:
    """The store of the index at ``path``: a new one in memory for None, else the SQLite file, made if need be.

    Parameters
    ----------
    path:
        The index file, or None for an index in memory.
    create:
        Make the file when it does not exist (else that is an error).
    readonly:
        Open for reading only (a missing file is then an error).
    new_meta:
        Called only when a store is made, for its metadata.

    Returns
    -------
    Store

    Raises
    ------
    IndexFileError
        For a missing file that is not to be made, and as :class:`SQLiteStore` raises.

    Examples
    --------
    >>> store = open_store(None, create=True, readonly=False, new_meta=lambda: {"next_num": "0"})
    >>> type(store).__name__, store.meta()
    ('MemoryStore', {'next_num': '0'})
    >>> open_store("no/such.db", create=False, readonly=False, new_meta=dict)
    Traceback (most recent call last):
    ...
    simcompare.errors.IndexFileError: no index at no/such.db (make one with `simcompare index add`)
    """
    if path is None:
        store = MemoryStore()
        with store.writing():
            store.set_meta(new_meta())
        return store
    exists = os.path.exists(path)
    if not exists and (readonly or not create):
        raise IndexFileError(f"no index at {os.fspath(path)} (make one with `simcompare index add`)")
    return SQLiteStore(path, create=not exists, readonly=readonly, meta=None if exists else new_meta())
