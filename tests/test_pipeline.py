import dataclasses
import json
import random

import pytest
from support.synth import generate

from simcompare import InputError, ParameterError, compare
from simcompare.dedup import OUTPUT_FILES, DedupOptions, dedup
from simcompare.io.readers import Document, read_documents

BOILER = "The BBC is not responsible for the content of external sites. Read about our approach to external linking."


def edited(text: str, rate: float, rng: random.Random) -> str:
    words = text.split()
    for _ in range(int(rate * len(words))):
        words[rng.randrange(len(words))] = f"zz{rng.randrange(10**6)}"
    return " ".join(words)


@pytest.fixture(scope="module")
def corpus():
    return generate(600, seed=11, dup_fraction=0.15, passage_fraction=0.0)


def test_planted_duplicates_are_found(corpus):
    result = dedup(corpus.docs, threshold=0.8)
    found = {frozenset((p.a, p.b)) for p in result.pairs}
    # Copies at least 0.1 above the threshold must all be found (LSH may miss
    # some just above it).
    texts = {d["id"]: d["text"] for d in corpus.docs}
    easy = [d for d in corpus.duplicates if compare(texts[d["a"]], texts[d["b"]]).similarity.jaccard >= 0.9]
    assert len(easy) > 10 and all(frozenset((d["a"], d["b"])) in found for d in easy)
    assert all(p.jaccard >= 0.8 and 0 < p.containment_a_in_b <= 1 for p in result.pairs)
    ids = {d["id"] for d in corpus.docs}
    clustered = {m for c in result.clusters for m in c.members}
    assert set(result.keep) | clustered == ids
    assert len(result.keep) == len(ids) - sum(c.size - 1 for c in result.clusters)


def test_fast_mode_uses_estimates(corpus):
    exact = dedup(corpus.docs[:200], threshold=0.8)
    fast = dedup(corpus.docs[:200], threshold=0.8, fast=True)
    assert {(p.a, p.b) for p in fast.pairs} >= {(p.a, p.b) for p in exact.pairs if p.jaccard > 0.9}
    assert all(p.containment_a_in_b is None for p in fast.pairs)


def test_representative_is_earliest_by_date_else_longest():
    story = "The central bank raised interest rates by half a point on Thursday citing stubborn inflation in services"
    docs = [
        {"id": "late", "text": story + " today.", "date": "2020-07-04"},
        {"id": "early", "text": story + ".", "date": "2020-07-03T09:00:00"},
    ]
    assert dedup(docs, threshold=0.7, boilerplate=None).clusters[0].representative == "early"
    undated = [{"id": "short", "text": story}, {"id": "long", "text": story + " and energy"}]
    assert dedup(undated, threshold=0.7, boilerplate=None).clusters[0].representative == "long"


def test_representative_dates_with_offsets_compare_in_utc():
    story = "The central bank raised interest rates by half a point on Thursday citing stubborn inflation in services"
    docs = [
        {"id": "london", "text": story + " today.", "date": "2020-07-03T13:30:00Z"},
        {"id": "paris", "text": story + ".", "date": "2020-07-03T14:02:00+01:00"},  # 13:02 UTC: earlier
    ]
    assert dedup(docs, threshold=0.7, boilerplate=None).clusters[0].representative == "paris"


def test_representative_reads_news_dates():
    story = "The central bank raised interest rates by half a point on Thursday citing stubborn inflation in services"
    docs = [
        {"id": "late", "text": story + " today.", "date": "4 July 2020"},
        {"id": "early", "text": story + ".", "date": "3 July 2020"},
        {"id": "middle", "text": story + " again.", "date": "July 3, 2020 10:15 pm"},
    ]
    assert dedup(docs, threshold=0.6, boilerplate=None).clusters[0].representative == "early"
    # Forms mixed, compared in UTC: 23:30 at UTC-3 is 02:30 on the 4th, after 4 July 2020 01:00 BST (00:00 UTC).
    docs = [
        {"id": "rio", "text": story + " today.", "date": "2020-07-03T23:30:00-03:00"},
        {"id": "london", "text": story + ".", "date": "4 July 2020, 01:00 BST"},
    ]
    assert dedup(docs, threshold=0.7, boilerplate=None).clusters[0].representative == "london"
    # A date that cannot be read is no date: the longest member is kept.
    docs = [{"id": "short", "text": story, "date": "3 July 2020"},
            {"id": "long", "text": story + " and energy", "date": "last Friday"}]
    assert dedup(docs, threshold=0.7, boilerplate=None).clusters[0].representative == "long"


