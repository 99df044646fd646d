"""The dedup benchmark is code too: its quick run must work, and its helpers must be right."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import bench_dedup as bd
from simcompare.dedup import dedup
from tests.support.synth import iter_texts

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_quick_run_writes_every_section(tmp_path):
    out = tmp_path / "quick.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_dedup.py"), "--quick", "--json", str(out),
         "--scratch", str(tmp_path / "scratch")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    for heading in ("=== 1. scale", "=== 3. peers", "=== 4. quality", "=== 7. recall", "=== targets"):
        assert heading in proc.stdout
    r = json.loads(out.read_text())
    assert r["benchmark"] == "dedup" and r["parameters"]["quick"] is True
    assert {"cpu", "logical_cores", "ram_bytes", "python", "numpy", "numba", "simcompare", "datasketch",
            "rensa"} <= set(r["platform"])

    scale = r["scale"]
    assert scale["documents"] == bd.QUICK_DOCS
    assert scale["seconds"] > 0 and scale["peak_rss_bytes"] > 0
    assert {"sign", "verify"} <= set(scale["stages"])
    assert scale["planted"]["planted"] > 0
    # Unedited copies are exact duplicates: every one must be found.
    assert scale["planted"]["by_edit_rate"]["0.0"]["share_found"] == 1.0

    old, new = r["recall"]["runs"]
    assert (old["banding"], new["banding"]) == ("old", "default") and new["chance_at_threshold"] >= 0.99
    recall = [run["by_exact_jaccard"]["all >= threshold"]["recall"] for run in (old, new)]
    assert recall[1] >= recall[0]

    quality = r["quality"]
    assert quality["eligible_pairs"] > 0 and 0 <= quality["recall"] <= 1 and 0 <= quality["precision"] <= 1
    assert set(quality["by_edit_rate"]) == {str(x) for x in bd.QUALITY_EDIT_RATES}

    peers = r["peers"]
    subset = peers["subsets"][0]
    assert subset["n_docs"] == bd.PEER_SIZES_QUICK[0]
    assert set(subset["contenders"]) == {"simcompare", "datasketch", "rensa"}
    for name in ("datasketch", "rensa"):
        assert peers["at_full_size"]["contenders"][name]["how"].startswith("extrapolated from 2,000 docs")

    shared = ROOT.parent / "shared" / "data"
    for section in ("reuters", "bbc"):
        if not shared.is_dir():
            assert "not found" in r[section]["skipped"]
            continue
        # Exact duplicates are Jaccard 1.0: every group of the corpus must come out as one cluster.
        assert r[section]["exact_groups"] > 0
        assert r[section]["exact_groups_found"] == r[section]["exact_groups"], r[section]["exact_groups_missed"]
    assert {"scale_seconds", "scale_peak_rss_gb", "quality_recall", "quality_precision"} <= set(r["targets"])


@pytest.fixture(scope="module")
def tiny_corpus():
    """Distinct articles, some repeated verbatim (and one three times)."""
    texts = list(iter_texts(30, seed=3, words_per_doc=120))
    texts += [texts[2], texts[5], texts[11], texts[5]]
    return texts


@pytest.mark.parametrize("peer", ["datasketch", "rensa"])
def test_peer_pairs_equal_simcompare_pairs_for_identical_texts(tiny_corpus, peer):
    bands, rows = bd.banding()
    got = bd.peer_dedup(peer, lambda: tiny_corpus, bands=bands, rows=rows, batch=7)
    ours = bd.simcompare_subset(tiny_corpus)
    expected = {(2, 30), (5, 31), (5, 33), (31, 33), (11, 32)}
    assert {(i, j) for i, j, _ in got.pairs} == {(i, j) for i, j, _ in ours.pairs} == expected
    assert all(jac == 1.0 for _, _, jac in got.pairs)
    assert got.n_docs == len(tiny_corpus) and got.candidate_pairs >= len(expected)


def test_peer_skips_texts_without_words():
    bands, rows = bd.banding()
    texts = ["", "  ", "one two three four five six", "one two three four five six", ""]
    got = bd.peer_dedup("rensa", lambda: texts, bands=bands, rows=rows)
    assert [(i, j) for i, j, _ in got.pairs] == [(2, 3)]


def test_verify_stream_matches_all_pairs_in_memory():
    texts = list(iter_texts(40, seed=4, words_per_doc=60))
    texts[7] = texts[3] + " and then some more words here"
    texts[39] = texts[0]
    ci = [0, 0, 3, 3, 7, 10, 20]
    cj = [39, 5, 7, 39, 39, 11, 39]
    sets = [set(bd.peer_shingles(t)) for t in texts]
    naive = []
    for i, j in zip(ci, cj):
        jac = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
        if jac >= 0.5:
            naive.append((i, j, jac))
    assert bd.verify_stream(iter(texts), ci, cj, bd.peer_shingles, 0.5) == sorted(naive)
    assert [p[:2] for p in sorted(naive)] == [(0, 39), (3, 7)]
    assert bd.verify_stream(iter(texts), [], [], bd.peer_shingles, 0.5) == []


def test_peer_shingles():
    assert bd.peer_shingles("A b c d e F") == [b"a b c d e", b"b c d e f"]
    assert bd.peer_shingles("two words") == [b"two words"]
    assert bd.peer_shingles("a\u00a0b c d e") == [b"a b c d e"]  # NBSP splits, as str.split() does
    assert bd.peer_shingles("") == []


def test_scale_corpus_plants_copies_and_is_cached(tmp_path):
    corpus = bd.scale_corpus(400, tmp_path, edit_rates=(0.0, 0.02), window=50)
    assert corpus.generated_seconds is not None
    lines = [json.loads(line) for line in corpus.path.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in lines] == [bd.doc_id(i) for i in range(400)]
    texts = {d["id"]: d["text"] for d in lines}
    dups = corpus.duplicates()
    assert 30 <= len(dups) <= 40  # 10%, give or take copies with no source in reach
    assert len({a for a, _, _ in dups}) == len(dups)  # each original copied at most once
    copies = {b for _, b, _ in dups}
    for a, b, rate in dups:
        assert a < b and int(b[1:]) - int(a[1:]) <= 50 and a not in copies
        assert (texts[a] == texts[b]) == (rate == 0.0)
    mtime = corpus.path.stat().st_mtime_ns
    again = bd.scale_corpus(400, tmp_path, edit_rates=(0.0, 0.02), window=50)
    assert again.generated_seconds is None and again.path == corpus.path
    assert again.path.stat().st_mtime_ns == mtime
    other = bd.scale_corpus(400, tmp_path, edit_rates=(0.0,), window=50)
    assert other.path != corpus.path
    assert list(bd.jsonl_texts(corpus.path, 3)) == [texts[bd.doc_id(i)] for i in range(3)]


def test_recall_by_bin_counts_pairs_at_and_above_the_threshold():
    jaccards = {("a", "b"): 0.49, ("a", "c"): 0.51, ("b", "c"): 0.53, ("c", "d"): 0.9, ("d", "e"): 1.0}
    bins = bd.recall_by_bin(jaccards, {("a", "c"), ("c", "d"), ("a", "b")}, 0.5)
    assert [(k, v["planted"], v["found"]) for k, v in bins.items()] == [
        ("0.50-0.52", 1, 1), ("0.52-0.55", 1, 0), ("0.55-0.60", 0, 0), ("0.60-1.00", 2, 1),
        ("all >= threshold", 4, 2)]


def test_planted_found_counts_by_rate_and_subset():
    dups = [("d0000001", "d0000005", 0.0), ("d0000002", "d0000009", 0.01), ("d0000010", "d0000020", 0.0)]
    found = {("d0000001", "d0000005"), ("d0000010", "d0000020")}
    all_ = bd.planted_found(dups, found)
    assert (all_["planted"], all_["found"]) == (3, 2)
    assert all_["by_edit_rate"]["0.0"] == {"planted": 2, "found": 2, "share_found": 1.0}
    assert all_["by_edit_rate"]["0.01"]["found"] == 0
    assert bd.planted_found(dups, found, within=10)["planted"] == 2


def test_reuters_parser_keeps_newid_and_unescapes(tmp_path):
    sgml = (
        '<REUTERS TOPICS="YES" NEWID="17"><TEXT><TITLE>T</TITLE><BODY>Profit &lt;up&gt; 5 pct &amp; more\n'
        " Reuter\n&#3;</BODY></TEXT></REUTERS>\n"
        '<REUTERS NEWID="18"><TEXT TYPE="BRIEF"><TITLE>no body</TITLE></TEXT></REUTERS>\n'
        '<REUTERS NEWID="19"><TEXT><BODY>   </BODY></TEXT></REUTERS>\n'
        '<REUTERS NEWID="20"><TEXT><BODY>Second</BODY></TEXT></REUTERS>\n'
    )
    (tmp_path / "reut2-000.sgm").write_text(sgml, encoding="latin-1")
    docs = bd.reuters_documents(tmp_path)
    assert [n for n, _ in docs] == [17, 20]
    assert docs[0][1].startswith("Profit <up> 5 pct & more")


def test_groups_and_canonical_pairs():
    groups = [["a", "a2"], ["c", "c2", "c3"]]
    assert bd.groups_found(groups, {"a": 0, "a2": 0, "c": 1, "c2": 1}) == (1, [["c", "c2", "c3"]])
    # A near-duplicate reported for every copy of a group counts once; a pair within a group not at all.
    pairs = [("a", "b"), ("a2", "b"), ("a", "a2"), ("c3", "d")]
    assert bd.canonical_pairs(pairs, groups) == {("a", "b"), ("c", "d")}
    cmp = bd.silver_comparison({("a", "b"), ("c", "d")}, {("a", "b"), ("e", "f")})
    assert (cmp["agreed"], cmp["precision"], cmp["recall"]) == (1, 0.5, 0.5)
    assert cmp["only_ours"] == [("c", "d")] and cmp["only_silver"] == [("e", "f")]


def test_simcompare_subset_ids_are_positions(tiny_corpus):
    result = bd.simcompare_subset(tiny_corpus)
    direct = dedup(tiny_corpus)
    assert len(result.pairs) == len(direct.pairs)
    assert all(i < j for i, j, _ in result.pairs)
