"""Benchmark passage alignment: simcompare.align against a difflib baseline.

Synthetic pairs of articles share 1-3 planted passages (20-300 words), copied
into the second text with 0-20% word edits and in a different order
(``tests/support/pairs.py``). Long passages (300-2,000 words, one per pair, 0-30%
edits) come in two kinds: synthetic, and PAN-style real news prose (a passage
of BBC News articles with random word edits planted among Reuters-21578
stories, from ``../shared/data``; skipped when it is absent). Each tool's
passages are scored against the planted ground truth with the PAN-PC
plagiarism-detection measures (Potthast et al. 2010, "An Evaluation Framework
for Plagiarism Detection"): character-level macro precision and recall,
granularity and plagdet. Both tools are timed per pair, end to end (strings
in, passages out). ``--sweep`` also scores ``align``'s ``join_gap`` (the rule
that joins the fragments of an edited passage) over a range of values.
Finally the real seed pair in ``corpus/`` is aligned and the passages listed.

Usage::

    python benchmarks/bench_alignment.py [--pairs 300] [--long-pairs 100] [--seed 1] [--data DIR]
                                         [--sweep] [--quick] [--json OUT.json]

See benchmarks/README.md for what is measured and how to read the output.
"""

from __future__ import annotations

import os

# Small inputs otherwise run on simcompare's slow pure-Python engine; this
# benchmark is about the compiled one. Thread pools pinned to one thread: the
# difflib baseline is single-threaded, so simcompare must be too.
# Only when run as a script: the benchmark's own tests import it, and the test session must keep its engine.
if __name__ == "__main__":
    os.environ.setdefault("SIMCOMPARE_ENGINE", "fast")
    for _var in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS", "RAYON_NUM_THREADS"):
        os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import difflib  # noqa: E402
import gc  # noqa: E402
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

import simcompare  # noqa: E402
from benchmarks._corpora import reuters_documents  # noqa: E402
from benchmarks._platform import cpu_model, git_commit  # noqa: E402
from tests.support.pairs import PlantedPair, PlantedPassage, Span, make_pairs  # noqa: E402

EDIT_RATES: tuple[float, ...] = (0.0, 0.05, 0.10, 0.20)
SEED = 1
MIN_WORDS = 6
MAX_GAP = 4
DOC_WORDS = 600
PASSAGES_PER_PAIR = (1, 3)
PASSAGE_WORDS = (20, 300)
# The speed target is for ~600-word texts: ~480-word hosts plus one passage of
# 60-180 words give texts of ~450-750 words, median ~600.
SPEED_SET = {"doc_words": 480, "passages_per_pair": (1, 1), "passage_words": (60, 180), "edit_rate": 0.05}
LENGTH_BUCKETS: tuple[tuple[int, int], ...] = ((20, 49), (50, 99), (100, 199), (200, 300))
# Long passages (issue 14): one 300-2,000-word passage per pair, synthetic
# (hosts and sources of ~2,500 words, so a source holds the longest passage)
# and in real news prose (BBC passages planted in Reuters stories, PAN-style).
LONG_EDIT_RATES: tuple[float, ...] = (0.0, 0.05, 0.10, 0.15, 0.20, 0.30)
LONG_PASSAGE_WORDS = (300, 2000)
LONG_DOC_WORDS = 2500
LONG_PAIRS = 100
LONG_BUCKETS: tuple[tuple[int, int], ...] = ((300, 599), (600, 1199), (1200, 2000))
DATA = REPO.parent / "shared" / "data"
# --sweep: align's join_gap (max_gap 4) on the sets where joining matters,
# and on in-order short passages with other text between them, where a join
# too loose would cost precision. None is align's default (2 * max_gap).
SWEEP_JOIN_GAPS: tuple[int, ...] = (0, 2, 4, 6, 8, 10, 12, 16)
SWEEP_EDIT_RATES: tuple[float, ...] = (0.15, 0.20, 0.30)
CORPUS = REPO / "corpus"
SEED_PAIR = ("bbc-kim-covid.txt", "independent-kim-covid.txt")
RESULTS_DIR = REPO / "benchmarks" / "results"
SIMCOMPARE, DIFFLIB = "simcompare", "difflib"
KINDS = ("quote", "prose")

# Targets from the issue.
TARGET_PLAGDET_LOW_EDITS = 0.95  # at edit rates <= 10%
TARGET_PLAGDET_HIGH_EDITS = 0.85  # at 20%
TARGET_MS_600 = 0.3  # ms per ~600-word pair, end to end
TARGET_SPEEDUP = 4.0  # simcompare vs difflib
TARGET_LONG_PLAGDET = 0.92  # long passages at 15% edits (issue 14)
TARGET_LONG_GRANULARITY = 1.05


# --------------------------------------------------------------------------
# PAN-PC measures
# --------------------------------------------------------------------------
#
# A case (planted passage) and a detection (reported passage) are both a pair
# of character spans, one in each text: (a_start, a_end, b_start, b_end),
# half-open. The PAN framework treats a span pair as the set of characters it
# covers in both documents, so every "length" below is len_a + len_b.


@dataclass(frozen=True)
class PanScores:
    """PAN-PC plagiarism-detection measures over a set of text pairs.

    Attributes
    ----------
    precision, recall
        Character-level macro precision (mean over detections) and recall
        (mean over cases).
    granularity
        Mean number of detections per detected case (1 is ideal).
    plagdet
        ``F1(precision, recall) / log2(1 + granularity)``.
    n_cases, n_detections, n_detected_cases
        Counts behind the averages.
    """

    precision: float
    recall: float
    granularity: float
    plagdet: float
    n_cases: int
    n_detections: int
    n_detected_cases: int


def _overlap(start1: int, end1: int, start2: int, end2: int) -> bool:
    """True if half-open intervals ``[start1, end1)`` and ``[start2, end2)`` share a character."""
    return max(start1, start2) < min(end1, end2)


def detects(detection: Span, case: Span) -> bool:
    """PAN's "r detects s": the two overlap in both documents.

    The relation is symmetric (it is also what "a case explains a detection"
    means for precision).

    Parameters
    ----------
    detection, case
        ``(a_start, a_end, b_start, b_end)`` spans.

    Returns
    -------
    bool
        True if the spans share at least one character in ``a`` and one in ``b``.
    """
    return _overlap(detection[0], detection[1], case[0], case[1]) and \
        _overlap(detection[2], detection[3], case[2], case[3])


