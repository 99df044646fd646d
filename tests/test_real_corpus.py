"""Real news (../shared/data, BBC News 2004-05): the invariants and judgments the synthetic tests prove, on
text nobody wrote for simcompare. Skipped when the corpus is absent, except on CI, which has it."""

from __future__ import annotations

import json
import random
from itertools import combinations

import numpy as np
import pytest

import simcompare
from simcompare.io import read_documents

pytestmark = pytest.mark.real_corpus


@pytest.fixture(scope="module")
def bbc(shared_data):
    root = shared_data / "bbc_news" / "bbc"
    docs = {d.id: d.text for d in read_documents([str(root)], encoding="auto")}
    truth = json.loads((shared_data / "bbc_news" / "derived_duplicates.json").read_text(encoding="utf-8"))
    return docs, truth


def test_every_exact_duplicate_group_is_one_cluster(bbc):
    docs, truth = bbc
    result = simcompare.dedup([{"id": k, "text": v} for k, v in docs.items()], threshold=0.8)
    cluster_of = {m: c.cluster for c in result.clusters for m in c.members}
    for group in truth["exact_duplicate_groups"]:
        labels = {cluster_of.get(member) for member in group}
        assert len(labels) == 1 and None not in labels, group


def test_signature_estimates_are_close_to_exact_jaccard_on_real_pairs(bbc):
    docs, truth = bbc
    pairs = [(p["a"], p["b"]) for p in truth["near_duplicate_candidates_5gram"]]
    rng = random.Random(7)
    ids = sorted(docs)
    pairs += [tuple(rng.sample(ids, 2)) for _ in range(100)]  # unrelated articles: Jaccard near 0
    texts = [docs[a] for a, _ in pairs] + [docs[b] for _, b in pairs]
    sigs = simcompare.sign(texts, num_perm=256)
    errors = []
    for k, (a, b) in enumerate(pairs):
        sa, sb = (set(simcompare.shingle(docs[x]).tolist()) for x in (a, b))
        exact = len(sa & sb) / len(sa | sb)
        errors.append(sigs.jaccard(k, k + len(pairs)) - exact)
    errors = np.abs(errors)
    assert errors.mean() < 0.03 and errors.max() < 0.15  # 256 slots: standard error at most 1/32


def test_passages_slice_the_original_real_texts(bbc):
    docs, truth = bbc
    for group in truth["exact_duplicate_groups"][:20]:
        for a, b in combinations(group, 2):
            for p in simcompare.align(docs[a], docs[b]):
                assert docs[a][p.a_start:p.a_end] == p.a_text
                assert docs[b][p.b_start:p.b_end] == p.b_text


def test_tokens_slice_the_original_real_texts(bbc):
    docs, _ = bbc
    for text in list(docs.values())[::50]:
        for token in simcompare.tokenize(text):
            # A token's span, read alone, is that token again: the offsets point at the original word.
            assert [t.text for t in simcompare.tokenize(text[token.start:token.end])] == [token.text]
