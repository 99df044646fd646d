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


@pytest.mark.parametrize("block", [300, 5000, 1 << 20])
def test_files_read_as_literals_give_the_run_of_their_documents(corpus, tmp_path, monkeypatch, block):
    """JSON lines signed from their literals (blocks of several sizes, batches of a few documents, some
    records with other fields or escapes between them) give what the same documents in memory give."""
    import json

    from simcompare.io.readers import DocumentFiles, _jsonl

    monkeypatch.setattr(_jsonl, "BLOCK", block)
    monkeypatch.setattr(_jsonl, "KEPT_BUFFER", 4 * block)
    monkeypatch.setattr(local, "BATCH", 40)
    records = []
    for k, doc in enumerate(corpus.docs):
        record = {"id": doc["id"], "text": doc["text"].replace(" the ", " th\u00e9 \u201cthe\u201d\n")}
        if k % 50 == 7:
            record["date"] = None if k % 100 == 7 else f"2020-0{k % 9 + 1}-01"
        if k == 250:
            record["outlet"] = "Wire"  # a record with other fields: Documents from its block on
        records.append(record)
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=k % 2 == 0) + "\n" for k, r in enumerate(records)))
    kinds = [type(b.texts).__name__ for b in DocumentFiles([path]).batches(40)]
    assert kinds[-1] == "list" and (kinds[0] == "JsonTexts") == (block < path.stat().st_size)
    expected = dedup(records, threshold=0.6, boilerplate=0.5)
    got = dedup(DocumentFiles([path]), threshold=0.6, boilerplate=0.5)
    assert got.pairs == expected.pairs and len(got.pairs) > 20
    assert (got.clusters, got.keep, got.meta) == (expected.clusters, expected.keep, expected.meta)
    reuse = dedup(DocumentFiles([path]), mode="reuse", boilerplate=0.5)
    assert reuse.pairs == dedup(records, mode="reuse", boilerplate=0.5).pairs and reuse.pairs
