"""Bytes to numbered lines of text: encodings, binary files, and lines that do not decode."""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator

from ...errors import InputError, ParameterError
from ._record import Source

__all__ = ["AUTO", "SNIFF", "GZIP_SUFFIX", "checked_encoding", "bytes_per_line", "is_gzip", "gzip_head", "open_source",
           "decoded_lines"]

#: UTF-8, falling back to Windows-1252 for any file or line that is not valid UTF-8.
AUTO = "auto"
#: Bytes looked at for NUL bytes, which no text has (unless in UTF-16/32).
SNIFF = 8192


#: The suffix of a gzip-compressed file (``wires.jsonl.gz``), read decompressed.
GZIP_SUFFIX = ".gz"


def is_gzip(path: str | None) -> bool:
    """True for the path of a gzip-compressed file, by its suffix (any case).

    Parameters
    ----------
    path:
        A file's path, or None (standard input).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_gzip("wires.jsonl.GZ"), is_gzip("wires.jsonl"), is_gzip(None)
    (True, False, False)
    """
    return path is not None and path.lower().endswith(GZIP_SUFFIX)


def checked_encoding(encoding: str) -> str:
    """``encoding`` as the readers use it: ``"utf-8"`` for ``"utf-8-sig"`` (a byte-order mark is dropped anyway).

    Parameters
    ----------
    encoding:
        A codec name Python knows, or ``"auto"``.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        For an encoding Python does not know.

    Examples
    --------
    >>> checked_encoding("UTF-8-SIG"), checked_encoding("latin-1"), checked_encoding("auto")
    ('utf-8', 'latin-1', 'auto')
    """
    try:
        if encoding != AUTO and codecs.lookup(encoding).name == "utf-8-sig":
            return "utf-8"
    except LookupError:
        raise ParameterError(f"unknown encoding {encoding!r}") from None
    return encoding


def bytes_per_line(encoding: str) -> bool:
    """True when lines can be split on the byte 0x0A before decoding (UTF-8, Latin-1, ...).

    Parameters
    ----------
    encoding:
        A checked encoding (:func:`checked_encoding`).

    Returns
    -------
    bool

    Examples
    --------
    >>> bytes_per_line("utf-8"), bytes_per_line("auto"), bytes_per_line("utf-16")
    (True, True, False)
    """
    return encoding == AUTO or "\n".encode(encoding) == b"\n"


def open_source(source: Source, encoding: str):
    """A binary stream of ``source`` (standard input is left open; a ``.gz`` file decompressed), for a
    ``with`` block.

    Parameters
    ----------
    source:
        A file, or standard input (``source.path`` None).
    encoding:
        A checked encoding (:func:`checked_encoding`).

    Returns
    -------
    A context manager giving a buffered binary stream.

    Raises
    ------
    InputError
        For a missing or unreadable file, a binary one (NUL bytes in its
        first 8 KB, outside UTF-16/32), or a ``.gz`` file that is not gzip.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> with open(path, "wb") as f:
    ...     _ = f.write(b'{"text": "one"}\\n')
    >>> with open_source(Source(path, path, "a.jsonl", "jsonl"), "utf-8") as raw:
    ...     raw.read()
    b'{"text": "one"}\\n'
    """
    if source.path is None:
        return contextlib.nullcontext(sys.stdin.buffer)
    try:
        if is_gzip(source.path):
            raw = gzip.GzipFile(source.path, "rb")
            head = gzip_head(raw, source)
        else:
            raw = open(source.path, "rb")  # noqa: SIM115 - closed by the caller's with
            head = raw.peek(SNIFF)[:SNIFF]
    except FileNotFoundError:
        raise InputError("no such file", path=source.shown) from None
    except PermissionError:
        raise InputError("permission denied", path=source.shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=source.shown) from None
    # Refuse a binary file before its first line rather than report every line as bad.
    if bytes_per_line(encoding) and b"\x00" in head:
        raw.close()
        raise InputError(
            f"looks like a binary file (NUL bytes), expected {source.format.upper()} text", path=source.shown
        )
    return raw


