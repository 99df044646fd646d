"""The files one input stands for: a file, standard input, or a directory walked in sorted order."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ...errors import InputError, UnknownFormatError
from ._lines import GZIP_SUFFIX
from ._record import STDIN, Source

__all__ = ["BY_EXTENSION", "IN_DIRECTORIES", "GZIP_EXTENSIONS", "format_of", "sources_of"]

#: Extension -> format of a file named as an input ("json" is JSON lines or a manifest, told on reading).
BY_EXTENSION = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
}
#: Extensions read inside directories: exact, lower-case; no ".json" (often a metadata file).
IN_DIRECTORIES = frozenset({".txt", ".jsonl", ".ndjson", ".csv", ".tsv", ".parquet"})
#: Extensions that may be followed by ``.gz`` (``wires.jsonl.gz``): the file is read decompressed.
GZIP_EXTENSIONS = frozenset({".jsonl", ".ndjson", ".json", ".csv", ".tsv"})


def format_of(name: str, *, in_directory: bool = False) -> str | None:
    """The format of a file by its extension, looking through a ``.gz`` suffix; None when it does not tell.

    Parameters
    ----------
    name:
        The file's name or path.
    in_directory:
        For a file found in a directory: only the extensions read there
        (:data:`IN_DIRECTORIES`), exactly (lower-case); else any case.

    Returns
    -------
    str or None

    Examples
    --------
    >>> format_of("wires.JSONL.gz"), format_of("a.txt.gz"), format_of("notes.json", in_directory=True)
    ('jsonl', None, None)
    """
    root, ext = os.path.splitext(name)
    if not in_directory:
        ext = ext.lower()
    gzipped = ext == GZIP_SUFFIX
    if gzipped:
        root, ext = os.path.splitext(root)
        ext = ext if in_directory else ext.lower()
        if ext not in GZIP_EXTENSIONS:
            return None
    if in_directory and ext not in IN_DIRECTORIES:
        return None
    return BY_EXTENSION.get(ext)


def sources_of(path: str, format: str | None) -> Iterator[Source]:
    """The sources to read for one input, in reading order.

    Parameters
    ----------
    path:
        A file, a directory (its files to read, sorted, hidden ones skipped) or
        ``"-"`` (standard input).
    format:
        The format of a file or of standard input, overriding the extension;
        None picks by extension (standard input: JSON lines). Not applied
        inside directories.

    Returns
    -------
    Iterator[Source]

    Raises
    ------
    InputError
        During iteration: for Parquet on standard input, a directory with
        nothing to read or that cannot be listed, or a file whose extension
        does not tell its format.

    Examples
    --------
    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> for name in ("b.jsonl", "a.txt", "notes.json", ".hidden.txt"):
    ...     open(os.path.join(root, name), "w").close()
    >>> [(s.name, s.format) for s in sources_of(root, None)]
    [('a.txt', 'txt'), ('b.jsonl', 'jsonl')]
    >>> next(sources_of("-", None))
    Source(path=None, shown='<stdin>', name='<stdin>', format='jsonl')
    """
    if path == "-":
        if format == "parquet":
            raise InputError("cannot read Parquet from standard input; pass the file", path=STDIN)
        yield Source(None, STDIN, STDIN, format or "jsonl")
    elif os.path.isdir(path):
        found = False
        for rel in _files_under(path, "", set()):
            found = True
            full = os.path.join(path, rel)
            fmt = format_of(rel, in_directory=True)
            yield Source(full, full, rel.replace(os.sep, "/"), fmt)
        if not found:
            raise InputError(
                "no .txt, .jsonl, .csv or .parquet files (nor .ndjson or .tsv); "
                "hidden files and directories are skipped",
                path=path,
            )
    else:
        fmt = format or format_of(path)
        if fmt is None:
            raise UnknownFormatError(
                "cannot tell the format from the extension: expected .txt, .jsonl, .ndjson, .json, "
                ".csv, .tsv or .parquet (the text ones but .txt also gzip-compressed: .jsonl.gz)",
                path=path,
            )
        yield Source(path, path, path.replace(os.sep, "/"), fmt)


def _files_under(root: str, rel: str, visited: set) -> Iterator[str]:
    """Paths relative to ``root`` of the files to read under ``root/rel``, sorted."""
    here = os.path.join(root, rel)
    try:
        st = os.stat(here)
        if (st.st_dev, st.st_ino) in visited:  # a symbolic link back up the tree
            return
        visited.add((st.st_dev, st.st_ino))
        with os.scandir(here) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"cannot list directory: {exc.strerror or exc}", path=here) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = os.path.join(rel, entry.name)
        if entry.is_dir():
            yield from _files_under(root, child, visited)
        elif format_of(entry.name, in_directory=True) is not None and entry.is_file():
            yield child
