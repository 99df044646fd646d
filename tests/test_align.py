import random

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from support.strategies import awkward

from simcompare import EmptyTextError, ParameterError, Passage, TextTypeError, align
from simcompare._core import find_regions, token_spans
from simcompare._core._regions import seeds

VOCAB = [f"w{i}" for i in range(500)]


def words(rng, n):
    return [rng.choice(VOCAB) for _ in range(n)]


def check_invariants(a, b, passages):
    for p in passages:
        assert isinstance(p, Passage)
        assert a[p.a_start : p.a_end] == p.a_text and b[p.b_start : p.b_end] == p.b_text
        assert 0.0 <= p.score <= 1.0 and p.kind in ("quote", "prose")
    for side in ("a", "b"):
        spans = sorted((getattr(p, f"{side}_start"), getattr(p, f"{side}_end")) for p in passages)
        assert all(x[1] <= y[0] for x, y in zip(spans, spans[1:])), f"overlap in {side}"


@given(awkward, awkward)
@example("the same five words here", "the same five words here")
def test_every_passage_slices_both_originals(a, b):
    try:
        passages = align(a + " one two three four five six", b + " one two three four five six", min_words=2)
    except EmptyTextError:
        return
    check_invariants(a + " one two three four five six", b + " one two three four five six", passages)


@given(st.integers(0, 10_000))
def test_planted_passages_are_found_exactly(seed):
    rng = random.Random(seed)
    shared = words(rng, rng.randrange(8, 60))
    a_words = words(rng, 50) + shared + words(rng, 50)
    b_words = words(rng, 30) + shared + words(rng, 70)
    a, b = " ".join(a_words), " ".join(b_words)
    passages = align(a, b)
    check_invariants(a, b, passages)
    text = " ".join(shared)
    assert any(text in p.a_text and text in p.b_text for p in passages)


def test_identical_texts_are_one_passage_with_score_one(seed_pair):
    a = seed_pair[0]
    [p] = align(a, a)
    assert (p.a_start, p.b_start, p.score) == (0, 0, 1.0)
    assert p.a_text == p.b_text and p.a_end > 0.99 * len(a.rstrip())


def test_tolerates_edits_case_quotes_and_apostrophes():
    a = 'He warned that "hasty relief of anti-epidemic measures will result in unimaginable and irretrievable crisis".'
    b = ("HE WARNED that “hasty relief of anti-epidemic measures will result in an unimaginable and irretrievable "
         "crisis.”")
    [p] = align(a, b)
    assert p.a_text.startswith("He warned") and p.a_text.endswith("crisis")
    assert p.b_text.startswith("HE WARNED") and p.b_text.endswith("crisis")
    assert p.kind == "quote" and 0.9 < p.score < 1.0


def test_reordered_and_repeated_passages_are_all_found():
    rng = random.Random(7)
    p1, p2, p3 = words(rng, 12), words(rng, 15), words(rng, 10)
    a = " ".join(words(rng, 20) + p1 + words(rng, 20) + p2 + words(rng, 20) + p3 + words(rng, 5) + p3)
    b = " ".join(p3 + words(rng, 20) + p2 + words(rng, 20) + p1 + words(rng, 20) + p3)
    passages = align(a, b)
    check_invariants(a, b, passages)
    assert len(passages) == 4
    for planted, times in ((p1, 1), (p2, 1), (p3, 2)):
        text = " ".join(planted)
        # Widening may take in a neighbouring word that happens to match too.
        assert sum(text in p.a_text and text in p.b_text for p in passages) == times


def test_gap_bridges_small_differences_and_splits_large_ones():
    rng = random.Random(3)
    left, right = words(rng, 10), words(rng, 10)
    a = " ".join(left + ["x1", "x2"] + right)
    b = " ".join(left + ["y1", "y2", "y3"] + right)
    assert len(align(a, b, max_gap=4)) == 1
    assert len(align(a, b, max_gap=1)) == 2


def test_min_words_filters_short_matches():
    a = "alpha beta gamma delta epsilon and so something else entirely"
    b = "alpha beta gamma delta epsilon but now nothing at all matches"
    assert [p.words for p in align(a, b, min_words=5)] == [5]
    assert align(a, b, min_words=6) == []