def _union_length(intervals: list[tuple[int, int]]) -> int:
    """Number of positions covered by the union of half-open intervals."""
    total, reach = 0, None
    for start, end in sorted(intervals):
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def covered_share(target: Span, others: Sequence[Span]) -> float:
    """Share of ``target``'s characters covered by the ``others`` that detect it.

    This is PAN's ``|U_{o in others} (target ⊓ o)| / |target|``, where
    ``target ⊓ o`` is their intersection if ``o`` detects ``target`` (overlaps
    it in both documents) and empty otherwise. Characters of both documents
    count: the result is ``(covered_a + covered_b) / (len_a + len_b)``. With a
    case as target and the detections as others it is the case's recall; with
    a detection as target and the cases as others, the detection's precision.

    Parameters
    ----------
    target
        Span pair with at least one character in total.
    others
        Span pairs in the same two documents.

    Returns
    -------
    float
        In [0, 1].
    """
    a0, a1, b0, b1 = target
    size = (a1 - a0) + (b1 - b0)
    if size <= 0:
        raise ValueError(f"empty span pair {target}")
    hits = [o for o in others if detects(o, target)]
    in_a = [(max(a0, o[0]), min(a1, o[1])) for o in hits]
    in_b = [(max(b0, o[2]), min(b1, o[3])) for o in hits]
    return (_union_length(in_a) + _union_length(in_b)) / size


def plagdet(precision: float, recall: float, granularity: float) -> float:
    """PAN's overall score: ``F1 / log2(1 + granularity)``.

    Parameters
    ----------
    precision, recall
        In [0, 1].
    granularity
        >= 1 (1 when every detected case is found as one piece).

    Returns
    -------
    float
        0 when precision and recall are both 0; 1 only for a perfect result.
    """
    if precision + recall == 0:
        return 0.0
    f1 = 2 * precision * recall / (precision + recall)
    return f1 / math.log2(1 + granularity)


def pan_scores(cases_per_pair: Sequence[Sequence[Span]],
               detections_per_pair: Sequence[Sequence[Span]]) -> PanScores:
    """PAN-PC precision, recall, granularity and plagdet over many text pairs.

    Cases and detections of different text pairs never overlap, so the
    corpus-level macro averages (over all cases and all detections) are sums
    of per-pair terms. Conventions follow the PAN evaluation script: with no
    cases and no detections precision and recall are 1; with only one of the
    two they are 0; granularity is 1 when no case is detected.

    Parameters
    ----------
    cases_per_pair
        Ground-truth span pairs, one sequence per text pair.
    detections_per_pair
        Reported span pairs, one sequence per text pair (same order).

    Returns
    -------
    PanScores
        The measures and the counts behind them.
    """
    if len(cases_per_pair) != len(detections_per_pair):
        raise ValueError("cases_per_pair and detections_per_pair differ in length")
    recall_sum = precision_sum = 0.0
    n_cases = n_detections = detected_cases = detections_of_detected = 0
    for cases, dets in zip(cases_per_pair, detections_per_pair):
        n_cases += len(cases)
        n_detections += len(dets)
        recall_sum += sum(covered_share(s, dets) for s in cases)
        precision_sum += sum(covered_share(r, cases) for r in dets)
        for s in cases:
            hits = sum(detects(r, s) for r in dets)
            if hits:
                detected_cases += 1
                detections_of_detected += hits
    if n_cases == 0 and n_detections == 0:
        precision = recall = 1.0
    elif n_cases == 0 or n_detections == 0:
        precision = recall = 0.0
    else:
        precision, recall = precision_sum / n_detections, recall_sum / n_cases
    granularity = detections_of_detected / detected_cases if detected_cases else 1.0
    return PanScores(precision=precision, recall=recall, granularity=granularity,
                     plagdet=plagdet(precision, recall, granularity), n_cases=n_cases,
                     n_detections=n_detections, n_detected_cases=detected_cases)


# --------------------------------------------------------------------------
# The difflib baseline
# --------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def merge_blocks(blocks: Sequence[tuple[int, int, int]], *, max_gap: int,
                 min_words: int) -> list[tuple[int, int, int, int]]:
    """Merge matching word blocks separated by small gaps into passages.

    Parameters
    ----------
    blocks
        ``(i, j, n)``: words ``a[i:i+n] == b[j:j+n]``, increasing in both ``i``
        and ``j`` (as ``SequenceMatcher.get_matching_blocks`` returns them);
        ``n == 0`` blocks are ignored.
    max_gap
        A block joins the previous passage if at most this many unmatched
        words separate them in ``a`` and in ``b``.
    min_words
        Passages with fewer matched words are dropped.

    Returns
    -------
    list[tuple[int, int, int, int]]
        ``(i0, i1, j0, j1)`` half-open word ranges in ``a`` and ``b``.
    """
    runs: list[list[int]] = []  # [i0, i1, j0, j1, matched words]
    for i, j, n in blocks:
        if n == 0:
            continue
        if runs and i - runs[-1][1] <= max_gap and j - runs[-1][3] <= max_gap:
            runs[-1][1], runs[-1][3] = i + n, j + n
            runs[-1][4] += n
        else:
            runs.append([i, i + n, j, j + n, n])
    return [(i0, i1, j0, j1) for i0, i1, j0, j1, matched in runs if matched >= min_words]


