"""Reading texts from files, with clear errors for everything that can go wrong."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import InputError

__all__ = ["read_text"]

# Bytes that never occur in text: a NUL in the first block means a binary file.
_SNIFF = 8192


def read_text(path: str | os.PathLike, *, encoding: str = "utf-8") -> str:
    """Read a whole text file; ``"-"`` reads standard input.

    Parameters
    ----------
    path:
        File to read, or ``"-"`` for standard input.
    encoding:
        Text encoding, UTF-8 by default; a UTF-8 byte-order mark is dropped.
        ``"auto"`` reads UTF-8 and falls back to Windows-1252 (a superset of
        Latin-1) for a file that is not valid UTF-8: archives often mix the two.

    Returns
    -------
    str

    Raises
    ------
    InputError
        For a missing file, a directory, an unreadable or binary file, or bytes
        that are not valid in ``encoding`` (the message gives the byte offset).

    Examples
    --------
    >>> read_text("corpus/bbc-kim-covid.txt")[:24]
    'Speaking at a politburo '
    """
    name = str(path)
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            p = Path(path)
            if p.is_dir():
                raise InputError("is a directory, expected a text file", path=name)
            data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None
    codec = encoding.lower().replace("-", "").replace("_", "")
    if codec == "auto":
        if b"\x00" in data[:_SNIFF]:
            raise InputError("looks like a binary file (NUL bytes), expected text", path=name)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    # UTF-16 and UTF-32 text is full of NUL bytes; any other text has none.
    if b"\x00" in data[:_SNIFF] and not codec.startswith(("utf16", "utf32")):
        raise InputError("looks like a binary file (NUL bytes), expected text", path=name)
    if codec in ("utf8", "utf8sig"):
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=name) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {exc.encoding} at byte {exc.start} ({data[exc.start:exc.start + 4]!r}); "
            "pass the right encoding, e.g. --encoding latin-1",
            path=name,
        ) from None