@pytest.mark.parametrize("threshold", [round(0.3 + 0.05 * k, 2) for k in range(14)])
def test_default_banding_finds_pairs_at_the_threshold_with_probability_099(threshold):
    # The S-curve at J = threshold is the lowest chance of any pair at or above it; the old choice
    # (false positives weighted 1:9) gave 0.87 at 0.8 and 0.87 at 0.5.
    options = DedupOptions(threshold=threshold)
    bands, rows = options.bands, options.rows
    assert bands * rows <= options.num_perm
    assert 1 - (1 - threshold**rows) ** bands >= 0.99
    # and no cheaper in bands: one band fewer misses the target
    assert 1 - (1 - threshold**rows) ** (bands - 1) < 0.99


def test_options_are_checked_once_and_shared():
    options = DedupOptions(threshold=0.8)
    assert (options.bands, options.rows) == (16, 6)
    assert dedup(["a b c d e f"], threshold=0.8).summary["parameters"]["bands"] == options.bands
    with pytest.raises(ParameterError, match="boilerplate must be in \\(0, 1\\), or none to keep every shingle; "
                                             "got 1.5"):
        DedupOptions(boilerplate=1.5)
    with pytest.raises(ParameterError, match="threshold must be in \\(0, 1\\], got 'high'"):
        DedupOptions(threshold="high")
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.threshold = 0.5


def test_boilerplate_does_not_make_articles_duplicates():
    rng = random.Random(2)
    vocab = [f"w{i}" for i in range(3000)]
    docs = [" ".join(rng.choice(vocab) for _ in range(10)) + " " + BOILER for _ in range(300)]
    with_filter = dedup(docs, threshold=0.3)
    assert with_filter.pairs == [] and with_filter.summary["boilerplate"]["shingles_ignored"] > 5
    without = dedup(docs, threshold=0.3, boilerplate=None)
    assert len(without.pairs) > 1000


def test_empty_documents_are_counted_not_paired():
    docs = ["", "  ", "some real words in this document that are long enough", "— … —"]
    result = dedup(docs, boilerplate=None)
    assert result.summary["empty_documents"] == 3 and result.pairs == [] and result.keep == ["2"]


def test_inputs_of_every_kind_agree(corpus):
    texts = [d["text"] for d in corpus.docs[:150]]
    as_strings = dedup(texts)
    as_dicts = dedup([{"id": str(i), "text": t} for i, t in enumerate(texts)])
    as_documents = dedup(Document(str(i), t, {}) for i, t in enumerate(texts))  # a one-shot generator
    pairs = lambda r: [(p.a, p.b, round(p.jaccard, 9)) for p in r.pairs]
    assert pairs(as_strings) == pairs(as_dicts) == pairs(as_documents)
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts})
    assert pairs(dedup(frame)) == pairs(as_strings)


def test_bad_input():
    with pytest.raises(InputError, match="document 1: expected a string field 'text'; got no such field"):
        dedup([{"text": "a b c"}, {"body": "x"}])
    with pytest.raises(InputError, match="duplicate id 'x'"):
        dedup([{"id": "x", "text": "a b c"}, {"id": "x", "text": "d e f"}])
    with pytest.raises(ParameterError, match="threshold must be in"):
        dedup(["a"], threshold=1.5)
    with pytest.raises(ParameterError, match="bands \\* rows must be <= num_perm"):
        dedup(["a"], bands=20, rows=20)
    with pytest.raises(ParameterError, match="give both bands and rows"):
        dedup(["a"], bands=20)