def test_seed_pair_shares_kcna_quotes_and_a_narrative_sentence(seed_pair):
    passages = align(*seed_pair)
    check_invariants(*seed_pair, passages)
    texts = [p.a_text for p in passages]
    assert any("prevented the inroad of the malignant virus" in t for t in texts)
    assert any("far-sighted leadership of the Party Central Committee" in t for t in texts)
    assert any("hasty relief of anti-epidemic measures" in t for t in texts)
    narrative = [p for p in passages if "closed its borders and put thousands into isolation" in p.a_text]
    assert len(narrative) == 1 and narrative[0].kind == "prose"
    assert {p.kind for p in passages if "hasty relief" in p.a_text} == {"quote"}


@pytest.mark.slow  # over 10 s on a 2-core VM
def test_fifty_megabytes_against_an_article_is_not_quadratic():
    """A 50 MB text against an article: the shared passage is found without
    comparing every pair of words (that would take hours)."""
    rng = random.Random(1)
    article = words(rng, 600)
    filler = " ".join(words(rng, 1000))
    big = " ".join([filler] * (50_000_000 // len(filler))) + " " + " ".join(article[100:200]) + " " + filler
    assert len(big) > 50_000_000
    passages = align(big, " ".join(article))
    assert [p.b_text for p in passages] == [" ".join(article[100:200])]


def test_bad_input():
    with pytest.raises(EmptyTextError, match="text b is empty"):
        align("some words here and more", "  ")
    with pytest.raises(EmptyTextError, match="text a is empty"):
        align("", "words")
    with pytest.raises(TextTypeError, match="text a must be str, got bytes"):
        align(b"bytes", "words")
    with pytest.raises(ParameterError, match="min_words must be an int >= 1, got 0"):
        align("a b", "a b", min_words=0)
    with pytest.raises(ParameterError, match="max_gap must be an int >= 0"):
        align("a b", "a b", max_gap=-1)


@given(st.lists(st.sampled_from(VOCAB[:30]), max_size=200), st.lists(st.sampled_from(VOCAB[:30]), max_size=200),
       st.integers(1, 4), st.integers(0, 5))
def test_region_kernel_matches_reference(a_words, b_words, q, max_gap):
    ha = token_spans(" ".join(a_words), engine="reference")[2]
    hb = token_spans(" ".join(b_words), engine="reference")[2]
    sa, sb = seeds(ha, q), seeds(hb, q)
    fast = find_regions(sa, sb, q, max_gap, 16, engine="fast")
    reference = find_regions(sa, sb, q, max_gap, 16, engine="reference")
    assert fast.tolist() == reference.tolist()


@given(awkward)
@example("Kim Jong-un’s “success” 10.7 ｶﾞ 北京 😀")
def test_token_spans_fast_matches_reference(text):
    fast = token_spans(text, engine="fast")
    reference = token_spans(text, engine="reference")
    for f, r in zip(fast, reference):
        assert f.tolist() == r.tolist()


# --- fragments of one edited passage join (issue 14) ---------------------------------------


def edited(rng, words_list, rate):
    """``words_list`` with ``round(rate * len)`` substitutions, insertions and deletions."""
    out = list(words_list)
    for _ in range(round(rate * len(words_list))):
        k, kind = rng.randrange(len(out)), rng.randrange(3)
        if kind == 0:
            out[k] = f"x{rng.randrange(10**6)}"
        elif kind == 1:
            out.insert(k, f"x{rng.randrange(10**6)}")
        elif len(out) > 1:
            del out[k]
    return out


def planted(rng, shared, copy):
    """Texts with ``shared`` and its ``copy`` between unrelated words, and the token ranges of both."""
    a_words, b_words = words(rng, 40) + shared + words(rng, 40), words(rng, 25) + copy + words(rng, 55)
    return " ".join(a_words), " ".join(b_words)


@given(st.integers(0, 10_000), st.sampled_from([0.0, 0.05, 0.15, 0.3]), st.sampled_from([None, 0, 4, 12]))
def test_edited_passages_keep_the_contract(seed, rate, join_gap):
    """Every passage slices both originals exactly; passages never overlap in either text."""
    rng = random.Random(seed)
    p1, p2, p3 = words(rng, rng.randrange(10, 120)), words(rng, rng.randrange(10, 120)), words(rng, 30)
    a = " ".join(words(rng, 10) + p1 + words(rng, 8) + p2 + p3 + words(rng, 5) + p1[:20])
    b = " ".join(edited(rng, p2, rate) + words(rng, 6) + edited(rng, p1, rate) + edited(rng, p3, rate) + p2[-15:])
    passages = align(a, b, join_gap=join_gap)
    check_invariants(a, b, passages)
    assert [p.a_start for p in passages] == sorted(p.a_start for p in passages)


@given(st.lists(st.sampled_from(VOCAB), min_size=6, max_size=400), st.sampled_from(["", ".", '"', "\n\n"]))
def test_a_text_against_itself_is_one_passage(text_words, punctuation):
    # A text whose every run of three words repeats more than 16 times has no seed at all.
    trigrams = [tuple(text_words[k : k + 3]) for k in range(len(text_words) - 2)]
    assume(max((trigrams.count(t) for t in set(trigrams)), default=0) <= 16)
    text = punctuation + (" " + punctuation).join(text_words) + punctuation
    [p] = align(text, text)
    starts, ends, _ = token_spans(text)
    assert (p.a_start, p.a_end) == (p.b_start, p.b_end) == (starts[0], ends[-1])
    assert p.score == 1.0 and p.words == len(text_words)


@pytest.mark.parametrize("rate", [0.05, 0.15, 0.3])
def test_a_long_edited_passage_is_one_passage(rate):
    for seed in range(20):
        rng = random.Random(seed)
        shared = words(rng, rng.randrange(300, 1200))
        a, b = planted(rng, shared, edited(rng, shared, rate))
        passages = align(a, b)
        check_invariants(a, b, passages)
        big = [p for p in passages if p.words > 20]
        assert len(big) == 1, (seed, [(p.a_start, p.a_end, p.words) for p in passages])
        # Its score reflects the edits inside.
        assert 1 - 2.5 * rate < big[0].score < 1.0
        assert big[0].words > (1 - 1.5 * rate) * len(shared)


def test_moved_paragraphs_stay_separate():
    rng = random.Random(5)
    p1, p2, p3 = words(rng, 60), words(rng, 60), words(rng, 60)
    a = " ".join(words(rng, 10) + p1 + p2 + p3 + words(rng, 10))
    b = " ".join(words(rng, 10) + edited(rng, p1, 0.1) + edited(rng, p3, 0.1) + edited(rng, p2, 0.1))
    passages = align(a, b)
    check_invariants(a, b, passages)
    assert len(passages) == 3
    for planted_words, p in zip((p1, p2, p3), passages):
        # In order of a: p1, p2, p3, each within its own paragraph.
        assert " ".join(planted_words[10:-10]) in p.a_text and p.a_text in " ".join(planted_words)


def test_join_gap_sets_how_much_may_differ_between_fragments():
    rng = random.Random(11)
    left, right = words(rng, 30), words(rng, 30)
    rewritten = lambda n: [f"y{k}" for k in range(n)]  # noqa: E731
    a = " ".join(words(rng, 20) + left + [f"z{k}" for k in range(7)] + right + words(rng, 20))
    b = " ".join(words(rng, 15) + left + rewritten(6) + right + words(rng, 25))
    assert len(align(a, b)) == 1  # 7 words rewritten as 6: within 2 * max_gap
    assert len(align(a, b, join_gap=4)) == 2
    assert len(align(a, b, max_gap=2)) == 2  # 2 * max_gap is 4
    assert len(align(a, b, max_gap=2, join_gap=8)) == 1
    # A sentence inserted in b: the gaps differ by 20 words, more than join_gap.
    b = " ".join(words(rng, 15) + left + rewritten(20) + right + words(rng, 25))
    a = " ".join(words(rng, 20) + left + right + words(rng, 20))
    assert len(align(a, b)) == 2


def test_edges_grow_through_a_single_edited_word_at_a_sentence_break():
    rng = random.Random(2)
    middle = words(rng, 20)
    a = "Host text of a. Alpha " + " ".join(["beta"] + middle + ["omega"]) + " zeta. Other host words."
    b = "Something else. Alpha " + " ".join(["BETTER"] + middle + ["OMEGA2"]) + " zeta. And more."
    [p] = align(a, b)
    assert p.a_text.startswith("Alpha beta") and p.a_text.endswith("omega zeta")
    assert p.b_text.startswith("Alpha BETTER") and p.b_text.endswith("OMEGA2 zeta")
    # Mid-sentence, one matching word beyond a single edit is not enough: it may be chance.
    a = a.replace("Host text of a.", "Host text of a")
    assert align(a, b)[0].a_text.startswith(middle[0] + " ")


@pytest.mark.parametrize("join_gap", [-1, 1.5, True, "8"])
def test_bad_join_gap(join_gap):
    with pytest.raises(ParameterError, match=f"join_gap must be None or an int >= 0, got {join_gap!r}"):
        align("a b c d e f g", "a b c d e f g", join_gap=join_gap)


def test_seed_pair_is_exactly_its_four_passages(seed_pair):
    passages = align(*seed_pair)
    anchors = ["prevented the inroad of the malignant virus", "closed its borders and put thousands into isolation",
               "achieved by the far-sighted leadership of the Party Central Committee",
               "hasty relief of anti-epidemic measures will result in"]
    assert len(passages) == 4
    for p, anchor in zip(passages, anchors):
        assert anchor in p.a_text
    assert [p.kind for p in passages] == ["quote", "prose", "quote", "quote"]


# -- progress and memory of a long pair ---------------------------------------


def _long_pair(n_words):
    rng = random.Random(16)
    shared = " ".join(words(rng, n_words // 2))
    return (" ".join(words(rng, n_words // 4)) + " " + shared + " " + " ".join(words(rng, n_words // 4)),
            " ".join(words(rng, n_words // 3)) + " " + shared + " " + " ".join(words(rng, n_words // 3)))


def test_progress_reports_each_stage_in_order():
    from simcompare import compare
    from simcompare.passages.align import PROGRESS_EVERY

    a, b = _long_pair(6000)
    calls = []
    passages = align(a, b, progress=lambda stage, done, total: calls.append((stage, done, total)))
    stages = [stage for stage, _, _ in calls]
    assert stages[:3] == ["tokenising", "tokenising", "finding shared phrases"] and stages[-1] == "aligning"
    assert all(0 <= done <= total for _, done, total in calls)
    assert calls[-1][1] == calls[-1][2]  # the last call says it is done
    assert passages == align(a, b)  # progress changes nothing
    assert PROGRESS_EVERY > 0
    seen = []
    compare(a, b, progress=lambda stage, done, total: seen.append(stage))
    assert seen[-1] == "measuring similarity" and "aligning" in seen


def test_stage_progress_shows_on_a_terminal_only_past_its_delay():
    """The CLI's display, with its delay forced to 0 (shown) or an hour (a short job shows nothing)."""
    import io

    from rich.console import Console

    from simcompare import compare
    from simcompare.cli.compare import StageProgress

    a, b = _long_pair(2000)
    for delay, show, shown in ((0, True, True), (3600, True, False), (0, False, False)):
        out = io.StringIO()
        with StageProgress(show=show, delay=delay, console=Console(file=out, force_terminal=True, width=100)) as p:
            compare(a, b, progress=p)
            p("aligning", 5, 9)
            if shown:
                assert p._bar is not None and p._bar.tasks[0].completed == 5 and p._bar.tasks[0].total == 9
        assert bool(out.getvalue()) == shown, (delay, show)


def test_memory_stays_linear_in_the_text(monkeypatch):
    """tracemalloc's peak for aligning a pair grows by a few bytes a character of the pair: under 11
    (it was 15 before token ids shared their ints and token spans stopped holding each piece's
    scratch). Measured as the growth from one pair to one twice as long, so fixed costs (a piece's
    scratch, the tables) cancel out."""
    import tracemalloc

    from simcompare import _core

    monkeypatch.setenv("SIMCOMPARE_ENGINE", "fast")  # the compiled engine, loaded before counting
    _core.load_compiled()
    peaks = []
    for n_words in (60_000, 120_000):
        a, b = _long_pair(n_words)
        align(a[:2000], b[:2000])
        tracemalloc.start()
        try:
            align(a, b)
            peaks.append((tracemalloc.get_traced_memory()[1], len(a) + len(b)))
        finally:
            tracemalloc.stop()
    (small, small_chars), (large, large_chars) = peaks
    assert (large - small) / (large_chars - small_chars) < 11, peaks
