"""Documents: the :class:`Document` record, and documents from what a caller has in hand
(lists of str, dicts or Documents, DataFrames, generators).

A corpus pipeline reads its input more than once (signing, then verifying), so :func:`documents_of`
turns any of these into a function that yields the documents afresh on every call.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import numpy as np

from .._core import JsonTexts
from ..errors import InputError, ParameterError

__all__ = ["Document", "DocumentBatch", "documents_of", "as_document", "batches_of"]


@dataclass(frozen=True, slots=True)
class Document:
    """One document to compare.

    Attributes
    ----------
    id:
        Unique within one :func:`~simcompare.io.readers.read_documents` call.
    text:
        The text, exactly as read (possibly empty).
    meta:
        Every other field of the record (outlet, date, url, title, ...), untouched;
        empty for ``.txt`` files. Not part of the hash.
    """

    id: str
    text: str
    meta: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class DocumentBatch:
    """Documents read together, as parallel columns: for stages that take many at once.

    A batch read from JSON lines may hold its texts as they are in the file
    (:class:`simcompare._core.JsonTexts`: JSON string literals, which the
    compiled signing kernels decode themselves, so no ``str`` is built for a
    text that is only signed); ``texts[k]`` is still the text as a ``str``.

    Attributes
    ----------
    ids:
        The documents' ids.
    texts:
        Their texts: a list of ``str``, or a ``JsonTexts``.
    lengths:
        Each text's length in code points (int64).
    metas:
        Position in the batch -> the document's other fields, for the documents
        that have any.

    Examples
    --------
    >>> batch = DocumentBatch.of([Document("a", "one"), Document("b", "two", {"outlet": "Wire"})])
    >>> len(batch), batch.lengths.tolist(), batch.metas
    (2, [3, 3], {1: {'outlet': 'Wire'}})
    >>> batch.documents()[1]
    Document(id='b', text='two', meta={'outlet': 'Wire'})
    """

    ids: list[str]
    texts: Sequence[str]
    lengths: np.ndarray
    metas: dict[int, dict]

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, documents: Sequence[Document]) -> DocumentBatch:
        """The batch of ``documents``."""
        texts = [d.text for d in documents]
        return cls([d.id for d in documents], texts, np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)),
                   {k: d.meta for k, d in enumerate(documents) if d.meta})

    def strings(self) -> list[str]:
        """The texts as ``str``."""
        return self.texts.decoded() if isinstance(self.texts, JsonTexts) else list(self.texts)

    def documents(self) -> list[Document]:
        """The batch as Documents."""
        return [Document(i, t, self.metas.get(k, {})) for k, (i, t) in enumerate(zip(self.ids, self.strings()))]


def batches_of(documents: Iterable[Document], size: int) -> Iterator[DocumentBatch]:
    """``documents`` in batches of ``size`` (the last one may be smaller).

    Parameters
    ----------
    documents:
        Documents.
    size:
        Documents a batch (at least 1).

    Returns
    -------
    Iterator[DocumentBatch]

    Raises
    ------
    ParameterError
        For a size below 1 (raised by this call).

    Examples
    --------
    >>> [len(b) for b in batches_of((Document(str(n), "text") for n in range(5)), 2)]
    [2, 2, 1]
    """
    if size < 1:
        raise ParameterError(f"expected a batch size of at least 1; got {size}")
    return _batches(iter(documents), size)


def _batches(documents: Iterator[Document], size: int) -> Iterator[DocumentBatch]:
    while batch := list(islice(documents, size)):
        yield DocumentBatch.of(batch)


def documents_of(docs: Any, *, id_field: str, text_field: str) -> Callable[[], Iterator[Document]]:
    """A function that yields the documents afresh on every call.

    Lists (of str, dicts or :class:`Document`) and pandas DataFrames are
    re-read from memory; any other iterable is read once and spilled to a
    temporary JSON-lines file, so a generator or a stream can be verified too.

    Parameters
    ----------
    docs:
        A list or tuple (of str, dicts or Documents), a pandas DataFrame, a
        function returning an iterable of them, or any other iterable.
    id_field, text_field:
        The keys (columns) of the id and the text in dicts and DataFrames.

    Returns
    -------
    Callable[[], Iterator[Document]]

    Raises
    ------
    InputError
        For a DataFrame without ``text_field``, and (on iteration) for an item
        that is not a str, a dict with a string text, or a Document.
    ParameterError
        For a single str or bytes (not a collection of texts).

    Examples
    --------
    >>> again = documents_of(iter(["one text", {"id": "b", "text": "two", "outlet": "Wire"}]),
    ...                      id_field="id", text_field="text")
    >>> list(again()) == list(again())
    True
    >>> list(again())[1]
    Document(id='b', text='two', meta={'outlet': 'Wire'})
    """
    if type(docs).__name__ == "DataFrame":
        frame = docs
        if text_field not in frame.columns:
            raise InputError(f"expected a column {text_field!r}; got columns {list(frame.columns)}")
        records = frame.to_dict("records")
        return lambda: (as_document(r, n, id_field, text_field) for n, r in enumerate(records))
    if isinstance(docs, (list, tuple)):
        return lambda: (as_document(d, n, id_field, text_field) for n, d in enumerate(docs))
    if callable(docs):
        return lambda: (as_document(d, n, id_field, text_field) for n, d in enumerate(docs()))
    if isinstance(docs, (str, bytes)):
        raise ParameterError("dedup() takes an iterable of documents, got a single str: wrap it in a list")
    return _spilled(iter(docs), id_field, text_field)


def as_document(item: Any, n: int, id_field: str, text_field: str) -> Document:
    """``item`` as a Document: a str (its id is ``n``), a dict, or a Document as it is.

    Parameters
    ----------
    item:
        A str, a dict with a string ``text_field`` (its other fields are the
        metadata; without ``id_field`` its id is ``n``), or a Document.
    n:
        Its position in the input, for the id of a str and for messages.
    id_field, text_field:
        The keys of the id and the text in a dict.

    Returns
    -------
    Document

    Raises
    ------
    InputError
        For a dict without a string text, or an item of another type.

    Examples
    --------
    >>> as_document("Some text.", 3, "id", "text")
    Document(id='3', text='Some text.', meta={})
    >>> as_document({"id": 7, "body": "Hi", "outlet": "Wire"}, 0, "id", "body")
    Document(id='7', text='Hi', meta={'outlet': 'Wire'})
    """
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(id=str(n), text=item, meta={})
    if isinstance(item, dict):
        text = item.get(text_field)
        if not isinstance(text, str):
            got = "no such field" if text_field not in item else type(text).__name__
            raise InputError(f"document {n}: expected a string field {text_field!r}; got {got}")
        doc_id = item.get(id_field, n)
        meta = {k: v for k, v in item.items() if k not in (id_field, text_field)}
        return Document(id=str(doc_id), text=text, meta=meta)
    raise InputError(f"document {n}: expected str, dict or Document; got {type(item).__name__}")


def _spilled(iterator: Iterator, id_field: str, text_field: str) -> Callable[[], Iterator[Document]]:
    spool = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    state = {"read": False}

    def read() -> Iterator[Document]:
        if not state["read"]:
            for n, item in enumerate(iterator):
                doc = as_document(item, n, id_field, text_field)
                spool.write(json.dumps([doc.id, doc.text, doc.meta], ensure_ascii=False) + "\n")
                yield doc
            state["read"] = True
            return
        spool.seek(0)
        for line in spool:
            doc_id, text, meta = json.loads(line)
            yield Document(id=doc_id, text=text, meta=meta)

    return read