def difflib_align(a: str, b: str, *, min_words: int = MIN_WORDS, max_gap: int = MAX_GAP) -> list[Span]:
    """The baseline: difflib's matching word blocks, merged into passages.

    Tokens are ``\\w+`` runs (no case folding). ``SequenceMatcher`` runs with
    ``autojunk=False``: its heuristic would discard frequent words of texts
    over 200 words and break matches apart. Being one monotone alignment, it
    finds at most the passages that appear in the same order in both texts.

    Parameters
    ----------
    a, b
        The texts.
    min_words
        Minimum matched words per passage.
    max_gap
        Maximum unmatched words bridged inside a passage.

    Returns
    -------
    list[Span]
        ``(a_start, a_end, b_start, b_end)`` code-point spans, from the first
        word's start to the last word's end.
    """
    ma, mb = list(_WORD.finditer(a)), list(_WORD.finditer(b))
    matcher = difflib.SequenceMatcher(None, [m.group() for m in ma], [m.group() for m in mb],
                                      autojunk=False)
    runs = merge_blocks(matcher.get_matching_blocks(), max_gap=max_gap, min_words=min_words)
    return [(ma[i0].start(), ma[i1 - 1].end(), mb[j0].start(), mb[j1 - 1].end())
            for i0, i1, j0, j1 in runs]


# --------------------------------------------------------------------------
# simcompare
# --------------------------------------------------------------------------

def have_align() -> bool:
    """True once the installed simcompare provides ``align``."""
    return hasattr(simcompare, "align")


def simcompare_align(a: str, b: str) -> list:
    """``simcompare.align`` with the benchmark's settings (returns its Passages)."""
    return simcompare.align(a, b, min_words=MIN_WORDS, max_gap=MAX_GAP)


def passage_span(passage) -> Span:
    """``(a_start, a_end, b_start, b_end)`` of a ``simcompare.Passage``."""
    return (passage.a_start, passage.a_end, passage.b_start, passage.b_end)


def check_passages(a: str, b: str, passages: Sequence, *, min_words: int = MIN_WORDS) -> list[str]:
    """Contract violations in ``simcompare.align``'s output for one pair.

    Parameters
    ----------
    a, b
        The texts given to ``align``.
    passages
        What it returned.
    min_words
        The ``min_words`` it was called with.

    Returns
    -------
    list[str]
        One ``"<problem>: <detail>"`` string per violation; empty if none.
        Problems: ``bad offsets`` (not ``0 <= start < end <= len``),
        ``a_text`` / ``b_text`` (does not slice the original), ``score``
        (outside [0, 1]), ``kind``, ``words`` (< min_words), ``whitespace``
        (span starts or ends with whitespace), ``overlap a`` / ``overlap b``
        (two passages share characters), ``order`` (not sorted by a_start).
    """
    problems = []
    for k, p in enumerate(passages):
        where = f"#{k} {passage_span(p)}"
        if not (0 <= p.a_start < p.a_end <= len(a) and 0 <= p.b_start < p.b_end <= len(b)):
            problems.append(f"bad offsets: {where} (len a {len(a)}, len b {len(b)})")
            continue
        if p.a_text != a[p.a_start:p.a_end]:
            problems.append(f"a_text: {where} a_text={p.a_text[:40]!r} slice={a[p.a_start:p.a_end][:40]!r}")
        if p.b_text != b[p.b_start:p.b_end]:
            problems.append(f"b_text: {where} b_text={p.b_text[:40]!r} slice={b[p.b_start:p.b_end][:40]!r}")
        if not 0.0 <= p.score <= 1.0:
            problems.append(f"score: {where} score={p.score}")
        if p.kind not in KINDS:
            problems.append(f"kind: {where} kind={p.kind!r}")
        if p.words < min_words:
            problems.append(f"words: {where} words={p.words} < {min_words}")
        for text, s, e, side in ((a, p.a_start, p.a_end, "a"), (b, p.b_start, p.b_end, "b")):
            if text[s].isspace() or text[e - 1].isspace():
                problems.append(f"whitespace: {where} {side} span {text[s:e][:20]!r}...{text[s:e][-20:]!r}")
    valid = [p for p in passages if 0 <= p.a_start < p.a_end <= len(a) and 0 <= p.b_start < p.b_end <= len(b)]
    for side, lo, hi in (("a", "a_start", "a_end"), ("b", "b_start", "b_end")):
        spans = sorted((getattr(p, lo), getattr(p, hi)) for p in valid)
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1:
                problems.append(f"overlap {side}: [{s1}, {e1}) and [{s2}, {e2})")
    starts = [p.a_start for p in passages]
    if starts != sorted(starts):
        problems.append(f"order: a_start sequence {starts}")
    return problems


# --------------------------------------------------------------------------
# Long passages in real news prose (PAN-style)
# --------------------------------------------------------------------------
#
# PAN's text-alignment corpora plant obfuscated passages of real documents
# into other real documents. We have no PAN corpus, so we build the same kind
# of pair from the news corpora in ../shared/data: a passage of whole
# sentences of BBC News articles (the source, ``a``), given random word edits
# and planted at a sentence start of Reuters-21578 wire stories (the
# "suspicious" document, ``b``). The two corpora are 17 years apart, so the
# planted passage is the only reuse in a pair. None of their text is written
# to the results file (only offsets and scores).

_REAL_SENTENCE_GAP = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
_REAL_LAYOUT_STREAM, _REAL_EDIT_STREAM = 0, 1


@dataclass(frozen=True)
class NewsCorpora:
    """The real texts long pairs are made from.

    Attributes
    ----------
    bbc
        BBC News articles, one tuple per topic folder, in file order.
    reuters
        Reuters-21578 story bodies, in file order.
    vocabulary
        Lower-case words of every text, one entry per occurrence (drawing
        from it draws words at their corpus frequency).
    """

    bbc: tuple[tuple[str, ...], ...]
    reuters: tuple[str, ...]
    vocabulary: tuple[str, ...]


def load_news(data: Path) -> NewsCorpora | None:
    """BBC News and Reuters-21578 from ``data`` (``../shared/data``); None if absent.

    Parameters
    ----------
    data
        The directory holding ``bbc_news/bbc/<topic>/*.txt`` and
        ``reuters21578/reut2-*.sgm``.

    Returns
    -------
    NewsCorpora | None
        The texts, or None when either corpus is missing.
    """
    topics = sorted(p for p in (data / "bbc_news" / "bbc").glob("*") if p.is_dir())
    bbc = tuple(tuple(path.read_text(encoding="utf-8", errors="replace").strip()
                      for path in sorted(topic.glob("*.txt"))) for topic in topics)
    reuters = tuple(" ".join(text.split()) for _, text in reuters_documents(data / "reuters21578")
                    if len(text.split()) >= 20) if (data / "reuters21578").is_dir() else ()
    if not any(bbc) or not reuters:
        return None
    vocabulary = tuple(w for texts in (*bbc, reuters) for text in texts
                       for w in text.split() if w.isascii() and w.isalpha() and w.islower())
    return NewsCorpora(bbc=tuple(t for t in bbc if t), reuters=reuters, vocabulary=vocabulary)


