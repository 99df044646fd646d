"""Differential tests: the compiled engine gives the reference engine's bits.

Each comparison checks, through the dispatcher's counts, that the compiled
engine really ran (and handed nothing to the reference), so no test compares
the reference with itself; tests/test_core_harness.py runs every kernel so.
"""

import functools
import unicodedata
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from support.strategies import FOLDING_CHARACTERS, LANGUAGE_TEXTS, awkward, multilingual

from simcompare import _core
from simcompare._core import _fast, _reference, sign_texts, token_spans
from simcompare.params import SignatureParams
from simcompare.text import chars

ALL_PARAMS = [
    SignatureParams(num_perm=n, shingle_size=k, seed=s, scheme=scheme, shingle_kind=kind)
    for n, k, s in [(128, 5, 1), (7, 1, 0), (64, 3, 2**62)]
    for scheme in ("oph", "kperm")
    for kind in ("word", "char")
]
PINNED = [
    "",
    " \t\n ",
    "one",
    "two words",
    "exactly five words right here",
    "Worker’s Party 10.7 million, 516,000 lives — “shining success”…",
    "Emoji 😀🇰🇵 and ZWJ 👩‍👩‍👧 sequences 😀x",
    "Ελληνικά ΐ ΰ ß ǰ ﬃ İstanbul ΣΊΣΥΦΟΣ",
    "北京欢迎你。東京タワー、ｶﾞｷﾞ ภาษาไทย ำ",
    "नमस्ते दुनिया مرحبا بالعالم שלום",
    "lone \ud800 surrogate \udfff here",
    "nul\x00inside\x00text",
    "e\u0301 combining\u0301\u0327 marks ´ ¨",
    "'leading and trailing' apostrophes' ‘quoted’",
    "1.2.3 1,2 ,5 5, .5 a.b 1.a",
    "Ａ full-width ＡＢＣ１２３",
    "x" * 5000,
    " ".join(f"word{i % 97}" for i in range(3000)),
]


@contextmanager
def compiled(kernel, fallbacks_allowed=False):
    """Assert that the calls inside ran ``kernel`` compiled, with no fallback to the reference."""
    before = _core.engine_counts()[kernel]
    yield
    after = _core.engine_counts()[kernel]
    assert after["compiled"] > before["compiled"] and after["reference"] == before["reference"], (before, after)
    assert fallbacks_allowed or after["fallback"] == before["fallback"], after["reasons"]


def both(texts, params):
    with compiled("sign_texts"):
        fast = sign_texts(texts, params, engine="fast")
    reference = sign_texts(texts, params, engine="reference")
    return fast, reference


@pytest.mark.parametrize("params", ALL_PARAMS, ids=repr)
def test_pinned_texts_match_bit_for_bit(params):
    (fm, fe), (rm, re_) = both(PINNED, params)
    assert fe.tolist() == re_.tolist()
    assert fm.tolist() == rm.tolist()


@given(st.lists(awkward, min_size=1, max_size=8))
@example(["ｶﾞ", "a\x00b", ""])
@example(["\x90", "\xa0"])  # an empty text among those NFKC re-signs
def test_random_texts_match(texts):
    for params in (ALL_PARAMS[0], ALL_PARAMS[3]):
        (fm, fe), (rm, re_) = both(texts, params)
        assert fe.tolist() == re_.tolist()
        assert fm.tolist() == rm.tolist()


