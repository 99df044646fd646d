"""The fast engine: batches of texts through the compiled kernels.

Per batch, Python only takes the texts' lengths and addresses; compiled code
copies their code points into one buffer (:mod:`._strings`), then
case-folds, tokenises, hashes and signs, all without the GIL, so ``workers``
threads sign batches in parallel. The tables fold case and NFKC forms one
code point at a time; NFKC is applied to a text only where the kernel
finds a code point whose NFKC form depends on its neighbours (combining
marks, Hangul jamo). A text longer than
``LONG_TEXT`` characters is fed to the kernels in pieces cut at whitespace,
so its memory stays bounded.

Every function here is the compiled implementation of a kernel of the
dispatcher (:mod:`._dispatch`). One still hands part of its input to the
reference engine: :func:`token_spans`, for the words its fast path leaves
aside; each such part is counted (:func:`._counts.count_fallback`).
"""

from __future__ import annotations

import ctypes
import re
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

import numpy as np

from ..errors import ParameterError
from ..params import SignatureParams
from ..text import chars as _chars
from . import _hashing as H
from . import _jsonscan as J
from . import _kernels as K
from . import _reference
from . import _strings as S
from ._counts import count_fallback
from ._json import JsonTexts, with_offsets
from ._vectors import top_zero, window_hashes

__all__ = ["sign", "sign_with_anchors", "token_spans", "units", "shingle_sets", "merge_runs", "frequent_values",
           "LONG_TEXT", "BATCH_CHARS", "BATCH_DOCS", "text_lengths", "short_batch"]

LONG_TEXT = 1 << 18
# A batch's code points and scratch stay in a core's L2 cache.
BATCH_CHARS = 1 << 18
BATCH_DOCS = 1024
# A long text is cut just before ASCII whitespace or a CJK ideograph: neither
# composes under NFKC with what precedes it, and both end any token.
_CUT = re.compile(r"[ \t\n\r\u4e00-\u9fff]")


class _Keys:
    """The per-parameters arrays the kernels need, derived once."""

    def __init__(self, params: SignatureParams, ignore: np.ndarray | None = None):
        stream = H.seed_stream(params.seed)
        self.key = np.uint64(next(stream))
        self.probe_key = np.uint64(next(stream))
        if params.scheme == "kperm":
            mult, add = H.kperm_keys(params.seed, params.num_perm)
        else:
            mult, add = [0], [0]
        self.mult = np.array(mult, dtype=np.uint64)
        self.add = np.array(add, dtype=np.uint64)
        self.scheme = 0 if params.scheme == "oph" else 1
        self.char_mode = params.shingle_kind == "char"
        self.ignore = np.unique(np.asarray(ignore if ignore is not None else [], dtype=np.uint64))
        # Bit (h >> 48) of this 65,536-bit table is set for each ignored hash h.
        self.ignore_bits = np.zeros(1 << 10, dtype=np.uint64)
        top = self.ignore >> np.uint64(48)
        np.bitwise_or.at(self.ignore_bits, (top >> np.uint64(6)).astype(np.int64),
                         np.left_shift(np.uint64(1), top & np.uint64(63)))


# CPython's own copy of a string's code points into 32-bit units (stable C API):
# a widening copy, several times faster than encoding to UTF-16 or UTF-32.
_as_ucs4 = ctypes.pythonapi.PyUnicode_AsUCS4
_as_ucs4.argtypes = [ctypes.py_object, ctypes.c_void_p, ctypes.c_ssize_t, ctypes.c_int]
_as_ucs4.restype = ctypes.c_void_p


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text``: bytes if it is ASCII, else 32 bits each."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    units = np.empty(len(text), dtype=np.uint32)
    _as_ucs4(text, units.ctypes.data, len(units), 0)  # raises on failure (a pythonapi call)
    return units


_thread_scratch = threading.local()


def _scratch(size: int, dtype) -> np.ndarray:
    """``size`` units of this thread's buffer for ``dtype``, kept from batch
    to batch: a new buffer per batch means page faults, which two threads
    taking at once slow each other down with."""
    buffers = _thread_scratch.__dict__.setdefault("buffers", {})
    buf = buffers.get(dtype)
    if buf is None or len(buf) < size:
        buf = buffers[dtype] = np.empty(max(size, BATCH_CHARS), dtype=dtype)
    return buf[:size]