def _real_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences of a real text."""
    gaps = list(_REAL_SENTENCE_GAP.finditer(text))
    return list(zip([0] + [g.end() for g in gaps], [g.start() for g in gaps] + [len(text)]))


def _run_of_texts(texts: Sequence[str], first: int, words: int, joiner: str) -> str:
    """``texts[first], texts[first + 1], ...`` (wrapping round) joined until ``words`` words.

    A text sharing a sentence of eight words or more with one already taken is
    skipped: the corpora hold duplicate and rewritten stories, and a passage
    found twice in ``a`` would make the ground truth ambiguous.
    """
    out: list[str] = []
    seen: set[str] = set()
    n, k = 0, first
    while n < words and k < first + len(texts):
        text = texts[k % len(texts)]
        k += 1
        long_sentences = {" ".join(text[s:e].split()) for s, e in _real_sentences(text)
                          if len(text[s:e].split()) >= 8}
        if long_sentences & seen:
            continue
        seen |= long_sentences
        out.append(text)
        n += len(text.split())
    return joiner.join(out)


def edit_real_words(text: str, rate: float, rng: np.random.Generator, vocabulary: Sequence[str]) -> str:
    """PAN-style random obfuscation: ``round(rate * words)`` word edits.

    Substitutions, insertions, deletions and swaps with the next word in
    equal parts; only words of letters alone are touched (so punctuation and
    paragraph breaks survive), and new words are drawn from ``vocabulary``.

    Parameters
    ----------
    text
        The passage.
    rate
        Edits per word.
    rng
        Source of randomness; advanced in place.
    vocabulary
        Words to substitute and insert.

    Returns
    -------
    str
        The edited passage.
    """
    n_edits = round(rate * len(text.split()))
    if n_edits == 0:
        return text
    tokens = text.split(" ")  # "\n\n" stays inside a token: " ".join() inverts this
    editable = [i for i, t in enumerate(tokens) if t.isalpha()]
    n_edits = min(n_edits, len(editable))
    positions = rng.choice(editable, size=n_edits, replace=False).tolist()
    op = dict(zip(positions, ((np.arange(n_edits) + rng.integers(0, 4)) % 4).tolist()))
    fresh = [vocabulary[k] for k in rng.integers(0, len(vocabulary), size=2 * n_edits)]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok, kind = tokens[i], op.get(i)
        if kind == 3 and i + 1 < len(tokens) and tokens[i + 1].isalpha() and i + 1 not in op:
            out += [tokens[i + 1], tok]  # swap with the next word
            i += 2
            continue
        if kind in (0, 3):  # a swap with no plain word after it substitutes instead
            new = fresh.pop()
            out.append(new if new != tok.lower() else (fresh.pop() if fresh else "the"))
        elif kind == 1:
            out += [fresh.pop(), tok]
        elif kind is None:
            out.append(tok)
        i += 1
    return " ".join(out)


def _pick_real_passage(text: str, target: int, rng: np.random.Generator) -> tuple[int, int]:
    """Whole sentences of ``text``, about ``target`` words, from a random sentence."""
    sents = _real_sentences(text)
    counts = [len(text[s:e].split()) for s, e in sents]
    suffix = np.cumsum(counts[::-1])[::-1]
    candidates = np.flatnonzero(suffix >= target)
    first = int(rng.choice(candidates)) if len(candidates) else 0
    last, n = first, counts[first]
    while n < target and last + 1 < len(sents):
        last += 1
        n += counts[last]
    return sents[first][0], sents[last][1]


def real_pairs(n_pairs: int, corpora: NewsCorpora, *, seed: int, edit_rate: float,
               passage_words: tuple[int, int] = LONG_PASSAGE_WORDS) -> list[PlantedPair]:
    """PAN-style pairs: a long passage of real BBC prose, edited, planted in Reuters stories.

    ``a`` is a run of consecutive articles of one BBC topic (one article when it
    is long enough) holding a passage of whole sentences whose length is drawn
    log-uniformly from ``passage_words``, with 100-600 words of context; ``b``
    is a run of 400-1,500 words of consecutive Reuters stories with the
    passage's edited copy (:func:`edit_real_words`) inserted at a sentence
    start. As with :func:`benchmarks.pairs.make_pairs`, the layout of pair
    ``i`` depends only on ``seed`` and ``i``, not on ``edit_rate``.

    Parameters
    ----------
    n_pairs
        Number of pairs.
    corpora
        From :func:`load_news`.
    seed
        Non-negative seed.
    edit_rate
        Word edits per passage word.
    passage_words
        Inclusive range of passage lengths in words.

    Returns
    -------
    list[PlantedPair]
        One planted passage per pair, with exact ground-truth offsets.
    """
    lo, hi = passage_words
    pairs = []
    for i in range(n_pairs):
        layout = np.random.default_rng([seed, i, _REAL_LAYOUT_STREAM])
        edits = np.random.default_rng([seed, i, _REAL_EDIT_STREAM])
        target = round(math.exp(layout.uniform(math.log(lo), math.log(hi))))
        topic = corpora.bbc[int(layout.integers(len(corpora.bbc)))]
        a = _run_of_texts(topic, int(layout.integers(len(topic))), target + int(layout.integers(100, 600)),
                          "\n\n")
        a0, a1 = _pick_real_passage(a, target, layout)
        host = _run_of_texts(corpora.reuters, int(layout.integers(len(corpora.reuters))),
                             int(layout.integers(400, 1500)), "\n\n")
        starts = [s for s, _ in _real_sentences(host)]
        at = starts[int(layout.integers(len(starts)))]
        copy = edit_real_words(a[a0:a1], edit_rate, edits, corpora.vocabulary)
        b = host[:at] + copy + " " + host[at:]
        passage = PlantedPassage(a0, a1, at, at + len(copy), source=a[a0:a1], copy=copy,
                                 words=len(a[a0:a1].split()))
        pairs.append(PlantedPair(a=a, b=b, passages=(passage,), edit_rate=edit_rate, index=i))
    return pairs


# --------------------------------------------------------------------------
# Running and timing
# --------------------------------------------------------------------------

Tool = Callable[[str, str], list]


def tools() -> dict[str, Tool]:
    """The contenders available in this environment, simcompare first."""
    found: dict[str, Tool] = {}
    if have_align():
        found[SIMCOMPARE] = simcompare_align
    found[DIFFLIB] = difflib_align
    return found


def warm_up(contenders: dict[str, Tool], pairs: Sequence[PlantedPair]) -> dict[str, float]:
    """Run every tool on ``pairs`` untimed (numba loads or compiles its kernels).

    Returns
    -------
    dict[str, float]
        Seconds each tool's warm-up took (mostly the first call: JIT compile
        or cache load).
    """
    seconds = {}
    for name, tool in contenders.items():
        t0 = time.perf_counter()
        for pair in pairs:
            tool(pair.a, pair.b)
        seconds[name] = time.perf_counter() - t0
    return seconds


def run_timed(contenders: dict[str, Tool], pairs: Sequence[PlantedPair]
              ) -> tuple[dict[str, list], dict[str, list[float]]]:
    """Run every tool once on every pair, timing each call.

    The tools alternate which goes first from pair to pair, so neither always
    runs on a cache the other warmed. The garbage collector is off while
    timing (as in ``timeit``) so that a collection triggered by one tool's
    garbage is not billed to another.

    Parameters
    ----------
    contenders
        Name -> ``tool(a, b)``.
    pairs
        The pairs.

    Returns
    -------
    tuple[dict[str, list], dict[str, list[float]]]
        Per tool, its output for each pair and the milliseconds of each call.
    """
    outputs: dict[str, list] = {name: [] for name in contenders}
    millis: dict[str, list[float]] = {name: [] for name in contenders}
    order = list(contenders.items())
    gc.collect()
    gc.disable()
    try:
        for k, pair in enumerate(pairs):
            for name, tool in order if k % 2 == 0 else order[::-1]:
                t0 = time.perf_counter_ns()
                out = tool(pair.a, pair.b)
                millis[name].append((time.perf_counter_ns() - t0) / 1e6)
                outputs[name].append(out)
    finally:
        gc.enable()
    return outputs, millis


def timing_summary(millis: Sequence[float]) -> dict:
    """Median, 90th percentile and mean milliseconds per pair."""
    ordered = sorted(millis)
    return {
        "ms_median": statistics.median(ordered),
        "ms_p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
        "ms_mean": statistics.fmean(ordered),
    }


def recall_by_length(pairs: Sequence[PlantedPair], detections: Sequence[Sequence[Span]], *,
                     buckets: Sequence[tuple[int, int]] = LENGTH_BUCKETS) -> dict[str, dict]:
    """Mean per-case recall and missed cases, by planted passage length (``buckets`` of words).

    Returns
    -------
    dict[str, dict]
        ``"lo-hi"`` -> ``{"cases", "recall", "missed"}`` (missed: recall 0).
    """
    out = {}
    for lo, hi in buckets:
        shares = [covered_share(p.span, dets) for pair, dets in zip(pairs, detections)
                  for p in pair.passages if lo <= p.words <= hi]
        out[f"{lo}-{hi}"] = {
            "cases": len(shares),
            "recall": statistics.fmean(shares) if shares else None,
            "missed": sum(s == 0 for s in shares),
        }
    return out


def worst_cases(pairs: Sequence[PlantedPair], detections: Sequence[Sequence[Span]], *,
                limit: int = 5) -> list[dict]:
    """The ``limit`` planted passages with the lowest recall below 0.9 (for diagnosis)."""
    rows = []
    for pair, dets in zip(pairs, detections):
        for k, p in enumerate(pair.passages):
            share = covered_share(p.span, dets)
            if share < 0.9:
                hits = [d for d in dets if detects(d, p.span)]
                rows.append({"pair": pair.index, "passage": k, "words": p.words, "recall": round(share, 3),
                             "case": list(p.span), "detections": [list(d) for d in hits]})
    rows.sort(key=lambda r: (r["recall"], r["pair"]))
    return rows[:limit]


def evaluate_set(label: str, pairs: Sequence[PlantedPair], contenders: dict[str, Tool], *,
                 buckets: Sequence[tuple[int, int]] = LENGTH_BUCKETS) -> dict:
    """Align, time, validate and score one set of pairs with every tool.

    Returns
    -------
    dict
        ``label``, set statistics and, per tool, PAN scores, timings, recall
        by passage length and the worst cases; for simcompare also the
        contract violations found by :func:`check_passages`.
    """
    outputs, millis = run_timed(contenders, pairs)
    cases = [pair.spans for pair in pairs]
    words = sorted(len(t.split()) for pair in pairs for t in (pair.a, pair.b))
    result = {
        "label": label,
        "edit_rate": pairs[0].edit_rate,
        "n_pairs": len(pairs),
        "n_cases": sum(len(c) for c in cases),
        "words_per_text_median": statistics.median(words),
        "words_per_text_range": [words[0], words[-1]],
        "tools": {},
    }
    for name in contenders:
        if name == SIMCOMPARE:
            problems = [f"pair {pair.index}: {msg}" for pair, out in zip(pairs, outputs[name])
                        for msg in check_passages(pair.a, pair.b, out)]
            # Score only well-formed spans; the rest are reported, not scored.
            dets = [[passage_span(p) for p in out if p.a_start < p.a_end and p.b_start < p.b_end]
                    for out in outputs[name]]
        else:
            problems, dets = [], outputs[name]
        result["tools"][name] = {
            **asdict(pan_scores(cases, dets)),
            **timing_summary(millis[name]),
            "recall_by_length": recall_by_length(pairs, dets, buckets=buckets),
            "worst_cases": worst_cases(pairs, dets),
            "problems": {"count": len(problems), "examples": problems[:10]},
        }
    if SIMCOMPARE in contenders:
        result["speedup_vs_difflib"] = (result["tools"][DIFFLIB]["ms_median"]
                                        / result["tools"][SIMCOMPARE]["ms_median"])
    return result


def align_seed_pair(contenders: dict[str, Tool]) -> dict | None:
    """Align the real seed pair in ``corpus/`` with every tool (no ground truth).

    Returns
    -------
    dict | None
        Per tool, the passages found; None if the files are missing.
    """
    paths = [CORPUS / name for name in SEED_PAIR]
    if not all(p.is_file() for p in paths):
        return None
    a, b = (p.read_text(encoding="utf-8") for p in paths)
    found: dict = {"files": list(SEED_PAIR), "words": [len(a.split()), len(b.split())]}
    for name, tool in contenders.items():
        out = tool(a, b)
        if name == SIMCOMPARE:
            found[name] = [{"kind": p.kind, "words": p.words, "score": round(p.score, 4),
                            "span": list(passage_span(p)), "a_text": p.a_text, "b_text": p.b_text}
                           for p in out]
            found[name + "_problems"] = check_passages(a, b, out)
        else:
            found[name] = [{"words": len(_WORD.findall(a[s0:s1])), "span": [s0, s1, t0, t1],
                            "a_text": a[s0:s1]} for s0, s1, t0, t1 in out]
    return found


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------

def platform_info() -> dict:
    """CPU model, OS, Python and library versions, git commit."""
    cpu = cpu_model()
    commit = git_commit()

    def version(dist: str) -> str | None:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return None

    return {
        "cpu": cpu,
        "logical_cores": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "simcompare": simcompare.__version__,
        "rapidfuzz": version("rapidfuzz"),
        "numpy": version("numpy"),
        "numba": version("numba"),
        "git_commit": commit,
        "simcompare_engine": os.environ.get("SIMCOMPARE_ENGINE"),
        "align_available": have_align(),
    }


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def plagdet_target(edit_rate: float) -> float:
    """The issue's plagdet target at this edit rate."""
    return TARGET_PLAGDET_LOW_EDITS if edit_rate <= 0.10 + 1e-9 else TARGET_PLAGDET_HIGH_EDITS


