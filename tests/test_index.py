"""The newsroom index: one suite run against every store (memory and SQLite)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.synth import iter_texts

from simcompare import Document
from simcompare.errors import EmptyTextError, InputError, ParameterError, TextTypeError
from simcompare.index.index import ANCHOR_MAX_DOCS, MAX_QUERY_CHARS, Index
from simcompare.index.postings import CHUNK
from simcompare.index.store import SCHEMA_VERSION

TEXTS = list(iter_texts(60, seed=11, words_per_doc=300))
WIRE = TEXTS[0]


def docs(n=20, **meta):
    return [{"id": f"doc-{k}", "text": TEXTS[k], "outlet": f"outlet-{k % 3}", **meta} for k in range(n)]


def test_finds_a_near_duplicate_and_its_metadata(make_index):
    index = make_index()
    report = index.add(docs())
    assert (report.added, report.replaced, report.skipped, report.empty) == (20, 0, 0, [])
    edited = TEXTS[5].replace(" the ", " a ", 3)
    matches = index.query(edited)
    assert matches[0].id == "doc-5" and matches[0].kind == "duplicate"
    assert matches[0].meta == {"outlet": "outlet-2"}
    assert matches[0].jaccard >= 0.8 and abs(matches[0].minhash - matches[0].jaccard) < 0.15
    assert all(m.id != "doc-6" for m in matches)


def test_identical_text_scores_one_and_aligns_whole(make_index):
    index = make_index()
    index.add(docs(5))
    [match] = index.query(TEXTS[2])
    assert (match.jaccard, match.minhash, match.containment_a_in_b, match.containment_b_in_a) == (1.0, 1.0, 1.0, 1.0)
    assert match.passages and match.passages[0].a_text == match.passages[0].b_text


def test_finds_a_wire_story_inside_a_longer_article(make_index):
    index = make_index()
    index.add(docs(30))
    wire = " ".join(WIRE.split()[:120])
    article = TEXTS[40] + "\n\n" + wire + "\n\n" + TEXTS[41]
    matches = index.query(article)
    reuse = [m for m in matches if m.id == "doc-0"]
    assert reuse and reuse[0].kind == "reuse"
    assert reuse[0].containment_b_in_a < 0.8 and reuse[0].shared_anchors >= 2
    [passage] = reuse[0].passages
    assert article[passage.a_start : passage.a_end] == passage.a_text
    assert passage.words >= 110
    # And the other way round: the longer article archived, the wire story as the query.
    index.add([{"id": "long", "text": article}])
    assert "long" in [m.id for m in index.query(wire) if m.kind == "reuse"]


def test_unrelated_text_has_no_match(make_index):
    index = make_index()
    index.add(docs(20))
    assert index.query(TEXTS[50]) == []


def test_without_alignment_and_limit(make_index):
    index = make_index()
    index.add(docs(10))
    index.add([{"id": f"copy-{k}", "text": TEXTS[3]} for k in range(4)])
    matches = index.query(TEXTS[3], align=False, limit=3)
    assert len(matches) == 3 and all(m.passages == [] for m in matches)
    assert [m.id for m in matches] == ["copy-0", "copy-1", "copy-2"]  # ties by id
    assert len(index.query(TEXTS[3], limit=None)) == 5


def test_without_stored_texts_reports_estimates(make_index):
    index = make_index(store_text=False)
    index.add(docs(10))
    [match] = index.query(TEXTS[4])
    assert match.minhash == 1.0 and match.jaccard is None and match.passages == []
    assert index.get("doc-4").text == ""


def test_incremental_adds_are_found_across_batches(make_index):
    index = make_index()
    for k in range(0, 40, 4):  # ten small batches: segments merge as they accumulate
        index.add(docs(40)[k : k + 4], batch_size=2)
    stats = index.stats()
    assert stats.documents == 40
    assert stats.segments["band"] < 20  # merged, not one per batch
    for k in (0, 17, 39):
        assert index.query(TEXTS[k], limit=1)[0].id == f"doc-{k}"


def test_if_exists_replace_skip_error(make_index):
    index = make_index()
    index.add(docs(3))
    report = index.add([{"id": "doc-1", "text": TEXTS[30], "outlet": "new"}])
    assert (report.added, report.replaced) == (0, 1)
    assert len(index) == 3 and index.get("doc-1").text == TEXTS[30]
    assert [m.id for m in index.query(TEXTS[1])] == []  # the old version is gone
    assert index.query(TEXTS[30])[0].id == "doc-1"
    report = index.add([{"id": "doc-2", "text": TEXTS[31]}, {"id": "x", "text": TEXTS[32]}], if_exists="skip")
    assert (report.added, report.skipped) == (1, 1) and index.get("doc-2").text == TEXTS[2]
    with pytest.raises(InputError, match="'doc-0' is already in the index"):
        index.add([{"id": "y", "text": TEXTS[33]}, {"id": "doc-0", "text": TEXTS[34]}], if_exists="error")
    assert "y" not in index  # the batch is all or nothing
    with pytest.raises(ParameterError, match="if_exists must be one of"):
        index.add(docs(1), if_exists="overwrite")


def test_repeated_id_within_one_batch(make_index):
    index = make_index()
    twice = [{"id": "a", "text": TEXTS[1]}, {"id": "a", "text": TEXTS[2]}]
    assert index.add(twice).skipped == 1 and index.get("a").text == TEXTS[2]  # the last wins
    with pytest.raises(InputError, match="appears twice"):
        make_index().add(twice, if_exists="error")


def test_remove(make_index):
    index = make_index()
    index.add(docs(6))
    report = index.remove(["doc-1", "doc-4", "nope"])
    assert report.removed == ["doc-1", "doc-4"] and report.missing == ["nope"]
    assert len(index) == 4 and "doc-1" not in index
    assert index.query(TEXTS[1]) == [] and index.query(TEXTS[2])[0].id == "doc-2"
    before = index.stats().postings["band"]
    index.compact()  # drops the removed documents' postings
    stats = index.stats()
    assert stats.postings["band"] == before - 2 * index.bands and stats.segments == {"band": 1, "anchor": 1}
    assert index.query(TEXTS[3])[0].id == "doc-3"


def test_empty_texts_are_reported_not_indexed(make_index):
    index = make_index()
    report = index.add([{"id": "e", "text": "  \n "}, {"id": "f", "text": TEXTS[1]}])
    assert report.empty == ["e"] and report.added == 1 and "e" not in index
    with pytest.raises(EmptyTextError):
        index.query("... --- ...")


def test_bad_queries(make_index):
    index = make_index()
    index.add(docs(2))
    with pytest.raises(TextTypeError, match="query must be str, got bytes"):
        index.query(b"bytes")
    with pytest.raises(ParameterError, match=f"expected at most {MAX_QUERY_CHARS:,}"):
        index.query("word " * (MAX_QUERY_CHARS // 5 + 1))
    with pytest.raises(ParameterError, match="limit must be"):
        index.query(TEXTS[0], limit=0)


def test_bad_documents(make_index):
    index = make_index()
    with pytest.raises(InputError, match="expected an id field 'id'"):
        index.add([{"text": "no id here"}])
    with pytest.raises(InputError, match="expected a string field 'text'"):
        index.add([{"id": "a", "body": "wrong field"}])
    with pytest.raises(InputError, match="got str"):
        index.add(["a bare string"])
    with pytest.raises(ParameterError, match="wrap it in a list"):
        index.add({"id": "a", "text": "one dict"})
    assert len(index) == 0


def test_documents_and_fields(make_index):
    index = make_index()
    index.add([Document("d1", TEXTS[1], {"date": "2020-07-03"})])
    index.add([{"key": "d2", "body": TEXTS[2]}], id_field="key", text_field="body")
    assert index.ids() == ["d1", "d2"] and index.get("d1").meta == {"date": "2020-07-03"}


def test_stop_phrases_are_not_evidence(make_index):
    """An anchor shared by more than ANCHOR_MAX_DOCS documents does not make a reuse match."""
    index = make_index()
    stock = " ".join(WIRE.split()[:60])
    index.add([{"id": f"s{k}", "text": TEXTS[k % 50] + " " + stock} for k in range(ANCHOR_MAX_DOCS + 5)])
    matches = index.query(TEXTS[55] + " " + stock, align=False)
    assert matches == []


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(range(12)), min_size=1, max_size=12), st.integers(0, 11))
def test_property_every_passage_slices_both_texts(picks, query):
    with Index() as index:
        index.add([{"id": str(k), "text": TEXTS[p]} for k, p in enumerate(picks)])
        text = TEXTS[query][: len(TEXTS[query]) // 2] + " intervening words " + TEXTS[(query + 1) % 12]
        for m in index.query(text, min_words=20, limit=None):
            stored = index.get(m.id).text
            for p in m.passages:
                assert text[p.a_start : p.a_end] == p.a_text and stored[p.b_start : p.b_end] == p.b_text


def test_parameters_are_fixed_at_creation(tmp_path):
    path = tmp_path / "news.db"
    with Index(path, num_perm=64, threshold=0.7) as index:
        index.add(docs(3))
        assert index.stats().parameters["num_perm"] == 64
    with Index(path) as index:  # reopened: the stored parameters
        assert index.params.num_perm == 64 and index.threshold == 0.7
    with pytest.raises(ParameterError, match="made with num_perm=64; got num_perm=128"):
        Index(path, num_perm=128)
    with pytest.raises(ParameterError, match="threshold must be in"):
        Index(tmp_path / "other.db", threshold=1.5)
    assert not (tmp_path / "other.db").exists()


def test_stats_report_size_per_document(tmp_path):
    with Index(tmp_path / "news.db") as index:
        index.add(docs(20))
        stats = index.stats()
    assert stats.documents == 20 and stats.bytes > 0 and stats.bytes_per_document == stats.bytes / 20
    assert stats.schema == SCHEMA_VERSION and stats.earlier_versions == 0
    assert stats.postings["band"] == 20 * stats.parameters["bands"]
    assert json.loads(json.dumps(stats.to_dict()))["documents"] == 20


def test_large_posting_lists_span_chunks(make_index):
    """A key carried by more documents than fit in one chunk is still found in full."""
    index = make_index()
    index.add([{"id": f"c{k}", "text": TEXTS[7]} for k in range(CHUNK + 10)], batch_size=100)
    assert len(index.query(TEXTS[7], limit=None, align=False)) == CHUNK + 10


def test_postings_lookup_matches_a_plain_dictionary():
    """postings.collect against the obvious implementation, on random keys with repeats."""
    from simcompare.index.postings import Segment, collect, cut

    rng = np.random.default_rng(5)
    keys = rng.integers(0, 50, size=5000).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    docs = rng.integers(0, 1000, size=5000).astype(np.uint32)
    order = np.argsort(keys, kind="stable")
    fences, chunks = cut(keys[order], docs[order])
    segment = Segment(1, "band", len(keys), fences)
    read = lambda wanted: {w: chunks[w[1]] for w in wanted}  # noqa: E731
    probe = np.concatenate([np.unique(keys), np.array([1, 2**64 - 1], dtype=np.uint64)])
    for segments in ([segment], [segment, Segment(2, "band", 0, np.empty(0, dtype=np.uint64))]):
        which, found = collect(segments, probe, read)
        for k, key in enumerate(probe.tolist()):
            assert sorted(found[which == k].tolist()) == sorted(docs[keys == np.uint64(key)].tolist())
