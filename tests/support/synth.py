"""Seeded synthetic news-like corpus with planted near-duplicates and shared passages.

The text is gibberish built from a fixed pseudo-English vocabulary, but it has the
statistics that matter to near-duplicate detection: Zipfian word frequencies,
bursty per-article topic words and names, sentences and paragraphs, commas, curly
quotes, apostrophes, em dashes, numbers, and boilerplate shared across articles.

Ground truth covers the planted near-duplicate pairs and shared passages. Passage
offsets are Python ``str`` indices (Unicode code points), half-open ``[start, end)``.

Everything is a pure function of the arguments: the vocabulary comes from a fixed
internal seed, documents from ``seed``.  Floating point is limited to correctly
rounded operations (``+ * / sqrt``) so results do not depend on the machine's libm.

Usage::

    python -m tests.support.synth --out DIR --docs 10000 --seed 1
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import datetime as dt
import functools
import json
import os
import re
import secrets
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TextIO

import numpy as np

__all__ = ["SyntheticCorpus", "generate", "iter_texts", "write_corpus", "main"]

DEFAULT_EDIT_RATES: tuple[float, ...] = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3)

VOCAB_SIZE = 40_000
# Zipf-Mandelbrot, p(r) ~ (r + 2.75) ** -1.125: the shift flattens the head so the
# top word has ~5% of tokens (like "the") instead of ~15%.  1.125 = 1 + 1/8 rather
# than 1.1 because x * sqrt(sqrt(sqrt(x))) uses only correctly rounded IEEE
# operations, so the distribution is bit-identical on every machine.
ZIPF_EXPONENT = 1.125
ZIPF_SHIFT = 2.75
N_PROPER_NOUNS = 600
N_NUMBERS = 800

_LANGUAGE_SEED = 20200101  # the "language" is fixed; `seed` only picks articles
_TEXT_STREAM = 0
_PLANT_STREAM = 1
# Documents are rendered in blocks whose size depends only on words_per_doc
# (surplus dropped), so iter_texts(n) is always a prefix of iter_texts(m), n < m.
_BLOCK_WORDS = 1 << 18  # ~2 MB of text per block: big enough to amortise numpy calls
_BLOCK_DOCS = 256
_MIN_WORDS_PER_DOC = 30
_MAX_SENTENCE_WORDS = 30

# Per-token / per-sentence probabilities: rough guesses at rates in news copy.
_P_NAME = 0.035  # token is one of the article's recurring names
_P_NUMBER = 0.012
_P_TOPIC = 0.08  # token is one of the article's topic words (burstiness)
_P_COMMA = 0.06
_P_POSSESSIVE = 0.01
_P_DASH = 0.003
_P_QUOTE = 0.2  # sentence is a quotation
_P_ATTRIBUTED = 0.6  # ...of which this share end in `,” said Name.`
_P_PARAGRAPH_END = 0.4  # news paragraphs are short: ~2.5 sentences
_NAMES_PER_DOC = 6
_TOPIC_WORDS_PER_DOC = 20
_TOPIC_RANKS = (100, 5_000)  # mid-frequency: content words, not function words

_PASSAGE_WORDS = (50, 150)
_MAX_PASSAGE_EDIT_RATE = 0.2

OUTLETS: tuple[str, ...] = (
    "The Harbourline Herald",
    "Northgate Courier",
    "Eastvale Post",
    "The Lantern Daily",
    "Westbrook Tribune",
    "Coastline Observer",
    "The Granary Gazette",
    "Meridian Ledger",
)

BOILERPLATE: tuple[str, ...] = (
    "We are not responsible for the content of external sites.",
    "Sign up for our morning newsletter.",
    "Sign up for our morning briefing and get the day’s top stories in your inbox.",
    "Follow us on social media for the latest updates.",
    "This article was amended on publication to correct an error.",
    "Additional reporting by our regional correspondents.",
    "Copyright 2020. All rights reserved.",
    "This story has been updated with additional information.",
    "Share this article with your friends and family.",
    "Get the latest headlines sent straight to your phone.",
    "Read more: our full coverage of the story so far.",
    "Have you been affected by the issues raised in this story? Get in touch.",
    "Comments on this article have been closed.",
    "Photographs supplied by the agency unless otherwise stated.",
    "Subscribe today for unlimited access to all our journalism.",
    "Our journalism is funded by readers like you.",
    "Support independent reporting by becoming a member.",
    "If you have a story we should cover, contact the newsroom.",
    "This content was produced in partnership with our sponsors.",
    "Listen to the full interview on our daily podcast.",
    "Watch the video at the top of this page.",
    "Click here to download our free app.",
    "Prices correct at time of publication.",
    "All times are local unless otherwise stated.",
    "We’d love to hear your thoughts in the comments below.",
    "Don’t miss our weekend edition.",
    "This article is part of an ongoing series.",
    "The views expressed are those of the author.",
    "You can unsubscribe at any time.",
    "Terms and conditions apply.",
)

_ONSETS = (
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
    "w", "z", "br", "cr", "dr", "fr", "gr", "pr", "tr", "bl", "cl", "fl", "pl",
    "sl", "st", "sp", "sh", "ch", "th", "sk", "sn", "sw",
)
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "io")
_CODAS = ("", "", "", "", "n", "r", "l", "s", "t", "m", "nd", "st", "ck", "ng")

# Token shapes.  A token's text carries its trailing separator, so an article is
# the plain concatenation of its tokens; the table index is form * n_base + base.
_PLAIN, _CAP, _COMMA, _STOP, _STOP_PARA = 0, 1, 2, 3, 4
_OPEN_QUOTE, _CLOSE, _CLOSE_PARA, _COMMA_CLOSE, _POSSESSIVE = 5, 6, 7, 8, 9
_FORMS = (
    lambda w: w + " ",
    lambda w: _cap(w) + " ",
    lambda w: w + ", ",
    lambda w: w + ". ",
    lambda w: w + ".\n\n",
    lambda w: "“" + _cap(w) + " ",
    lambda w: w + ".” ",
    lambda w: w + ".”\n\n",
    lambda w: w + ",” ",
    lambda w: w + "’s ",
)

# A sentence starts after "." or ".”" plus a space or paragraph break.  ",”" is
# excluded because `,” Name said.` continues the sentence.
_SENTENCE_GAP = re.compile(r"(?:(?<=\.)|(?<=\.”))(?: |\n\n)(?=[“A-Z0-9])")


@dataclass(frozen=True)
class SyntheticCorpus:
    """A generated corpus and its ground truth.

    Attributes
    ----------
    docs
        ``{"id", "text", "outlet", "date"}`` dicts in id order.
    duplicates
        ``{"a", "b", "edit_rate"}``: doc ``b`` is an edited copy of earlier doc ``a``.
    passages
        ``{"a", "a_start", "a_end", "b", "b_start", "b_end", "words", "edit_rate"}``:
        ``docs[a].text[a_start:a_end]`` was copied (with edits) into doc ``b`` as
        ``docs[b].text[b_start:b_end]``.  ``words`` counts the source passage.
    params
        The generation parameters, for provenance.
    """

    docs: list[dict]
    duplicates: list[dict]
    passages: list[dict]
    params: dict = field(default_factory=dict)


class _Language(NamedTuple):
    words: list[str]  # vocabulary, most frequent first
    zipf_table: np.ndarray  # word ids; uniform draws from it are Zipfian
    n_base: int  # words + names + numbers + "said" + "—"
    name0: int  # first proper-noun id
    number0: int  # first number id
    said: int
    dash: int
    # UTF-8 of every token in every form, concatenated, with each token's offset,
    # length and trailing-whitespace length; indexed by form * n_base + base.
    tok_buf: np.ndarray
    tok_start: np.ndarray
    tok_len: np.ndarray
    tok_trail: np.ndarray


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _pseudo_words(rng: np.random.Generator, n: int, syllable_p: Sequence[float],
                  taken: set[str]) -> list[str]:
    """Draw ``n`` distinct syllable words not in ``taken`` (which is updated)."""
    syllables = [o + v + c for o in _ONSETS for v in _VOWELS for c in _CODAS]
    # Only word-initial syllables may lack an onset, avoiding vowel pile-ups ("kaea").
    initial = syllables + [v + c for v in _VOWELS for c in _CODAS]
    out: list[str] = []
    while len(out) < n:
        batch = 2 * (n - len(out)) + 100
        lengths = rng.choice(len(syllable_p), size=batch, p=syllable_p) + 1
        firsts = rng.integers(0, len(initial), size=batch).tolist()
        rest = rng.integers(0, len(syllables), size=(batch, len(syllable_p) - 1)).tolist()
        for k, first, more in zip(lengths.tolist(), firsts, rest):
            word = initial[first] + "".join(syllables[j] for j in more[: k - 1])
            if word not in taken:
                taken.add(word)
                out.append(word)
                if len(out) == n:
                    break
    return out


def _numbers(rng: np.random.Generator, n: int) -> list[str]:
    """Years, counts, decimals and thousands as they appear in news copy."""
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        kind = int(rng.integers(0, 4))
        if kind == 0:
            s = str(int(rng.integers(1990, 2021)))
        elif kind == 1:
            s = str(int(rng.integers(2, 1000)))
        elif kind == 2:
            s = f"{int(rng.integers(0, 100))}.{int(rng.integers(1, 10))}"
        else:
            s = f"{int(rng.integers(1, 1000)) * 1000:,}"
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def _zipf_table(n: int, size: int = 1 << 22) -> np.ndarray:
    """Inverse-CDF lookup table: one gather per sampled word instead of a search.

    Each rank gets ``round(p * size)`` slots (at least one), so the rarest words
    are off by up to ~10%; exact enough for a benchmark.
    """
    x = np.arange(1, n + 1, dtype=np.float64) + ZIPF_SHIFT
    weights = 1.0 / (x * np.sqrt(np.sqrt(np.sqrt(x))))
    total = np.cumsum(weights)[-1]  # not sum(): its pairwise order can vary with SIMD
    counts = np.maximum(1, np.rint(weights * (size / total)))
    # uint16 halves the table (cache misses dominate sampling); ids < 65536.
    return np.repeat(np.arange(n, dtype=np.uint16), counts.astype(np.int64))


@functools.lru_cache(maxsize=1)
def _language() -> _Language:
    rng = np.random.default_rng(_LANGUAGE_SEED)
    taken = {"said"}
    words = _pseudo_words(rng, VOCAB_SIZE, (0.2, 0.4, 0.28, 0.12), taken)
    # Frequent words are short (Zipf's law of abbreviation), with some slack.
    noise = 4.0 * rng.random(len(words))
    order = np.argsort(np.array([len(w) for w in words]) + noise, kind="stable")
    words = [words[i] for i in order.tolist()]
    names = [_cap(w) for w in _pseudo_words(rng, N_PROPER_NOUNS, (0.0, 0.6, 0.4), taken)]
    base = words + names + _numbers(rng, N_NUMBERS) + ["said", "—"]
    tokens = [form(w).encode() for form in _FORMS for w in base]
    tok_len = np.array([len(t) for t in tokens], dtype=np.int64)
    n_words = len(words)
    return _Language(
        words=words,
        zipf_table=_zipf_table(n_words),
        n_base=len(base),
        name0=n_words,
        number0=n_words + N_PROPER_NOUNS,
        said=len(base) - 2,
        dash=len(base) - 1,
        tok_buf=np.frombuffer(b"".join(tokens), dtype=np.uint8),
        tok_start=np.cumsum(tok_len) - tok_len,
        tok_len=tok_len,
        tok_trail=np.array([len(t) - len(t.rstrip()) for t in tokens], dtype=np.int64),
    )


def _render_block(rng: np.random.Generator, n_docs: int, words_per_doc: int,
                  lang: _Language) -> list[str]:
    """Render ``n_docs`` articles with a handful of whole-block numpy passes.

    Parameters
    ----------
    rng
        Source of randomness; advanced in place.
    n_docs
        Number of articles in the block.
    words_per_doc
        Target mean length; each article gets 80-120% of it (for >= ~150).
    lang
        The vocabulary and token table.

    Returns
    -------
    list[str]
        Article texts, paragraphs separated by ``"\\n\\n"``.
    """
    # A doc takes whole sentences while they fit under its target T, so it ends up
    # in (T - 30, T]; raising the lower bound keeps it inside +-20%.
    hi = max(int(1.2 * words_per_doc), _MAX_SENTENCE_WORDS)
    lo = min(-(-4 * words_per_doc // 5) + _MAX_SENTENCE_WORDS - 1, hi)
    targets = rng.integers(lo, hi + 1, size=n_docs).tolist()
    sent_len = rng.integers(8, _MAX_SENTENCE_WORDS + 1, size=sum(targets) // 8 + n_docs)
    bounds = [0] + np.cumsum(sent_len).tolist()
    cuts = [0]
    for target in targets:
        cuts.append(bisect.bisect_right(bounds, bounds[cuts[-1]] + target) - 1)
    n_sent = cuts[-1]
    doc_bounds = [bounds[c] for c in cuts]
    n_tok = doc_bounds[-1]
    starts = np.asarray(bounds[:n_sent], dtype=np.int64)
    ends = np.asarray(bounds[1 : n_sent + 1], dtype=np.int64) - 1
    doc_starts = np.asarray(doc_bounds[:-1])

    # Words: global Zipf, overridden by the article's own names, numbers and topic
    # words so that each article has a recognisable, repetitive subject.  Special
    # tokens are rare, so find their positions once and work on those only.
    base = lang.zipf_table[rng.integers(0, len(lang.zipf_table), size=n_tok)].astype(np.int64)
    names = lang.name0 + rng.integers(0, N_PROPER_NOUNS, size=(n_docs, _NAMES_PER_DOC))
    topics = rng.integers(*_TOPIC_RANKS, size=(n_docs, _TOPIC_WORDS_PER_DOC))
    p_special = _P_NAME + _P_NUMBER + _P_TOPIC
    u = rng.random(n_tok)
    at = np.flatnonzero(u < p_special)
    kind = u[at]
    doc = np.searchsorted(doc_starts, at, side="right") - 1
    pick = rng.integers(0, 1 << 30, size=len(at))  # one draw serves every kind
    base[at] = np.where(
        kind < _P_NAME,
        names[doc, pick % _NAMES_PER_DOC],
        np.where(kind < _P_NAME + _P_NUMBER,
                 lang.number0 + pick % N_NUMBERS,
                 topics[doc, pick % _TOPIC_WORDS_PER_DOC]),
    )

    # Punctuation, later rules overriding earlier ones.
    form = np.zeros(n_tok, dtype=np.int64)
    v = rng.random(n_tok)
    at = np.flatnonzero(v < _P_COMMA + _P_POSSESSIVE + _P_DASH)
    mark = v[at]
    form[at[mark < _P_COMMA]] = _COMMA
    form[at[(mark >= _P_COMMA) & (mark < _P_COMMA + _P_POSSESSIVE)]] = _POSSESSIVE
    dash_at = at[mark >= _P_COMMA + _P_POSSESSIVE]
    para_end = rng.random(n_sent) < _P_PARAGRAPH_END
    form[starts] = _CAP
    form[ends] = np.where(para_end, _STOP_PARA, _STOP)
    q = rng.random(n_sent)
    quoted = q < _P_QUOTE
    attributed = q < _P_QUOTE * _P_ATTRIBUTED  # a subset of quoted
    plain_quote = quoted & ~attributed
    form[starts[quoted]] = _OPEN_QUOTE
    form[ends[plain_quote]] = np.where(para_end[plain_quote], _CLOSE_PARA, _CLOSE)
    att_ends = ends[attributed]
    form[att_ends - 2] = _COMMA_CLOSE
    form[att_ends - 1] = _PLAIN
    base[dash_at[form[dash_at] == _PLAIN]] = lang.dash  # mid-sentence, bare words only
    # `,” said Name.` or `,” Name said.`; set last so nothing overwrites it.
    doc = np.searchsorted(doc_starts, att_ends, side="right") - 1
    speaker = names[doc, rng.integers(0, _NAMES_PER_DOC, size=len(att_ends))]
    swap = rng.random(len(att_ends)) < 0.5
    base[att_ends - 1] = np.where(swap, speaker, lang.said)
    base[att_ends] = np.where(swap, lang.said, speaker)

    # Assemble the block's UTF-8 with one numpy gather from the token buffer.  This
    # beats b"".join() of per-token objects by ~25% overall: no refcounting of
    # ~150k scattered objects per block.
    idx = form * lang.n_base + base
    n_bytes = lang.tok_len.take(idx)
    out_end = np.cumsum(n_bytes)
    src = np.repeat(lang.tok_start.take(idx) - (out_end - n_bytes), n_bytes)
    src += np.arange(len(src))
    blob = memoryview(lang.tok_buf.take(src))
    last = np.asarray(doc_bounds[1:]) - 1  # each document's final token
    start = [0] + out_end[last[:-1]].tolist()
    stop = (out_end[last] - lang.tok_trail.take(idx[last])).tolist()  # drop trailing space
    return [str(blob[a:b], "utf-8") for a, b in zip(start, stop)]


def _check_common(n_docs: int, seed: int, words_per_doc: int) -> None:
    if n_docs < 0:
        raise ValueError(f"n_docs must be >= 0, got {n_docs}")
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed}")
    if words_per_doc < _MIN_WORDS_PER_DOC:
        raise ValueError(f"words_per_doc must be >= {_MIN_WORDS_PER_DOC}, got {words_per_doc}")


def iter_texts(n_docs: int, *, seed: int = 0, words_per_doc: int = 600) -> Iterator[str]:
    """Stream plain synthetic articles, for throughput benchmarks.

    Memory stays bounded (one block of a few hundred articles), so this scales to
    millions of documents.  No boilerplate, duplicates or passages are planted.

    Parameters
    ----------
    n_docs
        Number of articles to yield.
    seed
        Non-negative seed; the same seed always gives the same texts, and
        ``iter_texts(n)`` is a prefix of ``iter_texts(m)`` for ``n < m``.
    words_per_doc
        Mean article length in words (each article gets 80-120% of it).

    Returns
    -------
    Iterator[str]
        Article texts.
    """
    _check_common(n_docs, seed, words_per_doc)  # eagerly, not on first next()
    return _iter_texts(n_docs, seed, words_per_doc)


def _iter_texts(n_docs: int, seed: int, words_per_doc: int) -> Iterator[str]:
    lang = _language()
    rng = np.random.default_rng([seed, _TEXT_STREAM])
    block_docs = min(_BLOCK_DOCS, max(1, _BLOCK_WORDS // words_per_doc))
    remaining = n_docs
    while remaining > 0:
        block = _render_block(rng, block_docs, words_per_doc, lang)
        yield from block[:remaining]
        remaining -= len(block)


def _sample_words(rng: np.random.Generator, n: int, lang: _Language) -> list[str]:
    ids = lang.zipf_table[rng.integers(0, len(lang.zipf_table), size=n)]
    return [lang.words[i] for i in ids.tolist()]


def _edit_words(text: str, rate: float, rng: np.random.Generator, lang: _Language) -> str:
    """Apply ``round(rate * words)`` substitutions, insertions and deletions in equal parts.

    Only plain lower-case words are touched (insertions go before one), so
    capitalisation, punctuation, quotes and paragraph breaks survive intact and a
    sentence-aligned passage stays sentence-aligned.

    Parameters
    ----------
    text
        Text to edit.
    rate
        Edits per word of ``text``.
    rng
        Source of randomness; advanced in place.
    lang
        Vocabulary that substituted and inserted words are drawn from.

    Returns
    -------
    str
        The edited text (``text`` itself if no edit is due).
    """
    n_edits = round(rate * len(text.split()))
    if n_edits == 0:
        return text
    # Splitting on " " only keeps "\n\n" inside tokens, so " ".join() inverts it.
    tokens = text.split(" ")
    editable = [i for i, t in enumerate(tokens) if t.isascii() and t.isalpha() and t.islower()]
    n_edits = min(n_edits, len(editable))
    positions = rng.choice(editable, size=n_edits, replace=False).tolist()
    kinds = ((np.arange(n_edits) + rng.integers(0, 3)) % 3).tolist()  # 0 sub, 1 ins, 2 del
    op = dict(zip(positions, kinds))
    fresh = iter(_sample_words(rng, n_edits, lang))
    out: list[str] = []
    for i, tok in enumerate(tokens):
        kind = op.get(i)
        if kind is None:
            out.append(tok)
        elif kind == 0:
            new = next(fresh)
            while new == tok:  # a substitution must change the word
                new = _sample_words(rng, 1, lang)[0]
            out.append(new)
        elif kind == 1:
            out.append(next(fresh))
            out.append(tok)
    return " ".join(out)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` character spans of the sentences in ``text[start:end]``."""
    gaps = list(_SENTENCE_GAP.finditer(text, start, end))
    starts = [start] + [g.end() for g in gaps]
    ends = [g.start() for g in gaps] + [end]
    return list(zip(starts, ends))