def test_tokens_of_every_length_match():
    """The fast path hashes a token of up to 16 characters as two masked words
    and a longer one, or one with an apostrophe or a non-ASCII letter in it,
    the slow way: every length either side of 8 and 16, each way."""
    letters = "abcdefghijKLMNOPQRSTuvwxyz0123456789"
    words = []
    for n in range(1, 40):
        word = "".join(letters[(7 * i + n) % len(letters)] for i in range(n))
        words += [word, word[: n // 2] + "'" + word[n // 2 :], word[: n // 2] + "é" + word[n // 2 :], "1" * n + ",5"]
    texts = [" ".join(words[i : i + 9]) for i in range(len(words))] + words
    for params in (ALL_PARAMS[0], ALL_PARAMS[2]):
        (fm, fe), (rm, re_) = both(texts, params)
        assert fe.tolist() == re_.tolist()
        assert fm.tolist() == rm.tolist()
    for text in texts[:: len(texts) // 20]:
        with compiled("token_spans"):  # ASCII, apostrophes, "é": no fallback
            spans = [column.tolist() for column in token_spans(text, engine="fast")]
        assert spans == [column.tolist() for column in token_spans(text, engine="reference")]


@given(st.lists(st.sampled_from(["The", "cat", "’s", "10.7", "—", "北京", "ΐ", "\n", "x'y"]), max_size=80))
def test_word_salad_matches(words):
    text = " ".join(words)
    (fm, fe), (rm, re_) = both([text], ALL_PARAMS[0])
    assert (fm == rm).all() and (fe == re_).all()


def test_long_text_pieces_match_one_pass(monkeypatch, seed_pair):
    """A text over LONG_TEXT is fed in pieces cut at spaces; the signature is the same."""
    texts = [seed_pair[0] * 3, "北京欢迎你" * 400, seed_pair[1] + " tail"]
    for params in ALL_PARAMS[:4]:
        whole = sign_texts(texts, params, engine="reference")[0]
        monkeypatch.setattr(_fast, "LONG_TEXT", 97)
        pieces = sign_texts(texts, params, engine="fast")[0]
        monkeypatch.undo()
        assert pieces.tolist() == whole.tolist()


def test_workers_give_the_same_result(seed_pair, monkeypatch):
    monkeypatch.setattr(_fast, "BATCH_DOCS", 3)
    texts = [seed_pair[i % 2] + f" variant {i}" for i in range(20)]
    one = sign_texts(texts, ALL_PARAMS[0], engine="fast", workers=1)[0]
    two = sign_texts(texts, ALL_PARAMS[0], engine="fast", workers=2)[0]
    assert np.array_equal(one, two)


def test_workers_sign_long_and_short_texts_alike(seed_pair, monkeypatch):
    monkeypatch.setattr(_fast, "BATCH_DOCS", 3)
    monkeypatch.setattr(_fast, "LONG_TEXT", 97)  # the seed texts are long, the others short
    texts = [seed_pair[i % 2] if i % 3 == 0 else f"short text number {i} here" for i in range(20)]
    one = sign_texts(texts, ALL_PARAMS[0], engine="fast", workers=1)
    two = sign_texts(texts, ALL_PARAMS[0], engine="fast", workers=2)
    reference = sign_texts(texts, ALL_PARAMS[0], engine="reference")
    for fast in (one, two):
        assert fast[0].tolist() == reference[0].tolist() and fast[1].tolist() == reference[1].tolist()


def test_batches_hand_out_every_text_once_in_order(monkeypatch):
    monkeypatch.setattr(_fast, "BATCH_CHARS", 20)
    lengths = np.array([5, 0, 3, 30, 12, 0, 25, 0, 1, 19, 2] * 4)  # a long text counts as 0
    bounds = _fast._batches(lengths, max_docs=4)
    assert [lo for lo, _ in bounds] == [0] + [hi for _, hi in bounds[:-1]] and bounds[-1][1] == len(lengths)
    for lo, hi in bounds:
        assert 1 <= hi - lo <= 4 and (hi - lo == 1 or lengths[lo:hi].sum() <= 20)
    assert max(hi - lo for lo, hi in bounds) == 4  # short texts fill a batch


def test_batches_cover_every_text():
    lengths = np.array([10, 5_000_000, 3, 3, 3, 1 << 22])
    bounds = _fast._batches(lengths)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(lengths)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(hi > lo for lo, hi in bounds)


def test_reference_shingles_of_short_text_is_one_shingle():
    units = _reference.text_units("just three words", "word")
    assert len(units) == 3
    assert len(_reference.shingles(units, 5)) == 1
    assert _reference.shingles([], 5) == []


def test_ignored_shingles_are_left_out_alike(seed_pair):
    from simcompare import shingle

    boiler = "The BBC is not responsible for the content of external sites."
    texts = [seed_pair[0], "Fresh words here. " + boiler, boiler, ""]
    ignore = shingle(boiler)
    for params in (ALL_PARAMS[0], ALL_PARAMS[2]):  # word shingles, oph and kperm
        fast = sign_texts(texts, params, engine="fast", ignore=ignore)
        reference = sign_texts(texts, params, engine="reference", ignore=ignore)
        assert fast[1].tolist() == reference[1].tolist() == [False, False, True, True]
        assert fast[0].tolist() == reference[0].tolist()
    plain = sign_texts(texts[:2], ALL_PARAMS[0], engine="fast")[0]
    assert (plain[1] != sign_texts(texts[:2], ALL_PARAMS[0], engine="fast", ignore=ignore)[0][1]).any()


def test_ignored_shingles_in_long_texts_pieces(monkeypatch, seed_pair):
    from simcompare import shingle

    boiler = "The BBC is not responsible for the content of external sites."
    texts = [(seed_pair[0] + " " + boiler + " ") * 3]
    ignore = shingle(boiler)
    reference = sign_texts(texts, ALL_PARAMS[0], engine="reference", ignore=ignore)[0]
    monkeypatch.setattr(_fast, "LONG_TEXT", 97)
    assert sign_texts(texts, ALL_PARAMS[0], engine="fast", ignore=ignore)[0].tolist() == reference.tolist()


def _anchors_both(texts, params, bits, workers=1):
    from simcompare._core import sign_with_anchors

    with compiled("sign_with_anchors"):
        fast = sign_with_anchors(texts, params, anchor_bits=bits, workers=workers, engine="fast")
    reference = sign_with_anchors(texts, params, anchor_bits=bits, engine="reference")
    return fast, reference


@pytest.mark.parametrize("bits", [1, 3])
@pytest.mark.parametrize("workers", [1, 2])
def test_signing_with_anchors_matches_the_reference(bits, workers):
    """One pass signs and finds anchors (NFKC, long and empty texts included)."""
    from simcompare._core import shingle_sets

    long_text = "Ａ full-width words " * 20_000  # over LONG_TEXT characters, and NFKC
    texts = PINNED + [long_text] + PINNED[::-1]
    for params in (ALL_PARAMS[0], SignatureParams(num_perm=16, shingle_size=2, seed=3)):
        fast, reference = _anchors_both(texts, params, bits, workers)
        for got, expected in zip(fast, reference):
            assert got.tolist() == expected.tolist()
        assert fast[0].tolist() == sign_texts(texts, params, engine="fast")[0].tolist()
        with compiled("shingle_sets"):  # NFKC and long texts included
            hashes, offsets = shingle_sets(texts, params.shingle_size, top_zero_bits=bits, engine="fast")
        assert fast[2].tolist() == hashes.tolist() and fast[3].tolist() == offsets.tolist()


@given(st.lists(awkward, min_size=1, max_size=8))
def test_random_texts_anchors_match(texts):
    fast, reference = _anchors_both(texts, ALL_PARAMS[0], 2)
    for got, expected in zip(fast, reference):
        assert got.tolist() == expected.tolist()


def test_anchors_need_word_shingles():
    from simcompare._core import sign_with_anchors
    from simcompare.errors import ParameterError

    with pytest.raises(ParameterError, match="anchors need word shingles"):
        sign_with_anchors(["a b c"], SignatureParams(shingle_kind="char"), anchor_bits=3)


@given(st.lists(st.lists(st.integers(0, 20), max_size=30), min_size=1, max_size=9))
def test_merging_sorted_runs_matches_the_reference(runs):
    """The compiled merge of posting runs is the stable sort the reference does (equal keys included)."""
    from simcompare._core import merge_runs

    keys = np.concatenate([np.sort(np.array(r, dtype=np.uint64)) for r in runs] + [np.empty(0, np.uint64)])
    docs = np.arange(len(keys), dtype=np.uint32)
    bounds = np.concatenate(([0], np.cumsum([len(r) for r in runs]))).astype(np.int64)
    with compiled("merge_runs"):
        fast = merge_runs(keys, docs, bounds, engine="fast")
    reference = merge_runs(keys, docs, bounds, engine="reference")
    assert fast[0].tolist() == reference[0].tolist() and fast[1].tolist() == reference[1].tolist()



@given(st.lists(st.integers(0, 2**64 - 1), max_size=300), st.sampled_from([0, 8, 40, 62]))
@example([5, 3, 5, 3, 0, 2**64 - 1], 0)
@example([2**63 + k % 7 for k in range(100)], 0)  # clustered keys: one crowded bucket
def test_sorting_postings_matches_the_reference(keys, drop_bits):
    """The compiled sort of a batch's postings is the stable sort the reference does."""
    from simcompare._core import sort_postings

    keys = np.array(keys, dtype=np.uint64) >> np.uint64(drop_bits)  # small keys, and few distinct ones
    docs = np.arange(len(keys), dtype=np.int64)
    with compiled("sort_postings"):
        fast = sort_postings(keys, docs, engine="fast")
    reference = sort_postings(keys, docs, engine="reference")
    assert fast[0].tolist() == reference[0].tolist() and fast[1].tolist() == reference[1].tolist()

# -- code points copied in place (simcompare/_core/_strings.py) ----------------


def portable_code_points(texts):
    """Every code point of ``texts`` end to end: what ``_joined`` must give."""
    return [ord(c) for c in "".join(texts)]


class Text(str):
    """A str subclass: its code points do not follow its header."""


@pytest.mark.parametrize("texts", [
    ["plain ascii", "", "news"],
    ["caf\xe9 \xa310", "plain"],                      # one byte a code point, not all ASCII
    ["caf\xe9", "\u201cquoted\u201d", "ascii"],        # widened to two bytes
    ["\u2019", "\U0001f600 emoji", "caf\xe9", "x"],    # widened to four
    ["lone \ud800 surrogate", "nul\x00inside"],
    PINNED,
])
def test_code_points_are_gathered_in_place(texts):
    from simcompare._core import _strings

    if _strings.layout() is None:
        pytest.skip("this Python lays out str objects differently: the portable copy is used")
    buf, starts, ends = _fast._joined(texts)
    widest = max((max(map(ord, t), default=0) for t in texts), default=0)
    assert buf.dtype == (np.uint8 if widest < 0x100 else np.uint16 if widest < 0x10000 else np.uint32)
    assert buf.tolist() == portable_code_points(texts)
    assert (ends - starts).tolist() == [len(t) for t in texts]


def test_str_subclasses_and_wrong_lengths_are_not_read_in_place():
    from simcompare._core import _strings

    offsets = _strings.layout()
    if offsets is None:
        pytest.skip("this Python lays out str objects differently")
    texts = ["wire copy", Text("a subclass \u2019")]
    addresses = np.array([id(t) for t in texts], dtype=np.int64)
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    assert _strings.widest_kind(addresses[:1], lengths[:1], offsets) == 1
    assert _strings.widest_kind(addresses, lengths, offsets) == 0          # the subclass
    assert _strings.widest_kind(addresses[:1], lengths[:1] + 1, offsets) == 0  # a length that is not its own
    buf, _, _ = _fast._joined(texts)  # the portable copy instead
    assert buf.tolist() == portable_code_points(texts)
    sig = sign_texts(texts, SignatureParams(), engine="fast")[0]
    assert np.array_equal(sig, _reference.sign([str(t) for t in texts], SignatureParams())[0])


@given(st.lists(st.text(max_size=40), max_size=12))
def test_gathered_code_points_match_the_portable_copy(texts):
    buf, starts, ends = _fast._joined(texts)
    assert buf.tolist() == portable_code_points(texts)
    assert ends.tolist() == np.cumsum([len(t) for t in texts], dtype=np.int64).tolist()


@given(st.lists(st.integers(0, 2**64 - 1), max_size=300), st.integers(1, 5), st.sampled_from([0, 60, 63]))
@example([4, 4, 1, 4, 1, 2**64 - 1, 2**64 - 1], 2, 0)
@example([], 1, 0)
def test_frequent_values_match_the_reference(values, min_count, drop_bits):
    """The compiled count of a boilerplate sample's shingles keeps what np.unique's counts keep."""
    from simcompare._core import frequent_values

    values = np.array(values, dtype=np.uint64) >> np.uint64(drop_bits)  # few distinct values: real repeats
    with compiled("frequent_values"):
        fast = frequent_values(values, min_count, engine="fast")
    reference = frequent_values(values, min_count, engine="reference")
    assert fast.dtype == reference.dtype == np.uint64
    assert fast.tolist() == reference.tolist()


# -- token spans and units: the odd words among plain ones ---------------------

PLAIN_PARTS = st.sampled_from(["plain words here", "x" * 30, "10.7 516,000 it's", "Worker’s Party"])


@given(st.lists(st.one_of(awkward, PLAIN_PARTS), max_size=12), st.sampled_from(["", " ", "\n", "\t"]),
       st.sampled_from([0, 4, 256]))
@example(["a", "e\u0301", "b"], " ", 0)
@example(["ｶﾞ", "plain words here"], "", 0)
def test_token_spans_of_odd_words_among_plain_ones_match(parts, sep, gap):
    """The fast path hands the reference only the segments around the words it
    leaves aside; the spans and hashes are those of the whole text."""
    text = sep.join(parts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_fast, "MERGE_GAP", gap)
        with compiled("token_spans", fallbacks_allowed=True):
            fast = token_spans(text, engine="fast")
    reference = token_spans(text, engine="reference")
    for f, r in zip(fast, reference):
        assert f.dtype == r.dtype and f.tolist() == r.tolist()


@given(st.lists(st.one_of(awkward, PLAIN_PARTS), max_size=8), st.sampled_from([7, 1 << 18]))
@example(["ﬁne Ａ", "e\u0301"], 7)
def test_text_units_match_the_reference(parts, long_text):
    """Word and character units, NFKC and marks included, also in pieces."""
    from simcompare._core import text_units

    text = " ".join(parts)
    for kind in ("word", "char"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_fast, "LONG_TEXT", long_text)
            with compiled("text_units"):
                fast = text_units(text, shingle_kind=kind, engine="fast")
        assert fast.tolist() == text_units(text, shingle_kind=kind, engine="reference").tolist()


# -- languages: case folding and NFKC through the tables ---------------------


def _same_everywhere(text, *, fallbacks_allowed):
    """Token spans, units and signatures of ``text`` match the reference, run compiled."""
    with compiled("token_spans", fallbacks_allowed=fallbacks_allowed):
        fast = token_spans(text, engine="fast")
    for f, r in zip(fast, token_spans(text, engine="reference")):
        assert f.dtype == r.dtype and f.tolist() == r.tolist()
    for kind in ("word", "char"):
        assert _core.text_units(text, shingle_kind=kind, engine="fast").tolist() == \
            _core.text_units(text, shingle_kind=kind, engine="reference").tolist()
    (fm, fe), (rm, re_) = both([text, text.upper(), text.lower()], ALL_PARAMS[4])
    assert fm.tolist() == rm.tolist() and fe.tolist() == re_.tolist()


@pytest.mark.parametrize("language", sorted(LANGUAGE_TEXTS))
def test_news_in_each_language_stays_compiled_and_matches(language):
    """Accented capitals, dotted İ, final sigma, ß, ligatures, full-width letters and superscripts:
    no part of the text goes to the reference tokeniser, upper-cased or not (lower-cased, "İ"
    becomes "i" and a combining dot, which does)."""
    text = LANGUAGE_TEXTS[language]
    for variant in (text, text.upper(), (text + "\n") * 30):
        _same_everywhere(variant, fallbacks_allowed=False)
    _same_everywhere(text.lower(), fallbacks_allowed=True)
    (fm, _), (rm, _) = both([text], ALL_PARAMS[0])
    assert fm.tolist() == rm.tolist()


@given(multilingual)
@example("½ ŉ ＡＢＣ")
@example("ﬁ'ﬁ ①.5 ２.５ …,")
def test_multilingual_text_matches(text):
    _same_everywhere(text, fallbacks_allowed=True)


@pytest.mark.parametrize("text", [
    " ".join("Ж" * n for n in range(1, 42)),  # words of 2 to 82 bytes: every length around 8, 16, 24
    "Μαΐου " * 40 + "ΰΐ" * 3,  # folds of six bytes (three code points) amid others
    "ΐ" * 200,  # mostly folds of six bytes: more than the stream of four bytes a code point holds
    "Über " + "x" * 300 + " ßé" * 5,
    " ".join("é" + "x" * n for n in range(40)),  # a byte a letter (two words a token): every length to 41
    "Straße " * 30 + "ΐ",  # a fold of six bytes in such a text
    "l’État d'Île, 10.5 Ça'",  # apostrophes and dots, in tokens or not
    "x " * 300 + "Жжж " * 500,  # dense after a start in ASCII longer than the density is first counted in
    "a " * 300 + "Μαΐου " * 100 + "ΰΐ",  # so, with a fold of six bytes
    "a" * 600 + "ΐ" * 2000,  # so, with too many of them for the stream
    "Жжж " * 200 + "x " * 3000,  # dense at the start only
])
def test_dense_non_ascii_words_match(text):
    """Text where most code points are non-ASCII hashes its words from one stream of fold bytes."""
    _same_everywhere(text, fallbacks_allowed=False)


def test_every_folding_character_tokenises_as_the_reference():
    """Each code point below 65,536 that case folding or NFKC changes, among letters, digits,
    apostrophes and dots: one text, so a single compiled and a single reference call."""
    contexts = ("a{}b", "{}", "1{}2", "{}'s", "x’{}", "{}.5", "5.{}", "{}{}")
    text = " ".join(c.format(*[ch] * c.count("{}")) for ch in FOLDING_CHARACTERS for c in contexts)
    _same_everywhere(text, fallbacks_allowed=True)


def test_table_nfkc_forms_do_not_depend_on_the_neighbours():
    """What the tables fold one code point at a time normalises the same beside anything
    NFKC-stable or folded alike (else NFKC of the whole text would differ)."""
    t = chars.tables()
    folded = [ch for ch in FOLDING_CHARACTERS if not t["classes"][ord(ch)] & chars.NFKC_FLAG
              and unicodedata.normalize("NFKC", ch) != ch]
    assert len(folded) > 2000 and "ﬁ" in folded and "Ａ" in folded and "²" in folded
    neighbours = ["a", "e", "\u1100", "\u3131", "\uac00", "\u0627", "1", " "] + folded[::97]
    nfkc = functools.partial(unicodedata.normalize, "NFKC")
    for ch in folded:
        for p in neighbours:
            assert nfkc(p + ch) == nfkc(p) + nfkc(ch) and nfkc(ch + p) == nfkc(ch) + nfkc(p), (p, ch)


# -- scripts without spaces: each letter a token of its own, compiled -----------

# Han, kana (half-width and full-width too), a circled and a compatibility ideograph, Thai letters with
# no mark after them, beside Latin, Cyrillic, full-width letters and digits, apostrophes, dots, commas.
_SOLO_LETTERS = list("北京东京政府表示計画はをタワーｱｲ㊀豈⼀กาไทย")
_SOLO_NEIGHBOURS = list("abZ19'’.,-。、 \néÉßЖＡ１") + ["ﬁ", "x’s"]
solo_text = st.lists(st.sampled_from(_SOLO_LETTERS + _SOLO_NEIGHBOURS), max_size=50).map("".join)
# And what still leaves the fast path: marks after solo letters (Thai vowel signs, the kana voicing mark,
# its half-width form), other marks, an ideograph past 65,536, a fold into several tokens.
_SOLO_HARD = ["\u0e31", "\u0e48", "\u3099", "ｶﾞ", "e\u0301", "\U00020000", "½", "ΐ"]


@given(solo_text)
@example("北")
@example("北京")
@example("北'x x'北 北’s 1.北 北.1 1,北 北,1 1北2 a北b 北-京")
@example("ｱ豈㊀⼀ Ａ北１")
@example("x" * 40 + "北" + "x" * 40)
def test_solo_letters_stay_compiled_and_match(text):
    """Each solo letter a token of its own, however it meets the characters beside it: the same
    spans and hashes as the reference, with nothing handed to it."""
    _same_everywhere(text, fallbacks_allowed=False)


@given(st.lists(st.one_of(solo_text, st.sampled_from(_SOLO_HARD)), max_size=8),
       st.sampled_from(["", " ", "\n"]))
@example(["北", "\u0e31"], "")
@example(["ภาษาไทย", "\u0e31", "北京"], " ")
def test_solo_letters_with_marks_match(parts, sep):
    """A solo letter with a mark after it, among others: its segment goes to the reference, the rest
    stays compiled, and the whole is the reference's."""
    _same_everywhere(sep.join(parts), fallbacks_allowed=True)


@pytest.mark.parametrize("text", [
    "政府は月曜日、新しい計画を発表した。" * 40,  # dense: the stream of fold bytes
    "x " * 300 + "北京 " * 500,  # dense after an ASCII start longer than the prefix counted first
    "Paris " * 100 + "北京" + " London" * 100,  # a few in English: hashed one code point at a time
    "北" * 50 + "ΐ" * 3 + " ΐ北",  # folds of six bytes among them: the slow way
    "a" * 600 + "北ΐ" * 800,  # so, after an ASCII start
    "北京 " * 200 + "x " * 3000,  # dense at the start only
    "北京 " * 10 + " ".join("Ж" * n + "北" + "x" * n for n in range(1, 30)),  # words of every length beside them
])
def test_solo_letters_in_each_path_match(text):
    _same_everywhere(text, fallbacks_allowed=False)


@pytest.mark.parametrize("long_text", [5, 64])
def test_solo_letters_in_pieces_match_one_pass(monkeypatch, long_text):
    """A long text is cut before an ideograph: its pieces' tokens and spans are the whole text's."""
    text = "北京欢迎你。東京タワー x'北 1.5北 " * 20
    monkeypatch.setattr(_fast, "LONG_TEXT", long_text)
    _same_everywhere(text, fallbacks_allowed=False)
