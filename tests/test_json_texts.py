"""Texts held as JSON string literals: :class:`JsonTexts`, :func:`json_text_lengths`, and signing them.

The compiled lengths must be the reference's (``json.loads`` of the strict
UTF-8 decoding) bit for bit, on literals of any text and on broken ones; a
``JsonTexts`` must behave as the list of its decoded texts; and signing it on
either engine must give the bits of signing those decoded texts.
"""

import json

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from support.strategies import awkward

from simcompare import _core
from simcompare._core import JsonTexts, _fast, json_text_lengths, sign_size, sign_texts, sign_with_anchors, text_size
from simcompare.errors import ParameterError
from simcompare.params import SignatureParams

# Any code point, lone surrogates, controls and astral ones included; some
# CJK and emoji, which ensure_ascii writes as (pairs of) escapes.
ANY_TEXT = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(list("北京欢迎你😀🇰\ud800\udc00\"\\/\x00\x1f\x7f"))),
    max_size=80,
)


def _layout(literals, pad_before=b"", pad_after=b""):
    """``literals`` one a line after ``pad_before``, and where each lies."""
    sizes = np.array([len(lit) + 1 for lit in literals], dtype=np.int64)
    ends = np.cumsum(sizes) - 1 + len(pad_before)
    return pad_before + b"\n".join(literals) + b"\n" + pad_after, ends - (sizes - 1), ends


def _dumped(text, ensure_ascii):
    return json.dumps(text, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")


def both_lengths(literals, pad_after=b""):
    """The lengths by both engines, checked equal (each literal once at the end of the data too)."""
    data, starts, ends = _layout(literals, b"[", pad_after)
    fast = json_text_lengths(data, starts, ends, engine="fast")
    reference = json_text_lengths(data, starts, ends, engine="reference")
    assert fast.tolist() == reference.tolist()
    for lit, length in zip(literals, reference.tolist()):  # no vector to read past the data's end
        alone = json_text_lengths(lit, np.array([0]), np.array([len(lit)]), engine="fast")
        assert alone.tolist() == [length], lit
    return reference


@given(st.lists(ANY_TEXT, max_size=6), st.booleans())
@example(["\ud83d\ude00 pair", "\ud800\ud800 highs", "\udc00\ud800 low high", "\ud800"], True)
@example(["x" * 31 + "é", "y" * 32 + "\n" + "z" * 40, ""], False)
def test_lengths_of_dumped_texts_match_the_reference(texts, ensure_ascii):
    literals = [_dumped(t, ensure_ascii) for t in texts]
    lengths = both_lengths(literals, pad_after=b" " * 40)
    for text, length in zip(texts, lengths.tolist()):
        has_surrogate = any(0xD800 <= ord(c) < 0xE000 for c in text)
        # ensure_ascii writes a high and a low surrogate as two escapes, which json.loads joins into one
        assert length == (-1 if has_surrogate and not ensure_ascii else len(json.loads(json.dumps(text))))


# Pieces of literals, valid and not: every class of UTF-8 error, escapes good and bad, quotes, controls.
PIECES = [b"a", b"plain text ", b"x" * 33, b'\\"', b"\\\\", b"\\/", b"\\b\\f\\n\\r\\t", b"\\u00e9", b"\\u4E2D",
          b"\\ud83d\\ude00", b"\\ud800", b"\\udc00", b"\\ud800\\u0041", b"\\uDBFF\\uDFFF", b"\\u", b"\\u12",
          b"\\u12g4", b"\\x41", b"\\", b"\\a", b'"', b"\x00", b"\x1f", b"\x7f", b"\xc3\xa9", b"\xe2\x80\x99",
          b"\xf0\x9f\x98\x80", b"\xf4\x8f\xbf\xbf", b"\xc0\xaf", b"\xc1\xbf", b"\xe0\x80\xaf", b"\xe0\x9f\xbf",
          b"\xf0\x80\x80\xaf", b"\xf0\x8f\xbf\xbf", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80",
          b"\xf5\x80\x80\x80", b"\xff", b"\x80", b"\xbf", b"\xc3", b"\xe2\x80", b"\xf0\x9f\x98", b"\xc3(",
          b"\xe2(\xa1", b"\xef\xbb\xbf"]


@pytest.mark.parametrize("piece", PIECES)
def test_each_piece_alone_and_amid_plain_text_matches_the_reference(piece):
    plain = b"x" * 40
    both_lengths([b'"' + piece + b'"', b'"' + plain + piece + b'"', b'"' + piece + plain + b'"'], b" " * 40)


@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map(b"".join), max_size=6),
       st.sampled_from([b"", b" " * 40]))
