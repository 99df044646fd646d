"""An index store in one SQLite file (:class:`SQLiteStore`), in WAL mode: readers keep
reading the last committed state while one writer writes, and a writer killed
mid-batch leaves the file as it was before the batch.

A file of schema 1 (before article versions) is read as it is and migrated on
its first write, inside that write's transaction: the ``versions`` table is
made and the schema number raised together with the batch, or not at all.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from typing import Iterator

import numpy as np

from ...errors import IndexFileError
from ..postings import KEY, Segment
from .base import FORMAT, OLDEST_SCHEMA, SCHEMA_VERSION, DocRow, Store, VersionRow

__all__ = ["SQLiteStore"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_BUSY_TIMEOUT_S = 60.0
# A write transaction waits for the checkpointer when the WAL is larger than
# this, so that it starts on a copied WAL and SQLite rewinds the file.
_WAL_LIMIT_BYTES = 1 << 30

# Schema 2: every version of a document that has more than one; the latest
# version's meta, signature and text are NULL here (they are in docs).
_VERSIONS = """CREATE TABLE versions(
    num INTEGER NOT NULL,
    version INTEGER NOT NULL,
    added TEXT NOT NULL,
    date TEXT,
    sha256 TEXT NOT NULL,
    meta TEXT,
    signature BLOB,
    text BLOB,
    PRIMARY KEY (num, version)
)"""

_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    meta TEXT NOT NULL,
    signature BLOB NOT NULL,
    text BLOB,
    added TEXT NOT NULL
);
CREATE TABLE segments(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, size INTEGER NOT NULL, fences BLOB NOT NULL);
-- pos = segment id * 2**32 + chunk number: one rowid lookup per chunk.
CREATE TABLE chunks(pos INTEGER PRIMARY KEY, keys BLOB NOT NULL, docs BLOB NOT NULL);
{_VERSIONS};
PRAGMA user_version = {SCHEMA_VERSION};
"""
_VERSION_COLUMNS = "num, version, added, date, sha256"