def _pick_passage(text: str, span: tuple[int, int], rng: np.random.Generator
                  ) -> tuple[int, int] | None:
    """Choose whole sentences totalling 50-150 words inside ``span``; None if too short."""
    sents = _sentences(text, *span)
    counts = [len(text[s:e].split()) for s, e in sents]
    suffix = np.cumsum(counts[::-1])[::-1]  # words from sentence i to the end
    candidates = np.flatnonzero(suffix >= _PASSAGE_WORDS[0])
    if len(candidates) == 0:
        return None
    first = int(rng.choice(candidates))
    target = int(rng.integers(_PASSAGE_WORDS[0], _PASSAGE_WORDS[1] + 1))
    last, words = first, counts[first]
    while words < target and last + 1 < len(sents):
        last += 1
        words += counts[last]
    if words > _PASSAGE_WORDS[1] and words - counts[last] >= _PASSAGE_WORDS[0]:
        last -= 1
    return sents[first][0], sents[last][1]


def generate(
    n_docs: int,
    *,
    seed: int = 0,
    words_per_doc: int = 600,
    dup_fraction: float = 0.1,
    passage_fraction: float = 0.1,
    edit_rates: Sequence[float] = DEFAULT_EDIT_RATES,
    boilerplate_fraction: float = 0.3,
) -> SyntheticCorpus:
    """Generate a corpus with planted near-duplicates and shared passages.

    Each planted pair uses two articles that take part in nothing else, so the
    ground truth is complete apart from boilerplate, which is deliberately shared
    by many articles and not listed as passages.

    Parameters
    ----------
    n_docs
        Number of documents.
    seed
        Non-negative seed; output is a pure function of all the arguments.
    words_per_doc
        Mean article body length in words (each body gets 80-120% of it).
    dup_fraction
        Share of documents that are edited copies of an earlier document.
    passage_fraction
        Share of documents that receive a 50-150 word passage from another
        document, with 0-20% word edits, inserted at a sentence boundary.
    edit_rates
        Word edit rates for duplicates, used equally often in random order.
    boilerplate_fraction
        Share of original articles that get boilerplate prepended and/or appended
        (copies inherit their source's).

    Returns
    -------
    SyntheticCorpus
        Documents, ground truth and the parameters.
    """
    _check_common(n_docs, seed, words_per_doc)
    for name, frac in (("dup_fraction", dup_fraction), ("passage_fraction", passage_fraction),
                       ("boilerplate_fraction", boilerplate_fraction)):
        if not 0.0 <= frac <= 1.0:
            raise ValueError(f"{name} must be in [0, 1], got {frac}")
    n_dup = round(dup_fraction * n_docs)
    n_pass = round(passage_fraction * n_docs)
    if 2 * (n_dup + n_pass) > n_docs:
        raise ValueError("dup_fraction + passage_fraction must be <= 0.5 "
                         "(each planted pair uses two documents)")
    rates = [float(r) for r in edit_rates]
    if n_dup and not rates:
        raise ValueError("edit_rates must not be empty")
    if any(not 0.0 <= r <= 1.0 for r in rates):
        raise ValueError(f"edit rates must be in [0, 1], got {rates}")

    lang = _language()
    texts = list(iter_texts(n_docs, seed=seed, words_per_doc=words_per_doc))
    rng = np.random.default_rng([seed, _PLANT_STREAM])

    days = np.arange(n_docs) * 366 // max(n_docs, 1) + rng.integers(-2, 3, size=n_docs)
    days = np.clip(days, 0, 365).tolist()
    jan1 = dt.date(2020, 1, 1)
    dates = [(jan1 + dt.timedelta(days=d)).isoformat() for d in days]
    outlets = rng.integers(0, len(OUTLETS), size=n_docs).tolist()

    # Disjoint roles; the lower id of each pair is the source.
    order = rng.permutation(n_docs)
    dup_pairs = np.sort(order[: 2 * n_dup].reshape(-1, 2), axis=1).tolist()
    pass_pairs = np.sort(order[2 * n_dup : 2 * (n_dup + n_pass)].reshape(-1, 2), axis=1).tolist()
    copies = {b for _, b in dup_pairs}

    # Boilerplate on originals only, remembering where each body sits.
    body = [(0, len(t)) for t in texts]
    wants = (rng.random(n_docs) < boilerplate_fraction).tolist()
    for i in range(n_docs):
        if not wants[i] or i in copies:
            continue
        picks = rng.choice(len(BOILERPLATE), size=int(rng.integers(1, 3)), replace=False)
        phrase = " ".join(BOILERPLATE[k] for k in picks.tolist())
        where = rng.random()  # prepend 30%, append 50%, both 20%
        head = phrase + "\n\n" if where < 0.3 or where >= 0.8 else ""
        tail = "\n\n" + phrase if where >= 0.3 else ""
        body[i] = (len(head), len(head) + len(texts[i]))
        texts[i] = head + texts[i] + tail

    duplicates = []
    dup_rates = rng.permutation(np.resize(np.array(rates, dtype=np.float64), n_dup)).tolist()
    for (a, b), rate in zip(dup_pairs, dup_rates):
        texts[b] = _edit_words(texts[a], rate, rng, lang)
        dates[b] = max(dates[a], dates[b])
        outlets[b] = (outlets[a] + int(rng.integers(1, len(OUTLETS)))) % len(OUTLETS)
        duplicates.append({"a": a, "b": b, "edit_rate": rate})

    passages = []
    for a, b in pass_pairs:
        span = _pick_passage(texts[a], body[a], rng)
        if span is None:  # only with tiny words_per_doc
            continue
        a_start, a_end = span
        source = texts[a][a_start:a_end]
        rate = round(float(rng.random()) * _MAX_PASSAGE_EDIT_RATE, 3)
        copied = _edit_words(source, rate, rng, lang)
        sents = _sentences(texts[b], *body[b])
        at = sents[int(rng.integers(0, len(sents)))][0]
        texts[b] = texts[b][:at] + copied + " " + texts[b][at:]
        passages.append({
            "a": a, "a_start": a_start, "a_end": a_end,
            "b": b, "b_start": at, "b_end": at + len(copied),
            "words": len(source.split()), "edit_rate": rate,
        })

    width = max(6, len(str(n_docs)))  # ids sort in document order
    ids = [f"doc{i + 1:0{width}d}" for i in range(n_docs)]
    docs = [
        {"id": ids[i], "text": texts[i], "outlet": OUTLETS[outlets[i]], "date": dates[i]}
        for i in range(n_docs)
    ]
    for rec in duplicates + passages:
        rec["a"], rec["b"] = ids[rec["a"]], ids[rec["b"]]
    params = {
        "n_docs": n_docs, "seed": seed, "words_per_doc": words_per_doc,
        "dup_fraction": dup_fraction, "passage_fraction": passage_fraction,
        "edit_rates": rates, "boilerplate_fraction": boilerplate_fraction,
    }
    return SyntheticCorpus(
        docs=docs,
        duplicates=sorted(duplicates, key=lambda r: r["b"]),
        passages=sorted(passages, key=lambda r: r["b"]),
        params=params,
    )


