"""The hot kernels behind one plain Python API, and the dispatcher that picks their engine.

Every kernel has two implementations that give the same bits: a short
plain-Python *reference* (:mod:`._reference`, :mod:`._regions`), written to be
read, and a *compiled* one (numba: :mod:`._fast`, :mod:`._kernels`,
:mod:`._pairs`, :mod:`._sets`). The dispatcher (:mod:`._dispatch`) holds one table,
:data:`KERNELS`, from each kernel to both implementations and to the measured
speed of its reference; every public function here validates its input,
counts its input's size and lets the dispatcher run it.

Which engine runs
-----------------
``engine="fast"`` or ``"reference"`` (an argument of each function), else
``SIMCOMPARE_ENGINE``, else ``auto``. Under ``auto`` a call runs compiled when

* the compiled engine is already loaded in this process (by an earlier
  compiled call, or by :func:`load_compiled`), or
* the plain-Python time this process has already spent in ``auto``
  reference calls, plus this call's estimated reference time (its size times
  the kernel's ``seconds_per_unit``), exceeds :data:`LOAD_SECONDS`, the cost
  of loading the compiled kernels from numba's cache (about 0.8 s: numba's
  import and runtime);

otherwise the reference runs and its measured time is added to the total.
So a CLI comparing two articles never imports numba, a corpus (or one very
long text) goes compiled at once, and a loop over many pairs stops paying
plain-Python prices once they would have paid for loading numba: the rule
never spends more than about twice what the better choice in hindsight would.
The rates and the load cost are measured by ``python -m
simcompare._core._calibrate`` (see docs/engine.md).

Counts and errors
-----------------
:func:`engine_counts` tells, per kernel, how many calls ran compiled, ran the
reference, and how many parts of compiled calls fell back to the reference,
and why (:func:`reset_engine_counts` zeroes them); only :func:`token_spans`
still falls back, for the words its compiled fast path leaves aside. Every
compiled call runs inside :func:`compiled_errors`, which turns a failure of
numba or numpy into :class:`simcompare.errors.EngineError`.
"""

from __future__ import annotations

import math
from typing import NamedTuple, Sequence

import numpy as np

from ..errors import ParameterError
from ..params import SignatureParams
from ._dispatch import (
    ENGINES,
    KERNELS,
    LOAD_SECONDS,
    auto_state,
    compiled_errors,
    engine_counts,
    engine_name,
    load_compiled,
    reset_engine_counts,
    run,
)
from ._json import JsonTexts, byte_view, checked_offsets
from ._regions import seeds
from ._vectors import top_zero, window_hashes

__all__ = [
    "ENGINES", "KERNELS", "LOAD_SECONDS", "engine_name", "load_compiled", "engine_counts", "reset_engine_counts",
    "auto_state", "compiled_errors", "sign_texts", "sign_with_anchors", "token_spans", "text_units",
    "shingle_sets", "find_regions", "merge_runs", "sort_postings", "frequent_values", "candidate_pairs",
    "connected_components", "seeds", "top_zero", "window_hashes", "text_size", "sign_size",
    "frequent_shingles", "shingle_overlaps", "JsonTexts", "json_text_lengths", "FlatRecords", "flat_json_records",
]

# Reference signing time per character against one-permutation hashing of word
# shingles (measured by ._calibrate): k-permutation hashing computes every
# slot for every shingle.
CHAR_WEIGHT = 5.0
KPERM_WEIGHT_PER_SLOT = 0.05
# Sizes are counted for at most this many texts; more texts are a corpus.
COUNTED_TEXTS = 10_000


def text_size(texts: Sequence[str]) -> float:
    """The size the dispatcher counts for ``texts``: their characters.

    Parameters
    ----------
    texts:
        ``str`` objects, or a :class:`JsonTexts` (its ``lengths`` are summed).

    Returns
    -------
    float
        The number of characters; infinite for more than ``COUNTED_TEXTS``
        texts (a corpus: not worth counting, the compiled engine runs).

    Examples
    --------
    >>> text_size(["ab", "cde"])
    5.0
    """
    if len(texts) > COUNTED_TEXTS:
        return math.inf
    return float(texts.lengths.sum()) if isinstance(texts, JsonTexts) else float(sum(map(len, texts)))