def print_set(result: dict) -> None:
    """The table for one set of pairs (one edit rate)."""
    print(f"\n=== {result['label']}: {result['n_pairs']} pairs, {result['n_cases']} planted passages, "
          f"texts of {result['words_per_text_range'][0]}-{result['words_per_text_range'][1]} words "
          f"(median {result['words_per_text_median']:.0f}) ===")
    header = (f"{'tool':<12}{'precision':>10}{'recall':>8}{'granul.':>9}{'plagdet':>9}"
              f"{'ms/pair':>9}{'p90 ms':>8}{'detections':>12}{'missed':>8}{'problems':>10}")
    print(header)
    print("-" * len(header))
    for name, t in result["tools"].items():
        missed = t["n_cases"] - t["n_detected_cases"]
        print(f"{name:<12}{t['precision']:>10.4f}{t['recall']:>8.4f}{t['granularity']:>9.4f}"
              f"{t['plagdet']:>9.4f}{t['ms_median']:>9.3f}{t['ms_p90']:>8.3f}{t['n_detections']:>12}"
              f"{missed:>8}{t['problems']['count'] if name == SIMCOMPARE else '-':>10}")
    buckets = " | ".join(
        f"{bucket} w: " + " / ".join(
            f"{t['recall_by_length'][bucket]['recall']:.3f}" if t["recall_by_length"][bucket]["cases"] else "-"
            for t in result["tools"].values())
        for bucket in result["tools"][DIFFLIB]["recall_by_length"])
    print(f"recall by passage length ({' / '.join(result['tools'])}): {buckets}")
    if SIMCOMPARE in result["tools"] and result.get("family", "short") != "short":
        sc = result["tools"][SIMCOMPARE]
        print(f"simcompare: {result['speedup_vs_difflib']:.1f}x faster than difflib; plagdet {sc['plagdet']:.4f}, "
              f"granularity {sc['granularity']:.4f}" + (
                  f" (targets at 15% edits: plagdet >= {TARGET_LONG_PLAGDET}: "
                  f"{_mark(sc['plagdet'] >= TARGET_LONG_PLAGDET)}, granularity <= {TARGET_LONG_GRANULARITY}: "
                  f"{_mark(sc['granularity'] <= TARGET_LONG_GRANULARITY)})"
                  if abs(result["edit_rate"] - 0.15) < 1e-9 else ""))
        for case in sc["worst_cases"][:3]:
            print(f"  low recall: pair {case['pair']} ({case['words']} words): recall {case['recall']}, "
                  f"{len(case['detections'])} detections")
    elif SIMCOMPARE in result["tools"]:
        target = plagdet_target(result["edit_rate"])
        sc = result["tools"][SIMCOMPARE]
        print(f"simcompare: {result['speedup_vs_difflib']:.1f}x faster than difflib "
              f"(target >= {TARGET_SPEEDUP:.0f}x: {_mark(result['speedup_vs_difflib'] >= TARGET_SPEEDUP)}); "
              f"plagdet {sc['plagdet']:.4f} (target >= {target}: {_mark(sc['plagdet'] >= target)})")
        for example in sc["problems"]["examples"][:3]:
            print(f"  problem: {example}")
        for case in sc["worst_cases"][:3]:
            print(f"  low recall: pair {case['pair']} passage {case['passage']} ({case['words']} words): "
                  f"recall {case['recall']}, case {case['case']}, detections {case['detections']}")


