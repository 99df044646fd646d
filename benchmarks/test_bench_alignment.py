"""Tests for the alignment benchmark: planted-pair generator, PAN measures, a quick run."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench_alignment import (
    check_passages,
    covered_share,
    detects,
    difflib_align,
    merge_blocks,
    pan_scores,
    plagdet,
)
from tests.support.pairs import make_pairs
from tests.support.synth import iter_texts

ROOT = Path(__file__).resolve().parents[1]

# --- the planted-pair generator -----------------------------------------------------


@pytest.fixture(scope="module")
def pairs():
    return make_pairs(40, seed=3, edit_rate=0.2)


def test_offsets_slice_exactly(pairs) -> None:
    for pair in pairs:
        for p in pair.passages:
            assert pair.a[p.a_start:p.a_end] == p.source
            assert pair.b[p.b_start:p.b_end] == p.copy


def test_passages_come_verbatim_from_other_articles(pairs) -> None:
    # Pair i uses texts 5i (host a), 5i+1 (host b), 5i+2.. (sources) of the stream.
    texts = list(iter_texts(len(pairs) * 5, seed=3, words_per_doc=600))
    for pair in pairs:
        hosts = texts[5 * pair.index : 5 * pair.index + 2]
        for k, p in enumerate(pair.passages):
            assert p.source in texts[5 * pair.index + 2 + k]
            assert p.source not in hosts[0] and p.source not in hosts[1]


def test_removing_the_passages_gives_back_the_hosts(pairs) -> None:
    texts = list(iter_texts(len(pairs) * 5, seed=3, words_per_doc=600))

    def strip(text: str, spans: list[tuple[int, int]]) -> str:
        # Each passage was inserted with one trailing space.
        for start, end in sorted(spans, reverse=True):
            assert text[end] == " "
            text = text[:start] + text[end + 1:]
        return text

    for pair in pairs:
        assert strip(pair.a, [(p.a_start, p.a_end) for p in pair.passages]) == texts[5 * pair.index]
        assert strip(pair.b, [(p.b_start, p.b_end) for p in pair.passages]) == texts[5 * pair.index + 1]


def test_passages_sit_at_sentence_boundaries(pairs) -> None:
    for pair in pairs:
        for p in pair.passages:
            for text, start, end in ((pair.a, p.a_start, p.a_end), (pair.b, p.b_start, p.b_end)):
                assert start == 0 or text[start - 2:start] in (". ", "\n\n", "” ")
                assert text[start] in "“" or text[start].isupper() or text[start].isdigit()
                assert text[end - 1] in ".”" and text[end] == " "


def test_sizes_and_reordering(pairs) -> None:
    counts = [len(pair.passages) for pair in pairs]
    assert set(counts) == {1, 2, 3}
    words = [p.words for pair in pairs for p in pair.passages]
    assert min(words) >= 20 and max(words) <= 300
    assert min(words) < 50 and max(words) > 150  # log-uniform: both ends show up
    for pair in pairs:
        if len(pair.passages) > 1:
            b_order = sorted(range(len(pair.passages)), key=lambda k: pair.passages[k].b_start)
            assert b_order != list(range(len(pair.passages)))
    same_order = make_pairs(10, seed=3, edit_rate=0.2, reorder=False)
    for pair in same_order:
        assert [p.b_start for p in pair.passages] == sorted(p.b_start for p in pair.passages)


def test_edits_touch_words_only(pairs) -> None:
    def punctuation(text: str) -> list[str]:
        return re.findall(r"[^\w\s]", text)

    n_edited = 0
    for pair in pairs:
        for p in pair.passages:
            assert punctuation(p.copy) == punctuation(p.source)
            # Substitutions, insertions and deletions in equal parts: the word
            # count moves by at most one.
            assert abs(len(p.copy.split()) - len(p.source.split())) <= 1
            n_edited += p.copy != p.source
    assert n_edited == sum(len(pair.passages) for pair in pairs)


def test_deterministic_prefix_stable_and_layout_independent_of_edit_rate(pairs) -> None:
    assert make_pairs(40, seed=3, edit_rate=0.2) == pairs
    assert make_pairs(15, seed=3, edit_rate=0.2) == pairs[:15]
    assert make_pairs(5, seed=4, edit_rate=0.2)[0].a != pairs[0].a
    clean = make_pairs(40, seed=3, edit_rate=0.0)
    for edited, exact in zip(pairs, clean):
        assert edited.a == exact.a
        assert [p.source for p in edited.passages] == [p.copy for p in exact.passages]
        assert [p.a_start for p in edited.passages] == [p.a_start for p in exact.passages]


def test_rejects_bad_options() -> None:
    with pytest.raises(ValueError):
        make_pairs(1, seed=0, edit_rate=1.5)
    with pytest.raises(ValueError):
        make_pairs(1, seed=0, edit_rate=0.1, passages_per_pair=(0, 2))


# --- PAN measures -------------------------------------------------------------------

CASE = (100, 200, 1000, 1100)  # 100 characters in a, 100 in b


def test_perfect_detection_scores_one() -> None:
    s = pan_scores([[CASE]], [[CASE]])
    assert (s.precision, s.recall, s.granularity, s.plagdet) == (1.0, 1.0, 1.0, 1.0)


def test_half_covered_case() -> None:
    # The detection covers the first half of the case in both texts.
    half = (100, 150, 1000, 1050)
    s = pan_scores([[CASE]], [[half]])
    assert s.recall == 0.5 and s.precision == 1.0 and s.granularity == 1.0
    assert s.plagdet == pytest.approx(2 / 3)


def test_overshooting_detection_loses_precision() -> None:
    # 100 + 100 case characters out of a 200 + 100 character detection.
    wide = (50, 250, 1000, 1100)
    s = pan_scores([[CASE]], [[wide]])
    assert s.recall == 1.0 and s.precision == pytest.approx(2 / 3)


def test_split_detection_has_granularity_two() -> None:
    left, right = (100, 150, 1000, 1050), (150, 200, 1050, 1100)
    s = pan_scores([[CASE]], [[left, right]])
    assert s.recall == 1.0 and s.precision == 1.0 and s.granularity == 2.0
    assert s.plagdet == pytest.approx(1 / math.log2(3))


def test_overlap_in_one_text_only_detects_nothing() -> None:
    elsewhere = (100, 200, 5000, 5100)  # right place in a, wrong place in b
    assert not detects(elsewhere, CASE)
    s = pan_scores([[CASE]], [[elsewhere]])
    assert s.recall == 0.0 and s.precision == 0.0 and s.plagdet == 0.0 and s.granularity == 1.0


def test_union_not_sum_of_overlapping_detections() -> None:
    # Two detections overlapping each other inside the case: covered once.
    s = covered_share(CASE, [(100, 160, 1000, 1060), (140, 180, 1040, 1080)])
    assert s == pytest.approx((80 + 80) / 200)


def test_macro_averages_and_conventions() -> None:
    other = (0, 10, 0, 10)
    # Two pairs: one case found perfectly, one missed, one false detection.
    s = pan_scores([[CASE], [CASE]], [[CASE], [other]])
    assert s.recall == 0.5 and s.precision == 0.5 and s.n_detected_cases == 1
    assert pan_scores([[]], [[]]).plagdet == 1.0
    assert pan_scores([[CASE]], [[]]).recall == 0.0
    assert plagdet(0.0, 0.0, 1.0) == 0.0


# --- the difflib baseline ----------------------------------------------------------


def test_merge_blocks_bridges_small_gaps_only() -> None:
    blocks = [(0, 0, 3), (5, 4, 4), (20, 20, 2), (23, 23, 5), (40, 40, 0)]
    assert merge_blocks(blocks, max_gap=2, min_words=6) == [(0, 9, 0, 8), (20, 28, 20, 28)]
    assert merge_blocks(blocks, max_gap=1, min_words=6) == [(20, 28, 20, 28)]


def test_difflib_align_maps_to_characters() -> None:
    shared = "the quick brown fox jumps over the lazy dog"
    a = "Alpha beta gamma. " + shared + ". Delta."
    b = "Something else entirely, " + shared + "!"
    [(a0, a1, b0, b1)] = difflib_align(a, b)
    assert a[a0:a1] == shared and b[b0:b1] == shared


def test_check_passages_flags_broken_output() -> None:
    class P:  # duck-typed stand-in for simcompare.Passage
        def __init__(self, a0, a1, b0, b1, a_text, b_text, words=6):
            self.a_start, self.a_end, self.b_start, self.b_end = a0, a1, b0, b1
            self.a_text, self.b_text, self.words = a_text, b_text, words
            self.score, self.kind = 1.0, "prose"

    a = b = "one two three four five six seven eight"
    good = P(0, 29, 0, 29, a[:29], b[:29])
    assert check_passages(a, b, [good]) == []
    problems = check_passages(a, b, [good, P(4, 20, 4, 20, "wrong", b[4:20], words=3)])
    kinds = {p.split(":")[0] for p in problems}
    assert kinds == {"a_text", "words", "overlap a", "overlap b"}


# --- the benchmark script ----------------------------------------------------------


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_quick_run_writes_json(tmp_path) -> None:
    out = tmp_path / "quick.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_alignment.py"), "--quick", "--json", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "simcompare.align:" in proc.stdout  # the seed-pair listing
    results = json.loads(out.read_text(encoding="utf-8"))
    assert [s["edit_rate"] for s in results["sets"]] == [0.0, 0.05, 0.1, 0.2]
    for s in results["sets"] + [results["speed_600"]]:
        for name in ("simcompare", "difflib"):
            t = s["tools"][name]
            assert 0 <= t["precision"] <= 1 and 0 <= t["recall"] <= 1 and t["granularity"] >= 1
            assert t["ms_median"] > 0
        assert s["tools"]["simcompare"]["problems"]["count"] == 0
    assert results["seed_pair"]["simcompare"]  # the seed pair shares passages
    assert results["platform"]["cpu"] and results["parameters"]["quick"] is True