def test_lengths_of_pieced_literals_match_the_reference(bodies, pad_after):
    both_lengths([b'"' + body + b'"' for body in bodies], pad_after)


@given(st.binary(max_size=40), st.binary(max_size=3), st.integers(0, 60))
def test_lengths_of_mutated_literals_match_the_reference(body, inserted, at):
    literal = _dumped("Kim Jong-un’s \"visit\" to 北京 😀\n" + body.decode("latin-1"), False)
    at = min(at, len(literal))
    both_lengths([literal, literal[:at] + inserted + literal[at:]])


@pytest.mark.parametrize("literal", [
    b"", b'"', b'"unterminated', b'unopened"', b'"\\"', b'"a"b"', b'"a" ', b' "a"', b"null", b"42", b"{}",
    b'{"a": 1}', b'["a"]', b'"a""b"', b'"\\ud800\\u"', b'"\\ud800\\uzzzz"', b'"\\ud800\\u00"', b'"\\U00e9"',
    b'"\xef\xbb\xbf"', b'\xef\xbb\xbf"bom"', b'"\xed\xa0\x80\xed\xb0\x80"', b'"tab\tinside"', b'"nl\ninside"',
])
def test_slices_that_are_not_one_valid_literal(literal):
    lengths = both_lengths([literal])
    valid = {b'"\xef\xbb\xbf"': 1}  # a BOM inside a string is just a character
    assert lengths.tolist() == [valid.get(literal, -1)]


def test_lengths_check_their_arguments():
    for starts, ends in [(np.array([0]), np.array([5])), (np.array([-1]), np.array([2])),
                         (np.array([2]), np.array([1])), (np.array([0, 1]), np.array([2])),
                         (np.array([0.0]), np.array([2.0])), (np.array([[0]]), np.array([[2]]))]:
        with pytest.raises(ParameterError, match="got"):
            json_text_lengths(b'"ab"', starts, ends)
    with pytest.raises(ParameterError, match="bytes-like, got str"):
        json_text_lengths('"ab"', np.array([0]), np.array([4]))
    empty = json_text_lengths(b"", np.empty(0, np.int64), np.empty(0, np.int64), engine="fast")
    assert empty.dtype == np.int64 and empty.shape == (0,)


def make(texts, ensure_ascii=True, pad=b"{"):
    """``texts`` as a JsonTexts over one block, lengths by the compiled kernel."""
    data, starts, ends = _layout([_dumped(t, ensure_ascii) for t in texts], pad)
    lengths = json_text_lengths(data, starts, ends, engine="fast")
    assert (lengths >= 0).all()
    return JsonTexts(data, starts, ends, lengths)


# In batches of three (BATCH_DOCS = 3) the code units widen part way: from bytes to 16 bits in the second
# batch, to 32 bits in the third, in two steps in the fifth.
TEXTS = ["The Worker's Party paid 516,000", "caf\u00e9 \u00a310", "\n\t\"\\/" * 20,
         "nul\x00inside", "Ａ full-width ＡＢＣ", "cafe\u0301 e\u0301",
         "", "x" * 300, "emoji 😀🇰🇵 here",
         "北京欢迎你 東京", "lone \ud800 and \udfff", "The Worker’s Party",
         "plain", "北京", "😀"]