def print_summary(results: dict) -> None:
    """One line per set against the issue's targets."""
    if not results["platform"]["align_available"]:
        return
    print("\n=== summary against the targets ===")
    header = (f"{'set':<22}{'plagdet sc':>11}{'target':>8}{'':>8}{'plagdet dl':>11}"
              f"{'ms sc':>8}{'ms dl':>8}{'dl/sc':>7}{'':>8}")
    print(header)
    print("-" * len(header))
    for r in results["sets"]:
        sc, dl = r["tools"][SIMCOMPARE], r["tools"][DIFFLIB]
        target = plagdet_target(r["edit_rate"])
        print(f"{r['label']:<22}{sc['plagdet']:>11.4f}{target:>8.2f}{_mark(sc['plagdet'] >= target):>8}"
              f"{dl['plagdet']:>11.4f}{sc['ms_median']:>8.3f}{dl['ms_median']:>8.3f}"
              f"{r['speedup_vs_difflib']:>6.1f}x{_mark(r['speedup_vs_difflib'] >= TARGET_SPEEDUP):>8}")
    for family in ("long_synthetic", "long_real"):
        print_long_summary(family, results.get(family))
    speed = results["speed_600"]["tools"][SIMCOMPARE]["ms_median"]
    print(f"~600-word pairs: simcompare {speed:.3f} ms/pair end to end "
          f"(target <= {TARGET_MS_600} ms: {_mark(speed <= TARGET_MS_600)}); "
          f"{results['speed_600']['speedup_vs_difflib']:.1f}x faster than difflib "
          f"(target >= {TARGET_SPEEDUP:.0f}x: {_mark(results['speed_600']['speedup_vs_difflib'] >= TARGET_SPEEDUP)})")