def sign_size(texts: Sequence[str], params: SignatureParams) -> float:
    """The size the dispatcher counts for signing ``texts``: characters times
    the reference's relative cost for ``params`` (character shingles
    ``CHAR_WEIGHT``; k-permutation hashing ``KPERM_WEIGHT_PER_SLOT`` a slot).

    Parameters
    ----------
    texts:
        ``str`` objects, or a :class:`JsonTexts`.
    params:
        The signature parameters.

    Returns
    -------
    float

    Examples
    --------
    >>> sign_size(["abcd"], SignatureParams()), sign_size(["abcd"], SignatureParams(shingle_kind="char"))
    (4.0, 20.0)
    """
    weight = CHAR_WEIGHT if params.shingle_kind == "char" else 1.0
    if params.scheme == "kperm":
        weight *= max(1.0, KPERM_WEIGHT_PER_SLOT * params.num_perm)
    return weight * text_size(texts)


def sign_texts(
    texts: Sequence[str], params: SignatureParams, *, workers: int = 1, engine: str | None = None,
    ignore: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Sign ``texts`` into MinHash signatures.

    Parameters
    ----------
    texts:
        ``str`` objects (checked by the caller), or a :class:`JsonTexts`: the
        compiled engine decodes its literals itself (no ``str`` per text),
        and the signatures are those of its decoded texts.
    params:
        The signature parameters.
    workers:
        Threads of the compiled engine.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.
    ignore:
        Shingle hashes to leave out (boilerplate); such signatures are only
        comparable with others made with the same ``ignore``.

    Returns
    -------
    (matrix, empty)
        ``(len(texts), num_perm)`` uint32 signatures, and the mask of texts
        with no shingle to sign.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> matrix, empty = sign_texts(["the cat sat on the mat", ""], SignatureParams(num_perm=4))
    >>> matrix.shape, empty.tolist()
    ((2, 4), [False, True])
    >>> literals = JsonTexts(b'"the cat sat on the mat" ""', np.array([0, 25]), np.array([24, 27]), np.array([22, 0]))
    >>> same = sign_texts(literals, SignatureParams(num_perm=4))
    >>> same[0].tolist() == matrix.tolist(), same[1].tolist()
    (True, [False, True])
    """
    return run("sign_texts", engine, sign_size(texts, params), texts, params, workers=workers, ignore=ignore)


def sign_with_anchors(
    texts: Sequence[str], params: SignatureParams, *, anchor_bits: int, workers: int = 1, engine: str | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sign ``texts`` (word shingles) and find their anchors in the same pass.

    Parameters
    ----------
    texts, params, workers, engine:
        As for :func:`sign_texts`.
    anchor_bits:
        Anchors are the shingle hashes whose top ``anchor_bits`` bits are zero.

    Returns
    -------
    (matrix, empty, anchors, offsets)
        As :func:`sign_texts`, and ``anchors[offsets[d]:offsets[d + 1]]``,
        what :func:`shingle_sets` with ``top_zero_bits=anchor_bits`` gives for text ``d``.

    Raises
    ------
    ParameterError
        Unless the shingles are words and ``0 < anchor_bits < 64``, or if
        ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> out = sign_with_anchors(["the cat sat on the mat"], SignatureParams(num_perm=4, shingle_size=2),
    ...                         anchor_bits=1)
    >>> [a.shape for a in out][:2], out[3].tolist() == [0, len(out[2])]
    ([(1, 4), (1,)], True)
    """
    if params.shingle_kind != "word" or not 0 < anchor_bits < 64:
        raise ParameterError(f"anchors need word shingles and 0 < anchor_bits < 64; got "
                             f"{params.shingle_kind} shingles, anchor_bits={anchor_bits}")
    return run("sign_with_anchors", engine, sign_size(texts, params), texts, params, anchor_bits=anchor_bits,
               workers=workers)


def json_text_lengths(data, starts: np.ndarray, ends: np.ndarray, *, engine: str | None = None) -> np.ndarray:
    """The length in code points of each JSON string literal ``data[starts[i]:ends[i]]``, or -1 where the
    slice is not exactly one valid literal.

    A slice is valid when ``json.loads`` of its strict UTF-8 decoding gives a
    ``str`` and it begins and ends with its quotes: no overlong sequence,
    UTF-8-encoded surrogate, code point past U+10FFFF, truncated sequence or
    stray continuation byte; no raw control character (below U+0020) inside;
    only the escapes ``\\" \\\\ \\/ \\b \\f \\n \\r \\t`` and ``\\uXXXX``. A high
    surrogate escape followed by a low one is one code point; any other
    surrogate escape is one code point too (as ``json.loads`` keeps it).
    The reader runs this on every block; the compiled kernel checks 32
    bytes at a time and goes one at a time only past plain ASCII (about
    4-5 GB/s on news text).

    Parameters
    ----------
    data:
        Bytes-like, or a 1-D uint8 array.
    starts, ends:
        1-D int64 arrays of one length, ``0 <= starts <= ends <= len(data)``.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    numpy.ndarray
        int64, one length (or -1) per slice; ready to be the ``lengths`` of a
        :class:`JsonTexts` once the -1 are left out.

    Raises
    ------
    ParameterError
        If ``data`` is not bytes-like, ``starts`` or ``ends`` is not a 1-D
        int64 array of the other's length, a slice is outside ``data``, or
        ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> data = b'"caf\\\\u00e9" "\\\\ud83d\\\\ude00!" "\\xff" 42'
    >>> json_text_lengths(data, np.array([0, 12, 28, 32]), np.array([11, 27, 31, 34])).tolist()
    [4, 2, -1, -1]
    """
    view = byte_view(data)
    starts, ends = checked_offsets(view, starts, ends)
    return run("json_text_lengths", engine, float((ends - starts).sum()), view, starts, ends)


class FlatRecords(NamedTuple):
    """The records of a block of JSON lines found by :func:`flat_json_records`."""

    line_ends: np.ndarray  #: int64: where each line ends in the block, past its newline
    text_starts: np.ndarray  #: int64: where each text's literal (with its quotes) starts in the block
    text_ends: np.ndarray  #: int64: and ends
    text_lengths: np.ndarray  #: int64: each text's length in code points
    ids: list[str]  #: each record's id
    date_kinds: np.ndarray  #: int8: 0 where a record has no date, 1 where it is ``null``, 2 where it is a string
    dates: list[str | None] | None  #: each record's date (None: ``null`` or no date), or None if none has one


def flat_json_records(data, *, id_key: str, text_key: str, date_key: str | None = None,
                      engine: str | None = None) -> FlatRecords | None:
    """The records of a block of JSON lines, if every line is an object of an id, a text and maybe a date.

    One pass over the bytes finds each line's end, its text's JSON literal
    (left as it is: see :class:`JsonTexts`) and length, its id and its date.
    A block is taken only when every line is one JSON object whose members are
    the id and the text (non-empty strings) and maybe the date (a string or
    ``null``), each once, with keys and the id and date written without
    escapes, every byte valid UTF-8 and no lone surrogate escape in the text;
    any other block (blank lines, other fields, other values, bad JSON) gives
    None, to be read the general way. What is taken is what ``json.loads`` reads.

    Parameters
    ----------
    data:
        Bytes-like, or a 1-D uint8 array: whole lines (the last one may lack
        its newline).
    id_key, text_key, date_key:
        The members' names (printable ASCII); no date member when None.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    FlatRecords or None

    Raises
    ------
    ParameterError
        If a key is empty, not printable ASCII or repeated, ``data`` is not
        bytes-like, or ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> block = b'{"id": "a", "text": "caf\\\\u00e9"}\\n{"text": "tea", "id": "b", "date": null}\\n'
    >>> found = flat_json_records(block, id_key="id", text_key="text", date_key="date")
    >>> found.ids, found.text_lengths.tolist(), found.dates, block[found.text_starts[0]:found.text_ends[0]]
    (['a', 'b'], [4, 3], [None, None], b'"caf\\\\u00e9"')
    >>> flat_json_records(b'{"id": "a", "text": "x", "outlet": "Wire"}', id_key="id", text_key="text") is None
    True
    """
    names = [id_key, text_key, date_key or ""]
    if not id_key or not text_key or len(set(names)) < 3 or not all(k.isascii() and k.isprintable() for k in names):
        raise ParameterError(f"expected distinct, non-empty keys of printable ASCII; got {names[:2] + [date_key]}")
    view = byte_view(data)
    keys = np.frombuffer("".join(names).encode(), dtype=np.uint8)
    key_starts = np.cumsum([0] + [len(k) for k in names]).astype(np.int64)
    # No line is shorter than {"<id>":"x","<text>":""} and its newline: room for every line, without counting.
    rows = (len(view) + 1) // (len(id_key) + len(text_key) + 15) + 1
    line_ends, text_starts, text_ends, text_lengths = (np.empty(rows, dtype=np.int64) for _ in range(4))
    date_kinds = np.zeros(rows, dtype=np.int8)
    ids, dates = np.empty(len(view), dtype=np.uint8), np.empty(len(view), dtype=np.uint8)
    written = np.zeros(2, dtype=np.int64)
    found = run("flat_json_records", engine, float(len(view)), view, keys, key_starts, line_ends, text_starts,
                text_ends, text_lengths, date_kinds, ids, dates, written)
    if found < 0:
        return None
    line_ends, text_starts, text_ends, text_lengths, date_kinds = (
        a[:found] for a in (line_ends, text_starts, text_ends, text_lengths, date_kinds))
    date_list = None
    if date_kinds.any():
        given = iter(_lines_of(dates, int(written[1])))
        date_list = [next(given) if kind == 2 else None for kind in date_kinds.tolist()]
    return FlatRecords(line_ends, text_starts, text_ends, text_lengths, _lines_of(ids, int(written[0])), date_kinds,
                       date_list)


def _lines_of(buf: np.ndarray, size: int) -> list[str]:
    """The newline-ended UTF-8 strings in ``buf[:size]``, decoded at once."""
    return buf[:size - 1].tobytes().decode("utf-8").split("\n") if size else []


def token_spans(text: str, *, engine: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tokens of ``text`` with their spans in the original text.

    Parameters
    ----------
    text:
        Any ``str``.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    (starts, ends, hashes)
        int64 spans and the uint64 token hashes the signatures are built from.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> starts, ends, hashes = token_spans("Kim Jong-un’s visit")
    >>> starts.tolist(), ends.tolist()
    ([0, 4, 9, 14], [3, 8, 13, 19])
    """
    return run("token_spans", engine, len(text), text)


def text_units(text: str, *, shingle_kind: str = "word", engine: str | None = None) -> np.ndarray:
    """The units shingles are made of: token hashes, or character units for character shingles.

    Parameters
    ----------
    text:
        Any ``str``.
    shingle_kind:
        "word" or "char".
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    numpy.ndarray
        uint64 units in order; :func:`window_hashes` of them are the text's shingles.

    Raises
    ------
    ParameterError
        If ``shingle_kind`` or ``engine`` is not one of the names above.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> len(text_units("the cat sat")), len(text_units("the cat", shingle_kind="char"))
    (3, 7)
    """
    if shingle_kind not in ("word", "char"):
        raise ParameterError(f"shingle_kind must be 'word' or 'char', got {shingle_kind!r}")
    return run("text_units", engine, len(text), text, shingle_kind)


def shingle_sets(
    texts: Sequence[str], shingle_size: int, *, top_zero_bits: int = 0, engine: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Word-shingle sets of many texts.

    Parameters
    ----------
    texts:
        ``str`` objects, or a :class:`JsonTexts` (as for :func:`sign_texts`).
    shingle_size:
        Words per shingle.
    top_zero_bits:
        With ``top_zero_bits`` > 0, only the hashes whose top bits are zero (anchors).
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    (hashes, offsets)
        Text ``d`` owns ``hashes[offsets[d]:offsets[d + 1]]``, sorted and unique.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> hashes, offsets = shingle_sets(["a b c", "a b c d"], 2)
    >>> offsets.tolist()
    [0, 2, 5]
    """
    return run("shingle_sets", engine, text_size(texts), texts, shingle_size, top_zero_bits=top_zero_bits)


def find_regions(
    sa: np.ndarray, sb: np.ndarray, q: int, max_gap: int, max_repeat: int, *, engine: str | None = None
) -> np.ndarray:
    """Chains of the seeds ``sa`` of one text that the seeds ``sb`` of another share.

    Parameters
    ----------
    sa, sb:
        uint64 seeds from :func:`seeds`.
    q, max_gap, max_repeat:
        Tokens per seed, the gap a chain tolerates, and how often a seed may
        repeat in ``b`` and still count (see :func:`._regions.find_regions`).
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    numpy.ndarray
        ``(n, 5)`` int64 rows ``a0, a1, b0, b1, seeds``.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> s = seeds(np.arange(10, dtype=np.uint64), 3)
    >>> find_regions(s, s, 3, 4, 16).tolist()
    [[0, 10, 0, 10, 8]]
    """
    return run("find_regions", engine, len(sa) + len(sb), sa, sb, q, max_gap, max_repeat)


def merge_runs(
    keys: np.ndarray, docs: np.ndarray, bounds: np.ndarray, *, engine: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Merge sorted runs of postings into one, stably: equal keys keep the order of their runs.

    Parameters
    ----------
    keys, docs:
        Run ``r`` is ``keys[bounds[r]:bounds[r + 1]]`` with its ``docs``.
        Writable arrays may be overwritten (they serve as scratch).
    bounds:
        int64 run boundaries, from 0 to ``len(keys)``.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    (keys, docs)
        Sorted by key.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> keys, docs = merge_runs(np.array([2, 5, 1, 5], dtype=np.uint64), np.arange(4), np.array([0, 2, 4]))
    >>> keys.tolist(), docs.tolist()
    ([1, 2, 5, 5], [2, 0, 1, 3])
    """
    return run("merge_runs", engine, len(keys), keys, docs, bounds)


def sort_postings(keys: np.ndarray, docs: np.ndarray, *, engine: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Postings sorted by key, stably: equal keys keep their order.

    Parameters
    ----------
    keys, docs:
        uint64 keys and their documents, of equal length.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    (keys, docs)
        New arrays, sorted by key.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> sort_postings(np.array([3, 1, 3], dtype=np.uint64), np.arange(3))[1].tolist()
    [1, 0, 2]
    """
    return run("sort_postings", engine, len(keys), keys, docs)


def frequent_values(values: np.ndarray, min_count: int, *, engine: str | None = None) -> np.ndarray:
    """The distinct ``values`` (uint64) that occur at least ``min_count`` times, sorted.

    Parameters
    ----------
    values:
        uint64 array.
    min_count:
        The least number of occurrences kept.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    numpy.ndarray
        uint64, sorted.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> frequent_values(np.array([7, 3, 7, 9, 7, 3], dtype=np.uint64), 2).tolist()
    [3, 7]
    """
    return run("frequent_values", engine, len(values), values, min_count)


def frequent_shingles(texts: Sequence[str], shingle_size: int, min_docs: int, *, workers: int = 1,
                      engine: str | None = None) -> np.ndarray:
    """The shingle hashes in the shingle sets of at least ``min_docs`` texts:
    ``frequent_values(shingle_sets(texts, shingle_size)[0], min_docs)``,
    without sorting every text's set.

    Parameters
    ----------
    texts:
        ``str`` objects, or a :class:`JsonTexts` (as for :func:`sign_texts`).
    shingle_size:
        Words per shingle.
    min_docs:
        The fewest texts whose sets hold a hash kept.
    workers:
        Threads of the compiled engine.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    numpy.ndarray
        uint64, sorted.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> texts = ["a b c", "a b d", "a b c"]
    >>> frequent_shingles(texts, 2, 2).tolist() == frequent_values(shingle_sets(texts, 2)[0], 2).tolist()
    True
    """
    return run("frequent_shingles", engine, text_size(texts), texts, shingle_size, min_docs, workers=workers)


def shingle_overlaps(texts: Sequence[str], shingle_size: int, a: np.ndarray, b: np.ndarray, *,
                     ignore: np.ndarray | None = None, workers: int = 1, engine: str | None = None
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How much the word-shingle sets of pairs of texts overlap.

    Parameters
    ----------
    texts:
        ``str`` objects, or a :class:`JsonTexts` (as for :func:`sign_texts`).
    shingle_size:
        Words per shingle.
    a, b:
        The pairs, as positions in ``texts``.
    ignore:
        Shingle hashes left out of every set (boilerplate).
    workers:
        Threads of the compiled engine.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    (shared, size_a, size_b)
        int64 arrays: for each pair, the hashes both sets hold, and the size
        of each set.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> shared, size_a, size_b = shingle_overlaps(["a b c d", "a b c e"], 2, np.array([0]), np.array([1]))
    >>> shared.tolist(), size_a.tolist(), size_b.tolist()
    ([2], [3], [3])
    """
    if len(a) >= COUNTED_TEXTS:
        size = math.inf
    elif isinstance(texts, JsonTexts):
        size = float(texts.lengths[np.concatenate((a, b)).astype(np.int64)].sum())
    else:
        size = sum(len(texts[d]) for d in np.concatenate((a, b)).tolist())
    return run("shingle_overlaps", engine, size, texts, shingle_size, a, b, ignore=ignore, workers=workers)


def candidate_pairs(
    keys: np.ndarray, *, exclude: np.ndarray | None = None, max_bucket: int | None = None, engine: str | None = None
) -> tuple[np.ndarray, np.ndarray, int, int, np.ndarray]:
    """All pairs of rows that share a key in at least one band (checked by
    :func:`simcompare.sketch.lsh.candidate_pairs`, which wraps the result).

    Parameters
    ----------
    keys:
        ``(n, bands)`` integer keys.
    exclude:
        None, or a boolean mask of ``n`` rows never to pair.
    max_bucket:
        None, or the most rows a bucket may have and still be expanded into pairs.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    (i, j, capped_buckets, largest_bucket, capped)
        int64 pairs ``i < j`` sorted by ``(i, j)``, the number of buckets not
        expanded, the rows in the largest bucket, and the mask of rows in a capped bucket.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails or runs out of memory.

    Examples
    --------
    >>> i, j, *_ = candidate_pairs(np.array([[1, 7], [1, 8], [2, 8]], dtype=np.uint64))
    >>> i.tolist(), j.tolist()
    ([0, 1], [1, 2])
    """
    return run("candidate_pairs", engine, keys.size, keys, exclude, max_bucket)


def connected_components(n: int, i: np.ndarray, j: np.ndarray, *, engine: str | None = None) -> np.ndarray:
    """Label every node ``0..n-1`` with the smallest node of its component
    (checked by :func:`simcompare.sketch.cluster.connected_components`).

    Parameters
    ----------
    n:
        Number of nodes.
    i, j:
        int64 arrays, the edges' endpoints in ``[0, n)``.
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    numpy.ndarray
        int64 labels of shape ``(n,)``.

    Raises
    ------
    ParameterError
        If ``engine`` names no engine.
    EngineError
        If the compiled engine fails.

    Examples
    --------
    >>> connected_components(4, np.array([3]), np.array([1])).tolist()
    [0, 1, 2, 1]
    """
    return run("connected_components", engine, n + len(i), n, i, j)