@given(st.lists(ANY_TEXT, max_size=8), st.booleans())
def test_a_json_texts_is_the_list_of_its_decoded_texts(texts, ensure_ascii):
    if not ensure_ascii:
        texts = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]  # UTF-8 holds no lone surrogate
    jt = make(texts, ensure_ascii)
    assert len(jt) == len(texts) and jt.decoded() == texts and list(jt) == texts
    assert [jt[i] for i in range(len(texts))] == texts and jt.lengths.tolist() == [len(t) for t in texts]
    assert jt[1:-1].decoded() == texts[1:-1] and jt[::2].decoded() == texts[::2]


def test_indexing_slicing_and_joining():
    jt = make(TEXTS)
    assert jt[-1] == TEXTS[-1] and jt[10] == TEXTS[10]
    with pytest.raises(IndexError):
        jt[len(TEXTS)]
    part = jt[2:5]
    assert isinstance(part, JsonTexts) and np.shares_memory(part.data, jt.data) and list(part) == TEXTS[2:5]
    assert json.loads(jt.literal(3)) == TEXTS[3]
    joined = JsonTexts.joined([jt[5:], make(["tail"], False), jt[:0], jt[:2]])
    assert list(joined) == TEXTS[5:] + ["tail"] + TEXTS[:2]
    assert joined.starts[0] == 0 and len(joined.data) < len(jt.data) + 20
    assert len(JsonTexts.joined([])) == 0 and JsonTexts.joined([]).decoded() == []
    with pytest.raises(ParameterError, match="got list"):
        JsonTexts.joined([["a"]])
    assert f"{len(TEXTS)} texts" in repr(jt) and jt.data.flags.writeable is False


@pytest.mark.parametrize("change, message", [
    (lambda d, s, e, n: ("text", s, e, n), "bytes-like, got str"),
    (lambda d, s, e, n: (d, s.astype(np.int32), e, n), "int64 array, got a 1-D int32"),
    (lambda d, s, e, n: (d, s, e[:-1], n), "one entry per text"),
    (lambda d, s, e, n: (d, s, e, n.reshape(1, -1)), "got a 2-D int64"),
    (lambda d, s, e, n: (d, s, e + len(d), n), "must lie in data"),
    (lambda d, s, e, n: (d, s, s + 1, n * 0), "at least 2 bytes"),
    (lambda d, s, e, n: (d, s, e, n - 5), "length from 0"),
    (lambda d, s, e, n: (d, s, e, n + 1000), "length from 0"),
    (lambda d, s, e, n: (np.zeros((2, 2), np.uint8), s, e, n), "1-D uint8"),
])
def test_bad_constructor_arguments_are_parameter_errors(change, message):
    jt = make(["ab", "c"])
    with pytest.raises(ParameterError, match=message):
        JsonTexts(*change(jt.data.tobytes(), jt.starts, jt.ends, jt.lengths))


def test_sizes_count_the_lengths():
    jt = make(TEXTS)
    params = SignatureParams(shingle_kind="char")
    assert text_size(jt) == text_size(TEXTS) and sign_size(jt, params) == sign_size(TEXTS, params)


PARAMS = [SignatureParams(num_perm=32), SignatureParams(num_perm=16, shingle_kind="char", shingle_size=3),
          SignatureParams(num_perm=8, scheme="kperm", shingle_size=2)]


def _same(a, b):
    return all(x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y) for x, y in zip(a, b))