def print_long_summary(family: str, sets: list[dict] | None) -> None:
    """Plagdet and granularity of both tools by edit rate, for one family of long-passage sets."""
    if not sets:
        print(f"\n{family}: skipped" + (" (../shared/data not found)" if family == "long_real" else ""))
        return
    print(f"\n{family} ({sets[0]['n_pairs']} pairs per edit rate, one 300-2,000-word passage each):")
    header = (f"{'edits':<7}{'plagdet sc':>11}{'granul. sc':>11}{'prec. sc':>9}{'recall sc':>10}{'ms sc':>8}"
              f"{'plagdet dl':>11}{'granul. dl':>11}{'ms dl':>8}")
    print(header)
    print("-" * len(header))
    for r in sets:
        sc, dl = r["tools"][SIMCOMPARE], r["tools"][DIFFLIB]
        print(f"{r['edit_rate']:<7.2f}{sc['plagdet']:>11.4f}{sc['granularity']:>11.4f}{sc['precision']:>9.4f}"
              f"{sc['recall']:>10.4f}{sc['ms_median']:>8.2f}{dl['plagdet']:>11.4f}{dl['granularity']:>11.4f}"
              f"{dl['ms_median']:>8.2f}")


def print_seed_pair(found: dict | None) -> None:
    """List the passages found in the real seed pair."""
    if found is None:
        print("\nseed pair: corpus files not found, skipped")
        return
    print(f"\n=== seed pair {found['files'][0]} ({found['words'][0]} words) vs "
          f"{found['files'][1]} ({found['words'][1]} words) ===")
    if SIMCOMPARE in found:
        print(f"simcompare.align: {len(found[SIMCOMPARE])} passages")
        for p in found[SIMCOMPARE]:
            print(f"  [{p['kind']:<5} {p['words']:>3} words, score {p['score']:.3f}, a[{p['span'][0]}:{p['span'][1]}] "
                  f"b[{p['span'][2]}:{p['span'][3]}]] {p['a_text']!r}")
        for problem in found[SIMCOMPARE + "_problems"]:
            print(f"  problem: {problem}")
    print(f"difflib: {len(found[DIFFLIB])} passages, "
          f"{', '.join(str(p['words']) for p in found[DIFFLIB])} words")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def default_json_path(*, quick: bool) -> Path:
    """``benchmarks/results/alignment-<date>[-quick].json``."""
    return RESULTS_DIR / f"alignment-{dt.date.today().isoformat()}{'-quick' if quick else ''}.json"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=300, help="pairs per edit rate (default 300)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED})")
    parser.add_argument("--json", type=Path, default=None,
                        help="results file (default benchmarks/results/alignment-<date>.json)")
    parser.add_argument("--long-pairs", type=int, default=LONG_PAIRS,
                        help=f"long-passage pairs per edit rate, synthetic and real each (default {LONG_PAIRS})")
    parser.add_argument("--data", type=Path, default=DATA,
                        help="BBC News and Reuters-21578 for the real-text sets (default ../shared/data; "
                             "skipped when absent)")
    parser.add_argument("--sweep", action="store_true",
                        help="also sweep align's join_gap (the rule that joins fragments of a passage)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 8 pairs per edit rate, 4 long ones")
    args = parser.parse_args(argv)
    if args.quick:
        args.pairs, args.long_pairs = 8, 4
    if args.pairs < 2 or args.long_pairs < 2 or args.seed < 0:
        parser.error("need --pairs >= 2, --long-pairs >= 2 and --seed >= 0")
    return args


def sweep_sets(args: argparse.Namespace, corpora: NewsCorpora | None) -> list[tuple[str, list[PlantedPair]]]:
    """The pairs :func:`run_sweep` scores: in-order short passages at 20 % edits, long ones at
    ``SWEEP_EDIT_RATES`` (synthetic, and real news when ``corpora`` is given)."""
    sets = [("in-order short 0.20", make_pairs(args.pairs, seed=args.seed, edit_rate=0.20,
                                                passages_per_pair=(2, 3), reorder=False))]
    for rate in SWEEP_EDIT_RATES:
        sets.append((f"long synthetic {rate:.2f}", make_pairs(
            args.long_pairs, seed=args.seed, edit_rate=rate, passages_per_pair=(1, 1),
            passage_words=LONG_PASSAGE_WORDS, doc_words=LONG_DOC_WORDS)))
        if corpora is not None:
            sets.append((f"long real {rate:.2f}", real_pairs(args.long_pairs, corpora, seed=args.seed,
                                                               edit_rate=rate)))
    return sets


def run_sweep(args: argparse.Namespace) -> list[dict]:
    """Plagdet, granularity and precision of ``align`` for each ``join_gap`` in ``SWEEP_JOIN_GAPS``.

    Returns
    -------
    list[dict]
        One row per join_gap: ``join_gap`` and, per set, its PAN scores.
    """
    corpora = load_news(args.data) if args.data.is_dir() else None
    sets = sweep_sets(args, corpora)
    rows = []
    print(f"\n=== sweep of join_gap (max_gap {MAX_GAP}): plagdet / granularity / precision ===")
    print(f"{'join_gap':<10}" + "".join(f"{name:>26}" for name, _ in sets))
    for gap in SWEEP_JOIN_GAPS:
        row: dict = {"join_gap": gap, "sets": {}}
        for name, pairs in sets:
            found = [simcompare.align(p.a, p.b, min_words=MIN_WORDS, max_gap=MAX_GAP, join_gap=gap)
                     for p in pairs]
            scores = pan_scores([p.spans for p in pairs], [[passage_span(d) for d in out] for out in found])
            row["sets"][name] = asdict(scores)
        rows.append(row)
        print(f"{gap:<10}" + "".join(
            f"{s['plagdet']:>12.4f} /{s['granularity']:>5.2f} /{s['precision']:>6.4f}"
            for s in row["sets"].values()))
    return rows


