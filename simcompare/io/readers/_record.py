"""One record of a source: where it comes from, and the Document (or the error) it makes."""

from __future__ import annotations

import json
from typing import NamedTuple, Union

import msgspec

from ..._core import JsonTexts
from ...errors import InputError
from ..documents import Document, DocumentBatch

__all__ = ["Source", "Record", "DocumentBlock", "STDIN", "DATE_FIELD", "document_of", "expected_text", "json_type",
           "quoted_names"]

#: The name of standard input in ids and messages.
STDIN = "<stdin>"
#: A record read, or what is wrong with it.
Record = Union[Document, InputError]


#: The one field besides id and text that a block of records may carry: the date dedup keeps of every document.
DATE_FIELD = "date"


class DocumentBlock(NamedTuple):
    """The documents of consecutive lines of a JSON lines file, read together: their texts kept as the JSON
    string literals in the file (:class:`~simcompare._core.JsonTexts`). Every id is a non-empty string; the
    only other field a record may have is the date (``dates``: one per document, ``msgspec.UNSET`` where a
    record has none; or None when no record has one)."""

    ids: list[str]
    texts: JsonTexts
    dates: list | None

    def batch(self) -> DocumentBatch:
        """The block as a :class:`DocumentBatch`."""
        dates = self.dates or ()
        return DocumentBatch(self.ids, self.texts, self.texts.lengths,
                             {k: {DATE_FIELD: d} for k, d in enumerate(dates) if d is not msgspec.UNSET})

    def documents(self) -> list[Document]:
        """The block as Documents."""
        return self.batch().documents()


class Source(NamedTuple):
    """One file (or stdin) to read: where it is, how to name it, its format."""

    path: str | None  # file system path; None for standard input
    shown: str  # the name used in error messages
    name: str  # the name used in ids: path relative to the directory given, or as given
    format: str


def document_of(record, fields: tuple[str, str], source: Source, line: int) -> Record:
    """The Document of one parsed record, or the InputError saying what is wrong with it.

    Parameters
    ----------
    record:
        A parsed JSON line, CSV row or Parquet row (a dict when well-formed).
    fields:
        ``(id_field, text_field)``.
    source:
        The source it was read from (names the id when the record has none).
    line:
        Its line (or Parquet row) number, for ids and messages.

    Returns
    -------
    Document or InputError
        The error is returned, not raised: the caller skips or raises it.

    Examples
    --------
    >>> source = Source("a.jsonl", "a.jsonl", "a.jsonl", "jsonl")
    >>> document_of({"text": "Hello", "outlet": "Wire"}, ("id", "text"), source, 3)
    Document(id='a.jsonl:3', text='Hello', meta={'outlet': 'Wire'})
    >>> print(document_of({"id": 1}, ("id", "text"), source, 4))
    a.jsonl:4: expected a JSON object with a string field 'text'; got an object without it (fields: 'id')
    """
    id_field, text_field = fields

    def bad(got: str) -> InputError:
        return InputError(f"{expected_text(fields, source)}; got {got}", path=source.shown, line=line)

    if not isinstance(record, dict):
        return bad(f"a JSON {json_type(record)}")
    if text_field not in record:
        return bad(f"an object without it (fields: {quoted_names(record) or 'none'})")
    text = record[text_field]
    if not isinstance(text, str):
        return bad(f"{text_field!r} = {json_type(text)}")
    raw_id = record.get(id_field)
    if raw_id is None or raw_id == "":
        doc_id = f"{source.name}:{line}"
    elif isinstance(raw_id, str):
        doc_id = raw_id
    elif isinstance(raw_id, (bool, int, float)):
        doc_id = json.dumps(raw_id)  # 7 -> "7", True -> "true", as written in the file
    elif isinstance(raw_id, (dict, list, tuple)):
        return InputError(
            f"expected {id_field!r} to be a string or a number; got a JSON {json_type(raw_id)}",
            path=source.shown,
            line=line,
        )
    else:  # Parquet scalars such as dates and decimals
        doc_id = str(raw_id)
    meta = {k: v for k, v in record.items() if k != id_field and k != text_field}
    return Document(doc_id, text, meta)


def quoted_names(names) -> str:
    """The first ten of ``names``, quoted, for a message.

    Parameters
    ----------
    names:
        Field or column names.

    Returns
    -------
    str

    Examples
    --------
    >>> quoted_names(["id", "body"])
    "'id', 'body'"
    """
    names = list(names)
    return ", ".join(repr(n) for n in names[:10]) + (", ..." if len(names) > 10 else "")


def expected_text(fields: tuple[str, str], source: Source) -> str:
    """What a record of ``source`` should hold, for a message.

    Parameters
    ----------
    fields:
        ``(id_field, text_field)``.
    source:
        The source (JSON lines, or columns: CSV, Parquet).

    Returns
    -------
    str

    Examples
    --------
    >>> expected_text(("id", "body"), Source("a.csv", "a.csv", "a.csv", "csv"))
    "expected a string in column 'body'"
    """
    if source.format in ("jsonl", "json"):
        return f"expected a JSON object with a string field {fields[1]!r}"
    return f"expected a string in column {fields[1]!r}"


def json_type(value) -> str:
    """The JSON name of the type of a parsed value, for a message.

    Parameters
    ----------
    value:
        A parsed JSON value (or a Parquet scalar: its Python type name).

    Returns
    -------
    str

    Examples
    --------
    >>> json_type([1]), json_type(None), json_type(True), json_type(2.5)
    ('array', 'null', 'boolean', 'number')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
