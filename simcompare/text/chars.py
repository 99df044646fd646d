"""Character classes: the one place that decides what counts as part of a word.

Every engine tokenises by the class of each character of the *normalised* text
(see :mod:`simcompare.text.normalize`):

========  ====================================================================
WORD      letters and non-decimal numbers (Unicode L*, Nl, No)
DIGIT     decimal digits (Nd)
MARK      combining marks (M*): they stay with the letter before them
SOLO      letters of scripts written without spaces (Han, kana, Thai, Lao,
          Khmer, Myanmar): each one is a token of its own, with its marks
APOS      apostrophes ' ’ ‘ ʼ ‛ ′: inside a word they are dropped, so
          "Worker’s", "Worker's" and "Workers" are one token; elsewhere they
          separate
NUMPUNCT  ``.`` and ``,``: kept between two digits ("10.7", "516,000"),
          elsewhere they separate
SEP       everything else: spaces, hyphens and dashes ("Jong-un" is two
          tokens), quotes, punctuation, symbols, controls, lone surrogates
========  ====================================================================

The fast engine reads the same classes from a table with one byte per code
point, built from :func:`char_class` and cached on disk per Unicode version.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["SEP", "WORD", "DIGIT", "MARK", "SOLO", "APOS", "NUMPUNCT", "CLASS_MASK", "FOLD_FLAG", "NFKC_FLAG",
           "APOSTROPHES", "NUMBER_PUNCTUATION", "TABLE_VERSION", "S_EXPAND", "S_NONASCII", "S_SOLO", "S_SLOW_BYTE",
           "LONG_FOLD",
           "LONG_FOLD_FLAG",
           "char_class", "simple_flags", "fold_bytes", "tables"]

SEP, WORD, DIGIT, MARK, SOLO, APOS, NUMPUNCT = range(7)
CLASS_MASK = 0x0F
# Table flags: case folding (of the NFKC form, where that form is the same
# wherever the code point stands) changes the code point; the code point may
# change under NFKC with its neighbours (so the text needs NFKC first).
FOLD_FLAG = 0x10
NFKC_FLAG = 0x20

APOSTROPHES = "'\u2019\u2018\u02bc\u201b\u2032"
NUMBER_PUNCTUATION = ".,"

# Scripts written without spaces between words; (first, last) code points.
_SOLO_RANGES = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x323AF),  # CJK extensions B-H
)

# Bump when char_class or simple_flags changes: it invalidates cached tables and signatures.
# (4: solo letters left the complex flags for a flag of their own, S_SOLO.)
TABLE_VERSION = 4


def char_class(c: str) -> int:
    """Return the tokenisation class of one character of normalised text.

    Examples
    --------
    >>> char_class("a") == WORD, char_class("7") == DIGIT, char_class("’") == APOS
    (True, True, True)
    """
    if c in APOSTROPHES:
        return APOS
    if c in NUMBER_PUNCTUATION:
        return NUMPUNCT
    category = unicodedata.category(c)
    if category[0] == "M":
        return MARK
    if category == "Nd":
        return DIGIT
    if category[0] in "LN":
        cp = ord(c)
        if any(first <= cp <= last for first, last in _SOLO_RANGES):
            return SOLO
        return WORD
    return SEP


def _composition_seconds() -> set[int]:
    """Code points that NFC can merge into the character before them."""
    seconds = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul V, T jamo
    for cp in range(0x110000):
        decomposition = unicodedata.decomposition(chr(cp)).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            seconds.add(int(decomposition[1], 16))
    return seconds


def _simple_nfkc(normalized: str, seconds: set[int]) -> bool:
    """Whether a character whose NFKC form is ``normalized`` normalises the
    same wherever it stands: every code point of that form is a starter
    (combining class 0) that composes with nothing before it. Then NFKC of a
    text of such characters and NFKC-stable starters is the concatenation of
    their forms, and the tables can map them one code point at a time."""
    return all(unicodedata.combining(c) == 0 and ord(c) not in seconds for c in normalized)


def _one_token(folded: str) -> bool:
    """Whether ``folded`` starts at most one token wherever it stands, in at
    most three code points: what the kernels' buffers allow one code point
    (a token hash, or three code points and a space, per input code point)."""
    kinds = [char_class(c) for c in folded]
    return len(kinds) <= 3 and (len(kinds) == 1 or _expansion_flags(kinds) != S_COMPLEX)


def _build_tables() -> dict[str, np.ndarray]:
    """One byte per code point: the class of its case fold (of its NFKC form
    first, where that form does not depend on the neighbours), plus flags;
    and that fold, for the code points it changes."""
    classes = np.zeros(0x110000, dtype=np.uint8)
    fold_keys: list[int] = []
    fold_offsets = [0]
    fold_values: list[int] = []
    seconds = _composition_seconds()
    for cp in range(0x110000):
        c = chr(cp)
        normalized = unicodedata.normalize("NFKC", c)
        folded = normalized.casefold()
        hard = cp in seconds or unicodedata.combining(c) or (
            normalized != c and not (_simple_nfkc(normalized, seconds) and _one_token(folded)))
        folded = c.casefold() if hard else folded
        classes[cp] = char_class(folded[0])
        if hard:
            classes[cp] |= NFKC_FLAG
        if folded != c:
            classes[cp] |= FOLD_FLAG
            fold_keys.append(cp)
            fold_values.extend(map(ord, folded))
            fold_offsets.append(len(fold_values))
    return {
        "classes": classes,
        "fold_keys": np.array(fold_keys, dtype=np.int32),
        "fold_offsets": np.array(fold_offsets, dtype=np.int32),
        "fold_values": np.array(fold_values, dtype=np.int32),
    }


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "simcompare"


# Flags of the fast path's table (see ``simple_flags``).
S_WORD, S_DIGIT, S_APOS, S_NUMPUNCT, S_COMPLEX, S_NONASCII, S_EXPAND = 1, 2, 4, 8, 16, 32, 64
# A solo letter: a token of its own. The top bit of the low byte, so that the flags that decide what is
# in a token (S_WORD, S_DIGIT, S_APOS, S_NUMPUNCT) and it fit in one byte with a count of 0-4 between.
S_SOLO = 128
# The hash byte of a code unit whose token the fast path hashes the slow way.
S_SLOW_BYTE = 0x80
_S_CLASS = {WORD: S_WORD, DIGIT: S_WORD | S_DIGIT, APOS: S_APOS, NUMPUNCT: S_NUMPUNCT, SOLO: S_SOLO, SEP: 0}


def _expansion_flags(kinds: list[int]) -> int:
    """Fast-path flags of a code point that folds to code points of classes
    ``kinds``, or S_COMPLEX when no flags of one position say what they do.

    One code point acts as one class: a run of letters (marks after the
    first allowed: "İ" folds to "i" and a dot above), a run of digits, or one
    code point of another class (a solo letter among them: "ｱ" is "ア"). Two or more separators, apostrophes or
    dots ("…" is "...") join nothing: a separator. Others ("½" is "1⁄2", two
    tokens) are left to the general path."""
    if len(kinds) == 1 and kinds[0] in _S_CLASS:
        return _S_CLASS[kinds[0]]
    if all(k == DIGIT for k in kinds):
        return S_WORD | S_DIGIT
    if kinds[0] == WORD and all(k in (WORD, MARK) for k in kinds):
        return S_WORD
    if all(k in (SEP, APOS, NUMPUNCT) for k in kinds):
        return 0
    return S_COMPLEX


def simple_flags(classes: np.ndarray, fold_keys: np.ndarray, fold_offsets: np.ndarray,
                 fold_values: np.ndarray) -> np.ndarray:
    """The kernels' fast-path table for code points below 65,536: flags in the
    low byte, the byte the code point adds to a token hash in the high byte.

    ``S_COMPLEX`` marks what that path leaves to the general one: marks
    (whose tokens depend on more than their neighbours), code points that
    NFKC changes with their neighbours, and those that fold into code points
    of several kinds (see ``_expansion_flags``). ``S_SOLO`` marks a solo
    letter: a token of its own there (the one with a mark after it is a text
    with a mark, left to the general path).
    ``S_EXPAND`` marks a non-ASCII code point that folds into others (the
    fold tables say which): its flags are those of what it folds into. The
    hash byte is the lower-cased ASCII code point (or the ASCII one it folds
    into), or ``S_SLOW_BYTE`` for an apostrophe (dropped from the hash) or
    anything else (more than one UTF-8 byte): a token holding either is
    hashed one code point at a time.
    """
    c = classes[:0x10000]
    kind = c & CLASS_MASK
    flags = np.zeros(0x10000, dtype=np.uint16)
    flags[(kind == WORD) | (kind == DIGIT)] |= S_WORD
    flags[kind == DIGIT] |= S_DIGIT
    flags[kind == APOS] |= S_APOS
    flags[kind == NUMPUNCT] |= S_NUMPUNCT
    flags[kind == SOLO] |= S_SOLO
    flags[0x80:] |= S_NONASCII
    non_ascii = np.arange(0x10000) >= 0x80
    flags[(kind == MARK) | (non_ascii & ((c & NFKC_FLAG) != 0))] |= S_COMPLEX
    hash_byte = np.where((flags & (S_APOS | S_NONASCII)) != 0, S_SLOW_BYTE, np.arange(0x10000) | 0x20) & 0xFF
    for at, cp in enumerate(fold_keys.tolist()):
        if cp < 0x80 or cp >= 0x10000 or flags[cp] & S_COMPLEX:
            continue
        values = fold_values[fold_offsets[at] : fold_offsets[at + 1]].tolist()
        flags[cp] = _expansion_flags([classes[v] & CLASS_MASK for v in values]) | S_EXPAND
        ascii_one = len(values) == 1 and values[0] < 0x80 and not flags[cp] & S_APOS
        flags[cp] |= 0 if ascii_one else S_NONASCII
        hash_byte[cp] = values[0] if ascii_one else S_SLOW_BYTE
    return flags | (hash_byte << 8).astype(np.uint16)


# The ``fold_bytes`` entry of a code point whose case fold takes more than four UTF-8 bytes.
LONG_FOLD = 0xFFFFFFFF
# Its flag in the flags byte of that entry (where ``S_SOLO``, kept in the token flags byte, is left out).
LONG_FOLD_FLAG = 0x80


def fold_bytes(simple: np.ndarray, fold_keys: np.ndarray, fold_offsets: np.ndarray,
               fold_values: np.ndarray) -> np.ndarray:
    """What each code point below 65,536 adds to a token hash: the UTF-8
    bytes of its case fold (see ``simple_flags``) in the low four bytes, the
    first lowest, and how many they are in the top byte (the kernels add it
    to a position without a branch). The two bytes below the top one serve a
    text dense in non-ASCII letters with one lookup per code point: the
    flags of ``simple_flags`` (but ``S_SOLO``; ``LONG_FOLD_FLAG`` added for
    a fold longer than four bytes) in the sixth byte, and in the seventh the
    flags that decide what is in a token (``S_WORD | S_DIGIT | S_APOS |
    S_NUMPUNCT``, and ``S_SOLO`` in the top bit) with the number of bytes
    between them (``count << 4``). Apostrophes add
    nothing (they are dropped from the hash) and so do separators (never in a
    token); the bytes of a fold longer than four bytes are ``LONG_FOLD`` (and
    their count 0). The kernels copy these bytes into one run per text and
    hash a token's bytes eight at a time, as for ASCII.

    Parameters
    ----------
    simple : the table of ``simple_flags``.
    fold_keys, fold_offsets, fold_values : the fold tables of :func:`tables`.

    Returns
    -------
    numpy.ndarray of 65,536 uint64.

    Examples
    --------
    >>> t = tables()
    >>> units = fold_bytes(t["simple"], t["fold_keys"], t["fold_offsets"], t["fold_values"])
    >>> [(hex(int(units[ord(c)]) & 0xFFFFFFFF), int(units[ord(c)]) >> 56) for c in "Aéß'-"]
    [('0x61', 1), ('0xa9c3', 2), ('0x7373', 2), ('0x0', 0), ('0x0', 0)]
    >>> [hex((int(units[ord(c)]) >> 40) & 0xFFFF) for c in "Aéß'-"]
    ['0x1101', '0x2121', '0x2161', '0x404', '0x0']
    """
    cp = np.arange(0x10000, dtype=np.uint32)
    two = (0xC0 | (cp >> 6)) | ((0x80 | (cp & 0x3F)) << 8)
    three = (0xE0 | (cp >> 12)) | ((0x80 | ((cp >> 6) & 0x3F)) << 8) | ((0x80 | (cp & 0x3F)) << 16)
    units = np.where(cp < 0x80, cp | 0x20, np.where(cp < 0x800, two, three)).astype(np.uint32)
    for at, key in enumerate(fold_keys.tolist()):
        if key < 0x10000:
            folded = "".join(map(chr, fold_values[fold_offsets[at] : fold_offsets[at + 1]].tolist()))
            encoded = folded.encode("utf-8", "surrogatepass")
            units[key] = int.from_bytes(encoded, "little") if len(encoded) <= 4 else LONG_FOLD
    in_token = (simple & (S_WORD | S_NUMPUNCT | S_SOLO)) != 0
    units[~in_token | ((simple & S_APOS) != 0)] = 0
    count = (units != 0).astype(np.uint64) + (units > 0xFF) + (units > 0xFFFF) + (units > 0xFFFFFF)
    long_fold = units == LONG_FOLD
    count[long_fold] = 0
    flags = (simple & (0xFF ^ S_SOLO)).astype(np.uint64) | np.where(long_fold, LONG_FOLD_FLAG, 0).astype(np.uint64)
    token_flags = ((simple & (S_WORD | S_DIGIT | S_APOS | S_NUMPUNCT | S_SOLO)).astype(np.uint64)
                   | (count << np.uint64(4)))
    return (units.astype(np.uint64) | (flags << np.uint64(40)) | (token_flags << np.uint64(48))
            | (count << np.uint64(56)))


_FOLD_TABLES = ("classes", "fold_keys", "fold_offsets", "fold_values")


@lru_cache(maxsize=1)
def tables() -> dict[str, np.ndarray]:
    """Class and case-folding tables for the running Python's Unicode version.

    Building them walks all 1.1 million code points (a few seconds), so
    the result is cached as an ``.npz`` file under ``$XDG_CACHE_HOME/simcompare``
    (``~/.cache/simcompare``); an unreadable cache is rebuilt, an unwritable
    one is skipped.
    """
    path = _cache_dir() / f"chars-u{unicodedata.unidata_version}-v{TABLE_VERSION}.npz"
    try:
        with np.load(path, allow_pickle=False) as data:
            loaded = {key: data[key] for key in (*_FOLD_TABLES, "simple")}
        if loaded["classes"].shape == (0x110000,) and loaded["simple"].shape == (0x10000,):
            # Derived in milliseconds: not stored, so caches written before it still serve.
            loaded["fold_bytes"] = fold_bytes(loaded["simple"], *(loaded[k] for k in _FOLD_TABLES[1:]))
            return loaded
    except (OSError, KeyError, ValueError):
        pass
    built = _build_tables()
    built["simple"] = simple_flags(*(built[k] for k in _FOLD_TABLES))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, **built)
        os.replace(tmp, path)
    except OSError:
        pass
    built["fold_bytes"] = fold_bytes(built["simple"], *(built[k] for k in _FOLD_TABLES[1:]))
    return built