def gzip_head(raw: gzip.GzipFile, source: Source) -> bytes:
    """The first bytes of a gzip stream, or an InputError (the stream closed) when it is not one.

    Parameters
    ----------
    raw:
        The stream, not read yet.
    source:
        The file it decompresses (names it in the message).

    Returns
    -------
    bytes
        Up to :data:`SNIFF` decompressed bytes (the stream is not moved).

    Raises
    ------
    InputError
        For a file that is not gzip, or is damaged from its start.

    Examples
    --------
    >>> import io
    >>> gzip_head(gzip.GzipFile(fileobj=io.BytesIO(b"not gzip")), Source("a.jsonl.gz", "a.jsonl.gz", "a", "jsonl"))
    Traceback (most recent call last):
    ...
    simcompare.errors.InputError: a.jsonl.gz: not a readable gzip file (Not a gzipped file (b'no')); expected JSONL ...
    """
    try:
        return raw.peek(SNIFF)[:SNIFF]
    except (OSError, EOFError, zlib.error) as exc:
        raw.close()
        raise InputError(f"not a readable gzip file ({exc}); expected {source.format.upper()} compressed "
                         "with gzip", path=source.shown) from None


def decoded_lines(raw: Iterable[bytes], encoding: str, shown: str, first: int = 1
                  ) -> Iterator[tuple[int, str, InputError | None]]:
    """(line number, text, decoding error or None) for every line of a binary stream
    whose first line is line ``first`` of its file (a block of a file split for Dask).

    Lines keep their line ending (what ``csv`` wants). In an encoding where
    ``\\n`` is the byte 0x0A (UTF-8, Latin-1, ...), a line with invalid bytes is
    decoded with replacement characters and comes with its error, so the reader
    can skip that record and go on; in UTF-16/32 the first invalid byte raises.

    Parameters
    ----------
    raw:
        A binary stream (or any iterable of lines as bytes, in a byte-per-line encoding).
    encoding:
        A checked encoding (:func:`checked_encoding`); ``"auto"`` decodes each
        line as UTF-8, else as Windows-1252.
    shown:
        The name of the file in messages.
    first:
        The number of the first line.

    Returns
    -------
    Iterator[tuple[int, str, InputError | None]]

    Raises
    ------
    InputError
        In UTF-16/32, at the first bytes that do not decode.

    Examples
    --------
    >>> lines = list(decoded_lines([b"caf\\xc3\\xa9\\n", b"caf\\xe9\\n"], "utf-8", "a.jsonl"))
    >>> lines[0]
    (1, 'café\\n', None)
    >>> print(lines[1][2])
    a.jsonl:2: not valid utf-8 at byte 3 of the line (b'\\xe9\\n'); pass the right encoding, e.g. --encoding latin-1
    """
    if encoding == AUTO:
        return _auto_lines(raw, first)
    if bytes_per_line(encoding):
        return _lines_of(raw, encoding, shown, first)
    return _wide_lines(raw, encoding, shown)


def _auto_lines(raw: Iterable[bytes], first: int) -> Iterator[tuple[int, str, None]]:
    for number, data in enumerate(raw, first):
        try:
            yield number, data.decode("utf-8-sig" if number == 1 else "utf-8"), None
        except UnicodeDecodeError:
            yield number, data.decode("cp1252", errors="replace"), None


def _lines_of(raw: Iterable[bytes], encoding: str, shown: str, first: int
              ) -> Iterator[tuple[int, str, InputError | None]]:
    name = codecs.lookup(encoding).name
    on_line_1 = "utf-8-sig" if name == "utf-8" else encoding
    for number, data in enumerate(raw, first):
        try:
            yield number, data.decode(on_line_1 if number == 1 else encoding), None
        except UnicodeDecodeError as exc:
            error = InputError(
                f"not valid {name} at byte {exc.start} of the line "
                f"({data[exc.start:exc.start + 4]!r}); pass the right encoding, e.g. --encoding latin-1",
                path=shown,
                line=number,
            )
            yield number, data.decode(encoding, errors="replace"), error


def _wide_lines(raw, encoding: str, shown: str) -> Iterator[tuple[int, str, None]]:
    """Lines of UTF-16/32 text, where a newline is more than the byte 0x0A: decoded as a stream."""
    name = codecs.lookup(encoding).name
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    number = 0
    try:
        for number, line in enumerate(text, 1):
            yield number, line, None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {name} ({exc.reason}); pass the right encoding, e.g. --encoding utf-8",
            path=shown,
            line=number + 1,
        ) from None
    finally:
        text.detach()
