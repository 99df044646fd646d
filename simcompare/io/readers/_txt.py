"""A text file as one document."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ...errors import InputError
from .._file import read_text
from ..documents import Document
from ._record import Record, Source

__all__ = ["txt_records"]


def txt_records(source: Source, encoding: str) -> Iterator[tuple[int, Record]]:
    """The one record of a text file (or of standard input): line 0, its Document or its error.

    Parameters
    ----------
    source:
        The file; its id is ``source.name``.
    encoding:
        As for :func:`~simcompare.io.read_text`.

    Returns
    -------
    Iterator[tuple[int, Document | InputError]]
        A file that is there and readable but binary or not in ``encoding`` is
        a bad record (an InputError yielded, not raised).

    Raises
    ------
    InputError
        For a file that is missing or cannot be opened.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write("Hello.")
    >>> list(txt_records(Source(path, path, "a.txt", "txt"), "utf-8"))
    [(0, Document(id='a.txt', text='Hello.', meta={}))]
    """
    try:
        text = read_text(source.path if source.path is not None else "-", encoding=encoding)
    except InputError as exc:
        path = source.path
        if path is not None and not (os.path.isfile(path) and os.access(path, os.R_OK)):
            raise
        yield 0, exc
        return
    yield 0, Document(source.name, text, {})
