"""Tests for the synthetic corpus generator in tests/support/synth.py."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from support.synth import (
    BOILERPLATE,
    DEFAULT_EDIT_RATES,
    OUTLETS,
    SyntheticCorpus,
    generate,
    iter_texts,
    write_corpus,
)

N_DOCS = 600
WORDS = 300

# A sentence ends with "." or ".”" (not ",”", which continues into "said X.").
SENTENCE_BREAK = re.compile(r"(?:(?<=\.)|(?<=\.”))(?: |\n\n)(?=[“A-Z0-9])")


@pytest.fixture(scope="module")
def corpus() -> SyntheticCorpus:
    return generate(N_DOCS, seed=7, words_per_doc=WORDS)


def by_id(corpus: SyntheticCorpus) -> dict[str, str]:
    return {d["id"]: d["text"] for d in corpus.docs}


def word_similarity(a: str, b: str) -> float:
    # autojunk would discard frequent words in sequences of 200+ tokens
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def structural_tokens(text: str) -> list[str]:
    """Tokens that edits never touch: anything but a bare lower-case word."""
    return [t for t in text.split() if not (t.isascii() and t.isalpha() and t.islower())]


# --- determinism -----------------------------------------------------------------


def test_generate_is_deterministic(corpus: SyntheticCorpus) -> None:
    again = generate(N_DOCS, seed=7, words_per_doc=WORDS)
    assert again == corpus
    other = generate(N_DOCS, seed=8, words_per_doc=WORDS)
    assert [d["text"] for d in other.docs] != [d["text"] for d in corpus.docs]
    assert other.passages != corpus.passages


def test_iter_texts_is_deterministic_and_prefix_stable() -> None:
    first = list(iter_texts(40, seed=1, words_per_doc=WORDS))
    assert first == list(iter_texts(40, seed=1, words_per_doc=WORDS))
    assert first == list(iter_texts(300, seed=1, words_per_doc=WORDS))[:40]
    assert set(first).isdisjoint(iter_texts(40, seed=2, words_per_doc=WORDS))


# --- plain text --------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 255, 256, 257, 600])
def test_iter_texts_yields_requested_count(n: int) -> None:
    assert sum(1 for _ in iter_texts(n, seed=3, words_per_doc=100)) == n


def test_iter_texts_streams_lazily() -> None:
    texts = iter_texts(10**9, seed=0)  # would never fit in memory if materialised
    assert isinstance(texts, Iterator)
    assert len(next(texts).split()) > 0


@pytest.mark.parametrize("words", [150, 600])
def test_word_counts_within_20_percent(words: int) -> None:
    counts = [len(t.split()) for t in iter_texts(300, seed=5, words_per_doc=words)]
    assert min(counts) >= 0.8 * words
    assert max(counts) <= 1.2 * words
    assert 0.9 * words <= sum(counts) / len(counts) <= 1.1 * words


def test_text_looks_like_news() -> None:
    texts = list(iter_texts(100, seed=4, words_per_doc=WORDS))
    for text in texts:
        assert text == text.strip()
        assert "  " not in text and "\n\n\n" not in text
        assert "\n\n" in text  # paragraphs
        assert text.count("“") == text.count("”")  # quotes are balanced
        for paragraph in text.split("\n\n"):
            for sentence in SENTENCE_BREAK.split(paragraph):
                assert sentence[0] == "“" or sentence[0].isupper() or sentence[0].isdigit()
                assert sentence.endswith((".", ".”"))
                assert 8 <= len(sentence.split()) <= 30
    joined = "".join(texts)
    for mark in ("“", "”", "’s ", " — ", ", "):
        assert mark in joined
    assert re.search(r"\b\d+\.\d\b", joined) and re.search(r"\b\d{1,3},000\b", joined)
    assert re.search(r" [A-Z][a-z]+", joined)  # proper nouns mid-sentence
    quoted = sum(t.count("“") for t in texts)
    sentences = sum(len(SENTENCE_BREAK.split(t)) for t in texts)
    assert 0.1 < quoted / sentences < 0.3  # ~1 in 5 sentences is a quote


def test_vocabulary_is_zipfian() -> None:
    counts: dict[str, int] = {}
    for text in iter_texts(200, seed=6, words_per_doc=WORDS):
        for tok in text.split():
            if tok.isalpha() and tok.islower():
                counts[tok] = counts.get(tok, 0) + 1
    freq = np.sort(np.array(list(counts.values())))[::-1]
    assert len(freq) > 5_000
    # Zipf exponent ~1.1: log frequency falls linearly with log rank.
    ranks = np.arange(10, 1000)
    slope = np.polyfit(np.log(ranks), np.log(freq[ranks - 1]), 1)[0]
    assert -1.3 < slope < -0.9


# --- generate() -------------------------------------------------------------------


def test_docs_metadata(corpus: SyntheticCorpus) -> None:
    ids = [d["id"] for d in corpus.docs]
    assert ids == [f"doc{i:06d}" for i in range(1, N_DOCS + 1)]
    assert all(set(d) == {"id", "text", "outlet", "date"} for d in corpus.docs)
    assert {d["outlet"] for d in corpus.docs} == set(OUTLETS)
    dates = [d["date"] for d in corpus.docs]
    assert all(re.fullmatch(r"2020-\d\d-\d\d", d) for d in dates)
    assert dates[0] < "2020-01-05" and dates[-1] > "2020-12-25"
    assert sum(a > b for a, b in zip(dates, dates[1:])) < N_DOCS // 2  # ascending-ish


def test_all_texts_non_ascii_and_balanced(corpus: SyntheticCorpus) -> None:
    for doc in corpus.docs:
        assert not doc["text"].isascii()
        assert doc["text"].count("“") == doc["text"].count("”")


def test_generated_word_counts(corpus: SyntheticCorpus) -> None:
    planted = {r["b"] for r in corpus.duplicates + corpus.passages}
    boiler = 2 * max(len(p.split()) for p in BOILERPLATE)  # up to two phrases each side
    for doc in corpus.docs:
        n = len(doc["text"].split())
        if doc["id"] not in planted:
            assert 0.8 * WORDS <= n <= 1.2 * WORDS + 2 * boiler
        else:
            assert 0.7 * WORDS <= n <= 1.3 * WORDS + 2 * boiler + 150


def test_boilerplate_fraction(corpus: SyntheticCorpus) -> None:
    with_boiler = sum(any(p in d["text"] for p in BOILERPLATE) for d in corpus.docs)
    assert 0.2 * N_DOCS < with_boiler < 0.4 * N_DOCS


def test_duplicates(corpus: SyntheticCorpus) -> None:
    texts = by_id(corpus)
    dates = {d["id"]: d["date"] for d in corpus.docs}
    outlets = {d["id"]: d["outlet"] for d in corpus.docs}
    assert len(corpus.duplicates) == round(0.1 * N_DOCS)
    assert {r["edit_rate"] for r in corpus.duplicates} == set(DEFAULT_EDIT_RATES)
    for r in corpus.duplicates:
        a, b, rate = texts[r["a"]], texts[r["b"]], r["edit_rate"]
        assert r["a"] < r["b"] and dates[r["a"]] <= dates[r["b"]]
        assert outlets[r["a"]] != outlets[r["b"]]
        if rate == 0.0:
            assert a == b
            continue
        n = len(a.split())
        assert a != b
        assert abs(len(b.split()) - n) <= 1  # insertions and deletions balance
        assert 1 - rate - 0.02 <= word_similarity(a, b) < 1
        assert structural_tokens(a) == structural_tokens(b)


def test_passage_offsets_are_exact(corpus: SyntheticCorpus) -> None:
    texts = by_id(corpus)
    assert len(corpus.passages) == round(0.1 * N_DOCS)
    for r in corpus.passages:
        a_text, b_text = texts[r["a"]], texts[r["b"]]
        a = a_text[r["a_start"] : r["a_end"]]
        b = b_text[r["b_start"] : r["b_end"]]
        assert 50 <= r["words"] <= 150 and len(a.split()) == r["words"]
        assert 0.0 <= r["edit_rate"] <= 0.2
        for text, start, end in ((a_text, r["a_start"], r["a_end"]),
                                 (b_text, r["b_start"], r["b_end"])):
            passage = text[start:end]
            # whole sentences, cut exactly at sentence boundaries
            assert passage[0] == "“" or passage[0].isupper() or passage[0].isdigit()
            assert passage.endswith((".", ".”"))
            assert start == 0 or text[start - 1] in " \n"
            assert end == len(text) or text[end] in " \n"
        # Edits only touch bare lower-case words, so everything else must line up
        # token for token; an offset that is off by even one char would break this.
        assert structural_tokens(a) == structural_tokens(b)
        if round(r["edit_rate"] * r["words"]) == 0:
            assert a == b
        else:
            assert 1 - r["edit_rate"] - 0.02 <= word_similarity(a, b) < 1


def test_planted_roles_are_disjoint(corpus: SyntheticCorpus) -> None:
    used = [r[k] for r in corpus.duplicates + corpus.passages for k in ("a", "b")]
    assert len(used) == len(set(used))


def test_custom_parameters() -> None:
    c = generate(200, seed=1, words_per_doc=200, dup_fraction=0.25, passage_fraction=0.0,
                 edit_rates=(0.0,), boilerplate_fraction=0.0)
    assert len(c.duplicates) == 50 and not c.passages
    texts = by_id(c)
    assert all(texts[r["a"]] == texts[r["b"]] for r in c.duplicates)
    assert not any(p in d["text"] for d in c.docs for p in BOILERPLATE)
    assert c.params["edit_rates"] == [0.0]


@pytest.mark.parametrize("kwargs", [
    {"n_docs": -1},
    {"n_docs": 10, "seed": -1},
    {"n_docs": 10, "words_per_doc": 5},
    {"n_docs": 10, "dup_fraction": 0.3, "passage_fraction": 0.3},
    {"n_docs": 10, "boilerplate_fraction": 1.5},
    {"n_docs": 10, "edit_rates": ()},
])
def test_rejects_bad_arguments(kwargs: dict) -> None:
    n = kwargs.pop("n_docs")
    with pytest.raises(ValueError):
        generate(n, **kwargs)


# --- output -------------------------------------------------------------------------


def test_write_corpus_round_trips(corpus: SyntheticCorpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_corpus(corpus, out)
    assert sorted(os.listdir(out)) == ["docs.jsonl", "truth.json"]  # no temp files left
    raw = (out / "docs.jsonl").read_text(encoding="utf-8")
    assert "“" in raw  # ensure_ascii=False
    assert [json.loads(line) for line in raw.splitlines()] == corpus.docs
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert truth["duplicates"] == corpus.duplicates
    assert truth["passages"] == corpus.passages
    assert truth["params"] == corpus.params
    write_corpus(corpus, out)  # overwriting is fine
    assert sorted(os.listdir(out)) == ["docs.jsonl", "truth.json"]


def test_script(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "tests.support.synth", "--out", str(tmp_path), "--docs", "40",
                    "--seed", "1", "--words-per-doc", "100"], check=True, capture_output=True, cwd=root)
    lines = (tmp_path / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 40
    assert generate(40, seed=1, words_per_doc=100).docs == [json.loads(x) for x in lines]
