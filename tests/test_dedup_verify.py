"""The verify stage of the in-process runner: overlaps counted in chunks while the candidates' documents are
read, the same pairs and numbers as the shingle sets give, whatever the chunking and the order of arrival."""

import numpy as np
import pytest
from support.synth import generate

from simcompare import InputError
from simcompare._core import shingle_overlaps
from simcompare.dedup import dedup, local
from simcompare.dedup.stages import shingle_sets_of, similarity


@pytest.fixture(scope="module")
def corpus():
    return generate(300, seed=5, dup_fraction=0.2, passage_fraction=0.0)


def test_pairs_are_the_shingle_sets_verdicts_in_any_chunking(corpus, monkeypatch):
    whole = dedup(corpus.docs, threshold=0.6, boilerplate=None)
    monkeypatch.setattr(local, "PAIR_CHUNK", 2)
    chunked = dedup(corpus.docs, threshold=0.6, boilerplate=None, workers=2)
    assert whole.pairs == chunked.pairs and len(whole.pairs) > 20
    texts = {d["id"]: d["text"] for d in corpus.docs}
    for pair in whole.pairs[:30]:
        sa, sb = shingle_sets_of([texts[pair.a], texts[pair.b]], ignore=np.empty(0, np.uint64), shingle_size=5)
        assert (pair.jaccard, pair.containment_a_in_b, pair.containment_b_in_a) == similarity(sa, sb)


def _texts(n):
    return [" ".join(f"w{(k * 3 + d) % 40}" for k in range(40 + d)) for d in range(n)]


def test_documents_out_of_reading_order_are_counted_at_the_end(monkeypatch):
    monkeypatch.setattr(local, "PAIR_CHUNK", 2)
    texts = _texts(8)
    ci, cj = np.array([0, 1, 2, 0, 5, 3]), np.array([4, 7, 6, 1, 6, 7])
    found = iter((d, texts[d]) for d in [7, 0, 6, 1, 2, 3, 4, 5])  # not in reading order
    counted = []
    overlaps = local._streamed_overlaps(found, 8, ci, cj, np.empty(0, np.uint64), 3, 2, counted.append)
    expected = shingle_overlaps(texts, 3, ci, cj, engine="reference")
    assert [o.tolist() for o in overlaps] == [e.tolist() for e in expected] and sum(counted) == len(ci)


def test_a_candidate_missing_from_the_second_reading_is_an_error():
    texts = _texts(3)
    with pytest.raises(InputError, match="candidate pair"):
        local._streamed_overlaps(iter([(0, texts[0]), (2, texts[2])]), 3, np.array([0, 0]), np.array([1, 2]),
                                 np.empty(0, np.uint64), 3, 1, lambda n: None)