def test_write_is_atomic_and_refuses_to_overwrite(tmp_path, corpus):
    result = dedup(corpus.docs[:100])
    result.write(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUT_FILES)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["documents"] == 100
    assert set(summary["stages"]) == {"read", "boilerplate", "sign", "band", "candidates", "verify", "cluster"}
    with pytest.raises(InputError, match="already holds results"):
        result.write(tmp_path)
    result.write(tmp_path, overwrite=True)
    base = {"a", "b", "jaccard", "containment_a_in_b", "containment_b_in_a"}
    for line in (tmp_path / "pairs.jsonl").read_text().splitlines():
        record = json.loads(line)
        # The synthetic documents have an outlet and a date: they come along.
        assert set(record) == base | {"a_meta", "b_meta"} and set(record["a_meta"]) == {"outlet", "date"}


def test_reuse_mode_finds_planted_passages():
    corpus = generate(800, seed=5, dup_fraction=0.0, passage_fraction=0.2)
    result = dedup(corpus.docs, mode="reuse", min_words=20)
    texts = {d["id"]: d["text"] for d in corpus.docs}
    found = {frozenset((p.a, p.b)): p for p in result.pairs}
    planted = [p for p in corpus.passages if p["words"] >= 50]
    assert planted
    for case in planted:
        pair = found[frozenset((case["a"], case["b"]))]
        a_side = "a" if pair.a == case["a"] else "b"
        spans = [(p[f"{a_side}_start"], p[f"{a_side}_end"]) for p in pair.passages]
        # The passage found overlaps the planted one in the source text.
        assert any(s < case["a_end"] and case["a_start"] < e for s, e in spans)
        for p in pair.passages:
            assert texts[pair.a][p["a_start"] : p["a_end"]] == p["a_text"]
    assert sorted(result.keep) == sorted(texts)  # reuse is not duplication: nothing dropped


def test_reuse_mode_options():
    with pytest.raises(ParameterError, match="mode must be 'near' or 'reuse'"):
        dedup(["a"], mode="fuzzy")
    with pytest.raises(ParameterError, match="min_words must be an int >= 5"):
        dedup(["a"], mode="reuse", min_words=2)


@pytest.mark.parametrize("mode", ["near", "reuse"])
def test_files_are_read_once_and_the_candidates_fetched_by_place(tmp_path, mode):
    from simcompare.io.readers import DocumentFiles

    story = ("The central bank raised interest rates by half a point on Thursday, citing inflation that has "
             "stayed above its target for a third year as energy and food prices kept rising across the region")
    docs = [{"id": f"d{k}", "text": f"Story {k}: " + " ".join(random.Random(k).sample(story.split(), 20))}
            for k in range(30)]
    docs += [{"id": "copy", "text": story + " Markets fell.", "outlet": "Wire"}, {"id": "orig", "text": story}]
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    kwargs = dict(threshold=0.5, boilerplate=None, mode=mode, min_words=10)
    from_files = dedup(DocumentFiles([path]), **kwargs)
    in_memory = dedup(docs, **kwargs)
    assert from_files.pairs == in_memory.pairs
    assert from_files.keep == in_memory.keep and from_files.meta == in_memory.meta
    assert {(p.a, p.b) for p in from_files.pairs} >= {("copy", "orig")}
    # the first reading, then only the documents of candidate pairs
    candidates = {x for p in from_files.pairs for x in (p.a, p.b)}
    assert len(docs) < from_files.summary["stages"]["read"]["items"] < 2 * len(docs)
    assert from_files.summary["stages"]["read"]["items"] >= len(docs) + len(candidates)


@pytest.mark.parametrize("fast", [False, True])
def test_no_documents_is_an_empty_result(tmp_path, fast):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    for docs in ([], lambda: read_documents([str(empty)])):
        result = dedup(docs, fast=fast)
        assert (result.summary["documents"], result.pairs, list(result.keep)) == (0, [], [])
