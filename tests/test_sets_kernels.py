"""Differential tests of the shingle-set kernels (simcompare._core._sets): the boilerplate of a sample and the
overlaps of candidate pairs give the reference engine's numbers, with collisions in the counting table, texts
that need NFKC, long texts, boilerplate left out and threads."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.strategies import awkward

from simcompare import _core
from simcompare._core import _fast, _sets, frequent_shingles, shingle_overlaps, shingle_sets

WORDS = st.sampled_from(["rates", "rose", "the", "bank", "Straße", "ＡＢＣ", "e\u0301", "10.7", "it's", "北京"])
TEXTS = st.lists(st.one_of(st.lists(WORDS, max_size=30).map(" ".join), awkward), min_size=1, max_size=12)


def _compiled(kernel, call):
    before = _core.engine_counts()[kernel]["compiled"]
    found = call()
    assert _core.engine_counts()[kernel]["compiled"] == before + 1
    return found


@given(TEXTS, st.integers(1, 5), st.integers(1, 4), st.sampled_from([1, 2]))
def test_frequent_shingles_match_the_reference(texts, k, min_docs, workers):
    fast = _compiled("frequent_shingles",
                     lambda: frequent_shingles(texts, k, min_docs, workers=workers, engine="fast"))
    reference = frequent_shingles(texts, k, min_docs, engine="reference")
    assert fast.dtype == reference.dtype == np.uint64
    assert fast.tolist() == reference.tolist()


def test_frequent_shingles_count_texts_not_repeats_when_every_slot_collides(monkeypatch):
    """A table of 4 slots: every slot over the bar, so the exact count alone decides; a shingle repeated
    within one text counts once."""
    monkeypatch.setattr(_sets, "MIN_SLOTS", 4)
    monkeypatch.setattr(_sets, "MAX_SLOTS", 4)
    footer = "read about our approach to external linking"
    texts = [f"story {k} " + footer + (" " + footer) * (k % 3) for k in range(30)] + [footer * 5] * 2
    for min_docs in (2, 30, 31, 33):
        fast = frequent_shingles(texts, 5, min_docs, engine="fast")
        reference = frequent_shingles(texts, 5, min_docs, engine="reference")
        assert fast.tolist() == reference.tolist()
    assert len(frequent_shingles(texts, 5, 30, engine="fast")) == 3  # the footer's three 5-grams
    assert len(frequent_shingles(texts, 5, 33, engine="fast")) == 0  # in 32 texts, more often than 33 times


@given(TEXTS, st.integers(1, 5), st.data())
def test_shingle_overlaps_match_the_reference(texts, k, data):
    n = len(texts)
    a = np.array(data.draw(st.lists(st.integers(0, n - 1), max_size=20)), dtype=np.int64)
    b = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=len(a), max_size=len(a))), dtype=np.int64)
    all_sets, offsets = shingle_sets(texts, k, engine="reference")
    ignore = all_sets[:: data.draw(st.integers(2, 5))]
    workers = data.draw(st.sampled_from([1, 2]))
    fast = _compiled("shingle_overlaps",
                     lambda: shingle_overlaps(texts, k, a, b, ignore=ignore, workers=workers, engine="fast"))
    reference = shingle_overlaps(texts, k, a, b, ignore=ignore, engine="reference")
    assert all(f.dtype == np.int64 for f in fast)
    assert [f.tolist() for f in fast] == [r.tolist() for r in reference]


def test_overlaps_of_long_and_nfkc_texts_and_many_chunks(monkeypatch):
    monkeypatch.setattr(_fast, "LONG_TEXT", 64)
    monkeypatch.setattr(_sets, "LONG_TEXT", 64)
    monkeypatch.setattr(_sets, "PAIR_CHUNK", 3)
    base = " ".join(f"word{k % 23}" for k in range(60))
    texts = [base, base.replace("word3", "ＡＢＣ"), base[:50], "e\u0301 " + base, "", base + " end"]
    a = np.array([0, 0, 1, 2, 3, 4, 5, 5], dtype=np.int64)
    b = np.array([1, 2, 3, 5, 0, 0, 0, 5], dtype=np.int64)
    fast = shingle_overlaps(texts, 3, a, b, workers=2, engine="fast")
    reference = shingle_overlaps(texts, 3, a, b, engine="reference")
    assert [f.tolist() for f in fast] == [r.tolist() for r in reference]
    assert fast[0][7] == fast[1][7] == fast[2][7] > 0  # a text with itself: all shared


@pytest.mark.parametrize("workers", [1, 2])
def test_overlaps_are_the_sizes_of_the_sorted_sets(workers):
    texts = [" ".join(f"w{(k * 7 + d) % 50}" for k in range(200)) for d in range(6)]
    hashes, offsets = shingle_sets(texts, 4, engine="fast")
    sets = [hashes[offsets[d]:offsets[d + 1]] for d in range(len(texts))]
    a, b = np.array([0, 1, 2, 3, 4]), np.array([5, 4, 3, 2, 1])
    shared, size_a, size_b = shingle_overlaps(texts, 4, a, b, workers=workers, engine="fast")
    assert shared.tolist() == [len(np.intersect1d(sets[x], sets[y])) for x, y in zip(a, b)]
    assert size_a.tolist() == [len(sets[x]) for x in a] and size_b.tolist() == [len(sets[y]) for y in b]