def run_short_sets(args: argparse.Namespace, contenders: dict[str, Tool]) -> tuple[list[dict], dict, float]:
    """The four short-passage sets (one per edit rate), warming the tools up first.

    Returns
    -------
    tuple[list[dict], dict, float]
        The sets' results, the warm-up seconds per tool and the seconds spent making pairs.
    """
    gen_seconds, sets, warmup = 0.0, [], {}
    for k, rate in enumerate(EDIT_RATES):
        t0 = time.perf_counter()
        pairs = make_pairs(args.pairs, seed=args.seed, edit_rate=rate, passages_per_pair=PASSAGES_PER_PAIR,
                           passage_words=PASSAGE_WORDS, doc_words=DOC_WORDS)
        gen_seconds += time.perf_counter() - t0
        if k == 0:
            warmup = warm_up(contenders, pairs[: min(5, len(pairs))])
            print("warm-up: " + ", ".join(f"{n} {s:.2f}s" for n, s in warmup.items()))
        sets.append(evaluate_set(f"edit rate {rate:.2f}", pairs, contenders))
        print_set(sets[-1])
    return sets, warmup, gen_seconds


def run_long_sets(args: argparse.Namespace, contenders: dict[str, Tool]) -> dict[str, list[dict] | None]:
    """The long-passage sets: synthetic, and real news prose when ``args.data`` has it.

    Returns
    -------
    dict[str, list[dict] | None]
        ``long_synthetic`` and ``long_real``, each one result per edit rate
        (``long_real`` None without the corpora).
    """
    corpora = load_news(args.data) if args.data.is_dir() else None
    out: dict[str, list[dict] | None] = {"long_synthetic": [], "long_real": [] if corpora else None}
    for rate in LONG_EDIT_RATES:
        synthetic = make_pairs(args.long_pairs, seed=args.seed, edit_rate=rate, passages_per_pair=(1, 1),
                               passage_words=LONG_PASSAGE_WORDS, doc_words=LONG_DOC_WORDS)
        out["long_synthetic"].append({"family": "long_synthetic", **evaluate_set(
            f"long synthetic, edit rate {rate:.2f}", synthetic, contenders, buckets=LONG_BUCKETS)})
        print_set(out["long_synthetic"][-1])
        if corpora is not None:
            real = real_pairs(args.long_pairs, corpora, seed=args.seed, edit_rate=rate)
            out["long_real"].append({"family": "long_real", **evaluate_set(
                f"long real news, edit rate {rate:.2f}", real, contenders, buckets=LONG_BUCKETS)})
            print_set(out["long_real"][-1])
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    info = platform_info()
    print(f"CPU: {info['cpu']} ({info['logical_cores']} logical cores); {info['os']}")
    print(f"Python {info['python']}, simcompare {info['simcompare']}, rapidfuzz {info['rapidfuzz']}, "
          f"numpy {info['numpy']}, numba {info['numba']}; SIMCOMPARE_ENGINE={info['simcompare_engine']}")
    print(f"align(a, b, min_words={MIN_WORDS}, max_gap={MAX_GAP}); difflib baseline with the same settings")
    contenders = tools()
    if not have_align():
        print("WARNING: simcompare.align not found: running the difflib baseline only")

    sets, warmup, gen_seconds = run_short_sets(args, contenders)
    n_speed = max(args.pairs, 20)
    speed_pairs = make_pairs(n_speed, seed=args.seed, **SPEED_SET)
    speed = evaluate_set("~600-word pairs", speed_pairs, contenders)
    print_set(speed)
    long_sets = run_long_sets(args, contenders)
    sweep = run_sweep(args) if args.sweep and have_align() else None
    seed_pair = align_seed_pair(contenders)

    results = {
        "benchmark": "alignment",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "platform": info,
        "parameters": {
            "pairs_per_edit_rate": args.pairs, "seed": args.seed, "quick": args.quick,
            "edit_rates": list(EDIT_RATES), "min_words": MIN_WORDS, "max_gap": MAX_GAP,
            "doc_words": DOC_WORDS, "passages_per_pair": list(PASSAGES_PER_PAIR),
            "passage_words": list(PASSAGE_WORDS), "reorder": True,
            "speed_set": {**SPEED_SET, "pairs": n_speed},
            "long_sets": {"pairs_per_edit_rate": args.long_pairs, "edit_rates": list(LONG_EDIT_RATES),
                          "passage_words": list(LONG_PASSAGE_WORDS), "synthetic_doc_words": LONG_DOC_WORDS,
                          "real_text": long_sets["long_real"] is not None},
            "targets": {"plagdet_edits_le_10pct": TARGET_PLAGDET_LOW_EDITS,
                        "plagdet_edits_20pct": TARGET_PLAGDET_HIGH_EDITS,
                        "ms_per_600_word_pair": TARGET_MS_600, "speedup_vs_difflib": TARGET_SPEEDUP,
                        "long_plagdet_15pct": TARGET_LONG_PLAGDET,
                        "long_granularity_15pct": TARGET_LONG_GRANULARITY},
            "tools": list(contenders),
        },
        "warmup_seconds": warmup,
        "generation_seconds": gen_seconds,
        "sets": sets,
        "speed_600": speed,
        **long_sets,
        "join_gap_sweep": sweep,
        "seed_pair": seed_pair,
    }
    print_summary(results)
    print_seed_pair(seed_pair)

    results["total_seconds"] = time.perf_counter() - started
    path = args.json or default_json_path(quick=args.quick)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\ntotal {results['total_seconds']:.1f}s; results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
