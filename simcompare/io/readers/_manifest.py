"""Manifests: a ``.json`` file listing text files, each one document, with its metadata."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator

from ...errors import InputError
from .._file import read_text
from ..documents import Document
from ._record import Record, Source, json_type

__all__ = ["MANIFEST_MAX_BYTES", "manifest_of", "manifest_records"]

#: A .json file up to this size is parsed whole to see whether it is a manifest.
MANIFEST_MAX_BYTES = 16 << 20


def manifest_of(source: Source, encoding: str) -> dict | None:
    """The parsed manifest in ``source``, or None when it is not one (then it is JSON lines).

    With ``format="manifest"`` (and for a file too large to be one) anything but
    a manifest raises.

    Parameters
    ----------
    source:
        A ``.json`` file (format ``"json"``) or a file given as ``"manifest"``.
    encoding:
        As for :func:`~simcompare.io.read_text`.

    Returns
    -------
    dict or None
        ``{"documents": [...], "lines": [...]}``: the items, and the line each starts on.

    Raises
    ------
    InputError
        For a ``"documents"`` that is not a list, and, with ``format="manifest"``,
        for standard input, invalid JSON, or JSON that is not a manifest.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "m.json")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"documents": [\\n  {"path": "a.txt"},\\n  {"path": "b.txt"}\\n]}')
    >>> manifest_of(Source(path, path, "m.json", "json"), "utf-8")
    {'documents': [{'path': 'a.txt'}, {'path': 'b.txt'}], 'lines': [2, 3]}
    """
    forced = source.format == "manifest"
    if source.path is None or (not forced and os.path.getsize(source.path) > MANIFEST_MAX_BYTES):
        if forced:
            raise InputError("a manifest must be a file", path=source.shown)
        return None
    text = read_text(source.path, encoding=encoding)
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        if forced:
            raise InputError(f"not a manifest: invalid JSON ({exc.msg} at line {exc.lineno})",
                             path=source.shown, line=exc.lineno) from None
        return None
    if isinstance(manifest, dict) and "documents" in manifest:
        if not isinstance(manifest["documents"], list):
            raise InputError(f"expected \"documents\" to be a list of objects, got a JSON "
                             f"{json_type(manifest['documents'])}", path=source.shown)
        return {"documents": manifest["documents"], "lines": _item_lines(text)}
    if forced:
        raise InputError(f"expected a manifest: a JSON object with a \"documents\" list; got a JSON "
                         f"{json_type(manifest)}" + (" without \"documents\"" if isinstance(manifest, dict) else ""),
                         path=source.shown)
    return None


def _item_lines(text: str) -> list[int]:
    """The 1-based line on which each item of the top-level ``"documents"`` list
    starts, in a text that is valid JSON (the last ``"documents"`` wins, as in
    ``json.loads``)."""
    decoder = json.JSONDecoder()
    space = re.compile(r"[ \t\n\r]*")

    def skip(i: int) -> int:
        return space.match(text, i).end()

    lines: list[int] = []
    i = skip(text.index("{") + 1)
    while text[i] != "}":
        key, i = decoder.raw_decode(text, i)
        i = skip(skip(i) + 1)  # the colon
        if key == "documents":
            lines, i = [], skip(i + 1)
            while text[i] != "]":
                lines.append(text.count("\n", 0, i) + 1)
                _, i = decoder.raw_decode(text, i)
                i = skip(i)
                i = skip(i + 1) if text[i] == "," else i
            i += 1
        else:
            _, i = decoder.raw_decode(text, i)
        i = skip(i)
        i = skip(i + 1) if text[i] == "," else i
    return lines


def manifest_records(manifest: dict, source: Source, fields: tuple[str, str], encoding: str
                     ) -> Iterator[tuple[int, Record]]:
    """One record per item of a manifest's ``documents``: the file its ``path`` names.

    Parameters
    ----------
    manifest:
        What :func:`manifest_of` returned for ``source``.
    source:
        The manifest file; relative paths are relative to its directory.
    fields:
        ``(id_field, text_field)``; an item's id is its ``id_field``, or else its path as written.
    encoding:
        Encoding of the text files.

    Returns
    -------
    Iterator[tuple[int, Document | InputError]]
        The line each item starts on, and its Document (the item's other
        fields are its metadata) or what is wrong with it.

    Examples
    --------
    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> with open(os.path.join(root, "a.txt"), "w") as f:
    ...     _ = f.write("Hello.")
    >>> source = Source(os.path.join(root, "m.json"), "m.json", "m.json", "json")
    >>> manifest = {"documents": [{"path": "a.txt", "outlet": "Wire"}, {"id": 7}], "lines": [2, 3]}
    >>> for line, record in manifest_records(manifest, source, ("id", "text"), "utf-8"):
    ...     print(line, record)
    2 Document(id='a.txt', text='Hello.', meta={'outlet': 'Wire'})
    3 m.json:3: documents[1]: expected a string field 'path' naming a text file; got no 'path'
    """
    id_field, _ = fields
    base = os.path.dirname(source.path)
    for index, (item, line) in enumerate(zip(manifest["documents"], manifest["lines"])):
        where = f"documents[{index}]"

        def bad(message: str, where: str = where, line: int = line) -> InputError:
            return InputError(f"{where}: {message}", path=source.shown, line=line)

        if not isinstance(item, dict):
            yield line, bad(f"expected an object with a string field 'path'; got a JSON {json_type(item)}")
            continue
        rel = item.get("path")
        if not isinstance(rel, str) or not rel.strip():
            got = "no 'path'" if "path" not in item else f"'path' = {json.dumps(rel)}"
            yield line, bad(f"expected a string field 'path' naming a text file; got {got}")
            continue
        full = os.path.join(base, rel)
        try:
            text = read_text(full, encoding=encoding)
        except InputError as exc:  # the message names the file; say which item pointed there
            yield line, bad(str(exc))
            continue
        raw_id = item.get(id_field)
        if isinstance(raw_id, (dict, list)):
            yield line, bad(f"expected {id_field!r} to be a string or a number; got a JSON {json_type(raw_id)}")
            continue
        doc_id = rel if raw_id is None or raw_id == "" else raw_id if isinstance(raw_id, str) else json.dumps(raw_id)
        yield line, Document(doc_id, text, {k: v for k, v in item.items() if k not in (id_field, "path")})
