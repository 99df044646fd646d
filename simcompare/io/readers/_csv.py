"""CSV and TSV: a header row naming the fields, then one row per document."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator

from ...errors import InputError
from ._record import Record, Source, document_of, quoted_names

__all__ = ["csv_records", "csv_header"]


def csv_records(lines: Iterable[tuple[int, str, InputError | None]], source: Source, fields: tuple[str, str],
                dialect: str, *, header: list[str] | None = None, first: int = 1) -> Iterator[tuple[int, Record]]:
    """(first line, Document or the InputError of a bad row) for every row after the header, or (``header``
    given) for every row of ``lines`` read from the start of a row, line ``first``.

    Parameters
    ----------
    lines:
        Numbered, decoded lines with their line endings, as
        :func:`~simcompare.io.readers._lines.decoded_lines` gives them.
    source:
        Where they come from (names ids and messages).
    fields:
        ``(id_field, text_field)``; the header must name ``text_field``.
    dialect:
        ``"excel"`` (CSV) or ``"excel-tab"`` (TSV).
    header:
        The header (:func:`csv_header`) when ``lines`` start after it.
    first:
        The number of the first line of ``lines``.

    Returns
    -------
    Iterator[tuple[int, Document | InputError]]
        Quoted fields may span lines; a row is numbered by its first line.

    Raises
    ------
    InputError
        For an empty file, or a header that is malformed, does not decode,
        lacks ``text_field`` or names a column twice.

    Examples
    --------
    >>> lines = [(1, "id,text,outlet\\n", None), (2, 'a,"one, two",Wire\\n', None), (3, "b,three\\n", None)]
    >>> for line, record in csv_records(lines, Source(None, "-", "-", "csv"), ("id", "text"), "excel"):
    ...     print(line, record)
    2 Document(id='a', text='one, two', meta={'outlet': 'Wire'})
    3 -:3: expected 3 fields as in the header, got 2
    """
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # news bodies exceed the default 128 KB
    bad: dict[int, InputError] = {}  # undecodable lines, until the row holding them is read

    def texts():
        for number, line, error in lines:
            if error is not None:
                bad[number] = error
            yield line

    reader = csv.reader(texts(), dialect)
    skipped = first - 1
    if header is None:
        header = _header(reader, bad, source, fields[1])
    end = skipped + reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            end = skipped + reader.line_num
            why = str(exc)
            if why.startswith("new-line character seen in unquoted field"):
                why = "a carriage return inside an unquoted field (quote the field)"
            yield start, InputError(f"malformed row: {why}", path=source.shown, line=start)
            continue
        end = skipped + reader.line_num
        errors = [bad.pop(n) for n in range(start, end + 1) if n in bad]
        if not row:  # a blank line
            continue
        if errors:
            yield start, errors[0]
        elif len(row) != len(header):
            got = f"expected {len(header)} fields as in the header, got {len(row)}"
            yield start, InputError(got, path=source.shown, line=start)
        else:
            yield start, document_of(dict(zip(header, row)), fields, source, start)


def csv_header(lines: Iterable[tuple[int, str, InputError | None]], source: Source, fields: tuple[str, str],
               dialect: str) -> list[str]:
    """The header row of a CSV or TSV file, checked as :func:`csv_records` checks it.

    Parameters
    ----------
    lines, source, fields, dialect:
        As for :func:`csv_records`, from the start of the file.

    Returns
    -------
    list[str]

    Raises
    ------
    InputError
        As :func:`csv_records`, for the header.

    Examples
    --------
    >>> csv_header([(1, "id,text\\n", None)], Source(None, "-", "-", "csv"), ("id", "text"), "excel")
    ['id', 'text']
    """
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    bad: dict[int, InputError] = {}

    def texts():
        for number, line, error in lines:
            if error is not None:
                bad[number] = error
            yield line

    return _header(csv.reader(texts(), dialect), bad, source, fields[1])


def _header(reader, bad: dict[int, InputError], source: Source, text_field: str) -> list[str]:
    """The header row (the first that is not blank), checked."""
    header: list[str] = []
    try:
        while not header:
            header = next(reader)
    except StopIteration:
        raise InputError("empty file, expected a header row naming the fields", path=source.shown) from None
    except csv.Error as exc:
        raise InputError(f"malformed header row: {exc}", path=source.shown, line=reader.line_num) from None
    if bad:
        raise min(bad.items())[1]
    if text_field not in header:
        raise InputError(
            f"no column {text_field!r} in the header; got {quoted_names(header)} (name the text field, "
            "e.g. --text-field body)",
            path=source.shown,
            line=reader.line_num,
        )
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise InputError(
            f"column {twice[0]!r} appears twice in the header", path=source.shown, line=reader.line_num
        )
    return header
