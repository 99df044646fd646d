"""Versions of an article in the index, and what changed from one to the next.

An article added again with ``if_exists="version"`` and a different text
becomes a new version of the same document (:class:`Version`): numbered from
1, with the time it was added and the document's own ``updated`` (else
``date``) field. :func:`compare_versions` says what changed between two
versions (:class:`Change`): the words removed from the earlier one and the
words added in the later one, as spans exact in their own version (a word
level diff: rapidfuzz's Levenshtein opcodes on the tokens, offsets from the
tokenizer), the similarity of the two, and the correction note the added text
carries, if any (:func:`correction_note`). A change of words without such a
note is a *stealth edit*.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Levenshtein

from .._core import shingle_sets, token_spans

__all__ = ["Version", "Span", "Change", "History", "ChangeSummary", "compare_versions", "correction_note",
           "version_date", "text_sha256", "count_words", "NOTE_PATTERNS", "DATE_FIELDS", "BRIDGE_WORDS"]

#: What marks a change as announced to readers (case-insensitive regular expressions).
NOTE_PATTERNS = (
    r"\bcorrections?\s*:",
    r"\bclarifications?\s*:",
    r"\beditor(?:['’]s|s['’])\s+note\s*:",
    r"\bupdate\s*:",
    r"\b(?:this|the)\s+(?:article|story|report|piece|post|headline|caption)\s+(?:has\s+been|had\s+been|was|is)\s+"
    r"(?:amended|corrected|updated|changed|edited|clarified)\b",
    r"\ban?\s+(?:earlier|previous|prior|original)\s+version\s+of\s+this\s+(?:article|story|report|piece|post)\b",
)
_NOTE = re.compile("|".join(f"(?:{p})" for p in NOTE_PATTERNS), re.IGNORECASE)

#: The metadata fields a version's own date is read from, first found first.
DATE_FIELDS = ("updated", "date")
#: Two edits this many unchanged words apart, or fewer, are one edit (a
#: rewritten sentence shows as one edit, not as its words that changed).
BRIDGE_WORDS = 1


def _stealth(change) -> bool:
    """A change of words that adds no correction note (``Change`` and ``ChangeSummary`` both ask)."""
    return change.note is None and (change.words_removed + change.words_added) > 0


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an indexed document.

    Attributes
    ----------
    version:
        1 for the first text indexed, then 2, 3, ...
    added_at:
        When it was added to the index (ISO 8601, UTC).
    date:
        The document's own ``updated`` (else ``date``) field, as given; None without one.
    words:
        Words in its text.
    sha256:
        Hex SHA-256 of its text in UTF-8: equal texts, equal hashes.
    meta, text:
        Its metadata and text (not in :meth:`to_dict`).
    """

    version: int
    added_at: str
    date: str | None
    words: int
    sha256: str
    meta: dict = field(default_factory=dict, repr=False)
    text: str = field(default="", repr=False)

    def to_dict(self) -> dict:
        return {"version": self.version, "added_at": self.added_at, "date": self.date, "words": self.words,
                "sha256": self.sha256}