class SQLiteStore(Store):
    """An index store in one SQLite file (WAL mode; readers never block the writer).

    Parameters
    ----------
    path:
        The index file.
    create:
        Make a new, empty index at ``path`` (which must not exist) with ``meta``.
    readonly:
        Open for reading only; the file is never written (queries, stats).
        The ``-wal`` and ``-shm`` files SQLite makes beside it for a reader
        are removed on close when opening made them and nobody else uses
        the index any more, so a query leaves the directory as it found it.
    meta:
        The metadata of the index made with ``create`` (it must hold
        ``format`` and ``schema``, as :func:`~simcompare.index.store.open_store` is given).

    Raises
    ------
    IndexFileError
        The file is missing, a directory, not a simcompare index, corrupt, of
        a newer schema version, or cannot be made or opened.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "news.db")
    >>> store = SQLiteStore(path, create=True, meta={"format": FORMAT, "schema": str(SCHEMA_VERSION)})
    >>> with store.reading():
    ...     store.count_docs()
    0
    >>> store.close()
    """

    def __init__(self, path: str | os.PathLike, *, create: bool = False, readonly: bool = False,
                 meta: dict[str, str] | None = None) -> None:
        self.path = os.fspath(path)
        self._lock = threading.RLock()
        self._schema = SCHEMA_VERSION
        if create:
            self._create(meta or {})
        self._check_file()
        # No WAL files: no writer is at work, and any this reader makes are its own to tidy away.
        self._tidy_on_close = readonly and not any(os.path.exists(self.path + end) for end in ("-wal", "-shm"))
        self._con = self._connect(readonly)
        self._check_meta()
        self._checkpointer = None if readonly else _Checkpointer(self._connect(False))
        if self._checkpointer is not None:
            # The checkpointer thread copies the WAL into the file instead.
            self._con.execute("PRAGMA wal_autocheckpoint = 0")

    # -- opening -----------------------------------------------------------

    def _create(self, meta: dict[str, str]) -> None:
        """Build the index in a temporary file beside ``path``, then link it
        into place, so an index is never seen half-made (and two processes
        creating the same index at once both end up using one)."""
        directory = os.path.dirname(os.path.abspath(self.path))
        if not os.path.isdir(directory):
            raise IndexFileError(f"cannot create index {self.path}: no directory {directory}")
        temp = os.path.join(directory, f".{os.path.basename(self.path)}.{os.getpid()}.new")
        try:
            con = sqlite3.connect(temp, isolation_level=None)
            try:
                # Rows hold whole articles: 16 KB pages keep most of them on one page.
                con.execute("PRAGMA page_size = 16384")
                con.execute("PRAGMA journal_mode = WAL")
                con.executescript("BEGIN;" + _SCHEMA + "COMMIT;")
                con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
            finally:
                con.close()
            try:
                os.link(temp, self.path)
            except FileExistsError:
                pass  # somebody else made it meanwhile: use theirs (checked on open)
        except (OSError, sqlite3.Error) as exc:
            raise IndexFileError(f"cannot create index {self.path}: {_reason(exc)}") from None
        finally:
            for leftover in (temp, temp + "-wal", temp + "-shm"):
                try:
                    os.remove(leftover)
                except OSError:
                    pass

    def _check_file(self) -> None:
        if os.path.isdir(self.path):
            raise IndexFileError(f"{self.path} is a directory, not an index file")
        try:
            with open(self.path, "rb") as f:
                head = f.read(len(_SQLITE_MAGIC))
        except FileNotFoundError:
            raise IndexFileError(f"no index at {self.path} (make one with `simcompare index add`)") from None
        except OSError as exc:
            raise IndexFileError(f"cannot read index {self.path}: {_reason(exc)}") from None
        if head != _SQLITE_MAGIC:
            raise IndexFileError(f"{self.path} is not a simcompare index (not an SQLite database)")

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        from urllib.parse import quote

        uri = f"file:{quote(os.path.abspath(self.path))}?mode={'ro' if readonly else 'rw'}"
        try:
            con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                  timeout=_BUSY_TIMEOUT_S)
            con.execute("PRAGMA query_only = 1" if readonly else "PRAGMA query_only = 0")
            con.execute("PRAGMA cache_size = -65536")
            # WAL + NORMAL: a commit survives the process being killed; only a
            # power cut can lose the last commits (never consistency).
            con.execute("PRAGMA synchronous = NORMAL")
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            if readonly and not os.path.exists(self.path + "-wal"):
                # A read-only directory: SQLite cannot make the WAL index file
                # (-shm); an index with no pending WAL can be read as immutable.
                try:
                    con = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None,
                                          check_same_thread=False)
                    con.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    return con
                except sqlite3.Error:
                    pass
            raise IndexFileError(f"cannot open index {self.path}: {_reason(exc)}") from None
        return con

    def _check_meta(self) -> None:
        try:
            version = self._con.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in self._con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "meta" not in tables:
                raise IndexFileError(f"{self.path} is not a simcompare index (an SQLite database without its tables)")
            meta = dict(self._con.execute("SELECT key, value FROM meta"))
        except sqlite3.Error as exc:
            self._con.close()
            raise IndexFileError(f"index {self.path} is corrupt: {_reason(exc)}") from None
        if meta.get("format") != FORMAT:
            self._con.close()
            raise IndexFileError(f"{self.path} is not a simcompare index (format {meta.get('format')!r})")
        if not OLDEST_SCHEMA <= version <= SCHEMA_VERSION or meta.get("schema") != str(version):
            self._con.close()
            newer = version > SCHEMA_VERSION
            raise IndexFileError(
                f"index {self.path} has schema version {version}; this simcompare reads version "
                f"{SCHEMA_VERSION}" + (": upgrade simcompare to use it" if newer else "")
            )
        self._schema = version

    def _migrate(self) -> None:
        """Bring a schema-1 file to this schema, inside the open write
        transaction (so with the first batch, or not at all)."""
        if self._schema == SCHEMA_VERSION:
            return
        # Read again under the write lock: another process may have migrated it.
        version = self._con.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            self._con.execute(_VERSIONS)
            self._con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.set_meta({"schema": str(SCHEMA_VERSION)})
        self._schema = SCHEMA_VERSION

    def _has_versions(self) -> bool:
        """Whether the file has its versions table (a schema-1 file read, not yet written, has none)."""
        if self._schema < SCHEMA_VERSION and self._con.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'versions'").fetchone()[0]:
            self._schema = SCHEMA_VERSION  # another process migrated it
        return self._schema == SCHEMA_VERSION

    # -- transactions ------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._lock, self._errors():
            self._con.execute("BEGIN")
            try:
                yield
            finally:
                self._con.execute("COMMIT")

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._lock, self._errors():
            checkpointer = self._checkpointer  # None when read-only (SQLite refuses the write itself)
            if checkpointer is not None and self._wal_bytes() > _WAL_LIMIT_BYTES:
                checkpointer.wait()
            # IMMEDIATE: take the write lock now (waiting up to the busy
            # timeout for another writer), not halfway through the batch.
            schema = self._schema
            self._con.execute("BEGIN IMMEDIATE")
            try:
                self._migrate()
                yield
            except BaseException:
                self._con.execute("ROLLBACK")
                self._schema = schema  # a migration rolled back with the batch
                raise
            self._con.execute("COMMIT")
            if checkpointer is not None:
                checkpointer.request()

    def _wal_bytes(self) -> int:
        try:
            return os.path.getsize(self.path + "-wal")
        except OSError:
            return 0

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise IndexFileError(f"index {self.path}: {_reason(exc)}") from None

    # -- data --------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        # Read afresh: another process may have written since (next_num).
        return dict(self._con.execute("SELECT key, value FROM meta"))

    def set_meta(self, values: dict[str, str]) -> None:
        self._con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(values.items()))

    def doc_nums(self, ids: list[str]) -> dict[str, int]:
        if not ids:
            return {}
        return dict(self._con.execute(
            "SELECT id, num FROM docs WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)))

    def insert_docs(self, rows: list[tuple]) -> None:
        self._con.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", rows)

    def replace_docs(self, rows: list[tuple]) -> None:
        self._con.executemany("UPDATE docs SET id = ?, meta = ?, signature = ?, text = ?, added = ? WHERE num = ?",
                              [(*row[1:], row[0]) for row in rows])

    def delete_docs(self, nums: list[int]) -> None:
        self._con.executemany("DELETE FROM docs WHERE num = ?", [(n,) for n in nums])
        if nums and self._has_versions():
            self._con.executemany("DELETE FROM versions WHERE num = ?", [(n,) for n in nums])

    def put_versions(self, rows: list[tuple]) -> None:
        self._con.executemany("INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def versions(self, nums: list[int], *, texts: bool) -> list[VersionRow]:
        if not nums or not self._has_versions():
            return []
        content = "meta, signature, text" if texts else "NULL, NULL, NULL"
        cursor = self._con.execute(
            f"SELECT {_VERSION_COLUMNS}, {content} FROM versions WHERE num IN (SELECT value FROM json_each(?)) "
            "ORDER BY num, version", (json.dumps(nums),))
        return [VersionRow(*row) for row in cursor]

    def later_versions(self) -> list[tuple[str, VersionRow]]:
        if not self._has_versions():
            return []
        cursor = self._con.execute(
            f"SELECT docs.id, {', '.join('versions.' + c for c in _VERSION_COLUMNS.split(', '))} "
            "FROM versions JOIN docs USING (num) WHERE version > 1 ORDER BY versions.num, version")
        return [(row[0], VersionRow(*row[1:], None, None, None)) for row in cursor]

    def count_versions(self) -> int:
        if not self._has_versions():
            return 0
        return self._con.execute("SELECT count(*) FROM versions WHERE signature IS NOT NULL").fetchone()[0]

    def fetch_docs(self, nums: list[int]) -> list[DocRow]:
        if not nums:
            return []
        cursor = self._con.execute(
            "SELECT num, id, meta, signature, text, added FROM docs "
            "WHERE num IN (SELECT value FROM json_each(?))", (json.dumps(nums),))
        return [DocRow(*row) for row in cursor]

    def live_nums(self) -> np.ndarray:
        cursor = self._con.execute("SELECT num FROM docs")
        return np.fromiter((r[0] for r in cursor), dtype=np.int64)

    def count_docs(self) -> int:
        return self._con.execute("SELECT count(*) FROM docs").fetchone()[0]

    def doc_ids(self) -> list[str]:
        return [r[0] for r in self._con.execute("SELECT id FROM docs ORDER BY num")]

    def segments(self) -> list[Segment]:
        return [Segment(i, kind, size, np.frombuffer(fences, dtype=KEY))
                for i, kind, size, fences in self._con.execute("SELECT id, kind, size, fences FROM segments")]

    def add_segment(self, kind: str, size: int, fences: np.ndarray, chunks: list[tuple[bytes, bytes]]) -> int:
        cursor = self._con.execute("INSERT INTO segments(kind, size, fences) VALUES (?, ?, ?)",
                                   (kind, size, fences.astype(KEY).tobytes()))
        seg_id = cursor.lastrowid
        base = seg_id << 32
        self._con.executemany("INSERT INTO chunks VALUES (?, ?, ?)",
                              ((base + c, k, d) for c, (k, d) in enumerate(chunks)))
        return seg_id

    def delete_segments(self, ids: list[int]) -> None:
        for seg_id in ids:
            self._con.execute("DELETE FROM chunks WHERE pos >= ? AND pos < ?", (seg_id << 32, (seg_id + 1) << 32))
            self._con.execute("DELETE FROM segments WHERE id = ?", (seg_id,))

    def read_chunks(self, wanted: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[bytes, bytes]]:
        cursor = self._con.execute(
            "SELECT pos, keys, docs FROM chunks WHERE pos IN (SELECT value FROM json_each(?))",
            (json.dumps([(s << 32) + c for s, c in wanted]),))
        mask = (1 << 32) - 1
        return {(pos >> 32, pos & mask): (k, d) for pos, k, d in cursor}

    def segment_chunks(self, seg_id: int) -> Iterator[tuple[bytes, bytes]]:
        cursor = self._con.execute("SELECT keys, docs FROM chunks WHERE pos >= ? AND pos < ? ORDER BY pos",
                                   (seg_id << 32, (seg_id + 1) << 32))
        return iter(cursor)

    def size_bytes(self) -> int | None:
        return sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))

    def close(self) -> None:
        with self._lock:
            if self._checkpointer is not None:
                self._checkpointer.close()
            self._con.close()
            if self._tidy_on_close:
                self._tidy_on_close = False
                _remove_wal_files(self.path)


def _remove_wal_files(path: str) -> None:
    """Remove the empty ``-wal`` and ``-shm`` files a reader left: SQLite does
    so when the last connection that may write closes, so open one (never
    waiting for a lock) and close it; with other connections still open, or
    the directory read-only, they stay."""
    from urllib.parse import quote

    if not os.path.exists(path + "-wal") or not os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
        return
    try:
        con = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=rw", uri=True, isolation_level=None,
                              timeout=0)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        pass


class _Checkpointer:
    """Copies committed WAL frames into the database file from a thread of its
    own, on its own connection (a PASSIVE checkpoint: it never blocks the
    writer or readers). SQLite's automatic checkpoint would run that copy and
    its fsync inside the writer's commit, where it costs more than writing
    the batch; here it overlaps the writer's next batch (SQLite releases the
    GIL). Durability is unchanged: a commit is in the WAL either way."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con
        self._cond = threading.Condition()
        self._pending = self._busy = self._closed = False
        self._thread = threading.Thread(target=self._run, name="simcompare-checkpoint", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Checkpoint what has been committed so far (soon, in the thread)."""
        with self._cond:
            self._pending = True
            self._cond.notify_all()

    def wait(self) -> None:
        """Return when every requested checkpoint has run."""
        with self._cond:
            while self._pending or self._busy:
                self._cond.wait()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not (self._pending or self._closed):
                    self._cond.wait()
                if not self._pending:
                    return
                self._pending, self._busy = False, True
            try:
                self._con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error:
                pass  # e.g. the disk is full: the frames stay in the WAL, which readers use; retried next commit
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join()
        self._con.close()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__