def _check_signing(jt, texts, params, workers=1, ignore=None):
    want = sign_texts(texts, params, engine="reference", ignore=ignore)
    _core.reset_engine_counts()
    got = sign_texts(jt, params, engine="fast", workers=workers, ignore=ignore)
    counts = _core.engine_counts()["sign_texts"]
    assert (counts["compiled"], counts["reference"]) == (1, 0)
    assert _same(got, want)
    assert _same(sign_texts(texts, params, engine="fast", workers=workers, ignore=ignore), want)
    assert _same(sign_texts(jt, params, engine="reference", ignore=ignore), want)


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: f"{p.scheme}-{p.shingle_kind}")
@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_signing_a_json_texts_gives_the_bits_of_its_decoded_texts(params, workers, ensure_ascii, monkeypatch):
    monkeypatch.setattr(_fast, "BATCH_DOCS", 3)  # several batches, some widened part way (ASCII, then CJK, emoji)
    texts = TEXTS if ensure_ascii else [t for t in TEXTS if "\ud800" not in t]
    jt = make(texts, ensure_ascii)
    ignore = _core.shingle_sets([TEXTS[0]], 5, engine="reference")[0][:3] if params.shingle_kind == "word" else None
    _check_signing(jt, jt.decoded(), params, workers, ignore)


@given(st.lists(awkward, max_size=5))
def test_signing_random_json_texts_matches(texts):
    texts = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]
    jt = make(texts, False)
    want = sign_texts(texts, PARAMS[0], engine="fast")
    assert _same(sign_texts(jt, PARAMS[0], engine="fast"), want)


def test_long_texts_in_a_json_texts_are_signed_in_pieces(monkeypatch):
    monkeypatch.setattr(_fast, "LONG_TEXT", 50)
    texts = ["short one", "a long text " * 30, "北京欢迎你 " * 40 + "e\u0301", ""]
    jt = make(texts)
    for params in PARAMS:
        _check_signing(jt, texts, params, workers=2)


def test_anchors_of_a_json_texts_are_those_of_its_texts(monkeypatch):
    monkeypatch.setattr(_fast, "LONG_TEXT", 50)
    texts = TEXTS + ["a long text about the economy " * 5]  # signed in pieces: its anchors come later
    got = sign_with_anchors(make(texts), PARAMS[0], anchor_bits=2, engine="fast")
    assert _same(got, sign_with_anchors(texts, PARAMS[0], anchor_bits=2, engine="reference"))


def test_a_literal_that_disagrees_with_its_length_is_refused():
    data, starts, ends = _layout([b'"abc"', b'"d\\u00e9"', b'"\\x"'])
    for lengths in ([2, 2, 1], [3, 3, 1], [3, 2, 1]):
        jt = JsonTexts(data, starts, ends, np.array(lengths))
        with pytest.raises(ParameterError, match="expected a JSON string literal of"):
            sign_texts(jt, PARAMS[0], engine="fast")


@pytest.mark.parametrize("workers", [1, 2])
def test_shingle_kernels_take_a_json_texts_as_its_texts(workers, monkeypatch):
    monkeypatch.setattr(_fast, "BATCH_DOCS", 3)
    monkeypatch.setattr(_fast, "LONG_TEXT", 200)  # "x" * 300 is long
    texts = TEXTS + TEXTS[:4]
    jt = make(texts)
    a, b = np.arange(len(texts) - 1), np.arange(1, len(texts))
    for engine in ("fast", "reference"):
        assert _same(_core.shingle_sets(jt, 2, engine=engine), _core.shingle_sets(texts, 2, engine="reference"))
        assert _same(_core.shingle_sets(jt, 1, top_zero_bits=1, engine=engine),
                     _core.shingle_sets(texts, 1, top_zero_bits=1, engine="reference"))
        assert _same([_core.frequent_shingles(jt, 2, 2, workers=workers, engine=engine)],
                     [_core.frequent_shingles(texts, 2, 2, engine="reference")])
        assert _same(_core.shingle_overlaps(jt, 2, a, b, workers=workers, engine=engine),
                     _core.shingle_overlaps(texts, 2, a, b, engine="reference"))


def test_arrays_of_positions_pick_texts():
    jt = make(TEXTS)
    assert jt[np.array([3, 0, 3])].decoded() == [TEXTS[3], TEXTS[0], TEXTS[3]]
    assert jt[np.arange(len(TEXTS)) % 2 == 0].decoded() == TEXTS[::2] and list(jt[[1]]) == [TEXTS[1]]
    with pytest.raises(TypeError, match="float64"):
        jt[np.array([0.5])]