@dataclass(frozen=True, slots=True)
class Span:
    """Text removed from (or added in) a version: ``version_text[start:end] == text``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Change:
    """What changed from version ``from_version`` to ``to_version``.

    Attributes
    ----------
    from_version, to_version:
        The two versions (``"from"`` and ``"to"`` in JSON).
    similarity:
        Jaccard of their word-shingle sets, 0.0-1.0 (as ``index query`` reports).
    removed:
        Spans of the earlier version that the later one does not have.
    added:
        Spans of the later version that the earlier one did not have.
    edits:
        Which removed and added spans replace each other: ``(removed index or
        None, added index or None)`` per edit, in order (not in JSON).
    words_removed, words_added:
        Words in ``removed`` and in ``added``.
    note:
        The correction note found in the added text (as written), or None.
    """

    from_version: int
    to_version: int
    similarity: float
    removed: list[Span]
    added: list[Span]
    edits: list[tuple[int | None, int | None]]
    words_removed: int
    words_added: int
    note: str | None

    @property
    def stealth(self) -> bool:
        """Words changed and no correction note was added: a stealth edit."""
        return _stealth(self)

    def to_dict(self) -> dict:
        return {"from": self.from_version, "to": self.to_version, "similarity": self.similarity,
                "words_removed": self.words_removed, "words_added": self.words_added, "note": self.note,
                "stealth": self.stealth, "removed": [s.to_dict() for s in self.removed],
                "added": [s.to_dict() for s in self.added]}


@dataclass(frozen=True, slots=True)
class History:
    """The versions of one document and the changes between them (:meth:`Index.history <simcompare.Index.history>`)."""

    id: str
    versions: list[Version]
    changes: list[Change]

    def text(self, version: int) -> str:
        """The text of version number ``version`` (one of :attr:`versions`)."""
        return next(v.text for v in self.versions if v.version == version)

    def to_dict(self) -> dict:
        return {"id": self.id, "versions": [v.to_dict() for v in self.versions],
                "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    """One change of one document in a few figures (:meth:`Index.changes <simcompare.Index.changes>`).

    ``added_at`` and ``date`` are those of the later version; the rest as in :class:`Change`.
    """

    id: str
    from_version: int
    to_version: int
    added_at: str
    date: str | None
    similarity: float
    words_removed: int
    words_added: int
    note: str | None

    @property
    def stealth(self) -> bool:
        """Words changed and no correction note was added: a stealth edit."""
        return _stealth(self)

    def to_dict(self) -> dict:
        return {"id": self.id, "from": self.from_version, "to": self.to_version, "added_at": self.added_at,
                "date": self.date, "similarity": self.similarity, "words_removed": self.words_removed,
                "words_added": self.words_added, "note": self.note, "stealth": self.stealth}


def correction_note(text: str) -> str | None:
    """The first correction note in ``text``, as written, or None.

    A note is one of :data:`NOTE_PATTERNS`: "Correction:", "Clarification:",
    "Editor's note:", "Update:", "This article has been amended" (or
    corrected, updated, ...), "An earlier version of this article" (or story,
    report, ...), in any case.

    Parameters
    ----------
    text:
        Text added to an article, typically.

    Returns
    -------
    str or None

    Examples
    --------
    >>> correction_note("CORRECTION: An earlier version misspelt the mayor's name.")
    'CORRECTION:'
    >>> correction_note("This article has been amended to remove a quote.")
    'This article has been amended'
    >>> correction_note("The corrections officer said the update was late.") is None
    True
    """
    found = _NOTE.search(text)
    return found.group(0) if found else None


def version_date(meta: dict) -> str | None:
    """A version's own date: the first of :data:`DATE_FIELDS` its metadata has, as a string.

    Parameters
    ----------
    meta:
        The document's metadata.

    Returns
    -------
    str or None

    Examples
    --------
    >>> version_date({"date": "2026-11-02", "updated": "2026-11-03T09:30"}), version_date({"outlet": "Wire"})
    ('2026-11-03T09:30', None)
    """
    for name in DATE_FIELDS:
        value = meta.get(name)
        if value is not None and str(value).strip():
            return str(value)
    return None


def text_sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` in UTF-8 (lone surrogates kept, as the index stores them).

    Parameters
    ----------
    text:
        Any ``str``.

    Returns
    -------
    str

    Examples
    --------
    >>> text_sha256("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def count_words(text: str) -> int:
    """Words in ``text``, as the tokenizer finds them.

    Parameters
    ----------
    text:
        Any ``str``.

    Returns
    -------
    int

    Examples
    --------
    >>> count_words("Kim Jong-un’s visit, on 3 July.")
    7
    """
    return len(token_spans(text)[0])


def compare_versions(a: str, b: str, *, from_version: int = 1, to_version: int = 2, shingle_size: int = 5) -> Change:
    """What changed from text ``a`` (an earlier version) to text ``b`` (a later one).

    Parameters
    ----------
    a, b:
        The two versions' texts.
    from_version, to_version:
        Their version numbers, for the record.
    shingle_size:
        Words per shingle of the similarity.

    Returns
    -------
    Change
        Removed spans index into ``a``, added spans into ``b``; each begins and
        ends at a word, so punctuation and spacing alone never make a span.
        Edits at most :data:`BRIDGE_WORDS` unchanged words apart are one edit
        (those words are in its spans and counts).

    Examples
    --------
    >>> a = "The pier will reopen in the spring, the board said."
    >>> b = "The pier will reopen in the summer, the board said. Correction: an earlier version gave the season."
    >>> change = compare_versions(a, b)
    >>> [(s.start, s.text) for s in change.removed], [(s.start, s.text) for s in change.added]
    ([(28, 'spring')], [(28, 'summer'), (52, 'Correction: an earlier version gave the season')])
    >>> change.words_removed, change.words_added, change.note, change.stealth
    (1, 8, 'Correction:', False)
    """
    sa, ea = (x.tolist() for x in token_spans(a)[:2])
    sb, eb = (x.tolist() for x in token_spans(b)[:2])
    wa = [a[s:e] for s, e in zip(sa, ea)]
    wb = [b[s:e] for s, e in zip(sb, eb)]
    removed, added, edits = [], [], []
    words_removed = words_added = 0
    for i1, i2, j1, j2 in _differences(wa, wb, _sentence_starts(a, sa, ea), _sentence_starts(b, sb, eb)):
        edit: list[int | None] = [None, None]
        if i2 > i1:
            edit[0] = len(removed)
            removed.append(Span(sa[i1], ea[i2 - 1], a[sa[i1] : ea[i2 - 1]]))
            words_removed += i2 - i1
        if j2 > j1:
            edit[1] = len(added)
            added.append(Span(sb[j1], eb[j2 - 1], b[sb[j1] : eb[j2 - 1]]))
            words_added += j2 - j1
        edits.append((edit[0], edit[1]))
    note = next((n for n in (correction_note(s.text) for s in added) if n is not None), None)
    return Change(from_version, to_version, _jaccard(a, b, shingle_size), removed, added, edits, words_removed,
                  words_added, note)


def _sentence_starts(text: str, starts: list[int], ends: list[int]) -> list[bool]:
    """Per word, whether it begins a sentence or a line."""
    return [k == 0 or any(c in ".!?\n" for c in text[ends[k - 1] : starts[k]]) for k in range(len(starts))]


def _differences(wa: list[str], wb: list[str], first_a: list[bool],
                 first_b: list[bool]) -> list[tuple[int, int, int, int]]:
    """``(i1, i2, j1, j2)``: words ``wa[i1:i2]`` became ``wb[j1:j2]`` (either may be empty)."""
    # The fewest words inserted, deleted or replaced (bit-parallel, in C++:
    # difflib's SequenceMatcher was 25 times slower on articles).
    ops = [[op.src_start, op.src_end, op.dest_start, op.dest_end]
           for op in Levenshtein.opcodes(wa, wb) if op.tag != "equal"]
    for k, op in enumerate(ops):
        before = ops[k - 1] if k else [0, 0, 0, 0]
        after = ops[k + 1] if k + 1 < len(ops) else [len(wa), len(wa), len(wb), len(wb)]
        if op[0] == op[1]:  # words added: slide them to begin a sentence where they can
            op[2], op[3], shift = _slide(wb, first_b, op[2], op[3], before[3] - op[2], after[2] - op[3])
            op[0] = op[1] = op[0] + shift
        elif op[2] == op[3]:  # words removed
            op[0], op[1], shift = _slide(wa, first_a, op[0], op[1], before[1] - op[0], after[0] - op[1])
            op[2] = op[3] = op[2] + shift
    edits: list[list[int]] = []
    for op in ops:
        if edits and op[0] - edits[-1][1] <= BRIDGE_WORDS and op[2] - edits[-1][3] <= BRIDGE_WORDS:
            edits[-1][1], edits[-1][3] = op[1], op[3]
        else:
            edits.append(op)
    return [(i1, i2, j1, j2) for i1, i2, j1, j2 in edits]


def _slide(words: list[str], first: list[bool], lo: int, hi: int, least: int, most: int) -> tuple[int, int, int]:
    """Words ``[lo, hi)`` inserted (or deleted) between equal words can move
    by any shift that keeps them equal to what they replace (``the pier. The
    pier`` + ``. The pier``); move them, within ``[least, most]``, to the
    nearest shift where they begin a sentence, if there is one."""
    shifts = [0]
    step = 0
    while step - 1 >= least and lo + step - 1 >= 0 and words[lo + step - 1] == words[hi + step - 1]:
        step -= 1
        shifts.append(step)
    step = 0
    while step + 1 <= most and hi + step < len(words) and words[lo + step] == words[hi + step]:
        step += 1
        shifts.append(step)
    best = min((abs(s), s) for s in shifts if first[lo + s])[1] if any(first[lo + s] for s in shifts) else 0
    return lo + best, hi + best, best


def _jaccard(a: str, b: str, shingle_size: int) -> float:
    hashes, offsets = shingle_sets([a, b], shingle_size)
    set_a, set_b = hashes[offsets[0] : offsets[1]], hashes[offsets[1] : offsets[2]]
    common = len(np.intersect1d(set_a, set_b, assume_unique=True))
    union = len(set_a) + len(set_b) - common
    return common / union if union else float(a == b)