def _atomic_write(path: str, write: Callable[[TextIO], None]) -> None:
    """Call ``write(file)`` on a temp file next to ``path``, then rename it into place."""
    # Not tempfile.mkstemp: its files are mode 0600, while these should honour umask.
    tmp = f"{path}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "x", encoding="utf-8", newline="\n") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_corpus(corpus: SyntheticCorpus, out_dir: str | os.PathLike) -> None:
    """Write ``docs.jsonl`` and ``truth.json`` into ``out_dir`` (created if missing).

    Each file is written to a temporary name and renamed, so readers never see a
    partial file.

    Parameters
    ----------
    corpus
        The corpus to write.
    out_dir
        Target directory.
    """
    out_dir = os.fspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)

    def docs(f: TextIO) -> None:
        for doc in corpus.docs:
            f.write(json.dumps(doc, ensure_ascii=False))
            f.write("\n")

    truth = {
        "params": corpus.params,
        # Offsets index Python str, i.e. Unicode code points, not UTF-8 bytes.
        "offset_unit": "codepoint",
        "duplicates": corpus.duplicates,
        "passages": corpus.passages,
        "boilerplate": list(BOILERPLATE),
    }
    _atomic_write(os.path.join(out_dir, "docs.jsonl"), docs)
    _atomic_write(os.path.join(out_dir, "truth.json"),
                  lambda f: json.dump(truth, f, ensure_ascii=False, indent=1))


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: generate a corpus and write it to ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--words-per-doc", type=int, default=600)
    parser.add_argument("--dup-fraction", type=float, default=0.1)
    parser.add_argument("--passage-fraction", type=float, default=0.1)
    parser.add_argument("--boilerplate-fraction", type=float, default=0.3)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    corpus = generate(
        args.docs, seed=args.seed, words_per_doc=args.words_per_doc,
        dup_fraction=args.dup_fraction, passage_fraction=args.passage_fraction,
        boilerplate_fraction=args.boilerplate_fraction,
    )
    t1 = time.perf_counter()
    write_corpus(corpus, args.out)
    t2 = time.perf_counter()
    print(f"{len(corpus.docs)} docs, {len(corpus.duplicates)} duplicates, "
          f"{len(corpus.passages)} passages: generated in {t1 - t0:.2f}s, "
          f"written in {t2 - t1:.2f}s to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
