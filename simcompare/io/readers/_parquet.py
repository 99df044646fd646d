"""Parquet, read in batches of rows with pyarrow (``pip install 'simcompare[parquet]'``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from ...errors import InputError
from ._record import Record, Source, document_of, quoted_names

__all__ = ["parquet_records", "parquet_row_groups"]

_BATCH_ROWS = 1024  # news bodies run to tens of KB: keep a batch to a few MB


def parquet_records(source: Source, fields: tuple[str, str], *, file=None, row_groups: list[int] | None = None,
                    first_row: int = 0) -> Iterator[tuple[int, Record]]:
    """(row, Document or the InputError of a bad row) for every row of a Parquet file,
    or (Dask partitions) of the ``row_groups`` of an open ``file`` whose first row
    is row ``first_row + 1`` of the file.

    Parameters
    ----------
    source:
        The file (``source.path``, unless ``file`` is given); names ids and messages.
    fields:
        ``(id_field, text_field)``; ``text_field`` must be a column of strings.
    file:
        An open binary file to read instead of ``source.path``.
    row_groups:
        The row groups to read (None: all).
    first_row:
        Rows of the file before the first one read.

    Returns
    -------
    Iterator[tuple[int, Document | InputError]]
        Rows are numbered from 1.

    Raises
    ------
    InputError
        Without pyarrow, for a file that is not Parquet or cannot be read to
        the end, and for a missing or non-string text column.

    Examples
    --------
    >>> import os, tempfile
    >>> import pyarrow, pyarrow.parquet
    >>> path = os.path.join(tempfile.mkdtemp(), "a.parquet")
    >>> pyarrow.parquet.write_table(pyarrow.table({"id": ["a", None], "text": ["one", "two"]}), path)
    >>> list(parquet_records(Source(path, path, "a.parquet", "parquet"), ("id", "text")))
    [(1, Document(id='a', text='one', meta={})), (2, Document(id='a.parquet:2', text='two', meta={}))]
    """
    pyarrow = _pyarrow(source)
    try:
        parquet = pyarrow.parquet.ParquetFile(source.path if file is None else file)
        schema = parquet.schema_arrow
    except (pyarrow.ArrowException, OSError) as exc:
        raise InputError(f"not a readable Parquet file: {exc}", path=source.shown) from None
    _check_text_column(schema, fields[1], source)
    row = first_row
    try:
        with contextlib.closing(parquet):
            for batch in parquet.iter_batches(batch_size=_BATCH_ROWS, columns=schema.names,
                                              row_groups=row_groups):
                for record in batch.to_pylist():
                    row += 1
                    yield row, document_of(record, fields, source, row)
    except (pyarrow.ArrowException, OSError) as exc:
        raise InputError(f"cannot read past row {row}: {exc}", path=source.shown) from None


def parquet_row_groups(source: Source) -> list[int]:
    """The number of rows up to the end of each row group of a Parquet file (cumulative).

    Parameters
    ----------
    source:
        The file.

    Returns
    -------
    list[int]

    Raises
    ------
    InputError
        Without pyarrow, or for a file that is not Parquet.

    Examples
    --------
    >>> import os, tempfile
    >>> import pyarrow, pyarrow.parquet
    >>> path = os.path.join(tempfile.mkdtemp(), "a.parquet")
    >>> pyarrow.parquet.write_table(pyarrow.table({"text": ["a", "b", "c"]}), path, row_group_size=2)
    >>> parquet_row_groups(Source(path, path, "a.parquet", "parquet"))
    [2, 3]
    """
    pyarrow = _pyarrow(source)
    try:
        meta = pyarrow.parquet.read_metadata(source.path)
    except (pyarrow.ArrowException, OSError) as exc:
        raise InputError(f"not a readable Parquet file: {exc}", path=source.shown) from None
    ends, rows = [], 0
    for group in range(meta.num_row_groups):
        rows += meta.row_group(group).num_rows
        ends.append(rows)
    return ends


def _pyarrow(source: Source):
    """pyarrow, with its parquet module loaded; without it, the error saying what to install."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InputError(
            "reading Parquet needs pyarrow: pip install 'simcompare[parquet]'", path=source.shown
        ) from None
    return pyarrow


def _check_text_column(schema, text_field: str, source: Source) -> None:
    import pyarrow

    if text_field not in schema.names:
        raise InputError(
            f"no column {text_field!r}; got {quoted_names(schema.names)} "
            "(name the text field, e.g. --text-field body)",
            path=source.shown,
        )
    kind = schema.field(text_field).type
    pa_types = pyarrow.types
    if pa_types.is_dictionary(kind):
        kind = kind.value_type
    if not (pa_types.is_string(kind) or pa_types.is_large_string(kind) or str(kind) == "string_view"):
        raise InputError(f"column {text_field!r} must hold strings; got {kind}", path=source.shown)