def text_lengths(texts: Sequence[str] | JsonTexts) -> np.ndarray:
    """The code points of each text, int64 (a new array: callers zero the long texts' lengths)."""
    if isinstance(texts, JsonTexts):
        return texts.lengths.copy()
    return np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))


def short_batch(texts: Sequence[str] | JsonTexts, lo: int, hi: int, is_long: np.ndarray) -> list[str] | JsonTexts:
    """``texts[lo:hi]`` for :func:`_joined`, the long ones (``is_long[lo:hi]``)
    made empty: a list of ``str``, or a ``JsonTexts`` whose long literals are
    empty slices (``ends == starts``, length 0)."""
    long = is_long[lo:hi]
    if isinstance(texts, JsonTexts):
        part = texts[lo:hi]
        if not long.any():
            return part
        ends, lengths = part.ends.copy(), part.lengths.copy()
        ends[long], lengths[long] = part.starts[long], 0
        return with_offsets(part, part.starts, ends, lengths)
    batch = list(texts[lo:hi])
    for i in np.flatnonzero(long).tolist():
        batch[i] = ""
    return batch


def _joined(texts: Sequence[str] | JsonTexts, lengths: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The code points of ``texts`` end to end, and where each text starts and
    ends. The code points may be this thread's scratch buffer: read them
    before the next call.

    One code unit per code point, as wide as the widest text needs (see
    :mod:`._strings`, which copies them without the GIL; else
    :func:`_code_points` of the joined texts), so the bounds are the running
    sum of the lengths: no separator to search for, and a NUL inside a text
    is just a separating character like any other control. A ``JsonTexts``
    is decoded by :func:`_json_joined` (its own lengths are used)."""
    if isinstance(texts, JsonTexts):
        return _json_joined(texts)
    if lengths is None:
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths)
    starts = ends - lengths
    offsets = S.layout()
    if offsets is not None:
        addresses = np.fromiter(map(id, texts), dtype=np.int64, count=len(texts))
        kind = S.widest_kind(addresses, lengths, offsets)
        if kind:
            buf = _scratch(int(ends[-1]) if len(ends) else 0, S.UNIT[kind])
            if S.gather(addresses, starts, lengths, offsets, buf):
                return buf, starts, ends
    return _code_points("".join(texts)), starts, ends


def _json_joined(texts: JsonTexts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What :func:`_joined` gives, decoded from the literals by compiled code
    (no ``str`` made); a text whose literal is empty (``ends == starts``) is
    left out, as an empty text.

    Raises
    ------
    ParameterError
        If a literal is not valid JSON or has another length than its ``lengths`` says.
    """
    lengths = texts.lengths
    ends = np.cumsum(lengths)
    starts = ends - lengths
    total = int(ends[-1]) if len(ends) else 0
    # Bytes first: the decoder says where a wider unit is needed, and the
    # texts before that point are widened, not decoded again.
    buf = _scratch(total, np.uint8)
    first = 0
    while True:
        at, code = J.decode(texts.data, texts.starts, texts.ends, lengths, starts, buf, first)
        if code == 0:
            return buf, starts, ends
        if code == 1:
            raise ParameterError(f"text {at}: expected a JSON string literal of {int(lengths[at])} characters, "
                                 f"got {texts.literal(at)[:60]!r}")
        wider = _scratch(total, S.UNIT[code])
        wider[: starts[at]] = buf[: starts[at]]
        buf, first = wider, at


def _kernel_batch(texts: list[str] | JsonTexts, lengths: np.ndarray | None, check_nfkc: bool,
                  params: SignatureParams, keys: _Keys, out: np.ndarray, empty: np.ndarray, anchor_bits: int = 0):
    """Sign ``texts``; return the flags of those that need NFKC first, and the
    anchors of the others (flat) with their count per text."""
    buf, starts, ends = _joined(texts, lengths)
    needs_nfkc = np.zeros(len(texts), dtype=bool)
    # A word text has at most one window per character.
    anchors = np.empty(len(buf) + len(texts) if anchor_bits else 0, dtype=np.uint64)
    counts = np.zeros(len(texts), dtype=np.int64)
    t = _chars.tables()
    written = K.sign_batch(
        buf, starts, ends, check_nfkc, t["classes"], t["fold_keys"], t["fold_offsets"],
        t["fold_values"], t["simple"], t["fold_bytes"], params.shingle_size, keys.char_mode, keys.scheme,
        params.num_perm, keys.key, keys.probe_key, keys.mult, keys.add, keys.ignore, keys.ignore_bits, out, empty,
        needs_nfkc, anchor_bits, anchors, counts,
    )
    return needs_nfkc, anchors[:written], counts


def _sign_short(texts: list[str], lengths: np.ndarray, params: SignatureParams, keys: _Keys, out: np.ndarray,
                empty: np.ndarray, anchor_bits: int = 0):
    """Sign ``texts``; return their anchors, their counts, and the texts
    (NFKC-normalised here) whose anchors are still to be found."""
    needs_nfkc, anchors, counts = _kernel_batch(texts, lengths, True, params, keys, out, empty, anchor_bits)
    redo = np.flatnonzero(needs_nfkc)
    if len(redo):
        normalized = [unicodedata.normalize("NFKC", texts[i]) for i in redo]
        sub_out = np.empty((len(redo), params.num_perm), dtype=np.uint32)
        sub_empty = np.zeros(len(redo), dtype=bool)
        _kernel_batch(normalized, None, False, params, keys, sub_out, sub_empty)
        out[redo] = sub_out
        empty[redo] = sub_empty
    return anchors, counts, redo


def _pieces(text: str):
    start = 0
    while start < len(text):
        cut = _CUT.search(text, start + LONG_TEXT) if len(text) - start > LONG_TEXT else None
        end = cut.start() if cut else len(text)
        yield text[start:end]
        start = end


def _scan_piece(piece: str, char_mode: bool, units: np.ndarray, carried: int, state: np.ndarray):
    """Scan ``piece`` into ``units`` after the ``carried`` units kept there;
    return the units array (grown if need be) and the new count. The piece is
    NFKC-normalised first only if the kernel finds a code point whose NFKC
    form depends on its neighbours (the tables fold the others)."""
    t = _chars.tables()
    buf = _code_points(piece)
    for check in (True, False):
        if not check:
            buf = _code_points(unicodedata.normalize("NFKC", piece))
        needed = carried + (4 if char_mode else 1) * len(buf) + 8
        if len(units) < needed:
            grown = np.empty(needed, dtype=np.uint64)
            grown[:carried] = units[:carried]
            units = grown
        n = K.scan(buf, 0, len(buf), check, t["classes"], t["fold_keys"], t["fold_offsets"], t["fold_values"],
                   char_mode, units, carried, state)
        if n >= 0:
            return units, n
    raise AssertionError("unreachable: a scan without the NFKC check always succeeds")


def _sign_long(text: str, params: SignatureParams, keys: _Keys, out: np.ndarray) -> bool:
    k = params.shingle_size
    bins = np.full(params.num_perm, H.EMPTY, dtype=np.uint64)
    state = np.zeros(1, dtype=np.int64)
    units = np.empty(0, dtype=np.uint64)
    windows = np.empty(K.WINDOW_BLOCK, dtype=np.uint64)
    carried = total = 0  # units kept from the previous piece, units seen
    for piece in _pieces(text):
        units, n = _scan_piece(piece, keys.char_mode, units, carried, state)
        total += n - carried
        K.sketch(units, n, k, keys.scheme, bins, params.num_perm, keys.key, keys.mult, keys.add,
                 keys.ignore, keys.ignore_bits, windows)
        # The last k - 1 units start windows that the next piece completes.
        carried = min(n, k - 1)
        units[:carried] = units[n - carried : n].copy()
    return K.finish(units, carried, total, k, keys.scheme, bins, params.num_perm,
                    keys.key, keys.probe_key, keys.mult, keys.add, keys.ignore, out)


def _batches(lengths: np.ndarray, max_docs: int = BATCH_DOCS) -> list[tuple[int, int]]:
    """Cut ``range(len(lengths))`` into runs of at most ``max_docs`` texts and
    about BATCH_CHARS characters."""
    bounds = []
    start = 0
    cumulative = np.cumsum(lengths)
    while start < len(lengths):
        base = cumulative[start - 1] if start else 0
        end = int(np.searchsorted(cumulative, base + BATCH_CHARS, side="right"))
        end = min(max(end, start + 1), start + max_docs, len(lengths))
        bounds.append((start, end))
        start = end
    return bounds


def sign(texts: Sequence[str], params: SignatureParams, *, workers: int = 1,
         ignore: np.ndarray | None = None, anchor_bits: int = 0) -> tuple:
    """Return ``(matrix, empty)`` like the reference engine, computed in
    batches (of a :class:`JsonTexts`, decoded by compiled code straight into
    the batch's code points: see :func:`_json_joined`); with ``anchor_bits``, ``(matrix, empty, anchors, offsets)``, the
    anchors of text ``d`` being ``anchors[offsets[d]:offsets[d + 1]]`` (as
    :func:`shingle_sets` with ``top_zero_bits=anchor_bits`` gives them)."""
    n = len(texts)
    # Every row is written by the kernels (an empty text's with 0xFFFFFFFF),
    # which also take the page faults of a new matrix, without the GIL.
    matrix = np.empty((n, params.num_perm), dtype=np.uint32)
    empty = np.zeros(n, dtype=bool)
    found: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # first row of a batch -> its anchors, counts
    later: list[int] = []  # rows whose anchors the batches did not find (NFKC, long texts)
    if n == 0:
        return (matrix, empty) if not anchor_bits else (matrix, empty, np.empty(0, np.uint64), np.zeros(1, np.int64))
    keys = _Keys(params, ignore)
    lengths = text_lengths(texts)
    is_long = lengths > LONG_TEXT  # signed on their own, in pieces; none in a batch
    lengths[is_long] = 0
    long_rows = np.flatnonzero(is_long).tolist()
    # At least one batch per worker, or the second worker has nothing to do.
    batches = iter(_batches(lengths, max(1, min(BATCH_DOCS, -(-n // workers)))))
    lock = threading.Lock()

    def run() -> None:
        while True:
            with lock:
                lo, hi = next(batches, (0, 0))
            if lo == hi:
                return
            short = short_batch(texts, lo, hi, is_long)
            anchors, counts, redo = _sign_short(short, lengths[lo:hi], params, keys, matrix[lo:hi], empty[lo:hi],
                                                anchor_bits)
            if anchor_bits:
                found[lo] = (anchors, counts)
                later.extend((redo + lo).tolist())

    def run_long(row: int) -> None:
        empty[row] = _sign_long(texts[row], params, keys, matrix[row])

    if workers <= 1:
        run()
        for row in long_rows:
            run_long(row)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(run) for _ in range(workers)]:
                future.result()
            list(pool.map(run_long, long_rows))
    if not anchor_bits:
        return matrix, empty
    return (matrix, empty, *_assembled(found, sorted(later + long_rows), texts, params.shingle_size, anchor_bits))


def sign_with_anchors(texts: Sequence[str], params: SignatureParams, *, anchor_bits: int, workers: int = 1) -> tuple:
    """:func:`sign` with ``anchor_bits``: ``(matrix, empty, anchors, offsets)``."""
    return sign(texts, params, workers=workers, anchor_bits=anchor_bits)


def _assembled(found: dict, later: list[int], texts: Sequence[str], shingle_size: int, bits: int):
    """The anchors of every text in order: the batches', and for the rows in
    ``later`` those of :func:`shingle_sets`."""
    firsts = sorted(found)
    counts = np.concatenate([found[lo][1] for lo in firsts])
    flat = np.concatenate([found[lo][0] for lo in firsts])
    if later:
        extra, extra_offsets = shingle_sets([texts[r] for r in later], shingle_size, top_zero_bits=bits)
        rows = np.split(flat, np.cumsum(counts)[:-1])
        for k, r in enumerate(later):
            rows[r] = extra[extra_offsets[k] : extra_offsets[k + 1]]
            counts[r] = len(rows[r])
        flat = np.concatenate(rows)
    return flat, np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


# Complex words closer than this are handed to the reference tokeniser as
# one segment: one call of its per-call overhead instead of many.
MERGE_GAP = 256
_SPACE_CODES = np.array([9, 10, 13, 32])


def _simple_spans(buf: np.ndarray):
    """``(starts, ends, hashes)`` of the tokens in code points ``buf`` by the
    kernels' fast path, or None when ``buf`` holds what it leaves aside."""
    m = len(buf)
    # Two edges a code point (a text of solo letters), kept in ``hashes`` too before they are hashed.
    edges = np.empty(2 * m + 2, dtype=np.int64)
    hashes = np.empty(2 * m + 8, dtype=np.uint64)
    t = _chars.tables()
    n = K.token_spans(buf, t["simple"], t["fold_bytes"], t["fold_keys"], t["fold_offsets"], t["fold_values"],
                      np.empty(m + 2, dtype=np.uint8),
                      np.empty(4 * m + 24, dtype=np.uint8), np.empty(m + 2, dtype=np.uint8), edges, hashes)
    if n < 0:
        return None
    # Copies, not views: a view would keep the piece's scratch (22 bytes a character) alive.
    return edges[0 : 2 * n : 2].copy(), edges[1 : 2 * n : 2].copy(), hashes[:n].copy()


def _complex_segments(buf: np.ndarray) -> list[tuple[int, int]]:
    """The ``[start, end)`` segments of ``buf`` the fast path leaves aside:
    each code point it cannot take, widened to the ASCII whitespace either
    side (a token ends there and NFKC composes nothing across it), segments
    less than MERGE_GAP apart joined."""
    simple = _chars.tables()["simple"]
    wide = buf.astype(np.int64)
    hard = np.flatnonzero(((simple[wide & 0xFFFF] & _chars.S_COMPLEX) != 0) | (wide > 0xFFFF))
    spaces = np.flatnonzero(np.isin(wide, _SPACE_CODES))
    at = np.searchsorted(spaces, hard, side="right")
    starts = np.where(at > 0, spaces[np.maximum(at - 1, 0)] if len(spaces) else 0, 0)
    ends = np.where(at < len(spaces), spaces[np.minimum(at, len(spaces) - 1)] if len(spaces) else 0, len(buf))
    segments: list[tuple[int, int]] = []
    for lo, hi in zip(starts.tolist(), ends.tolist()):
        if segments and lo - segments[-1][1] < MERGE_GAP:
            segments[-1] = (segments[-1][0], max(hi, segments[-1][1]))
        else:
            segments.append((lo, hi))
    return segments


def _fallback_reason(buf: np.ndarray) -> str:
    """Why the fast path leaves the code points ``buf`` aside, for the counts."""
    wide = buf.astype(np.int64)
    classes = _chars.tables()["classes"][wide]
    kinds = classes & _chars.CLASS_MASK
    non_ascii = wide >= 0x80
    if (kinds == _chars.MARK).any():
        return "combining marks"
    if ((kinds == _chars.SOLO) & (wide > 0xFFFF)).any():  # the others are compiled (but before a mark)
        return "scripts without spaces"
    if (non_ascii & ((classes & _chars.NFKC_FLAG) != 0)).any():
        return "nfkc"
    if (wide > 0xFFFF).any():
        return "astral characters"
    # What is left folds into code points of several kinds ("½" into "1⁄2"):
    # under NFKC, or under case folding alone ("ŉ" into "ʼn").
    hard = wide[(_chars.tables()["simple"][wide & 0xFFFF] & _chars.S_COMPLEX) != 0].tolist()
    if any(unicodedata.normalize("NFKC", chr(cp)) != chr(cp) for cp in hard):
        return "nfkc"
    return "case folding"


def _mixed_spans(piece: str, buf: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Token spans of a piece the fast path refuses as a whole: its complex
    segments by the reference tokeniser (each a counted fallback), the rest
    compiled."""
    cuts = []
    done = 0
    for lo, hi in _complex_segments(buf):
        cuts += [(done, lo, False), (lo, hi, True)]
        done = hi
    cuts.append((done, len(buf), False))
    parts = []
    for lo, hi, hard in cuts:
        spans = None if hard or hi == lo else _simple_spans(buf[lo:hi])
        if spans is None and hi > lo:
            count_fallback("token_spans", _fallback_reason(buf[lo:hi]))
            spans = _reference.token_spans(piece[lo:hi])
        if spans is not None:
            parts.append((spans[0] + lo, spans[1] + lo, spans[2]))
    return parts


def token_spans(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(starts, ends, hashes)`` of the tokens of ``text``, spans in the original.

    Pieces of at most about LONG_TEXT characters, cut at whitespace, go through
    the kernels' fast path; the words it leaves aside (marks, and so a letter
    of a script without spaces with a mark after it; NFKC that depends on the
    neighbours, folds into several tokens, astral characters), with their
    neighbours up to whitespace, are tokenised by the reference tokeniser,
    whose results are the same. Each such segment is a counted fallback.
    """
    parts = []
    offset = 0
    for piece in _pieces(text):
        buf = _code_points(piece)
        simple = _simple_spans(buf)
        found = [simple] if simple is not None else _mixed_spans(piece, buf)
        parts.extend((starts + offset, ends + offset, hashes) for starts, ends, hashes in found)
        offset += len(piece)
    if not parts:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.uint64)
    # One column at a time, each piece's part let go as it is copied: the
    # peak is the result and one column's parts, not twice the result.
    columns = [list(column) for column in zip(*parts)]
    del parts
    joined = []
    for column in columns:
        joined.append(np.concatenate(column))
        column.clear()
    return tuple(joined)


def units(text: str, shingle_kind: str) -> np.ndarray:
    """The units of ``text`` as :func:`._reference.units` gives them: token
    hashes (word shingles) or character units, in pieces of about LONG_TEXT
    characters; a piece the fast path refuses, and every piece for character
    shingles, is scanned by the general kernel (see :func:`_scan_piece`)."""
    char_mode = shingle_kind == "char"
    state = np.zeros(1, dtype=np.int64)  # tokens so far: a space goes between tokens across pieces
    parts = []
    for piece in _pieces(text):
        spans = None if char_mode else _simple_spans(_code_points(piece))
        if spans is not None:
            parts.append(spans[2])
            continue
        out, n = _scan_piece(piece, char_mode, np.empty(0, dtype=np.uint64), 0, state)
        parts.append(out[:n])
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)


def _shingle_set(text: str, shingle_size: int, top_zero_bits: int) -> np.ndarray:
    return top_zero(np.unique(window_hashes(units(text, "word"), shingle_size)), top_zero_bits)


def shingle_sets(texts: Sequence[str], shingle_size: int, *, top_zero_bits: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Word-shingle sets of many texts at once: ``(hashes, offsets)``, text ``d``
    owning ``hashes[offsets[d]:offsets[d + 1]]`` (sorted, unique). Same values
    as :func:`simcompare.shingle`, without its per-text overhead; with
    ``top_zero_bits``, only the hashes whose top bits are zero. Texts that
    need NFKC, and long texts, take :func:`units` one at a time."""
    t = _chars.tables()
    lengths = text_lengths(texts)
    is_long = lengths > LONG_TEXT
    hash_parts, count_parts = [], []
    for lo, hi in _batches(np.minimum(lengths, LONG_TEXT)):
        batch = short_batch(texts, lo, hi, is_long)
        long_rows = np.flatnonzero(is_long[lo:hi])
        buf, starts, ends = _joined(batch)
        out = np.empty(len(buf) + len(batch), dtype=np.uint64)
        counts = np.zeros(len(batch), dtype=np.int64)
        flagged = np.zeros(len(batch), dtype=bool)
        written = K.shingle_batch(buf, starts, ends, t["classes"], t["fold_keys"],
                                  t["fold_offsets"], t["fold_values"], t["simple"], t["fold_bytes"], shingle_size,
                                  top_zero_bits, out, counts, flagged)
        flagged[long_rows] = True
        if flagged.any():
            sets = np.split(out[:written], np.cumsum(counts)[:-1])
            for d in np.flatnonzero(flagged):
                sets[d] = _shingle_set(texts[lo + d], shingle_size, top_zero_bits)
                counts[d] = len(sets[d])
            hash_parts.append(np.concatenate(sets))
        else:
            hash_parts.append(out[:written])
        count_parts.append(counts)
    counts = np.concatenate(count_parts) if count_parts else np.empty(0, dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    hashes = np.concatenate(hash_parts) if hash_parts else np.empty(0, dtype=np.uint64)
    return hashes, offsets


def merge_runs(keys: np.ndarray, docs: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """See :func:`._reference.merge_runs`; writable ``keys`` and ``docs`` serve as scratch."""
    if len(bounds) <= 2:  # one run (or none): already merged
        return keys, docs
    keys, docs = (a if a.flags.writeable else a.copy() for a in (keys, docs))
    return K.merge_runs(keys, docs, np.asarray(bounds, dtype=np.int64), np.empty_like(keys), np.empty_like(docs))


def frequent_values(values: np.ndarray, min_count: int) -> np.ndarray:
    """See :func:`._reference.frequent_values`."""
    return K.frequent_sorted(np.sort(np.asarray(values, dtype=np.uint64)), min_count)
